// SPDX-License-Identifier: MIT
/*
 * Glossary exchange and term candidates (alinea/term.h): TBX-Basic
 * (the martif dialect of ISO 30042: one termEntry per entry, a langSet
 * per language, the term in a tig, the domain as the subjectField
 * descrip and the note at entry level) and CSV (RFC 4180, a header
 * naming the two languages), both read in one transaction and written
 * through a temporary file renamed into place; and the walk over the
 * memory's units that feeds term-extract.c.
 */
#include "memory-internal.h"
#include "term-internal.h"

#include <errno.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlwriter.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- writing ---- */

typedef struct out_file {
	FILE *f;
	char *tmp;	  /* the temporary file, or NULL for stdout */
	const char *path; /* the final path */
} out_file;

static int out_open(out_file *o, const char *path, int force)
{
	size_t n;

	memset(o, 0, sizeof(*o));
	o->path = path;
	if (!strcmp(path, "-")) {
		o->f = stdout;
		return 0;
	}
	if (!force && access(path, F_OK) == 0) {
		aln__error(ALN_EEXISTS, _("'%s' already exists"), path);
		aln__error_hint("%s", _("pass --force to replace it"));
		return ALN_EEXISTS;
	}
	n = strlen(path) + 5;
	if (!(o->tmp = aln__malloc(n)))
		return ALN_ENOMEM;
	snprintf(o->tmp, n, "%s.tmp", path);
	if (!(o->f = fopen(o->tmp, "w"))) {
		aln__error(ALN_EIO, _("cannot write '%s': %s"), o->tmp,
			   strerror(errno));
		free(o->tmp);
		o->tmp = NULL;
		return ALN_EIO;
	}
	return 0;
}

/* Closes; on success renames the temporary file into place. */
static int out_close(out_file *o, int rc)
{
	if (!o->f)
		return rc;
	if (!o->tmp) {
		if (fflush(o->f) != 0 && rc == 0)
			rc = aln__error(ALN_EIO, _("cannot write '%s': %s"),
					"-", strerror(errno));
		return rc;
	}
	if (rc == 0 && (fflush(o->f) != 0 || fsync(fileno(o->f)) != 0))
		rc = aln__error(ALN_EIO, _("cannot write '%s': %s"), o->tmp,
				strerror(errno));
	if (fclose(o->f) != 0 && rc == 0)
		rc = aln__error(ALN_EIO, _("cannot write '%s': %s"), o->tmp,
				strerror(errno));
	if (rc == 0 && rename(o->tmp, o->path) != 0)
		rc = aln__error(ALN_EIO, _("cannot write '%s': %s"), o->path,
				strerror(errno));
	if (rc != 0)
		unlink(o->tmp);
	free(o->tmp);
	return rc;
}

