// SPDX-License-Identifier: MIT
/*
 * The thread-local last error of alinea/error.h, and the checked
 * allocation helpers that raise ALN_ENOMEM. Messages live in fixed
 * thread-local buffers so that raising an error never needs memory (and
 * so out-of-memory can always be reported).
 */
#include "internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define MSG_MAX 1024
#define HINT_MAX 512
#define FILE_MAX 1024

static _Thread_local struct {
	aln_error err;
	int set;
	char message[MSG_MAX];
	char hint[HINT_MAX];
	char file[FILE_MAX];
} last;

const aln_error *aln_error_last(void)
{
	return last.set ? &last.err : NULL;
}

void aln_error_clear(void)
{
	last.set = 0;
}

int aln__error_v(int code, const char *fmt, va_list ap)
{
	vsnprintf(last.message, sizeof(last.message), fmt, ap);
	last.err.code = code;
	last.err.message = last.message;
	last.err.hint = NULL;
	last.err.file = NULL;
	last.err.line = 0;
	last.err.column = 0;
	last.err.offset = -1;
	last.set = 1;
	return code;
}

int aln__error(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	aln__error_v(code, fmt, ap);
	va_end(ap);
	return code;
}

void aln__error_hint(const char *fmt, ...)
{
	va_list ap;

	if (!last.set)
		return;
	va_start(ap, fmt);
	vsnprintf(last.hint, sizeof(last.hint), fmt, ap);
	va_end(ap);
	last.err.hint = last.hint;
}

void aln__error_at(const char *file, long line, long column, long long offset)
{
	if (!last.set)
		return;
	if (file) {
		snprintf(last.file, sizeof(last.file), "%s", file);
		last.err.file = last.file;
	}
	last.err.line = line;
	last.err.column = column;
	last.err.offset = offset;
}

int aln__error_oom(void)
{
	return aln__error(ALN_ENOMEM, "%s", _("out of memory"));
}

const char *aln_error_name(int code)
{
	static const char *const names[] = {
		"ALN_OK",	    "ALN_ERROR",     "ALN_ENOMEM",
		"ALN_EINVAL",	    "ALN_EIO",	     "ALN_EENCODING",
		"ALN_EFORMAT",	    "ALN_ENOTFOUND", "ALN_EEXISTS",
		"ALN_ELIMIT",	    "ALN_EDB",	     "ALN_EBUSY",
		"ALN_EUNSUPPORTED", "ALN_EICU",	     "ALN_ECANCELLED",
	};

	if (code > 0 || (size_t)-code >= ALN_ARRAY_SIZE(names))
		return "ALN_EUNKNOWN";
	return names[-code];
}

void *aln__malloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p)
		aln__error_oom();
	return p;
}

void *aln__malloc_big(size_t size)
{
	const size_t huge = (size_t)2 << 20;
	void *p = NULL;

	if (size < 4 * huge)
		return aln__malloc(size);
	size = (size + huge - 1) / huge * huge;
	if (posix_memalign(&p, huge, size) != 0) {
		aln__error_oom();
		return NULL;
	}
#ifdef MADV_HUGEPAGE
	madvise(p, size, MADV_HUGEPAGE);
#endif
	return p;
}

void *aln__calloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (!p)
		aln__error_oom();
	return p;
}

void *aln__reallocarray(void *ptr, size_t nmemb, size_t size)
{
	void *p;

	if (size && nmemb > SIZE_MAX / size) {
		aln__error_oom();
		return NULL;
	}
	p = realloc(ptr, nmemb && size ? nmemb * size : 1);
	if (!p)
		aln__error_oom();
	return p;
}

int aln__grow(void *arrayp, size_t *cap, size_t need, size_t size)
{
	size_t nc = *cap ? *cap : 8;
	void *old, *p;

	if (need <= *cap)
		return 0;
	while (nc < need) {
		if (nc > SIZE_MAX / 2)
			return aln__error_oom();
		nc *= 2;
	}
	/* Through memcpy: the caller's pointer is not a void * object. */
	memcpy(&old, arrayp, sizeof(old));
	if (!(p = aln__reallocarray(old, nc, size)))
		return ALN_ENOMEM;
	memcpy(arrayp, &p, sizeof(p));
	*cap = nc;
	return 0;
}

char *aln__strndup(const char *s, size_t len)
{
	char *p = aln__malloc(len + 1);

	if (!p)
		return NULL;
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *aln__strdup(const char *s)
{
	return aln__strndup(s, strlen(s));
}

void aln_free(void *ptr)
{
	free(ptr);
}
