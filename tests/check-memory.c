// SPDX-License-Identifier: MIT
/*
 * Unit tests of the memory: opening and creating, storing and
 * deduplicating units, walking them with filters, counts, the fuzzy
 * score and its penalties, lookup through the index (and its query
 * plan), regional variants and the leverage analysis. Every test works
 * on its own memory file in a fresh temporary folder.
 */
#include "internal.h"
#include "buf.h"

/* The candidate budget of memory/store-sqlite.c. */
extern size_t aln__store_postings_budget;
/* The term cache's bound in memory/store-sqlite.c. */
extern size_t aln__store_terms_cache_max;
/* Whether memory/behind.c may store units on a second thread. */
extern bool aln__behind_enabled;
/* The memory's own connection (memory/term.c). */
struct sqlite3 *aln__term_db(aln_memory *m);

#include <check.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

static char dir[256];
static char path[300];

static void setup(void)
{
	snprintf(dir, sizeof(dir), "%s/alinea-mem.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/memory.db", dir);
}

static void teardown(void)
{
	char cmd[400];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

static aln_memory *create(void)
{
	aln_memory_options o = ALN_MEMORY_OPTIONS_INIT;
	aln_memory *m = NULL;

	o.flags = ALN_MEMORY_CREATE;
	ck_assert_int_eq(aln_memory_open(&m, path, &o), 0);
	return m;
}

/* The number of units in m, as aln_memory_stats() counts them. */
static long long units_in(aln_memory *m)
{
	struct aln_memory_stats st;
	long long n;

	memset(&st, 0, sizeof(st));
	ck_assert_int_eq(aln_memory_stats(m, &st), 0);
	n = st.units;
	aln_memory_stats_clear(&st);
	return n;
}

static long long add2(aln_memory *m, const char *sl, const char *s,
		      const char *tl, const char *t, const char *doc, long pos)
{
	aln_variant v[2] = {
		{ .lang = sl, .text = s, .document = doc, .position = pos },
		{ .lang = tl, .text = t, .document = doc, .position = pos },
	};
	aln_unit u = { .confidence = -1, .nvariants = 2, .variants = v };
	long long id = 0;

	ck_assert_int_eq(aln_memory_add_unit(m, &id, &u), 0);
	ck_assert_int_gt(id, 0);
	return id;
}

/* Adds a pair without asking for its id (queued inside a transaction). */
static void add_queued_pair(aln_memory *m, const char *fr, const char *en)
{
	aln_variant v[2] = { { .lang = "fr", .text = fr, .position = -1 },
			     { .lang = "en", .text = en, .position = -1 } };
	aln_unit u = { .confidence = -1, .nvariants = 2, .variants = v };

	ck_assert_int_eq(aln_memory_add_unit(m, NULL, &u), 0);
}

START_TEST(opening_a_missing_memory_without_create_says_so)
{
	aln_memory *m = (aln_memory *)1;

	ck_assert_int_eq(aln_memory_open(&m, path, NULL), ALN_ENOTFOUND);
	ck_assert_ptr_null(m);
	ck_assert_ptr_nonnull(strstr(aln_error_last()->message, "memory.db"));
	ck_assert_ptr_nonnull(
		strstr(aln_error_last()->message, "does not exist"));
	ck_assert_ptr_nonnull(aln_error_last()->hint);
	ck_assert_int_ne(access(path, F_OK), 0);
	aln_memory_free(NULL);
}
END_TEST

START_TEST(a_file_that_is_not_a_memory_is_refused)
{
	FILE *f = fopen(path, "w");
	aln_memory *m = NULL;

	fputs("this is a text file, certainly not SQLite, padded out to be "
	      "long enough for a header check ............................",
	      f);
	fclose(f);
	ck_assert_int_eq(aln_memory_open(&m, path, NULL), ALN_EFORMAT);
	ck_assert_ptr_null(m);
}
END_TEST

/* The df column of the term in language base, straight from the file. */
static long long df_of(const char *base, const char *term)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	long long df = -1;

	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_int_eq(
		sqlite3_prepare_v2(db,
				   "SELECT df FROM terms WHERE base = ?1"
				   " AND term = ?2",
				   -1, &st, NULL),
		SQLITE_OK);
	sqlite3_bind_text(st, 1, base, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, term, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		df = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return df;
}

START_TEST(two_writers_in_turn_keep_term_counts_exact)
{
	/*
	 * Each connection caches term ids and counts from one transaction
	 * to the next; the other's commits must not be lost or counted
	 * twice, nor the ids of a rolled-back transaction reused.
	 */
	aln_memory *a = create(), *b = NULL;
	aln_variant v[2] = { { .lang = "fr", .text = "Rouge vif." },
			     { .lang = "en", .text = "Bright red." } };
	aln_unit u = { .confidence = -1, .nvariants = 2, .variants = v };

	ck_assert_int_eq(aln_memory_open(&b, path, NULL), 0);
	add2(a, "fr", "Le ciel est rouge.", "en", "The sky is red.", NULL, -1);
	add2(b, "fr", "La mer est rouge.", "en", "The sea is red.", NULL, -1);
	add2(a, "fr", "La terre est rouge.", "en", "The land is red.", NULL,
	     -1);
	ck_assert_msg(aln_memory_begin(b) == 0, "%s",
		      aln_error_last()->message);
	ck_assert_int_eq(aln_memory_add_unit(b, NULL, &u), 0);
	ck_assert_int_eq(aln_memory_rollback(b), 0);
	add2(b, "fr", "Rouge et vif.", "en", "Red and bright.", NULL, -1);
	add2(a, "fr", "Vif.", "en", "Bright.", NULL, -1);
	ck_assert_int_eq(df_of("fr", "rouge"), 4);
	ck_assert_int_eq(df_of("fr", "est"), 3);
	ck_assert_int_eq(df_of("fr", "vif"), 2);
	ck_assert_int_eq(df_of("en", "bright"), 2);
	ck_assert_int_eq(df_of("en", "red"), 4);
	aln_memory_free(a);
	aln_memory_free(b);
}
END_TEST

START_TEST(a_full_term_cache_loses_no_count)
{
	/*
	 * Many more terms in one transaction than the store keeps in
	 * memory: the counts it drops on the way must reach the file, and
	 * a rollback must still undo them.
	 */
	aln_memory *m = create();
	char fr[64], en[64];
	size_t saved = aln__store_terms_cache_max;

	aln__store_terms_cache_max = 8;
	ck_assert_int_eq(aln_memory_begin(m), 0);
	for (int i = 0; i < 40; i++) {
		snprintf(fr, sizeof(fr), "Article %d, alinéa %d.", i, 100 + i);
		snprintf(en, sizeof(en), "Article %d, paragraph %d.", i,
			 100 + i);
		add2(m, "fr", fr, "en", en, NULL, -1);
	}
	ck_assert_int_eq(aln_memory_commit(m), 0);
	ck_assert_int_eq(aln_memory_begin(m), 0);
	add2(m, "fr", "Article 7, alinéa 3.", "en", "Article 7, paragraph 3.",
	     NULL, -1);
	for (int i = 0; i < 20; i++) {
		snprintf(fr, sizeof(fr), "Annexe %d.", 500 + i);
		snprintf(en, sizeof(en), "Annex %d.", 500 + i);
		add2(m, "fr", fr, "en", en, NULL, -1);
	}
	ck_assert_int_eq(aln_memory_rollback(m), 0);
	add2(m, "fr", "Un article.", "en", "An article.", NULL, -1);
	aln__store_terms_cache_max = saved;
	ck_assert_int_eq(df_of("fr", "article"), 41);
	ck_assert_int_eq(df_of("fr", "alinéa"), 40);
	ck_assert_int_eq(df_of("en", "paragraph"), 40);
	ck_assert_int_eq(df_of("fr", "7"), 1);
	ck_assert_int_eq(df_of("fr", "107"), 1);
	ck_assert_int_eq(df_of("fr", "annexe"), -1);
	aln_memory_free(m);
}
END_TEST

/* Adds a unit without asking for its id: inside a transaction, queued. */
static void add_queued(aln_memory *m, int i, const char *doc)
{
	char fr[128], en[128], de[128], pos[32];
	aln_prop vp = { .type = "x-note", .value = pos, .lang = "fr" };
	aln_prop up[2] = { { .type = "x-origin", .value = "essai" },
			   { .type = NULL, .value = "une note" } };
	aln_variant v[3] = {
		{ .lang = "fr", .text = fr, .document = doc, .position = i },
		{ .lang = "EN-GB", .text = en, .position = -1 },
		{ .lang = "de", .text = de, .position = -1 },
	};
	aln_unit u = { .confidence = 0.5,
		       .tuid = pos,
		       .nvariants = 2 + i % 2,
		       .variants = v,
		       .nprops = i % 3,
		       .props = up };

	/* Every seventh unit repeats an earlier one: stored once. */
	int k = i % 7 ? i : i / 7;

	snprintf(fr, sizeof(fr), "Le rapport %d montre une hausse de %d %%.", k,
		 k * 3);
	snprintf(en, sizeof(en), "Report %d shows a rise of %d%%.", k, k * 3);
	snprintf(de, sizeof(de), "Bericht %d zeigt %d Prozent mehr.", k, k * 3);
	snprintf(pos, sizeof(pos), "t%d", i);
	if (i % 5 == 0) {
		v[0].nprops = 1;
		v[0].props = &vp;
	}
	ck_assert_int_eq(aln_memory_add_unit(m, NULL, &u), 0);
}

static int serialise(const aln_unit *u, void *data)
{
	aln_buf *b = data;
	char line[64];

	snprintf(line, sizeof(line), "#%lld %s %.2f %zu|", u->id,
		 u->tuid ? u->tuid : "-", u->confidence, u->nprops);
	ck_assert_int_eq(aln_buf_puts(b, line), 0);
	for (size_t i = 0; i < u->nvariants; i++) {
		const aln_variant *v = &u->variants[i];

		snprintf(line, sizeof(line), "%ld %zu ", v->position,
			 v->nprops);
		ck_assert_int_eq(aln_buf_puts(b, v->lang), 0);
		ck_assert_int_eq(aln_buf_puts(b, line), 0);
		ck_assert_int_eq(aln_buf_puts(b, v->text), 0);
		ck_assert_int_eq(
			aln_buf_puts(b, v->document ? v->document : "-"), 0);
	}
	for (size_t i = 0; i < u->nprops; i++) {
		ck_assert_int_eq(aln_buf_puts(b, u->props[i].type
							 ? u->props[i].type
							 : "note"),
				 0);
		ck_assert_int_eq(aln_buf_puts(b, u->props[i].value), 0);
	}
	return aln_buf_puts(b, "\n");
}

/* The memory at path stored by the queue or at once, as text. */
static void store_and_dump(aln_buf *out, bool queued)
{
	aln_memory *m;
	size_t saved = aln__store_terms_cache_max;
	bool was = aln__behind_enabled;
	long long stored, merged;

	unlink(path);
	m = create();
	aln__behind_enabled = queued;
	aln__store_terms_cache_max = 16;
	ck_assert_int_eq(aln_memory_begin(m), 0);
	for (int i = 0; i < 300; i++) {
		add_queued(m, i, i % 2 ? "a.txt" : "b.txt");
		/* Reads in the transaction see every unit queued before. */
		if (i == 150) {
			ck_assert_int_eq(units_in(m), 151 - 150 / 7 + 150 / 49);
		}
	}
	ck_assert_int_eq(aln_memory_added(NULL, &stored, NULL), ALN_EINVAL);
	ck_assert_int_eq(aln_memory_added(m, &stored, &merged), 0);
	ck_assert_int_eq(stored, 300 - 299 / 7 + 299 / 49);
	ck_assert_int_eq(merged, 299 / 7 - 299 / 49);
	ck_assert_int_eq(aln_memory_commit(m), 0);
	aln__behind_enabled = was;
	aln__store_terms_cache_max = saved;
	ck_assert_int_eq(aln_memory_each_unit(m, NULL, serialise, out), 0);
	aln_memory_free(m);
}

START_TEST(queued_units_are_stored_as_if_stored_at_once)
{
	aln_buf queued = ALN_BUF_INIT, direct = ALN_BUF_INIT;
	long long df_queued, df_direct;

	store_and_dump(&queued, true);
	df_queued = df_of("fr", "hausse");
	store_and_dump(&direct, false);
	df_direct = df_of("fr", "hausse");
	ck_assert_uint_gt(direct.len, 1000);
	ck_assert_uint_eq(queued.len, direct.len);
	ck_assert_int_eq(memcmp(queued.ptr, direct.ptr, direct.len), 0);
	ck_assert_int_gt(df_direct, 200);
	ck_assert_int_eq(df_queued, df_direct);
	aln_buf_free(&queued);
	aln_buf_free(&direct);
}
END_TEST

START_TEST(a_unit_the_writer_cannot_store_fails_the_transaction)
{
	/*
	 * The file may not grow: a queued unit fails on the second
	 * thread, and the caller hears of it at its next add or at the
	 * commit, which refuses to commit half a transaction.
	 */
	aln_memory *m = create();
	char text[600];
	int rc = 0, i;

	add2(m, "fr", "Un rapport.", "en", "A report.", NULL, -1);
	ck_assert_int_eq(sqlite3_exec(aln__term_db(m),
				      "PRAGMA max_page_count = 40", NULL, NULL,
				      NULL),
			 SQLITE_OK);
	ck_assert_int_eq(aln_memory_begin(m), 0);
	for (i = 0; i < 5000 && rc == 0; i++) {
		aln_variant v[2] = { { .lang = "fr", .text = text },
				     { .lang = "en", .text = "x" } };
		aln_unit u = { .confidence = -1,
			       .nvariants = 2,
			       .variants = v };

		memset(text, 'a' + i % 26, sizeof(text) - 16);
		snprintf(text + sizeof(text) - 16, 16, " %d", i);
		rc = aln_memory_add_unit(m, NULL, &u);
	}
	if (rc == 0)
		rc = aln_memory_commit(m);
	ck_assert_int_lt(rc, 0);
	ck_assert_ptr_nonnull(aln_error_last());
	ck_assert_int_eq(aln_error_last()->code, rc);
	ck_assert_ptr_nonnull(strstr(aln_error_last()->message, "full"));
	ck_assert_int_lt(aln_memory_commit(m), 0);
	ck_assert_int_eq(aln_memory_rollback(m), 0);
	ck_assert_int_eq(units_in(m), 1);
	aln_memory_free(m);
}
END_TEST

START_TEST(terms_dropped_from_the_cache_are_counted_when_met_again)
{
	/*
	 * A fresh memory: terms the store drops from a small cache are
	 * remembered as stored, so meeting them again (in the same
	 * transaction, the next one, or the next units) counts them
	 * instead of storing them twice; the same holds for units.
	 */
	aln_memory *m = create();
	size_t saved = aln__store_terms_cache_max;
	char fr[64], en[64];

	aln__store_terms_cache_max = 8;
	for (int round = 0; round < 2; round++) {
		ck_assert_int_eq(aln_memory_begin(m), 0);
		for (int i = 0; i < 60; i++) {
			int k = i % 30; /* each term twice per round */

			snprintf(fr, sizeof(fr), "Pièce %d, cote %d%s.", k,
				 7000 + k, i < 30 ? "" : " bis");
			snprintf(en, sizeof(en), "Exhibit %d, mark %d%s.", k,
				 7000 + k, i < 30 ? "" : " b");
			add_queued_pair(m, fr, en);
		}
		ck_assert_int_eq(aln_memory_commit(m), 0);
	}
	aln__store_terms_cache_max = saved;
	ck_assert_int_eq(df_of("fr", "7013"), 2);
	ck_assert_int_eq(df_of("en", "7029"), 2);
	ck_assert_int_eq(df_of("fr", "pièce"), 60);
	ck_assert_int_eq(df_of("fr", "bis"), 30);
	ck_assert_int_eq(units_in(m), 60); /* the second round adds none */
	aln_memory_free(m);
}
END_TEST

START_TEST(the_log_reaches_the_file_after_a_commit_and_goes_at_close)
{
	/*
	 * A commit's pages go to the write-ahead log; a thread copies them
	 * into the memory file soon after, while the memory is still open
	 * and idle, and closing leaves no log behind.
	 */
	aln_memory *m = create();
	char text[700], wal[320];
	struct stat sb;
	int i, waited;

	ck_assert_int_eq(aln_memory_begin(m), 0);
	for (i = 0; i < 6000; i++) {
		memset(text, 'a' + i % 26, sizeof(text) - 16);
		snprintf(text + sizeof(text) - 16, 16, " n%d", i);
		add_queued_pair(m, text, "x");
	}
	ck_assert_int_eq(aln_memory_commit(m), 0);
	for (waited = 0; waited < 200; waited++) {
		ck_assert_int_eq(stat(path, &sb), 0);
		if (sb.st_size > 4 * 1024 * 1024)
			break;
		usleep(50000);
	}
	ck_assert_int_gt(sb.st_size, 4 * 1024 * 1024);
	aln_memory_free(m);
	snprintf(wal, sizeof(wal), "%s-wal", path);
	ck_assert_int_ne(access(wal, F_OK), 0);
}
END_TEST

/* Whether lexicon_langs holds the counts of the stored variants. */
static bool lexicon_counts_match(void)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int rows = 0, same = 0;

	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(
				 db,
				 "SELECT v.base, count(*), sum(length(v.text)"
				 " - length(replace(v.text, ' ', '')) + 1),"
				 " l.variants, l.words FROM variants v"
				 " LEFT JOIN lexicon_langs l ON l.base = v.base"
				 " GROUP BY v.base",
				 -1, &st, NULL),
			 SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		rows++;
		same += sqlite3_column_int64(st, 1) ==
				sqlite3_column_int64(st, 3) &&
			sqlite3_column_int64(st, 2) ==
				sqlite3_column_int64(st, 4);
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	return rows >= 2 && rows == same;
}

