/* SPDX-License-Identifier: MIT */
/*
 * The translation memory: a store of translation units (one variant per
 * language) kept in an embedded SQLite database, with fuzzy lookup
 * (CAT-style match percentages), leverage analysis and statistics.
 *
 * Languages are canonical BCP 47 tags. A lookup or filter for a base
 * language ("fr") also sees its regional variants ("fr-FR", "fr-CA");
 * a lookup for a regional tag sees the other regions of the same base
 * language at a small penalty (ALN_MATCH_PENALTY_REGION).
 *
 * A memory handle is not thread-safe: use one per thread. Several
 * processes may share a memory file: readers never block a writer or
 * each other (WAL), writers wait up to busy_timeout_ms for each other.
 */
#ifndef ALINEA_MEMORY_H
#define ALINEA_MEMORY_H

#include "alinea/common.h"
#include "alinea/unit.h"

ALN_BEGIN_DECLS

typedef struct aln_memory aln_memory;

enum {
	/* Create the memory file when it does not exist. */
	ALN_MEMORY_CREATE = 1 << 0,
	/* Open for reading only; every write fails with ALN_EINVAL. */
	ALN_MEMORY_READONLY = 1 << 1,
};

typedef struct aln_memory_options {
	unsigned int version; /* ALN_MEMORY_OPTIONS_VERSION */
	unsigned int flags;   /* ALN_MEMORY_CREATE, ALN_MEMORY_READONLY */
	/* How long to wait for another process's lock; 0 for 5000 ms. */
	int busy_timeout_ms;
} aln_memory_options;

#define ALN_MEMORY_OPTIONS_VERSION 1
#define ALN_MEMORY_OPTIONS_INIT                                                \
	{                                                                      \
		ALN_MEMORY_OPTIONS_VERSION, 0, 5000                            \
	}

/*
 * Opens the memory at path (opts may be NULL for the defaults). A missing
 * file fails with ALN_ENOTFOUND unless opts->flags has ALN_MEMORY_CREATE;
 * the folder must exist. An older schema is migrated (in a transaction)
 * unless the memory is opened read-only; a newer one fails with
 * ALN_EUNSUPPORTED. On success *out is owned by the caller
 * (aln_memory_free()); on failure it is NULL.
 */
ALN_EXTERN int aln_memory_open(aln_memory **out, const char *path,
			       const aln_memory_options *opts);

/* Closes the memory, rolling back an open transaction. Accepts NULL. */
ALN_EXTERN void aln_memory_free(aln_memory *m);

/*
 * Transactions. Writes outside a transaction are each their own
 * transaction; group many writes between begin and commit for speed and
 * atomicity (a process killed before commit leaves the memory as it was
 * before begin). Fails with ALN_EBUSY when another process holds the
 * write lock past the busy timeout, ALN_EINVAL when nested or when no
 * transaction is open.
 */
ALN_EXTERN int aln_memory_begin(aln_memory *m);
ALN_EXTERN int aln_memory_commit(aln_memory *m);
ALN_EXTERN int aln_memory_rollback(aln_memory *m);

/*
 * Stores unit u (at least one variant with a language and a text; the
 * languages are canonicalised, the texts NFC-normalised). A unit that
 * has the same languages and texts as a stored one is not stored twice:
 * the new provenance (documents, positions) is added to the stored unit
 * and its id returned. *id (when id is not NULL) receives the unit's
 * id. Fails with ALN_EINVAL on a unit without variants, with an empty
 * text, a bad language or two variants of one language.
 */
ALN_EXTERN int aln_memory_add_unit(aln_memory *m, long long *id,
				   const aln_unit *u);

/*
 * How many of the units added since the last aln_memory_begin() were
 * stored as new (*stored) and how many were already in the memory
 * (*merged: only their provenance was added). Either pointer may be
 * NULL. Cheap: no count of the memory.
 */
ALN_EXTERN int aln_memory_added(aln_memory *m, long long *stored,
				long long *merged);

/* Which units aln_memory_each_unit() visits; zeroed fields match all. */
typedef struct aln_unit_filter {
	unsigned int version; /* ALN_UNIT_FILTER_VERSION */
	/*
	 * Units that have a variant in each of these languages (a base
	 * language matches its regions); NULL/0 for all.
	 */
	const char *const *langs;
	size_t nlangs;
	/* Units with a variant from this document (name as stored). */
	const char *document;
	/* Units created or changed at or after "YYYYMMDDThhmmssZ". */
	const char *since;
	/* Units whose confidence is at least this; negative for all. */
	double min_confidence;
} aln_unit_filter;

