/* SPDX-License-Identifier: MIT */
/*
 * Internal to the exchange readers (TMX, TSV, JSONL): a unit builder that
 * collects the strings of one unit in a single buffer and hands out an
 * aln_unit pointing into it, and helpers the readers share (language
 * cache, dates, NFC, escaping). Nothing here is installed.
 */
#ifndef ALN_TMX_UNIT_H
#define ALN_TMX_UNIT_H

#include "buf.h"
#include "internal.h"

#include <stdint.h>

#define TMX_NOSTR SIZE_MAX

struct tmx_bprop {
	size_t type, value, lang; /* offsets into strings, or TMX_NOSTR */
	long owner;		  /* -1: the unit; else a variant index */
};

struct tmx_bvar {
	size_t lang, text, markup, document;
	long position;
};

typedef struct tmx_builder {
	aln_buf strings; /* every string of the unit, NUL-separated */
	struct tmx_bprop *props;
	size_t nprops, cprops;
	struct tmx_bvar *vars;
	size_t nvars, cvars;
	size_t tuid, srclang, created, changed, tool;
	double confidence;
	aln_variant *ovars;
	size_t covars;
	aln_prop *oprops;
	size_t coprops;
	aln_unit unit;
} tmx_builder;

/* Empties the builder for the next unit; keeps its allocations. */
void tmx_builder_reset(tmx_builder *b);
void tmx_builder_free(tmx_builder *b);

/*
 * Copies len bytes into the unit's strings and sets *off to where they
 * are. Returns 0 or ALN_ENOMEM.
 */
int tmx_builder_str(tmx_builder *b, size_t *off, const char *s, size_t len);

/* Adds a prop (type NULL for a note) of the unit (owner -1) or a variant. */
int tmx_builder_prop(tmx_builder *b, long owner, const char *type,
		     const char *value, size_t value_len, const char *lang);

/*
 * Adds a variant; lang must be canonical already. markup may be NULL.
 * Sets *index to the variant's index.
 */
int tmx_builder_variant(tmx_builder *b, size_t *index, const char *lang,
			const char *text, size_t text_len, const char *markup,
			size_t markup_len);

/*
 * Builds the aln_unit, valid until the next reset. Props come grouped:
 * the unit's, then each variant's in variant order.
 */
int tmx_builder_finish(tmx_builder *b, const aln_unit **out);

/*
 * A small cache in front of aln_lang_canonical(), which is slow through
 * ICU and called for every variant.
 */
typedef struct tmx_lang_cache {
	struct {
		char raw[ALN_LANG_MAX];
		char canon[ALN_LANG_MAX];
	} e[32];
	unsigned int n, next;
} tmx_lang_cache;

/* Canonicalises tag through the cache; returns as aln_lang_canonical. */
int tmx_lang(tmx_lang_cache *c, char out[ALN_LANG_MAX], const char *tag);

/*
 * Whether s is a TMX date (YYYYMMDDThhmmssZ with plausible fields).
 */
bool tmx_date_valid(const char *s);

/*
 * Puts into out the NFC form of s (len bytes of UTF-8). ASCII is copied
 * as it is. Returns 0, ALN_EENCODING or ALN_ENOMEM.
 */
int tmx_nfc(aln_buf *out, const char *s, size_t len);

/*
 * Appends s escaped for XML text (attr 0) or an attribute value (attr 1):
 * & < > always; " \t \n \r in attributes; \r in text, so that parsing
 * gives back exactly s.
 */
int tmx_escape(aln_buf *out, const char *s, size_t len, int attr);

/* The names of the props that carry alinea's own fields. */
#define TMX_PROP_CONFIDENCE "x-alinea-confidence"
#define TMX_PROP_DOCUMENT "x-alinea-document"
#define TMX_PROP_POSITION "x-alinea-position"

#endif
