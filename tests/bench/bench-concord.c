// SPDX-License-Identifier: MIT
/*
 * Concordance benchmark: builds a deterministic French-English memory of
 * N generated units (templates and vocabulary written for this
 * benchmark), into which 40 multiword terms are planted, term i in
 * 20 * (i + 1) units (20 to 800: all fewer than 1,000), translated by
 * its main English rendering four times out of five and by a variant
 * otherwise. Then it learns the lexicon (timed once) and runs
 * `concord -s fr -t en` for every term, ROUNDS times, and prints the
 * p50, p95 and maximum latency, and how often the top translation
 * proposed is the main rendering. It never fails on time.
 *
 * usage: bench-concord [UNITS [ROUNDS]] [--keep PATH]
 * With --keep, an existing memory at PATH is reused as it is.
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint64_t rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 2685821657736338717ULL;
}

static size_t pick(size_t n)
{
	return (size_t)(rnd() % n);
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char *const subjects[][2] = {
	{ "La commission", "The commission" },
	{ "Le conseil municipal", "The city council" },
	{ "La directrice", "The director" },
	{ "Le ministre", "The minister" },
	{ "Notre équipe", "Our team" },
	{ "La délégation", "The delegation" },
	{ "Le rapporteur", "The rapporteur" },
	{ "Le secrétariat", "The secretariat" },
	{ "La présidente", "The chair" },
	{ "Le gouvernement", "The government" },
	{ "L'agence", "The agency" },
	{ "Le groupe de travail", "The working group" },
	{ "La société", "The company" },
	{ "Le syndicat", "The union" },
	{ "La région", "The region" },
	{ "Le tribunal", "The court" },
};

static const char *const verbs[][2] = {
	{ "a examiné", "examined" },   { "a adopté", "adopted" },
	{ "a rejeté", "rejected" },    { "a publié", "published" },
	{ "a présenté", "presented" }, { "a financé", "funded" },
	{ "a soutenu", "supported" },  { "a critiqué", "criticised" },
	{ "a modifié", "amended" },    { "a évalué", "assessed" },
	{ "a approuvé", "approved" },  { "a reporté", "postponed" },
	{ "a préparé", "prepared" },   { "a signé", "signed" },
	{ "a annoncé", "announced" },  { "a contesté", "challenged" },
};

static const char *const objects[][2] = {
	{ "le budget annuel", "the annual budget" },
	{ "le rapport final", "the final report" },
	{ "la proposition", "the proposal" },
	{ "le projet de loi", "the bill" },
	{ "la réforme des retraites", "the pension reform" },
	{ "le plan de transport", "the transport plan" },
	{ "les comptes", "the accounts" },
	{ "la stratégie numérique", "the digital strategy" },
	{ "le programme de formation", "the training programme" },
	{ "les nouvelles règles", "the new rules" },
	{ "le calendrier", "the timetable" },
	{ "la demande de subvention", "the grant application" },
	{ "le contrat de service", "the service contract" },
	{ "les résultats de l'enquête", "the survey results" },
	{ "le schéma régional", "the regional scheme" },
	{ "la charte éthique", "the ethics charter" },
	{ "le cahier des charges", "the specifications" },
	{ "la feuille de route", "the roadmap" },
	{ "le rapport d'activité", "the activity report" },
	{ "la convention", "the agreement" },
};

static const char *const places[][2] = {
	{ "à Paris", "in Paris" },
	{ "à Lyon", "in Lyon" },
	{ "à Bruxelles", "in Brussels" },
	{ "à Genève", "in Geneva" },
	{ "à Montréal", "in Montreal" },
	{ "à Dakar", "in Dakar" },
	{ "en séance plénière", "in plenary" },
	{ "en commission", "in committee" },
	{ "à huis clos", "behind closed doors" },
	{ "au siège", "at headquarters" },
	{ "en ligne", "online" },
	{ "sur place", "on site" },
};

static const char *const times[][2] = {
	{ "lundi", "on Monday" },
	{ "mardi", "on Tuesday" },
	{ "mercredi", "on Wednesday" },
	{ "jeudi", "on Thursday" },
	{ "vendredi", "on Friday" },
	{ "hier", "yesterday" },
	{ "ce matin", "this morning" },
	{ "la semaine dernière", "last week" },
	{ "en mars", "in March" },
	{ "en octobre", "in October" },
	{ "après un long débat", "after a long debate" },
	{ "sans débat", "without debate" },
};

/* The planted terms: French, main English rendering, variant. */
static const char *const terms[][3] = {
	{ "le comité de pilotage", "the steering committee",
	  "the steering group" },
	{ "la feuille de match", "the team sheet", "the match sheet" },
	{ "le fonds de roulement", "the working capital",
	  "the revolving fund" },
	{ "la mise en demeure", "the formal notice", "the demand letter" },
	{ "le bilan carbone", "the carbon footprint", "the carbon audit" },
	{ "la clause de sauvegarde", "the safeguard clause",
	  "the escape clause" },
	{ "le droit de préemption", "the pre-emption right",
	  "the right of first refusal" },
	{ "la zone franche", "the free zone", "the enterprise zone" },
	{ "le taux d'usure", "the usury rate", "the usury ceiling" },
	{ "la prise de participation", "the equity stake", "the shareholding" },
	{ "le marché public", "the public contract",
	  "the government contract" },
	{ "la délégation de service public", "the public service concession",
	  "the utility concession" },
	{ "le contrôle de légalité", "the legality review",
	  "the legality check" },
	{ "la dotation globale", "the block grant", "the global allocation" },
	{ "le plan de relance", "the recovery plan", "the stimulus package" },
	{ "la taxe foncière", "the property tax", "the land tax" },
	{ "le permis de construire", "the building permit",
	  "the planning permission" },
	{ "la voie de recours", "the means of redress", "the remedy" },
	{ "le pouvoir adjudicateur", "the contracting authority",
	  "the awarding authority" },
	{ "la chambre régionale des comptes", "the regional audit chamber",
	  "the regional court of audit" },
	{ "le projet d'établissement", "the school plan",
	  "the institutional plan" },
	{ "la commande publique", "the public procurement",
	  "the public purchasing" },
	{ "le tiers payant", "the third-party payment", "the direct billing" },
	{ "la médiation sociale", "the social mediation",
	  "the community mediation" },
	{ "le dialogue compétitif", "the competitive dialogue",
	  "the competitive dialog" },
	{ "la mutuelle santé", "the health insurance", "the health mutual" },
	{ "le congé parental", "the parental leave", "the childcare leave" },
	{ "la caisse des dépôts", "the deposit bank", "the deposits fund" },
	{ "le schéma directeur", "the master plan", "the blueprint" },
	{ "la maîtrise d'ouvrage", "the project ownership", "the client side" },
	{ "le bureau d'études", "the engineering office", "the design office" },
	{ "la visite de chantier", "the site visit", "the site inspection" },
	{ "le seuil de pauvreté", "the poverty line", "the poverty threshold" },
	{ "la péréquation fiscale", "the tax equalisation",
	  "the fiscal equalisation" },
	{ "le compte rendu", "the minutes", "the summary record" },
	{ "la dette publique", "the public debt", "the national debt" },
	{ "le service civique", "the civic service", "the national service" },
	{ "la politique de la ville", "the urban policy", "the city policy" },
	{ "le pacte de stabilité", "the stability pact",
	  "the stability agreement" },
	{ "la garde à vue", "the police custody", "the custody" },
};

