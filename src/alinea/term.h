/* SPDX-License-Identifier: MIT */
/*
 * Terminology: the bilingual concordance (where an expression occurs in
 * the memory and which words of each target sentence translate it), the
 * glossary kept in the memory, and term candidates mined from it.
 * Strings are UTF-8; offsets called "characters" count code points.
 */
#ifndef ALINEA_TERM_H
#define ALINEA_TERM_H

#include "alinea/common.h"

ALN_BEGIN_DECLS

typedef struct aln_memory aln_memory;

/* ---- concordance ---- */

typedef struct aln_concord_options {
	unsigned int version;
	const char *srclang; /* the language the expression is in */
	const char *tgtlang; /* the language of the translations */
	size_t limit;	     /* hits returned (all are counted); 0: all */
	int stem;	     /* match inflected forms (Snowball stemmers) */
} aln_concord_options;

#define ALN_CONCORD_OPTIONS_INIT                                               \
	{                                                                      \
		1, NULL, NULL, 20, 0                                           \
	}

typedef struct aln_concord_hit {
	long long unit;
	const char *source;
	const char *target;
	size_t source_start, source_end; /* the expression, characters */
	/*
	 * The span of target that translates the expression, in
	 * characters and in bytes; start == end when none was found.
	 */
	size_t span_start, span_end;
	size_t span_byte_start, span_byte_end;
	const char *translation; /* the span's text, lower case, or NULL */
	int glossary;		 /* the span is a glossary entry's target */
} aln_concord_hit;

typedef struct aln_concord_translation {
	const char *text; /* lower case */
	size_t count;	  /* hits whose span reads so */
	int glossary;	  /* a glossary entry gives it */
	size_t example;	  /* index of an example hit in hits, or SIZE_MAX */
	long long example_unit;
	const char *example_source, *example_target;
	size_t example_span_start, example_span_end; /* characters */
	/*
	 * How strongly the model ties it to the expression: the largest
	 * association weight (0..1) of its words; breaks ties of count.
	 */
	double weight;
} aln_concord_translation;

typedef struct aln_concord_result {
	const char *query;
	size_t ntranslations; /* glossary first, then most frequent first */
	const aln_concord_translation *translations;
	size_t nhits; /* at most limit: glossary-marked hits first */
	const aln_concord_hit *hits;
	size_t total; /* all hits found */
} aln_concord_result;

/*
 * Finds the units whose source (opts->srclang, or a regional variant of
 * it) holds expr, case- and accent-insensitively on word boundaries
 * (substrings for Chinese, Japanese and other scripts without spaces),
 * and in each the span of the target that translates it: a glossary
 * entry's target when one is there, else the model learned from the
 * memory. First learns the units the lexicon has not seen (a commit
 * learns its own; units added outside a transaction are learned here).
 * On success *out is owned by the caller (aln_concord_result_free()).
 * Fails with ALN_EINVAL (empty expression, missing language),
 * ALN_EUNSUPPORTED (stem for a language without a stemmer), ALN_EDB.
 */
ALN_EXTERN int aln_concord(aln_concord_result **out, aln_memory *mem,
			   const char *expr, const aln_concord_options *opts);
ALN_EXTERN void aln_concord_result_free(aln_concord_result *r);

/*
 * Brings the learned lexicon (word forms and sentence counts per
 * language) up to date with the units stored since the last call;
 * aln_memory_commit() and aln_concord() call it.
 * *learned, when not NULL, receives the number of units read.
 */
ALN_EXTERN int aln_term_learn(aln_memory *mem, long long *learned);

/* ---- the glossary ---- */

typedef struct aln_term_entry {
	long long id; /* the memory's id; 0 for an entry not stored */
	const char *srclang, *source;
	const char *tgtlang, *target;
	const char *note;    /* or NULL */
	const char *domain;  /* subject field, or NULL */
	const char *created; /* "YYYY-MM-DDThh:mm:ssZ", or NULL */
} aln_term_entry;

/* Receives entries; valid during the call. Return 0 or a negative code. */
typedef int (*aln_term_cb)(const aln_term_entry *e, void *data);

/*
 * Adds an entry (languages canonicalised, texts trimmed); *id receives
 * its id when not NULL. Fails with ALN_EINVAL on an empty term or bad
 * language, ALN_EEXISTS when the same pair is already there.
 */
ALN_EXTERN int aln_term_add(aln_memory *mem, const aln_term_entry *e,
			    long long *id);

/* Removes entry id; ALN_ENOTFOUND when there is none. */
ALN_EXTERN int aln_term_remove(aln_memory *mem, long long id);

/*
 * Calls cb for each entry from srclang to tgtlang (either NULL: any; a
 * base language matches its regional variants), by source text.
 */
ALN_EXTERN int aln_term_list(aln_memory *mem, const char *srclang,
			     const char *tgtlang, aln_term_cb cb, void *data);

/*
 * Calls cb for each entry whose source occurs in text (word
 * boundaries, folded), longest first: what lookup and pretranslate
 * show as glossary hits.
 */
ALN_EXTERN int aln_term_find(aln_memory *mem, const char *text,
			     const char *srclang, const char *tgtlang,
			     aln_term_cb cb, void *data);

typedef enum aln_term_format {
	ALN_TERM_TBX = 1, /* TBX-Basic (martif) */
	ALN_TERM_CSV = 2, /* header "<srclang>,<tgtlang>,note,domain" */
} aln_term_format;

/*
 * Imports a glossary file in one transaction: all entries or none. For
 * CSV the header names the two languages; srclang/tgtlang, when given,
 * must agree. For TBX every language pair of each entry is taken, or
 * only srclang -> tgtlang when given. Entries already present are
 * skipped (*skipped). Fails with ALN_EIO, ALN_EFORMAT (with line and
 * column), ALN_EINVAL.
 */
ALN_EXTERN int aln_term_import(aln_memory *mem, const char *path,
			       aln_term_format format, const char *srclang,
			       const char *tgtlang, size_t *imported,
			       size_t *skipped);

/*
 * Writes the entries from srclang to tgtlang (NULL: all) to path,
 * through a temporary file renamed into place; ALN_EEXISTS when path
 * exists and !force. "-" writes to standard output.
 */
ALN_EXTERN int aln_term_export(aln_memory *mem, const char *path,
			       aln_term_format format, const char *srclang,
			       const char *tgtlang, int force,
			       size_t *exported);

/* ---- term candidates ---- */

typedef struct aln_term_extract_options {
	unsigned int version;
	const char *srclang, *tgtlang;
	long long min_count; /* units a pair must share */
} aln_term_extract_options;

#define ALN_TERM_EXTRACT_OPTIONS_INIT                                          \
	{                                                                      \
		1, NULL, NULL, 3                                               \
	}

typedef struct aln_term_candidate {
	const char *source, *target;
	long long count; /* units holding both */
	long long source_count, target_count;
	double score; /* logDice, at most 14 */
	long long example_unit;
	const char *example_source, *example_target;
} aln_term_candidate;

typedef int (*aln_term_candidate_cb)(const aln_term_candidate *c, void *data);

/*
 * Mines candidate term pairs from the memory's units in the two
 * languages and calls cb for each, best first.
 */
ALN_EXTERN int aln_term_extract(aln_memory *mem,
				const aln_term_extract_options *opts,
				aln_term_candidate_cb cb, void *data);

ALN_END_DECLS

#endif