START_TEST(the_lexicon_counts_what_each_commit_stored)
{
	/*
	 * A commit counts the languages' variants and words from what the
	 * store counted as it stored them, or, when the lexicon is behind,
	 * by reading the texts again: both give the stored counts.
	 */
	aln_memory *m = create();
	char fr[96], en[96];

	for (int round = 0; round < 3; round++) {
		ck_assert_int_eq(aln_memory_begin(m), 0);
		for (int i = 0; i < 50; i++) {
			snprintf(fr, sizeof(fr), "La note %d du tour %d.", i,
				 round);
			snprintf(en, sizeof(en), "Note %d of round %d, %s.", i,
				 round, i % 3 ? "final" : "a draft one");
			add_queued_pair(m, fr, en);
		}
		/* Already stored: counted nowhere. */
		add_queued_pair(m, "La note 1 du tour 0.",
				"Note 1 of round 0, final.");
		ck_assert_int_eq(aln_memory_commit(m), 0);
		ck_assert(lexicon_counts_match());
		if (round == 1)
			ck_assert_int_eq(
				sqlite3_exec(
					aln__term_db(m),
					"UPDATE lexicon_state SET value = 0"
					" WHERE key = 'variant';"
					" DELETE FROM lexicon_langs",
					NULL, NULL, NULL),
				SQLITE_OK);
	}
	aln_memory_free(m);
}
END_TEST

