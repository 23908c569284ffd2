// SPDX-License-Identifier: MIT
/*
 * Unit tests of the terminology core on sentence pairs held in memory:
 * word keys, the expression matcher, the association model and span
 * finder, and term-candidate extraction. The store is not involved.
 */
#include "../memory/term-internal.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A small French-English memory written for these tests. */
static const char *const fr[] = {
	"La maison est grande et le jardin est beau.",
	"Nous avons vendu la maison de mon grand-père.",
	"Le chemin de fer traverse la vallée.",
	"Le train suit le chemin de fer jusqu'à la mer.",
	"Le Conseil de sécurité se réunit demain.",
	"Le Conseil de sécurité a voté la résolution.",
	"Sa maison blanche domine le village.",
	"Le jardin du village est fleuri.",
	"La résolution du Conseil de sécurité est claire.",
	"Il pleut sur la vallée et sur la mer.",
	"Une maison neuve coûte cher.",
	"Le chemin de fer ferme le dimanche.",
};
static const char *const en[] = {
	"The house is big and the garden is lovely.",
	"We sold my grandfather's house.",
	"The railway crosses the valley.",
	"The train follows the railway down to the sea.",
	"The Security Council meets tomorrow.",
	"The Security Council passed the resolution.",
	"Her white house overlooks the village.",
	"The village garden is in bloom.",
	"The resolution of the Security Council is clear.",
	"It rains on the valley and on the sea.",
	"A new house costs a lot.",
	"The railway closes on Sundays.",
};
#define NPAIRS (sizeof(fr) / sizeof(fr[0]))

static aln__smap tgt_df;

static int df_cb(void *data, const char *key, size_t len, long long *df)
{
	aln__smap_entry *e = aln__smap_get(data, key, len, false);

	*df = e ? e->value : 0;
	return 0;
}

/* Unit frequencies of the English keys, as the store keeps them. */
static void build_df(void)
{
	aln__smap_free(&tgt_df);
	for (size_t u = 0; u < NPAIRS; u++) {
		aln__words w = { 0 };

		ck_assert_int_eq(
			aln__words_split(&w, en[u], strlen(en[u]), "en", NULL),
			0);
		for (size_t i = 0; i < w.n; i++) {
			aln__smap_entry *e;
			bool seen = false;

			for (size_t j = 0; j < i; j++)
				seen |= w.w[j].keylen == w.w[i].keylen &&
					!memcmp(w.w[j].key, w.w[i].key,
						w.w[i].keylen);
			if (seen)
				continue;
			e = aln__smap_get(&tgt_df, w.w[i].key, w.w[i].keylen,
					  true);
			ck_assert_ptr_nonnull(e);
			e->value++;
		}
		aln__words_free(&w);
	}
}

/*
 * Runs a concordance of expr over the test memory and returns the text
 * of the span found in unit u ("" when none), in a static buffer.
 */
static const char *span_in(const char *expr, size_t u)
{
	static char out[256];
	aln__query q;
	aln__cooc c = { 0 };
	aln__assoc a = { 0 };
	aln__words s = { 0 }, t = { 0 };
	size_t first, last, tf, tl;

	build_df();
	ck_assert_int_eq(aln__stopwords_load(&a.stop, "en"), 0);
	ck_assert_int_eq(aln__query_init(&q, expr, "fr", NULL), 0);
	for (size_t i = 0; i < NPAIRS; i++) {
		ck_assert_int_eq(
			aln__words_split(&s, fr[i], strlen(fr[i]), "fr", NULL),
			0);
		if (aln__query_find(&q, &s, &first, &last)) {
			ck_assert_int_eq(aln__words_split(&t, en[i],
							  strlen(en[i]), "en",
							  NULL),
					 0);
			ck_assert_int_eq(aln__cooc_add(&c, &t), 0);
		}
	}
	ck_assert_int_eq(
		aln__assoc_add(&a, &c, (long long)NPAIRS, df_cb, &tgt_df), 0);
	ck_assert_int_eq(aln__words_split(&s, fr[u], strlen(fr[u]), "fr", NULL),
			 0);
	ck_assert(aln__query_find(&q, &s, &first, &last));
	ck_assert_int_eq(aln__words_split(&t, en[u], strlen(en[u]), "en", NULL),
			 0);
	out[0] = '\0';
	if (aln__span_find(&a, NULL, 0, &s, first, last, &t, &tf, &tl)) {
		size_t from = t.w[tf].start, to = t.w[tl - 1].end;

		memcpy(out, en[u] + from, to - from);
		out[to - from] = '\0';
	}
	aln__words_free(&s);
	aln__words_free(&t);
	aln__cooc_free(&c);
	aln__assoc_free(&a);
	aln__query_free(&q);
	return out;
}

