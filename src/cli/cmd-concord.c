// SPDX-License-Identifier: MIT
/*
 * `alinea concord`: how an expression was translated in the memory. A
 * summary of the distinct translations (glossary entries first, then
 * the most frequent, each with an example), then the hits with the
 * expression and the span that translates it marked: in colour on a
 * terminal, in [brackets] otherwise, as character offsets in JSON.
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char *const usage = N_(
	"usage: alinea concord -s LANG -t LANG [options] EXPRESSION\n"
	"\n"
	"Show the memory's units whose LANG source holds EXPRESSION (case,\n"
	"accents and punctuation between words ignored, whole words; any\n"
	"substring in Chinese or Japanese) and, in each translation, the\n"
	"words that translate it. A summary of the translations found comes\n"
	"first, most frequent first; glossary entries come before them.\n"
	"\n"
	"Options:\n"
	"  -s, --source LANG     the language of EXPRESSION\n"
	"  -t, --target LANG     the language of the translations\n"
	"  -n, --limit N         show at most N hits (default 20; 0: all)\n"
	"      --stem            match inflected forms too (Snowball "
	"stemmers)\n"
	"  -f, --format FORMAT   text (default) or json\n"
	"  -h, --help            show this help\n");

/* Byte offset of the c-th character of s. */
static size_t char_to_byte(const char *s, size_t c)
{
	size_t i = 0;

	while (s[i] && c) {
		i++;
		while (((unsigned char)s[i] & 0xc0) == 0x80)
			i++;
		c--;
	}
	return i;
}

/* Prints s with [from, to) (characters) marked. */
static void print_marked(const char *s, size_t from, size_t to, bool color,
			 const char *on)
{
	size_t a = char_to_byte(s, from), b = char_to_byte(s, to);

	if (a >= b) {
		fputs(s, stdout);
		return;
	}
	fwrite(s, 1, a, stdout);
	fputs(color ? on : "[", stdout);
	fwrite(s + a, 1, b - a, stdout);
	fputs(color ? "\033[0m" : "]", stdout);
	fputs(s + b, stdout);
}

static void print_text(const aln_concord_result *r, const char *src,
		       const char *tgt)
{
	bool color = cli_color_stdout();
	const char *hl_src = "\033[1m", *hl_tgt = "\033[1;32m";

	if (!r->total && !r->ntranslations) {
		printf(_("no unit holds '%s'\n"), r->query);
		return;
	}
	printf(ngettext("'%s': %zu hit\n", "'%s': %zu hits\n", r->total),
	       r->query, r->total);
	if (r->ntranslations)
		printf("\n%s\n", _("Translations:"));
	for (size_t i = 0; i < r->ntranslations; i++) {
		const aln_concord_translation *t = &r->translations[i];

		printf("  %5zu  %s%s\n", t->count, t->text,
		       t->glossary ? _("  (glossary)") : "");
		if (t->example_target) {
			printf("         %s: ", tgt);
			print_marked(t->example_target, t->example_span_start,
				     t->example_span_end, color, hl_tgt);
			putchar('\n');
		}
	}
	if (r->nhits)
		printf("\n%s\n", _("Hits:"));
	for (size_t i = 0; i < r->nhits; i++) {
		const aln_concord_hit *h = &r->hits[i];

		printf("  %s %lld%s\n", _("unit"), h->unit,
		       h->glossary ? _("  (glossary)") : "");
		printf("    %s: ", src);
		print_marked(h->source, h->source_start, h->source_end, color,
			     hl_src);
		printf("\n    %s: ", tgt);
		print_marked(h->target, h->span_start, h->span_end, color,
			     hl_tgt);
		putchar('\n');
	}
	if (r->nhits < r->total)
		printf(_("\n(%zu more hits: pass --limit 0 to see all)\n"),
		       r->total - r->nhits);
}

static void json_str(const char *s)
{
	cli_json_string(stdout, s, strlen(s));
}

