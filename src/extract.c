// SPDX-License-Identifier: MIT
/*
 * Finding the paragraphs of HTML pages, DOCX and ODT documents. HTML goes
 * through libxml2's forgiving HTML parser: block elements are paragraphs;
 * scripts, styles, navigation and hidden elements are dropped. DOCX and
 * ODT are zip packages read with libzip (never a home-made inflate),
 * every entry capped at max_size bytes so a zip bomb costs bounded work;
 * their XML is streamed with libxml2's reader, without network access or
 * entity expansion. Paragraphs, headings, list items, table cells and
 * footnotes are kept; tracked deletions, field codes and comments are not.
 */
#include "read.h"

#include <libxml/HTMLparser.h>
#include <libxml/xmlreader.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

/* Nested paragraphs (a footnote inside a paragraph) deeper than this are
 * flattened into their parent. */
#define MAX_NEST 16

/*
 * The paragraphs being built: one buffer per open paragraph, innermost
 * last, so that a paragraph nested in another is emitted on its own.
 */
typedef struct builder {
	aln__sink *sink;
	aln_buf stack[MAX_NEST];
	int depth; /* open paragraphs; text before any goes to stack[0] */
	int rc;
	/*
	 * Paragraphs that closed inside another (a footnote's), each ending
	 * in a NUL: they follow the paragraph that holds them.
	 */
	aln_buf deferred;
} builder;

static aln_buf *top(builder *b)
{
	return &b->stack[b->depth > 0 ? b->depth - 1 : 0];
}

static void put(builder *b, const char *s, size_t len)
{
	if (b->rc == 0)
		b->rc = aln_buf_put(top(b), s, len);
}

static void flush(builder *b)
{
	aln_buf *t = top(b);

	if (b->rc == 0 && t->len)
		b->rc = aln__sink_paragraph(b->sink, t->ptr, t->len);
	aln_buf_clear(t);
}

static void open_para(builder *b)
{
	if (b->depth == 0)
		flush(b); /* stray text before the first paragraph */
	if (b->depth < MAX_NEST)
		b->depth++;
	aln_buf_clear(top(b));
}

static void close_para(builder *b)
{
	aln_buf *t = top(b);

	if (b->depth > 1) {
		if (b->rc == 0 && t->len)
			b->rc = aln_buf_put(&b->deferred, t->ptr, t->len + 1);
		aln_buf_clear(t);
		b->depth--;
		return;
	}
	flush(b);
	if (b->depth > 0)
		b->depth--;
	if (b->depth == 0 && b->deferred.len) {
		size_t i = 0;

		while (b->rc == 0 && i < b->deferred.len) {
			size_t n = strlen(b->deferred.ptr + i);

			b->rc = aln__sink_paragraph(b->sink,
						    b->deferred.ptr + i, n);
			i += n + 1;
		}
		aln_buf_clear(&b->deferred);
	}
}

static void builder_free(builder *b)
{
	int i;

	for (i = 0; i < MAX_NEST; i++)
		aln_buf_free(&b->stack[i]);
	aln_buf_free(&b->deferred);
}

/* --- HTML ---------------------------------------------------------- */

static int in_list(const char *name, const char *const *list)
{
	for (; *list; list++)
		if (!strcasecmp(name, *list))
			return 1;
	return 0;
}

static const char *const html_skipped[] = {
	"script", "style", "nav",   "noscript", "template", "head",
	"iframe", "svg",   "math",  "object",	"select",   "button",
	"canvas", "audio", "video", "map",	NULL,
};

static const char *const html_blocks[] = {
	"p",	      "div",	  "h1",	     "h2",	   "h3",      "h4",
	"h5",	      "h6",	  "li",	     "ul",	   "ol",      "dl",
	"dt",	      "dd",	  "td",	     "th",	   "tr",      "table",
	"blockquote", "pre",	  "section", "article",	   "header",  "footer",
	"main",	      "address",  "figure",  "figcaption", "caption", "hr",
	"form",	      "fieldset", "legend",  "details",	   "summary", "aside",
	"center",     "body",	  "html",    "title",	   "option",  "tbody",
	"thead",      "tfoot",	  NULL,
};

struct html_walk {
	builder b;
	int brs; /* consecutive <br> since the last text */
};

static void html_walk_node(struct html_walk *w, xmlNode *node, int depth)
{
	xmlNode *c;

	for (c = node; c && w->b.rc == 0; c = c->next) {
		if (c->type == XML_TEXT_NODE ||
		    c->type == XML_CDATA_SECTION_NODE) {
			const char *s = (const char *)c->content;

			if (!s)
				continue;
			if (w->brs >= 2)
				flush(&w->b);
			if (s[strspn(s, " \t\r\n")])
				w->brs = 0;
			put(&w->b, s, strlen(s));
			continue;
		}
		if (c->type != XML_ELEMENT_NODE || !c->name)
			continue;
		const char *name = (const char *)c->name;

		if (in_list(name, html_skipped) ||
		    xmlHasProp(c, (const xmlChar *)"hidden"))
			continue;
		if (!strcasecmp(name, "br")) {
			w->brs++;
			put(&w->b, " ", 1);
			continue;
		}
		if (depth > 500) /* absurd nesting: flatten the rest */
			continue;
		if (in_list(name, html_blocks)) {
			flush(&w->b);
			w->brs = 0;
			html_walk_node(w, c->children, depth + 1);
			flush(&w->b);
		} else {
			html_walk_node(w, c->children, depth + 1);
		}
	}
}