START_TEST(keys_are_folded_for_case_and_accents)
{
	aln__words w = { 0 };
	const char *s = "Élève ÉTÉ";

	ck_assert_int_eq(aln__words_split(&w, s, strlen(s), "fr", NULL), 0);
	ck_assert_uint_eq(w.n, 2);
	ck_assert_str_eq(w.w[0].key, "eleve");
	ck_assert_str_eq(w.w[1].key, "ete");
	ck_assert_uint_eq(w.w[1].start, strlen("Élève "));
	aln__words_free(&w);
}
END_TEST

START_TEST(ligatures_fold_to_their_letters)
{
	aln__words a = { 0 }, b = { 0 };
	const char *s1 = "Cœur", *s2 = "coeur";

	ck_assert_int_eq(aln__words_split(&a, s1, strlen(s1), "fr", NULL), 0);
	ck_assert_int_eq(aln__words_split(&b, s2, strlen(s2), "fr", NULL), 0);
	ck_assert_str_eq(a.w[0].key, b.w[0].key);
	aln__words_free(&a);
	aln__words_free(&b);
}
END_TEST

START_TEST(french_elision_is_split_from_the_word)
{
	aln__words w = { 0 };
	const char *s = "l'homme qu’on voit";

	ck_assert_int_eq(aln__words_split(&w, s, strlen(s), "fr", NULL), 0);
	ck_assert_uint_eq(w.n, 5);
	ck_assert_str_eq(w.w[0].key, "l'");
	ck_assert_str_eq(w.w[1].key, "homme");
	ck_assert_str_eq(w.w[3].key, "on");
	aln__words_free(&w);
}
END_TEST

START_TEST(query_matches_on_word_boundaries_only)
{
	aln__query q;
	aln__words a = { 0 }, b = { 0 };
	const char *s1 = "Un ARTISTE de l'art moderne";
	const char *s2 = "Les artistes et leurs arts";
	size_t f, l;

	ck_assert_int_eq(aln__query_init(&q, "Art", "fr", NULL), 0);
	ck_assert_int_eq(aln__words_split(&a, s1, strlen(s1), "fr", NULL), 0);
	ck_assert_int_eq(aln__words_split(&b, s2, strlen(s2), "fr", NULL), 0);
	ck_assert(aln__query_find(&q, &a, &f, &l));
	ck_assert_uint_eq(f, 4);
	ck_assert_uint_eq(l, 5);
	ck_assert(!aln__query_find(&q, &b, &f, &l));
	aln__words_free(&a);
	aln__words_free(&b);
	aln__query_free(&q);
}
END_TEST

START_TEST(query_ignores_accents_and_case_across_words)
{
	aln__query q;
	aln__words a = { 0 };
	const char *s = "Le CONSEIL de Securite siège.";
	size_t f, l;

	ck_assert_int_eq(aln__query_init(&q, "conseil de sécurité", "fr", NULL),
			 0);
	ck_assert_int_eq(aln__words_split(&a, s, strlen(s), "fr", NULL), 0);
	ck_assert(aln__query_find(&q, &a, &f, &l));
	ck_assert_uint_eq(f, 1);
	ck_assert_uint_eq(l, 4);
	aln__words_free(&a);
	aln__query_free(&q);
}
END_TEST

START_TEST(stemming_matches_inflected_forms)
{
	struct sb_stemmer *st = aln__stemmer_new("fr");
	aln__query q, plain;
	aln__words a = { 0 }, b = { 0 };
	const char *s = "Les nouvelles routes commerciales";
	size_t f, l;

	ck_assert_ptr_nonnull(st);
	ck_assert_int_eq(aln__query_init(&q, "nouvelle route", "fr", st), 0);
	ck_assert_int_eq(aln__query_init(&plain, "nouvelle route", "fr", NULL),
			 0);
	ck_assert_int_eq(aln__words_split(&a, s, strlen(s), "fr", st), 0);
	ck_assert_int_eq(aln__words_split(&b, s, strlen(s), "fr", NULL), 0);
	ck_assert(aln__query_find(&q, &a, &f, &l));
	ck_assert_uint_eq(f, 1);
	ck_assert(!aln__query_find(&plain, &b, &f, &l));
	aln__words_free(&a);
	aln__words_free(&b);
	aln__query_free(&q);
	aln__query_free(&plain);
	aln__stemmer_free(st);
}
END_TEST

