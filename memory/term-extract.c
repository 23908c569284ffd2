// SPDX-License-Identifier: MIT
/*
 * Term candidates: recurring multiword expressions on each side of the
 * memory, paired by association. Pass 1 counts, per side, the units that
 * hold each n-gram of 2 to 5 words that contains no punctuation or
 * number and neither starts nor ends with a stopword; an n-gram almost
 * always seen inside a longer one is dropped for it ("routes de la" for
 * "routes de la soie"). Pass 2 counts which frequent source and target
 * n-grams share units. Pairs are scored by logDice (14 + log2(2 f_st /
 * (f_s + f_t))), which does not grow with the size of the memory and
 * does not favour rare items as mutual information does, and linked
 * competitively: the best pair first, each n-gram used once. Pass 3
 * copies the example sentences of the pairs kept, so that no sentence
 * is held for the many pairs that are not. The store feeds the units;
 * nothing here touches SQLite.
 */
#include "term-internal.h"
#include "buf.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_GRAM 7

/*
 * Pass 1 keeps no n-gram text: an open-addressing table from the
 * n-gram's 64-bit hash to the number of units holding it (16 bytes an
 * n-gram, where a string map cost over 100, which at a million units
 * meant gigabytes). Before pass 2 it keeps only the n-grams seen in
 * min_count units or more, and pass 2 gives those a gram record when it
 * meets them. Pairs live in a table of the same shape, keyed by the two
 * grams' indexes. Two n-grams whose 64-bit hashes collide would pool
 * their counts; at a few million n-grams that is about one chance in a
 * million.
 */
typedef struct hslot {
	uint64_t key;	/* 0: empty */
	uint32_t count; /* units holding it */
	uint32_t aux;	/* pass 1: last unit + 1; then gram index + 1 */
} hslot;

typedef struct htab {
	hslot *slots;
	size_t cap, n; /* cap a power of two, or 0 */
} htab;

static size_t hslot_at(const htab *t, uint64_t key)
{
	return (size_t)((key * 0x9e3779b97f4a7c15ULL) >> 17) & (t->cap - 1);
}

static int htab_grow(htab *t)
{
	size_t cap = t->cap ? t->cap * 2 : 1024;
	htab nt = { aln__calloc(cap, sizeof(hslot)), cap, t->n };

	if (!nt.slots)
		return ALN_ENOMEM;
	for (size_t i = 0; i < t->cap; i++) {
		size_t j;

		if (!t->slots[i].key)
			continue;
		for (j = hslot_at(&nt, t->slots[i].key); nt.slots[j].key;
		     j = (j + 1) & (cap - 1))
			;
		nt.slots[j] = t->slots[i];
	}
	free(t->slots);
	*t = nt;
	return 0;
}

/*
 * The slot of key; with create, a zeroed one is added when missing.
 * NULL when missing (without create) or out of memory (with create).
 * Valid until the next insertion.
 */
static hslot *htab_get(htab *t, uint64_t key, bool create)
{
	size_t j;

	if (t->cap)
		for (j = hslot_at(t, key); t->slots[j].key;
		     j = (j + 1) & (t->cap - 1))
			if (t->slots[j].key == key)
				return &t->slots[j];
	if (!create)
		return NULL;
	if ((t->n + 1) * 4 > t->cap * 3 && htab_grow(t) < 0)
		return NULL;
	for (j = hslot_at(t, key); t->slots[j].key; j = (j + 1) & (t->cap - 1))
		;
	t->slots[j].key = key;
	t->slots[j].count = 0;
	t->slots[j].aux = 0;
	t->n++;
	return &t->slots[j];
}

static void htab_free(htab *t)
{
	free(t->slots);
	t->slots = NULL;
	t->cap = t->n = 0;
}

