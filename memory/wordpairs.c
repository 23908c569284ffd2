// SPDX-License-Identifier: MIT
/*
 * Word pairs the memory has learned, for the sentence aligner: over the
 * stored units that hold both languages, the words (by stem) that occur
 * together in a unit far more often than chance says. For each source
 * word seen in at least two units, the target word with the best Dice
 * coefficient (0.5 or more) that also meets it at least four times more
 * often than independence predicts is its translation; the pair is
 * handed over as the words were first written in a unit, for the
 * aligner to key as it keys its own documents.
 *
 * Counting goes source word by source word over the units it occurs
 * in, in a dense array of target words, so that memory stays linear in
 * the units read (at most max_units of them, in id order) and no table
 * of every co-occurring pair is built.
 */
#include "alinea/memory.h"
#include "term-internal.h"

#include <stdlib.h>
#include <string.h>

/* Distinct words kept from one variant. */
#define UNIT_WORDS 30
#define DEFAULT_UNITS 20000
#define MIN_COUNT 2
#define MIN_DICE 0.5
#define MIN_LIFT 4.0

/* A growable array of 32-bit numbers. */
typedef struct u32v {
	uint32_t *v;
	size_t n, cap;
} u32v;

static int u32v_push(u32v *a, uint32_t x)
{
	int rc = aln__grow(&a->v, &a->cap, a->n + 1, sizeof(*a->v));

	if (rc < 0)
		return rc;
	a->v[a->n++] = x;
	return 0;
}

/* The words of one language: stem → id, first written form of each. */
typedef struct side {
	char base[ALN_LANG_MAX];
	struct sb_stemmer *stemmer;
	aln__smap ids;
	char **form;
	size_t nform, capform;
	u32v units; /* word ids of each unit, delimited by off */
	u32v off;
} side;

typedef struct walk {
	side s, t;
	size_t max_units, nunits;
	aln__words words;
} walk;

/* The id of w (stem) in sd, added with form text[start, end) if new. */
static int word_id(side *sd, const aln__word *w, const char *text, uint32_t *id)
{
	aln__smap_entry *e = aln__smap_get(&sd->ids, w->stem, w->stemlen, true);

	if (!e)
		return ALN_ENOMEM;
	if (e->value == 0) {
		if (aln__grow(&sd->form, &sd->capform, sd->nform + 1,
			      sizeof(*sd->form)) < 0)
			return ALN_ENOMEM;
		sd->form[sd->nform] =
			aln__strndup(text + w->start, w->end - w->start);
		if (!sd->form[sd->nform])
			return ALN_ENOMEM;
		e->value = (long long)++sd->nform;
	}
	*id = (uint32_t)(e->value - 1);
	return 0;
}

/* Adds the distinct words of text to sd as one more unit. */
static int add_variant(walk *wk, side *sd, const char *text, const char *lang)
{
	size_t i, first = sd->units.n;
	int rc;

	if ((rc = aln__words_split(&wk->words, text, strlen(text), lang,
				   sd->stemmer)) < 0)
		return rc;
	for (i = 0; i < wk->words.n && sd->units.n - first < UNIT_WORDS; i++) {
		const aln__word *w = &wk->words.w[i];
		uint32_t id;
		size_t k;

		if (w->punct || w->number || w->stemlen == 0)
			continue;
		if ((rc = word_id(sd, w, text, &id)) < 0)
			return rc;
		for (k = first; k < sd->units.n && sd->units.v[k] != id; k++)
			;
		if (k == sd->units.n && (rc = u32v_push(&sd->units, id)) < 0)
			return rc;
	}
	return u32v_push(&sd->off, (uint32_t)sd->units.n);
}

static const aln_variant *variant_of(const aln_unit *u, const char *base)
{
	char b[ALN_LANG_MAX];
	size_t i;

	for (i = 0; i < u->nvariants; i++)
		if (u->variants[i].lang && u->variants[i].text &&
		    aln_lang_base(b, sizeof(b), u->variants[i].lang) == 0 &&
		    !strcmp(b, base))
			return &u->variants[i];
	return NULL;
}

static int unit_cb(const aln_unit *u, void *data)
{
	walk *wk = data;
	const aln_variant *vs = variant_of(u, wk->s.base);
	const aln_variant *vt = variant_of(u, wk->t.base);
	int rc;

	if (!vs || !vt)
		return 0;
	if ((rc = add_variant(wk, &wk->s, vs->text, vs->lang)) < 0 ||
	    (rc = add_variant(wk, &wk->t, vt->text, vt->lang)) < 0)
		return rc;
	return ++wk->nunits >= wk->max_units ? ALN_ECANCELLED : 0;
}

static void side_free(side *sd)
{
	size_t i;

	aln__stemmer_free(sd->stemmer);
	aln__smap_free(&sd->ids);
	for (i = 0; i < sd->nform; i++)
		free(sd->form[i]);
	free(sd->form);
	free(sd->units.v);
	free(sd->off.v);
}

