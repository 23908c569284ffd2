/* SPDX-License-Identifier: MIT */
/*
 * What the files of the names module (names.c, names-key.c,
 * names-detect.c) share: UTF-16 conversions, the script of a text and
 * the cache of compiled transliterators. Internal to libalinea.
 */
#ifndef ALN_NAMES_INTERNAL_H
#define ALN_NAMES_INTERNAL_H

#include "internal.h"

#include <unicode/utypes.h>

typedef enum aln__script {
	ALN__SCRIPT_NONE = 0, /* no letters */
	ALN__SCRIPT_LATIN,
	ALN__SCRIPT_CYRILLIC,
	ALN__SCRIPT_HAN,
	ALN__SCRIPT_OTHER,
} aln__script;

/*
 * UTF-8 → UTF-16 (*out owned by the caller, NUL-terminated) and back.
 * Fail with ALN_EENCODING (offset recorded) or ALN_ENOMEM.
 */
int aln__names_u16(UChar **out, int32_t *n, const char *s, size_t len);
int aln__names_u8(char **out, size_t *n, const UChar *u, int32_t len);

/* The script most letters of u belong to. */
aln__script aln__names_script(const UChar *u, int32_t n);

/*
 * Runs a transliterator over buf (*len units, reallocated as needed).
 * With file NULL, id names an ICU transliterator ("Han-Latin/Names");
 * otherwise file is "<lang>/<name>" under the data folder and holds ICU
 * transform rules. Compiled transliterators are cached for the life of
 * the process. Returns 0, ALN_ENOTFOUND when the rule file does not
 * exist (no error is raised then), ALN_EFORMAT when it does not compile
 * (file and line recorded), ALN_EICU or ALN_ENOMEM.
 */
int aln__names_translit(UChar **buf, int32_t *len, const char *id,
			const char *file);

/*
 * The same; with last set, the text is the last word of a name and gets
 * the end-of-name mark U+E000 when the rules use it (French surnames in
 * -ine). No mark is left in the result.
 */
int aln__names_translit_last(UChar **buf, int32_t *len, const char *id,
			     const char *file, int last);

/* Whether a rule file "<lang>/<name>" exists under the data folder. */
int aln__names_have_rules(const char *lang, const char *name);

/*
 * The nominative of a Russian, Ukrainian or Belarusian name that running
 * text declines (Владимиром Путиным → Владимир Путин), s[0..len) UTF-8.
 * *out is owned by the caller (free()); a name in no oblique case comes
 * back as it is. Fails only with ALN_ENOMEM.
 */
int aln__names_nominative(char **out, const char *s, size_t len);

#endif
