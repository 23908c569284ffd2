/* SPDX-License-Identifier: MIT */
/*
 * What the files of the text pipeline share inside libalinea and never
 * install: decoding (decode.c), the paragraph sink that extractors feed
 * (read.c), and the HTML, DOCX and ODT extractors (extract.c).
 */
#ifndef ALN_READ_H
#define ALN_READ_H

#include "internal.h"
#include "buf.h"

/*
 * Decodes len bytes at data into UTF-8 appended to out. encoding is the
 * caller's choice or NULL to detect (BOM, valid UTF-8, declared, ICU
 * charset detection); declared is an encoding the content itself names
 * (an HTML meta charset), tried before detection, or NULL. The name of
 * the encoding used is written to name (size bytes). A BOM is dropped.
 * Fails with ALN_EENCODING (offset of the first bad byte recorded,
 * with an --encoding hint), ALN_EUNSUPPORTED (unknown encoding),
 * ALN_EFORMAT (binary data), ALN_ELIMIT or ALN_ENOMEM.
 */
int aln__decode(aln_buf *out, const char *data, size_t len,
		const char *encoding, const char *declared, char *name,
		size_t size, size_t max_size);

/* The offset of the first invalid UTF-8 sequence, or -1 if there is none. */
long long aln__utf8_invalid_at(const char *s, size_t len);

/*
 * Receives the paragraphs an extractor finds, as UTF-8 that may still
 * hold runs of white space, soft hyphens or control characters: the
 * sink cleans and normalises them. Returns 0 or a negative ALN_E* code
 * that stops the extractor.
 */
typedef struct aln__sink aln__sink;
int aln__sink_paragraph(aln__sink *sink, const char *text, size_t len);

/*
 * Extractors: find the paragraphs of an HTML page (already decoded to
 * UTF-8), a DOCX or an ODT package (the raw zip bytes), and hand each
 * to sink. max_size bounds what is unzipped. Fail with ALN_EFORMAT,
 * ALN_ELIMIT, ALN_ENOMEM or the sink's code.
 */
int aln__extract_html(aln__sink *sink, const char *utf8, size_t len);
int aln__extract_docx(aln__sink *sink, const char *zip, size_t len,
		      size_t max_size);
int aln__extract_odt(aln__sink *sink, const char *zip, size_t len,
		     size_t max_size);

/* Whether len bytes at data are a zip holding an entry called name. */
int aln__zip_has(const char *data, size_t len, const char *name);

#endif
