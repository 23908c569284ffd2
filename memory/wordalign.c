// SPDX-License-Identifier: MIT
/*
 * The word-level core of concordance: words with folded keys, the
 * expression matcher, and the association model that finds which
 * target words translate an expression.
 *
 * Why association scores and not IBM Model 1/2: the memory grows one
 * unit at a time and may hold a million units. EM needs passes over the
 * whole memory after every import, and its tables hold every co-occurring
 * pair. Association needs only counts that add up as units are stored
 * (how many units hold each word, per language) plus, at query time, the
 * co-occurrences inside the units that hold the expression, which the
 * full-text index hands over in milliseconds. It also treats a multiword
 * expression as one item, so "routes de la soie" gets its own
 * translation statistics instead of a product of word probabilities.
 * The weight of a target word is the share of the expression's
 * occurrences it translates: (r - b) / (1 - b), r its rate in the hits'
 * targets (a Wilson lower bound, so that a handful of hits proves
 * little) and b its rate elsewhere. The span is then the contiguous run
 * of target words with the best total weight above a threshold, with
 * identity/cognate evidence, a length prior and a weak diagonal prior.
 * Nothing here touches SQLite or prints.
 */
#include "term-internal.h"
#include "buf.h"

#include <ctype.h>
#include <libstemmer.h>
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

/* ---- string map ---- */

static uint64_t hash_bytes(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h ? h : 1;
}

static int smap_grow(aln__smap *m)
{
	size_t cap = m->cap ? m->cap * 2 : 64;
	aln__smap_entry *s = aln__calloc(cap, sizeof(*s));

	if (!s)
		return ALN_ENOMEM;
	for (size_t i = 0; i < m->cap; i++) {
		aln__smap_entry *e = &m->slots[i];
		size_t j;

		if (!e->key)
			continue;
		for (j = e->hash & (cap - 1); s[j].key; j = (j + 1) & (cap - 1))
			;
		s[j] = *e;
	}
	free(m->slots);
	m->slots = s;
	m->cap = cap;
	return 0;
}

aln__smap_entry *aln__smap_get(aln__smap *m, const char *key, size_t len,
			       bool create)
{
	uint64_t h = hash_bytes(key, len);
	size_t j;

	if (m->cap) {
		for (j = h & (m->cap - 1); m->slots[j].key;
		     j = (j + 1) & (m->cap - 1)) {
			aln__smap_entry *e = &m->slots[j];

			if (e->hash == h && e->keylen == len &&
			    !memcmp(e->key, key, len))
				return e;
		}
	}
	if (!create)
		return NULL;
	if ((m->count + 1) * 4 > m->cap * 3 && smap_grow(m) < 0)
		return NULL;
	for (j = h & (m->cap - 1); m->slots[j].key; j = (j + 1) & (m->cap - 1))
		;
	if (!(m->slots[j].key = aln__strndup(key, len)))
		return NULL;
	m->slots[j].keylen = len;
	m->slots[j].hash = h;
	m->slots[j].value = 0;
	m->count++;
	return &m->slots[j];
}

void aln__smap_free(aln__smap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->slots[i].key);
	free(m->slots);
	m->slots = NULL;
	m->cap = m->count = 0;
}

/* ---- languages, stemmers, stopwords ---- */

/* The base language of a tag, lower case: "fr-CA" -> "fr". */
static void base_lang(char *out, size_t size, const char *lang)
{
	size_t i;

	for (i = 0; lang && lang[i] && lang[i] != '-' && lang[i] != '_' &&
		    i + 1 < size;
	     i++)
		out[i] = (char)tolower((unsigned char)lang[i]);
	out[i] = '\0';
}

bool aln__lang_unspaced(const char *lang)
{
	static const char *const unspaced[] = { "zh", "ja", "th", "lo",
						"km", "my", "bo" };
	char b[16];

	base_lang(b, sizeof(b), lang);
	for (size_t i = 0; i < ALN_ARRAY_SIZE(unspaced); i++)
		if (!strcmp(b, unspaced[i]))
			return true;
	return false;
}

