/* SPDX-License-Identifier: MIT */
/*
 * The store-independent core of the terminology module, shared by
 * memory/wordalign.c, memory/term-extract.c and memory/term.c and never
 * installed: words with folded (and optionally stemmed) keys, a small
 * string map, the query matcher, the association model that finds the
 * span translating an expression, and term-candidate extraction. None of
 * it touches SQLite: the store feeds it sentence pairs and counts.
 */
#ifndef ALN_TERM_INTERNAL_H
#define ALN_TERM_INTERNAL_H

#include "internal.h"
#include "buf.h"

#include <stdbool.h>

struct sb_stemmer;

/* ---- a string-keyed map (open addressing, keys copied) ---- */

typedef struct aln__smap_entry {
	char *key;
	size_t keylen;
	uint64_t hash;
	long long value; /* free for the caller: a count, an index */
} aln__smap_entry;

typedef struct aln__smap {
	aln__smap_entry *slots;
	size_t cap; /* a power of two, or 0 */
	size_t count;
} aln__smap;

#define ALN__SMAP_INIT                                                         \
	{                                                                      \
		NULL, 0, 0                                                     \
	}

/*
 * Finds key; with create, inserts it (value 0) when missing. Returns the
 * entry (valid until the next insertion), or NULL when missing (without
 * create) or out of memory (with create; ALN_ENOMEM is raised).
 */
aln__smap_entry *aln__smap_get(aln__smap *m, const char *key, size_t len,
			       bool create);
void aln__smap_free(aln__smap *m);

/* ---- words ---- */

typedef struct aln__word {
	size_t start, end; /* byte offsets into the text that was split */
	const char *key;   /* folded (case, accents) */
	size_t keylen;
	const char *stem; /* key's stem when a stemmer was given, else key */
	size_t stemlen;
	bool punct; /* punctuation or symbol: never part of a term */
	bool number;
	bool ideo;  /* a CJK run: languages without spaces */
	bool upper; /* starts with a capital letter */
} aln__word;

typedef struct aln__words {
	aln__word *w;
	size_t n;
	aln_buf pool; /* the keys, NUL-separated */
} aln__words;

/*
 * Splits text into words with aln_tokenize() and gives each a key:
 * case- and accent-folded, and a stem: the key reduced by stemmer when
 * not NULL (the stemmer sees the case-folded word with its accents),
 * else the key itself. Matching and association use stems; identity
 * and stopwords use keys. out is reset
 * first and owned by the caller (aln__words_free()). Fails as
 * aln_tokenize() and aln_fold() do.
 */
int aln__words_split(aln__words *out, const char *text, size_t len,
		     const char *lang, struct sb_stemmer *stemmer);
void aln__words_free(aln__words *w);

/*
 * The Snowball stemmer for lang's base language ("fr-CA" -> french), or
 * NULL with ALN_EUNSUPPORTED raised when libstemmer has none.
 */
struct sb_stemmer *aln__stemmer_new(const char *lang);
void aln__stemmer_free(struct sb_stemmer *s);

/*
 * Appends the first n bytes of s to b, case-folded and, with accents,
 * without diacritics: the folding of every key.
 */
int aln__fold_append(aln_buf *b, const char *s, size_t n, bool accents);

/*
 * Appends the stem of the word s[0, n) to b: the stemmer sees it
 * case-folded with its accents; the stem is then accent-folded.
 */
int aln__stem_append(aln_buf *b, const char *s, size_t n,
		     struct sb_stemmer *stemmer);

/* Whether lang writes words without spaces (zh, ja, th...). */
bool aln__lang_unspaced(const char *lang);

/*
 * The stopwords of lang's base language from
 * locales/<lang>/stopwords.txt (one folded word a line, # comments),
 * added to set. A missing file is not an error: the set stays empty.
 */
int aln__stopwords_load(aln__smap *set, const char *lang);
bool aln__is_stop(const aln__smap *set, const aln__word *w);

/* ---- matching an expression ---- */

typedef struct aln__query {
	aln__words words; /* the expression's words */
	char *joined;	  /* keys joined without spaces, for unspaced scripts */
	size_t joinedlen;
	bool unspaced;
} aln__query;

int aln__query_init(aln__query *q, const char *expr, const char *lang,
		    struct sb_stemmer *stemmer);
void aln__query_free(aln__query *q);

