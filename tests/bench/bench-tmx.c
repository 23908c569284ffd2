// SPDX-License-Identifier: MIT
/*
 * Benchmark of the exchange formats: generates a TMX of N units (default
 * 1,000,000; two languages, sentences of 8 to 20 words, some inline
 * codes), then measures, each phase in a child process so that its peak
 * memory is its own:
 *   read     aln_tmx_read alone (parsing)
 *   import   read + aln_memory_add_unit in one transaction
 *   export   aln_memory_each_unit + the TMX writer
 *   convert  read + TMX writer (no store)
 * and prints units per second (of wall time, and of the phase's own CPU
 * time, which the machine's other load does not change) and peak RSS.
 * Run:
 *   meson compile -C build && build/tests/bench/bench-tmx [UNITS [PHASES]]
 * where PHASES names some of read,convert,import,export.
 * It never fails on time; it fails only when a phase fails.
 */
#include "alinea.h"
#include "alinea/memory.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *const words_en[] = {
	"the",	  "report", "shows", "that",	"growth", "was",
	"strong", "in",	    "every", "region",	"while",  "costs",
	"fell",	  "by",	    "three", "percent", "over",	  "last",
	"year",	  "and",    "our",   "teams",	"will",	  "continue",
};
static const char *const words_fr[] = {
	"le",	 "rapport", "montre", "que",	 "la",	   "croissance",
	"fut",	 "forte",   "dans",   "chaque",	 "région", "tandis",
	"coûts", "ont",	    "baissé", "de",	 "trois",  "pour cent",
	"année", "et",	    "nos",    "équipes", "vont",   "continuer",
};

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void sentence(FILE *f, const char *const *w, unsigned long seed,
		     unsigned long i)
{
	unsigned long n = 8 + (seed % 13), k;

	for (k = 0; k < n; k++) {
		unsigned long x = (seed * 2654435761u + k * 40503u) % 24;

		if (k)
			fputc(' ', f);
		if (k == 3 && i % 10 == 0)
			fputs("<bpt i=\"1\">&lt;b&gt;</bpt>", f);
		fputs(w[x], f);
		if (k == 3 && i % 10 == 0)
			fputs("<ept i=\"1\">&lt;/b&gt;</ept>", f);
	}
	/* A number makes every unit distinct, as real memories mostly are. */
	fprintf(f, " %lu.", i);
}

static int generate(const char *path, unsigned long n)
{
	FILE *f = fopen(path, "w");
	unsigned long i;

	if (!f)
		return -1;
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx "
	      "version=\"1.4\">\n<header creationtool=\"bench\" "
	      "creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"x\" "
	      "adminlang=\"en\" srclang=\"en\" datatype=\"plaintext\"/>\n"
	      "<body>\n",
	      f);
	for (i = 0; i < n; i++) {
		unsigned long seed = i * 7919u + 17;

		fprintf(f,
			"<tu tuid=\"%lu\" creationdate=\"20240101T120000Z\">"
			"<prop type=\"x-origin\">bench</prop>\n<tuv "
			"xml:lang=\"en\"><seg>",
			i + 1);
		sentence(f, words_en, seed, i);
		fputs("</seg></tuv>\n<tuv xml:lang=\"fr\"><seg>", f);
		sentence(f, words_fr, seed, i);
		fputs("</seg></tuv></tu>\n", f);
	}
	fputs("</body>\n</tmx>\n", f);
	return fclose(f);
}

static unsigned long long counted;

static int count(const aln_unit *u, void *data)
{
	(void)u;
	(void)data;
	counted++;
	return 0;
}

static int add(const aln_unit *u, void *data)
{
	counted++;
	return aln_memory_add_unit(data, NULL, u);
}

static int fail(const char *what, int rc)
{
	const aln_error *e = aln_error_last();

	fprintf(stderr, "%s failed (%d): %s\n", what, rc, e ? e->message : "?");
	return 1;
}

static int phase_read(const char *tmx)
{
	int rc = aln_tmx_read(tmx, NULL, count, NULL);

	return rc ? fail("read", rc) : 0;
}

static int phase_import(const char *tmx, const char *db)
{
	aln_memory_options mo = ALN_MEMORY_OPTIONS_INIT;
	aln_memory *m;
	int rc;

	mo.flags = ALN_MEMORY_CREATE;
	if ((rc = aln_memory_open(&m, db, &mo)) < 0)
		return fail("open", rc);
	if ((rc = aln_memory_begin(m)) < 0 ||
	    (rc = aln_tmx_read(tmx, NULL, add, m)) < 0 ||
	    (rc = aln_memory_commit(m)) < 0) {
		aln_memory_free(m);
		return fail("import", rc);
	}
	aln_memory_free(m);
	return 0;
}

