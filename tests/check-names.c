// SPDX-License-Identifier: MIT
/*
 * Unit tests of the names module: transcription conventions per target
 * language, Chinese layout, back-transcription of Latin spellings, the
 * exceptions lists, the matching key and name detection.
 */
#include "internal.h"
#include "names-internal.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The first form of name in lang, or "" (a static buffer). */
static const char *form(const char *name, const char *lang)
{
	static char buf[512];
	char *out = NULL;
	int rc = aln_names_transcribe(&out, name, strlen(name), NULL, lang);

	if (rc < 0) {
		snprintf(buf, sizeof(buf), "<error %d>", rc);
		return buf;
	}
	snprintf(buf, sizeof(buf), "%s", out);
	aln_free(out);
	return buf;
}

/* The key of name, in one of a few rotating static buffers. */
static const char *key(const char *name, const char *lang)
{
	static char buf[4][512];
	static int next;
	char *out = NULL, *b = buf[next++ % 4];

	ck_assert_int_eq(aln_names_key(&out, name, strlen(name), lang), 0);
	snprintf(b, sizeof(buf[0]), "%s", out);
	aln_free(out);
	return b;
}

struct pair {
	const char *src;
	const char *want;
};

static void check_all(const struct pair *p, size_t n, const char *lang)
{
	size_t i;

	for (i = 0; i < n; i++)
		ck_assert_msg(!strcmp(form(p[i].src, lang), p[i].want),
			      "%s → %s: got %s, want %s", p[i].src, lang,
			      form(p[i].src, lang), p[i].want);
}

START_TEST(russian_to_english_follows_simplified_bgn)
{
	static const struct pair p[] = {
		{ "Путин", "Putin" },
		{ "Дмитрий Медведев", "Dmitry Medvedev" },
		{ "Борис Ельцин", "Boris Yeltsin" },
		{ "Никита Хрущёв", "Nikita Khrushchev" },
		{ "Ярославль", "Yaroslavl" },
		{ "Алексей Навальный", "Alexei Navalny" },
		{ "Николай Бухарин", "Nikolai Bukharin" },
		{ "Сергей Королёв", "Sergei Korolev" },
		{ "Марина Цветаева", "Marina Tsvetaeva" },
		{ "Фёдор", "Fyodor" },
		{ "Евгений Примаков", "Yevgeny Primakov" },
		{ "Васильев", "Vasilyev" },
		/* е after a vowel is ye, after ы e; -иев is -iev. */
		{ "Александр Грибоедов", "Alexander Griboyedov" },
		{ "Нурсултан Назарбаев", "Nursultan Nazarbayev" },
		{ "Кириенко", "Kiriyenko" },
		{ "Набережные Челны", "Naberezhnye Chelny" },
		{ "Гергиев", "Gergiev" },
		{ "Майя", "Maya" },
		{ "Дмитрий Донской", "Dmitry Donskoy" },
		{ "Войнович", "Voinovich" },
		/* Word and whole-name exceptions. */
		{ "Фёдор Достоевский", "Fyodor Dostoevsky" },
		{ "Иосиф Сталин", "Joseph Stalin" },
		{ "Сергей Рахманинов", "Sergei Rachmaninoff" },
	};

	check_all(p, ALN_ARRAY_SIZE(p), "en");
}
END_TEST

START_TEST(russian_to_french_follows_french_usage)
{
	static const struct pair p[] = {
		{ "Путин", "Poutine" },
		{ "Сергей Лавров", "Sergueï Lavrov" },
		{ "Борис Ельцин", "Boris Eltsine" },
		{ "Никита Хрущёв", "Nikita Khrouchtchev" },
		{ "Михаил Горбачёв", "Mikhaïl Gorbatchev" },
		{ "Дмитрий", "Dmitri" },
		{ "Фёдор Достоевский", "Fiodor Dostoïevski" },
		{ "Василий", "Vassili" },
		{ "Ярославль", "Iaroslavl" },
		{ "Николай", "Nikolaï" },
		{ "Жуков", "Joukov" },
		{ "Константин Черненко", "Konstantin Tchernenko" },
		{ "Алексей Косыгин", "Alexeï Kossyguine" },
		{ "Сергей Королёв", "Sergueï Korolev" },
		{ "Георгий Жуков", "Gueorgui Joukov" },
		{ "Душанбе", "Douchanbé" },
		{ "Майя", "Maïa" },
		{ "Набережные Челны", "Naberejnye Tchelny" },
		{ "Леонид Брежнев", "Léonid Brejnev" },
	};

	check_all(p, ALN_ARRAY_SIZE(p), "fr");
}
END_TEST