START_TEST(an_unknown_stemmer_language_is_reported)
{
	ck_assert_ptr_null(aln__stemmer_new("tlh"));
	ck_assert_int_eq(aln_error_last()->code, ALN_EUNSUPPORTED);
}
END_TEST

START_TEST(chinese_is_searched_as_a_substring)
{
	aln__query q;
	aln__words a = { 0 };
	const char *s = "我们讨论了一带一路论坛的问题。";
	size_t f, l;

	ck_assert_int_eq(aln__query_init(&q, "论坛", "zh", NULL), 0);
	ck_assert_int_eq(aln__words_split(&a, s, strlen(s), "zh", NULL), 0);
	ck_assert(aln__query_find(&q, &a, &f, &l));
	ck_assert_uint_lt(f, l);
	ck_assert_uint_le(a.w[f].start, strlen("我们讨论了一带一路"));
	ck_assert_uint_ge(a.w[l - 1].end, strlen("我们讨论了一带一路论坛"));
	aln__words_free(&a);
	aln__query_free(&q);
}
END_TEST

START_TEST(span_of_a_word_is_its_translation)
{
	ck_assert_str_eq(span_in("maison", 0), "house");
	ck_assert_str_eq(span_in("maison", 10), "house");
	ck_assert_str_eq(span_in("jardin", 7), "garden");
}
END_TEST

START_TEST(span_of_a_multiword_expression_covers_all_its_words)
{
	ck_assert_str_eq(span_in("conseil de sécurité", 4), "Security Council");
	ck_assert_str_eq(span_in("Conseil de securite", 8), "Security Council");
	ck_assert_str_eq(span_in("chemin de fer", 3), "railway");
}
END_TEST

START_TEST(span_is_found_by_identity_for_a_single_hit)
{
	/* "Sundays" is rare, but "dimanche" occurs once: no statistics. */
	ck_assert_str_eq(span_in("village", 6), "village");
}
END_TEST

START_TEST(no_span_without_evidence)
{
	aln__assoc a = { 0 };
	aln__words s = { 0 }, t = { 0 };
	size_t tf, tl;

	ck_assert_int_eq(aln__words_split(&s, fr[9], strlen(fr[9]), "fr", NULL),
			 0);
	ck_assert_int_eq(aln__words_split(&t, en[2], strlen(en[2]), "en", NULL),
			 0);
	ck_assert(!aln__span_find(&a, NULL, 0, &s, 0, 1, &t, &tf, &tl));
	aln__words_free(&s);
	aln__words_free(&t);
}
END_TEST

START_TEST(character_offsets_count_code_points)
{
	ck_assert_uint_eq(aln__utf8_chars("été x", strlen("été ")), 4);
	ck_assert_uint_eq(aln__utf8_chars("论坛", 6), 2);
}
END_TEST

START_TEST(extraction_pairs_recurring_expressions)
{
	aln__extract *x;
	const aln__candidate *c;
	size_t n;
	bool council = false, rail = false;

	ck_assert_int_eq(aln__extract_new(&x, "fr", "en", 2), 0);
	for (size_t u = 0; u < NPAIRS; u++)
		ck_assert_int_eq(
			aln__extract_add(x, (long long)u + 1, fr[u], en[u]), 0);
	for (int pass = 2; pass <= 3; pass++) {
		ck_assert_int_eq(aln__extract_next_pass(x), 0);
		for (size_t u = 0; u < NPAIRS; u++)
			ck_assert_int_eq(aln__extract_add(x, (long long)u + 1,
							  fr[u], en[u]),
					 0);
	}
	ck_assert_int_eq(aln__extract_finish(x, &c, &n), 0);
	ck_assert_uint_ge(n, 1);
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(c[i].source, "Conseil de sécurité")) {
			ck_assert_str_eq(c[i].target, "Security Council");
			ck_assert_int_eq(c[i].count, 3);
			ck_assert_int_gt(c[i].example_unit, 0);
			ck_assert_ptr_nonnull(strstr(c[i].example_source,
						     "Conseil de sécurité"));
			council = true;
		}
		if (!strcmp(c[i].source, "chemin de fer"))
			rail = true;
		/* Stopwords never open or close a candidate. */
		ck_assert(strncmp(c[i].source, "de ", 3) != 0);
		ck_assert(strncmp(c[i].target, "the ", 4) != 0);
	}
	ck_assert(council);
	/* "railway" is one word: no multiword pair for "chemin de fer". */
	ck_assert(!rail);
	aln__extract_free(x);
}
END_TEST

