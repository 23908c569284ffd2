/* SPDX-License-Identifier: MIT */
/*
 * Documents and sentences. A document is one language version of a text
 * as alinea reads it: decoded to UTF-8 (NFC), cut into paragraphs, with
 * soft hyphens, zero-width spaces and control characters removed. The
 * segmenter cuts a document, or any UTF-8 text, into sentences with ICU
 * and the per-language rules of locales/<lang>/segment.txt. Every offset
 * is a byte offset into the document's text (aln_document_text()), so
 * later modules can always point back to where a sentence came from.
 */
#ifndef ALINEA_DOCUMENT_H
#define ALINEA_DOCUMENT_H

#include "alinea/common.h"

ALN_BEGIN_DECLS

typedef struct aln_document aln_document;

/* How to read a document. */
typedef struct aln_read_options {
	unsigned int version;
	/*
	 * The encoding of a plain-text or HTML file ("windows-1252",
	 * "UTF-16LE", any name iconv knows), or NULL to detect it: a BOM,
	 * else valid UTF-8, else the HTML declared charset, else ICU's
	 * charset detection when it is confident.
	 */
	const char *encoding;
	/* Non-zero: every line of a plain-text file is a paragraph. */
	int lines;
	/* "text", "html", "docx" or "odt"; NULL to recognise the content. */
	const char *format;
	/*
	 * The most bytes a document may hold once decoded or unzipped (a
	 * DOCX entry, say); 0 for the default, 256 MiB. Beyond it reading
	 * fails with ALN_ELIMIT, so a zip bomb costs bounded work.
	 */
	size_t max_size;
} aln_read_options;

#define ALN_READ_OPTIONS_VERSION 1
#define ALN_READ_OPTIONS_INIT                                                  \
	{                                                                      \
		ALN_READ_OPTIONS_VERSION, NULL, 0, NULL, 0                     \
	}

/* One paragraph: a byte range of the document's text. */
typedef struct aln_paragraph {
	size_t start; /* first byte */
	size_t end;   /* just past the last byte */
} aln_paragraph;

/*
 * Reads the document in file path ("-" is standard input) and returns it
 * in *out (free it with aln_document_free()). opts may be NULL for the
 * defaults. Fails with ALN_EIO (cannot read), ALN_EENCODING (bytes that
 * cannot be decoded: the error has the byte offset and a hint),
 * ALN_EFORMAT (a binary file, a corrupt DOCX), ALN_ELIMIT, ALN_ENOMEM;
 * *out is then NULL. The error's file is path.
 */
ALN_EXTERN int aln_document_read_file(aln_document **out, const char *path,
				      const aln_read_options *opts);

/* Like aln_document_read_file() on len bytes at data (copied as needed). */
ALN_EXTERN int aln_document_read_memory(aln_document **out, const void *data,
					size_t len,
					const aln_read_options *opts);

/* Frees a document; accepts NULL. */
ALN_EXTERN void aln_document_free(aln_document *doc);

/*
 * The decoded text: NFC UTF-8, paragraphs separated by "\n\n", no other
 * line break inside. NUL-terminated; *len (when not NULL) gets its
 * length. Borrowed until aln_document_free().
 */
ALN_EXTERN const char *aln_document_text(const aln_document *doc, size_t *len);

/* The number of paragraphs (empty ones are never kept). */
ALN_EXTERN size_t aln_document_paragraph_count(const aln_document *doc);

/*
 * The paragraphs, in order, *count of them (when not NULL); borrowed
 * until aln_document_free().
 */
ALN_EXTERN const aln_paragraph *aln_document_paragraphs(const aln_document *doc,
							size_t *count);

/*
 * The encoding the document was read in ("UTF-8", "windows-1252", ...)
 * and its format ("text", "html", "docx", "odt"); static or borrowed
 * strings.
 */
ALN_EXTERN const char *aln_document_encoding(const aln_document *doc);
ALN_EXTERN const char *aln_document_format(const aln_document *doc);

/*
 * Warnings raised while reading (control characters dropped, ...):
 * aln_document_warning_count() of them; aln_document_warning() returns
 * the i-th, translated, and sets *offset (when not NULL) to the byte
 * offset in the source it concerns, or -1. Borrowed until
 * aln_document_free(); NULL when i is out of range.
 */
ALN_EXTERN size_t aln_document_warning_count(const aln_document *doc);
ALN_EXTERN const char *aln_document_warning(const aln_document *doc, size_t i,
					    long long *offset);

/*
 * One sentence: a byte range of the text it was cut from, without the
 * white space around it, and the index of its paragraph.
 */
typedef struct aln_sentence {
	size_t start;
	size_t end;
	size_t paragraph;
} aln_sentence;

/*
 * Cuts a document into sentences for language lang (a BCP 47 tag; the
 * rules of locales/<lang>/ then of its base language apply, else ICU's
 * own). Every paragraph ends a sentence. On success *out is an array of
 * *count sentences in text order, owned by the caller (aln_free()); a
 * document without text gives *count 0 and *out NULL. Fails with
 * ALN_EINVAL (bad tag), ALN_EICU, ALN_EFORMAT (a broken segment.txt) or
 * ALN_ENOMEM; *out is then NULL.
 */
ALN_EXTERN int aln_segment_document(aln_sentence **out, size_t *count,
				    const aln_document *doc, const char *lang);

/*
 * Cuts len bytes of UTF-8 text into sentences, as
 * aln_segment_document() does. Blank lines (two line breaks with only
 * white space between) separate paragraphs; a single line break is a
 * space, except in languages written without spaces (Chinese, Japanese:
 * the `cjk` rule), where it ends a sentence. Sentences are byte ranges
 * of text as given (no normalisation). Fails also with ALN_EENCODING on
 * invalid UTF-8 (the error has the offset).
 */
ALN_EXTERN int aln_segment_text(aln_sentence **out, size_t *count,
				const char *text, size_t len, const char *lang);

ALN_END_DECLS

#endif
