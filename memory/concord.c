// SPDX-License-Identifier: MIT
/*
 * The concordance engine: given a store behind an aln__concord_backend,
 * finds the units whose source holds an expression, learns from them
 * which target words translate it (wordalign.c), marks the span in each
 * hit, and sums up the distinct translations. When the expression is
 * rare (fewer than RARE hits) its content words are looked up one by one
 * too, so a single occurrence of "forum des nouvelles routes de la soie"
 * still gets spans from what the memory knows of "forum", "routes" and
 * "soie". Glossary entries win over the model. The store (term.c) only
 * answers candidate and frequency questions.
 */
#include "term-internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum {
	MAX_HITS = 5000, /* units examined for one expression */
	MAX_CANDIDATES = 4 * MAX_HITS,
	RARE = 8,	  /* below this, content words are looked up too */
	WORD_SAMPLE = 400 /* units examined for one such word */
};

typedef struct hit {
	long long unit;
	char *src, *tgt;
	aln__words sw, tw;
	size_t first, last;   /* the expression in sw */
	size_t tfirst, tlast; /* the span in tw */
	bool found, glossary;
	char *translation;
} hit;

typedef struct collect {
	const aln__concord_backend *b;
	const aln__query *q;
	struct sb_stemmer *stemmer;  /* the source's, with --stem */
	struct sb_stemmer *tstemmer; /* the target's, for association */
	hit *hits;
	size_t n, cap;
	aln__cooc *cooc;
	int rc;
} collect;

/*
 * Keeps a candidate's texts; process() checks and splits them later, all
 * sources then all targets, because the tokeniser keeps one language's
 * rules at a time and switching costs more than splitting a sentence.
 */
static int on_candidate(void *data, long long unit, const char *src,
			const char *tgt)
{
	collect *c = data;
	hit *h;

	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		hit *nh = aln__reallocarray(c->hits, cap, sizeof(*nh));

		if (!nh)
			return c->rc = ALN_ENOMEM;
		c->hits = nh;
		c->cap = cap;
	}
	h = &c->hits[c->n];
	memset(h, 0, sizeof(*h));
	h->unit = unit;
	if (!(h->src = aln__strdup(src)) || !(h->tgt = aln__strdup(tgt))) {
		free(h->src);
		return c->rc = ALN_ENOMEM;
	}
	c->n++;
	return c->n >= MAX_CANDIDATES;
}

static void hit_free(hit *h);

/*
 * Splits the candidates' sources, drops those that do not hold the
 * query, then splits the targets of the hits and counts them.
 */
static int process(collect *c)
{
	size_t kept = 0;
	int rc;

	for (size_t i = 0; i < c->n; i++) {
		hit *h = &c->hits[i];

		if ((rc = aln__words_split(&h->sw, h->src, strlen(h->src),
					   c->b->srclang, c->stemmer)) < 0)
			return rc;
		if (kept < MAX_HITS &&
		    aln__query_find(c->q, &h->sw, &h->first, &h->last))
			c->hits[kept++] = *h;
		else
			hit_free(h);
	}
	c->n = kept;
	for (size_t i = 0; i < c->n; i++) {
		hit *h = &c->hits[i];

		if ((rc = aln__words_split(&h->tw, h->tgt, strlen(h->tgt),
					   c->b->tgtlang, c->tstemmer)) < 0 ||
		    (rc = aln__cooc_add(c->cooc, &h->tw)) < 0)
			return rc;
	}
	return 0;
}

static void hit_free(hit *h)
{
	free(h->src);
	free(h->tgt);
	free(h->translation);
	aln__words_free(&h->sw);
	aln__words_free(&h->tw);
}

/*
 * Adds to a what the memory knows of the word text on its own, from a
 * sample of the units that hold it.
 */
