/* SPDX-License-Identifier: MIT */
/*
 * Declarations shared inside libalinea and never installed: translation
 * macros, the functions that raise errors, and checked allocation.
 */
#ifndef ALN_INTERNAL_H
#define ALN_INTERNAL_H

#include "config.h"
#include "alinea.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * Messages are translated in the "alinea" domain whatever domain the
 * host program uses, so the library speaks French inside other programs
 * too.
 */
const char *aln__gettext(const char *msgid);
#define _(s) aln__gettext(s)
#define N_(s) (s)

#define ALN_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define ALN_UNUSED __attribute__((unused))
#define ALN_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/*
 * Raises an error: records code and message (printf-style, already
 * translated by the caller) as this thread's last error, clears the
 * hint and location, and returns code so that callers can write
 * `return aln__error(ALN_EIO, _("cannot read '%s'"), path);`.
 */
int aln__error(int code, const char *fmt, ...) ALN_PRINTF(2, 3);
int aln__error_v(int code, const char *fmt, va_list ap);

/* Adds a hint ("pass --encoding ...") to the last error. */
void aln__error_hint(const char *fmt, ...) ALN_PRINTF(1, 2);

/*
 * Adds a location to the last error; pass NULL, 0, 0, -1 for what is not
 * known.
 */
void aln__error_at(const char *file, long line, long column, long long offset);

/* Raises ALN_ENOMEM; returns ALN_ENOMEM. */
int aln__error_oom(void);

/*
 * Allocation that raises ALN_ENOMEM on failure (and returns NULL); the
 * sizes of aln__calloc and aln__reallocarray are checked for overflow.
 */
void *aln__malloc(size_t size);
void *aln__calloc(size_t nmemb, size_t size);
void *aln__reallocarray(void *ptr, size_t nmemb, size_t size);
char *aln__strndup(const char *s, size_t len);

/*
 * Makes the array at *arrayp (a pointer to any object pointer, holding
 * *cap elements of size bytes) hold at least need elements, doubling its
 * capacity from 8: amortised growth for arrays filled one at a time.
 * Returns 0, or ALN_ENOMEM with the array and *cap unchanged.
 *
 *	if ((rc = aln__grow(&items, &cap, n + 1, sizeof(*items))) < 0)
 *		return rc;
 */
int aln__grow(void *arrayp, size_t *cap, size_t need, size_t size);

/*
 * Like aln__malloc, for buffers of many megabytes that are filled at
 * once (a document's text): backed by huge pages where the system
 * allows, so filling them does not fault on every 4 KiB. Freed with
 * free(); realloc() works on it.
 */
void *aln__malloc_big(size_t size);
char *aln__strdup(const char *s);

/*
 * The folder of per-language data (locales/), and the path of one file
 * in it: "<dir>/<lang>/<name>", owned by the caller (free()), or NULL
 * when out of memory.
 */
const char *aln__data_dir(void);
char *aln__data_path(const char *lang, const char *name);

#endif
