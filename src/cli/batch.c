// SPDX-License-Identifier: MIT
/*
 * The --batch interface that scripts and evaluation harnesses use: JSON
 * Lines on standard input, one object {"text": "..."} per line, and
 * exactly one JSON line on standard output per input line, in order. A
 * small strict JSON reader finds the "text" member (full escapes,
 * surrogate pairs, bounded nesting); other members are skipped.
 */
#include "cli.h"
#include "json.h"

#include <stdlib.h>
#include <string.h>

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

/*
 * Parses the string at *c (on its opening quote). With out, the decoded
 * bytes go to *out (malloc'd, the caller frees), length *olen.
 */
static int jstring(jp *p, const char **c, char **out, size_t *olen)
{
	static const char *const why[] = {
		[ALN__JSON_CONTROL] = N_("control character in a string"),
		[ALN__JSON_ESCAPE] = N_("bad escape in a string"),
		[ALN__JSON_HEX] = N_("bad \\u escape"),
		[ALN__JSON_SURROGATE] = N_("unpaired UTF-16 surrogate"),
		[ALN__JSON_UNTERMINATED] = N_("unterminated string"),
	};
	const char *q = *c;
	enum aln__json_status st;
	char *o = NULL;
	size_t n = 0;

	/* Decoded text is never longer than its escaped form. */
	if (out && !(o = malloc((size_t)(p->end - q))))
		return jfail(p, q + 1, N_("out of memory"));
	if ((st = aln__json_string(o, &n, &q, p->end, 0)) != ALN__JSON_OK) {
		free(o);
		return jfail(p, q, why[st]);
	}
	*c = q;
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

int cli_json_text_member(const char *line, size_t len, char **text,
			 size_t *text_len, const char **err, size_t *err_at)
{
	jp p = { line, line + len, NULL, 0 };

	if (jtext(&p, text, text_len) < 0) {
		free(*text);
		*text = NULL;
		*err = p.err;
		*err_at = p.errpos;
		return -1;
	}
	return 0;
}

/* Writes the line that stands for a failed input line. */
static void error_line(size_t lineno, const char *msg)
{
	printf("{\"line\": %zu, \"error\": ", lineno);
	cli_json_string(stdout, msg, strlen(msg));
	fputs("}\n", stdout);
}

int cli_batch_run(cli_batch_fn fn, void *data)
{
	char *line = NULL;
	size_t cap = 0, lineno = 0;
	ssize_t n;
	int status = EXIT_OK;

	while ((n = getline(&line, &cap, stdin)) >= 0) {
		size_t len = (size_t)n, tlen = 0, at = 0;
		const char *err = NULL;
		char *text = NULL;
		int rc;

		lineno++;
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			len--;
		if (strspn(line, " \t") >= len) {
			/* A blank line stands for an empty text. */
			text = calloc(1, 1);
		} else if (cli_json_text_member(line, len, &text, &tlen, &err,
						&at) < 0) {
			cli_error(_("standard input:%zu:%zu: invalid JSON: %s"),
				  lineno, at + 1, _(err));
			cli_hint("%s", _("each line must be an object such as "
					 "{\"text\": \"...\"}"));
			error_line(lineno, err);
			status = EXIT_FAILED;
			continue;
		}
		if (!text) {
			cli_error("%s", _("out of memory"));
			status = EXIT_FAILED;
			break;
		}
		rc = fn(text, tlen, data);
		if (rc < 0) {
			const aln_error *e = aln_error_last();
			const char *msg = e ? e->message : aln_error_name(rc);

			if (e && e->offset >= 0)
				cli_error(_("standard input:%zu: %s at byte "
					    "%lld of the text"),
					  lineno, msg, e->offset);
			else
				cli_error(_("standard input:%zu: %s"), lineno,
					  msg);
			error_line(lineno, msg);
			status = EXIT_FAILED;
		}
		free(text);
		/* A harness waits for each answer before the next question. */
		fflush(stdout);
	}
	free(line);
	return status;
}
