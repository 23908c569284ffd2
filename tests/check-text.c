// SPDX-License-Identifier: MIT
/*
 * Unit tests of the text module: tokenisation and folding.
 */
#include "internal.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

static char *token_text(const char *s, const aln_token *t)
{
	static char buf[256];
	size_t n = t->end - t->start;

	if (n >= sizeof(buf))
		n = sizeof(buf) - 1;
	memcpy(buf, s + t->start, n);
	buf[n] = '\0';
	return buf;
}

START_TEST(tokenizer_gives_words_numbers_and_punctuation_with_offsets)
{
	const char *s = "M. Poutine a payé 4,5 % de plus !";
	aln_token *t;
	size_t n;

	ck_assert_int_eq(aln_tokenize(&t, &n, s, strlen(s), "fr"), 0);
	ck_assert_uint_eq(n, 10);
	ck_assert_str_eq(token_text(s, &t[0]), "M");
	ck_assert_int_eq(t[1].kind, ALN_TOKEN_PUNCT);
	ck_assert_str_eq(token_text(s, &t[2]), "Poutine");
	ck_assert_int_eq(t[2].kind, ALN_TOKEN_WORD);
	ck_assert_str_eq(token_text(s, &t[4]), "payé");
	ck_assert_str_eq(token_text(s, &t[5]), "4,5");
	ck_assert_int_eq(t[5].kind, ALN_TOKEN_NUMBER);
	ck_assert_str_eq(token_text(s, &t[9]), "!");
	ck_assert_uint_eq(t[9].end, strlen(s));
	aln_free(t);
}
END_TEST

START_TEST(tokenizer_keeps_ideographs_together_as_ideo_tokens)
{
	const char *s = "习近平会见了普京。";
	aln_token *t;
	size_t n, i, ideo = 0;

	ck_assert_int_eq(aln_tokenize(&t, &n, s, strlen(s), "zh"), 0);
	ck_assert_uint_gt(n, 2);
	for (i = 0; i < n; i++)
		ideo += t[i].kind == ALN_TOKEN_IDEO;
	ck_assert_uint_ge(ideo, 2);
	ck_assert_int_eq(t[n - 1].kind, ALN_TOKEN_PUNCT);
	aln_free(t);
}
END_TEST

START_TEST(tokenizer_accepts_empty_text)
{
	aln_token *t = (aln_token *)1;
	size_t n = 9;

	ck_assert_int_eq(aln_tokenize(&t, &n, "", 0, "en"), 0);
	ck_assert_uint_eq(n, 0);
	ck_assert_ptr_null(t);
}
END_TEST

START_TEST(tokenizer_rejects_invalid_utf8_with_its_offset)
{
	const char s[] = "abc \xC3\x28 def";
	aln_token *t;
	size_t n;

	ck_assert_int_eq(aln_tokenize(&t, &n, s, sizeof(s) - 1, "en"),
			 ALN_EENCODING);
	ck_assert_int_eq(aln_error_last()->offset, 4);
}
END_TEST

START_TEST(fold_case_and_accents)
{
	char *out;
	size_t len;

	ck_assert_int_eq(aln_fold(&out, &len, "Sergueï ÉTÉ",
				  strlen("Sergueï ÉTÉ"),
				  ALN_FOLD_CASE | ALN_FOLD_ACCENTS),
			 0);
	ck_assert_str_eq(out, "serguei ete");
	ck_assert_uint_eq(len, strlen(out));
	aln_free(out);
	ck_assert_int_eq(
		aln_fold(&out, NULL, "Straße", strlen("Straße"), ALN_FOLD_CASE),
		0);
	ck_assert_str_eq(out, "strasse");
	aln_free(out);
}
END_TEST

START_TEST(fold_without_flags_only_normalises_to_nfc)
{
	char *out;

	/* e + combining acute becomes é. */
	ck_assert_int_eq(aln_fold(&out, NULL, "e\xCC\x81t\xC3\xA9", 6, 0), 0);
	ck_assert_str_eq(out, "\xC3\xA9t\xC3\xA9");
	aln_free(out);
}
END_TEST

