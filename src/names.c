// SPDX-License-Identifier: MIT
/*
 * Transcription of names between scripts and languages (alinea/names.h).
 * A Cyrillic name is cut into words; each word is looked up in the target
 * language's exceptions list, else lower-cased, run through the rules of
 * locales/<to>/names-<ru|uk>.txt (ICU transform rules written by the
 * project) and given back the case of its source. A Chinese name goes
 * through ICU's Han-Latin (surname readings from Han-Latin/Names) and is
 * laid out as names are officially written: surname, then the given name
 * as one word with an apostrophe before a syllable that opens with a, o
 * or e. A Latin-script name is first looked up among the conventional
 * forms of every exceptions list, then written back into Russian with
 * locales/ru/names-<en|fr|de>.txt; when the rules of that convention give
 * the name back unchanged, it is taken for a Russian name and every
 * language's form is made again from the Russian one. Memory evidence is
 * the memory module's business; this file knows rules only.
 */
#include "names-internal.h"
#include "buf.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>
#include <unicode/utrans.h>

/* ------------------------------------------------------------------ */
/* UTF-16 helpers                                                      */

int aln__names_u16(UChar **out, int32_t *n, const char *s, size_t len)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t need = 0;
	UChar *u;

	*out = NULL;
	*n = 0;
	if (len > INT32_MAX / 2)
		return aln__error(ALN_ELIMIT, "%s", _("the name is too long"));
	u_strFromUTF8(NULL, 0, &need, s, (int32_t)len, &st);
	if (st == U_INVALID_CHAR_FOUND || st == U_ILLEGAL_CHAR_FOUND) {
		size_t i = 0;

		aln__error(ALN_EENCODING, "%s", _("invalid UTF-8"));
		while (i < len) {
			int32_t j = (int32_t)i;
			UChar32 c;

			U8_NEXT(s, j, (int32_t)len, c);
			if (c < 0)
				break;
			i = (size_t)j;
		}
		aln__error_at(NULL, 0, 0, (long long)i);
		return ALN_EENCODING;
	}
	if (!(u = aln__calloc((size_t)need + 1, sizeof(UChar))))
		return ALN_ENOMEM;
	st = U_ZERO_ERROR;
	u_strFromUTF8(u, need + 1, NULL, s, (int32_t)len, &st);
	if (U_FAILURE(st)) {
		free(u);
		return aln__error(ALN_EICU, "%s", u_errorName(st));
	}
	*out = u;
	*n = need;
	return 0;
}

int aln__names_u8(char **out, size_t *n, const UChar *u, int32_t len)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t need = 0;
	char *s;

	*out = NULL;
	u_strToUTF8(NULL, 0, &need, u, len, &st);
	if (st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(st))
		return aln__error(ALN_EICU, "%s", u_errorName(st));
	if (!(s = aln__malloc((size_t)need + 1)))
		return ALN_ENOMEM;
	st = U_ZERO_ERROR;
	u_strToUTF8(s, need + 1, NULL, u, len, &st);
	if (U_FAILURE(st)) {
		free(s);
		return aln__error(ALN_EICU, "%s", u_errorName(st));
	}
	*out = s;
	if (n)
		*n = (size_t)need;
	return 0;
}

aln__script aln__names_script(const UChar *u, int32_t n)
{
	int32_t i = 0, latin = 0, cyr = 0, han = 0, other = 0;

	while (i < n) {
		UErrorCode st = U_ZERO_ERROR;
		UChar32 c;
		UScriptCode sc;

		U16_NEXT(u, i, n, c);
		if (!u_isalpha(c))
			continue;
		sc = uscript_getScript(c, &st);
		if (sc == USCRIPT_LATIN)
			latin++;
		else if (sc == USCRIPT_CYRILLIC)
			cyr++;
		else if (sc == USCRIPT_HAN)
			han++;
		else
			other++;
	}
	if (!latin && !cyr && !han && !other)
		return ALN__SCRIPT_NONE;
	if (han >= latin && han >= cyr && han >= other)
		return ALN__SCRIPT_HAN;
	if (cyr >= latin && cyr >= other)
		return ALN__SCRIPT_CYRILLIC;
	if (latin >= other)
		return ALN__SCRIPT_LATIN;
	return ALN__SCRIPT_OTHER;
}

/* ------------------------------------------------------------------ */
/* Compiled transliterators, cached for the process                    */

struct trans_entry {
	char *key;	    /* ICU id or "<lang>/<file>" */
	UTransliterator *t; /* NULL when the file does not exist */
	int mark;	    /* the rules use the end-of-name mark U+E000 */
};

static pthread_mutex_t trans_lock = PTHREAD_MUTEX_INITIALIZER;
static struct trans_entry *trans_cache;
static size_t trans_count, trans_cap;

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	aln_buf b = ALN_BUF_INIT;
	char chunk[4096];
	size_t n;

	if (!f)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (aln_buf_put(&b, chunk, n) < 0) {
			fclose(f);
			aln_buf_free(&b);
			return NULL;
		}
	fclose(f);
	return aln_buf_detach(&b, len);
}

static char *data_file_path(const char *file)
{
	const char *dir = aln__data_dir();
	size_t n = strlen(dir) + strlen(file) + 2;
	char *p = aln__malloc(n);

	if (p)
		snprintf(p, n, "%s/%s", dir, file);
	return p;
}

int aln__names_have_rules(const char *lang, const char *name)
{
	char *p = aln__data_path(lang, name);
	FILE *f;

	if (!p)
		return 0;
	f = fopen(p, "rb");
	free(p);
	if (!f)
		return 0;
	fclose(f);
	return 1;
}

/*
 * Opens a transliterator; *t stays NULL when the rule file is missing.
 * *mark tells whether the rules use the end-of-name mark.
 */
static int open_trans(UTransliterator **t, int *mark, const char *id,
		      const char *file)
{
	UErrorCode st = U_ZERO_ERROR;
	UParseError pe;
	UChar uid[128];
	UChar *rules = NULL;
	int32_t rlen = 0;
	char *path, *text;
	size_t tlen;
	int rc;

	*t = NULL;
	*mark = 0;
	if (!file) {
		u_uastrncpy(uid, id, (int32_t)ALN_ARRAY_SIZE(uid) - 1);
		uid[ALN_ARRAY_SIZE(uid) - 1] = 0;
		*t = utrans_openU(uid, -1, UTRANS_FORWARD, NULL, 0, NULL, &st);
		if (U_FAILURE(st))
			return aln__error(ALN_EICU,
					  _("cannot open the ICU transform "
					    "'%s': %s"),
					  id, u_errorName(st));
		return 0;
	}
	if (!(path = data_file_path(file)))
		return ALN_ENOMEM;
	if (!(text = read_file(path, &tlen))) {
		free(path);
		return 0;
	}
	if ((rc = aln__names_u16(&rules, &rlen, text, tlen)) < 0) {
		aln__error_at(path, 0, 0, aln_error_last()->offset);
		goto done;
	}
	*mark = strstr(text, "\\uE000") != NULL;
	u_uastrncpy(uid, "alinea-names", 64);
	*t = utrans_openU(uid, -1, UTRANS_FORWARD, rules, rlen, &pe, &st);
	if (U_FAILURE(st)) {
		long line = 1;
		int32_t i;

		*t = NULL;
		for (i = 0; i < pe.offset && i < rlen; i++)
			line += rules[i] == '\n';
		rc = aln__error(ALN_EFORMAT,
				_("cannot compile the transcription rules: %s"),
				u_errorName(st));
		aln__error_at(path, pe.line > 0 ? pe.line : line, 0, -1);
		aln__error_hint("%s", _("fix the rule file; locales/README.md "
					"describes its syntax"));
		goto done;
	}
	rc = 0;
done:
	free(rules);
	free(text);
	free(path);
	return rc;
}

