// SPDX-License-Identifier: MIT
/*
 * `alinea export`: writes the units of the memory that a filter selects
 * to a TMX 1.4b, TSV, CSV or JSON Lines file. The memory is read in one
 * streaming walk and the file is written through a temporary one that
 * replaces the destination only once complete (and only with --force
 * when the destination exists).
 */
#include "cli.h"

#include <alinea/memory.h>
#include <ctype.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char *const usage = N_(
	"usage: alinea export [options] -o FILE\n"
	"\n"
	"Write the memory's units to FILE as TMX 1.4b (valid against the\n"
	"DTD, UTF-8), TSV, CSV or JSON Lines.\n"
	"\n"
	"Options:\n"
	"  -o, --output FILE       the file to write\n"
	"  -l, --langs LANGS       only units that have each of these\n"
	"                          languages, and only those variants, in\n"
	"                          this order: -l fr,en (a base language\n"
	"                          takes its regions: fr takes fr-CA)\n"
	"  --document D            only units with a variant from document D\n"
	"  --since DATE            only units created or changed since DATE\n"
	"                          (YYYY-MM-DD or YYYYMMDDThhmmssZ)\n"
	"  --min-confidence X      only units aligned with a confidence of\n"
	"                          at least X (0 to 1)\n"
	"  --format FMT            tmx, tsv, csv or jsonl (default: from the\n"
	"                          name of FILE, else tmx); tsv and csv need\n"
	"                          -l\n"
	"  --force                 replace FILE if it exists\n"
	"  -q, --quiet             print no summary\n"
	"  -h, --help              show this help\n");

#define MAX_LANGS 64

struct export
{
	aln_tmx_writer *w;
	unsigned long long written;
};

static int write_unit(const aln_unit *u, void *data)
{
	struct export *ex = data;
	int written = 0;
	int rc = aln_tmx_writer_add(ex->w, u, &written);

	if (rc < 0)
		return rc;
	ex->written += (unsigned long long)written;
	if (ex->written % 8192 == 0)
		cli_progress(_("export"), ex->written, 0);
	return 0;
}

/* "2024-03-05" or "20240305T101500Z" into the TMX form; 0 or -1. */
static int parse_since(char out[17], const char *s)
{
	size_t i, n = strlen(s);

	if (n == 10 && s[4] == '-' && s[7] == '-') {
		for (i = 0; i < n; i++)
			if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
				return -1;
		snprintf(out, 17, "%.4s%.2s%.2sT000000Z", s, s + 5, s + 8);
		return 0;
	}
	if (n == 16 && s[8] == 'T' && s[15] == 'Z') {
		for (i = 0; i < 15; i++)
			if (i != 8 && !isdigit((unsigned char)s[i]))
				return -1;
		memcpy(out, s, 17);
		return 0;
	}
	return -1;
}