/* Languages that elide articles with an apostrophe: l'homme, dell'arte. */
static bool lang_elides(const char *lang)
{
	char b[16];

	base_lang(b, sizeof(b), lang);
	return !strcmp(b, "fr") || !strcmp(b, "it") || !strcmp(b, "ca");
}

struct sb_stemmer *aln__stemmer_new(const char *lang)
{
	char b[16];
	struct sb_stemmer *s;

	base_lang(b, sizeof(b), lang);
	/* libstemmer knows ISO 639-1 codes as well as English names. */
	s = b[0] ? sb_stemmer_new(b, "UTF_8") : NULL;
	if (!s) {
		aln__error(ALN_EUNSUPPORTED,
			   _("no stemmer for the language '%s'"),
			   lang ? lang : "");
		aln__error_hint("%s", _("search without --stem"));
	}
	return s;
}

/*
 * Bumped whenever a stemmer is freed: a new stemmer may then get the
 * freed one's address, and the stem cache below must not answer for it.
 */
static atomic_ulong stemmer_generation = 1;

void aln__stemmer_free(struct sb_stemmer *s)
{
	if (s) {
		atomic_fetch_add(&stemmer_generation, 1);
		sb_stemmer_delete(s);
	}
}

int aln__stopwords_load(aln__smap *set, const char *lang)
{
	char b[16], line[256];
	char *path;
	FILE *f;

	base_lang(b, sizeof(b), lang);
	if (!b[0])
		return 0;
	if (!(path = aln__data_path(b, "stopwords.txt")))
		return aln__error_oom();
	f = fopen(path, "r");
	free(path);
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		size_t n = strcspn(line, "\r\n#");

		while (n && (line[n - 1] == ' ' || line[n - 1] == '\t'))
			n--;
		if (!n)
			continue;
		if (!aln__smap_get(set, line, n, true)) {
			fclose(f);
			return ALN_ENOMEM;
		}
	}
	fclose(f);
	return 0;
}

bool aln__is_stop(const aln__smap *set, const aln__word *w)
{
	/* Single letters: elisions written apart ("s' il"), initials. */
	if (w->keylen == 1 && !w->ideo && !w->number)
		return true;
	return w->punct ||
	       aln__smap_get((aln__smap *)set, w->key, w->keylen, false);
}

/* ---- words ---- */

/*
 * Appends s folded to b, one code point at a time and without
 * allocating: case folding (simple, plus ß -> ss), and with accents,
 * the canonical decomposition with its combining marks dropped (Hangul
 * syllables are kept whole). A word's key is compared only with keys
 * made by this same function, so it need not match aln_fold() to the
 * letter; it must be fast, as a query folds thousands of words.
 */
