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
	size_t i;
	int rc = 0;

	for (i = 0; i < b->len; i++)
		if ((unsigned char)b->ptr[i] >= 0xCC)
			break;
	if (i == b->len)
		return 0;
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

int aln__sink_paragraph(aln__sink *sink, const char *text, size_t len)
{
	aln_document *doc = sink->doc;
	aln_buf *t = &sink->tmp;
	size_t i = 0, start;
	int space = 0, rc;

	aln_buf_clear(t);
	if ((rc = aln_buf_grow(t, len)) < 0)
		return rc;
	while (i < len) {
		unsigned char b = (unsigned char)text[i];
		UChar32 c;
		size_t j = i;

		if (b >= 0x21 && b < 0x7F) {
			if (space && t->len)
				t->ptr[t->len++] = ' ';
			space = 0;
			t->ptr[t->len++] = (char)b;
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
		if (space && t->len)
			t->ptr[t->len++] = ' ';
		space = 0;
		memcpy(t->ptr + t->len, text + j, i - j);
		t->len += i - j;
	}
	t->ptr[t->len] = '\0';
	if (!t->len)
		return 0;
	if ((rc = nfc(t)) < 0)
		return rc;
	if (doc->text.len + t->len + 2 > sink->max_size)
		return aln__error(ALN_ELIMIT,
				  _("the text is larger than %zu bytes"),
				  sink->max_size);
	if (doc->npara == doc->cap) {
		size_t cap = doc->cap ? doc->cap * 2 : 64;
		aln_paragraph *p =
			aln__reallocarray(doc->paras, cap, sizeof(*p));

		if (!p)
			return ALN_ENOMEM;
		doc->paras = p;
		doc->cap = cap;
	}
	if (doc->npara && (rc = aln_buf_put(&doc->text, "\n\n", 2)) < 0)
		return rc;
	start = doc->text.len;
	if ((rc = aln_buf_put(&doc->text, t->ptr, t->len)) < 0)
		return rc;
	doc->paras[doc->npara].start = start;
	doc->paras[doc->npara].end = doc->text.len;
	doc->npara++;
	return 0;
}

static int blank(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\f' && s[i] != '\v')
			return 0;
	return 1;
}

/*
 * Whether a line break after para (ending in "letter-") and before line
 * (starting with a lower-case letter) splits a word: then the hyphen goes.
 */
static int hyphenated(const aln_buf *para, const char *line, size_t len)
{
	int32_t i;
	UChar32 c;

	if (para->len < 2 || para->ptr[para->len - 1] != '-' ||
	    para->len > INT32_MAX)
		return 0;
	i = (int32_t)para->len - 1;
	U8_PREV(para->ptr, 0, i, c);
	if (c < 0 || !u_isalpha(c))
		return 0;
	i = 0;
	U8_NEXT(line, i, (int32_t)(len > 8 ? 8 : len), c);
	return c >= 0 && u_islower(c);
}

/* Plain text: blank lines end paragraphs (every line with lines). */
static int extract_text(aln__sink *sink, const char *s, size_t len, int lines)
{
	aln_buf para = ALN_BUF_INIT;
	size_t i = 0;
	int rc = 0;

	while (i < len && rc == 0) {
		size_t j = i, next;

		while (j < len && s[j] != '\n' && s[j] != '\r')
			j++;
		next = j;
		if (next < len && s[next] == '\r' && next + 1 < len &&
		    s[next + 1] == '\n')
			next++;
		if (next < len)
			next++;
		/* Trailing blanks of the line do not count. */
		while (j > i && (s[j - 1] == ' ' || s[j - 1] == '\t'))
			j--;
		if (blank(s + i, j - i) || memchr(s + i, '\f', j - i)) {
			rc = aln__sink_paragraph(sink, para.ptr, para.len);
			aln_buf_clear(&para);
		} else if (lines) {
			rc = aln__sink_paragraph(sink, s + i, j - i);
		} else {
			size_t k = i;

			while (k < j && (s[k] == ' ' || s[k] == '\t'))
				k++;
			if (hyphenated(&para, s + k, j - k))
				aln_buf_truncate(&para, para.len - 1);
			else if (para.len)
				rc = aln_buf_putc(&para, ' ');
			if (rc == 0)
				rc = aln_buf_put(&para, s + k, j - k);
		}
		i = next;
	}
	if (rc == 0 && para.len)
		rc = aln__sink_paragraph(sink, para.ptr, para.len);
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
	const char *fmt = opts->format;
	char declared[64] = "";
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
	rc = aln__decode(&dec, data, len, opts->encoding, declared,
			 doc->encoding, sizeof(doc->encoding), sink.max_size);
	if (rc < 0)
		goto done;
	if (!fmt)
		fmt = looks_like_html(dec.ptr ? dec.ptr : "", dec.len) ||
				      (path && (ends_with(path, ".html") ||
						ends_with(path, ".htm") ||
						ends_with(path, ".xhtml")))
			      ? "html"
			      : "text";
	doc->format = !strcmp(fmt, "html") ? "html" : "text";
	if (!strcmp(fmt, "html"))
		rc = aln__extract_html(&sink, dec.ptr ? dec.ptr : "", dec.len);
	else
		rc = extract_text(&sink, dec.ptr ? dec.ptr : "", dec.len,
				  opts->lines);
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
