// SPDX-License-Identifier: MIT
/*
 * Decoding of one JSON string (json.h): the escapes of RFC 8259, with
 * \u escapes turned into UTF-8 and UTF-16 surrogate pairs joined. Bytes
 * that are not escaped are copied as they are: checking that they are
 * UTF-8 is left to the caller, who knows what to say about it.
 */
#include "json.h"

/* Reads the four hexadecimal digits at c into *v; -1 if one is not. */
static int hex4(const char *c, unsigned int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < 4; i++) {
		char h = c[i];

		*v <<= 4;
		if (h >= '0' && h <= '9')
			*v |= (unsigned int)(h - '0');
		else if ((h | 32) >= 'a' && (h | 32) <= 'f')
			*v |= (unsigned int)((h | 32) - 'a' + 10);
		else
			return -1;
	}
	return 0;
}

/* Writes code point c (at most U+10FFFF) as UTF-8 at o + *n. */
static void put_utf8(char *o, size_t *n, unsigned int c)
{
	if (c < 0x80) {
		o[(*n)++] = (char)c;
	} else if (c < 0x800) {
		o[(*n)++] = (char)(0xC0 | (c >> 6));
		o[(*n)++] = (char)(0x80 | (c & 0x3F));
	} else if (c < 0x10000) {
		o[(*n)++] = (char)(0xE0 | (c >> 12));
		o[(*n)++] = (char)(0x80 | ((c >> 6) & 0x3F));
		o[(*n)++] = (char)(0x80 | (c & 0x3F));
	} else {
		o[(*n)++] = (char)(0xF0 | (c >> 18));
		o[(*n)++] = (char)(0x80 | ((c >> 12) & 0x3F));
		o[(*n)++] = (char)(0x80 | ((c >> 6) & 0x3F));
		o[(*n)++] = (char)(0x80 | (c & 0x3F));
	}
}

/* The character that the one-letter escape \e stands for, or -1. */
static int simple_escape(char e)
{
	switch (e) {
	case '"':
	case '\\':
	case '/':
		return e;
	case 'b':
		return '\b';
	case 'f':
		return '\f';
	case 'n':
		return '\n';
	case 'r':
		return '\r';
	case 't':
		return '\t';
	default:
		return -1;
	}
}

/*
 * Decodes the \u escape whose 'u' is at *q, and the low half that must
 * follow a high surrogate, into *cp; *q ends just past what was read.
 */
static enum aln__json_status unicode_escape(const char **q, const char *end,
					    unsigned int *cp)
{
	unsigned int lo;
	const char *c = *q;

	if (end - c < 5 || hex4(c + 1, cp) < 0)
		return ALN__JSON_HEX;
	*q = c += 5;
	if (*cp >= 0xD800 && *cp <= 0xDBFF) {
		if (end - c < 6 || c[0] != '\\' || c[1] != 'u' ||
		    hex4(c + 2, &lo) < 0 || lo < 0xDC00 || lo > 0xDFFF)
			return ALN__JSON_SURROGATE;
		*cp = 0x10000 + ((*cp - 0xD800) << 10) + (lo - 0xDC00);
		*q = c + 6;
	} else if (*cp >= 0xDC00 && *cp <= 0xDFFF) {
		return ALN__JSON_SURROGATE;
	}
	return ALN__JSON_OK;
}

enum aln__json_status aln__json_string(char *out, size_t *out_len,
				       const char **p, const char *end,
				       unsigned int flags)
{
	const char *q = *p + 1;
	enum aln__json_status st;
	size_t n = 0;

	while (q < end && *q != '"') {
		unsigned char b = (unsigned char)*q;
		unsigned int cp;
		int c;

		if (b < 0x20) {
			st = ALN__JSON_CONTROL;
			goto out;
		}
		if (b != '\\') {
			if (out)
				out[n++] = (char)b;
			q++;
			continue;
		}
		if (++q >= end)
			break;
		if (*q == 'u') {
			if ((st = unicode_escape(&q, end, &cp)) != ALN__JSON_OK)
				goto out;
			if (cp == 0 && (flags & ALN__JSON_NO_NUL)) {
				st = ALN__JSON_NUL;
				goto out;
			}
			if (out)
				put_utf8(out, &n, cp);
			continue;
		}
		if ((c = simple_escape(*q)) < 0) {
			st = ALN__JSON_ESCAPE;
			goto out;
		}
		if (out)
			out[n++] = (char)c;
		q++;
	}
	if (q >= end) {
		st = ALN__JSON_UNTERMINATED;
		goto out;
	}
	st = ALN__JSON_OK;
	q++;
out:
	*p = q;
	if (out)
		*out_len = n;
	return st;
}