static void csv_field(FILE *f, const char *s)
{
	if (!s)
		return;
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

typedef struct export_ctx {
	FILE *f;
	xmlTextWriterPtr w;
	size_t count;
	int bad;
} export_ctx;

static int export_csv_row(const aln_term_entry *e, void *data)
{
	export_ctx *x = data;

	csv_field(x->f, e->source);
	fputc(',', x->f);
	csv_field(x->f, e->target);
	fputc(',', x->f);
	csv_field(x->f, e->note);
	fputc(',', x->f);
	csv_field(x->f, e->domain);
	fputs("\r\n", x->f);
	x->count++;
	return ferror(x->f) ? ALN_EIO : 0;
}

static int export_tbx_entry(const aln_term_entry *e, void *data)
{
	export_ctx *x = data;
	xmlTextWriterPtr w = x->w;
	char id[32];
	int r = 0;

	snprintf(id, sizeof(id), "t%lld", e->id);
	r |= xmlTextWriterStartElement(w, BAD_CAST "termEntry") < 0;
	r |= xmlTextWriterWriteAttribute(w, BAD_CAST "id", BAD_CAST id) < 0;
	if (e->domain) {
		r |= xmlTextWriterStartElement(w, BAD_CAST "descrip") < 0;
		r |= xmlTextWriterWriteAttribute(w, BAD_CAST "type",
						 BAD_CAST "subjectField") < 0;
		r |= xmlTextWriterWriteString(w, BAD_CAST e->domain) < 0;
		r |= xmlTextWriterEndElement(w) < 0;
	}
	if (e->note)
		r |= xmlTextWriterWriteElement(w, BAD_CAST "note",
					       BAD_CAST e->note) < 0;
	for (int side = 0; side < 2; side++) {
		r |= xmlTextWriterStartElement(w, BAD_CAST "langSet") < 0;
		r |= xmlTextWriterWriteAttribute(
			     w, BAD_CAST "xml:lang",
			     BAD_CAST(side ? e->tgtlang : e->srclang)) < 0;
		r |= xmlTextWriterStartElement(w, BAD_CAST "tig") < 0;
		r |= xmlTextWriterWriteElement(
			     w, BAD_CAST "term",
			     BAD_CAST(side ? e->target : e->source)) < 0;
		r |= xmlTextWriterEndElement(w) < 0;
		r |= xmlTextWriterEndElement(w) < 0;
	}
	r |= xmlTextWriterEndElement(w) < 0;
	x->count++;
	return r ? ALN_EIO : 0;
}

static int export_tbx(aln_memory *m, FILE *f, const char *srclang,
		      const char *tgtlang, export_ctx *x)
{
	xmlOutputBufferPtr ob = xmlOutputBufferCreateFile(f, NULL);
	xmlTextWriterPtr w;
	int r = 0, rc;

	if (!ob || !(w = xmlNewTextWriter(ob))) {
		if (ob)
			xmlOutputBufferClose(ob);
		return aln__error_oom();
	}
	x->w = w;
	xmlTextWriterSetIndent(w, 1);
	xmlTextWriterSetIndentString(w, BAD_CAST "  ");
	r |= xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL) < 0;
	r |= xmlTextWriterWriteDTD(w, BAD_CAST "martif", NULL,
				   BAD_CAST "TBXBasiccoreStructV02.dtd",
				   NULL) < 0;
	r |= xmlTextWriterStartElement(w, BAD_CAST "martif") < 0;
	r |= xmlTextWriterWriteAttribute(w, BAD_CAST "type",
					 BAD_CAST "TBX-Basic") < 0;
	r |= xmlTextWriterWriteAttribute(w, BAD_CAST "xml:lang",
					 BAD_CAST(srclang ? srclang : "en")) <
	     0;
	r |= xmlTextWriterStartElement(w, BAD_CAST "martifHeader") < 0;
	r |= xmlTextWriterStartElement(w, BAD_CAST "fileDesc") < 0;
	r |= xmlTextWriterStartElement(w, BAD_CAST "sourceDesc") < 0;
	r |= xmlTextWriterWriteElement(w, BAD_CAST "p",
				       BAD_CAST "alinea glossary") < 0;
	r |= xmlTextWriterEndElement(w) < 0;
	r |= xmlTextWriterEndElement(w) < 0;
	r |= xmlTextWriterStartElement(w, BAD_CAST "encodingDesc") < 0;
	r |= xmlTextWriterStartElement(w, BAD_CAST "p") < 0;
	r |= xmlTextWriterWriteAttribute(w, BAD_CAST "type",
					 BAD_CAST "XCSURI") < 0;
	r |= xmlTextWriterWriteString(w, BAD_CAST "TBXBasicXCSV02.xcs") < 0;
	r |= xmlTextWriterEndElement(w) < 0;
	r |= xmlTextWriterEndElement(w) < 0;
	r |= xmlTextWriterEndElement(w) < 0;
	r |= xmlTextWriterStartElement(w, BAD_CAST "text") < 0;
	r |= xmlTextWriterStartElement(w, BAD_CAST "body") < 0;
	rc = aln_term_list(m, srclang, tgtlang, export_tbx_entry, x);
	r |= xmlTextWriterEndDocument(w) < 0;
	xmlFreeTextWriter(w);
	if (rc == 0 && r)
		rc = aln__error(ALN_EIO, "%s", _("cannot write the glossary"));
	return rc;
}

