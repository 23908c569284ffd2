// SPDX-License-Identifier: MIT
/*
 * Decoding bytes of unknown encoding into UTF-8. The order is fixed and
 * documented in alinea/document.h: the caller's encoding, a BOM, valid
 * UTF-8, UTF-16 without BOM (recognised by its zero bytes), the
 * encoding the content declares, then ICU's charset detector when it is
 * confident enough. Conversion is iconv's, and any byte iconv cannot
 * convert is an error with its offset: nothing is ever replaced.
 */
#include "read.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unicode/ucsdet.h>
#include <unicode/utf8.h>

/* Below this ICU confidence (0-100) a guess is not trusted. */
#define MIN_CONFIDENCE 20

long long aln__utf8_invalid_at(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		UChar32 c;
		int32_t j = 0, n;

		/* ASCII runs are the common case: skip them eight at a time. */
		while (i + 8 <= len) {
			uint64_t w;

			memcpy(&w, p + i, 8);
			if (w & 0x8080808080808080ULL)
				break;
			i += 8;
		}
		if (i >= len)
			break;
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		n = len - i > 8 ? 8 : (int32_t)(len - i);
		U8_NEXT(p + i, j, n, c);
		if (c < 0)
			return (long long)i;
		i += (size_t)j;
	}
	return -1;
}

static int encoding_error(const char *fmt, const char *enc, long long at)
{
	aln__error(ALN_EENCODING, fmt, enc);
	aln__error_at(NULL, 0, 0, at);
	aln__error_hint("%s", _("pass --encoding with the file's encoding, "
				"for example --encoding=windows-1252"));
	return ALN_EENCODING;
}

/*
 * Converts with iconv, appending to out. On failure out is left as it
 * was and the error names the offset of the first byte that failed.
 */
static int convert(aln_buf *out, const char *data, size_t len, const char *from,
		   size_t max_size)
{
	size_t start = out->len;
	char *in = (char *)data;
	size_t inleft = len;
	iconv_t cd;
	int rc = 0;

	cd = iconv_open("UTF-8", from);
	if (cd == (iconv_t)-1) {
		aln__error(ALN_EUNSUPPORTED, _("unknown encoding '%s'"), from);
		aln__error_hint("%s", _("'iconv --list' shows the encodings "
					"this system knows"));
		return ALN_EUNSUPPORTED;
	}
	for (;;) {
		char *o;
		size_t oleft, r;

		if (aln_buf_grow(out, inleft * 2 + 64) < 0) {
			rc = ALN_ENOMEM;
			break;
		}
		o = out->ptr + out->len;
		oleft = out->cap - out->len - 1;
		r = inleft ? iconv(cd, &in, &inleft, &o, &oleft)
			   : iconv(cd, NULL, NULL, &o, &oleft);
		out->len = (size_t)(o - out->ptr);
		if (out->len - start > max_size) {
			rc = aln__error(ALN_ELIMIT,
					_("the decoded text is larger than "
					  "%zu bytes"),
					max_size);
			break;
		}
		if (r != (size_t)-1) {
			if (!inleft)
				break;
			continue;
		}
		if (errno == E2BIG)
			continue;
		if (errno == EINVAL)
			rc = encoding_error(_("truncated %s character at the "
					      "end of the text"),
					    from, (long long)(in - data));
		else
			rc = encoding_error(_("bytes that are not valid %s"),
					    from, (long long)(in - data));
		break;
	}
	iconv_close(cd);
	if (rc < 0)
		aln_buf_truncate(out, start);
	else if (out->ptr)
		out->ptr[out->len] = '\0';
	return rc;
}

/*
 * Whether the first code units of data read as plausible text in UTF-16
 * of the given byte order: no controls but tab and line breaks, no
 * unpaired surrogates, no noncharacters. *zeros gets how many high bytes
 * are zero (ASCII in UTF-16).
 */
static int plausible_utf16(const unsigned char *d, size_t len, int be,
			   size_t *zeros)
{
	size_t i, n = len > 8192 ? 8192 : len;

	*zeros = 0;
	for (i = 0; i + 1 < n; i += 2) {
		unsigned hi = d[i + !be], lo = d[i + be], u = hi << 8 | lo;

		*zeros += hi == 0;
		if (u < 0x20 && u != '\t' && u != '\n' && u != '\r')
			return 0;
		if ((u >= 0x7F && u < 0xA0) || u == 0xFFFE || u == 0xFFFF)
			return 0;
		if (u >= 0xD800 && u < 0xDC00) {
			unsigned v;

			if (i + 3 >= n)
				break;
			v = d[i + 2 + !be] << 8 | d[i + 2 + be];
			if (v < 0xDC00 || v > 0xDFFF)
				return 0;
			i += 2;
		} else if (u >= 0xDC00 && u <= 0xDFFF) {
			return 0;
		}
	}
	return 1;
}

/*
 * UTF-16 without BOM: zero bytes in text that reads as plausible UTF-16
 * in one byte order (or in both, then the order with ASCII's zeros).
 */
static const char *sniff_utf16(const char *data, size_t len)
{
	const unsigned char *d = (const unsigned char *)data;
	size_t zle, zbe;
	int le, be;

	if (len < 4 || len % 2 || !memchr(data, '\0', len))
		return NULL;
	le = plausible_utf16(d, len, 0, &zle);
	be = plausible_utf16(d, len, 1, &zbe);
	if (le && (!be || zle >= zbe))
		return "UTF-16LE";
	if (be)
		return "UTF-16BE";
	return NULL;
}

