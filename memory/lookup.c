// SPDX-License-Identifier: MIT
/*
 * Fuzzy lookup and leverage analysis (alinea/memory.h). A lookup asks the
 * backend for candidates (the stored sentences sharing the query's
 * rarest terms), scores each with memory/fuzzy.c, keeps the best per
 * unit and builds the word diff of the ones it returns. The analyzer
 * runs one lookup per segment of a job and counts segments and words
 * per leverage band, with repetitions inside the job apart.
 */
#include "memory-internal.h"
#include "fuzzy.h"

#include <stdlib.h>
#include <string.h>

/* Candidates scored per lookup: enough for the best match to be among. */
#define CANDIDATES_MIN 64
#define CANDIDATES_PER_RESULT 16

struct lookup_state {
	const aln_lookup_options *opts;
	const char *qlang;     /* canonical source tag of the query */
	const char *tlang;     /* canonical target tag asked for */
	bool qregion, tregion; /* whether they carry a region */
	const struct fz_text *query;
	aln_match *best; /* sorted, at most opts->limit */
	size_t nbest;
	size_t scored;
	int floor; /* the score to beat once best is full */
	int rc;
};

static char *dup_or_null(const char *s)
{
	return s ? aln__strdup(s) : NULL;
}

static void match_clear(aln_match *m)
{
	size_t i;

	free((char *)m->source);
	free((char *)m->target);
	free((char *)m->source_lang);
	free((char *)m->target_lang);
	free((char *)m->document);
	for (i = 0; i < m->ndiff; i++) {
		free((char *)m->diff[i].text);
		free((char *)m->diff[i].other);
	}
	free((aln_diff *)m->diff);
	memset(m, 0, sizeof(*m));
}

void aln_matches_free(aln_matches *ms)
{
	size_t i;

	if (!ms)
		return;
	for (i = 0; i < ms->count; i++)
		match_clear(&ms->items[i]);
	free(ms->items);
	free(ms);
}

/* Whether x ranks before y: higher score, then lower unit id. */
static bool better(int xs, long long xu, int ys, long long yu)
{
	return xs != ys ? xs > ys : xu < yu;
}

static int on_candidate(const aln_store_candidate *c, void *data)
{
	struct lookup_state *st = data;
	struct fz_text t;
	int score, rc;
	size_t i, pos;
	aln_match *m;
	size_t limit = st->opts->limit;

	st->scored++;
	if ((rc = aln__fz_prepare(&t, c->source, strlen(c->source),
				  c->source_lang)) < 0) {
		/* A stored text that does not tokenise is skipped. */
		aln_error_clear();
		return 0;
	}
	rc = aln__fz_score(&score, st->query, &t,
			   st->nbest == limit ? st->floor : st->opts->min_score,
			   NULL, NULL);
	aln__fz_free(&t);
	if (rc < 0)
		return rc;
	/* A regional mismatch (fr-CA for fr-FR) costs a little. */
	if ((st->qregion && strcmp(c->source_lang, st->qlang)) ||
	    (st->tregion && strcmp(c->target_lang, st->tlang))) {
		score -= ALN_MATCH_PENALTY_REGION;
		if (score < 0)
			score = 0;
	}
	if (score < st->opts->min_score)
		return 0;
	/* The same unit through another source variant: keep the best. */
	for (i = 0; i < st->nbest; i++) {
		if (st->best[i].unit != c->unit)
			continue;
		if (!better(score, c->unit, st->best[i].score, c->unit))
			return 0;
		match_clear(&st->best[i]);
		memmove(&st->best[i], &st->best[i + 1],
			(st->nbest - i - 1) * sizeof(*st->best));
		st->nbest--;
		break;
	}
	if (st->nbest == limit &&
	    !better(score, c->unit, st->best[limit - 1].score,
		    st->best[limit - 1].unit))
		return 0;
	if (st->nbest == limit)
		match_clear(&st->best[--st->nbest]);
	for (pos = st->nbest; pos > 0; pos--)
		if (!better(score, c->unit, st->best[pos - 1].score,
			    st->best[pos - 1].unit))
			break;
	memmove(&st->best[pos + 1], &st->best[pos],
		(st->nbest - pos) * sizeof(*st->best));
	m = &st->best[pos];
	memset(m, 0, sizeof(*m));
	st->nbest++;
	m->score = score;
	m->unit = c->unit;
	m->confidence = c->confidence;
	if (!(m->source = dup_or_null(c->source)) ||
	    !(m->target = dup_or_null(c->target)) ||
	    !(m->source_lang = dup_or_null(c->source_lang)) ||
	    !(m->target_lang = dup_or_null(c->target_lang)) ||
	    (c->document && !(m->document = dup_or_null(c->document))))
		return ALN_ENOMEM;
	if (st->nbest == limit)
		st->floor = st->best[limit - 1].score;
	return 0;
}

