// SPDX-License-Identifier: MIT
/*
 * `alinea term`: the glossary kept in the memory (add, list, remove,
 * import and export in TBX-Basic or CSV) and term candidates mined from
 * the memory's units (extract) for a person to review and add.
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char *const usage = N_(
	"usage: alinea term add -s LANG -t LANG [--note TEXT] [--domain TEXT]"
	" SOURCE TARGET\n"
	"       alinea term list [-s LANG] [-t LANG] [--format text|json|tsv]\n"
	"       alinea term remove ID...\n"
	"       alinea term import [-s LANG] [-t LANG] [--format tbx|csv] "
	"FILE\n"
	"       alinea term export [-s LANG] [-t LANG] [--format tbx|csv]"
	" [--force] FILE\n"
	"       alinea term extract -s LANG -t LANG [--min-count N]"
	" [--limit N]\n"
	"                           [--format text|json|tbx]\n"
	"\n"
	"Keep a glossary in the memory: its entries win over what concord\n"
	"learns from the units, and come first in its output. 'extract'\n"
	"proposes recurring multiword expressions and their translations,\n"
	"paired by association (logDice) over the units, best first.\n"
	"\n"
	"Options:\n"
	"  -s, --source LANG     the source language\n"
	"  -t, --target LANG     the target language\n"
	"      --note TEXT       a note on the entry (add)\n"
	"      --domain TEXT     its subject field (add)\n"
	"  -f, --format FORMAT   output or file format; import and export\n"
	"                        guess it from the file name (.tbx, .csv)\n"
	"      --force           replace an existing file (export)\n"
	"      --min-count N     units a candidate pair must share (default "
	"3)\n"
	"  -n, --limit N         show at most N candidates (default 50; 0: "
	"all)\n"
	"  -h, --help            show this help\n"
	"\n"
	"FILE may be '-' for standard output (export).\n");

struct opts {
	const char *src, *tgt, *note, *domain, *format;
	int force;
	long long min_count;
	size_t limit;
};

static int parse(struct opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "source", required_argument, NULL, 's' },
		{ "target", required_argument, NULL, 't' },
		{ "note", required_argument, NULL, 'N' },
		{ "domain", required_argument, NULL, 'D' },
		{ "format", required_argument, NULL, 'f' },
		{ "force", no_argument, NULL, 'F' },
		{ "min-count", required_argument, NULL, 'm' },
		{ "limit", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	memset(o, 0, sizeof(*o));
	o->min_count = 3;
	o->limit = 50;
	while ((c = getopt_long(argc, argv, "s:t:f:n:h", longopts, NULL)) !=
	       -1) {
		char *end;

		switch (c) {
		case 's':
			o->src = optarg;
			break;
		case 't':
			o->tgt = optarg;
			break;
		case 'N':
			o->note = optarg;
			break;
		case 'D':
			o->domain = optarg;
			break;
		case 'f':
			o->format = optarg;
			break;
		case 'F':
			o->force = 1;
			break;
		case 'm':
			o->min_count = strtoll(optarg, &end, 10);
			if (!*optarg || *end || o->min_count < 1)
				return cli_usage_error(
					"term",
					_("invalid number for --min-count: "
					  "'%s'"),
					optarg);
			break;
		case 'n':
			o->limit = (size_t)strtoul(optarg, &end, 10);
			if (!*optarg || *end || optarg[0] == '-')
				return cli_usage_error(
					"term",
					_("invalid number for --limit: '%s'"),
					optarg);
			break;
		case 'h':
			return cli_help(_(usage)) - 1;
		default:
			return cli_usage_error("term", "%s",
					       _("invalid option"));
		}
	}
	return 0;
}

static int open_memory(aln_memory **m, bool create)
{
	aln_memory_options mo = ALN_MEMORY_OPTIONS_INIT;
	const char *path = cli_memory_path(create);
	int rc;

	*m = NULL;
	if (!path)
		return EXIT_FAILED;
	if (create)
		mo.flags |= ALN_MEMORY_CREATE;
	if ((rc = aln_memory_open(m, path, &mo)) < 0) {
		const aln_error *e = aln_error_last();
		bool hint = e && !e->hint && e->code == ALN_ENOTFOUND;

		rc = cli_fail(rc);
		if (hint)
			cli_hint("%s", _("import or align texts first"));
		return rc;
	}
	return 0;
}

static int term_add(struct opts *o, int argc, char **argv)
{
	aln_term_entry e = { 0 };
	aln_memory *m;
	long long id;
	int rc;

	if (!o->src || !o->tgt)
		return cli_usage_error("term", "%s",
				       _("pass the languages with -s and -t"));
	if (argc - optind != 2)
		return cli_usage_error("term", "%s",
				       _("'term add' takes a source term and "
					 "a target term"));
	if ((rc = open_memory(&m, true)) != 0)
		return rc;
	e.srclang = o->src;
	e.tgtlang = o->tgt;
	e.source = argv[optind];
	e.target = argv[optind + 1];
	e.note = o->note;
	e.domain = o->domain;
	rc = aln_term_add(m, &e, &id);
	aln_memory_free(m);
	if (rc < 0)
		return cli_fail(rc);
	printf(_("added glossary entry %lld\n"), id);
	return EXIT_OK;
}

struct list_ctx {
	const char *format;
	size_t n;
};

static void json_str(const char *key, const char *s, bool comma)
{
	printf("%s\"%s\": ", comma ? ", " : "", key);
	if (s)
		cli_json_string(stdout, s, strlen(s));
	else
		fputs("null", stdout);
}

static void tsv_field(const char *s)
{
	for (; s && *s; s++)
		putchar(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s);
}

static int list_entry(const aln_term_entry *e, void *data)
{
	struct list_ctx *c = data;

	if (!strcmp(c->format, "json")) {
		printf("%s{\"id\": %lld", c->n ? ",\n " : "", e->id);
		json_str("source_lang", e->srclang, true);
		json_str("source", e->source, true);
		json_str("target_lang", e->tgtlang, true);
		json_str("target", e->target, true);
		json_str("note", e->note, true);
		json_str("domain", e->domain, true);
		json_str("created", e->created, true);
		putchar('}');
	} else if (!strcmp(c->format, "tsv")) {
		printf("%lld\t", e->id);
		tsv_field(e->srclang);
		putchar('\t');
		tsv_field(e->source);
		putchar('\t');
		tsv_field(e->tgtlang);
		putchar('\t');
		tsv_field(e->target);
		putchar('\t');
		tsv_field(e->note);
		putchar('\t');
		tsv_field(e->domain);
		putchar('\n');
	} else {
		printf("%5lld  %s: %s  =  %s: %s", e->id, e->srclang, e->source,
		       e->tgtlang, e->target);
		if (e->domain)
			printf("  [%s]", e->domain);
		if (e->note)
			printf("  (%s)", e->note);
		putchar('\n');
	}
	c->n++;
	return 0;
}

static int term_list(struct opts *o, int argc)
{
	struct list_ctx c = { o->format ? o->format : "text", 0 };
	aln_memory *m;
	int rc;

	if (argc != optind)
		return cli_usage_error("term", "%s",
				       _("'term list' takes no arguments"));
	if (strcmp(c.format, "text") && strcmp(c.format, "json") &&
	    strcmp(c.format, "tsv"))
		return cli_usage_error("term",
				       _("unknown format '%s' (text, json or "
					 "tsv)"),
				       c.format);
	if ((rc = open_memory(&m, false)) != 0)
		return rc;
	if (!strcmp(c.format, "json"))
		putchar('[');
	rc = aln_term_list(m, o->src, o->tgt, list_entry, &c);
	aln_memory_free(m);
	if (rc < 0)
		return cli_fail(rc);
	if (!strcmp(c.format, "json"))
		puts("]");
	else if (!c.n && !strcmp(c.format, "text"))
		fprintf(stderr, "%s\n", _("the glossary is empty"));
	return EXIT_OK;
}

static int term_remove(int argc, char **argv)
{
	aln_memory *m;
	int rc;

	if (argc == optind)
		return cli_usage_error("term", "%s",
				       _("'term remove' needs the id of an "
					 "entry (see 'alinea term list')"));
	for (int i = optind; i < argc; i++) {
		char *end;

		if (strtoll(argv[i], &end, 10) <= 0 || *end)
			return cli_usage_error(
				"term", _("invalid glossary entry id '%s'"),
				argv[i]);
	}
	if ((rc = open_memory(&m, false)) != 0)
		return rc;
	/* All or nothing. */
	if ((rc = aln_memory_begin(m)) < 0) {
		aln_memory_free(m);
		return cli_fail(rc);
	}
	for (int i = optind; i < argc && rc == 0; i++)
		rc = aln_term_remove(m, strtoll(argv[i], NULL, 10));
	if (rc < 0) {
		rc = cli_fail(rc);
		aln_memory_rollback(m);
		aln_memory_free(m);
		fprintf(stderr, "%s\n",
			_("nothing was removed; see 'alinea term list' for "
			  "the ids"));
		return rc;
	}
	if ((rc = aln_memory_commit(m)) < 0) {
		aln_memory_free(m);
		return cli_fail(rc);
	}
	aln_memory_free(m);
	printf(ngettext("removed %d glossary entry\n",
			"removed %d glossary entries\n", argc - optind),
	       argc - optind);
	return EXIT_OK;
}

