/* SPDX-License-Identifier: MIT */
/*
 * The fuzzy scorer's internal interface (memory/fuzzy.c): a text is
 * prepared once into tokens with hashed raw and folded forms, then
 * scored against others with a weighted token edit distance.
 */
#ifndef ALN_MEMORY_FUZZY_H
#define ALN_MEMORY_FUZZY_H

#include "internal.h"

#include <stdint.h>

struct fz_tok {
	size_t start, end; /* byte offsets into the text */
	int kind;	   /* aln_token_kind, or 16 for an inline tag */
	uint64_t raw;	   /* hash of the bytes */
	uint64_t fold;	   /* hash of the case- and accent-folded word */
};

struct fz_text {
	const char *text; /* borrowed */
	size_t len;
	struct fz_tok *tok;
	size_t n;
	size_t words; /* word, number and ideograph tokens */
};

/* One step of the alignment: op is an aln_diff_op; a, b token indexes. */
struct fz_op {
	int op;
	size_t a, b;
};

/* Tokenises text (borrowed: it must outlive t) in language lang. */
int aln__fz_prepare(struct fz_text *t, const char *text, size_t len,
		    const char *lang);
void aln__fz_free(struct fz_text *t);

/*
 * Scores b against a into *score. When the score cannot reach min, *score
 * may be returned as 0 without the full computation. With ops, the
 * alignment (owned by the caller, free()) comes back too.
 */
int aln__fz_score(int *score, const struct fz_text *a, const struct fz_text *b,
		  int min, struct fz_op **ops, size_t *nops);

#endif