START_TEST(a_version_2_memory_loses_its_trigram_index_and_nothing_else)
{
	aln_memory *m = create();
	sqlite3 *db;
	sqlite3_stmt *q;

	add2(m, "fr", "Le chat dort.", "en", "The cat sleeps.", NULL, -1);
	aln_memory_free(m);
	/* Make it look like a memory written by schema version 2. */
	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_int_eq(
		sqlite3_exec(
			db,
			"CREATE VIRTUAL TABLE variant_text USING fts5(text,"
			" content='variants', content_rowid='id',"
			" tokenize='trigram', detail='none');"
			"INSERT INTO variant_text(variant_text)"
			" VALUES('rebuild');"
			"PRAGMA user_version = 2;",
			NULL, NULL, NULL),
		SQLITE_OK);
	sqlite3_close(db);

	ck_assert_int_eq(aln_memory_open(&m, path, NULL), 0);
	ck_assert_int_eq(units_in(m), 1);
	aln_memory_free(m);
	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(db,
					    "SELECT (SELECT count(*) FROM"
					    " sqlite_schema WHERE name LIKE"
					    " 'variant_text%'), user_version"
					    " FROM pragma_user_version",
					    -1, &q, NULL),
			 SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(q), SQLITE_ROW);
	ck_assert_int_eq(sqlite3_column_int(q, 0), 0);
	ck_assert_int_eq(sqlite3_column_int(q, 1), 3);
	sqlite3_finalize(q);
	sqlite3_close(db);
}
END_TEST

START_TEST(identical_units_are_stored_once_with_every_provenance)
{
	aln_memory *m = create();
	struct aln_memory_stats st;
	long long a, b, c;

	a = add2(m, "fr", "Le chat dort.", "en", "The cat sleeps.", "a.txt", 3);
	b = add2(m, "FR", "Le chat dort.", "en", "The cat sleeps.", "b.txt", 7);
	c = add2(m, "fr", "Le chat dort.", "en", "The cat is asleep.", NULL,
		 -1);
	ck_assert_int_eq(a, b);
	ck_assert_int_ne(a, c);
	ck_assert_int_eq(aln_memory_stats(m, &st), 0);
	ck_assert_int_eq(st.units, 2);
	ck_assert_int_eq(st.documents, 4); /* a.txt and b.txt, fr and en */
	ck_assert_int_eq(st.variants, 4);
	ck_assert_uint_eq(st.nlangs, 2);
	ck_assert_str_eq(st.langs[0].lang, "en");
	ck_assert_str_eq(st.langs[1].lang, "fr");
	ck_assert_int_gt(st.bytes, 0);
	aln_memory_stats_clear(&st);
	aln_memory_free(m);
}
END_TEST

