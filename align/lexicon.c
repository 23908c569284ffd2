// SPDX-License-Identifier: MIT
/*
 * The bilingual lexicon of one alignment: for each word type of the
 * source version, the dictionary keys (stems) of its likely translations
 * in the target language. Sources: the FreeDict dictionaries Debian
 * installs under /usr/share/dictd (dict-freedict-SRC-TGT: the forward
 * dictionary, read only for the headwords the document uses, and the
 * reverse one TGT-SRC, read whole when it is small), and the word pairs
 * the caller passes (what a memory has learned). Dictionaries are dictd
 * files: an index of "headword TAB offset TAB length" in base 64 and a
 * dictzip'd body, read here through zlib; an entry's first line is the
 * headword, the next non-empty line the first translations. Missing or
 * unreadable dictionaries are skipped silently: they only add evidence.
 */
#include "align-int.h"

#include <libstemmer.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

/* ISO 639-1 to the 639-3 codes FreeDict names its files with. */
static const char *const iso3[][2] = {
	{ "af", "afr" }, { "ar", "ara" }, { "bg", "bul" }, { "br", "bre" },
	{ "ca", "cat" }, { "cs", "ces" }, { "cy", "cym" }, { "da", "dan" },
	{ "de", "deu" }, { "el", "ell" }, { "en", "eng" }, { "eo", "epo" },
	{ "es", "spa" }, { "fi", "fin" }, { "fr", "fra" }, { "ga", "gle" },
	{ "hi", "hin" }, { "hr", "hrv" }, { "hu", "hun" }, { "id", "ind" },
	{ "is", "isl" }, { "it", "ita" }, { "ja", "jpn" }, { "la", "lat" },
	{ "lt", "lit" }, { "nb", "nor" }, { "nl", "nld" }, { "no", "nor" },
	{ "pl", "pol" }, { "pt", "por" }, { "ru", "rus" }, { "sk", "slk" },
	{ "sl", "slv" }, { "sr", "srp" }, { "sv", "swe" }, { "sw", "swh" },
	{ "tr", "tur" },
};

static const char *to_iso3(const char *base)
{
	size_t i;

	for (i = 0; i < ALN_ARRAY_SIZE(iso3); i++)
		if (!strcmp(iso3[i][0], base))
			return iso3[i][1];
	return strlen(base) == 3 ? base : NULL;
}

static const char *dict_dir_of(const char *dir)
{
	const char *env;

	if (dir)
		return dir;
	env = getenv("ALINEA_DICTDIR");
	return env && *env ? env : "/usr/share/dictd";
}

static int b64(const char *s, size_t len, unsigned long *out)
{
	static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrs"
				"tuvwxyz0123456789+/";
	unsigned long v = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		const char *p = memchr(a, s[i], 64);

		if (!p || s[i] == '\0')
			return -1;
		v = v * 64 + (unsigned long)(p - a);
	}
	*out = v;
	return 0;
}

typedef struct entry {
	unsigned long off, len;
	uint64_t stem_hash; /* forward: the source stem of the headword */
	uint32_t key;	    /* reverse: the target key of the headword */
} entry;

typedef struct lexctx {
	aln_doc *src;
	aln_hmap stems; /* source stem hash → first type + 1 */
	uint32_t *next; /* next type with the same stem, + 1 */
	struct sb_stemmer *st_src, *st_tgt;
} lexctx;

static void add_trans(lexctx *c, uint64_t stem_hash, uint32_t key)
{
	uint32_t *slot = aln__hmap_get(&c->stems, stem_hash);
	uint32_t t;

	for (t = slot ? *slot : 0; t; t = c->next[t - 1]) {
		aln_type *ty = &c->src->types[t - 1];
		uint32_t k;

		for (k = 0; k < ty->ntrans; k++)
			if (ty->trans[k] == key)
				break;
		if (k == ty->ntrans && ty->ntrans < ALN_ARRAY_SIZE(ty->trans))
			ty->trans[ty->ntrans++] = key;
	}
}

/* Case-folds and stems one word; 0 on success. */
static int word_key(struct sb_stemmer *st, const char *w, size_t len,
		    uint32_t *key, uint64_t *hash)
{
	char *low;
	size_t llen;
	int rc;

	if (aln_fold(&low, &llen, w, len, ALN_FOLD_CASE) < 0)
		return -1;
	rc = aln__stem_key(st, low, llen, key, hash);
	free(low);
	return rc;
}

/*
 * Calls fn on the longest word of each of the first three alternatives
 * of a translation line ("[geo.] mountain <n>, peak; summit").
 */