static int learn_word(aln__assoc *a, const aln__concord_backend *b,
		      const char *text, size_t len, struct sb_stemmer *tstemmer)
{
	aln__query wq;
	aln__cooc cooc = { 0 };
	collect c = { 0 };
	char *t;
	int rc;

	if (!(t = aln__strndup(text, len)))
		return ALN_ENOMEM;
	a->mean_len = b->mean_tgt_words;
	rc = aln__query_init(&wq, t, b->srclang, NULL);
	free(t);
	if (rc < 0)
		return rc;
	c.b = b;
	c.q = &wq;
	c.cooc = &cooc;
	c.tstemmer = tstemmer;
	rc = b->candidates(b->data, &wq, false, WORD_SAMPLE, on_candidate, &c);
	if (rc >= 0 && c.rc < 0)
		rc = c.rc;
	if (rc >= 0)
		rc = process(&c);
	for (size_t i = 0; i < c.n; i++)
		hit_free(&c.hits[i]);
	free(c.hits);
	if (rc >= 0)
		rc = aln__assoc_add(a, &cooc, b->nunits, b->df, b->data);
	aln__cooc_free(&cooc);
	aln__query_free(&wq);
	return rc < 0 ? rc : 0;
}

/* What the memory knows of each content word of a rare expression. */
static int learn_words(aln__assoc *a, const aln__concord_backend *b,
		       const aln__query *q, const aln__smap *stop,
		       struct sb_stemmer *tstemmer)
{
	for (size_t i = 0; i < q->words.n; i++) {
		const aln__word *w = &q->words.w[i];
		int rc;

		if (aln__is_stop(stop, w) || w->number)
			continue;
		if ((rc = learn_word(a, b, w->key, w->keylen, tstemmer)) < 0)
			return rc;
	}
	return 0;
}

/*
 * Picks the rivals: content words outside the expression found in at
 * least 40 % of the hits (and two), the most frequent first, and learns
 * their translations.
 */
static int find_rivals(aln__rival *rv, size_t *nrv, size_t max,
		       const collect *c, const aln__smap *stop,
		       struct sb_stemmer *tstemmer)
{
	aln__smap count = ALN__SMAP_INIT;
	long long need = (long long)(c->n * 4 + 9) / 10;
	int rc = 0;

	*nrv = 0;
	if (need < 2)
		need = 2;
	for (size_t i = 0; i < c->n; i++) {
		const hit *h = &c->hits[i];

		for (size_t j = 0; j < h->sw.n; j++) {
			const aln__word *w = &h->sw.w[j];
			aln__smap_entry *e;

			if ((j >= h->first && j < h->last) || w->number ||
			    w->keylen < 2 || aln__is_stop(stop, w))
				continue;
			if (!(e = aln__smap_get(&count, w->stem, w->stemlen,
						true))) {
				rc = ALN_ENOMEM;
				goto done;
			}
			/* Once per hit: the low bits keep the last hit. */
			if (e->value &&
			    (e->value & 0xffffff) == (long long)i + 1)
				continue;
			e->value = ((e->value >> 24) + 1) << 24 |
				   ((long long)i + 1);
		}
	}
	while (*nrv < max) {
		const aln__smap_entry *best = NULL;

		for (size_t k = 0; k < count.cap; k++) {
			const aln__smap_entry *e = &count.slots[k];

			if (e->key && (e->value >> 24) >= need &&
			    (!best || (e->value >> 24) > (best->value >> 24)))
				best = e;
		}
		if (!best)
			break;
		aln__rival *r = &rv[*nrv];
		memset(r, 0, sizeof(*r));
		if (!(r->stem = aln__strndup(best->key, best->keylen))) {
			rc = ALN_ENOMEM;
			goto done;
		}
		r->stemlen = best->keylen;
		((aln__smap_entry *)best)->value = 0;
		++*nrv;
		if ((rc = aln__stopwords_load(&r->assoc.stop, c->b->tgtlang)) <
			    0 ||
		    (rc = learn_word(&r->assoc, c->b, r->stem, r->stemlen,
				     tstemmer)) < 0)
			goto done;
	}
done:
	aln__smap_free(&count);
	return rc;
}