START_TEST(russian_to_german_follows_duden)
{
	static const struct pair p[] = {
		{ "Путин", "Putin" },
		{ "Сергей Лавров", "Sergei Lawrow" },
		{ "Алексей Косыгин", "Alexei Kossygin" },
		{ "Борис Ельцин", "Boris Jelzin" },
		{ "Михаил Горбачёв", "Michail Gorbatschow" },
		{ "Никита Хрущёв", "Nikita Chruschtschow" },
		{ "Фёдор Достоевский", "Fjodor Dostojewski" },
		{ "Дмитрий Медведев", "Dmitri Medwedew" },
		{ "Николай", "Nikolai" },
		{ "Ярославль", "Jaroslawl" },
		{ "Жуков", "Schukow" },
		{ "Цой", "Zoi" },
		{ "Новороссийск", "Noworossijsk" },
		{ "Майя", "Maja" },
		{ "Иосиф Сталин", "Josef Stalin" },
	};

	check_all(p, ALN_ARRAY_SIZE(p), "de");
}
END_TEST

START_TEST(case_of_the_source_is_kept)
{
	ck_assert_str_eq(form("ПУТИН", "fr"), "POUTINE");
	ck_assert_str_eq(form("Римский-Корсаков", "en"), "Rimsky-Korsakov");
}
END_TEST

START_TEST(ukrainian_names_use_ukrainian_rules)
{
	ck_assert_str_eq(form("Харків", "en"), "Kharkiv");
	ck_assert_str_eq(form("Харків", "de"), "Charkiw");
	ck_assert_str_eq(form("Запоріжжя", "en"), "Zaporizhzhia");
	ck_assert_str_eq(form("Київ", "ru"), "Киев");
}
END_TEST

START_TEST(chinese_names_take_the_official_layout)
{
	static const struct pair p[] = {
		{ "习近平", "Xi Jinping" },    { "陈敏尔", "Chen Min'er" },
		{ "温家宝", "Wen Jiabao" },    { "欧阳修", "Ouyang Xiu" },
		{ "司马光", "Sima Guang" },    { "诸葛亮", "Zhuge Liang" },
		{ "周恩来", "Zhou Enlai" },    { "李长春", "Li Changchun" },
		{ "曾庆红", "Zeng Qinghong" }, { "西安", "Xi'an" },
		{ "北京", "Beijing" },
	};

	check_all(p, ALN_ARRAY_SIZE(p), "en");
	ck_assert_str_eq(form("习近平", "zh"), "习近平");
	/* Russian writes Chinese names in the Palladius system. */
	ck_assert_str_eq(form("习近平", "ru"), "Си Цзиньпин");
	ck_assert_str_eq(form("陈敏尔", "ru"), "Чэнь Миньэр");
	ck_assert_str_eq(form("毛泽东", "ru"), "Мао Цзэдун");
	ck_assert_str_eq(form("欧阳修", "ru"), "Оуян Сю");
	/* A person whose given name is also a place ending stays a person. */
	ck_assert_str_eq(form("李安", "en"), "Li An");
	/* Places that open with a surname come from locales/zh-Latn/. */
	ck_assert_str_eq(form("武汉", "fr"), "Wuhan");
	ck_assert_str_eq(form("Wuhan", "zh"), "武汉");
}
END_TEST

