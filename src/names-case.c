// SPDX-License-Identifier: MIT
/*
 * The nominative of a Russian, Ukrainian or Belarusian name as running
 * text declines it (aln__names_nominative): "Владимиром Путиным" →
 * "Владимир Путин", "о Сергее Лаврове" → "Сергей Лавров", "Марии
 * Захаровой" → "Мария Захарова", "Жириновского" → "Жириновский". The
 * memory's names index folds what it finds with it, so that every case
 * of a name counts for one form.
 *
 * The endings of a name alone do not always tell its case: Путина is
 * the genitive of Путин or a woman's surname. So:
 *
 * - a name of several words whose first word is a man's given name in
 *   some case (Сергея, Владимиром, Дмитрию) has its other words folded
 *   as a man's (Путина → Путин, Лаврову → Лавров, Жириновского →
 *   Жириновский, Владимировича → Владимирович);
 * - one whose first word is a woman's given name in an oblique case
 *   (Марии, Анной, Анны: not -у or -е, which a man's name not listed
 *   takes too) has its other words folded as a woman's (Шарапову →
 *   Шарапова, Политковской → Политковская);
 * - a name of one word, or one whose first word says nothing, loses
 *   only the endings no nominative has: -ым, -у, -е after -ов/-ев/-ин
 *   (Путиным, Лаврову, Путине), the feminine -овой/-иной (Захаровой)
 *   and -скую, and the adjectival -ского/-скому/-ским/-ском
 *   (Жириновского). The
 *   genitive Путина is left as it is: the lookup counts it for Путин
 *   when both are seen.
 *
 * The words are matched on their lower-case endings; a word in capitals
 * or in another script is left alone.
 */
#include "names-internal.h"
#include "buf.h"

#include <stdlib.h>
#include <string.h>

/* Men's given names whose cases tell the case of the words after them:
 * the stem the endings attach to and the nominative. */
static const struct given {
	const char *stem; /* Сергей → "Серге", Павел → "Павл" */
	const char *nom;
	int kind; /* endings: 0 hard (Ивана), 1 -й/-ь (Сергея, Игоря), 2 -ий
		     (Дмитрия), 3 -а (Никиты), 4 -ья (Ильи) */
} given_m[] = {
	{ "Александр", "Александр", 0 },
	{ "Антон", "Антон", 0 },
	{ "Артём", "Артём", 0 },
	{ "Борис", "Борис", 0 },
	{ "Вадим", "Вадим", 0 },
	{ "Валентин", "Валентин", 0 },
	{ "Виктор", "Виктор", 0 },
	{ "Владимир", "Владимир", 0 },
	{ "Владислав", "Владислав", 0 },
	{ "Вячеслав", "Вячеслав", 0 },
	{ "Глеб", "Глеб", 0 },
	{ "Даниил", "Даниил", 0 },
	{ "Денис", "Денис", 0 },
	{ "Егор", "Егор", 0 },
	{ "Иван", "Иван", 0 },
	{ "Иосиф", "Иосиф", 0 },
	{ "Кирилл", "Кирилл", 0 },
	{ "Константин", "Константин", 0 },
	{ "Леонид", "Леонид", 0 },
	{ "Максим", "Максим", 0 },
	{ "Михаил", "Михаил", 0 },
	{ "Олег", "Олег", 0 },
	{ "Рамзан", "Рамзан", 0 },
	{ "Роман", "Роман", 0 },
	{ "Руслан", "Руслан", 0 },
	{ "Станислав", "Станислав", 0 },
	{ "Степан", "Степан", 0 },
	{ "Фёдор", "Фёдор", 0 },
	{ "Эдуард", "Эдуард", 0 },
	{ "Яков", "Яков", 0 },
	{ "Ярослав", "Ярослав", 0 },
	{ "Семён", "Семён", 0 },
	{ "Святослав", "Святослав", 0 },
	{ "Марат", "Марат", 0 },
	{ "Тимур", "Тимур", 0 },
	{ "Ростислав", "Ростислав", 0 },
	{ "Всеволод", "Всеволод", 0 },
	{ "Эльдар", "Эльдар", 0 },
	{ "Алексе", "Алексей", 1 },
	{ "Андре", "Андрей", 1 },
	{ "Матве", "Матвей", 1 },
	{ "Никола", "Николай", 1 },
	{ "Серге", "Сергей", 1 },
	{ "Тимофе", "Тимофей", 1 },
	{ "Игор", "Игорь", 1 },
	{ "Анатоли", "Анатолий", 2 },
	{ "Аркади", "Аркадий", 2 },
	{ "Арсени", "Арсений", 2 },
	{ "Валери", "Валерий", 2 },
	{ "Васили", "Василий", 2 },
	{ "Витали", "Виталий", 2 },
	{ "Геннади", "Геннадий", 2 },
	{ "Георги", "Георгий", 2 },
	{ "Григори", "Григорий", 2 },
	{ "Дмитри", "Дмитрий", 2 },
	{ "Евгени", "Евгений", 2 },
	{ "Юри", "Юрий", 2 },
	{ "Лавренти", "Лаврентий", 2 },
	{ "Афанаси", "Афанасий", 2 },
	{ "Иннокенти", "Иннокентий", 2 },
	{ "Павл", "Павел", 0 },
	{ "Петр", "Пётр", 0 },
	{ "Льв", "Лев", 0 },
	{ "Никит", "Никита", 3 },
	{ "Иль", "Илья", 4 },
	{ "Кузьм", "Кузьма", 3 },
};

