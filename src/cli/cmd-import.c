// SPDX-License-Identifier: MIT
/*
 * `alinea import`: adds the translation units of TMX, TSV and CSV files
 * to the memory, one transaction per file, so that a file that fails
 * leaves nothing of itself behind. Units are shaped for the store on the
 * way: empty segments are left out, and a unit with two variants of one
 * language (alternative translations) becomes several units that share
 * the source.
 */
#include "cli.h"

#include <alinea/memory.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char *const usage = N_(
	"usage: alinea import [options] FILE...\n"
	"\n"
	"Add the translation units of TMX (1.1 to 1.4b), TSV, CSV or JSON\n"
	"Lines files to the memory. Each file is one transaction: a file that\n"
	"fails adds nothing. Units already in the memory are not stored\n"
	"twice.\n"
	"\n"
	"Options:\n"
	"  -l, --langs LANGS   the languages of the columns of a TSV or CSV\n"
	"                      file, in order: -l en,fr\n"
	"  --format FMT        tmx, tsv, csv or jsonl (default: from the file\n"
	"                      name, else tmx)\n"
	"  --skip-invalid      store the good units of a file and list the\n"
	"                      bad ones (with their line) instead of failing\n"
	"  -q, --quiet         print no summary\n"
	"  -h, --help          show this help\n");

#define MAX_LANGS 64
#define MAX_WARNINGS 20

struct import {
	const char *file;
	aln_memory *m;
	unsigned long long read, parts, stored, merged, skipped, empty;
	unsigned long warnings;
	/* Scratch for reshaping units. */
	aln_variant *vars;
	size_t cvars;
	char *used;
};

static void on_event(int kind, const char *file, long line, const char *message,
		     void *data)
{
	struct import *im = data;

	if (kind == ALN_TMX_SKIPPED) {
		im->skipped++;
		if (line > 0)
			cli_warning(_("%s:%ld: unit skipped: %s"), file, line,
				    message);
		else
			cli_warning(_("%s: unit skipped: %s"), file, message);
		return;
	}
	if (++im->warnings > MAX_WARNINGS)
		return;
	if (line > 0)
		cli_warning("%s:%ld: %s", file, line, message);
	else
		cli_warning("%s: %s", file, message);
}

static void on_progress(unsigned long long done, unsigned long long total,
			void *data)
{
	struct import *im = data;

	cli_progress(im->file, done, total);
}

static int add(struct import *im, const aln_unit *u)
{
	int rc = aln_memory_add_unit(im->m, NULL, u);

	if (rc < 0)
		return rc;
	im->parts++;
	return 0;
}

/*
 * Stores one unit read from a file: without its empty variants, and
 * split when it has two variants of one language (the first of each
 * language, then each further one with the source beside it).
 */
static int store_unit(const aln_unit *u, void *data)
{
	struct import *im = data;
	aln_unit part = *u;
	size_t i, j, n, src = 0, left;
	int rc;

	im->read++;
	if (u->nvariants > im->cvars) {
		aln_variant *v = realloc(im->vars, u->nvariants * sizeof(*v));
		char *used = realloc(im->used, u->nvariants);

		if (v)
			im->vars = v;
		if (used)
			im->used = used;
		if (!v || !used)
			return ALN_ENOMEM;
		im->cvars = u->nvariants;
	}
	for (i = 0; i < u->nvariants; i++) {
		const aln_variant *v = &u->variants[i];

		im->used[i] = !v->text[0]; /* empty: never stored */
		im->empty += !v->text[0];
		if (u->srclang && !strcmp(v->lang, u->srclang) && !src &&
		    v->text[0])
			src = i + 1;
	}
	/* Without a known source, the first variant keeps parts together. */
	for (i = 0; !src && i < u->nvariants; i++)
		if (u->variants[i].text[0])
			src = i + 1;
	part.variants = NULL; /* set once the first part is stored */
	left = 0;
	for (i = 0; i < u->nvariants; i++)
		left += !im->used[i];
	if (!left) {
		im->skipped++;
		return 0;
	}
	while (left) {
		n = 0;
		/* The source first, when it is not stored yet or is shared. */
		for (i = 0; i < u->nvariants; i++) {
			const aln_variant *v = &u->variants[i];

			if (im->used[i])
				continue;
			for (j = 0; j < n; j++)
				if (!strcmp(im->vars[j].lang, v->lang))
					break;
			if (j < n)
				continue;
			im->vars[n++] = *v;
			im->used[i] = 1;
			left--;
		}
		if (n && part.variants) {
			/* A later part: put the source back beside it. */
			const char *sl = u->variants[src - 1].lang;
			int has = 0;

			for (j = 0; j < n; j++)
				has |= !strcmp(im->vars[j].lang, sl);
			if (!has && n < im->cvars)
				im->vars[n++] = u->variants[src - 1];
		}
		part.variants = im->vars;
		part.nvariants = n;
		if ((rc = add(im, &part)) < 0)
			return rc;
		part.tuid = NULL; /* the tuid belongs to the first part */
	}
	return 0;
}

/*
 * Splits arg at commas into list, pointing into buf (size bytes); -1 when
 * it is too long or names too many.
 */
static int parse_langs(const char *arg, char *buf, size_t size, char **list,
		       size_t *n)
{
	char *tok, *save = NULL;

	if (strlen(arg) >= size)
		return -1;
	strcpy(buf, arg);
	*n = 0;
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (*n >= MAX_LANGS)
			return -1;
		list[(*n)++] = tok;
	}
	return 0;
}

