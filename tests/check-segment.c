// SPDX-License-Identifier: MIT
/*
 * Unit tests of reading documents and segmenting them into sentences:
 * decoding, normalisation, paragraphs, offsets, and the segmentation
 * rules that need the library's API rather than the golden files
 * (tests/data/segment/golden, run by t0102-segment-golden.sh).
 */
#include "internal.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

/* The sentences of text in lang, joined with " | ". */
static char *split(const char *text, const char *lang)
{
	static char buf[4096];
	aln_sentence *s;
	size_t n, i, k = 0;

	buf[0] = '\0';
	ck_assert_int_eq(aln_segment_text(&s, &n, text, strlen(text), lang), 0);
	for (i = 0; i < n; i++) {
		k += (size_t)snprintf(
			buf + k, sizeof(buf) - k, "%s%.*s", i ? " | " : "",
			(int)(s[i].end - s[i].start), text + s[i].start);
		ck_assert_uint_lt(k, sizeof(buf));
	}
	aln_free(s);
	return buf;
}

START_TEST(splits_after_question_mark_before_capital)
{
	ck_assert_str_eq(split("Where is it? Over there.", "en"),
			 "Where is it? | Over there.");
}
END_TEST

START_TEST(keeps_title_abbreviation_with_the_name)
{
	ck_assert_str_eq(split("We met Dr. Ortega at noon. He was late.", "en"),
			 "We met Dr. Ortega at noon. | He was late.");
}
END_TEST