static int get_trans(UTransliterator **out, int *mark, const char *id,
		     const char *file)
{
	const char *key = file ? file : id;
	UTransliterator *t;
	size_t i;
	int rc, m;

	for (i = 0; i < trans_count; i++)
		if (!strcmp(trans_cache[i].key, key)) {
			*out = trans_cache[i].t;
			*mark = trans_cache[i].mark;
			return 0;
		}
	if ((rc = open_trans(&t, &m, id, file)) < 0)
		return rc;
	if (trans_count == trans_cap) {
		size_t cap = trans_cap ? trans_cap * 2 : 16;
		struct trans_entry *e =
			aln__reallocarray(trans_cache, cap, sizeof(*e));

		if (!e) {
			utrans_close(t);
			return ALN_ENOMEM;
		}
		trans_cache = e;
		trans_cap = cap;
	}
	if (!(trans_cache[trans_count].key = aln__strdup(key))) {
		utrans_close(t);
		return ALN_ENOMEM;
	}
	trans_cache[trans_count].mark = m;
	trans_cache[trans_count++].t = t;
	*out = t;
	*mark = m;
	return 0;
}

int aln__names_translit(UChar **buf, int32_t *len, const char *id,
			const char *file)
{
	return aln__names_translit_last(buf, len, id, file, 0);
}

