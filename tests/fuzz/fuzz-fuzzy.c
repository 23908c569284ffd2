// SPDX-License-Identifier: MIT
/*
 * Fuzz target: fuzzy-match scoring. The input is cut at its first NUL
 * into two sentences; the score must lie in [0, 100], be 100 for a text
 * against itself, and the edit script must walk both token lists to
 * their ends.
 */
#include "internal.h"
#include "../../memory/fuzzy.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	const char *s = (const char *)data;
	const char *nul = memchr(s, '\0', size);
	size_t la = nul ? (size_t)(nul - s) : size / 2;
	const char *b = nul ? nul + 1 : s + la;
	size_t lb = size - (size_t)(b - s);
	struct fz_text ta, tb;
	struct fz_op *ops = NULL;
	size_t nops = 0;
	int score;

	if (aln__fz_prepare(&ta, s, la, "fr") < 0)
		return 0;
	if (aln__fz_prepare(&tb, b, lb, "fr") < 0) {
		aln__fz_free(&ta);
		return 0;
	}
	if (aln__fz_score(&score, &ta, &tb, 0, &ops, &nops) == 0) {
		if (score < 0 || score > 100)
			abort();
		free(ops);
	}
	if (aln__fz_score(&score, &ta, &ta, 0, NULL, NULL) == 0 && score != 100)
		abort();
	aln__fz_free(&ta);
	aln__fz_free(&tb);
	return 0;
}
