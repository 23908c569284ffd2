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
 * The peer: when translate-toolkit (Debian package translate-toolkit,
 * with python3-levenshtein, which it recommends) is installed and UNITS
 * is at most PEER_MAX_UNITS, the same units and the first PEER_QUERIES
 * queries are written to a temporary folder and peer-ttk.py imports them
 * into its TM database (translate.storage.tmdb) and looks them up there;
 * its import units/s and lookup p50 are printed beside ours, with the
 * ratios. Without it, the peer run is skipped, saying why.
 *
 * usage: bench-memory [UNITS [QUERIES [EXHAUSTIVE]]] [--keep PATH]
 *                     [--peer-queries K] [--no-peer]
 *
 * --keep PATH keeps the memory; when PATH exists already (from a run with
 * the same UNITS), the import is skipped and only lookups run.
 * --peer-queries K: the peer looks up K queries (default 5; each takes
 * about a second on each of its two paths at 100,000 units).
 */
#include "internal.h"

/* The candidate search's postings budget (memory/store-sqlite.c). */
extern size_t aln__store_postings_budget;

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* The peer script, peer-ttk.py (meson passes its path). */
#ifndef BENCH_PEER_SCRIPT
#define BENCH_PEER_SCRIPT "tests/bench/peer-ttk.py"
#endif
/* Above this, the peer's import alone would take minutes. */
#define PEER_MAX_UNITS 100000

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

/* The query i of the benchmark, as the lookup loop builds it. */
static void make_query(char *q, size_t size, size_t i, size_t n)
{
	struct pair p;

	make_unit(&p, (i * 7919 + 13) % n);
	perturb(q, size, p.fr, 0x1234567ULL + i * 31);
}

/* What we measured, for the ratios; 0 when not measured. */
struct ours {
	double import_ups, lookup_p50;
};

/*
 * A Python that can import translate-toolkit's TM database:
 * $BENCH_PEER_PYTHON, else python3 on PATH, else Debian's /usr/bin/python3
 * (a python3 of pyenv or a venv does not see Debian's packages). NULL
 * when none can.
 */
static const char *peer_python(void)
{
	static const char *const tries[] = { "python3", "/usr/bin/python3" };
	char cmd[512];

	if (getenv("BENCH_PEER_PYTHON")) {
		snprintf(cmd, sizeof(cmd),
			 "'%s' -c 'import translate.storage.tmdb' "
			 ">/dev/null 2>&1",
			 getenv("BENCH_PEER_PYTHON"));
		return system(cmd) == 0 ? getenv("BENCH_PEER_PYTHON") : NULL;
	}
	for (size_t i = 0; i < ALN_ARRAY_SIZE(tries); i++) {
		snprintf(
			cmd, sizeof(cmd),
			"%s -c 'import translate.storage.tmdb' >/dev/null 2>&1",
			tries[i]);
		if (system(cmd) == 0)
			return tries[i];
	}
	return NULL;
}

/*
 * One lookup path of the peer: k latencies, and stopped > 0 when a
 * lookup ran past that many seconds and the path was given up.
 */
static void peer_summary(const char *path, double *ms, size_t k, double stopped,
			 const struct ours *o)
{
	if (stopped > 0 && k == 0) {
		printf("peer lookup (%s): stopped, a lookup took more than "
		       "%.0f s; ours p50 %.2f ms\n",
		       path, stopped, o->lookup_p50);
		return;
	}
	if (!k)
		return;
	qsort(ms, k, sizeof(*ms), cmp_double);
	printf("peer lookup (%s): %zu queries, p50 %.0f ms, max %.0f ms", path,
	       k, ms[k / 2], ms[k - 1]);
	if (stopped > 0)
		printf(", then one ran past %.0f s and the rest were skipped",
		       stopped);
	if (o->lookup_p50 > 0)
		printf("; ours p50 %.2f ms, peer/ours %.0f", o->lookup_p50,
		       ms[k / 2] / o->lookup_p50);
	putchar('\n');
}

/*
 * Runs translate-toolkit's TM database on the same n units and the
 * first k queries (see the file comment) and prints its figures beside
 * ours. Prints why and returns when it cannot run; never fails the
 * benchmark.
 */
