// SPDX-License-Identifier: MIT
/*
 * Word tokenisation and folding (alinea/text.h). Tokens come from ICU's
 * word BreakIterator run directly over the UTF-8 text through UText, so
 * the offsets it gives are byte offsets into the caller's text with no
 * conversion table. One iterator per thread is kept for the last language
 * used, because opening one costs far more than tokenising a sentence.
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

static _Thread_local struct {
	UBreakIterator *bi;
	char lang[32];
} cache;

static UBreakIterator *word_iterator(const char *lang)
{
	UErrorCode st = U_ZERO_ERROR;

	if (!lang)
		lang = "";
	if (cache.bi && !strcmp(cache.lang, lang))
		return cache.bi;
	if (cache.bi)
		ubrk_close(cache.bi);
	cache.bi = ubrk_open(UBRK_WORD, lang, NULL, 0, &st);
	if (U_FAILURE(st)) {
		cache.bi = NULL;
		aln__error(ALN_EICU, _("cannot open the word break rules: %s"),
			   u_errorName(st));
		return NULL;
	}
	snprintf(cache.lang, sizeof(cache.lang), "%s", lang);
	return cache.bi;
}

static int bad_utf8(const char *s, size_t len)
{
	long long at = aln_utf8_invalid_at(s, len);

	if (at < 0)
		return 0;
	aln__error(ALN_EENCODING, "%s", _("invalid UTF-8"));
	aln__error_at(NULL, 0, 0, at);
	return ALN_EENCODING;
}

static aln_token_kind classify(const char *text, size_t start, size_t end,
			       int32_t status)
{
	UChar32 c;
	int32_t i = (int32_t)start;

	if (status >= UBRK_WORD_IDEO && status < UBRK_WORD_IDEO_LIMIT)
		return ALN_TOKEN_IDEO;
	if (status >= UBRK_WORD_KANA && status < UBRK_WORD_KANA_LIMIT)
		return ALN_TOKEN_IDEO;
	if (status >= UBRK_WORD_NUMBER && status < UBRK_WORD_NUMBER_LIMIT)
		return ALN_TOKEN_NUMBER;
	if (status >= UBRK_WORD_LETTER && status < UBRK_WORD_LETTER_LIMIT)
		return ALN_TOKEN_WORD;
	U8_NEXT(text, i, (int32_t)end, c);
	if (c >= 0 && (u_isUWhiteSpace(c) || u_iscntrl(c)))
		return 0;
	/* ICU leaves some scripts (Thai without dictionary, marks) at 0. */
	if (c >= 0 && u_isalnum(c))
		return ALN_TOKEN_WORD;
	return ALN_TOKEN_PUNCT;
}

int aln_tokenize(aln_token **out, size_t *count, const char *text, size_t len,
		 const char *lang)
{
	UErrorCode st = U_ZERO_ERROR;
	UText *ut = NULL;
	UBreakIterator *bi;
	aln_token *toks = NULL;
	size_t n = 0, cap = 0;
	int32_t prev, next;
	int rc = 0;

	*out = NULL;
	*count = 0;
	if (len > INT32_MAX)
		return aln__error(ALN_ELIMIT, "%s",
				  _("text too long to tokenise"));
	if ((rc = bad_utf8(text, len)) < 0)
		return rc;
	if (!len)
		return 0;
	if (!(bi = word_iterator(lang)))
		return ALN_EICU;
	ut = utext_openUTF8(NULL, text, (int64_t)len, &st);
	if (U_FAILURE(st))
		return aln__error(ALN_EICU, _("cannot read the text: %s"),
				  u_errorName(st));
	ubrk_setUText(bi, ut, &st);
	if (U_FAILURE(st)) {
		rc = aln__error(ALN_EICU, _("cannot read the text: %s"),
				u_errorName(st));
		goto done;
	}
	prev = ubrk_first(bi);
	while ((next = ubrk_next(bi)) != UBRK_DONE) {
		aln_token_kind kind = classify(text, (size_t)prev, (size_t)next,
					       ubrk_getRuleStatus(bi));

		if (kind) {
			if (n == cap) {
				aln_token *t;

				cap = cap ? cap * 2 : 16;
				t = aln__reallocarray(toks, cap, sizeof(*t));
				if (!t) {
					rc = ALN_ENOMEM;
					goto done;
				}
				toks = t;
			}
			toks[n].start = (size_t)prev;
			toks[n].end = (size_t)next;
			toks[n].kind = kind;
			n++;
		}
		prev = next;
	}
done:
	/* Detach the iterator from the caller's text before it goes away. */
	st = U_ZERO_ERROR;
	ubrk_setText(bi, NULL, 0, &st);
	utext_close(ut);
	if (rc < 0) {
		free(toks);
		return rc;
	}
	*out = toks;
	*count = n;
	return 0;
}

