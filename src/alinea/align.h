/* SPDX-License-Identifier: MIT */
/*
 * Sentence alignment. Given the versions of a text in two or more
 * languages, each already split into sentences, aln_align() pairs the
 * sentences that translate each other and says how sure it is of each
 * link. Two versions are aligned by dynamic programming over beads
 * (0-1 1-0 1-1 1-2 2-1 2-2 1-3 3-1) whose cost mixes a length model
 * estimated on the pair and lexical evidence (numbers, names, cognates,
 * names across scripts, punctuation, bilingual dictionaries and word
 * pairs learned from the input itself); the search runs coarse to fine,
 * so time and memory grow linearly with the documents. Three or more
 * versions are each aligned to a pivot and merged into N-way beads.
 */
#ifndef ALINEA_ALIGN_H
#define ALINEA_ALIGN_H

#include "alinea/common.h"

ALN_BEGIN_DECLS

/* One sentence of one version; the text is borrowed for the call. */
typedef struct aln_align_sentence {
	const char *text; /* UTF-8, need not be NUL-terminated */
	size_t len;	  /* bytes */
	size_t paragraph; /* paragraph number, non-decreasing */
} aln_align_sentence;

/* One language version: its language and its sentences, in order. */
typedef struct aln_align_text {
	const char *lang; /* BCP 47 tag ("fr", "zh-Hans") */
	const aln_align_sentence *sentences;
	size_t count;
} aln_align_text;

/* A run of sentences [begin, end) of one version; empty when equal. */
typedef struct aln_align_span {
	size_t begin;
	size_t end;
} aln_align_span;

/*
 * The result: nbeads beads in document order; bead b covers, in version
 * t, the sentences spans[b * ntexts + t]. Every sentence of every
 * version is in exactly one bead and no two beads cross. confidence[b]
 * is in [0, 1]: the calibrated probability that the bead is exactly
 * right (see align/README.md for how it is fitted and what thresholds
 * give).
 */
typedef struct aln_alignment {
	size_t ntexts;
	size_t nbeads;
	aln_align_span *spans;
	double *confidence;
} aln_alignment;

/* Word pairs the caller already knows (from a memory): src → tgt. */
typedef struct aln_align_word_pair {
	const char *src_lang;
	const char *src;
	const char *tgt_lang;
	const char *tgt;
} aln_align_word_pair;

enum {
	/* Do not load FreeDict dictionaries. */
	ALN_ALIGN_NO_DICTIONARY = 1 << 0,
	/* Do not learn word pairs from a first pass (one pass only). */
	ALN_ALIGN_NO_LEARNING = 1 << 1,
	/* Use the length model only (no lexical evidence at all). */
	ALN_ALIGN_LENGTH_ONLY = 1 << 2,
};

/*
 * Progress: called now and then with the work done and the total (in
 * arbitrary units). Return 0 to go on, non-zero to stop (aln_align then
 * fails with ALN_ECANCELLED).
 */
typedef int (*aln_align_progress_cb)(unsigned long long done,
				     unsigned long long total, void *data);

typedef struct aln_align_options {
	unsigned int version; /* ALN_ALIGN_OPTIONS_VERSION */
	unsigned int flags;   /* ALN_ALIGN_* */
	size_t pivot;	      /* the version the others are aligned to */
	/*
	 * Where the FreeDict dictd files are (freedict-fra-eng.index and
	 * .dict.dz); NULL for /usr/share/dictd, or $ALINEA_DICTDIR when set.
	 */
	const char *dict_dir;
	const aln_align_word_pair *pairs; /* known word pairs, or NULL */
	size_t npairs;
	aln_align_progress_cb progress;
	void *progress_data;
} aln_align_options;

#define ALN_ALIGN_OPTIONS_VERSION 1
#define ALN_ALIGN_OPTIONS_INIT                                                 \
	{                                                                      \
		ALN_ALIGN_OPTIONS_VERSION, 0, 0, NULL, NULL, 0, NULL, NULL     \
	}

/*
 * Aligns ntexts (>= 2) versions of a text. opts may be NULL for the
 * defaults. On success *out holds the alignment, owned by the caller
 * (aln_alignment_free()). Fails with ALN_EINVAL (fewer than two texts, a
 * bad pivot or option version, a NULL sentence text), ALN_EENCODING
 * (invalid UTF-8; the error says which text and sentence), ALN_ENOMEM or
 * ALN_ECANCELLED; *out is then NULL. A version with no sentences is
 * allowed: every sentence of the others is then unmatched.
 */
ALN_EXTERN int aln_align(aln_alignment **out, const aln_align_text *texts,
			 size_t ntexts, const aln_align_options *opts);

/* Frees an alignment; accepts NULL. */
ALN_EXTERN void aln_alignment_free(aln_alignment *a);

/*
 * Which FreeDict dictionaries aln_align would use for the pair src → tgt
 * (BCP 47 tags) in dict_dir (NULL as in the options): a static,
 * NUL-terminated description such as "freedict-fra-eng +
 * freedict-eng-fra (reversed)" written into buf (size bytes), or "" when
 * none is installed. Returns the number of dictionaries found.
 */
ALN_EXTERN int aln_align_dictionaries(char *buf, size_t size, const char *src,
				      const char *tgt, const char *dict_dir);

ALN_END_DECLS

#endif