START_TEST(extraction_drops_parts_of_longer_expressions)
{
	aln__extract *x;
	const aln__candidate *c;
	size_t n;

	ck_assert_int_eq(aln__extract_new(&x, "fr", "en", 2), 0);
	for (int pass = 0; pass < 2; pass++) {
		for (size_t u = 0; u < NPAIRS; u++)
			ck_assert_int_eq(aln__extract_add(x, (long long)u + 1,
							  fr[u], en[u]),
					 0);
		if (!pass)
			ck_assert_int_eq(aln__extract_next_pass(x), 0);
	}
	ck_assert_int_eq(aln__extract_finish(x, &c, &n), 0);
	for (size_t i = 0; i < n; i++) {
		ck_assert_str_ne(c[i].source, "Conseil de");
		ck_assert(c[i].score <= 14.0);
		if (i)
			ck_assert(c[i].score <= c[i - 1].score);
	}
	aln__extract_free(x);
}
END_TEST

/* ---- the engine over an in-memory backend ---- */

static int mem_candidates(void *data, const aln__query *q, bool stem,
			  size_t limit, aln__pair_cb cb, void *cbdata)
{
	size_t sent = 0;

	(void)data;
	(void)q;
	(void)stem;
	for (size_t u = 0; u < NPAIRS; u++) {
		int rc = cb(cbdata, (long long)u + 1, fr[u], en[u]);

		if (rc < 0)
			return rc;
		if (rc > 0 || (limit && ++sent >= limit))
			break;
	}
	return 0;
}

static aln_concord_result *run(const char *expr, const char *glossary,
			       size_t limit)
{
	aln__concord_backend b = { 0 };
	aln_concord_options o = ALN_CONCORD_OPTIONS_INIT;
	aln_concord_result *r = NULL;

	build_df();
	b.data = &tgt_df;
	b.srclang = "fr";
	b.tgtlang = "en";
	b.nunits = (long long)NPAIRS;
	b.candidates = mem_candidates;
	b.df = df_cb;
	b.nglossary = glossary ? 1 : 0;
	b.glossary = &glossary;
	o.limit = limit;
	ck_assert_int_eq(aln__concord_run(&r, &b, expr, &o), 0);
	return r;
}

START_TEST(concordance_sums_up_translations_most_frequent_first)
{
	aln_concord_result *r = run("maison", NULL, 0);

	ck_assert_str_eq(r->query, "maison");
	ck_assert_uint_eq(r->total, 4);
	ck_assert_uint_eq(r->nhits, 4);
	ck_assert_uint_ge(r->ntranslations, 1);
	ck_assert_str_eq(r->translations[0].text, "house");
	ck_assert_uint_eq(r->translations[0].count, 4);
	ck_assert_int_eq(r->translations[0].example_unit, 1);
	ck_assert_int_eq(r->hits[0].unit, 1);
	/* "The house is big...": characters 4 to 9. */
	ck_assert_uint_eq(r->hits[0].span_start, 4);
	ck_assert_uint_eq(r->hits[0].span_end, 9);
	ck_assert_uint_eq(r->hits[0].source_start, 3);
	ck_assert_uint_eq(r->hits[0].source_end, 9);
	ck_assert_str_eq(r->hits[0].translation, "house");
	aln_concord_result_free(r);
}
END_TEST

START_TEST(concordance_limit_keeps_the_count_of_all_hits)
{
	aln_concord_result *r = run("conseil de sécurité", NULL, 1);

	ck_assert_uint_eq(r->total, 3);
	ck_assert_uint_eq(r->nhits, 1);
	ck_assert_str_eq(r->translations[0].text, "security council");
	ck_assert_uint_eq(r->translations[0].count, 3);
	aln_concord_result_free(r);
}
END_TEST

START_TEST(glossary_entries_win_and_come_first)
{
	/* A glossary entry wins in the hit where its target occurs. */
	aln_concord_result *r = run("maison", "White House", 0);

	ck_assert_uint_eq(r->nhits, 4);
	ck_assert_int_eq(r->hits[0].glossary, 1);
	ck_assert_int_eq(r->hits[0].unit, 7);
	ck_assert_str_eq(r->hits[0].translation, "white house");
	ck_assert_int_eq(r->hits[1].glossary, 0);
	ck_assert_int_eq(r->translations[0].glossary, 1);
	ck_assert_str_eq(r->translations[0].text, "white house");
	ck_assert_uint_eq(r->translations[0].count, 1);
	ck_assert_str_eq(r->translations[1].text, "house");
	ck_assert_uint_eq(r->translations[1].count, 3);
	aln_concord_result_free(r);
}
END_TEST