static int ends(const char *w, size_t n, const char *suf)
{
	size_t k = strlen(suf);

	return n >= k && !memcmp(w + n - k, suf, k);
}

/* Characters in n bytes of UTF-8. */
static size_t chars(const char *w, size_t n)
{
	size_t i, c = 0;

	for (i = 0; i < n; i++)
		c += ((unsigned char)w[i] & 0xC0) != 0x80;
	return c;
}

/*
 * Whether w (n bytes) is a man's given name in an oblique case; its
 * nominative is appended to out then.
 */
static int man_oblique(aln_buf *out, const char *w, size_t n, int *done)
{
	static const char *const endings[][4] = {
		{ "а", "у", "ом", "е" }, { "я", "ю", "ем", "е" },
		{ "я", "ю", "ем", "и" }, { "ы", "у", "ой", "е" },
		{ "и", "ю", "ёй", "е" },
	};
	size_t i, j;

	*done = 0;
	for (i = 0; i < ALN_ARRAY_SIZE(given_m); i++) {
		const struct given *g = &given_m[i];
		size_t sl = strlen(g->stem);
		const char *const *e = endings[g->kind];

		if (n <= sl || memcmp(w, g->stem, sl))
			continue;
		for (j = 0; j < 4; j++)
			if (strlen(e[j]) == n - sl &&
			    !memcmp(w + sl, e[j], n - sl)) {
				*done = 1;
				return aln_buf_puts(out, g->nom);
			}
	}
	return 0;
}

struct fold {
	const char *suf, *rep;
};

/* Endings no nominative has, for a word of any name. */
static const struct fold sure[] = {
	{ "ского", "ский" },  { "скому", "ский" },   { "ским", "ский" },
	{ "ском", "ский" },   { "скую", "ская" },    { "цкую", "цкая" },
	{ "цкого", "цкий" },  { "цкому", "цкий" },   { "цким", "цкий" },
	{ "цком", "цкий" },   { "ського", "ський" }, { "ському", "ський" },
	{ "ським", "ський" }, { "овым", "ов" },	     { "евым", "ев" },
	{ "ёвым", "ёв" },     { "иным", "ин" },	     { "ыным", "ын" },
	{ "овой", "ова" },    { "евой", "ева" },     { "ёвой", "ёва" },
	{ "иной", "ина" },    { "ыной", "ына" },     { "ову", "ов" },
	{ "еву", "ев" },      { "ёву", "ёв" },	     { "ину", "ин" },
	{ "ыну", "ын" },      { "ове", "ов" },	     { "еве", "ев" },
	{ "ёве", "ёв" },      { "ине", "ин" },	     { "ыне", "ын" },
};

/* After a man's given name: his surname and patronymic. */
static const struct fold man[] = {
	{ "ова", "ов" },   { "ева", "ев" },   { "ёва", "ёв" },
	{ "ина", "ин" },   { "ына", "ын" },   { "ича", "ич" },
	{ "ичу", "ич" },   { "ичем", "ич" },  { "иче", "ич" },
	{ "кого", "кий" }, { "кому", "кий" }, { "ким", "кий" },
	{ "ком", "кий" },  { "того", "той" }, { "тому", "той" },
	{ "ого", "ый" },   { "ому", "ый" },   { "ым", "ый" },
};

