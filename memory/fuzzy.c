// SPDX-License-Identifier: MIT
/*
 * The fuzzy match score: how much of a stored sentence a translator can
 * reuse for a new one, as the percentage CAT tools show.
 *
 * Both texts are split into tokens: ICU words and numbers, punctuation,
 * and inline tags (`<b>`, `</x>`, `{1}`), which are found before word
 * breaking so that a tag stays one token. A token-level edit distance
 * aligns them. The reasoning follows what OmegaT and Trados document:
 *
 * - a word inserted, deleted or replaced costs its share of the longer
 *   sentence's words (100 / words points), so one word wrong in ten
 *   gives 90;
 * - a difference a translator fixes without thinking costs a few fixed
 *   points instead: case or accents only (ALN_MATCH_PENALTY_CASE), a
 *   number for another (ALN_MATCH_PENALTY_NUMBER), punctuation
 *   (ALN_MATCH_PENALTY_PUNCT), inline tags (ALN_MATCH_PENALTY_TAG);
 * - 100 is reserved for the identical text; any difference, even in
 *   white space only, caps the score at 99.
 *
 * The result is floored and kept in [0, 100].
 */
#include "fuzzy.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define KIND_TAG 16

static uint64_t hash_mem(const char *p, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 1099511628211ULL;
	}
	return h;
}

void aln__fz_free(struct fz_text *t)
{
	free(t->tok);
	memset(t, 0, sizeof(*t));
}

static int push(struct fz_text *t, size_t *cap, size_t start, size_t end,
		int kind)
{
	struct fz_tok *k;

	if (t->n == *cap) {
		size_t nc = *cap ? *cap * 2 : 32;

		if (!(k = aln__reallocarray(t->tok, nc, sizeof(*k))))
			return ALN_ENOMEM;
		t->tok = k;
		*cap = nc;
	}
	k = &t->tok[t->n++];
	k->start = start;
	k->end = end;
	k->kind = kind;
	return 0;
}

/* Length of an inline tag at s, or 0. */
static size_t tag_at(const char *s, size_t len)
{
	size_t i;

	if (s[0] == '<' && len > 2 &&
	    (isalpha((unsigned char)s[1]) || s[1] == '/')) {
		for (i = 1; i < len && i < 256; i++) {
			if (s[i] == '<')
				return 0;
			if (s[i] == '>')
				return i + 1;
		}
		return 0;
	}
	if (s[0] == '{') {
		i = 1;
		if (i < len && s[i] == '/')
			i++;
		if (i >= len || !isdigit((unsigned char)s[i]))
			return 0;
		while (i < len && isdigit((unsigned char)s[i]))
			i++;
		if (i < len && s[i] == '/')
			i++;
		return i < len && s[i] == '}' ? i + 1 : 0;
	}
	return 0;
}

static int tokenize_span(struct fz_text *t, size_t *cap, size_t from, size_t to,
			 const char *lang)
{
	aln_token *tok = NULL;
	size_t n = 0, i;
	int rc;

	if (to <= from)
		return 0;
	if ((rc = aln_tokenize(&tok, &n, t->text + from, to - from, lang)) < 0)
		return rc;
	for (i = 0; i < n && rc == 0; i++)
		rc = push(t, cap, from + tok[i].start, from + tok[i].end,
			  (int)tok[i].kind);
	aln_free(tok);
	return rc;
}

/*
 * Latin-1 letters U+00C0..U+00FF without case and accents: "" keeps the
 * character (×, ÷). Most Western European text folds through this table
 * without calling ICU.
 */
static const char *const latin1_fold[64] = {
	"a", "a", "a", "a", "a",  "a",	"ae", "c", "e", "e", "e",  "e", "i",
	"i", "i", "i", "d", "n",  "o",	"o",  "o", "o", "o", "",   "o", "u",
	"u", "u", "u", "y", "th", "ss", "a",  "a", "a", "a", "a",  "a", "ae",
	"c", "e", "e", "e", "e",  "i",	"i",  "i", "i", "d", "n",  "o", "o",
	"o", "o", "o", "",  "o",  "u",	"u",  "u", "u", "y", "th", "y",
};

