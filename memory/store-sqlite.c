// SPDX-License-Identifier: MIT
/*
 * The SQLite backend of the memory (memory/store.h). One database file in
 * WAL mode holds documents, units, their variants (one per language),
 * properties and extra provenance, plus an FTS5 word index whose tokens
 * are the ids of the variant's terms in the `terms` table (one id per
 * language and folded word, with its document frequency). Candidate
 * retrieval ranks the variants sharing the query's rarest terms with bm25
 * and never scans the variants table; the concordance (term.c) searches
 * the same index, and since every ideograph is a term of its own, it also
 * finds substrings of Chinese and Japanese text.
 *
 * Versions 1 and 2 also kept a trigram index over variant text. Nothing
 * needed it that the word index does not answer, and it took half the
 * time of an import: version 3 drops it.
 *
 * Every statement is prepared once and bound; the schema version is in
 * PRAGMA user_version and migrations run in one transaction. Document
 * frequencies are counted in memory during a transaction and written at
 * commit, so a bulk import updates each term row once.
 */
#include "store.h"
#include "buf.h"
#include "term-internal.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define SCHEMA_VERSION 3

/* The largest total of postings a candidate query reads, and its floor. */
#define CANDIDATE_MIN_TERMS 2
#define CANDIDATE_MAX_TERMS 16
#define CANDIDATE_AND_TERMS 8

/* Tests lower it to reach the common-words path on a small memory. */
size_t aln__store_postings_budget = 20000;

static const char schema_v1[] =
	"CREATE TABLE documents("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL,"
	"  lang TEXT NOT NULL,"
	"  checksum TEXT,"
	"  created TEXT NOT NULL,"
	"  UNIQUE(name, lang));"
	"CREATE TABLE units("
	"  id INTEGER PRIMARY KEY,"
	"  hash INTEGER NOT NULL,"
	"  tuid TEXT,"
	"  srclang TEXT,"
	"  confidence REAL,"
	"  created TEXT NOT NULL,"
	"  changed TEXT,"
	"  tool TEXT);"
	"CREATE INDEX units_hash ON units(hash);"
	"CREATE TABLE variants("
	"  id INTEGER PRIMARY KEY,"
	"  unit INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,"
	"  lang TEXT NOT NULL,"
	"  base TEXT NOT NULL,"
	"  text TEXT NOT NULL,"
	"  markup TEXT,"
	"  document INTEGER REFERENCES documents(id),"
	"  position INTEGER,"
	"  UNIQUE(unit, lang));"
	"CREATE TABLE props("
	"  unit INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,"
	"  variant INTEGER REFERENCES variants(id) ON DELETE CASCADE,"
	"  type TEXT,"
	"  value TEXT NOT NULL,"
	"  lang TEXT);"
	"CREATE INDEX props_unit ON props(unit);"
	/* Provenance of duplicates: the same variant seen elsewhere again. */
	"CREATE TABLE origins("
	"  variant INTEGER NOT NULL REFERENCES variants(id) ON DELETE CASCADE,"
	"  document INTEGER REFERENCES documents(id),"
	"  position INTEGER,"
	"  tool TEXT,"
	"  created TEXT NOT NULL);"
	"CREATE INDEX origins_variant ON origins(variant);"
	"CREATE TABLE terms("
	"  id INTEGER PRIMARY KEY,"
	"  base TEXT NOT NULL,"
	"  term TEXT NOT NULL,"
	"  df INTEGER NOT NULL DEFAULT 0,"
	"  UNIQUE(base, term));"
	"CREATE VIRTUAL TABLE variant_words USING fts5(terms,"
	"  content='', tokenize='ascii', detail='none', columnsize=0);"
	/* Bigger in-memory batches: fewer segments to merge on import. */
	"INSERT INTO variant_words(variant_words, rank) VALUES('hashsize', "
	"67108864);";

enum {
	ST_FIND_HASH,
	ST_UNIT_VARIANTS,
	ST_INSERT_UNIT,
	ST_INSERT_VARIANT,
	ST_INSERT_PROP,
	ST_INSERT_ORIGIN,
	ST_FIND_DOCUMENT,
	ST_INSERT_DOCUMENT,
	ST_FIND_TERM,
	ST_INSERT_TERM,
	ST_ADD_DF,
	ST_INSERT_WORDS,
	ST_CANDIDATES,
	ST_CANDIDATES_AND,
	ST_CANDIDATE_UNIT,
	ST_EXHAUSTIVE,
	ST_VARIANTS_OF,
	ST_PROPS_OF,
	ST_DOCUMENT_NAME,
	ST_COUNT
};

static const char *const sql[ST_COUNT] = {
	[ST_FIND_HASH] = "SELECT id FROM units WHERE hash = ?1",
	[ST_UNIT_VARIANTS] =
		"SELECT id, lang, text FROM variants WHERE unit = ?1",
	[ST_INSERT_UNIT] = "INSERT INTO units(hash, tuid, srclang, confidence,"
			   " created, changed, tool)"
			   " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[ST_INSERT_VARIANT] = "INSERT INTO variants(unit, lang, base, text,"
			      " markup, document, position)"
			      " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[ST_INSERT_PROP] = "INSERT INTO props(unit, variant, type, value, lang)"
			   " VALUES(?1, ?2, ?3, ?4, ?5)",
	[ST_INSERT_ORIGIN] = "INSERT INTO origins(variant, document, position,"
			     " tool, created) VALUES(?1, ?2, ?3, ?4, ?5)",
	[ST_FIND_DOCUMENT] =
		"SELECT id FROM documents WHERE name = ?1 AND lang = ?2",
	[ST_INSERT_DOCUMENT] = "INSERT INTO documents(name, lang, created)"
			       " VALUES(?1, ?2, ?3)",
	[ST_FIND_TERM] =
		"SELECT id, df FROM terms WHERE base = ?1 AND term = ?2",
	[ST_INSERT_TERM] = "INSERT INTO terms(id, base, term, df)"
			   " VALUES(?1, ?2, ?3, ?4)",
	[ST_ADD_DF] = "UPDATE terms SET df = df + ?2 WHERE id = ?1",
	[ST_INSERT_WORDS] =
		"INSERT INTO variant_words(rowid, terms) VALUES(?1, ?2)",
	[ST_CANDIDATES] = "SELECT rowid FROM variant_words"
			  " WHERE variant_words MATCH ?1",
	[ST_CANDIDATES_AND] = "SELECT rowid FROM variant_words"
			      " WHERE variant_words MATCH ?1 LIMIT ?2",
	[ST_CANDIDATE_UNIT] =
		"SELECT v.unit, v.text, v.lang, t.text, t.lang, d.name,"
		" u.confidence FROM variants v"
		" JOIN units u ON u.id = v.unit"
		" JOIN variants t ON t.unit = v.unit AND t.base = ?2"
		" AND t.id != v.id"
		" LEFT JOIN documents d ON d.id = v.document"
		" WHERE v.id = ?1",
	[ST_EXHAUSTIVE] = "SELECT v.unit, v.text, v.lang, t.text, t.lang,"
			  " d.name, u.confidence FROM variants v"
			  " JOIN units u ON u.id = v.unit"
			  " JOIN variants t ON t.unit = v.unit AND t.base = ?2"
			  " AND t.id != v.id"
			  " LEFT JOIN documents d ON d.id = v.document"
			  " WHERE v.base = ?1",
	/* Column 0 is the unit, as in the whole-table walk (follower). */
	[ST_VARIANTS_OF] = "SELECT unit, id, lang, text, markup, document,"
			   " position FROM variants WHERE unit = ?1",
	[ST_PROPS_OF] = "SELECT unit, variant, type, value, lang FROM props"
			" WHERE unit = ?1 ORDER BY rowid",
	[ST_DOCUMENT_NAME] = "SELECT name, lang FROM documents WHERE id = ?1",
};

/* One term known to this connection: its id and the pending df change. */
struct term {
	uint64_t hash; /* of the key */
	size_t key;    /* offset of "base\0term" in the store's keys */
	size_t keylen;
	long long id;
	long long df;	 /* as stored when read */
	long long delta; /* documents added in the open transaction */
	bool dirty;	 /* delta or fresh to be written */
	bool fresh;	 /* not in the terms table yet */
};

#define DOC_CACHE 8

/* The most terms the store keeps in memory (see term_get()); tests lower it. */
size_t aln__store_terms_cache_max = 1u << 18;

typedef struct sqlite_store {
	aln_store base;
	sqlite3 *db;
	char *path;
	sqlite3_stmt *st[ST_COUNT];
	/*
	 * The terms met: a dense array, their keys one after another in
	 * keys, and an open-addressing index of slots, each the high half
	 * of a term's hash and its position + 1 (0: empty). The index is
	 * small enough to stay in the processor's cache, so a term not
	 * met yet costs no memory access beyond it.
	 */
	struct term *terms;
	size_t nterms, cap;
	aln_buf keys;
	uint64_t *slots;
	size_t nslots;
	/* PRAGMA data_version when the table was last known true, or -1. */
	long long terms_version;
	/*
	 * On a memory whose terms (units) table was empty when this
	 * connection began writing, and that no other connection has
	 * written since, every term (unit) in the file is in the cache or
	 * in terms_gone (units_seen), Bloom filters of the terms dropped
	 * from the cache (of the units stored): one that is in neither is
	 * new, without a query. NULL when not known.
	 */
	uint64_t *terms_gone, *units_seen;
	bool writing;		 /* inside a transaction begun by sq_begin() */
	struct checkpointer *ck; /* NULL until the first commit */
	bool journal;	/* this transaction writes through a rollback journal */
	bool has_units; /* seen to hold units: no journal, no query (nothing
			   deletes units) */
	/* What the open transaction stored (aln__store_sqlite_new_variants). */
	long long first_variant, last_variant;
	struct aln__lang_count new_langs[32];
	size_t nnew_langs;
	bool new_langs_lost; /* more languages than new_langs holds */
	/* Entries to write; the id of the next new term (0: not read yet). */
	size_t ndirty;
	long long next_term;
	/*
	 * The last documents looked up, to skip most document queries: an
	 * aligned pair stores its two documents in turn.
	 */
	struct doc_entry {
		char *name, *lang; /* one allocation, name first */
		long long id;
	} docs[DOC_CACHE];
	unsigned int next_doc;
	aln_buf scratch;
} sqlite_store;

static int db_error(sqlite_store *s, const char *what)
{
	int rc = sqlite3_errcode(s->db);
	int code = ALN_EDB;

	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		code = ALN_EBUSY;
	else if (rc == SQLITE_NOMEM)
		return aln__error_oom();
	aln__error(code, _("memory '%s': %s: %s"), s->path, what,
		   sqlite3_errmsg(s->db));
	if (code == ALN_EBUSY)
		aln__error_hint("%s",
				_("another alinea process is writing to "
				  "the memory; try again when it is done"));
	else if (rc == SQLITE_READONLY)
		aln__error_hint("%s", _("check that the memory file and its "
					"folder are writable"));
	else if (rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB)
		aln__error_hint("%s", _("the file is damaged or not an alinea "
					"memory; restore it from a backup"));
	return code;
}

static sqlite3_stmt *stmt(sqlite_store *s, int which)
{
	sqlite3_stmt *st = s->st[which];

	if (!st) {
		if (sqlite3_prepare_v3(s->db, sql[which], -1,
				       SQLITE_PREPARE_PERSISTENT, &st,
				       NULL) != SQLITE_OK) {
			db_error(s, _("cannot prepare a query"));
			return NULL;
		}
		s->st[which] = st;
	} else {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	}
	return st;
}

/*
 * Resets every cached statement. A statement stepped to a row and left
 * there holds its read snapshot open: this connection would then fail to
 * start a write after another process's commit (SQLITE_BUSY), and never
 * let a checkpoint finish. Called at the end of every transaction.
 */
static void reset_all(sqlite_store *s)
{
	for (int i = 0; i < ST_COUNT; i++)
		if (s->st[i])
			sqlite3_reset(s->st[i]);
}

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

static int exec(sqlite_store *s, const char *q, const char *what)
{
	if (sqlite3_exec(s->db, q, NULL, NULL, NULL) != SQLITE_OK)
		return db_error(s, what);
	return 0;
}

/* The time as "YYYYMMDDThhmmssZ", formatted once a second. */
static void now_stamp(char out[17])
{
	static _Thread_local time_t last = -1;
	static _Thread_local char stamp[17];
	time_t t = time(NULL);

	if (t != last) {
		struct tm tm;

		gmtime_r(&t, &tm);
		strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
		last = t;
	}
	memcpy(out, stamp, sizeof(stamp));
}

/* ---- Bloom filters of what the file holds (see sqlite_store) ---- */

/* 64-byte blocks: 4 MiB, a fraction of a percent of false alarms below
 * about two million entries. */
#define BLOOM_BLOCKS (1u << 16)

static uint64_t bloom_mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	return h ^ (h >> 33);
}