int aln__extract_html(aln__sink *sink, const char *utf8, size_t len)
{
	struct html_walk w;
	htmlParserCtxtPtr ctxt;
	htmlDocPtr doc;
	int halted;

	memset(&w, 0, sizeof(w));
	w.b.sink = sink;
	if (len > INT32_MAX)
		return aln__error(ALN_ELIMIT, "%s", _("the page is too large"));
	if (!len)
		return 0;
	if (!(ctxt = htmlNewParserCtxt()))
		return aln__error(ALN_ENOMEM, "%s", _("out of memory"));
	doc = htmlCtxtReadMemory(ctxt, utf8, (int)len, NULL, "UTF-8",
				 HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
					 HTML_PARSE_NOWARNING |
					 HTML_PARSE_NONET);
	/*
	 * Even in recovery mode libxml2 halts, keeping what came before,
	 * on a fatal limit such as elements nested more than 256 deep:
	 * the rest of the page would be lost without a word.
	 */
	halted = ctxt->disableSAX;
	htmlFreeParserCtxt(ctxt);
	if (doc && halted) {
		xmlFreeDoc(doc);
		aln__error(ALN_ELIMIT, "%s",
			   _("the HTML page nests its elements too deeply "
			     "(more than 256 levels) to be read whole"));
		aln__error_hint("%s", _("save the page as plain text, or "
					"remove the needless nesting"));
		return ALN_ELIMIT;
	}
	if (!doc)
		return aln__error(ALN_EFORMAT, "%s",
				  _("cannot parse the HTML page"));
	html_walk_node(&w, xmlDocGetRootElement(doc), 0);
	flush(&w.b);
	xmlFreeDoc(doc);
	builder_free(&w.b);
	return w.b.rc;
}

/* --- zip packages ---------------------------------------------------- */

static zip_t *zip_open_memory(const char *data, size_t len)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *za;

	zip_error_init(&ze);
	src = zip_source_buffer_create(data, len, 0, &ze);
	if (!src) {
		zip_error_fini(&ze);
		return NULL;
	}
	za = zip_open_from_source(src, ZIP_RDONLY, &ze);
	if (!za)
		zip_source_free(src);
	zip_error_fini(&ze);
	return za;
}

int aln__zip_has(const char *data, size_t len, const char *name)
{
	zip_t *za = zip_open_memory(data, len);
	int found;

	if (!za)
		return 0;
	found = zip_name_locate(za, name, 0) >= 0;
	zip_discard(za);
	return found;
}

/*
 * Reads entry name into out, at most max bytes whatever the archive
 * claims. A missing entry gives ALN_ENOTFOUND when optional, else
 * ALN_EFORMAT.
 */
static int read_entry(zip_t *za, const char *name, aln_buf *out, size_t max,
		      int optional)
{
	zip_file_t *zf;
	zip_stat_t st;
	zip_uint64_t packed = 0;
	int rc = 0;

	if (zip_name_locate(za, name, 0) < 0) {
		if (optional)
			return ALN_ENOTFOUND;
		return aln__error(ALN_EFORMAT,
				  _("the package has no '%s' entry"), name);
	}
	zip_stat_init(&st);
	if (zip_stat(za, name, 0, &st) == 0 && (st.valid & ZIP_STAT_COMP_SIZE))
		packed = st.comp_size;
	if (!(zf = zip_fopen(za, name, 0)))
		return aln__error(ALN_EFORMAT,
				  _("cannot open '%s' in the "
				    "package: %s"),
				  name, zip_strerror(za));
	for (;;) {
		zip_int64_t n;

		if ((rc = aln_buf_grow(out, 1 << 16)) < 0)
			break;
		n = zip_fread(zf, out->ptr + out->len, out->cap - out->len - 1);
		if (n < 0) {
			rc = aln__error(ALN_EFORMAT, _("cannot unzip '%s': %s"),
					name, zip_file_strerror(zf));
			break;
		}
		if (n == 0)
			break;
		out->len += (size_t)n;
		/*
		 * XML rarely packs better than 20 to 1; a thousand to one is
		 * a bomb, stopped before it costs the whole cap.
		 */
		if (out->len > max ||
		    (out->len > (8u << 20) && out->len / 200 > packed)) {
			rc = aln__error(ALN_ELIMIT,
					_("'%s' unzips to more than %zu "
					  "bytes"),
					name, out->len);
			aln__error_hint("%s", _("the document may be a zip "
						"bomb; if it is genuine, "
						"split it"));
			break;
		}
	}
	zip_fclose(zf);
	if (rc == 0 && out->ptr)
		out->ptr[out->len] = '\0';
	return rc;
}

