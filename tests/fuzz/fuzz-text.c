// SPDX-License-Identifier: MIT
/*
 * Fuzz target: word tokenisation, folding and language tags on arbitrary
 * bytes. Invalid UTF-8 must be refused cleanly, valid text must give
 * tokens that lie inside it, in order and without overlap.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static const char *const langs[] = { "en", "fr", "zh", "ja", "ru", "" };
	const char *text = (const char *)data;
	const char *lang = langs[size % ALN_ARRAY_SIZE(langs)];
	char tag[ALN_LANG_MAX], small[32];
	aln_token *t;
	size_t n, i;
	char *folded;

	if (aln_tokenize(&t, &n, text, size, lang) == 0) {
		for (i = 0; i < n; i++) {
			if (t[i].start >= t[i].end || t[i].end > size ||
			    (i && t[i].start < t[i - 1].end))
				abort();
		}
		aln_free(t);
	}
	if (aln_fold(&folded, NULL, text, size,
		     ALN_FOLD_CASE | ALN_FOLD_ACCENTS) == 0)
		aln_free(folded);
	n = size < sizeof(small) - 1 ? size : sizeof(small) - 1;
	memcpy(small, text, n);
	small[n] = '\0';
	if (aln_lang_canonical(tag, sizeof(tag), small) == 0 && !tag[0])
		abort();
	return 0;
}