/* The block of h, and its four bits in it (one block: one cache line). */
static uint64_t *bloom_block(uint64_t *bloom, uint64_t h, unsigned bit[4])
{
	h = bloom_mix(h);
	for (int k = 0; k < 4; k++)
		bit[k] = (unsigned)(h >> (9 * k)) & 511;
	return bloom + (size_t)((h >> 48) & (BLOOM_BLOCKS - 1)) * 8;
}

static void bloom_add(uint64_t *bloom, uint64_t h)
{
	unsigned bit[4];
	uint64_t *b = bloom_block(bloom, h, bit);

	for (int k = 0; k < 4; k++)
		b[bit[k] >> 6] |= 1ULL << (bit[k] & 63);
}

static bool bloom_maybe(uint64_t *bloom, uint64_t h)
{
	unsigned bit[4];
	uint64_t *b = bloom_block(bloom, h, bit);

	for (int k = 0; k < 4; k++)
		if (!(b[bit[k] >> 6] & (1ULL << (bit[k] & 63))))
			return false;
	return true;
}

static void known_clear(sqlite_store *s)
{
	free(s->terms_gone);
	free(s->units_seen);
	s->terms_gone = s->units_seen = NULL;
}

/* ---- the term cache ---- */

static void terms_clear(sqlite_store *s)
{
	free(s->terms);
	free(s->slots);
	aln_buf_free(&s->keys);
	s->terms = NULL;
	s->slots = NULL;
	s->nterms = s->cap = s->nslots = s->ndirty = 0;
	s->next_term = 0;
}

#define SLOT_TAG(h) ((h)&0xffffffff00000000ULL)

/*
 * The slot of the term with hash h, base base (bl bytes) and term term
 * (tl bytes): the one holding it, or the empty one where it would go.
 */
static uint64_t *terms_slot(sqlite_store *s, uint64_t h, const char *base,
			    size_t bl, const char *term, size_t tl)
{
	size_t mask = s->nslots - 1, i = (size_t)h & mask;
	uint64_t tag = SLOT_TAG(h), *slot;

	for (;; i = (i + 1) & mask) {
		const struct term *t;
		const char *k;

		slot = &s->slots[i];
		if (!*slot)
			return slot;
		if (SLOT_TAG(*slot) != tag)
			continue;
		t = &s->terms[(*slot & 0xffffffffu) - 1];
		k = s->keys.ptr + t->key;
		if (t->hash == h && t->keylen == bl + 1 + tl &&
		    !memcmp(k, base, bl + 1) && !memcmp(k + bl + 1, term, tl))
			return slot;
	}
}

/* Rebuilds the index with n slots (a power of two, twice the terms). */
static int terms_reindex(sqlite_store *s, size_t n)
{
	uint64_t *slots = aln__calloc(n, sizeof(*slots));
	size_t i;

	if (!slots)
		return ALN_ENOMEM;
	free(s->slots);
	s->slots = slots;
	s->nslots = n;
	for (i = 0; i < s->nterms; i++) {
		const struct term *t = &s->terms[i];
		size_t j = (size_t)t->hash & (n - 1);

		while (slots[j])
			j = (j + 1) & (n - 1);
		slots[j] = SLOT_TAG(t->hash) | (uint64_t)(i + 1);
	}
	return 0;
}

/*
 * Keeps only the terms met in more than one variant (their counts are
 * written: see term_get()), which are worth keeping; the others, mostly
 * numbers and names met once, go.
 */
static int terms_evict(sqlite_store *s)
{
	aln_buf keys = ALN_BUF_INIT;
	size_t i, n = 0;
	int rc;

	for (i = 0; i < s->nterms; i++) {
		struct term t = s->terms[i];

		if (t.df <= 1) {
			if (s->terms_gone)
				bloom_add(s->terms_gone, t.hash);
			continue;
		}
		if ((rc = aln_buf_put(&keys, s->keys.ptr + t.key, t.keylen)) <
		    0) {
			aln_buf_free(&keys);
			return rc;
		}
		t.key = keys.len - t.keylen;
		s->terms[n++] = t;
	}
	aln_buf_free(&s->keys);
	s->keys = keys;
	s->nterms = n;
	return terms_reindex(s, s->nslots);
}

static int terms_flush(sqlite_store *s);
static int count(sqlite_store *s, const char *q, long long *out);

/*
 * Finds the term (base, term), reading it from the database or, with
 * create, inserting it. *out is NULL when the term is unknown and create
 * is false.
 */
