// SPDX-License-Identifier: MIT
/*
 * Unit tests of the aligner: the project's own fixtures in
 * tests/data/align and synthetic documents built here (seeded pseudo-
 * words, a letter cipher as the "translation", one unique number in some
 * sentences), edited with omissions, insertions, merges, splits and a
 * missing paragraph, at sizes from empty to 10,000 sentences.
 */
#include "internal.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A document: owned sentence strings. */
typedef struct tdoc {
	char **s;
	size_t n, cap;
	aln_align_sentence *sent;
	size_t *para;
} tdoc;

static void tdoc_add(tdoc *d, const char *s, size_t para)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 64;
		d->s = realloc(d->s, d->cap * sizeof(*d->s));
		d->para = realloc(d->para, d->cap * sizeof(*d->para));
		ck_assert_ptr_nonnull(d->s);
		ck_assert_ptr_nonnull(d->para);
	}
	d->s[d->n] = strdup(s);
	d->para[d->n] = para;
	d->n++;
}

static aln_align_text tdoc_text(tdoc *d, const char *lang)
{
	aln_align_text t;
	size_t i;

	free(d->sent);
	d->sent = calloc(d->n + 1, sizeof(*d->sent));
	for (i = 0; i < d->n; i++) {
		d->sent[i].text = d->s[i];
		d->sent[i].len = strlen(d->s[i]);
		d->sent[i].paragraph = d->para[i];
	}
	t.lang = lang;
	t.sentences = d->sent;
	t.count = d->n;
	return t;
}

static void tdoc_free(tdoc *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		free(d->s[i]);
	free(d->s);
	free(d->sent);
	free(d->para);
	memset(d, 0, sizeof(*d));
}

static unsigned long rnd(unsigned long *state)
{
	*state = *state * 6364136223846793005UL + 1442695040888963407UL;
	return (*state >> 33);
}

/*
 * Sentence id in "language" v: v = 0 plain pseudo-words, v = 1 the same
 * words through a letter cipher with some words a letter longer, except
 * words of eight letters or more, which pass as they are (names and
 * cognates do). Every third sentence carries a number unique to it.
 */
static void gen(char *buf, size_t size, unsigned long id, int v)
{
	unsigned long st = id * 2654435761UL + 17;
	size_t n = 4 + rnd(&st) % 22, k, len = 0;

	buf[0] = '\0';
	for (k = 0; k < n && len + 16 < size; k++) {
		size_t wl = 2 + rnd(&st) % 8, c;
		char w[16];

		for (c = 0; c < wl; c++) {
			char ch = (char)('a' + rnd(&st) % 26);

			/* Long words pass unchanged, like names. */
			w[c] = v && wl < 8 ? (char)('a' + (ch - 'a' + 7) % 26)
					   : ch;
		}
		/* Draw whatever v is, so that both versions stay in step. */
		if (rnd(&st) % 3 == 0 && v)
			w[wl++] = 'e';
		w[wl] = '\0';
		len += (size_t)snprintf(buf + len, size - len, "%s%s",
					k ? " " : "", w);
	}
	if (id % 3 == 0)
		len += (size_t)snprintf(buf + len, size - len, " %lu",
					id * 7 + 13);
	snprintf(buf + len, size - len, ".");
}

static void add_gen(tdoc *d, unsigned long id, int v, size_t para)
{
	char buf[512];

	gen(buf, sizeof(buf), id, v);
	tdoc_add(d, buf, para);
}

/* Whether the alignment has the bead [sb, se) : [tb, te). */
static bool has_bead(const aln_alignment *a, size_t sb, size_t se, size_t tb,
		     size_t te)
{
	size_t b;

	for (b = 0; b < a->nbeads; b++) {
		const aln_align_span *s = &a->spans[b * a->ntexts];

		if (s[0].begin == sb && s[0].end == se && s[1].begin == tb &&
		    s[1].end == te)
			return true;
	}
	return false;
}

