// SPDX-License-Identifier: MIT
/*
 * `alinea names`: how a name is written in each language. Prints, per
 * target language, the forms of a name best first, each marked with
 * where it comes from: the memory's units (when a memory exists and knows
 * the name) or the transcription rules and exceptions lists of locales/.
 * With --batch it reads JSON Lines ({"text": "..."}) on stdin and writes
 * one JSON result line per input line, in order. It never needs a
 * memory: with none, the rules alone answer.
 */
#include "cli.h"
#include "json.h"

#include <getopt.h>
#include <unistd.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LANGS 16

struct names_opts {
	const char *langs[MAX_LANGS];
	size_t nlangs;
	const char *from;
	int json;
	aln_memory *memory; /* NULL when there is none */
};

static const char *const default_langs[] = { "en", "fr", "de", "ru", "zh" };

static int usage(void)
{
	return cli_help(_(
		"usage: alinea names [--to LANG[,LANG...]] [--from LANG]\n"
		"                    [--format text|json] [--batch] NAME\n"
		"\n"
		"Shows how a person's or a place's name is written in each "
		"language and\n"
		"script: forms seen in the memory first, with how often they "
		"were seen,\n"
		"then the forms the transcription rules give.\n"
		"\n"
		"Options:\n"
		"  --to LANG[,LANG...]  the languages wanted (default: "
		"en,fr,de,ru,zh)\n"
		"  --from LANG          the language whose spelling a "
		"Latin-script name\n"
		"                       follows (Poutine: fr); guessed when "
		"absent\n"
		"  --format FORMAT      text (default) or json\n"
		"  --batch              read JSON Lines {\"text\": \"...\"} on "
		"stdin and\n"
		"                       write one JSON result per line\n"
		"  -h, --help           show this help\n"));
}

