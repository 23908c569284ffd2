/* SPDX-License-Identifier: MIT */
/*
 * What the memory commands (add, lookup, analyze, pretranslate, stats)
 * share: opening the memory, language and number options, reading a
 * text file one sentence per line, and printing matches as text or JSON.
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
 * Calls fn for each non-empty line of path (UTF-8, one sentence per
 * line; a final CR is dropped), with its 1-based number. Stops at the
 * first non-zero return of fn and returns it; prints an error and
 * returns EXIT_FAILED when the file cannot be read.
 */
int clim_each_line(const char *path,
		   int (*fn)(const char *line, size_t len, long lineno,
			     void *data),
		   void *data);

/* A lookup result as one JSON object (no newline). */
void clim_print_json(FILE *out, const char *query, size_t qlen,
		     const aln_matches *r);

/* A lookup result for people: score, languages, diff and target. */
void clim_print_text(FILE *out, const aln_matches *r, bool color);

#endif
