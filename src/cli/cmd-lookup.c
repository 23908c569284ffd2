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
	"                      order (blank lines are skipped)\n"
	"  -h, --help          show this help\n");

/* ---- a small JSON reader: enough for {"text": "..."} lines ---- */

struct jp {
	const char *p, *end;
	const char *err;
};

static void ws(struct jp *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' ||
				 *j->p == '\r' || *j->p == '\n'))
		j->p++;
}

static int hex4(struct jp *j, unsigned *out)
{
	unsigned v = 0;
	int i;

	if (j->end - j->p < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		char c = j->p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	j->p += 4;
	*out = v;
	return 0;
}

static void put_utf8(char **w, unsigned c)
{
	char *o = *w;

	if (c < 0x80) {
		*o++ = (char)c;
	} else if (c < 0x800) {
		*o++ = (char)(0xc0 | (c >> 6));
		*o++ = (char)(0x80 | (c & 0x3f));
	} else if (c < 0x10000) {
		*o++ = (char)(0xe0 | (c >> 12));
		*o++ = (char)(0x80 | ((c >> 6) & 0x3f));
		*o++ = (char)(0x80 | (c & 0x3f));
	} else {
		*o++ = (char)(0xf0 | (c >> 18));
		*o++ = (char)(0x80 | ((c >> 12) & 0x3f));
		*o++ = (char)(0x80 | ((c >> 6) & 0x3f));
		*o++ = (char)(0x80 | (c & 0x3f));
	}
	*w = o;
}

/*
 * Reads a string at j->p (at its opening quote); with out, writes the
 * decoded UTF-8 there (it never grows: an escape is at least as long as
 * what it stands for) and its length in *len.
 */
static int jstring(struct jp *j, char *out, size_t *len)
{
	char *w = out;

	if (j->p >= j->end || *j->p != '"') {
		j->err = N_("expected a string");
		return -1;
	}
	j->p++;
	while (j->p < j->end && *j->p != '"') {
		unsigned char c = (unsigned char)*j->p;

		if (c < 0x20) {
			j->err = N_("control character in a string");
			return -1;
		}
		if (c != '\\') {
			if (w)
				*w++ = (char)c;
			j->p++;
			continue;
		}
		if (++j->p >= j->end)
			break;
		c = (unsigned char)*j->p++;
		switch (c) {
		case '"':
		case '\\':
		case '/':
			break;
		case 'b':
			c = '\b';
			break;
		case 'f':
			c = '\f';
			break;
		case 'n':
			c = '\n';
			break;
		case 'r':
			c = '\r';
			break;
		case 't':
			c = '\t';
			break;
		case 'u': {
			unsigned u, lo;

			if (hex4(j, &u) < 0) {
				j->err = N_("bad \\u escape");
				return -1;
			}
			if (u >= 0xd800 && u < 0xdc00) {
				if (j->end - j->p < 6 || j->p[0] != '\\' ||
				    j->p[1] != 'u') {
					j->err = N_("unpaired surrogate");
					return -1;
				}
				j->p += 2;
				if (hex4(j, &lo) < 0 || lo < 0xdc00 ||
				    lo > 0xdfff) {
					j->err = N_("unpaired surrogate");
					return -1;
				}
				u = 0x10000 + ((u - 0xd800) << 10) +
				    (lo - 0xdc00);
			} else if (u >= 0xdc00 && u < 0xe000) {
				j->err = N_("unpaired surrogate");
				return -1;
			}
			if (w)
				put_utf8(&w, u);
			continue;
		}
		default:
			j->err = N_("bad escape in a string");
			return -1;
		}
		if (w)
			*w++ = (char)c;
	}
	if (j->p >= j->end) {
		j->err = N_("unterminated string");
		return -1;
	}
	j->p++;
	if (len)
		*len = (size_t)(w - out);
	return 0;
}

static int jvalue(struct jp *j, int depth);

static int jcontainer(struct jp *j, int depth, char close)
{
	bool first = true;

	j->p++;
	for (;;) {
		ws(j);
		if (j->p < j->end && *j->p == close) {
			j->p++;
			return 0;
		}
		if (!first) {
			if (j->p >= j->end || *j->p != ',') {
				j->err = N_("expected ',' or the end");
				return -1;
			}
			j->p++;
			ws(j);
		}
		first = false;
		if (close == '}') {
			if (jstring(j, NULL, NULL) < 0)
				return -1;
			ws(j);
			if (j->p >= j->end || *j->p != ':') {
				j->err = N_("expected ':'");
				return -1;
			}
			j->p++;
		}
		if (jvalue(j, depth + 1) < 0)
			return -1;
	}
}

/* Skips any JSON value. */
static int jvalue(struct jp *j, int depth)
{
	ws(j);
	if (depth > 64) {
		j->err = N_("nested too deep");
		return -1;
	}
	if (j->p >= j->end) {
		j->err = N_("expected a value");
		return -1;
	}
	switch (*j->p) {
	case '"':
		return jstring(j, NULL, NULL);
	case '{':
		return jcontainer(j, depth, '}');
	case '[':
		return jcontainer(j, depth, ']');
	default:
		while (j->p < j->end && (strchr("+-.eE", *j->p) ||
					 (*j->p >= '0' && *j->p <= '9') ||
					 (*j->p >= 'a' && *j->p <= 'z')))
			j->p++;
		return 0;
	}
}

/*
 * The "text" member of the object in line (decoded into out, at least
 * len + 1 bytes). Returns 0, or -1 with j->err set.
 */
static int text_member(const char *line, size_t len, char *out, size_t *outlen,
		       const char **err)
{
	struct jp j = { line, line + len, NULL };
	bool first = true, found = false;

	ws(&j);
	if (j.p >= j.end || *j.p != '{') {
		*err = N_("expected a JSON object");
		return -1;
	}
	j.p++;
	for (;;) {
		const char *key;
		size_t klen;

		ws(&j);
		if (j.p < j.end && *j.p == '}') {
			j.p++;
			break;
		}
		if (!first) {
			if (j.p >= j.end || *j.p != ',') {
				*err = N_("expected ',' or the end");
				return -1;
			}
			j.p++;
			ws(&j);
		}
		first = false;
		key = j.p;
		if (jstring(&j, NULL, NULL) < 0)
			goto bad;
		klen = (size_t)(j.p - key);
		ws(&j);
		if (j.p >= j.end || *j.p != ':') {
			*err = N_("expected ':'");
			return -1;
		}
		j.p++;
		ws(&j);
		if (klen == 6 && !memcmp(key, "\"text\"", 6)) {
			if (jstring(&j, out, outlen) < 0)
				goto bad;
			found = true;
		} else if (jvalue(&j, 1) < 0) {
			goto bad;
		}
	}
	ws(&j);
	if (j.p != j.end) {
		*err = N_("text after the object");
		return -1;
	}
	if (!found) {
		*err = N_("the object has no \"text\" string");
		return -1;
	}
	out[*outlen] = '\0';
	return 0;
bad:
	*err = j.err;
	return -1;
}

static int batch(aln_memory *m, const aln_lookup_options *o)
{
	char *line = NULL, *text = NULL;
	size_t cap = 0, tcap = 0;
	ssize_t n;
	long lineno = 0;
	int status = EXIT_OK, rc;

	while ((n = getline(&line, &cap, stdin)) >= 0) {
		size_t len = (size_t)n, tlen = 0;
		const char *err = NULL;
		aln_matches *r = NULL;

		lineno++;
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			len--;
		if (strspn(line, " \t") >= len)
			continue;
		if (len + 1 > tcap) {
			char *t = realloc(text, len + 1);

			if (!t) {
				cli_error("%s", _("out of memory"));
				status = EXIT_FAILED;
				break;
			}
			text = t;
			tcap = len + 1;
		}
		if (text_member(line, len, text, &tlen, &err) < 0) {
			/* Keep the output in step: one line per input. */
			printf("{\"query\": null, \"line\": %ld, \"error\": ",
			       lineno);
			cli_json_string(stdout, err, strlen(err));
			printf("}\n");
			cli_error(_("standard input:%ld: %s"), lineno, _(err));
			status = EXIT_FAILED;
			continue;
		}
		rc = aln_memory_lookup(m, &r, text, tlen, o);
		if (rc < 0) {
			const aln_error *e = aln_error_last();
			const char *msg = e ? e->message : aln_error_name(rc);

			printf("{\"query\": ");
			cli_json_string(stdout, text, tlen);
			printf(", \"line\": %ld, \"error\": ", lineno);
			cli_json_string(stdout, msg, strlen(msg));
			printf("}\n");
			cli_error(_("standard input:%ld: %s"), lineno, msg);
			status = EXIT_FAILED;
			continue;
		}
		clim_print_json(stdout, text, tlen, r);
		putchar('\n');
		aln_matches_free(r);
	}
	free(line);
	free(text);
	return status;
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
		rc = batch(m, &o);
		aln_memory_free(m);
		return rc;
	}
	rc = aln_memory_lookup(m, &r, argv[optind], strlen(argv[optind]), &o);
	aln_memory_free(m);
	if (rc < 0)
		return cli_fail(rc);
	if (json) {
		clim_print_json(stdout, argv[optind], strlen(argv[optind]), r);
		putchar('\n');
	} else if (!r->count) {
		printf(_("no match of %d%% or more\n"), o.min_score);
	} else {
		clim_print_text(stdout, r, cli_color_stdout());
	}
	aln_matches_free(r);
	return EXIT_OK;
}
