// SPDX-License-Identifier: MIT
/*
 * Fuzz target: alignment of random sentence lists. The input is cut at
 * newlines into sentences; a line starting with '|' switches to the next
 * version (up to four), '#' starts a new paragraph. The beads must cover
 * each version's sentences in order, each once, with a confidence in
 * [0, 1]; an empty span only has to lie inside its version.
 */
#include "internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

#define MAX_TEXTS 4
#define MAX_SENT 512

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static const char *const langs[] = { "fr", "en", "zh", "de" };
	static aln_align_sentence sent[MAX_TEXTS][MAX_SENT];
	aln_align_options o = ALN_ALIGN_OPTIONS_INIT;
	aln_align_text texts[MAX_TEXTS];
	const char *p = (const char *)data, *end = p + size;
	size_t nt = 1, para = 0, i, t, next[MAX_TEXTS] = { 0 };
	aln_alignment *a;

	memset(texts, 0, sizeof(texts));
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = (size_t)((nl ? nl : end) - p);

		if (len && *p == '|' && nt < MAX_TEXTS) {
			nt++;
			para = 0;
		} else if (len && *p == '#') {
			para++;
		} else if (texts[nt - 1].count < MAX_SENT) {
			aln_align_sentence *s =
				&sent[nt - 1][texts[nt - 1].count++];

			s->text = p;
			s->len = len;
			s->paragraph = para;
		}
		p = nl ? nl + 1 : end;
	}
	if (nt < 2)
		nt = 2;
	for (t = 0; t < nt; t++) {
		texts[t].lang = langs[t];
		texts[t].sentences = sent[t];
	}
	o.flags = ALN_ALIGN_NO_DICTIONARY;
	if (aln_align(&a, texts, nt, &o) < 0)
		return 0;
	for (i = 0; i < a->nbeads; i++) {
		if (!(a->confidence[i] >= 0.0 && a->confidence[i] <= 1.0))
			abort();
		for (t = 0; t < nt; t++) {
			const aln_align_span *s = &a->spans[i * nt + t];

			if (s->end < s->begin || s->end > texts[t].count)
				abort();
			if (s->begin == s->end)
				continue;
			if (s->begin != next[t])
				abort();
			next[t] = s->end;
		}
	}
	for (t = 0; t < nt; t++)
		if (next[t] != texts[t].count)
			abort();
	aln_alignment_free(a);
	return 0;
}
