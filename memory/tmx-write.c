// SPDX-License-Identifier: MIT
/*
 * The exchange writers (aln_tmx_writer_*): TMX 1.4b valid against the
 * LISA DTD, TSV, CSV (RFC 4180) and JSON Lines. Each unit is formatted
 * into a buffer and written in one call, so memory stays constant; the
 * file is a temporary one in the destination's folder until commit
 * flushes it, syncs it to disk and renames it over the destination, as
 * git's lockfiles do. A writer may also write to a stream the caller
 * owns (standard output): then there is no temporary file, and commit
 * only ends the document and flushes. Which units to write is the
 * caller's business, except for the language filter of the options.
 */
#include "tmx-unit.h"
#include "alinea/tmx.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct aln_tmx_writer {
	aln_format format;
	char *path, *tmp;
	FILE *f;
	char **langs;
	size_t nlangs;
	const aln_variant **picked; /* per unit: the variants to write */
	size_t cpicked;
	aln_buf out;
	char now[17];
	unsigned long long count;
	int failed, committed;
	int borrowed; /* f is the caller's stream: no temporary, no close */
};

int aln_format_parse(aln_format *out, const char *name)
{
	static const char *const names[] = { "tmx", "tsv", "csv", "jsonl" };
	size_t i;

	for (i = 0; name && i < ALN_ARRAY_SIZE(names); i++)
		if (!strcmp(name, names[i])) {
			*out = (aln_format)i;
			return 0;
		}
	aln__error(ALN_EINVAL, _("unknown format '%s'"), name ? name : "");
	aln__error_hint("%s", _("use tmx, tsv, csv or jsonl"));
	return ALN_EINVAL;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcasecmp(s + n - m, suffix);
}

int aln_format_guess(aln_format *out, const char *path)
{
	if (ends_with(path, ".tmx"))
		*out = ALN_FORMAT_TMX;
	else if (ends_with(path, ".tsv") || ends_with(path, ".tab") ||
		 ends_with(path, ".txt"))
		*out = ALN_FORMAT_TSV;
	else if (ends_with(path, ".csv"))
		*out = ALN_FORMAT_CSV;
	else if (ends_with(path, ".jsonl") || ends_with(path, ".ndjson"))
		*out = ALN_FORMAT_JSONL;
	else {
		aln__error(ALN_EUNSUPPORTED,
			   _("cannot tell the format of '%s' from its name"),
			   path);
		aln__error_hint("%s", _("name it .tmx, .tsv, .csv or .jsonl, "
					"or pass --format"));
		return ALN_EUNSUPPORTED;
	}
	return 0;
}

/* Whether variant language have answers the asked language want. */
static int lang_matches(const char *want, const char *have)
{
	size_t n = strlen(want);

	if (!strcasecmp(want, have))
		return 1;
	/* A base language takes its regional variants: "fr" has "fr-CA". */
	return !strchr(want, '-') && !strncasecmp(want, have, n) &&
	       have[n] == '-';
}

static int put_attr(aln_buf *b, const char *name, const char *value)
{
	if (aln_buf_putc(b, ' ') < 0 || aln_buf_puts(b, name) < 0 ||
	    aln_buf_puts(b, "=\"") < 0 ||
	    tmx_escape(b, value, strlen(value), 1) < 0 ||
	    aln_buf_putc(b, '"') < 0)
		return ALN_ENOMEM;
	return 0;
}

static int put_props(aln_buf *b, const aln_prop *props, size_t n,
		     const char *indent)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const aln_prop *p = &props[i];
		const char *v = p->value ? p->value : "";

		if (aln_buf_puts(b, indent) < 0 ||
		    aln_buf_puts(b, p->type ? "<prop" : "<note") < 0 ||
		    (p->type && put_attr(b, "type", p->type) < 0) ||
		    (p->lang && put_attr(b, "xml:lang", p->lang) < 0) ||
		    aln_buf_putc(b, '>') < 0 ||
		    tmx_escape(b, v, strlen(v), 0) < 0 ||
		    aln_buf_puts(b, p->type ? "</prop>\n" : "</note>\n") < 0)
			return ALN_ENOMEM;
	}
	return 0;
}

static void format_now(char out[17])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 17, "%Y%m%dT%H%M%SZ", &tm);
}

