// SPDX-License-Identifier: MIT
/*
 * `alinea align`: aligns the sentences of two or more versions of a text
 * and prints the beads as TSV, JSON lines, ladder indices or TMX. The
 * languages come from -l or from the file names (report.fr.txt, Emma.en).
 * With --segmented every line is a sentence as it is (indices count lines
 * from 0; an empty line also opens a new paragraph); without it, files go
 * through the reader (any encoding, text, HTML, DOCX, ODT) and the
 * segmenter, and indices count the sentences found. --store adds the
 * units with two or more languages to the memory in one transaction.
 * When the memory exists, the word pairs it has learned between the
 * pivot's language and the others' join the aligner's lexicon.
 */
#include "cli-memory.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const char *const usage = N_(
	"usage: alinea align [-l LANG,LANG[,...]] [--segmented]\n"
	"                    [--format tsv|jsonl|indices|tmx] [--store]\n"
	"                    [--min-confidence X] [--pivot LANG]\n"
	"                    FILE FILE [FILE...]\n"
	"\n"
	"Aligns the sentences of two or more versions of a text and prints\n"
	"one line (TMX: one unit) per bead, with a confidence in [0, 1].\n"
	"The word pairs learned by the memory (--memory, or the default\n"
	"one when it exists) help; a missing memory is no error.\n"
	"\n"
	"Options:\n"
	"  -l, --lang LANGS        the files' languages, comma-separated, in\n"
	"                          order (default: from names like a.fr.txt)\n"
	"      --segmented         files hold one sentence per line; indices\n"
	"                          count lines from 0 (default: read any\n"
	"                          format and encoding, cut into sentences)\n"
	"  -f, --format FORMAT     tsv (default): confidence, then one column\n"
	"                          per file; jsonl: one object per bead;\n"
	"                          indices: [0, 1]:[2]:0.93 ladders; tmx\n"
	"      --store             keep the units in the memory instead of\n"
	"                          printing them\n"
	"      --min-confidence X  leave out beads whose confidence is below "
	"X\n"
	"      --pivot LANG        align every file to the one in LANG\n"
	"                          (default: the first file)\n"
	"  -h, --help              show this help\n");

enum { FMT_TSV, FMT_JSONL, FMT_INDICES, FMT_TMX };

typedef struct input {
	const char *path;
	char lang[ALN_LANG_MAX];
	char *data;
	size_t size;
	aln_document *doc; /* without --segmented: owns the text */
	aln_align_sentence *sent;
	size_t count;
} input;

static const char *const not_langs[] = { "txt", "htm", "xml", "doc", "odt",
					 "tmx", "tsv", "csv", "pdf", "rtf",
					 "md",	"dat", "gz",  "tok", "seg",
					 "out", "sen", "raw" };

static bool looks_like_lang(const char *s, size_t len)
{
	size_t i, letters = 0;

	for (i = 0; i < ARRAY_SIZE(not_langs); i++)
		if (strlen(not_langs[i]) == len &&
		    !strncmp(s, not_langs[i], len))
			return false;
	for (i = 0; i < len && ((s[i] >= 'a' && s[i] <= 'z') ||
				(s[i] >= 'A' && s[i] <= 'Z'));
	     i++)
		letters++;
	if (letters < 2 || letters > 3)
		return false;
	if (i == len)
		return true;
	/* A region or script: pt-BR, zh-Hans, en_GB. */
	return (s[i] == '-' || s[i] == '_') && len - i >= 3 && len - i <= 5;
}

/* The language in a file name (report.fr.txt, Emma.en), or false. */
static bool lang_from_name(char *out, size_t size, const char *path)
{
	const char *base = strrchr(path, '/'), *dots[8];
	size_t nd = 0, k;

	base = base ? base + 1 : path;
	for (k = 0; base[k]; k++)
		if (base[k] == '.' && nd < ARRAY_SIZE(dots))
			dots[nd++] = base + k;
	/* The part before the extension first, then the extension. */
	for (k = nd; k-- > 0 && k + 2 >= nd;) {
		const char *s = dots[k] + 1;
		size_t len = k + 1 < nd ? (size_t)(dots[k + 1] - s) : strlen(s);
		char tag[ALN_LANG_MAX];

		if (k == 0 && nd == 1 && dots[0] == base)
			break; /* a hidden file: ".fr" */
		if (!looks_like_lang(s, len) || len >= sizeof(tag))
			continue;
		memcpy(tag, s, len);
		tag[len] = '\0';
		if (aln_lang_canonical(out, size, tag) == 0)
			return true;
	}
	return false;
}