static int term_get(sqlite_store *s, struct term **out, const char *base,
		    const char *term, uint64_t h, bool create)
{
	size_t bl = strlen(base), tl = strlen(term), kl = bl + 1 + tl;
	struct term *t;
	sqlite3_stmt *st;
	bool fresh = false;
	uint64_t *slot;
	int rc;

	*out = NULL;
	if (s->nslots && *(slot = terms_slot(s, h, base, bl, term, tl))) {
		*out = &s->terms[(*slot & 0xffffffffu) - 1];
		return 0;
	}
	long long id = 0, df = 0;
	if (s->writing && s->terms_gone && !bloom_maybe(s->terms_gone, h)) {
		rc = SQLITE_DONE; /* surely not in the file */
	} else {
		if (!(st = stmt(s, ST_FIND_TERM))) {
			rc = ALN_EDB;
			goto done;
		}
		sqlite3_bind_text(st, 1, base, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, term, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
	}
	if (rc == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		df = sqlite3_column_int64(st, 1);
	} else if (rc != SQLITE_DONE) {
		rc = db_error(s, _("cannot read the index"));
		goto done;
	} else if (!create) {
		rc = 0;
		goto done;
	} else {
		/*
		 * A new term: its id now (the transaction holds the write
		 * lock, so nobody else takes it), its row when the counts
		 * are written, with its count: one insert instead of an
		 * insert and an update.
		 */
		if (!s->next_term &&
		    (rc = count(s, "SELECT coalesce(max(id), 0) + 1 FROM terms",
				&s->next_term)) < 0)
			goto done;
		id = s->next_term++;
		fresh = true;
	}
	/*
	 * A bounded cache: an import of millions of units, each with a
	 * number of its own, would otherwise hold every term ever met.
	 * The pending counts go to the database first (inside the
	 * transaction, so a rollback still undoes them); the terms met
	 * more than once stay, in a table of the same size, and the
	 * others (mostly numbers and names met once) go.
	 */
	if (s->nterms >= aln__store_terms_cache_max) {
		if ((rc = terms_flush(s)) < 0 || (rc = terms_evict(s)) < 0)
			goto done;
		if (s->nterms >= aln__store_terms_cache_max / 2) {
			long long next = s->next_term; /* id may be taken */

			for (size_t i = 0; s->terms_gone && i < s->nterms; i++)
				bloom_add(s->terms_gone, s->terms[i].hash);
			terms_clear(s);
			s->next_term = next;
		}
	}
	if (s->nterms == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 1024;
		struct term *tt = realloc(s->terms, cap * sizeof(*tt));

		if (!tt) {
			rc = aln__error_oom();
			goto done;
		}
		s->terms = tt;
		s->cap = cap;
	}
	if ((s->nterms + 1) * 2 > s->nslots &&
	    (rc = terms_reindex(s, s->nslots ? s->nslots * 2 : 4096)) < 0)
		goto done;
	if ((rc = aln_buf_put(&s->keys, base, bl + 1)) < 0 ||
	    (rc = aln_buf_put(&s->keys, term, tl)) < 0)
		goto done;
	t = &s->terms[s->nterms];
	t->hash = h;
	t->key = s->keys.len - kl;
	t->keylen = kl;
	t->id = id;
	t->df = df;
	t->delta = 0;
	t->dirty = false;
	t->fresh = fresh;
	*terms_slot(s, h, base, bl, term, tl) =
		SLOT_TAG(h) | (uint64_t)(++s->nterms);
	*out = t;
	rc = 0;
done:
	return rc;
}

/*
 * Writes the new terms and the pending document frequencies (inside the
 * transaction: a rollback undoes them, and clears the cache).
 */
static int by_term_id(const void *a, const void *b)
{
	long long x = (*(struct term *const *)a)->id;
	long long y = (*(struct term *const *)b)->id;

	return (x > y) - (x < y);
}

static int terms_flush(sqlite_store *s)
{
	struct term **dirty;
	size_t i, n = 0;
	int rc = 0;

	if (!s->ndirty)
		return 0;
	/*
	 * In id order: new terms are appended to the table instead of
	 * landing at random among each other (a third of the cost), and
	 * the counts are updated page after page.
	 */
	if (!(dirty = aln__malloc(s->ndirty * sizeof(*dirty))))
		return ALN_ENOMEM;
	for (i = 0; i < s->nterms && n < s->ndirty; i++)
		if (s->terms[i].dirty)
			dirty[n++] = &s->terms[i];
	qsort(dirty, n, sizeof(*dirty), by_term_id);
	for (i = 0; i < n; i++) {
		struct term *t = dirty[i];
		sqlite3_stmt *st;

		if (!(st = stmt(s, t->fresh ? ST_INSERT_TERM : ST_ADD_DF))) {
			rc = ALN_EDB;
			break;
		}
		sqlite3_bind_int64(st, 1, t->id);
		if (t->fresh) {
			const char *key = s->keys.ptr + t->key;
			size_t bl = strlen(key);

			sqlite3_bind_text(st, 2, key, (int)bl, SQLITE_STATIC);
			sqlite3_bind_text(st, 3, key + bl + 1,
					  (int)(t->keylen - bl - 1),
					  SQLITE_STATIC);
			sqlite3_bind_int64(st, 4, t->df + t->delta);
		} else {
			sqlite3_bind_int64(st, 2, t->delta);
		}
		if (sqlite3_step(st) != SQLITE_DONE) {
			rc = db_error(s, _("cannot update the index"));
			break;
		}
		t->df += t->delta;
		t->delta = 0;
		t->dirty = t->fresh = false;
		s->ndirty--;
	}
	free(dirty);
	return rc;
}

static void docs_clear(sqlite_store *s)
{
	for (int i = 0; i < DOC_CACHE; i++) {
		free(s->docs[i].name);
		s->docs[i].name = NULL;
	}
}

/* ---- checkpoints on a thread of their own ---- */

/*
 * A commit appends to the write-ahead log; copying the log into the
 * database file (a checkpoint: for a bulk load, as many bytes again as
 * the load wrote, and two fsyncs) is left to a thread with its own
 * connection, so that the next transaction (the next file of an
 * import, the next batch of a load) runs meanwhile. It replaces SQLite's
 * own checkpoint at the end of a commit (on_wal_commit()), at the same
 * log length; sq_close() waits for the thread, then checkpoints what is
 * left.
 */
struct checkpointer {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool pending, stop;
	const char *path; /* the store's */
};

static void *checkpoints(void *arg)
{
	struct checkpointer *c = arg;
	sqlite3 *db = NULL;

	pthread_mutex_lock(&c->lock);
	for (;;) {
		while (!c->pending && !c->stop)
			pthread_cond_wait(&c->wake, &c->lock);
		if (!c->pending)
			break;
		c->pending = false;
		pthread_mutex_unlock(&c->lock);
		/*
		 * A connection checkpoints only once it has read the file
		 * (which opens the log): a first query does.
		 */
		if (!db && (sqlite3_open_v2(c->path, &db,
					    SQLITE_OPEN_READWRITE |
						    SQLITE_OPEN_NOMUTEX,
					    NULL) != SQLITE_OK ||
			    sqlite3_exec(db, "SELECT 1 FROM sqlite_schema",
					 NULL, NULL, NULL) != SQLITE_OK)) {
			sqlite3_close(db);
			db = NULL;
		}
		/* Passive: never waits for readers or writers. */
		if (db)
			sqlite3_wal_checkpoint_v2(db, NULL,
						  SQLITE_CHECKPOINT_PASSIVE,
						  NULL, NULL);
		pthread_mutex_lock(&c->lock);
	}
	pthread_mutex_unlock(&c->lock);
	sqlite3_close(db);
	return NULL;
}

/* After a commit: a checkpoint, on the thread when there is one. */
static void checkpoint_soon(sqlite_store *s)
{
	struct checkpointer *c = s->ck;

	if (!c && (c = calloc(1, sizeof(*c)))) {
		c->path = s->path;
		pthread_mutex_init(&c->lock, NULL);
		pthread_cond_init(&c->wake, NULL);
		if (pthread_create(&c->thread, NULL, checkpoints, c) != 0) {
			pthread_cond_destroy(&c->wake);
			pthread_mutex_destroy(&c->lock);
			free(c);
			c = NULL;
		}
		s->ck = c;
	}
	if (!c) {
		sqlite3_wal_checkpoint_v2(
			s->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
		return;
	}
	pthread_mutex_lock(&c->lock);
	c->pending = true;
	pthread_cond_signal(&c->wake);
	pthread_mutex_unlock(&c->lock);
}

/*
 * Called by SQLite after each commit of the store's connection (also the
 * glossary's, which commit on their own) with the log's length in pages:
 * past SQLite's own threshold for a checkpoint, asks for one.
 */
static int on_wal_commit(void *data, sqlite3 *db, const char *name, int pages)
{
	(void)db;
	(void)name;
	if (pages >= 1000)
		checkpoint_soon(data);
	return SQLITE_OK;
}

static void checkpointer_stop(sqlite_store *s)
{
	struct checkpointer *c = s->ck;

	if (s->base.readonly)
		return;
	if (!c)
		goto last;
	pthread_mutex_lock(&c->lock);
	c->stop = true;
	pthread_cond_signal(&c->wake);
	pthread_mutex_unlock(&c->lock);
	pthread_join(c->thread, NULL);
	pthread_cond_destroy(&c->wake);
	pthread_mutex_destroy(&c->lock);
	free(c);
	s->ck = NULL;
last:
	/* What the thread had not reached yet (a last commit's frames). */
	sqlite3_wal_checkpoint_v2(s->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL,
				  NULL);
}

/* ---- transactions ---- */

/*
 * A transaction into a memory without units writes through a rollback
 * journal instead of the write-ahead log. The log would get every page
 * of the new content once and the file a second time (the checkpoint),
 * to protect readers of a memory that holds nothing yet: for a first
 * import of a million units, a sixth of its time. The journal holds only
 * what the file held before (the empty tables), and synchronous = FULL
 * keeps a commit as safe from a power cut as in the log. When another
 * connection has the file open, the mode cannot change and the log is
 * used. The memory goes back to the log after the transaction (or, if
 * someone opened it meanwhile, at its next opening).
 */
static void journal_begin(sqlite_store *s)
{
	sqlite3_stmt *st;
	long long none = 0;

	s->journal = false;
	if (s->base.readonly || s->has_units)
		return;
	if (count(s, "SELECT NOT EXISTS (SELECT 1 FROM units)", &none) < 0) {
		aln_error_clear();
		return;
	}
	if (!none) {
		s->has_units = true;
		return;
	}
	if (sqlite3_prepare_v2(s->db, "PRAGMA journal_mode = DELETE", -1, &st,
			       NULL) != SQLITE_OK)
		return;
	if (sqlite3_step(st) == SQLITE_ROW &&
	    !strcmp((const char *)sqlite3_column_text(st, 0), "delete"))
		s->journal = sqlite3_exec(s->db, "PRAGMA synchronous = FULL",
					  NULL, NULL, NULL) == SQLITE_OK;
	sqlite3_finalize(st);
}

static void journal_end(sqlite_store *s)
{
	if (!s->journal)
		return;
	s->journal = false;
	sqlite3_exec(s->db,
		     "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL",
		     NULL, NULL, NULL);
}

static int sq_begin(aln_store *base)
{
	sqlite_store *s = (sqlite_store *)base;
	long long version;
	int rc;

	journal_begin(s);
	if ((rc = exec(s, "BEGIN IMMEDIATE", _("cannot start a transaction"))) <
	    0) {
		journal_end(s);
		return rc;
	}
	/*
	 * The term ids and document frequencies cached by the last
	 * transaction stay true unless another connection has written
	 * since (PRAGMA data_version only changes for others' commits):
	 * a bulk import in many transactions keeps its cache warm.
	 */
	if ((rc = count(s, "PRAGMA data_version", &version)) < 0) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		journal_end(s);
		return rc;
	}
	if (version != s->terms_version) {
		long long none;

		terms_clear(s);
		known_clear(s);
		/* Empty tables: from now on, this connection knows them. */
		if ((rc = count(s, "SELECT NOT EXISTS (SELECT 1 FROM terms)",
				&none)) == 0 &&
		    none && !(s->terms_gone = aln__calloc(BLOOM_BLOCKS, 64)))
			rc = ALN_ENOMEM;
		if (rc == 0 &&
		    (rc = count(s, "SELECT NOT EXISTS (SELECT 1 FROM units)",
				&none)) == 0 &&
		    none && !(s->units_seen = aln__calloc(BLOOM_BLOCKS, 64)))
			rc = ALN_ENOMEM;
		if (rc < 0) {
			known_clear(s);
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
			journal_end(s);
			return rc;
		}
	}
	s->terms_version = version;
	s->writing = true;
	s->first_variant = s->last_variant = 0;
	s->nnew_langs = 0;
	s->new_langs_lost = false;
	return 0;
}

static int sq_commit(aln_store *base)
{
	sqlite_store *s = (sqlite_store *)base;
	int rc;

	if ((rc = terms_flush(s)) < 0)
		return rc;
	reset_all(s);
	if ((rc = exec(s, "COMMIT", _("cannot commit"))) < 0)
		return rc;
	if (s->base.stored)
		s->has_units = true;
	journal_end(s);
	s->writing = false;
	s->next_term = 0;
	return 0;
}

static int sq_rollback(aln_store *base)
{
	sqlite_store *s = (sqlite_store *)base;
	int rc;

	/* Ids of terms inserted by the transaction are void now. */
	terms_clear(s);
	known_clear(s);
	reset_all(s);
	s->terms_version = -1;
	s->writing = false;
	docs_clear(s);
	if (!sqlite3_get_autocommit(s->db) &&
	    (rc = exec(s, "ROLLBACK", _("cannot roll back"))) < 0)
		return rc;
	journal_end(s);
	return 0;
}

/* ---- storing ---- */

static int document_id(sqlite_store *s, long long *id, const char *name,
		       const char *lang, const char *created)
{
	sqlite3_stmt *st;
	int rc;

	struct doc_entry *e;

	for (e = s->docs; e < s->docs + DOC_CACHE; e++)
		if (e->name && !strcmp(e->name, name) &&
		    !strcmp(e->lang, lang)) {
			*id = e->id;
			return 0;
		}
	if (!(st = stmt(s, ST_FIND_DOCUMENT)))
		return ALN_EDB;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, lang, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
	} else if (rc == SQLITE_DONE) {
		if (!(st = stmt(s, ST_INSERT_DOCUMENT)))
			return ALN_EDB;
		sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, lang, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, created, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			return db_error(s, _("cannot store a document"));
		*id = sqlite3_last_insert_rowid(s->db);
	} else {
		return db_error(s, _("cannot read the documents"));
	}
	/* Round robin: a cache miss only costs the query above. */
	e = &s->docs[s->next_doc++ % DOC_CACHE];
	free(e->name);
	if ((e->name = aln__malloc(strlen(name) + strlen(lang) + 2))) {
		strcpy(e->name, name);
		e->lang = e->name + strlen(name) + 1;
		strcpy(e->lang, lang);
		e->id = *id;
	} else {
		aln_error_clear();
	}
	return 0;
}

