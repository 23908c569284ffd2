// SPDX-License-Identifier: MIT
/*
 * Fuzz target: decoding, charset detection, format detection and
 * paragraph extraction (text, HTML, DOCX, ODT), then segmentation of what
 * came out. The first byte picks a forced format or detection, so zip
 * containers and HTML get fuzzed even when detection would say "text".
 * Paragraphs and sentences must lie inside the decoded text.
 */
#include "internal.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static const char *const formats[] = { NULL, "text", "html", "docx",
					       "odt" };
	aln_read_options o = ALN_READ_OPTIONS_INIT;
	const aln_paragraph *p;
	aln_document *doc;
	aln_sentence *s;
	size_t n, i, len;
	const char *text;

	if (size < 1)
		return 0;
	o.format = formats[data[0] % ALN_ARRAY_SIZE(formats)];
	o.lines = data[0] & 0x80;
	if (aln_document_read_memory(&doc, data + 1, size - 1, &o) < 0)
		return 0;
	text = aln_document_text(doc, &len);
	p = aln_document_paragraphs(doc, &n);
	for (i = 0; i < n; i++)
		if (p[i].start > p[i].end || p[i].end > len)
			abort();
	if (aln_segment_document(&s, &n, doc, "fr") == 0) {
		for (i = 0; i < n; i++)
			if (s[i].start > s[i].end || s[i].end > len)
				abort();
		aln_free(s);
	}
	(void)text;
	aln_document_free(doc);
	return 0;
}