START_TEST(bad_units_are_refused_and_leave_nothing)
{
	aln_memory *m = create();
	aln_variant v[2] = {
		{ .lang = "fr", .text = "Bonjour", .position = -1 },
		{ .lang = "fr-FR", .text = "Salut", .position = -1 }
	};
	aln_unit u = { .confidence = -1, .nvariants = 2, .variants = v };

	/* fr and fr-FR are different tags: accepted. */
	ck_assert_int_eq(aln_memory_add_unit(m, NULL, &u), 0);
	v[1].lang = "FR";
	ck_assert_int_eq(aln_memory_add_unit(m, NULL, &u), ALN_EINVAL);
	v[1].lang = "en";
	v[1].text = "";
	ck_assert_int_eq(aln_memory_add_unit(m, NULL, &u), ALN_EINVAL);
	v[1].text = "Hello";
	v[1].lang = "not a tag!";
	ck_assert_int_eq(aln_memory_add_unit(m, NULL, &u), ALN_EINVAL);
	u.nvariants = 0;
	ck_assert_int_eq(aln_memory_add_unit(m, NULL, &u), ALN_EINVAL);
	ck_assert_int_eq(units_in(m), 1);
	aln_memory_free(m);
}
END_TEST

START_TEST(a_rolled_back_transaction_leaves_the_memory_as_before)
{
	aln_memory *m = create();

	add2(m, "fr", "Un.", "en", "One.", NULL, -1);
	ck_assert_int_eq(aln_memory_begin(m), 0);
	ck_assert_int_eq(aln_memory_begin(m), ALN_EINVAL);
	add2(m, "fr", "Deux.", "en", "Two.", NULL, -1);
	add2(m, "fr", "Trois.", "en", "Three.", NULL, -1);
	ck_assert_int_eq(aln_memory_rollback(m), 0);
	ck_assert_int_eq(aln_memory_commit(m), ALN_EINVAL);
	ck_assert_int_eq(units_in(m), 1);
	aln_memory_free(m);
}
END_TEST

struct walk {
	int n;
	char seen[512];
};

static int walk_cb(const aln_unit *u, void *data)
{
	struct walk *w = data;
	size_t i;

	w->n++;
	for (i = 0; i < u->nvariants; i++) {
		strncat(w->seen, u->variants[i].lang,
			sizeof(w->seen) - strlen(w->seen) - 1);
		strncat(w->seen, ":", sizeof(w->seen) - strlen(w->seen) - 1);
		strncat(w->seen, u->variants[i].text,
			sizeof(w->seen) - strlen(w->seen) - 1);
		strncat(w->seen, "|", sizeof(w->seen) - strlen(w->seen) - 1);
	}
	return 0;
}

START_TEST(each_unit_filters_by_language_document_and_confidence)
{
	aln_memory *m = create();
	aln_unit_filter f = ALN_UNIT_FILTER_INIT;
	const char *fr[] = { "fr" }, *frca[] = { "fr-CA" }, *de[] = { "de" };
	aln_variant v[2] = {
		{ .lang = "fr-CA", .text = "Allô", .position = -1 },
		{ .lang = "en", .text = "Hello", .position = -1 }
	};
	aln_prop p = { "x-note", "greeting", NULL };
	aln_unit u = { .confidence = 0.9,
		       .nvariants = 2,
		       .variants = v,
		       .nprops = 1,
		       .props = &p };
	struct walk w = { 0 };

	add2(m, "fr", "Oui.", "en", "Yes.", "x.fr", 0);
	ck_assert_int_eq(aln_memory_add_unit(m, NULL, &u), 0);

	ck_assert_int_eq(aln_memory_each_unit(m, NULL, walk_cb, &w), 0);
	ck_assert_int_eq(w.n, 2);
	ck_assert_str_eq(w.seen, "fr:Oui.|en:Yes.|fr-CA:Allô|en:Hello|");

	memset(&w, 0, sizeof(w));
	f.langs = fr;
	f.nlangs = 1;
	ck_assert_int_eq(aln_memory_each_unit(m, &f, walk_cb, &w), 0);
	ck_assert_int_eq(w.n, 2); /* fr sees fr-CA */

	memset(&w, 0, sizeof(w));
	f.langs = frca;
	ck_assert_int_eq(aln_memory_each_unit(m, &f, walk_cb, &w), 0);
	ck_assert_int_eq(w.n, 1);

	memset(&w, 0, sizeof(w));
	f.langs = de;
	ck_assert_int_eq(aln_memory_each_unit(m, &f, walk_cb, &w), 0);
	ck_assert_int_eq(w.n, 0);

	memset(&w, 0, sizeof(w));
	f.nlangs = 0;
	f.min_confidence = 0.5;
	ck_assert_int_eq(aln_memory_each_unit(m, &f, walk_cb, &w), 0);
	ck_assert_int_eq(w.n, 1);
	ck_assert_str_eq(w.seen, "fr-CA:Allô|en:Hello|");

	memset(&w, 0, sizeof(w));
	f.min_confidence = -1;
	f.since = "29991231T000000Z";
	ck_assert_int_eq(aln_memory_each_unit(m, &f, walk_cb, &w), 0);
	ck_assert_int_eq(w.n, 0);
	f.since = "19700101T000000Z";
	ck_assert_int_eq(aln_memory_each_unit(m, &f, walk_cb, &w), 0);
	ck_assert_int_eq(w.n, 2);
	f.since = NULL;

	memset(&w, 0, sizeof(w));
	f.document = "x.fr";
	ck_assert_int_eq(aln_memory_each_unit(m, &f, walk_cb, &w), 0);
	ck_assert_int_eq(w.n, 1);
	ck_assert_str_eq(w.seen, "fr:Oui.|en:Yes.|");
	aln_memory_free(m);
}
END_TEST

static int stop_cb(const aln_unit *u, void *data)
{
	(void)u;
	(void)data;
	return ALN_ECANCELLED;
}

/* Appends "lang," for each variant of each unit to the buffer. */
static int langs_cb(const aln_unit *u, void *data)
{
	char *out = data;

	for (size_t i = 0; i < u->nvariants; i++) {
		strcat(out, u->variants[i].lang);
		strcat(out, ",");
	}
	strcat(out, ";");
	return 0;
}

START_TEST(each_unit_gives_variants_in_the_order_they_were_stored)
{
	aln_memory *m = create();
	aln_variant v[3] = { { .lang = "fr", .text = "Trois." },
			     { .lang = "de", .text = "Drei." },
			     { .lang = "en", .text = "Three." } };
	aln_unit u = { .confidence = -1, .nvariants = 3, .variants = v };
	char got[200] = "";

	add2(m, "ru", "Да.", "en", "Yes.", NULL, -1);
	ck_assert_int_eq(aln_memory_add_unit(m, NULL, &u), 0);
	ck_assert_int_eq(aln_memory_each_unit(m, NULL, langs_cb, got), 0);
	ck_assert_str_eq(got, "ru,en,;fr,de,en,;");
	aln_memory_free(m);
}
END_TEST

