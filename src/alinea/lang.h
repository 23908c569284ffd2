/* SPDX-License-Identifier: MIT */
/*
 * Language tags. alinea names languages with canonical BCP 47 tags
 * ("fr", "fr-CA", "pt-BR", "zh-Hant"), canonicalised with ICU, and
 * matches a base language to its regional variants.
 */
#ifndef ALINEA_LANG_H
#define ALINEA_LANG_H

#include "alinea/common.h"

ALN_BEGIN_DECLS

/* Room for any tag alinea keeps (longer ones are refused). */
#define ALN_LANG_MAX 64

/*
 * Canonicalises tag into out (size bytes, ALN_LANG_MAX is enough):
 * "EN-US" and "en_us" give "en-US", "fre" gives "fr", "iw" gives "he".
 * Two-digit EU Euramis suffixes ("EN-01", "fr-02") are dropped. Fails
 * with ALN_EINVAL on an empty or malformed tag.
 */
ALN_EXTERN int aln_lang_canonical(char *out, size_t size, const char *tag);

/* The base language of a tag ("fr-CA" gives "fr"); canonicalises first. */
ALN_EXTERN int aln_lang_base(char *out, size_t size, const char *tag);

ALN_END_DECLS

#endif