/* Splits "en,fr" into o->langs (pointers into the argument). */
static int parse_langs(struct names_opts *o, char *arg)
{
	char *p, *save = NULL;
	char tag[ALN_LANG_MAX];

	o->nlangs = 0;
	for (p = strtok_r(arg, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
		if (!*p)
			continue;
		if (o->nlangs == MAX_LANGS)
			return cli_usage_error("names",
					       _("too many languages in --to "
						 "(at most %d)"),
					       MAX_LANGS);
		if (aln_lang_canonical(tag, sizeof(tag), p) < 0)
			return cli_usage_error(
				"names", _("'%s' is not a language tag"), p);
		o->langs[o->nlangs++] = p;
	}
	if (!o->nlangs)
		return cli_usage_error("names", "%s",
				       _("--to needs at least one language"));
	return 0;
}

static const char *source_name(const aln_name_form *f)
{
	switch (f->source) {
	case ALN_NAME_MEMORY:
		return "memory";
	default:
		return "rules";
	}
}

static void print_json(FILE *out, const char *query, const aln_name_form *f,
		       size_t n, const struct names_opts *o)
{
	size_t i, j;
	char base[ALN_LANG_MAX];

	fputs("{\"query\": ", out);
	cli_json_string(out, query, strlen(query));
	fputs(", \"forms\": {", out);
	for (i = 0; i < o->nlangs; i++) {
		int first = 1;

		if (aln_lang_base(base, sizeof(base), o->langs[i]) < 0)
			continue;
		if (i)
			fputs(", ", out);
		cli_json_string(out, o->langs[i], strlen(o->langs[i]));
		fputs(": [", out);
		for (j = 0; j < n; j++) {
			if (strcmp(f[j].lang, base))
				continue;
			if (!first)
				fputs(", ", out);
			first = 0;
			fputs("{\"text\": ", out);
			cli_json_string(out, f[j].text, strlen(f[j].text));
			fprintf(out, ", \"source\": \"%s\"",
				source_name(&f[j]));
			if (f[j].source == ALN_NAME_MEMORY)
				fprintf(out, ", \"count\": %lu, \"unit\": %lld",
					f[j].count, f[j].unit);
			if (f[j].source == ALN_NAME_EXCEPTION)
				fputs(", \"via\": \"exceptions\"", out);
			putc('}', out);
		}
		putc(']', out);
	}
	fputs("}}\n", out);
}

/*
 * Prints s and pads it to width columns (East Asian wide characters take
 * two), then a space.
 */
static void print_padded(const char *s, int width)
{
	const unsigned char *p = (const unsigned char *)s;
	int cols = 0;

	while (*p) {
		unsigned cp;
		int n = *p < 0x80 ? 1 : *p < 0xE0 ? 2 : *p < 0xF0 ? 3 : 4;
		int k;

		cp = n == 1 ? *p : (unsigned)(*p & (0x3F >> (n - 1)));
		for (k = 1; k < n && p[k]; k++)
			cp = (cp << 6) | (p[k] & 0x3F);
		p += k;
		cols += (cp >= 0x1100 && cp <= 0x115F) ||
					(cp >= 0x2E80 && cp <= 0xA4CF) ||
					(cp >= 0xAC00 && cp <= 0xD7A3) ||
					(cp >= 0xF900 && cp <= 0xFAFF) ||
					(cp >= 0xFF00 && cp <= 0xFF60) ||
					(cp >= 0x20000 && cp <= 0x3FFFD)
				? 2
				: 1;
	}
	fputs(s, stdout);
	for (; cols < width; cols++)
		putchar(' ');
	putchar(' ');
}

static void print_text(const char *query, const aln_name_form *f, size_t n,
		       const struct names_opts *o)
{
	size_t i, j;
	char base[ALN_LANG_MAX];

	printf("%s\n", query);
	for (i = 0; i < o->nlangs; i++) {
		int any = 0;

		if (aln_lang_base(base, sizeof(base), o->langs[i]) < 0)
			continue;
		printf("  %s\n", o->langs[i]);
		for (j = 0; j < n; j++) {
			if (strcmp(f[j].lang, base))
				continue;
			any = 1;
			fputs("    ", stdout);
			print_padded(f[j].text, 28);
			if (f[j].source == ALN_NAME_MEMORY)
				printf(ngettext(
					       "memory: seen %lu time, in unit "
					       "%lld",
					       "memory: seen %lu times, e.g. "
					       "unit %lld",
					       f[j].count),
				       f[j].count, f[j].unit);
			else if (f[j].source == ALN_NAME_EXCEPTION)
				fputs(_("rules: conventional form"), stdout);
			else
				fputs(_("rules"), stdout);
			putchar('\n');
		}
		if (!any)
			printf("    %s\n", _("(no form: no rule reaches this "
					     "language)"));
	}
}

/* The forms of one name; prints the error and returns -1 on failure. */
static int lookup(aln_name_form **f, size_t *n, const char *name, size_t len,
		  const struct names_opts *o)
{
	aln_names_options opts = ALN_NAMES_OPTIONS_INIT;
	int rc;

	opts.langs = o->langs;
	opts.nlangs = o->nlangs;
	opts.from = o->from;
	rc = aln_memory_names(f, n, o->memory, name, len, &opts);
	return rc;
}

/* ------------------------------------------------------------------ */
/* JSON Lines input                                                    */

struct json_in {
	const char *s;
	size_t i, n;
};

static void skip_ws(struct json_in *j)
{
	while (j->i < j->n && (j->s[j->i] == ' ' || j->s[j->i] == '\t' ||
			       j->s[j->i] == '\r' || j->s[j->i] == '\n'))
		j->i++;
}

/*
 * Reads a JSON string at j (the opening quote); *out (malloc'd, may
 * hold NUL bytes from \u0000, which the caller refuses) when wanted.
 */
static int json_string(struct json_in *j, char **out, size_t *len)
{
	const char *p = j->s + j->i;
	char *b = NULL;
	size_t k = 0;

	if (j->i >= j->n || *p != '"')
		return -1;
	/* Every escape is longer than what it stands for. */
	if (out && !(b = malloc(j->n - j->i)))
		return -1;
	if (aln__json_string(b, &k, &p, j->s + j->n, 0) != ALN__JSON_OK) {
		free(b);
		return -1;
	}
	j->i = (size_t)(p - j->s);
	if (out) {
		b[k] = '\0';
		*out = b;
		*len = k;
	}
	return 0;
}

/* Skips any JSON value (for members other than "text"). */
static int json_skip(struct json_in *j, int depth)
{
	skip_ws(j);
	if (j->i >= j->n || depth > 64)
		return -1;
	if (j->s[j->i] == '"')
		return json_string(j, NULL, NULL);
	if (j->s[j->i] == '{' || j->s[j->i] == '[') {
		char close = j->s[j->i] == '{' ? '}' : ']';

		j->i++;
		skip_ws(j);
		if (j->i < j->n && j->s[j->i] == close) {
			j->i++;
			return 0;
		}
		for (;;) {
			if (close == '}') {
				skip_ws(j);
				if (json_string(j, NULL, NULL) < 0)
					return -1;
				skip_ws(j);
				if (j->i >= j->n || j->s[j->i++] != ':')
					return -1;
			}
			if (json_skip(j, depth + 1) < 0)
				return -1;
			skip_ws(j);
			if (j->i >= j->n)
				return -1;
			if (j->s[j->i] == ',') {
				j->i++;
				continue;
			}
			if (j->s[j->i++] != close)
				return -1;
			return 0;
		}
	}
	/* A number, true, false or null. */
	{
		size_t start = j->i;

		while (j->i < j->n &&
		       (strchr("+-.eE", j->s[j->i]) ||
			(j->s[j->i] >= '0' && j->s[j->i] <= '9') ||
			(j->s[j->i] >= 'a' && j->s[j->i] <= 'z')))
			j->i++;
		return j->i > start ? 0 : -1;
	}
}

/*
 * The "text" member of a JSON object line; *err says what is wrong
 * when it returns -1.
 */
static int parse_line(const char *line, size_t len, char **text, size_t *tlen,
		      const char **err)
{
	struct json_in j = { line, 0, len };

	*text = NULL;
	*err = N_("the line is not a JSON object");
	skip_ws(&j);
	if (j.i >= j.n || j.s[j.i++] != '{')
		return -1;
	skip_ws(&j);
	if (j.i < j.n && j.s[j.i] == '}') {
		j.i++;
	} else {
		for (;;) {
			char *key;
			size_t klen;

			skip_ws(&j);
			if (json_string(&j, &key, &klen) < 0)
				goto bad;
			skip_ws(&j);
			if (j.i >= j.n || j.s[j.i++] != ':') {
				free(key);
				goto bad;
			}
			skip_ws(&j);
			if (!strcmp(key, "text") && klen == 4) {
				free(key);
				free(*text);
				*text = NULL;
				if (json_string(&j, text, tlen) < 0) {
					*err = N_("\"text\" must be a "
						  "JSON string");
					goto bad;
				}
			} else {
				free(key);
				if (json_skip(&j, 0) < 0)
					goto bad;
			}
			skip_ws(&j);
			if (j.i < j.n && j.s[j.i] == ',') {
				j.i++;
				continue;
			}
			if (j.i >= j.n || j.s[j.i++] != '}')
				goto bad;
			break;
		}
	}
	skip_ws(&j);
	if (j.i != j.n)
		goto bad;
	if (!*text) {
		*err = N_("the object has no \"text\" member");
		return -1;
	}
	if (memchr(*text, '\0', *tlen)) {
		*err = N_("\"text\" holds a NUL character");
		goto bad;
	}
	return 0;
bad:
	free(*text);
	*text = NULL;
	return -1;
}

static void print_batch_error(size_t lineno, const char *msg)
{
	fputs("{\"error\": ", stdout);
	cli_json_string(stdout, msg, strlen(msg));
	printf(", \"line\": %zu}\n", lineno);
}

static int run_batch(const struct names_opts *o)
{
	char *line = NULL;
	size_t cap = 0, lineno = 0, bad = 0;
	ssize_t got;

	while ((got = getline(&line, &cap, stdin)) >= 0) {
		size_t len = (size_t)got, tlen;
		const char *err;
		char *text;
		aln_name_form *f;
		size_t n, k;

		lineno++;
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			len--;
		for (k = 0; k < len && (line[k] == ' ' || line[k] == '\t'); k++)
			;
		if (k == len)
			continue; /* blank lines carry no query */
		if (parse_line(line, len, &text, &tlen, &err) < 0) {
			cli_error(_("<stdin>:%zu: %s"), lineno, _(err));
			print_batch_error(lineno, err);
			bad++;
			continue;
		}
		if (lookup(&f, &n, text, tlen, o) < 0) {
			const aln_error *e = aln_error_last();
			const char *m = e ? e->message : "failed";

			cli_error(_("<stdin>:%zu: %s"), lineno, m);
			print_batch_error(lineno, m);
			bad++;
		} else {
			print_json(stdout, text, f, n, o);
			aln_name_forms_free(f, n);
		}
		free(text);
	}
	free(line);
	if (ferror(stdin)) {
		cli_error("%s", _("cannot read the standard input"));
		return EXIT_FAILED;
	}
	if (bad) {
		cli_hint("%s", _("each line must be a JSON object such as "
				 "{\"text\": \"Путин\"}"));
		return EXIT_FAILED;
	}
	return EXIT_OK;
}

static int run(struct names_opts *o, int batch, int argc, char **argv);

int cmd_names(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "to", required_argument, NULL, 't' },
		{ "from", required_argument, NULL, 'F' },
		{ "format", required_argument, NULL, 'f' },
		{ "batch", no_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct names_opts o;
	char tag[ALN_LANG_MAX];
	int c, batch = 0, rc;
	size_t i;

	memset(&o, 0, sizeof(o));
	for (i = 0; i < (sizeof(default_langs) / sizeof(default_langs[0])); i++)
		o.langs[i] = default_langs[i];
	o.nlangs = (sizeof(default_langs) / sizeof(default_langs[0]));
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		switch (c) {
		case 't':
			if ((rc = parse_langs(&o, optarg)) != 0)
				return rc;
			break;
		case 'F':
			if (aln_lang_canonical(tag, sizeof(tag), optarg) < 0)
				return cli_usage_error(
					"names",
					_("'%s' is not a language tag"),
					optarg);
			o.from = optarg;
			break;
		case 'f':
			if (!strcmp(optarg, "json"))
				o.json = 1;
			else if (!strcmp(optarg, "text"))
				o.json = 0;
			else
				return cli_usage_error(
					"names",
					_("unknown format '%s' (text or json)"),
					optarg);
			break;
		case 'b':
			batch = 1;
			break;
		case 'h':
			return usage();
		default:
			return cli_usage_error("names",
					       _("unknown option '%s'"),
					       argv[optind - 1]);
		}
	}
	if (batch && optind < argc)
		return cli_usage_error(
			"names", "%s",
			_("--batch reads the names on stdin; give "
			  "no NAME"));
	if (!batch && optind >= argc)
		return cli_usage_error("names", "%s", _("no name given"));
	if (!batch && optind + 1 < argc)
		return cli_usage_error("names", "%s",
				       _("give one name (quote a name that has "
					 "spaces: \"Sergueï Lavrov\")"));
	/* The memory, when there is one: the rules answer without it. */
	{
		const char *path = cli_memory_path(false);
		aln_memory_options mo = ALN_MEMORY_OPTIONS_INIT;

		if (!path)
			return EXIT_FAILED;
		mo.flags = ALN_MEMORY_READONLY;
		if (access(path, F_OK) == 0 &&
		    (rc = aln_memory_open(&o.memory, path, &mo)) < 0)
			return cli_fail(rc);
	}
	rc = run(&o, batch, argc, argv);
	aln_memory_free(o.memory);
	return rc;
}

static int run(struct names_opts *o, int batch, int argc, char **argv)
{
	aln_name_form *f;
	size_t n;
	const char *name = argv[optind];

	(void)argc;
	if (batch) {
		o->json = 1;
		return run_batch(o);
	}
	if (lookup(&f, &n, name, strlen(name), o) < 0)
		return cli_fail(aln_error_last() ? aln_error_last()->code
						 : ALN_ERROR);
	if (o->json)
		print_json(stdout, name, f, n, o);
	else
		print_text(name, f, n, o);
	aln_name_forms_free(f, n);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_error("%s", _("cannot write the output"));
		return EXIT_FAILED;
	}
	return EXIT_OK;
}
