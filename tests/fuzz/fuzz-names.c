// SPDX-License-Identifier: MIT
/*
 * Fuzz target: the names module on arbitrary bytes. Forms, keys and name
 * spans must come back or fail cleanly (invalid UTF-8 is refused), forms
 * must be non-empty and of a requested language, and spans must lie
 * inside the text, in order and without overlap.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static const char *const langs[] = { "en", "fr", "de", "ru",
					     "zh", "es", "uk" };
	const char *text = (const char *)data;
	const char *lang = langs[size % ALN_ARRAY_SIZE(langs)];
	aln_names_options o = ALN_NAMES_OPTIONS_INIT;
	aln_name_form *f;
	aln_name_span *sp;
	size_t n, i, j;
	char *key;

	/* Names are short; the rules' cost grows with the name. */
	if (size > 512)
		size = 512;
	o.langs = langs;
	o.nlangs = ALN_ARRAY_SIZE(langs);
	if (aln_names_rules(&f, &n, text, size, &o) == 0) {
		for (i = 0; i < n; i++) {
			int known = 0;

			if (!f[i].text || !f[i].text[0])
				abort();
			for (j = 0; j < ALN_ARRAY_SIZE(langs); j++)
				known |= !strcmp(f[i].lang, langs[j]);
			if (!known)
				abort();
		}
		aln_name_forms_free(f, n);
	}
	if (aln_names_key(&key, text, size, lang) == 0)
		aln_free(key);
	if (aln_names_find(&sp, &n, text, size, lang) == 0) {
		for (i = 0; i < n; i++)
			if (sp[i].start >= sp[i].end || sp[i].end > size ||
			    (i && sp[i].start < sp[i - 1].end))
				abort();
		aln_free(sp);
	}
	return 0;
}