/* What a word processor's XML stream means for the text. */
typedef struct xml_rules {
	const char *const *paragraphs; /* elements that are paragraphs */
	const char *const *skipped;    /* subtrees left out */
	const char *const *spaces;     /* empty elements meaning a space */
	const char *text;	       /* only text inside it counts, or NULL */
} xml_rules;

static int stream_xml(builder *b, const aln_buf *xml, const char *entry,
		      const xml_rules *r)
{
	xmlTextReaderPtr rd;
	int ret, in_text = 0;

	if (xml->len > INT32_MAX)
		return aln__error(ALN_ELIMIT, _("'%s' is too large"), entry);
	rd = xmlReaderForMemory(
		xml->ptr ? xml->ptr : "", (int)xml->len, NULL, "UTF-8",
		XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!rd)
		return ALN_ENOMEM;
	ret = xmlTextReaderRead(rd);
	while (ret == 1 && b->rc == 0) {
		int type = xmlTextReaderNodeType(rd);
		const char *name =
			(const char *)xmlTextReaderConstLocalName(rd);

		if (type == XML_READER_TYPE_ELEMENT && name) {
			int empty = xmlTextReaderIsEmptyElement(rd);

			if (in_list(name, r->skipped)) {
				ret = xmlTextReaderNext(rd);
				continue;
			}
			if (in_list(name, r->paragraphs)) {
				open_para(b);
				if (empty)
					close_para(b);
			} else if (in_list(name, r->spaces)) {
				put(b, " ", 1);
			} else if (r->text && !strcmp(name, r->text) &&
				   !empty) {
				in_text++;
			}
		} else if (type == XML_READER_TYPE_END_ELEMENT && name) {
			if (in_list(name, r->paragraphs))
				close_para(b);
			else if (r->text && !strcmp(name, r->text) &&
				 in_text > 0)
				in_text--;
		} else if (type == XML_READER_TYPE_TEXT ||
			   type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
			   type == XML_READER_TYPE_CDATA) {
			const char *v =
				(const char *)xmlTextReaderConstValue(rd);

			if (v && (!r->text || in_text))
				put(b, v, strlen(v));
		}
		ret = xmlTextReaderRead(rd);
	}
	xmlFreeTextReader(rd);
	if (ret < 0 && b->rc == 0)
		b->rc = aln__error(ALN_EFORMAT,
				   _("'%s' in the package is not well-formed "
				     "XML"),
				   entry);
	while (b->depth > 0)
		close_para(b);
	flush(b);
	return b->rc;
}

static int extract_package(aln__sink *sink, const char *data, size_t len,
			   size_t max, const char *const *entries, int required,
			   const xml_rules *r)
{
	aln_buf xml = ALN_BUF_INIT;
	builder b;
	zip_t *za;
	int rc = 0, i;

	memset(&b, 0, sizeof(b));
	b.sink = sink;
	if (!(za = zip_open_memory(data, len))) {
		aln__error(ALN_EFORMAT, "%s",
			   _("a corrupt zip package (DOCX or ODT)"));
		aln__error_hint("%s", _("open the document in its word "
					"processor and save it again"));
		return ALN_EFORMAT;
	}
	for (i = 0; entries[i] && rc == 0; i++) {
		aln_buf_clear(&xml);
		rc = read_entry(za, entries[i], &xml, max, i >= required);
		if (rc == ALN_ENOTFOUND) {
			rc = 0;
			continue;
		}
		if (rc == 0)
			rc = stream_xml(&b, &xml, entries[i], r);
	}
	zip_discard(za);
	aln_buf_free(&xml);
	builder_free(&b);
	return rc;
}

int aln__extract_docx(aln__sink *sink, const char *zip, size_t len,
		      size_t max_size)
{
	static const char *const entries[] = {
		"word/document.xml",
		"word/footnotes.xml",
		"word/endnotes.xml",
		NULL,
	};
	static const char *const paragraphs[] = { "p", NULL };
	/* Deleted text, field instructions, the fallback copy of
	 * alternate content, and comments. */
	static const char *const skipped[] = {
		"del",
		"delText",
		"instrText",
		"moveFrom",
		"Fallback",
		"commentReference",
		"annotationRef",
		"separator",
		"continuationSeparator",
		NULL,
	};
	static const char *const spaces[] = { "tab", "br", "cr", NULL };
	static const xml_rules r = { paragraphs, skipped, spaces, "t" };

	return extract_package(sink, zip, len, max_size, entries, 1, &r);
}

int aln__extract_odt(aln__sink *sink, const char *zip, size_t len,
		     size_t max_size)
{
	static const char *const entries[] = { "content.xml", NULL };
	static const char *const paragraphs[] = { "p", "h", NULL };
	static const char *const skipped[] = {
		"tracked-changes", "annotation", "note-citation",
		"deletion",	   "script",	 NULL,
	};
	static const char *const spaces[] = { "s", "tab", "line-break", NULL };
	static const xml_rules r = { paragraphs, skipped, spaces, NULL };

	return extract_package(sink, zip, len, max_size, entries, 1, &r);
}