/* Reads a whole file; prints the error itself. */
static int read_file(input *in)
{
	FILE *f = fopen(in->path, "rb");
	size_t cap = 1 << 16, n = 0;
	char *buf;

	if (!f) {
		cli_error(_("cannot open '%s': %s"), in->path, strerror(errno));
		return -1;
	}
	buf = malloc(cap + 1);
	while (buf) {
		size_t got = fread(buf + n, 1, cap - n, f);

		n += got;
		if (n < cap)
			break;
		cap *= 2;
		{
			char *p = realloc(buf, cap + 1);

			if (!p) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = p;
		}
	}
	if (!buf) {
		fclose(f);
		cli_error("%s", _("out of memory"));
		return -1;
	}
	if (ferror(f)) {
		cli_error(_("cannot read '%s': %s"), in->path, strerror(errno));
		fclose(f);
		free(buf);
		return -1;
	}
	fclose(f);
	buf[n] = '\0';
	in->data = buf;
	in->size = n;
	return 0;
}

/* The 1-based line and column of a byte offset, for messages. */
static void line_col(const char *s, size_t off, long *line, long *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	for (i = 0; i < off; i++) {
		if (s[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)s[i] & 0xC0) != 0x80) {
			(*col)++;
		}
	}
}

/* Splits a segmented file into lines; empty lines open paragraphs. */
static int split_lines(input *in)
{
	size_t i = 0, cap = 1024, para = 0;
	long long bad = aln_utf8_invalid_at(in->data, in->size);

	if (bad >= 0) {
		long line, col;

		line_col(in->data, (size_t)bad, &line, &col);
		cli_error(_("%s:%ld:%ld: invalid UTF-8 at byte %lld"), in->path,
			  line, col, bad);
		cli_hint("%s",
			 _("convert the file to UTF-8 (iconv -f "
			   "ENCODING -t UTF-8) or leave out --segmented"));
		return -1;
	}
	/* A UTF-8 byte order mark is not part of the first sentence. */
	if (in->size >= 3 && !memcmp(in->data, "\xEF\xBB\xBF", 3))
		i = 3;
	in->sent = malloc(cap * sizeof(*in->sent));
	while (in->sent && i < in->size) {
		char *nl = memchr(in->data + i, '\n', in->size - i);
		size_t end = nl ? (size_t)(nl - in->data) : in->size, len;

		len = end - i;
		if (len && in->data[i + len - 1] == '\r')
			len--;
		if (in->count == cap) {
			aln_align_sentence *p;

			cap *= 2;
			p = realloc(in->sent, cap * sizeof(*p));
			if (!p) {
				free(in->sent);
				in->sent = NULL;
				break;
			}
			in->sent = p;
		}
		if (len == 0)
			para++;
		in->sent[in->count].text = in->data + i;
		in->sent[in->count].len = len;
		in->sent[in->count].paragraph = para;
		if (len == 0)
			para++;
		in->count++;
		i = end + 1;
	}
	if (!in->sent) {
		cli_error("%s", _("out of memory"));
		return -1;
	}
	return 0;
}

static char *joined(const input *in, aln_align_span s, size_t *len);

/* Reads and segments a document; prints the error itself. */
static int read_segmented(input *in)
{
	aln_sentence *s = NULL;
	size_t n = 0, i, k;
	const char *text;
	int rc;

	if ((rc = aln_document_read_file(&in->doc, in->path, NULL)) < 0)
		return cli_fail(rc), -1;
	for (k = 0; k < aln_document_warning_count(in->doc); k++)
		cli_warning("%s: %s", in->path,
			    aln_document_warning(in->doc, k, NULL));
	if ((rc = aln_segment_document(&s, &n, in->doc, in->lang)) < 0)
		return cli_fail(rc), -1;
	text = aln_document_text(in->doc, NULL);
	in->sent = calloc(n + 1, sizeof(*in->sent));
	if (!in->sent) {
		aln_free(s);
		cli_error("%s", _("out of memory"));
		return -1;
	}
	for (i = 0; i < n; i++) {
		in->sent[i].text = text + s[i].start;
		in->sent[i].len = s[i].end - s[i].start;
		in->sent[i].paragraph = s[i].paragraph;
	}
	in->count = n;
	aln_free(s);
	return 0;
}

