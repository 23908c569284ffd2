/* SPDX-License-Identifier: MIT */
/*
 * What the files of memory/ share and callers never see: the memory
 * handle, the index terms and the fuzzy scorer's internal entry points.
 */
#ifndef ALN_MEMORY_INTERNAL_H
#define ALN_MEMORY_INTERNAL_H

#include "store.h"

/* At most this many index terms per sentence. */
#define ALN_MAX_TERMS 128

struct lang_cache {
	bool used;
	char tag[ALN_LANG_MAX];
	char canon[ALN_LANG_MAX];
	char base[ALN_LANG_MAX];
};

struct aln__behind;

struct aln_memory {
	aln_store *store;
	struct lang_cache langs[8];
	unsigned int next_lang;
	struct aln__behind *behind; /* units being stored by a second thread */
	bool doomed; /* a unit of the open transaction failed to store */
};

/*
 * Write-behind (memory/behind.c): aln__behind_push() queues a copy of a
 * unit for a second thread to store, inside a transaction; it returns 1
 * when it cannot (one core, or turned off): store the unit at once. It
 * fails with the first failure of a queued unit. aln__behind_sync() waits
 * until every queued unit is stored, and must come before any other use
 * of the store; it returns the first failure too. aln__behind_end() stops
 * the thread at the end of the transaction, storing what is left (or
 * dropping it, with discard). Each returns 0 or an ALN_E* code.
 */
extern bool aln__behind_enabled;
int aln__behind_push(aln_memory *m, const aln_store_unit *su);
int aln__behind_sync(aln_memory *m);
int aln__behind_end(aln_memory *m, bool discard);

/* The distinct index terms of a text (see aln__terms()). */
struct aln_terms {
	char *buf;
	char **list;
	size_t count;
};

int aln__terms(struct aln_terms *t, const char *text);
void aln__terms_free(struct aln_terms *t);

/*
 * Canonical tag and base of tag; the strings live in m's cache until
 * eight other tags have been asked for.
 */
int aln__memory_lang(aln_memory *m, const char **canon, const char **base,
		     const char *tag);

#endif