/*
 * Whether stored unit id has exactly the variants of u; fills vids with
 * the stored variant ids in u's order.
 */
static int same_unit(sqlite_store *s, bool *same, long long id,
		     const aln_unit *u, long long *vids)
{
	sqlite3_stmt *st = NULL;
	size_t n = 0, i;
	int rc;

	*same = false;
	/* A fresh statement: ST_FIND_HASH may still be stepping. */
	if (sqlite3_prepare_v2(s->db, sql[ST_UNIT_VARIANTS], -1, &st, NULL) !=
	    SQLITE_OK)
		return db_error(s, _("cannot prepare a query"));
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *lang = (const char *)sqlite3_column_text(st, 1);
		const char *text = (const char *)sqlite3_column_text(st, 2);

		n++;
		for (i = 0; i < u->nvariants; i++)
			if (!strcmp(u->variants[i].lang, lang))
				break;
		if (i == u->nvariants || strcmp(u->variants[i].text, text))
			goto out;
		vids[i] = sqlite3_column_int64(st, 0);
	}
	if (rc != SQLITE_DONE) {
		rc = db_error(s, _("cannot read the units"));
		sqlite3_finalize(st);
		return rc;
	}
	*same = n == u->nvariants;
out:
	sqlite3_finalize(st);
	return 0;
}

static int insert_prop(sqlite_store *s, long long unit, long long variant,
		       const aln_prop *p)
{
	sqlite3_stmt *st = stmt(s, ST_INSERT_PROP);

	if (!st)
		return ALN_EDB;
	sqlite3_bind_int64(st, 1, unit);
	if (variant)
		sqlite3_bind_int64(st, 2, variant);
	bind_text_or_null(st, 3, p->type);
	bind_text_or_null(st, 4, p->value ? p->value : "");
	bind_text_or_null(st, 5, p->lang);
	if (sqlite3_step(st) != SQLITE_DONE)
		return db_error(s, _("cannot store a property"));
	return 0;
}

static int add_origins(sqlite_store *s, const aln_unit *u,
		       const long long *vids, const char *created)
{
	size_t i;
	int rc;

	for (i = 0; i < u->nvariants; i++) {
		const aln_variant *v = &u->variants[i];
		long long doc = 0;
		sqlite3_stmt *st;

		if (!v->document && v->position < 0)
			continue;
		if (v->document && (rc = document_id(s, &doc, v->document,
						     v->lang, created)) < 0)
			return rc;
		if (!(st = stmt(s, ST_INSERT_ORIGIN)))
			return ALN_EDB;
		sqlite3_bind_int64(st, 1, vids[i]);
		if (doc)
			sqlite3_bind_int64(st, 2, doc);
		if (v->position >= 0)
			sqlite3_bind_int64(st, 3, v->position);
		bind_text_or_null(st, 4, u->tool);
		sqlite3_bind_text(st, 5, created, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			return db_error(s, _("cannot store a provenance"));
	}
	return 0;
}

/* Appends " id" (or "id" first) in decimal: cheaper than printf. */
static int put_id(aln_buf *b, long long id, bool space)
{
	char tmp[24];
	size_t n = sizeof(tmp);

	do {
		tmp[--n] = (char)('0' + id % 10);
		id /= 10;
	} while (id > 0 && n > 1);
	if (space)
		tmp[--n] = ' ';
	return aln_buf_put(b, tmp + n, sizeof(tmp) - n);
}

static int index_variant(sqlite_store *s, long long vid, const char *base,
			 const aln_store_terms *terms)
{
	sqlite3_stmt *st;
	size_t i;
	int rc;

	if (!terms->count)
		return 0;
	aln_buf_clear(&s->scratch);
	for (i = 0; i < terms->count; i++) {
		struct term *t;

		const char *w = terms->terms[i];

		if ((rc = term_get(s, &t, base, w,
				   terms->hashes
					   ? terms->hashes[i]
					   : aln__store_term_hash(base, w),
				   true)) < 0)
			return rc;
		t->delta++;
		if (!t->dirty) {
			t->dirty = true;
			s->ndirty++;
		}
		if ((rc = put_id(&s->scratch, t->id, i > 0)) < 0)
			return rc;
	}
	if (!(st = stmt(s, ST_INSERT_WORDS)))
		return ALN_EDB;
	sqlite3_bind_int64(st, 1, vid);
	sqlite3_bind_text(st, 2, s->scratch.ptr, (int)s->scratch.len,
			  SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		return db_error(s, _("cannot update the index"));
	return 0;
}

/* Counts a stored variant for the lexicon (see term.c, learn_variants). */
static void count_new_variant(sqlite_store *s, long long id, const char *base,
			      const char *text)
{
	if (!s->first_variant)
		s->first_variant = id;
	s->last_variant = id;
	if (!aln__lang_count_add(s->new_langs, &s->nnew_langs,
				 ALN_ARRAY_SIZE(s->new_langs), base, text))
		s->new_langs_lost = true;
}

static int sq_add_unit(aln_store *base, long long *id, const aln_store_unit *su)
{
	sqlite_store *s = (sqlite_store *)base;
	const aln_unit *u = su->unit;
	char now[17];
	const char *created;
	long long uid = 0, *vids;
	sqlite3_stmt *st;
	size_t i, j;
	int rc;

	if (!(vids = aln__calloc(u->nvariants, sizeof(*vids))))
		return ALN_ENOMEM;
	now_stamp(now);
	created = u->created ? u->created : now;

	/* Identical unit already stored: add the provenance only. */
	if (s->units_seen && !bloom_maybe(s->units_seen, su->hash))
		goto store; /* surely a new one */
	if (!(st = stmt(s, ST_FIND_HASH))) {
		rc = ALN_EDB;
		goto out;
	}
	sqlite3_bind_int64(st, 1, (sqlite3_int64)su->hash);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		bool same;
		long long cand = sqlite3_column_int64(st, 0);

		if ((rc = same_unit(s, &same, cand, u, vids)) < 0)
			goto out;
		if (same) {
			uid = cand;
			break;
		}
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE && rc != 0) {
		rc = db_error(s, _("cannot read the units"));
		goto out;
	}
	sqlite3_reset(st);
	if (uid) {
		if ((rc = add_origins(s, u, vids, created)) == 0)
			s->base.merged++;
		goto out;
	}
store:
	if (s->units_seen)
		bloom_add(s->units_seen, su->hash);

	if (!(st = stmt(s, ST_INSERT_UNIT))) {
		rc = ALN_EDB;
		goto out;
	}
	sqlite3_bind_int64(st, 1, (sqlite3_int64)su->hash);
	bind_text_or_null(st, 2, u->tuid);
	bind_text_or_null(st, 3, u->srclang);
	if (u->confidence >= 0)
		sqlite3_bind_double(st, 4, u->confidence);
	sqlite3_bind_text(st, 5, created, -1, SQLITE_STATIC);
	bind_text_or_null(st, 6, u->changed);
	bind_text_or_null(st, 7, u->tool);
	if (sqlite3_step(st) != SQLITE_DONE) {
		rc = db_error(s, _("cannot store a unit"));
		goto out;
	}
	uid = sqlite3_last_insert_rowid(s->db);

	for (i = 0; i < u->nvariants; i++) {
		const aln_variant *v = &u->variants[i];
		long long doc = 0;

		if (v->document && (rc = document_id(s, &doc, v->document,
						     v->lang, created)) < 0)
			goto out;
		if (!(st = stmt(s, ST_INSERT_VARIANT))) {
			rc = ALN_EDB;
			goto out;
		}
		sqlite3_bind_int64(st, 1, uid);
		sqlite3_bind_text(st, 2, v->lang, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, su->base[i], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, v->text, -1, SQLITE_STATIC);
		bind_text_or_null(st, 5, v->markup);
		if (doc)
			sqlite3_bind_int64(st, 6, doc);
		if (v->position >= 0)
			sqlite3_bind_int64(st, 7, v->position);
		if (sqlite3_step(st) != SQLITE_DONE) {
			rc = db_error(s, _("cannot store a variant"));
			goto out;
		}
		vids[i] = sqlite3_last_insert_rowid(s->db);
		count_new_variant(s, vids[i], su->base[i], v->text);
		if ((rc = index_variant(s, vids[i], su->base[i],
					&su->terms[i])) < 0)
			goto out;
		for (j = 0; j < v->nprops; j++)
			if ((rc = insert_prop(s, uid, vids[i], &v->props[j])) <
			    0)
				goto out;
	}
	for (j = 0; j < u->nprops; j++)
		if ((rc = insert_prop(s, uid, 0, &u->props[j])) < 0)
			goto out;
	rc = 0;
	s->base.stored++;
out:
	if (rc == 0 && id)
		*id = uid;
	free(vids);
	return rc;
}

/* ---- reading ---- */

/* One stored property while a unit is read: strings at offsets in a buffer. */
struct prop_row {
	long long variant;	  /* 0 for the unit's own */
	size_t type, value, lang; /* offsets + 1 in the buffer, 0 for NULL */
};

/* The string at offset o + 1 of buffer b, or NULL for offset 0. */
#define AT(b, o) ((o) ? (b).ptr + (o)-1 : NULL)

static int put_opt(aln_buf *b, size_t *off, const unsigned char *s)
{
	if (!s) {
		*off = 0;
		return 0;
	}
	*off = b->len + 1;
	return aln_buf_put(b, (const char *)s, strlen((const char *)s) + 1);
}

/*
 * The rows of one unit at a time from a query whose column 0 is the unit
 * id. A walk over most of the memory reads each table once, in step with
 * the units (both by ascending unit id: no seek, no statement run per
 * unit); a selective walk runs the query of one unit for each.
 */
typedef struct follower {
	sqlite_store *s;
	sqlite3_stmt *st; /* the whole-table query, or the current unit's */
	int which;	  /* the per-unit statement */
	bool whole;
	int rc; /* the last sqlite3_step() */
} follower;

static int follow_start(follower *f, sqlite_store *s, int which, bool whole,
			const char *whole_sql)
{
	memset(f, 0, sizeof(*f));
	f->s = s;
	f->which = which;
	f->whole = whole;
	if (!whole)
		return 0;
	if (sqlite3_prepare_v2(s->db, whole_sql, -1, &f->st, NULL) != SQLITE_OK)
		return db_error(s, _("cannot prepare a query"));
	f->rc = sqlite3_step(f->st);
	return 0;
}

/* 1 when f is on a row of unit id, 0 past its rows, or a negative code. */
static int follow_check(follower *f, long long id)
{
	if (f->rc == SQLITE_ROW)
		return sqlite3_column_int64(f->st, 0) == id;
	if (f->rc == SQLITE_DONE)
		return 0;
	return db_error(f->s, _("cannot read the units"));
}

/* Moves f to the first row of unit id (ids come in ascending order). */
static int follow_first(follower *f, long long id)
{
	if (!f->whole) {
		if (!(f->st = stmt(f->s, f->which)))
			return ALN_EDB;
		sqlite3_bind_int64(f->st, 1, id);
		f->rc = sqlite3_step(f->st);
	} else {
		while (f->rc == SQLITE_ROW &&
		       sqlite3_column_int64(f->st, 0) < id)
			f->rc = sqlite3_step(f->st);
	}
	return follow_check(f, id);
}

static int follow_next(follower *f, long long id)
{
	f->rc = sqlite3_step(f->st);
	return follow_check(f, id);
}

static void follow_end(follower *f)
{
	if (f->whole)
		sqlite3_finalize(f->st);
	else if (f->st)
		sqlite3_reset(f->st);
	f->st = NULL;
}

/*
 * Sets *name to the name of document id, through the store's document
 * cache (a walk meets the same few documents over and over), or to NULL
 * when there is no such document. Returns 0 or a negative ALN_E* code.
 */
static int document_name(sqlite_store *s, const char **name, long long id)
{
	struct doc_entry *e;
	sqlite3_stmt *st;
	int rc;

	*name = NULL;
	for (e = s->docs; e < s->docs + DOC_CACHE; e++)
		if (e->name && e->id == id) {
			*name = e->name;
			return 0;
		}
	if (!(st = stmt(s, ST_DOCUMENT_NAME)))
		return ALN_EDB;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *n = (const char *)sqlite3_column_text(st, 0);
		const char *l = (const char *)sqlite3_column_text(st, 1);

		e = &s->docs[s->next_doc++ % DOC_CACHE];
		free(e->name);
		e->name = NULL;
		if (!n || !l) {
			rc = db_error(s, _("cannot read the documents"));
		} else if (!(e->name =
				     aln__malloc(strlen(n) + strlen(l) + 2))) {
			rc = ALN_ENOMEM;
		} else {
			strcpy(e->name, n);
			e->lang = e->name + strlen(n) + 1;
			strcpy(e->lang, l);
			e->id = id;
			*name = e->name;
			rc = 0;
		}
	} else {
		rc = rc == SQLITE_DONE
			     ? 0
			     : db_error(s, _("cannot read the documents"));
	}
	sqlite3_reset(st);
	return rc;
}