int aln__fold_append(aln_buf *b, const char *s, size_t n, bool accents)
{
	static const UNormalizer2 *nfd;
	UErrorCode st = U_ZERO_ERROR;
	int32_t i = 0;
	int rc;

	if (accents && !nfd) {
		nfd = unorm2_getNFDInstance(&st);
		if (U_FAILURE(st))
			return aln__error(ALN_EICU, "%s", u_errorName(st));
	}
	if ((rc = aln_buf_grow(b, n + 8)) < 0)
		return rc;
	while ((size_t)i < n) {
		UChar32 c, d[8];
		UChar u[16];
		int32_t nd = 0, nu, k = 0;

		/*
		 * A run of ASCII, written straight into the room grown above
		 * (one byte out per byte in): most words of most texts.
		 */
		if ((unsigned char)s[i] < 0x80) {
			size_t room;

			/* Case folding may have lengthened what came before. */
			if (b->len + 1 >= b->cap &&
			    (rc = aln_buf_grow(b, n - (size_t)i + 8)) < 0)
				return rc;
			room = b->cap - b->len - 1;

			while ((size_t)i < n && room &&
			       (unsigned char)s[i] < 0x80) {
				char a = s[i++];

				b->ptr[b->len++] =
					a >= 'A' && a <= 'Z'
						? (char)(a + 'a' - 'A')
						: a;
				room--;
			}
			b->ptr[b->len] = '\0';
			continue;
		}
		U8_NEXT(s, i, (int32_t)n, c);
		if (c < 0)
			c = 0xfffd;
		if (c < 0x80) {
			if (c >= 'A' && c <= 'Z')
				c += 'a' - 'A';
			if ((rc = aln_buf_putc(b, (char)c)) < 0)
				return rc;
			continue;
		}
		if (c == 0xdf || c == 0x1e9e) {
			if ((rc = aln_buf_put(b, "ss", 2)) < 0)
				return rc;
			continue;
		}
		/* Ligatures spelt out as often as not: cœur, coeur. */
		if (accents &&
		    (c == 0x153 || c == 0x152 || c == 0xe6 || c == 0xc6)) {
			if ((rc = aln_buf_put(
				     b, c == 0x153 || c == 0x152 ? "oe" : "ae",
				     2)) < 0)
				return rc;
			continue;
		}
		c = u_foldCase(c, U_FOLD_CASE_DEFAULT);
		st = U_ZERO_ERROR;
		if (accents && !(c >= 0xac00 && c <= 0xd7a3) &&
		    (nu = unorm2_getDecomposition(nfd, c, u, 16, &st)) > 0 &&
		    U_SUCCESS(st)) {
			for (int32_t j = 0; j < nu && nd < 8;) {
				UChar32 x;

				U16_NEXT(u, j, nu, x);
				if (u_charType(x) != U_NON_SPACING_MARK)
					d[nd++] = x;
			}
		} else if (accents && u_charType(c) == U_NON_SPACING_MARK) {
			nd = 0;
		} else {
			d[nd++] = c;
		}
		for (k = 0; k < nd; k++) {
			char out[4];
			int32_t len = 0;
			UBool err = false;

			U8_APPEND(out, len, 4, d[k], err);
			if (!err && (rc = aln_buf_put(b, out, (size_t)len)) < 0)
				return rc;
		}
	}
	return 0;
}

/* Appends the key of text[start, end) to pool: case- and accent-folded. */
static int put_key(aln_buf *pool, const char *s, size_t n)
{
	return aln__fold_append(pool, s, n, true);
}

/*
 * A per-thread cache of stems, direct-mapped by a hash of the word as
 * written and the stemmer: the targets of a concordance repeat the same
 * few thousand words hundreds of times, and stemming (with the two
 * foldings around it) was a quarter of a query's time.
 */
enum { STEM_SLOTS = 1024, STEM_WORD_MAX = 27 };

typedef struct stem_slot {
	const struct sb_stemmer *stemmer;
	unsigned long generation;
	unsigned char wlen, slen;
	char word[STEM_WORD_MAX], stem[STEM_WORD_MAX];
} stem_slot;

static _Thread_local stem_slot stem_cache[STEM_SLOTS];

static int stem_compute(aln_buf *pool, const char *s, size_t n,
			struct sb_stemmer *stemmer)
{
	aln_buf w = ALN_BUF_INIT;
	const sb_symbol *st;
	int rc;

	if ((rc = aln__fold_append(&w, s, n, false)) < 0)
		return rc;
	st = sb_stemmer_stem(stemmer, (const sb_symbol *)w.ptr, (int)w.len);
	if (!st) {
		aln_buf_free(&w);
		return aln__error_oom();
	}
	rc = aln__fold_append(pool, (const char *)st,
			      (size_t)sb_stemmer_length(stemmer), true);
	aln_buf_free(&w);
	return rc;
}

/*
 * Appends the stem of text[start, end) to pool: the stemmer sees the
 * case-folded word with its accents, and its result is accent-folded.
 */
