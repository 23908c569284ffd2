/* SPDX-License-Identifier: MIT */
/*
 * Definitions shared by every public header of libalinea: the export
 * macro, the version and the one deallocator for memory the library hands
 * out.
 */
#ifndef ALINEA_COMMON_H
#define ALINEA_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
#define ALN_BEGIN_DECLS extern "C" {
#define ALN_END_DECLS }
#else
#define ALN_BEGIN_DECLS
#define ALN_END_DECLS
#endif

/*
 * Everything the library does not mark with ALN_EXTERN is hidden: it is
 * built with -fvisibility=hidden.
 */
#if defined(ALN_BUILDING) && defined(__GNUC__)
#define ALN_EXTERN __attribute__((visibility("default")))
#else
#define ALN_EXTERN
#endif

ALN_BEGIN_DECLS

/*
 * The library's version as "MAJOR.MINOR.PATCH"; a static string.
 */
ALN_EXTERN const char *aln_version(void);

/*
 * Frees memory that the library returned through an owned out-parameter
 * (a `char **out`, an array of results). Accepts NULL.
 */
ALN_EXTERN void aln_free(void *ptr);

ALN_END_DECLS

#endif
