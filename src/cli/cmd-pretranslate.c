// SPDX-License-Identifier: MIT
/*
 * `alinea pretranslate`: each sentence of a text with the memory's best
 * match at or above --min, its score and origin, as TSV or XLIFF 1.2
 * (chosen by the output's extension), ready for a CAT tool. The output
 * is written to a temporary file in the same folder and renamed into
 * place, so it is whole or absent; an existing file is kept unless
 * --force. The text is read by the text module and cut into sentences,
 * or taken one sentence per line with --lines.
 */
#include "cli-memory.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const usage = N_(
	"usage: alinea pretranslate -s LANG -t LANG [--min N] [--lines]\n"
	"                           [--force] FILE -o OUT\n"
	"\n"
	"Write each sentence of FILE (language -s: plain text in any\n"
	"encoding, HTML, DOCX or ODT, cut into sentences)\n"
	"with the memory's best translation into language -t, its score and\n"
	"origin, after the glossary entries found in it. OUT ending in .tsv\n"
	"gives tab-separated columns (source, target, score, unit, origin,\n"
	"glossary); .xlf or .xliff gives XLIFF 1.2, glossary entries as\n"
	"<alt-trans origin=\"glossary\"> ahead of the memory's match.\n"
	"\n"
	"Options:\n"
	"  -s, --source LANG   the language of FILE\n"
	"  -t, --target LANG   the language to translate into\n"
	"  -o, --output OUT    the file to write (.tsv, .xlf, .xliff)\n"
	"  --min N             use matches of N or more (default 70)\n"
	"  --lines             take each line of FILE as one sentence\n"
	"  --force             replace OUT when it exists\n"
	"  -h, --help          show this help\n");

enum { FMT_TSV, FMT_XLIFF };

struct job {
	aln_memory *m;
	aln_lookup_options o;
	FILE *out;
	int fmt;
	const char *path;
	long n;
	long matched;
	long glossary; /* sentences with glossary entries */
};

static bool ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && !strcasecmp(s + a - b, suffix);
}

/* A TSV field: tabs and line breaks become spaces. */
static void tsv(FILE *f, const char *s)
{
	for (; s && *s; s++)
		putc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, f);
}

static void xml(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		default:
			putc(*s, f);
		}
	}
}

/*
 * The glossary entries of a sentence as one TSV field: "source → target"
 * for each, longest first, separated by " | ".
 */
static void tsv_glossary(FILE *f, const struct clim_glossary *g)
{
	for (size_t i = 0; i < g->n; i++) {
		if (i)
			fputs(" | ", f);
		tsv(f, g->e[i].source);
		fputs(" → ", f);
		tsv(f, g->e[i].target);
	}
}

/*
 * The glossary entries of a sentence as XLIFF 1.2 <alt-trans> elements of
 * type "reference" with origin "glossary" (the note, when there is one,
 * as the alt-trans's <note>), written before the memory's match so that
 * they come first, as in lookup.
 */
static void xliff_glossary(FILE *f, const struct clim_glossary *g)
{
	for (size_t i = 0; i < g->n; i++) {
		fprintf(f,
			"        <alt-trans origin=\"glossary\" "
			"alttranstype=\"reference\" extradata=\"term %lld\">\n"
			"          <source>",
			g->e[i].id);
		xml(f, g->e[i].source);
		fputs("</source>\n          <target>", f);
		xml(f, g->e[i].target);
		fputs("</target>\n", f);
		if (g->e[i].note) {
			fputs("          <note>", f);
			xml(f, g->e[i].note);
			fputs("</note>\n", f);
		}
		fputs("        </alt-trans>\n", f);
	}
}

/*
 * Writes one sentence (NUL-terminated line) with the glossary entries
 * found in it and its best match.
 */