/* After a woman's given name in an oblique case. */
static const struct fold woman[] = {
	{ "ову", "ова" },   { "еву", "ева" },	 { "ину", "ина" },
	{ "ской", "ская" }, { "скую", "ская" },	 { "цкой", "цкая" },
	{ "цкую", "цкая" }, { "овны", "овна" },	 { "овне", "овна" },
	{ "овну", "овна" }, { "овной", "овна" }, { "евны", "евна" },
	{ "евне", "евна" }, { "евну", "евна" },	 { "евной", "евна" },
};

/*
 * A woman's given name in an oblique case (Марии, Анной, Анны). Not -у
 * and -е: a man's given name that is not listed takes them too
 * (Нурсултану, о Нурсултане).
 */
static const struct fold woman_given[] = {
	{ "ией", "ия" }, { "ии", "ия" }, { "ию", "ия" },
	{ "ьей", "ья" }, { "ьи", "ья" }, { "ье", "ья" },
	{ "ью", "ья" },	 { "ой", "а" },	 { "ы", "а" },
};

/* Appends w with the first ending of table t it has replaced. */
static int put_folded(aln_buf *out, const char *w, size_t n,
		      const struct fold *t, size_t nt, int *done)
{
	size_t i;

	*done = 0;
	for (i = 0; i < nt; i++)
		if (ends(w, n, t[i].suf) &&
		    chars(w, n - strlen(t[i].suf)) >= 2) {
			*done = 1;
			if (aln_buf_put(out, w, n - strlen(t[i].suf)) < 0)
				return ALN_ENOMEM;
			return aln_buf_puts(out, t[i].rep);
		}
	return 0;
}

/* Whether w (n bytes) is a woman's given name in an oblique case; its
 * nominative is appended to out then. */
static int woman_oblique(aln_buf *out, const char *w, size_t n, int *done)
{
	static const char *const soft[] = { "а", "е", "ё", "и", "о", "у",
					    "ы", "э", "ю", "я", "й", "ь" };
	size_t i, k, v;

	*done = 0;
	if (chars(w, n) < 4)
		return 0;
	for (i = 0; i < ALN_ARRAY_SIZE(woman_given); i++) {
		if (!ends(w, n, woman_given[i].suf))
			continue;
		k = n - strlen(woman_given[i].suf);
		/* -ой and -ы follow a consonant (Анны, not Набережные). */
		if (!strcmp(woman_given[i].rep, "а"))
			for (v = 0; v < ALN_ARRAY_SIZE(soft); v++)
				if (ends(w, k, soft[v]))
					return 0;
		*done = 1;
		if (aln_buf_put(out, w, k) < 0)
			return ALN_ENOMEM;
		return aln_buf_puts(out, woman_given[i].rep);
	}
	return 0;
}

int aln__names_nominative(char **out, const char *s, size_t len)
{
	aln_buf b = ALN_BUF_INIT;
	size_t i = 0, words = 0;
	int mode = 0; /* 0 unknown, 1 a man's name, 2 a woman's */
	int rc = 0;

	*out = NULL;
	for (i = 0; i < len; i++)
		if (s[i] == ' ' && i + 1 < len && s[i + 1] != ' ')
			words++;
	i = 0;
	while (i < len && rc == 0) {
		size_t e = i;
		int done = 0;

		while (e < len && s[e] != ' ' && s[e] != '-')
			e++;
		if (e > i && i == 0 && words > 0) {
			if ((rc = man_oblique(&b, s, e, &done)) == 0 && done)
				mode = 1;
			else if (rc == 0 &&
				 (rc = woman_oblique(&b, s, e, &done)) == 0 &&
				 done)
				mode = 2;
		} else if (e > i && mode == 1) {
			rc = put_folded(&b, s + i, e - i, sure,
					ALN_ARRAY_SIZE(sure), &done);
			if (rc == 0 && !done)
				rc = put_folded(&b, s + i, e - i, man,
						ALN_ARRAY_SIZE(man), &done);
		} else if (e > i && mode == 2) {
			rc = put_folded(&b, s + i, e - i, woman,
					ALN_ARRAY_SIZE(woman), &done);
		}
		if (rc == 0 && !done && e > i)
			rc = put_folded(&b, s + i, e - i, sure,
					ALN_ARRAY_SIZE(sure), &done);
		if (rc == 0 && !done)
			rc = aln_buf_put(&b, s + i, e - i) < 0 ? ALN_ENOMEM : 0;
		if (rc == 0 && e < len)
			rc = aln_buf_put(&b, s + e, 1);
		i = e + (e < len);
	}
	if (rc < 0) {
		aln_buf_free(&b);
		return rc;
	}
	if (!(*out = aln_buf_detach(&b, NULL)))
		return ALN_ENOMEM;
	return 0;
}