/*
 * Marks a glossary entry's target in the hit when it is there; gq holds
 * the entries' targets split once for all the hits.
 */
static void apply_glossary(hit *h, const aln__query *gq, size_t ng)
{
	for (size_t g = 0; g < ng; g++) {
		size_t f, l;

		if (aln__query_find(&gq[g], &h->tw, &f, &l)) {
			h->tfirst = f;
			h->tlast = l;
			h->found = h->glossary = true;
			return;
		}
	}
}

typedef struct tr_acc {
	aln__smap map; /* translation -> index + 1 */
	aln_concord_translation *t;
	size_t n, cap;
} tr_acc;

static int tr_count(tr_acc *acc, const char *text, bool glossary,
		    size_t example, size_t add, double weight)
{
	aln__smap_entry *e = aln__smap_get(&acc->map, text, strlen(text), true);
	aln_concord_translation *t;

	if (!e)
		return ALN_ENOMEM;
	if (!e->value) {
		if (acc->n == acc->cap) {
			size_t cap = acc->cap ? acc->cap * 2 : 16;
			aln_concord_translation *nt =
				aln__reallocarray(acc->t, cap, sizeof(*nt));

			if (!nt)
				return ALN_ENOMEM;
			acc->t = nt;
			acc->cap = cap;
		}
		memset(&acc->t[acc->n], 0, sizeof(*t));
		if (!(acc->t[acc->n].text = aln__strdup(text)))
			return ALN_ENOMEM;
		acc->t[acc->n].example = SIZE_MAX;
		e->value = (long long)++acc->n;
	}
	t = &acc->t[e->value - 1];
	t->count += add;
	if (weight > t->weight)
		t->weight = weight;
	if (glossary)
		t->glossary = 1;
	if (t->example == SIZE_MAX && example != SIZE_MAX)
		t->example = example;
	return 0;
}

static int by_translation(const void *a, const void *b)
{
	const aln_concord_translation *x = a, *y = b;

	if (x->glossary != y->glossary)
		return y->glossary - x->glossary;
	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	if (x->weight != y->weight)
		return x->weight < y->weight ? 1 : -1;
	return strcmp(x->text, y->text);
}

/* Glossary-marked hits first, then in unit order. */
static int by_hit(const void *a, const void *b)
{
	const hit *x = a, *y = b;

	if (x->glossary != y->glossary)
		return (int)y->glossary - (int)x->glossary;
	return x->unit < y->unit ? -1 : x->unit > y->unit;
}

void aln_concord_result_free(aln_concord_result *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nhits; i++) {
		free((char *)r->hits[i].source);
		free((char *)r->hits[i].target);
		free((char *)r->hits[i].translation);
	}
	for (size_t i = 0; i < r->ntranslations; i++) {
		free((char *)r->translations[i].text);
		free((char *)r->translations[i].example_source);
		free((char *)r->translations[i].example_target);
	}
	free((void *)r->hits);
	free((void *)r->translations);
	free((char *)r->query);
	free(r);
}

