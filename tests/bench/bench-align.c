// SPDX-License-Identifier: MIT
/*
 * Alignment benchmark: builds a pair of documents of N sentences from
 * the project's own texts (the 1-1 pairs of tests/data/align/harbour.en
 * and .fr, mixed with seeded pseudo-sentences and their letter-cipher
 * "translations"), edits the target with insertions, deletions, merges
 * and splits at known places, aligns them with aln_align() and prints
 * the time, the peak memory and the strict F1 against the known truth.
 * It never fails on time.
 *
 *   bench-align [SOURCE_ROOT] [N...]     (default N: 30000 300000)
 */
#include <alinea.h>

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

typedef struct sbuf {
	char **s;
	size_t n, cap;
} sbuf;

static void push(sbuf *b, char *s)
{
	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 1024;
		b->s = realloc(b->s, b->cap * sizeof(*b->s));
		if (!b->s)
			abort();
	}
	b->s[b->n++] = s;
}

static unsigned long rnd(unsigned long *st)
{
	*st = *st * 6364136223846793005UL + 1442695040888963407UL;
	return *st >> 33;
}

/*
 * Word w of a vocabulary of pseudo-words: its letters come from w, so a
 * word is the same wherever it occurs; v = 1 gives its "translation" (a
 * letter cipher, some words a letter longer, long words unchanged like
 * names and cognates).
 */
static size_t word(char *w, unsigned long id, int v)
{
	unsigned long st = id * 0x9E3779B97F4A7C15UL + 7;
	size_t wl = 2 + rnd(&st) % 8, c;

	for (c = 0; c < wl; c++) {
		char ch = (char)('a' + rnd(&st) % 26);

		w[c] = v && wl < 8 ? (char)('a' + (ch - 'a' + 7) % 26) : ch;
	}
	if (v && wl < 8 && rnd(&st) % 3 == 0)
		w[wl++] = 'e';
	w[wl] = '\0';
	return wl;
}

/*
 * Sentence id: 4 to 25 words drawn from a vocabulary of 50,000 with a
 * Zipf-like law (rank = 50000^u), as real text is; every fifth sentence
 * carries a number. part 1 and 2 are the halves of a split.
 */
static char *gen(unsigned long id, int v, int part)
{
	unsigned long st = id * 2654435761UL + 17;
	size_t n = 4 + rnd(&st) % 22, k, len = 0, from = 0, to;
	char buf[512];

	to = n;
	if (part == 1)
		to = n / 2;
	if (part == 2)
		from = n / 2;
	buf[0] = '\0';
	for (k = 0; k < n; k++) {
		double u = (double)(rnd(&st) % 1000000) / 1000000.0;
		unsigned long rank = (unsigned long)pow(50000.0, u);
		char w[16];

		word(w, rank, v);
		if (k >= from && k < to)
			len += (size_t)snprintf(buf + len, sizeof(buf) - len,
						"%s%s", len ? " " : "", w);
	}
	if (id % 5 == 0 && part != 1)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, " %lu",
					id * 7 + 13);
	snprintf(buf + len, sizeof(buf) - len, ".");
	return strdup(buf);
}

static sbuf read_lines(const char *path)
{
	sbuf b = { 0 };
	char line[4096];
	FILE *f = fopen(path, "r");

	if (!f) {
		fprintf(stderr, "bench-align: cannot open %s\n", path);
		exit(1);
	}
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		push(&b, strdup(line));
	}
	fclose(f);
	return b;
}

