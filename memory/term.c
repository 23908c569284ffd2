// SPDX-License-Identifier: MIT
/*
 * The terminology tables of the SQLite memory and the public API of
 * alinea/term.h: the learned lexicon, the concordance backend, the
 * glossary. The lexicon builds on what the store already keeps up to
 * date as units are stored: the `terms` table (each case-folded word of
 * a language with the number of variants holding it) and the FTS5 word
 * index over term ids. What this file adds, lazily and incrementally
 * (only the terms and variants stored since the last time), is the
 * accent-folded form and Snowball stem of each term, so that a
 * concordance finds "securite" in "sécurité" and inflected forms pool
 * their counts, and per-language sentence counts and lengths.
 * Glossary entries live in their own table. Import, export and term
 * candidates are in term-io.c.
 *
 * These tables are SQLite-only: a second backend would provide the
 * same queries behind its own tables.
 */
#include "memory-internal.h"
#include "term-internal.h"

#include <libstemmer.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- the schema ---- */

const char aln__term_schema_v2[] =
	/* The glossary: one row per source term and target term. */
	"CREATE TABLE glossary("
	"  id INTEGER PRIMARY KEY,"
	"  srclang TEXT NOT NULL,"
	"  srcbase TEXT NOT NULL,"
	"  source TEXT NOT NULL,"
	"  source_key TEXT NOT NULL," /* folded words, for lookups */
	"  tgtlang TEXT NOT NULL,"
	"  tgtbase TEXT NOT NULL,"
	"  target TEXT NOT NULL,"
	"  note TEXT,"
	"  domain TEXT,"
	"  created TEXT NOT NULL,"
	"  UNIQUE(srclang, tgtlang, source, target));"
	"CREATE INDEX glossary_key ON glossary(srcbase, tgtbase, source_key);"
	/* The learned lexicon: each stored term folded and stemmed. */
	"CREATE TABLE lexicon_terms("
	"  id INTEGER PRIMARY KEY," /* terms.id */
	"  base TEXT NOT NULL,"
	"  fold TEXT NOT NULL,"
	"  stem TEXT NOT NULL);"
	"CREATE INDEX lexicon_fold ON lexicon_terms(base, fold);"
	"CREATE INDEX lexicon_stem ON lexicon_terms(base, stem);"
	/* Sentences and words per language, for the length prior. */
	"CREATE TABLE lexicon_langs("
	"  base TEXT PRIMARY KEY,"
	"  variants INTEGER NOT NULL,"
	"  words INTEGER NOT NULL);"
	/* How far the lexicon has read: the last term and variant ids. */
	"CREATE TABLE lexicon_state("
	"  key TEXT PRIMARY KEY,"
	"  value INTEGER NOT NULL);";

/* ---- database access ---- */

sqlite3 *aln__term_db(aln_memory *m)
{
	/* The units queued for storing first (a failure stays raised). */
	if (!m || !m->store || aln__behind_sync(m) < 0)
		return NULL;
	return aln__store_sqlite_db(m->store);
}

int aln__term_db_error(sqlite3 *db, const char *what)
{
	return aln__error(ALN_EDB, "%s: %s", what, sqlite3_errmsg(db));
}

static int need_db(sqlite3 **db, aln_memory *m)
{
	int rc;

	*db = NULL;
	if (m && (rc = aln__behind_sync(m)) < 0)
		return rc;
	if (!(*db = aln__term_db(m)))
		return aln__error(ALN_EUNSUPPORTED, "%s",
				  _("this memory keeps no terminology"));
	return 0;
}

int aln__term_prepare(sqlite3_stmt **st, sqlite3 *db, const char *sql)
{
	if (sqlite3_prepare_v2(db, sql, -1, st, NULL) != SQLITE_OK) {
		*st = NULL;
		return aln__term_db_error(db, _("cannot read the glossary"));
	}
	return 0;
}

int aln__term_savepoint(sqlite3 *db, const char *verb)
{
	char q[64];

	snprintf(q, sizeof(q), "%s aln_term", verb);
	if (sqlite3_exec(db, q, NULL, NULL, NULL) != SQLITE_OK)
		return aln__term_db_error(db, _("cannot write the glossary"));
	return 0;
}

void aln__term_abort(sqlite3 *db)
{
	sqlite3_exec(db, "ROLLBACK TO aln_term; RELEASE aln_term", NULL, NULL,
		     NULL);
}

static const char *text_col(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t ? (const char *)t : NULL;
}

/* ---- the learned lexicon ---- */

/* Bumped whenever keys or stems are computed differently. */
#define LEXICON_VERSION 1

static long long state_get(sqlite3 *db, const char *key)
{
	sqlite3_stmt *st;
	long long v = 0;

	if (sqlite3_prepare_v2(db,
			       "SELECT value FROM lexicon_state WHERE key = ?1",
			       -1, &st, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static int state_set(sqlite3 *db, const char *key, long long v)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = aln__term_prepare(&st, db,
				    "INSERT OR REPLACE INTO lexicon_state"
				    "(key, value) VALUES(?1, ?2)")) < 0)
		return rc;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, v);
	rc = sqlite3_step(st) == SQLITE_DONE
		     ? 0
		     : aln__term_db_error(db, _("cannot update the lexicon"));
	sqlite3_finalize(st);
	return rc;
}