/* Moves the hits and translations into the public result. */
static int build_result(aln_concord_result **out, const char *expr, hit *hits,
			size_t n, tr_acc *acc, size_t limit)
{
	aln_concord_result *r = aln__calloc(1, sizeof(*r));
	aln_concord_hit *ph;
	size_t keep = limit && limit < n ? limit : n;

	if (!r)
		return ALN_ENOMEM;
	r->total = n;
	if (!(r->query = aln__strdup(expr)) ||
	    !(ph = aln__calloc(keep + 1, sizeof(*ph)))) {
		aln_concord_result_free(r);
		return ALN_ENOMEM;
	}
	r->hits = ph;
	for (size_t i = 0; i < keep; i++) {
		hit *h = &hits[i];

		ph[i].unit = h->unit;
		ph[i].source = h->src;
		ph[i].target = h->tgt;
		ph[i].translation = h->translation;
		h->src = h->tgt = h->translation = NULL;
		ph[i].source_start =
			aln__utf8_chars(ph[i].source, h->sw.w[h->first].start);
		ph[i].source_end =
			aln__utf8_chars(ph[i].source, h->sw.w[h->last - 1].end);
		if (h->found) {
			ph[i].span_byte_start = h->tw.w[h->tfirst].start;
			ph[i].span_byte_end = h->tw.w[h->tlast - 1].end;
			ph[i].span_start = aln__utf8_chars(
				ph[i].target, ph[i].span_byte_start);
			ph[i].span_end = aln__utf8_chars(ph[i].target,
							 ph[i].span_byte_end);
		}
		ph[i].glossary = h->glossary;
		r->nhits++;
	}
	/* Examples: the hit's sentences, copied, with the span. */
	for (size_t i = 0; i < acc->n; i++) {
		aln_concord_translation *t = &acc->t[i];
		const hit *h;
		const char *s, *tg;

		if (t->example == SIZE_MAX)
			continue;
		h = &hits[t->example];
		s = t->example < keep ? ph[t->example].source : h->src;
		tg = t->example < keep ? ph[t->example].target : h->tgt;
		t->example_unit = h->unit;
		if (!(t->example_source = aln__strdup(s)) ||
		    !(t->example_target = aln__strdup(tg))) {
			r->translations = acc->t;
			r->ntranslations = i + 1;
			acc->t = NULL;
			acc->n = 0;
			aln_concord_result_free(r);
			return ALN_ENOMEM;
		}
		if (h->found) {
			t->example_span_start =
				aln__utf8_chars(tg, h->tw.w[h->tfirst].start);
			t->example_span_end =
				aln__utf8_chars(tg, h->tw.w[h->tlast - 1].end);
		}
		if (t->example >= keep)
			t->example = SIZE_MAX;
	}
	r->translations = acc->t;
	r->ntranslations = acc->n;
	acc->t = NULL;
	acc->n = 0;
	*out = r;
	return 0;
}

/* A lower-case copy of s[0, n): how translations are told apart. */
static int fold_case(char **out, const char *s, size_t n)
{
	aln_buf b = ALN_BUF_INIT;
	int rc = aln__fold_append(&b, s, n, false);

	*out = NULL;
	if (rc == 0 && !(*out = aln_buf_detach(&b, NULL)))
		rc = ALN_ENOMEM;
	aln_buf_free(&b);
	return rc;
}