/* Counts, pairs and hands the best pairs to cb. */
static int pair_up(walk *wk, aln_word_pair_cb cb, void *data)
{
	size_t ns = wk->s.nform, nt = wk->t.nform, u, i;
	const u32v *su = &wk->s.units, *tu = &wk->t.units;
	const uint32_t *so = wk->s.off.v, *to = wk->t.off.v;
	uint32_t *ct = aln__calloc(nt + 1, sizeof(uint32_t));
	uint32_t *cnt = aln__calloc(nt + 1, sizeof(uint32_t));
	uint32_t *touched = aln__calloc(nt + 1, sizeof(uint32_t));
	uint32_t *ioff = aln__calloc(ns + 2, sizeof(uint32_t));
	uint32_t *fill = aln__calloc(ns + 1, sizeof(uint32_t));
	uint32_t *inv = aln__calloc(su->n + 1, sizeof(uint32_t));
	int rc = ALN_ENOMEM;

	if (!ct || !cnt || !touched || !ioff || !fill || !inv)
		goto out;
	for (i = 0; i < tu->n; i++)
		ct[tu->v[i]]++;
	for (i = 0; i < su->n; i++)
		ioff[su->v[i] + 1]++;
	for (i = 0; i < ns; i++)
		ioff[i + 1] += ioff[i];
	for (u = 0; u < wk->nunits; u++)
		for (i = so[u]; i < so[u + 1]; i++)
			inv[ioff[su->v[i]] + fill[su->v[i]]++] = (uint32_t)u;
	rc = 0;
	for (i = 0; i < ns && rc == 0; i++) {
		uint32_t cs = ioff[i + 1] - ioff[i], x, nto = 0, best = 0;
		double bestd = 0;

		if (cs < MIN_COUNT)
			continue;
		for (x = ioff[i]; x < ioff[i + 1]; x++) {
			uint32_t un = inv[x], b;

			for (b = to[un]; b < to[un + 1]; b++)
				if (cnt[tu->v[b]]++ == 0)
					touched[nto++] = tu->v[b];
		}
		for (x = 0; x < nto; x++) {
			uint32_t t = touched[x], n = cnt[t];
			double dice = 2.0 * n / (double)(cs + ct[t]);

			cnt[t] = 0;
			if (n < MIN_COUNT || dice < MIN_DICE ||
			    (double)n < MIN_LIFT * cs * (double)ct[t] /
						(double)wk->nunits)
				continue;
			/* Ties go to the target word met first. */
			if (dice > bestd || (dice == bestd && t + 1 < best)) {
				bestd = dice;
				best = t + 1;
			}
		}
		if (best)
			rc = cb(wk->s.form[i], wk->t.form[best - 1], bestd,
				data);
	}
out:
	free(ct);
	free(cnt);
	free(touched);
	free(ioff);
	free(fill);
	free(inv);
	return rc;
}

int aln_memory_word_pairs(aln_memory *m, const char *src_lang,
			  const char *tgt_lang, size_t max_units,
			  aln_word_pair_cb cb, void *data)
{
	walk wk;
	aln_unit_filter f = ALN_UNIT_FILTER_INIT;
	const char *langs[2];
	int rc;

	memset(&wk, 0, sizeof(wk));
	if (!m || !src_lang || !tgt_lang || !cb)
		return aln__error(ALN_EINVAL, "%s",
				  _("no memory, language or callback given"));
	if (aln_lang_base(wk.s.base, sizeof(wk.s.base), src_lang) < 0)
		return aln__error(ALN_EINVAL, _("invalid language tag '%s'"),
				  src_lang);
	if (aln_lang_base(wk.t.base, sizeof(wk.t.base), tgt_lang) < 0)
		return aln__error(ALN_EINVAL, _("invalid language tag '%s'"),
				  tgt_lang);
	if (!strcmp(wk.s.base, wk.t.base))
		return 0;
	wk.max_units = max_units ? max_units : DEFAULT_UNITS;
	/* No stemmer for a language: its words are matched whole. */
	wk.s.stemmer = aln__stemmer_new(wk.s.base);
	wk.t.stemmer = aln__stemmer_new(wk.t.base);
	langs[0] = wk.s.base;
	langs[1] = wk.t.base;
	f.langs = langs;
	f.nlangs = 2;
	rc = u32v_push(&wk.s.off, 0);
	if (rc == 0)
		rc = u32v_push(&wk.t.off, 0);
	if (rc == 0) {
		rc = aln_memory_each_unit(m, &f, unit_cb, &wk);
		if (rc == ALN_ECANCELLED && wk.nunits >= wk.max_units)
			rc = 0;
	}
	if (rc == 0 && wk.nunits)
		rc = pair_up(&wk, cb, data);
	aln__words_free(&wk.words);
	side_free(&wk.s);
	side_free(&wk.t);
	return rc;
}