int aln__stem_append(aln_buf *pool, const char *s, size_t n,
		     struct sb_stemmer *stemmer)
{
	unsigned long gen = atomic_load(&stemmer_generation);
	uint64_t h = hash_bytes(s, n) ^ (uint64_t)(uintptr_t)stemmer;
	stem_slot *e = &stem_cache[(h ^ (h >> 29)) & (STEM_SLOTS - 1)];
	size_t mark = pool->len;
	int rc;

	if (n <= STEM_WORD_MAX && e->stemmer == stemmer &&
	    e->generation == gen && e->wlen == n && !memcmp(e->word, s, n))
		return aln_buf_put(pool, e->stem, e->slen);
	if ((rc = stem_compute(pool, s, n, stemmer)) < 0)
		return rc;
	if (n <= STEM_WORD_MAX && pool->len - mark <= STEM_WORD_MAX) {
		e->stemmer = stemmer;
		e->generation = gen;
		e->wlen = (unsigned char)n;
		e->slen = (unsigned char)(pool->len - mark);
		memcpy(e->word, s, n);
		memcpy(e->stem, pool->ptr + mark, e->slen);
	}
	return 0;
}

/* Where an elided article ends inside a word: "l'", "qu'", "dell'". */
static size_t elision_end(const char *s, size_t n)
{
	for (size_t i = 1; i < n && i <= 6; i++) {
		size_t alen = 0;

		if (s[i] == '\'')
			alen = 1;
		else if (i + 2 < n && !memcmp(s + i, "\xe2\x80\x99", 3))
			alen = 3;
		if (alen && i + alen < n)
			return i + alen;
	}
	return 0;
}

static int push_word(aln__words *out, size_t *cap, size_t **offs,
		     const char *text, size_t start, size_t end,
		     aln_token_kind kind, struct sb_stemmer *stemmer)
{
	aln__word *w;
	int rc;

	if (out->n == *cap) {
		size_t c = *cap ? *cap * 2 : 32;
		aln__word *nw = aln__reallocarray(out->w, c, sizeof(*nw));
		size_t *no;

		if (!nw)
			return ALN_ENOMEM;
		out->w = nw;
		if (!(no = aln__reallocarray(*offs, 2 * c, sizeof(*no))))
			return ALN_ENOMEM;
		*offs = no;
		*cap = c;
	}
	w = &out->w[out->n];
	memset(w, 0, sizeof(*w));
	w->start = start;
	w->end = end;
	w->punct = kind == ALN_TOKEN_PUNCT;
	w->number = kind == ALN_TOKEN_NUMBER;
	w->ideo = kind == ALN_TOKEN_IDEO;
	{
		UChar32 c;
		int32_t i = (int32_t)start;

		U8_NEXT(text, i, (int32_t)end, c);
		w->upper = c >= 0 && u_isupper(c);
	}
	(*offs)[2 * out->n] = out->pool.len;
	if ((rc = put_key(&out->pool, text + start, end - start)) < 0)
		return rc;
	w->keylen = out->pool.len - (*offs)[2 * out->n];
	if ((rc = aln_buf_putc(&out->pool, '\0')) < 0)
		return rc;
	(*offs)[2 * out->n + 1] = (*offs)[2 * out->n];
	w->stemlen = w->keylen;
	if (stemmer && kind == ALN_TOKEN_WORD) {
		(*offs)[2 * out->n + 1] = out->pool.len;
		if ((rc = aln__stem_append(&out->pool, text + start,
					   end - start, stemmer)) < 0)
			return rc;
		w->stemlen = out->pool.len - (*offs)[2 * out->n + 1];
		if ((rc = aln_buf_putc(&out->pool, '\0')) < 0)
			return rc;
	}
	out->n++;
	return 0;
}

