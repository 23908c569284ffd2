/* SPDX-License-Identifier: MIT */
/*
 * Text services: word tokenisation and folding. (Reading documents and
 * segmenting them into sentences join this header with the text
 * pipeline.) All text is UTF-8; offsets are byte offsets into the text
 * the caller passed.
 */
#ifndef ALINEA_TEXT_H
#define ALINEA_TEXT_H

#include "alinea/common.h"

ALN_BEGIN_DECLS

typedef enum aln_token_kind {
	ALN_TOKEN_WORD = 1,   /* letters, with inner apostrophes or hyphens */
	ALN_TOKEN_NUMBER = 2, /* digits, with inner separators: 4,5  3.14 */
	ALN_TOKEN_IDEO = 3,   /* a run of ideographs or kana (CJK) */
	ALN_TOKEN_PUNCT = 4,  /* punctuation or a symbol, one character */
} aln_token_kind;

typedef struct aln_token {
	size_t start; /* byte offset of the first byte */
	size_t end;   /* byte offset just past the last byte */
	aln_token_kind kind;
} aln_token;

/*
 * Splits text into tokens with ICU's word break rules for lang (a BCP 47
 * tag; NULL or "" for the root rules). White space is skipped. On
 * success *out is an array of *count tokens, owned by the caller
 * (aln_free()); an empty text gives *count 0. Fails with ALN_EENCODING
 * on invalid UTF-8, ALN_EICU or ALN_ENOMEM; *out is then NULL.
 */
ALN_EXTERN int aln_tokenize(aln_token **out, size_t *count, const char *text,
			    size_t len, const char *lang);

/*
 * The byte offset of the first sequence in s (len bytes) that is not
 * well-formed UTF-8 (overlong forms, surrogates and code points past
 * U+10FFFF included), or -1 when all of s is.
 */
ALN_EXTERN long long aln_utf8_invalid_at(const char *s, size_t len);

enum {
	ALN_FOLD_CASE =
		1 << 0, /* full Unicode case folding: Straße → strasse */
	ALN_FOLD_ACCENTS = 1
			   << 1, /* strip combining marks: Sergueï → Serguei */
};

/*
 * Folds text as flags say and returns it NFC-normalised in *out (owned by
 * the caller, NUL-terminated, length in *out_len when not NULL). Fails
 * with ALN_EENCODING on invalid UTF-8, ALN_EICU or ALN_ENOMEM.
 */
ALN_EXTERN int aln_fold(char **out, size_t *out_len, const char *text,
			size_t len, unsigned int flags);

ALN_END_DECLS

#endif
