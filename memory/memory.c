// SPDX-License-Identifier: MIT
/*
 * The memory's front end (alinea/memory.h): it validates units,
 * canonicalises their language tags, normalises texts to NFC, computes
 * the dedup hash and the index terms, and hands the result to a storage
 * backend through memory/store.h. Scoring lives in memory/fuzzy.c and
 * the lookup in memory/lookup.c; nothing here knows SQL.
 */
#include "memory-internal.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

int aln_memory_open(aln_memory **out, const char *path,
		    const aln_memory_options *opts)
{
	aln_memory_options def = ALN_MEMORY_OPTIONS_INIT;
	aln_memory *m;
	int rc;

	if (!out)
		return aln__error(ALN_EINVAL, "%s",
				  _("no place for the memory"));
	*out = NULL;
	if (!path || !*path)
		return aln__error(ALN_EINVAL, "%s",
				  _("the memory's path is empty"));
	if (!opts)
		opts = &def;
	if (opts->version != ALN_MEMORY_OPTIONS_VERSION)
		return aln__error(ALN_EINVAL,
				  _("unknown memory options version %u"),
				  opts->version);
	if (!(m = aln__calloc(1, sizeof(*m))))
		return ALN_ENOMEM;
	if ((rc = aln__store_sqlite_open(&m->store, path, opts)) < 0) {
		free(m);
		return rc;
	}
	*out = m;
	return 0;
}

void aln_memory_free(aln_memory *m)
{
	if (!m)
		return;
	aln__behind_end(m, true);
	if (m->store)
		m->store->ops->close(m->store);
	free(m);
}

static int writable(aln_memory *m)
{
	if (m->store->readonly)
		return aln__error(ALN_EINVAL, "%s",
				  _("the memory is open for reading only"));
	return 0;
}

int aln_memory_begin(aln_memory *m)
{
	int rc;

	if (!m)
		return aln__error(ALN_EINVAL, "%s", _("no memory"));
	if ((rc = writable(m)) < 0)
		return rc;
	if (m->store->in_txn)
		return aln__error(ALN_EINVAL, "%s",
				  _("a transaction is already open"));
	if ((rc = m->store->ops->begin(m->store)) < 0)
		return rc;
	m->store->in_txn = true;
	m->store->stored = m->store->merged = 0;
	return 0;
}

int aln_memory_added(aln_memory *m, long long *stored, long long *merged)
{
	int rc;

	if (!m)
		return aln__error(ALN_EINVAL, "%s", _("no memory"));
	if ((rc = aln__behind_sync(m)) < 0)
		return rc;
	if (stored)
		*stored = m->store->stored;
	if (merged)
		*merged = m->store->merged;
	return 0;
}

int aln_memory_commit(aln_memory *m)
{
	int rc;

	if (!m || !m->store->in_txn)
		return aln__error(ALN_EINVAL, "%s",
				  _("no transaction is open"));
	/* A unit failed to store: only a rollback can end this one. */
	if (m->doomed)
		return aln__error(ALN_EINVAL, "%s",
				  _("a unit of this transaction could not be "
				    "stored: roll it back"));
	if ((rc = aln__behind_end(m, false)) < 0) {
		m->doomed = true;
		return rc;
	}
	/*
	 * The terminology's lexicon learns the new units in the same
	 * transaction; should it fail, the next concordance catches up.
	 */
	if (aln_term_learn(m, NULL) < 0)
		aln_error_clear();
	if ((rc = m->store->ops->commit(m->store)) < 0)
		return rc;
	m->store->in_txn = false;
	return 0;
}

int aln_memory_rollback(aln_memory *m)
{
	if (!m || !m->store->in_txn)
		return aln__error(ALN_EINVAL, "%s",
				  _("no transaction is open"));
	aln__behind_end(m, true);
	m->doomed = false;
	m->store->in_txn = false;
	return m->store->ops->rollback(m->store);
}

/*
 * Canonical tag and base language of tag, through a small cache: an
 * import sees the same two or three tags millions of times.
 */
