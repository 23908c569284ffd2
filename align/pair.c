// SPDX-License-Identifier: MIT
/*
 * Aligning two analysed versions. The cost of a bead of a source and b
 * target sentences is
 *
 *   prior(a, b) + LEN_W * length(a, b) + LEX_W * (1 - sim) + paragraph
 *
 * where length is Gale and Church's -log P(|delta|) with the ratio of the
 * pair's total lengths and a variance re-estimated from the first pass,
 * sim is the share of the bead's word weight (inverse document
 * frequency) whose keys meet a key on the other side (same form, same
 * first four letters, a number, a dictionary or learned translation),
 * and paragraph costs a little when only one side opens a paragraph.
 * A sentence left alone (0-1, 1-0) costs SKIP.
 *
 * The search never fills the n x m matrix: both sides are cut into
 * blocks of BLOCK items, recursively, until the product is small; the
 * coarse path, projected one level down and widened by WIDTH items on
 * each side, is the band searched at the next level. When the best path
 * touches the edge of its band, the band is widened and searched again.
 * Time and memory are therefore linear in n + m.
 *
 * At the finest level a forward-backward pass in the log domain gives
 * the posterior probability of each bead on the best path, which
 * aln__calibrate() turns into the published confidence. Then word pairs
 * that co-occur in confident 1-1 beads (Dice coefficient) are added to
 * the lexicon and the pair is aligned again.
 */
#include "align-int.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The model's parameters (tuned on development sets, see README.md). */
static struct params {
	float len_w, lex_w, skip, para, temp, p21, p22, p31, tau, learn,
		learn_min, learn_dice, learn_lift;
} P = { 1.0f, 20.0f, 5.5f, 1.0f, 1.0f, 5.0f, 15.0f,
	8.0f, 0.12f, 1.0f, 2.0f, 0.5f, 4.0f };

#define LEN_W P.len_w
#define LEX_W P.lex_w
#define SKIP P.skip
#define PARA P.para
#define TEMP P.temp
#define BLOCK 4
#define WIDTH 4
#define GUIDE_WIDTH 3
#define FULL_LIMIT 1000000.0
#define COARSE_KEYS 48

/*
 * For tuning only: ALINEA_ALIGN_TUNE="lex_w=8,skip=5.5" overrides the
 * parameters above.
 */
static void load_params(void)
{
	static const struct {
		const char *name;
		float *v;
	} names[] = {
		{ "len_w", &P.len_w },
		{ "lex_w", &P.lex_w },
		{ "skip", &P.skip },
		{ "para", &P.para },
		{ "temp", &P.temp },
		{ "p21", &P.p21 },
		{ "p22", &P.p22 },
		{ "p31", &P.p31 },
		{ "tau", &P.tau },
		{ "learn", &P.learn },
		{ "learn_min", &P.learn_min },
		{ "learn_dice", &P.learn_dice },
		{ "learn_lift", &P.learn_lift },
	};
	const char *s = getenv("ALINEA_ALIGN_TUNE");
	size_t k;

	while (s && *s) {
		for (k = 0; k < ALN_ARRAY_SIZE(names); k++) {
			size_t l = strlen(names[k].name);

			if (!strncmp(s, names[k].name, l) && s[l] == '=')
				*names[k].v = strtof(s + l + 1, NULL);
		}
		s = strchr(s, ',');
		if (s)
			s++;
	}
}

enum { NBEADS = 8 };
static const int bead_a[NBEADS] = { 1, 1, 0, 2, 1, 2, 3, 1 };
static const int bead_b[NBEADS] = { 1, 0, 1, 1, 2, 2, 1, 3 };

static float bead_prior(int t)
{
	switch (t) {
	case 3:
	case 4:
		return P.p21;
	case 5:
		return P.p22;
	case 6:
	case 7:
		return P.p31;
	default:
		return 0;
	}
}

typedef struct kent {
	uint32_t key;
	uint32_t w; /* index of the word in its item */
} kent;

/* A sequence of items: sentences, or blocks of them at coarse levels. */
typedef struct seq {
	size_t n;
	double *clen;	/* n + 1 cumulative lengths */
	double *cw;	/* n + 1 cumulative word weights */
	uint32_t *eoff; /* n + 1 */
	kent *ents;
	uint32_t *woff; /* n + 1 */
	float *wts;
	uint8_t *para; /* n, or NULL */
	uint32_t maxw; /* most words in one item */
} seq;

static void seq_free(seq *s)
{
	free(s->clen);
	free(s->cw);
	free(s->eoff);
	free(s->ents);
	free(s->woff);
	free(s->wts);
	memset(s, 0, sizeof(*s));
}

static int seq_alloc(seq *s, size_t n, size_t nents, size_t nwords)
{
	s->n = n;
	s->clen = aln__calloc(n + 1, sizeof(double));
	s->cw = aln__calloc(n + 1, sizeof(double));
	s->eoff = aln__calloc(n + 1, sizeof(uint32_t));
	s->woff = aln__calloc(n + 1, sizeof(uint32_t));
	s->ents = aln__calloc(nents + 1, sizeof(kent));
	s->wts = aln__calloc(nwords + 1, sizeof(float));
	if (!s->clen || !s->cw || !s->eoff || !s->woff || !s->ents || !s->wts)
		return ALN_ENOMEM;
	return 0;
}

/*
 * The finest sequence of a document; source sides carry translations,
 * and with names, capitalised words carry their name keys (for a Chinese
 * other side, whose Han n-grams carry the same keys through pinyin).
 */
