// SPDX-License-Identifier: MIT
/*
 * Reading documents (alinea/document.h): loads the bytes, recognises the
 * format by content (zip packages, HTML markup) before the file name,
 * decodes (decode.c), and turns what the extractors find into the
 * document's text: paragraphs of NFC UTF-8 separated by "\n\n", white
 * space collapsed, soft hyphens and zero-width spaces removed, control
 * characters dropped with a warning. Plain text is cut into paragraphs
 * here (blank lines; single line breaks joined, hyphenation at line ends
 * repaired); HTML, DOCX and ODT are in extract.c.
 */
#include "read.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#define DEFAULT_MAX_SIZE ((size_t)256 << 20)

struct aln_document {
	aln_buf text;
	aln_paragraph *paras;
	size_t npara, cap;
	char encoding[64];
	const char *format;
	char **warnings;
	long long *warning_offsets;
	size_t nwarn;
};

struct aln__sink {
	aln_document *doc;
	aln_buf tmp;
	size_t max_size;
	size_t controls; /* control characters dropped */
};

void aln_document_free(aln_document *doc)
{
	size_t i;

	if (!doc)
		return;
	aln_buf_free(&doc->text);
	free(doc->paras);
	for (i = 0; i < doc->nwarn; i++)
		free(doc->warnings[i]);
	free(doc->warnings);
	free(doc->warning_offsets);
	free(doc);
}

const char *aln_document_text(const aln_document *doc, size_t *len)
{
	if (len)
		*len = doc->text.len;
	return doc->text.ptr ? doc->text.ptr : "";
}

size_t aln_document_paragraph_count(const aln_document *doc)
{
	return doc->npara;
}

const aln_paragraph *aln_document_paragraphs(const aln_document *doc,
					     size_t *count)
{
	if (count)
		*count = doc->npara;
	return doc->paras;
}

const char *aln_document_encoding(const aln_document *doc)
{
	return doc->encoding;
}

const char *aln_document_format(const aln_document *doc)
{
	return doc->format;
}

size_t aln_document_warning_count(const aln_document *doc)
{
	return doc->nwarn;
}

const char *aln_document_warning(const aln_document *doc, size_t i,
				 long long *offset)
{
	if (i >= doc->nwarn)
		return NULL;
	if (offset)
		*offset = doc->warning_offsets[i];
	return doc->warnings[i];
}

static int add_warning(aln_document *doc, long long offset, const char *fmt,
		       ...) ALN_PRINTF(3, 4);

static int add_warning(aln_document *doc, long long offset, const char *fmt,
		       ...)
{
	aln_buf b = ALN_BUF_INIT;
	char **w;
	long long *o;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = aln_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (rc < 0)
		return rc;
	w = aln__reallocarray(doc->warnings, doc->nwarn + 1, sizeof(*w));
	if (!w)
		goto oom;
	doc->warnings = w;
	o = aln__reallocarray(doc->warning_offsets, doc->nwarn + 1, sizeof(*o));
	if (!o)
		goto oom;
	doc->warning_offsets = o;
	w[doc->nwarn] = b.ptr;
	o[doc->nwarn] = offset;
	doc->nwarn++;
	return 0;
oom:
	aln_buf_free(&b);
	return ALN_ENOMEM;
}

/* Characters that are not text: dropped without a word. */
static int invisible(UChar32 c)
{
	return c == 0xAD || c == 0x200B || c == 0x2060 || c == 0xFEFF;
}

/* White space that only separates words (NBSP and its kin are kept). */
static int breaking_space(UChar32 c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v' || c == 0x85 || c == 0x2028 || c == 0x2029 ||
	       c == 0x3000 || (c >= 0x2000 && c <= 0x200A && c != 0x2007) ||
	       c == 0x1680 || c == 0x205F;
}

/*
 * NFC-normalises b in place. Text below U+0300 is always NFC, so the
 * common case costs one scan.
 */
