// SPDX-License-Identifier: MIT
/*
 * Helpers of the memory commands (see cli-memory.h): opening the memory
 * with the right messages, option checks, reading sentences from a file
 * and printing lookup results.
 */
#include "cli-memory.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

int clim_open(aln_memory **out, bool write)
{
	aln_memory_options o = ALN_MEMORY_OPTIONS_INIT;
	const char *path = cli_memory_path(write);
	int rc;

	*out = NULL;
	if (!path)
		return EXIT_FAILED;
	o.flags = write ? ALN_MEMORY_CREATE : ALN_MEMORY_READONLY;
	if ((rc = aln_memory_open(out, path, &o)) < 0)
		return cli_fail(rc);
	return EXIT_OK;
}

int clim_lang(const char *cmd, const char *option, const char *value)
{
	char buf[ALN_LANG_MAX];

	if (!value)
		return cli_usage_error(cmd, _("%s is required"), option);
	if (aln_lang_canonical(buf, sizeof(buf), value) < 0)
		return cli_usage_error(cmd,
				       _("invalid language tag '%s' for %s"),
				       value, option);
	return EXIT_OK;
}

int clim_int(const char *cmd, const char *option, const char *value, long lo,
	     long hi, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(value, &end, 10);
	if (errno || end == value || *end || v < lo || v > hi)
		return cli_usage_error(cmd,
				       _("%s takes a whole number from %ld to "
					 "%ld, not '%s'"),
				       option, lo, hi, value);
	*out = v;
	return EXIT_OK;
}

int clim_format(const char *cmd, const char *value, bool *json)
{
	if (!strcmp(value, "json"))
		*json = true;
	else if (!strcmp(value, "text"))
		*json = false;
	else
		return cli_usage_error(
			cmd, _("unknown format '%s' (text or json)"), value);
	return EXIT_OK;
}

int clim_each_sentence(const char *path, const char *lang, bool lines,
		       int (*fn)(const char *s, size_t len, long n, void *data),
		       void *data)
{
	aln_read_options ro = ALN_READ_OPTIONS_INIT;
	aln_document *doc = NULL;
	aln_sentence *s = NULL;
	const aln_paragraph *p;
	const char *text,
		*shown = strcmp(path, "-") ? path : _("standard input");
	size_t count = 0, i, nw;
	int rc;

	ro.lines = lines;
	if ((rc = aln_document_read_file(&doc, path, &ro)) < 0)
		return cli_fail(rc);
	nw = aln_document_warning_count(doc);
	for (i = 0; i < nw; i++)
		cli_warning("%s: %s", shown,
			    aln_document_warning(doc, i, NULL));
	text = aln_document_text(doc, NULL);
	if (lines) {
		/* Each line is a paragraph: one sentence each, as written. */
		p = aln_document_paragraphs(doc, &count);
		for (i = 0, rc = 0; i < count && rc == 0; i++)
			rc = fn(text + p[i].start, p[i].end - p[i].start,
				(long)i + 1, data);
		aln_document_free(doc);
		return rc;
	}
	if ((rc = aln_segment_document(&s, &count, doc, lang)) < 0) {
		aln_document_free(doc);
		return cli_fail(rc);
	}
	for (i = 0, rc = 0; i < count && rc == 0; i++)
		rc = fn(text + s[i].start, s[i].end - s[i].start, (long)i + 1,
			data);
	aln_free(s);
	aln_document_free(doc);
	return rc;
}

static const char *op_name(aln_diff_op op)
{
	switch (op) {
	case ALN_DIFF_SAME:
		return "same";
	case ALN_DIFF_DELETE:
		return "delete";
	case ALN_DIFF_INSERT:
		return "insert";
	default:
		return "change";
	}
}

static void json_str_or_null(FILE *out, const char *s)
{
	if (s)
		cli_json_string(out, s, strlen(s));
	else
		fputs("null", out);
}

static int glossary_add(const aln_term_entry *e, void *data)
{
	struct clim_glossary *g = data;
	struct clim_term *t;

	if (g->n == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 4;

		if (!(t = realloc(g->e, cap * sizeof(*t))))
			return ALN_ENOMEM;
		g->e = t;
		g->cap = cap;
	}
	t = &g->e[g->n];
	t->id = e->id;
	t->source = strdup(e->source);
	t->target = strdup(e->target);
	t->note = e->note ? strdup(e->note) : NULL;
	if (!t->source || !t->target || (e->note && !t->note)) {
		free(t->source);
		free(t->target);
		free(t->note);
		return ALN_ENOMEM;
	}
	g->n++;
	return 0;
}

int clim_glossary_find(struct clim_glossary *g, aln_memory *m, const char *text,
		       const char *src, const char *tgt)
{
	return aln_term_find(m, text, src, tgt, glossary_add, g);
}