static int seq_from_doc(seq *s, const aln_doc *d, bool source, bool names)
{
	size_t i, ne = 0, nw = d->woff[d->nsent];
	uint32_t k;

	for (k = 0; k < nw; k++) {
		const aln_type *t = &d->types[d->words[k]];

		/* A name, and with the next word a two-word name. */
		ne += 1 + (t->key_pref != 0) + (source ? t->ntrans : 1) +
		      (names && t->key_name ? 3 : 0);
	}
	if (seq_alloc(s, d->nsent, ne, nw) < 0)
		return ALN_ENOMEM;
	s->para = d->para_start;
	ne = 0;
	for (i = 0; i < d->nsent; i++) {
		uint32_t w = 0, first = d->woff[i];
		double ws = 0;

		s->eoff[i] = (uint32_t)ne;
		s->woff[i] = first;
		for (k = first; k < d->woff[i + 1]; k++, w++) {
			const aln_type *t = &d->types[d->words[k]];
			uint32_t x;

			s->wts[k] = t->weight;
			ws += t->weight;
			s->ents[ne++] = (kent){ t->key_exact, w };
			if (t->key_pref)
				s->ents[ne++] = (kent){ t->key_pref, w };
			if (names && t->key_name) {
				s->ents[ne++] = (kent){ t->key_name, w };
				if (k + 1 < d->woff[i + 1] &&
				    d->types[d->words[k + 1]].key_name) {
					uint32_t key = aln__name_key2(
						t->form,
						d->types[d->words[k + 1]].form);

					s->ents[ne++] = (kent){ key, w };
					s->ents[ne++] = (kent){ key, w + 1 };
				}
			}
			if (source) {
				for (x = 0; x < t->ntrans; x++)
					s->ents[ne++] =
						(kent){ t->trans[x], w };
			} else if (t->key_stem != t->key_exact) {
				s->ents[ne++] = (kent){ t->key_stem, w };
			}
		}
		if (w > s->maxw)
			s->maxw = w;
		s->clen[i + 1] = s->clen[i] + d->len[i];
		s->cw[i + 1] = s->cw[i] + ws;
	}
	s->eoff[d->nsent] = (uint32_t)ne;
	s->woff[d->nsent] = (uint32_t)nw;
	return 0;
}

typedef struct wkent {
	uint32_t key;
	float w;
} wkent;

/* Heavier first; among equal weights, the smaller key first. */
static inline bool wk_before(const wkent *x, const wkent *y)
{
	return x->w > y->w || (x->w == y->w && x->key < y->key);
}

/*
 * Moves the k entries that come first by wk_before() to the front of
 * e[0..n), in any order (quickselect).
 */
static void select_first(wkent *e, size_t n, size_t k)
{
	size_t lo = 0, hi = n;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2, p = lo, x;
		wkent piv = e[mid], t;

		e[mid] = e[hi - 1];
		e[hi - 1] = piv;
		for (x = lo; x + 1 < hi; x++)
			if (wk_before(&e[x], &piv)) {
				t = e[x];
				e[x] = e[p];
				e[p++] = t;
			}
		e[hi - 1] = e[p];
		e[p] = piv;
		/* e[lo..p) before the pivot, e[p] the pivot, after it: rest. */
		if (p == k || p + 1 == k)
			return;
		if (p > k)
			hi = p;
		else
			lo = p + 1;
	}
}

/*
 * A coarser sequence: blocks of BLOCK items, each keeping its
 * COARSE_KEYS heaviest distinct keys (a key weighs as its heaviest
 * word) as its words.
 */
static int seq_coarsen(seq *c, const seq *s)
{
	size_t n = (s->n + BLOCK - 1) / BLOCK, i, cap = 0, ne = 0, tcap = 0;
	wkent *tmp = NULL;
	uint32_t *tab = NULL; /* key's index in tmp + 1, or 0 */
	int rc = ALN_ENOMEM;

	if (seq_alloc(c, n, n * COARSE_KEYS, n * COARSE_KEYS) < 0)
		goto out;
	for (i = 0; i < n; i++) {
		size_t b = i * BLOCK, e = b + BLOCK < s->n ? b + BLOCK : s->n;
		size_t need = s->eoff[e] - s->eoff[b], k, u = 0;
		double ws = 0;

		if (cap < need) {
			free(tmp);
			tmp = aln__reallocarray(NULL, need * 2, sizeof(*tmp));
			if (!tmp)
				goto out;
			cap = need * 2;
		}
		if (tcap < 4 * need + 4) {
			while (tcap < 4 * need + 4)
				tcap = tcap ? tcap * 2 : 64;
			free(tab);
			tab = aln__calloc(tcap, sizeof(*tab));
			if (!tab)
				goto out;
		}
		for (k = b; k < e; k++) {
			size_t x;

			for (x = s->eoff[k]; x < s->eoff[k + 1]; x++) {
				uint32_t key = s->ents[x].key;
				size_t h = key & (tcap - 1);
				float w = s->wts[s->woff[k] + s->ents[x].w];

				while (tab[h] && tmp[tab[h] - 1].key != key)
					h = (h + 1) & (tcap - 1);
				if (!tab[h]) {
					tmp[u] = (wkent){ key, w };
					tab[h] = (uint32_t)++u;
				} else if (w > tmp[tab[h] - 1].w) {
					tmp[tab[h] - 1].w = w;
				}
			}
		}
		/* Clear the table through the keys it holds. */
		for (k = 0; k < u; k++) {
			size_t h = tmp[k].key & (tcap - 1);

			while (tab[h] != k + 1)
				h = (h + 1) & (tcap - 1);
			tab[h] = 0;
		}
		if (u > COARSE_KEYS) {
			select_first(tmp, u, COARSE_KEYS);
			u = COARSE_KEYS;
		}
		c->eoff[i] = (uint32_t)ne;
		c->woff[i] = (uint32_t)ne;
		for (k = 0; k < u; k++) {
			c->ents[ne + k] = (kent){ tmp[k].key, (uint32_t)k };
			c->wts[ne + k] = tmp[k].w;
			ws += tmp[k].w;
		}
		ne += u;
		c->clen[i + 1] = c->clen[i] + (s->clen[e] - s->clen[b]);
		c->cw[i + 1] = c->cw[i] + ws;
		if (u > c->maxw)
			c->maxw = (uint32_t)u;
	}
	c->eoff[n] = (uint32_t)ne;
	c->woff[n] = (uint32_t)ne;
	rc = 0;
out:
	free(tmp);
	free(tab);
	return rc;
}

