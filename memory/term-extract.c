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
 * competitively: the best pair first, each n-gram used once. The store
 * feeds the units; nothing here touches SQLite.
 */
#include "term-internal.h"
#include "buf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_GRAM 7

typedef struct gram {
	long long count;
	long long mark; /* the last unit that counted it */
	int nwords;
	bool dominated;
	char *surface; /* first form seen in pass 2 */
} gram;

typedef struct side {
	char lang[64];
	aln__smap map; /* n-gram key -> index + 1 into grams */
	gram *grams;
	size_t n, cap;
	aln__smap stop;
} side;

typedef struct pair {
	size_t s, t;
	long long count;
	long long example;
	char *example_source, *example_target;
} pair;

struct aln__extract {
	side sides[2];
	long long min_count;
	long long seq; /* units fed in this pass */
	int pass;
	aln__smap pairmap; /* "s:t" -> index + 1 into pairs */
	pair *pairs;
	size_t npairs, paircap;
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

static int gram_key(aln_buf *b, const aln__words *w, size_t i, size_t n)
{
	aln_buf_clear(b);
	for (size_t k = i; k < i + n; k++) {
		if (k > i && aln_buf_putc(b, ' ') < 0)
			return ALN_ENOMEM;
		if (aln_buf_put(b, w->w[k].key, w->w[k].keylen) < 0)
			return ALN_ENOMEM;
	}
	return 0;
}

/* Pass 1: counts the n-grams of one sentence, once per unit. */
static int count_grams(side *sd, const aln__words *w, long long seq)
{
	aln_buf key = ALN_BUF_INIT;
	int rc = 0;

	for (size_t i = 0; i < w->n && rc == 0; i++)
		for (size_t n = 2; n <= MAX_GRAM && i + n <= w->n; n++) {
			aln__smap_entry *e;
			gram *g;

			if (w->w[i + n - 1].punct || w->w[i + n - 1].number)
				break;
			if (!gram_ok(sd, w, i, n))
				continue;
			if ((rc = gram_key(&key, w, i, n)) < 0)
				break;
			if (!(e = aln__smap_get(&sd->map, key.ptr, key.len,
						true))) {
				rc = ALN_ENOMEM;
				break;
			}
			if (!e->value) {
				if (sd->n == sd->cap) {
					size_t c = sd->cap ? sd->cap * 2 : 256;
					gram *ng = aln__reallocarray(
						sd->grams, c, sizeof(*ng));

					if (!ng) {
						rc = ALN_ENOMEM;
						break;
					}
					sd->grams = ng;
					sd->cap = c;
				}
				memset(&sd->grams[sd->n], 0, sizeof(gram));
				sd->grams[sd->n].nwords = (int)n;
				sd->grams[sd->n].mark = -1;
				e->value = (long long)++sd->n;
			}
			g = &sd->grams[e->value - 1];
			if (g->mark != seq) {
				g->mark = seq;
				g->count++;
			}
		}
	aln_buf_free(&key);
	return rc;
}

/*
 * Indexes of the frequent, undominated n-grams of a sentence (pass 2),
 * each once, recording the surface form the first time one is seen.
 */
static int frequent_grams(side *sd, const char *text, const aln__words *w,
			  size_t **out, size_t *nout, long long seq)
{
	aln_buf key = ALN_BUF_INIT;
	size_t *idx = NULL, n_idx = 0, cap = 0;
	int rc = 0;

	for (size_t i = 0; i < w->n && rc == 0; i++)
		for (size_t n = 2; n <= MAX_GRAM && i + n <= w->n; n++) {
			aln__smap_entry *e;
			gram *g;

			if (w->w[i + n - 1].punct || w->w[i + n - 1].number)
				break;
			if (!gram_ok(sd, w, i, n))
				continue;
			if ((rc = gram_key(&key, w, i, n)) < 0)
				break;
			e = aln__smap_get(&sd->map, key.ptr, key.len, false);
			if (!e)
				continue;
			g = &sd->grams[e->value - 1];
			if (g->dominated || g->mark == -seq - 2)
				continue;
			g->mark = -seq - 2;
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
			idx[n_idx++] = (size_t)(e->value - 1);
		}
	aln_buf_free(&key);
	if (rc < 0) {
		free(idx);
		return rc;
	}
	*out = idx;
	*nout = n_idx;
	return 0;
}

static int count_pairs(aln__extract *x, long long unit, const char *src,
		       const char *tgt, const size_t *si, size_t ns,
		       const size_t *ti, size_t nt)
{
	char key[64];

	for (size_t a = 0; a < ns; a++)
		for (size_t b = 0; b < nt; b++) {
			int kl = snprintf(key, sizeof(key), "%zu:%zu", si[a],
					  ti[b]);
			aln__smap_entry *e = aln__smap_get(&x->pairmap, key,
							   (size_t)kl, true);
			pair *p;

			if (!e)
				return ALN_ENOMEM;
			if (!e->value) {
				if (x->npairs == x->paircap) {
					size_t c = x->paircap ? x->paircap * 2
							      : 256;
					pair *np = aln__reallocarray(
						x->pairs, c, sizeof(*np));

					if (!np)
						return ALN_ENOMEM;
					x->pairs = np;
					x->paircap = c;
				}
				memset(&x->pairs[x->npairs], 0, sizeof(pair));
				x->pairs[x->npairs].s = si[a];
				x->pairs[x->npairs].t = ti[b];
				e->value = (long long)++x->npairs;
			}
			p = &x->pairs[e->value - 1];
			p->count++;
			/* Keep an example only for pairs that may be kept. */
			if (p->count == x->min_count) {
				p->example = unit;
				p->example_source = aln__strdup(src);
				p->example_target = aln__strdup(tgt);
				if (!p->example_source || !p->example_target)
					return ALN_ENOMEM;
			}
		}
	return 0;
}

int aln__extract_add(aln__extract *x, long long unit, const char *src,
		     const char *tgt)
{
	aln__words ws = { 0 }, wt = { 0 };
	size_t *si = NULL, *ti = NULL, ns = 0, nt = 0;
	int rc;

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
		rc = count_pairs(x, unit, src, tgt, si, ns, ti, nt);
	}
done:
	x->seq++;
	free(si);
	free(ti);
	aln__words_free(&ws);
	aln__words_free(&wt);
	return rc;
}