START_TEST(concordance_of_nothing_found_is_empty)
{
	aln_concord_result *r = run("sous-marin", NULL, 0);

	ck_assert_uint_eq(r->total, 0);
	ck_assert_uint_eq(r->nhits, 0);
	ck_assert_uint_eq(r->ntranslations, 0);
	aln_concord_result_free(r);
}
END_TEST

START_TEST(concordance_rejects_an_expression_without_words)
{
	aln__concord_backend b = { 0 };
	aln_concord_options o = ALN_CONCORD_OPTIONS_INIT;
	aln_concord_result *r = NULL;

	b.srclang = "fr";
	b.tgtlang = "en";
	b.candidates = mem_candidates;
	b.df = df_cb;
	b.data = &tgt_df;
	ck_assert_int_eq(aln__concord_run(&r, &b, "  ", &o), ALN_EINVAL);
	ck_assert_ptr_null(r);
}
END_TEST

/* ---- the glossary in a memory ---- */

struct found_terms {
	char got[4][64];
	int n;
};

static int on_term(const aln_term_entry *e, void *data)
{
	struct found_terms *f = data;

	if (f->n < 4)
		snprintf(f->got[f->n++], sizeof(f->got[0]), "%s", e->target);
	return 0;
}

START_TEST(term_find_gives_the_entries_in_a_sentence_longest_first)
{
	char dir[] = "/tmp/check-term.XXXXXX", path[64];
	aln_memory_options mo = ALN_MEMORY_OPTIONS_INIT;
	aln_term_entry e = { 0 };
	struct found_terms f = { 0 };
	aln_memory *m;
	const char *s = "Le Conseil de sécurité des Nations unies siège.";

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/m.db", dir);
	mo.flags = ALN_MEMORY_CREATE;
	ck_assert_int_eq(aln_memory_open(&m, path, &mo), 0);
	e.srclang = "fr";
	e.tgtlang = "en";
	e.source = "conseil";
	e.target = "council";
	ck_assert_int_eq(aln_term_add(m, &e, NULL), 0);
	e.source = "Conseil de securite";
	e.target = "Security Council";
	ck_assert_int_eq(aln_term_add(m, &e, NULL), 0);
	e.source = "assemblée";
	e.target = "assembly";
	ck_assert_int_eq(aln_term_add(m, &e, NULL), 0);
	ck_assert_int_eq(aln_term_add(m, &e, NULL), ALN_EEXISTS);
	ck_assert_int_eq(aln_term_find(m, s, "fr", "en", on_term, &f), 0);
	ck_assert_int_eq(f.n, 2);
	ck_assert_str_eq(f.got[0], "Security Council");
	ck_assert_str_eq(f.got[1], "council");
	aln_memory_free(m);
	snprintf(path, sizeof(path), "%s/m.db", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/m.db-wal", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/m.db-shm", dir);
	unlink(path);
	rmdir(dir);
}
END_TEST

static Suite *term_suite(void)
{
	Suite *s = suite_create("term");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, keys_are_folded_for_case_and_accents);
	tcase_add_test(tc, ligatures_fold_to_their_letters);
	tcase_add_test(tc, french_elision_is_split_from_the_word);
	tcase_add_test(tc, query_matches_on_word_boundaries_only);
	tcase_add_test(tc, query_ignores_accents_and_case_across_words);
	tcase_add_test(tc, stemming_matches_inflected_forms);
	tcase_add_test(tc, an_unknown_stemmer_language_is_reported);
	tcase_add_test(tc, chinese_is_searched_as_a_substring);
	tcase_add_test(tc, span_of_a_word_is_its_translation);
	tcase_add_test(tc, span_of_a_multiword_expression_covers_all_its_words);
	tcase_add_test(tc, span_is_found_by_identity_for_a_single_hit);
	tcase_add_test(tc, no_span_without_evidence);
	tcase_add_test(tc, character_offsets_count_code_points);
	tcase_add_test(tc, extraction_pairs_recurring_expressions);
	tcase_add_test(tc, extraction_drops_parts_of_longer_expressions);
	tcase_add_test(tc,
		       concordance_sums_up_translations_most_frequent_first);
	tcase_add_test(tc, concordance_limit_keeps_the_count_of_all_hits);
	tcase_add_test(tc, glossary_entries_win_and_come_first);
	tcase_add_test(tc, concordance_of_nothing_found_is_empty);
	tcase_add_test(tc, concordance_rejects_an_expression_without_words);
	tcase_add_test(tc,
		       term_find_gives_the_entries_in_a_sentence_longest_first);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(term_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	aln__smap_free(&tgt_df);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