/* The band: for each grid row i (0..n), columns lo[i]..hi[i]. */
typedef struct band {
	size_t n, m;
	uint32_t *lo, *hi;
	size_t *off; /* n + 2 */
	size_t cells;
} band;

static void band_free(band *b)
{
	free(b->lo);
	free(b->hi);
	free(b->off);
	memset(b, 0, sizeof(*b));
}

static int band_alloc(band *b, size_t n, size_t m)
{
	b->n = n;
	b->m = m;
	b->lo = aln__calloc(n + 1, sizeof(uint32_t));
	b->hi = aln__calloc(n + 1, sizeof(uint32_t));
	b->off = aln__calloc(n + 2, sizeof(size_t));
	return b->lo && b->hi && b->off ? 0 : ALN_ENOMEM;
}

static void band_finish(band *b)
{
	size_t i;

	b->off[0] = 0;
	for (i = 0; i <= b->n; i++)
		b->off[i + 1] = b->off[i] + (b->hi[i] - b->lo[i] + 1);
	b->cells = b->off[b->n + 1];
}

static inline long cell(const band *b, size_t i, size_t j)
{
	if (j < b->lo[i] || j > b->hi[i])
		return -1;
	return (long)(b->off[i] + (j - b->lo[i]));
}

/*
 * The band around a path of grid points (pi, pj) given at a scale
 * `scale` times coarser, widened by w grid points on each side.
 */
static int band_from_path(band *b, size_t n, size_t m, const uint32_t *pi,
			  const uint32_t *pj, size_t np, size_t scale, size_t w)
{
	size_t i, k;
	uint32_t *pmin, *pmax;

	if (band_alloc(b, n, m) < 0)
		return ALN_ENOMEM;
	pmin = b->lo;
	pmax = b->hi;
	for (i = 0; i <= n; i++) {
		pmin[i] = UINT32_MAX;
		pmax[i] = 0;
	}
	for (k = 0; k < np; k++) {
		size_t x0 = pi[k] * scale, y0 = pj[k] * scale, x1, y1, x;

		if (x0 > n)
			x0 = n;
		if (y0 > m)
			y0 = m;
		x1 = k + 1 < np ? pi[k + 1] * scale : x0;
		y1 = k + 1 < np ? pj[k + 1] * scale : y0;
		if (x1 > n)
			x1 = n;
		if (y1 > m)
			y1 = m;
		if (k + 1 == np) {
			x1 = n;
			y1 = m;
		}
		for (x = x0; x <= x1; x++) {
			size_t ya, yb;

			if (x1 == x0) {
				ya = y0;
				yb = y1;
			} else {
				ya = y0 + (y1 - y0) * (x - x0) / (x1 - x0);
				yb = y0 + ((y1 - y0) * (x + 1 - x0) + x1 - x0 -
					   1) / (x1 - x0);
				if (yb > y1)
					yb = y1;
			}
			if (ya < pmin[x])
				pmin[x] = (uint32_t)ya;
			if (yb > pmax[x])
				pmax[x] = (uint32_t)yb;
		}
	}
	/* Rows the path skipped (cannot happen for a monotone path). */
	for (i = 0; i <= n; i++) {
		if (pmin[i] == UINT32_MAX) {
			pmin[i] = i ? pmin[i - 1] : 0;
			pmax[i] = i ? pmax[i - 1] : 0;
		}
	}
	/*
	 * Widen: row i may reach the columns of rows i - w .. i + w, plus
	 * w. The path is monotone, so the extremes are at the ends.
	 */
	{
		uint32_t *lo = aln__calloc(n + 1, sizeof(uint32_t));
		uint32_t *hi = aln__calloc(n + 1, sizeof(uint32_t));

		if (!lo || !hi) {
			free(lo);
			free(hi);
			return ALN_ENOMEM;
		}
		for (i = 0; i <= n; i++) {
			size_t a = i > w ? i - w : 0, z = i + w < n ? i + w : n;
			size_t l = pmin[a] > w ? pmin[a] - w : 0;
			size_t h = pmax[z] + w < m ? pmax[z] + w : m;

			/* Keep the band monotone. */
			if (i && l < lo[i - 1])
				l = lo[i - 1];
			if (i && h < hi[i - 1])
				h = hi[i - 1];
			lo[i] = (uint32_t)l;
			hi[i] = (uint32_t)h;
		}
		lo[0] = 0;
		hi[n] = (uint32_t)m;
		for (i = 0; i <= n; i++)
			if (hi[i] < lo[i])
				hi[i] = lo[i];
		free(b->lo);
		free(b->hi);
		b->lo = lo;
		b->hi = hi;
	}
	band_finish(b);
	return 0;
}

static int band_full(band *b, size_t n, size_t m)
{
	size_t i;

	if (band_alloc(b, n, m) < 0)
		return ALN_ENOMEM;
	for (i = 0; i <= n; i++) {
		b->lo[i] = 0;
		b->hi[i] = (uint32_t)m;
	}
	band_finish(b);
	return 0;
}

/* The model's state for one level. */
typedef struct model {
	const seq *S, *T;
	const band *B;
	/*
	 * Matched share of item pair (i, j), at cell (i, j): the matched
	 * weight of source item i over its weight in M[2c], of target
	 * item j in M[2c + 1].
	 */
	float *M;
	/* Per item: 1 / weight and TAU, or 0 and 0 for weightless items. */
	float *iws, *iwt, *tzs, *tzt;
	double ratio, s2;
	float inv_ratio, s2f;
	bool para;
	float lentab[1025]; /* -log P(|delta|) for |delta| in [0, 8] */
} model;

static void model_tables(model *md)
{
	int k;

	for (k = 0; k <= 1024; k++) {
		double d = 8.0 * k / 1024.0, p = erfc(d / sqrt(2.0));

		md->lentab[k] = (float)-log(p > 1e-12 ? p : 1e-12);
	}
}

