// SPDX-License-Identifier: MIT
/*
 * The TSV and CSV readers (aln_tsv_read, aln_csv_read): one unit per
 * record, one language per column, for memories kept in spreadsheets.
 * The languages come from the options or, for CSV, from a first row
 * made of language tags (a TSV first row that repeats the languages of
 * the options is skipped as a header). Records are read one at a time (getline), so memory
 * stays constant; each becomes an aln_unit through the builder the TMX
 * reader uses.
 */
#include "tmx-unit.h"
#include "alinea/tmx.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_COLUMNS ALN_TMX_MAX_VARIANTS

typedef struct table {
	const char *path;
	const aln_tmx_read_options *opts;
	int csv;
	FILE *f;
	unsigned long long size;
	long line;     /* lines read so far */
	long rec_line; /* where the current record starts */
	char *raw;     /* getline's buffer */
	size_t raw_cap;
	aln_buf rec; /* the record, unescaped, cells NUL-separated */
	size_t cell_off[MAX_COLUMNS];
	size_t ncells;
	char langs[MAX_COLUMNS][ALN_LANG_MAX];
	size_t nlangs;
	tmx_lang_cache cache;
	tmx_builder b;
	aln_buf nfc;
} table;

/* Reads one physical line into t->raw; returns its length or -1 at EOF. */
static ssize_t next_line(table *t)
{
	ssize_t n = getline(&t->raw, &t->raw_cap, t->f);

	if (n < 0)
		return -1;
	t->line++;
	if (t->line == 1 && n >= 3 && !memcmp(t->raw, "\xEF\xBB\xBF", 3)) {
		memmove(t->raw, t->raw + 3, (size_t)n - 2);
		n -= 3;
	}
	return n;
}

static int end_cell(table *t)
{
	if (t->ncells >= MAX_COLUMNS)
		return 1;
	if (aln_buf_putc(&t->rec, '\0') < 0)
		return ALN_ENOMEM;
	t->ncells++;
	t->cell_off[t->ncells] = t->rec.len;
	return 0;
}

/*
 * Reads the next record into t->rec. Returns 1 when one was read, 0 at
 * the end of the file, 2 for a record with too many columns, or a
 * negative code.
 */
static int read_tsv_record(table *t)
{
	ssize_t n;
	size_t i;
	int rc;

	do {
		if ((n = next_line(t)) < 0)
			return ferror(t->f) ? ALN_EIO : 0;
		while (n > 0 &&
		       (t->raw[n - 1] == '\n' || t->raw[n - 1] == '\r'))
			n--;
	} while (n == 0);
	t->rec_line = t->line;
	aln_buf_clear(&t->rec);
	t->ncells = 0;
	t->cell_off[0] = 0;
	for (i = 0; i < (size_t)n; i++) {
		char c = t->raw[i];

		if (c == '\t') {
			if ((rc = end_cell(t)) != 0)
				return rc < 0 ? rc : 2;
			continue;
		}
		if (c == '\\' && i + 1 < (size_t)n) {
			char e = t->raw[i + 1];

			c = e == 't'	? '\t'
			    : e == 'n'	? '\n'
			    : e == 'r'	? '\r'
			    : e == '\\' ? '\\'
					: 0;
			if (c)
				i++;
			else
				c = '\\';
		}
		if (aln_buf_putc(&t->rec, c) < 0)
			return ALN_ENOMEM;
	}
	if ((rc = end_cell(t)) != 0)
		return rc < 0 ? rc : 2;
	return 1;
}