int aln_term_export(aln_memory *m, const char *path, aln_term_format format,
		    const char *srclang, const char *tgtlang, int force,
		    size_t *exported)
{
	export_ctx x = { 0 };
	out_file o;
	int rc;

	if (exported)
		*exported = 0;
	if (format != ALN_TERM_TBX && format != ALN_TERM_CSV)
		return aln__error(ALN_EUNSUPPORTED, "%s",
				  _("unknown glossary format"));
	if (format == ALN_TERM_CSV && (!srclang || !tgtlang)) {
		aln__error(ALN_EINVAL, "%s",
			   _("a CSV glossary needs both languages"));
		aln__error_hint("%s", _("pass -s and -t"));
		return ALN_EINVAL;
	}
	if ((rc = out_open(&o, path, force)) < 0)
		return rc;
	x.f = o.f;
	if (format == ALN_TERM_CSV) {
		csv_field(o.f, srclang);
		fputc(',', o.f);
		csv_field(o.f, tgtlang);
		fputs(",note,domain\r\n", o.f);
		rc = aln_term_list(m, srclang, tgtlang, export_csv_row, &x);
		if (rc == ALN_EIO)
			rc = aln__error(ALN_EIO, _("cannot write '%s': %s"),
					path, strerror(errno));
	} else {
		rc = export_tbx(m, o.f, srclang, tgtlang, &x);
	}
	rc = out_close(&o, rc);
	if (rc == 0 && exported)
		*exported = x.count;
	return rc;
}

/* ---- reading ---- */

typedef struct import_ctx {
	aln_memory *m;
	const char *path;
	char want_src[ALN_LANG_MAX], want_tgt[ALN_LANG_MAX]; /* bases or "" */
	size_t imported, skipped;
} import_ctx;

static int import_one(import_ctx *x, const aln_term_entry *e, long line)
{
	int rc = aln_term_add(x->m, e, NULL);

	if (rc == ALN_EEXISTS) {
		aln_error_clear();
		x->skipped++;
		return 0;
	}
	if (rc < 0) {
		const aln_error *err = aln_error_last();

		/* Keep the message, add where it happened. */
		if (err && err->message) {
			char *msg = aln__strdup(err->message);

			aln__error(rc, "%s", msg ? msg : "");
			free(msg);
		}
		aln__error_at(x->path, line, 0, -1);
		return rc;
	}
	x->imported++;
	return 0;
}

/* One CSV record: fields into *fields (pointers into buf). */
typedef struct csv_reader {
	FILE *f;
	long line;
	aln_buf buf;
	size_t starts[16];
	size_t nfields;
} csv_reader;

/* Reads a record; 1 at the end of the file, 0, or ALN_EFORMAT. */
static int csv_next(csv_reader *r, const char *path)
{
	int c, quoted = 0, at_start = 1;
	long first = r->line + 1;

	aln_buf_clear(&r->buf);
	r->nfields = 0;
	c = fgetc(r->f);
	if (c == EOF)
		return 1;
	r->line++;
	r->starts[r->nfields++] = 0;
	for (;; c = fgetc(r->f)) {
		if (c == EOF) {
			if (quoted) {
				aln__error(ALN_EFORMAT, "%s",
					   _("unterminated quoted field"));
				aln__error_at(path, first, 0, -1);
				return ALN_EFORMAT;
			}
			break;
		}
		if (quoted) {
			if (c == '"') {
				int d = fgetc(r->f);

				if (d == '"') {
					aln_buf_putc(&r->buf, '"');
					continue;
				}
				quoted = 0;
				c = d;
				if (c == EOF)
					break;
			} else {
				if (c == '\n')
					r->line++;
				aln_buf_putc(&r->buf, (char)c);
				continue;
			}
		}
		if (c == '"' && at_start) {
			quoted = 1;
			at_start = 0;
			continue;
		}
		if (c == ',') {
			if (aln_buf_putc(&r->buf, '\0') < 0)
				return ALN_ENOMEM;
			if (r->nfields == ALN_ARRAY_SIZE(r->starts)) {
				aln__error(ALN_EFORMAT, "%s",
					   _("too many fields"));
				aln__error_at(path, r->line, 0, -1);
				return ALN_EFORMAT;
			}
			r->starts[r->nfields++] = r->buf.len;
			at_start = 1;
			continue;
		}
		if (c == '\r')
			continue;
		if (c == '\n')
			break;
		at_start = 0;
		if (aln_buf_putc(&r->buf, (char)c) < 0)
			return ALN_ENOMEM;
	}
	if (aln_buf_putc(&r->buf, '\0') < 0)
		return ALN_ENOMEM;
	return 0;
}

static const char *csv_get(const csv_reader *r, size_t i)
{
	return i < r->nfields ? r->buf.ptr + r->starts[i] : NULL;
}

/*
 * Whether a header cell names a language: a tag whose language subtag
 * has two or three letters (so that "source" is not taken for one).
 */