static int write_header(aln_tmx_writer *w, const aln_tmx_write_options *o)
{
	aln_buf *b = &w->out;
	size_t i;

	aln_buf_clear(b);
	switch (w->format) {
	case ALN_FORMAT_TMX:
		if (aln_buf_puts(b,
				 "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
				 "<tmx version=\"1.4\">\n  <header") < 0 ||
		    put_attr(b, "creationtool", o->tool ? o->tool : "alinea") <
			    0 ||
		    put_attr(b, "creationtoolversion",
			     o->tool_version ? o->tool_version
					     : aln_version()) < 0 ||
		    put_attr(b, "segtype", "sentence") < 0 ||
		    put_attr(b, "o-tmf", "alinea") < 0 ||
		    put_attr(b, "adminlang", "en") < 0 ||
		    put_attr(b, "srclang", o->srclang ? o->srclang : "*all*") <
			    0 ||
		    put_attr(b, "datatype", "plaintext") < 0 ||
		    put_attr(b, "creationdate", w->now) < 0 ||
		    aln_buf_puts(b, "/>\n  <body>\n") < 0)
			return ALN_ENOMEM;
		break;
	case ALN_FORMAT_CSV:
		for (i = 0; i < w->nlangs; i++)
			if (aln_buf_puts(b, i ? "," : "") < 0 ||
			    aln_buf_puts(b, w->langs[i]) < 0)
				return ALN_ENOMEM;
		if (aln_buf_puts(b, "\r\n") < 0)
			return ALN_ENOMEM;
		break;
	default:
		break;
	}
	return 0;
}

static int io_error(aln_tmx_writer *w, int err)
{
	w->failed = 1;
	aln__error(ALN_EIO, _("cannot write '%s': %s"), w->path, strerror(err));
	return ALN_EIO;
}

static int flush_out(aln_tmx_writer *w)
{
	if (w->out.len && fwrite(w->out.ptr, 1, w->out.len, w->f) != w->out.len)
		return io_error(w, errno ? errno : EIO);
	aln_buf_clear(&w->out);
	return 0;
}

/* Copies the languages of opts into w; 0 or ALN_ENOMEM. */
static int copy_langs(aln_tmx_writer *w, const aln_tmx_write_options *opts)
{
	size_t i;

	if (!opts->nlangs)
		return 0;
	if (!(w->langs = aln__calloc(opts->nlangs, sizeof(char *))))
		return ALN_ENOMEM;
	w->nlangs = opts->nlangs;
	for (i = 0; i < opts->nlangs; i++)
		if (!(w->langs[i] = aln__strdup(opts->langs[i])))
			return ALN_ENOMEM;
	return 0;
}

/* Options every writer needs: TSV and CSV columns need languages. */
static int check_options(const aln_tmx_write_options *opts)
{
	if ((opts->format == ALN_FORMAT_TSV ||
	     opts->format == ALN_FORMAT_CSV) &&
	    opts->nlangs < 1)
		return aln__error(ALN_EINVAL, "%s",
				  _("TSV and CSV need the languages of their "
				    "columns"));
	return 0;
}

/*
 * A writer for opts whose messages name path, with no file yet, into
 * *out. Returns 0 or ALN_ENOMEM (with nothing to free).
 */
static int writer_new(aln_tmx_writer **out, const char *path,
		      const aln_tmx_write_options *opts)
{
	aln_tmx_writer *w;

	if (!(w = aln__calloc(1, sizeof(*w))))
		return ALN_ENOMEM;
	w->format = opts->format;
	format_now(w->now);
	if (!(w->path = aln__strdup(path)) || copy_langs(w, opts) < 0) {
		aln_tmx_writer_free(w);
		return ALN_ENOMEM;
	}
	*out = w;
	return 0;
}

/*
 * Ends the opening of w, whose stream is ready: writes the header and
 * hands w to *out. On failure w is freed (its temporary file removed)
 * and the error returned.
 */
static int finish_open(aln_tmx_writer **out, aln_tmx_writer *w,
		       const aln_tmx_write_options *opts)
{
	int rc;

	if ((rc = write_header(w, opts)) < 0 || (rc = flush_out(w)) < 0) {
		aln_tmx_writer_free(w);
		return rc;
	}
	*out = w;
	return 0;
}

