/* SPDX-License-Identifier: MIT */
/*
 * The error model. Every function that can fail returns an int: 0 on
 * success or a negative ALN_E* code. The details of the last failure on
 * the calling thread (a translated message, an optional hint, and where
 * in which file it happened) are kept in thread-local storage and read
 * with aln_error_last().
 */
#ifndef ALINEA_ERROR_H
#define ALINEA_ERROR_H

#include "alinea/common.h"

ALN_BEGIN_DECLS

enum {
	ALN_OK = 0,
	ALN_ERROR = -1,		/* a failure with no more specific code */
	ALN_ENOMEM = -2,	/* out of memory */
	ALN_EINVAL = -3,	/* the caller passed an invalid argument */
	ALN_EIO = -4,		/* a file could not be read or written */
	ALN_EENCODING = -5,	/* bytes that cannot be decoded */
	ALN_EFORMAT = -6,	/* malformed input: XML, zip, TMX, JSON */
	ALN_ENOTFOUND = -7,	/* a file, unit or language does not exist */
	ALN_EEXISTS = -8,	/* would overwrite something that exists */
	ALN_ELIMIT = -9,	/* the input passes a safety bound */
	ALN_EDB = -10,		/* the memory's database failed */
	ALN_EBUSY = -11,	/* the memory is locked by another process */
	ALN_EUNSUPPORTED = -12, /* a format, language or version not handled */
	ALN_EICU = -13,		/* an ICU service failed */
	ALN_ECANCELLED = -14,	/* a callback asked to stop */
};

/*
 * Where and why the last operation failed. Strings are owned by the
 * library and stay valid until the next failing call on the same thread.
 */
typedef struct aln_error {
	int code;	     /* the ALN_E* code that was returned */
	const char *message; /* translated, lower case, no final full stop */
	const char *hint;    /* what the user can do, or NULL */
	const char *file;    /* the file concerned, or NULL */
	long line;	     /* 1-based, 0 when unknown */
	long column;	     /* 1-based, 0 when unknown */
	long long offset;    /* byte offset in the file, -1 when unknown */
} aln_error;

/*
 * The last error raised on this thread, or NULL when none was raised
 * since the last aln_error_clear().
 */
ALN_EXTERN const aln_error *aln_error_last(void);

/* Forgets the last error of this thread. */
ALN_EXTERN void aln_error_clear(void);

/*
 * A short English name for a code ("ALN_EIO"), for logs and JSON; a
 * static string.
 */
ALN_EXTERN const char *aln_error_name(int code);

ALN_END_DECLS

#endif