/* Every sentence of every text is covered once, in order. */
static void check_partition(const aln_alignment *a, const size_t *counts)
{
	size_t t, b;

	for (t = 0; t < a->ntexts; t++) {
		size_t at = 0;

		for (b = 0; b < a->nbeads; b++) {
			const aln_align_span *s = &a->spans[b * a->ntexts + t];

			if (s->end > s->begin) {
				ck_assert_uint_eq(s->begin, at);
				at = s->end;
			}
			ck_assert(a->confidence[b] >= 0 &&
				  a->confidence[b] <= 1);
		}
		ck_assert_uint_eq(at, counts[t]);
	}
}

static aln_alignment *align2(tdoc *x, const char *lx, tdoc *y, const char *ly)
{
	aln_align_text t[2];
	aln_alignment *a = NULL;
	size_t counts[2];

	t[0] = tdoc_text(x, lx);
	t[1] = tdoc_text(y, ly);
	ck_assert_int_eq(aln_align(&a, t, 2, NULL), 0);
	ck_assert_ptr_nonnull(a);
	counts[0] = x->n;
	counts[1] = y->n;
	check_partition(a, counts);
	return a;
}

static void load(tdoc *d, const char *name)
{
	const char *root = getenv("ALINEA_SOURCE_ROOT");
	char path[4096], line[4096];
	FILE *f;
	size_t para = 0;

	snprintf(path, sizeof(path), "%s/tests/data/align/%s",
		 root ? root : "..", name);
	f = fopen(path, "r");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		tdoc_add(d, line, para);
	}
	fclose(f);
}

START_TEST(identical_documents_align_one_to_one)
{
	tdoc x = { 0 }, y = { 0 };
	aln_alignment *a;
	size_t i;

	load(&x, "harbour.en");
	load(&y, "harbour.en");
	a = align2(&x, "en", &y, "en");
	ck_assert_uint_eq(a->nbeads, x.n);
	for (i = 0; i < x.n; i++) {
		ck_assert(has_bead(a, i, i + 1, i, i + 1));
		ck_assert_double_gt(a->confidence[i], 0.5);
	}
	aln_alignment_free(a);
	tdoc_free(&x);
	tdoc_free(&y);
}
END_TEST

START_TEST(english_french_fixture_finds_merges_omissions_and_additions)
{
	tdoc x = { 0 }, y = { 0 };
	aln_alignment *a;

	load(&x, "harbour.en");
	load(&y, "harbour.fr");
	a = align2(&x, "en", &y, "fr");
	ck_assert(has_bead(a, 0, 1, 0, 1));
	ck_assert(has_bead(a, 4, 5, 4, 4));	/* omitted in French */
	ck_assert(has_bead(a, 7, 9, 6, 7));	/* two sentences in one */
	ck_assert(has_bead(a, 14, 15, 12, 14)); /* one in two */
	ck_assert(has_bead(a, 19, 19, 18, 19)); /* added in French */
	ck_assert(has_bead(a, 24, 25, 24, 25));
	aln_alignment_free(a);
	tdoc_free(&x);
	tdoc_free(&y);
}
END_TEST

START_TEST(omissions_and_insertions_become_empty_sides)
{
	tdoc x = { 0 }, y = { 0 };
	aln_alignment *a;
	unsigned long i;
	size_t ok = 0;

	for (i = 0; i < 300; i++) {
		if (i != 50 && i != 51 && i != 200)
			add_gen(&x, i, 0, 0);
		add_gen(&y, i, 1, 0);
		if (i == 120)
			add_gen(&y, 100000 + i, 1, 0);
	}
	/* x lacks 50, 51, 200; y has an extra sentence after 120. */
	a = align2(&x, "xx", &y, "yy");
	ck_assert(has_bead(a, 50, 50, 50, 51));
	ck_assert(has_bead(a, 50, 50, 51, 52));
	ck_assert(has_bead(a, 118, 119, 120, 121));
	ck_assert(has_bead(a, 119, 119, 121, 122));
	ck_assert(has_bead(a, 119, 120, 122, 123));
	ck_assert(has_bead(a, 198, 198, 201, 202));
	for (i = 0; i < x.n; i++) {
		size_t id = i < 50 ? i : i < 198 ? i + 2 : i + 3;
		size_t j = id <= 120 ? id : id + 1;

		ok += has_bead(a, i, i + 1, j, j + 1);
	}
	ck_assert_uint_ge(ok, x.n - 3);
	aln_alignment_free(a);
	tdoc_free(&x);
	tdoc_free(&y);
}
END_TEST