/*
 * Bead b as a unit: one variant per version with sentences in it (their
 * text joined by spaces, the file as document, the first sentence's
 * index as position), into v and texts (n slots each; the caller frees
 * texts[0..count)). Returns the count of variants, or -1 when out of
 * memory (the error printed; texts then hold nothing to free).
 */
static int bead_unit(aln_unit *u, aln_variant *v, char **texts,
		     const aln_alignment *a, size_t b, const input *in,
		     size_t n, size_t pivot)
{
	const aln_align_span *sp = &a->spans[b * a->ntexts];
	size_t k, nv = 0, len;

	memset(u, 0, sizeof(*u));
	for (k = 0; k < n; k++) {
		if (sp[k].end == sp[k].begin)
			continue;
		texts[nv] = joined(&in[k], sp[k], &len);
		if (!texts[nv]) {
			while (nv > 0)
				free(texts[--nv]);
			cli_error("%s", _("out of memory"));
			return -1;
		}
		memset(&v[nv], 0, sizeof(v[nv]));
		v[nv].lang = in[k].lang;
		v[nv].text = texts[nv];
		v[nv].document = in[k].path;
		v[nv].position = (long)sp[k].begin;
		nv++;
	}
	u->srclang = in[pivot].lang;
	u->confidence = a->confidence[b];
	u->tool = "alinea";
	u->nvariants = nv;
	u->variants = v;
	return (int)nv;
}

/*
 * Prints the units that have text in two or more languages as TMX 1.4b
 * through the memory's writer; returns EXIT_OK or EXIT_FAILED.
 */
static int print_tmx(const aln_alignment *a, const input *in, size_t n,
		     size_t pivot, double min_conf)
{
	aln_tmx_write_options o = ALN_TMX_WRITE_OPTIONS_INIT;
	aln_tmx_writer *w = NULL;
	aln_variant *v = calloc(n, sizeof(*v));
	char **texts = calloc(n, sizeof(*texts));
	size_t b, k;
	int rc = EXIT_FAILED, c = 0, nv;

	if (!v || !texts) {
		cli_error("%s", _("out of memory"));
		goto out;
	}
	o.srclang = in[pivot].lang;
	if ((c = aln_tmx_writer_open_stream(&w, stdout, NULL, &o)) < 0)
		goto out;
	for (b = 0; b < a->nbeads && c == 0; b++) {
		aln_unit u;

		if (min_conf >= 0 && a->confidence[b] < min_conf)
			continue;
		nv = bead_unit(&u, v, texts, a, b, in, n, pivot);
		if (nv < 0)
			goto out;
		if (nv >= 2)
			c = aln_tmx_writer_add(w, &u, NULL);
		for (k = 0; k < (size_t)nv; k++)
			free(texts[k]);
	}
	if (c == 0)
		c = aln_tmx_writer_commit(w);
	rc = c < 0 ? EXIT_FAILED : EXIT_OK;
out:
	if (c < 0)
		cli_fail(c);
	aln_tmx_writer_free(w);
	free(v);
	free(texts);
	return rc;
}

/*
 * Stores the units that have text in two or more languages, in one
 * transaction; returns EXIT_OK or EXIT_FAILED (the memory unchanged).
 */
static int store_units(const aln_alignment *a, const input *in, size_t n,
		       size_t pivot, double min_conf)
{
	aln_memory *m = NULL;
	aln_variant *v = calloc(n, sizeof(*v));
	char **texts = calloc(n, sizeof(*texts));
	size_t b, k, stored = 0;
	int rc = EXIT_FAILED, c;

	if (!v || !texts) {
		cli_error("%s", _("out of memory"));
		goto out;
	}
	if ((rc = clim_open(&m, true)) != EXIT_OK)
		goto out;
	rc = EXIT_FAILED;
	if ((c = aln_memory_begin(m)) < 0) {
		cli_fail(c);
		goto out;
	}
	for (b = 0; b < a->nbeads; b++) {
		aln_unit u;
		int nv;

		if (min_conf >= 0 && a->confidence[b] < min_conf)
			continue;
		nv = bead_unit(&u, v, texts, a, b, in, n, pivot);
		if (nv < 0)
			goto fail;
		c = nv >= 2 ? aln_memory_add_unit(m, NULL, &u) : 0;
		for (k = 0; k < (size_t)nv; k++) {
			free(texts[k]);
			texts[k] = NULL;
		}
		if (c < 0) {
			cli_fail(c);
			goto fail;
		}
		stored += nv >= 2;
	}
	if ((c = aln_memory_commit(m)) < 0) {
		cli_fail(c);
		goto fail;
	}
	fprintf(stderr, _("stored %zu units in '%s'\n"), stored,
		cli_memory_path(false));
	rc = EXIT_OK;
	goto out;
fail:
	aln_memory_rollback(m);
out:
	aln_memory_free(m);
	free(v);
	free(texts);
	return rc;
}