int aln_tmx_writer_open_stream(aln_tmx_writer **out, FILE *f, const char *name,
			       const aln_tmx_write_options *opts)
{
	static const aln_tmx_write_options defaults =
		ALN_TMX_WRITE_OPTIONS_INIT;
	aln_tmx_writer *w;
	int rc;

	if (!opts)
		opts = &defaults;
	if (!out || !f)
		return aln__error(ALN_EINVAL, "%s",
				  _("the writer needs a stream"));
	if ((rc = check_options(opts)) < 0 ||
	    (rc = writer_new(&w, name ? name : "standard output", opts)) < 0)
		return rc;
	w->borrowed = 1;
	w->f = f;
	return finish_open(out, w, opts);
}

int aln_tmx_writer_open(aln_tmx_writer **out, const char *path,
			const aln_tmx_write_options *opts)
{
	static const aln_tmx_write_options defaults =
		ALN_TMX_WRITE_OPTIONS_INIT;
	aln_tmx_writer *w;
	struct stat st;
	int fd, rc;

	if (!opts)
		opts = &defaults;
	if (!out || !path || !*path)
		return aln__error(ALN_EINVAL, "%s",
				  _("the writer needs a file name"));
	if ((rc = check_options(opts)) < 0)
		return rc;
	if (!opts->force && stat(path, &st) == 0) {
		aln__error(ALN_EEXISTS, _("'%s' already exists"), path);
		aln__error_hint("%s", _("pass --force to replace it"));
		return ALN_EEXISTS;
	}
	if ((rc = writer_new(&w, path, opts)) < 0)
		return rc;
	if (!(w->tmp = aln__malloc(strlen(path) + 16))) {
		rc = ALN_ENOMEM;
		goto fail;
	}
	sprintf(w->tmp, "%s.tmp-XXXXXX", path);
	if ((fd = mkstemp(w->tmp)) < 0) {
		/* Name the file asked for: the temporary name means nothing. */
		rc = aln__error(ALN_EIO, _("cannot write '%s': %s"), path,
				strerror(errno));
		free(w->tmp);
		w->tmp = NULL;
		goto fail;
	}
	fchmod(fd, 0644);
	if (!(w->f = fdopen(fd, "wb"))) {
		close(fd);
		rc = aln__error(ALN_EIO, _("cannot write '%s': %s"), path,
				strerror(errno));
		goto fail;
	}
	setvbuf(w->f, NULL, _IOFBF, 1 << 20);
	return finish_open(out, w, opts);
fail:
	aln_tmx_writer_free(w);
	return rc;
}

/*
 * Chooses the variants to write into w->picked: every one, or those
 * matching the languages asked, in the order asked. Returns the count,
 * 0 when a language asked for is missing, or ALN_ENOMEM.
 */
static long pick(aln_tmx_writer *w, const aln_unit *u, int one_per_lang)
{
	size_t need = u->nvariants + w->nlangs, i, j, n = 0;

	if (need > w->cpicked) {
		const aln_variant **p =
			aln__reallocarray(w->picked, need, sizeof(*p));

		if (!p)
			return ALN_ENOMEM;
		w->picked = p;
		w->cpicked = need;
	}
	if (!w->nlangs) {
		for (i = 0; i < u->nvariants; i++)
			w->picked[n++] = &u->variants[i];
		return (long)n;
	}
	for (j = 0; j < w->nlangs; j++) {
		size_t before = n;

		for (i = 0; i < u->nvariants; i++) {
			if (!u->variants[i].lang ||
			    !lang_matches(w->langs[j], u->variants[i].lang))
				continue;
			w->picked[n++] = &u->variants[i];
			if (one_per_lang)
				break;
		}
		if (n == before)
			return 0;
	}
	return (long)n;
}

