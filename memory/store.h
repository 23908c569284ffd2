/* SPDX-License-Identifier: MIT */
/*
 * The narrow interface between the memory's front end (memory/memory.c:
 * validation, language tags, normalisation, scoring) and a storage
 * backend (memory/store-sqlite.c today; a PostgreSQL backend would
 * implement the same table of operations). A backend sees units whose
 * languages are canonical and texts NFC, with their index terms already
 * computed, and never tokenises or scores anything itself.
 */
#ifndef ALN_MEMORY_STORE_H
#define ALN_MEMORY_STORE_H

#include "internal.h"

#include <stdint.h>

typedef struct aln_store aln_store;

/* The index terms of one variant: folded word and number tokens. */
typedef struct aln_store_terms {
	size_t count;
	const char *const *terms; /* distinct, NUL-terminated */
	/* aln__store_term_hash() of each with the variant's base, or NULL. */
	const uint64_t *hashes;
} aln_store_terms;

/*
 * The hash by which a backend knows the term (base, term): 64-bit FNV-1a
 * of base, a NUL byte and term. The front end computes it on the
 * caller's thread; the store only compares.
 */
static inline uint64_t aln__store_term_hash(const char *base, const char *term)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *base; base++)
		h = (h ^ (unsigned char)*base) * 1099511628211ULL;
	h *= 1099511628211ULL; /* the NUL between them */
	for (; *term; term++)
		h = (h ^ (unsigned char)*term) * 1099511628211ULL;
	return h;
}

/* A unit ready to store: canonical, NFC, hashed, with its terms. */
typedef struct aln_store_unit {
	const aln_unit *unit;	      /* languages canonical, texts NFC */
	const char *const *base;      /* base language of each variant */
	const aln_store_terms *terms; /* one per variant */
	uint64_t hash;		      /* of the sorted (lang, text) pairs */
} aln_store_unit;

/* A retrieval request: the units most likely to match a query. */
typedef struct aln_store_query {
	const char *source_base; /* base language of the query ("fr") */
	const char *target_base;
	const char *const *terms; /* the query's distinct terms */
	size_t nterms;
	size_t limit;	 /* how many candidates at most */
	bool exhaustive; /* every unit with both languages instead */
} aln_store_query;

/*
 * One candidate. Strings live until the callback returns. A unit with
 * several variants of the base language (fr-FR and fr-CA) is reported
 * once per source variant.
 */
typedef struct aln_store_candidate {
	long long unit;
	const char *source;
	const char *source_lang;
	const char *target;
	const char *target_lang;
	const char *document;
	double confidence;
} aln_store_candidate;

typedef int (*aln_store_candidate_cb)(const aln_store_candidate *c, void *data);

/* The operations of a backend; every one returns 0 or an ALN_E* code. */
typedef struct aln_store_ops {
	const char *name;
	void (*close)(aln_store *s);
	int (*begin)(aln_store *s);
	int (*commit)(aln_store *s);
	int (*rollback)(aln_store *s);
	int (*add_unit)(aln_store *s, long long *id, const aln_store_unit *u);
	/* f has canonical languages (base tags match their regions). */
	int (*each_unit)(aln_store *s, const aln_unit_filter *f, aln_unit_cb cb,
			 void *data);
	int (*stats)(aln_store *s, struct aln_memory_stats *out);
	int (*candidates)(aln_store *s, const aln_store_query *q,
			  aln_store_candidate_cb cb, void *data);
} aln_store_ops;

/* Every backend starts with this header. */
struct aln_store {
	const aln_store_ops *ops;
	bool readonly;
	bool in_txn;
	/* Units add_unit stored as new, and merged, since begin. */
	long long stored, merged;
};

/*
 * The most postings a candidate search reads before it falls back on an
 * intersection of the rarest terms (20000; tests lower it).
 */
extern size_t aln__store_postings_budget;

/*
 * Opens the SQLite backend on path (see aln_memory_open() for flags and
 * failures).
 */
int aln__store_sqlite_open(aln_store **out, const char *path,
			   const aln_memory_options *opts);

#endif