/* A stemmer per language met during one catch-up. */
typedef struct stemmers {
	char lang[8][16];
	struct sb_stemmer *s[8];
	bool tried[8];
	int n;
} stemmers;

static struct sb_stemmer *stemmer_for(stemmers *c, const char *base)
{
	for (int i = 0; i < c->n; i++)
		if (!strcmp(c->lang[i], base))
			return c->s[i];
	if (c->n == 8) {
		aln__stemmer_free(c->s[7]);
		c->n = 7;
	}
	snprintf(c->lang[c->n], sizeof(c->lang[0]), "%s", base);
	c->s[c->n] = aln__stemmer_new(base);
	aln_error_clear();
	return c->s[c->n++];
}

/*
 * The folded form and the stem of one stored term (a run of letters
 * and digits, as the store splits them), as aln__words_split() would
 * compute them for the same word.
 */
static int term_forms(aln_buf *fold, aln_buf *stem, const char *term,
		      struct sb_stemmer *stemmer)
{
	size_t len = strlen(term);
	bool digits = true;
	int rc;

	aln_buf_clear(fold);
	aln_buf_clear(stem);
	if ((rc = aln__fold_append(fold, term, len, true)) < 0)
		return rc;
	for (size_t i = 0; i < len && digits; i++)
		digits = term[i] >= '0' && term[i] <= '9';
	if (!stemmer || digits)
		return aln_buf_put(stem, fold->ptr ? fold->ptr : "", fold->len);
	return aln__stem_append(stem, term, len, stemmer);
}

static bool all_digits(const char *s, size_t n)
{
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static int learn_terms(sqlite3 *db, long long *count)
{
	sqlite3_stmt *sel = NULL, *ins = NULL;
	stemmers cache = { 0 };
	aln_buf fold = ALN_BUF_INIT, stem = ALN_BUF_INIT;
	long long last = state_get(db, "term"), max = last;
	int rc;

	if ((rc = aln__term_prepare(&sel, db,
				    "SELECT id, base, term FROM terms"
				    " WHERE id > ?1 ORDER BY id")) < 0 ||
	    (rc = aln__term_prepare(&ins, db,
				    "INSERT OR REPLACE INTO lexicon_terms"
				    "(id, base, fold, stem)"
				    " VALUES(?1, ?2, ?3, ?4)")) < 0)
		goto done;
	sqlite3_bind_int64(sel, 1, last);
	while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
		const char *base = text_col(sel, 1), *term = text_col(sel, 2);

		max = sqlite3_column_int64(sel, 0);
		/*
		 * Numbers fold and stem to themselves, and a memory holds
		 * many: word_ids() finds them in `terms` directly.
		 */
		if (!base || !term || all_digits(term, strlen(term)))
			continue;
		if ((rc = term_forms(&fold, &stem, term,
				     stemmer_for(&cache, base))) < 0)
			goto done;
		sqlite3_reset(ins);
		sqlite3_bind_int64(ins, 1, max);
		sqlite3_bind_text(ins, 2, base, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 3, fold.ptr ? fold.ptr : "",
				  (int)fold.len, SQLITE_STATIC);
		sqlite3_bind_text(ins, 4, stem.ptr ? stem.ptr : "",
				  (int)stem.len, SQLITE_STATIC);
		if (sqlite3_step(ins) != SQLITE_DONE) {
			rc = aln__term_db_error(db,
						_("cannot update the lexicon"));
			goto done;
		}
		++*count;
	}
	rc = rc != SQLITE_DONE
		     ? aln__term_db_error(db, _("cannot update the lexicon"))
	     : max == last ? 0
			   : state_set(db, "term", max);
done:
	aln_buf_free(&fold);
	aln_buf_free(&stem);
	for (int i = 0; i < cache.n; i++)
		aln__stemmer_free(cache.s[i]);
	sqlite3_finalize(sel);
	sqlite3_finalize(ins);
	return rc;
}

bool aln__lang_count_add(struct aln__lang_count *langs, size_t *n, size_t max,
			 const char *base, const char *text)
{
	struct aln__lang_count *c = langs;
	long long words = 1;

	while (c < langs + *n && strcmp(c->base, base))
		c++;
	if (c == langs + *n) {
		if (*n == max || strlen(base) >= sizeof(c->base))
			return false;
		strcpy(c->base, base);
		c->variants = c->words = 0;
		++*n;
	}
	for (; text && *text; text++)
		words += *text == ' ';
	c->variants++;
	c->words += words;
	return true;
}

/* Adds the counts of n languages to lexicon_langs. */
static int put_langs(sqlite3 *db, sqlite3_stmt *up,
		     const struct aln__lang_count *langs, size_t n,
		     long long *count)
{
	for (size_t i = 0; i < n; i++) {
		*count += langs[i].variants;
		sqlite3_reset(up);
		sqlite3_bind_text(up, 1, langs[i].base, -1, SQLITE_STATIC);
		sqlite3_bind_int64(up, 2, langs[i].variants);
		sqlite3_bind_int64(up, 3, langs[i].words);
		if (sqlite3_step(up) != SQLITE_DONE)
			return aln__term_db_error(
				db, _("cannot update the lexicon"));
	}
	return 0;
}

