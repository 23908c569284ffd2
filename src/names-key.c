// SPDX-License-Identifier: MIT
/*
 * The matching key of a name (aln_names_key): a phonetic skeleton that
 * the English, French and German spellings of one name share. A name in
 * another script is first written in Latin letters (Cyrillic with the
 * project's English rules, Chinese as pinyin, anything else with ICU's
 * Any-Latin), then reduced to ASCII. Each word then keeps its consonants
 * only, after the spellings that the three conventions write differently
 * are merged:
 *
 * - the hushing and guttural spellings zh, sh, ch, kh, sch, tch, tsch,
 *   shch, chtch, schtsch become one sound (Khrushchev, Khrouchtchev,
 *   Chruschtschow);
 * - s, z, ts, tz and a soft c become s (Yeltsin, Jelzin); w becomes v
 *   (Lawrow); x becomes ks; q, ck and a hard c become k; French gu
 *   before e and i is g (Sergueï);
 * - j is the French j of Jukov in French, a consonant in English, and
 *   the German j of Jelzin (a vowel, like English y) in German unless i
 *   follows (pinyin Jinping);
 * - vowels are dropped; a word that opens with a vowel (or y, or a
 *   vowel-like j) starts with "a", so Yuri, Iouri and Juri agree.
 *
 * Doubled letters collapse. Unrelated names may share a key: it finds
 * candidates, the memory's counts rank them.
 */
#include "names-internal.h"
#include "buf.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ustring.h>

enum key_mode { MODE_EN, MODE_FR, MODE_DE };

static int vowel(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' ||
	       c == 'y';
}

static int starts(const char *s, const char *p)
{
	return !strncmp(s, p, strlen(p));
}

/* Appends the skeleton of one ASCII lower-case word w[0..n). */
static int word_key(aln_buf *out, const char *w, size_t n, enum key_mode m)
{
	char buf[256];
	size_t i = 0, k = 0;
	char last = 0;

	if (n >= sizeof(buf))
		n = sizeof(buf) - 1;
	memcpy(buf, w, n);
	buf[n] = '\0';
	w = buf;
	while (i < n) {
		const char *s = w + i;
		char c = 0;
		size_t adv = 1;
		int is_vowel = 0;

		if (starts(s, "schtsch"))
			c = 'S', adv = 7;
		else if (starts(s, "shch") || starts(s, "tsch") ||
			 starts(s, "chtch"))
			c = 'S', adv = starts(s, "chtch") ? 5 : 4;
		else if (starts(s, "sch") || starts(s, "tch"))
			c = 'S', adv = 3;
		else if (starts(s, "zh") || starts(s, "sh") ||
			 starts(s, "ch") || starts(s, "kh"))
			c = 'S', adv = 2;
		else if (starts(s, "gu") &&
			 (s[2] == 'e' || s[2] == 'i' || s[2] == 'y'))
			c = 'g', adv = 2;
		else if (starts(s, "qu"))
			c = 'k', adv = 2;
		else if (starts(s, "ph"))
			c = 'f', adv = 2;
		else if (starts(s, "th"))
			c = 't', adv = 2;
		else if (starts(s, "ck"))
			c = 'k', adv = 2;
		else if (starts(s, "ts") || starts(s, "tz"))
			c = 's', adv = 2;
		else
			switch (*s) {
			case 'z':
				c = 's';
				break;
			case 'c':
				c = (s[1] == 'e' || s[1] == 'i' || s[1] == 'y')
					    ? 's'
					    : 'k';
				break;
			case 'q':
				c = 'k';
				break;
			case 'w':
				c = 'v';
				break;
			case 'h':
				c = 'g';
				break;
			case 'x':
				if (k == 0 || last != 'k') {
					if (k + 2 < sizeof(buf) &&
					    aln_buf_putc(out, 'k') < 0)
						return ALN_ENOMEM;
					k++;
				}
				c = 's';
				break;
			case 'j':
				if (m == MODE_DE && s[1] != 'i')
					is_vowel = 1;
				else
					c = 'S';
				break;
			default:
				if (vowel(*s))
					is_vowel = 1;
				else if (*s >= 'a' && *s <= 'z')
					c = *s;
			}
		if (is_vowel) {
			if (k == 0) {
				if (aln_buf_putc(out, 'a') < 0)
					return ALN_ENOMEM;
				k++;
				last = 'a';
			}
			/* A vowel separates doubled consonants: Papa. */
			if (last != 'a')
				last = 0;
		} else if (c && c != last) {
			if (aln_buf_putc(out, c) < 0)
				return ALN_ENOMEM;
			k++;
			last = c;
		}
		i += adv;
	}
	return 0;
}

/* Name → Latin letters, for a name in another script. */
static int to_latin(UChar **u, int32_t *n)
{
	aln__script sc = aln__names_script(*u, *n);
	char *s, *t = NULL;
	size_t len;
	int rc;

	if (sc == ALN__SCRIPT_LATIN || sc == ALN__SCRIPT_NONE)
		return 0;
	if ((rc = aln__names_u8(&s, &len, *u, *n)) < 0)
		return rc;
	rc = aln_names_transcribe(&t, s, len, NULL, "en");
	free(s);
	if (rc == ALN_ENOTFOUND) {
		aln_error_clear();
		return aln__names_translit(u, n, "Any-Latin", NULL);
	}
	if (rc < 0)
		return rc;
	free(*u);
	*u = NULL;
	rc = aln__names_u16(u, n, t, strlen(t));
	free(t);
	return rc;
}

int aln_names_key(char **out, const char *name, size_t len, const char *lang)
{
	enum key_mode m = MODE_EN;
	aln_buf b = ALN_BUF_INIT;
	UChar *u = NULL;
	int32_t n;
	char *a = NULL, *f = NULL;
	size_t alen, i;
	int rc;

	*out = NULL;
	if (lang && !strncmp(lang, "fr", 2) && (!lang[2] || lang[2] == '-'))
		m = MODE_FR;
	else if (lang && !strncmp(lang, "de", 2) &&
		 (!lang[2] || lang[2] == '-'))
		m = MODE_DE;
	if ((rc = aln__names_u16(&u, &n, name, len)) < 0)
		return rc;
	if (aln__names_script(u, n) != ALN__SCRIPT_LATIN)
		m = MODE_EN;
	if ((rc = to_latin(&u, &n)) < 0)
		goto done;
	if ((rc = aln__names_translit(&u, &n, "Latin-ASCII", NULL)) < 0)
		goto done;
	if ((rc = aln__names_u8(&a, &alen, u, n)) < 0)
		goto done;
	if ((rc = aln_fold(&f, &alen, a, alen, ALN_FOLD_CASE)) < 0)
		goto done;
	for (i = 0; i < alen;) {
		size_t e = i;

		while (e < alen && f[e] >= 'a' && f[e] <= 'z')
			e++;
		if (e == i) {
			i++;
			continue;
		}
		if (b.len && (rc = aln_buf_putc(&b, ' ')) < 0)
			goto done;
		if ((rc = word_key(&b, f + i, e - i, m)) < 0)
			goto done;
		i = e;
	}
	if (!(*out = aln_buf_detach(&b, NULL)))
		rc = ALN_ENOMEM;
done:
	aln_buf_free(&b);
	free(u);
	free(a);
	free(f);
	return rc;
}