#define NTERMS N(terms)

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/*
 * CPU time of the process: on a machine shared with other jobs, wall
 * time also counts the time spent waiting for a core.
 */
static double cpu_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Capitalises a copy of s's first ASCII letter into buf. */
static void sentence(char *buf, size_t size, const char *subj, const char *verb,
		     const char *obj, const char *place, const char *when,
		     unsigned long long n)
{
	snprintf(buf, size, "%s %s %s %s %s (%llu).", subj, verb, obj, place,
		 when, n);
}

static int build(aln_memory *m, long long units)
{
	/* plant[u] = term index + 1 for units that hold a term. */
	unsigned char *plant = calloc((size_t)units, 1);
	char fr[512], en[512];
	double t0 = now_ms();

	if (!plant)
		return ALN_ENOMEM;
	for (size_t t = 0; t < NTERMS; t++)
		for (size_t k = 0; k < 20 * (t + 1); k++) {
			size_t u;

			do
				u = pick((size_t)units);
			while (plant[u]);
			plant[u] = (unsigned char)(t + 1);
		}
	for (long long u = 0; u < units; u++) {
		size_t s = pick(N(subjects)), v = pick(N(verbs));
		size_t o = pick(N(objects)), p = pick(N(places));
		size_t w = pick(N(times));
		const char *ofr = objects[o][0], *oen = objects[o][1];
		aln_variant var[2] = { { 0 } };
		aln_unit un = { 0 };
		int rc;

		if (plant[u]) {
			size_t t = plant[u] - 1U;

			ofr = terms[t][0];
			oen = pick(5) ? terms[t][1] : terms[t][2];
		}
		/* The number keeps generated units distinct. */
		sentence(fr, sizeof(fr), subjects[s][0], verbs[v][0], ofr,
			 places[p][0], times[w][0], (unsigned long long)u);
		sentence(en, sizeof(en), subjects[s][1], verbs[v][1], oen,
			 places[p][1], times[w][1], (unsigned long long)u);
		if (u % 20000 == 0 && (rc = aln_memory_begin(m)) < 0)
			goto fail;
		var[0].lang = "fr";
		var[0].text = fr;
		var[0].position = -1;
		var[1].lang = "en";
		var[1].text = en;
		var[1].position = -1;
		un.srclang = "fr";
		un.confidence = -1;
		un.nvariants = 2;
		un.variants = var;
		if ((rc = aln_memory_add_unit(m, NULL, &un)) < 0)
			goto fail;
		if ((u + 1) % 20000 == 0 || u + 1 == units) {
			if ((rc = aln_memory_commit(m)) < 0)
				goto fail;
			if (isatty(2))
				fprintf(stderr, "\rbuilding: %lld/%lld", u + 1,
					units);
		}
		continue;
	fail:
		fprintf(stderr, "bench-concord: %s\n",
			aln_error_last() ? aln_error_last()->message : "?");
		free(plant);
		return rc;
	}
	if (isatty(2))
		fputc('\n', stderr);
	printf("built %lld units in %.1f s (%.0f units/s)\n", units,
	       (now_ms() - t0) / 1e3, (double)units / ((now_ms() - t0) / 1e3));
	free(plant);
	return 0;
}