static void each_translation(const char *line, size_t len,
			     void (*fn)(void *, const char *, size_t),
			     void *data)
{
	size_t i = 0;
	int alt = 0;

	while (i < len && alt < 3) {
		size_t best = 0, bestlen = 0;
		int depth = 0;

		for (; i < len && line[i] != ',' && line[i] != ';'; i++) {
			size_t j;

			if (line[i] == '[' || line[i] == '<' ||
			    line[i] == '(' || line[i] == '{') {
				depth++;
				continue;
			}
			if (line[i] == ']' || line[i] == '>' ||
			    line[i] == ')' || line[i] == '}') {
				depth--;
				continue;
			}
			if (depth > 0 || line[i] == ' ' || line[i] == '.' ||
			    line[i] == '"' || line[i] == '\'')
				continue;
			for (j = i;
			     j < len && line[j] != ' ' && line[j] != ',' &&
			     line[j] != ';' && line[j] != '<' &&
			     line[j] != '[' && line[j] != '(' && line[j] != '.';
			     j++)
				;
			if (j - i > bestlen) {
				best = i;
				bestlen = j - i;
			}
			i = j - 1;
		}
		if (bestlen)
			fn(data, line + best, bestlen);
		alt++;
		i++;
	}
}

/* The translation line of an entry: the first non-empty after the head. */
static const char *translation_line(const char *e, size_t len, size_t *tlen)
{
	const char *p = memchr(e, '\n', len), *end = e + len;

	while (p && p < end) {
		const char *q;

		p++;
		q = memchr(p, '\n', (size_t)(end - p));
		if (!q)
			q = end;
		while (p < q && (*p == ' ' || *p == '\t'))
			p++;
		if (q > p) {
			*tlen = (size_t)(q - p);
			return p;
		}
		p = q;
	}
	return NULL;
}

struct fwd_data {
	lexctx *c;
	uint64_t stem_hash;
};

static void fwd_cb(void *data, const char *w, size_t len)
{
	struct fwd_data *d = data;
	uint32_t key;

	if (word_key(d->c->st_tgt, w, len, &key, NULL) == 0)
		add_trans(d->c, d->stem_hash, key);
}

struct rev_data {
	lexctx *c;
	uint32_t key;
};

static void rev_cb(void *data, const char *w, size_t len)
{
	struct rev_data *d = data;
	uint64_t h;

	if (word_key(d->c->st_src, w, len, NULL, &h) == 0)
		add_trans(d->c, h, d->key);
}

static int cmp_entry(const void *a, const void *b)
{
	const entry *x = a, *y = b;

	return x->off < y->off ? -1 : x->off > y->off;
}

/* Size limit of a reverse dictionary's index read whole. */
#define REVERSE_MAX_BYTES (4u << 20)

/*
 * Reads one dictionary. reverse: the dictionary goes target → source.
 * Returns 1 when it was found and read, 0 when absent.
 */
static int read_dict(lexctx *c, const char *dir, const char *a, const char *b,
		     bool reverse)
{
	char path[4096];
	FILE *f;
	gzFile gz;
	char *line = NULL, *buf = NULL;
	size_t cap = 0, n = 0, ncap = 0, bufcap = 0, i;
	ssize_t got;
	entry *ents = NULL;
	long isize;

	snprintf(path, sizeof(path), "%s/freedict-%s-%s.index", dir, a, b);
	f = fopen(path, "r");
	if (!f)
		return 0;
	if (reverse && fseek(f, 0, SEEK_END) == 0) {
		isize = ftell(f);
		rewind(f);
		if (isize > (long)REVERSE_MAX_BYTES) {
			fclose(f);
			return 0;
		}
	}
	while ((got = getline(&line, &cap, f)) > 0) {
		char *t1 = memchr(line, '\t', (size_t)got), *t2, *t3;
		entry e = { 0 };

		if (!t1 || line[0] == '0')
			continue;
		t2 = memchr(t1 + 1, '\t', (size_t)(got - (t1 + 1 - line)));
		if (!t2)
			continue;
		t3 = t2 + 1;
		while (t3 < line + got && *t3 != '\t' && *t3 != '\n')
			t3++;
		if (b64(t1 + 1, (size_t)(t2 - t1 - 1), &e.off) < 0 ||
		    b64(t2 + 1, (size_t)(t3 - t2 - 1), &e.len) < 0 ||
		    e.len > 65536)
			continue;
		if (memchr(line, ' ', (size_t)(t1 - line)))
			continue; /* multi-word headwords */
		if (!reverse) {
			if (word_key(c->st_src, line, (size_t)(t1 - line), NULL,
				     &e.stem_hash) < 0)
				continue;
			if (!aln__hmap_get(&c->stems, e.stem_hash))
				continue;
		} else if (word_key(c->st_tgt, line, (size_t)(t1 - line),
				    &e.key, NULL) < 0) {
			continue;
		}
		if (n == ncap) {
			size_t nc = ncap ? ncap * 2 : 1024;
			entry *p = aln__reallocarray(ents, nc, sizeof(*p));

			if (!p)
				break;
			ents = p;
			ncap = nc;
		}
		ents[n++] = e;
	}
	free(line);
	fclose(f);
	if (!n) {
		free(ents);
		return 1;
	}
	qsort(ents, n, sizeof(*ents), cmp_entry);
	snprintf(path, sizeof(path), "%s/freedict-%s-%s.dict.dz", dir, a, b);
	gz = gzopen(path, "rb");
	if (!gz) {
		free(ents);
		return 0;
	}
	gzbuffer(gz, 1 << 16);
	for (i = 0; i < n; i++) {
		const char *tl;
		size_t tlen;

		if (ents[i].len + 1 > bufcap) {
			char *p = realloc(buf, ents[i].len + 1);

			if (!p)
				break;
			buf = p;
			bufcap = ents[i].len + 1;
		}
		if (gzseek(gz, (z_off_t)ents[i].off, SEEK_SET) < 0 ||
		    gzread(gz, buf, (unsigned)ents[i].len) != (int)ents[i].len)
			break;
		tl = translation_line(buf, ents[i].len, &tlen);
		if (!tl)
			continue;
		if (!reverse) {
			struct fwd_data d = { c, ents[i].stem_hash };

			each_translation(tl, tlen, fwd_cb, &d);
		} else {
			struct rev_data d = { c, ents[i].key };

			each_translation(tl, tlen, rev_cb, &d);
		}
	}
	gzclose(gz);
	free(buf);
	free(ents);
	return 1;
}