int cmd_export(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "langs", required_argument, NULL, 'l' },
		{ "document", required_argument, NULL, 'D' },
		{ "since", required_argument, NULL, 'S' },
		{ "min-confidence", required_argument, NULL, 'C' },
		{ "format", required_argument, NULL, 'F' },
		{ "force", no_argument, NULL, 'f' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	aln_tmx_write_options wo = ALN_TMX_WRITE_OPTIONS_INIT;
	aln_unit_filter filter = ALN_UNIT_FILTER_INIT;
	aln_memory_options mo = ALN_MEMORY_OPTIONS_INIT;
	aln_memory *m = NULL;
	struct export ex = { NULL, 0 };
	char *langs[MAX_LANGS], *list = NULL, since[17];
	const char *out = NULL, *format = NULL, *path;
	size_t nlangs = 0;
	int c, rc, quiet = 0;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":o:l:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 'l': {
			char *tok, *save = NULL;

			free(list);
			if (!(list = strdup(optarg)))
				return cli_fail(ALN_ENOMEM);
			nlangs = 0;
			for (tok = strtok_r(list, ",", &save); tok;
			     tok = strtok_r(NULL, ",", &save)) {
				char canon[ALN_LANG_MAX];

				if (nlangs >= MAX_LANGS ||
				    aln_lang_canonical(canon, sizeof(canon),
						       tok) < 0) {
					free(list);
					return cli_usage_error(
						"export",
						_("invalid language list "
						  "'%s'"),
						optarg);
				}
				strcpy(tok, canon); /* never longer */
				langs[nlangs++] = tok;
			}
			if (!nlangs) {
				free(list);
				return cli_usage_error(
					"export",
					_("invalid language list '%s'"),
					optarg);
			}
			break;
		}
		case 'D':
			filter.document = optarg;
			break;
		case 'S':
			if (parse_since(since, optarg) < 0) {
				free(list);
				return cli_usage_error(
					"export",
					_("invalid date '%s' (use YYYY-MM-DD "
					  "or YYYYMMDDThhmmssZ)"),
					optarg);
			}
			filter.since = since;
			break;
		case 'C': {
			char *end;
			double x = strtod(optarg, &end);

			if (end == optarg || *end || x < 0 || x > 1) {
				free(list);
				return cli_usage_error(
					"export",
					_("invalid confidence '%s' (use a "
					  "number from 0 to 1)"),
					optarg);
			}
			filter.min_confidence = x;
			break;
		}
		case 'F':
			format = optarg;
			break;
		case 'f':
			wo.force = 1;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'h':
			free(list);
			return cli_help(_(usage));
		case ':':
			free(list);
			return cli_usage_error("export",
					       _("option '%s' needs a value"),
					       argv[optind - 1]);
		default:
			free(list);
			return cli_usage_error("export",
					       _("unknown option '%s'"),
					       argv[optind - 1]);
		}
	}
	rc = EXIT_USAGE;
	if (optind < argc) {
		cli_usage_error("export", _("unexpected argument '%s'"),
				argv[optind]);
		goto out;
	}
	if (!out) {
		cli_usage_error("export", "%s",
				_("no output file: pass -o FILE"));
		goto out;
	}
	if (format) {
		if (aln_format_parse(&wo.format, format) < 0) {
			cli_usage_error("export", _("unknown format '%s'"),
					format);
			goto out;
		}
	} else if (aln_format_guess(&wo.format, out) < 0) {
		wo.format = ALN_FORMAT_TMX;
		aln_error_clear();
	}
	if ((wo.format == ALN_FORMAT_TSV || wo.format == ALN_FORMAT_CSV) &&
	    !nlangs) {
		cli_usage_error("export", "%s",
				_("TSV and CSV need the languages of their "
				  "columns: pass -l, as in -l en,fr"));
		goto out;
	}
	filter.langs = (const char *const *)langs;
	filter.nlangs = nlangs;
	wo.langs = (const char *const *)langs;
	wo.nlangs = nlangs;
	wo.srclang = nlangs ? langs[0] : NULL;
	rc = EXIT_FAILED;
	if (!(path = cli_memory_path(false)))
		goto out;
	mo.flags = ALN_MEMORY_READONLY;
	if (aln_memory_open(&m, path, &mo) < 0) {
		cli_fail(ALN_ERROR);
		goto out;
	}
	if (aln_tmx_writer_open(&ex.w, out, &wo) < 0) {
		cli_fail(ALN_ERROR);
		goto out;
	}
	if (aln_memory_each_unit(m, &filter, write_unit, &ex) < 0 ||
	    aln_tmx_writer_commit(ex.w) < 0) {
		cli_progress_done();
		cli_fail(ALN_ERROR);
		goto out;
	}
	cli_progress_done();
	if (!quiet)
		printf(_("%llu units written to '%s'\n"), ex.written, out);
	rc = EXIT_OK;
out:
	aln_tmx_writer_free(ex.w);
	aln_memory_free(m);
	free(list);
	return rc;
}
