// SPDX-License-Identifier: MIT
/*
 * The memory's evidence about names (aln_memory_names). The names index
 * holds every name found in the variants of the stored units: in each
 * non-Chinese variant the spans of aln_names_find() (and, for a name of
 * several words, its last word alone: the surname that "M. Poutine"
 * repeats), each with its language, its matching key, how many units it
 * was seen in and one of them. A Chinese variant has no spaces to find
 * names by: the names of the unit's other variants are looked for in it,
 * as runs of two to four Han characters whose key agrees (Xi Jinping
 * finds 习近平), which links the names of one unit across languages.
 * Russian, Ukrainian and Belarusian names are indexed in the nominative
 * (aln__names_nominative: Владимиром Путиным → Владимир Путин), so that
 * every case of a name counts for one form.
 *
 * A lookup takes the matching keys of the query and of the forms the
 * rules give it in every language, and answers, per language, the
 * indexed forms with one of those keys, most seen first, then the rules'
 * forms.
 *
 * The index is built from the units through the public unit walk the
 * first time a memory handle is asked, and kept for that handle until
 * the memory's unit count changes; aln__names_index_unit() is the entry
 * point a store would call to keep a persistent index instead.
 */
#include "internal.h"
#include "memory-internal.h"
#include "names-internal.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

struct nform {
	char lang[ALN_LANG_MAX]; /* base language */
	char *text;
	char *key;
	unsigned long count;
	long long unit;	     /* the first unit it was seen in */
	long long last_unit; /* to count each unit once */
};

struct names_index {
	struct nform *v;
	size_t n, cap;
	size_t *slots; /* open addressing over (lang, text); 0 = empty */
	size_t nslots;
};

static uint64_t hash2(const char *a, const char *b)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *a; a++)
		h = (h ^ (unsigned char)*a) * 1099511628211ULL;
	h = (h ^ 0xff) * 1099511628211ULL;
	for (; *b; b++)
		h = (h ^ (unsigned char)*b) * 1099511628211ULL;
	return h;
}

static int grow_slots(struct names_index *ix)
{
	size_t n = ix->nslots ? ix->nslots * 2 : 1024, i;
	size_t *s = aln__calloc(n, sizeof(*s));

	if (!s)
		return ALN_ENOMEM;
	for (i = 0; i < ix->n; i++) {
		size_t j = hash2(ix->v[i].lang, ix->v[i].text) & (n - 1);

		while (s[j])
			j = (j + 1) & (n - 1);
		s[j] = i + 1;
	}
	free(ix->slots);
	ix->slots = s;
	ix->nslots = n;
	return 0;
}

static void index_free(struct names_index *ix)
{
	size_t i;

	for (i = 0; i < ix->n; i++) {
		free(ix->v[i].text);
		free(ix->v[i].key);
	}
	free(ix->v);
	free(ix->slots);
	memset(ix, 0, sizeof(*ix));
}

/* Counts one sighting of text (len bytes) in language lang, unit id. */
static int add_name(struct names_index *ix, const char *lang, const char *text,
		    size_t len, const char *key, long long unit)
{
	struct nform *f;
	char *t;
	size_t j;
	int rc;

	if (!(t = aln__strndup(text, len)))
		return ALN_ENOMEM;
	if (ix->n * 2 >= ix->nslots && (rc = grow_slots(ix)) < 0) {
		free(t);
		return rc;
	}
	j = hash2(lang, t) & (ix->nslots - 1);
	while (ix->slots[j]) {
		f = &ix->v[ix->slots[j] - 1];
		if (!strcmp(f->lang, lang) && !strcmp(f->text, t)) {
			free(t);
			if (f->last_unit != unit) {
				f->count++;
				f->last_unit = unit;
			}
			return 0;
		}
		j = (j + 1) & (ix->nslots - 1);
	}
	if (ix->n == ix->cap) {
		size_t cap = ix->cap ? ix->cap * 2 : 256;
		struct nform *v = aln__reallocarray(ix->v, cap, sizeof(*v));

		if (!v) {
			free(t);
			return ALN_ENOMEM;
		}
		ix->v = v;
		ix->cap = cap;
	}
	f = &ix->v[ix->n];
	memset(f, 0, sizeof(*f));
	snprintf(f->lang, sizeof(f->lang), "%s", lang);
	f->text = t;
	if (!(f->key = aln__strdup(key))) {
		free(t);
		return ALN_ENOMEM;
	}
	f->count = 1;
	f->unit = unit;
	f->last_unit = unit;
	ix->slots[j] = ++ix->n;
	return 0;
}

