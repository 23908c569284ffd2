// SPDX-License-Identifier: MIT
/*
 * `alinea lookup`: the memory's best matches for a sentence, with CAT
 * percentages and the word differences, as text or JSON; with --batch,
 * JSON Lines in ({"text": ...} per line) and one JSON result per line
 * out, in order.
 */
#include "cli-memory.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char *const usage = N_(
	"usage: alinea lookup -s LANG -t LANG [--min N] [--limit N]\n"
	"                     [--format text|json] SENTENCE\n"
	"       alinea lookup -s LANG -t LANG [--min N] [--limit N] --batch\n"
	"\n"
	"Find the memory's best matches for SENTENCE (in language -s) that\n"
	"have a translation in language -t. A match scores 100 only when\n"
	"its text is identical; otherwise the score is the share of words\n"
	"that stay the same, less small penalties for differences in case,\n"
	"numbers, punctuation and tags. A lookup for 'fr' also sees fr-FR\n"
	"and fr-CA. Text output marks words of SENTENCE missing from the\n"
	"match as [-word-] and words the match adds as {+word+}.\n"
	"\n"
	"Options:\n"
	"  -s, --source LANG   the language of the sentence\n"
	"  -t, --target LANG   the language of the translations wanted\n"
	"  --min N             leave out matches below N (default 70)\n"
	"  --limit N           at most N matches (default 5)\n"
	"  --format FORMAT     text (default) or json:\n"
	"                      {\"query\": ..., \"matches\": [{\"score\": ..,\n"
	"                       \"source\": .., \"target\": .., \"unit\": ..,\n"
	"                       \"diff\": [{\"op\": .., \"text\": ..}]}]}\n"
	"  --batch             read JSON Lines ({\"text\": \"...\"}) on "
	"standard\n"
	"                      input; write one JSON result per line, in\n"
	"                      order (a blank line is an empty sentence)\n"
	"  -h, --help          show this help\n");

struct batch_ctx {
	aln_memory *m;
	const aln_lookup_options *o;
};

/* One --batch line: the matches of text as one JSON object. */
static int batch_one(const char *text, size_t len, void *data)
{
	struct batch_ctx *ctx = data;
	struct clim_glossary g = { 0 };
	aln_matches *r = NULL;
	int rc = aln_memory_lookup(ctx->m, &r, text, len, ctx->o);

	if (rc < 0)
		return rc;
	if ((rc = clim_glossary_find(&g, ctx->m, text, ctx->o->source_lang,
				     ctx->o->target_lang)) < 0) {
		aln_matches_free(r);
		return rc;
	}
	clim_print_json(stdout, text, len, r, &g);
	putchar('\n');
	aln_matches_free(r);
	clim_glossary_free(&g);
	return 0;
}

int cmd_lookup(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "source", required_argument, NULL, 's' },
		{ "target", required_argument, NULL, 't' },
		{ "min", required_argument, NULL, 'm' },
		{ "limit", required_argument, NULL, 'l' },
		{ "format", required_argument, NULL, 'f' },
		{ "batch", no_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	aln_lookup_options o = ALN_LOOKUP_OPTIONS_INIT;
	aln_memory *m = NULL;
	aln_matches *r = NULL;
	struct clim_glossary g = { 0 };
	bool json = false, is_batch = false;
	long v;
	int c, rc;

	while ((c = getopt_long(argc, argv, "s:t:h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			o.source_lang = optarg;
			break;
		case 't':
			o.target_lang = optarg;
			break;
		case 'm':
			if ((rc = clim_int("lookup", "--min", optarg, 0, 100,
					   &v)) != EXIT_OK)
				return rc;
			o.min_score = (int)v;
			break;
		case 'l':
			if ((rc = clim_int("lookup", "--limit", optarg, 1, 1000,
					   &v)) != EXIT_OK)
				return rc;
			o.limit = (size_t)v;
			break;
		case 'f':
			if ((rc = clim_format("lookup", optarg, &json)) !=
			    EXIT_OK)
				return rc;
			break;
		case 'b':
			is_batch = true;
			break;
		case 'h':
			return cli_help(_(usage));
		default:
			return cli_usage_error(
				"lookup", "%s",
				_("unknown or incomplete option"));
		}
	}
	if ((rc = clim_lang("lookup", "-s", o.source_lang)) != EXIT_OK ||
	    (rc = clim_lang("lookup", "-t", o.target_lang)) != EXIT_OK)
		return rc;
	if (is_batch && optind < argc)
		return cli_usage_error("lookup", "%s",
				       _("--batch reads the sentences on "
					 "standard input, not as arguments"));
	if (!is_batch && argc - optind != 1)
		return cli_usage_error("lookup", "%s",
				       _("lookup takes one sentence (quote "
					 "it)"));
	if ((rc = clim_open(&m, false)) != EXIT_OK)
		return rc;
	if (is_batch) {
		struct batch_ctx ctx = { m, &o };

		rc = cli_batch_run(batch_one, &ctx);
		aln_memory_free(m);
		return rc;
	}
	rc = aln_memory_lookup(m, &r, argv[optind], strlen(argv[optind]), &o);
	if (rc == 0)
		rc = clim_glossary_find(&g, m, argv[optind], o.source_lang,
					o.target_lang);
	aln_memory_free(m);
	if (rc < 0) {
		aln_matches_free(r);
		clim_glossary_free(&g);
		return cli_fail(rc);
	}
	if (json) {
		clim_print_json(stdout, argv[optind], strlen(argv[optind]), r,
				&g);
		putchar('\n');
	} else {
		clim_print_text(stdout, r, cli_color_stdout(), &g);
		if (!r->count)
			printf(_("no match of %d%% or more\n"), o.min_score);
	}
	aln_matches_free(r);
	clim_glossary_free(&g);
	return EXIT_OK;
}