static int nfc(aln_buf *b)
{
	UErrorCode st = U_ZERO_ERROR;
	const UNormalizer2 *n2;
	UChar *u = NULL, *v = NULL;
	int32_t ulen, vlen;
	int rc = 0;

	if (b->len > INT32_MAX / 2)
		return aln__error(ALN_ELIMIT, "%s",
				  _("a paragraph is too long to normalise"));
	n2 = unorm2_getNFCInstance(&st);
	u_strFromUTF8(NULL, 0, &ulen, b->ptr, (int32_t)b->len, &st);
	st = U_ZERO_ERROR;
	if (!(u = aln__calloc((size_t)ulen + 1, sizeof(UChar))))
		return ALN_ENOMEM;
	u_strFromUTF8(u, ulen + 1, NULL, b->ptr, (int32_t)b->len, &st);
	if (U_FAILURE(st))
		goto icu;
	if (unorm2_isNormalized(n2, u, ulen, &st) && U_SUCCESS(st))
		goto done;
	st = U_ZERO_ERROR;
	vlen = unorm2_normalize(n2, u, ulen, NULL, 0, &st);
	st = U_ZERO_ERROR;
	if (!(v = aln__calloc((size_t)vlen + 1, sizeof(UChar)))) {
		rc = ALN_ENOMEM;
		goto done;
	}
	unorm2_normalize(n2, u, ulen, v, vlen + 1, &st);
	if (U_FAILURE(st))
		goto icu;
	u_strToUTF8(NULL, 0, &ulen, v, vlen, &st);
	st = U_ZERO_ERROR;
	aln_buf_clear(b);
	if ((rc = aln_buf_grow(b, (size_t)ulen)) < 0)
		goto done;
	u_strToUTF8(b->ptr, ulen + 1, NULL, v, vlen, &st);
	if (U_FAILURE(st))
		goto icu;
	b->len = (size_t)ulen;
	b->ptr[b->len] = '\0';
	goto done;
icu:
	rc = aln__error(ALN_EICU, _("cannot normalise the text: %s"),
			u_errorName(st));
done:
	free(u);
	free(v);
	return rc;
}

/*
 * What the sink does with each byte of valid UTF-8: copy it, copy it and
 * note that NFC may change the paragraph (a lead byte of U+0300 or
 * above), or decode the character (white space, controls, and the lead
 * bytes of the spaces, controls and invisible characters of rows
 * U+0080, U+1680, U+2000, U+3000 and U+FEFF).
 */
enum { COPY = 0, COPY_MARK = 1, DECODE = 2 };

static unsigned char sink_class[256];
static pthread_once_t classes_once = PTHREAD_ONCE_INIT;

static void sink_classes(void)
{
	int b;

	for (b = 0; b < 256; b++)
		sink_class[b] = b <= 0x20 || b == 0x7F	 ? DECODE
				: b == 0xC2 || b == 0xE1 ? DECODE
				: b == 0xE2 || b == 0xE3 ? DECODE
				: b == 0xEF		 ? DECODE
				: b >= 0xCC && b < 0xF8	 ? COPY_MARK
							 : COPY;
}

int aln__sink_paragraph(aln__sink *sink, const char *text, size_t len)
{
	aln_document *doc = sink->doc;
	aln_buf *d = &doc->text;
	size_t i = 0, base, start, o;
	int space = 0, rc, marks = 0;
	char *p;

	/* Cleaned text is never longer: write it straight into the text. */
	if ((rc = aln_buf_grow(d, len + 2)) < 0)
		return rc;
	p = d->ptr;
	base = d->len;
	start = o = base + (doc->npara ? 2 : 0);
	while (i < len) {
		unsigned char b = (unsigned char)text[i];
		UChar32 c;
		size_t j = i;

		unsigned char k = sink_class[b];

		if (k == COPY || k == COPY_MARK) {
			if (space && o > start)
				p[o++] = ' ';
			space = 0;
			marks |= k == COPY_MARK;
			p[o++] = (char)b;
			i++;
			continue;
		}
		if (b == ' ') {
			space = 1;
			i++;
			continue;
		}
		U8_NEXT(text, i, len, c);
		if (c < 0)
			c = 0xFFFD; /* cannot happen: input is valid UTF-8 */
		if (breaking_space(c)) {
			space = 1;
			continue;
		}
		if (invisible(c))
			continue;
		if (c < 0x20 || (c >= 0x7F && c < 0xA0)) {
			sink->controls++;
			continue;
		}
		if (space && o > start)
			p[o++] = ' ';
		space = 0;
		marks |= c >= 0x300;
		memcpy(p + o, text + j, i - j);
		o += i - j;
	}
	if (o == start)
		return 0;
	if (marks) {
		/* Text below U+0300 is always NFC: only this path pays. */
		aln_buf *t = &sink->tmp;

		aln_buf_clear(t);
		if ((rc = aln_buf_put(t, p + start, o - start)) < 0 ||
		    (rc = nfc(t)) < 0)
			return rc;
		if ((rc = aln_buf_grow(d, start - base + t->len)) < 0)
			return rc;
		p = d->ptr;
		memcpy(p + start, t->ptr, t->len);
		o = start + t->len;
	}
	if (o > sink->max_size)
		return aln__error(ALN_ELIMIT,
				  _("the text is larger than %zu bytes"),
				  sink->max_size);
	if (doc->npara == doc->cap) {
		size_t cap = doc->cap ? doc->cap * 2 : 64;
		aln_paragraph *q =
			aln__reallocarray(doc->paras, cap, sizeof(*q));

		if (!q)
			return ALN_ENOMEM;
		doc->paras = q;
		doc->cap = cap;
	}
	if (doc->npara) {
		p[base] = '\n';
		p[base + 1] = '\n';
	}
	d->len = o;
	p[o] = '\0';
	doc->paras[doc->npara].start = start;
	doc->paras[doc->npara].end = o;
	doc->npara++;
	return 0;
}

