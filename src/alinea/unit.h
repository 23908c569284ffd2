/* SPDX-License-Identifier: MIT */
/*
 * Translation units as they travel between the aligner, the memory and
 * the exchange formats (TMX, TSV). A unit groups the sentences that
 * translate each other, one variant per language. These structs only
 * describe data: every pointer in them is borrowed from whoever built
 * the unit, for as long as that party says (a callback's duration, the
 * life of an iterator).
 */
#ifndef ALINEA_UNIT_H
#define ALINEA_UNIT_H

#include "alinea/common.h"

ALN_BEGIN_DECLS

/* A free property: TMX <prop type="x-...">value</prop>, or a <note>. */
typedef struct aln_prop {
	const char *type;  /* "x-origin", ...; NULL for a note */
	const char *value; /* UTF-8 */
	const char *lang;  /* xml:lang of the prop or note, or NULL */
} aln_prop;

/* One language version of a unit (TMX <tuv>). */
typedef struct aln_variant {
	const char *lang; /* canonical BCP 47 tag: "fr", "pt-BR" */
	/*
	 * The plain text that matching and search see: NFC, inline codes
	 * removed.
	 */
	const char *text;
	/*
	 * The same content with TMX inline elements kept verbatim (<bpt>,
	 * <ph>, ... serialised as XML, text escaped), or NULL when it has
	 * none: then text, escaped, is the segment.
	 */
	const char *markup;
	const char *document; /* origin: a file path or name, or NULL */
	long position;	      /* sentence index in the document, or -1 */
	size_t nprops;
	const aln_prop *props; /* the tuv's own props and notes */
} aln_variant;

/* A translation unit (TMX <tu>). */
typedef struct aln_unit {
	long long id;	     /* the memory's id, or 0 for a unit not stored */
	const char *tuid;    /* TMX tuid as read, or NULL */
	const char *srclang; /* the source language, or NULL when unknown */
	double confidence;   /* alignment confidence in [0, 1], or -1 */
	const char *created; /* "YYYYMMDDThhmmssZ", or NULL for now */
	const char *changed; /* likewise, or NULL */
	const char *tool;    /* the tool that made it, or NULL */
	size_t nvariants;
	const aln_variant *variants;
	size_t nprops;
	const aln_prop *props; /* the tu's props and notes */
} aln_unit;

/*
 * Receives units one at a time from a reader or the memory. The unit and
 * everything it points to are valid only during the call. Return 0 to go
 * on or a negative ALN_E* code (ALN_ECANCELLED to stop quietly) to stop;
 * the producer then returns that code.
 */
typedef int (*aln_unit_cb)(const aln_unit *unit, void *data);

ALN_END_DECLS

#endif
