// SPDX-License-Identifier: MIT
/*
 * Development measure of concordance on real translations: builds a
 * memory from gold-aligned English-French novels (NAME.en, NAME.fr and
 * the NAME.gold ladder "[en lines]:[fr lines]", lines joined by a
 * space), then runs `concord -s en -t fr` through the library for each
 * word or expression of a list (term-heldout-words.tsv) and judges:
 *
 *  - top translation right: the most frequent translation proposed
 *    equals one of the listed renderings, comparing word by word after
 *    case folding and French Snowball stemming (so "noirs" = "noir");
 *  - span covers: over the hits whose target holds a listed rendering
 *    (same comparison, on word boundaries), the share whose marked span
 *    contains it; "exact" when the span is that rendering and no more.
 *
 * It prints one line per query and the totals, and never fails on the
 * figures (it fails only when the data cannot be read).
 *
 * usage: term-heldout [DATA_DIR [WORDS_FILE]] [--keep MEMORY_PATH]
 */
#include "../../memory/term-internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static char **read_lines(const char *path, size_t *n)
{
	FILE *f = fopen(path, "r");
	char *line = NULL, **v = NULL;
	size_t cap = 0, lcap = 0;
	ssize_t len;

	*n = 0;
	if (!f)
		return NULL;
	while ((len = getline(&line, &lcap, f)) >= 0) {
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (*n == cap) {
			cap = cap ? cap * 2 : 256;
			v = realloc(v, cap * sizeof(*v));
		}
		v[(*n)++] = strdup(line);
	}
	free(line);
	fclose(f);
	return v;
}