#define ALN_UNIT_FILTER_VERSION 1
#define ALN_UNIT_FILTER_INIT                                                   \
	{                                                                      \
		ALN_UNIT_FILTER_VERSION, NULL, 0, NULL, NULL, -1.0             \
	}

/*
 * Calls cb for every unit that f selects (f may be NULL), in id order,
 * streaming: one unit in memory at a time. The unit passed to cb and its
 * strings live until cb returns. A non-zero return of cb stops the walk
 * and is returned.
 */
ALN_EXTERN int aln_memory_each_unit(aln_memory *m, const aln_unit_filter *f,
				    aln_unit_cb cb, void *data);

/* Counts of one language. */
typedef struct aln_memory_lang_stats {
	char lang[64]; /* canonical tag, as stored */
	long long variants;
} aln_memory_lang_stats;

/*
 * The memory's counts. A struct tag only (no typedef): the function that
 * fills it is named aln_memory_stats.
 */
struct aln_memory_stats {
	long long units;
	long long documents;
	long long variants;
	long long bytes; /* size on disk: database and write-ahead log */
	size_t nlangs;
	aln_memory_lang_stats *langs; /* sorted by tag; owned, see below */
};

/*
 * Fills *out with the memory's counts. out->langs is owned by the caller
 * and freed with aln_memory_stats_clear(), which accepts a zeroed or
 * cleared struct.
 */
ALN_EXTERN int aln_memory_stats(aln_memory *m, struct aln_memory_stats *out);
ALN_EXTERN void aln_memory_stats_clear(struct aln_memory_stats *s);

/*
 * ---- Fuzzy matching ----
 *
 * The score of a stored source sentence S for a query Q is a percentage.
 * 100 means identical text. Otherwise both are split into ICU word
 * tokens (words, numbers, punctuation, inline tags) and aligned with a
 * weighted edit distance; the score is 100 * (1 - cost / weight of the
 * longer side), capped at 99, where a word costs 1, a punctuation mark
 * 0.5, and a token that differs only in case, accents, or (for numbers)
 * in value costs the penalties below instead of a full edit. This is the
 * reasoning CAT tools follow: a different number or a case change still
 * leaves a sentence the translator can reuse almost as is.
 */
#define ALN_MATCH_PENALTY_CASE 1   /* points off per case difference */
#define ALN_MATCH_PENALTY_PUNCT 1  /* per punctuation difference */
#define ALN_MATCH_PENALTY_NUMBER 2 /* per different number */
#define ALN_MATCH_PENALTY_TAG 1	   /* per inline tag difference */
#define ALN_MATCH_PENALTY_SPACE 1  /* white space differs only */
#define ALN_MATCH_PENALTY_REGION 1 /* fr-CA unit for an fr-FR lookup */

typedef enum aln_diff_op {
	ALN_DIFF_SAME = 0,   /* in both */
	ALN_DIFF_DELETE = 1, /* in the query only */
	ALN_DIFF_INSERT = 2, /* in the stored source only */
	ALN_DIFF_CHANGE = 3, /* same word, differing in case, accent, value */
} aln_diff_op;

/* One step of the word diff from the query to a match's source. */
typedef struct aln_diff {
	aln_diff_op op;
	const char *text;  /* the query's token (SAME, DELETE, CHANGE) or the
			     source's (INSERT) */
	const char *other; /* for CHANGE, the source's token; else NULL */
} aln_diff;

typedef struct aln_match {
	int score; /* 0..100 */
	long long unit;
	const char *source;	 /* the stored source text */
	const char *target;	 /* the stored target text */
	const char *source_lang; /* as stored: "fr-CA" */
	const char *target_lang;
	const char *document; /* the source variant's document, or NULL */
	double confidence;    /* the unit's confidence, or -1 */
	size_t ndiff;
	const aln_diff *diff;
} aln_match;

/* The matches of one lookup, best first; free with aln_matches_free(). */
typedef struct aln_matches {
	size_t count;
	aln_match *items;
	/* How many stored sentences were scored (candidates). */
	size_t candidates;
} aln_matches;

enum {
	/*
	 * Score every stored sentence of the source language instead of
	 * the index's candidates: slow, for measuring the index's recall.
	 */
	ALN_LOOKUP_EXHAUSTIVE = 1 << 0,
	/* Leave out the word diff (faster). */
	ALN_LOOKUP_NO_DIFF = 1 << 1,
};

