// SPDX-License-Identifier: MIT
/*
 * `alinea segment`: reads a document (or, with --batch, JSON Lines of
 * texts) and writes its sentences, one per line or as JSON Lines. The
 * batch mode is the interface of scripts and evaluation harnesses: one
 * output line per input line, in order, flushed as it goes.
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char *const usage = N_(
	"usage: alinea segment -l LANG [options] [FILE|-]\n"
	"   or: alinea segment -l LANG --batch\n"
	"\n"
	"Split a document into sentences: plain text in any encoding, HTML,\n"
	"DOCX or ODT, recognised by content. Without FILE, or with '-', the\n"
	"document is read from standard input.\n"
	"\n"
	"Options:\n"
	"  -l, --lang LANG       the language of the text (BCP 47: fr, en-GB)\n"
	"  --encoding ENC        the encoding of a text or HTML file\n"
	"                        (default: detected)\n"
	"  --input-format FMT    text, html, docx or odt (default: detected)\n"
	"  --lines               every line of a text file is a paragraph\n"
	"  --format FMT          text: one sentence per line, a blank line\n"
	"                        between paragraphs (default); jsonl: one\n"
	"                        object per sentence with \"paragraph\",\n"
	"                        \"sentence\" (both from 0), \"text\", "
	"\"start\"\n"
	"                        and \"end\" (byte offsets in the decoded "
	"text)\n"
	"  --batch               read JSON Lines {\"text\": \"...\"} on "
	"standard\n"
	"                        input and write one {\"sentences\": [...]} "
	"line\n"
	"                        per input line\n"
	"  -h, --help            show this help\n");

/* One --batch line: the sentences of text as a JSON array. */
static int batch_one(const char *text, size_t len, void *data)
{
	const char *lang = data;
	aln_sentence *s = NULL;
	size_t count = 0, i;
	int rc = aln_segment_text(&s, &count, text, len, lang);

	if (rc < 0)
		return rc;
	fputs("{\"sentences\": [", stdout);
	for (i = 0; i < count; i++) {
		if (i)
			fputs(", ", stdout);
		cli_json_string(stdout, text + s[i].start,
				s[i].end - s[i].start);
	}
	fputs("]}\n", stdout);
	aln_free(s);
	return 0;
}

static int segment_file(const char *path, const char *lang,
			const aln_read_options *opts, int jsonl)
{
	aln_document *doc = NULL;
	aln_sentence *s = NULL;
	size_t count = 0, i, nw;
	const char *text;
	int rc;

	rc = aln_document_read_file(&doc, path, opts);
	if (rc < 0)
		return cli_fail(rc);
	nw = aln_document_warning_count(doc);
	for (i = 0; i < nw; i++)
		cli_warning("%s: %s",
			    strcmp(path, "-") ? path : _("standard input"),
			    aln_document_warning(doc, i, NULL));
	if (!aln_document_paragraph_count(doc))
		cli_warning(_("'%s' holds no text"),
			    strcmp(path, "-") ? path : _("standard input"));
	rc = aln_segment_document(&s, &count, doc, lang);
	if (rc < 0) {
		aln_document_free(doc);
		return cli_fail(rc);
	}
	text = aln_document_text(doc, NULL);
	for (i = 0; i < count; i++) {
		const char *t = text + s[i].start;
		size_t len = s[i].end - s[i].start;

		if (jsonl) {
			printf("{\"paragraph\": %zu, \"sentence\": %zu, "
			       "\"text\": ",
			       s[i].paragraph, i);
			cli_json_string(stdout, t, len);
			printf(", \"start\": %zu, \"end\": %zu}\n", s[i].start,
			       s[i].end);
		} else {
			if (i && s[i].paragraph != s[i - 1].paragraph)
				putchar('\n');
			fwrite(t, 1, len, stdout);
			putchar('\n');
		}
	}
	aln_free(s);
	aln_document_free(doc);
	return EXIT_OK;
}

int cmd_segment(int argc, char **argv)
{
	enum {
		OPT_ENCODING = 256,
		OPT_FORMAT,
		OPT_INPUT,
		OPT_LINES,
		OPT_BATCH
	};
	static const struct option longopts[] = {
		{ "lang", required_argument, NULL, 'l' },
		{ "encoding", required_argument, NULL, OPT_ENCODING },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "input-format", required_argument, NULL, OPT_INPUT },
		{ "lines", no_argument, NULL, OPT_LINES },
		{ "batch", no_argument, NULL, OPT_BATCH },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	aln_read_options opts = ALN_READ_OPTIONS_INIT;
	const char *lang = NULL, *format = "text";
	char canon[ALN_LANG_MAX];
	int c, batch_mode = 0;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+l:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'l':
			lang = optarg;
			break;
		case OPT_ENCODING:
			opts.encoding = optarg;
			break;
		case OPT_FORMAT:
			format = optarg;
			break;
		case OPT_INPUT:
			opts.format = optarg;
			break;
		case OPT_LINES:
			opts.lines = 1;
			break;
		case OPT_BATCH:
			batch_mode = 1;
			break;
		case 'h':
			return cli_help(_(usage));
		default:
			if (optopt)
				return cli_usage_error("segment",
						       _("unknown option '-%c' "
							 "or missing value"),
						       optopt);
			return cli_usage_error("segment",
					       _("unknown option '%s' or "
						 "missing value"),
					       argv[optind - 1]);
		}
	}
	if (!lang)
		return cli_usage_error("segment", "%s",
				       _("the language is required (-l LANG)"));
	if (aln_lang_canonical(canon, sizeof(canon), lang) < 0) {
		cli_fail(ALN_EINVAL);
		return EXIT_USAGE;
	}
	if (strcmp(format, "text") && strcmp(format, "jsonl"))
		return cli_usage_error("segment",
				       _("unknown output format '%s' (text or "
					 "jsonl)"),
				       format);
	if (opts.format && strcmp(opts.format, "text") &&
	    strcmp(opts.format, "html") && strcmp(opts.format, "docx") &&
	    strcmp(opts.format, "odt"))
		return cli_usage_error("segment",
				       _("unknown input format '%s' (text, "
					 "html, docx or odt)"),
				       opts.format);
	if (batch_mode) {
		if (optind < argc)
			return cli_usage_error("segment", "%s",
					       _("--batch reads standard input "
						 "and takes no file"));
		return cli_batch_run(batch_one, canon);
	}
	if (argc - optind > 1)
		return cli_usage_error("segment", "%s",
				       _("segment takes one file"));
	return segment_file(optind < argc ? argv[optind] : "-", canon, &opts,
			    !strcmp(format, "jsonl"));
}