/*
 * Per-language counts of the variants stored since the last time, and
 * of their words (spaces + 1: a ratio is all the model needs). Counted
 * here rather than by a GROUP BY in SQL, which sorted every new row and
 * copied every text through replace(): a memory has few languages.
 * When the lexicon had read every variant before the open transaction,
 * the store's own counts of what the transaction stored are the same
 * numbers, without reading the texts again.
 */
static int learn_variants(sqlite3 *db, aln_store *store, long long *count)
{
	struct aln__lang_count langs[32];
	const struct aln__lang_count *counted;
	sqlite3_stmt *sel = NULL, *up = NULL;
	long long last = state_get(db, "variant"), max = last, first, lastv;
	size_t n = 0, nc;
	int rc;

	if ((rc = aln__term_prepare(
		     &up, db,
		     "INSERT INTO lexicon_langs(base, variants, words)"
		     " VALUES(?1, ?2, ?3) ON CONFLICT(base) DO UPDATE SET"
		     " variants = variants + ?2, words = words + ?3")) < 0)
		goto done;
	if (aln__store_sqlite_new_variants(store, &first, &lastv, &counted,
					   &nc) == 0 &&
	    first && first == last + 1) {
		if ((rc = put_langs(db, up, counted, nc, count)) == 0)
			rc = state_set(db, "variant", lastv);
		goto done;
	}
	if ((rc = aln__term_prepare(&sel, db,
				    "SELECT id, base, text FROM variants"
				    " WHERE id > ?1 ORDER BY id")) < 0)
		goto done;
	sqlite3_bind_int64(sel, 1, last);
	for (;;) {
		const char *base;
		int step = sqlite3_step(sel);

		if (step == SQLITE_ROW) {
			base = text_col(sel, 1);
			if (!base || strlen(base) >= ALN_LANG_MAX)
				continue;
			/* Beyond 32 languages in one batch: flush first. */
			if (aln__lang_count_add(langs, &n,
						ALN_ARRAY_SIZE(langs), base,
						text_col(sel, 2))) {
				max = sqlite3_column_int64(sel, 0);
				continue;
			}
		} else if (step != SQLITE_DONE) {
			rc = aln__term_db_error(db,
						_("cannot update the lexicon"));
			goto done;
		}
		if ((rc = put_langs(db, up, langs, n, count)) < 0)
			goto done;
		if (step == SQLITE_DONE)
			break;
		/* A 33rd language: start again after the last counted. */
		n = 0;
		sqlite3_reset(sel);
		sqlite3_bind_int64(sel, 1, max);
	}
	/* Nothing new: no write, so that a concordance stays a reader. */
	rc = max == last ? 0 : state_set(db, "variant", max);
done:
	sqlite3_finalize(sel);
	sqlite3_finalize(up);
	return rc;
}

/*
 * Whether the lexicon has read every term and variant stored: read
 * only, so that a concordance on an unchanged memory (every query after
 * the first) neither takes the write lock nor appends to the WAL. False
 * when unsure.
 */
static bool lexicon_current(sqlite3 *db)
{
	sqlite3_stmt *st;
	bool current = false;

	if (sqlite3_prepare_v2(db,
			       "SELECT (SELECT value FROM lexicon_state"
			       "  WHERE key = 'version') = ?1"
			       " AND coalesce((SELECT value FROM lexicon_state"
			       "  WHERE key = 'term'), 0) >="
			       "  coalesce((SELECT max(id) FROM terms), 0)"
			       " AND coalesce((SELECT value FROM lexicon_state"
			       "  WHERE key = 'variant'), 0) >="
			       "  coalesce((SELECT max(id) FROM variants), 0)",
			       -1, &st, NULL) != SQLITE_OK)
		return false;
	sqlite3_bind_int(st, 1, LEXICON_VERSION);
	if (sqlite3_step(st) == SQLITE_ROW)
		current = sqlite3_column_int(st, 0) == 1;
	sqlite3_finalize(st);
	return current;
}

int aln_term_learn(aln_memory *m, long long *learned)
{
	sqlite3 *db;
	long long terms = 0, variants = 0;
	int rc;

	if (learned)
		*learned = 0;
	if ((rc = need_db(&db, m)) < 0)
		return rc;
	/* A read-only memory answers from what was learned before. */
	if (sqlite3_db_readonly(db, "main") || lexicon_current(db))
		return 0;
	if ((rc = aln__term_savepoint(db, "SAVEPOINT")) < 0)
		return rc;
	/*
	 * Keys made by an older folding would no longer meet the queries'
	 * keys: start the lexicon again.
	 */
	if (state_get(db, "version") != LEXICON_VERSION &&
	    (sqlite3_exec(
		     db,
		     "DELETE FROM lexicon_terms; DELETE FROM lexicon_langs;"
		     " DELETE FROM lexicon_state;",
		     NULL, NULL, NULL) != SQLITE_OK ||
	     (rc = state_set(db, "version", LEXICON_VERSION)) < 0)) {
		if (rc == 0)
			rc = aln__term_db_error(db,
						_("cannot update the lexicon"));
		aln__term_abort(db);
		return rc;
	}
	if ((rc = learn_terms(db, &terms)) < 0 ||
	    (rc = learn_variants(db, m->store, &variants)) < 0) {
		aln__term_abort(db);
		return rc;
	}
	if ((rc = aln__term_savepoint(db, "RELEASE")) < 0)
		return rc;
	if (learned)
		*learned = variants;
	return 0;
}

