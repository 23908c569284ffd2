// SPDX-License-Identifier: MIT
/*
 * Memory benchmark: builds a deterministic French-English memory of N
 * generated units (templates and vocabulary written for this benchmark,
 * with names, numbers and near-duplicates so that fuzzy matches exist),
 * then runs queries derived from stored sentences (a word, a number or
 * the case changed, a word dropped), whose best match is known. Prints
 * import units/s, lookup p50/p95 latency and best-match recall: the share
 * of queries whose top result scores at least as well as the known best
 * (and, on a sample, as well as scoring every stored sentence). It never
 * fails on time.
 *
 * usage: bench-memory [UNITS [QUERIES [EXHAUSTIVE]]] [--keep PATH]
 *
 * --keep PATH keeps the memory; when PATH exists already (from a run with
 * the same UNITS), the import is skipped and only lookups run.
 */
#include "internal.h"

/* The candidate search's postings budget (memory/store-sqlite.c). */
extern size_t aln__store_postings_budget;

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static uint64_t rng_state;

static uint64_t rnd(void)
{
	uint64_t x = rng_state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	rng_state = x;
	return x * 2685821657736338717ULL;
}

static size_t pick(size_t n)
{
	return (size_t)(rnd() % n);
}

/* Parallel vocabulary: French, English. */
static const char *const roles[][2] = {
	{ "la directrice", "the director" },
	{ "le rapporteur", "the rapporteur" },
	{ "la présidente", "the chair" },
	{ "le secrétaire général", "the secretary-general" },
	{ "la commission", "the commission" },
	{ "le comité de suivi", "the monitoring committee" },
	{ "la délégation", "the delegation" },
	{ "le conseil régional", "the regional council" },
	{ "l'auditeur externe", "the external auditor" },
	{ "la médiatrice", "the ombudswoman" },
	{ "le groupe de travail", "the working group" },
	{ "la cour des comptes", "the court of auditors" },
};

static const char *const verbs[][2] = {
	{ "a approuvé", "approved" },  { "a rejeté", "rejected" },
	{ "a examiné", "examined" },   { "a publié", "published" },
	{ "a présenté", "presented" }, { "a modifié", "amended" },
	{ "a signé", "signed" },       { "a contesté", "challenged" },
	{ "a reporté", "postponed" },  { "a commenté", "commented on" },
	{ "a transmis", "forwarded" }, { "a évalué", "assessed" },
	{ "a financé", "funded" },     { "a résumé", "summarised" },
	{ "a prolongé", "extended" },  { "a suspendu", "suspended" },
};

static const char *const objects[][2] = {
	{ "le budget annuel", "the annual budget" },
	{ "le rapport d'activité", "the activity report" },
	{ "la proposition de règlement", "the proposal for a regulation" },
	{ "le programme de travail", "the work programme" },
	{ "l'accord de coopération", "the cooperation agreement" },
	{ "la stratégie numérique", "the digital strategy" },
	{ "le plan de relance", "the recovery plan" },
	{ "la réforme des retraites", "the pension reform" },
	{ "le projet de loi", "the bill" },
	{ "la feuille de route", "the roadmap" },
	{ "le cahier des charges", "the specifications" },
	{ "l'étude d'impact", "the impact assessment" },
	{ "la convention collective", "the collective agreement" },
	{ "le contrat de concession", "the concession contract" },
	{ "la note de synthèse", "the briefing note" },
	{ "le schéma directeur", "the master plan" },
	{ "la charte éthique", "the code of ethics" },
	{ "le budget rectificatif", "the amending budget" },
	{ "le protocole sanitaire", "the health protocol" },
	{ "la campagne de vaccination", "the vaccination campaign" },
};

static const char *const places[][2] = {
	{ "à Bruxelles", "in Brussels" },
	{ "à Strasbourg", "in Strasbourg" },
	{ "à Luxembourg", "in Luxembourg" },
	{ "à Genève", "in Geneva" },
	{ "à Lyon", "in Lyon" },
	{ "à Montréal", "in Montreal" },
	{ "à Dakar", "in Dakar" },
	{ "à Lille", "in Lille" },
	{ "à Namur", "in Namur" },
	{ "à Québec", "in Quebec City" },
	{ "à Toulouse", "in Toulouse" },
	{ "à Bordeaux", "in Bordeaux" },
};