int aln__words_split(aln__words *out, const char *text, size_t len,
		     const char *lang, struct sb_stemmer *stemmer)
{
	aln_token *t = NULL;
	size_t nt = 0, cap = 0, *offs = NULL;
	bool elide = lang_elides(lang);
	int rc;

	aln__words_free(out);
	if ((rc = aln_tokenize(&t, &nt, text, len, lang)) < 0)
		return rc;
	/*
	 * Room for the usual case at once (a key and a stem per word, a
	 * word per token): a concordance splits hundreds of sentences, and
	 * growing these step by step cost more than filling them.
	 */
	cap = nt + 4;
	if (!(out->w = aln__reallocarray(NULL, cap, sizeof(*out->w))) ||
	    !(offs = aln__reallocarray(NULL, 2 * cap, sizeof(*offs))) ||
	    aln_buf_grow(&out->pool, 2 * len + 2 * nt + 16) < 0) {
		free(t);
		free(offs);
		aln__words_free(out);
		return ALN_ENOMEM;
	}
	for (size_t i = 0; i < nt && rc == 0; i++) {
		size_t s = t[i].start, e = t[i].end, cut;

		if (elide && t[i].kind == ALN_TOKEN_WORD &&
		    (cut = elision_end(text + s, e - s)) > 0) {
			rc = push_word(out, &cap, &offs, text, s, s + cut,
				       ALN_TOKEN_WORD, stemmer);
			s += cut;
		}
		if (rc == 0)
			rc = push_word(out, &cap, &offs, text, s, e, t[i].kind,
				       stemmer);
	}
	free(t);
	if (rc == 0) {
		for (size_t i = 0; i < out->n; i++) {
			out->w[i].key = out->pool.ptr + offs[2 * i];
			out->w[i].stem = out->pool.ptr + offs[2 * i + 1];
		}
	} else {
		aln__words_free(out);
	}
	free(offs);
	return rc;
}

void aln__words_free(aln__words *w)
{
	free(w->w);
	aln_buf_free(&w->pool);
	w->w = NULL;
	w->n = 0;
}

/* ---- the query ---- */

int aln__query_init(aln__query *q, const char *expr, const char *lang,
		    struct sb_stemmer *stemmer)
{
	aln_buf j = ALN_BUF_INIT;
	int rc;

	memset(q, 0, sizeof(*q));
	q->unspaced = aln__lang_unspaced(lang);
	if ((rc = aln__words_split(&q->words, expr, strlen(expr), lang,
				   stemmer)) < 0)
		return rc;
	for (size_t i = 0; i < q->words.n; i++)
		if ((rc = aln_buf_put(&j, q->words.w[i].stem,
				      q->words.w[i].stemlen)) < 0)
			break;
	if (rc == 0 && !(q->joined = aln_buf_detach(&j, &q->joinedlen)))
		rc = ALN_ENOMEM;
	aln_buf_free(&j);
	if (rc < 0)
		aln__query_free(q);
	return rc;
}

void aln__query_free(aln__query *q)
{
	aln__words_free(&q->words);
	free(q->joined);
	q->joined = NULL;
}

static bool same_key(const aln__word *a, const aln__word *b)
{
	return a->keylen == b->keylen && !memcmp(a->key, b->key, a->keylen);
}

/* Substring search over the joined keys, for scripts without spaces. */
static bool find_unspaced(const aln__query *q, const aln__words *s,
			  size_t *first, size_t *last)
{
	aln_buf j = ALN_BUF_INIT;
	size_t *at;
	bool found = false;
	char *hit;

	if (!q->joinedlen || !s->n)
		return false;
	if (!(at = aln__calloc(s->n + 1, sizeof(*at))))
		return false;
	for (size_t i = 0; i < s->n; i++) {
		at[i] = j.len;
		if (aln_buf_put(&j, s->w[i].stem, s->w[i].stemlen) < 0)
			goto done;
	}
	at[s->n] = j.len;
	if (j.ptr && (hit = memmem(j.ptr, j.len, q->joined, q->joinedlen))) {
		size_t from = (size_t)(hit - j.ptr), to = from + q->joinedlen;
		size_t a = 0, b;

		while (a + 1 < s->n && at[a + 1] <= from)
			a++;
		for (b = a; b < s->n && at[b] < to; b++)
			;
		*first = a;
		*last = b;
		found = true;
	}
done:
	aln_buf_free(&j);
	free(at);
	return found;
}