/* Fills m->diff: the word diff from the query to m->source. */
static int build_diff(aln_match *m, const struct fz_text *q, const char *lang)
{
	struct fz_text t;
	struct fz_op *ops = NULL;
	size_t nops = 0, i;
	aln_diff *d;
	int score, rc;

	if ((rc = aln__fz_prepare(&t, m->source, strlen(m->source), lang)) < 0)
		return rc;
	if ((rc = aln__fz_score(&score, q, &t, 0, &ops, &nops)) < 0)
		goto out;
	if (!(d = aln__calloc(nops ? nops : 1, sizeof(*d)))) {
		rc = ALN_ENOMEM;
		goto out;
	}
	m->diff = d;
	for (i = 0; i < nops; i++) {
		const struct fz_tok *a = &q->tok[ops[i].a];
		const struct fz_tok *b = &t.tok[ops[i].b];

		d[i].op = (aln_diff_op)ops[i].op;
		if (ops[i].op == ALN_DIFF_INSERT)
			d[i].text = aln__strndup(t.text + b->start,
						 b->end - b->start);
		else
			d[i].text = aln__strndup(q->text + a->start,
						 a->end - a->start);
		if (ops[i].op == ALN_DIFF_CHANGE)
			d[i].other = aln__strndup(t.text + b->start,
						  b->end - b->start);
		m->ndiff = i + 1;
		if (!d[i].text ||
		    (ops[i].op == ALN_DIFF_CHANGE && !d[i].other)) {
			rc = ALN_ENOMEM;
			goto out;
		}
	}
	rc = 0;
out:
	free(ops);
	aln__fz_free(&t);
	return rc;
}

static bool has_region(const char *tag)
{
	/* "fr-CA", "pt-BR", "es-419": a subtag after the language. */
	return strchr(tag, '-') != NULL;
}

int aln_memory_lookup(aln_memory *m, aln_matches **out, const char *text,
		      size_t len, const aln_lookup_options *opts)
{
	struct lookup_state st;
	aln_lookup_options o;
	char qlang[ALN_LANG_MAX], tlang[ALN_LANG_MAX];
	char qbase[ALN_LANG_MAX], tbase[ALN_LANG_MAX];
	char *nfc = NULL, *qtext;
	struct aln_terms terms = { 0 };
	struct fz_text q = { 0 };
	aln_store_query sq;
	aln_matches *res = NULL;
	size_t i;
	int rc;

	if (!out)
		return aln__error(ALN_EINVAL, "%s",
				  _("no place for the matches"));
	*out = NULL;
	if (!m || !opts || !text)
		return aln__error(ALN_EINVAL, "%s", _("nothing to look up"));
	if (opts->version != ALN_LOOKUP_OPTIONS_VERSION)
		return aln__error(ALN_EINVAL,
				  _("unknown lookup options version %u"),
				  opts->version);
	o = *opts;
	if (!o.source_lang || !o.target_lang)
		return aln__error(ALN_EINVAL, "%s",
				  _("a lookup needs a source and a target "
				    "language"));
	if (o.min_score < 0 || o.min_score > 100)
		return aln__error(ALN_EINVAL,
				  _("minimum score %d is not between 0 and "
				    "100"),
				  o.min_score);
	if (!o.limit)
		o.limit = 5;
	if ((rc = aln_lang_canonical(qlang, sizeof(qlang), o.source_lang)) <
		    0 ||
	    (rc = aln_lang_canonical(tlang, sizeof(tlang), o.target_lang)) <
		    0 ||
	    (rc = aln_lang_base(qbase, sizeof(qbase), qlang)) < 0 ||
	    (rc = aln_lang_base(tbase, sizeof(tbase), tlang)) < 0)
		return rc;
	if ((rc = aln_fold(&nfc, &len, text, len, 0)) < 0)
		return rc;
	qtext = nfc;
	if ((rc = aln__terms(&terms, qtext)) < 0 ||
	    (rc = aln__fz_prepare(&q, qtext, len, qlang)) < 0)
		goto out;
	if (!(res = aln__calloc(1, sizeof(*res))) ||
	    !(res->items = aln__calloc(o.limit + 1, sizeof(*res->items)))) {
		rc = ALN_ENOMEM;
		goto out;
	}
	memset(&st, 0, sizeof(st));
	st.opts = &o;
	st.qlang = qlang;
	st.tlang = tlang;
	st.qregion = has_region(qlang);
	st.tregion = has_region(tlang);
	st.query = &q;
	st.best = res->items;

	memset(&sq, 0, sizeof(sq));
	sq.source_base = qbase;
	sq.target_base = tbase;
	sq.terms = (const char *const *)terms.list;
	sq.nterms = terms.count;
	sq.limit = CANDIDATES_MIN > o.limit * CANDIDATES_PER_RESULT
			   ? CANDIDATES_MIN
			   : o.limit * CANDIDATES_PER_RESULT;
	sq.exhaustive = o.flags & ALN_LOOKUP_EXHAUSTIVE;
	if ((rc = aln__behind_sync(m)) == 0)
		rc = m->store->ops->candidates(m->store, &sq, on_candidate,
					       &st);
	res->count = st.nbest;
	res->candidates = st.scored;
	if (rc < 0)
		goto out;
	if (!(o.flags & ALN_LOOKUP_NO_DIFF))
		for (i = 0; i < res->count; i++)
			if ((rc = build_diff(&res->items[i], &q, qlang)) < 0)
				goto out;
	*out = res;
	res = NULL;
	rc = 0;
out:
	aln_matches_free(res);
	aln__fz_free(&q);
	aln__terms_free(&terms);
	aln_free(nfc);
	return rc;
}