static int write_cb(const aln_unit *u, void *data)
{
	counted++;
	return aln_tmx_writer_add(data, u, NULL);
}

static int phase_export(const char *db, const char *out)
{
	aln_memory_options mo = ALN_MEMORY_OPTIONS_INIT;
	aln_tmx_write_options wo = ALN_TMX_WRITE_OPTIONS_INIT;
	aln_memory *m;
	aln_tmx_writer *w;
	int rc;

	mo.flags = ALN_MEMORY_READONLY;
	wo.force = 1;
	if ((rc = aln_memory_open(&m, db, &mo)) < 0)
		return fail("open", rc);
	if ((rc = aln_tmx_writer_open(&w, out, &wo)) < 0) {
		aln_memory_free(m);
		return fail("writer", rc);
	}
	rc = aln_memory_each_unit(m, NULL, write_cb, w);
	if (rc == 0)
		rc = aln_tmx_writer_commit(w);
	aln_tmx_writer_free(w);
	aln_memory_free(m);
	return rc ? fail("export", rc) : 0;
}

static int phase_convert(const char *tmx, const char *out)
{
	aln_tmx_write_options wo = ALN_TMX_WRITE_OPTIONS_INIT;
	aln_tmx_writer *w;
	int rc;

	wo.force = 1;
	if ((rc = aln_tmx_writer_open(&w, out, &wo)) < 0)
		return fail("writer", rc);
	rc = aln_tmx_read(tmx, NULL, write_cb, w);
	if (rc == 0)
		rc = aln_tmx_writer_commit(w);
	aln_tmx_writer_free(w);
	return rc ? fail("convert", rc) : 0;
}

/*
 * Runs one phase in a child; prints its rate and peak RSS. The child
 * reports how many units it handled through its exit path: a pipe.
 */
static int run(const char *name, int which, const char *a, const char *b)
{
	int fds[2], status;
	struct rusage ru;
	double t0 = now(), dt, cpu;
	unsigned long long n = 0;
	pid_t pid;

	if (pipe(fds) < 0)
		return 1;
	fflush(stdout);
	if ((pid = fork()) == 0) {
		int rc;

		close(fds[0]);
		switch (which) {
		case 0:
			rc = phase_read(a);
			break;
		case 1:
			rc = phase_import(a, b);
			break;
		case 2:
			rc = phase_export(a, b);
			break;
		default:
			rc = phase_convert(a, b);
			break;
		}
		if (write(fds[1], &counted, sizeof(counted)) < 0)
			rc = 1;
		_exit(rc);
	}
	close(fds[1]);
	if (read(fds[0], &n, sizeof(n)) != (ssize_t)sizeof(n))
		n = 0;
	close(fds[0]);
	if (wait4(pid, &status, 0, &ru) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0) {
		printf("%-8s FAILED\n", name);
		return 1;
	}
	dt = now() - t0;
	cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	      (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
	printf("%-8s %9llu units %8.2f s %10.0f units/s (%10.0f per CPU "
	       "second)   peak RSS %6.1f MB\n",
	       name, n, dt, (double)n / dt, cpu > 0 ? (double)n / cpu : 0,
	       (double)ru.ru_maxrss / 1024.0);
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000000;
	const char *only = argc > 2 ? argv[2] : NULL;
	char dir[] = "/tmp/alinea-bench-tmx.XXXXXX";
	char tmx[64], db[64], out[64], conv[64], cmd[128];
	double t0;
	int rc = 0;

	if (!n || !mkdtemp(dir))
		return 1;
	snprintf(tmx, sizeof(tmx), "%s/in.tmx", dir);
	snprintf(db, sizeof(db), "%s/m.db", dir);
	snprintf(out, sizeof(out), "%s/out.tmx", dir);
	snprintf(conv, sizeof(conv), "%s/conv.tmx", dir);
	t0 = now();
	if (generate(tmx, n) < 0)
		return 1;
	printf("generated %lu units in %.1f s\n", n, now() - t0);
	if (!only || strstr(only, "read"))
		rc |= run("read", 0, tmx, NULL);
	if (!only || strstr(only, "convert"))
		rc |= run("convert", 3, tmx, conv);
	if (!only || strstr(only, "import") || strstr(only, "export"))
		rc |= run("import", 1, tmx, db);
	if (!only || strstr(only, "export"))
		rc |= run("export", 2, db, out);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		rc = 1;
	return rc;
}