/* The folded key of a word: case and accents removed. */
static int fold_key(uint64_t *out, const char *s, size_t len)
{
	char small[128];
	char *f = NULL;
	size_t flen, i, n = 0;
	int rc;

	for (i = 0; i < len && n + 3 < sizeof(small); i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x80) {
			small[n++] = (char)tolower(c);
			continue;
		}
		if ((c == 0xc3) && i + 1 < len &&
		    ((unsigned char)s[i + 1] & 0xc0) == 0x80) {
			unsigned cp = 0xc0 + ((unsigned char)s[i + 1] & 0x3f);
			const char *r = latin1_fold[cp - 0xc0];

			if (!*r) {
				small[n++] = s[i];
				small[n++] = s[i + 1];
			} else {
				while (*r)
					small[n++] = *r++;
			}
			i++;
			continue;
		}
		break;
	}
	if (i == len) {
		*out = hash_mem(small, n);
		return 0;
	}
	if ((rc = aln_fold(&f, &flen, s, len,
			   ALN_FOLD_CASE | ALN_FOLD_ACCENTS)) < 0)
		return rc;
	*out = hash_mem(f, flen);
	aln_free(f);
	return 0;
}

int aln__fz_prepare(struct fz_text *t, const char *text, size_t len,
		    const char *lang)
{
	size_t cap = 0, i, from = 0, tl;
	int rc = 0;

	memset(t, 0, sizeof(*t));
	t->text = text;
	t->len = len;
	for (i = 0; i < len; i++) {
		if ((text[i] != '<' && text[i] != '{') ||
		    !(tl = tag_at(text + i, len - i)))
			continue;
		if ((rc = tokenize_span(t, &cap, from, i, lang)) < 0 ||
		    (rc = push(t, &cap, i, i + tl, KIND_TAG)) < 0)
			goto fail;
		i += tl - 1;
		from = i + 1;
	}
	if ((rc = tokenize_span(t, &cap, from, len, lang)) < 0)
		goto fail;
	for (i = 0; i < t->n; i++) {
		struct fz_tok *k = &t->tok[i];

		k->raw = hash_mem(text + k->start, k->end - k->start);
		k->fold = k->raw;
		if (k->kind == ALN_TOKEN_WORD || k->kind == ALN_TOKEN_IDEO) {
			if ((rc = fold_key(&k->fold, text + k->start,
					   k->end - k->start)) < 0)
				goto fail;
		}
		if (k->kind == ALN_TOKEN_WORD || k->kind == ALN_TOKEN_NUMBER ||
		    k->kind == ALN_TOKEN_IDEO)
			t->words++;
	}
	return 0;
fail:
	aln__fz_free(t);
	return rc;
}

static bool is_word(const struct fz_tok *k)
{
	return k->kind == ALN_TOKEN_WORD || k->kind == ALN_TOKEN_NUMBER ||
	       k->kind == ALN_TOKEN_IDEO;
}

/* Cost (in points * 100, to stay integral) of one insertion/deletion. */
static long indel(const struct fz_tok *k, long unit)
{
	if (is_word(k))
		return unit;
	return (k->kind == KIND_TAG ? ALN_MATCH_PENALTY_TAG
				    : ALN_MATCH_PENALTY_PUNCT) *
	       100L;
}

/*
 * Cost of putting b in a's place, and the diff op it is; -1 when the two
 * cannot stand for each other (a word for a punctuation mark).
 */
static long subst(const struct fz_tok *a, const struct fz_tok *b, long unit,
		  int *op)
{
	*op = ALN_DIFF_CHANGE;
	if (a->raw == b->raw && a->kind == b->kind) {
		*op = ALN_DIFF_SAME;
		return 0;
	}
	if (a->kind == KIND_TAG || b->kind == KIND_TAG)
		return a->kind == b->kind ? ALN_MATCH_PENALTY_TAG * 100L : -1;
	if (a->kind == ALN_TOKEN_PUNCT || b->kind == ALN_TOKEN_PUNCT)
		return a->kind == b->kind ? ALN_MATCH_PENALTY_PUNCT * 100L : -1;
	if (a->kind == ALN_TOKEN_NUMBER && b->kind == ALN_TOKEN_NUMBER)
		return ALN_MATCH_PENALTY_NUMBER * 100L;
	if (a->fold == b->fold)
		return ALN_MATCH_PENALTY_CASE * 100L;
	/* A different word: a replacement, shown as delete + insert. */
	*op = -1;
	return unit;
}

