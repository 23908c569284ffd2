// SPDX-License-Identifier: MIT
/*
 * The aligner's view of one language version: each sentence becomes a
 * length (non-space code points, so that one ideograph weighs what one
 * letter does and the per-pair ratio absorbs the difference) and a list
 * of tokens; each distinct token becomes a type with the keys that let
 * it meet its translation: its folded form, its first four letters
 * (cognates), its stem (where dictionaries point), numbers by their
 * digits, punctuation that survives translation (? ! : ; ( quotes), and
 * words in other scripts transliterated to Latin through ICU. The
 * tokeniser here is a deliberately simple one over Unicode properties:
 * the aligner needs speed and stable keys, not linguistic words.
 */
#include "align-int.h"

#include <libstemmer.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>
#include <unicode/utrans.h>

uint64_t aln__hash(char ns, const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	h ^= (unsigned char)ns;
	h *= 1099511628211ULL;
	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h ? h : 1;
}

static uint32_t key32(char ns, const char *s, size_t len)
{
	uint64_t h = aln__hash(ns, s, len);
	uint32_t k = (uint32_t)(h ^ (h >> 32));

	return k ? k : 1;
}

uint32_t aln__name_key2(const char *a, const char *b)
{
	uint64_t h = aln__hash('Y', a, strlen(a));
	uint32_t k;

	/* FNV-1a goes on over b as if a and b were one string. */
	for (; *b; b++) {
		h ^= (unsigned char)*b;
		h *= 1099511628211ULL;
	}
	h = h ? h : 1;
	k = (uint32_t)(h ^ (h >> 32));
	return k ? k : 1;
}

/* Spreads keys whose low bits are alike (packed pairs of small ids). */
static inline size_t slot_of(uint64_t key, size_t cap)
{
	key ^= key >> 33;
	key *= 0xff51afd7ed558ccdULL;
	key ^= key >> 33;
	return (size_t)key & (cap - 1);
}

uint32_t *aln__hmap_get(const aln_hmap *m, uint64_t key)
{
	size_t i;

	if (!m->cap)
		return NULL;
	for (i = slot_of(key, m->cap); m->keys[i]; i = (i + 1) & (m->cap - 1))
		if (m->keys[i] == key)
			return &m->vals[i];
	return NULL;
}

static int hmap_grow(aln_hmap *m)
{
	size_t cap = m->cap ? m->cap * 2 : 64, i, j;
	uint64_t *keys = aln__calloc(cap, sizeof(*keys));
	uint32_t *vals = aln__calloc(cap, sizeof(*vals));

	if (!keys || !vals) {
		free(keys);
		free(vals);
		return ALN_ENOMEM;
	}
	for (i = 0; i < m->cap; i++) {
		if (!m->keys[i])
			continue;
		for (j = slot_of(m->keys[i], cap); keys[j];
		     j = (j + 1) & (cap - 1))
			;
		keys[j] = m->keys[i];
		vals[j] = m->vals[i];
	}
	free(m->keys);
	free(m->vals);
	m->keys = keys;
	m->vals = vals;
	m->cap = cap;
	return 0;
}

uint32_t *aln__hmap_put(aln_hmap *m, uint64_t key, uint32_t init, bool *added)
{
	size_t i;

	if ((m->n + 1) * 2 > m->cap && hmap_grow(m) < 0)
		return NULL;
	for (i = slot_of(key, m->cap); m->keys[i]; i = (i + 1) & (m->cap - 1))
		if (m->keys[i] == key) {
			if (added)
				*added = false;
			return &m->vals[i];
		}
	m->keys[i] = key;
	m->vals[i] = init;
	m->n++;
	if (added)
		*added = true;
	return &m->vals[i];
}

void aln__hmap_free(aln_hmap *m)
{
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}

/* Punctuation that survives translation, mapped to one ASCII mark. */
static char punct_mark(UChar32 c)
{
	switch (c) {
	case '?':
	case 0xFF1F:
	case 0x00BF:
		return '?';
	case '!':
	case 0xFF01:
	case 0x00A1:
		return '!';
	case ':':
	case 0xFF1A:
		return ':';
	case ';':
	case 0xFF1B:
		return ';';
	case '(':
	case 0xFF08:
		return '(';
	case '"':
	case 0x00AB:
	case 0x201C:
	case 0x201E:
	case 0x300C:
	case 0x300E:
		return '"';
	default:
		return 0;
	}
}