typedef struct aln_lookup_options {
	unsigned int version;	 /* ALN_LOOKUP_OPTIONS_VERSION */
	const char *source_lang; /* required */
	const char *target_lang; /* required */
	int min_score;		 /* matches below are dropped; default 70 */
	size_t limit;		 /* at most this many; default 5 */
	unsigned int flags;	 /* ALN_LOOKUP_* */
} aln_lookup_options;

#define ALN_LOOKUP_OPTIONS_VERSION 1
#define ALN_LOOKUP_OPTIONS_INIT                                                \
	{                                                                      \
		ALN_LOOKUP_OPTIONS_VERSION, NULL, NULL, 70, 5, 0               \
	}

/*
 * Finds the stored units whose source-language variant best matches text
 * (len bytes of UTF-8) and that have a target-language variant. On
 * success *out is owned by the caller (aln_matches_free()), possibly with
 * count 0. Fails with ALN_EINVAL (bad languages, options), ALN_EENCODING,
 * ALN_EDB.
 */
ALN_EXTERN int aln_memory_lookup(aln_memory *m, aln_matches **out,
				 const char *text, size_t len,
				 const aln_lookup_options *opts);
ALN_EXTERN void aln_matches_free(aln_matches *matches);

/*
 * The match score of b against a (both NUL-terminated UTF-8) in language
 * lang, as lookup computes it, into *score. Fails with ALN_EENCODING.
 */
ALN_EXTERN int aln_match_score(int *score, const char *a, const char *b,
			       const char *lang);

/*
 * ---- Leverage analysis ----
 */
typedef enum aln_band {
	ALN_BAND_100 = 0,    /* 100 % */
	ALN_BAND_95 = 1,     /* 95-99 % */
	ALN_BAND_85 = 2,     /* 85-94 % */
	ALN_BAND_75 = 3,     /* 75-84 % */
	ALN_BAND_50 = 4,     /* 50-74 % */
	ALN_BAND_NONE = 5,   /* no match of 50 % or more */
	ALN_BAND_REPEAT = 6, /* repeats an earlier segment of the job */
	ALN_BAND_COUNT = 7,
} aln_band;

/* The band of a score (never ALN_BAND_REPEAT). */
ALN_EXTERN aln_band aln_band_of(int score);

/* A short English name for a band: "100", "95-99", ..., "repetitions". */
ALN_EXTERN const char *aln_band_name(aln_band band);

typedef struct aln_analysis {
	long long segments[ALN_BAND_COUNT];
	long long words[ALN_BAND_COUNT];
	long long total_segments;
	long long total_words;
} aln_analysis;

typedef struct aln_analyzer aln_analyzer;

/*
 * An analyzer counts segments and words per band for a job, looking each
 * segment up in m (opts: languages; min_score and limit are ignored).
 * Repetitions are segments identical to an earlier one of the job (after
 * the first occurrence, which gets its own band). m must outlive the
 * analyzer.
 */
ALN_EXTERN int aln_analyzer_new(aln_analyzer **out, aln_memory *m,
				const aln_lookup_options *opts);
/* Adds one segment; *band (may be NULL) receives its band. */
ALN_EXTERN int aln_analyzer_add(aln_analyzer *a, aln_band *band,
				const char *text, size_t len);
ALN_EXTERN const aln_analysis *aln_analyzer_result(const aln_analyzer *a);
ALN_EXTERN void aln_analyzer_free(aln_analyzer *a);

/*
 * Receives one word pair learned from the memory: src and tgt as first
 * written in a stored unit, dice their Dice coefficient in (0, 1]. The
 * strings live until the call returns. Return 0 to go on, non-zero to
 * stop (aln_memory_word_pairs() then returns that value).
 */
typedef int (*aln_word_pair_cb)(const char *src, const char *tgt, double dice,
				void *data);

/*
 * The word pairs the memory has learned from its units for the languages
 * src_lang → tgt_lang (BCP 47; regions do not matter), for the sentence
 * aligner (aln_align_options.pairs): over the first max_units units (0
 * for 20,000) that hold both languages, each source word seen in two
 * units or more with the target word that co-occurs with it best (Dice
 * 0.5 or more, four times more often than chance). Calls cb once per
 * pair, in no particular order; a memory without such units gives none.
 * Returns 0, cb's non-zero value, or ALN_EINVAL (a NULL argument or an
 * invalid tag), ALN_EDB, ALN_EBUSY, ALN_ENOMEM.
 */
ALN_EXTERN int aln_memory_word_pairs(aln_memory *m, const char *src_lang,
				     const char *tgt_lang, size_t max_units,
				     aln_word_pair_cb cb, void *data);

ALN_END_DECLS

#endif