/*
 * Reads unit u's properties from pf and points u->props and each
 * variant's props into *props (grown as needed, owned by the caller),
 * grouped: the unit's first, then each variant's. The strings live in
 * s->scratch and the rows in *rows until the next call.
 */
static int read_props(sqlite_store *s, follower *pf, aln_unit *u,
		      aln_variant *vars, const long long *vid, size_t nv,
		      aln_prop **props, size_t *pcap, struct prop_row **rows,
		      size_t *rcap)
{
	size_t n = 0, k = 0, i, j;
	int rc;

	aln_buf_clear(&s->scratch);
	for (rc = follow_first(pf, u->id); rc == 1;
	     rc = follow_next(pf, u->id)) {
		sqlite3_stmt *ps = pf->st;

		if ((rc = aln__grow(rows, rcap, n + 1, sizeof(**rows))) < 0)
			return rc;
		(*rows)[n].variant = sqlite3_column_int64(ps, 1);
		if ((rc = put_opt(&s->scratch, &(*rows)[n].type,
				  sqlite3_column_text(ps, 2))) < 0 ||
		    (rc = put_opt(&s->scratch, &(*rows)[n].value,
				  sqlite3_column_text(ps, 3))) < 0 ||
		    (rc = put_opt(&s->scratch, &(*rows)[n].lang,
				  sqlite3_column_text(ps, 4))) < 0)
			return rc;
		n++;
	}
	if (!pf->whole)
		follow_end(pf);
	if (rc < 0)
		return rc;
	if ((rc = aln__grow(props, pcap, n, sizeof(**props))) < 0)
		return rc;
	for (j = 0; j <= nv; j++) {
		long long want = j ? vid[j - 1] : 0;
		size_t start = k;

		for (i = 0; i < n; i++) {
			if ((*rows)[i].variant != want)
				continue;
			(*props)[k].type = AT(s->scratch, (*rows)[i].type);
			(*props)[k].value = AT(s->scratch, (*rows)[i].value);
			(*props)[k].lang = AT(s->scratch, (*rows)[i].lang);
			k++;
		}
		if (j) {
			vars[j - 1].props = k > start ? *props + start : NULL;
			vars[j - 1].nprops = k - start;
		} else {
			u->props = k > start ? *props + start : NULL;
			u->nprops = k - start;
		}
	}
	return 0;
}

/* Puts the variants of a unit in the order they were stored. */
static void sort_variants(aln_variant *vars, long long *vid, size_t (*voff)[4],
			  size_t nv)
{
	for (size_t i = 1; i < nv; i++)
		for (size_t k = i; k > 0 && vid[k - 1] > vid[k]; k--) {
			long long t = vid[k];
			aln_variant tv = vars[k];

			vid[k] = vid[k - 1];
			vid[k - 1] = t;
			for (int c = 0; c < 4; c++) {
				size_t o = voff[k][c];

				voff[k][c] = voff[k - 1][c];
				voff[k - 1][c] = o;
			}
			vars[k] = vars[k - 1];
			vars[k - 1] = tv;
		}
}