int aln_align_dictionaries(char *buf, size_t size, const char *src,
			   const char *tgt, const char *dict_dir)
{
	char s[ALN_LANG_MAX], t[ALN_LANG_MAX], path[4096];
	const char *dir = dict_dir_of(dict_dir), *a, *b;
	int found = 0;

	if (size)
		buf[0] = '\0';
	if (aln_lang_base(s, sizeof(s), src) < 0 ||
	    aln_lang_base(t, sizeof(t), tgt) < 0)
		return 0;
	a = to_iso3(s);
	b = to_iso3(t);
	if (!a || !b)
		return 0;
	snprintf(path, sizeof(path), "%s/freedict-%s-%s.index", dir, a, b);
	if (access(path, R_OK) == 0) {
		found++;
		snprintf(buf, size, "freedict-%s-%s", a, b);
	}
	snprintf(path, sizeof(path), "%s/freedict-%s-%s.index", dir, b, a);
	if (access(path, R_OK) == 0) {
		size_t l = size ? strlen(buf) : 0;

		found++;
		if (size > l)
			snprintf(buf + l, size - l,
				 "%sfreedict-%s-%s (reversed)", l ? " + " : "",
				 b, a);
	}
	return found;
}

int aln__lexicon_fill(aln_doc *src, const aln_doc *tgt, const char *dict_dir,
		      const aln_align_word_pair *pairs, size_t npairs)
{
	lexctx c = { 0 };
	char sb[ALN_LANG_MAX], tb[ALN_LANG_MAX];
	const char *a, *b, *dir = dict_dir_of(dict_dir);
	size_t i;
	int rc = ALN_ENOMEM;

	if (!src->lang[0] || !tgt->lang[0] || !src->ntypes)
		return 0;
	c.src = src;
	c.next = aln__calloc(src->ntypes, sizeof(*c.next));
	if (!c.next)
		return ALN_ENOMEM;
	for (i = 0; i < src->ntypes; i++) {
		aln_type *t = &src->types[i];
		bool added;
		uint32_t *slot;

		if (t->kind != ALN_TOKEN_WORD)
			continue;
		slot = aln__hmap_put(&c.stems, t->stem_hash, 0, &added);
		if (!slot)
			goto out;
		c.next[i] = *slot;
		*slot = (uint32_t)i + 1;
	}
	snprintf(sb, sizeof(sb), "%s", aln__base_lang(src->lang));
	snprintf(tb, sizeof(tb), "%s", aln__base_lang(tgt->lang));
	c.st_src = sb_stemmer_new(sb, "UTF_8");
	c.st_tgt = sb_stemmer_new(tb, "UTF_8");
	a = to_iso3(sb);
	b = to_iso3(tb);
	if (dir[0] && a && b && strcmp(a, b) != 0) {
		read_dict(&c, dir, a, b, false);
		read_dict(&c, dir, b, a, true);
	}
	for (i = 0; i < npairs; i++) {
		const aln_align_word_pair *p = &pairs[i];
		char x[ALN_LANG_MAX], y[ALN_LANG_MAX];
		uint64_t h;
		uint32_t key;

		if (!p->src || !p->tgt || !p->src_lang || !p->tgt_lang ||
		    aln_lang_base(x, sizeof(x), p->src_lang) < 0 ||
		    aln_lang_base(y, sizeof(y), p->tgt_lang) < 0)
			continue;
		if (!strcmp(x, sb) && !strcmp(y, tb)) {
			if (word_key(c.st_src, p->src, strlen(p->src), NULL,
				     &h) == 0 &&
			    word_key(c.st_tgt, p->tgt, strlen(p->tgt), &key,
				     NULL) == 0)
				add_trans(&c, h, key);
		} else if (!strcmp(x, tb) && !strcmp(y, sb)) {
			if (word_key(c.st_src, p->tgt, strlen(p->tgt), NULL,
				     &h) == 0 &&
			    word_key(c.st_tgt, p->src, strlen(p->src), &key,
				     NULL) == 0)
				add_trans(&c, h, key);
		}
	}
	rc = 0;
out:
	if (c.st_src)
		sb_stemmer_delete(c.st_src);
	if (c.st_tgt)
		sb_stemmer_delete(c.st_tgt);
	aln__hmap_free(&c.stems);
	free(c.next);
	return rc;
}
