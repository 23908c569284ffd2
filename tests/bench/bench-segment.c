// SPDX-License-Identifier: MIT
/*
 * Segmentation benchmark: generates MB megabytes (default 64) of English
 * and French text from sentences written for it, with the abbreviations,
 * numbers, quotations and lists the rules look at, then prints MB/s for
 * raw ICU sentence breaking over the same UTF-8 text and for alinea end
 * to end (decode, normalise, cut paragraphs, segment, write every
 * sentence to /dev/null), both in processor time, best of three rounds. Prints figures; never
 * fails on time.
 *
 *   build/tests/bench/bench-segment [MB]
 */
#include <alinea.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unicode/ubrk.h>
#include <unicode/utext.h>

static const char *const sentences[] = {
	"The committee met on Tuesday to review the budget.",
	"Mr. Hollis presented the figures for the third quarter.",
	"Costs rose by 4.5 % compared with last year.",
	"Did anyone expect such a sharp increase?",
	"The report (see p. 14) explains the reasons in detail.",
	"Dr. Amrani asked whether the U.S. office would close.",
	"\"We will know by March,\" she said.",
	"Sales in Europe, Asia, etc. remained stable.",
	"The new plant opened at 9 a.m. on Monday.",
	"Nobody had seen the letter from Harlow & Co. before.",
	"Le comité s'est réuni mardi pour examiner le budget.",
	"M. Lefèvre a présenté les chiffres du troisième trimestre.",
	"Les coûts ont augmenté de 4,5 % par rapport à l'an dernier.",
	"« Nous le saurons en mars ! » a-t-elle dit.",
	"Qui aurait prévu une hausse aussi forte ?",
	"Le rapport (voir p. 14) en détaille les raisons.",
	"It was late... Everyone went home.",
	"Write to office@example.org for the full minutes.",
	"1. Approve the accounts 2. Elect the board",
	"J. R. Benton chaired the session until 6 p.m.",
};

static unsigned long long rng = 88172645463325252ULL;

static unsigned int next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned int)rng;
}

static double now(void)
{
	struct timespec ts;

	/*
	 * Processor time of this process: the machine is shared, and wall
	 * time would measure the neighbours.
	 */
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static char *generate(size_t want, size_t *len)
{
	size_t cap = want + 4096, n = 0;
	char *s = malloc(cap);

	if (!s)
		return NULL;
	while (n < want) {
		int k = 3 + (int)(next_rand() % 6), i;

		for (i = 0; i < k; i++) {
			const char *t =
				sentences[next_rand() % (sizeof(sentences) /
							 sizeof(sentences[0]))];
			size_t m = strlen(t);

			if (n + m + 3 >= cap)
				break;
			if (i)
				s[n++] = ' ';
			memcpy(s + n, t, m);
			n += m;
		}
		s[n++] = '\n';
		s[n++] = '\n';
	}
	*len = n;
	return s;
}

static double raw_icu(const char *text, size_t len, size_t *count)
{
	UErrorCode st = U_ZERO_ERROR;
	UBreakIterator *bi = ubrk_open(UBRK_SENTENCE, "en", NULL, 0, &st);
	UText *ut = utext_openUTF8(NULL, text, (int64_t)len, &st);
	double t0 = now();

	ubrk_setUText(bi, ut, &st);
	if (U_FAILURE(st)) {
		fprintf(stderr, "ICU: %s\n", u_errorName(st));
		exit(1);
	}
	*count = 0;
	ubrk_first(bi);
	while (ubrk_next(bi) != UBRK_DONE)
		(*count)++;
	t0 = now() - t0;
	ubrk_close(bi);
	utext_close(ut);
	return t0;
}

static double phases[3];

static double alinea(const char *text, size_t len, size_t *count)
{
	double t_read = 0, t_seg;
	FILE *out = fopen("/dev/null", "w");
	aln_document *doc;
	aln_sentence *s;
	const char *t;
	double t0 = now();
	size_t i;

	if (!out || aln_document_read_memory(&doc, text, len, NULL) < 0 ||
	    (t_read = now()) < 0 ||
	    aln_segment_document(&s, count, doc, "en") < 0) {
		fprintf(stderr, "alinea: %s\n",
			aln_error_last() ? aln_error_last()->message : "?");
		exit(1);
	}
	t_seg = now();
	t = aln_document_text(doc, NULL);
	for (i = 0; i < *count; i++) {
		fwrite(t + s[i].start, 1, s[i].end - s[i].start, out);
		fputc('\n', out);
	}
	fclose(out);
	phases[0] = t_read - t0;
	phases[1] = t_seg - t_read;
	phases[2] = now() - t_seg;
	t0 = now() - t0;
	aln_free(s);
	aln_document_free(doc);
	return t0;
}

int main(int argc, char **argv)
{
	double mb = argc > 1 ? atof(argv[1]) : 64, ticu, taln, size;
	size_t len, nicu, naln;
	double best_phases[3];
	int round;
	char *text;

	if (mb <= 0)
		mb = 64;
	if (!(text = generate((size_t)(mb * 1048576), &len)))
		return 1;
	size = len / 1048576.0;
	/* Best of three rounds, alternated, to see past the neighbours. */
	ticu = taln = 1e30;
	for (round = 0; round < 3; round++) {
		double a = raw_icu(text, len, &nicu), b;

		memcpy(best_phases, phases, sizeof(phases));
		b = alinea(text, len, &naln);
		if (a < ticu)
			ticu = a;
		if (b < taln) {
			taln = b;
			memcpy(best_phases, phases, sizeof(phases));
		}
	}
	memcpy(phases, best_phases, sizeof(phases));
	printf("text: %.1f MB\n", size);
	printf("raw ICU sentence breaks: %8.1f MB/s (%zu boundaries)\n",
	       size / ticu, nicu);
	printf("alinea end to end:       %8.1f MB/s (%zu sentences)\n",
	       size / taln, naln);
	printf("  of which read %.2f s, segment %.2f s, write %.2f s\n",
	       phases[0], phases[1], phases[2]);
	printf("alinea / raw ICU:        %8.2f\n", ticu / taln);
	free(text);
	return 0;
}
