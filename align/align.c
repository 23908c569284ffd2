// SPDX-License-Identifier: MIT
/*
 * aln_align(): checks the input, analyses every version, aligns each
 * version to the pivot (pair.c) with the lexicon of that pair
 * (lexicon.c), and merges the pairwise paths into N-way beads. A pivot
 * position where every pairwise path has a bead boundary cuts the
 * pivot into units; each other version gets, in a unit, the sentences
 * its beads put there. Sentences a version has and the pivot lacks
 * (0-x beads) become units of their own in which the other versions
 * are empty. With two versions this is exactly the pairwise path.
 */
#include "align-int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/*
 * Calibration: confidence = sigmoid(CAL_A * logit(posterior) + CAL_B
 * + CAL_MERGE for beads of more than one sentence on a side + CAL_SKIP
 * for 1-0 and 0-1 beads), fitted by logistic regression of "the bead is
 * in the gold alignment" on the development sets (align/README.md). The
 * raw posteriors are overconfident, and merges and skips are wrong more
 * often than 1-1 beads of the same posterior.
 */
#define CAL_A 0.367
#define CAL_B 0.844
#define CAL_MERGE (-1.257)
#define CAL_SKIP (-0.992)

double aln__calibrate(double p, unsigned int a, unsigned int b)
{
	double l;

	if (p <= 0.005)
		p = 0.005;
	if (p >= 0.995)
		p = 0.995;
	l = CAL_A * log(p / (1 - p)) + CAL_B;
	if (a == 0 || b == 0)
		l += CAL_SKIP;
	else if (a > 1 || b > 1)
		l += CAL_MERGE;
	return 1.0 / (1.0 + exp(-l));
}

void aln_alignment_free(aln_alignment *a)
{
	if (!a)
		return;
	free(a->spans);
	free(a->confidence);
	free(a);
}

/* For one pairwise path: where each pivot position's points are. */
typedef struct pindex {
	uint32_t *first; /* pivot p → index of first point with pi == p */
	uint32_t *last;	 /* ... and of the last one */
} pindex;

static int grow_units(aln_alignment *a, size_t *cap)
{
	size_t nc;
	aln_align_span *s;
	double *c;

	if (a->nbeads < *cap)
		return 0;
	nc = *cap ? *cap * 2 : 256;
	s = aln__reallocarray(a->spans, nc * a->ntexts, sizeof(*s));
	if (!s)
		return ALN_ENOMEM;
	a->spans = s;
	c = aln__reallocarray(a->confidence, nc, sizeof(*c));
	if (!c)
		return ALN_ENOMEM;
	a->confidence = c;
	*cap = nc;
	return 0;
}

/* The first version (not the pivot) with 0-x beads at p. */
static size_t first_with(const pindex *ix, size_t ntexts, size_t pivot,
			 size_t p)
{
	size_t k;

	for (k = 0; k < ntexts; k++)
		if (k != pivot && ix[k].first[p] != UINT32_MAX &&
		    ix[k].last[p] > ix[k].first[p])
			return k;
	return ntexts;
}

/*
 * Adds the unit of the i-th 0-x bead at pivot position p: of version
 * only, or of every version that has an i-th one when only is -1.
 */
static int insertion(aln_alignment *a, size_t *cap, const aln_pair_result *res,
		     const pindex *ix, size_t ntexts, size_t pivot, size_t p,
		     size_t i, size_t only)
{
	aln_align_span *sp;
	double conf = 1;
	size_t t;
	int rc = grow_units(a, cap);

	if (rc < 0)
		return rc;
	sp = &a->spans[a->nbeads * ntexts];
	for (t = 0; t < ntexts; t++) {
		uint32_t x;

		sp[t].begin = sp[t].end = t == pivot ? p : 0;
		if (t == pivot || ix[t].first[p] == UINT32_MAX)
			continue;
		x = ix[t].first[p];
		sp[t].begin = sp[t].end = res[t].pj[x];
		if ((only != (size_t)-1 && t != only) ||
		    x + i >= ix[t].last[p]) {
			/* Empty, placed after this version's own 0-x beads. */
			sp[t].begin = sp[t].end = res[t].pj[ix[t].last[p]];
			continue;
		}
		sp[t].begin = res[t].pj[x + i];
		sp[t].end = res[t].pj[x + i + 1];
		{
			double c = aln__calibrate(res[t].post[x + i + 1], 0, 1);

			if (c < conf)
				conf = c;
		}
	}
	a->confidence[a->nbeads] = conf;
	a->nbeads++;
	return 0;
}