START_TEST(exceptions_give_conventional_names)
{
	ck_assert_str_eq(form("Москва", "fr"), "Moscou");
	ck_assert_str_eq(form("Москва", "de"), "Moskau");
	ck_assert_str_eq(form("Москва", "en"), "Moscow");
	ck_assert_str_eq(form("北京", "fr"), "Pékin");
	ck_assert_str_eq(form("北京", "de"), "Peking");
	/* And the rules' form follows the conventional one. */
	{
		aln_names_options o = ALN_NAMES_OPTIONS_INIT;
		const char *langs[] = { "fr" };
		aln_name_form *f;
		size_t n;

		o.langs = langs;
		o.nlangs = 1;
		ck_assert_int_eq(
			aln_names_rules(&f, &n, "Москва", strlen("Москва"), &o),
			0);
		ck_assert_uint_eq(n, 2);
		ck_assert_int_eq(f[0].source, ALN_NAME_EXCEPTION);
		ck_assert_int_eq(f[1].source, ALN_NAME_RULES);
		ck_assert_str_eq(f[1].text, "Moskva");
		aln_name_forms_free(f, n);
	}
}
END_TEST

START_TEST(latin_spellings_are_written_back_and_regenerated)
{
	ck_assert_str_eq(form("Poutine", "en"), "Putin");
	ck_assert_str_eq(form("Poutine", "ru"), "Путин");
	ck_assert_str_eq(form("Putin", "fr"), "Poutine");
	ck_assert_str_eq(form("Sergej Lawrow", "fr"), "Sergueï Lavrov");
	ck_assert_str_eq(form("Sergueï Lavrov", "de"), "Sergei Lawrow");
	ck_assert_str_eq(form("Jelzin", "en"), "Yeltsin");
	ck_assert_str_eq(form("Moskau", "fr"), "Moscou");
	ck_assert_str_eq(form("Pékin", "de"), "Peking");
}
END_TEST

START_TEST(foreign_latin_names_are_kept_as_they_are)
{
	ck_assert_str_eq(form("Xi Jinping", "fr"), "Xi Jinping");
	ck_assert_str_eq(form("Xi Jinping", "ru"), "Си Цзиньпин");
	ck_assert_str_eq(form("Chen Min'er", "ru"), "Чэнь Миньэр");
	ck_assert_str_eq(form("Emmanuel Macron", "de"), "Emmanuel Macron");
}
END_TEST

START_TEST(no_rule_to_chinese_is_not_found)
{
	char *out = NULL;

	ck_assert_int_eq(aln_names_transcribe(&out, "Медведев",
					      strlen("Медведев"), NULL, "zh"),
			 ALN_ENOTFOUND);
	ck_assert_ptr_null(out);
}
END_TEST

START_TEST(bad_input_is_refused)
{
	aln_name_form *f = (aln_name_form *)1;
	size_t n = 3;
	const char bad[] = "Pu\xC3\x28tin";
	aln_names_options o = ALN_NAMES_OPTIONS_INIT;
	const char *langs[] = { "not a tag" };

	ck_assert_int_eq(aln_names_rules(&f, &n, "  ", 2, NULL), ALN_EINVAL);
	ck_assert_ptr_null(f);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(aln_names_rules(&f, &n, bad, sizeof(bad) - 1, NULL),
			 ALN_EENCODING);
	ck_assert_int_eq(aln_names_rules(&f, &n, "\0\0К", 4, NULL), ALN_EINVAL);
	ck_assert_int_eq(aln_names_rules(&f, &n, "Pu\ntin", 6, NULL),
			 ALN_EINVAL);
	ck_assert_ptr_nonnull(aln_error_last()->hint);
	o.langs = langs;
	o.nlangs = 1;
	ck_assert_int_eq(aln_names_rules(&f, &n, "Putin", 5, &o), ALN_EINVAL);
	o.version = 99;
	ck_assert_int_eq(aln_names_rules(&f, &n, "Putin", 5, &o), ALN_EINVAL);
}
END_TEST