int aln__concord_run(aln_concord_result **out, const aln__concord_backend *b,
		     const char *expr, const aln_concord_options *opts)
{
	struct sb_stemmer *stemmer = NULL;
	aln__query q;
	aln__cooc cooc = { 0 };
	aln__assoc a = { 0 };
	aln__smap srcstop = ALN__SMAP_INIT;
	struct sb_stemmer *tstemmer = NULL;
	aln__rival rivals[2];
	size_t nrivals = 0;
	collect c = { 0 };
	tr_acc acc = { 0 };
	aln__query *gq = NULL;
	size_t ngq = 0;
	int rc;

	*out = NULL;
	if (opts->stem && !(stemmer = aln__stemmer_new(b->srclang)))
		return ALN_EUNSUPPORTED;
	if ((rc = aln__query_init(&q, expr, b->srclang, stemmer)) < 0) {
		aln__stemmer_free(stemmer);
		return rc;
	}
	if (!q.words.n) {
		rc = aln__error(ALN_EINVAL, "%s",
				_("the expression has no words to search"));
		goto done;
	}
	c.b = b;
	c.q = &q;
	/* Inflected forms of a translation pool their evidence. */
	tstemmer = aln__stemmer_new(b->tgtlang);
	aln_error_clear();
	c.stemmer = stemmer;
	c.tstemmer = tstemmer;
	c.cooc = &cooc;
	rc = b->candidates(b->data, &q, stemmer != NULL, 0, on_candidate, &c);
	if (rc < 0 || (rc = c.rc) < 0 || (rc = process(&c)) < 0)
		goto done;
	a.mean_len = b->mean_tgt_words;
	if ((rc = aln__stopwords_load(&a.stop, b->tgtlang)) < 0 ||
	    (rc = aln__stopwords_load(&srcstop, b->srclang)) < 0 ||
	    (rc = aln__assoc_add(&a, &cooc, b->nunits, b->df, b->data)) < 0)
		goto done;
	a.open_edges = aln__is_stop(&srcstop, &q.words.w[0]) ||
		       aln__is_stop(&srcstop, &q.words.w[q.words.n - 1]);
	if (c.n < RARE && (rc = learn_words(&a, b, &q, &srcstop, tstemmer)) < 0)
		goto done;
	if (c.n >= 3 &&
	    (rc = find_rivals(rivals, &nrivals, ALN_ARRAY_SIZE(rivals), &c,
			      &srcstop, tstemmer)) < 0)
		goto done;
	for (size_t g = 0; g < b->nglossary; g++) {
		char *fold = NULL;

		if ((rc = fold_case(&fold, b->glossary[g],
				    strlen(b->glossary[g]))) < 0)
			goto done;
		rc = tr_count(&acc, fold, true, SIZE_MAX, 0, 1.0);
		free(fold);
		if (rc < 0)
			goto done;
	}
	if (b->nglossary && c.n &&
	    !(gq = aln__calloc(b->nglossary, sizeof(*gq)))) {
		rc = ALN_ENOMEM;
		goto done;
	}
	for (; gq && ngq < b->nglossary; ngq++)
		if ((rc = aln__query_init(&gq[ngq], b->glossary[ngq],
					  b->tgtlang, tstemmer)) < 0)
			goto done;
	for (size_t i = 0; i < c.n; i++) {
		hit *h = &c.hits[i];

		apply_glossary(h, gq, ngq);
		if (!h->found)
			h->found = aln__span_find(&a, rivals, nrivals, &h->sw,
						  h->first, h->last, &h->tw,
						  &h->tfirst, &h->tlast);
	}
	if (c.n)
		qsort(c.hits, c.n, sizeof(*c.hits), by_hit);
	for (size_t i = 0; i < c.n; i++) {
		hit *h = &c.hits[i];
		size_t from, to;
		char *fold = NULL;
		double strength = 0;

		if (!h->found)
			continue;
		from = h->tw.w[h->tfirst].start;
		to = h->tw.w[h->tlast - 1].end;
		if ((rc = fold_case(&fold, h->tgt + from, to - from)) < 0)
			goto done;
		h->translation = fold;
		/* A glossary hit counts for the entry's own wording. */
		for (size_t j = h->tfirst; j < h->tlast; j++) {
			double w = aln__word_evidence(&a, &h->sw, h->first,
						      h->last, &h->tw.w[j]);

			if (w > strength)
				strength = w;
		}
		if ((rc = tr_count(&acc, fold, h->glossary, i, 1, strength)) <
		    0)
			goto done;
	}
	if (acc.n)
		qsort(acc.t, acc.n, sizeof(*acc.t), by_translation);
	rc = build_result(out, expr, c.hits, c.n, &acc, opts->limit);
done:
	for (size_t i = 0; i < ngq; i++)
		aln__query_free(&gq[i]);
	free(gq);
	for (size_t i = 0; i < c.n; i++)
		hit_free(&c.hits[i]);
	free(c.hits);
	for (size_t i = 0; i < acc.n; i++)
		free((char *)acc.t[i].text);
	free(acc.t);
	aln__smap_free(&acc.map);
	aln__smap_free(&srcstop);
	aln__cooc_free(&cooc);
	aln__assoc_free(&a);
	aln__query_free(&q);
	aln__stemmer_free(stemmer);
	aln__stemmer_free(tstemmer);
	for (size_t i = 0; i < nrivals; i++) {
		free(rivals[i].stem);
		aln__assoc_free(&rivals[i].assoc);
	}
	return rc;
}