static inline float len_cost(const model *md, float ls, float lt)
{
	float lt2, mean, d, x;
	int k;

	if (ls + lt <= 0)
		return 0;
	lt2 = lt * md->inv_ratio;
	mean = (ls + lt2) * 0.5f;
	d = fabsf(lt2 - ls) / sqrtf(md->s2f * (mean > 1 ? mean : 1));
	x = d * 128.0f;
	if (x >= 1024)
		return md->lentab[1024] + (d - 8.0f) * 8.0f;
	k = (int)x;
	return md->lentab[k] +
	       (x - (float)k) * (md->lentab[k + 1] - md->lentab[k]);
}

/*
 * The keys of one source item in a small open-addressing table: key →
 * its first entry; next[] chains the entries of the same key.
 */
typedef struct ktab {
	uint32_t *key;	/* 0: empty */
	uint32_t *head; /* entry index + 1 */
	uint32_t *next; /* per entry: next entry of its key + 1, or 0 */
	uint32_t mask;
} ktab;

static void ktab_fill(ktab *kt, const kent *a, size_t na)
{
	size_t p, bits = 4;

	/* Mostly empty, so that a miss (the usual case) is predictable. */
	while (((size_t)1 << bits) < 8 * na + 8)
		bits++;
	kt->mask = (uint32_t)(((size_t)1 << bits) - 1);
	memset(kt->key, 0, ((size_t)kt->mask + 1) * sizeof(uint32_t));
	for (p = na; p-- > 0;) {
		uint32_t key = a[p].key, h = key & kt->mask;

		while (kt->key[h] && kt->key[h] != key)
			h = (h + 1) & kt->mask;
		if (!kt->key[h]) {
			kt->key[h] = key;
			kt->next[p] = 0;
		} else {
			kt->next[p] = kt->head[h];
		}
		kt->head[h] = (uint32_t)p + 1;
	}
}

/*
 * Matched weight (both sides) between item i of S, whose keys are in
 * kt, and item j of T. ms and mt are per-word stamps (equal to stamp
 * when the word is already counted for this cell).
 */
static void match(float *out, const seq *S, size_t i, const ktab *kt,
		  const seq *T, size_t j, uint32_t *ms, uint32_t *mt,
		  uint32_t stamp)
{
	const kent *a = S->ents + S->eoff[i], *b = T->ents + T->eoff[j];
	size_t nb = T->eoff[j + 1] - T->eoff[j], q;
	const float *ws = S->wts + S->woff[i], *wt = T->wts + T->woff[j];
	const uint32_t *keys = kt->key, mask = kt->mask;
	float ss = 0, st = 0;

	for (q = 0; q < nb; q++) {
		uint32_t key = b[q].key, h = key & mask, x;

		while (keys[h] && keys[h] != key)
			h = (h + 1) & mask;
		if (!keys[h])
			continue;
		if (mt[b[q].w] != stamp) {
			mt[b[q].w] = stamp;
			st += wt[b[q].w];
		}
		for (x = kt->head[h]; x; x = kt->next[x - 1])
			if (ms[a[x - 1].w] != stamp) {
				ms[a[x - 1].w] = stamp;
				ss += ws[a[x - 1].w];
			}
	}
	out[0] = ss;
	out[1] = st;
}

static int model_matches(model *md)
{
	const band *B = md->B;
	size_t i, j, maxe = 0, tabsz = 32;
	uint32_t *ms = aln__calloc(md->S->maxw + 1, sizeof(uint32_t));
	uint32_t *mt = aln__calloc(md->T->maxw + 1, sizeof(uint32_t));
	uint32_t stamp = 0;
	ktab kt = { 0 };
	int rc = ALN_ENOMEM;

	for (i = 0; i < md->S->n; i++)
		if (md->S->eoff[i + 1] - md->S->eoff[i] > maxe)
			maxe = md->S->eoff[i + 1] - md->S->eoff[i];
	while (tabsz < 8 * maxe + 8)
		tabsz *= 2;
	kt.key = aln__calloc(tabsz, sizeof(uint32_t));
	kt.head = aln__calloc(tabsz, sizeof(uint32_t));
	kt.next = aln__calloc(maxe + 1, sizeof(uint32_t));
	md->M = aln__calloc(B->cells * 2, sizeof(float));
	if (!ms || !mt || !kt.key || !kt.head || !kt.next || !md->M)
		goto out;
	for (i = 0; i < B->n; i++) {
		ktab_fill(&kt, md->S->ents + md->S->eoff[i],
			  md->S->eoff[i + 1] - md->S->eoff[i]);
		for (j = B->lo[i]; j <= B->hi[i] && j < B->m; j++) {
			if (++stamp == 0) { /* wrapped: forget old stamps */
				memset(ms, 0,
				       (md->S->maxw + 1) * sizeof(uint32_t));
				memset(mt, 0,
				       (md->T->maxw + 1) * sizeof(uint32_t));
				stamp = 1;
			}
			float *m = &md->M[2 * (B->off[i] + (j - B->lo[i]))];

			match(m, md->S, i, &kt, md->T, j, ms, mt, stamp);
			m[0] *= md->iws[i];
			m[1] *= md->iwt[j];
		}
	}
	rc = 0;
out:
	free(ms);
	free(mt);
	free(kt.key);
	free(kt.head);
	free(kt.next);
	return rc;
}

/* The per-item inverse weights and thresholds of the model. */
static int model_weights(model *md)
{
	const seq *S = md->S, *T = md->T;
	size_t i;

	md->iws = aln__calloc(S->n + 1, sizeof(float));
	md->tzs = aln__calloc(S->n + 1, sizeof(float));
	md->iwt = aln__calloc(T->n + 1, sizeof(float));
	md->tzt = aln__calloc(T->n + 1, sizeof(float));
	if (!md->iws || !md->tzs || !md->iwt || !md->tzt)
		return ALN_ENOMEM;
	for (i = 0; i < S->n; i++) {
		double w = S->cw[i + 1] - S->cw[i];

		md->iws[i] = w > 0 ? (float)(1.0 / w) : 0;
		md->tzs[i] = w > 0 ? P.tau : 0;
	}
	for (i = 0; i < T->n; i++) {
		double w = T->cw[i + 1] - T->cw[i];

		md->iwt[i] = w > 0 ? (float)(1.0 / w) : 0;
		md->tzt[i] = w > 0 ? P.tau : 0;
	}
	return 0;
}