int main(int argc, char **argv)
{
	long long units = 1000000;
	int rounds = 3, npos = 0, right = 0, asked = 0;
	const char *keep = NULL;
	char tmpdir[] = "/tmp/bench-concord.XXXXXX", path[4200];
	aln_memory_options mo = ALN_MEMORY_OPTIONS_INIT;
	aln_memory *m;
	double *lat, *cpu, t0, c0;
	size_t nlat = 0;
	long long learned = 0;
	bool exists;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--keep") && i + 1 < argc)
			keep = argv[++i];
		else if (npos == 0 && ++npos)
			units = atoll(argv[i]);
		else if (npos == 1 && ++npos)
			rounds = atoi(argv[i]);
	}
	if (units < 20000)
		units = 20000;
	if (rounds < 1)
		rounds = 1;
	if (keep) {
		snprintf(path, sizeof(path), "%s", keep);
	} else {
		if (!mkdtemp(tmpdir))
			return 1;
		snprintf(path, sizeof(path), "%s/memory.db", tmpdir);
	}
	exists = access(path, F_OK) == 0;
	mo.flags = ALN_MEMORY_CREATE;
	if (aln_memory_open(&m, path, &mo) < 0) {
		fprintf(stderr, "bench-concord: %s\n",
			aln_error_last()->message);
		return 1;
	}
	if (!exists && build(m, units) < 0)
		return 1;
	t0 = now_ms();
	if (aln_term_learn(m, &learned) < 0) {
		fprintf(stderr, "bench-concord: %s\n",
			aln_error_last()->message);
		return 1;
	}
	printf("learned the lexicon of %lld variants in %.1f s\n", learned,
	       (now_ms() - t0) / 1e3);
	lat = calloc(NTERMS * (size_t)rounds, sizeof(*lat));
	cpu = calloc(NTERMS * (size_t)rounds, sizeof(*cpu));
	for (int r = 0; r < rounds; r++)
		for (size_t t = 0; t < NTERMS; t++) {
			aln_concord_options o = ALN_CONCORD_OPTIONS_INIT;
			aln_concord_result *res;
			/* The term without its article. */
			const char *q = strchr(terms[t][0], ' ') + 1;
			const char *want = strchr(terms[t][1], ' ') + 1;

			o.srclang = "fr";
			o.tgtlang = "en";
			t0 = now_ms();
			c0 = cpu_ms();
			if (aln_concord(&res, m, q, &o) < 0) {
				fprintf(stderr, "bench-concord: %s: %s\n", q,
					aln_error_last()->message);
				return 1;
			}
			cpu[nlat] = cpu_ms() - c0;
			lat[nlat++] = now_ms() - t0;
			if (r == 0) {
				asked++;
				if (res->ntranslations &&
				    !strcmp(res->translations[0].text, want))
					right++;
				else
					printf("  %s (%zu hits): top %s\n", q,
					       res->total,
					       res->ntranslations
						       ? res->translations[0]
								 .text
						       : "-");
			}
			aln_concord_result_free(res);
		}
	qsort(lat, nlat, sizeof(*lat), cmp_double);
	qsort(cpu, nlat, sizeof(*cpu), cmp_double);
	printf("concord over %lld units, %zu queries (20 to 800 hits each):\n"
	       "  wall time: p50 %.1f ms, p95 %.1f ms, max %.1f ms\n"
	       "  CPU time:  p50 %.1f ms, p95 %.1f ms, max %.1f ms\n",
	       units, nlat, lat[nlat / 2], lat[(nlat * 95) / 100],
	       lat[nlat - 1], cpu[nlat / 2], cpu[(nlat * 95) / 100],
	       cpu[nlat - 1]);
	{
		double load[1];

		if (getloadavg(load, 1) == 1)
			printf("  (load average %.1f on %ld cores)\n", load[0],
			       sysconf(_SC_NPROCESSORS_ONLN));
	}
	printf("top translation is the main rendering: %d/%d\n", right, asked);
	free(lat);
	free(cpu);
	aln_memory_free(m);
	if (!keep) {
		char p[4300];

		snprintf(p, sizeof(p), "%s-wal", path);
		unlink(p);
		snprintf(p, sizeof(p), "%s-shm", path);
		unlink(p);
		unlink(path);
		rmdir(tmpdir);
	}
	return 0;
}