START_TEST(each_unit_stops_when_the_callback_says_so)
{
	aln_memory *m = create();

	add2(m, "fr", "Oui.", "en", "Yes.", NULL, -1);
	ck_assert_int_eq(aln_memory_each_unit(m, NULL, stop_cb, NULL),
			 ALN_ECANCELLED);
	aln_memory_free(m);
}
END_TEST

static int stop_cb_pair(const char *src, const char *tgt, double dice,
			void *data)
{
	(void)src;
	(void)tgt;
	(void)dice;
	(void)data;
	return 7;
}

struct pairs_seen {
	char found[256];
	int n;
};

static int pairs_cb(const char *src, const char *tgt, double dice, void *data)
{
	struct pairs_seen *ps = data;
	size_t l = strlen(ps->found);

	ck_assert(dice > 0 && dice <= 1);
	snprintf(ps->found + l, sizeof(ps->found) - l, "%s=%s;", src, tgt);
	ps->n++;
	return 0;
}

START_TEST(word_pairs_come_from_units_of_the_pair)
{
	aln_memory *m = create();
	struct pairs_seen ps = { "", 0 };
	static const char *const u[][2] = {
		{ "The cat sleeps.", "Le chat dort." },
		{ "A black cat.", "Un chat noir." },
		{ "We eat in the garden.", "Nous mangeons au jardin." },
		{ "The garden is large.", "Le jardin est grand." },
		{ "It rains.", "Il pleut." },
		{ "Good night.", "Bonne nuit." },
		{ "He runs.", "Il court." },
		{ "She sings.", "Elle chante." },
		{ "We came yesterday.", "Nous sommes venus hier." },
		{ "They know.", "Ils savent." },
	};
	size_t i;

	for (i = 0; i < ALN_ARRAY_SIZE(u); i++)
		add2(m, "en", u[i][0], "fr", u[i][1], NULL, -1);
	/* Units of another pair say nothing about en-fr. */
	add2(m, "en", "The cat.", "de", "Die Katze.", NULL, -1);
	ck_assert_int_eq(
		aln_memory_word_pairs(m, "en", "fr-CA", 0, pairs_cb, &ps), 0);
	ck_assert_msg(strstr(ps.found, "cat=chat;") != NULL, "%s", ps.found);
	ck_assert_msg(strstr(ps.found, "garden=jardin;") != NULL, "%s",
		      ps.found);
	/* Seen once: no evidence. */
	ck_assert_msg(strstr(ps.found, "sings") == NULL, "%s", ps.found);
	/* The other direction gives the same pairs, reversed. */
	memset(&ps, 0, sizeof(ps));
	ck_assert_int_eq(aln_memory_word_pairs(m, "fr", "en", 0, pairs_cb, &ps),
			 0);
	ck_assert_msg(strstr(ps.found, "chat=cat;") != NULL, "%s", ps.found);
	/* No unit holds en and ru. */
	memset(&ps, 0, sizeof(ps));
	ck_assert_int_eq(aln_memory_word_pairs(m, "en", "ru", 0, pairs_cb, &ps),
			 0);
	ck_assert_int_eq(ps.n, 0);
	/* A callback that stops stops the walk. */
	ck_assert_int_eq(
		aln_memory_word_pairs(m, "en", "fr", 0, stop_cb_pair, NULL), 7);
	ck_assert_int_eq(
		aln_memory_word_pairs(m, "en", "not a tag!", 0, pairs_cb, &ps),
		ALN_EINVAL);
	ck_assert_int_eq(
		aln_memory_word_pairs(NULL, "en", "fr", 0, pairs_cb, &ps),
		ALN_EINVAL);
	aln_memory_free(m);
}
END_TEST

static int score(const char *a, const char *b)
{
	int s = -1;

	ck_assert_int_eq(aln_match_score(&s, a, b, "en"), 0);
	return s;
}

START_TEST(scores_follow_the_cat_conventions)
{
	/* Ten words: one word is worth 10 points. */
	const char *q = "The committee approved the new budget for 2024 late "
			"yesterday.";

	ck_assert_int_eq(score(q, q), 100);
	/* White space only: not identical, so 99. */
	ck_assert_int_eq(score(q, "The committee approved the new budget "
				  "for 2024 late  yesterday."),
			 99);
	/* Case only: one penalty. */
	ck_assert_int_eq(score(q, "The Committee approved the new budget "
				  "for 2024 late yesterday."),
			 100 - ALN_MATCH_PENALTY_CASE);
	/* A number only. */
	ck_assert_int_eq(score(q, "The committee approved the new budget "
				  "for 2025 late yesterday."),
			 100 - ALN_MATCH_PENALTY_NUMBER);
	/* Punctuation only. */
	ck_assert_int_eq(score(q, "The committee approved the new budget "
				  "for 2024 late yesterday!"),
			 100 - ALN_MATCH_PENALTY_PUNCT);
	/* An inline tag. */
	ck_assert_int_eq(score(q, "The committee approved the <b>new</b> "
				  "budget for 2024 late yesterday."),
			 100 - 2 * ALN_MATCH_PENALTY_TAG);
	/* One word in ten replaced: 90. */
	ck_assert_int_eq(score(q, "The committee rejected the new budget "
				  "for 2024 late yesterday."),
			 90);
	/* Two words of ten deleted: 80. */
	ck_assert_int_eq(score(q, "The committee approved the budget for "
				  "2024 yesterday."),
			 80);
	ck_assert_int_lt(score(q, "Nothing in common here."), 30);
	ck_assert_int_eq(score("", ""), 100);
}
END_TEST

static aln_matches *look(aln_memory *m, const char *sl, const char *tl,
			 const char *q, int min)
{
	aln_lookup_options o = ALN_LOOKUP_OPTIONS_INIT;
	aln_matches *r = NULL;

	o.source_lang = sl;
	o.target_lang = tl;
	o.min_score = min;
	ck_assert_int_eq(aln_memory_lookup(m, &r, q, strlen(q), &o), 0);
	ck_assert_ptr_nonnull(r);
	return r;
}

static void fill(aln_memory *m)
{
	ck_assert_int_eq(aln_memory_begin(m), 0);
	add2(m, "fr", "Le comité a approuvé le budget de 2024.", "en",
	     "The committee approved the 2024 budget.", "r.fr", 0);
	add2(m, "fr", "Le comité a rejeté le budget de 2024.", "en",
	     "The committee rejected the 2024 budget.", "r.fr", 1);
	add2(m, "fr", "La séance est levée à midi.", "en",
	     "The meeting rose at noon.", "r.fr", 2);
	add2(m, "fr-CA", "Le comité a approuvé le budget de 2023.", "en",
	     "The committee approved the 2023 budget.", "q.fr", 0);
	add2(m, "fr", "Le comité a approuvé le budget de 2024.", "de",
	     "Der Ausschuss billigte den Haushalt 2024.", "r.fr", 0);
	ck_assert_int_eq(aln_memory_commit(m), 0);
}