/* ---- the concordance backend ---- */

typedef struct store_backend {
	sqlite3 *db;
	const char *srcbase, *tgtbase;
	sqlite3_stmt *ids_fold, *ids_stem, *df, *number;
	aln__smap dfcache;
} store_backend;

/*
 * The term ids of one query word (all its accented and inflected
 * spellings) as "(1 OR 2 OR 3)" appended to b, with their summed df.
 * Returns 0, or 1 when the word is not in the memory at all.
 */
static int word_ids(store_backend *sb, aln_buf *b, long long *df,
		    const char *key, size_t len, bool stem)
{
	sqlite3_stmt *st = stem ? sb->ids_stem : sb->ids_fold;
	size_t mark = b->len;
	int n = 0, rc;

	*df = 0;
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, sb->srcbase, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, key, (int)len, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (aln_buf_puts(b, n ? " OR " : "(") < 0 ||
		    aln_buf_printf(b, "%lld", sqlite3_column_int64(st, 0)) < 0)
			return ALN_ENOMEM;
		*df += sqlite3_column_int64(st, 1);
		n++;
	}
	if (rc != SQLITE_DONE)
		return aln__term_db_error(sb->db,
					  _("cannot search the memory"));
	if (!n && !stem && all_digits(key, len)) {
		sqlite3_reset(sb->number);
		sqlite3_bind_text(sb->number, 1, sb->srcbase, -1,
				  SQLITE_STATIC);
		sqlite3_bind_text(sb->number, 2, key, (int)len, SQLITE_STATIC);
		if (sqlite3_step(sb->number) == SQLITE_ROW) {
			*df = sqlite3_column_int64(sb->number, 1);
			return aln_buf_printf(
				b, "(%lld)",
				sqlite3_column_int64(sb->number, 0));
		}
	}
	if (!n) {
		aln_buf_truncate(b, mark);
		return 1;
	}
	return aln_buf_putc(b, ')');
}

/* The length of an apostrophe or hyphen at k[j], or 0. */
static size_t sep_len(const char *k, size_t kl, size_t j)
{
	if (k[j] == '\'' || k[j] == '-')
		return 1;
	/* U+2019 right single quotation mark, U+2010 and U+2011 hyphens. */
	if (j + 2 < kl && (unsigned char)k[j] == 0xe2 &&
	    (unsigned char)k[j + 1] == 0x80 &&
	    ((unsigned char)k[j + 2] == 0x99 ||
	     (unsigned char)k[j + 2] == 0x90 ||
	     (unsigned char)k[j + 2] == 0x91))
		return 3;
	return 0;
}

typedef struct part {
	char *match;
	long long df;
} part;

static int by_df(const void *a, const void *b)
{
	const part *x = a, *y = b;

	return x->df < y->df ? -1 : x->df > y->df;
}

/*
 * The query's words, split as the store splits terms (runs of letters
 * and digits), each looked up; the three rarest go into the FTS query
 * and the engine checks the rest.
 */
static int build_match(store_backend *sb, const aln__query *q, bool stem,
		       char **out)
{
	part parts[64];
	size_t np = 0;
	aln_buf b = ALN_BUF_INIT;
	int rc = 0;

	*out = NULL;
	for (size_t i = 0; i < q->words.n && np < ALN_ARRAY_SIZE(parts); i++) {
		const aln__word *w = &q->words.w[i];
		const char *k = w->key;
		size_t kl = w->keylen, at = 0;
		bool whole = true;

		for (size_t j = 0; j < kl; j++)
			if (sep_len(k, kl, j))
				whole = false;
		/* With --stem a plain word is looked up by its stem. */
		if (stem && whole && !w->punct) {
			long long df;

			aln_buf_clear(&b);
			rc = word_ids(sb, &b, &df, w->stem, w->stemlen, true);
			if (rc < 0)
				goto done;
			if (rc == 1) {
				rc = 0;
				goto done;
			}
			parts[np].df = df;
			if (!(parts[np].match = aln_buf_detach(&b, NULL))) {
				rc = ALN_ENOMEM;
				goto done;
			}
			np++;
			continue;
		}
		if (w->punct)
			continue;
		/* The store indexes each ideograph alone. */
		if (w->ideo) {
			while (at < kl && np < ALN_ARRAY_SIZE(parts)) {
				size_t e = at + 1;
				long long df;

				while (e < kl &&
				       ((unsigned char)k[e] & 0xc0) == 0x80)
					e++;
				aln_buf_clear(&b);
				if ((rc = word_ids(sb, &b, &df, k + at, e - at,
						   false)) != 0) {
					if (rc == 1)
						rc = 0;
					goto done;
				}
				parts[np].df = df;
				if (!(parts[np].match =
					      aln_buf_detach(&b, NULL))) {
					rc = ALN_ENOMEM;
					goto done;
				}
				np++;
				at = e;
			}
			continue;
		}
		while (at < kl && np < ALN_ARRAY_SIZE(parts)) {
			size_t e = at;
			long long df;

			/* Split at apostrophes and hyphens (ASCII or not). */
			while (e < kl && !sep_len(k, kl, e))
				e++;
			if (e > at) {
				aln_buf_clear(&b);
				rc = word_ids(sb, &b, &df, k + at, e - at,
					      false);
				if (rc < 0)
					goto done;
				if (rc == 1) {
					/* Not in the memory: no hit. */
					rc = 0;
					goto done;
				}
				parts[np].df = df;
				if (!(parts[np].match =
					      aln_buf_detach(&b, NULL))) {
					rc = ALN_ENOMEM;
					goto done;
				}
				np++;
			}
			at = e;
			while (at < kl && sep_len(k, kl, at))
				at += sep_len(k, kl, at);
		}
	}
	qsort(parts, np, sizeof(*parts), by_df);
	aln_buf_clear(&b);
	/*
	 * A frequent part ("de") narrows little and costs a long doclist:
	 * leave it to the engine's check.
	 */
	for (size_t i = 0; i < np && i < 3; i++)
		if ((i == 0 || parts[i].df <= 10 * parts[0].df + 1000) &&
		    (aln_buf_puts(&b, b.len ? " AND " : "") < 0 ||
		     aln_buf_puts(&b, parts[i].match) < 0)) {
			rc = ALN_ENOMEM;
			goto done;
		}
	if (np && !(*out = aln_buf_detach(&b, NULL)))
		rc = ALN_ENOMEM;
done:
	for (size_t i = 0; i < np; i++)
		free(parts[i].match);
	aln_buf_free(&b);
	return rc;
}