static void print_json(const aln_concord_result *r)
{
	fputs("{\"query\": ", stdout);
	json_str(r->query);
	fputs(", \"translations\": [", stdout);
	for (size_t i = 0; i < r->ntranslations; i++) {
		const aln_concord_translation *t = &r->translations[i];

		fputs(i ? ", {\"text\": " : "{\"text\": ", stdout);
		json_str(t->text);
		printf(", \"count\": %zu", t->count);
		if (t->glossary)
			fputs(", \"glossary\": true", stdout);
		putchar('}');
	}
	fputs("], \"hits\": [", stdout);
	for (size_t i = 0; i < r->nhits; i++) {
		const aln_concord_hit *h = &r->hits[i];

		printf("%s{\"unit\": %lld, \"source\": ", i ? ", " : "",
		       h->unit);
		json_str(h->source);
		fputs(", \"target\": ", stdout);
		json_str(h->target);
		if (h->span_end > h->span_start)
			printf(", \"span\": [%zu, %zu]", h->span_start,
			       h->span_end);
		else
			fputs(", \"span\": null", stdout);
		if (h->glossary)
			fputs(", \"glossary\": true", stdout);
		putchar('}');
	}
	fputs("]}\n", stdout);
}

int cmd_concord(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "source", required_argument, NULL, 's' },
		{ "target", required_argument, NULL, 't' },
		{ "limit", required_argument, NULL, 'n' },
		{ "format", required_argument, NULL, 'f' },
		{ "stem", no_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	aln_concord_options o = ALN_CONCORD_OPTIONS_INIT;
	aln_memory_options mo = ALN_MEMORY_OPTIONS_INIT;
	aln_concord_result *r = NULL;
	aln_memory *m = NULL;
	const char *path, *format = "text";
	int c, rc;

	while ((c = getopt_long(argc, argv, "s:t:n:f:h", longopts, NULL)) !=
	       -1) {
		char *end;

		switch (c) {
		case 's':
			o.srclang = optarg;
			break;
		case 't':
			o.tgtlang = optarg;
			break;
		case 'n':
			o.limit = (size_t)strtoul(optarg, &end, 10);
			if (!*optarg || *end || optarg[0] == '-')
				return cli_usage_error(
					"concord",
					_("invalid number for --limit: '%s'"),
					optarg);
			break;
		case 'f':
			format = optarg;
			if (strcmp(format, "text") && strcmp(format, "json"))
				return cli_usage_error(
					"concord",
					_("unknown format '%s' (text or "
					  "json)"),
					optarg);
			break;
		case 'S':
			o.stem = 1;
			break;
		case 'h':
			return cli_help(_(usage));
		default:
			return cli_usage_error("concord", "%s",
					       _("invalid option"));
		}
	}
	if (!o.srclang || !o.tgtlang)
		return cli_usage_error("concord", "%s",
				       _("pass the languages with -s and -t"));
	for (int i = 0; i < 2; i++) {
		char tag[ALN_LANG_MAX];
		const char *v = i ? o.tgtlang : o.srclang;

		if (aln_lang_canonical(tag, sizeof(tag), v) < 0)
			return cli_usage_error(
				"concord", _("invalid language tag '%s'"), v);
	}
	if (optind + 1 == argc && !argv[optind][strspn(argv[optind], " \t")])
		return cli_usage_error("concord", "%s",
				       _("no expression to look for"));
	if (optind + 1 != argc)
		return cli_usage_error("concord", "%s",
				       optind >= argc
					       ? _("no expression to look for")
					       : _("pass one expression (quote "
						   "it when it has spaces)"));
	if (!(path = cli_memory_path(false)))
		return EXIT_FAILED;
	if ((rc = aln_memory_open(&m, path, &mo)) < 0) {
		rc = cli_fail(rc);
		if (aln_error_last() && aln_error_last()->code == ALN_ENOTFOUND)
			cli_hint("%s", _("import or align texts first"));
		return rc;
	}
	rc = aln_concord(&r, m, argv[optind], &o);
	if (rc < 0) {
		aln_memory_free(m);
		return cli_fail(rc);
	}
	if (!strcmp(format, "json"))
		print_json(r);
	else
		print_text(r, o.srclang, o.tgtlang);
	aln_concord_result_free(r);
	aln_memory_free(m);
	return EXIT_OK;
}