START_TEST(merges_and_splits_become_two_to_one_beads)
{
	tdoc x = { 0 }, y = { 0 };
	aln_alignment *a;
	unsigned long i;
	char b1[512], b2[512], both[1100];

	for (i = 0; i < 200; i++) {
		add_gen(&x, i, 0, 0);
		if (i == 40 || i == 150) {
			gen(b1, sizeof(b1), i, 1);
			gen(b2, sizeof(b2), i + 1, 1);
			snprintf(both, sizeof(both), "%s %s", b1, b2);
			tdoc_add(&y, both, 0);
			i++;
			add_gen(&x, i, 0, 0);
		} else {
			add_gen(&y, i, 1, 0);
		}
	}
	a = align2(&x, "xx", &y, "yy");
	ck_assert(has_bead(a, 40, 42, 40, 41));
	ck_assert(has_bead(a, 150, 152, 149, 150));
	ck_assert(has_bead(a, 100, 101, 99, 100));
	aln_alignment_free(a);
	/* The other way round: one source sentence split in two. */
	a = align2(&y, "yy", &x, "xx");
	ck_assert(has_bead(a, 40, 41, 40, 42));
	aln_alignment_free(a);
	tdoc_free(&x);
	tdoc_free(&y);
}
END_TEST

START_TEST(a_missing_paragraph_is_left_unmatched)
{
	tdoc x = { 0 }, y = { 0 };
	aln_alignment *a;
	unsigned long i;
	size_t k;

	for (i = 0; i < 400; i++) {
		add_gen(&x, i, 0, i / 10);
		if (i / 10 != 17)
			add_gen(&y, i, 1, i / 10);
	}
	a = align2(&x, "xx", &y, "yy");
	for (k = 170; k < 180; k++)
		ck_assert(has_bead(a, k, k + 1, 170, 170));
	ck_assert(has_bead(a, 169, 170, 169, 170));
	ck_assert(has_bead(a, 180, 181, 170, 171));
	ck_assert(has_bead(a, 399, 400, 389, 390));
	aln_alignment_free(a);
	tdoc_free(&x);
	tdoc_free(&y);
}
END_TEST

START_TEST(one_empty_side_leaves_every_sentence_alone)
{
	tdoc x = { 0 }, y = { 0 };
	aln_alignment *a;
	unsigned long i;

	for (i = 0; i < 5; i++)
		add_gen(&x, i, 0, 0);
	a = align2(&x, "xx", &y, "yy");
	ck_assert_uint_eq(a->nbeads, 5);
	for (i = 0; i < 5; i++)
		ck_assert(has_bead(a, i, i + 1, 0, 0));
	aln_alignment_free(a);
	a = align2(&y, "yy", &x, "xx");
	ck_assert_uint_eq(a->nbeads, 5);
	ck_assert(has_bead(a, 0, 0, 4, 5));
	aln_alignment_free(a);
	tdoc_free(&x);
	a = align2(&x, "xx", &y, "yy");
	ck_assert_uint_eq(a->nbeads, 0);
	aln_alignment_free(a);
	tdoc_free(&x);
	tdoc_free(&y);
}
END_TEST