static int parse_langs(input *in, size_t n, const char *list)
{
	const char *p = list;
	size_t k = 0;

	while (*p) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		char tag[ALN_LANG_MAX];

		if (k == n)
			return cli_usage_error("align",
					       _("-l names %zu or more "
						 "languages for %zu files"),
					       k + 1, n);
		if (len == 0 || len >= sizeof(tag))
			return cli_usage_error(
				"align", _("invalid language list '%s'"), list);
		memcpy(tag, p, len);
		tag[len] = '\0';
		if (aln_lang_canonical(in[k].lang, sizeof(in[k].lang), tag) < 0)
			return cli_usage_error(
				"align", _("invalid language tag '%s' in -l"),
				tag);
		k++;
		p = e ? e + 1 : p + len;
	}
	if (k != n)
		return cli_usage_error(
			"align", _("-l names %zu languages for %zu files"), k,
			n);
	return 0;
}

static void put_conf(FILE *out, double c)
{
	fprintf(out, "%.2f", c);
}

static void put_joined(FILE *out, const input *in, aln_align_span s, bool tsv)
{
	size_t i, k;

	for (i = s.begin; i < s.end; i++) {
		const aln_align_sentence *x = &in->sent[i];

		if (i > s.begin)
			putc(' ', out);
		if (!tsv) {
			fwrite(x->text, 1, x->len, out);
			continue;
		}
		for (k = 0; k < x->len; k++)
			putc(x->text[k] == '\t' ? ' ' : x->text[k], out);
	}
}

static char *joined(const input *in, aln_align_span s, size_t *len)
{
	size_t i, n = 0;
	char *buf, *p;

	for (i = s.begin; i < s.end; i++)
		n += in->sent[i].len + 1;
	buf = malloc(n + 1);
	if (!buf)
		return NULL;
	p = buf;
	for (i = s.begin; i < s.end; i++) {
		if (i > s.begin)
			*p++ = ' ';
		memcpy(p, in->sent[i].text, in->sent[i].len);
		p += in->sent[i].len;
	}
	*p = '\0';
	*len = (size_t)(p - buf);
	return buf;
}

static void print_bead(FILE *out, int fmt, const aln_alignment *a, size_t b,
		       const input *in, size_t n, size_t pivot)
{
	const aln_align_span *sp = &a->spans[b * a->ntexts];
	size_t k, i;

	switch (fmt) {
	case FMT_INDICES:
		for (k = 0; k < n; k++) {
			putc('[', out);
			for (i = sp[k].begin; i < sp[k].end; i++)
				fprintf(out, "%s%zu",
					i > sp[k].begin ? ", " : "", i);
			fputs("]:", out);
		}
		put_conf(out, a->confidence[b]);
		putc('\n', out);
		break;
	case FMT_TSV:
		put_conf(out, a->confidence[b]);
		for (k = 0; k < n; k++) {
			putc('\t', out);
			put_joined(out, &in[k], sp[k], true);
		}
		putc('\n', out);
		break;
	case FMT_JSONL:
		fputs("{\"confidence\":", out);
		put_conf(out, a->confidence[b]);
		fputs(",\"langs\":[", out);
		for (k = 0; k < n; k++) {
			if (k)
				putc(',', out);
			cli_json_string(out, in[k].lang, strlen(in[k].lang));
		}
		fputs("],\"indices\":[", out);
		for (k = 0; k < n; k++) {
			fputs(k ? ",[" : "[", out);
			for (i = sp[k].begin; i < sp[k].end; i++)
				fprintf(out, "%s%zu",
					i > sp[k].begin ? "," : "", i);
			putc(']', out);
		}
		fputs("],\"texts\":[", out);
		for (k = 0; k < n; k++) {
			size_t len = 0;
			char *t = joined(&in[k], sp[k], &len);

			if (k)
				putc(',', out);
			cli_json_string(out, t ? t : "", t ? len : 0);
			free(t);
		}
		fputs("]}\n", out);
		break;
	}
	(void)pivot;
}

