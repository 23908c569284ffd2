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

/* --- a small JSON reader for --batch ---------------------------------- */

typedef struct jp {
	const char *s, *end, *err;
	size_t errpos;
} jp;

static int jfail(jp *p, const char *at, const char *msg)
{
	if (!p->err) {
		p->err = msg;
		p->errpos = (size_t)(at - p->s);
	}
	return -1;
}

static void jws(jp *p, const char **c)
{
	while (*c < p->end &&
	       (**c == ' ' || **c == '\t' || **c == '\r' || **c == '\n'))
		(*c)++;
}

static int hex4(const char *c, unsigned *v)
{
	int i;

	*v = 0;
	for (i = 0; i < 4; i++) {
		char h = c[i];

		*v <<= 4;
		if (h >= '0' && h <= '9')
			*v |= (unsigned)(h - '0');
		else if ((h | 32) >= 'a' && (h | 32) <= 'f')
			*v |= (unsigned)((h | 32) - 'a' + 10);
		else
			return -1;
	}
	return 0;
}

static void put_utf8(char *o, size_t *n, unsigned c)
{
	if (c < 0x80) {
		o[(*n)++] = (char)c;
	} else if (c < 0x800) {
		o[(*n)++] = (char)(0xC0 | (c >> 6));
		o[(*n)++] = (char)(0x80 | (c & 0x3F));
	} else if (c < 0x10000) {
		o[(*n)++] = (char)(0xE0 | (c >> 12));
		o[(*n)++] = (char)(0x80 | ((c >> 6) & 0x3F));
		o[(*n)++] = (char)(0x80 | (c & 0x3F));
	} else {
		o[(*n)++] = (char)(0xF0 | (c >> 18));
		o[(*n)++] = (char)(0x80 | ((c >> 12) & 0x3F));
		o[(*n)++] = (char)(0x80 | ((c >> 6) & 0x3F));
		o[(*n)++] = (char)(0x80 | (c & 0x3F));
	}
}

/*
 * Parses the string at *c (on its opening quote). With out, the decoded
 * bytes go to *out (malloc'd, the caller frees), length *olen.
 */
static int jstring(jp *p, const char **c, char **out, size_t *olen)
{
	const char *q = *c + 1;
	char *o = NULL;
	size_t n = 0;

	if (out) {
		/* Decoded text is never longer than its escaped form. */
		if (!(o = malloc((size_t)(p->end - q) + 1)))
			return jfail(p, q, N_("out of memory"));
	}
	while (q < p->end && *q != '"') {
		unsigned char b = (unsigned char)*q;

		if (b < 0x20) {
			free(o);
			return jfail(p, q, N_("control character in a string"));
		}
		if (b != '\\') {
			if (o)
				o[n++] = (char)b;
			q++;
			continue;
		}
		if (++q >= p->end)
			break;
		switch (*q) {
		case '"':
		case '\\':
		case '/':
			if (o)
				o[n++] = *q;
			q++;
			break;
		case 'b':
		case 'f':
		case 'n':
		case 'r':
		case 't':
			if (o)
				o[n++] = *q == 'b'   ? '\b'
					 : *q == 'f' ? '\f'
					 : *q == 'n' ? '\n'
					 : *q == 'r' ? '\r'
						     : '\t';
			q++;
			break;
		case 'u': {
			unsigned v, w;

			if (p->end - q < 5 || hex4(q + 1, &v) < 0) {
				free(o);
				return jfail(p, q, N_("bad \\u escape"));
			}
			q += 5;
			if (v >= 0xD800 && v < 0xDC00) {
				if (p->end - q < 6 || q[0] != '\\' ||
				    q[1] != 'u' || hex4(q + 2, &w) < 0 ||
				    w < 0xDC00 || w > 0xDFFF) {
					free(o);
					return jfail(p, q,
						     N_("unpaired UTF-16 "
							"surrogate"));
				}
				v = 0x10000 + ((v - 0xD800) << 10) +
				    (w - 0xDC00);
				q += 6;
			} else if (v >= 0xDC00 && v <= 0xDFFF) {
				free(o);
				return jfail(p, q,
					     N_("unpaired UTF-16 surrogate"));
			}
			if (o)
				put_utf8(o, &n, v);
			break;
		}
		default:
			free(o);
			return jfail(p, q, N_("bad escape in a string"));
		}
	}
	if (q >= p->end) {
		free(o);
		return jfail(p, q, N_("unterminated string"));
	}
	*c = q + 1;
	if (o) {
		o[n] = '\0';
		*out = o;
		*olen = n;
	}
	return 0;
}

static int jvalue(jp *p, const char **c, int depth);

static int jcontainer(jp *p, const char **c, int depth, char close)
{
	int first = 1;

	(*c)++;
	for (;;) {
		jws(p, c);
		if (*c < p->end && **c == close && first) {
			(*c)++;
			return 0;
		}
		if (close == '}') {
			if (*c >= p->end || **c != '"')
				return jfail(p, *c, N_("expected a key"));
			if (jstring(p, c, NULL, NULL) < 0)
				return -1;
			jws(p, c);
			if (*c >= p->end || **c != ':')
				return jfail(p, *c, N_("expected ':'"));
			(*c)++;
		}
		if (jvalue(p, c, depth + 1) < 0)
			return -1;
		jws(p, c);
		if (*c < p->end && **c == ',') {
			(*c)++;
			first = 0;
			continue;
		}
		if (*c < p->end && **c == close) {
			(*c)++;
			return 0;
		}
		return jfail(p, *c, N_("expected ',' or the end"));
	}
}