/*
 * Whether a line break after s[..end) (ending in "letter-") and before
 * line (starting with a lower-case letter) splits a word: then the hyphen
 * goes.
 */
static int hyphenated(const char *s, size_t start, size_t end, const char *line,
		      size_t len)
{
	int32_t i;
	UChar32 c;

	if (end - start < 2 || s[end - 1] != '-' || end - start > INT32_MAX)
		return 0;
	i = (int32_t)(end - start) - 1;
	U8_PREV(s + start, 0, i, c);
	if (c < 0 || !u_isalpha(c))
		return 0;
	i = 0;
	U8_NEXT(line, i, (int32_t)(len > 8 ? 8 : len), c);
	return c >= 0 && u_islower(c);
}

/*
 * Plain text: blank lines end paragraphs (every line with lines). A
 * paragraph goes to the sink straight from the source, line breaks and
 * all (the sink makes them spaces), unless a hyphenated word must be
 * joined: then it is rebuilt in a buffer.
 */
static int extract_text(aln__sink *sink, const char *s, size_t len, int lines)
{
	aln_buf para = ALN_BUF_INIT;
	size_t i = 0, pstart = 0, pend = 0;
	int in_para = 0, buffered = 0, rc = 0;

	while (i < len && rc == 0) {
		const char *nl = memchr(s + i, '\n', len - i), *cr;
		size_t j = nl ? (size_t)(nl - s) : len, next, k;

		/* A lone CR (old Mac files) ends a line too. */
		if ((cr = memchr(s + i, '\r', j - i)))
			j = (size_t)(cr - s);
		next = j;
		if (next < len && s[next] == '\r' && next + 1 < len &&
		    s[next + 1] == '\n')
			next++;
		if (next < len)
			next++;
		/* Trailing blanks of the line do not count. */
		while (j > i && (s[j - 1] == ' ' || s[j - 1] == '\t'))
			j--;
		k = i;
		while (k < j && (s[k] == ' ' || s[k] == '\t'))
			k++;
		if (k == j || memchr(s + i, '\f', j - i)) {
			if (in_para)
				rc = buffered ? aln__sink_paragraph(sink,
								    para.ptr,
								    para.len)
					      : aln__sink_paragraph(
							sink, s + pstart,
							pend - pstart);
			aln_buf_clear(&para);
			in_para = buffered = 0;
		} else if (lines) {
			rc = aln__sink_paragraph(sink, s + k, j - k);
		} else if (!in_para) {
			in_para = 1;
			pstart = k;
			pend = j;
		} else if (!buffered &&
			   !hyphenated(s, pstart, pend, s + k, j - k)) {
			pend = j;
		} else {
			if (!buffered) {
				rc = aln_buf_put(&para, s + pstart,
						 pend - pstart);
				buffered = 1;
			}
			if (rc == 0 &&
			    hyphenated(para.ptr, 0, para.len, s + k, j - k))
				aln_buf_truncate(&para, para.len - 1);
			else if (rc == 0)
				rc = aln_buf_putc(&para, ' ');
			if (rc == 0)
				rc = aln_buf_put(&para, s + k, j - k);
		}
		i = next;
	}
	if (rc == 0 && in_para)
		rc = buffered ? aln__sink_paragraph(sink, para.ptr, para.len)
			      : aln__sink_paragraph(sink, s + pstart,
						    pend - pstart);
	aln_buf_free(&para);
	return rc;
}