int aln__memory_lang(aln_memory *m, const char **canon, const char **base,
		     const char *tag)
{
	size_t i;
	struct lang_cache *c;
	int rc;

	for (i = 0; i < ALN_ARRAY_SIZE(m->langs); i++) {
		c = &m->langs[i];
		if (c->used && !strcmp(c->tag, tag)) {
			*canon = c->canon;
			*base = c->base;
			return 0;
		}
	}
	c = &m->langs[m->next_lang++ % ALN_ARRAY_SIZE(m->langs)];
	c->used = false;
	if (strlen(tag) >= sizeof(c->tag))
		return aln__error(ALN_EINVAL, _("invalid language tag '%s'"),
				  tag);
	if ((rc = aln_lang_canonical(c->canon, sizeof(c->canon), tag)) < 0 ||
	    (rc = aln_lang_base(c->base, sizeof(c->base), c->canon)) < 0)
		return rc;
	strcpy(c->tag, tag);
	c->used = true;
	*canon = c->canon;
	*base = c->base;
	return 0;
}

/*
 * Whether s is certainly NFC already: every code point below U+0300
 * (ASCII, Latin-1, Latin Extended-A and -B, IPA) is NFC and cannot
 * combine with a neighbour, so most European text skips ICU.
 */
static bool surely_nfc(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p; p++) {
		if (*p < 0x80)
			continue;
		/* Two-byte sequences C2..CB xx encode U+0080..U+02FF. */
		if (*p >= 0xc2 && *p <= 0xcb && (p[1] & 0xc0) == 0x80) {
			p++;
			continue;
		}
		return false;
	}
	return true;
}

static bool ideographic(UChar32 c)
{
	return u_hasBinaryProperty(c, UCHAR_IDEOGRAPHIC) ||
	       (c >= 0x3040 && c <= 0x30ff); /* kana */
}

void aln__terms_free(struct aln_terms *t)
{
	free(t->buf);
	free(t->list);
	memset(t, 0, sizeof(*t));
}

/*
 * The index terms of text: runs of letters and digits, case-folded,
 * each ideograph alone; distinct, in order of first occurrence, at most
 * ALN_MAX_TERMS of them. This is cheaper than ICU
 * word breaking and needs only to agree with itself: query and stored
 * texts go through the same function. Accents are kept, so a word
 * spelt with and without them is found through its neighbours.
 */
int aln__terms(struct aln_terms *t, const char *text)
{
	size_t len = strlen(text), n = 0, i, j, cap;
	int32_t off = 0;
	char *w;
	uint32_t *seen = NULL;
	bool inword = false;

	aln__terms_free(t);
	/* Folding can grow a character to 3 code points of 4 bytes. */
	if (!(t->buf = aln__malloc(len * 4 + 16)))
		return ALN_ENOMEM;
	w = t->buf;
	while ((size_t)off < len) {
		UChar32 c;
		int8_t ct;
		unsigned char a = (unsigned char)text[off];

		/*
		 * ASCII, most of the text in most languages: the same answer
		 * as the ICU path below (letters and digits, A-Z folded to
		 * a-z), without its four property look-ups per character.
		 */
		if (a < 0x80) {
			off++;
			if ((a >= 'a' && a <= 'z') || (a >= '0' && a <= '9')) {
				*w++ = (char)a;
				inword = true;
			} else if (a >= 'A' && a <= 'Z') {
				*w++ = (char)(a - 'A' + 'a');
				inword = true;
			} else if (inword) {
				*w++ = '\0';
				n++;
				inword = false;
			}
			continue;
		}
		U8_NEXT(text, off, (int32_t)len, c);
		if (c < 0)
			c = 0xfffd;
		ct = (int8_t)u_charType(c);
		if (ideographic(c)) {
			if (inword)
				*w++ = '\0', n++;
			inword = false;
			j = 0;
			U8_APPEND_UNSAFE(w, j, c);
			w += j;
			*w++ = '\0';
			n++;
			continue;
		}
		if (u_isalnum(c) ||
		    (inword && (ct == U_NON_SPACING_MARK ||
				ct == U_COMBINING_SPACING_MARK))) {
			UChar32 f = u_foldCase(c, U_FOLD_CASE_DEFAULT);
			size_t k = 0;

			U8_APPEND_UNSAFE(w, k, f);
			w += k;
			inword = true;
		} else if (inword) {
			*w++ = '\0';
			n++;
			inword = false;
		}
	}
	if (inword)
		*w++ = '\0', n++;
	if (!n)
		return 0;
	/*
	 * Distinct words in order of first occurrence, through a table of
	 * word numbers twice the size of the text's words: cheaper than
	 * sorting, which took a third of this function.
	 */
	for (cap = 16; cap < 2 * n; cap *= 2)
		;
	if (!(t->list = aln__calloc(n, sizeof(*t->list))) ||
	    !(seen = aln__calloc(cap, sizeof(*seen))))
		return ALN_ENOMEM;
	for (i = j = 0, w = t->buf; i < n && j < ALN_MAX_TERMS; i++) {
		size_t wl = strlen(w), k = 2166136261u;

		for (size_t c = 0; c < wl; c++)
			k = (k ^ (unsigned char)w[c]) * 16777619u;
		for (k &= cap - 1; seen[k] && strcmp(t->list[seen[k] - 1], w);
		     k = (k + 1) & (cap - 1))
			;
		if (!seen[k]) {
			t->list[j++] = w;
			seen[k] = (uint32_t)j;
		}
		w += wl + 1;
	}
	t->count = j;
	free(seen);
	return 0;
}