/* The format: --format, else the file name's extension. */
static int file_format(const char *format, const char *path,
		       aln_term_format *out)
{
	const char *dot = strrchr(path, '.');

	if (!format && dot && (!strcmp(dot, ".tbx") || !strcmp(dot, ".xml")))
		format = "tbx";
	if (!format && dot && !strcmp(dot, ".csv"))
		format = "csv";
	if (!format)
		return cli_usage_error(
			"term", _("cannot tell the format of '%s'"), path);
	if (!strcmp(format, "tbx"))
		*out = ALN_TERM_TBX;
	else if (!strcmp(format, "csv"))
		*out = ALN_TERM_CSV;
	else
		return cli_usage_error(
			"term", _("unknown format '%s' (tbx or csv)"), format);
	return 0;
}

static int term_import(struct opts *o, int argc, char **argv)
{
	aln_term_format f;
	aln_memory *m;
	size_t added, skipped;
	int rc;

	if (argc - optind != 1)
		return cli_usage_error("term", "%s",
				       _("'term import' takes one file"));
	if ((rc = file_format(o->format, argv[optind], &f)) != 0)
		return rc;
	if ((rc = open_memory(&m, true)) != 0)
		return rc;
	rc = aln_term_import(m, argv[optind], f, o->src, o->tgt, &added,
			     &skipped);
	aln_memory_free(m);
	if (rc < 0) {
		rc = cli_fail(rc);
		fprintf(stderr, "%s\n",
			_("nothing was imported: the glossary is unchanged"));
		return rc;
	}
	printf(ngettext("imported %zu glossary entry",
			"imported %zu glossary "
			"entries",
			added),
	       added);
	if (skipped)
		printf(ngettext(" (%zu already there)", " (%zu already there)",
				skipped),
		       skipped);
	putchar('\n');
	return EXIT_OK;
}

