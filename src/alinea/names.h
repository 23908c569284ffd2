/* SPDX-License-Identifier: MIT */
/*
 * Names across scripts: how a person's or a place's name is written in
 * each language. Three services:
 *
 * - transcription: from a name in any script, the form each target
 *   language uses, made by the transcription rules kept in
 *   locales/<lang>/names-<source>.txt (ICU transform rules) and the
 *   conventional forms of locales/<lang>/names-exceptions.tsv (Moscou,
 *   Moskau, Peking);
 * - a matching key that folds the spellings of one name in English,
 *   French and German conventions together (Sergey, Sergei, Sergueï,
 *   Sergej), so that a lookup in any spelling finds the others;
 * - detection of the names in a sentence, for the memory's name index.
 *
 * All text is UTF-8. Language tags are BCP 47; only the base language
 * matters here ("fr-CA" is treated as "fr").
 */
#ifndef ALINEA_NAMES_H
#define ALINEA_NAMES_H

#include "alinea/common.h"
#include "alinea/lang.h"

ALN_BEGIN_DECLS

/* Where a form of a name comes from. */
typedef enum aln_name_source {
	ALN_NAME_RULES = 1,	/* made by the transcription rules */
	ALN_NAME_EXCEPTION = 2, /* a conventional form from locales/ */
	ALN_NAME_MEMORY = 3,	/* seen in the memory's units */
} aln_name_source;

/* One form of a name in one language. */
typedef struct aln_name_form {
	char lang[ALN_LANG_MAX]; /* the language the form is for */
	char *text;		 /* the form, owned by the array */
	aln_name_source source;
	unsigned long count; /* memory forms: how many times seen; else 0 */
	long long unit;	     /* memory forms: one unit it was seen in */
} aln_name_form;

typedef struct aln_names_options {
	unsigned int version; /* ALN_NAMES_OPTIONS_VERSION */
	/*
	 * The target languages, in the order wanted; NULL (or nlangs 0)
	 * gives en, fr, de, ru, zh.
	 */
	const char *const *langs;
	size_t nlangs;
	/*
	 * The language whose conventions a Latin-script name follows ("fr"
	 * for Poutine), or NULL to let the library guess it.
	 */
	const char *from;
} aln_names_options;

#define ALN_NAMES_OPTIONS_VERSION 1
#define ALN_NAMES_OPTIONS_INIT                                                 \
	{                                                                      \
		ALN_NAMES_OPTIONS_VERSION, NULL, 0, NULL                       \
	}

/*
 * The forms of name in each target language that rules and the
 * exceptions lists give (no memory is involved), best first within a
 * language, languages in the order of opts->langs. A language may get no
 * form (Russian → Chinese has no rules); the same text appears at most
 * once per language. On success *out is an array of *count forms, to be
 * freed with aln_name_forms_free(). Fails with ALN_EINVAL on an empty
 * name or a malformed language tag, ALN_EENCODING on invalid UTF-8,
 * ALN_EFORMAT when a rule file of locales/ does not compile (the error
 * names the file and line), ALN_EICU or ALN_ENOMEM; *out is then NULL.
 */
ALN_EXTERN int aln_names_rules(aln_name_form **out, size_t *count,
			       const char *name, size_t len,
			       const aln_names_options *opts);

/* Frees an array of forms and the texts in it. Accepts NULL. */
ALN_EXTERN void aln_name_forms_free(aln_name_form *forms, size_t count);

/*
 * The best form of name in language to: the first form that
 * aln_names_rules() gives. from is as in aln_names_options. On success
 * *out is owned by the caller (aln_free()). Fails with ALN_ENOTFOUND
 * when no rule reaches that language, and as aln_names_rules().
 */
ALN_EXTERN int aln_names_transcribe(char **out, const char *name, size_t len,
				    const char *from, const char *to);

/*
 * The matching key of name: lower-case ASCII letters, one group per word
 * separated by spaces, equal for the spellings of one name in the
 * English, French and German conventions and in its own script
 * (Сергей, Sergey, Sergei, Sergueï and Sergej give one key). lang is the
 * language whose spelling conventions a Latin-script name follows, or
 * NULL when unknown (then English ones). The key is meant for finding
 * candidates: unrelated names may share one. On success *out is owned by
 * the caller (aln_free()); a name without letters gives "". Fails with
 * ALN_EENCODING, ALN_EICU or ALN_ENOMEM.
 */
ALN_EXTERN int aln_names_key(char **out, const char *name, size_t len,
			     const char *lang);

/* A name found in a text: byte offsets into the text. */
typedef struct aln_name_span {
	size_t start;
	size_t end;
} aln_name_span;

/*
 * Finds the names in text, a sentence in language lang: sequences of
 * capitalised words (a word that only opens the sentence is not taken
 * alone), with titles such as M., Mme, Mr, President or г-н left out,
 * and runs of a script other than the text's own (a Cyrillic name in a
 * French sentence). Chinese sentences give no spans: their names are
 * found by the memory through the keys of the other variants. On
 * success *out is an array of *count spans owned by the caller
 * (aln_free()); none gives *count 0 and *out NULL. Fails with
 * ALN_EENCODING, ALN_EICU or ALN_ENOMEM.
 */
ALN_EXTERN int aln_names_find(aln_name_span **out, size_t *count,
			      const char *text, size_t len, const char *lang);

/* The translation memory (alinea/memory.h). */
typedef struct aln_memory aln_memory;

/*
 * The forms of name with the memory's evidence: per language, in the
 * order of opts->langs, the forms seen in m's units whose matching key
 * agrees with the name's or with one of its rule forms' (source
 * ALN_NAME_MEMORY, with count and an example unit), most seen first,
 * then the forms of aln_names_rules(). m may be NULL: then the rules
 * alone answer. The memory's name index is built on the first call for
 * a handle and kept until the memory's unit count changes. Frees and
 * fails as aln_names_rules(), and with ALN_EDB when the memory cannot be
 * read.
 */
ALN_EXTERN int aln_memory_names(aln_name_form **out, size_t *count,
				aln_memory *m, const char *name, size_t len,
				const aln_names_options *opts);

ALN_END_DECLS

#endif