static int sb_candidates(void *data, const aln__query *q, bool stem,
			 size_t limit, aln__pair_cb cb, void *cbdata)
{
	store_backend *sb = data;
	sqlite3_stmt *st = NULL;
	char *match = NULL;
	long long last = -1;
	size_t sent = 0;
	int rc;

	if ((rc = build_match(sb, q, stem, &match)) < 0 || !match)
		return rc;
	if ((rc = aln__term_prepare(
		     &st, sb->db,
		     "SELECT v.unit, v.text, t.text FROM variant_words"
		     " JOIN variants v ON v.id = variant_words.rowid"
		     " JOIN variants t ON t.unit = v.unit AND t.base = ?3"
		     " AND t.id <> v.id"
		     " WHERE variant_words MATCH ?1 AND v.base = ?2"
		     " ORDER BY variant_words.rowid")) < 0)
		goto done;
	sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, sb->srcbase, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, sb->tgtbase, -1, SQLITE_STATIC);
	for (;;) {
		int step = sqlite3_step(st), crc;
		long long unit;
		const char *s, *t;

		if (step == SQLITE_DONE)
			break;
		if (step != SQLITE_ROW) {
			rc = aln__term_db_error(sb->db,
						_("cannot search the memory"));
			break;
		}
		unit = sqlite3_column_int64(st, 0);
		s = text_col(st, 1);
		t = text_col(st, 2);
		/* One target variant per unit is enough. */
		if (unit == last || !s || !t)
			continue;
		last = unit;
		if ((crc = cb(cbdata, unit, s, t)) != 0) {
			rc = crc < 0 ? crc : 0;
			break;
		}
		if (limit && ++sent >= limit)
			break;
	}
done:
	sqlite3_finalize(st);
	free(match);
	return rc;
}

static int sb_df(void *data, const char *key, size_t len, long long *df)
{
	store_backend *sb = data;
	aln__smap_entry *e = aln__smap_get(&sb->dfcache, key, len, true);
	int rc;

	if (!e)
		return ALN_ENOMEM;
	if (e->value) {
		*df = e->value - 1;
		return 0;
	}
	sqlite3_reset(sb->df);
	sqlite3_bind_text(sb->df, 1, sb->tgtbase, -1, SQLITE_STATIC);
	sqlite3_bind_text(sb->df, 2, key, (int)len, SQLITE_STATIC);
	rc = sqlite3_step(sb->df);
	if (rc != SQLITE_ROW)
		return aln__term_db_error(sb->db,
					  _("cannot search the memory"));
	*df = sqlite3_column_int64(sb->df, 0);
	e->value = *df + 1;
	return 0;
}

/* The glossary targets for an expression, as a NULL-terminated array. */
static int glossary_targets(sqlite3 *db, const char *srcbase,
			    const char *tgtbase, const char *key, char ***out,
			    size_t *n)
{
	sqlite3_stmt *st;
	char **v = NULL;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = aln__term_prepare(&st, db,
				    "SELECT target FROM glossary"
				    " WHERE srcbase = ?1 AND tgtbase = ?2"
				    " AND source_key = ?3 ORDER BY id")) < 0)
		return rc;
	sqlite3_bind_text(st, 1, srcbase, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, tgtbase, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, key, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n + 1 >= cap) {
			char **nv;

			cap = cap ? cap * 2 : 4;
			if (!(nv = aln__reallocarray(v, cap, sizeof(*nv)))) {
				rc = ALN_ENOMEM;
				break;
			}
			v = nv;
		}
		if (!(v[*n] = aln__strdup(text_col(st, 0) ? text_col(st, 0)
							  : ""))) {
			rc = ALN_ENOMEM;
			break;
		}
		v[++*n] = NULL;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		for (size_t i = 0; v && i < *n; i++)
			free(v[i]);
		free(v);
		*n = 0;
		return rc < 0 ? rc
			      : aln__term_db_error(
					db, _("cannot read the glossary"));
	}
	*out = v;
	return 0;
}

