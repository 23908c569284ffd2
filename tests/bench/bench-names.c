// SPDX-License-Identifier: MIT
/*
 * Benchmark of the memory's name index: stores N French-English units
 * (generated sentences with names in them) in a fresh memory, then times
 * the first aln_memory_names() call, which builds the index, and the
 * calls after it, which use it. Prints figures; never fails on time.
 *
 *   bench-names [UNITS] [QUERIES]
 */
#include <alinea.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static const char *const people[][2] = {
	{ "Vladimir Poutine", "Vladimir Putin" },
	{ "Sergueï Lavrov", "Sergey Lavrov" },
	{ "Xi Jinping", "Xi Jinping" },
	{ "Angela Merkel", "Angela Merkel" },
	{ "Dmitri Peskov", "Dmitry Peskov" },
};
static const char *const places[][2] = {
	{ "Pékin", "Beijing" },
	{ "Moscou", "Moscow" },
	{ "Berlin", "Berlin" },
	{ "Kiev", "Kyiv" },
};

int main(int argc, char **argv)
{
	long units = argc > 1 ? atol(argv[1]) : 20000;
	long queries = argc > 2 ? atol(argv[2]) : 100;
	aln_memory_options mo = ALN_MEMORY_OPTIONS_INIT;
	char path[] = "/tmp/alinea-bench-names-XXXXXX";
	char db[64], fr[256], en[256];
	aln_memory *m;
	aln_name_form *f;
	size_t n;
	double t0, t1;
	long i;
	int fd = mkstemp(path);

	if (fd < 0)
		return 1;
	close(fd);
	unlink(path);
	snprintf(db, sizeof(db), "%s.db", path);
	mo.flags = ALN_MEMORY_CREATE;
	if (aln_memory_open(&m, db, &mo) < 0)
		return 1;
	aln_memory_begin(m);
	for (i = 0; i < units; i++) {
		aln_variant v[2] = { { 0 }, { 0 } };
		aln_unit u = { 0 };
		size_t p = (size_t)i % 5, q = (size_t)(i / 5) % 4;

		snprintf(fr, sizeof(fr),
			 "Le %ld mars, %s a rencontré des élus à %s pour "
			 "parler du budget numéro %ld.",
			 i % 28 + 1, people[p][0], places[q][0], i);
		snprintf(en, sizeof(en),
			 "On March %ld, %s met officials in %s to discuss "
			 "budget number %ld.",
			 i % 28 + 1, people[p][1], places[q][1], i);
		v[0].lang = "fr";
		v[0].text = fr;
		v[0].position = -1;
		v[1].lang = "en";
		v[1].text = en;
		v[1].position = -1;
		u.variants = v;
		u.nvariants = 2;
		u.confidence = -1;
		if (aln_memory_add_unit(m, NULL, &u) < 0)
			return 1;
	}
	aln_memory_commit(m);
	t0 = now();
	if (aln_memory_names(&f, &n, m, "Путин", strlen("Путин"), NULL) < 0)
		return 1;
	t1 = now();
	aln_name_forms_free(f, n);
	printf("names index of %ld units: built in %.2f s (%.0f units/s)\n",
	       units, t1 - t0, (double)units / (t1 - t0));
	t0 = now();
	for (i = 0; i < queries; i++) {
		if (aln_memory_names(&f, &n, m, people[i % 5][1],
				     strlen(people[i % 5][1]), NULL) < 0)
			return 1;
		aln_name_forms_free(f, n);
	}
	t1 = now();
	printf("lookups with the index: %.2f ms each\n",
	       1000.0 * (t1 - t0) / (double)queries);
	aln_memory_free(m);
	unlink(db);
	snprintf(fr, sizeof(fr), "%s-wal", db);
	unlink(fr);
	snprintf(fr, sizeof(fr), "%s-shm", db);
	unlink(fr);
	return 0;
}