static bool is_ideo(UChar32 c)
{
	UErrorCode st = U_ZERO_ERROR;
	UScriptCode sc;

	if (u_hasBinaryProperty(c, UCHAR_IDEOGRAPHIC))
		return true;
	sc = uscript_getScript(c, &st);
	return sc == USCRIPT_HIRAGANA || sc == USCRIPT_KATAKANA ||
	       sc == USCRIPT_HANGUL || sc == USCRIPT_THAI;
}

static bool is_word_char(UChar32 c)
{
	return u_isalpha(c) || u_charType(c) == U_NON_SPACING_MARK ||
	       u_charType(c) == U_COMBINING_SPACING_MARK;
}

typedef struct analyser {
	struct sb_stemmer *stemmer;
	bool pinyin;	 /* a Chinese text: Han n-grams get pinyin keys */
	int32_t han_end; /* the end of the Han run already keyed */
	UTransliterator *translit;
	bool translit_failed;
	UChar *ubuf;
	size_t ucap;
} analyser;

/* Case-folds, optionally strips accents; returns an owned string. */
static char *fold(const char *s, size_t len, unsigned int flags, size_t *olen)
{
	char *out;
	size_t i;

	/* ASCII, the common case, needs no ICU. */
	for (i = 0; i < len && !((unsigned char)s[i] & 0x80); i++)
		;
	if (i == len) {
		out = aln__malloc(len + 1);
		if (!out)
			return NULL;
		for (i = 0; i < len; i++)
			out[i] = (char)((s[i] >= 'A' && s[i] <= 'Z') ? s[i] + 32
								     : s[i]);
		out[len] = '\0';
		*olen = len;
		return out;
	}

	if (aln_fold(&out, olen, s, len, flags) < 0)
		return NULL;
	return out;
}

static bool needs_translit(const char *s, size_t len)
{
	int32_t i = 0;
	UChar32 c;

	while (i < (int32_t)len) {
		UErrorCode st = U_ZERO_ERROR;
		UScriptCode sc;

		U8_NEXT(s, i, (int32_t)len, c);
		if (c < 0)
			return false;
		sc = uscript_getScript(c, &st);
		if (sc != USCRIPT_LATIN && sc != USCRIPT_COMMON &&
		    sc != USCRIPT_INHERITED)
			return true;
	}
	return false;
}

/*
 * Latin-ASCII transliteration of a word in another script, or NULL when
 * ICU has no transliterator (the word then keeps its own form).
 */
static char *translit(analyser *an, const char *s, size_t len)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t ulen, limit, cap;
	char *out;
	int32_t olen;

	if (an->translit_failed)
		return NULL;
	if (!an->translit) {
		UChar id[64];

		u_uastrcpy(id, "Any-Latin; Latin-ASCII");
		an->translit = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0,
					    NULL, &st);
		if (U_FAILURE(st)) {
			an->translit = NULL;
			an->translit_failed = true;
			return NULL;
		}
	}
	cap = (int32_t)len * 4 + 16;
	if ((size_t)cap > an->ucap) {
		UChar *p =
			aln__reallocarray(an->ubuf, (size_t)cap, sizeof(UChar));

		if (!p)
			return NULL;
		an->ubuf = p;
		an->ucap = (size_t)cap;
	}
	u_strFromUTF8(an->ubuf, cap, &ulen, s, (int32_t)len, &st);
	if (U_FAILURE(st))
		return NULL;
	limit = ulen;
	utrans_transUChars(an->translit, an->ubuf, &ulen, cap, 0, &limit, &st);
	if (U_FAILURE(st))
		return NULL;
	out = aln__malloc((size_t)ulen * 3 + 1);
	if (!out)
		return NULL;
	u_strToUTF8(out, ulen * 3 + 1, &olen, an->ubuf, ulen, &st);
	if (U_FAILURE(st)) {
		free(out);
		return NULL;
	}
	return out;
}