/* Word pairs from the memory, with the strings they own. */
typedef struct mem_pairs {
	aln_align_word_pair *v;
	size_t n, cap;
	const char *src_lang, *tgt_lang; /* of the pair being read */
} mem_pairs;

static int pair_cb(const char *src, const char *tgt, double dice, void *data)
{
	mem_pairs *mp = data;
	char *s, *t;

	(void)dice;
	if (mp->n == mp->cap) {
		size_t cap = mp->cap ? mp->cap * 2 : 256;
		aln_align_word_pair *p = realloc(mp->v, cap * sizeof(*p));

		if (!p)
			return ALN_ENOMEM;
		mp->v = p;
		mp->cap = cap;
	}
	s = strdup(src);
	t = strdup(tgt);
	if (!s || !t) {
		free(s);
		free(t);
		return ALN_ENOMEM;
	}
	mp->v[mp->n++] =
		(aln_align_word_pair){ mp->src_lang, s, mp->tgt_lang, t };
	return 0;
}

static void mem_pairs_free(mem_pairs *mp)
{
	size_t i;

	for (i = 0; i < mp->n; i++) {
		free((char *)mp->v[i].src);
		free((char *)mp->v[i].tgt);
	}
	free(mp->v);
	memset(mp, 0, sizeof(*mp));
}

/*
 * The word pairs the memory (--memory or the default one) has learned
 * between the pivot and each other version. A missing memory gives
 * none and is no error; one that cannot be read gives a warning and
 * none: the alignment goes on without them.
 */
static void memory_pairs(mem_pairs *mp, const input *in, size_t n, size_t pivot)
{
	aln_memory_options mo = ALN_MEMORY_OPTIONS_INIT;
	aln_memory *m = NULL;
	const char *path = cli_memory_path(false);
	size_t k;
	int rc;

	if (!path || access(path, F_OK) != 0)
		return;
	mo.flags = ALN_MEMORY_READONLY;
	rc = aln_memory_open(&m, path, &mo);
	for (k = 0; k < n && rc == 0; k++) {
		if (k == pivot)
			continue;
		mp->src_lang = in[pivot].lang;
		mp->tgt_lang = in[k].lang;
		rc = aln_memory_word_pairs(m, in[pivot].lang, in[k].lang, 0,
					   pair_cb, mp);
	}
	if (rc < 0) {
		cli_warning(_("cannot read word pairs from the memory '%s': "
			      "%s"),
			    path, aln_error_last()->message);
		cli_hint("%s", _("the files are aligned without them; check "
				 "the memory with 'alinea stats'"));
		mem_pairs_free(mp);
	}
	aln_memory_free(m);
}

static int progress_cb(unsigned long long done, unsigned long long total,
		       void *data)
{
	(void)data;
	cli_progress(_("aligning"), done, total);
	return 0;
}

