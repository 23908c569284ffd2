// SPDX-License-Identifier: MIT
/*
 * Finding the names in a sentence (aln_names_find), for the memory's
 * name index. A name is a sequence of capitalised words, joined by
 * hyphens or by the particles that names carry (de, von, van, ibn, ...);
 * a single capitalised word that merely opens the sentence is not taken;
 * titles (M., Mme, Mr, President, Herr, г-н, ...) are left out and end a
 * name. In a Latin-script sentence, words in another script are names
 * too. Chinese and Japanese sentences give nothing: their names are
 * found by the memory from the other variants' keys. Precision matters
 * more than recall here: the memory links a name across languages only
 * when the keys agree, which filters the rest.
 */
#include "names-internal.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

/* Titles, lower case, without their final full stop. */
static const char *const titles[] = {
	"m",	      "mm",	   "mme",	  "mmes",      "mlle",
	"mr",	      "mrs",	   "ms",	  "dr",	       "prof",
	"sir",	      "lord",	   "lady",	  "president", "président",
	"présidente", "präsident", "präsidentin", "herr",      "frau",
	"minister",   "ministre",  "ministerin",  "premier",   "chancellor",
	"kanzler",    "kanzlerin", "chancelier",  "general",   "général",
	"senator",    "sénateur",  "king",	  "queen",     "roi",
	"reine",      "könig",	   "pope",	  "pape",      "papst",
	"saint",      "st",	   "mgr",	  "me",	       "maître",
	"г",	      "гн",	   "г-н",	  "г-жа",      "господин",
	"госпожа",    "президент", "министр",	  "премьер",   "генерал",
};

/*
 * Words that often open a sentence with a capital and are no part of
 * the name that follows (Then Lavrov spoke), lower case.
 */
static const char *const openers[] = {
	"the",	   "a",	    "an",   "then",    "yesterday", "today", "and",
	"but",	   "in",    "on",   "at",      "for",	    "when",  "after",
	"before",  "if",    "as",   "this",    "le",	    "la",    "les",
	"un",	   "une",   "hier", "aujourd", "puis",	    "mais",  "et",
	"en",	   "à",	    "pour", "quand",   "après",	    "avant", "si",
	"ce",	   "cette", "der",  "die",     "das",	    "ein",   "eine",
	"gestern", "heute", "dann", "aber",    "und",	    "im",    "am",
	"für",	   "wenn",  "nach", "vor",     "в",	    "на",    "вчера",
	"сегодня", "и",	    "но",   "когда",   "после",	    "до",    "это",
	"по",	   "с",	    "о",
};

/* Words that may sit inside a name without a capital. */
static const char *const particles[] = {
	"de", "du", "des", "la",  "le",	 "von", "van", "der", "den",
	"da", "di", "del", "ibn", "bin", "al",	"el",  "y",   "zu",
};

static int in_list(const char *const *list, size_t n, const char *w)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(list[i], w))
			return 1;
	return 0;
}

static int is_title(const char *s, size_t len)
{
	char *f;
	int r;

	if (aln_fold(&f, NULL, s, len, ALN_FOLD_CASE) < 0) {
		aln_error_clear();
		return 0;
	}
	r = in_list(titles, ALN_ARRAY_SIZE(titles), f);
	free(f);
	return r;
}

static int is_opener(const char *s, size_t len)
{
	char *f;
	int r;

	if (aln_fold(&f, NULL, s, len, ALN_FOLD_CASE) < 0) {
		aln_error_clear();
		return 0;
	}
	r = in_list(openers, ALN_ARRAY_SIZE(openers), f);
	free(f);
	return r;
}

static int is_particle(const char *s, size_t len)
{
	char w[8];

	if (len >= sizeof(w))
		return 0;
	memcpy(w, s, len);
	w[len] = '\0';
	return in_list(particles, ALN_ARRAY_SIZE(particles), w);
}

static UChar32 first_char(const char *s, size_t len)
{
	int32_t i = 0;
	UChar32 c;

	U8_NEXT(s, i, (int32_t)len, c);
	return c;
}

static UScriptCode script_of(UChar32 c)
{
	UErrorCode st = U_ZERO_ERROR;

	return uscript_getScript(c, &st);
}