static uint64_t fnv(uint64_t h, const char *s)
{
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	h ^= 0xff; /* separator that never occurs in UTF-8 */
	return h * 1099511628211ULL;
}

int aln_memory_add_unit(aln_memory *m, long long *id, const aln_unit *u)
{
	size_t n, i, j;
	aln_variant *vars = NULL;
	const char **base = NULL;
	/* Own copies: the language cache may recycle its entries. */
	char(*tags)[2][ALN_LANG_MAX] = NULL;
	char **nfc = NULL;
	struct aln_terms *terms = NULL;
	aln_store_terms *sterms = NULL;
	size_t *order = NULL;
	aln_unit cu;
	aln_store_unit su;
	uint64_t h = 1469598103934665603ULL;
	bool own_txn = false;
	int rc;

	if (!m || !u)
		return aln__error(ALN_EINVAL, "%s", _("no memory or no unit"));
	if ((rc = writable(m)) < 0)
		return rc;
	if (!(n = u->nvariants) || !u->variants)
		return aln__error(ALN_EINVAL, "%s",
				  _("a unit has no variants"));
	vars = aln__calloc(n, sizeof(*vars));
	base = aln__calloc(n, sizeof(*base));
	nfc = aln__calloc(n, sizeof(*nfc));
	terms = aln__calloc(n, sizeof(*terms));
	sterms = aln__calloc(n, sizeof(*sterms));
	order = aln__calloc(n, sizeof(*order));
	tags = aln__calloc(n, sizeof(*tags));
	if (!vars || !base || !nfc || !terms || !sterms || !order || !tags) {
		rc = ALN_ENOMEM;
		goto out;
	}
	for (i = 0; i < n; i++) {
		const aln_variant *v = &u->variants[i];

		vars[i] = *v;
		if (!v->lang) {
			rc = aln__error(ALN_EINVAL, "%s",
					_("a variant has no language"));
			goto out;
		}
		if (!v->text || !*v->text) {
			rc = aln__error(ALN_EINVAL,
					_("the '%s' variant has no text"),
					v->lang);
			goto out;
		}
		if ((rc = aln__memory_lang(m, &vars[i].lang, &base[i],
					   v->lang)) < 0)
			goto out;
		/* Both fit: the cache holds them in arrays of this size. */
		strcpy(tags[i][0], vars[i].lang);
		strcpy(tags[i][1], base[i]);
		vars[i].lang = tags[i][0];
		base[i] = tags[i][1];
		for (j = 0; j < i; j++)
			if (!strcmp(vars[j].lang, vars[i].lang)) {
				rc = aln__error(ALN_EINVAL,
						_("a unit has two '%s' "
						  "variants"),
						vars[i].lang);
				goto out;
			}
		if (!surely_nfc(v->text)) {
			if ((rc = aln_fold(&nfc[i], NULL, v->text,
					   strlen(v->text), 0)) < 0)
				goto out;
			vars[i].text = nfc[i];
		}
		if ((rc = aln__terms(&terms[i], vars[i].text)) < 0)
			goto out;
		sterms[i].count = terms[i].count;
		sterms[i].terms = (const char *const *)terms[i].list;
		/* Hashed here: the store, maybe on its own thread, only looks up. */
		if (terms[i].count) {
			uint64_t *hv;

			if (!(hv = aln__malloc(terms[i].count * sizeof(*hv)))) {
				rc = ALN_ENOMEM;
				goto out;
			}
			for (j = 0; j < terms[i].count; j++)
				hv[j] = aln__store_term_hash(base[i],
							     terms[i].list[j]);
			sterms[i].hashes = hv;
		}
		/* Insertion sort by language for the hash. */
		for (j = i;
		     j > 0 && strcmp(vars[order[j - 1]].lang, vars[i].lang) > 0;
		     j--)
			order[j] = order[j - 1];
		order[j] = i;
	}
	for (i = 0; i < n; i++) {
		h = fnv(h, vars[order[i]].lang);
		h = fnv(h, vars[order[i]].text);
	}
	cu = *u;
	cu.variants = vars;
	su.unit = &cu;
	su.base = base;
	su.terms = sterms;
	su.hash = h >> 1; /* fits a signed 64-bit column */

	if (m->doomed) {
		rc = aln__error(ALN_EINVAL, "%s",
				_("a unit of this transaction could not be "
				  "stored: roll it back"));
		goto out;
	}
	/*
	 * Inside a transaction, a unit whose id nobody waits for is stored
	 * by a second thread while the caller prepares the next.
	 */
	if (m->store->in_txn && !id && (rc = aln__behind_push(m, &su)) <= 0) {
		if (rc < 0)
			m->doomed = true;
		goto out;
	}
	if ((rc = aln__behind_sync(m)) < 0) {
		m->doomed = true;
		goto out;
	}
	if (!m->store->in_txn) {
		if ((rc = aln_memory_begin(m)) < 0)
			goto out;
		own_txn = true;
	}
	rc = m->store->ops->add_unit(m->store, id, &su);
	if (own_txn) {
		if (rc < 0)
			aln_memory_rollback(m);
		else
			rc = aln_memory_commit(m);
	}
out:
	for (i = 0; nfc && terms && i < n; i++) {
		aln_free(nfc[i]);
		aln__terms_free(&terms[i]);
		free((uint64_t *)sterms[i].hashes);
	}
	free(vars);
	free(base);
	free(nfc);
	free(terms);
	free(sterms);
	free(order);
	free(tags);
	return rc;
}