static bool language_cell(char out[ALN_LANG_MAX], const char *cell)
{
	size_t n = strcspn(cell, "-_");

	return (n == 2 || n == 3) &&
	       aln_lang_canonical(out, ALN_LANG_MAX, cell) == 0;
}

static int import_csv(import_ctx *x, const char *srclang, const char *tgtlang)
{
	csv_reader r = { 0 };
	char src[ALN_LANG_MAX], tgt[ALN_LANG_MAX];
	long note = -1, domain = -1;
	int rc;

	if (!(r.f = fopen(x->path, "r")))
		return aln__error(ALN_EIO, _("cannot read '%s': %s"), x->path,
				  strerror(errno));
	if ((rc = csv_next(&r, x->path)) != 0) {
		if (rc == 1) {
			rc = aln__error(ALN_EFORMAT, "%s",
					_("the CSV file is empty"));
			aln__error_at(x->path, 1, 0, -1);
		}
		goto done;
	}
	if (r.nfields < 2 || !language_cell(src, csv_get(&r, 0)) ||
	    !language_cell(tgt, csv_get(&r, 1))) {
		aln_error_clear();
		rc = aln__error(ALN_EFORMAT, "%s",
				_("the CSV header must name the two "
				  "languages"));
		aln__error_at(x->path, 1, 0, -1);
		aln__error_hint("%s", _("start the file with a line such as "
					"'fr,en,note,domain'"));
		goto done;
	}
	for (size_t i = 2; i < r.nfields; i++) {
		if (!strcmp(csv_get(&r, i), "note"))
			note = (long)i;
		else if (!strcmp(csv_get(&r, i), "domain"))
			domain = (long)i;
	}
	if ((srclang &&
	     aln_lang_canonical(x->want_src, ALN_LANG_MAX, srclang) == 0 &&
	     strcmp(x->want_src, src)) ||
	    (tgtlang &&
	     aln_lang_canonical(x->want_tgt, ALN_LANG_MAX, tgtlang) == 0 &&
	     strcmp(x->want_tgt, tgt))) {
		rc = aln__error(ALN_EINVAL,
				_("the file holds '%s' to '%s', not the "
				  "languages asked for"),
				src, tgt);
		aln__error_at(x->path, 1, 0, -1);
		goto done;
	}
	while ((rc = csv_next(&r, x->path)) == 0) {
		aln_term_entry e = { 0 };

		if (r.nfields == 1 && !*csv_get(&r, 0))
			continue; /* a blank line */
		if (r.nfields < 2) {
			rc = aln__error(ALN_EFORMAT, "%s",
					_("a line needs a source and a target "
					  "term"));
			aln__error_at(x->path, r.line, 0, -1);
			goto done;
		}
		e.srclang = src;
		e.tgtlang = tgt;
		e.source = csv_get(&r, 0);
		e.target = csv_get(&r, 1);
		e.note = note >= 0 ? csv_get(&r, (size_t)note) : NULL;
		e.domain = domain >= 0 ? csv_get(&r, (size_t)domain) : NULL;
		if ((rc = import_one(x, &e, r.line)) < 0)
			goto done;
	}
	if (rc == 1)
		rc = 0;
done:
	aln_buf_free(&r.buf);
	fclose(r.f);
	return rc;
}

static bool named(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE &&
	       !strcmp((const char *)n->name, name);
}

static char *lang_of(const xmlNode *n)
{
	xmlChar *l = xmlGetNsProp(n, BAD_CAST "lang", XML_XML_NAMESPACE);
	char *s;

	if (!l)
		return NULL;
	s = aln__strdup((const char *)l);
	xmlFree(l);
	return s;
}

/* The first <term> below n (tig, ntig/termGrp, termSec). */
static const xmlNode *first_term(const xmlNode *n)
{
	for (const xmlNode *c = n->children; c; c = c->next) {
		const xmlNode *t;

		if (named(c, "term"))
			return c;
		if (c->type == XML_ELEMENT_NODE && (t = first_term(c)))
			return t;
	}
	return NULL;
}

static char *content(const xmlNode *n)
{
	xmlChar *t = xmlNodeGetContent(n);
	char *s;

	if (!t)
		return NULL;
	s = aln__strdup((const char *)t);
	xmlFree(t);
	return s;
}

static bool lang_base_is(const char *tag, const char *base)
{
	char b[ALN_LANG_MAX];

	return tag && aln_lang_base(b, sizeof(b), tag) == 0 && !strcmp(b, base);
}