int aln__names_translit_last(UChar **buf, int32_t *len, const char *id,
			     const char *file, int last)
{
	UTransliterator *t;
	UChar *work = NULL;
	int32_t cap, n, limit, i, j;
	int rc, mark;

	pthread_mutex_lock(&trans_lock);
	if ((rc = get_trans(&t, &mark, id, file)) < 0)
		goto done;
	if (!t) {
		rc = ALN_ENOTFOUND;
		goto done;
	}
	cap = *len * 4 + 16;
	for (;;) {
		UErrorCode st = U_ZERO_ERROR;

		free(work);
		if (!(work = aln__calloc((size_t)cap + 1, sizeof(UChar)))) {
			rc = ALN_ENOMEM;
			goto done;
		}
		memcpy(work, *buf, (size_t)*len * sizeof(UChar));
		n = *len;
		if (last && mark)
			work[n++] = 0xE000;
		limit = n;
		utrans_transUChars(t, work, &n, cap, 0, &limit, &st);
		if (st == U_BUFFER_OVERFLOW_ERROR && cap < INT32_MAX / 4) {
			cap = (n > cap ? n : cap) * 2;
			continue;
		}
		if (U_FAILURE(st)) {
			rc = aln__error(ALN_EICU,
					_("transliteration failed: %s"),
					u_errorName(st));
			goto done;
		}
		break;
	}
	for (i = j = 0; i < n; i++)
		if (work[i] != 0xE000)
			work[j++] = work[i];
	n = j;
	work[n] = 0;
	free(*buf);
	*buf = work;
	*len = n;
	work = NULL;
	rc = 0;
done:
	pthread_mutex_unlock(&trans_lock);
	free(work);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Exceptions lists: locales/<lang>/names-exceptions.tsv               */

struct exception {
	char *src_key; /* the source, folded (case and accents) */
	char *src;
	char *dst;
	char *dst_key; /* the conventional form, folded */
};

struct exception_list {
	char lang[ALN_LANG_MAX];
	struct exception *items;
	size_t count;
};

static pthread_mutex_t exc_lock = PTHREAD_MUTEX_INITIALIZER;
static struct exception_list *exc_lists;
static size_t exc_nlists;

static char *fold_key(const char *s, size_t len)
{
	char *out;

	if (aln_fold(&out, NULL, s, len, ALN_FOLD_CASE | ALN_FOLD_ACCENTS) < 0)
		return NULL;
	return out;
}

static int parse_exceptions(struct exception_list *l, const char *path,
			    char *text)
{
	char *line = text, *next;
	long lineno = 0;

	for (; line && *line; line = next) {
		char *tab, *end;
		struct exception *e;

		lineno++;
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		end = line + strlen(line);
		if (end > line && end[-1] == '\r')
			*--end = '\0';
		if (*line == '#' || *line == '\0')
			continue;
		if (!(tab = strchr(line, '\t')) || tab == line || !tab[1]) {
			aln__error(ALN_EFORMAT, "%s",
				   _("an exception needs a name, a tab and "
				     "its conventional form"));
			aln__error_at(path, lineno, 0, -1);
			return ALN_EFORMAT;
		}
		*tab = '\0';
		e = aln__reallocarray(l->items, l->count + 1, sizeof(*e));
		if (!e)
			return ALN_ENOMEM;
		l->items = e;
		e = &l->items[l->count];
		memset(e, 0, sizeof(*e));
		e->src = aln__strdup(line);
		e->dst = aln__strdup(tab + 1);
		e->src_key = fold_key(line, strlen(line));
		e->dst_key = fold_key(tab + 1, strlen(tab + 1));
		l->count++;
		if (!e->src || !e->dst || !e->src_key || !e->dst_key)
			return aln_error_last() ? aln_error_last()->code
						: ALN_ENOMEM;
	}
	return 0;
}

/* The exceptions list of lang (possibly empty), loaded once. */
static int get_exceptions(struct exception_list **out, const char *lang)
{
	struct exception_list *l;
	char *path, *text;
	size_t i, tlen;
	int rc = 0;

	*out = NULL;
	for (i = 0; i < exc_nlists; i++)
		if (!strcmp(exc_lists[i].lang, lang)) {
			*out = &exc_lists[i];
			return 0;
		}
	l = aln__reallocarray(exc_lists, exc_nlists + 1, sizeof(*l));
	if (!l)
		return ALN_ENOMEM;
	exc_lists = l;
	l = &exc_lists[exc_nlists];
	memset(l, 0, sizeof(*l));
	snprintf(l->lang, sizeof(l->lang), "%s", lang);
	if (!(path = aln__data_path(lang, "names-exceptions.tsv")))
		return ALN_ENOMEM;
	if ((text = read_file(path, &tlen))) {
		rc = parse_exceptions(l, path, text);
		free(text);
	}
	free(path);
	if (rc < 0) {
		for (i = 0; i < l->count; i++) {
			free(l->items[i].src);
			free(l->items[i].dst);
			free(l->items[i].src_key);
			free(l->items[i].dst_key);
		}
		free(l->items);
		return rc;
	}
	exc_nlists++;
	*out = l;
	return 0;
}

/*
 * The conventional form of src in lang, copied into *out, or *out NULL
 * when the list has none.
 */
static int exception_for(char **out, const char *lang, const char *src,
			 size_t len)
{
	struct exception_list *l;
	char *key;
	size_t i;
	int rc;

	*out = NULL;
	if (!(key = fold_key(src, len)))
		return aln_error_last() ? aln_error_last()->code : ALN_ENOMEM;
	pthread_mutex_lock(&exc_lock);
	rc = get_exceptions(&l, lang);
	if (rc == 0)
		for (i = 0; i < l->count; i++)
			if (!strcmp(l->items[i].src_key, key)) {
				if (!(*out = aln__strdup(l->items[i].dst)))
					rc = ALN_ENOMEM;
				break;
			}
	pthread_mutex_unlock(&exc_lock);
	free(key);
	return rc;
}

/*
 * The source (Москва) of a conventional form (Moscou) in any of the
 * lists of langs, or *out NULL.
 */
static int exception_source(char **out, const char *const *langs, size_t nlangs,
			    const char *form, size_t len)
{
	char *key;
	size_t i, j;
	int rc = 0;

	*out = NULL;
	if (!(key = fold_key(form, len)))
		return aln_error_last() ? aln_error_last()->code : ALN_ENOMEM;
	pthread_mutex_lock(&exc_lock);
	for (j = 0; j < nlangs && !*out && rc == 0; j++) {
		struct exception_list *l;

		if ((rc = get_exceptions(&l, langs[j])) < 0)
			break;
		for (i = 0; i < l->count; i++)
			if (!strcmp(l->items[i].dst_key, key)) {
				if (!(*out = aln__strdup(l->items[i].src)))
					rc = ALN_ENOMEM;
				break;
			}
	}
	pthread_mutex_unlock(&exc_lock);
	free(key);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Words                                                               */

static int is_word_char(UChar32 c)
{
	return u_isalpha(c) || (U_GET_GC_MASK(c) & U_GC_M_MASK);
}

static int is_apostrophe(UChar32 c)
{
	return c == '\'' || c == 0x2019 || c == 0x02BC;
}

/* The end of the word that starts at i (letters, inner apostrophes). */
static int32_t word_end(const UChar *u, int32_t i, int32_t n)
{
	while (i < n) {
		int32_t j = i;
		UChar32 c;

		U16_NEXT(u, j, n, c);
		if (is_word_char(c)) {
			i = j;
			continue;
		}
		if (is_apostrophe(c) && j < n) {
			int32_t k = j;
			UChar32 d;

			U16_NEXT(u, k, n, d);
			if (is_word_char(d)) {
				i = j;
				continue;
			}
		}
		break;
	}
	return i;
}

/* Whether no word follows position i (the word before is the last). */
static int last_word(const UChar *u, int32_t i, int32_t n)
{
	while (i < n) {
		UChar32 c;

		U16_NEXT(u, i, n, c);
		if (is_word_char(c))
			return 0;
	}
	return 1;
}

/* Gives the transcribed word w the case pattern of its source s. */
static int restore_case(UChar **w, int32_t *wn, const UChar *s, int32_t sn)
{
	UChar32 first;
	int32_t i = 0, upper = 0, letters = 0;

	if (sn == 0 || *wn == 0)
		return 0;
	while (i < sn) {
		UChar32 c;

		U16_NEXT(s, i, sn, c);
		if (u_isalpha(c)) {
			letters++;
			upper += u_isupper(c) != 0;
		}
	}
	U16_GET(s, 0, 0, sn, first);
	if (letters > 1 && upper == letters) {
		UErrorCode st = U_ZERO_ERROR;
		int32_t need = u_strToUpper(NULL, 0, *w, *wn, "", &st);
		UChar *v = aln__calloc((size_t)need + 1, sizeof(UChar));

		if (!v)
			return ALN_ENOMEM;
		st = U_ZERO_ERROR;
		u_strToUpper(v, need + 1, *w, *wn, "", &st);
		free(*w);
		*w = v;
		*wn = need;
		return 0;
	}
	if (u_isupper(first) || u_istitle(first)) {
		UChar32 c;
		int32_t j = 0;

		U16_GET(*w, 0, 0, *wn, c);
		U16_FWD_1(*w, j, *wn);
		c = u_totitle(c);
		if (U16_LENGTH(c) == j) {
			int32_t k = 0;
			UBool err = 0;

			U16_APPEND(*w, k, j, c, err);
			(void)err;
		}
	}
	return 0;
}

static int lower(UChar **out, int32_t *on, const UChar *s, int32_t n,
		 const char *locale)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t need = u_strToLower(NULL, 0, s, n, locale, &st);

	if (!(*out = aln__calloc((size_t)need + 1, sizeof(UChar))))
		return ALN_ENOMEM;
	st = U_ZERO_ERROR;
	u_strToLower(*out, need + 1, s, n, locale, &st);
	*on = need;
	return 0;
}

static int put_u16(aln_buf *b, const UChar *u, int32_t n)
{
	char *s;
	size_t len;
	int rc;

	if ((rc = aln__names_u8(&s, &len, u, n)) < 0)
		return rc;
	rc = aln_buf_put(b, s, len);
	free(s);
	return rc;
}

/*
 * Transcribes the words of u one by one with the rule file "<to>/<file>"
 * (or, when it does not exist, with the ICU transform fallback_id,
 * which may be NULL: then *ok is 0 and nothing is produced). Word-level
 * exceptions of lang to are tried first when use_exceptions is set.
 */
static int transcribe_words(aln_buf *out, int *ok, const UChar *u, int32_t n,
			    const char *to, const char *file,
			    const char *fallback_id, const char *locale,
			    int use_exceptions, const char *reverse_lang)
{
	char path[ALN_LANG_MAX + 64];
	int32_t i = 0;
	int rc, have_file;

	*ok = 0;
	snprintf(path, sizeof(path), "%s/%s", to, file);
	have_file = aln__names_have_rules(to, file);
	if (!have_file && !fallback_id)
		return 0;
	while (i < n) {
		int32_t e = word_end(u, i, n), wn;
		UChar *w;

		if (e == i) {
			UChar32 c;
			int32_t j = i;

			U16_NEXT(u, j, n, c);
			(void)c;
			if ((rc = put_u16(out, u + i, j - i)) < 0)
				return rc;
			i = j;
			continue;
		}
		if (use_exceptions || reverse_lang) {
			char *word, *exc;

			if ((rc = aln__names_u8(&word, NULL, u + i, e - i)) < 0)
				return rc;
			if (reverse_lang)
				rc = exception_source(&exc, &reverse_lang, 1,
						      word, strlen(word));
			else
				rc = exception_for(&exc, to, word,
						   strlen(word));
			free(word);
			if (rc < 0)
				return rc;
			if (exc) {
				rc = aln_buf_puts(out, exc);
				free(exc);
				if (rc < 0)
					return rc;
				i = e;
				continue;
			}
		}
		if ((rc = lower(&w, &wn, u + i, e - i, locale)) < 0)
			return rc;
		rc = aln__names_translit_last(
			&w, &wn, have_file ? NULL : fallback_id,
			have_file ? path : NULL, last_word(u, e, n));
		if (rc == 0)
			rc = restore_case(&w, &wn, u + i, e - i);
		if (rc == 0)
			rc = put_u16(out, w, wn);
		free(w);
		if (rc < 0)
			return rc;
		i = e;
	}
	*ok = 1;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Chinese names                                                       */

struct surnames {
	int loaded;
	UChar *single; /* one-character surnames, as a string */
	int32_t nsingle;
	UChar *compound; /* two-character surnames, concatenated */
	int32_t ncompound;
	/* Readings that ICU gets wrong for a surname: 薄 bo. */
	struct {
		UChar c;
		char reading[16];
	} fix[64];
	int nfix;
};

static pthread_mutex_t surname_lock = PTHREAD_MUTEX_INITIALIZER;
static struct surnames surnames;

/* Reads locales/zh/names-surnames.txt: one surname per line. */
static int load_surnames(void)
{
	aln_buf one = ALN_BUF_INIT, two = ALN_BUF_INIT;
	char *path, *text, *line, *next;
	size_t tlen;
	int rc = 0;

	if (surnames.loaded)
		return 0;
	if (!(path = aln__data_path("zh", "names-surnames.txt")))
		return ALN_ENOMEM;
	text = read_file(path, &tlen);
	free(path);
	for (line = text; line && *line; line = next) {
		UChar *u;
		int32_t n;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (*line == '#' || *line == '\0')
			continue;
		{
			char *sp = strchr(line, ' ');

			if (sp)
				*sp++ = '\0';
			if ((rc = aln__names_u16(&u, &n, line, strlen(line))) <
			    0)
				break;
			if (sp && n == 1 && *sp && strlen(sp) < 16 &&
			    surnames.nfix < 64) {
				surnames.fix[surnames.nfix].c = u[0];
				snprintf(surnames.fix[surnames.nfix].reading,
					 16, "%s", sp);
				surnames.nfix++;
			}
		}
		if (n == 1)
			rc = aln_buf_put(&one, (const char *)u, sizeof(UChar));
		else if (n == 2)
			rc = aln_buf_put(&two, (const char *)u,
					 2 * sizeof(UChar));
		free(u);
		if (rc < 0)
			break;
	}
	free(text);
	if (rc < 0) {
		aln_buf_free(&one);
		aln_buf_free(&two);
		return rc;
	}
	surnames.nsingle = (int32_t)(one.len / sizeof(UChar));
	surnames.ncompound = (int32_t)(two.len / (2 * sizeof(UChar)));
	surnames.single = (UChar *)one.ptr;
	surnames.compound = (UChar *)two.ptr;
	surnames.loaded = 1;
	return 0;
}

/* The reading of a one-character surname that ICU gets wrong, or NULL. */
static const char *surname_fix(UChar c)
{
	int i;

	for (i = 0; i < surnames.nfix; i++)
		if (surnames.fix[i].c == c)
			return surnames.fix[i].reading;
	return NULL;
}

/* How many characters of u (n >= 2) are a known surname: 0, 1 or 2. */
static int surname_length(const UChar *u, int32_t n)
{
	int32_t i;
	int len = 0;

	pthread_mutex_lock(&surname_lock);
	if (load_surnames() < 0) {
		pthread_mutex_unlock(&surname_lock);
		return 0;
	}
	for (i = 0; n >= 3 && i < surnames.ncompound; i++)
		if (surnames.compound[2 * i] == u[0] &&
		    surnames.compound[2 * i + 1] == u[1])
			len = 2;
	for (i = 0; !len && i < surnames.nsingle; i++)
		if (surnames.single[i] == u[0])
			len = 1;
	pthread_mutex_unlock(&surname_lock);
	return len;
}

/* Characters that end place names far more often than given names. */
static int place_final(UChar c)
{
	static const UChar finals[] = {
		0x5DDE, /* 州 */ 0x4EAC, /* 京 */ 0x90FD, /* 都 */
		0x6D25, /* 津 */ 0x5E86, /* 庆 */ 0x95E8, /* 门 */
		0x5C9B, /* 岛 */ 0x5E02, /* 市 */ 0x7701, /* 省 */
		0x53BF, /* 县 */ 0x9547, /* 镇 */ 0x6751, /* 村 */
		0x57CE, /* 城 */ 0x6E2F,		  /* 港 */
	};
	size_t i;

	for (i = 0; i < ALN_ARRAY_SIZE(finals); i++)
		if (finals[i] == c)
			return 1;
	return 0;
}

/* Characters that end three-character place names (Shijiazhuang). */
static int place_final3(UChar c)
{
	static const UChar finals[] = {
		0x5DDE, /* 州 */ 0x5E02, /* 市 */ 0x7701, /* 省 */
		0x53BF, /* 县 */ 0x9547, /* 镇 */ 0x6751, /* 村 */
		0x5E84, /* 庄 */ 0x6E2F, /* 港 */ 0x5C9B, /* 岛 */
		0x57CE, /* 城 */ 0x5821, /* 堡 */ 0x6EE8, /* 滨 */
	};
	size_t i;

	for (i = 0; i < ALN_ARRAY_SIZE(finals); i++)
		if (finals[i] == c)
			return 1;
	return 0;
}

/*
 * Pinyin of u without tone marks (ü kept), syllables separated by
 * spaces as ICU gives them. id is "Han-Latin" or "Han-Latin/Names".
 */
static int pinyin(UChar **out, int32_t *on, const UChar *u, int32_t n,
		  const char *id)
{
	int rc;

	if (!(*out = aln__calloc((size_t)n + 1, sizeof(UChar))))
		return ALN_ENOMEM;
	memcpy(*out, u, (size_t)n * sizeof(UChar));
	*on = n;
	rc = aln__names_translit(out, on, id, NULL);
	if (rc == 0)
		rc = aln__names_translit(
			out, on,
			"NFD; [\\u0300\\u0301\\u0304\\u030C] Remove; NFC",
			NULL);
	if (rc < 0) {
		free(*out);
		*out = NULL;
	}
	return rc;
}

static int is_aoe(UChar c)
{
	return c == 'a' || c == 'o' || c == 'e';
}

/*
 * The pinyin of the Han characters u[0..n) (transform id), cut into one
 * syllable per character: syllable k is (*p)[off[k] .. off[k]+len[k]).
 * ICU separates most syllables with spaces but joins the words it knows
 * (wenjia); those are cut with the readings of the single characters.
 * Returns 0, 1 when a token cannot be cut (then *off is NULL and *p
 * holds the tokens), or a negative error.
 */
static int pinyin_syllables(UChar **p, int32_t *pn, int32_t **off,
			    const UChar *u, int32_t n, const char *id)
{
	static const char *const ids[] = { "Han-Latin", "Han-Latin/Names" };
	int32_t i, ci = 0, *o;
	int rc, cut = 1;

	*off = NULL;
	if ((rc = pinyin(p, pn, u, n, id)) < 0)
		return rc;
	if (!(o = aln__calloc((size_t)n + 1, sizeof(*o))))
		return ALN_ENOMEM;
	for (i = 0; i < *pn && cut;) {
		int32_t s = i, e;

		while (s < *pn && (*p)[s] == ' ')
			s++;
		for (e = s; e < *pn && (*p)[e] != ' '; e++)
			;
		if (e == s)
			break;
		while (s < e && cut) {
			size_t k;
			int matched = 0;

			if (ci >= n) {
				cut = 0;
				break;
			}
			for (k = 0; k < ALN_ARRAY_SIZE(ids) && !matched; k++) {
				UChar *r;
				int32_t rn;

				if ((rc = pinyin(&r, &rn, u + ci, 1, ids[k])) <
				    0) {
					free(o);
					return rc;
				}
				/* The last syllable of a token must end it. */
				if (rn > 0 && s + rn <= e &&
				    !u_strncmp(r, *p + s, rn) &&
				    (s + rn == e || ci + 1 < n)) {
					o[ci++] = s;
					s += rn;
					matched = 1;
				}
				free(r);
			}
			if (!matched)
				cut = 0;
		}
		i = e;
	}
	if (!cut || ci != n) {
		free(o);
		return 1;
	}
	o[n] = *pn;
	*off = o;
	return 0;
}

/* Appends syllable p[0..n) to w, after an apostrophe when needed. */
static int put_syllable(aln_buf *w, const UChar *p, int32_t n, int *first)
{
	int rc = 0;

	while (n > 0 && p[n - 1] == ' ')
		n--;
	if (!*first && n > 0 && is_aoe(p[0]))
		rc = aln_buf_putc(w, '\'');
	*first = 0;
	return rc ? rc : put_u16(w, p, n);
}

/* Capitalises the first letter of w[start..] (ASCII, or ü → Ü). */
static void capitalise(aln_buf *w, size_t start)
{
	if (w->len <= start)
		return;
	if (w->ptr[start] >= 'a' && w->ptr[start] <= 'z')
		w->ptr[start] = (char)(w->ptr[start] - 'a' + 'A');
	else if (!strncmp(w->ptr + start, "\xC3\xBC", 2))
		w->ptr[start + 1] = (char)0x9C;
}

/*
 * Appends syllables [from, to) of a cut pinyin as one word: an
 * apostrophe before a syllable that opens with a, o or e, the first
 * letter capitalised.
 */
static int put_word(aln_buf *out, const UChar *p, const int32_t *off,
		    int32_t from, int32_t to)
{
	size_t start = out->len;
	int32_t k;
	int rc = 0, first = 1;

	for (k = from; k < to && rc == 0; k++)
		rc = put_syllable(out, p + off[k], off[k + 1] - off[k], &first);
	capitalise(out, start);
	return rc;
}

/* Appends the tokens of an uncut pinyin as one word. */
static int put_tokens(aln_buf *out, const UChar *p, int32_t pn)
{
	size_t start = out->len;
	int32_t i;
	int rc = 0, first = 1;

	for (i = 0; i < pn && rc == 0;) {
		int32_t s = i, e;

		while (s < pn && p[s] == ' ')
			s++;
		for (e = s; e < pn && p[e] != ' '; e++)
			;
		if (e > s)
			rc = put_syllable(out, p + s, e - s, &first);
		i = e;
	}
	capitalise(out, start);
	return rc;
}

/* Appends the pinyin of u[0..n) as one word (a place, a given name). */
static int han_word(aln_buf *out, const UChar *u, int32_t n, const char *id)
{
	UChar *p = NULL;
	int32_t pn, *off = NULL;
	int rc = pinyin_syllables(&p, &pn, &off, u, n, id);

	if (rc == 0)
		rc = put_word(out, p, off, 0, n);
	else if (rc == 1)
		rc = put_tokens(out, p, pn);
	free(p);
	free(off);
	return rc;
}

/*
 * Appends a person's name whose surname is u[0..sl): "Surname Given".
 * The whole name goes through Han-Latin/Names, which reads the surname
 * as a surname and the given name in context (Li Changchun).
 */
static int han_person(aln_buf *out, const UChar *u, int32_t n, int32_t sl)
{
	UChar *p = NULL;
	int32_t pn, *off = NULL;
	int rc = pinyin_syllables(&p, &pn, &off, u, n, "Han-Latin/Names");

	if (rc == 0) {
		const char *fix = sl == 1 ? surname_fix(u[0]) : NULL;
		size_t start = out->len;

		if (fix) {
			rc = aln_buf_puts(out, fix);
			capitalise(out, start);
		} else {
			rc = put_word(out, p, off, 0, sl);
		}
		if (rc == 0)
			rc = aln_buf_putc(out, ' ');
		if (rc == 0)
			rc = put_word(out, p, off, sl, n);
	} else if (rc == 1) {
		rc = han_word(out, u, sl, "Han-Latin/Names");
		if (rc == 0)
			rc = aln_buf_putc(out, ' ');
		if (rc == 0)
			rc = han_word(out, u + sl, n - sl, "Han-Latin");
	}
	free(p);
	free(off);
	return rc;
}

static int is_han(UChar32 c)
{
	UErrorCode st = U_ZERO_ERROR;

	return uscript_getScript(c, &st) == USCRIPT_HAN;
}

/*
 * A Chinese name in a Latin-script language. A person (a known surname,
 * two to four characters) is "Surname Givenname"; anything else is one
 * word per run of Han characters (Beijing, Xi'an); names of foreigners
 * written with a middle dot give one word per part.
 */
/*
 * The length of the surname when u (all Han) reads as a person's name:
 * two to four characters opening with a known surname, and not ending
 * like a place; 0 otherwise.
 */
static int han_surname(const UChar *u, int32_t n)
{
	int32_t i;
	int sl;

	for (i = 0; i < n; i++)
		if (!is_han(u[i]))
			return 0;
	if (n < 2 || n > 4 || (sl = surname_length(u, n)) == 0)
		return 0;
	if ((n == 4 && sl == 1) || (n == 2 && place_final(u[1])) ||
	    (n == 3 && place_final3(u[2])))
		return 0;
	return sl;
}

/*
 * Appends syllables [from, to) of a cut pinyin in Russian (the Palladius
 * system of locales/ru/names-zh.txt) as one capitalised word: Цзиньпин.
 * fix, when not NULL, replaces the pinyin of the first syllable.
 */
static int palladius_word(aln_buf *out, const UChar *p, const int32_t *off,
			  int32_t from, int32_t to, const char *fix)
{
	UChar *w = NULL;
	int32_t wn = 0, k;
	int rc = 0;

	for (k = from; k < to && rc == 0; k++) {
		UChar *syl, *v;
		int32_t sn, s = off[k], e = off[k + 1];

		while (e > s && p[e - 1] == ' ')
			e--;
		if (k == from && fix) {
			if ((rc = aln__names_u16(&syl, &sn, fix, strlen(fix))) <
			    0)
				break;
		} else {
			sn = e - s;
			if (!(syl = aln__calloc((size_t)sn + 1,
						sizeof(UChar)))) {
				rc = ALN_ENOMEM;
				break;
			}
			memcpy(syl, p + s, (size_t)sn * sizeof(UChar));
		}
		rc = aln__names_translit(&syl, &sn, NULL, "ru/names-zh.txt");
		if (rc == 0 && !(v = aln__reallocarray(w, (size_t)(wn + sn + 1),
						       sizeof(UChar))))
			rc = ALN_ENOMEM;
		if (rc == 0) {
			w = v;
			memcpy(w + wn, syl, (size_t)sn * sizeof(UChar));
			wn += sn;
		}
		free(syl);
	}
	if (rc == 0 && wn > 0) {
		w[0] = (UChar)u_totitle(w[0]);
		rc = put_u16(out, w, wn);
	}
	free(w);
	return rc;
}

/*
 * A Chinese name in Russian: "Си Цзиньпин" for a person, one word for a
 * place. *ok is 0 when the pinyin cannot be cut into syllables or no
 * rule file exists.
 */
static int han_russian(aln_buf *out, int *ok, const UChar *u, int32_t n)
{
	UChar *p = NULL;
	int32_t pn, *off = NULL;
	int sl = han_surname(u, n);
	int rc;

	*ok = 0;
	if (!aln__names_have_rules("ru", "names-zh.txt"))
		return 0;
	rc = pinyin_syllables(&p, &pn, &off, u, n,
			      sl ? "Han-Latin/Names" : "Han-Latin");
	if (rc == 0 && sl) {
		rc = palladius_word(out, p, off, 0, sl,
				    sl == 1 ? surname_fix(u[0]) : NULL);
		if (rc == 0)
			rc = aln_buf_putc(out, ' ');
		if (rc == 0)
			rc = palladius_word(out, p, off, sl, n, NULL);
		*ok = rc == 0;
	} else if (rc == 0) {
		rc = palladius_word(out, p, off, 0, n, NULL);
		*ok = rc == 0;
	} else if (rc == 1) {
		rc = 0;
	}
	free(p);
	free(off);
	return rc;
}

static int han_layout(aln_buf *out, const UChar *u, int32_t n)
{
	int32_t i = 0, hn = 0;
	int rc = 0, dots = 0, sl;

	for (i = 0; i < n; i++) {
		if (u[i] == 0x00B7 || u[i] == 0x30FB || u[i] == 0x2022 ||
		    u[i] == 0xFF0E)
			dots++;
		else if (is_han(u[i]))
			hn++;
	}
	if (!dots && hn == n && (sl = han_surname(u, n)) > 0)
		return han_person(out, u, n, sl);
	for (i = 0; i < n && rc == 0;) {
		int32_t e = i;

		if (!is_han(u[i])) {
			UChar c = u[i++];

			if (c == 0x00B7 || c == 0x30FB || c == 0x2022 ||
			    c == 0xFF0E || c == ' ')
				rc = aln_buf_putc(out, ' ');
			else
				rc = put_u16(out, &c, 1);
			continue;
		}
		while (e < n && is_han(u[e]))
			e++;
		rc = han_word(out, u + i, e - i, "Han-Latin");
		i = e;
	}
	return rc;
}

/* ------------------------------------------------------------------ */
/* The forms                                                           */

struct forms {
	aln_name_form *v;
	size_t n;
};

static int add_form(struct forms *f, const char *lang, const char *text,
		    size_t len, aln_name_source source)
{
	aln_name_form *v;
	size_t i;
	char *t;

	if (len == 0)
		return 0;
	for (i = 0; i < f->n; i++)
		if (!strcmp(f->v[i].lang, lang) &&
		    strlen(f->v[i].text) == len &&
		    !memcmp(f->v[i].text, text, len))
			return 0;
	if (!(t = aln__strndup(text, len)))
		return ALN_ENOMEM;
	if (!(v = aln__reallocarray(f->v, f->n + 1, sizeof(*v)))) {
		free(t);
		return ALN_ENOMEM;
	}
	f->v = v;
	v = &f->v[f->n++];
	memset(v, 0, sizeof(*v));
	snprintf(v->lang, sizeof(v->lang), "%s", lang);
	v->text = t;
	v->source = source;
	return 0;
}

void aln_name_forms_free(aln_name_form *forms, size_t count)
{
	size_t i;

	if (!forms)
		return;
	for (i = 0; i < count; i++)
		free(forms[i].text);
	free(forms);
}

static const char *const all_langs[] = { "en", "fr", "de", "ru", "zh" };
/* The lists a Latin query is looked for in, to find its source. */
static const char *const reverse_langs[] = { "en", "fr",      "de",
					     "ru", "zh-Latn", "zh" };

/* Whether the writing system of lang is Latin (as far as names go). */
static int latin_lang(const char *lang)
{
	static const char *const non_latin[] = {
		"ru", "uk", "be", "bg", "sr", "mk", "kk", "zh", "ja",  "ko",
		"ar", "fa", "he", "el", "hi", "th", "ka", "hy", "yue",
	};
	size_t i;

	for (i = 0; i < ALN_ARRAY_SIZE(non_latin); i++)
		if (!strcmp(lang, non_latin[i]))
			return 0;
	return 1;
}

/* Whether u has letters that Ukrainian has and Russian has not. */
static int ukrainian(const UChar *u, int32_t n)
{
	int32_t i;

	for (i = 0; i < n; i++)
		switch (u[i]) {
		case 0x0456: /* і */
		case 0x0406:
		case 0x0457: /* ї */
		case 0x0407:
		case 0x0454: /* є */
		case 0x0404:
		case 0x0491: /* ґ */
		case 0x0490:
			return 1;
		case 0x044C: /* ь in -ськ-, -цьк-: Зеленський, Донецьк */
			if (i > 0 && i + 1 < n && u[i + 1] == 0x043A &&
			    (u[i - 1] == 0x0441 || u[i - 1] == 0x0446))
				return 1;
		}
	return 0;
}

/* The forms of a Cyrillic name in lang. */
static int cyrillic_forms(struct forms *f, const char *name, size_t len,
			  const UChar *u, int32_t n, const char *lang)
{
	const char *src = ukrainian(u, n) ? "uk" : "ru";
	char file[64], *exc;
	aln_buf b = ALN_BUF_INIT;
	int rc, ok;

	if ((rc = exception_for(&exc, lang, name, len)) < 0)
		return rc;
	if (exc) {
		rc = add_form(f, lang, exc, strlen(exc), ALN_NAME_EXCEPTION);
		free(exc);
		exc = (char *)1; /* remembered: the whole name is one */
		if (rc < 0)
			return rc;
	}
	if (!strcmp(lang, src))
		return add_form(f, lang, name, len, ALN_NAME_RULES);
	snprintf(file, sizeof(file), "names-%s.txt", src);
	/*
	 * When the whole name is an exception, the rules' own form follows
	 * it, made without the word exceptions (Moscou, then Moskva).
	 */
	rc = transcribe_words(&b, &ok, u, n, lang, file,
			      latin_lang(lang) ? "Any-Latin; Latin-ASCII"
					       : NULL,
			      src, !exc, NULL);
	if (rc == 0 && ok)
		rc = add_form(f, lang, b.ptr ? b.ptr : "", b.len,
			      ALN_NAME_RULES);
	aln_buf_free(&b);
	return rc;
}

/* The forms of a Chinese name in lang. */
static int han_forms(struct forms *f, const char *name, size_t len,
		     const UChar *u, int32_t n, const char *lang)
{
	aln_buf b = ALN_BUF_INIT;
	char *exc;
	int rc;

	if ((rc = exception_for(&exc, lang, name, len)) < 0)
		return rc;
	if (exc) {
		rc = add_form(f, lang, exc, strlen(exc), ALN_NAME_EXCEPTION);
		free(exc);
		if (rc < 0)
			return rc;
	}
	if (!strcmp(lang, "zh") || !strcmp(lang, "yue"))
		return add_form(f, lang, name, len, ALN_NAME_RULES);
	if (!strcmp(lang, "ru")) {
		int ok;

		rc = han_russian(&b, &ok, u, n);
		if (rc == 0 && ok)
			rc = add_form(f, lang, b.ptr ? b.ptr : "", b.len,
				      ALN_NAME_RULES);
		aln_buf_free(&b);
		return rc;
	}
	if (!latin_lang(lang))
		return 0;
	/*
	 * Pinyin that the layout gets wrong (a place that opens with a
	 * surname: Wuhan; a reading ICU misses: Chengdu) is listed once for
	 * every Latin-script language in locales/zh-Latn/.
	 */
	if ((rc = exception_for(&exc, "zh-Latn", name, len)) < 0)
		return rc;
	if (exc) {
		rc = add_form(f, lang, exc, strlen(exc), ALN_NAME_RULES);
		free(exc);
		return rc;
	}
	rc = han_layout(&b, u, n);
	if (rc == 0)
		rc = add_form(f, lang, b.ptr ? b.ptr : "", b.len,
			      ALN_NAME_RULES);
	aln_buf_free(&b);
	return rc;
}

/* Another script: ICU's generic transform for Latin-script languages. */
static int other_forms(struct forms *f, const char *name, size_t len,
		       const UChar *u, int32_t n, const char *lang)
{
	aln_buf b = ALN_BUF_INIT;
	char *exc;
	int rc, ok;

	if ((rc = exception_for(&exc, lang, name, len)) < 0)
		return rc;
	if (exc) {
		rc = add_form(f, lang, exc, strlen(exc), ALN_NAME_EXCEPTION);
		free(exc);
		if (rc < 0)
			return rc;
	}
	if (!latin_lang(lang))
		return 0;
	rc = transcribe_words(&b, &ok, u, n, lang, "names-none.txt",
			      "Any-Latin; Latin-ASCII", "", 0, NULL);
	if (rc == 0 && ok)
		rc = add_form(f, lang, b.ptr ? b.ptr : "", b.len,
			      ALN_NAME_RULES);
	aln_buf_free(&b);
	return rc;
}

static int forms_of_script(struct forms *f, const char *name, size_t len,
			   const char *const *langs, size_t nlangs);

/* Folds case and accents for comparing spellings. */
static int same_spelling(const char *a, size_t alen, const char *b, size_t blen)
{
	char *x = fold_key(a, alen), *y = fold_key(b, blen);
	int same = x && y && !strcmp(x, y);

	free(x);
	free(y);
	return same;
}

/*
 * Whether a Latin spelling has letters that the convention conv never
 * gives a Russian name: c outside ch, q, th, ph, and w outside German
 * (Macron, Thatcher).
 */
static int foreign_spelling(const char *name, const char *conv)
{
	const char *p;

	for (p = name; *p; p++) {
		char c = (char)(*p | 0x20), n = (char)(p[1] | 0x20);

		if (c == 'c' && n != 'h')
			return 1;
		if (c == 'q' || (c == 't' && n == 'h') ||
		    (c == 'p' && n == 'h'))
			return 1;
		if (c == 'w' && strcmp(conv, "de"))
			return 1;
	}
	return 0;
}

/* Whether a and b[0..blen) have one matching key in convention conv. */
static int same_key(const char *a, const char *b, size_t blen, const char *conv)
{
	char *x = NULL, *y = NULL;
	int same;

	if (aln_names_key(&x, a, strlen(a), conv) < 0 ||
	    aln_names_key(&y, b, blen, conv) < 0) {
		free(x);
		aln_error_clear();
		return 0;
	}
	same = *x && !strcmp(x, y);
	free(x);
	free(y);
	return same;
}

/*
 * Back into Russian from a Latin spelling in convention conv; *ru is
 * NULL when the project has no rules for it.
 */
static int back_to_russian(char **ru, const UChar *u, int32_t n,
			   const char *conv)
{
	char file[64];
	aln_buf b = ALN_BUF_INIT;
	int rc, ok;

	*ru = NULL;
	snprintf(file, sizeof(file), "names-%s.txt", conv);
	rc = transcribe_words(&b, &ok, u, n, "ru", file, NULL, "", 0, conv);
	if (rc == 0 && ok && !(*ru = aln_buf_detach(&b, NULL)))
		rc = ALN_ENOMEM;
	aln_buf_free(&b);
	return rc;
}

/* Whether every letter of s (UTF-8) is of script sc. */
static int all_script(const char *s, UScriptCode sc)
{
	int32_t i = 0, n = (int32_t)strlen(s);
	int letters = 0;

	while (i < n) {
		UErrorCode st = U_ZERO_ERROR;
		UChar32 c;

		U8_NEXT(s, i, n, c);
		if (c < 0)
			return 0;
		if (!u_isalpha(c))
			continue;
		letters++;
		if (uscript_getScript(c, &st) != sc)
			return 0;
	}
	return letters > 0;
}

static int all_cyrillic(const char *s)
{
	return all_script(s, USCRIPT_CYRILLIC);
}

static int all_han(const char *s)
{
	return all_script(s, USCRIPT_HAN);
}

/* The conventions to try for a Latin spelling, likeliest first. */
static void guess_conventions(const char *conv[3], const char *name,
			      const char *from)
{
	int fr = strstr(name, "ou") || strstr(name, "tch") ||
		 strstr(name, "\xC3\xAF") || strstr(name, "ine ") ||
		 (strlen(name) > 3 && !strcmp(name + strlen(name) - 3, "ine"));
	int de = strchr(name, 'w') || strchr(name, 'W') ||
		 strstr(name, "sch") || strstr(name, "Sch") ||
		 strchr(name, 'j') || strchr(name, 'J');

	if (from && !strcmp(from, "fr"))
		fr = 2;
	else if (from && !strcmp(from, "de"))
		de = 2;
	if (fr > de) {
		conv[0] = "fr", conv[1] = "en", conv[2] = "de";
	} else if (de) {
		conv[0] = "de", conv[1] = "en", conv[2] = "fr";
	} else {
		conv[0] = "en", conv[1] = "fr", conv[2] = "de";
	}
}

/* The pinyin syllables of locales/zh/pinyin-syllables.txt. */
static pthread_mutex_t pinyin_lock = PTHREAD_MUTEX_INITIALIZER;
static char *pinyin_text; /* "\nba\nbai\n...": one per line */

static int is_syllable(const char *s, size_t n)
{
	char w[16];

	if (n + 3 > sizeof(w))
		return 0;
	w[0] = '\n';
	memcpy(w + 1, s, n);
	w[n + 1] = '\n';
	w[n + 2] = '\0';
	return strstr(pinyin_text, w) != NULL;
}

/* How many pinyin syllables word w[0..n) splits into, or 0. */
static int syllables_cut(const char *w, size_t n, size_t *starts)
{
	int best[64];
	size_t from[64], i, j;
	int k;

	if (n == 0 || n >= ALN_ARRAY_SIZE(best))
		return 0;
	best[0] = 0;
	for (i = 1; i <= n; i++) {
		best[i] = -1;
		for (j = i > 6 ? i - 6 : 0; j < i; j++)
			if (best[j] >= 0 && is_syllable(w + j, i - j) &&
			    (best[i] < 0 || best[j] + 1 < best[i])) {
				best[i] = best[j] + 1;
				from[i] = j;
			}
	}
	if (best[n] <= 0)
		return 0;
	if (starts)
		for (i = n, k = best[n]; k > 0; k--) {
			starts[k - 1] = from[i];
			i = from[i];
		}
	return best[n];
}

/*
 * How many pinyin syllables word w[0..n) splits into (fewest), or 0;
 * with starts, their offsets (at most 64).
 */
static int syllables_in(const char *w, size_t n)
{
	return syllables_cut(w, n, NULL);
}

/*
 * A pinyin name (Xi Jinping, already checked by looks_pinyin()) in
 * Russian, word by word with the Palladius rules; *out NULL when the
 * rule file is missing.
 */
static int pinyin_to_russian(char **out, const char *name, size_t len)
{
	aln_buf b = ALN_BUF_INIT;
	char *f = NULL;
	size_t flen, i;
	int rc;

	*out = NULL;
	if (!aln__names_have_rules("ru", "names-zh.txt"))
		return 0;
	if ((rc = aln_fold(&f, &flen, name, len,
			   ALN_FOLD_CASE | ALN_FOLD_ACCENTS)) < 0)
		return rc;
	for (i = 0; i < flen && rc == 0;) {
		size_t e = i, starts[64], k0, w = 0;
		int k, nsyl;
		UChar *word = NULL;
		int32_t wn = 0;

		while (e < flen && f[e] >= 'a' && f[e] <= 'z')
			e++;
		if (e == i) {
			if (f[i] == ' ' && b.len)
				rc = aln_buf_putc(&b, ' ');
			i++;
			continue;
		}
		/* An apostrophe joins the syllables of one word: Min'er. */
		while (e + 1 < flen && f[e] == '\'' && f[e + 1] >= 'a' &&
		       f[e + 1] <= 'z') {
			e++;
			while (e < flen && f[e] >= 'a' && f[e] <= 'z')
				e++;
		}
		for (k0 = i; k0 < e && rc == 0;) {
			size_t ke = k0;

			while (ke < e && f[ke] != '\'')
				ke++;
			nsyl = syllables_cut(f + k0, ke - k0, starts);
			for (k = 0; k < nsyl && rc == 0; k++) {
				size_t s0 = k0 + starts[k];
				size_t s1 =
					k + 1 < nsyl ? k0 + starts[k + 1] : ke;
				UChar *syl, *v;
				int32_t sn;

				if ((rc = aln__names_u16(&syl, &sn, f + s0,
							 s1 - s0)) < 0)
					break;
				rc = aln__names_translit(&syl, &sn, NULL,
							 "ru/names-zh.txt");
				if (rc == 0 &&
				    !(v = aln__reallocarray(
					      word, (size_t)(wn + sn + 1),
					      sizeof(UChar))))
					rc = ALN_ENOMEM;
				if (rc == 0) {
					word = v;
					memcpy(word + wn, syl,
					       (size_t)sn * sizeof(UChar));
					wn += sn;
				}
				free(syl);
			}
			k0 = ke + 1;
			w++;
		}
		if (rc == 0 && wn > 0) {
			word[0] = (UChar)u_totitle(word[0]);
			rc = put_u16(&b, word, wn);
		}
		free(word);
		i = e;
	}
	free(f);
	if (rc == 0 && b.len && !(*out = aln_buf_detach(&b, NULL)))
		rc = ALN_ENOMEM;
	aln_buf_free(&b);
	return rc;
}

/*
 * Whether a Latin-script name reads as a Chinese name in pinyin: two or
 * three words, each one to three syllables (Xi Jinping, Ouyang Xiu).
 */
static int looks_pinyin(const char *name, size_t len)
{
	char *f = NULL, *path;
	size_t flen, i, tlen;
	int words = 0, ok = 1;

	pthread_mutex_lock(&pinyin_lock);
	if (!pinyin_text &&
	    (path = aln__data_path("zh", "pinyin-syllables.txt"))) {
		char *t = read_file(path, &tlen);

		free(path);
		if (t) {
			pinyin_text = aln__malloc(tlen + 3);
			if (pinyin_text) {
				pinyin_text[0] = '\n';
				memcpy(pinyin_text + 1, t, tlen);
				pinyin_text[tlen + 1] = '\n';
				pinyin_text[tlen + 2] = '\0';
			}
			free(t);
		}
	}
	pthread_mutex_unlock(&pinyin_lock);
	if (!pinyin_text || aln_fold(&f, &flen, name, len,
				     ALN_FOLD_CASE | ALN_FOLD_ACCENTS) < 0) {
		aln_error_clear();
		return 0;
	}
	for (i = 0; i < flen && ok;) {
		size_t e = i;
		int k;

		while (e < flen && f[e] >= 'a' && f[e] <= 'z')
			e++;
		if (e == i) {
			if (f[i] != ' ' && f[i] != '-' && f[i] != '\'')
				ok = 0;
			i++;
			continue;
		}
		k = syllables_in(f + i, e - i);
		if (k < 1 || k > 3)
			ok = 0;
		words++;
		i = e;
	}
	free(f);
	return ok && words >= 2 && words <= 3;
}

static int latin_forms(struct forms *f, const char *name, size_t len,
		       const UChar *u, int32_t n, const char *const *langs,
		       size_t nlangs, const char *from)
{
	const char *conv[3];
	char *src = NULL, *ru = NULL, *first_ru = NULL;
	size_t i;
	int rc;

	/* A conventional form: Moscou, Moskau, Peking. */
	rc = exception_source(&src, reverse_langs,
			      ALN_ARRAY_SIZE(reverse_langs), name, len);
	if (rc < 0)
		return rc;
	/* A source in Latin script would bring the query back here. */
	if (src && !all_cyrillic(src) && !all_han(src)) {
		free(src);
		src = NULL;
	}
	if (src) {
		size_t i0 = f->n, j, k;

		rc = forms_of_script(f, src, strlen(src), langs, nlangs);
		free(src);
		/*
		 * Reached through a conventional form, the rules' spelling
		 * of the source is noise where a conventional form exists
		 * (Beijing → Пекин must not offer "Pekine" in French).
		 */
		for (j = k = i0; rc == 0 && j < f->n; j++) {
			int conventional = 0;
			size_t l;

			for (l = i0; l < f->n; l++)
				conventional |=
					f->v[l].source == ALN_NAME_EXCEPTION &&
					!strcmp(f->v[l].lang, f->v[j].lang);
			if (conventional && f->v[j].source == ALN_NAME_RULES)
				free(f->v[j].text);
			else
				f->v[k++] = f->v[j];
		}
		if (rc == 0)
			f->n = k;
		return rc;
	}
	guess_conventions(conv, name, from);
	for (i = 0; i < 3 && !looks_pinyin(name, len); i++) {
		struct forms g = { NULL, 0 };
		size_t j;
		int match = 0;

		if ((rc = back_to_russian(&ru, u, n, conv[i])) < 0)
			goto done;
		if (!ru)
			continue;
		/* Letters no rule took (ș, ø): not a Russian spelling. */
		if (!all_cyrillic(ru)) {
			free(ru);
			ru = NULL;
			continue;
		}
		if (!first_ru) {
			first_ru = ru;
			ru = NULL;
			rc = forms_of_script(&g, first_ru, strlen(first_ru),
					     &conv[i], 1);
		} else {
			rc = forms_of_script(&g, ru, strlen(ru), &conv[i], 1);
		}
		for (j = 0; rc == 0 && j < g.n; j++)
			match |= same_spelling(g.v[j].text, strlen(g.v[j].text),
					       name, len) ||
				 (!foreign_spelling(name, conv[i]) &&
				  same_key(g.v[j].text, name, len, conv[i]));
		aln_name_forms_free(g.v, g.n);
		if (rc < 0)
			goto done;
		if (match) {
			/* A Russian name: every form comes from Russian. */
			rc = forms_of_script(f, ru ? ru : first_ru,
					     strlen(ru ? ru : first_ru), langs,
					     nlangs);
			goto done;
		}
		free(ru);
		ru = NULL;
	}
	/*
	 * Not a Russian name by any convention the project knows: Latin
	 * languages keep it, Russian gets the back-transcription.
	 */
	if (looks_pinyin(name, len)) {
		free(first_ru);
		first_ru = NULL;
		if ((rc = pinyin_to_russian(&first_ru, name, len)) < 0)
			goto done;
	}
	for (i = 0; i < nlangs && rc == 0; i++) {
		if (latin_lang(langs[i]))
			rc = add_form(f, langs[i], name, len, ALN_NAME_RULES);
		else if (!strcmp(langs[i], "ru") && first_ru)
			rc = add_form(f, langs[i], first_ru, strlen(first_ru),
				      ALN_NAME_RULES);
	}
done:
	free(ru);
	free(first_ru);
	return rc;
}

static int forms_of_script_from(struct forms *f, const char *name, size_t len,
				const char *const *langs, size_t nlangs,
				const char *from)
{
	UChar *u;
	int32_t n;
	size_t i;
	int rc;
	aln__script sc;

	if ((rc = aln__names_u16(&u, &n, name, len)) < 0)
		return rc;
	sc = aln__names_script(u, n);
	if (sc == ALN__SCRIPT_LATIN) {
		rc = latin_forms(f, name, len, u, n, langs, nlangs, from);
		free(u);
		return rc;
	}
	for (i = 0; i < nlangs && rc == 0; i++) {
		if (sc == ALN__SCRIPT_CYRILLIC)
			rc = cyrillic_forms(f, name, len, u, n, langs[i]);
		else if (sc == ALN__SCRIPT_HAN)
			rc = han_forms(f, name, len, u, n, langs[i]);
		else if (sc == ALN__SCRIPT_OTHER)
			rc = other_forms(f, name, len, u, n, langs[i]);
	}
	free(u);
	return rc;
}

static int forms_of_script(struct forms *f, const char *name, size_t len,
			   const char *const *langs, size_t nlangs)
{
	return forms_of_script_from(f, name, len, langs, nlangs, NULL);
}

/* Keeps, per language, exceptions first, in the order of langs. */
static int sort_forms(struct forms *f, const char *const *langs, size_t nlangs)
{
	aln_name_form *v;
	size_t i, j, k = 0;
	int pass;

	if (!f->n)
		return 0;
	if (!(v = aln__calloc(f->n, sizeof(*v))))
		return ALN_ENOMEM;
	for (i = 0; i < nlangs; i++)
		for (pass = 0; pass < 2; pass++)
			for (j = 0; j < f->n; j++)
				if (!strcmp(f->v[j].lang, langs[i]) &&
				    (f->v[j].source == ALN_NAME_EXCEPTION) ==
					    (pass == 0) &&
				    f->v[j].text) {
					v[k++] = f->v[j];
					f->v[j].text = NULL;
				}
	for (j = 0; j < f->n; j++)
		free(f->v[j].text);
	free(f->v);
	f->v = v;
	f->n = k;
	return 0;
}

int aln_names_rules(aln_name_form **out, size_t *count, const char *name,
		    size_t len, const aln_names_options *opts)
{
	char canon[16][ALN_LANG_MAX];
	const char *langs[16];
	const char *from = NULL;
	char fromb[ALN_LANG_MAX];
	struct forms f = { NULL, 0 };
	size_t nlangs, i;
	char *norm = NULL;
	size_t nlen;
	int rc;

	*out = NULL;
	*count = 0;
	if (opts && opts->version != ALN_NAMES_OPTIONS_VERSION)
		return aln__error(ALN_EINVAL, _("unknown options version %u"),
				  opts->version);
	if (opts && opts->langs && opts->nlangs) {
		if (opts->nlangs > ALN_ARRAY_SIZE(langs))
			return aln__error(ALN_ELIMIT,
					  _("too many languages: %zu (at most "
					    "%zu)"),
					  opts->nlangs, ALN_ARRAY_SIZE(langs));
		for (i = 0; i < opts->nlangs; i++) {
			if ((rc = aln_lang_base(canon[i], sizeof(canon[i]),
						opts->langs[i])) < 0)
				return rc;
			langs[i] = canon[i];
		}
		nlangs = opts->nlangs;
	} else {
		for (i = 0; i < ALN_ARRAY_SIZE(all_langs); i++)
			langs[i] = all_langs[i];
		nlangs = ALN_ARRAY_SIZE(all_langs);
	}
	if (opts && opts->from) {
		if ((rc = aln_lang_base(fromb, sizeof(fromb), opts->from)) < 0)
			return rc;
		from = fromb;
	}
	if ((rc = aln_fold(&norm, &nlen, name, len, 0)) < 0)
		return rc;
	/* Trim white space around the name. */
	{
		char *s = norm, *e = norm + nlen;

		while (s < e &&
		       (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'))
			s++;
		while (e > s && (e[-1] == ' ' || e[-1] == '\t' ||
				 e[-1] == '\n' || e[-1] == '\r'))
			e--;
		if (s == e) {
			free(norm);
			return aln__error(ALN_EINVAL, "%s",
					  _("the name is empty"));
		}
		for (i = 0; i < (size_t)(e - s); i++)
			if ((unsigned char)s[i] < 0x20 && s[i] != '\t') {
				free(norm);
				rc = aln__error(ALN_EINVAL, "%s",
						_("the name holds a control "
						  "character"));
				aln__error_at(NULL, 0, 0, (long long)i);
				aln__error_hint("%s", _("give one name on one "
							"line"));
				return rc;
			}
		rc = forms_of_script_from(&f, s, (size_t)(e - s), langs, nlangs,
					  from);
	}
	free(norm);
	if (rc == 0)
		rc = sort_forms(&f, langs, nlangs);
	if (rc < 0) {
		aln_name_forms_free(f.v, f.n);
		return rc;
	}
	*out = f.v;
	*count = f.n;
	return 0;
}

int aln_names_transcribe(char **out, const char *name, size_t len,
			 const char *from, const char *to)
{
	aln_names_options o = ALN_NAMES_OPTIONS_INIT;
	aln_name_form *f;
	size_t n;
	int rc;

	*out = NULL;
	o.langs = &to;
	o.nlangs = 1;
	o.from = from;
	if ((rc = aln_names_rules(&f, &n, name, len, &o)) < 0)
		return rc;
	if (n == 0) {
		aln_name_forms_free(f, n);
		return aln__error(ALN_ENOTFOUND,
				  _("no rule writes this name in '%s'"), to);
	}
	*out = f[0].text;
	f[0].text = NULL;
	aln_name_forms_free(f, n);
	return 0;
}
