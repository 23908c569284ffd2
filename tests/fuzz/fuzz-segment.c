// SPDX-License-Identifier: MIT
/*
 * Fuzz target: sentence segmentation of arbitrary text in every language
 * that has rules (the first byte picks one). Sentences must lie inside
 * the text, in order, without overlap.
 */
#include "internal.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static const char *const langs[] = { "en", "fr", "de", "es", "it", "pt",
					     "nl", "ru", "uk", "pl", "el", "ar",
					     "zh", "ja", "hy", "" };
	aln_sentence *s;
	size_t n, i;

	if (size < 1)
		return 0;
	if (aln_segment_text(&s, &n, (const char *)data + 1, size - 1,
			     langs[data[0] % ALN_ARRAY_SIZE(langs)]) < 0)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i].start > s[i].end || s[i].end > size - 1 ||
		    (i && s[i].start < s[i - 1].end))
			abort();
	aln_free(s);
	return 0;
}