static int jvalue(jp *p, const char **c, int depth)
{
	static const char *const words[] = { "true", "false", "null" };
	size_t i;

	jws(p, c);
	if (*c >= p->end)
		return jfail(p, *c, N_("expected a value"));
	if (depth > 64)
		return jfail(p, *c, N_("too deeply nested"));
	if (**c == '"')
		return jstring(p, c, NULL, NULL);
	if (**c == '{')
		return jcontainer(p, c, depth, '}');
	if (**c == '[')
		return jcontainer(p, c, depth, ']');
	for (i = 0; i < 3; i++) {
		size_t n = strlen(words[i]);

		if ((size_t)(p->end - *c) >= n && !memcmp(*c, words[i], n)) {
			*c += n;
			return 0;
		}
	}
	if (**c == '-' || (**c >= '0' && **c <= '9')) {
		const char *q = *c;

		if (*q == '-')
			q++;
		while (q < p->end && strchr("0123456789.eE+-", *q))
			q++;
		*c = q;
		return 0;
	}
	return jfail(p, *c, N_("expected a value"));
}

/* Finds the "text" member of the object on line s; *text is malloc'd. */
static int jtext(jp *p, char **text, size_t *len)
{
	const char *c = p->s;
	int first = 1;

	*text = NULL;
	jws(p, &c);
	if (c >= p->end || *c != '{')
		return jfail(p, c, N_("expected an object"));
	c++;
	for (;;) {
		char *key = NULL;
		size_t klen = 0;

		jws(p, &c);
		if (first && c < p->end && *c == '}') {
			c++;
			break;
		}
		if (c >= p->end || *c != '"')
			return jfail(p, c, N_("expected a key"));
		if (jstring(p, &c, &key, &klen) < 0)
			return -1;
		jws(p, &c);
		if (c >= p->end || *c != ':') {
			free(key);
			return jfail(p, c, N_("expected ':'"));
		}
		c++;
		jws(p, &c);
		if (klen == 4 && !memcmp(key, "text", 4)) {
			free(key);
			if (c >= p->end || *c != '"')
				return jfail(p, c,
					     N_("\"text\" must be a "
						"string"));
			free(*text);
			*text = NULL;
			if (jstring(p, &c, text, len) < 0)
				return -1;
		} else {
			free(key);
			if (jvalue(p, &c, 1) < 0)
				return -1;
		}
		jws(p, &c);
		first = 0;
		if (c < p->end && *c == ',') {
			c++;
			continue;
		}
		if (c < p->end && *c == '}') {
			c++;
			break;
		}
		return jfail(p, c, N_("expected ',' or '}'"));
	}
	jws(p, &c);
	if (c != p->end)
		return jfail(p, c, N_("text after the object"));
	if (!*text)
		return jfail(p, p->s, N_("the object has no \"text\""));
	return 0;
}

static int batch(const char *lang)
{
	char *line = NULL;
	size_t cap = 0, lineno = 0;
	ssize_t n;
	int status = EXIT_OK;

	while ((n = getline(&line, &cap, stdin)) >= 0) {
		jp p = { line, line + n, NULL, 0 };
		aln_sentence *s = NULL;
		size_t count = 0, len = 0, i;
		char *text = NULL;
		int rc;

		lineno++;
		while (p.end > p.s && (p.end[-1] == '\n' || p.end[-1] == '\r'))
			p.end--;
		if (p.end == p.s) {
			fputs("{\"sentences\": []}\n", stdout);
			fflush(stdout);
			continue;
		}
		if (jtext(&p, &text, &len) < 0) {
			cli_error(_("standard input:%zu:%zu: invalid JSON: %s"),
				  lineno, p.errpos + 1, _(p.err));
			cli_hint("%s", _("each line must be an object such as "
					 "{\"text\": \"...\"}"));
			free(text);
			status = EXIT_FAILED;
			break;
		}
		rc = aln_segment_text(&s, &count, text, len, lang);
		if (rc < 0) {
			const aln_error *e = aln_error_last();

			if (e && e->offset >= 0)
				cli_error(_("standard input:%zu: %s at byte "
					    "%lld of the text"),
					  lineno, e->message, e->offset);
			else
				cli_fail(rc);
			free(text);
			status = EXIT_FAILED;
			break;
		}
		fputs("{\"sentences\": [", stdout);
		for (i = 0; i < count; i++) {
			if (i)
				fputs(", ", stdout);
			cli_json_string(stdout, text + s[i].start,
					s[i].end - s[i].start);
		}
		fputs("]}\n", stdout);
		fflush(stdout);
		aln_free(s);
		free(text);
	}
	free(line);
	return status;
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
		return batch(canon);
	}
	if (argc - optind > 1)
		return cli_usage_error("segment", "%s",
				       _("segment takes one file"));
	return segment_file(optind < argc ? argv[optind] : "-", canon, &opts,
			    !strcmp(format, "jsonl"));
}