/*
 * Keys cost ICU transforms and names repeat: the keys already computed,
 * by (language, text), emptied when they pass a bound. Callers hold
 * cache_lock.
 */
static struct names_index keycache;

static int key_of(char **out, const char *s, size_t len, const char *lang)
{
	char *t, *key = NULL;
	size_t j;
	int rc;

	*out = NULL;
	if (!(t = aln__strndup(s, len)))
		return ALN_ENOMEM;
	for (j = keycache.nslots ? hash2(lang, t) & (keycache.nslots - 1) : 0;
	     keycache.nslots && keycache.slots[j];
	     j = (j + 1) & (keycache.nslots - 1)) {
		struct nform *f = &keycache.v[keycache.slots[j] - 1];

		if (!strcmp(f->lang, lang) && !strcmp(f->text, t)) {
			free(t);
			*out = aln__strdup(f->key);
			return *out ? 0 : ALN_ENOMEM;
		}
	}
	free(t);
	if ((rc = aln_names_key(&key, s, len, lang)) < 0)
		return rc;
	if (keycache.n >= 200000)
		index_free(&keycache);
	if ((rc = add_name(&keycache, lang, s, len, key, 0)) < 0) {
		aln_free(key);
		return rc;
	}
	*out = key;
	return 0;
}

static int is_cjk_lang(const char *base)
{
	return !strcmp(base, "zh") || !strcmp(base, "ja") ||
	       !strcmp(base, "yue");
}

/*
 * The keys of the names found in a unit's variants, and the names
 * themselves (with their languages) for the Chinese search.
 */
struct unit_keys {
	char **keys;
	size_t n;
	char **names;
	char **langs;
	size_t nnames;
};

static int add_unit_name(struct unit_keys *k, const char *text, size_t len,
			 const char *lang)
{
	char **a, **b;

	if (!(a = aln__reallocarray(k->names, k->nnames + 1, sizeof(*a))))
		return ALN_ENOMEM;
	k->names = a;
	if (!(b = aln__reallocarray(k->langs, k->nnames + 1, sizeof(*b))))
		return ALN_ENOMEM;
	k->langs = b;
	a[k->nnames] = aln__strndup(text, len);
	b[k->nnames] = aln__strdup(lang);
	if (!a[k->nnames] || !b[k->nnames]) {
		free(a[k->nnames]);
		free(b[k->nnames]);
		return ALN_ENOMEM;
	}
	k->nnames++;
	return 0;
}

static int add_key(struct unit_keys *k, const char *key)
{
	char **v;
	size_t i;

	if (!*key)
		return 0;
	for (i = 0; i < k->n; i++)
		if (!strcmp(k->keys[i], key))
			return 0;
	if (!(v = aln__reallocarray(k->keys, k->n + 1, sizeof(*v))))
		return ALN_ENOMEM;
	k->keys = v;
	if (!(v[k->n] = aln__strdup(key)))
		return ALN_ENOMEM;
	k->n++;
	return 0;
}

static int has_key(const struct unit_keys *k, const char *key)
{
	size_t i;

	for (i = 0; i < k->n; i++)
		if (!strcmp(k->keys[i], key))
			return 1;
	return 0;
}

/* Indexes one name span of a Latin or Cyrillic variant, as written. */
static int index_span_as(struct names_index *ix, struct unit_keys *k,
			 const char *base, const char *s, size_t len,
			 long long unit)
{
	char *key = NULL;
	size_t i;
	int rc;

	if ((rc = key_of(&key, s, len, base)) < 0)
		return rc;
	rc = *key ? add_name(ix, base, s, len, key, unit) : 0;
	if (rc == 0)
		rc = add_key(k, key);
	if (rc == 0)
		rc = add_unit_name(k, s, len, base);
	aln_free(key);
	/* The last word alone: the surname that the text repeats. */
	for (i = len; rc == 0 && i > 0; i--)
		if (s[i - 1] == ' ') {
			if ((rc = key_of(&key, s + i, len - i, base)) < 0)
				return rc;
			if (*key)
				rc = add_name(ix, base, s + i, len - i, key,
					      unit);
			if (rc == 0)
				rc = add_key(k, key);
			aln_free(key);
			break;
		}
	return rc;
}