START_TEST(lookup_finds_exact_and_fuzzy_matches_best_first)
{
	aln_memory *m = create();
	aln_matches *r;
	size_t i;
	bool saw_insert = false, saw_delete = false;

	fill(m);
	r = look(m, "fr", "en", "Le comité a approuvé le budget de 2024.", 50);
	ck_assert_uint_ge(r->count, 3);
	ck_assert_int_eq(r->items[0].score, 100);
	ck_assert_str_eq(r->items[0].target,
			 "The committee approved the 2024 budget.");
	/* fr-CA answers fr, with a different number: 100 - 2. */
	ck_assert_int_eq(r->items[1].score, 100 - ALN_MATCH_PENALTY_NUMBER);
	ck_assert_str_eq(r->items[1].source_lang, "fr-CA");
	ck_assert_int_lt(r->items[2].score, r->items[1].score);
	ck_assert_int_gt(r->items[2].score, 70);
	/* Deleted "approuvé", inserted "rejeté". */
	for (i = 0; i < r->items[2].ndiff; i++) {
		const aln_diff *d = &r->items[2].diff[i];

		if (d->op == ALN_DIFF_INSERT && !strcmp(d->text, "rejeté"))
			saw_insert = true;
		if (d->op == ALN_DIFF_DELETE && !strcmp(d->text, "approuvé"))
			saw_delete = true;
	}
	ck_assert(saw_insert && saw_delete);
	/* The de target unit is not an en match. */
	for (i = 0; i < r->count; i++)
		ck_assert_str_eq(r->items[i].target_lang, "en");
	aln_matches_free(r);

	r = look(m, "fr", "en", "Rien à voir avec tout cela.", 70);
	ck_assert_uint_eq(r->count, 0);
	aln_matches_free(r);
	aln_memory_free(m);
}
END_TEST

START_TEST(a_regional_lookup_penalises_other_regions)
{
	aln_memory *m = create();
	aln_matches *r;

	fill(m);
	r = look(m, "fr-FR", "en", "Le comité a approuvé le budget de 2023.",
		 90);
	ck_assert_uint_ge(r->count, 1);
	ck_assert_str_eq(r->items[0].source_lang, "fr-CA");
	ck_assert_int_eq(r->items[0].score, 100 - ALN_MATCH_PENALTY_REGION);
	aln_matches_free(r);
	aln_memory_free(m);
}
END_TEST

START_TEST(a_sentence_of_common_words_still_finds_its_exact_match)
{
	static const char *const words[] = { "le",	"la",	  "de",
					     "et",	"un",	  "rapport",
					     "conseil", "budget", "vote",
					     "texte",	"séance", "membres" };
	aln_memory *m = create();
	aln_matches *r;
	char want[256] = "";
	long long want_id = 0;
	size_t saved = aln__store_postings_budget;
	unsigned x = 12345;
	int i, k;

	ck_assert_int_eq(aln_memory_begin(m), 0);
	for (i = 0; i < 3000; i++) {
		char fr[256] = "", en[64];
		long long id;

		for (k = 0; k < 7; k++) {
			x = x * 1103515245u + 12345u;
			strcat(fr, words[(x >> 16) % 12]);
			strcat(fr, k < 6 ? " " : ".");
		}
		snprintf(en, sizeof(en), "Sentence %d.", i);
		id = add2(m, "fr", fr, "en", en, NULL, -1);
		if (i == 2777) {
			strcpy(want, fr);
			want_id = id;
		}
	}
	ck_assert_int_eq(aln_memory_commit(m), 0);
	/* Every word is common: only the intersection finds the unit. */
	aln__store_postings_budget = 10;
	r = look(m, "fr", "en", want, 100);
	aln__store_postings_budget = saved;
	ck_assert_uint_ge(r->count, 1);
	ck_assert_int_eq(r->items[0].score, 100);
	ck_assert_int_eq(r->items[0].unit, want_id);
	ck_assert_uint_le(r->candidates, 200);
	aln_matches_free(r);
	aln_memory_free(m);
}
END_TEST

START_TEST(lookup_rejects_bad_options)
{
	aln_memory *m = create();
	aln_lookup_options o = ALN_LOOKUP_OPTIONS_INIT;
	aln_matches *r = NULL;

	ck_assert_int_eq(aln_memory_lookup(m, &r, "x", 1, &o), ALN_EINVAL);
	o.source_lang = "fr";
	o.target_lang = "en";
	o.min_score = 101;
	ck_assert_int_eq(aln_memory_lookup(m, &r, "x", 1, &o), ALN_EINVAL);
	o.min_score = 70;
	ck_assert_int_eq(aln_memory_lookup(m, &r, "\xff", 1, &o),
			 ALN_EENCODING);
	ck_assert_ptr_null(r);
	aln_memory_free(m);
}
END_TEST