static int sq_each_unit(aln_store *base, const aln_unit_filter *f,
			aln_unit_cb cb, void *data)
{
	sqlite_store *s = (sqlite_store *)base;
	aln_buf q = ALN_BUF_INIT;
	sqlite3_stmt *st = NULL;
	aln_variant *vars = NULL;
	aln_prop *props = NULL;
	struct prop_row *rows = NULL;
	long long *vid = NULL;
	size_t cap = 0, vcap = 0, ocap = 0, pcap = 0, rcap = 0, i;
	size_t(*voff)[4] = NULL;
	aln_buf vb = ALN_BUF_INIT;
	follower vf, pf;
	/*
	 * A document or a date usually picks few units: then a query per
	 * unit beats reading the variants and properties tables whole.
	 */
	bool whole = !f || (!f->document && !f->since);
	int rc, nb = 0;

	memset(&vf, 0, sizeof(vf));
	memset(&pf, 0, sizeof(pf));
	rc = aln_buf_puts(&q, "SELECT id, tuid, srclang, confidence, created,"
			      " changed, tool FROM units u WHERE 1");
	for (i = 0; f && rc == 0 && i < f->nlangs; i++)
		rc = aln_buf_puts(&q, strchr(f->langs[i], '-')
					      ? " AND EXISTS (SELECT 1 FROM"
						" variants WHERE unit = u.id"
						" AND lang = ?)"
					      : " AND EXISTS (SELECT 1 FROM"
						" variants WHERE unit = u.id"
						" AND base = ?)");
	if (f && f->document && rc == 0)
		rc = aln_buf_puts(&q, " AND (EXISTS (SELECT 1 FROM variants v"
				      " JOIN documents d ON d.id = v.document"
				      " WHERE v.unit = u.id AND d.name = ?)"
				      " OR EXISTS (SELECT 1 FROM origins o"
				      " JOIN variants v ON v.id = o.variant"
				      " JOIN documents d ON d.id = o.document"
				      " WHERE v.unit = u.id AND d.name = ?))");
	if (f && f->since && rc == 0)
		rc = aln_buf_puts(&q, " AND coalesce(changed, created) >= ?");
	if (f && f->min_confidence >= 0 && rc == 0)
		rc = aln_buf_puts(&q, " AND confidence >= ?");
	if (rc == 0)
		rc = aln_buf_puts(&q, " ORDER BY id");
	if (rc < 0)
		goto out;
	if (sqlite3_prepare_v2(s->db, q.ptr, -1, &st, NULL) != SQLITE_OK) {
		rc = db_error(s, _("cannot prepare a query"));
		goto out;
	}
	for (i = 0; f && i < f->nlangs; i++)
		sqlite3_bind_text(st, ++nb, f->langs[i], -1, SQLITE_STATIC);
	if (f && f->document) {
		sqlite3_bind_text(st, ++nb, f->document, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, ++nb, f->document, -1, SQLITE_STATIC);
	}
	if (f && f->since)
		sqlite3_bind_text(st, ++nb, f->since, -1, SQLITE_STATIC);
	if (f && f->min_confidence >= 0)
		sqlite3_bind_double(st, ++nb, f->min_confidence);
	if ((rc = follow_start(&vf, s, ST_VARIANTS_OF, whole,
			       "SELECT unit, id, lang, text, markup,"
			       " document, position FROM variants"
			       " ORDER BY unit")) < 0 ||
	    (rc = follow_start(&pf, s, ST_PROPS_OF, whole,
			       "SELECT unit, variant, type, value, lang"
			       " FROM props ORDER BY unit, rowid")) < 0)
		goto out;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		aln_unit u = { 0 };
		size_t nv = 0;

		aln_buf_clear(&vb);

		u.id = sqlite3_column_int64(st, 0);
		u.tuid = (const char *)sqlite3_column_text(st, 1);
		u.srclang = (const char *)sqlite3_column_text(st, 2);
		u.confidence = sqlite3_column_type(st, 3) == SQLITE_NULL
				       ? -1
				       : sqlite3_column_double(st, 3);
		u.created = (const char *)sqlite3_column_text(st, 4);
		u.changed = (const char *)sqlite3_column_text(st, 5);
		u.tool = (const char *)sqlite3_column_text(st, 6);

		for (rc = follow_first(&vf, u.id); rc == 1;
		     rc = follow_next(&vf, u.id)) {
			sqlite3_stmt *vs = vf.st;
			const char *doc = NULL;

			if ((rc = aln__grow(&vars, &cap, nv + 1,
					    sizeof(*vars))) < 0 ||
			    (rc = aln__grow(&vid, &vcap, nv + 1,
					    sizeof(*vid))) < 0 ||
			    (rc = aln__grow(&voff, &ocap, nv + 1,
					    sizeof(*voff))) < 0)
				goto out;
			memset(&vars[nv], 0, sizeof(vars[nv]));
			vid[nv] = sqlite3_column_int64(vs, 1);
			if (sqlite3_column_type(vs, 5) != SQLITE_NULL &&
			    (rc = document_name(
				     s, &doc, sqlite3_column_int64(vs, 5))) < 0)
				goto out;
			/*
			 * Copies: the row's strings die at the next step.
			 * Offsets for now, pointers once the buffer stops
			 * moving.
			 */
			if ((rc = put_opt(&vb, &voff[nv][0],
					  sqlite3_column_text(vs, 2))) < 0 ||
			    (rc = put_opt(&vb, &voff[nv][1],
					  sqlite3_column_text(vs, 3))) < 0 ||
			    (rc = put_opt(&vb, &voff[nv][2],
					  sqlite3_column_text(vs, 4))) < 0 ||
			    (rc = put_opt(&vb, &voff[nv][3],
					  (const unsigned char *)doc)) < 0)
				goto out;
			vars[nv].position =
				sqlite3_column_type(vs, 6) == SQLITE_NULL
					? -1
					: (long)sqlite3_column_int64(vs, 6);
			nv++;
		}
		if (!whole)
			follow_end(&vf);
		if (rc < 0)
			goto out;
		/*
		 * In the order they were stored. The index gives them by
		 * language, and ORDER BY in SQL cost a sorter per unit.
		 */
		sort_variants(vars, vid, voff, nv);
		for (i = 0; i < nv; i++) {
			vars[i].lang = AT(vb, voff[i][0]);
			vars[i].text = AT(vb, voff[i][1]);
			vars[i].markup = AT(vb, voff[i][2]);
			vars[i].document = AT(vb, voff[i][3]);
		}
		if ((rc = read_props(s, &pf, &u, vars, vid, nv, &props, &pcap,
				     &rows, &rcap)) < 0)
			goto out;
		u.nvariants = nv;
		u.variants = vars;
		if ((rc = cb(&u, data)))
			goto out;
	}
	if (rc != SQLITE_DONE) {
		rc = db_error(s, _("cannot read the units"));
		goto out;
	}
	rc = 0;
out:
	follow_end(&vf);
	follow_end(&pf);
	sqlite3_finalize(st);
	aln_buf_free(&q);
	free(vars);
	free(vid);
	free(voff);
	aln_buf_free(&vb);
	free(props);
	free(rows);
	reset_all(s);
	return rc;
}

static long long file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (long long)st.st_size : 0;
}

static int count(sqlite_store *s, const char *q, long long *out)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(s->db, q, -1, &st, NULL) != SQLITE_OK)
		return db_error(s, _("cannot prepare a query"));
	rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return db_error(s, _("cannot count the units"));
	return 0;
}