int aln_memory_each_unit(aln_memory *m, const aln_unit_filter *f,
			 aln_unit_cb cb, void *data)
{
	aln_unit_filter cf;
	const char **langs = NULL;
	size_t i;
	int rc;

	if (!m || !cb)
		return aln__error(ALN_EINVAL, "%s",
				  _("no memory or no callback"));
	if ((rc = aln__behind_sync(m)) < 0)
		return rc;
	if (!f)
		return m->store->ops->each_unit(m->store, NULL, cb, data);
	if (f->version != ALN_UNIT_FILTER_VERSION)
		return aln__error(ALN_EINVAL, _("unknown filter version %u"),
				  f->version);
	cf = *f;
	if (f->nlangs) {
		if (!(langs = aln__calloc(f->nlangs, sizeof(*langs))))
			return ALN_ENOMEM;
		for (i = 0; i < f->nlangs; i++) {
			char *c = aln__malloc(ALN_LANG_MAX);

			if (!c) {
				rc = ALN_ENOMEM;
				goto out;
			}
			langs[i] = c;
			if ((rc = aln_lang_canonical(c, ALN_LANG_MAX,
						     f->langs[i])) < 0)
				goto out;
		}
		cf.langs = langs;
	}
	rc = m->store->ops->each_unit(m->store, &cf, cb, data);
out:
	for (i = 0; langs && i < f->nlangs; i++)
		free((char *)langs[i]);
	free(langs);
	return rc;
}

int aln_memory_stats(aln_memory *m, struct aln_memory_stats *out)
{
	int rc;

	if (!m || !out)
		return aln__error(ALN_EINVAL, "%s",
				  _("no memory or no result"));
	if ((rc = aln__behind_sync(m)) < 0 ||
	    (rc = m->store->ops->stats(m->store, out)) < 0)
		aln_memory_stats_clear(out);
	return rc;
}

void aln_memory_stats_clear(struct aln_memory_stats *s)
{
	if (!s)
		return;
	free(s->langs);
	memset(s, 0, sizeof(*s));
}