/* Case-insensitive search for an ASCII needle in the first n bytes. */
static const char *find_ci(const char *s, size_t n, const char *needle)
{
	size_t m = strlen(needle), i;

	for (i = 0; i + m <= n; i++)
		if (!strncasecmp(s + i, needle, m))
			return s + i;
	return NULL;
}

static int looks_like_html(const char *s, size_t len)
{
	size_t n = len > 2048 ? 2048 : len, i = 0;

	while (i < n &&
	       (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t'))
		i++;
	if (i < n && s[i] != '<')
		return 0;
	return find_ci(s, n, "<html") || find_ci(s, n, "<!doctype html") ||
	       find_ci(s, n, "<body") || find_ci(s, n, "<head") ||
	       find_ci(s, n, "<p>") || find_ci(s, n, "<div");
}

static int isalnum_ascii(char c)
{
	return (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z');
}

/* The charset an HTML page declares in its first bytes, or "". */
static void declared_charset(char *out, size_t size, const char *s, size_t len)
{
	size_t n = len > 4096 ? 4096 : len, k = 0;
	const char *p = find_ci(s, n, "charset=");

	out[0] = '\0';
	if (!p)
		return;
	p += 8;
	while (p < s + n && (*p == '"' || *p == '\'' || *p == ' '))
		p++;
	while (p < s + n && k + 1 < size &&
	       (isalnum_ascii(*p) || *p == '-' || *p == '_' || *p == ':' ||
		*p == '.'))
		out[k++] = *p++;
	out[k] = '\0';
}

static int ends_with(const char *path, const char *ext)
{
	size_t n = strlen(path), m = strlen(ext);

	return n > m && !strcasecmp(path + n - m, ext);
}

static int read_bytes(aln_document *doc, const char *data, size_t len,
		      const aln_read_options *opts, const char *path)
{
	aln__sink sink = { doc, ALN_BUF_INIT, 0, 0 };
	aln_buf dec = ALN_BUF_INIT;
	const char *fmt = opts->format, *src;
	char declared[64] = "";
	size_t srclen;
	int rc;

	sink.max_size = opts->max_size ? opts->max_size : DEFAULT_MAX_SIZE;
	if (len > sink.max_size)
		return aln__error(ALN_ELIMIT,
				  _("the file is larger than %zu bytes"),
				  sink.max_size);
	if (!fmt && len >= 4 && !memcmp(data, "PK\3\4", 4)) {
		if (aln__zip_has(data, len, "word/document.xml"))
			fmt = "docx";
		else if (aln__zip_has(data, len, "content.xml"))
			fmt = "odt";
		else {
			aln__error(ALN_EFORMAT, "%s",
				   _("a zip archive that is neither a DOCX "
				     "nor an ODT document"));
			aln__error_hint("%s", _("alinea reads plain text, "
						"HTML, DOCX and ODT"));
			return ALN_EFORMAT;
		}
	}
	if (fmt && !strcmp(fmt, "docx")) {
		doc->format = "docx";
		snprintf(doc->encoding, sizeof(doc->encoding), "UTF-8");
		rc = aln__extract_docx(&sink, data, len, sink.max_size);
		goto done;
	}
	if (fmt && !strcmp(fmt, "odt")) {
		doc->format = "odt";
		snprintf(doc->encoding, sizeof(doc->encoding), "UTF-8");
		rc = aln__extract_odt(&sink, data, len, sink.max_size);
		goto done;
	}
	if (fmt && strcmp(fmt, "text") && strcmp(fmt, "html")) {
		aln__error(ALN_EUNSUPPORTED, _("unknown format '%s'"), fmt);
		aln__error_hint("%s", _("the formats are text, html, docx "
					"and odt"));
		return ALN_EUNSUPPORTED;
	}
	if (!fmt || !strcmp(fmt, "html"))
		declared_charset(declared, sizeof(declared), data, len);
	if (!opts->encoding && aln__utf8_invalid_at(data, len) < 0 &&
	    !(len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) &&
	    !memchr(data, '\0', len)) {
		/* Valid UTF-8 needs no copy. */
		snprintf(doc->encoding, sizeof(doc->encoding), "UTF-8");
		src = data;
		srclen = len;
	} else {
		rc = aln__decode(&dec, data, len, opts->encoding, declared,
				 doc->encoding, sizeof(doc->encoding),
				 sink.max_size);
		if (rc < 0)
			goto done;
		src = dec.ptr ? dec.ptr : "";
		srclen = dec.len;
	}
	if (srclen + 16 > doc->text.cap) {
		char *big = aln__malloc_big(srclen + 16);

		if (!big) {
			rc = ALN_ENOMEM;
			goto done;
		}
		free(doc->text.ptr);
		doc->text.ptr = big;
		doc->text.ptr[0] = '\0';
		doc->text.len = 0;
		doc->text.cap = srclen + 16;
	}
	if (!fmt)
		fmt = looks_like_html(src, srclen) ||
				      (path && (ends_with(path, ".html") ||
						ends_with(path, ".htm") ||
						ends_with(path, ".xhtml")))
			      ? "html"
			      : "text";
	doc->format = !strcmp(fmt, "html") ? "html" : "text";
	if (!strcmp(fmt, "html"))
		rc = aln__extract_html(&sink, src, srclen);
	else
		rc = extract_text(&sink, src, srclen, opts->lines);
done:
	if (rc == 0 && sink.controls)
		rc = add_warning(doc, -1, _("%zu control characters dropped"),
				 sink.controls);
	aln_buf_free(&sink.tmp);
	aln_buf_free(&dec);
	return rc;
}

static int read_doc(aln_document **out, const void *data, size_t len,
		    const aln_read_options *opts, const char *path)
{
	aln_read_options defaults = ALN_READ_OPTIONS_INIT;
	aln_document *doc;
	int rc;

	*out = NULL;
	pthread_once(&classes_once, sink_classes);
	if (!opts)
		opts = &defaults;
	if (!(doc = aln__calloc(1, sizeof(*doc))))
		return ALN_ENOMEM;
	doc->format = "text";
	rc = read_bytes(doc, data ? data : "", len, opts, path);
	if (rc < 0) {
		aln_document_free(doc);
		return rc;
	}
	*out = doc;
	return 0;
}

int aln_document_read_memory(aln_document **out, const void *data, size_t len,
			     const aln_read_options *opts)
{
	return read_doc(out, data, len, opts, NULL);
}

int aln_document_read_file(aln_document **out, const char *path,
			   const aln_read_options *opts)
{
	size_t max = opts && opts->max_size ? opts->max_size : DEFAULT_MAX_SIZE;
	int is_stdin = !strcmp(path, "-");
	aln_buf b = ALN_BUF_INIT;
	FILE *f;
	int rc = 0;

	*out = NULL;
	f = is_stdin ? stdin : fopen(path, "rb");
	if (!f) {
		aln__error(ALN_EIO, _("cannot open '%s': %s"), path,
			   strerror(errno));
		return ALN_EIO;
	}
	for (;;) {
		size_t n;

		if ((rc = aln_buf_grow(&b, 1 << 16)) < 0)
			break;
		n = fread(b.ptr + b.len, 1, b.cap - b.len - 1, f);
		b.len += n;
		if (b.len > max) {
			rc = aln__error(ALN_ELIMIT,
					_("the file is larger than %zu bytes"),
					max);
			break;
		}
		if (n == 0) {
			if (ferror(f))
				rc = aln__error(ALN_EIO,
						_("cannot read '%s': %s"), path,
						strerror(errno));
			break;
		}
	}
	if (!is_stdin)
		fclose(f);
	if (rc == 0)
		rc = read_doc(out, b.ptr, b.len, opts, path);
	if (rc < 0) {
		const aln_error *e = aln_error_last();

		if (e && !e->file)
			aln__error_at(is_stdin ? _("standard input") : path,
				      e->line, e->column, e->offset);
	}
	aln_buf_free(&b);
	return rc;
}