static inline const float *pair_m(const model *md, size_t i, size_t j)
{
	static const float zero[2];
	long c = cell(md->B, i, j);

	return c < 0 ? zero : &md->M[2 * c];
}

/* The cost of bead t starting at grid point (i, j); fits in the grid. */
static float bead_cost(const model *md, size_t i, size_t j, int t)
{
	int a = bead_a[t], b = bead_b[t], x, y;
	const seq *S = md->S, *T = md->T;
	float ls, lt, cs[3] = { 0 }, ct[3] = { 0 }, lex = 0, c;

	if (a == 0 || b == 0)
		return SKIP;
	ls = (float)(S->clen[i + a] - S->clen[i]);
	lt = (float)(T->clen[j + b] - T->clen[j]);
	/*
	 * Each sentence scores the share of its weight that meets the
	 * other side, less a threshold: a sentence that does not belong
	 * costs, one that does pays.
	 */
	if (a == 1 && b == 1) {
		const float *m = pair_m(md, i, j);

		lex = (m[0] < 1 ? m[0] : 1) + (m[1] < 1 ? m[1] : 1) -
		      md->tzs[i] - md->tzt[j];
	} else {
		for (x = 0; x < a; x++)
			for (y = 0; y < b; y++) {
				const float *m = pair_m(md, i + x, j + y);

				cs[x] += m[0];
				ct[y] += m[1];
			}
		for (x = 0; x < a; x++)
			lex += (cs[x] < 1 ? cs[x] : 1) - md->tzs[i + x];
		for (y = 0; y < b; y++)
			lex += (ct[y] < 1 ? ct[y] : 1) - md->tzt[j + y];
	}
	c = bead_prior(t) + LEN_W * len_cost(md, ls, lt) - LEX_W * 0.5f * lex;
	if (md->para) {
		int x2;

		if (S->para[i] != T->para[j])
			c += PARA;
		for (x2 = 1; x2 < a; x2++)
			c += S->para[i + x2] ? PARA : 0;
		for (x2 = 1; x2 < b; x2++)
			c += T->para[j + x2] ? PARA : 0;
	}
	return c;
}

static inline float lse_add(float acc, float v)
{
	if (acc == -FLT_MAX)
		return v;
	/* What is e^-20 times smaller changes nothing a float can hold. */
	if (v > acc)
		return acc < v - 20 ? v : v + log1pf(expf(acc - v));
	return v < acc - 20 ? acc : acc + log1pf(expf(v - acc));
}

typedef struct path {
	size_t np;
	uint32_t *pi, *pj;
	float *post;
} path;

static void path_free(path *p)
{
	free(p->pi);
	free(p->pj);
	free(p->post);
	memset(p, 0, sizeof(*p));
}

/*
 * Dynamic programme over the band; with posterior, also the forward-
 * backward posteriors of the path's beads. *edge is set when the path
 * touches the band's edge away from the matrix's own edge.
 */
static int run_dp(path *out, model *md, bool posterior, bool *edge)
{
	const band *B = md->B;
	size_t n = B->n, m = B->m, i, j, k;
	float *F = aln__malloc(B->cells * sizeof(float) + 1);
	uint8_t *bp = aln__malloc(B->cells + 1);
	float *A = NULL, *Bk = NULL, *C = NULL;
	int rc = ALN_ENOMEM, t;

	if (!F || !bp)
		goto out;
	if (posterior) {
		A = aln__malloc(B->cells * sizeof(float) + 1);
		Bk = aln__malloc(B->cells * sizeof(float) + 1);
		/* The costs of the beads ending at each cell, for the
		 * backward pass. */
		C = aln__malloc(B->cells * NBEADS * sizeof(float) + 1);
		if (!A || !Bk || !C)
			goto out;
	}
	for (i = 0; i <= n; i++) {
		for (j = B->lo[i]; j <= B->hi[i]; j++) {
			size_t c = B->off[i] + (j - B->lo[i]);
			float best = FLT_MAX, acc = -FLT_MAX;
			uint8_t arg = 255;

			if (C)
				for (t = 0; t < NBEADS; t++)
					C[c * NBEADS + (size_t)t] = FLT_MAX;
			if (i == 0 && j == 0) {
				F[c] = 0;
				bp[c] = 255;
				if (A)
					A[c] = 0;
				continue;
			}
			for (t = 0; t < NBEADS; t++) {
				int a = bead_a[t], b = bead_b[t];
				long pc;
				float cost, v;

				if ((size_t)a > i || (size_t)b > j)
					continue;
				pc = cell(B, i - a, j - b);
				if (pc < 0 || F[pc] == FLT_MAX)
					continue;
				cost = bead_cost(md, i - a, j - b, t);
				if (C)
					C[c * NBEADS + (size_t)t] = cost;
				v = F[pc] + cost;
				if (v < best) {
					best = v;
					arg = (uint8_t)t;
				}
				if (A)
					acc = lse_add(acc, A[pc] - cost / TEMP);
			}
			F[c] = best;
			bp[c] = arg;
			if (A)
				A[c] = acc;
		}
	}
	if (posterior) {
		for (i = n + 1; i-- > 0;) {
			for (j = B->hi[i] + 1; j-- > B->lo[i];) {
				size_t c = B->off[i] + (j - B->lo[i]);
				float acc = -FLT_MAX, cost;

				if (i == n && j == m) {
					Bk[c] = 0;
					continue;
				}
				for (t = 0; t < NBEADS; t++) {
					int a = bead_a[t], b = bead_b[t];
					long nc;

					if (i + a > n || j + b > m)
						continue;
					nc = cell(B, i + a, j + b);
					if (nc < 0 || Bk[nc] == -FLT_MAX)
						continue;
					cost = C[(size_t)nc * NBEADS +
						 (size_t)t];
					if (cost == FLT_MAX)
						continue;
					acc = lse_add(acc,
						      Bk[nc] - cost / TEMP);
				}
				Bk[c] = acc;
			}
		}
	}
	/* Backtrack. */
	{
		size_t cnt = 1, x = n, y = m;
		long c = cell(B, n, m);

		if (c < 0 || F[c] == FLT_MAX) {
			rc = aln__error(ALN_ERROR, "%s",
					_("the aligner found no path"));
			goto out;
		}
		while (x || y) {
			t = bp[cell(B, x, y)];
			x -= (size_t)bead_a[t];
			y -= (size_t)bead_b[t];
			cnt++;
		}
		out->np = cnt;
		out->pi = aln__calloc(cnt, sizeof(uint32_t));
		out->pj = aln__calloc(cnt, sizeof(uint32_t));
		out->post = aln__calloc(cnt, sizeof(float));
		if (!out->pi || !out->pj || !out->post)
			goto out;
		x = n;
		y = m;
		*edge = false;
		for (k = cnt; k-- > 0;) {
			out->pi[k] = (uint32_t)x;
			out->pj[k] = (uint32_t)y;
			if ((B->lo[x] > 0 && y <= B->lo[x]) ||
			    (B->hi[x] < m && y >= B->hi[x]))
				*edge = true;
			if (k == 0)
				break;
			t = bp[cell(B, x, y)];
			if (posterior) {
				size_t x0 = x - (size_t)bead_a[t];
				size_t y0 = y - (size_t)bead_b[t];
				float lp = A[cell(B, x0, y0)] -
					   bead_cost(md, x0, y0, t) / TEMP +
					   Bk[cell(B, x, y)] - A[cell(B, n, m)];

				out->post[k] = lp > 0 ? 1.0f : expf(lp);
			}
			x -= (size_t)bead_a[t];
			y -= (size_t)bead_b[t];
		}
	}
	rc = 0;
out:
	free(F);
	free(bp);
	free(A);
	free(Bk);
	free(C);
	return rc;
}