/* RFC 4180: quoted cells may hold commas, quotes ("") and line breaks. */
static int read_csv_record(table *t)
{
	ssize_t n;
	size_t i;
	int quoted = 0, at_start = 1, rc;

	do {
		if ((n = next_line(t)) < 0)
			return ferror(t->f) ? ALN_EIO : 0;
	} while (n == 0 || (n <= 2 && strspn(t->raw, "\r\n") == (size_t)n));
	t->rec_line = t->line;
	aln_buf_clear(&t->rec);
	t->ncells = 0;
	t->cell_off[0] = 0;
	for (;;) {
		for (i = 0; i < (size_t)n; i++) {
			char c = t->raw[i];

			if (quoted) {
				if (c == '"' && i + 1 < (size_t)n &&
				    t->raw[i + 1] == '"') {
					i++;
				} else if (c == '"') {
					quoted = 0;
					continue;
				}
			} else if (c == '"' && at_start) {
				quoted = 1;
				at_start = 0;
				continue;
			} else if (c == ',') {
				if ((rc = end_cell(t)) != 0)
					return rc < 0 ? rc : 2;
				at_start = 1;
				continue;
			} else if (c == '\n' ||
				   (c == '\r' && i + 1 < (size_t)n &&
				    t->raw[i + 1] == '\n')) {
				break;
			}
			at_start = 0;
			if (aln_buf_putc(&t->rec, c) < 0)
				return ALN_ENOMEM;
		}
		if (!quoted)
			break;
		/* A line break inside quotes: the record goes on. */
		if ((n = next_line(t)) < 0)
			return 3;
	}
	if ((rc = end_cell(t)) != 0)
		return rc < 0 ? rc : 2;
	return 1;
}

static const char *cell(table *t, size_t i, size_t *len)
{
	*len = t->cell_off[i + 1] - t->cell_off[i] - 1;
	return t->rec.ptr + t->cell_off[i];
}

static int bad_record(table *t, const char *why)
{
	if (t->opts->skip_invalid) {
		if (t->opts->on_event)
			t->opts->on_event(ALN_TMX_SKIPPED, t->path, t->rec_line,
					  why, t->opts->data);
		return 0;
	}
	aln__error(ALN_EFORMAT, _("invalid line: %s"), why);
	aln__error_at(t->path, t->rec_line, 0, -1);
	aln__error_hint("%s", _("pass --skip-invalid to store the other "
				"lines and list the bad ones"));
	return ALN_EFORMAT;
}

/* Takes the first record as the column languages, if it is made of tags. */
static int header_langs(table *t)
{
	size_t i, len;

	if (t->ncells < 2)
		return 0;
	for (i = 0; i < t->ncells; i++) {
		const char *c = cell(t, i, &len);

		if (!len || tmx_lang(&t->cache, t->langs[i], c) < 0) {
			aln_error_clear();
			return 0;
		}
	}
	t->nlangs = t->ncells;
	return 1;
}

static int record_unit(table *t, aln_unit_cb cb, void *data)
{
	const aln_unit *u;
	size_t i, len, idx, filled = 0;
	int rc;

	if (t->ncells > t->nlangs)
		return bad_record(t, _("more columns than languages"));
	for (i = 0; i < t->ncells; i++) {
		cell(t, i, &len);
		filled += len > 0;
	}
	if (filled < 2)
		return bad_record(t, _("fewer than two non-empty columns"));
	if (aln_utf8_invalid_at(t->rec.ptr, t->rec.len) >= 0)
		return bad_record(t, _("the line is not valid UTF-8"));
	tmx_builder_reset(&t->b);
	for (i = 0; i < t->ncells; i++) {
		const char *c = cell(t, i, &len);

		if (!len)
			continue;
		if ((rc = tmx_nfc(&t->nfc, c, len)) < 0)
			return rc;
		if ((rc = tmx_builder_variant(&t->b, &idx, t->langs[i],
					      t->nfc.ptr, t->nfc.len, NULL,
					      0)) < 0)
			return rc;
		if (i == 0 &&
		    (rc = tmx_builder_str(&t->b, &t->b.srclang, t->langs[0],
					  strlen(t->langs[0]))) < 0)
			return rc;
	}
	if ((rc = tmx_builder_finish(&t->b, &u)) < 0)
		return rc;
	return cb(u, data);
}

