/* SPDX-License-Identifier: MIT */
/*
 * Exchange formats: TMX (1.1 to 1.4b read, 1.4b written), TSV, CSV and
 * JSON Lines. Readers stream: they hand units to a callback one at a time
 * and keep memory constant whatever the size of the file. Writers stream
 * too, into a temporary file that becomes the named file only when
 * committed, so a failed export leaves nothing behind.
 */
#ifndef ALINEA_TMX_H
#define ALINEA_TMX_H

#include "alinea/common.h"
#include "alinea/unit.h"

#include <stdio.h>

ALN_BEGIN_DECLS

/* What a reader tells its event callback about. */
enum {
	ALN_TMX_WARNING = 1, /* something was repaired or ignored */
	ALN_TMX_SKIPPED = 2  /* a unit was left out (skip_invalid) */
};

/*
 * Receives a warning or a skipped unit: kind is ALN_TMX_WARNING or
 * ALN_TMX_SKIPPED, line the 1-based line of the element concerned (0 when
 * unknown), message a translated sentence valid during the call.
 */
typedef void (*aln_tmx_event_cb)(int kind, const char *file, long line,
				 const char *message, void *data);

/*
 * Progress of a reader: done bytes of total (0 when unknown) were read.
 * Called at most every few thousand units.
 */
typedef void (*aln_tmx_progress_cb)(unsigned long long done,
				    unsigned long long total, void *data);

/* The limits a reader puts on one unit; beyond them the unit is invalid. */
#define ALN_TMX_MAX_VARIANTS 256
#define ALN_TMX_MAX_PROPS 1024

typedef struct aln_tmx_read_options {
	unsigned int version;
	/*
	 * Leave out invalid units (no language, no seg, a bad language
	 * tag, no tuv) and report each through on_event, instead of
	 * failing. Malformed XML is always fatal: nothing after it can be
	 * trusted.
	 */
	int skip_invalid;
	/*
	 * For TSV and CSV, which name no languages: the language of each
	 * column, in order ("en", "fr"); at least two. Ignored for TMX.
	 */
	const char *const *langs;
	size_t nlangs;
	aln_tmx_event_cb on_event;	 /* or NULL */
	aln_tmx_progress_cb on_progress; /* or NULL */
	void *data;			 /* passed to both callbacks */
} aln_tmx_read_options;

#define ALN_TMX_READ_OPTIONS_VERSION 1
#define ALN_TMX_READ_OPTIONS_INIT                                              \
	{                                                                      \
		ALN_TMX_READ_OPTIONS_VERSION, 0, NULL, 0, NULL, NULL, NULL     \
	}

/*
 * Reads the TMX file at path and calls cb with each translation unit, in
 * file order. Languages are canonical BCP 47 tags; inline elements (bpt,
 * ept, it, ph, hi, ut, sub) are kept in aln_variant.markup and stripped
 * from aln_variant.text; a bpt or ept without its partner becomes an
 * "it" with a warning. The props x-alinea-confidence, x-alinea-document
 * and x-alinea-position that the writer adds come back as the unit's
 * confidence and the variant's document and position.
 *
 * The parser never uses the network, never loads a DTD or an external
 * entity, and refuses entity expansion beyond libxml2's bounds.
 *
 * Returns 0, or: ALN_EIO (cannot open), ALN_EFORMAT (malformed XML, with
 * file, line and column in aln_error_last(); or an invalid unit when
 * skip_invalid is off), ALN_EUNSUPPORTED (an external entity, an encoding
 * iconv does not know), ALN_ELIMIT (a unit past the limits above, entity
 * expansion), ALN_ENOMEM, or the callback's own negative code. Units
 * passed to cb before a failure were passed: the caller decides whether
 * to keep them (the memory rolls the file's transaction back).
 */
ALN_EXTERN int aln_tmx_read(const char *path, const aln_tmx_read_options *opts,
			    aln_unit_cb cb, void *data);

/*
 * Reads a TSV file: one unit per line, one column per language, cells
 * separated by tabs; \t, \n, \r and \\ in a cell are a tab, a
 * line feed, a carriage return and a backslash. The languages are
 * opts->langs (a first line that repeats them is a header, skipped). An empty cell
 * leaves that language out; a line with fewer than two non-empty cells,
 * more cells than languages or bytes that are not UTF-8 is invalid. A
 * UTF-8 BOM is skipped. The first column's language is the srclang.
 * Returns as aln_tmx_read; ALN_EINVAL when no languages are known.
 */
ALN_EXTERN int aln_tsv_read(const char *path, const aln_tmx_read_options *opts,
			    aln_unit_cb cb, void *data);

/*
 * Reads a CSV file (RFC 4180: commas, cells quoted with "" when they
 * hold commas, quotes or line breaks) as aln_tsv_read reads TSV, except
 * that without opts->langs the first row names the languages.
 */
ALN_EXTERN int aln_csv_read(const char *path, const aln_tmx_read_options *opts,
			    aln_unit_cb cb, void *data);