static int import_file(struct import *im, const char *path, aln_format fmt,
		       aln_tmx_read_options *o)
{
	long long stored, merged;
	int rc;

	im->file = path;
	im->read = im->parts = im->stored = im->merged = 0;
	im->skipped = im->empty = 0;
	im->warnings = 0;
	o->data = im;
	if ((rc = aln_memory_begin(im->m)) < 0) {
		cli_fail(rc);
		return rc;
	}
	switch (fmt) {
	case ALN_FORMAT_TSV:
		rc = aln_tsv_read(path, o, store_unit, im);
		break;
	case ALN_FORMAT_CSV:
		rc = aln_csv_read(path, o, store_unit, im);
		break;
	case ALN_FORMAT_JSONL:
		rc = aln_jsonl_read(path, o, store_unit, im);
		break;
	default:
		rc = aln_tmx_read(path, o, store_unit, im);
		break;
	}
	cli_progress_done();
	if (rc < 0) {
		const aln_error *e = aln_error_last();
		aln_error saved;
		char msg[1024], hint[512], file[1024];

		/* The rollback must not hide why the file failed. */
		if (e) {
			saved = *e;
			snprintf(msg, sizeof(msg), "%s", e->message);
			snprintf(hint, sizeof(hint), "%s",
				 e->hint ? e->hint : "");
			snprintf(file, sizeof(file), "%s",
				 e->file ? e->file : path);
		}
		aln_memory_rollback(im->m);
		if (e) {
			saved.message = msg;
			saved.hint = hint[0] ? hint : NULL;
			saved.file = file;
			if (saved.line > 0 && saved.column > 0)
				cli_error("%s:%ld:%ld: %s", file, saved.line,
					  saved.column, msg);
			else if (saved.line > 0)
				cli_error("%s:%ld: %s", file, saved.line, msg);
			else if (strstr(msg, file))
				cli_error("%s", msg);
			else
				cli_error("%s: %s", file, msg);
			if (saved.hint)
				cli_hint("%s", hint);
		} else
			cli_fail(rc);
		return rc;
	}
	if ((rc = aln_memory_added(im->m, &stored, &merged)) < 0) {
		aln_memory_rollback(im->m);
		cli_fail(rc);
		return rc;
	}
	im->stored = (unsigned long long)stored;
	im->merged = (unsigned long long)merged;
	if ((rc = aln_memory_commit(im->m)) < 0) {
		aln_memory_rollback(im->m);
		cli_fail(rc);
		return rc;
	}
	if (im->warnings > MAX_WARNINGS)
		cli_warning(_("%s: %lu more warnings not shown"), path,
			    im->warnings - MAX_WARNINGS);
	return 0;
}

int cmd_import(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "langs", required_argument, NULL, 'l' },
		{ "format", required_argument, NULL, 'F' },
		{ "skip-invalid", no_argument, NULL, 'S' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	aln_tmx_read_options o = ALN_TMX_READ_OPTIONS_INIT;
	aln_memory_options mo = ALN_MEMORY_OPTIONS_INIT;
	struct import im;
	char *langs[MAX_LANGS], langbuf[1024];
	const char *format = NULL, *path;
	size_t nlangs = 0;
	int c, i, rc, quiet = 0, status = EXIT_OK;

	memset(&im, 0, sizeof(im));
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":l:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'l':
			if (parse_langs(optarg, langbuf, sizeof(langbuf), langs,
					&nlangs) < 0 ||
			    nlangs < 1)
				return cli_usage_error(
					"import",
					_("invalid language list '%s'"),
					optarg);
			break;
		case 'F':
			format = optarg;
			break;
		case 'S':
			o.skip_invalid = 1;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'h':
			return cli_help(_(usage));
		case ':':
			return cli_usage_error("import",
					       _("option '%s' needs a value"),
					       argv[optind - 1]);
		default:
			return cli_usage_error("import",
					       _("unknown option '%s'"),
					       argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return cli_usage_error("import", "%s", _("no file to import"));
	if (format) {
		aln_format f;

		if (aln_format_parse(&f, format) < 0)
			return cli_usage_error(
				"import",
				_("unknown import format '%s' (use tmx, tsv, "
				  "csv or jsonl)"),
				format);
	}
	o.langs = (const char *const *)langs;
	o.nlangs = nlangs;
	o.on_event = on_event;
	o.on_progress = on_progress;
	if (!(path = cli_memory_path(true)))
		return EXIT_FAILED;
	mo.flags = ALN_MEMORY_CREATE;
	if ((rc = aln_memory_open(&im.m, path, &mo)) < 0)
		return cli_fail(rc);
	for (i = optind; i < argc; i++) {
		aln_format f = ALN_FORMAT_TMX;

		if (format)
			aln_format_parse(&f, format);
		else if (aln_format_guess(&f, argv[i]) < 0)
			f = ALN_FORMAT_TMX;
		aln_error_clear();
		if ((f == ALN_FORMAT_TSV) && !nlangs) {
			cli_error(_("'%s' is TSV: its languages are needed"),
				  argv[i]);
			cli_hint("%s", _("pass the languages of the columns "
					 "with -l, as in -l en,fr"));
			status = EXIT_FAILED;
			break;
		}
		if (import_file(&im, argv[i], f, &o) < 0) {
			status = EXIT_FAILED;
			if (i > optind)
				cli_hint(_("the files before '%s' were "
					   "imported; it and those after it "
					   "were not"),
					 argv[i]);
			break;
		}
		if (!quiet) {
			printf(_("%s: %llu units read, %llu stored, %llu "
				 "already in the memory"),
			       argv[i], im.read, im.stored, im.merged);
			if (im.skipped)
				printf(_(", %llu skipped"), im.skipped);
			if (im.empty)
				printf(_(", %llu empty segments left out"),
				       im.empty);
			putchar('\n');
		}
	}
	aln_memory_free(im.m);
	free(im.vars);
	free(im.used);
	return status;
}