/*
 * Finds the first occurrence of q in the words of a sentence, on word
 * boundaries (or as a substring of the keys for unspaced scripts).
 * Returns true and the word range [*first, *last) when found.
 */
bool aln__query_find(const aln__query *q, const aln__words *s, size_t *first,
		     size_t *last);

/* ---- the association model and the span finder ---- */

/*
 * What the model knows of one target word for one expression: the share
 * of the expression's occurrences that it translates (0..1), estimated
 * by contrasting how often it occurs in the targets of units where the
 * expression occurs against the rest of the memory.
 */
typedef struct aln__assoc {
	aln__smap keys; /* target key -> index into weight */
	double *weight; /* 0..1 */
	size_t nweight;
	size_t cap;
	/*
	 * The target language's stopwords, loaded by the caller: they
	 * weigh half, as a function word seldom translates a content
	 * expression alone.
	 */
	aln__smap stop;
	/*
	 * Whether a span may start or end on a function word: when the
	 * expression itself does ("an hour" is "une heure").
	 */
	bool open_edges;
	/*
	 * Mean words per target sentence over the memory, or 0 when
	 * unknown: hits are often longer than the average sentence and
	 * hold more of every word, which the background rate corrects.
	 */
	double mean_len;
} aln__assoc;

/*
 * Counts of one set of hits: nhits units whose source holds the
 * expression, and for each target key the number of those units whose
 * target holds it. Build with aln__cooc_add() per hit.
 */
typedef struct aln__cooc {
	aln__smap counts; /* target key -> units holding it */
	long long nhits;
	double words; /* target words in the hits */
} aln__cooc;

int aln__cooc_add(aln__cooc *c, const aln__words *target);
void aln__cooc_free(aln__cooc *c);

/*
 * The document frequency of a target key over the whole memory (units
 * whose target holds it), looked up by the caller's store; *df must be
 * set (0 when unknown). Returns 0 or a negative ALN_E* code.
 */
typedef int (*aln__df_fn)(void *data, const char *key, size_t len,
			  long long *df);

/*
 * Turns co-occurrence counts into weights: for each key seen in the
 * hits, w = (r - b) / (1 - b) shrunk by n / (n + 2), where r is the
 * (Wilson lower-bound) rate of the key in the hits' targets and b its
 * rate in the other nunits - nhits units. Adds to a (keeping the larger
 * weight when a key is already there).
 */
int aln__assoc_add(aln__assoc *a, const aln__cooc *c, long long nunits,
		   aln__df_fn df, void *data);
double aln__assoc_weight(const aln__assoc *a, const char *key, size_t len);
void aln__assoc_free(aln__assoc *a);

/*
 * A source word that often accompanies the expression in its hits
 * ("room" for "red"), with what the memory knows of its translations:
 * target words it explains better are discounted in the hits where it
 * occurs.
 */
typedef struct aln__rival {
	char *stem;
	size_t stemlen;
	aln__assoc assoc;
} aln__rival;

/*
 * Finds the target words that translate source words [first, last):
 * the contiguous run of target words maximising the sum of (score -
 * threshold), where a word's score is its association weight, raised
 * for a word identical or cognate to a query word, lowered for
 * punctuation, with a prior on the span's length. Returns true and the
 * word range [*tfirst, *tlast) when some word has evidence, false when
 * nothing in the target is associated with the expression.
 */
bool aln__span_find(const aln__assoc *a, const aln__rival *rivals,
		    size_t nrivals, const aln__words *src, size_t first,
		    size_t last, const aln__words *tgt, size_t *tfirst,
		    size_t *tlast);

/*
 * The evidence that target word t translates source words [first,
 * last): its association weight, or its identity or cognate score.
 */
double aln__word_evidence(const aln__assoc *a, const aln__words *src,
			  size_t first, size_t last, const aln__word *t);

/* The number of characters (code points) in the first n bytes of s. */
size_t aln__utf8_chars(const char *s, size_t n);

/* ---- the concordance engine ---- */

typedef int (*aln__pair_cb)(void *cbdata, long long unit, const char *src,
			    const char *tgt);

/*
 * What the concordance needs from a store. candidates() calls cb for
 * units that may hold all of q's words in their source (a superset is
 * fine: the engine checks each), in unit order, stopping after limit
 * (0: no limit) or when cb returns non-zero; stem says whether q's keys
 * are stems. df() gives a target key's unit frequency; nunits is the
 * number of units with both languages.
 */
