// SPDX-License-Identifier: MIT
/*
 * The growable byte buffer of buf.h. Growth is geometric so appending n
 * bytes one at a time costs O(n); every size computation is checked for
 * overflow before it reaches the allocator.
 */
#include "buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int aln_buf_grow(aln_buf *b, size_t extra)
{
	size_t need, cap;
	char *p;

	if (extra > SIZE_MAX - b->len - 1)
		return aln__error_oom();
	need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	p = realloc(b->ptr, cap);
	if (!p)
		return aln__error_oom();
	if (!b->ptr)
		p[0] = '\0';
	b->ptr = p;
	b->cap = cap;
	return 0;
}

int aln_buf_put(aln_buf *b, const char *data, size_t len)
{
	if (aln_buf_grow(b, len) < 0)
		return ALN_ENOMEM;
	if (len)
		memcpy(b->ptr + b->len, data, len);
	b->len += len;
	b->ptr[b->len] = '\0';
	return 0;
}

int aln_buf_puts(aln_buf *b, const char *s)
{
	return aln_buf_put(b, s, strlen(s));
}

int aln_buf_putc(aln_buf *b, char c)
{
	return aln_buf_put(b, &c, 1);
}

int aln_buf_vprintf(aln_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return aln__error(ALN_EINVAL, "%s", _("invalid format string"));
	if (aln_buf_grow(b, (size_t)n) < 0)
		return ALN_ENOMEM;
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int aln_buf_printf(aln_buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = aln_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

void aln_buf_clear(aln_buf *b)
{
	aln_buf_truncate(b, 0);
}

void aln_buf_truncate(aln_buf *b, size_t len)
{
	if (!b->ptr || len > b->len)
		return;
	b->len = len;
	b->ptr[len] = '\0';
}

char *aln_buf_detach(aln_buf *b, size_t *len)
{
	char *p;

	if (!b->ptr && aln_buf_grow(b, 0) < 0)
		return NULL;
	p = b->ptr;
	if (len)
		*len = b->len;
	b->ptr = NULL;
	b->len = b->cap = 0;
	return p;
}

void aln_buf_free(aln_buf *b)
{
	free(b->ptr);
	b->ptr = NULL;
	b->len = b->cap = 0;
}