static int write_sentence(struct job *j, const char *line, size_t len,
			  long lineno)
{
	struct clim_glossary g = { 0 };
	aln_matches *r = NULL;
	const aln_match *b;
	int rc = aln_memory_lookup(j->m, &r, line, len, &j->o);

	if (rc == 0)
		rc = clim_glossary_find(&g, j->m, line, j->o.source_lang,
					j->o.target_lang);
	if (rc < 0) {
		const aln_error *e = aln_error_last();

		cli_error(_("%s: sentence %ld: %s"), j->path, lineno,
			  e ? e->message : aln_error_name(rc));
		aln_matches_free(r);
		clim_glossary_free(&g);
		return EXIT_FAILED;
	}
	j->n++;
	b = r->count ? &r->items[0] : NULL;
	if (b)
		j->matched++;
	if (g.n)
		j->glossary++;
	if (j->fmt == FMT_TSV) {
		tsv(j->out, line);
		putc('\t', j->out);
		if (b) {
			tsv(j->out, b->target);
			fprintf(j->out, "\t%d\t%lld\t", b->score, b->unit);
			tsv(j->out, b->document);
		} else {
			fputs("\t\t\t", j->out);
		}
		putc('\t', j->out);
		tsv_glossary(j->out, &g);
		putc('\n', j->out);
	} else {
		fprintf(j->out, "      <trans-unit id=\"%ld\">\n", j->n);
		fputs("        <source>", j->out);
		xml(j->out, line);
		fputs("</source>\n", j->out);
		if (b) {
			fprintf(j->out,
				"        <target state=\"%s\" "
				"state-qualifier=\"%s\">",
				b->score == 100 ? "translated"
						: "needs-review-translation",
				b->score == 100 ? "exact-match"
						: "fuzzy-match");
			xml(j->out, b->target);
			fputs("</target>\n", j->out);
		}
		xliff_glossary(j->out, &g);
		if (b) {
			fprintf(j->out,
				"        <alt-trans match-quality=\"%d\" "
				"origin=\"",
				b->score);
			if (b->document)
				xml(j->out, b->document);
			else
				fprintf(j->out, "unit %lld", b->unit);
			fputs("\">\n          <source>", j->out);
			xml(j->out, b->source);
			fputs("</source>\n          <target>", j->out);
			xml(j->out, b->target);
			fputs("</target>\n        </alt-trans>\n", j->out);
		}
		fputs("      </trans-unit>\n", j->out);
	}
	aln_matches_free(r);
	clim_glossary_free(&g);
	return 0;
}

static int on_sentence(const char *s, size_t len, long n, void *data)
{
	struct job *j = data;
	char *line = strndup(s, len);
	int rc;

	if (!line) {
		cli_error("%s", _("out of memory"));
		return EXIT_FAILED;
	}
	rc = write_sentence(j, line, len, n);
	free(line);
	return rc;
}