START_TEST(blank_line_is_a_boundary_and_single_line_break_is_not)
{
	const char *t = "A title\n\nThe first line\ngoes on here. Next one.";
	aln_sentence *s;
	size_t n;

	ck_assert_str_eq(split(t, "en"), "A title | The first line\ngoes on "
					 "here. | Next one.");
	ck_assert_int_eq(aln_segment_text(&s, &n, t, strlen(t), "en"), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(s[0].paragraph, 0);
	ck_assert_uint_eq(s[1].paragraph, 1);
	ck_assert_uint_eq(s[2].paragraph, 1);
	ck_assert_uint_eq(s[0].start, 0);
	ck_assert_uint_eq(s[0].end, 7);
	aln_free(s);
}
END_TEST

START_TEST(segment_text_rejects_invalid_utf8_with_offset)
{
	aln_sentence *s;
	size_t n;

	ck_assert_int_eq(aln_segment_text(&s, &n, "Ab. \xC3(", 6, "en"),
			 ALN_EENCODING);
	ck_assert_int_eq(aln_error_last()->offset, 4);
	ck_assert_ptr_null(s);
}
END_TEST

START_TEST(empty_text_has_no_sentence)
{
	aln_sentence *s = (aln_sentence *)1;
	size_t n = 5;

	ck_assert_int_eq(aln_segment_text(&s, &n, " \n\n ", 4, "en"), 0);
	ck_assert_uint_eq(n, 0);
	ck_assert_ptr_null(s);
}
END_TEST

START_TEST(bad_language_tag_is_refused)
{
	aln_sentence *s;
	size_t n;

	ck_assert_int_eq(aln_segment_text(&s, &n, "x", 1, "12!"), ALN_EINVAL);
}
END_TEST

START_TEST(plain_text_paragraphs_join_lines_and_repair_hyphens)
{
	const char *src = "The com-\nmittee met\nin Paris.\n\n\nSecond "
			  "para\xC2\xAD"
			  "graph.\n";
	aln_document *doc;
	const aln_paragraph *p;
	const char *text;
	size_t n, len;

	ck_assert_int_eq(aln_document_read_memory(&doc, src, strlen(src), NULL),
			 0);
	text = aln_document_text(doc, &len);
	ck_assert_str_eq(text, "The committee met in Paris.\n\nSecond "
			       "paragraph.");
	p = aln_document_paragraphs(doc, &n);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(p[1].start, 29);
	ck_assert_uint_eq(p[1].end, len);
	ck_assert_str_eq(aln_document_format(doc), "text");
	ck_assert_str_eq(aln_document_encoding(doc), "UTF-8");
	aln_document_free(doc);
}
END_TEST

START_TEST(lines_option_makes_every_line_a_paragraph)
{
	aln_read_options o = ALN_READ_OPTIONS_INIT;
	aln_document *doc;

	o.lines = 1;
	ck_assert_int_eq(aln_document_read_memory(&doc, "a\nb\n\nc", 6, &o), 0);
	ck_assert_uint_eq(aln_document_paragraph_count(doc), 3);
	aln_document_free(doc);
}
END_TEST

START_TEST(utf16_with_bom_is_decoded)
{
	static const char src[] = "\xFF\xFE"
				  "H\0i\0.\0 \0\xE9\0";
	aln_document *doc;

	ck_assert_int_eq(
		aln_document_read_memory(&doc, src, sizeof(src) - 1, NULL), 0);
	ck_assert_str_eq(aln_document_text(doc, NULL), "Hi. \xC3\xA9");
	ck_assert_str_eq(aln_document_encoding(doc), "UTF-16LE");
	aln_document_free(doc);
}
END_TEST

START_TEST(truncated_utf16_is_an_error_with_offset)
{
	static const char src[] = "\xFF\xFE"
				  "H\0i\0!";
	aln_document *doc;

	ck_assert_int_eq(
		aln_document_read_memory(&doc, src, sizeof(src) - 1, NULL),
		ALN_EENCODING);
	ck_assert_ptr_null(doc);
	/* The offset counts the BOM: the lone byte is the file's seventh. */
	ck_assert_int_eq(aln_error_last()->offset, 6);
	ck_assert_ptr_nonnull(aln_error_last()->hint);
}
END_TEST

START_TEST(binary_data_is_refused)
{
	static const char src[] = "\x7F"
				  "ELF\x02\x01\x01\0\0\0\0\0\x03\0>\0";
	aln_document *doc;

	ck_assert_int_eq(
		aln_document_read_memory(&doc, src, sizeof(src) - 1, NULL),
		ALN_EFORMAT);
}
END_TEST

START_TEST(control_characters_are_dropped_with_a_warning)
{
	aln_document *doc;

	ck_assert_int_eq(aln_document_read_memory(&doc,
						  "a\x01"
						  "b\x1b"
						  "c",
						  5, NULL),
			 0);
	ck_assert_str_eq(aln_document_text(doc, NULL), "abc");
	ck_assert_uint_eq(aln_document_warning_count(doc), 1);
	ck_assert_ptr_nonnull(strstr(aln_document_warning(doc, 0, NULL), "2"));
	aln_document_free(doc);
}
END_TEST

START_TEST(text_is_nfc_normalised)
{
	aln_document *doc;

	/* e + combining acute accent */
	ck_assert_int_eq(aln_document_read_memory(&doc,
						  "Caf"
						  "e\xCC\x81",
						  6, NULL),
			 0);
	ck_assert_str_eq(aln_document_text(doc, NULL), "Caf\xC3\xA9");
	aln_document_free(doc);
}
END_TEST

START_TEST(document_sentences_point_into_the_text)
{
	const char *src = "Il est venu. Elle aussi.\n\nFin.";
	aln_document *doc;
	aln_sentence *s;
	const char *t;
	size_t n;

	ck_assert_int_eq(aln_document_read_memory(&doc, src, strlen(src), NULL),
			 0);
	ck_assert_int_eq(aln_segment_document(&s, &n, doc, "fr"), 0);
	t = aln_document_text(doc, NULL);
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(
		strncmp(t + s[1].start, "Elle aussi.", s[1].end - s[1].start),
		0);
	ck_assert_uint_eq(s[2].paragraph, 1);
	aln_free(s);
	aln_document_free(doc);
}
END_TEST

START_TEST(html_blocks_are_paragraphs_and_scripts_are_dropped)
{
	const char *src = "<html><body><script>x = 1;</script><h2>Title</h2>"
			  "<p>One &amp; two.</p><nav>Menu</nav></body></html>";
	aln_document *doc;

	ck_assert_int_eq(aln_document_read_memory(&doc, src, strlen(src), NULL),
			 0);
	ck_assert_str_eq(aln_document_format(doc), "html");
	ck_assert_str_eq(aln_document_text(doc, NULL), "Title\n\nOne & two.");
	aln_document_free(doc);
}
END_TEST

/* A DOCX in memory whose document.xml holds body; *len gets its size. */
static char *make_docx(const char *body, size_t *len)
{
	zip_source_t *src, *entry;
	zip_error_t ze;
	zip_stat_t st;
	zip_t *za;
	char *out;

	zip_error_init(&ze);
	src = zip_source_buffer_create(NULL, 0, 0, &ze);
	ck_assert_ptr_nonnull(src);
	zip_source_keep(src);
	za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	ck_assert_ptr_nonnull(za);
	entry = zip_source_buffer(za, body, strlen(body), 0);
	ck_assert_int_ge(zip_file_add(za, "word/document.xml", entry, 0), 0);
	ck_assert_int_eq(zip_close(za), 0);
	ck_assert_int_eq(zip_source_stat(src, &st), 0);
	ck_assert_int_eq(zip_source_open(src), 0);
	out = malloc(st.size);
	ck_assert_int_eq(zip_source_read(src, out, st.size),
			 (zip_int64_t)st.size);
	zip_source_close(src);
	zip_source_free(src);
	zip_error_fini(&ze);
	*len = st.size;
	return out;
}

START_TEST(docx_entry_beyond_max_size_is_refused)
{
	aln_read_options o = ALN_READ_OPTIONS_INIT;
	char *body = malloc(300001), *zip;
	aln_document *doc;
	size_t len;

	strcpy(body, "<w:document xmlns:w=\"x\"><w:body><w:p><w:r><w:t>");
	memset(body + strlen(body), 'a', 300000 - strlen(body) - 40);
	strcpy(body + 300000 - 40, "</w:t></w:r></w:p></w:body></w:document>");
	zip = make_docx(body, &len);
	ck_assert_int_eq(aln_document_read_memory(&doc, zip, len, NULL), 0);
	ck_assert_str_eq(aln_document_format(doc), "docx");
	ck_assert_uint_eq(aln_document_paragraph_count(doc), 1);
	aln_document_free(doc);
	o.max_size = 100000;
	ck_assert_int_eq(aln_document_read_memory(&doc, zip, len, &o),
			 ALN_ELIMIT);
	ck_assert_ptr_null(doc);
	free(zip);
	free(body);
}
END_TEST

START_TEST(unknown_format_is_refused)
{
	aln_read_options o = ALN_READ_OPTIONS_INIT;
	aln_document *doc;

	o.format = "pdf";
	ck_assert_int_eq(aln_document_read_memory(&doc, "x", 1, &o),
			 ALN_EUNSUPPORTED);
}
END_TEST

static Suite *segment_suite(void)
{
	Suite *s = suite_create("segment");
	TCase *tc = tcase_create("segment");

	tcase_add_test(tc, splits_after_question_mark_before_capital);
	tcase_add_test(tc, keeps_title_abbreviation_with_the_name);
	tcase_add_test(tc,
		       blank_line_is_a_boundary_and_single_line_break_is_not);
	tcase_add_test(tc, segment_text_rejects_invalid_utf8_with_offset);
	tcase_add_test(tc, empty_text_has_no_sentence);
	tcase_add_test(tc, bad_language_tag_is_refused);
	tcase_add_test(tc, document_sentences_point_into_the_text);
	suite_add_tcase(s, tc);
	tc = tcase_create("read");
	tcase_add_test(tc, plain_text_paragraphs_join_lines_and_repair_hyphens);
	tcase_add_test(tc, lines_option_makes_every_line_a_paragraph);
	tcase_add_test(tc, utf16_with_bom_is_decoded);
	tcase_add_test(tc, truncated_utf16_is_an_error_with_offset);
	tcase_add_test(tc, binary_data_is_refused);
	tcase_add_test(tc, control_characters_are_dropped_with_a_warning);
	tcase_add_test(tc, text_is_nfc_normalised);
	tcase_add_test(tc, html_blocks_are_paragraphs_and_scripts_are_dropped);
	tcase_add_test(tc, docx_entry_beyond_max_size_is_refused);
	tcase_add_test(tc, unknown_format_is_refused);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(segment_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