/* Whether names in lang are declined (Путиным, о Путине). */
static int declines(const char *base)
{
	return !strcmp(base, "ru") || !strcmp(base, "uk") ||
	       !strcmp(base, "be");
}

/*
 * Indexes one name span of a Latin or Cyrillic variant; a Russian,
 * Ukrainian or Belarusian one in the nominative (Путиным → Путин).
 */
static int index_span(struct names_index *ix, struct unit_keys *k,
		      const char *base, const char *s, size_t len,
		      long long unit)
{
	char *nom = NULL;
	int rc;

	if (declines(base)) {
		if ((rc = aln__names_nominative(&nom, s, len)) < 0)
			return rc;
		s = nom;
		len = strlen(nom);
	}
	rc = index_span_as(ix, k, base, s, len, unit);
	free(nom);
	return rc;
}

static int is_han_at(const char *s, size_t len, size_t i, size_t *next)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t j = (int32_t)i;
	UChar32 c;

	U8_NEXT(s, j, (int32_t)len, c);
	*next = (size_t)j;
	return c >= 0 && uscript_getScript(c, &st) == USCRIPT_HAN;
}

/*
 * Finds in a Chinese variant the runs of 2 to 4 Han characters whose key
 * is one of the unit's other names' keys.
 */
static int index_han(struct names_index *ix, const struct unit_keys *k,
		     const char *base, const char *s, size_t len,
		     long long unit)
{
	size_t i = 0, j, l;
	int rc = 0;

	if (!k->n)
		return 0;
	/* The conventional Chinese forms of the names: Putin finds 普京. */
	for (j = 0; j < k->nnames && rc == 0; j++) {
		aln_names_options o = ALN_NAMES_OPTIONS_INIT;
		const char *langs[1];
		aln_name_form *f = NULL;
		size_t n = 0;

		langs[0] = base;
		o.langs = langs;
		o.nlangs = 1;
		o.from = k->langs[j];
		if (aln_names_rules(&f, &n, k->names[j], strlen(k->names[j]),
				    &o) < 0) {
			aln_error_clear();
			continue;
		}
		for (l = 0; l < n && rc == 0; l++) {
			const char *hit;
			char *key = NULL;

			if (f[l].source != ALN_NAME_EXCEPTION ||
			    !(hit = strstr(s, f[l].text)) ||
			    (size_t)(hit - s) >= len)
				continue;
			if ((rc = key_of(&key, f[l].text, strlen(f[l].text),
					 base)) == 0)
				rc = add_name(ix, base, f[l].text,
					      strlen(f[l].text), key, unit);
			aln_free(key);
		}
		aln_name_forms_free(f, n);
	}
	while (i < len && rc == 0) {
		size_t next, ends[5], e, n;

		if (!is_han_at(s, len, i, &next)) {
			i = next > i ? next : i + 1;
			continue;
		}
		/* Candidate ends after 1..4 Han characters from i. */
		ends[0] = i;
		for (n = 0, e = i; n < 4 && e < len; n++) {
			size_t nx;

			if (!is_han_at(s, len, e, &nx))
				break;
			ends[n + 1] = nx;
			e = nx;
		}
		for (; n >= 2 && rc == 0; n--) {
			char *key = NULL;

			if ((rc = key_of(&key, s + i, ends[n] - i, base)) < 0)
				return rc;
			if (*key && has_key(k, key)) {
				rc = add_name(ix, base, s + i, ends[n] - i, key,
					      unit);
				aln_free(key);
				break;
			}
			aln_free(key);
		}
		i = next;
	}
	return rc;
}

/*
 * The capitalised word that opens a sentence: no name by itself for
 * aln_names_find(), but one here when another variant of the unit has a
 * name, or an opening word, with its key (Путин встретился... beside
 * Poutine a rencontré...). *key is "" when the text opens otherwise.
 */
