// SPDX-License-Identifier: MIT
/*
 * Unit tests of the library's foundations: the error model, the version,
 * the growable buffer, the JSON string decoder and the data path.
 */
#include "internal.h"
#include "buf.h"
#include "json.h"

#include <check.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

START_TEST(error_last_is_null_until_an_error_is_raised)
{
	aln_error_clear();
	ck_assert_ptr_null(aln_error_last());
}
END_TEST

START_TEST(raised_error_keeps_code_message_and_location)
{
	const aln_error *e;
	int rc;

	rc = aln__error(ALN_EENCODING, "invalid UTF-8 in '%s'", "a.txt");
	aln__error_at("a.txt", 3, 7, 1042);
	aln__error_hint("pass --encoding=%s", "windows-1252");
	ck_assert_int_eq(rc, ALN_EENCODING);
	e = aln_error_last();
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(e->code, ALN_EENCODING);
	ck_assert_str_eq(e->message, "invalid UTF-8 in 'a.txt'");
	ck_assert_str_eq(e->file, "a.txt");
	ck_assert_int_eq(e->line, 3);
	ck_assert_int_eq(e->column, 7);
	ck_assert_int_eq(e->offset, 1042);
	ck_assert_str_eq(e->hint, "pass --encoding=windows-1252");
}
END_TEST

START_TEST(a_new_error_forgets_the_old_hint_and_location)
{
	const aln_error *e;

	aln__error(ALN_EIO, "first");
	aln__error_at("x", 1, 1, 5);
	aln__error_hint("old hint");
	aln__error(ALN_EINVAL, "second");
	e = aln_error_last();
	ck_assert_int_eq(e->code, ALN_EINVAL);
	ck_assert_ptr_null(e->hint);
	ck_assert_ptr_null(e->file);
	ck_assert_int_eq(e->offset, -1);
}
END_TEST

START_TEST(long_messages_are_truncated_not_overflowed)
{
	char big[4000];

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	aln__error(ALN_ERROR, "%s", big);
	ck_assert_uint_lt(strlen(aln_error_last()->message), sizeof(big));
	ck_assert_uint_gt(strlen(aln_error_last()->message), 100);
}
END_TEST

static void *raise_in_thread(void *arg)
{
	(void)arg;
	aln__error(ALN_EDB, "from the other thread");
	return NULL;
}

START_TEST(errors_are_kept_per_thread)
{
	pthread_t t;

	aln__error(ALN_EIO, "mine");
	pthread_create(&t, NULL, raise_in_thread, NULL);
	pthread_join(t, NULL);
	ck_assert_int_eq(aln_error_last()->code, ALN_EIO);
	ck_assert_str_eq(aln_error_last()->message, "mine");
}
END_TEST

START_TEST(error_names_cover_every_code_and_unknown_ones)
{
	ck_assert_str_eq(aln_error_name(ALN_OK), "ALN_OK");
	ck_assert_str_eq(aln_error_name(ALN_ENOMEM), "ALN_ENOMEM");
	ck_assert_str_eq(aln_error_name(ALN_ECANCELLED), "ALN_ECANCELLED");
	ck_assert_str_eq(aln_error_name(-999), "ALN_EUNKNOWN");
	ck_assert_str_eq(aln_error_name(5), "ALN_EUNKNOWN");
}
END_TEST

START_TEST(version_matches_the_build)
{
	ck_assert_str_eq(aln_version(), ALN_VERSION);
	ck_assert_ptr_nonnull(strchr(aln_version(), '.'));
}
END_TEST

START_TEST(arrays_grow_by_doubling_and_keep_their_elements)
{
	long *v = NULL;
	size_t cap = 0, i;

	for (i = 0; i < 100; i++) {
		ck_assert_int_eq(aln__grow(&v, &cap, i + 1, sizeof(*v)), 0);
		ck_assert_uint_ge(cap, i + 1);
		v[i] = (long)i * 7;
	}
	ck_assert_uint_eq(cap, 128);
	for (i = 0; i < 100; i++)
		ck_assert_int_eq(v[i], (long)i * 7);
	/* Enough room already: nothing moves. */
	long *before = v;
	ck_assert_int_eq(aln__grow(&v, &cap, 50, sizeof(*v)), 0);
	ck_assert_ptr_eq(v, before);
	/* An impossible size fails and leaves the array as it was. */
	ck_assert_int_eq(aln__grow(&v, &cap, SIZE_MAX / 2, sizeof(*v)),
			 ALN_ENOMEM);
	ck_assert_uint_eq(cap, 128);
	ck_assert_int_eq(v[99], 99 * 7);
	free(v);
}
END_TEST

