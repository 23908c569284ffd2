// SPDX-License-Identifier: MIT
/*
 * Language tags (alinea/lang.h): ICU does the canonical BCP 47 work; this
 * file adds the tolerance for what files in the wild carry (underscores,
 * upper case, three-letter codes, EU Euramis numeric suffixes).
 */
#include "internal.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <unicode/uloc.h>

static int bad_tag(const char *tag)
{
	aln__error(ALN_EINVAL, _("invalid language tag '%s'"), tag);
	aln__error_hint("%s", _("use a BCP 47 tag such as 'fr', 'en-GB' or "
				"'pt-BR'"));
	return ALN_EINVAL;
}

/*
 * ISO 639-2 bibliographic codes that old files use, mapped to the
 * terminology codes ICU knows.
 */
static const char *const bibliographic[][2] = {
	{ "alb", "sqi" }, { "arm", "hye" }, { "baq", "eus" }, { "bur", "mya" },
	{ "chi", "zho" }, { "cze", "ces" }, { "dut", "nld" }, { "fre", "fra" },
	{ "geo", "kat" }, { "ger", "deu" }, { "gre", "ell" }, { "ice", "isl" },
	{ "mac", "mkd" }, { "mao", "mri" }, { "may", "msa" }, { "per", "fas" },
	{ "rum", "ron" }, { "slo", "slk" }, { "tib", "bod" }, { "wel", "cym" },
};

/*
 * Rewrites a three-letter language subtag in place to its two-letter
 * ISO 639-1 code when one exists ("fra" and "fre" give "fr").
 */
static void shorten_iso3(char *buf)
{
	const char *const *langs = uloc_getISOLanguages();
	char lang[4];
	size_t i;

	if (strlen(buf) < 3 || (buf[3] && buf[3] != '-'))
		return;
	for (i = 0; i < 3; i++)
		lang[i] = (char)tolower((unsigned char)buf[i]);
	lang[3] = '\0';
	for (i = 0; i < ALN_ARRAY_SIZE(bibliographic); i++)
		if (!strcmp(lang, bibliographic[i][0]))
			memcpy(lang, bibliographic[i][1], 3);
	for (; *langs; langs++) {
		if (strcmp(uloc_getISO3Language(*langs), lang))
			continue;
		buf[0] = (*langs)[0];
		buf[1] = (*langs)[1];
		memmove(buf + 2, buf + 3, strlen(buf + 3) + 1);
		return;
	}
}

int aln_lang_canonical(char *out, size_t size, const char *tag)
{
	char buf[ALN_LANG_MAX], loc[ULOC_FULLNAME_CAPACITY];
	char res[ULOC_FULLNAME_CAPACITY];
	UErrorCode st = U_ZERO_ERROR;
	size_t n, i;
	int32_t len;
	char *dash;

	if (!tag || !*tag || (n = strlen(tag)) >= sizeof(buf))
		return bad_tag(tag ? tag : "");
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)tag[i];

		if (!isalnum(c) && c != '-' && c != '_')
			return bad_tag(tag);
		buf[i] = c == '_' ? '-' : (char)c;
	}
	buf[n] = '\0';
	/* Euramis: "EN-01" is English; the number is not a region. */
	dash = strchr(buf, '-');
	if (dash && strlen(dash) == 3 && isdigit((unsigned char)dash[1]) &&
	    isdigit((unsigned char)dash[2]))
		*dash = '\0';
	if (!isalpha((unsigned char)buf[0]))
		return bad_tag(tag);
	shorten_iso3(buf);
	uloc_forLanguageTag(buf, loc, sizeof(loc), &len, &st);
	if (U_FAILURE(st) || len != (int32_t)strlen(buf) || !loc[0])
		return bad_tag(tag);
	st = U_ZERO_ERROR;
	uloc_canonicalize(loc, res, sizeof(res), &st);
	if (U_FAILURE(st))
		return bad_tag(tag);
	st = U_ZERO_ERROR;
	uloc_toLanguageTag(res, loc, sizeof(loc), true, &st);
	if (U_FAILURE(st) || !strcmp(loc, "und") || strlen(loc) >= size)
		return bad_tag(tag);
	memcpy(out, loc, strlen(loc) + 1);
	return 0;
}

int aln_lang_base(char *out, size_t size, const char *tag)
{
	char *dash;
	int rc = aln_lang_canonical(out, size, tag);

	if (rc < 0)
		return rc;
	if ((dash = strchr(out, '-')))
		*dash = '\0';
	return 0;
}