/*
 * Marks the n-grams below min_count, and those that a longer n-gram
 * covers in at least 80 % of their units, as not candidates: every
 * contiguous part of a frequent n-gram is checked, so "nouvelles
 * routes" goes to "forum des nouvelles routes de la soie" even though
 * "des nouvelles routes" is no candidate.
 */
static void mark_dominated(side *sd, long long min_count)
{
	for (size_t i = 0; i < sd->map.cap; i++) {
		const aln__smap_entry *e = &sd->map.slots[i];
		size_t starts[MAX_GRAM + 1], nw = 0;
		gram *g;

		if (!e->key)
			continue;
		g = &sd->grams[e->value - 1];
		if (g->count < min_count)
			g->dominated = true;
		if (g->nwords < 3 || g->count < min_count)
			continue;
		/* Word starts, and one past the end. */
		starts[nw++] = 0;
		for (size_t k = 0; k < e->keylen && nw < MAX_GRAM; k++)
			if (e->key[k] == ' ')
				starts[nw++] = k + 1;
		starts[nw] = e->keylen + 1;
		for (size_t a = 0; a < nw; a++)
			for (size_t b = a + 2; b <= nw; b++) {
				aln__smap_entry *sub;

				if (a == 0 && b == nw)
					continue;
				sub = aln__smap_get(
					&sd->map, e->key + starts[a],
					starts[b] - 1 - starts[a], false);
				if (sub &&
				    (double)g->count >=
					    0.8 * (double)sd->grams[sub->value -
								    1]
							    .count)
					sd->grams[sub->value - 1].dominated =
						true;
			}
	}
}

int aln__extract_next_pass(aln__extract *x)
{
	mark_dominated(&x->sides[0], x->min_count);
	mark_dominated(&x->sides[1], x->min_count);
	x->pass = 2;
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
	return strcmp(x->source, y->source);
}

int aln__extract_finish(aln__extract *x, const aln__candidate **out,
			size_t *count)
{
	aln__candidate *all;
	size_t n = 0;
	bool *used_s, *used_t;

	*out = NULL;
	*count = 0;
	free(x->out);
	x->out = NULL;
	x->nout = 0;
	if (!(all = aln__calloc(x->npairs + 1, sizeof(*all))))
		return ALN_ENOMEM;
	for (size_t i = 0; i < x->npairs; i++) {
		const pair *p = &x->pairs[i];
		const gram *s = &x->sides[0].grams[p->s];
		const gram *t = &x->sides[1].grams[p->t];

		if (p->count < x->min_count || !s->surface || !t->surface)
			continue;
		all[n].source = s->surface;
		all[n].target = t->surface;
		all[n].count = p->count;
		all[n].source_count = s->count;
		all[n].target_count = t->count;
		all[n].score = log_dice(p->count, s->count, t->count);
		all[n].example_unit = p->example;
		all[n].example_source = p->example_source;
		all[n].example_target = p->example_target;
		all[n].sidx = p->s;
		all[n].tidx = p->t;
		n++;
	}
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
	*out = x->out;
	*count = x->nout;
	return 0;
}

static void side_free(side *sd)
{
	for (size_t i = 0; i < sd->n; i++)
		free(sd->grams[i].surface);
	free(sd->grams);
	aln__smap_free(&sd->map);
	aln__smap_free(&sd->stop);
}

void aln__extract_free(aln__extract *x)
{
	if (!x)
		return;
	side_free(&x->sides[0]);
	side_free(&x->sides[1]);
	for (size_t i = 0; i < x->npairs; i++) {
		free(x->pairs[i].example_source);
		free(x->pairs[i].example_target);
	}
	free(x->pairs);
	aln__smap_free(&x->pairmap);
	free(x->out);
	free(x);
}