START_TEST(fold_keeps_non_latin_letters)
{
	char *out;

	ck_assert_int_eq(aln_fold(&out, NULL, "Путин Й", strlen("Путин Й"),
				  ALN_FOLD_CASE | ALN_FOLD_ACCENTS),
			 0);
	/* Й decomposes to И + breve; folding accents drops the breve. */
	ck_assert_str_eq(out, "путин и");
	aln_free(out);
}
END_TEST

START_TEST(language_tags_are_canonicalised)
{
	static const char *const cases[][2] = {
		{ "fr", "fr" },		  { "EN-US", "en-US" },
		{ "en_us", "en-US" },	  { "pt-br", "pt-BR" },
		{ "EN-01", "en" },	  { "fre", "fr" },
		{ "iw", "he" },		  { "deu-CH", "de-CH" },
		{ "zh-hant", "zh-Hant" },
	};
	char out[ALN_LANG_MAX];
	size_t i;

	for (i = 0; i < ALN_ARRAY_SIZE(cases); i++) {
		ck_assert_int_eq(
			aln_lang_canonical(out, sizeof(out), cases[i][0]), 0);
		ck_assert_str_eq(out, cases[i][1]);
	}
	ck_assert_int_eq(aln_lang_base(out, sizeof(out), "fr-CA"), 0);
	ck_assert_str_eq(out, "fr");
}
END_TEST

START_TEST(malformed_language_tags_are_refused)
{
	static const char *const bad[] = { "", "12", "fr fr", "*all*",
					   "a-very-long-and-wrong-tag-x" };
	char out[ALN_LANG_MAX];
	size_t i;

	for (i = 0; i < ALN_ARRAY_SIZE(bad); i++)
		ck_assert_int_eq(aln_lang_canonical(out, sizeof(out), bad[i]),
				 ALN_EINVAL);
	ck_assert_ptr_nonnull(aln_error_last()->hint);
}
END_TEST

START_TEST(utf8_check_finds_every_kind_of_ill_formed_sequence)
{
	static const struct {
		const char *s;
		long long at;
	} cases[] = {
		{ "plain ASCII", -1 },
		{ "caf\xC3\xA9 \xE4\xB9\xA0 \xF0\x9F\x98\x80", -1 },
		{ "ab\xC0\xAF", 2 },	   /* overlong slash */
		{ "a\xE0\x80\xAF", 1 },	   /* overlong, three bytes */
		{ "xy\xED\xA0\x80", 2 },   /* a UTF-16 surrogate */
		{ "\xF4\x90\x80\x80", 0 }, /* past U+10FFFF */
		{ "abc\xE2\x82", 3 },	   /* truncated at the end */
		{ "\x80", 0 },		   /* a lone continuation */
		{ "ok \xC3\x28", 3 },	   /* a bad continuation */
	};
	size_t i;

	for (i = 0; i < ALN_ARRAY_SIZE(cases); i++)
		ck_assert_int_eq(
			aln_utf8_invalid_at(cases[i].s, strlen(cases[i].s)),
			cases[i].at);
}
END_TEST

static Suite *text_suite(void)
{
	Suite *s = suite_create("text");
	TCase *tc = tcase_create("tokens");

	tcase_add_test(
		tc, tokenizer_gives_words_numbers_and_punctuation_with_offsets);
	tcase_add_test(tc, tokenizer_keeps_ideographs_together_as_ideo_tokens);
	tcase_add_test(tc, tokenizer_accepts_empty_text);
	tcase_add_test(tc, tokenizer_rejects_invalid_utf8_with_its_offset);
	tcase_add_test(tc, fold_case_and_accents);
	tcase_add_test(tc, fold_without_flags_only_normalises_to_nfc);
	tcase_add_test(tc, fold_keeps_non_latin_letters);
	tcase_add_test(tc, language_tags_are_canonicalised);
	tcase_add_test(tc, malformed_language_tags_are_refused);
	tcase_add_test(tc, utf8_check_finds_every_kind_of_ill_formed_sequence);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(text_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