static int opener(char **key, size_t *start, size_t *end, const char *s,
		  size_t len, const char *base)
{
	aln_token *t = NULL;
	size_t n = 0;
	int32_t i = 0;
	UChar32 c;
	int rc;

	*key = NULL;
	if ((rc = aln_tokenize(&t, &n, s, len, base)) < 0)
		return rc;
	if (n && t[0].kind == ALN_TOKEN_WORD) {
		U8_NEXT(s + t[0].start, i, (int32_t)(t[0].end - t[0].start), c);
		if (c >= 0 && (u_isupper(c) || u_istitle(c))) {
			*start = t[0].start;
			*end = t[0].end;
			rc = key_of(key, s + t[0].start, t[0].end - t[0].start,
				    base);
		}
	}
	aln_free(t);
	if (rc == 0 && !*key && !(*key = aln__strdup("")))
		rc = ALN_ENOMEM;
	return rc;
}

int aln__names_index_unit(struct names_index *ix, const aln_unit *u);

/*
 * Adds the names of unit u to the index: every variant's names, then
 * the names that a Chinese variant shares with the others.
 */
int aln__names_index_unit(struct names_index *ix, const aln_unit *u)
{
	struct unit_keys k = { NULL, 0, NULL, NULL, 0 };
	char base[ALN_LANG_MAX];
	char **okeys = NULL;
	aln_name_span *ospan = NULL;
	size_t i, j;
	int rc = 0;

	for (i = 0; i < u->nvariants && rc == 0; i++) {
		const aln_variant *v = &u->variants[i];
		aln_name_span *sp = NULL;
		size_t n = 0;

		if (!v->lang || !v->text ||
		    aln_lang_base(base, sizeof(base), v->lang) < 0) {
			aln_error_clear();
			continue;
		}
		if (is_cjk_lang(base))
			continue;
		rc = aln_names_find(&sp, &n, v->text, strlen(v->text), base);
		for (j = 0; rc == 0 && j < n; j++)
			rc = index_span(ix, &k, base, v->text + sp[j].start,
					sp[j].end - sp[j].start, u->id);
		aln_free(sp);
	}
	/* Sentence openers, kept when another variant agrees. */
	if (rc == 0 && !(okeys = aln__calloc(u->nvariants + 1, sizeof(*okeys))))
		rc = ALN_ENOMEM;
	if (rc == 0 && !(ospan = aln__calloc(u->nvariants + 1, sizeof(*ospan))))
		rc = ALN_ENOMEM;
	for (i = 0; i < u->nvariants && rc == 0; i++) {
		const aln_variant *v = &u->variants[i];

		if (!v->lang || !v->text ||
		    aln_lang_base(base, sizeof(base), v->lang) < 0) {
			aln_error_clear();
			continue;
		}
		if (!is_cjk_lang(base))
			rc = opener(&okeys[i], &ospan[i].start, &ospan[i].end,
				    v->text, strlen(v->text), base);
	}
	for (i = 0; i < u->nvariants && rc == 0; i++) {
		const aln_variant *v = &u->variants[i];
		int agree;

		if (!okeys[i] || !*okeys[i] ||
		    aln_lang_base(base, sizeof(base), v->lang) < 0)
			continue;
		agree = has_key(&k, okeys[i]);
		for (j = 0; !agree && j < u->nvariants; j++)
			agree = j != i && okeys[j] &&
				!strcmp(okeys[j], okeys[i]);
		if (agree)
			rc = add_name(ix, base, v->text + ospan[i].start,
				      ospan[i].end - ospan[i].start, okeys[i],
				      u->id);
	}
	for (i = 0; rc == 0 && i < u->nvariants; i++)
		if (okeys[i] && *okeys[i])
			rc = add_key(&k, okeys[i]);
	/* Chinese variants: the other variants' names in Han characters. */
	for (i = 0; i < u->nvariants && rc == 0; i++) {
		const aln_variant *v = &u->variants[i];

		if (!v->lang || !v->text ||
		    aln_lang_base(base, sizeof(base), v->lang) < 0) {
			aln_error_clear();
			continue;
		}
		if (is_cjk_lang(base))
			rc = index_han(ix, &k, base, v->text, strlen(v->text),
				       u->id);
	}
	for (i = 0; okeys && i < u->nvariants; i++)
		aln_free(okeys[i]);
	free(okeys);
	free(ospan);
	for (i = 0; i < k.n; i++)
		free(k.keys[i]);
	free(k.keys);
	for (i = 0; i < k.nnames; i++) {
		free(k.names[i]);
		free(k.langs[i]);
	}
	free(k.names);
	free(k.langs);
	return rc;
}