/* FNV-1a, fed word by word: the hash of "k1 k2 ... kn". */
static uint64_t fnv_feed(uint64_t h, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

#define FNV_START 1469598103934665603ULL

/* The hash of words [i, i + n) of w, as pass 1 and pass 2 compute it. */
static uint64_t gram_hash(const aln__words *w, size_t i, size_t n)
{
	uint64_t h = FNV_START;

	for (size_t k = i; k < i + n; k++) {
		if (k > i)
			h = fnv_feed(h, " ", 1);
		h = fnv_feed(h, w->w[k].key, w->w[k].keylen);
	}
	return h ? h : 1;
}

typedef struct gram {
	long long count;
	long long mark; /* the last unit that counted it in pass 2 */
	int nwords;
	bool dominated;
	bool checked;  /* its parts were checked for domination */
	char *surface; /* first form seen in pass 2 */
} gram;

typedef struct side {
	char lang[64];
	htab counts; /* pass 1: all n-grams; then the frequent ones */
	gram *grams;
	size_t n, cap;
	aln__smap stop;
} side;

typedef struct example {
	long long unit;
	char *source, *target;
} example;

struct need;

struct aln__extract {
	side sides[2];
	long long min_count;
	long long seq; /* units fed in this pass */
	int pass;
	/*
	 * (source gram << 32 | target gram) + 1 -> units holding both; aux:
	 * 1 + the number in pass 2 of the unit that made it reach
	 * min_count, its example.
	 */
	htab pairs;
	/* Pass 3: the candidates' example units, by unit number. */
	struct need {
		uint32_t seq;
		size_t cand;
	} * need;
	size_t nneed, needpos;
	example *examples; /* owned copies, one per candidate at most */
	size_t nexamples;
	aln__candidate *out;
	size_t nout;
};

int aln__extract_new(aln__extract **out, const char *srclang,
		     const char *tgtlang, long long min_count)
{
	aln__extract *x = aln__calloc(1, sizeof(*x));
	int rc;

	*out = NULL;
	if (!x)
		return ALN_ENOMEM;
	snprintf(x->sides[0].lang, sizeof(x->sides[0].lang), "%s", srclang);
	snprintf(x->sides[1].lang, sizeof(x->sides[1].lang), "%s", tgtlang);
	x->min_count = min_count < 1 ? 1 : min_count;
	x->pass = 1;
	if ((rc = aln__stopwords_load(&x->sides[0].stop, srclang)) < 0 ||
	    (rc = aln__stopwords_load(&x->sides[1].stop, tgtlang)) < 0) {
		aln__extract_free(x);
		return rc;
	}
	*out = x;
	return 0;
}

static bool gram_ok(const side *sd, const aln__words *w, size_t i, size_t n)
{
	for (size_t k = i; k < i + n; k++)
		if (w->w[k].punct || w->w[k].number)
			return false;
	return !aln__is_stop(&sd->stop, &w->w[i]) &&
	       !aln__is_stop(&sd->stop, &w->w[i + n - 1]);
}

/* Pass 1: counts the n-grams of one sentence, once per unit. */
static int count_grams(side *sd, const aln__words *w, long long seq)
{
	for (size_t i = 0; i < w->n; i++)
		for (size_t n = 2; n <= MAX_GRAM && i + n <= w->n; n++) {
			hslot *e;

			if (w->w[i + n - 1].punct || w->w[i + n - 1].number)
				break;
			if (!gram_ok(sd, w, i, n))
				continue;
			if (!(e = htab_get(&sd->counts, gram_hash(w, i, n),
					   true)))
				return ALN_ENOMEM;
			if (e->aux != (uint32_t)seq + 1) {
				e->aux = (uint32_t)seq + 1;
				e->count++;
			}
		}
	return 0;
}

/* The gram record of a frequent n-gram's slot, made when missing. */
static gram *gram_of(side *sd, hslot *e, int nwords)
{
	gram *g;

	if (e->aux)
		return &sd->grams[e->aux - 1];
	if (sd->n == sd->cap) {
		size_t c = sd->cap ? sd->cap * 2 : 256;
		gram *ng = aln__reallocarray(sd->grams, c, sizeof(*ng));

		if (!ng)
			return NULL;
		sd->grams = ng;
		sd->cap = c;
	}
	g = &sd->grams[sd->n];
	memset(g, 0, sizeof(*g));
	g->count = e->count;
	g->nwords = nwords;
	g->mark = -1;
	e->aux = (uint32_t)++sd->n;
	return g;
}

/*
 * A frequent n-gram of 3 words or more takes over each of its parts of
 * 2 words or more that it covers in at least 80 % of their units: every
 * contiguous part is checked, so "nouvelles routes" goes to "forum des
 * nouvelles routes de la soie" even though "des nouvelles routes" is no
 * candidate. Done the first time pass 2 meets the n-gram; pairs counted
 * for a part before it was taken over are dropped at the end.
 */
static int dominate_parts(side *sd, long long count, const aln__words *w,
			  size_t i, size_t n)
{
	for (size_t a = 0; a < n; a++)
		for (size_t b = a + 2; b <= n; b++) {
			hslot *sub;
			gram *sg;

			if (a == 0 && b == n)
				continue;
			sub = htab_get(&sd->counts, gram_hash(w, i + a, b - a),
				       false);
			if (!sub || (double)count < 0.8 * (double)sub->count)
				continue;
			if (!(sg = gram_of(sd, sub, (int)(b - a))))
				return ALN_ENOMEM;
			sg->dominated = true;
		}
	return 0;
}

/*
 * Indexes of the frequent n-grams of a sentence not taken over so far
 * (pass 2), each once, recording the surface form the first time one is
 * seen.
 */
static int frequent_grams(side *sd, const char *text, const aln__words *w,
			  size_t **out, size_t *nout, long long seq)
{
	size_t *idx = NULL, n_idx = 0, cap = 0;
	int rc = 0;

	for (size_t i = 0; i < w->n && rc == 0; i++)
		for (size_t n = 2; n <= MAX_GRAM && i + n <= w->n; n++) {
			hslot *e;
			gram *g;
			size_t gi;

			if (w->w[i + n - 1].punct || w->w[i + n - 1].number)
				break;
			if (!gram_ok(sd, w, i, n))
				continue;
			e = htab_get(&sd->counts, gram_hash(w, i, n), false);
			if (!e)
				continue;
			if (!(g = gram_of(sd, e, (int)n))) {
				rc = ALN_ENOMEM;
				break;
			}
			gi = e->aux - 1;
			if (!g->checked) {
				g->checked = true;
				if (n >= 3 &&
				    (rc = dominate_parts(sd, g->count, w, i,
							 n)) < 0)
					break;
				/* dominate_parts may have moved the grams. */
				g = &sd->grams[gi];
			}
			if (g->dominated || g->mark == seq)
				continue;
			g->mark = seq;
			if (!g->surface &&
			    !(g->surface = aln__strndup(
				      text + w->w[i].start,
				      w->w[i + n - 1].end - w->w[i].start))) {
				rc = ALN_ENOMEM;
				break;
			}
			if (n_idx == cap) {
				size_t c = cap ? cap * 2 : 16;
				size_t *ni =
					aln__reallocarray(idx, c, sizeof(*ni));

				if (!ni) {
					rc = ALN_ENOMEM;
					break;
				}
				idx = ni;
				cap = c;
			}
			idx[n_idx++] = gi;
		}
	if (rc < 0) {
		free(idx);
		return rc;
	}
	*out = idx;
	*nout = n_idx;
	return 0;
}

static int count_pairs(aln__extract *x, const size_t *si, size_t ns,
		       const size_t *ti, size_t nt)
{
	for (size_t a = 0; a < ns; a++)
		for (size_t b = 0; b < nt; b++) {
			uint64_t key = ((uint64_t)si[a] << 32 | ti[b]) + 1;
			hslot *p = htab_get(&x->pairs, key, true);

			if (!p)
				return ALN_ENOMEM;
			/*
			 * The example: the unit where the pair reached
			 * min_count; its texts are read in pass 3, for the
			 * pairs that are kept only.
			 */
			if (++p->count == (uint64_t)x->min_count)
				p->aux = (uint32_t)x->seq + 1;
		}
	return 0;
}

/* Pass 3: copies the texts of the unit if a candidate has it as example. */
static int take_example(aln__extract *x, long long unit, const char *src,
			const char *tgt)
{
	while (x->needpos < x->nneed &&
	       x->need[x->needpos].seq == (uint32_t)x->seq) {
		aln__candidate *c = &x->out[x->need[x->needpos++].cand];
		example *e = &x->examples[x->nexamples];

		e->unit = unit;
		e->source = aln__strdup(src);
		e->target = aln__strdup(tgt);
		if (!e->source || !e->target) {
			free(e->source);
			free(e->target);
			return ALN_ENOMEM;
		}
		x->nexamples++;
		c->example_unit = unit;
		c->example_source = e->source;
		c->example_target = e->target;
	}
	return 0;
}

int aln__extract_add(aln__extract *x, long long unit, const char *src,
		     const char *tgt)
{
	aln__words ws = { 0 }, wt = { 0 };
	size_t *si = NULL, *ti = NULL, ns = 0, nt = 0;
	int rc;

	if (x->pass == 3) {
		rc = take_example(x, unit, src, tgt);
		x->seq++;
		return rc;
	}
	if ((rc = aln__words_split(&ws, src, strlen(src), x->sides[0].lang,
				   NULL)) < 0 ||
	    (rc = aln__words_split(&wt, tgt, strlen(tgt), x->sides[1].lang,
				   NULL)) < 0)
		goto done;
	if (x->pass == 1) {
		if ((rc = count_grams(&x->sides[0], &ws, x->seq)) < 0 ||
		    (rc = count_grams(&x->sides[1], &wt, x->seq)) < 0)
			goto done;
	} else {
		if ((rc = frequent_grams(&x->sides[0], src, &ws, &si, &ns,
					 x->seq)) < 0 ||
		    (rc = frequent_grams(&x->sides[1], tgt, &wt, &ti, &nt,
					 x->seq)) < 0)
			goto done;
		rc = count_pairs(x, si, ns, ti, nt);
	}
done:
	x->seq++;
	free(si);
	free(ti);
	aln__words_free(&ws);
	aln__words_free(&wt);
	return rc;
}

/* Keeps only the n-grams held by min_count units or more. */
static int keep_frequent(side *sd, long long min_count)
{
	htab kept = { 0 };

	for (size_t i = 0; i < sd->counts.cap; i++) {
		const hslot *e = &sd->counts.slots[i];
		hslot *k;

		if (!e->key || (long long)e->count < min_count)
			continue;
		if (!(k = htab_get(&kept, e->key, true))) {
			htab_free(&kept);
			return ALN_ENOMEM;
		}
		k->count = e->count;
	}
	htab_free(&sd->counts);
	sd->counts = kept;
	return 0;
}

static int link_pairs(aln__extract *x);

int aln__extract_next_pass(aln__extract *x)
{
	int rc;

	if (x->pass == 1) {
		if ((rc = keep_frequent(&x->sides[0], x->min_count)) < 0 ||
		    (rc = keep_frequent(&x->sides[1], x->min_count)) < 0)
			return rc;
	} else if (x->pass == 2) {
		if ((rc = link_pairs(x)) < 0)
			return rc;
	} else {
		return 0;
	}
	x->pass++;
	x->seq = 0;
	return 0;
}

static double log_dice(long long f, long long fs, long long ft)
{
	return 14.0 + log2(2.0 * (double)f / (double)(fs + ft));
}

static int by_score(const void *a, const void *b)
{
	const aln__candidate *x = a, *y = b;

	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	/* Ties: by text, so that the order never depends on hashing. */
	int c = strcmp(x->source, y->source);

	return c ? c : strcmp(x->target, y->target);
}

static int by_need(const void *a, const void *b)
{
	const struct need *x = a, *y = b;

	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/*
 * Scores the pairs seen in min_count units, links them competitively
 * into x->out, frees the pair counts, and lists the example units that
 * pass 3 is to copy.
 */
static int link_pairs(aln__extract *x)
{
	aln__candidate *all;
	size_t n = 0;
	bool *used_s, *used_t;

	free(x->out);
	x->out = NULL;
	x->nout = 0;
	if (!(all = aln__calloc(x->pairs.n + 1, sizeof(*all))))
		return ALN_ENOMEM;
	for (size_t i = 0; i < x->pairs.cap; i++) {
		const hslot *p = &x->pairs.slots[i];
		size_t si, ti;
		const gram *s, *t;

		if (!p->key || (long long)p->count < x->min_count || !p->aux)
			continue;
		si = (size_t)((p->key - 1) >> 32);
		ti = (size_t)((p->key - 1) & 0xffffffffu);
		s = &x->sides[0].grams[si];
		t = &x->sides[1].grams[ti];
		/* Parts taken over after their pairs were counted. */
		if (s->dominated || t->dominated || !s->surface || !t->surface)
			continue;
		all[n].source = s->surface;
		all[n].target = t->surface;
		all[n].count = p->count;
		all[n].source_count = s->count;
		all[n].target_count = t->count;
		all[n].score = log_dice(p->count, s->count, t->count);
		all[n].example_seq = p->aux - 1;
		all[n].sidx = si;
		all[n].tidx = ti;
		n++;
	}
	htab_free(&x->pairs);
	qsort(all, n, sizeof(*all), by_score);
	used_s = aln__calloc(x->sides[0].n + 1, sizeof(bool));
	used_t = aln__calloc(x->sides[1].n + 1, sizeof(bool));
	if (!used_s || !used_t) {
		free(used_s);
		free(used_t);
		free(all);
		return ALN_ENOMEM;
	}
	x->out = all;
	for (size_t i = 0; i < n; i++) {
		size_t si = all[i].sidx, ti = all[i].tidx;

		if (used_s[si] || used_t[ti])
			continue;
		used_s[si] = used_t[ti] = true;
		all[x->nout++] = all[i];
	}
	free(used_s);
	free(used_t);
	free(x->need);
	x->nneed = x->needpos = 0;
	if (!(x->need = aln__calloc(x->nout + 1, sizeof(*x->need))) ||
	    !(x->examples = aln__calloc(x->nout + 1, sizeof(*x->examples))))
		return ALN_ENOMEM;
	for (size_t i = 0; i < x->nout; i++) {
		x->need[i].seq = (uint32_t)x->out[i].example_seq;
		x->need[i].cand = i;
	}
	x->nneed = x->nout;
	qsort(x->need, x->nneed, sizeof(*x->need), by_need);
	return 0;
}

int aln__extract_finish(aln__extract *x, const aln__candidate **out,
			size_t *count)
{
	int rc;

	*out = NULL;
	*count = 0;
	/* Without pass 3 the candidates come without examples. */
	if (x->pass == 2 && (rc = link_pairs(x)) < 0)
		return rc;
	if (x->pass == 2)
		x->pass = 3;
	*out = x->out;
	*count = x->nout;
	return 0;
}

static void side_free(side *sd)
{
	for (size_t i = 0; i < sd->n; i++)
		free(sd->grams[i].surface);
	free(sd->grams);
	htab_free(&sd->counts);
	aln__smap_free(&sd->stop);
}

void aln__extract_free(aln__extract *x)
{
	if (!x)
		return;
	side_free(&x->sides[0]);
	side_free(&x->sides[1]);
	for (size_t i = 0; i < x->nexamples; i++) {
		free(x->examples[i].source);
		free(x->examples[i].target);
	}
	free(x->examples);
	free(x->need);
	htab_free(&x->pairs);
	free(x->out);
	free(x);
}
