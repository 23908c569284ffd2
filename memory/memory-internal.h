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

struct aln_memory {
	aln_store *store;
	struct lang_cache langs[8];
	unsigned int next_lang;
};

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