/* ------------------------------------------------------------------ */
/* The index of one memory handle, built on demand                     */

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
	aln_memory *m;
	long long units;
	struct names_index ix;
} cache;

static int index_cb(const aln_unit *u, void *data)
{
	int rc = aln__names_index_unit(data, u);

	/* A sentence the name finder cannot read is no reason to stop. */
	if (rc == ALN_EENCODING || rc == ALN_EICU) {
		aln_error_clear();
		rc = 0;
	}
	return rc;
}

/* The index of m, built or rebuilt when its unit count changed. */
static int get_index(struct names_index **out, aln_memory *m)
{
	struct aln_memory_stats st;
	struct names_index ix;
	int rc;

	memset(&st, 0, sizeof(st));
	if ((rc = aln_memory_stats(m, &st)) < 0)
		return rc;
	aln_memory_stats_clear(&st);
	if (cache.m == m && cache.units == st.units) {
		*out = &cache.ix;
		return 0;
	}
	memset(&ix, 0, sizeof(ix));
	if ((rc = aln_memory_each_unit(m, NULL, index_cb, &ix)) < 0) {
		index_free(&ix);
		return rc;
	}
	index_free(&cache.ix);
	cache.m = m;
	cache.units = st.units;
	cache.ix = ix;
	*out = &cache.ix;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Lookup                                                              */

struct keyset {
	char **v;
	size_t n;
};

static int keyset_add(struct keyset *s, const char *text, size_t len,
		      const char *lang)
{
	char *key = NULL, **v;
	size_t i;
	int rc;

	if ((rc = key_of(&key, text, len, lang)) < 0)
		return rc;
	for (i = 0; i < s->n; i++)
		if (!strcmp(s->v[i], key))
			break;
	if (!*key || i < s->n) {
		aln_free(key);
		return 0;
	}
	if (!(v = aln__reallocarray(s->v, s->n + 1, sizeof(*v)))) {
		aln_free(key);
		return ALN_ENOMEM;
	}
	s->v = v;
	s->v[s->n++] = key;
	return 0;
}

static int keyset_has(const struct keyset *s, const char *key)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (!strcmp(s->v[i], key))
			return 1;
	return 0;
}

static int cmp_count(const void *a, const void *b)
{
	const struct nform *x = *(const struct nform *const *)a;
	const struct nform *y = *(const struct nform *const *)b;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return x->unit < y->unit ? -1 : x->unit > y->unit;
}

/*
 * Whether x is an inflected form of base y: y followed by up to three
 * letters in a language that inflects names with endings (Russian,
 * Ukrainian, Belarusian: Путина, Путиным), or by s / 's in the others
 * (Putins, Putin's).
 */
static int inflected(const char *x, const char *y, const char *lang)
{
	size_t ylen = strlen(y), i, letters = 0;
	const char *rest;

	if (strncmp(x, y, ylen) || !x[ylen])
		return 0;
	rest = x + ylen;
	if (strcmp(lang, "ru") && strcmp(lang, "uk") && strcmp(lang, "be"))
		return !strcmp(rest, "s") || !strcmp(rest, "'s") ||
		       !strcmp(rest, "\xE2\x80\x99s");
	for (i = 0; rest[i]; i++)
		if (((unsigned char)rest[i] & 0xC0) != 0x80)
			letters++;
	return letters <= 3;
}

static int cmp_form_count(const void *a, const void *b)
{
	const aln_name_form *x = a, *y = b;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return x->unit < y->unit ? -1 : x->unit > y->unit;
}

/* The keys of the query: its own, and those of its rule forms. */
static int query_keys(struct keyset *ks, const char *name, size_t len)
{
	static const char *const conv[] = { "en", "fr", "de" };
	aln_names_options o = ALN_NAMES_OPTIONS_INIT;
	aln_name_form *f = NULL;
	size_t n = 0, i;
	int rc = 0;

	for (i = 0; i < ALN_ARRAY_SIZE(conv) && rc == 0; i++)
		rc = keyset_add(ks, name, len, conv[i]);
	if (rc < 0)
		return rc;
	if ((rc = aln_names_rules(&f, &n, name, len, &o)) < 0)
		return rc;
	for (i = 0; i < n && rc == 0; i++)
		rc = keyset_add(ks, f[i].text, strlen(f[i].text), f[i].lang);
	aln_name_forms_free(f, n);
	return rc;
}