int aln__term_source_key(char **out, const char *text, const char *lang)
{
	aln__words w = { 0 };
	aln_buf b = ALN_BUF_INIT;
	int rc;

	*out = NULL;
	if ((rc = aln__words_split(&w, text, strlen(text), lang, NULL)) < 0)
		return rc;
	for (size_t i = 0; i < w.n && rc == 0; i++) {
		if (w.w[i].punct)
			continue;
		if (b.len && (rc = aln_buf_putc(&b, ' ')) < 0)
			break;
		rc = aln_buf_put(&b, w.w[i].key, w.w[i].keylen);
	}
	if (rc == 0 && !(*out = aln_buf_detach(&b, NULL)))
		rc = ALN_ENOMEM;
	aln_buf_free(&b);
	aln__words_free(&w);
	return rc;
}

/* The canonical tag and base language of tag, copied. */
int aln__term_lang(aln_memory *m, char canon[ALN_LANG_MAX],
		   char base[ALN_LANG_MAX], const char *tag)
{
	const char *c, *b;
	int rc;

	if (!tag || !*tag)
		return aln__error(ALN_EINVAL, "%s", _("a language is missing"));
	if ((rc = aln__memory_lang(m, &c, &b, tag)) < 0)
		return rc;
	snprintf(canon, ALN_LANG_MAX, "%s", c);
	snprintf(base, ALN_LANG_MAX, "%s", b);
	return 0;
}

int aln_concord(aln_concord_result **out, aln_memory *m, const char *expr,
		const aln_concord_options *opts)
{
	aln_concord_options o = ALN_CONCORD_OPTIONS_INIT;
	char sc[ALN_LANG_MAX], sbase[ALN_LANG_MAX];
	char tc[ALN_LANG_MAX], tbase[ALN_LANG_MAX];
	store_backend sb = { 0 };
	aln__concord_backend b = { 0 };
	sqlite3_stmt *st = NULL;
	char **gloss = NULL, *key = NULL;
	size_t ngloss = 0;
	int rc;

	*out = NULL;
	if (opts)
		o = *opts;
	if (!expr)
		return aln__error(ALN_EINVAL, "%s",
				  _("the expression has no words to search"));
	if ((rc = need_db(&sb.db, m)) < 0 ||
	    (rc = aln__term_lang(m, sc, sbase, o.srclang)) < 0 ||
	    (rc = aln__term_lang(m, tc, tbase, o.tgtlang)) < 0 ||
	    (rc = aln_term_learn(m, NULL)) < 0)
		return rc;
	sb.srcbase = sbase;
	sb.tgtbase = tbase;
	/*
	 * A concordance reads pages all over the indexes: map them rather
	 * than copy them through the page cache.
	 */
	sqlite3_exec(sb.db, "PRAGMA mmap_size = 1073741824", NULL, NULL, NULL);
	if ((rc = aln__term_prepare(&sb.ids_fold, sb.db,
				    "SELECT l.id, t.df FROM lexicon_terms l"
				    " JOIN terms t ON t.id = l.id"
				    " WHERE l.base = ?1 AND l.fold = ?2")) <
		    0 ||
	    (rc = aln__term_prepare(&sb.ids_stem, sb.db,
				    "SELECT l.id, t.df FROM lexicon_terms l"
				    " JOIN terms t ON t.id = l.id"
				    " WHERE l.base = ?1 AND l.stem = ?2")) <
		    0 ||
	    (rc = aln__term_prepare(&sb.df, sb.db,
				    "SELECT coalesce(sum(t.df), 0)"
				    " FROM lexicon_terms l"
				    " JOIN terms t ON t.id = l.id"
				    " WHERE l.base = ?1 AND l.stem = ?2")) <
		    0 ||
	    (rc = aln__term_prepare(&sb.number, sb.db,
				    "SELECT id, df FROM terms"
				    " WHERE base = ?1 AND term = ?2")) < 0 ||
	    (rc = aln__term_prepare(&st, sb.db,
				    "SELECT variants, words FROM lexicon_langs"
				    " WHERE base = ?1")) < 0)
		goto done;
	sqlite3_bind_text(st, 1, tbase, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		b.nunits = sqlite3_column_int64(st, 0);
		if (b.nunits > 0)
			b.mean_tgt_words = (double)sqlite3_column_int64(st, 1) /
					   (double)b.nunits;
	}
	if ((rc = aln__term_source_key(&key, expr, sbase)) < 0 ||
	    (rc = glossary_targets(sb.db, sbase, tbase, key, &gloss, &ngloss)) <
		    0)
		goto done;
	b.data = &sb;
	b.srclang = sbase;
	b.tgtlang = tbase;
	b.candidates = sb_candidates;
	b.df = sb_df;
	b.nglossary = ngloss;
	b.glossary = (const char *const *)gloss;
	rc = aln__concord_run(out, &b, expr, &o);
done:
	for (size_t i = 0; i < ngloss; i++)
		free(gloss[i]);
	free(gloss);
	free(key);
	sqlite3_finalize(st);
	sqlite3_finalize(sb.ids_fold);
	sqlite3_finalize(sb.ids_stem);
	sqlite3_finalize(sb.df);
	sqlite3_finalize(sb.number);
	aln__smap_free(&sb.dfcache);
	return rc;
}