static int term_export(struct opts *o, int argc, char **argv)
{
	aln_term_format f;
	aln_memory *m;
	size_t n;
	int rc;

	if (argc - optind != 1)
		return cli_usage_error("term", "%s",
				       _("'term export' takes one file (or "
					 "'-')"));
	if (!strcmp(argv[optind], "-") && !o->format)
		o->format = "tbx";
	if ((rc = file_format(o->format, argv[optind], &f)) != 0)
		return rc;
	if (f == ALN_TERM_CSV && (!o->src || !o->tgt))
		return cli_usage_error("term", "%s",
				       _("a CSV glossary needs -s and -t"));
	if ((rc = open_memory(&m, false)) != 0)
		return rc;
	rc = aln_term_export(m, argv[optind], f, o->src, o->tgt, o->force, &n);
	aln_memory_free(m);
	if (rc < 0)
		return cli_fail(rc);
	if (strcmp(argv[optind], "-"))
		fprintf(stderr,
			ngettext("wrote %zu glossary entry to '%s'\n",
				 "wrote %zu glossary entries to '%s'\n", n),
			n, argv[optind]);
	return EXIT_OK;
}

struct extract_ctx {
	const char *format, *src, *tgt;
	size_t n, limit;
};

static void xml_text(const char *s)
{
	for (; *s; s++) {
		if (*s == '<')
			fputs("&lt;", stdout);
		else if (*s == '>')
			fputs("&gt;", stdout);
		else if (*s == '&')
			fputs("&amp;", stdout);
		else if (*s == '"')
			fputs("&quot;", stdout);
		else
			putchar(*s);
	}
}