static bool same_stem(const aln__word *a, const aln__word *b)
{
	return a->stemlen == b->stemlen &&
	       !memcmp(a->stem, b->stem, a->stemlen);
}

/*
 * Word by word, the query's punctuation ignored and the sentence's
 * skipped between words, so that "mr weston" finds "Mr. Weston" and
 * "red room" finds "red-room".
 */
bool aln__query_find(const aln__query *q, const aln__words *s, size_t *first,
		     size_t *last)
{
	size_t k = 0;

	for (size_t j = 0; j < q->words.n; j++)
		k += !q->words.w[j].punct;
	if (!k)
		return false;
	if (q->unspaced)
		return find_unspaced(q, s, first, last);
	for (size_t i = 0; i < s->n; i++) {
		size_t j = 0, at = i, end = i;

		if (s->w[i].punct)
			continue;
		for (; j < q->words.n; j++) {
			if (q->words.w[j].punct)
				continue;
			while (at < s->n && at > i && s->w[at].punct)
				at++;
			if (at >= s->n || !same_stem(&q->words.w[j], &s->w[at]))
				break;
			end = ++at;
		}
		if (j == q->words.n) {
			*first = i;
			*last = end;
			return true;
		}
	}
	return false;
}

/* ---- co-occurrence and association ---- */

int aln__cooc_add(aln__cooc *c, const aln__words *target)
{
	/* Each key counts once per unit: mark with the hit number. */
	long long mark = -(c->nhits + 1);

	for (size_t i = 0; i < target->n; i++) {
		const aln__word *w = &target->w[i];
		aln__smap_entry *e;

		if (w->punct)
			continue;
		if (!(e = aln__smap_get(&c->counts, w->stem, w->stemlen, true)))
			return ALN_ENOMEM;
		/* value: count in the high bits, last hit in the low 24. */
		if ((e->value & 0xffffff) == ((-mark) & 0xffffff) &&
		    e->value != 0)
			continue;
		e->value = ((e->value >> 24) + 1) << 24 | ((-mark) & 0xffffff);
	}
	c->nhits++;
	for (size_t i = 0; i < target->n; i++)
		c->words += !target->w[i].punct;
	return 0;
}

void aln__cooc_free(aln__cooc *c)
{
	aln__smap_free(&c->counts);
	c->nhits = 0;
	c->words = 0;
}

int aln__assoc_add(aln__assoc *a, const aln__cooc *c, long long nunits,
		   aln__df_fn df, void *data)
{
	const double z = 1.0;
	double n = (double)c->nhits, shrink = n / (n + 2.0);

	if (c->nhits <= 0)
		return 0;
	for (size_t i = 0; i < c->counts.cap; i++) {
		const aln__smap_entry *e = &c->counts.slots[i];
		long long cnt, d = 0;
		double r, b, w, rest;
		aln__smap_entry *slot;
		int rc;

		if (!e->key)
			continue;
		cnt = e->value >> 24;
		r = ((double)cnt + z * z / 2 -
		     z * sqrt((double)cnt * (n - (double)cnt) / n +
			      z * z / 4)) /
		    (n + z * z);
		/*
		 * The weight cannot exceed r * shrink: below what the span
		 * finder counts as evidence, skip the frequency lookup.
		 */
		if (r * shrink < 0.03)
			continue;
		if ((rc = df(data, e->key, e->keylen, &d)) < 0)
			return rc;
		if (d < cnt)
			d = cnt;
		rest = (double)(nunits - c->nhits);
		b = rest > 0 ? (double)(d - cnt) / rest : 0.0;
		/* The same word rate, over sentences as long as the hits. */
		if (a->mean_len > 0 && c->words > 0)
			b = 1.0 - pow(1.0 - b, c->words / n / a->mean_len);
		if (b > 0.999)
			b = 0.999;
		w = (r - b) / (1.0 - b) * shrink;
		if (w <= 0)
			continue;
		if (!(slot = aln__smap_get(&a->keys, e->key, e->keylen, true)))
			return ALN_ENOMEM;
		if (slot->value == 0) {
			if (a->nweight == a->cap) {
				size_t nc = a->cap ? a->cap * 2 : 64;
				double *nw = aln__reallocarray(a->weight, nc,
							       sizeof(*nw));

				if (!nw)
					return ALN_ENOMEM;
				a->weight = nw;
				a->cap = nc;
			}
			a->weight[a->nweight] = 0;
			slot->value = (long long)++a->nweight;
		}
		if (w > a->weight[slot->value - 1])
			a->weight[slot->value - 1] = w;
	}
	return 0;
}