/* ---- the glossary ---- */

static void now_iso(char out[21])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* A copy of s without leading and trailing white space, or NULL. */
static char *trimmed(const char *s)
{
	size_t n;

	if (!s)
		return NULL;
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' ||
		     s[n - 1] == '\r'))
		n--;
	return aln__strndup(s, n);
}

int aln_term_add(aln_memory *m, const aln_term_entry *e, long long *id)
{
	char sc[ALN_LANG_MAX], sbase[ALN_LANG_MAX];
	char tc[ALN_LANG_MAX], tbase[ALN_LANG_MAX], stamp[21];
	char *src = NULL, *tgt = NULL, *key = NULL;
	sqlite3_stmt *st = NULL;
	sqlite3 *db;
	int rc;

	if (id)
		*id = 0;
	if ((rc = need_db(&db, m)) < 0 ||
	    (rc = aln__term_lang(m, sc, sbase, e->srclang)) < 0 ||
	    (rc = aln__term_lang(m, tc, tbase, e->tgtlang)) < 0)
		return rc;
	if (!(src = trimmed(e->source)) || !(tgt = trimmed(e->target))) {
		rc = e->source && e->target ? ALN_ENOMEM : 0;
		if (!rc)
			rc = aln__error(ALN_EINVAL, "%s",
					_("a term is missing"));
		goto done;
	}
	if (!*src || !*tgt) {
		rc = aln__error(ALN_EINVAL, "%s", _("a term is empty"));
		goto done;
	}
	if ((rc = aln__term_source_key(&key, src, sbase)) < 0)
		goto done;
	if (!*key) {
		rc = aln__error(ALN_EINVAL, _("the term '%s' has no words"),
				src);
		goto done;
	}
	if ((rc = aln__term_prepare(&st, db,
				    "SELECT id FROM glossary WHERE srclang = ?1"
				    " AND tgtlang = ?2 AND source = ?3"
				    " AND target = ?4")) < 0)
		goto done;
	sqlite3_bind_text(st, 1, sc, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, tc, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, src, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, tgt, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		if (id)
			*id = sqlite3_column_int64(st, 0);
		rc = aln__error(ALN_EEXISTS,
				_("the glossary already has '%s' = '%s'"), src,
				tgt);
		goto done;
	}
	sqlite3_finalize(st);
	if ((rc = aln__term_prepare(
		     &st, db,
		     "INSERT INTO glossary(srclang, srcbase, source,"
		     " source_key, tgtlang, tgtbase, target, note, domain,"
		     " created) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
		     " ?10)")) < 0)
		goto done;
	now_iso(stamp);
	sqlite3_bind_text(st, 1, sc, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, sbase, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, src, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, tc, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, tbase, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, tgt, -1, SQLITE_STATIC);
	if (e->note && *e->note)
		sqlite3_bind_text(st, 8, e->note, -1, SQLITE_STATIC);
	if (e->domain && *e->domain)
		sqlite3_bind_text(st, 9, e->domain, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, e->created ? e->created : stamp, -1,
			  SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		rc = sqlite3_db_readonly(db, "main")
			     ? aln__error(ALN_EINVAL, "%s",
					  _("the memory is open read-only"))
			     : aln__term_db_error(
				       db, _("cannot write the glossary"));
		goto done;
	}
	if (id)
		*id = sqlite3_last_insert_rowid(db);
done:
	sqlite3_finalize(st);
	free(src);
	free(tgt);
	free(key);
	return rc;
}