typedef struct pairctx {
	double ratio, s2;
	const aln_align_options *opts;
	unsigned long long *done, total;
} pairctx;

/*
 * Aligns S to T: coarse path by recursion when the matrix is big, then
 * a band around it. posterior only at the top call (the finest level).
 */
static int align_seq(path *out, const seq *S, const seq *T, pairctx *px,
		     bool posterior, int depth, const path *guide)
{
	band B = { 0 };
	model md;
	path coarse = { 0 };
	int rc, tries;
	/* Around a path at this scale, a narrower band will do. */
	size_t w = guide ? GUIDE_WIDTH : WIDTH;
	bool edge = false, full;

	memset(&md, 0, sizeof(md));
	md.S = S;
	md.T = T;
	md.ratio = px->ratio;
	md.s2 = px->s2 * (depth ? BLOCK : 1);
	md.para = depth == 0 && S->para && T->para;
	md.inv_ratio = (float)(1.0 / md.ratio);
	md.s2f = (float)md.s2;
	model_tables(&md);
	rc = model_weights(&md);
	if (rc < 0)
		goto out;
	full = (double)(S->n + 1) * (double)(T->n + 1) <= FULL_LIMIT ||
	       S->n < 2 * BLOCK || T->n < 2 * BLOCK;
	if (!full && guide) {
		/* A path at this very scale: search a band around it. */
		coarse.np = guide->np;
		coarse.pi = aln__calloc(guide->np, sizeof(uint32_t));
		coarse.pj = aln__calloc(guide->np, sizeof(uint32_t));
		if (!coarse.pi || !coarse.pj) {
			rc = ALN_ENOMEM;
			goto out;
		}
		memcpy(coarse.pi, guide->pi, guide->np * sizeof(uint32_t));
		memcpy(coarse.pj, guide->pj, guide->np * sizeof(uint32_t));
	} else if (!full) {
		seq cs = { 0 }, ct = { 0 };

		rc = seq_coarsen(&cs, S);
		if (rc == 0)
			rc = seq_coarsen(&ct, T);
		if (rc == 0)
			rc = align_seq(&coarse, &cs, &ct, px, false, depth + 1,
				       NULL);
		seq_free(&cs);
		seq_free(&ct);
		if (rc < 0)
			goto out;
	}
	for (tries = 0;; tries++) {
		if (full)
			rc = band_full(&B, S->n, T->n);
		else
			rc = band_from_path(&B, S->n, T->n, coarse.pi,
					    coarse.pj, coarse.np,
					    guide ? 1 : BLOCK, w);
		if (rc < 0)
			break;
		md.B = &B;
		rc = model_matches(&md);
		if (rc == 0)
			rc = run_dp(out, &md, posterior, &edge);
		free(md.M);
		md.M = NULL;
		band_free(&B);
		if (rc < 0 || full || !edge || tries >= 2)
			break;
		path_free(out);
		w *= 3;
	}
out:
	path_free(&coarse);
	free(md.iws);
	free(md.iwt);
	free(md.tzs);
	free(md.tzt);
	if (rc == 0 && px->done && px->opts && px->opts->progress) {
		*px->done += S->n + T->n;
		if (px->opts->progress(*px->done, px->total,
				       px->opts->progress_data))
			rc = ALN_ECANCELLED;
	}
	return rc;
}

/*
 * Without posteriors (first pass), every 1-1 bead counts as confident
 * (post 1) and the others not: the Dice threshold of learn() and the
 * clipping of estimate_s2() absorb the few wrong ones.
 */
static void mark_confident(path *p)
{
	size_t k;

	for (k = 1; k < p->np; k++)
		p->post[k] = p->pi[k] - p->pi[k - 1] == 1 &&
					     p->pj[k] - p->pj[k - 1] == 1
				     ? 1.0f
				     : 0.0f;
}