static void set_name(char *name, size_t size, const char *value)
{
	if (name && size)
		snprintf(name, size, "%s", value);
}

/*
 * Asks ICU which encodings the bytes may be in and converts with the
 * first confident guess that converts cleanly.
 */
static int detect(aln_buf *out, const char *data, size_t len, char *name,
		  size_t size, size_t max_size)
{
	UErrorCode st = U_ZERO_ERROR;
	UCharsetDetector *csd = ucsdet_open(&st);
	const UCharsetMatch **matches;
	int32_t n = 0, i, tried = 0;
	long long bad = aln__utf8_invalid_at(data, len);
	int rc = ALN_EENCODING;

	if (U_FAILURE(st))
		return aln__error(ALN_EICU, "%s", u_errorName(st));
	ucsdet_setText(csd, data, len > (1 << 20) ? (1 << 20) : (int32_t)len,
		       &st);
	matches = ucsdet_detectAll(csd, &n, &st);
	if (U_FAILURE(st))
		n = 0;
	for (i = 0; i < n && tried < 3; i++) {
		UErrorCode s2 = U_ZERO_ERROR;
		const char *enc = ucsdet_getName(matches[i], &s2);
		int32_t conf = ucsdet_getConfidence(matches[i], &s2);

		if (U_FAILURE(s2) || conf < MIN_CONFIDENCE)
			break;
		if (!strncasecmp(enc, "UTF-", 4) || strchr(enc, '_') == enc)
			continue;
		tried++;
		/*
		 * ICU does not tell Latin-9 from Latin-1; the currency sign
		 * ¤ (0xA4) is all but unused, the euro sign in its place
		 * is common.
		 */
		if (!strcasecmp(enc, "ISO-8859-1") && memchr(data, 0xA4, len))
			enc = "ISO-8859-15";
		if (convert(out, data, len, enc, max_size) == 0) {
			set_name(name, size, enc);
			rc = 0;
			break;
		}
		if (aln_error_last() && aln_error_last()->code == ALN_ELIMIT) {
			rc = ALN_ELIMIT;
			break;
		}
	}
	ucsdet_close(csd);
	if (rc == ALN_EENCODING) {
		aln__error(ALN_EENCODING, "%s",
			   _("invalid UTF-8, and the encoding cannot be "
			     "told with confidence"));
		aln__error_at(NULL, 0, 0, bad);
		aln__error_hint("%s",
				_("pass --encoding with the file's encoding, "
				  "for example --encoding=windows-1252"));
	}
	return rc;
}

int aln__decode(aln_buf *out, const char *data, size_t len,
		const char *encoding, const char *declared, char *name,
		size_t size, size_t max_size)
{
	const unsigned char *u = (const unsigned char *)data;
	const char *bom = NULL, *utf16;
	size_t skip = 0;
	const char *nul;

	if (encoding && *encoding) {
		/* A BOM of the named Unicode encoding is not text. */
		if (!strcasecmp(encoding, "UTF-8") && len >= 3 &&
		    !memcmp(data, "\xEF\xBB\xBF", 3))
			skip = 3;
		set_name(name, size, encoding);
		return convert(out, data + skip, len - skip, encoding,
			       max_size);
	}
	if (len >= 4 && !memcmp(u, "\xFF\xFE\0\0", 4))
		bom = "UTF-32LE", skip = 4;
	else if (len >= 4 && !memcmp(u, "\0\0\xFE\xFF", 4))
		bom = "UTF-32BE", skip = 4;
	else if (len >= 3 && !memcmp(u, "\xEF\xBB\xBF", 3))
		bom = "UTF-8", skip = 3;
	else if (len >= 2 && u[0] == 0xFF && u[1] == 0xFE)
		bom = "UTF-16LE", skip = 2;
	else if (len >= 2 && u[0] == 0xFE && u[1] == 0xFF)
		bom = "UTF-16BE", skip = 2;
	if (bom) {
		int rc;

		set_name(name, size, bom);
		rc = convert(out, data + skip, len - skip, bom, max_size);
		if (rc == ALN_EENCODING) /* offsets count the BOM too */
			aln__error_at(NULL, 0, 0,
				      aln_error_last()->offset +
					      (long long)skip);
		return rc;
	}
	if ((utf16 = sniff_utf16(data, len))) {
		set_name(name, size, utf16);
		return convert(out, data, len, utf16, max_size);
	}
	if ((nul = memchr(data, '\0', len))) {
		aln__error(ALN_EFORMAT, "%s",
			   _("binary data, not text (a zero byte)"));
		aln__error_at(NULL, 0, 0, (long long)(nul - data));
		aln__error_hint("%s", _("alinea reads plain text, HTML, DOCX "
					"and ODT; pass --encoding if this is "
					"UTF-16 or UTF-32 text"));
		return ALN_EFORMAT;
	}
	if (aln__utf8_invalid_at(data, len) < 0) {
		if (len > max_size)
			return aln__error(ALN_ELIMIT,
					  _("the decoded text is larger than "
					    "%zu bytes"),
					  max_size);
		set_name(name, size, "UTF-8");
		return aln_buf_put(out, data, len);
	}
	if (declared && *declared && strcasecmp(declared, "UTF-8")) {
		set_name(name, size, declared);
		if (convert(out, data, len, declared, max_size) == 0)
			return 0;
	}
	return detect(out, data, len, name, size, max_size);
}