static int tmx_unit(aln_tmx_writer *w, const aln_unit *u, size_t n)
{
	aln_buf *b = &w->out;
	char num[64];
	size_t i;
	int src_written = 0;

	if (aln_buf_puts(b, "    <tu") < 0)
		return ALN_ENOMEM;
	if (u->tuid && *u->tuid) {
		if (put_attr(b, "tuid", u->tuid) < 0)
			return ALN_ENOMEM;
	} else {
		snprintf(num, sizeof(num), "%lld",
			 u->id > 0 ? u->id : (long long)w->count + 1);
		if (put_attr(b, "tuid", num) < 0)
			return ALN_ENOMEM;
	}
	for (i = 0; u->srclang && i < n; i++)
		src_written |= !strcmp(w->picked[i]->lang, u->srclang);
	if ((src_written && put_attr(b, "srclang", u->srclang) < 0) ||
	    put_attr(b, "creationdate",
		     tmx_date_valid(u->created) ? u->created : w->now) < 0 ||
	    (tmx_date_valid(u->changed) &&
	     put_attr(b, "changedate", u->changed) < 0) ||
	    (u->tool && *u->tool && put_attr(b, "creationtool", u->tool) < 0) ||
	    aln_buf_puts(b, ">\n") < 0)
		return ALN_ENOMEM;
	if (u->confidence >= 0 && u->confidence <= 1) {
		snprintf(num, sizeof(num), "%.4g", u->confidence);
		if (aln_buf_printf(b,
				   "      <prop type=\"" TMX_PROP_CONFIDENCE
				   "\">%s</prop>\n",
				   num) < 0)
			return ALN_ENOMEM;
	}
	if (put_props(b, u->props, u->nprops, "      ") < 0)
		return ALN_ENOMEM;
	for (i = 0; i < n; i++) {
		const aln_variant *v = w->picked[i];
		const char *t = v->text ? v->text : "";

		if (aln_buf_puts(b, "      <tuv") < 0 ||
		    put_attr(b, "xml:lang", v->lang) < 0 ||
		    aln_buf_puts(b, ">\n") < 0)
			return ALN_ENOMEM;
		if (v->document &&
		    (aln_buf_puts(b, "        <prop type=\"" TMX_PROP_DOCUMENT
				     "\">") < 0 ||
		     tmx_escape(b, v->document, strlen(v->document), 0) < 0 ||
		     aln_buf_puts(b, "</prop>\n") < 0))
			return ALN_ENOMEM;
		if (v->position >= 0 &&
		    aln_buf_printf(b,
				   "        <prop type=\"" TMX_PROP_POSITION
				   "\">%ld</prop>\n",
				   v->position) < 0)
			return ALN_ENOMEM;
		if (put_props(b, v->props, v->nprops, "        ") < 0 ||
		    aln_buf_puts(b, "        <seg>") < 0)
			return ALN_ENOMEM;
		if (v->markup) {
			if (aln_buf_puts(b, v->markup) < 0)
				return ALN_ENOMEM;
		} else if (tmx_escape(b, t, strlen(t), 0) < 0)
			return ALN_ENOMEM;
		if (aln_buf_puts(b, "</seg>\n      </tuv>\n") < 0)
			return ALN_ENOMEM;
	}
	return aln_buf_puts(b, "    </tu>\n");
}

static int tsv_cell(aln_buf *b, const char *s)
{
	size_t run = 0, i;

	for (i = 0; s[i]; i++) {
		const char *rep = NULL;

		switch (s[i]) {
		case '\t':
			rep = "\\t";
			break;
		case '\n':
			rep = "\\n";
			break;
		case '\r':
			rep = "\\r";
			break;
		case '\\':
			rep = "\\\\";
			break;
		default:
			break;
		}
		if (!rep)
			continue;
		if (aln_buf_put(b, s + run, i - run) < 0 ||
		    aln_buf_puts(b, rep) < 0)
			return ALN_ENOMEM;
		run = i + 1;
	}
	return aln_buf_puts(b, s + run);
}

static int csv_cell(aln_buf *b, const char *s)
{
	const char *p;

	if (!strpbrk(s, ",\"\r\n") && s[0] != ' ' && s[0] != '\t')
		return aln_buf_puts(b, s);
	if (aln_buf_putc(b, '"') < 0)
		return ALN_ENOMEM;
	for (p = s; *p; p++)
		if ((*p == '"' && aln_buf_putc(b, '"') < 0) ||
		    aln_buf_putc(b, *p) < 0)
			return ALN_ENOMEM;
	return aln_buf_putc(b, '"');
}