/* The ratio of lengths, from confident 1-1 beads. */
static void estimate_ratio(const path *p, const aln_doc *S, const aln_doc *T,
			   double *ratio)
{
	double ls = 0, lt = 0;
	size_t k, cnt = 0;

	for (k = 1; k < p->np; k++) {
		uint32_t i = p->pi[k - 1], j = p->pj[k - 1];

		if (p->pi[k] - i != 1 || p->pj[k] - j != 1 || p->post[k] < 0.5)
			continue;
		ls += S->len[i];
		lt += T->len[j];
		cnt++;
	}
	if (cnt >= 20 && ls > 0 && lt > 0)
		*ratio = lt / ls;
}

/* The variance of the length model, from confident 1-1 beads. */
static double estimate_s2(const path *p, const aln_doc *S, const aln_doc *T,
			  double ratio, double fallback)
{
	double sum = 0;
	size_t k, cnt = 0;

	for (k = 1; k < p->np; k++) {
		uint32_t i = p->pi[k - 1], j = p->pj[k - 1];
		double ls, lt, mean, d;

		if (p->pi[k] - i != 1 || p->pj[k] - j != 1 || p->post[k] < 0.5)
			continue;
		ls = S->len[i];
		lt = T->len[j] / ratio;
		mean = (ls + lt) / 2;
		if (mean < 1)
			continue;
		d = (lt - ls) * (lt - ls) / mean;
		if (d > 100)
			d = 100; /* a few bad pairs must not dominate */
		sum += d;
		cnt++;
	}
	if (cnt < 20)
		return fallback;
	sum /= (double)cnt;
	return sum < 1 ? 1 : sum > 40 ? 40 : sum;
}

/* How many confident beads to learn from, at most. */
#define LEARN_BEADS 6000
#define LEARN_WORDS 20

/*
 * Learns word pairs from confident 1-1 beads: for each source word seen
 * at least twice, the target word with the best Dice coefficient above
 * 0.5 becomes one of its translations. Pairs are counted source word by
 * source word over the beads it occurs in, in a dense array of target
 * types: no table of all pairs.
 */
static int learn(aln_doc *S, const aln_doc *T, const path *p)
{
	uint32_t *cs = aln__calloc(S->ntypes + 1, sizeof(uint32_t));
	uint32_t *ct = aln__calloc(T->ntypes + 1, sizeof(uint32_t));
	uint32_t *cnt = aln__calloc(T->ntypes + 1, sizeof(uint32_t));
	uint32_t *touched = aln__calloc(T->ntypes + 1, sizeof(uint32_t));
	uint32_t *soff = aln__calloc(LEARN_BEADS + 2, sizeof(uint32_t));
	uint32_t *toff = aln__calloc(LEARN_BEADS + 2, sizeof(uint32_t));
	uint32_t *sw =
		aln__calloc((LEARN_BEADS + 1) * LEARN_WORDS, sizeof(uint32_t));
	uint32_t *tw =
		aln__calloc((LEARN_BEADS + 1) * LEARN_WORDS, sizeof(uint32_t));
	uint32_t *ioff = aln__calloc(S->ntypes + 2, sizeof(uint32_t));
	uint32_t *inv = NULL; /* beads of each source type */
	size_t k, stride, nconf = 0, i, used = 0, ns = 0, nt = 0;
	int rc = ALN_ENOMEM;

	if (!cs || !ct || !cnt || !touched || !soff || !toff || !sw || !tw ||
	    !ioff)
		goto out;
	for (k = 1; k < p->np; k++)
		nconf += p->pi[k] - p->pi[k - 1] == 1 &&
			 p->pj[k] - p->pj[k - 1] == 1 && p->post[k] >= 0.6;
	stride = nconf > LEARN_BEADS ? nconf / LEARN_BEADS + 1 : 1;
	nconf = 0;
	for (k = 1; k < p->np && used <= LEARN_BEADS; k++) {
		uint32_t si = p->pi[k - 1], tj = p->pj[k - 1], x, y, a, b;
		size_t s0 = ns, t0 = nt;

		if (p->pi[k] - si != 1 || p->pj[k] - tj != 1 ||
		    p->post[k] < 0.6)
			continue;
		if (nconf++ % stride)
			continue;
		for (x = S->woff[si];
		     x < S->woff[si + 1] && ns - s0 < LEARN_WORDS; x++) {
			uint32_t ty = S->words[x];

			if (S->types[ty].kind != ALN_TOKEN_WORD ||
			    S->types[ty].df < 2)
				continue;
			for (a = (uint32_t)s0; a < ns && sw[a] != ty; a++)
				;
			if (a == ns)
				sw[ns++] = ty;
		}
		for (y = T->woff[tj];
		     y < T->woff[tj + 1] && nt - t0 < LEARN_WORDS; y++) {
			uint32_t ty = T->words[y];

			if (T->types[ty].kind != ALN_TOKEN_WORD ||
			    T->types[ty].df < 2)
				continue;
			for (b = (uint32_t)t0; b < nt && tw[b] != ty; b++)
				;
			if (b == nt)
				tw[nt++] = ty;
		}
		for (a = (uint32_t)s0; a < ns; a++)
			cs[sw[a]]++;
		for (b = (uint32_t)t0; b < nt; b++)
			ct[tw[b]]++;
		used++;
		soff[used] = (uint32_t)ns;
		toff[used] = (uint32_t)nt;
	}
	/* The beads of each source type (counting sort). */
	inv = aln__calloc(ns + 1, sizeof(uint32_t));
	if (!inv)
		goto out;
	for (i = 0; i < S->ntypes; i++)
		ioff[i + 1] = ioff[i] + cs[i];
	for (k = 0; k < used; k++) {
		uint32_t a;

		for (a = soff[k]; a < soff[k + 1]; a++)
			inv[ioff[sw[a]] + --cs[sw[a]]] = (uint32_t)k;
	}
	for (i = 0; i < S->ntypes; i++) {
		aln_type *ty = &S->types[i];
		uint32_t ci = ioff[i + 1] - ioff[i], x, nto = 0, best = 0, key;
		float bestd = 0;

		if (ci < (uint32_t)P.learn_min)
			continue;
		for (x = ioff[i]; x < ioff[i + 1]; x++) {
			uint32_t bd = inv[x], b;

			for (b = toff[bd]; b < toff[bd + 1]; b++)
				if (cnt[tw[b]]++ == 0)
					touched[nto++] = tw[b];
		}
		for (x = 0; x < nto; x++) {
			uint32_t t = touched[x], n = cnt[t];
			float dice = 2.0f * (float)n / (float)(ci + ct[t]);

			cnt[t] = 0;
			if (n < (uint32_t)P.learn_min)
				continue;
			/*
			 * Frequent words pair with everything (the/et): the
			 * pair must meet several times more often than
			 * chance says.
			 */
			if ((double)n < P.learn_lift * (double)ci *
						(double)ct[t] / (double)used)
				continue;
			/* Ties go to the target word met first in the
			 * document, whatever the order of counting. */
			if (dice >= P.learn_dice &&
			    (dice > bestd || (dice == bestd && t + 1 < best))) {
				bestd = dice;
				best = t + 1;
			}
		}
		if (!best)
			continue;
		key = T->types[best - 1].key_stem;
		for (x = 0; x < ty->ntrans && ty->trans[x] != key; x++)
			;
		if (x < ty->ntrans)
			continue;
		if (ty->ntrans < ALN_ARRAY_SIZE(ty->trans))
			ty->trans[ty->ntrans++] = key;
		else
			ty->trans[ALN_ARRAY_SIZE(ty->trans) - 1] = key;
	}
	rc = 0;
out:
	free(cs);
	free(ct);
	free(cnt);
	free(touched);
	free(soff);
	free(toff);
	free(sw);
	free(tw);
	free(ioff);
	free(inv);
	return rc;
}

