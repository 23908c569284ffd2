// SPDX-License-Identifier: MIT
/*
 * `alinea analyze`: the leverage report CAT tools give before a job.
 * Each sentence of the files is looked up in the memory and counted,
 * with its words, in a band (100 %, 95-99, 85-94, 75-84, 50-74, no
 * match); a sentence that repeats an earlier one of the job counts as a
 * repetition. Files are read by the text module (any encoding, plain
 * text, HTML, DOCX, ODT) and cut into sentences, or taken one sentence
 * per line with --lines.
 */
#include "cli-memory.h"

#include <getopt.h>
#include <string.h>

static const char *const usage = N_(
	"usage: alinea analyze -s LANG -t LANG [--lines] [--format text|json]\n"
	"                      FILE...\n"
	"\n"
	"Report how much of the FILEs (texts in language -s: plain text in\n"
	"any encoding, HTML, DOCX or ODT, cut into sentences) the memory\n"
	"already covers in language -t: sentences and words per match band\n"
	"(100%, 95-99%, 85-94%, 75-84%, 50-74%, no match), and repetitions\n"
	"inside the files.\n"
	"\n"
	"Options:\n"
	"  -s, --source LANG   the language of the files\n"
	"  -t, --target LANG   the language of the translation\n"
	"  --lines             take each line as one sentence\n"
	"  --format FORMAT     text (default) or json\n"
	"  -h, --help          show this help\n");

struct job {
	aln_analyzer *a;
	const char *path;
};

static int on_line(const char *line, size_t len, long lineno, void *data)
{
	struct job *j = data;
	int rc = aln_analyzer_add(j->a, NULL, line, len);

	if (rc < 0) {
		const aln_error *e = aln_error_last();

		cli_error(_("%s: sentence %ld: %s"), j->path, lineno,
			  e ? e->message : aln_error_name(rc));
		return EXIT_FAILED;
	}
	return 0;
}

static const char *band_label(aln_band b)
{
	switch (b) {
	case ALN_BAND_100:
		return "100%";
	case ALN_BAND_95:
		return "95-99%";
	case ALN_BAND_85:
		return "85-94%";
	case ALN_BAND_75:
		return "75-84%";
	case ALN_BAND_50:
		return "50-74%";
	case ALN_BAND_NONE:
		return _("no match");
	default:
		return _("repetitions");
	}
}

int cmd_analyze(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "source", required_argument, NULL, 's' },
		{ "target", required_argument, NULL, 't' },
		{ "format", required_argument, NULL, 'f' },
		{ "lines", no_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	/* Report order: repetitions right after the exact matches. */
	static const aln_band order[] = { ALN_BAND_REPEAT, ALN_BAND_100,
					  ALN_BAND_95,	   ALN_BAND_85,
					  ALN_BAND_75,	   ALN_BAND_50,
					  ALN_BAND_NONE };
	aln_lookup_options o = ALN_LOOKUP_OPTIONS_INIT;
	const aln_analysis *res;
	aln_memory *m = NULL;
	struct job j = { NULL, NULL };
	bool json = false, lines = false;
	size_t i;
	int c, rc;

	while ((c = getopt_long(argc, argv, "s:t:h", opts, NULL)) != -1) {
		switch (c) {
		case 'L':
			lines = true;
			break;
		case 's':
			o.source_lang = optarg;
			break;
		case 't':
			o.target_lang = optarg;
			break;
		case 'f':
			if ((rc = clim_format("analyze", optarg, &json)) !=
			    EXIT_OK)
				return rc;
			break;
		case 'h':
			return cli_help(_(usage));
		default:
			return cli_usage_error(
				"analyze", "%s",
				_("unknown or incomplete option"));
		}
	}
	if ((rc = clim_lang("analyze", "-s", o.source_lang)) != EXIT_OK ||
	    (rc = clim_lang("analyze", "-t", o.target_lang)) != EXIT_OK)
		return rc;
	if (optind >= argc)
		return cli_usage_error("analyze", "%s",
				       _("analyze needs at least one file"));
	if ((rc = clim_open(&m, false)) != EXIT_OK)
		return rc;
	if ((rc = aln_analyzer_new(&j.a, m, &o)) < 0) {
		aln_memory_free(m);
		return cli_fail(rc);
	}
	for (i = (size_t)optind; i < (size_t)argc; i++) {
		j.path = argv[i];
		if ((rc = clim_each_sentence(argv[i], o.source_lang, lines,
					     on_line, &j)) != 0)
			goto out;
	}
	res = aln_analyzer_result(j.a);
	if (json) {
		printf("{\"files\": [");
		for (i = (size_t)optind; i < (size_t)argc; i++) {
			printf("%s", i > (size_t)optind ? ", " : "");
			cli_json_string(stdout, argv[i], strlen(argv[i]));
		}
		printf("], \"bands\": [");
		for (i = 0; i < (sizeof(order) / sizeof(order[0])); i++)
			printf("%s{\"band\": \"%s\", \"segments\": %lld, "
			       "\"words\": %lld}",
			       i ? ", " : "", aln_band_name(order[i]),
			       res->segments[order[i]], res->words[order[i]]);
		printf("], \"total\": {\"segments\": %lld, \"words\": %lld}}\n",
		       res->total_segments, res->total_words);
	} else {
		printf("%-14s %10s %10s %8s\n", _("match"), _("sentences"),
		       _("words"), _("% words"));
		for (i = 0; i < (sizeof(order) / sizeof(order[0])); i++)
			printf("%-14s %10lld %10lld %7.1f%%\n",
			       band_label(order[i]), res->segments[order[i]],
			       res->words[order[i]],
			       res->total_words
				       ? 100.0 * (double)res->words[order[i]] /
						 (double)res->total_words
				       : 0.0);
		printf("%-14s %10lld %10lld %7.1f%%\n", _("total"),
		       res->total_segments, res->total_words,
		       res->total_words ? 100.0 : 0.0);
	}
	rc = EXIT_OK;
out:
	aln_analyzer_free(j.a);
	aln_memory_free(m);
	return rc;
}
