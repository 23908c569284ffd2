/* SPDX-License-Identifier: MIT */
/*
 * A growable byte buffer, always NUL-terminated once it holds anything,
 * in the manner of git's strbuf. Internal to libalinea.
 */
#ifndef ALN_BUF_H
#define ALN_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "internal.h"

typedef struct aln_buf {
	char *ptr;  /* NULL until something is added */
	size_t len; /* bytes used, not counting the terminating NUL */
	size_t cap; /* bytes allocated */
} aln_buf;

#define ALN_BUF_INIT                                                           \
	{                                                                      \
		NULL, 0, 0                                                     \
	}

/*
 * Each function returns 0 or ALN_ENOMEM; on failure the buffer is left
 * as it was.
 */
int aln_buf_grow(aln_buf *b, size_t extra);
int aln_buf_put(aln_buf *b, const char *data, size_t len);
int aln_buf_puts(aln_buf *b, const char *s);
int aln_buf_putc(aln_buf *b, char c);
int aln_buf_printf(aln_buf *b, const char *fmt, ...) ALN_PRINTF(2, 3);
int aln_buf_vprintf(aln_buf *b, const char *fmt, va_list ap);

/* Empties the buffer and keeps its allocation. */
void aln_buf_clear(aln_buf *b);

/* Shortens the buffer to len bytes (len <= b->len). */
void aln_buf_truncate(aln_buf *b, size_t len);

/*
 * Hands the contents to the caller (never NULL: an empty buffer gives an
 * allocated ""), and resets the buffer. Returns NULL only when out of
 * memory.
 */
char *aln_buf_detach(aln_buf *b, size_t *len);

/* Frees the contents and resets the buffer. */
void aln_buf_free(aln_buf *b);

#endif