int cmd_align(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "lang", required_argument, NULL, 'l' },
		{ "segmented", no_argument, NULL, 'S' },
		{ "format", required_argument, NULL, 'f' },
		{ "store", no_argument, NULL, 's' },
		{ "min-confidence", required_argument, NULL, 'm' },
		{ "pivot", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *langs = NULL, *pivot_lang = NULL;
	bool segmented = false, store = false;
	int fmt = FMT_TSV, c, rc = EXIT_FAILED;
	double min_conf = -1;
	size_t n, k, pivot = 0, b;
	input *in = NULL;
	aln_align_text *texts = NULL;
	aln_alignment *a = NULL;
	aln_align_options opts = ALN_ALIGN_OPTIONS_INIT;
	mem_pairs mp = { 0 };

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+l:f:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'l':
			langs = optarg;
			break;
		case 'S':
			segmented = true;
			break;
		case 'f':
			if (!strcmp(optarg, "tsv"))
				fmt = FMT_TSV;
			else if (!strcmp(optarg, "jsonl"))
				fmt = FMT_JSONL;
			else if (!strcmp(optarg, "indices"))
				fmt = FMT_INDICES;
			else if (!strcmp(optarg, "tmx"))
				fmt = FMT_TMX;
			else
				return cli_usage_error(
					"align",
					_("unknown format '%s' (tsv, jsonl, "
					  "indices or tmx)"),
					optarg);
			break;
		case 's':
			store = true;
			break;
		case 'm': {
			char *end;

			errno = 0;
			min_conf = strtod(optarg, &end);
			if (errno || end == optarg || *end || min_conf < 0 ||
			    min_conf > 1)
				return cli_usage_error(
					"align",
					_("--min-confidence wants a number "
					  "between 0 and 1, not '%s'"),
					optarg);
			break;
		}
		case 'p':
			pivot_lang = optarg;
			break;
		case 'h':
			return cli_help(_(usage));
		default:
			if (optopt)
				return cli_usage_error(
					"align",
					_("option '-%c' needs a value "
					  "or is unknown"),
					optopt);
			return cli_usage_error("align",
					       _("unknown option '%s'"),
					       argv[optind - 1]);
		}
	}
	n = (size_t)(argc - optind);
	if (n < 2)
		return cli_usage_error("align", "%s",
				       _("align needs at least two files"));
	in = calloc(n, sizeof(*in));
	texts = calloc(n, sizeof(*texts));
	if (!in || !texts) {
		cli_error("%s", _("out of memory"));
		goto out;
	}
	for (k = 0; k < n; k++)
		in[k].path = argv[optind + (int)k];
	if (langs) {
		rc = parse_langs(in, n, langs);
		if (rc)
			goto out;
	} else {
		for (k = 0; k < n; k++)
			if (!lang_from_name(in[k].lang, sizeof(in[k].lang),
					    in[k].path)) {
				cli_error(_("cannot tell the language of '%s'"),
					  in[k].path);
				cli_hint("%s",
					 _("pass -l with one language per "
					   "file (-l fr,en) or name the files "
					   "like report.fr.txt"));
				rc = EXIT_USAGE;
				goto out;
			}
	}
	if (pivot_lang) {
		char tag[ALN_LANG_MAX];

		if (aln_lang_canonical(tag, sizeof(tag), pivot_lang) < 0) {
			rc = cli_usage_error("align",
					     _("invalid language tag '%s' in "
					       "--pivot"),
					     pivot_lang);
			goto out;
		}
		for (k = 0; k < n && strcmp(in[k].lang, tag); k++)
			;
		if (k == n) {
			rc = cli_usage_error(
				"align",
				_("no file is in the pivot language '%s'"),
				tag);
			goto out;
		}
		pivot = k;
	}
	for (k = 0; k < n; k++) {
		if (segmented ? read_file(&in[k]) < 0 || split_lines(&in[k]) < 0
			      : read_segmented(&in[k]) < 0) {
			rc = EXIT_FAILED;
			goto out;
		}
		texts[k].lang = in[k].lang;
		texts[k].sentences = in[k].sent;
		texts[k].count = in[k].count;
	}
	opts.pivot = pivot;
	opts.progress = progress_cb;
	memory_pairs(&mp, in, n, pivot);
	opts.pairs = mp.v;
	opts.npairs = mp.n;
	c = aln_align(&a, texts, n, &opts);
	cli_progress_done();
	if (c < 0) {
		rc = cli_fail(c);
		goto out;
	}
	if (store) {
		rc = store_units(a, in, n, pivot, min_conf);
		goto out;
	}
	if (fmt == FMT_TMX) {
		rc = print_tmx(a, in, n, pivot, min_conf);
		goto out;
	}
	for (b = 0; b < a->nbeads; b++) {
		if (min_conf >= 0 && a->confidence[b] < min_conf)
			continue;
		print_bead(stdout, fmt, a, b, in, n, pivot);
	}
	rc = EXIT_OK;
out:
	mem_pairs_free(&mp);
	aln_alignment_free(a);
	if (in)
		for (k = 0; k < n; k++) {
			free(in[k].data);
			free(in[k].sent);
			aln_document_free(in[k].doc);
		}
	free(in);
	free(texts);
	return rc;
}