/* ---- the analyzer ---- */

struct aln_analyzer {
	aln_memory *m;
	aln_lookup_options opts;
	char lang[ALN_LANG_MAX];
	aln_analysis result;
	/* Segments seen: open addressing over 64-bit hashes. */
	uint64_t *seen;
	size_t nseen, cap;
};

int aln_analyzer_new(aln_analyzer **out, aln_memory *m,
		     const aln_lookup_options *opts)
{
	aln_analyzer *a;
	int rc;

	if (!out)
		return aln__error(ALN_EINVAL, "%s",
				  _("no place for the analyzer"));
	*out = NULL;
	if (!m || !opts || !opts->source_lang || !opts->target_lang)
		return aln__error(ALN_EINVAL, "%s",
				  _("an analysis needs a memory, a source and "
				    "a target language"));
	if (!(a = aln__calloc(1, sizeof(*a))))
		return ALN_ENOMEM;
	if ((rc = aln_lang_canonical(a->lang, sizeof(a->lang),
				     opts->source_lang)) < 0) {
		free(a);
		return rc;
	}
	a->m = m;
	a->opts = *opts;
	a->opts.min_score = 50;
	a->opts.limit = 1;
	a->opts.flags |= ALN_LOOKUP_NO_DIFF;
	*out = a;
	return 0;
}

static uint64_t seg_hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h ? h : 1;
}

/* Adds h to the set; *seen tells whether it was there. */
static int seen_add(aln_analyzer *a, uint64_t h, bool *seen)
{
	size_t i;

	if ((a->nseen + 1) * 2 > a->cap) {
		size_t nc = a->cap ? a->cap * 2 : 1024, j;
		uint64_t *t = aln__calloc(nc, sizeof(*t));

		if (!t)
			return ALN_ENOMEM;
		for (j = 0; j < a->cap; j++) {
			if (!a->seen[j])
				continue;
			for (i = a->seen[j] & (nc - 1); t[i];
			     i = (i + 1) & (nc - 1))
				;
			t[i] = a->seen[j];
		}
		free(a->seen);
		a->seen = t;
		a->cap = nc;
	}
	for (i = h & (a->cap - 1); a->seen[i]; i = (i + 1) & (a->cap - 1))
		if (a->seen[i] == h) {
			*seen = true;
			return 0;
		}
	a->seen[i] = h;
	a->nseen++;
	*seen = false;
	return 0;
}

int aln_analyzer_add(aln_analyzer *a, aln_band *band, const char *text,
		     size_t len)
{
	struct fz_text t;
	aln_matches *ms = NULL;
	aln_band b;
	bool seen;
	int rc;

	if (!a || !text)
		return aln__error(ALN_EINVAL, "%s", _("nothing to analyze"));
	if ((rc = aln__fz_prepare(&t, text, len, a->lang)) < 0)
		return rc;
	if ((rc = seen_add(a, seg_hash(text, len), &seen)) < 0)
		goto out;
	if (seen) {
		b = ALN_BAND_REPEAT;
	} else {
		if ((rc = aln_memory_lookup(a->m, &ms, text, len, &a->opts)) <
		    0)
			goto out;
		b = aln_band_of(ms->count ? ms->items[0].score : 0);
	}
	a->result.segments[b]++;
	a->result.words[b] += (long long)t.words;
	a->result.total_segments++;
	a->result.total_words += (long long)t.words;
	if (band)
		*band = b;
out:
	aln_matches_free(ms);
	aln__fz_free(&t);
	return rc;
}

const aln_analysis *aln_analyzer_result(const aln_analyzer *a)
{
	return a ? &a->result : NULL;
}

void aln_analyzer_free(aln_analyzer *a)
{
	if (!a)
		return;
	free(a->seen);
	free(a);
}