static const char *const months[][2] = {
	{ "janvier", "January" },
	{ "février", "February" },
	{ "mars", "March" },
	{ "avril", "April" },
	{ "mai", "May" },
	{ "juin", "June" },
	{ "juillet", "July" },
	{ "août", "August" },
	{ "septembre", "September" },
	{ "octobre", "October" },
	{ "novembre", "November" },
	{ "décembre", "December" },
};

static const char *const extras[][2] = {
	{ "après un long débat", "after a long debate" },
	{ "sans modification", "without amendment" },
	{ "à l'unanimité", "unanimously" },
	{ "en séance publique", "in a public sitting" },
	{ "malgré les réserves exprimées", "despite the reservations voiced" },
	{ "en première lecture", "at first reading" },
	{ "avec plusieurs amendements", "with several amendments" },
	{ "à une large majorité", "by a large majority" },
	{ "", "" },
	{ "", "" },
};

static const char *const syll[] = { "ka", "ro", "mi",  "len", "da",   "vo",
				    "sa", "ti", "ber", "na",  "lu",   "gor",
				    "fe", "ri", "mon", "za",  "quel", "do" };

/* A person's name made of syllables: Name Surname. */
static void make_name(char *out, size_t size)
{
	char a[32] = "", b[48] = "";
	size_t i, n = 2 + pick(2), m = 2 + pick(3);

	for (i = 0; i < n; i++)
		strcat(a, syll[pick(ALN_ARRAY_SIZE(syll))]);
	for (i = 0; i < m; i++)
		strcat(b, syll[pick(ALN_ARRAY_SIZE(syll))]);
	a[0] = (char)(a[0] - 32);
	b[0] = (char)(b[0] - 32);
	snprintf(out, size, "%s %s", a, b);
}

struct pair {
	char fr[512], en[512];
};

/*
 * Unit i of the memory. Units come in families of four that share all
 * but one slot, so near-duplicates exist; each family is seeded from its
 * own number, so unit i is the same whatever N is.
 */
static void make_unit(struct pair *p, size_t i)
{
	size_t r, v, o, pl, mo, ex, day, year, amount, variant = i % 4;
	char name[96];
	const char *rf, *re;

	rng_state = 0x9e3779b97f4a7c15ULL ^
		    ((uint64_t)(i / 4) * 0xbf58476d1ce4e5b9ULL);
	rnd();
	r = pick(ALN_ARRAY_SIZE(roles));
	v = pick(ALN_ARRAY_SIZE(verbs));
	o = pick(ALN_ARRAY_SIZE(objects));
	pl = pick(ALN_ARRAY_SIZE(places));
	mo = pick(ALN_ARRAY_SIZE(months));
	ex = pick(ALN_ARRAY_SIZE(extras));
	day = 1 + pick(28);
	year = 1990 + pick(36);
	amount = 10 + pick(9990);
	make_name(name, sizeof(name));
	/* The family's members differ in one slot. */
	switch (variant) {
	case 1:
		v = (v + 1 + pick(3)) % ALN_ARRAY_SIZE(verbs);
		break;
	case 2:
		amount = amount * 3 + 7;
		year = year % 2 ? year - 1 : year + 1;
		break;
	case 3:
		pl = (pl + 1 + pick(3)) % ALN_ARRAY_SIZE(places);
		break;
	}
	rf = roles[r][0];
	re = roles[r][1];
	switch ((i / 4) % 3) {
	case 0:
		snprintf(p->fr, sizeof(p->fr),
			 "Le %zu %s %zu, %s, %s, %s %s %s %s.", day,
			 months[mo][0], year, name, rf, verbs[v][0],
			 objects[o][0], places[pl][0], extras[ex][0]);
		snprintf(p->en, sizeof(p->en),
			 "On %s %zu, %zu, %s, %s, %s %s %s %s.", months[mo][1],
			 day, year, name, re, verbs[v][1], objects[o][1],
			 places[pl][1], extras[ex][1]);
		break;
	case 1:
		snprintf(p->fr, sizeof(p->fr),
			 "%c%s %s %s, d'un montant de %zu millions d'euros, "
			 "lors de la réunion du %zu %s %s.",
			 rf[0] - 32, rf + 1, verbs[v][0], objects[o][0], amount,
			 day, months[mo][0], places[pl][0]);
		snprintf(p->en, sizeof(p->en),
			 "%c%s %s %s, worth %zu million euros, at the "
			 "meeting of %zu %s %s.",
			 re[0] - 32, re + 1, verbs[v][1], objects[o][1], amount,
			 day, months[mo][1], places[pl][1]);
		break;
	default:
		snprintf(p->fr, sizeof(p->fr),
			 "Selon %s, %s %s %s en %zu, avec %zu participants "
			 "%s.",
			 name, rf, verbs[v][0], objects[o][0], year, amount,
			 places[pl][0]);
		snprintf(p->en, sizeof(p->en),
			 "According to %s, %s %s %s in %zu, with %zu "
			 "participants %s.",
			 name, re, verbs[v][1], objects[o][1], year, amount,
			 places[pl][1]);
		break;
	}
	/* Squeeze the double spaces an empty extra leaves. */
	for (char *s = p->fr; (s = strstr(s, " ."));)
		memmove(s, s + 1, strlen(s));
	for (char *s = p->en; (s = strstr(s, " ."));)
		memmove(s, s + 1, strlen(s));
}