static int merge(aln_alignment *a, const aln_pair_result *res,
		 const aln_doc *docs, size_t ntexts, size_t pivot)
{
	size_t np = docs[pivot].nsent, k, p, cap = 0;
	pindex *ix = aln__calloc(ntexts, sizeof(*ix));
	uint32_t *cuts = aln__calloc(np + 1, sizeof(uint32_t));
	int rc = ALN_ENOMEM;

	if (!ix || !cuts)
		goto out;
	for (k = 0; k < ntexts; k++) {
		const aln_pair_result *r = &res[k];
		size_t x;

		if (k == pivot)
			continue;
		ix[k].first = aln__malloc((np + 1) * sizeof(uint32_t));
		ix[k].last = aln__malloc((np + 1) * sizeof(uint32_t));
		if (!ix[k].first || !ix[k].last)
			goto out;
		memset(ix[k].first, 0xFF, (np + 1) * sizeof(uint32_t));
		for (x = 0; x < r->npoints; x++) {
			uint32_t pi = r->pi[x];

			if (ix[k].first[pi] == UINT32_MAX) {
				ix[k].first[pi] = (uint32_t)x;
				cuts[pi]++;
			}
			ix[k].last[pi] = (uint32_t)x;
		}
	}
	a->ntexts = ntexts;
	for (p = 0; p <= np;) {
		size_t q;

		/*
		 * Sentences the pivot lacks, at p: one unit per bead; when
		 * every version that has such beads here has as many, the
		 * i-th of each go together (a sentence only the pivot left
		 * out).
		 */
		{
			size_t most = 0, i;
			bool zip = true;

			for (k = 0; k < ntexts; k++) {
				size_t cnt;

				if (k == pivot || ix[k].first[p] == UINT32_MAX)
					continue;
				cnt = ix[k].last[p] - ix[k].first[p];
				if (cnt && most && cnt != most)
					zip = false;
				if (cnt > most)
					most = cnt;
			}
			for (i = 0; i < most; i++) {
				size_t kk;

				for (kk = 0; kk < ntexts; kk++) {
					if (kk == pivot ||
					    ix[kk].first[p] == UINT32_MAX ||
					    ix[kk].first[p] + i >=
						    ix[kk].last[p])
						continue;
					if (zip && kk != first_with(ix, ntexts,
								    pivot, p))
						continue;
					if ((rc = insertion(a, &cap, res, ix,
							    ntexts, pivot, p, i,
							    zip ? (size_t)-1
								: kk)) < 0)
						goto out;
				}
			}
		}
		if (p == np)
			break;
		/* The next cut: a boundary in every pairwise path. */
		for (q = p + 1; q < np && cuts[q] != ntexts - 1; q++)
			;
		if ((rc = grow_units(a, &cap)) < 0)
			goto out;
		{
			double conf = 1;

			for (k = 0; k < ntexts; k++) {
				aln_align_span *s =
					&a->spans[a->nbeads * ntexts + k];
				uint32_t x;

				if (k == pivot) {
					s->begin = p;
					s->end = q;
					continue;
				}
				s->begin = res[k].pj[ix[k].last[p]];
				s->end = res[k].pj[ix[k].first[q]];
				for (x = ix[k].last[p] + 1; x <= ix[k].first[q];
				     x++) {
					double c = aln__calibrate(
						res[k].post[x],
						res[k].pi[x] - res[k].pi[x - 1],
						res[k].pj[x] -
							res[k].pj[x - 1]);

					if (c < conf)
						conf = c;
				}
			}
			a->confidence[a->nbeads] = conf;
			a->nbeads++;
		}
		p = q;
	}
	rc = 0;
out:
	if (ix)
		for (k = 0; k < ntexts; k++) {
			free(ix[k].first);
			free(ix[k].last);
		}
	free(ix);
	free(cuts);
	return rc;
}

int aln_align(aln_alignment **out, const aln_align_text *texts, size_t ntexts,
	      const aln_align_options *opts)
{
	aln_align_options defaults = ALN_ALIGN_OPTIONS_INIT;
	aln_doc *docs = NULL;
	aln_pair_result *res = NULL;
	aln_alignment *a = NULL;
	unsigned long long done = 0, total = 0;
	size_t k, pivot;
	int rc = ALN_ENOMEM;

	if (out)
		*out = NULL;
	if (!opts)
		opts = &defaults;
	if (!out || !texts)
		return aln__error(ALN_EINVAL, "%s",
				  _("no texts to align were given"));
	if (ntexts < 2)
		return aln__error(ALN_EINVAL, "%s",
				  _("alignment needs at least two texts"));
	if (opts->version != ALN_ALIGN_OPTIONS_VERSION)
		return aln__error(ALN_EINVAL,
				  _("unknown version %u of the alignment "
				    "options"),
				  opts->version);
	pivot = opts->pivot;
	if (pivot >= ntexts)
		return aln__error(ALN_EINVAL,
				  _("pivot %zu is not one of the %zu texts"),
				  pivot + 1, ntexts);
	docs = aln__calloc(ntexts, sizeof(*docs));
	res = aln__calloc(ntexts, sizeof(*res));
	a = aln__calloc(1, sizeof(*a));
	if (!docs || !res || !a)
		goto out;
	for (k = 0; k < ntexts; k++) {
		rc = aln__doc_init(&docs[k], &texts[k], k);
		if (rc < 0)
			goto out;
		if (k != pivot)
			total += 3 * (texts[k].count + texts[pivot].count);
	}
	for (k = 0; k < ntexts; k++) {
		size_t t;

		if (k == pivot)
			continue;
		/* The pivot's translations are those of this pair only. */
		for (t = 0; t < docs[pivot].ntypes; t++)
			docs[pivot].types[t].ntrans = 0;
		if (!(opts->flags & ALN_ALIGN_LENGTH_ONLY)) {
			rc = aln__lexicon_fill(
				&docs[pivot], &docs[k],
				(opts->flags & ALN_ALIGN_NO_DICTIONARY)
					? ""
					: opts->dict_dir,
				opts->pairs, opts->npairs);
			if (rc < 0)
				goto out;
		}
		rc = aln__align_pair(&res[k], &docs[pivot], &docs[k], opts,
				     &done, total);
		if (rc < 0)
			goto out;
	}
	rc = merge(a, res, docs, ntexts, pivot);
	if (rc < 0)
		goto out;
	*out = a;
	a = NULL;
out:
	if (docs)
		for (k = 0; k < ntexts; k++)
			aln__doc_free(&docs[k]);
	if (res)
		for (k = 0; k < ntexts; k++)
			aln__pair_result_free(&res[k]);
	free(docs);
	free(res);
	aln_alignment_free(a);
	return rc;
}