START_TEST(key_folds_spellings_of_one_name)
{
	const char *sergey = key("Sergey", "en");

	ck_assert_str_ne(sergey, "");
	ck_assert_str_eq(key("Sergei", "en"), sergey);
	ck_assert_str_eq(key("Sergueï", "fr"), sergey);
	ck_assert_str_eq(key("Sergej", "de"), sergey);
	ck_assert_str_eq(key("Сергей", NULL), sergey);
	ck_assert_str_eq(key("Lawrow", "de"), key("Lavrov", "en"));
	ck_assert_str_eq(key("Poutine", "fr"), key("Putin", "en"));
	ck_assert_str_eq(key("Jelzin", "de"), key("Yeltsin", "en"));
	ck_assert_str_eq(key("Eltsine", "fr"), key("Ельцин", NULL));
	ck_assert_str_eq(key("Chruschtschow", "de"), key("Khrouchtchev", "fr"));
	ck_assert_str_eq(key("Joukov", "fr"), key("Schukow", "de"));
	ck_assert_str_eq(key("Xi Jinping", "de"), key("习近平", NULL));
	ck_assert_str_eq(key("Xi Jinping", "fr"), key("Xi Jinping", "en"));
}
END_TEST

START_TEST(key_keeps_different_names_apart)
{
	ck_assert_str_ne(key("Putin", "en"), key("Lavrov", "en"));
	ck_assert_str_ne(key("Ivan", "en"), key("Ivanov", "en"));
	ck_assert_str_eq(key("", NULL), "");
	ck_assert_str_eq(key("Сергей Лавров", NULL),
			 key("Sergueï Lavrov", "fr"));
}
END_TEST

static char *span_text(const char *s, const aln_name_span *sp)
{
	static char buf[256];

	snprintf(buf, sizeof(buf), "%.*s", (int)(sp->end - sp->start),
		 s + sp->start);
	return buf;
}