static char *join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *s = malloc(la + lb + 2);

	memcpy(s, a, la);
	s[la] = ' ';
	memcpy(s + la + 1, b, lb + 1);
	return s;
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double cpu(void)
{
	struct timespec t;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static long peak_kb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

/* A gold bead: [sb, se) : [tb, te). */
typedef struct gbead {
	size_t sb, se, tb, te;
} gbead;

static int cmp_bead(const void *x, const void *y)
{
	const gbead *a = x, *b = y;

	if (a->sb != b->sb)
		return a->sb < b->sb ? -1 : 1;
	if (a->se != b->se)
		return a->se < b->se ? -1 : 1;
	if (a->tb != b->tb)
		return a->tb < b->tb ? -1 : 1;
	return a->te < b->te ? -1 : a->te > b->te;
}

static void run(const char *root, size_t n)
{
	char path[4096];
	sbuf hen, hfr, S = { 0 }, T = { 0 };
	gbead *gold = calloc(n * 2 + 16, sizeof(*gold)), *hyp;
	size_t ng = 0, i, hits = 0, nh = 0, gpos = 0;
	unsigned long st = 42;
	aln_align_sentence *ss, *ts;
	aln_align_text texts[2];
	aln_alignment *a = NULL;
	double t0, t1, c0, c1;
	long rss0;
	int rc;

	snprintf(path, sizeof(path), "%s/tests/data/align/harbour.en", root);
	hen = read_lines(path);
	snprintf(path, sizeof(path), "%s/tests/data/align/harbour.fr", root);
	hfr = read_lines(path);
	/* The harbour pair's 1-1 lines (see harbour.gold). */
	static const int pairs[][2] = {
		{ 0, 0 },   { 1, 1 },	{ 2, 2 },   { 3, 3 },	{ 5, 4 },
		{ 6, 5 },   { 9, 7 },	{ 10, 8 },  { 11, 9 },	{ 12, 10 },
		{ 13, 11 }, { 15, 14 }, { 16, 15 }, { 17, 16 }, { 18, 17 },
		{ 19, 19 }, { 20, 20 }, { 21, 21 }, { 22, 22 }, { 23, 23 },
		{ 24, 24 },
	};
	const size_t npairs = sizeof(pairs) / sizeof(pairs[0]);

	for (i = 0; i < n; i++) {
		unsigned long r = rnd(&st) % 100, id = i + 1;
		bool harbour = rnd(&st) % 4 == 0;
		size_t p = rnd(&st) % npairs;
		char *src =
			harbour ? strdup(hen.s[pairs[p][0]]) : gen(id, 0, 0);
		size_t sb = S.n, tb = T.n;

		push(&S, src);
		if (r < 2) {
			/* Deletion: the target lacks this sentence. */
		} else if (r < 5 && !harbour && i + 1 < n) {
			/* Merge: this and the next source into one target. */
			char *a1 = gen(id, 1, 0), *a2 = gen(id + 1, 1, 0);

			push(&S, gen(id + 1, 0, 0));
			push(&T, join(a1, a2));
			free(a1);
			free(a2);
			i++;
		} else if (r < 8 && !harbour) {
			/* Split: one source, two target sentences. */
			push(&T, gen(id, 1, 1));
			push(&T, gen(id, 1, 2));
		} else {
			push(&T, harbour ? strdup(hfr.s[pairs[p][1]])
					 : gen(id, 1, 0));
		}
		gold[ng++] = (gbead){ sb, S.n, tb, T.n };
		if (rnd(&st) % 100 < 2) {
			/* Insertion: a target sentence with no source. */
			push(&T, gen(1000000000UL + id, 1, 0));
			gold[ng++] = (gbead){ S.n, S.n, T.n - 1, T.n };
		}
	}
	ss = calloc(S.n, sizeof(*ss));
	ts = calloc(T.n, sizeof(*ts));
	for (i = 0; i < S.n; i++)
		ss[i] = (aln_align_sentence){ S.s[i], strlen(S.s[i]), 0 };
	for (i = 0; i < T.n; i++)
		ts[i] = (aln_align_sentence){ T.s[i], strlen(T.s[i]), 0 };
	texts[0] = (aln_align_text){ "en", ss, S.n };
	texts[1] = (aln_align_text){ "fr", ts, T.n };
	rss0 = peak_kb();
	t0 = now();
	c0 = cpu();
	rc = aln_align(&a, texts, 2, NULL);
	c1 = cpu();
	t1 = now();
	if (rc < 0) {
		fprintf(stderr, "bench-align: %s\n", aln_error_last()->message);
		exit(1);
	}
	hyp = calloc(a->nbeads + 1, sizeof(*hyp));
	for (i = 0; i < a->nbeads; i++) {
		const aln_align_span *sp = &a->spans[i * 2];

		if (sp[0].begin == sp[0].end && sp[1].begin == sp[1].end)
			continue;
		hyp[nh++] = (gbead){ sp[0].begin, sp[0].end, sp[1].begin,
				     sp[1].end };
	}
	qsort(gold, ng, sizeof(*gold), cmp_bead);
	qsort(hyp, nh, sizeof(*hyp), cmp_bead);
	for (i = 0; i < nh; i++) {
		while (gpos < ng && cmp_bead(&gold[gpos], &hyp[i]) < 0)
			gpos++;
		hits += gpos < ng && cmp_bead(&gold[gpos], &hyp[i]) == 0;
	}
	{
		size_t gn = 0;
		double p, r;

		for (i = 0; i < ng; i++)
			gn += gold[i].se > gold[i].sb &&
			      gold[i].te > gold[i].tb;
		/* Precision over all items, recall over 1-1-or-more gold. */
		{
			size_t rh = 0, k = 0;

			for (i = 0; i < nh; i++) {
				if (hyp[i].se == hyp[i].sb ||
				    hyp[i].te == hyp[i].tb)
					continue;
				while (k < ng &&
				       cmp_bead(&gold[k], &hyp[i]) < 0)
					k++;
				rh += k < ng &&
				      cmp_bead(&gold[k], &hyp[i]) == 0;
			}
			p = nh ? (double)hits / (double)nh : 0;
			r = gn ? (double)rh / (double)gn : 0;
		}
		printf("%zu x %zu sentences: %.2f s CPU (%.2f s elapsed), peak "
		       "memory %.0f MB (%.0f MB before aligning), strict F1 "
		       "%.3f\n",
		       S.n, T.n, c1 - c0, t1 - t0, (double)peak_kb() / 1024.0,
		       (double)rss0 / 1024.0,
		       p + r > 0 ? 2 * p * r / (p + r) : 0);
	}
	fflush(stdout);
	aln_alignment_free(a);
	for (i = 0; i < S.n; i++)
		free(S.s[i]);
	for (i = 0; i < T.n; i++)
		free(T.s[i]);
	for (i = 0; i < hen.n; i++)
		free(hen.s[i]);
	for (i = 0; i < hfr.n; i++)
		free(hfr.s[i]);
	free(hen.s);
	free(hfr.s);
	free(S.s);
	free(T.s);
	free(ss);
	free(ts);
	free(gold);
	free(hyp);
}

int main(int argc, char **argv)
{
	const char *root = argc > 1 ? argv[1] : getenv("ALINEA_SOURCE_ROOT");
	int k;

	if (!root)
		root = ".";
	if (argc <= 2) {
		run(root, 30000);
		run(root, 300000);
		return 0;
	}
	for (k = 2; k < argc; k++)
		run(root, strtoul(argv[k], NULL, 10));
	return 0;
}