static void run_peer(size_t n, size_t k, const struct ours *o)
{
	const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	char dir[256], units[300], queries[300], db[300], cmd[1400];
	char line[256], q[600];
	double *fms = NULL, *sms = NULL, secs = 0, fstop = 0, sstop = 0;
	size_t nf = 0, ns = 0, imported = 0;
	const char *py;
	struct pair p;
	bool said = false; /* whether the outcome was printed */
	FILE *f;

	if (n > PEER_MAX_UNITS) {
		printf("peer (translate-toolkit): skipped, run only at %d "
		       "units or fewer\n",
		       PEER_MAX_UNITS);
		return;
	}
	if (!(py = peer_python())) {
		printf("peer (translate-toolkit): skipped, not installed "
		       "(apt-get install translate-toolkit "
		       "python3-levenshtein, or set BENCH_PEER_PYTHON)\n");
		return;
	}
	if (access(BENCH_PEER_SCRIPT, R_OK) < 0) {
		printf("peer (translate-toolkit): skipped, %s not found\n",
		       BENCH_PEER_SCRIPT);
		return;
	}
	snprintf(dir, sizeof(dir), "%s/alinea-bench-peer-XXXXXX", tmp);
	if (!mkdtemp(dir)) {
		printf("peer (translate-toolkit): skipped, cannot create a "
		       "folder in %s\n",
		       tmp);
		return;
	}
	snprintf(units, sizeof(units), "%s/units.tsv", dir);
	snprintf(queries, sizeof(queries), "%s/queries.txt", dir);
	snprintf(db, sizeof(db), "%s/tm.db", dir);
	if (!(f = fopen(units, "w")))
		goto done;
	for (size_t i = 0; i < n; i++) {
		make_unit(&p, i);
		fprintf(f, "%s\t%s\n", p.fr, p.en);
	}
	if (fclose(f) != 0 || !(f = fopen(queries, "w")))
		goto done;
	for (size_t i = 0; i < k; i++) {
		make_query(q, sizeof(q), i, n);
		fprintf(f, "%s\n", q);
	}
	if (fclose(f) != 0)
		goto done;
	fms = calloc(k ? k : 1, sizeof(*fms));
	sms = calloc(k ? k : 1, sizeof(*sms));
	if (!fms || !sms)
		goto done;
	snprintf(cmd, sizeof(cmd), "'%s' '%s' '%s' '%s' '%s'", py,
		 BENCH_PEER_SCRIPT, units, queries, db);
	fflush(stdout);
	if (!(f = popen(cmd, "r")))
		goto done;
	while (fgets(line, sizeof(line), f)) {
		char what[32], arg[32];
		double v;

		if (sscanf(line, "peer levenshtein %31s", arg) == 1)
			printf("peer: translate-toolkit's TM database (%s "
			       "Levenshtein), min_similarity 75, 5 "
			       "suggestions, %zu queries\n",
			       arg, k);
		else if (sscanf(line, "peer import %zu %lf", &imported,
				&secs) == 2)
			;
		else if (sscanf(line, "peer stopped %31s %lf", what, &v) == 2)
			*(strcmp(what, "scan") ? &fstop : &sstop) = v;
		else if (sscanf(line, "peer lookup %31s %lf", what, &v) == 2) {
			if (!strcmp(what, "fulltext") && nf < k)
				fms[nf++] = v;
			else if (!strcmp(what, "scan") && ns < k)
				sms[ns++] = v;
		}
	}
	said = true;
	if (pclose(f) != 0 || !imported || secs <= 0) {
		printf("peer (translate-toolkit): failed (%s)\n", cmd);
		goto done;
	}
	printf("peer import: %zu units in %.1f s, %.0f units/s", imported, secs,
	       (double)imported / secs);
	if (o->import_ups > 0)
		printf("; ours %.0f units/s, ours/peer %.1f", o->import_ups,
		       o->import_ups / ((double)imported / secs));
	putchar('\n');
	peer_summary("its default path, the fts3 index", fms, nf, fstop, o);
	peer_summary("its length-window scan", sms, ns, sstop, o);
done:
	if (!said)
		printf("peer (translate-toolkit): skipped, cannot write its "
		       "input in %s\n",
		       dir);
	free(fms);
	free(sms);
	unlink(units);
	unlink(queries);
	unlink(db);
	snprintf(cmd, sizeof(cmd), "%s-journal", db);
	unlink(cmd);
	rmdir(dir);
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
	double t0, t1, c0, c1, *lat, *cpu;
	char **texts = NULL;
	size_t found = 0, exact_ok = 0, ex_done = 0, cand = 0;
	int argi = 0;
	bool reuse, peer = true;
	size_t peer_queries = 5;
	struct ours ours = { 0, 0 };
	/* Units per transaction: BENCH_TXN, else 100000. */
	size_t txn = getenv("BENCH_TXN")
			     ? strtoul(getenv("BENCH_TXN"), NULL, 10)
			     : 100000;

	for (int a = 1; a < argc; a++) {
		if (!strcmp(argv[a], "--keep") && a + 1 < argc) {
			keep = argv[++a];
			continue;
		}
		if (!strcmp(argv[a], "--no-peer")) {
			peer = false;
			continue;
		}
		if (!strcmp(argv[a], "--peer-queries") && a + 1 < argc) {
			peer_queries = strtoul(argv[++a], NULL, 10);
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
	 * make them all first, then time the adds alone (the memory may
	 * store on a second thread, which would hide work done meanwhile).
	 */
	if (!reuse && !(texts = malloc(n * sizeof(*texts)))) {
		fprintf(stderr, "out of memory\n");
		return 1;
	}
	for (i = 0; i < n && !reuse; i++) {
		make_unit(&p, i);
		if (!(texts[i] = malloc(strlen(p.fr) + strlen(p.en) + 2))) {
			fprintf(stderr, "out of memory\n");
			return 1;
		}
		strcpy(texts[i], p.fr);
		strcpy(texts[i] + strlen(p.fr) + 1, p.en);
	}

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
		v[0].text = texts[i];
		v[1].text = texts[i] + strlen(texts[i]) + 1;
		v[0].document = v[1].document = "bench";
		if (aln_memory_add_unit(m, NULL, &u) < 0)
			goto fail;
		if ((i % txn == txn - 1 || i == n - 1) &&
		    aln_memory_commit(m) < 0)
			goto fail;
	}
	t1 = now_s();
	c1 = cpu_s();
	for (i = 0; i < n && !reuse; i++)
		free(texts[i]);
	free(texts);
	printf("units: %zu\n", n);
	if (reuse)
		printf("import: skipped, reusing %s\n", path);
	else {
		ours.import_ups = (double)n / (t1 - t0);
		printf("import: %.1f s, %.0f units/s (target >= 50000); CPU "
		       "%.1f s, "
		       "%.0f units per CPU second\n",
		       t1 - t0, (double)n / (t1 - t0), c1 - c0,
		       (double)n / (c1 - c0));
	}

	lo.source_lang = "fr";
	lo.target_lang = "en";
	lo.min_score = 50;
	lo.limit = 5;
	lo.flags = ALN_LOOKUP_NO_DIFF;
	lat = calloc(nq ? nq : 1, sizeof(*lat));
	cpu = calloc(nq ? nq : 1, sizeof(*cpu));
	for (i = 0; i < nq; i++) {
		aln_matches *r = NULL;
		int known;
		double a;

		make_query(q, sizeof(q), i, n);
		make_unit(&p, (i * 7919 + 13) % n);
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
		ours.lookup_p50 = lat[nq / 2];
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
	if (peer)
		run_peer(n, peer_queries < nq ? peer_queries : nq, &ours);
	else
		printf("peer (translate-toolkit): skipped (--no-peer)\n");
	{
		double load[1];

		/* Latencies on a shared machine mean little without it. */
		if (getloadavg(load, 1) == 1)
			printf("load average %.1f on %ld cores\n", load[0],
			       sysconf(_SC_NPROCESSORS_ONLN));
	}
	return 0;
fail:
	fprintf(stderr, "failed: %s\n", aln_error_last()->message);
	aln_memory_free(m);
	return 1;
}