static void free_lines(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Parses "[1, 2]" at *p into idx; returns the count, -1 on error. */
static int parse_list(const char **p, int *idx, int max)
{
	int n = 0;

	if (**p != '[')
		return -1;
	(*p)++;
	while (**p && **p != ']') {
		char *end;
		long v = strtol(*p, &end, 10);

		if (end == *p) {
			(*p)++;
			continue;
		}
		if (n < max)
			idx[n++] = (int)v;
		*p = end;
	}
	if (**p != ']')
		return -1;
	(*p)++;
	return n;
}

static char *join(char **lines, size_t nlines, const int *idx, int n)
{
	size_t len = 0;
	char *s;

	for (int i = 0; i < n; i++)
		if (idx[i] >= 0 && (size_t)idx[i] < nlines)
			len += strlen(lines[idx[i]]) + 1;
	s = calloc(len + 1, 1);
	for (int i = 0; i < n; i++) {
		if (idx[i] < 0 || (size_t)idx[i] >= nlines)
			continue;
		if (*s)
			strcat(s, " ");
		strcat(s, lines[idx[i]]);
	}
	return s;
}

static long long add_book(aln_memory *m, const char *dir, const char *book)
{
	char path[8300];
	char **en, **fr, **gold;
	size_t nen, nfr, ngold;
	long long added = 0;

	snprintf(path, sizeof(path), "%s/%s.en", dir, book);
	en = read_lines(path, &nen);
	snprintf(path, sizeof(path), "%s/%s.fr", dir, book);
	fr = read_lines(path, &nfr);
	snprintf(path, sizeof(path), "%s/%s.gold", dir, book);
	gold = read_lines(path, &ngold);
	if (!en || !fr || !gold) {
		fprintf(stderr, "term-heldout: cannot read %s/%s.*\n", dir,
			book);
		return -1;
	}
	for (size_t i = 0; i < ngold; i++) {
		const char *p = gold[i];
		int a[64], b[64], na, nb;
		char *s, *t;

		if ((na = parse_list(&p, a, 64)) < 0 || *p++ != ':' ||
		    (nb = parse_list(&p, b, 64)) < 0 || !na || !nb)
			continue;
		s = join(en, nen, a, na);
		t = join(fr, nfr, b, nb);
		if (*s && *t) {
			aln_variant v[2] = { { 0 } };
			aln_unit u = { 0 };

			v[0].lang = "en";
			v[0].text = s;
			v[0].document = book;
			v[0].position = a[0];
			v[1].lang = "fr";
			v[1].text = t;
			v[1].document = book;
			v[1].position = b[0];
			u.srclang = "en";
			u.confidence = 1;
			u.nvariants = 2;
			u.variants = v;
			if (aln_memory_add_unit(m, NULL, &u) == 0)
				added++;
		}
		free(s);
		free(t);
	}
	free_lines(en, nen);
	free_lines(fr, nfr);
	free_lines(gold, ngold);
	return added;
}

/* A rendering as a query over stems, for judging. */
static bool same_stems(const char *a, const char *b, struct sb_stemmer *st)
{
	aln__words x = { 0 }, y = { 0 };
	size_t i = 0, j = 0;
	bool same = true;

	aln__words_split(&x, a, strlen(a), "fr", st);
	aln__words_split(&y, b, strlen(b), "fr", st);
	for (;;) {
		while (i < x.n && x.w[i].punct)
			i++;
		while (j < y.n && y.w[j].punct)
			j++;
		if (i == x.n || j == y.n) {
			same = i == x.n && j == y.n;
			break;
		}
		if (x.w[i].stemlen != y.w[j].stemlen ||
		    memcmp(x.w[i].stem, y.w[j].stem, x.w[i].stemlen)) {
			same = false;
			break;
		}
		i++;
		j++;
	}
	aln__words_free(&x);
	aln__words_free(&y);
	return same;
}

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
	const char *root = getenv("ALINEA_SOURCE_ROOT");
	char dir[4096], words[4096], tmpdir[] = "/tmp/term-heldout.XXXXXX";
	char mempath[4200];
	const char *keep = NULL, *pos[2] = { NULL, NULL };
	const char *books[] = { "Emma", "JaneEyre", "TheLastOfTheMohicans" };
	aln_memory_options mo = ALN_MEMORY_OPTIONS_INIT;
	struct sb_stemmer *st = aln__stemmer_new("fr");
	aln_memory *m;
	char **list;
	size_t nlist, npos = 0;
	long long units = 0;
	int nq = 0, right = 0;
	long covered = 0, exact = 0, judged = 0;
	double t0, spent = 0;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--keep") && i + 1 < argc)
			keep = argv[++i];
		else if (npos < 2)
			pos[npos++] = argv[i];
	}
	if (!root)
		root = ".";
	snprintf(dir, sizeof(dir), "%s", pos[0] ? pos[0] : "");
	if (!pos[0])
		snprintf(dir, sizeof(dir), "%s/../shared/data/align/en-fr",
			 root);
	snprintf(words, sizeof(words), "%s",
		 pos[1] ? pos[1] : "tests/bench/term-heldout-words.tsv");
	if (!pos[1])
		snprintf(words, sizeof(words),
			 "%s/tests/bench/term-heldout-words.tsv", root);
	if (access(dir, R_OK) != 0) {
		printf("term-heldout: SKIP: no data in %s\n", dir);
		return 0;
	}
	if (keep) {
		snprintf(mempath, sizeof(mempath), "%s", keep);
	} else {
		if (!mkdtemp(tmpdir))
			return 1;
		snprintf(mempath, sizeof(mempath), "%s/memory.db", tmpdir);
	}
	mo.flags = ALN_MEMORY_CREATE;
	if (aln_memory_open(&m, mempath, &mo) < 0) {
		fprintf(stderr, "term-heldout: cannot open %s: %s\n", mempath,
			aln_error_last() ? aln_error_last()->message : "?");
		return 1;
	}
	t0 = now_ms();
	aln_memory_begin(m);
	for (size_t b = 0; b < ALN_ARRAY_SIZE(books); b++) {
		long long n = add_book(m, dir, books[b]);

		if (n < 0)
			return 1;
		units += n;
	}
	aln_memory_commit(m);
	printf("memory: %lld units from %s (%.0f ms)\n", units, dir,
	       now_ms() - t0);
	if (!(list = read_lines(words, &nlist))) {
		fprintf(stderr, "term-heldout: cannot read %s\n", words);
		return 1;
	}
	/* The first concordance learns the lexicon: not timed. */
	aln_term_learn(m, NULL);
	for (size_t i = 0; i < nlist; i++) {
		char *tab = strchr(list[i], '\t'), *acc, *save = NULL, *r;
		char *accepted[64];
		int na = 0, ok = 0;
		long c1 = 0, c2 = 0, c3 = 0;
		aln_concord_options o = ALN_CONCORD_OPTIONS_INIT;
		aln_concord_result *res;

		if (list[i][0] == '#' || !tab)
			continue;
		*tab = '\0';
		acc = tab + 1;
		for (r = strtok_r(acc, "|", &save); r && na < 64;
		     r = strtok_r(NULL, "|", &save))
			accepted[na++] = r;
		o.srclang = "en";
		o.tgtlang = "fr";
		o.limit = 0;
		t0 = now_ms();
		if (aln_concord(&res, m, list[i], &o) < 0) {
			printf("ERROR %s: %s\n", list[i],
			       aln_error_last()->message);
			continue;
		}
		spent += now_ms() - t0;
		nq++;
		for (int k = 0; k < na && res->ntranslations; k++)
			ok |= same_stems(res->translations[0].text, accepted[k],
					 st);
		right += ok;
		for (size_t h = 0; h < res->nhits; h++) {
			const aln_concord_hit *hit = &res->hits[h];
			aln__words tw = { 0 };

			aln__words_split(&tw, hit->target, strlen(hit->target),
					 "fr", st);
			for (int k = 0; k < na; k++) {
				aln__query q;
				size_t a, z;

				aln__query_init(&q, accepted[k], "fr", st);
				if (aln__query_find(&q, &tw, &a, &z)) {
					size_t bs = tw.w[a].start;
					size_t be = tw.w[z - 1].end;

					c2++;
					if (hit->span_byte_end >
						    hit->span_byte_start &&
					    hit->span_byte_start <= bs &&
					    hit->span_byte_end >= be)
						c1++;
					if (hit->span_byte_start == bs &&
					    hit->span_byte_end == be)
						c3++;
					aln__query_free(&q);
					break;
				}
				aln__query_free(&q);
			}
			aln__words_free(&tw);
		}
		covered += c1;
		judged += c2;
		exact += c3;
		printf("%-5s %-14s %3zu hits  top: %-18s",
		       ok ? "right" : "WRONG", list[i], res->total,
		       res->ntranslations ? res->translations[0].text : "-");
		for (size_t k = 1; k < res->ntranslations && k < 3; k++)
			printf(" | %s (%zu)", res->translations[k].text,
			       res->translations[k].count);
		printf("   span covers %ld/%ld\n", c1, c2);
		aln_concord_result_free(res);
	}
	printf("\ntop translation right: %d/%d = %.1f %%\n", right, nq,
	       nq ? 100.0 * right / nq : 0.0);
	printf("span covers a right rendering: %ld/%ld hits = %.1f %% "
	       "(exactly: %.1f %%)\n",
	       covered, judged,
	       judged ? 100.0 * (double)covered / (double)judged : 0.0,
	       judged ? 100.0 * (double)exact / (double)judged : 0.0);
	printf("mean concord time: %.1f ms\n", nq ? spent / nq : 0.0);
	free_lines(list, nlist);
	aln_memory_free(m);
	aln__stemmer_free(st);
	if (!keep) {
		char p[4300];

		snprintf(p, sizeof(p), "%s-wal", mempath);
		unlink(p);
		snprintf(p, sizeof(p), "%s-shm", mempath);
		unlink(p);
		unlink(mempath);
		rmdir(tmpdir);
	}
	return 0;
}