static int json_str(aln_buf *b, const char *s)
{
	size_t run = 0, i;

	if (aln_buf_putc(b, '"') < 0)
		return ALN_ENOMEM;
	for (i = 0; s[i]; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[8];

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		if (c == '"' || c == '\\')
			snprintf(esc, sizeof(esc), "\\%c", c);
		else if (c == '\n')
			snprintf(esc, sizeof(esc), "\\n");
		else if (c == '\t')
			snprintf(esc, sizeof(esc), "\\t");
		else if (c == '\r')
			snprintf(esc, sizeof(esc), "\\r");
		else
			snprintf(esc, sizeof(esc), "\\u%04x", c);
		if (aln_buf_put(b, s + run, i - run) < 0 ||
		    aln_buf_puts(b, esc) < 0)
			return ALN_ENOMEM;
		run = i + 1;
	}
	if (aln_buf_puts(b, s + run) < 0)
		return ALN_ENOMEM;
	return aln_buf_putc(b, '"');
}

static int json_field(aln_buf *b, const char *name, const char *value)
{
	if (!value)
		return 0;
	if (aln_buf_printf(b, ",\"%s\":", name) < 0)
		return ALN_ENOMEM;
	return json_str(b, value);
}

static int json_props(aln_buf *b, const aln_prop *props, size_t n)
{
	size_t i;

	if (!n)
		return 0;
	if (aln_buf_puts(b, ",\"props\":[") < 0)
		return ALN_ENOMEM;
	for (i = 0; i < n; i++) {
		if (aln_buf_puts(b, i ? ",{\"value\":" : "{\"value\":") < 0 ||
		    json_str(b, props[i].value ? props[i].value : "") < 0 ||
		    json_field(b, "type", props[i].type) < 0 ||
		    json_field(b, "lang", props[i].lang) < 0 ||
		    aln_buf_putc(b, '}') < 0)
			return ALN_ENOMEM;
	}
	return aln_buf_putc(b, ']');
}

static int jsonl_unit(aln_tmx_writer *w, const aln_unit *u, size_t n)
{
	aln_buf *b = &w->out;
	char num[32];
	size_t i;

	if (aln_buf_puts(b, "{\"variants\":[") < 0)
		return ALN_ENOMEM;
	for (i = 0; i < n; i++) {
		const aln_variant *v = w->picked[i];

		if (aln_buf_puts(b, i ? ",{\"lang\":" : "{\"lang\":") < 0 ||
		    json_str(b, v->lang) < 0 ||
		    json_field(b, "text", v->text ? v->text : "") < 0 ||
		    json_field(b, "markup", v->markup) < 0 ||
		    json_field(b, "document", v->document) < 0 ||
		    (v->position >= 0 &&
		     aln_buf_printf(b, ",\"position\":%ld", v->position) < 0) ||
		    json_props(b, v->props, v->nprops) < 0 ||
		    aln_buf_putc(b, '}') < 0)
			return ALN_ENOMEM;
	}
	/* The same tuid as the TMX writer gives, for the same unit. */
	if (u->tuid && *u->tuid)
		snprintf(num, sizeof(num), "%s", "");
	else
		snprintf(num, sizeof(num), "%lld",
			 u->id > 0 ? u->id : (long long)w->count + 1);
	if (aln_buf_putc(b, ']') < 0 ||
	    json_field(b, "tuid", u->tuid && *u->tuid ? u->tuid : num) < 0 ||
	    json_field(b, "srclang", u->srclang) < 0 ||
	    (u->confidence >= 0 &&
	     aln_buf_printf(b, ",\"confidence\":%.4g", u->confidence) < 0) ||
	    json_field(b, "created", u->created) < 0 ||
	    json_field(b, "changed", u->changed) < 0 ||
	    json_field(b, "tool", u->tool) < 0 ||
	    json_props(b, u->props, u->nprops) < 0 ||
	    aln_buf_puts(b, "}\n") < 0)
		return ALN_ENOMEM;
	return 0;
}