static uint32_t count_cp(const char *s, size_t len)
{
	uint32_t n = 0;
	size_t i;

	for (i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

/* Byte length of the first n code points of s. */
static size_t prefix_bytes(const char *s, size_t len, uint32_t n)
{
	size_t i = 0;

	while (i < len && n) {
		i++;
		while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
		n--;
	}
	return i;
}

int aln__stem_key(struct sb_stemmer *stemmer, const char *low, size_t len,
		  uint32_t *key, uint64_t *hash)
{
	const char *stem = low;
	size_t slen = len;
	char *sf;

	if (stemmer) {
		const sb_symbol *r = sb_stemmer_stem(
			stemmer, (const sb_symbol *)low, (int)len);

		if (r) {
			stem = (const char *)r;
			slen = (size_t)sb_stemmer_length(stemmer);
		}
	}
	sf = fold(stem, slen, ALN_FOLD_CASE | ALN_FOLD_ACCENTS, &slen);
	if (!sf)
		return ALN_ENOMEM;
	if (hash)
		*hash = aln__hash('S', sf, slen);
	if (key)
		*key = key32('D', sf, slen);
	free(sf);
	return 0;
}

/* Fills a new type's keys from its raw text. */
static int type_init(aln_type *t, analyser *an, const char *s, size_t len,
		     uint8_t kind)
{
	size_t flen;
	char *low = NULL;

	t->kind = kind;
	if (kind == ALN_TOKEN_PUNCT) {
		t->form = aln__strndup(s, len);
		if (!t->form)
			return ALN_ENOMEM;
		t->ncp = 1;
		t->key_exact = key32('U', s, len);
		t->key_stem = t->key_exact;
		return 0;
	}
	if (kind == ALN_TOKEN_NUMBER) {
		char digits[64];
		size_t i, n = 0;

		for (i = 0; i < len && n < sizeof(digits); i++)
			if (s[i] >= '0' && s[i] <= '9')
				digits[n++] = s[i];
		t->form = aln__strndup(digits, n);
		if (!t->form)
			return ALN_ENOMEM;
		t->ncp = (uint32_t)n;
		t->key_exact = key32('N', digits, n);
		t->key_stem = t->key_exact;
		return 0;
	}
	if (kind == ALN__TOKEN_HAN) {
		char *tr = translit(an, s, len), *p, *q;

		/* Pinyin letters only: "shang hai" → "shanghai". */
		for (p = q = tr; p && *p; p++)
			if ((*p >= 'a' && *p <= 'z') ||
			    (*p >= 'A' && *p <= 'Z'))
				*q++ = (char)(*p | 0x20);
		if (q)
			*q = '\0';
		t->form = tr ? tr : aln__strndup(s, len);
		if (!t->form)
			return ALN_ENOMEM;
		if (tr && q - tr >= 2)
			t->key_exact = key32('Y', tr, (size_t)(q - tr));
		else
			t->key_exact = key32('H', s, len);
		t->key_stem = t->key_exact;
		return 0;
	}
	/* Words: the stem is taken on the case-folded form, accents kept. */
	low = fold(s, len, ALN_FOLD_CASE, &flen);
	if (!low)
		return ALN_ENOMEM;
	if (aln__stem_key(an->stemmer, low, flen, &t->key_stem, &t->stem_hash) <
	    0) {
		free(low);
		return ALN_ENOMEM;
	}
	if (needs_translit(low, flen)) {
		char *tr = translit(an, low, flen);

		if (tr) {
			t->form = fold(tr, strlen(tr),
				       ALN_FOLD_CASE | ALN_FOLD_ACCENTS, &flen);
			free(tr);
		}
	}
	if (!t->form)
		t->form = fold(low, flen, ALN_FOLD_CASE | ALN_FOLD_ACCENTS,
			       &flen);
	free(low);
	if (!t->form)
		return ALN_ENOMEM;
	t->ncp = count_cp(t->form, flen);
	t->key_exact = key32('E', t->form, flen);
	{
		/* A capitalised ASCII word may be a name: see aln_type. */
		size_t i;

		for (i = 0; i < flen && t->form[i] >= 'a' && t->form[i] <= 'z';
		     i++)
			;
		if (i == flen && flen >= 2 && s[0] >= 'A' && s[0] <= 'Z')
			t->key_name = key32('Y', t->form, flen);
	}
	if (t->ncp >= 4)
		t->key_pref =
			key32('P', t->form, prefix_bytes(t->form, flen, 4));
	return 0;
}

const char *aln__base_lang(const char *lang)
{
	static _Thread_local char base[16];
	size_t i;

	for (i = 0; lang[i] && lang[i] != '-' && i + 1 < sizeof(base); i++)
		base[i] = lang[i];
	base[i] = '\0';
	return base;
}

/* Adds one token occurrence; grows the words array. */
static int add_token(aln_doc *doc, analyser *an, size_t *cap, size_t *nw,
		     const char *s, size_t len, uint8_t kind)
{
	uint64_t h = aln__hash((char)kind, s, len);
	bool added;
	uint32_t *slot = aln__hmap_put(&doc->vocab, h, 0, &added);
	int rc;

	if (!slot)
		return ALN_ENOMEM;
	if (added) {
		if (doc->ntypes == doc->types_cap) {
			size_t c = doc->types_cap ? doc->types_cap * 2 : 256;
			aln_type *p =
				aln__reallocarray(doc->types, c, sizeof(*p));

			if (!p)
				return ALN_ENOMEM;
			doc->types = p;
			doc->types_cap = c;
		}
		memset(&doc->types[doc->ntypes], 0, sizeof(aln_type));
		rc = type_init(&doc->types[doc->ntypes], an, s, len, kind);
		doc->ntypes++;
		if (rc < 0)
			return rc;
		*slot = (uint32_t)doc->ntypes;
	}
	if (*nw == *cap) {
		size_t c = *cap ? *cap * 2 : 1024;
		uint32_t *p = aln__reallocarray(doc->words, c, sizeof(*p));

		if (!p)
			return ALN_ENOMEM;
		doc->words = p;
		*cap = c;
	}
	doc->words[(*nw)++] = *slot - 1;
	return 0;
}

static bool is_han(UChar32 c)
{
	UErrorCode st = U_ZERO_ERROR;

	return c >= 0 && uscript_getScript(c, &st) == USCRIPT_HAN;
}

/*
 * The two- and three-character n-grams of the Han run at s[start..n),
 * as ALN__TOKEN_HAN tokens; records the run's end in an->han_end.
 */
static int han_ngrams(aln_doc *doc, analyser *an, size_t *cap, size_t *nw,
		      const char *s, int32_t start, int32_t n)
{
	enum { RUN = 64 };
	int32_t off[RUN + 1], i = start, k = 0, a, b;
	UChar32 c;
	int rc;

	off[0] = start;
	while (i < n && k < RUN) {
		int32_t j = i;

		U8_NEXT(s, j, n, c);
		if (!is_han(c))
			break;
		i = j;
		off[++k] = i;
	}
	an->han_end = k ? i : start + 1;
	for (a = 0; a < k; a++)
		for (b = a + 2; b <= k && b <= a + 3; b++) {
			rc = add_token(doc, an, cap, nw, s + off[a],
				       (size_t)(off[b] - off[a]),
				       ALN__TOKEN_HAN);
			if (rc < 0)
				return rc;
		}
	doc->has_han |= k > 0;
	return 0;
}

/* Tokenises one sentence into doc->words and sets its length. */
static int tokenise(aln_doc *doc, analyser *an, size_t *cap, size_t *nw,
		    const char *s, size_t len, size_t si, size_t ti)
{
	int32_t i = 0, n = (int32_t)len;
	float units = 0;
	int rc;

	an->han_end = 0;

	if (len > INT32_MAX)
		return aln__error(ALN_ELIMIT,
				  _("sentence %zu of text %zu is "
				    "too long"),
				  si + 1, ti + 1);
	while (i < n) {
		int32_t start = i;
		UChar32 c;

		U8_NEXT(s, i, n, c);
		if (c < 0) {
			aln__error(ALN_EENCODING,
				   _("invalid UTF-8 in sentence %zu of text "
				     "%zu"),
				   si + 1, ti + 1);
			aln__error_at(NULL, 0, 0, (long long)start);
			return ALN_EENCODING;
		}
		if (u_isUWhiteSpace(c))
			continue;
		units += 1;
		if (u_isdigit(c)) {
			int32_t end = i;

			while (i < n) {
				int32_t j = i;
				UChar32 d;

				U8_NEXT(s, j, n, d);
				if (d >= 0 && u_isdigit(d)) {
					i = end = j;
					units += 1;
					continue;
				}
				if ((d == '.' || d == ',' || d == ':' ||
				     d == '/') &&
				    j < n) {
					int32_t k = j;
					UChar32 e;

					U8_NEXT(s, k, n, e);
					if (e >= 0 && u_isdigit(e)) {
						i = end = k;
						units += 2;
						continue;
					}
				}
				break;
			}
			rc = add_token(doc, an, cap, nw, s + start,
				       (size_t)(end - start), ALN_TOKEN_NUMBER);
			if (rc < 0)
				return rc;
		} else if (is_ideo(c)) {
			/* Ideographs count for length; Han runs of a Chinese
			 * text also give their n-grams (once per run). */
			if (an->pinyin && start >= an->han_end) {
				rc = han_ngrams(doc, an, cap, nw, s, start, n);
				if (rc < 0)
					return rc;
			}
		} else if (is_word_char(c)) {
			int32_t end = i;

			while (i < n) {
				int32_t j = i;
				UChar32 d;

				U8_NEXT(s, j, n, d);
				if (d < 0 || !is_word_char(d) || is_ideo(d))
					break;
				i = end = j;
				units += 1;
			}
			rc = add_token(doc, an, cap, nw, s + start,
				       (size_t)(end - start), ALN_TOKEN_WORD);
			if (rc < 0)
				return rc;
		} else {
			char m = punct_mark(c);

			if (m) {
				rc = add_token(doc, an, cap, nw, &m, 1,
					       ALN_TOKEN_PUNCT);
				if (rc < 0)
					return rc;
			}
		}
	}
	doc->len[si] = units;
	return 0;
}

int aln__doc_init(aln_doc *doc, const aln_align_text *text, size_t index)
{
	analyser an = { 0 };
	size_t cap = 0, nw = 0, i;
	uint32_t *seen = NULL;
	int rc = ALN_ENOMEM;

	memset(doc, 0, sizeof(*doc));
	if (text->lang &&
	    aln_lang_canonical(doc->lang, sizeof(doc->lang), text->lang) < 0)
		return ALN_EINVAL;
	doc->nsent = text->count;
	doc->len = aln__calloc(text->count + 1, sizeof(float));
	doc->woff = aln__calloc(text->count + 1, sizeof(uint32_t));
	doc->para_start = aln__calloc(text->count + 1, 1);
	if (!doc->len || !doc->woff || !doc->para_start)
		return ALN_ENOMEM;
	if (doc->lang[0])
		an.stemmer = sb_stemmer_new(aln__base_lang(doc->lang), "UTF_8");
	an.pinyin = !strcmp(aln__base_lang(doc->lang), "zh");
	for (i = 0; i < text->count; i++) {
		const aln_align_sentence *s = &text->sentences[i];

		if (!s->text && s->len) {
			rc = aln__error(ALN_EINVAL,
					_("sentence %zu of text %zu has no "
					  "text"),
					i + 1, index + 1);
			goto out;
		}
		doc->woff[i] = (uint32_t)nw;
		doc->para_start[i] =
			i == 0 ||
			s->paragraph != text->sentences[i - 1].paragraph;
		if (i > 0 && doc->para_start[i])
			doc->has_paragraphs = true;
		rc = tokenise(doc, &an, &cap, &nw, s->text ? s->text : "",
			      s->len, i, index);
		if (rc < 0)
			goto out;
	}
	doc->woff[text->count] = (uint32_t)nw;
	/* Document frequencies and weights. */
	seen = aln__calloc(doc->ntypes + 1, sizeof(*seen));
	if (!seen && doc->ntypes) {
		rc = ALN_ENOMEM;
		goto out;
	}
	for (i = 0; i < text->count; i++) {
		uint32_t k;

		for (k = doc->woff[i]; k < doc->woff[i + 1]; k++) {
			uint32_t t = doc->words[k];

			if (seen[t] != i + 1) {
				seen[t] = (uint32_t)i + 1;
				doc->types[t].df++;
			}
		}
	}
	for (i = 0; i < doc->ntypes; i++) {
		aln_type *t = &doc->types[i];
		double w = log((double)(text->count + 1) / (double)t->df);

		if (w < 0.1)
			w = 0.1;
		if (t->kind == ALN_TOKEN_PUNCT)
			w *= 0.5;
		t->weight = t->kind == ALN__TOKEN_HAN ? 0 : (float)w;
		/* Written in lower case too: a word, not a name. */
		if (t->key_name &&
		    aln__hmap_get(&doc->vocab,
				  aln__hash((char)ALN_TOKEN_WORD, t->form,
					    strlen(t->form))))
			t->key_name = 0;
	}
	rc = 0;
out:
	free(seen);
	if (an.stemmer)
		sb_stemmer_delete(an.stemmer);
	if (an.translit)
		utrans_close(an.translit);
	free(an.ubuf);
	return rc;
}

void aln__doc_free(aln_doc *doc)
{
	size_t i;

	if (!doc)
		return;
	for (i = 0; i < doc->ntypes; i++)
		free(doc->types[i].form);
	free(doc->types);
	free(doc->len);
	free(doc->woff);
	free(doc->words);
	free(doc->para_start);
	aln__hmap_free(&doc->vocab);
	memset(doc, 0, sizeof(*doc));
}