int aln_term_remove(aln_memory *m, long long id)
{
	sqlite3_stmt *st;
	sqlite3 *db;
	int rc;

	if ((rc = need_db(&db, m)) < 0 ||
	    (rc = aln__term_prepare(&st, db,
				    "DELETE FROM glossary WHERE id = ?1")) < 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = aln__term_db_error(db, _("cannot write the glossary"));
	else if (sqlite3_changes(db) == 0)
		rc = aln__error(ALN_ENOTFOUND,
				_("the glossary has no entry %lld"), id);
	sqlite3_finalize(st);
	return rc;
}

static void fill_entry(aln_term_entry *e, sqlite3_stmt *st)
{
	e->id = sqlite3_column_int64(st, 0);
	e->srclang = text_col(st, 1);
	e->source = text_col(st, 2);
	e->tgtlang = text_col(st, 3);
	e->target = text_col(st, 4);
	e->note = text_col(st, 5);
	e->domain = text_col(st, 6);
	e->created = text_col(st, 7);
}

#define ENTRY_COLUMNS                                                          \
	"SELECT id, srclang, source, tgtlang, target, note, domain, created"   \
	" FROM glossary"

int aln_term_list(aln_memory *m, const char *srclang, const char *tgtlang,
		  aln_term_cb cb, void *data)
{
	char sc[ALN_LANG_MAX], sbase[ALN_LANG_MAX];
	char tc[ALN_LANG_MAX], tbase[ALN_LANG_MAX];
	sqlite3_stmt *st;
	sqlite3 *db;
	int rc;

	if ((rc = need_db(&db, m)) < 0 ||
	    (srclang && (rc = aln__term_lang(m, sc, sbase, srclang)) < 0) ||
	    (tgtlang && (rc = aln__term_lang(m, tc, tbase, tgtlang)) < 0))
		return rc;
	/* A base language matches its regions; a regional tag itself. */
	if ((rc = aln__term_prepare(&st, db,
				    ENTRY_COLUMNS
				    " WHERE (?1 IS NULL OR srcbase = ?1)"
				    " AND (?2 IS NULL OR srclang = ?2)"
				    " AND (?3 IS NULL OR tgtbase = ?3)"
				    " AND (?4 IS NULL OR tgtlang = ?4)"
				    " ORDER BY source, target, id")) < 0)
		return rc;
	if (srclang) {
		sqlite3_bind_text(st, 1, sbase, -1, SQLITE_STATIC);
		if (strcmp(sc, sbase))
			sqlite3_bind_text(st, 2, sc, -1, SQLITE_STATIC);
	}
	if (tgtlang) {
		sqlite3_bind_text(st, 3, tbase, -1, SQLITE_STATIC);
		if (strcmp(tc, tbase))
			sqlite3_bind_text(st, 4, tc, -1, SQLITE_STATIC);
	}
	for (;;) {
		aln_term_entry e;
		int step = sqlite3_step(st);

		if (step == SQLITE_DONE) {
			rc = 0;
			break;
		}
		if (step != SQLITE_ROW) {
			rc = aln__term_db_error(db,
						_("cannot read the glossary"));
			break;
		}
		fill_entry(&e, st);
		if ((rc = cb(&e, data)) != 0)
			break;
	}
	sqlite3_finalize(st);
	return rc;
}

typedef struct found {
	aln_term_entry e;
	char *strings[7];
	size_t words;
} found;

static int by_length(const void *a, const void *b)
{
	const found *x = a, *y = b;

	if (x->words != y->words)
		return x->words < y->words ? 1 : -1;
	return x->e.id < y->e.id ? -1 : x->e.id > y->e.id;
}

int aln_term_find(aln_memory *m, const char *text, const char *srclang,
		  const char *tgtlang, aln_term_cb cb, void *data)
{
	char sc[ALN_LANG_MAX], sbase[ALN_LANG_MAX];
	char tc[ALN_LANG_MAX], tbase[ALN_LANG_MAX];
	aln__words tw = { 0 };
	sqlite3_stmt *st = NULL;
	found *f = NULL;
	size_t nf = 0, cap = 0;
	sqlite3 *db;
	int rc;

	if ((rc = need_db(&db, m)) < 0 ||
	    (rc = aln__term_lang(m, sc, sbase, srclang)) < 0 ||
	    (rc = aln__term_lang(m, tc, tbase, tgtlang)) < 0 ||
	    (rc = aln__words_split(&tw, text, strlen(text), sbase, NULL)) < 0)
		return rc;
	/* Glossaries are small next to the memory: test every entry. */
	if ((rc = aln__term_prepare(&st, db,
				    ENTRY_COLUMNS " WHERE srcbase = ?1"
						  " AND tgtbase = ?2")) < 0)
		goto done;
	sqlite3_bind_text(st, 1, sbase, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, tbase, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		aln_term_entry e;
		aln__query q;
		size_t a, z;
		bool hit;

		fill_entry(&e, st);
		if (!e.source ||
		    (rc = aln__query_init(&q, e.source, sbase, NULL)) < 0)
			continue;
		hit = aln__query_find(&q, &tw, &a, &z);
		aln__query_free(&q);
		if (!hit)
			continue;
		if (nf == cap) {
			found *nfp;

			cap = cap ? cap * 2 : 8;
			if (!(nfp = aln__reallocarray(f, cap, sizeof(*nfp)))) {
				rc = ALN_ENOMEM;
				goto done;
			}
			f = nfp;
		}
		memset(&f[nf], 0, sizeof(f[nf]));
		f[nf].e.id = e.id;
		f[nf].words = z - a;
		{
			const char *in[7] = { e.srclang, e.source, e.tgtlang,
					      e.target,	 e.note,   e.domain,
					      e.created };

			for (int i = 0; i < 7; i++)
				if (in[i] &&
				    !(f[nf].strings[i] = aln__strdup(in[i]))) {
					rc = ALN_ENOMEM;
					nf++;
					goto done;
				}
		}
		f[nf].e.srclang = f[nf].strings[0];
		f[nf].e.source = f[nf].strings[1];
		f[nf].e.tgtlang = f[nf].strings[2];
		f[nf].e.target = f[nf].strings[3];
		f[nf].e.note = f[nf].strings[4];
		f[nf].e.domain = f[nf].strings[5];
		f[nf].e.created = f[nf].strings[6];
		nf++;
	}
	if (rc != SQLITE_DONE) {
		rc = aln__term_db_error(db, _("cannot read the glossary"));
		goto done;
	}
	rc = 0;
	if (nf)
		qsort(f, nf, sizeof(*f), by_length);
	for (size_t i = 0; i < nf && rc == 0; i++)
		rc = cb(&f[i].e, data);
done:
	for (size_t i = 0; i < nf; i++)
		for (int k = 0; k < 7; k++)
			free(f[i].strings[k]);
	free(f);
	sqlite3_finalize(st);
	aln__words_free(&tw);
	return rc;
}