/* UTF-8 to a fresh UTF-16 buffer; *ulen gets its length. */
static int to_utf16(UChar **out, int32_t *ulen, const char *s, size_t len)
{
	UErrorCode st = U_ZERO_ERROR;
	UChar *u;
	int32_t n;

	if (len > INT32_MAX / 2)
		return aln__error(ALN_ELIMIT, "%s", _("text too long to fold"));
	u_strFromUTF8(NULL, 0, &n, s, (int32_t)len, &st);
	if (st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(st))
		return bad_utf8(s, len)
			       ? ALN_EENCODING
			       : aln__error(ALN_EICU, "%s", u_errorName(st));
	st = U_ZERO_ERROR;
	if (!(u = aln__calloc((size_t)n + 1, sizeof(UChar))))
		return ALN_ENOMEM;
	u_strFromUTF8(u, n + 1, NULL, s, (int32_t)len, &st);
	*out = u;
	*ulen = n;
	return 0;
}

static int to_utf8(char **out, size_t *out_len, const UChar *u, int32_t ulen)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t n;
	char *s;

	u_strToUTF8(NULL, 0, &n, u, ulen, &st);
	st = U_ZERO_ERROR;
	if (!(s = aln__malloc((size_t)n + 1)))
		return ALN_ENOMEM;
	u_strToUTF8(s, n + 1, NULL, u, ulen, &st);
	if (U_FAILURE(st)) {
		free(s);
		return aln__error(ALN_EICU, "%s", u_errorName(st));
	}
	s[n] = '\0';
	*out = s;
	if (out_len)
		*out_len = (size_t)n;
	return 0;
}

/* Applies an ICU normaliser into a fresh buffer. */
static int normalize(UChar **out, int32_t *olen, const UNormalizer2 *nm,
		     const UChar *u, int32_t ulen)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t n = unorm2_normalize(nm, u, ulen, NULL, 0, &st);
	UChar *r;

	if (st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(st))
		return aln__error(ALN_EICU, "%s", u_errorName(st));
	st = U_ZERO_ERROR;
	if (!(r = aln__calloc((size_t)n + 1, sizeof(UChar))))
		return ALN_ENOMEM;
	unorm2_normalize(nm, u, ulen, r, n + 1, &st);
	if (U_FAILURE(st)) {
		free(r);
		return aln__error(ALN_EICU, "%s", u_errorName(st));
	}
	*out = r;
	*olen = n;
	return 0;
}

int aln_fold(char **out, size_t *out_len, const char *text, size_t len,
	     unsigned int flags)
{
	UErrorCode st = U_ZERO_ERROR;
	const UNormalizer2 *nfd, *nfc;
	UChar *u = NULL, *v = NULL;
	int32_t ulen = 0, vlen = 0, i, j;
	int rc;

	*out = NULL;
	nfd = unorm2_getNFDInstance(&st);
	nfc = unorm2_getNFCInstance(&st);
	if (U_FAILURE(st))
		return aln__error(ALN_EICU, "%s", u_errorName(st));
	if ((rc = to_utf16(&u, &ulen, text, len)) < 0)
		return rc;
	if (flags & ALN_FOLD_CASE) {
		/* Full folding may grow the text (ß → ss): preflight. */
		int32_t n = u_strFoldCase(NULL, 0, u, ulen, U_FOLD_CASE_DEFAULT,
					  &st);

		st = U_ZERO_ERROR;
		if (!(v = aln__calloc((size_t)n + 1, sizeof(UChar)))) {
			rc = ALN_ENOMEM;
			goto done;
		}
		u_strFoldCase(v, n + 1, u, ulen, U_FOLD_CASE_DEFAULT, &st);
		free(u);
		u = v;
		ulen = n;
		v = NULL;
	}
	if (flags & ALN_FOLD_ACCENTS) {
		if ((rc = normalize(&v, &vlen, nfd, u, ulen)) < 0)
			goto done;
		for (i = j = 0; i < vlen; i++)
			if (u_charType(v[i]) != U_NON_SPACING_MARK)
				v[j++] = v[i];
		free(u);
		u = v;
		ulen = j;
		v = NULL;
	}
	if ((rc = normalize(&v, &vlen, nfc, u, ulen)) < 0)
		goto done;
	rc = to_utf8(out, out_len, v, vlen);
done:
	free(u);
	free(v);
	return rc;
}
