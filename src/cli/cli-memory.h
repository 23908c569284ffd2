/* SPDX-License-Identifier: MIT */
/*
 * What the memory commands (add, lookup, analyze, pretranslate, stats)
 * share: opening the memory, language and number options, reading the
 * sentences of a document, and printing matches as text or JSON.
 */
#ifndef ALINEA_CLI_MEMORY_H
#define ALINEA_CLI_MEMORY_H

#include "cli.h"

/*
 * Opens the memory: for writing (created, with its folder, when missing)
 * or for reading only (a missing memory is an error). Prints the error
 * and returns EXIT_FAILED on failure, else EXIT_OK.
 */
int clim_open(aln_memory **out, bool write);

/*
 * Checks a language option's value; returns EXIT_OK, or prints a usage
 * error of cmd and returns EXIT_USAGE.
 */
int clim_lang(const char *cmd, const char *option, const char *value);

/*
 * Parses an integer option in [lo, hi]; returns EXIT_OK, or prints a
 * usage error of cmd and returns EXIT_USAGE.
 */
int clim_int(const char *cmd, const char *option, const char *value, long lo,
	     long hi, long *out);

/* "text" or "json" into *json; else a usage error (EXIT_USAGE). */
int clim_format(const char *cmd, const char *value, bool *json);

/*
 * Reads the document at path (any encoding and format the text module
 * reads), cuts it into sentences of language lang, and calls fn for each
 * with its 1-based number. With lines, every non-empty line of the file
 * is one sentence instead (no segmentation). Warnings go to stderr.
 * Stops at the first non-zero return of fn and returns it; prints the
 * error and returns EXIT_FAILED when the file cannot be read.
 */
int clim_each_sentence(const char *path, const char *lang, bool lines,
		       int (*fn)(const char *s, size_t len, long n, void *data),
		       void *data);

/* The glossary entries found in a sentence, owned copies. */
struct clim_glossary {
	size_t n, cap;
	struct clim_term {
		long long id;
		char *source, *target, *note;
	} * e;
};

/*
 * Fills g (which the caller zeroes first) with the glossary entries from
 * src to tgt whose source occurs in text, longest first. Returns 0 or a
 * negative ALN_E* code.
 */
int clim_glossary_find(struct clim_glossary *g, aln_memory *m, const char *text,
		       const char *src, const char *tgt);
void clim_glossary_free(struct clim_glossary *g);

/*
 * A lookup result as one JSON object (no newline): {"query", "glossary"
 * (entries found, when g is not NULL), "matches"}.
 */
void clim_print_json(FILE *out, const char *query, size_t qlen,
		     const aln_matches *r, const struct clim_glossary *g);

/*
 * A lookup result for people: glossary entries first, marked as such,
 * then score, languages, diff and target of each match.
 */
void clim_print_text(FILE *out, const aln_matches *r, bool color,
		     const struct clim_glossary *g);

#endif
