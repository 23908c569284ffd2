// SPDX-License-Identifier: MIT
/*
 * UTF-8 validation (alinea/text.h), by hand rather than through ICU's
 * U8_NEXT so that it takes any length (ICU's macros count in int32_t)
 * and runs at memory speed on the ASCII that dominates most text.
 */
#include "internal.h"

long long aln_utf8_invalid_at(const char *text, size_t n)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0;

	while (i < n) {
		unsigned char c = s[i];
		size_t len, k;
		unsigned int cp;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			len = 2, cp = c & 0x1F;
		else if (c >= 0xE0 && c <= 0xEF)
			len = 3, cp = c & 0x0F;
		else if (c >= 0xF0 && c <= 0xF4)
			len = 4, cp = c & 0x07;
		else
			return (long long)i;
		if (i + len > n)
			return (long long)i;
		for (k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return (long long)i;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((len == 3 &&
		     (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
		    (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
			return (long long)i;
		i += len;
	}
	return -1;
}