static int sq_stats(aln_store *base, struct aln_memory_stats *out)
{
	sqlite_store *s = (sqlite_store *)base;
	sqlite3_stmt *st;
	aln_buf wal = ALN_BUF_INIT;
	size_t cap = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = count(s, "SELECT count(*) FROM units", &out->units)) < 0 ||
	    (rc = count(s, "SELECT count(*) FROM documents", &out->documents)) <
		    0)
		return rc;
	if (sqlite3_prepare_v2(s->db,
			       "SELECT lang, count(*) FROM variants"
			       " GROUP BY lang ORDER BY lang",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(s, _("cannot prepare a query"));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		aln_memory_lang_stats *l;

		if (aln__grow(&out->langs, &cap, out->nlangs + 1,
			      sizeof(*out->langs)) < 0) {
			sqlite3_finalize(st);
			return ALN_ENOMEM;
		}
		l = &out->langs[out->nlangs++];
		snprintf(l->lang, sizeof(l->lang), "%s",
			 (const char *)sqlite3_column_text(st, 0));
		l->variants = sqlite3_column_int64(st, 1);
		out->variants += l->variants;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_error(s, _("cannot count the units"));
	out->bytes = file_size(s->path);
	if (aln_buf_printf(&wal, "%s-wal", s->path) == 0)
		out->bytes += file_size(wal.ptr);
	aln_buf_free(&wal);
	return 0;
}

/* ---- candidates ---- */

struct qterm {
	long long id, df;
};

static int cmp_df(const void *a, const void *b)
{
	const struct qterm *x = a, *y = b;

	return x->df < y->df ? -1 : x->df > y->df ? 1 : 0;
}

static int report(sqlite_store *s, sqlite3_stmt *st, aln_store_candidate_cb cb,
		  void *data)
{
	aln_store_candidate c;

	c.unit = sqlite3_column_int64(st, 0);
	c.source = (const char *)sqlite3_column_text(st, 1);
	c.source_lang = (const char *)sqlite3_column_text(st, 2);
	c.target = (const char *)sqlite3_column_text(st, 3);
	c.target_lang = (const char *)sqlite3_column_text(st, 4);
	c.document = (const char *)sqlite3_column_text(st, 5);
	c.confidence = sqlite3_column_type(st, 6) == SQLITE_NULL
			       ? -1
			       : sqlite3_column_double(st, 6);
	(void)s;
	return cb(&c, data);
}

/*
 * Accumulated weights of candidate variants: open addressing on the
 * variant id.
 */
struct acc_slot {
	long long id; /* 0 for an empty slot */
	double w;
};

struct acc {
	struct acc_slot *slot;
	size_t n, cap;
};

/*
 * Fibonacci hashing, high bits: ids of one language are often all odd
 * or all even, which the low bits of a product would keep.
 */
static size_t acc_hash(long long id)
{
	return (size_t)(((uint64_t)id * 0x9e3779b97f4a7c15ULL) >> 24);
}

static int cmp_slot(const void *key, const void *elem)
{
	long long id = *(const long long *)key;
	const struct acc_slot *e = elem;

	return id < e->id ? -1 : id > e->id;
}

/* Sizes an empty table for n entries. */
static int acc_reserve(struct acc *a, size_t n)
{
	size_t cap = 4096;

	while (cap < 2 * n + 2)
		cap *= 2;
	if (!(a->slot = aln__calloc(cap, sizeof(*a->slot))))
		return ALN_ENOMEM;
	a->cap = cap;
	a->n = 0;
	return 0;
}

static int acc_add(struct acc *a, long long id, double w)
{
	size_t i;

	if ((a->n + 1) * 2 > a->cap) {
		size_t nc = a->cap ? a->cap * 2 : 4096, j;
		struct acc_slot *t = aln__calloc(nc, sizeof(*t));

		if (!t)
			return ALN_ENOMEM;
		for (j = 0; j < a->cap; j++) {
			if (!a->slot[j].id)
				continue;
			for (i = acc_hash(a->slot[j].id) & (nc - 1); t[i].id;
			     i = (i + 1) & (nc - 1))
				;
			t[i] = a->slot[j];
		}
		free(a->slot);
		a->slot = t;
		a->cap = nc;
	}
	for (i = acc_hash(id) & (a->cap - 1);
	     a->slot[i].id && a->slot[i].id != id; i = (i + 1) & (a->cap - 1))
		;
	if (!a->slot[i].id) {
		a->slot[i].id = id;
		a->n++;
	}
	a->slot[i].w += w;
	return 0;
}

/* Whether x ranks before y: more weight, then older. */
static bool acc_better(const struct acc_slot *x, const struct acc_slot *y)
{
	return x->w != y->w ? x->w > y->w : x->id < y->id;
}

/*
 * The k heaviest ids, best first, in *out (owned by the caller): a
 * min-heap of size k over the table.
 */
static int acc_top(struct acc *a, long long **out, size_t *n, size_t k)
{
	struct acc_slot *h;
	size_t hn = 0, i, j, c;

	*out = NULL;
	*n = 0;
	if (!k || !a->n)
		return 0;
	if (!(h = aln__calloc(k, sizeof(*h))))
		return ALN_ENOMEM;
	for (i = 0; i < a->cap; i++) {
		struct acc_slot x = a->slot[i];

		if (!x.id)
			continue;
		if (hn < k) {
			/* Sift up: the worst stays at the root. */
			for (j = hn++; j > 0 && acc_better(&h[(j - 1) / 2], &x);
			     j = (j - 1) / 2)
				h[j] = h[(j - 1) / 2];
			h[j] = x;
			continue;
		}
		if (!acc_better(&x, &h[0]))
			continue;
		for (j = 0;; j = c) {
			c = 2 * j + 1;
			if (c >= hn)
				break;
			if (c + 1 < hn && acc_better(&h[c], &h[c + 1]))
				c++;
			if (!acc_better(&x, &h[c]))
				break;
			h[j] = h[c];
		}
		h[j] = x;
	}
	if (!(*out = aln__calloc(hn, sizeof(**out)))) {
		free(h);
		return ALN_ENOMEM;
	}
	/* Pop the worst first, filling from the back. */
	*n = hn;
	while (hn) {
		struct acc_slot last;

		(*out)[hn - 1] = h[0].id;
		last = h[--hn];
		for (j = 0;; j = c) {
			c = 2 * j + 1;
			if (c >= hn)
				break;
			if (c + 1 < hn && acc_better(&h[c], &h[c + 1]))
				c++;
			if (!acc_better(&last, &h[c]))
				break;
			h[j] = h[c];
		}
		if (hn)
			h[j] = last;
	}
	free(h);
	return 0;
}

static int candidates(sqlite_store *s, const aln_store_query *q,
		      aln_store_candidate_cb cb, void *data);

/*
 * One read transaction around the whole search: otherwise each of its
 * few hundred statements takes and drops the WAL read lock, and the
 * system calls cost more than the search.
 */
static int sq_candidates(aln_store *base, const aln_store_query *q,
			 aln_store_candidate_cb cb, void *data)
{
	sqlite_store *s = (sqlite_store *)base;
	bool own = sqlite3_get_autocommit(s->db);
	int rc;

	if (own && (rc = exec(s, "BEGIN", _("cannot start a transaction"))) < 0)
		return rc;
	rc = candidates(s, q, cb, data);
	reset_all(s);
	if (own)
		sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
	return rc;
}

static int candidates(sqlite_store *s, const aln_store_query *q,
		      aln_store_candidate_cb cb, void *data)
{
	struct qterm *qt = NULL;
	long long *vids = NULL;
	size_t nq = 0, nv = 0, i, budget = 0, nsel, skip;
	struct {
		size_t start, end;
		double w;
	} pl[CANDIDATE_MAX_TERMS];
	long long *all = NULL;
	size_t nall = 0, capall = 0, nm = 0;
	struct acc_slot *merged = NULL;
	sqlite3_stmt *st, *cu;
	aln_buf match = ALN_BUF_INIT;
	struct acc acc = { 0 };
	long long total = 0;
	int rc;

	if (q->exhaustive) {
		if (!(st = stmt(s, ST_EXHAUSTIVE)))
			return ALN_EDB;
		sqlite3_bind_text(st, 1, q->source_base, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, q->target_base, -1, SQLITE_STATIC);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			if ((rc = report(s, st, cb, data)) != 0) {
				sqlite3_reset(st);
				return rc;
			}
		if (rc != SQLITE_DONE)
			return db_error(s, _("cannot read the units"));
		sqlite3_reset(st);
		return 0;
	}
	if (!q->nterms)
		return 0;
	if (!(qt = aln__calloc(q->nterms, sizeof(*qt))))
		return ALN_ENOMEM;
	for (i = 0; i < q->nterms; i++) {
		struct term *t;

		if ((rc = term_get(
			     s, &t, q->source_base, q->terms[i],
			     aln__store_term_hash(q->source_base, q->terms[i]),
			     false)) < 0)
			goto out;
		if (!t || t->df + t->delta <= 0)
			continue; /* no stored sentence has it */
		qt[nq].id = t->id;
		qt[nq].df = t->df + t->delta;
		nq++;
	}
	if (!nq) {
		rc = 0;
		goto out;
	}
	/*
	 * The rarest terms say most about which sentences are close, and
	 * cost least to read: read their postings, rarest first, while the
	 * total stays within the budget, and rank the variants by the
	 * summed inverse document frequency of the terms they share.
	 */
	qsort(qt, nq, sizeof(*qt), cmp_df);
	if ((rc = count(s, "SELECT max(id) FROM variants", &total)) < 0)
		goto out;
	for (nsel = 0; nsel < nq && nsel < CANDIDATE_MAX_TERMS; nsel++) {
		if (nsel >= CANDIDATE_MIN_TERMS &&
		    budget + (size_t)qt[nsel].df > aln__store_postings_budget)
			break;
		budget += (size_t)qt[nsel].df;
	}
	/*
	 * Each term's postings come sorted by variant id: read them into
	 * one array, then merge the lists, summing weights, in one
	 * sequential pass (a hash table here spent its time in cache
	 * misses).
	 */
	for (i = 0; i < nsel; i++) {
		pl[i].w = log(1.0 + (double)total / (double)qt[i].df);
		pl[i].start = nall;
		aln_buf_clear(&match);
		if ((rc = aln_buf_printf(&match, "%lld", qt[i].id)) < 0)
			goto out;
		if (!(st = stmt(s, ST_CANDIDATES))) {
			rc = ALN_EDB;
			goto out;
		}
		sqlite3_bind_text(st, 1, match.ptr, (int)match.len,
				  SQLITE_STATIC);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			if ((rc = aln__grow(&all, &capall, nall + 1,
					    sizeof(*all))) < 0)
				goto out;
			all[nall++] = sqlite3_column_int64(st, 0);
		}
		if (rc != SQLITE_DONE) {
			rc = db_error(s, _("cannot search the index"));
			goto out;
		}
		sqlite3_reset(st);
		pl[i].end = nall;
	}
	if (!(merged = aln__calloc(nall + 1, sizeof(*merged)))) {
		rc = ALN_ENOMEM;
		goto out;
	}
	for (;;) {
		long long min = 0;
		double w = 0;
		size_t k;

		for (k = 0; k < nsel; k++)
			if (pl[k].start < pl[k].end &&
			    (!min || all[pl[k].start] < min))
				min = all[pl[k].start];
		if (!min)
			break;
		for (k = 0; k < nsel; k++)
			if (pl[k].start < pl[k].end &&
			    all[pl[k].start] == min) {
				w += pl[k].w;
				pl[k].start++;
			}
		merged[nm].id = min;
		merged[nm].w = w;
		nm++;
	}
	if ((rc = acc_reserve(&acc, 4 * q->limit + 16)) < 0)
		goto out;
	/*
	 * A sentence of common words only: the budget stopped before most
	 * terms were read, and many variants share the few that were. The
	 * variants holding all of the rarest terms (an intersection, which
	 * FTS5 computes by skipping through the lists) get a bonus, so an
	 * identical or nearly identical sentence is never crowded out.
	 */
	for (skip = 0; i < nq && skip < 3 && skip + 2 <= nq; skip++) {
		size_t k, nand = nq - skip < CANDIDATE_AND_TERMS
					 ? nq - skip
					 : CANDIDATE_AND_TERMS;
		size_t found = 0;
		double bonus = 0;

		/*
		 * The rarest term may be the very word the new sentence
		 * changed: when the intersection is empty, try again
		 * without it, then without the next.
		 */
		aln_buf_clear(&match);
		for (k = skip; k < skip + nand; k++) {
			bonus += log(1.0 + (double)total / (double)qt[k].df);
			if ((rc = aln_buf_printf(&match, "%s%lld",
						 k > skip ? " AND " : "",
						 qt[k].id)) < 0)
				goto out;
		}
		if (!(st = stmt(s, ST_CANDIDATES_AND))) {
			rc = ALN_EDB;
			goto out;
		}
		sqlite3_bind_text(st, 1, match.ptr, (int)match.len,
				  SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)q->limit);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			long long id = sqlite3_column_int64(st, 0);
			struct acc_slot *hit;

			found++;
			hit = bsearch(&id, merged, nm, sizeof(*merged),
				      cmp_slot);
			if (hit)
				hit->w += bonus;
			else if ((rc = acc_add(&acc, id, bonus)) < 0)
				goto out;
		}
		if (rc != SQLITE_DONE) {
			rc = db_error(s, _("cannot search the index"));
			goto out;
		}
		sqlite3_reset(st);
		if (found)
			break;
	}
	/* The intersections' extra rows join the merged ones. */
	if (acc.n) {
		struct acc_slot *n =
			aln__reallocarray(merged, nm + acc.n + 1, sizeof(*n));

		if (!n) {
			rc = ALN_ENOMEM;
			goto out;
		}
		merged = n;
	}
	for (i = 0; i < acc.cap; i++)
		if (acc.slot[i].id)
			merged[nm++] = acc.slot[i];
	{
		struct acc all_rows = { merged, nm, nm };

		if ((rc = acc_top(&all_rows, &vids, &nv, q->limit)) < 0)
			goto out;
	}
	for (i = 0; i < nv; i++) {
		if (!(cu = stmt(s, ST_CANDIDATE_UNIT))) {
			rc = ALN_EDB;
			goto out;
		}
		sqlite3_bind_int64(cu, 1, vids[i]);
		sqlite3_bind_text(cu, 2, q->target_base, -1, SQLITE_STATIC);
		while ((rc = sqlite3_step(cu)) == SQLITE_ROW)
			if ((rc = report(s, cu, cb, data)) != 0)
				goto out;
		if (rc != SQLITE_DONE) {
			rc = db_error(s, _("cannot read the units"));
			goto out;
		}
	}
	rc = 0;
out:
	free(qt);
	free(vids);
	free(acc.slot);
	free(all);
	free(merged);
	aln_buf_free(&match);
	return rc;
}

/* ---- opening ---- */