/* One termEntry (TBX 2) or conceptEntry (TBX 3). */
static int import_tbx_entry(import_ctx *x, const xmlNode *entry)
{
	const xmlNode *sets[32];
	char *langs[32] = { 0 }, *terms[32] = { 0 };
	char *note = NULL, *domain = NULL;
	size_t n = 0, src = SIZE_MAX;
	int rc = 0;

	for (const xmlNode *c = entry->children; c; c = c->next) {
		if (named(c, "descrip") || named(c, "descripGrp")) {
			const xmlNode *d = named(c, "descrip") ? c : NULL;
			xmlChar *type;

			for (const xmlNode *g = c->children; !d && g;
			     g = g->next)
				if (named(g, "descrip"))
					d = g;
			if (!d)
				continue;
			type = xmlGetProp(d, BAD_CAST "type");
			if (type &&
			    !strcmp((const char *)type, "subjectField") &&
			    !domain)
				domain = content(d);
			xmlFree(type);
		} else if (named(c, "note") && !note) {
			note = content(c);
		} else if ((named(c, "langSet") || named(c, "langSec")) &&
			   n < ALN_ARRAY_SIZE(sets)) {
			const xmlNode *t = first_term(c);

			if (!t)
				continue;
			sets[n] = c;
			langs[n] = lang_of(c);
			terms[n] = content(t);
			if (!langs[n]) {
				rc = aln__error(ALN_EFORMAT, "%s",
						_("a language section has no "
						  "xml:lang"));
				aln__error_at(x->path, xmlGetLineNo(c), 0, -1);
				n++;
				goto done;
			}
			n++;
		}
	}
	/* The source: the language asked for, else the first. */
	for (size_t i = 0; i < n && src == SIZE_MAX; i++)
		if (!*x->want_src || lang_base_is(langs[i], x->want_src))
			src = i;
	for (size_t i = 0; i < n && src != SIZE_MAX && rc == 0; i++) {
		aln_term_entry e = { 0 };

		if (i == src ||
		    (*x->want_tgt && !lang_base_is(langs[i], x->want_tgt)))
			continue;
		e.srclang = langs[src];
		e.source = terms[src];
		e.tgtlang = langs[i];
		e.target = terms[i];
		e.note = note;
		e.domain = domain;
		rc = import_one(x, &e, xmlGetLineNo(sets[i]));
	}
done:
	for (size_t i = 0; i < n; i++) {
		free(langs[i]);
		free(terms[i]);
	}
	free(note);
	free(domain);
	return rc;
}

static int import_tbx_walk(import_ctx *x, const xmlNode *n)
{
	int rc = 0;

	for (const xmlNode *c = n; c && rc == 0; c = c->next) {
		if (named(c, "termEntry") || named(c, "conceptEntry"))
			rc = import_tbx_entry(x, c);
		else if (c->type == XML_ELEMENT_NODE)
			rc = import_tbx_walk(x, c->children);
	}
	return rc;
}

static int import_tbx(import_ctx *x)
{
	xmlDocPtr doc;
	const xmlNode *root;
	int rc;

	/* No network, no entity expansion: a glossary is data. */
	doc = xmlReadFile(x->path, NULL, XML_PARSE_NONET | XML_PARSE_NOWARNING);
	if (!doc) {
		const xmlError *e = xmlGetLastError();

		if (access(x->path, R_OK) != 0)
			return aln__error(ALN_EIO, _("cannot read '%s': %s"),
					  x->path, strerror(errno));
		rc = aln__error(ALN_EFORMAT, _("malformed XML: %s"),
				e && e->message ? e->message : "?");
		/* libxml2 messages end with a newline: drop it. */
		if (e)
			aln__error_at(x->path, e->line, e->int2, -1);
		return rc;
	}
	root = xmlDocGetRootElement(doc);
	if (!root || (!named(root, "martif") && !named(root, "tbx"))) {
		rc = aln__error(ALN_EFORMAT, "%s",
				_("not a TBX file: the root element is not "
				  "martif or tbx"));
		aln__error_at(x->path, root ? xmlGetLineNo(root) : 1, 0, -1);
		xmlFreeDoc(doc);
		return rc;
	}
	rc = import_tbx_walk(x, root->children);
	xmlFreeDoc(doc);
	return rc;
}