int aln__fz_score(int *score, const struct fz_text *a, const struct fz_text *b,
		  int min, struct fz_op **ops, size_t *nops)
{
	size_t n = a->n, m = b->n, i, j, w;
	long unit, *d = NULL, best;
	long wmax = (long)(a->words > b->words ? a->words : b->words);
	long wdiff = (long)(a->words > b->words ? a->words - b->words
						: b->words - a->words);
	int op;

	if (ops) {
		*ops = NULL;
		*nops = 0;
	}
	if (a->len == b->len && !memcmp(a->text, b->text, a->len)) {
		*score = 100;
		if (!ops)
			return 0;
	} else {
		*score = -1;
	}
	if (wmax == 0)
		wmax = 1;
	/* Cost of one word edit, in hundredths of points. */
	unit = 10000L / wmax;
	/* Words that must be inserted or deleted bound the score. */
	if (*score < 0 && 100 - (wdiff * unit) / 100 < min) {
		*score = 0;
		return 0;
	}
	w = m + 1;
	if (!(d = aln__calloc((n + 1) * w, sizeof(*d))))
		return ALN_ENOMEM;
	for (j = 1; j <= m; j++)
		d[j] = d[j - 1] + indel(&b->tok[j - 1], unit);
	for (i = 1; i <= n; i++) {
		d[i * w] = d[(i - 1) * w] + indel(&a->tok[i - 1], unit);
		for (j = 1; j <= m; j++) {
			long c = d[(i - 1) * w + j] +
				 indel(&a->tok[i - 1], unit);
			long c2 =
				d[i * w + j - 1] + indel(&b->tok[j - 1], unit);
			long s = subst(&a->tok[i - 1], &b->tok[j - 1], unit,
				       &op);

			if (c2 < c)
				c = c2;
			if (s >= 0 && d[(i - 1) * w + j - 1] + s < c)
				c = d[(i - 1) * w + j - 1] + s;
			d[i * w + j] = c;
		}
	}
	best = d[n * w + m];
	if (*score < 0) {
		long sc = (10000L - best) / 100;

		if (sc > 99)
			sc = 99;
		if (sc < 0)
			sc = 0;
		*score = (int)sc;
	}
	if (ops) {
		struct fz_op *o = aln__calloc(2 * (n + m) + 1, sizeof(*o));
		size_t k = 0;

		if (!o) {
			free(d);
			return ALN_ENOMEM;
		}
		i = n;
		j = m;
		while (i > 0 || j > 0) {
			long here = d[i * w + j], s;

			if (i > 0 && j > 0) {
				s = subst(&a->tok[i - 1], &b->tok[j - 1], unit,
					  &op);
				if (s >= 0 &&
				    d[(i - 1) * w + j - 1] + s == here) {
					if (op < 0) {
						/* Reversed below: delete first. */
						o[k++] = (struct fz_op){
							ALN_DIFF_INSERT, i - 1,
							j - 1
						};
						op = ALN_DIFF_DELETE;
					}
					o[k++] = (struct fz_op){ op, i - 1,
								 j - 1 };
					i--;
					j--;
					continue;
				}
			}
			if (i > 0 &&
			    d[(i - 1) * w + j] + indel(&a->tok[i - 1], unit) ==
				    here) {
				o[k++] = (struct fz_op){ ALN_DIFF_DELETE, i - 1,
							 0 };
				i--;
				continue;
			}
			o[k++] = (struct fz_op){ ALN_DIFF_INSERT, 0, j - 1 };
			j--;
		}
		/* Reverse into reading order. */
		for (i = 0; i < k / 2; i++) {
			struct fz_op t = o[i];

			o[i] = o[k - 1 - i];
			o[k - 1 - i] = t;
		}
		*ops = o;
		*nops = k;
	}
	free(d);
	return 0;
}

int aln_match_score(int *score, const char *a, const char *b, const char *lang)
{
	struct fz_text ta, tb;
	int rc;

	if (!score || !a || !b)
		return aln__error(ALN_EINVAL, "%s", _("nothing to score"));
	if ((rc = aln__fz_prepare(&ta, a, strlen(a), lang)) < 0)
		return rc;
	if ((rc = aln__fz_prepare(&tb, b, strlen(b), lang)) < 0) {
		aln__fz_free(&ta);
		return rc;
	}
	rc = aln__fz_score(score, &ta, &tb, 0, NULL, NULL);
	aln__fz_free(&ta);
	aln__fz_free(&tb);
	return rc;
}

aln_band aln_band_of(int score)
{
	if (score >= 100)
		return ALN_BAND_100;
	if (score >= 95)
		return ALN_BAND_95;
	if (score >= 85)
		return ALN_BAND_85;
	if (score >= 75)
		return ALN_BAND_75;
	if (score >= 50)
		return ALN_BAND_50;
	return ALN_BAND_NONE;
}

const char *aln_band_name(aln_band band)
{
	static const char *const names[ALN_BAND_COUNT] = {
		"100",	 "95-99", "85-94",	 "75-84",
		"50-74", "none",  "repetitions",
	};

	return band < ALN_BAND_COUNT ? names[band] : "?";
}