START_TEST(ten_sentences_are_found_among_ten_thousand)
{
	tdoc x = { 0 }, y = { 0 };
	aln_alignment *a;
	unsigned long i;

	/* Ten consecutive sentences, each with its number. */
	for (i = 0; i < 10; i++) {
		char buf[512];

		gen(buf, sizeof(buf), 6000 + i * 3, 0);
		tdoc_add(&x, buf, 0);
	}
	for (i = 0; i < 10000; i++)
		add_gen(&y, i, 1, 0);
	a = align2(&x, "xx", &y, "yy");
	ck_assert_uint_ge(a->nbeads, 10000 - 10);
	for (i = 0; i < 10; i++)
		ck_assert_msg(has_bead(a, i, i + 1, 6000 + i * 3, 6001 + i * 3),
			      "sentence %lu was not matched", i);
	aln_alignment_free(a);
	tdoc_free(&x);
	tdoc_free(&y);
}
END_TEST

/* The unit that holds sentence s of text t. */
static const aln_align_span *unit_of(const aln_alignment *a, size_t t, size_t s)
{
	size_t b;

	for (b = 0; b < a->nbeads; b++) {
		const aln_align_span *sp = &a->spans[b * a->ntexts];

		if (sp[t].begin <= s && s < sp[t].end)
			return sp;
	}
	return NULL;
}

START_TEST(three_and_four_languages_merge_into_units)
{
	tdoc d[4] = { { 0 } };
	const char *langs[4] = { "en", "fr", "de", "ru" };
	const char *files[4] = { "harbour.en", "harbour.fr", "harbour.de",
				 "harbour.ru" };
	aln_align_text t[4];
	aln_alignment *a = NULL;
	size_t k, counts[4], nt;
	const aln_align_span *u;

	for (k = 0; k < 4; k++) {
		load(&d[k], files[k]);
		t[k] = tdoc_text(&d[k], langs[k]);
		counts[k] = d[k].n;
	}
	for (nt = 3; nt <= 4; nt++) {
		ck_assert_int_eq(aln_align(&a, t, nt, NULL), 0);
		ck_assert_uint_eq(a->ntexts, nt);
		check_partition(a, counts);
		/* "4.5 million euros and took three years": two in French. */
		u = unit_of(a, 0, 14);
		ck_assert_ptr_nonnull(u);
		ck_assert_uint_eq(u[1].begin, 12);
		ck_assert_uint_eq(u[1].end, 14);
		ck_assert_uint_eq(u[2].begin, 14);
		ck_assert_uint_eq(u[2].end, 15);
		if (nt == 4) {
			ck_assert_uint_eq(u[3].begin, 14);
			ck_assert_uint_eq(u[3].end, 15);
		}
		/* The sentence French leaves out is alone in French only. */
		u = unit_of(a, 0, 4);
		ck_assert_uint_eq(u[1].begin, u[1].end);
		ck_assert_uint_eq(u[2].begin, 4);
		aln_alignment_free(a);
		a = NULL;
	}
	for (k = 0; k < 4; k++)
		tdoc_free(&d[k]);
}
END_TEST

START_TEST(pivot_option_aligns_to_another_text)
{
	tdoc x = { 0 }, y = { 0 }, z = { 0 };
	aln_align_text t[3];
	aln_align_options o = ALN_ALIGN_OPTIONS_INIT;
	aln_alignment *a = NULL;
	size_t counts[3];
	const aln_align_span *u;

	load(&x, "harbour.fr");
	load(&y, "harbour.en");
	load(&z, "harbour.de");
	t[0] = tdoc_text(&x, "fr");
	t[1] = tdoc_text(&y, "en");
	t[2] = tdoc_text(&z, "de");
	counts[0] = x.n;
	counts[1] = y.n;
	counts[2] = z.n;
	o.pivot = 1;
	ck_assert_int_eq(aln_align(&a, t, 3, &o), 0);
	check_partition(a, counts);
	u = unit_of(a, 1, 7);
	ck_assert_uint_eq(u[0].begin, 6);
	ck_assert_uint_eq(u[1].begin, 7);
	ck_assert_uint_eq(u[1].end, 9);
	ck_assert_uint_eq(u[2].end, 9);
	aln_alignment_free(a);
	tdoc_free(&x);
	tdoc_free(&y);
	tdoc_free(&z);
}
END_TEST