int aln__align_pair(aln_pair_result *res, aln_doc *src, aln_doc *tgt,
		    const aln_align_options *opts, unsigned long long *done,
		    unsigned long long total)
{
	seq S = { 0 }, T = { 0 };
	path p = { 0 }, next = { 0 };
	pairctx px;
	double ls = 0, lt = 0;
	size_t i;
	int rc, pass, npass;
	bool length_only = opts && (opts->flags & ALN_ALIGN_LENGTH_ONLY);

	memset(res, 0, sizeof(*res));
	memset(&px, 0, sizeof(px));
	load_params();
	for (i = 0; i < src->nsent; i++)
		ls += src->len[i];
	for (i = 0; i < tgt->nsent; i++)
		lt += tgt->len[i];
	/*
	 * The ratio of lengths: of the totals when both versions have about
	 * as many sentences, else of the mean sentence lengths (10 against
	 * 10,000 sentences says nothing about the language pair). The first
	 * pass's confident 1-1 beads refine it for the second.
	 */
	px.ratio = ls > 0 && lt > 0 ? lt / ls : 1.0;
	if (ls > 0 && lt > 0 &&
	    (src->nsent * 3 < tgt->nsent * 2 ||
	     tgt->nsent * 3 < src->nsent * 2))
		px.ratio =
			(lt / (double)tgt->nsent) / (ls / (double)src->nsent);
	px.s2 = 6.8;
	px.opts = opts;
	px.done = done;
	px.total = total;
	npass = opts && (opts->flags &
			 (ALN_ALIGN_NO_LEARNING | ALN_ALIGN_LENGTH_ONLY))
			? 1
			: 2;
	if (!src->nsent || !tgt->nsent) {
		size_t np = 1 + src->nsent + tgt->nsent, k;

		res->npoints = np;
		res->pi = aln__calloc(np, sizeof(uint32_t));
		res->pj = aln__calloc(np, sizeof(uint32_t));
		res->post = aln__calloc(np, sizeof(float));
		if (!res->pi || !res->pj || !res->post)
			return ALN_ENOMEM;
		for (k = 1; k < np; k++) {
			res->pi[k] = (uint32_t)(src->nsent ? k : 0);
			res->pj[k] = (uint32_t)(tgt->nsent ? k : 0);
			res->post[k] = 1;
		}
		return 0;
	}
	for (pass = 0; pass < npass; pass++) {
		if (length_only) {
			/* No keys at all: empty entry lists. */
			rc = seq_from_doc(&S, src, true, tgt->has_han);
			if (rc == 0)
				rc = seq_from_doc(&T, tgt, false, src->has_han);
			if (rc == 0) {
				memset(S.eoff, 0, (S.n + 1) * sizeof(uint32_t));
				memset(T.eoff, 0, (T.n + 1) * sizeof(uint32_t));
			}
		} else {
			rc = seq_from_doc(&S, src, true, tgt->has_han);
			if (rc == 0)
				rc = seq_from_doc(&T, tgt, false, src->has_han);
		}
		if (rc == 0)
			rc = align_seq(&next, &S, &T, &px, pass + 1 == npass, 0,
				       pass ? &p : NULL);
		seq_free(&S);
		seq_free(&T);
		if (rc < 0)
			goto out;
		path_free(&p);
		p = next;
		memset(&next, 0, sizeof(next));
		if (pass + 1 < npass) {
			mark_confident(&p);
			estimate_ratio(&p, src, tgt, &px.ratio);
			px.s2 = estimate_s2(&p, src, tgt, px.ratio, px.s2);
			rc = P.learn > 0 ? learn(src, tgt, &p) : 0;
			if (rc < 0)
				goto out;
		}
	}
	res->npoints = p.np;
	res->pi = p.pi;
	res->pj = p.pj;
	res->post = p.post;
	memset(&p, 0, sizeof(p));
	rc = 0;
out:
	path_free(&p);
	path_free(&next);
	return rc;
}

void aln__pair_result_free(aln_pair_result *res)
{
	free(res->pi);
	free(res->pj);
	free(res->post);
	memset(res, 0, sizeof(*res));
}