/*
 * Decodes the JSON string s (len bytes, from its opening quote) into
 * out, checks that a run without output agrees, and returns the status
 * with *at the offset where the decoder stopped.
 */
static enum aln__json_status json_decode(const char *s, size_t len,
					 unsigned int flags, char *out,
					 size_t *n, size_t *at)
{
	const char *p = s, *q = s;
	enum aln__json_status st, st_check;

	*n = 0;
	st = aln__json_string(out, n, &p, s + len, flags);
	st_check = aln__json_string(NULL, NULL, &q, s + len, flags);
	ck_assert_int_eq(st, st_check);
	ck_assert_ptr_eq(p, q);
	*at = (size_t)(p - s);
	return st;
}

/* Decodes s, which must be valid, and compares with want (wlen bytes). */
static void json_ok(const char *s, unsigned int flags, const char *want,
		    size_t wlen)
{
	char out[64];
	size_t n, at;

	ck_assert_uint_lt(strlen(s), sizeof(out));
	ck_assert_int_eq(json_decode(s, strlen(s), flags, out, &n, &at),
			 ALN__JSON_OK);
	ck_assert_uint_eq(n, wlen);
	ck_assert_mem_eq(out, want, wlen);
	/* It stops just past the closing quote, before what follows. */
	ck_assert_int_eq(s[at - 1], '"');
	ck_assert_str_eq(s + at, ", next");
}

/* Decodes s (len bytes), which must fail with want at offset want_at. */
static void json_bad(const char *s, size_t len, unsigned int flags,
		     enum aln__json_status want, size_t want_at)
{
	char out[64];
	size_t n, at;

	ck_assert_uint_lt(len, sizeof(out));
	ck_assert_int_eq(json_decode(s, len, flags, out, &n, &at), want);
	ck_assert_uint_eq(at, want_at);
}

START_TEST(json_strings_decode_plain_text_and_every_escape)
{
	json_ok("\"plain text, caf\xC3\xA9\", next", 0,
		"plain text, caf\xC3\xA9", 17);
	json_ok("\"\", next", 0, "", 0);
	json_ok("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\", next", 0, "\"\\/\b\f\n\r\t",
		8);
	/* Bytes that are not escaped pass as they are, even bad UTF-8. */
	json_ok("\"\xFF\", next", 0, "\xFF", 1);
}
END_TEST

START_TEST(json_strings_decode_unicode_escapes_and_surrogate_pairs)
{
	json_ok("\"\\u0041\\u00e9\\u20AC\\uFFFD\", next", 0,
		"A\xC3\xA9\xE2\x82\xAC\xEF\xBF\xBD", 9);
	json_ok("\"x\\ud83d\\ude00y\", next", 0, "x\xF0\x9F\x98\x80y", 6);
	json_ok("\"\\uDBFF\\uDFFF\", next", 0, "\xF4\x8F\xBF\xBF", 4);
	/* \u0000 is a NUL byte unless the caller refuses it. */
	json_ok("\"a\\u0000b\", next", 0, "a\0b", 3);
	json_bad("\"a\\u0000b\"", 10, ALN__JSON_NO_NUL, ALN__JSON_NUL, 8);
}
END_TEST

START_TEST(json_strings_refuse_lone_surrogates)
{
	/* At the byte where the low half should have started. */
	json_bad("\"a\\ud83dx\"", 10, 0, ALN__JSON_SURROGATE, 8);
	json_bad("\"\\ud83d\\u0041\"", 14, 0, ALN__JSON_SURROGATE, 7);
	json_bad("\"\\ud83d\\ud83d\"", 14, 0, ALN__JSON_SURROGATE, 7);
	json_bad("\"\\ud83d\"", 8, 0, ALN__JSON_SURROGATE, 7);
	/* A low half alone, just past it. */
	json_bad("\"\\ude00\"", 8, 0, ALN__JSON_SURROGATE, 7);
	json_bad("\"\\uDC00x\"", 9, 0, ALN__JSON_SURROGATE, 7);
}
END_TEST