double aln__assoc_weight(const aln__assoc *a, const char *key, size_t len)
{
	aln__smap_entry *e =
		aln__smap_get((aln__smap *)&a->keys, key, len, false);

	return e ? a->weight[e->value - 1] : 0.0;
}

void aln__assoc_free(aln__assoc *a)
{
	aln__smap_free(&a->keys);
	aln__smap_free(&a->stop);
	free(a->weight);
	memset(a, 0, sizeof(*a));
}

/* ---- the span finder ---- */

static size_t common_prefix(const aln__word *a, const aln__word *b)
{
	size_t n = 0;

	while (n < a->keylen && n < b->keylen && a->key[n] == b->key[n])
		n++;
	return n;
}

/*
 * Identity or cognate evidence between a target word and a source word:
 * the same key (names, numbers, loan words) or a long shared beginning
 * (président/president, gouvernement/government share "gov" only and
 * are left to the association weights).
 */
static double cognate(const aln__word *t, const aln__word *s)
{
	size_t p;

	if (t->punct || s->punct)
		return 0;
	if (same_key(t, s))
		return t->keylen >= 2 || t->number || t->ideo ? 0.9 : 0;
	p = common_prefix(t, s);
	if (p >= 5 && t->keylen >= 6 && s->keylen >= 6)
		return 0.6;
	return 0;
}

double aln__word_evidence(const aln__assoc *a, const aln__words *src,
			  size_t first, size_t last, const aln__word *t)
{
	double e = aln__assoc_weight(a, t->stem, t->stemlen);

	for (size_t i = first; i < last && i < src->n; i++) {
		double c = cognate(t, &src->w[i]);

		if (c > e)
			e = c;
	}
	return e;
}

size_t aln__utf8_chars(const char *s, size_t n)
{
	size_t c = 0;

	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xc0) != 0x80;
	return c;
}

/* Whether a source word outside [first, last) has the rival's stem. */
static bool rival_present(const aln__rival *r, const aln__words *src,
			  size_t first, size_t last)
{
	for (size_t i = 0; i < src->n; i++)
		if ((i < first || i >= last) &&
		    src->w[i].stemlen == r->stemlen &&
		    !memcmp(src->w[i].stem, r->stem, r->stemlen))
			return true;
	return false;
}