typedef struct aln__concord_backend {
	void *data;
	const char *srclang, *tgtlang;
	long long nunits;
	double mean_tgt_words; /* per unit, 0 when unknown */
	int (*candidates)(void *data, const aln__query *q, bool stem,
			  size_t limit, aln__pair_cb cb, void *cbdata);
	aln__df_fn df;
	/* Targets of the glossary entries whose source is the expression. */
	size_t nglossary;
	const char *const *glossary;
} aln__concord_backend;

/* Runs a concordance; *out as aln_concord() gives it. */
int aln__concord_run(aln_concord_result **out, const aln__concord_backend *b,
		     const char *expr, const aln_concord_options *opts);

/* ---- term candidates ---- */

typedef struct aln__extract aln__extract;

typedef struct aln__candidate {
	const char *source; /* as written in the example, NUL-terminated */
	const char *target;
	long long count;	/* units holding both */
	long long source_count; /* units holding the source n-gram */
	long long target_count;
	double score; /* logDice */
	long long example_unit;
	const char *example_source; /* the example unit's sentences */
	const char *example_target;
	size_t sidx, tidx;  /* the n-grams, for competitive linking */
	size_t example_seq; /* the example's number in the passes */
} aln__candidate;

/*
 * Term extraction runs in three passes over the same units: pass 1
 * counts n-grams (2 to 7 words, no punctuation, not starting or ending
 * with a stopword) on each side, pass 2 counts, for the frequent ones,
 * which pairs co-occur, and links them; pass 3 copies the example
 * sentences of the pairs kept. Feed every unit with aln__extract_add()
 * in pass 1, call aln__extract_next_pass(), feed them again in the same
 * order, call aln__extract_next_pass() again, feed them a third time
 * (or skip pass 3: the candidates then have no example), and call
 * aln__extract_finish().
 */
int aln__extract_new(aln__extract **out, const char *srclang,
		     const char *tgtlang, long long min_count);
int aln__extract_add(aln__extract *x, long long unit, const char *src,
		     const char *tgt);
int aln__extract_next_pass(aln__extract *x);
/*
 * Pairs the candidates by logDice with competitive linking (best pair
 * first, each n-gram used once) and ranks them; *out borrows from x.
 */
int aln__extract_finish(aln__extract *x, const aln__candidate **out,
			size_t *count);
void aln__extract_free(aln__extract *x);

/* ---- the SQLite tables (term.c, term-io.c) ---- */

struct sqlite3;
struct sqlite3_stmt;
struct aln_store;

/*
 * The schema of the terminology tables, run by the SQLite store's
 * migration to version 2.
 */
extern const char aln__term_schema_v2[];

/* The SQLite handle of a store, or NULL for another backend. */
struct sqlite3 *aln__store_sqlite_db(struct aln_store *s);

/* Variants and words (spaces + 1) of one base language. */
struct aln__lang_count {
	char base[ALN_LANG_MAX];
	long long variants, words;
};

/*
 * Counts a variant of base whose text is text in langs (*n of max
 * entries). False when base is not there and cannot be added: langs is
 * full, or base is too long.
 */
bool aln__lang_count_add(struct aln__lang_count *langs, size_t *n, size_t max,
			 const char *base, const char *text);

/*
 * What the open transaction of s stored: the ids of its first and last
 * variants (*first 0 when none) and the counts per base language (*n
 * of them, in *counts, owned by s). Fails (-1) when it does not know:
 * another backend, or too many languages.
 */
int aln__store_sqlite_new_variants(struct aln_store *s, long long *first,
				   long long *last,
				   const struct aln__lang_count **counts,
				   size_t *n);
struct sqlite3 *aln__term_db(aln_memory *m);
int aln__term_db_error(struct sqlite3 *db, const char *what);
int aln__term_prepare(struct sqlite3_stmt **st, struct sqlite3 *db,
		      const char *sql);
/* "SAVEPOINT" or "RELEASE" the savepoint aln_term; abort rolls it back. */
int aln__term_savepoint(struct sqlite3 *db, const char *verb);
void aln__term_abort(struct sqlite3 *db);
/* The folded words of a glossary source, joined by spaces. */
int aln__term_source_key(char **out, const char *text, const char *lang);
int aln__term_lang(aln_memory *m, char canon[ALN_LANG_MAX],
		   char base[ALN_LANG_MAX], const char *tag);

#endif