static int read_table(const char *path, const aln_tmx_read_options *opts,
		      aln_unit_cb cb, void *data, int csv)
{
	static const aln_tmx_read_options defaults = ALN_TMX_READ_OPTIONS_INIT;
	table *t;
	struct stat st;
	unsigned long long units = 0;
	size_t i;
	int rc = 0, first = 1;

	if (!path || !cb)
		return aln__error(ALN_EINVAL, "%s",
				  _("a reader needs a path and a callback"));
	if (!opts)
		opts = &defaults;
	if (opts->nlangs > MAX_COLUMNS)
		return aln__error(ALN_EINVAL, "%s", _("too many languages"));
	if (!(t = aln__calloc(1, sizeof(*t))))
		return ALN_ENOMEM;
	t->path = path;
	t->opts = opts;
	t->csv = csv;
	for (i = 0; i < opts->nlangs; i++)
		if ((rc = tmx_lang(&t->cache, t->langs[i], opts->langs[i])) < 0)
			goto out;
	t->nlangs = opts->nlangs;
	if (!(t->f = fopen(path, "rb"))) {
		rc = aln__error(ALN_EIO, _("cannot read '%s': %s"), path,
				strerror(errno));
		goto out;
	}
	if (fstat(fileno(t->f), &st) == 0 && S_ISREG(st.st_mode))
		t->size = (unsigned long long)st.st_size;
	for (;;) {
		rc = csv ? read_csv_record(t) : read_tsv_record(t);
		if (rc == 0)
			break;
		if (rc < 0) {
			if (rc == ALN_EIO)
				aln__error(ALN_EIO, _("cannot read '%s': %s"),
					   path, strerror(errno));
			goto out;
		}
		if (rc == 3) {
			rc = aln__error(ALN_EFORMAT, "%s",
					_("a quoted cell is not closed"));
			aln__error_at(path, t->rec_line, 0, -1);
			goto out;
		}
		if (rc == 2) {
			if ((rc = bad_record(t, _("too many columns"))) < 0)
				goto out;
			continue;
		}
		if (first) {
			first = 0;
			if (t->nlangs == 0) {
				if (!t->csv || !header_langs(t)) {
					rc = aln__error(
						ALN_EINVAL,
						_("'%s' does not name its "
						  "languages"),
						path);
					aln__error_hint(
						"%s",
						_("pass the languages of the "
						  "columns with -l, as in "
						  "-l en,fr"));
					goto out;
				}
				continue;
			}
			/* A first row repeating the languages is a header. */
			if (t->ncells == t->nlangs) {
				char tag[ALN_LANG_MAX];
				size_t len;

				for (i = 0; i < t->ncells; i++) {
					const char *c = cell(t, i, &len);

					if (!len ||
					    tmx_lang(&t->cache, tag, c) < 0 ||
					    strcmp(tag, t->langs[i]))
						break;
				}
				aln_error_clear();
				if (i == t->ncells)
					continue;
			}
		}
		if ((rc = record_unit(t, cb, data)) < 0)
			goto out;
		if (opts->on_progress && ++units % 4096 == 0)
			opts->on_progress((unsigned long long)ftello(t->f),
					  t->size, opts->data);
	}
	if (opts->on_progress)
		opts->on_progress(t->size, t->size, opts->data);
out:
	if (t->f)
		fclose(t->f);
	free(t->raw);
	aln_buf_free(&t->rec);
	aln_buf_free(&t->nfc);
	tmx_builder_free(&t->b);
	free(t);
	return rc;
}

int aln_tsv_read(const char *path, const aln_tmx_read_options *opts,
		 aln_unit_cb cb, void *data)
{
	return read_table(path, opts, cb, data, 0);
}

int aln_csv_read(const char *path, const aln_tmx_read_options *opts,
		 aln_unit_cb cb, void *data)
{
	return read_table(path, opts, cb, data, 1);
}