bool aln__span_find(const aln__assoc *a, const aln__rival *rivals,
		    size_t nrivals, const aln__words *src, size_t first,
		    size_t last, const aln__words *tgt, size_t *tfirst,
		    size_t *tlast)
{
	const double threshold = 0.2, evidence = 0.03, len_cost = 0.04;
	size_t n = tgt->n, ns = 0, nt = 0, k = 0;
	double *score, best = -1e300, center, expect, top = 0, top_content = 0;
	bool found = false, *stop, present[8] = { false };

	if (!n || first >= last)
		return false;
	if (!(score = aln__calloc(n, sizeof(*score) + sizeof(*stop))))
		return false;
	stop = (bool *)(score + n);
	for (size_t i = 0; i < src->n; i++)
		ns += !src->w[i].punct;
	for (size_t i = 0; i < n; i++)
		nt += !tgt->w[i].punct;
	for (size_t i = first; i < last; i++)
		k += !src->w[i].punct;
	for (size_t r = 0; r < nrivals && r < ALN_ARRAY_SIZE(present); r++)
		present[r] = rival_present(&rivals[r], src, first, last);
	/* Expected length in target words, and where the span should sit. */
	expect = ns ? (double)k * (double)nt / (double)ns : (double)k;
	if (expect < 1)
		expect = 1;
	center = ((double)first + (double)last) / 2.0 / (double)src->n;
	for (size_t j = 0; j < n; j++) {
		const aln__word *t = &tgt->w[j];
		double s, pos;

		stop[j] = aln__is_stop(&a->stop, t);
		if (t->punct) {
			stop[j] = true;
			score[j] = -1.0;
			/*
			 * A hyphen or apostrophe inside a word joins it; so
			 * does the full stop of an abbreviation ("M. Weston").
			 */
			if (j > 0 && j + 1 < n && !tgt->w[j - 1].punct &&
			    !tgt->w[j + 1].punct &&
			    tgt->w[j - 1].end == t->start &&
			    (t->end == tgt->w[j + 1].start ||
			     (t->end - t->start == 1 &&
			      tgt->w[j - 1].keylen <= 3 &&
			      tgt->w[j + 1].start == t->end + 1)))
				score[j] = -0.05;
			continue;
		}
		s = aln__assoc_weight(a, t->stem, t->stemlen);
		/*
		 * Competitive linking at the type level: a target word that
		 * another word of this sentence explains better is that
		 * word's translation ("chambre" for "room" in a hit of
		 * "red").
		 */
		for (size_t r = 0; r < nrivals && r < ALN_ARRAY_SIZE(present);
		     r++)
			if (present[r] &&
			    aln__assoc_weight(&rivals[r].assoc, t->stem,
					      t->stemlen) > s)
				s *= 0.3;
		for (size_t i = first; i < last; i++) {
			double c = cognate(t, &src->w[i]);

			if (c > s)
				s = c;
		}
		/*
		 * A word that repeats a source word outside the expression
		 * translates that word, not the expression ("Emma" in a hit
		 * of "said").
		 */
		for (size_t i = 0; i < src->n && s > 0; i++)
			if ((i < first || i >= last) && t->keylen >= 2 &&
			    same_key(t, &src->w[i]))
				s *= 0.3;
		if (stop[j]) {
			/* "M." for "Mr", "une heure" for "an hour". */
			if (a->open_edges ||
			    (s >= 0.3 && t->keylen == 1 && t->upper))
				stop[j] = false;
			s *= 0.5;
		}
		if (s > top)
			top = s;
		if (!stop[j] && s > top_content)
			top_content = s;
		pos = ((double)j + 0.5) / (double)n - center;
		score[j] = s - threshold + 0.03 * (1.0 - fabs(pos));
	}
	if (top < evidence) {
		free(score);
		return false;
	}
	/*
	 * A span neither starts nor ends on a function word ("la tête" is
	 * "tête"), unless only function words carry evidence.
	 */
	if (top_content < evidence && !a->open_edges) {
		/* Only function words: better no span than a wrong one. */
		free(score);
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		double sum = 0;
		size_t words = 0;

		if (stop[i])
			continue;
		for (size_t j = i; j < n; j++) {
			double v;

			sum += score[j];
			words += !tgt->w[j].punct;
			if (stop[j])
				continue;
			v = sum - len_cost * fabs((double)words - expect);
			if (v > best) {
				best = v;
				*tfirst = i;
				*tlast = j + 1;
				found = true;
			}
		}
	}
	free(score);
	return found;
}