int cmd_pretranslate(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "source", required_argument, NULL, 's' },
		{ "target", required_argument, NULL, 't' },
		{ "output", required_argument, NULL, 'o' },
		{ "min", required_argument, NULL, 'm' },
		{ "force", no_argument, NULL, 'F' },
		{ "lines", no_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct job j;
	const char *out = NULL;
	char *tmp = NULL;
	bool force = false, lines = false;
	struct stat sb;
	long v;
	int c, rc, fd;

	memset(&j, 0, sizeof(j));
	j.o = (aln_lookup_options)ALN_LOOKUP_OPTIONS_INIT;
	while ((c = getopt_long(argc, argv, "s:t:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			j.o.source_lang = optarg;
			break;
		case 't':
			j.o.target_lang = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 'm':
			if ((rc = clim_int("pretranslate", "--min", optarg, 0,
					   100, &v)) != EXIT_OK)
				return rc;
			j.o.min_score = (int)v;
			break;
		case 'F':
			force = true;
			break;
		case 'L':
			lines = true;
			break;
		case 'h':
			return cli_help(_(usage));
		default:
			return cli_usage_error(
				"pretranslate", "%s",
				_("unknown or incomplete option"));
		}
	}
	if ((rc = clim_lang("pretranslate", "-s", j.o.source_lang)) !=
		    EXIT_OK ||
	    (rc = clim_lang("pretranslate", "-t", j.o.target_lang)) != EXIT_OK)
		return rc;
	if (argc - optind != 1)
		return cli_usage_error("pretranslate", "%s",
				       _("pretranslate takes one file"));
	if (!out)
		return cli_usage_error("pretranslate", "%s",
				       _("-o OUT is required"));
	if (ends_with(out, ".tsv"))
		j.fmt = FMT_TSV;
	else if (ends_with(out, ".xlf") || ends_with(out, ".xliff"))
		j.fmt = FMT_XLIFF;
	else
		return cli_usage_error("pretranslate",
				       _("cannot tell the format of '%s': "
					 "name it .tsv, .xlf or .xliff"),
				       out);
	if (!force && stat(out, &sb) == 0) {
		cli_error(_("'%s' already exists"), out);
		cli_hint("%s", _("pass --force to replace it"));
		return EXIT_FAILED;
	}
	j.o.limit = 1;
	j.o.flags = ALN_LOOKUP_NO_DIFF;
	j.path = argv[optind];
	if (strcmp(j.path, "-") && access(j.path, R_OK) < 0) {
		cli_error(_("cannot read '%s': %s"), j.path, strerror(errno));
		return EXIT_FAILED;
	}
	if ((rc = clim_open(&j.m, false)) != EXIT_OK)
		return rc;
	if (!(tmp = malloc(strlen(out) + 16))) {
		aln_memory_free(j.m);
		cli_error("%s", _("out of memory"));
		return EXIT_FAILED;
	}
	sprintf(tmp, "%s.tmp-XXXXXX", out);
	if ((fd = mkstemp(tmp)) < 0 || !(j.out = fdopen(fd, "w"))) {
		cli_error(_("cannot write '%s': %s"), out, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(tmp);
		}
		rc = EXIT_FAILED;
		goto done;
	}
	if (j.fmt == FMT_TSV) {
		fputs("source\ttarget\tscore\tunit\torigin\tglossary\n", j.out);
	} else {
		fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		      "<xliff version=\"1.2\" "
		      "xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n",
		      j.out);
		fputs("  <file original=\"", j.out);
		xml(j.out, j.path);
		fprintf(j.out,
			"\" source-language=\"%s\" target-language=\"%s\" "
			"datatype=\"plaintext\" tool-id=\"alinea\">\n"
			"    <header><tool tool-id=\"alinea\" "
			"tool-name=\"alinea\" tool-version=\"%s\"/></header>\n"
			"    <body>\n",
			j.o.source_lang, j.o.target_lang, aln_version());
	}
	rc = clim_each_sentence(j.path, j.o.source_lang, lines, on_sentence,
				&j);
	if (rc == 0 && j.fmt == FMT_XLIFF)
		fputs("    </body>\n  </file>\n</xliff>\n", j.out);
	if (rc == 0 &&
	    (fflush(j.out) != 0 || ferror(j.out) || fsync(fileno(j.out)) < 0)) {
		cli_error(_("cannot write '%s': %s"), out, strerror(errno));
		rc = EXIT_FAILED;
	}
	if (fclose(j.out) != 0 && rc == 0) {
		cli_error(_("cannot write '%s': %s"), out, strerror(errno));
		rc = EXIT_FAILED;
	}
	if (rc == 0 && rename(tmp, out) < 0) {
		cli_error(_("cannot write '%s': %s"), out, strerror(errno));
		rc = EXIT_FAILED;
	}
	if (rc != 0)
		unlink(tmp);
	else
		fprintf(stderr,
			_("%ld sentences, %ld with a match, %ld with glossary "
			  "entries\n"),
			j.n, j.matched, j.glossary);
done:
	free(tmp);
	aln_memory_free(j.m);
	return rc ? EXIT_FAILED : EXIT_OK;
}