START_TEST(candidate_retrieval_uses_the_full_text_index)
{
	aln_memory *m = create();
	sqlite3 *db;
	sqlite3_stmt *st;
	char plan[2048] = "";

	fill(m);
	aln_memory_free(m);
	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	/* The statement the backend runs for candidates. */
	ck_assert_int_eq(
		sqlite3_prepare_v2(db,
				   "EXPLAIN QUERY PLAN SELECT rowid FROM "
				   "variant_words WHERE variant_words MATCH "
				   "'1 OR 2' ORDER BY rank LIMIT 10",
				   -1, &st, NULL),
		SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		strncat(plan, (const char *)sqlite3_column_text(st, 3),
			sizeof(plan) - strlen(plan) - 2);
		strcat(plan, ";");
	}
	sqlite3_finalize(st);
	/* Fetching a candidate's unit and translation: searches only. */
	ck_assert_int_eq(
		sqlite3_prepare_v2(
			db,
			"EXPLAIN QUERY PLAN SELECT v.unit, v.text, v.lang, "
			"t.text, t.lang, d.name, u.confidence FROM variants v "
			"JOIN units u ON u.id = v.unit JOIN variants t ON "
			"t.unit = v.unit AND t.base = 'en' AND t.id != v.id "
			"LEFT JOIN documents d ON d.id = v.document WHERE "
			"v.id = 1",
			-1, &st, NULL),
		SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *d = (const char *)sqlite3_column_text(st, 3);

		ck_assert_msg(strncmp(d, "SCAN", 4) != 0, "%s", d);
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	/* A virtual table index on MATCH, not a scan of the variants. */
	ck_assert_msg(strstr(plan, "VIRTUAL TABLE INDEX") != NULL, "%s", plan);
	ck_assert_msg(strstr(plan, "variants") == NULL, "%s", plan);
}
END_TEST

START_TEST(analysis_counts_bands_and_repetitions)
{
	aln_memory *m = create();
	aln_lookup_options o = ALN_LOOKUP_OPTIONS_INIT;
	aln_analyzer *a;
	const aln_analysis *r;
	aln_band b;
	const char *s;

	fill(m);
	o.source_lang = "fr";
	o.target_lang = "en";
	ck_assert_int_eq(aln_analyzer_new(&a, m, &o), 0);
	s = "Le comité a approuvé le budget de 2024.";
	ck_assert_int_eq(aln_analyzer_add(a, &b, s, strlen(s)), 0);
	ck_assert_int_eq(b, ALN_BAND_100);
	ck_assert_int_eq(aln_analyzer_add(a, &b, s, strlen(s)), 0);
	ck_assert_int_eq(b, ALN_BAND_REPEAT);
	s = "Une phrase entièrement nouvelle.";
	ck_assert_int_eq(aln_analyzer_add(a, &b, s, strlen(s)), 0);
	ck_assert_int_eq(b, ALN_BAND_NONE);
	r = aln_analyzer_result(a);
	ck_assert_int_eq(r->total_segments, 3);
	ck_assert_int_eq(r->segments[ALN_BAND_100], 1);
	ck_assert_int_eq(r->segments[ALN_BAND_REPEAT], 1);
	ck_assert_int_eq(r->words[ALN_BAND_NONE], 4);
	ck_assert_int_eq(r->total_words, 8 + 8 + 4);
	ck_assert_int_eq(aln_band_of(99), ALN_BAND_95);
	ck_assert_int_eq(aln_band_of(94), ALN_BAND_85);
	ck_assert_int_eq(aln_band_of(75), ALN_BAND_75);
	ck_assert_int_eq(aln_band_of(49), ALN_BAND_NONE);
	aln_analyzer_free(a);
	aln_memory_free(m);
}
END_TEST

START_TEST(a_read_only_memory_refuses_writes)
{
	aln_memory *m = create();
	aln_memory_options o = ALN_MEMORY_OPTIONS_INIT;

	add2(m, "fr", "Oui.", "en", "Yes.", NULL, -1);
	aln_memory_free(m);
	o.flags = ALN_MEMORY_READONLY;
	ck_assert_int_eq(aln_memory_open(&m, path, &o), 0);
	ck_assert_int_eq(aln_memory_begin(m), ALN_EINVAL);
	{
		aln_variant v[1] = {
			{ .lang = "fr", .text = "Non.", .position = -1 }
		};
		aln_unit u = { .confidence = -1,
			       .nvariants = 1,
			       .variants = v };

		ck_assert_int_eq(aln_memory_add_unit(m, NULL, &u), ALN_EINVAL);
	}
	aln_memory_free(m);
}
END_TEST

/* Adds n units numbered from first, in transactions of batch units. */
static void writer(const char *p, long first, long n, long batch, int report)
{
	aln_memory_options o = ALN_MEMORY_OPTIONS_INIT;
	aln_memory *m;
	char fr[128], en[128];
	long i;

	o.flags = ALN_MEMORY_CREATE;
	if (aln_memory_open(&m, p, &o) < 0)
		_exit(3);
	for (i = first; i < first + n; i++) {
		aln_variant v[2] = {
			{ .lang = "fr", .text = fr, .position = i },
			{ .lang = "en", .text = en, .position = i }
		};
		aln_unit u = { .confidence = -1,
			       .nvariants = 2,
			       .variants = v };

		if ((i - first) % batch == 0 && aln_memory_begin(m) < 0)
			_exit(4);
		snprintf(fr, sizeof(fr),
			 "La phrase numéro %ld parle du rapport annuel %ld.", i,
			 i % 97);
		snprintf(en, sizeof(en),
			 "Sentence number %ld is about annual report %ld.", i,
			 i % 97);
		if (aln_memory_add_unit(m, NULL, &u) < 0)
			_exit(5);
		if ((i - first) % batch == batch - 1) {
			if (aln_memory_commit(m) < 0)
				_exit(6);
			if (report >= 0) {
				long done = i - first + 1;

				if (write(report, &done, sizeof(done)) < 0)
					_exit(7);
			}
		}
	}
	aln_memory_free(m);
	_exit(0);
}

static long long unit_count(void)
{
	aln_memory *m = NULL;
	long long n;

	ck_assert_int_eq(aln_memory_open(&m, path, NULL), 0);
	n = units_in(m);
	aln_memory_free(m);
	return n;
}

static void assert_intact(void)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	const char *checks[] = {
		"PRAGMA integrity_check",
		"INSERT INTO variant_words(variant_words) "
		"VALUES('integrity-check')",
	};
	size_t i;

	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	for (i = 0; i < sizeof(checks) / sizeof(checks[0]); i++) {
		ck_assert_int_eq(
			sqlite3_prepare_v2(db, checks[i], -1, &st, NULL),
			SQLITE_OK);
		int rc = sqlite3_step(st);

		ck_assert_msg(rc == SQLITE_ROW || rc == SQLITE_DONE, "%s: %s",
			      checks[i], sqlite3_errmsg(db));
		if (rc == SQLITE_ROW)
			ck_assert_str_eq(
				(const char *)sqlite3_column_text(st, 0), "ok");
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
}

START_TEST(sigkill_while_storing_leaves_the_last_commit)
{
	long base = 0;
	int round;

	/* A first committed state. */
	{
		pid_t pid = fork();
		int status;

		ck_assert_int_ge(pid, 0);
		if (pid == 0)
			writer(path, 0, 500, 500, -1);
		waitpid(pid, &status, 0);
		ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
		base = 500;
	}
	for (round = 0; round < 5; round++) {
		int fds[2];
		pid_t pid;
		long done = 0, got;
		long long n;

		ck_assert_int_eq(pipe(fds), 0);
		pid = fork();
		ck_assert_int_ge(pid, 0);
		if (pid == 0) {
			close(fds[0]);
			writer(path, base + 1000000L * (round + 1), 100000, 400,
			       fds[1]);
		}
		close(fds[1]);
		/* Let it commit a few batches, then kill it mid-batch. */
		while (done < 400L * (1 + round % 3) &&
		       read(fds[0], &got, sizeof(got)) == sizeof(got))
			done = got;
		usleep(20000 + 15000 * round);
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		while (read(fds[0], &got, sizeof(got)) == sizeof(got))
			done = got;
		close(fds[0]);
		n = unit_count();
		/* Whole batches only: what was committed, nothing torn. */
		ck_assert_int_eq((n - base) % 400, 0);
		ck_assert_int_ge(n - base, done);
		ck_assert_int_le(n - base, done + 400);
		assert_intact();
		base = n;
	}
}
END_TEST

/* The journal mode of the open transaction of m. */
static void assert_txn_journal(aln_memory *m, const char *want)
{
	sqlite3_stmt *st;

	ck_assert_int_eq(sqlite3_prepare_v2(aln__term_db(m),
					    "PRAGMA journal_mode", -1, &st,
					    NULL),
			 SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	ck_assert_str_eq((const char *)sqlite3_column_text(st, 0), want);
	sqlite3_finalize(st);
}

/* The journal mode of the file at path, as a new connection sees it. */
static void assert_journal_mode(const char *want)
{
	sqlite3 *db;
	sqlite3_stmt *st;

	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_int_eq(
		sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL),
		SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	ck_assert_str_eq((const char *)sqlite3_column_text(st, 0), want);
	sqlite3_finalize(st);
	sqlite3_close(db);
}

START_TEST(a_first_import_writes_through_a_journal_and_returns_to_the_log)
{
	/*
	 * Into a memory without units, a transaction writes through a
	 * rollback journal (no log to copy back), then the memory is in
	 * write-ahead mode again; with another connection open on the
	 * file, the mode cannot change and the log is used.
	 */
	char journal[320], fr[64];
	sqlite3 *other;
	aln_memory *m = create();

	ck_assert_int_eq(aln_memory_begin(m), 0);
	for (int i = 0; i < 3000; i++) {
		snprintf(fr, sizeof(fr), "Ligne %d du premier import.", i);
		add_queued_pair(m, fr, "A line of the first import.");
	}
	assert_txn_journal(m, "delete");
	ck_assert_int_eq(aln_memory_commit(m), 0);
	aln_memory_free(m);
	assert_journal_mode("wal");
	ck_assert_int_eq(unit_count(), 3000);
	snprintf(journal, sizeof(journal), "%s-journal", path);
	ck_assert_int_ne(access(journal, F_OK), 0);
	assert_intact();

	unlink(path);
	m = create();
	ck_assert_int_eq(sqlite3_open(path, &other), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(other, "SELECT count(*) FROM units", NULL,
				      NULL, NULL),
			 SQLITE_OK);
	ck_assert_int_eq(aln_memory_begin(m), 0);
	add_queued_pair(m, "Une ligne.", "A line.");
	assert_txn_journal(m, "wal");
	ck_assert_int_eq(aln_memory_commit(m), 0);
	sqlite3_close(other);
	aln_memory_free(m);
	ck_assert_int_eq(unit_count(), 1);
	assert_journal_mode("wal");
}
END_TEST

START_TEST(sigkill_during_a_first_import_leaves_an_empty_memory)
{
	/*
	 * Killed while its first transaction has written pages into the
	 * file (a tiny page cache spills them early): the next opening
	 * rolls the journal back, and the memory is empty and sound.
	 */
	int fds[2];
	pid_t pid;
	char c, journal[320];
	struct stat sb;

	aln_memory_free(create());
	ck_assert_int_eq(pipe(fds), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		aln_memory_options o = ALN_MEMORY_OPTIONS_INIT;
		aln_memory *m;
		char fr[96];

		close(fds[0]);
		if (aln_memory_open(&m, path, &o) < 0 ||
		    sqlite3_exec(aln__term_db(m), "PRAGMA cache_size = 20",
				 NULL, NULL, NULL) != SQLITE_OK ||
		    aln_memory_begin(m) < 0)
			_exit(3);
		for (long i = 0;; i++) {
			aln_variant v[2] = { { .lang = "fr", .text = fr },
					     { .lang = "en", .text = fr } };
			aln_unit u = { .confidence = -1,
				       .nvariants = 2,
				       .variants = v };

			snprintf(fr, sizeof(fr), "Phrase %ld, jamais validée.",
				 i);
			if (aln_memory_add_unit(m, NULL, &u) < 0)
				_exit(5);
			if (i == 3000 && write(fds[1], "x", 1) != 1)
				_exit(6);
		}
	}
	close(fds[1]);
	ck_assert_int_eq(read(fds[0], &c, 1), 1);
	usleep(100000);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	close(fds[0]);
	/* A hot journal: pages of the transaction reached the file. */
	snprintf(journal, sizeof(journal), "%s-journal", path);
	ck_assert_int_eq(access(journal, F_OK), 0);
	ck_assert_int_eq(stat(path, &sb), 0);
	ck_assert_int_gt(sb.st_size, 200 * 1024);
	ck_assert_int_eq(unit_count(), 0);
	assert_intact();
	aln_memory_free(create());
	assert_journal_mode("wal");
}
END_TEST

START_TEST(a_reader_looks_up_while_another_process_imports)
{
	aln_lookup_options lo = ALN_LOOKUP_OPTIONS_INIT;
	aln_memory *m = NULL;
	pid_t pid;
	int status, lookups = 0;
	const char *q = "La phrase numéro 12 parle du rapport annuel 12.";

	{
		pid_t p0 = fork();

		ck_assert_int_ge(p0, 0);
		if (p0 == 0)
			writer(path, 0, 200, 200, -1);
		waitpid(p0, &status, 0);
		ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0)
		writer(path, 1000, 20000, 2000, -1);
	lo.source_lang = "fr";
	lo.target_lang = "en";
	ck_assert_int_eq(aln_memory_open(&m, path, NULL), 0);
	for (;;) {
		aln_matches *r = NULL;
		pid_t w = waitpid(pid, &status, WNOHANG);

		ck_assert_int_eq(aln_memory_lookup(m, &r, q, strlen(q), &lo),
				 0);
		ck_assert_uint_ge(r->count, 1);
		ck_assert_int_eq(r->items[0].score, 100);
		aln_matches_free(r);
		lookups++;
		if (w == pid)
			break;
	}
	aln_memory_free(m);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	ck_assert_int_gt(lookups, 1);
	ck_assert_int_eq(unit_count(), 20200);
}
END_TEST

static Suite *memory_suite(void)
{
	Suite *s = suite_create("memory");
	TCase *tc = tcase_create("store");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, opening_a_missing_memory_without_create_says_so);
	tcase_add_test(tc, a_file_that_is_not_a_memory_is_refused);
	tcase_add_test(tc,
		       identical_units_are_stored_once_with_every_provenance);
	tcase_add_test(tc, bad_units_are_refused_and_leave_nothing);
	tcase_add_test(tc, two_writers_in_turn_keep_term_counts_exact);
	tcase_add_test(tc, a_full_term_cache_loses_no_count);
	tcase_add_test(tc, queued_units_are_stored_as_if_stored_at_once);
	tcase_add_test(
		tc,
		a_first_import_writes_through_a_journal_and_returns_to_the_log);
	tcase_add_test(tc, the_lexicon_counts_what_each_commit_stored);
	tcase_add_test(
		tc, the_log_reaches_the_file_after_a_commit_and_goes_at_close);
	tcase_add_test(tc,
		       terms_dropped_from_the_cache_are_counted_when_met_again);
	tcase_add_test(tc,
		       a_unit_the_writer_cannot_store_fails_the_transaction);
	tcase_add_test(
		tc,
		a_version_2_memory_loses_its_trigram_index_and_nothing_else);
	tcase_add_test(tc,
		       a_rolled_back_transaction_leaves_the_memory_as_before);
	tcase_add_test(tc,
		       each_unit_filters_by_language_document_and_confidence);
	tcase_add_test(tc, each_unit_stops_when_the_callback_says_so);
	tcase_add_test(tc,
		       each_unit_gives_variants_in_the_order_they_were_stored);
	tcase_add_test(tc, word_pairs_come_from_units_of_the_pair);
	tcase_add_test(tc, scores_follow_the_cat_conventions);
	tcase_add_test(tc, lookup_finds_exact_and_fuzzy_matches_best_first);
	tcase_add_test(tc, a_regional_lookup_penalises_other_regions);
	tcase_add_test(tc, lookup_rejects_bad_options);
	tcase_add_test(tc,
		       a_sentence_of_common_words_still_finds_its_exact_match);
	tcase_add_test(tc, candidate_retrieval_uses_the_full_text_index);
	tcase_add_test(tc, analysis_counts_bands_and_repetitions);
	tcase_add_test(tc, a_read_only_memory_refuses_writes);
	suite_add_tcase(s, tc);
	tc = tcase_create("safety");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 240);
	tcase_add_test(tc, sigkill_while_storing_leaves_the_last_commit);
	tcase_add_test(tc,
		       sigkill_during_a_first_import_leaves_an_empty_memory);
	tcase_add_test(tc, a_reader_looks_up_while_another_process_imports);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(memory_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