START_TEST(finds_names_and_leaves_titles_out)
{
	const char *s = "Hier, M. Sergueï Lavrov a rencontré le président "
			"Xi Jinping à Pékin.";
	aln_name_span *sp;
	size_t n;

	ck_assert_int_eq(aln_names_find(&sp, &n, s, strlen(s), "fr"), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(span_text(s, &sp[0]), "Sergueï Lavrov");
	ck_assert_str_eq(span_text(s, &sp[1]), "Xi Jinping");
	ck_assert_str_eq(span_text(s, &sp[2]), "Pékin");
	aln_free(sp);
}
END_TEST

START_TEST(a_word_that_opens_the_sentence_is_not_a_name_alone)
{
	const char *s = "Yesterday the minister met Putin. Then Lavrov spoke.";
	aln_name_span *sp;
	size_t n;

	ck_assert_int_eq(aln_names_find(&sp, &n, s, strlen(s), "en"), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(span_text(s, &sp[0]), "Putin");
	ck_assert_str_eq(span_text(s, &sp[1]), "Lavrov");
	aln_free(sp);
}
END_TEST

START_TEST(finds_russian_names_and_foreign_script)
{
	const char *ru = "Вчера г-н Сергей Лавров прибыл в Нижний Новгород.";
	const char *fr = "Le nom s'écrit Путин en russe.";
	aln_name_span *sp;
	size_t n;

	ck_assert_int_eq(aln_names_find(&sp, &n, ru, strlen(ru), "ru"), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(span_text(ru, &sp[0]), "Сергей Лавров");
	ck_assert_str_eq(span_text(ru, &sp[1]), "Нижний Новгород");
	aln_free(sp);
	ck_assert_int_eq(aln_names_find(&sp, &n, fr, strlen(fr), "fr"), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(span_text(fr, &sp[0]), "Путин");
	aln_free(sp);
	ck_assert_int_eq(aln_names_find(&sp, &n, "习近平会见了普京。",
					strlen("习近平会见了普京。"), "zh"),
			 0);
	ck_assert_uint_eq(n, 0);
}
END_TEST

/* The nominative that aln__names_nominative gives name. */
static const char *nominative(const char *name)
{
	static char buf[256];
	char *out = NULL;

	ck_assert_int_eq(aln__names_nominative(&out, name, strlen(name)), 0);
	snprintf(buf, sizeof(buf), "%s", out);
	free(out);
	return buf;
}

START_TEST(declined_names_fold_to_the_nominative)
{
	static const struct pair p[] = {
		/* A surname alone: the endings no nominative has. */
		{ "Путиным", "Путин" },
		{ "Путину", "Путин" },
		{ "Путине", "Путин" },
		{ "Лавровым", "Лавров" },
		{ "Захаровой", "Захарова" },
		{ "Жириновского", "Жириновский" },
		{ "Зеленського", "Зеленський" },
		/* Alone, Путина may be a woman's surname: left as it is. */
		{ "Путина", "Путина" },
		{ "Захарова", "Захарова" },
		/* A man's given name tells the case of the words after it. */
		{ "Владимира Путина", "Владимир Путин" },
		{ "Владимиром Путиным", "Владимир Путин" },
		{ "Сергею Лаврову", "Сергей Лавров" },
		{ "Сергее Лаврове", "Сергей Лавров" },
		{ "Дмитрием Медведевым", "Дмитрий Медведев" },
		{ "Дмитрия Медведева", "Дмитрий Медведев" },
		{ "Николая Римского-Корсакова", "Николай Римский-Корсаков" },
		{ "Льва Толстого", "Лев Толстой" },
		{ "Павла Дурова", "Павел Дуров" },
		{ "Игоря Стравинского", "Игорь Стравинский" },
		{ "Владимира Ильича Ленина", "Владимир Ильич Ленин" },
		/* A woman's. */
		{ "Марии Захаровой", "Мария Захарова" },
		{ "Анны Политковской", "Анна Политковская" },
		{ "Анной Ахматовой", "Анна Ахматова" },
		/* An unlisted given name in -у is no woman's (Анну or
		 * Нурсултану): it stays, the surname folds as a man's. */
		{ "Нурсултану Назарбаеву", "Нурсултану Назарбаев" },
		{ "Никиты Хрущёва", "Никита Хрущёв" },
		{ "Ильёй Репиным", "Илья Репин" },
		{ "Политковскую", "Политковская" },
		{ "Марию Шарапову", "Мария Шарапова" },
		/* Nominatives stay as they are. */
		{ "Мария Захарова", "Мария Захарова" },
		{ "Лев Толстой", "Лев Толстой" },
		{ "Набережные Челны", "Набережные Челны" },
		{ "Сергей Лавров", "Сергей Лавров" },
		{ "Алла Пугачёва", "Алла Пугачёва" },
		{ "ПУТИНЫМ", "ПУТИНЫМ" },
		{ "", "" },
	};
	size_t i;

	for (i = 0; i < ALN_ARRAY_SIZE(p); i++)
		ck_assert_msg(!strcmp(nominative(p[i].src), p[i].want),
			      "%s: got %s, want %s", p[i].src,
			      nominative(p[i].src), p[i].want);
}
END_TEST

static Suite *names_suite(void)
{
	Suite *s = suite_create("names");
	TCase *tc = tcase_create("rules");
	TCase *tk = tcase_create("key");
	TCase *td = tcase_create("detect");

	tcase_add_test(tc, russian_to_english_follows_simplified_bgn);
	tcase_add_test(tc, russian_to_french_follows_french_usage);
	tcase_add_test(tc, russian_to_german_follows_duden);
	tcase_add_test(tc, case_of_the_source_is_kept);
	tcase_add_test(tc, ukrainian_names_use_ukrainian_rules);
	tcase_add_test(tc, chinese_names_take_the_official_layout);
	tcase_add_test(tc, exceptions_give_conventional_names);
	tcase_add_test(tc, latin_spellings_are_written_back_and_regenerated);
	tcase_add_test(tc, foreign_latin_names_are_kept_as_they_are);
	tcase_add_test(tc, no_rule_to_chinese_is_not_found);
	tcase_add_test(tc, bad_input_is_refused);
	tcase_add_test(tk, key_folds_spellings_of_one_name);
	tcase_add_test(tk, key_keeps_different_names_apart);
	tcase_add_test(td, finds_names_and_leaves_titles_out);
	tcase_add_test(td, a_word_that_opens_the_sentence_is_not_a_name_alone);
	tcase_add_test(td, finds_russian_names_and_foreign_script);
	tcase_add_test(td, declined_names_fold_to_the_nominative);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, tk);
	suite_add_tcase(s, td);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(names_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