/* A query derived from a stored French sentence. */
static void perturb(char *q, size_t size, const char *src, uint64_t seed)
{
	size_t len = strlen(src), i, start, end;
	int kind;

	rng_state = seed | 1;
	rnd();
	snprintf(q, size, "%s", src);
	kind = (int)pick(4);
	if (kind == 0) {
		/* Change a number's digits. */
		for (i = 0; i < len; i++)
			if (q[i] >= '0' && q[i] <= '9') {
				q[i] = (char)('0' + (q[i] - '0' + 3) % 10);
				break;
			}
	} else if (kind == 1) {
		/* Lower-case the first letter. */
		if (q[0] >= 'A' && q[0] <= 'Z')
			q[0] = (char)(q[0] + 32);
	} else {
		/* Drop (kind 2) or replace (kind 3) the k-th word. */
		size_t k = 2 + pick(5), w = 0;

		for (start = 0; start < len && w < k; start++)
			if (q[start] == ' ')
				w++;
		for (end = start; end < len && q[end] != ' '; end++)
			;
		if (end >= len)
			return;
		if (kind == 2)
			memmove(q + start, q + end + 1,
				strlen(q + end + 1) + 1);
		else {
			char rest[512];

			snprintf(rest, sizeof(rest), "%s", q + end);
			snprintf(q + start, size - start, "nouveau%s", rest);
		}
	}
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	size_t n = 100000, nq = 1000, nex = 0, i;
	const char *keep = NULL;
	char path[256], q[600];
	aln_memory_options mo = ALN_MEMORY_OPTIONS_INIT;
	aln_lookup_options lo = ALN_LOOKUP_OPTIONS_INIT;
	aln_memory *m = NULL;
	struct pair p;
	double t0, t1, c0, c1, *lat, *cpu, gen_wall = 0, gen_cpu = 0;
	size_t found = 0, exact_ok = 0, ex_done = 0, cand = 0;
	int argi = 0;
	bool reuse;
	/* Units per transaction: BENCH_TXN, else 100000. */
	size_t txn = getenv("BENCH_TXN")
			     ? strtoul(getenv("BENCH_TXN"), NULL, 10)
			     : 100000;

	for (int a = 1; a < argc; a++) {
		if (!strcmp(argv[a], "--keep") && a + 1 < argc) {
			keep = argv[++a];
			continue;
		}
		if (argi == 0)
			n = strtoul(argv[a], NULL, 10);
		else if (argi == 1)
			nq = strtoul(argv[a], NULL, 10);
		else if (argi == 2)
			nex = strtoul(argv[a], NULL, 10);
		argi++;
	}
	if (keep)
		snprintf(path, sizeof(path), "%s", keep);
	else
		snprintf(path, sizeof(path), "%s/alinea-bench-%d.db",
			 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
			 (int)getpid());
	/* --keep PATH of an earlier run with the same N: lookups only. */
	reuse = keep && access(path, F_OK) == 0;
	if (!reuse)
		unlink(path);
	if (!txn)
		txn = 100000;
	/* BENCH_BUDGET tries another postings budget. */
	if (getenv("BENCH_BUDGET"))
		aln__store_postings_budget =
			strtoul(getenv("BENCH_BUDGET"), NULL, 10);
	mo.flags = ALN_MEMORY_CREATE;
	if (aln_memory_open(&m, path, &mo) < 0) {
		fprintf(stderr, "open: %s\n", aln_error_last()->message);
		return 1;
	}

	/*
	 * Making the sentences is the benchmark's work, not the import's:
	 * time it alone (each unit depends only on its number) and leave
	 * it out of the import's figures.
	 */
	t0 = now_s();
	c0 = cpu_s();
	for (i = 0; i < n && !reuse; i++)
		make_unit(&p, i);
	gen_wall = now_s() - t0;
	gen_cpu = cpu_s() - c0;

	t0 = now_s();
	c0 = cpu_s();
	for (i = 0; i < n && !reuse; i++) {
		aln_variant v[2] = { { .lang = "fr", .position = (long)i },
				     { .lang = "en", .position = (long)i } };
		aln_unit u = { .confidence = 0.9,
			       .nvariants = 2,
			       .variants = v };

		if (i % txn == 0 && aln_memory_begin(m) < 0)
			goto fail;
		make_unit(&p, i);
		v[0].text = p.fr;
		v[1].text = p.en;
		v[0].document = v[1].document = "bench";
		if (aln_memory_add_unit(m, NULL, &u) < 0)
			goto fail;
		if ((i % txn == txn - 1 || i == n - 1) &&
		    aln_memory_commit(m) < 0)
			goto fail;
	}
	t1 = now_s() - gen_wall;
	c1 = cpu_s() - gen_cpu;
	printf("units: %zu\n", n);
	if (reuse)
		printf("import: skipped, reusing %s\n", path);
	else
		printf("import: %.1f s, %.0f units/s (target >= 50000); CPU "
		       "%.1f s, "
		       "%.0f units per CPU second\n",
		       t1 - t0, (double)n / (t1 - t0), c1 - c0,
		       (double)n / (c1 - c0));

	lo.source_lang = "fr";
	lo.target_lang = "en";
	lo.min_score = 50;
	lo.limit = 5;
	lo.flags = ALN_LOOKUP_NO_DIFF;
	lat = calloc(nq ? nq : 1, sizeof(*lat));
	cpu = calloc(nq ? nq : 1, sizeof(*cpu));
	for (i = 0; i < nq; i++) {
		size_t target = (i * 7919 + 13) % n;
		aln_matches *r = NULL;
		int known;
		double a;

		make_unit(&p, target);
		perturb(q, sizeof(q), p.fr, 0x1234567ULL + i * 31);
		aln_match_score(&known, q, p.fr, "fr");
		a = now_s();
		c0 = cpu_s();
		if (aln_memory_lookup(m, &r, q, strlen(q), &lo) < 0)
			goto fail;
		lat[i] = (now_s() - a) * 1000;
		cpu[i] = (cpu_s() - c0) * 1000;
		cand += r->candidates;
		if (r->count && r->items[0].score >= known)
			found++;
		else if (getenv("BENCH_VERBOSE"))
			printf("miss: %s (known %d, got %d)\n", q, known,
			       r->count ? r->items[0].score : -1);
		if (ex_done < nex) {
			aln_lookup_options eo = lo;
			aln_matches *e = NULL;

			eo.flags |= ALN_LOOKUP_EXHAUSTIVE;
			if (aln_memory_lookup(m, &e, q, strlen(q), &eo) < 0)
				goto fail;
			if (!e->count ||
			    (r->count &&
			     r->items[0].score >= e->items[0].score))
				exact_ok++;
			ex_done++;
			aln_matches_free(e);
		}
		aln_matches_free(r);
	}
	qsort(lat, nq, sizeof(*lat), cmp_double);
	qsort(cpu, nq, sizeof(*cpu), cmp_double);
	if (nq) {
		printf("lookup: %zu queries, p50 %.2f ms (target <= 5), p95 "
		       "%.2f ms (target <= 20), %.0f candidates scored on "
		       "average\n",
		       nq, lat[nq / 2], lat[nq * 95 / 100],
		       (double)cand / (double)nq);
		printf("lookup CPU time: p50 %.2f ms, p95 %.2f ms\n",
		       cpu[nq / 2], cpu[nq * 95 / 100]);
		printf("recall vs known best: %.2f%% (target >= 99%%)\n",
		       100.0 * (double)found / (double)nq);
	}
	if (ex_done)
		printf("recall vs exhaustive scoring: %.2f%% of %zu queries\n",
		       100.0 * (double)exact_ok / (double)ex_done, ex_done);
	free(lat);
	free(cpu);
	aln_memory_free(m);
	if (!keep) {
		char wal[300];

		unlink(path);
		snprintf(wal, sizeof(wal), "%s-wal", path);
		unlink(wal);
		snprintf(wal, sizeof(wal), "%s-shm", path);
		unlink(wal);
	}
	return 0;
fail:
	fprintf(stderr, "failed: %s\n", aln_error_last()->message);
	aln_memory_free(m);
	return 1;
}