int aln_tmx_writer_add(aln_tmx_writer *w, const aln_unit *unit, int *written)
{
	long n;
	size_t i;
	int rc;

	if (written)
		*written = 0;
	if (!w || !unit)
		return aln__error(ALN_EINVAL, "%s", _("no writer or no unit"));
	if (w->failed || w->committed)
		return aln__error(ALN_EINVAL, "%s",
				  _("the writer has failed or is finished"));
	for (i = 0; i < unit->nvariants; i++)
		if (!unit->variants[i].lang || !*unit->variants[i].lang)
			return aln__error(ALN_EINVAL, "%s",
					  _("a variant has no language"));
	n = pick(w, unit,
		 w->format == ALN_FORMAT_TSV || w->format == ALN_FORMAT_CSV);
	if (n <= 0)
		return (int)n;
	aln_buf_clear(&w->out);
	switch (w->format) {
	case ALN_FORMAT_TMX:
		rc = tmx_unit(w, unit, (size_t)n);
		break;
	case ALN_FORMAT_TSV:
	case ALN_FORMAT_CSV:
		rc = 0;
		for (i = 0; rc == 0 && i < (size_t)n; i++) {
			const char *t = w->picked[i]->text;

			if (i)
				rc = aln_buf_putc(&w->out,
						  w->format == ALN_FORMAT_TSV
							  ? '\t'
							  : ',');
			if (rc == 0)
				rc = w->format == ALN_FORMAT_TSV
					     ? tsv_cell(&w->out, t ? t : "")
					     : csv_cell(&w->out, t ? t : "");
		}
		if (rc == 0)
			rc = aln_buf_puts(&w->out, w->format == ALN_FORMAT_TSV
							   ? "\n"
							   : "\r\n");
		break;
	default:
		rc = jsonl_unit(w, unit, (size_t)n);
		break;
	}
	if (rc < 0)
		return rc;
	if ((rc = flush_out(w)) < 0)
		return rc;
	w->count++;
	if (written)
		*written = 1;
	return 0;
}

int aln_tmx_writer_cb(const aln_unit *unit, void *data)
{
	return aln_tmx_writer_add(data, unit, NULL);
}

/* Syncs the folder that holds path, so that the rename is durable. */
static void sync_dir(const char *path)
{
	char *dir = aln__strdup(path), *slash;
	int fd;

	if (!dir)
		return;
	slash = strrchr(dir, '/');
	if (slash == dir)
		slash[1] = '\0';
	else if (slash)
		*slash = '\0';
	else
		strcpy(dir, ".");
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY)) >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

int aln_tmx_writer_commit(aln_tmx_writer *w)
{
	int rc;

	if (!w || w->failed || w->committed || !w->f)
		return aln__error(ALN_EINVAL, "%s",
				  _("the writer has failed or is finished"));
	aln_buf_clear(&w->out);
	if (w->format == ALN_FORMAT_TMX &&
	    aln_buf_puts(&w->out, "  </body>\n</tmx>\n") < 0)
		return ALN_ENOMEM;
	if ((rc = flush_out(w)) < 0)
		goto fail;
	if (w->borrowed) {
		/* The caller's stream: flushed, neither synced nor closed. */
		if (fflush(w->f) != 0 || ferror(w->f)) {
			rc = io_error(w, errno ? errno : EIO);
			w->f = NULL;
			return rc;
		}
		w->f = NULL;
		w->committed = 1;
		return 0;
	}
	if (fflush(w->f) != 0 || ferror(w->f) || fsync(fileno(w->f)) != 0) {
		rc = io_error(w, errno ? errno : EIO);
		goto fail;
	}
	rc = fclose(w->f);
	w->f = NULL;
	if (rc != 0) {
		rc = io_error(w, errno);
		goto fail;
	}
	if (rename(w->tmp, w->path) != 0) {
		rc = io_error(w, errno);
		goto fail;
	}
	sync_dir(w->path);
	w->committed = 1;
	return 0;
fail:
	w->failed = 1;
	if (w->f && !w->borrowed)
		fclose(w->f);
	w->f = NULL;
	if (w->tmp)
		unlink(w->tmp);
	return rc;
}

void aln_tmx_writer_free(aln_tmx_writer *w)
{
	size_t i;

	if (!w)
		return;
	if (w->f && !w->borrowed)
		fclose(w->f);
	if (w->tmp && !w->committed)
		unlink(w->tmp);
	for (i = 0; i < w->nlangs; i++)
		free(w->langs[i]);
	free(w->langs);
	free(w->picked);
	free(w->path);
	free(w->tmp);
	aln_buf_free(&w->out);
	free(w);
}