static void sq_close(aln_store *base)
{
	sqlite_store *s = (sqlite_store *)base;
	size_t i;

	if (!s)
		return;
	if (s->db && !sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	checkpointer_stop(s);
	for (i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(s->st[i]);
	sqlite3_close_v2(s->db);
	terms_clear(s);
	known_clear(s);
	docs_clear(s);
	free(s->path);
	aln_buf_free(&s->scratch);
	free(s);
}

static const aln_store_ops sqlite_ops = {
	.name = "sqlite",
	.close = sq_close,
	.begin = sq_begin,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.add_unit = sq_add_unit,
	.each_unit = sq_each_unit,
	.stats = sq_stats,
	.candidates = sq_candidates,
};

static int user_version(sqlite_store *s, int *v)
{
	long long n;
	int rc = count(s, "PRAGMA user_version", &n);

	*v = (int)n;
	return rc;
}

/*
 * Reopens a read-only store as immutable, for a WAL memory that this user
 * cannot write (a 444 file, or a folder where SQLite cannot create the
 * -shm file): SQLite refuses to read such a file otherwise. Only called
 * when the file or its folder is not writable for this user, so no
 * command of this user can change it meanwhile. Returns 0, or a negative
 * ALN_E* code; on failure s->db may be NULL or hold the error.
 */
static int reopen_immutable(sqlite_store *s, const char *path)
{
	static const char safe[] = "abcdefghijklmnopqrstuvwxyz"
				   "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-";
	aln_buf uri = ALN_BUF_INIT;
	int rc = aln_buf_puts(&uri, "file:");

	for (const char *p = path; rc == 0 && *p; p++)
		rc = *p && strchr(safe, *p) ? aln_buf_putc(&uri, *p)
					    : aln_buf_printf(&uri, "%%%02X",
							     (unsigned char)*p);
	if (rc == 0)
		rc = aln_buf_puts(&uri, "?mode=ro&immutable=1");
	if (rc < 0) {
		aln_buf_free(&uri);
		return rc;
	}
	sqlite3_close(s->db);
	s->db = NULL;
	if (sqlite3_open_v2(uri.ptr, &s->db,
			    SQLITE_OPEN_READONLY | SQLITE_OPEN_URI |
				    SQLITE_OPEN_NOMUTEX,
			    NULL) != SQLITE_OK)
		rc = s->db ? db_error(s, _("cannot open")) : aln__error_oom();
	else
		sqlite3_extended_result_codes(s->db, 0);
	aln_buf_free(&uri);
	return rc;
}

/* Brings the schema to SCHEMA_VERSION in one transaction. */
static int migrate(sqlite_store *s)
{
	int v, rc;

	if ((rc = exec(s, "BEGIN IMMEDIATE", _("cannot start a transaction"))) <
	    0)
		return rc;
	if ((rc = user_version(s, &v)) < 0)
		goto fail;
	if (v < 1 &&
	    (rc = exec(s, schema_v1, _("cannot create the memory"))) < 0)
		goto fail;
	/* Version 2: the glossary and the learned lexicon (term.c). */
	if (v < 2 && (rc = exec(s, aln__term_schema_v2,
				_("cannot create the memory"))) < 0)
		goto fail;
	/* Version 3: no trigram index (see the top of this file). */
	if (v < 3 && (rc = exec(s, "DROP TABLE IF EXISTS variant_text",
				_("cannot create the memory"))) < 0)
		goto fail;
	/* Later versions add their steps here, each `if (v < N)`. */
	if ((rc = exec(s, "PRAGMA user_version = 3",
		       _("cannot create the memory"))) < 0)
		goto fail;
	return exec(s, "COMMIT", _("cannot commit"));
fail:
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

/* Whether this user may create files in the folder of PATH. */
static int folder_writable(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	int ok;

	if (!slash)
		return access(".", W_OK) == 0;
	if (!(dir = aln__strndup(path, (size_t)(slash - path) + 1)))
		return 1;
	ok = access(dir, W_OK) == 0;
	free(dir);
	return ok;
}

static pthread_once_t sqlite_once = PTHREAD_ONCE_INIT;

/*
 * SQLite's allocation statistics take a global lock on every allocation,
 * and Debian's SQLite allocates for each statement step (it is built
 * without lookaside): turned off, an import runs about 5 % faster. This
 * only works before SQLite's first use in the process; when the program
 * used SQLite first, it keeps its settings (sqlite3_config() refuses).
 */
static void sqlite_setup(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int aln__store_sqlite_open(aln_store **out, const char *path,
			   const aln_memory_options *opts)
{
	sqlite_store *s;
	struct stat sb;
	int flags, rc, v;

	*out = NULL;
	if (stat(path, &sb) < 0) {
		if (errno != ENOENT)
			return aln__error(ALN_EIO,
					  _("cannot open memory '%s': %s"),
					  path, strerror(errno));
		if (!(opts->flags & ALN_MEMORY_CREATE) ||
		    (opts->flags & ALN_MEMORY_READONLY)) {
			aln__error(ALN_ENOTFOUND,
				   _("memory '%s' does not exist"), path);
			aln__error_hint(
				"%s", _("store something first (alinea add, "
					"alinea import, alinea align --store) "
					"or pass --memory PATH"));
			return ALN_ENOTFOUND;
		}
		sb.st_size = 0;
	} else if (S_ISDIR(sb.st_mode)) {
		aln__error(ALN_EINVAL, _("memory '%s' is a folder"), path);
		aln__error_hint("%s", _("pass the path of a file, such as "
					"'memory.db'"));
		return ALN_EINVAL;
	}
	if (!(s = aln__calloc(1, sizeof(*s))))
		return ALN_ENOMEM;
	s->base.ops = &sqlite_ops;
	s->terms_version = -1;
	s->base.readonly = opts->flags & ALN_MEMORY_READONLY;
	if (!(s->path = aln__strdup(path))) {
		free(s);
		return ALN_ENOMEM;
	}
	pthread_once(&sqlite_once, sqlite_setup);
	flags = s->base.readonly ? SQLITE_OPEN_READONLY
				 : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	if (sqlite3_open_v2(path, &s->db, flags | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK) {
		rc = s->db ? db_error(s, _("cannot open")) : aln__error_oom();
		goto fail;
	}
	sqlite3_extended_result_codes(s->db, 0);
	sqlite3_busy_timeout(s->db, opts->busy_timeout_ms > 0
					    ? opts->busy_timeout_ms
					    : 5000);
	rc = user_version(s, &v);
	if (rc < 0 && s->base.readonly &&
	    sqlite3_errcode(s->db) == SQLITE_READONLY &&
	    (access(path, W_OK) < 0 || !folder_writable(path))) {
		if ((rc = reopen_immutable(s, path)) < 0)
			goto fail;
		rc = user_version(s, &v);
	}
	if (rc < 0) {
		if (sqlite3_errcode(s->db) == SQLITE_NOTADB) {
			aln__error(ALN_EFORMAT,
				   _("'%s' is not an alinea memory"), path);
			aln__error_hint("%s", _("pass --memory with the path "
						"of a memory file"));
			rc = ALN_EFORMAT;
		}
		goto fail;
	}
	if (v > SCHEMA_VERSION) {
		aln__error(ALN_EUNSUPPORTED,
			   _("memory '%s' has schema version %d, newer than "
			     "this alinea knows (%d)"),
			   path, v, SCHEMA_VERSION);
		aln__error_hint("%s", _("upgrade alinea"));
		rc = ALN_EUNSUPPORTED;
		goto fail;
	}
	if (!s->base.readonly) {
		if ((rc = exec(s, "PRAGMA journal_mode = WAL",
			       _("cannot open"))) < 0 ||
		    (rc = exec(s, "PRAGMA synchronous = NORMAL",
			       _("cannot open"))) < 0)
			goto fail;
		/* Checkpoints come after commits (checkpoint_soon()). */
		sqlite3_wal_hook(s->db, on_wal_commit, s);
	}
	/*
	 * 64 MiB of page cache: a 1,000,000-unit import ran faster than
	 * with 256 MiB (its working set is the indexes' last pages) in
	 * half the memory, and lookups were as fast (bench-tmx,
	 * bench-memory).
	 */
	if ((rc = exec(s, "PRAGMA foreign_keys = ON", _("cannot open"))) < 0 ||
	    (rc = exec(s, "PRAGMA cache_size = -65536", _("cannot open"))) < 0)
		goto fail;

	if (v < SCHEMA_VERSION) {
		if (s->base.readonly) {
			if (v == 0 && sb.st_size == 0) {
				aln__error(ALN_EFORMAT,
					   _("memory '%s' is empty"), path);
			} else {
				aln__error(ALN_EUNSUPPORTED,
					   _("memory '%s' needs an upgrade "
					     "that a read-only command cannot "
					     "do"),
					   path);
			}
			aln__error_hint("%s", _("run a command that writes to "
						"the memory, such as alinea "
						"add, first"));
			rc = ALN_EFORMAT;
			goto fail;
		}
		if ((rc = migrate(s)) < 0)
			goto fail;
	}
	*out = &s->base;
	return 0;
fail:
	sq_close(&s->base);
	return rc;
}

/* The SQLite handle behind a store of this backend (for memory/term.c). */
int aln__store_sqlite_new_variants(aln_store *s, long long *first,
				   long long *last,
				   const struct aln__lang_count **counts,
				   size_t *n)
{
	sqlite_store *ss = (sqlite_store *)s;

	if (!s || s->ops != &sqlite_ops || !ss->writing || ss->new_langs_lost)
		return -1;
	*first = ss->first_variant;
	*last = ss->last_variant;
	*counts = ss->new_langs;
	*n = ss->nnew_langs;
	return 0;
}

sqlite3 *aln__store_sqlite_db(aln_store *s)
{
	sqlite_store *ss = (sqlite_store *)s;

	if (!s || s->ops != &sqlite_ops)
		return NULL;
	/*
	 * The caller may read the terms table: give it the new terms. A
	 * failure leaves them pending, and the commit tries again.
	 */
	if (ss->ndirty && !sqlite3_get_autocommit(ss->db) &&
	    terms_flush(ss) < 0)
		aln_error_clear();
	return ss->db;
}
