/* SPDX-License-Identifier: MIT */
/*
 * The JSON string decoder that the JSONL reader (memory/tsv-jsonl.c) and
 * the program's --batch reader (src/cli/batch.c) share. It needs nothing
 * from the rest of the library (no allocation, no error state, no
 * messages), so the program compiles src/json.c into itself as curl's
 * tool does with its curlx files, and keeps to the library's public API.
 */
#ifndef ALN_JSON_H
#define ALN_JSON_H

#include <stddef.h>

/* What aln__json_string() found; the callers word their own messages. */
enum aln__json_status {
	ALN__JSON_OK = 0,
	ALN__JSON_CONTROL,	/* a raw byte below 0x20 */
	ALN__JSON_ESCAPE,	/* a backslash before an unknown letter */
	ALN__JSON_HEX,		/* \u without four hexadecimal digits */
	ALN__JSON_SURROGATE,	/* a UTF-16 surrogate without its other half */
	ALN__JSON_NUL,		/* \u0000, refused with ALN__JSON_NO_NUL */
	ALN__JSON_UNTERMINATED, /* the end came before the closing quote */
};

/* Refuse \u0000 (a raw NUL byte is always refused as a control byte). */
#define ALN__JSON_NO_NUL 1u

/*
 * Decodes the JSON string whose opening quote is at *p (the caller has
 * checked it), reading no further than end. With out, the decoded UTF-8
 * is written there and its length to *out_len; out must hold end - *p
 * bytes (decoded text is never longer than its escaped form), and is not
 * NUL-terminated. With out NULL the string is only checked and out_len
 * is not used. Returns ALN__JSON_OK with *p just past the closing quote,
 * or what is wrong with *p on it: the raw control byte, the letter after
 * a bad backslash, the 'u' of a bad \u escape, the byte just past a
 * refused \uXXXX (a lone surrogate, or \u0000), or end. On failure out
 * holds part of the text.
 */
enum aln__json_status aln__json_string(char *out, size_t *out_len,
				       const char **p, const char *end,
				       unsigned int flags);

#endif