int aln_term_import(aln_memory *m, const char *path, aln_term_format format,
		    const char *srclang, const char *tgtlang, size_t *imported,
		    size_t *skipped)
{
	import_ctx x = { 0 };
	sqlite3 *db = aln__term_db(m);
	int rc;

	if (imported)
		*imported = 0;
	if (skipped)
		*skipped = 0;
	if (!db)
		return aln__error(ALN_EUNSUPPORTED, "%s",
				  _("this memory keeps no terminology"));
	x.m = m;
	x.path = path;
	if ((srclang &&
	     (rc = aln_lang_base(x.want_src, ALN_LANG_MAX, srclang)) < 0) ||
	    (tgtlang &&
	     (rc = aln_lang_base(x.want_tgt, ALN_LANG_MAX, tgtlang)) < 0))
		return rc;
	if ((rc = aln__term_savepoint(db, "SAVEPOINT")) < 0)
		return rc;
	if (format == ALN_TERM_CSV)
		rc = import_csv(&x, srclang, tgtlang);
	else if (format == ALN_TERM_TBX)
		rc = import_tbx(&x);
	else
		rc = aln__error(ALN_EUNSUPPORTED, "%s",
				_("unknown glossary format"));
	if (rc < 0) {
		aln__term_abort(db);
		return rc;
	}
	if ((rc = aln__term_savepoint(db, "RELEASE")) < 0)
		return rc;
	if (imported)
		*imported = x.imported;
	if (skipped)
		*skipped = x.skipped;
	return 0;
}

/* ---- term candidates ---- */

typedef struct extract_ctx {
	aln__extract *x;
	char src[ALN_LANG_MAX], tgt[ALN_LANG_MAX]; /* bases */
} extract_ctx;

static int extract_unit(const aln_unit *u, void *data)
{
	extract_ctx *c = data;
	const char *s = NULL, *t = NULL;

	for (size_t i = 0; i < u->nvariants; i++) {
		const aln_variant *v = &u->variants[i];

		if (!s && lang_base_is(v->lang, c->src))
			s = v->text;
		else if (!t && lang_base_is(v->lang, c->tgt))
			t = v->text;
	}
	if (!s || !t)
		return 0;
	return aln__extract_add(c->x, u->id, s, t);
}

int aln_term_extract(aln_memory *m, const aln_term_extract_options *opts,
		     aln_term_candidate_cb cb, void *data)
{
	aln_unit_filter f = ALN_UNIT_FILTER_INIT;
	extract_ctx c = { 0 };
	const char *langs[2];
	const aln__candidate *cand;
	size_t n;
	int rc;

	if (!opts || !opts->srclang || !opts->tgtlang)
		return aln__error(ALN_EINVAL, "%s", _("a language is missing"));
	if ((rc = aln_lang_base(c.src, sizeof(c.src), opts->srclang)) < 0 ||
	    (rc = aln_lang_base(c.tgt, sizeof(c.tgt), opts->tgtlang)) < 0)
		return rc;
	langs[0] = c.src;
	langs[1] = c.tgt;
	f.langs = langs;
	f.nlangs = 2;
	if ((rc = aln__extract_new(&c.x, c.src, c.tgt, opts->min_count)) < 0)
		return rc;
	/* Counts, pairs, then the examples of the pairs kept. */
	if ((rc = aln_memory_each_unit(m, &f, extract_unit, &c)) < 0 ||
	    (rc = aln__extract_next_pass(c.x)) < 0 ||
	    (rc = aln_memory_each_unit(m, &f, extract_unit, &c)) < 0 ||
	    (rc = aln__extract_next_pass(c.x)) < 0 ||
	    (rc = aln_memory_each_unit(m, &f, extract_unit, &c)) < 0 ||
	    (rc = aln__extract_finish(c.x, &cand, &n)) < 0)
		goto done;
	for (size_t i = 0; i < n && rc == 0; i++) {
		aln_term_candidate o = { 0 };

		o.source = cand[i].source;
		o.target = cand[i].target;
		o.count = cand[i].count;
		o.source_count = cand[i].source_count;
		o.target_count = cand[i].target_count;
		o.score = cand[i].score;
		o.example_unit = cand[i].example_unit;
		o.example_source = cand[i].example_source;
		o.example_target = cand[i].example_target;
		rc = cb(&o, data);
	}
done:
	aln__extract_free(c.x);
	return rc;
}