START_TEST(json_strings_refuse_bad_escapes_controls_and_open_ends)
{
	/* A bad \u escape is placed on its 'u'. */
	json_bad("\"\\u12g4\"", 8, 0, ALN__JSON_HEX, 2);
	json_bad("\"ab\\u12\"", 8, 0, ALN__JSON_HEX, 4);
	json_bad("\"\\u00e", 6, 0, ALN__JSON_HEX, 2);
	/* An unknown escape on its letter. */
	json_bad("\"a\\x\"", 5, 0, ALN__JSON_ESCAPE, 3);
	json_bad("\"\\U0041\"", 8, 0, ALN__JSON_ESCAPE, 2);
	/* A raw control byte, NUL included, on itself. */
	json_bad("\"a\tb\"", 5, 0, ALN__JSON_CONTROL, 2);
	json_bad("\"a\nb\"", 5, 0, ALN__JSON_CONTROL, 2);
	json_bad("\"ab\0\"", 5, 0, ALN__JSON_CONTROL, 3);
	json_bad("\"\x1F\"", 3, 0, ALN__JSON_CONTROL, 1);
	/* No closing quote: at the end, after a backslash too. */
	json_bad("\"abc", 4, 0, ALN__JSON_UNTERMINATED, 4);
	json_bad("\"abc\\", 5, 0, ALN__JSON_UNTERMINATED, 5);
	json_bad("\"abc\\\"", 6, 0, ALN__JSON_UNTERMINATED, 6);
	json_bad("\"", 1, 0, ALN__JSON_UNTERMINATED, 1);
}
END_TEST

START_TEST(buffer_appends_and_detaches)
{
	aln_buf b = ALN_BUF_INIT;
	size_t len;
	char *s;
	int i;

	for (i = 0; i < 1000; i++)
		ck_assert_int_eq(aln_buf_printf(&b, "%d,", i % 10), 0);
	ck_assert_uint_eq(b.len, 2000);
	ck_assert_int_eq(b.ptr[b.len], '\0');
	aln_buf_truncate(&b, 4);
	ck_assert_str_eq(b.ptr, "0,1,");
	s = aln_buf_detach(&b, &len);
	ck_assert_str_eq(s, "0,1,");
	ck_assert_uint_eq(len, 4);
	ck_assert_ptr_null(b.ptr);
	aln_free(s);
}
END_TEST

START_TEST(empty_buffer_detaches_to_an_empty_string)
{
	aln_buf b = ALN_BUF_INIT;
	char *s = aln_buf_detach(&b, NULL);

	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(s, "");
	aln_free(s);
	aln_free(NULL);
}
END_TEST

START_TEST(buffer_refuses_sizes_that_overflow)
{
	aln_buf b = ALN_BUF_INIT;

	aln_buf_puts(&b, "abc");
	ck_assert_int_eq(aln_buf_grow(&b, SIZE_MAX - 1), ALN_ENOMEM);
	ck_assert_str_eq(b.ptr, "abc");
	ck_assert_int_eq(aln_error_last()->code, ALN_ENOMEM);
	aln_buf_free(&b);
}
END_TEST

START_TEST(reallocarray_refuses_overflowing_products)
{
	ck_assert_ptr_null(aln__reallocarray(NULL, SIZE_MAX / 2, 4));
	ck_assert_int_eq(aln_error_last()->code, ALN_ENOMEM);
}
END_TEST

START_TEST(data_path_follows_the_environment)
{
	char *p;

	setenv("ALINEA_DATADIR", "/tmp/some-data", 1);
	p = aln__data_path("fr", "abbreviations.txt");
	ck_assert_str_eq(p, "/tmp/some-data/fr/abbreviations.txt");
	free(p);
}
END_TEST

static Suite *core_suite(void)
{
	Suite *s = suite_create("core");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, error_last_is_null_until_an_error_is_raised);
	tcase_add_test(tc, raised_error_keeps_code_message_and_location);
	tcase_add_test(tc, a_new_error_forgets_the_old_hint_and_location);
	tcase_add_test(tc, long_messages_are_truncated_not_overflowed);
	tcase_add_test(tc, errors_are_kept_per_thread);
	tcase_add_test(tc, error_names_cover_every_code_and_unknown_ones);
	tcase_add_test(tc, version_matches_the_build);
	tcase_add_test(tc, buffer_appends_and_detaches);
	tcase_add_test(tc, arrays_grow_by_doubling_and_keep_their_elements);
	tcase_add_test(tc, empty_buffer_detaches_to_an_empty_string);
	tcase_add_test(tc, buffer_refuses_sizes_that_overflow);
	tcase_add_test(tc, reallocarray_refuses_overflowing_products);
	tcase_add_test(tc, data_path_follows_the_environment);
	tcase_add_test(tc, json_strings_decode_plain_text_and_every_escape);
	tcase_add_test(tc,
		       json_strings_decode_unicode_escapes_and_surrogate_pairs);
	tcase_add_test(tc, json_strings_refuse_lone_surrogates);
	tcase_add_test(tc,
		       json_strings_refuse_bad_escapes_controls_and_open_ends);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(core_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