int aln_memory_names(aln_name_form **out, size_t *count, aln_memory *m,
		     const char *name, size_t len,
		     const aln_names_options *opts)
{
	static const char *const defaults[] = { "en", "fr", "de", "ru", "zh" };
	char bases[16][ALN_LANG_MAX];
	struct keyset ks = { NULL, 0 };
	struct names_index *ix = NULL;
	struct nform **hits = NULL;
	aln_name_form *rules = NULL, *res = NULL;
	size_t nrules = 0, nhits = 0, nres = 0, nlangs, i, j;
	int rc;

	*out = NULL;
	*count = 0;
	if ((rc = aln_names_rules(&rules, &nrules, name, len, opts)) < 0)
		return rc;
	if (opts && opts->langs && opts->nlangs) {
		nlangs = opts->nlangs;
		for (i = 0; i < nlangs; i++)
			aln_lang_base(bases[i], sizeof(bases[i]),
				      opts->langs[i]);
	} else {
		nlangs = ALN_ARRAY_SIZE(defaults);
		for (i = 0; i < nlangs; i++)
			snprintf(bases[i], sizeof(bases[i]), "%s", defaults[i]);
	}
	if (m) {
		pthread_mutex_lock(&cache_lock);
		rc = get_index(&ix, m);
		if (rc == 0)
			rc = query_keys(&ks, name, len);
		if (rc == 0 && ix->n &&
		    !(hits = aln__calloc(ix->n, sizeof(*hits))))
			rc = ALN_ENOMEM;
		for (i = 0; rc == 0 && i < ix->n; i++)
			if (keyset_has(&ks, ix->v[i].key))
				hits[nhits++] = &ix->v[i];
		if (nhits)
			qsort(hits, nhits, sizeof(*hits), cmp_count);
	}
	if (rc == 0 && !(res = aln__calloc(nhits + nrules + 1, sizeof(*res))))
		rc = ALN_ENOMEM;
	for (i = 0; rc == 0 && i < nlangs; i++) {
		size_t first = nres, k;

		for (j = 0; rc == 0 && j < nhits; j++) {
			aln_name_form *r = &res[nres];

			if (strcmp(hits[j]->lang, bases[i]))
				continue;
			memcpy(r->lang, bases[i], sizeof(r->lang));
			if (!(r->text = aln__strdup(hits[j]->text)))
				rc = ALN_ENOMEM;
			r->source = ALN_NAME_MEMORY;
			r->count = hits[j]->count;
			r->unit = hits[j]->unit;
			nres++;
		}
		/* Inflected forms count for their base form (Путина, Putins). */
		for (j = first; rc == 0 && j < nres; j++)
			for (k = first; k < nres; k++)
				if (k != j && res[k].text && res[j].text &&
				    inflected(res[j].text, res[k].text,
					      bases[i])) {
					res[k].count += res[j].count;
					if (res[j].unit < res[k].unit)
						res[k].unit = res[j].unit;
					free(res[j].text);
					res[j].text = NULL;
					break;
				}
		for (j = k = first; j < nres; j++)
			if (res[j].text)
				res[k++] = res[j];
		nres = k;
		if (nres > first)
			qsort(res + first, nres - first, sizeof(*res),
			      cmp_form_count);
		for (j = 0; rc == 0 && j < nrules; j++)
			if (!strcmp(rules[j].lang, bases[i]) && rules[j].text) {
				res[nres] = rules[j];
				rules[j].text = NULL;
				nres++;
			}
	}
	if (m)
		pthread_mutex_unlock(&cache_lock);
	for (i = 0; i < ks.n; i++)
		aln_free(ks.v[i]);
	free(ks.v);
	free(hits);
	aln_name_forms_free(rules, nrules);
	if (rc < 0) {
		aln_name_forms_free(res, nres);
		return rc;
	}
	*out = res;
	*count = nres;
	return 0;
}