/*
 * Reads a JSON Lines file as the ALN_FORMAT_JSONL writer makes it: one
 * object per line with "variants" (objects with "lang" and "text", and
 * optionally "markup", "document", "position", "props"), and optionally
 * "tuid", "srclang", "confidence", "created", "changed", "tool" and
 * "props" (objects with "value", and optionally "type" and "lang").
 * Unknown keys are ignored; a markup that is not TMX inline content is
 * dropped with a warning. A line that breaks these rules is invalid
 * (ALN_EFORMAT with its line and column, or skipped with skip_invalid).
 * Returns as aln_tmx_read.
 */
ALN_EXTERN int aln_jsonl_read(const char *path,
			      const aln_tmx_read_options *opts, aln_unit_cb cb,
			      void *data);

/* The formats a writer can produce. */
typedef enum aln_format {
	ALN_FORMAT_TMX = 0,
	ALN_FORMAT_TSV = 1,
	ALN_FORMAT_CSV = 2,
	ALN_FORMAT_JSONL = 3
} aln_format;

/*
 * Parses a format name ("tmx", "tsv", "csv", "jsonl") into *out; returns
 * 0, or ALN_EINVAL for an unknown name.
 */
ALN_EXTERN int aln_format_parse(aln_format *out, const char *name);

/*
 * Guesses a file's format from its name (".tmx", ".tsv", ".txt",
 * ".csv", ".jsonl"); ALN_EUNSUPPORTED when the name says nothing.
 */
ALN_EXTERN int aln_format_guess(aln_format *out, const char *path);

typedef struct aln_tmx_writer aln_tmx_writer;

typedef struct aln_tmx_write_options {
	unsigned int version;
	aln_format format;
	/* Replace an existing file; without it ALN_EEXISTS. */
	int force;
	/*
	 * The languages to write, in order. TMX: only these variants are
	 * written (NULL: every variant). TSV and CSV need them: one column
	 * each. A unit that lacks one of them is left out.
	 */
	const char *const *langs;
	size_t nlangs;
	/* The header's srclang: a tag, or NULL for "*all*". */
	const char *srclang;
	/* The header's creationtool and version; NULL: "alinea" and ours. */
	const char *tool;
	const char *tool_version;
} aln_tmx_write_options;

#define ALN_TMX_WRITE_OPTIONS_VERSION 1
#define ALN_TMX_WRITE_OPTIONS_INIT                                             \
	{                                                                      \
		ALN_TMX_WRITE_OPTIONS_VERSION, ALN_FORMAT_TMX, 0, NULL, 0,     \
			NULL, NULL, NULL                                       \
	}

/*
 * Starts writing to path (through "path.tmp-XXXXXX" in the same folder):
 * the TMX header, or the CSV header row. Fails with ALN_EEXISTS when path
 * exists and force is off, ALN_EINVAL for TSV or CSV without languages,
 * ALN_EIO when the folder cannot be written. *out is set only on success.
 */
ALN_EXTERN int aln_tmx_writer_open(aln_tmx_writer **out, const char *path,
				   const aln_tmx_write_options *opts);

/*
 * Starts writing to f, a stream the caller owns and keeps open (standard
 * output): the header now, each unit as it is added, the end of the
 * document and a flush on commit; no temporary file, nothing synced or
 * closed, and a failed writer leaves what it wrote. name (NULL:
 * "standard output") is what error messages call the stream. Fails
 * with ALN_EINVAL (no stream; TSV or CSV without languages) or ALN_EIO.
 */
ALN_EXTERN int aln_tmx_writer_open_stream(aln_tmx_writer **out, FILE *f,
					  const char *name,
					  const aln_tmx_write_options *opts);

/*
 * Writes one unit. Units lacking one of the options' languages, or with
 * no variant left to write, are left out (*written, when not NULL, says
 * which). The unit is only read. Fails with ALN_EIO (the disk) or
 * ALN_EINVAL (a variant without language); the writer then refuses
 * everything but aln_tmx_writer_free().
 */
ALN_EXTERN int aln_tmx_writer_add(aln_tmx_writer *w, const aln_unit *unit,
				  int *written);

/*
 * An aln_unit_cb that calls aln_tmx_writer_add(data, unit, NULL), for
 * passing a writer straight to a reader or to the memory.
 */
ALN_EXTERN int aln_tmx_writer_cb(const aln_unit *unit, void *data);

/*
 * Finishes the file, flushes it to disk (fsync) and renames it to its
 * name. On failure the temporary file is removed and the named file is
 * untouched. The writer must still be freed.
 */
ALN_EXTERN int aln_tmx_writer_commit(aln_tmx_writer *w);

/*
 * Frees the writer; when it was not committed, its temporary file is
 * removed. Accepts NULL.
 */
ALN_EXTERN void aln_tmx_writer_free(aln_tmx_writer *w);

ALN_END_DECLS

#endif
