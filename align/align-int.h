/* SPDX-License-Identifier: MIT */
/*
 * Declarations shared by the files of the aligner and never installed:
 * a small hash map, the per-document analysis (words, keys, lengths),
 * the bilingual lexicon and the pairwise dynamic programme.
 */
#ifndef ALN_ALIGN_INT_H
#define ALN_ALIGN_INT_H

#include "internal.h"

#include <stdbool.h>
#include <stdint.h>

/* 64-bit FNV-1a over bytes, with a one-byte namespace mixed in first. */
uint64_t aln__hash(char ns, const char *s, size_t len);

/*
 * Open-addressing map from non-zero 64-bit keys to 32-bit values. Keys
 * are hashes: 0 is the empty slot, so callers map 0 to 1.
 */
typedef struct aln_hmap {
	uint64_t *keys;
	uint32_t *vals;
	size_t cap; /* a power of two, or 0 */
	size_t n;
} aln_hmap;

/* The slot of key, or NULL when absent. */
uint32_t *aln__hmap_get(const aln_hmap *m, uint64_t key);
/*
 * The slot of key, inserted with value init when absent (*added says
 * which); NULL when out of memory.
 */
uint32_t *aln__hmap_put(aln_hmap *m, uint64_t key, uint32_t init, bool *added);
void aln__hmap_free(aln_hmap *m);

struct sb_stemmer;

/*
 * The dictionary key ('D' + stem, accents folded) of a case-folded word
 * and the hash its stem is looked up by; stemmer may be NULL. Returns 0
 * or ALN_ENOMEM.
 */
int aln__stem_key(struct sb_stemmer *stemmer, const char *low, size_t len,
		  uint32_t *key, uint64_t *hash);

/* The base language of a canonical tag ("pt-BR" gives "pt"); static. */
const char *aln__base_lang(const char *lang);

/* One distinct token of a document. */
typedef struct aln_type {
	char *form;	    /* case- and accent-folded, or transliterated */
	uint32_t ncp;	    /* code points in form */
	uint8_t kind;	    /* ALN_TOKEN_WORD, _NUMBER or _PUNCT */
	uint32_t df;	    /* sentences that contain it */
	float weight;	    /* inverse document frequency */
	uint32_t key_exact; /* E+form (N+digits for numbers, U+mark) */
	uint32_t key_pref;  /* P+first four code points, or 0 */
	uint32_t key_stem;  /* D+stem: what dictionaries point at */
	uint64_t stem_hash; /* hash of the stem, to look up the lexicon */
	/*
	 * Y+form of a capitalised Latin word the document never writes in
	 * lower case (a name), or 0; for a Han n-gram of two or three
	 * characters, key_exact is Y+its pinyin without tones or spaces, so
	 * that Guilin meets 桂林 (and Wang Fang, through
	 * aln__name_key2(), 王芳).
	 */
	uint32_t key_name;
	uint32_t ntrans; /* translations (key_stem of the other side) */
	uint32_t trans[4];
} aln_type;

/*
 * A kind of token of our own: one to three Han characters of a Chinese
 * text, keyed by their pinyin, weightless (they only let a name on the
 * other side count as met).
 */
#define ALN__TOKEN_HAN 100

/*
 * The name key of two names written one after the other ("Wang" "Fang"
 * gives Y+wangfang, the key of 王芳's pinyin).
 */
uint32_t aln__name_key2(const char *a, const char *b);

/* One version, analysed. */
typedef struct aln_doc {
	char lang[ALN_LANG_MAX];
	size_t nsent;
	float *len;	     /* length units (non-space code points) */
	uint32_t *woff;	     /* nsent + 1 offsets into words */
	uint32_t *words;     /* type ids of each sentence's tokens */
	uint8_t *para_start; /* 1 where a sentence opens a paragraph */
	bool has_paragraphs; /* more than one paragraph */
	bool has_han;	     /* Han n-grams keyed by pinyin */
	aln_hmap vocab;	     /* hash of the raw token → type id + 1 */
	aln_type *types;
	size_t ntypes;
	size_t types_cap;
} aln_doc;

/*
 * Tokenises and analyses one version. lang is canonical; the text is
 * checked for UTF-8. Returns 0 or ALN_EENCODING / ALN_EICU / ALN_ENOMEM
 * (doc then needs aln__doc_free all the same).
 */
int aln__doc_init(aln_doc *doc, const aln_align_text *text, size_t index);
void aln__doc_free(aln_doc *doc);

/*
 * Fills the translations of the types of src towards tgt from the
 * FreeDict dictionaries in dict_dir and the caller's pairs. Missing
 * dictionaries are not an error. Returns 0 or ALN_ENOMEM.
 */
int aln__lexicon_fill(aln_doc *src, const aln_doc *tgt, const char *dict_dir,
		      const aln_align_word_pair *pairs, size_t npairs);

/* The result of aligning two documents: grid points of the path. */
typedef struct aln_pair_result {
	size_t npoints; /* beads + 1 */
	uint32_t *pi;	/* source index of each point */
	uint32_t *pj;	/* target index of each point */
	float *post;	/* posterior of the bead ending at each point */
} aln_pair_result;

/*
 * Aligns src to tgt (both analysed, lexicon filled); learns word pairs
 * and realigns unless flags say not to. Returns 0 or ALN_ENOMEM /
 * ALN_ECANCELLED.
 */
int aln__align_pair(aln_pair_result *res, aln_doc *src, aln_doc *tgt,
		    const aln_align_options *opts, unsigned long long *done,
		    unsigned long long total);
void aln__pair_result_free(aln_pair_result *res);

/*
 * Calibration: from the posterior of a bead of a and b sentences to the
 * published confidence.
 */
double aln__calibrate(double posterior, unsigned int a, unsigned int b);

#endif