void clim_glossary_free(struct clim_glossary *g)
{
	size_t i;

	for (i = 0; i < g->n; i++) {
		free(g->e[i].source);
		free(g->e[i].target);
		free(g->e[i].note);
	}
	free(g->e);
	memset(g, 0, sizeof(*g));
}

void clim_print_json(FILE *out, const char *query, size_t qlen,
		     const aln_matches *r, const struct clim_glossary *g)
{
	size_t i, j;

	fputs("{\"query\": ", out);
	cli_json_string(out, query, qlen);
	if (g) {
		fputs(", \"glossary\": [", out);
		for (i = 0; i < g->n; i++) {
			fprintf(out,
				"%s{\"id\": %lld, \"source\": ", i ? ", " : "",
				g->e[i].id);
			cli_json_string(out, g->e[i].source,
					strlen(g->e[i].source));
			fputs(", \"target\": ", out);
			cli_json_string(out, g->e[i].target,
					strlen(g->e[i].target));
			fputs(", \"note\": ", out);
			json_str_or_null(out, g->e[i].note);
			putc('}', out);
		}
		putc(']', out);
	}
	fputs(", \"matches\": [", out);
	for (i = 0; r && i < r->count; i++) {
		const aln_match *m = &r->items[i];

		fprintf(out, "%s{\"score\": %d, \"source\": ", i ? ", " : "",
			m->score);
		cli_json_string(out, m->source, strlen(m->source));
		fputs(", \"target\": ", out);
		cli_json_string(out, m->target, strlen(m->target));
		fprintf(out, ", \"unit\": %lld, \"source_lang\": ", m->unit);
		json_str_or_null(out, m->source_lang);
		fputs(", \"target_lang\": ", out);
		json_str_or_null(out, m->target_lang);
		fputs(", \"document\": ", out);
		json_str_or_null(out, m->document);
		fputs(", \"diff\": [", out);
		for (j = 0; j < m->ndiff; j++) {
			const aln_diff *d = &m->diff[j];

			fprintf(out,
				"%s{\"op\": \"%s\", \"text\": ", j ? ", " : "",
				op_name(d->op));
			cli_json_string(out, d->text, strlen(d->text));
			if (d->other) {
				fputs(", \"source\": ", out);
				cli_json_string(out, d->other,
						strlen(d->other));
			}
			putc('}', out);
		}
		fputs("]}", out);
	}
	fputs("]}", out);
}

/* Whether token t hugs the previous one (closing punctuation). */
static bool tight_before(const char *t)
{
	return strchr(".,;:!?)]}%»", t[0]) && t[0] && !t[1];
}

static bool tight_after(const char *t)
{
	return t[0] && !t[1] && strchr("([{«'", t[0]);
}

void clim_print_text(FILE *out, const aln_matches *r, bool color,
		     const struct clim_glossary *g)
{
	const char *del_on = color ? "\033[31m[-" : "[-";
	const char *del_off = color ? "-]\033[m" : "-]";
	const char *ins_on = color ? "\033[32m{+" : "{+";
	const char *ins_off = color ? "+}\033[m" : "+}";
	size_t i, j;

	for (i = 0; g && i < g->n; i++) {
		/* TRANSLATORS: a glossary entry, shown before the matches. */
		fprintf(out, _("glossary  %s → %s"), g->e[i].source,
			g->e[i].target);
		if (g->e[i].note)
			fprintf(out, "  (%s)", g->e[i].note);
		putc('\n', out);
	}
	for (i = 0; i < r->count; i++) {
		const aln_match *m = &r->items[i];
		const char *prev = NULL;

		fprintf(out, "%3d%%  ", m->score);
		fprintf(out, _("unit %lld"), m->unit);
		fprintf(out, "  %s → %s", m->source_lang, m->target_lang);
		if (m->document)
			fprintf(out, "  %s", m->document);
		fputc('\n', out);
		fputs("  ", out);
		if (!m->ndiff)
			fputs(m->source, out);
		for (j = 0; j < m->ndiff; j++) {
			const aln_diff *d = &m->diff[j];

			if (prev && !tight_before(d->text) &&
			    !tight_after(prev))
				fputc(' ', out);
			prev = d->text;
			switch (d->op) {
			case ALN_DIFF_SAME:
				fputs(d->text, out);
				break;
			case ALN_DIFF_DELETE:
				fprintf(out, "%s%s%s", del_on, d->text,
					del_off);
				break;
			case ALN_DIFF_INSERT:
				fprintf(out, "%s%s%s", ins_on, d->text,
					ins_off);
				break;
			default:
				fprintf(out, "%s%s%s%s%s%s", del_on, d->text,
					del_off, ins_on, d->other, ins_off);
				prev = d->other;
				break;
			}
		}
		fprintf(out, "\n  %s\n", m->target);
	}
}