START_TEST(chinese_english_fixture_aligns_by_length_and_numbers)
{
	tdoc x = { 0 }, y = { 0 };
	aln_alignment *a;

	load(&x, "zh-en/story.zh");
	load(&y, "zh-en/story.en");
	a = align2(&x, "zh", &y, "en");
	ck_assert(has_bead(a, 0, 1, 0, 1));
	ck_assert(unit_of(a, 0, 10)[1].begin == 12); /* 1964 */
	ck_assert(has_bead(a, 19, 20, 21, 22));	     /* 1995 */
	ck_assert(has_bead(a, 28, 29, 29, 30));
	aln_alignment_free(a);
	tdoc_free(&x);
	tdoc_free(&y);
}
END_TEST

START_TEST(bad_input_is_refused_with_a_clear_error)
{
	tdoc x = { 0 };
	aln_align_text t[2];
	aln_align_options o = ALN_ALIGN_OPTIONS_INIT;
	aln_alignment *a = (aln_alignment *)1;

	tdoc_add(&x, "Bonjour.", 0);
	tdoc_add(&x, "Caf\xC3\x28 noir.", 0);
	t[0] = tdoc_text(&x, "fr");
	t[1] = t[0];
	ck_assert_int_eq(aln_align(&a, t, 1, NULL), ALN_EINVAL);
	ck_assert_ptr_null(a);
	ck_assert_int_eq(aln_align(&a, t, 2, NULL), ALN_EENCODING);
	ck_assert_ptr_nonnull(strstr(aln_error_last()->message, "sentence 2"));
	ck_assert_int_eq(aln_error_last()->offset, 3);
	o.pivot = 2;
	ck_assert_int_eq(aln_align(&a, t, 2, &o), ALN_EINVAL);
	o.pivot = 0;
	o.version = 99;
	ck_assert_int_eq(aln_align(&a, t, 2, &o), ALN_EINVAL);
	t[1].lang = "not a tag!";
	ck_assert_int_ne(aln_align(&a, t, 2, NULL), 0);
	tdoc_free(&x);
}
END_TEST

START_TEST(dictionaries_are_described_when_installed)
{
	char buf[256];
	int n = aln_align_dictionaries(buf, sizeof(buf), "fr", "en",
				       "/nonexistent");

	ck_assert_int_eq(n, 0);
	ck_assert_str_eq(buf, "");
	n = aln_align_dictionaries(buf, sizeof(buf), "fr", "en", NULL);
	ck_assert_int_ge(n, 0);
	if (n > 0)
		ck_assert_ptr_nonnull(strstr(buf, "freedict-"));
}
END_TEST

static Suite *align_suite(void)
{
	Suite *s = suite_create("align");
	TCase *tc = tcase_create("align");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, identical_documents_align_one_to_one);
	tcase_add_test(
		tc,
		english_french_fixture_finds_merges_omissions_and_additions);
	tcase_add_test(tc, omissions_and_insertions_become_empty_sides);
	tcase_add_test(tc, merges_and_splits_become_two_to_one_beads);
	tcase_add_test(tc, a_missing_paragraph_is_left_unmatched);
	tcase_add_test(tc, one_empty_side_leaves_every_sentence_alone);
	tcase_add_test(tc, ten_sentences_are_found_among_ten_thousand);
	tcase_add_test(tc, three_and_four_languages_merge_into_units);
	tcase_add_test(tc, pivot_option_aligns_to_another_text);
	tcase_add_test(tc,
		       chinese_english_fixture_aligns_by_length_and_numbers);
	tcase_add_test(tc, bad_input_is_refused_with_a_clear_error);
	tcase_add_test(tc, dictionaries_are_described_when_installed);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(align_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