static int extract_one(const aln_term_candidate *c, void *data)
{
	struct extract_ctx *x = data;

	if (x->limit && x->n >= x->limit)
		return 1;
	if (!strcmp(x->format, "json")) {
		printf("%s{\"source\": ", x->n ? ",\n " : "");
		cli_json_string(stdout, c->source, strlen(c->source));
		fputs(", \"target\": ", stdout);
		cli_json_string(stdout, c->target, strlen(c->target));
		printf(", \"count\": %lld, \"source_count\": %lld, "
		       "\"target_count\": %lld, \"score\": %.2f, "
		       "\"example\": {\"unit\": %lld, \"source\": ",
		       c->count, c->source_count, c->target_count, c->score,
		       c->example_unit);
		cli_json_string(stdout, c->example_source,
				strlen(c->example_source));
		fputs(", \"target\": ", stdout);
		cli_json_string(stdout, c->example_target,
				strlen(c->example_target));
		fputs("}}", stdout);
	} else if (!strcmp(x->format, "tbx")) {
		printf("      <termEntry id=\"c%zu\">\n", x->n + 1);
		printf("        <note>candidate: %lld units, logDice %.2f"
		       "</note>\n",
		       c->count, c->score);
		printf("        <langSet xml:lang=\"");
		xml_text(x->src);
		printf("\"><tig><term>");
		xml_text(c->source);
		printf("</term></tig></langSet>\n        <langSet "
		       "xml:lang=\"");
		xml_text(x->tgt);
		printf("\"><tig><term>");
		xml_text(c->target);
		printf("</term></tig></langSet>\n      </termEntry>\n");
	} else {
		printf("%5lld  %5.2f  %s  =  %s\n", c->count, c->score,
		       c->source, c->target);
		printf("              %s %lld: %s\n", _("unit"),
		       c->example_unit, c->example_source);
		printf("              %*s  %s\n",
		       (int)strlen(_("unit")) + 1 +
			       snprintf(NULL, 0, "%lld", c->example_unit),
		       "", c->example_target);
	}
	x->n++;
	return 0;
}

static int term_extract(struct opts *o, int argc)
{
	aln_term_extract_options eo = ALN_TERM_EXTRACT_OPTIONS_INIT;
	struct extract_ctx x = { o->format ? o->format : "text", o->src, o->tgt,
				 0, o->limit };
	aln_memory *m;
	int rc;

	if (!o->src || !o->tgt)
		return cli_usage_error("term", "%s",
				       _("pass the languages with -s and -t"));
	if (argc != optind)
		return cli_usage_error("term", "%s",
				       _("'term extract' takes no arguments"));
	if (strcmp(x.format, "text") && strcmp(x.format, "json") &&
	    strcmp(x.format, "tbx"))
		return cli_usage_error("term",
				       _("unknown format '%s' (text, json or "
					 "tbx)"),
				       x.format);
	if ((rc = open_memory(&m, false)) != 0)
		return rc;
	eo.srclang = o->src;
	eo.tgtlang = o->tgt;
	eo.min_count = o->min_count;
	if (!strcmp(x.format, "json"))
		putchar('[');
	else if (!strcmp(x.format, "tbx"))
		printf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		       "<!DOCTYPE martif SYSTEM "
		       "\"TBXBasiccoreStructV02.dtd\">\n"
		       "<martif type=\"TBX-Basic\" xml:lang=\"%s\">\n"
		       "  <martifHeader>\n    <fileDesc>\n      <sourceDesc>"
		       "<p>alinea term candidates</p></sourceDesc>\n"
		       "    </fileDesc>\n    <encodingDesc>\n      <p "
		       "type=\"XCSURI\">TBXBasicXCSV02.xcs</p>\n"
		       "    </encodingDesc>\n  </martifHeader>\n"
		       "  <text>\n    <body>\n",
		       o->src);
	rc = aln_term_extract(m, &eo, extract_one, &x);
	aln_memory_free(m);
	if (rc < 0)
		return cli_fail(rc);
	if (!strcmp(x.format, "json"))
		puts("]");
	else if (!strcmp(x.format, "tbx"))
		puts("    </body>\n  </text>\n</martif>");
	else if (!x.n)
		fprintf(stderr, "%s\n",
			_("no candidate: lower --min-count or add units"));
	return EXIT_OK;
}

int cmd_term(int argc, char **argv)
{
	struct opts o;
	const char *sub;
	int rc;

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return argc < 2 ? cli_usage_error("term", "%s",
						  _("missing subcommand"))
				: cli_help(_(usage));
	sub = argv[1];
	if ((rc = parse(&o, argc - 1, argv + 1)) != 0)
		return rc < 0 ? EXIT_OK : rc;
	for (int i = 0; i < 2; i++) {
		char tag[ALN_LANG_MAX];
		const char *v = i ? o.tgt : o.src;

		if (v && aln_lang_canonical(tag, sizeof(tag), v) < 0)
			return cli_usage_error(
				"term", _("invalid language tag '%s'"), v);
	}
	argc--;
	argv++;
	if (!strcmp(sub, "add"))
		return term_add(&o, argc, argv);
	if (!strcmp(sub, "list"))
		return term_list(&o, argc);
	if (!strcmp(sub, "remove"))
		return term_remove(argc, argv);
	if (!strcmp(sub, "import"))
		return term_import(&o, argc, argv);
	if (!strcmp(sub, "export"))
		return term_export(&o, argc, argv);
	if (!strcmp(sub, "extract"))
		return term_extract(&o, argc);
	return cli_usage_error("term",
			       _("unknown subcommand '%s' (add, list, remove, "
				 "import, export or extract)"),
			       sub);
}