static UScriptCode lang_script(const char *lang)
{
	if (!lang)
		return USCRIPT_LATIN;
	if (!strncmp(lang, "ru", 2) || !strncmp(lang, "uk", 2) ||
	    !strncmp(lang, "be", 2) || !strncmp(lang, "bg", 2) ||
	    !strncmp(lang, "sr", 2) || !strncmp(lang, "mk", 2) ||
	    !strncmp(lang, "kk", 2))
		return USCRIPT_CYRILLIC;
	if (!strncmp(lang, "el", 2))
		return USCRIPT_GREEK;
	return USCRIPT_LATIN;
}

static int add_span(aln_name_span **v, size_t *n, size_t start, size_t end)
{
	aln_name_span *s = aln__reallocarray(*v, *n + 1, sizeof(**v));

	if (!s)
		return ALN_ENOMEM;
	*v = s;
	s[*n].start = start;
	s[*n].end = end;
	(*n)++;
	return 0;
}

int aln_names_find(aln_name_span **out, size_t *count, const char *text,
		   size_t len, const char *lang)
{
	aln_token *t = NULL;
	aln_name_span *v = NULL;
	size_t nt = 0, n = 0, i;
	UScriptCode own = lang_script(lang);
	int rc, sentence_start = 1;
	long first = -1, last = -1; /* tokens of the name being read */
	long words = 0;
	int opened_sentence = 0;

	*out = NULL;
	*count = 0;
	if (lang && (!strncmp(lang, "zh", 2) || !strncmp(lang, "ja", 2) ||
		     !strncmp(lang, "yue", 3)))
		return 0;
	if ((rc = aln_tokenize(&t, &nt, text, len, lang)) < 0)
		return rc;
	for (i = 0; i <= nt; i++) {
		const char *s = i < nt ? text + t[i].start : NULL;
		size_t l = i < nt ? t[i].end - t[i].start : 0;
		int cap = 0, joins = 0;

		if (i < nt && t[i].kind == ALN_TOKEN_WORD) {
			UChar32 c = first_char(s, l);
			UScriptCode sc = script_of(c);

			if (is_title(s, l) ||
			    (l <= 2 && i + 1 < nt &&
			     text[t[i + 1].start] == '.' && is_title(s, l)))
				cap = 0;
			else if (sc != own && sc != USCRIPT_COMMON &&
				 sc != USCRIPT_INHERITED && u_isalpha(c))
				cap = 2;
			else if (u_isupper(c) || u_istitle(c))
				cap = !(l == 1 && c == 'I');
			if (!cap && first >= 0 && is_particle(s, l) &&
			    i + 1 < nt && t[i + 1].kind == ALN_TOKEN_WORD &&
			    u_isupper(
				    first_char(text + t[i + 1].start,
					       t[i + 1].end - t[i + 1].start)))
				joins = 1;
		} else if (i < nt && first >= 0 &&
			   t[i].kind == ALN_TOKEN_PUNCT && l == 1 &&
			   *s == '-' && t[i].start == t[i - 1].end &&
			   i + 1 < nt && t[i + 1].start == t[i].end &&
			   t[i + 1].kind == ALN_TOKEN_WORD) {
			joins = 1;
		}
		if (cap) {
			if (first < 0 && sentence_start && cap == 1 &&
			    is_opener(s, l)) {
				/* "Then Lavrov": the opener is no name. */
				sentence_start = 0;
				continue;
			}
			if (first < 0) {
				first = (long)i;
				words = 0;
				opened_sentence = sentence_start && cap == 1;
			}
			last = (long)i;
			words++;
		} else if (!joins && first >= 0) {
			if (!(opened_sentence && words == 1) &&
			    (rc = add_span(&v, &n, t[first].start,
					   t[last].end)) < 0)
				goto fail;
			first = last = -1;
		}
		if (i < nt) {
			if (t[i].kind == ALN_TOKEN_WORD ||
			    t[i].kind == ALN_TOKEN_NUMBER ||
			    t[i].kind == ALN_TOKEN_IDEO)
				sentence_start = 0;
			else if (l == 1 && (*s == '.' || *s == '!' ||
					    *s == '?' || *s == ':'))
				sentence_start = 1;
			else if (!strncmp(s, "\xE2\x80\xA6", 3))
				sentence_start = 1;
			/* A title followed by its full stop is no sentence. */
			if (l == 1 && *s == '.' && i > 0 &&
			    t[i - 1].kind == ALN_TOKEN_WORD &&
			    is_title(text + t[i - 1].start,
				     t[i - 1].end - t[i - 1].start))
				sentence_start = 0;
		}
	}
	aln_free(t);
	*out = v;
	*count = n;
	return 0;
fail:
	aln_free(t);
	free(v);
	return rc;
}
