// SPDX-License-Identifier: MIT
/*
 * The TMX reader (aln_tmx_read): libxml2's streaming xmlTextReader walks
 * the file node by node, so memory stays constant whatever its size, and
 * a small state machine turns tu/tuv/seg into aln_unit structs. It
 * tolerates what real tools write (TMX 1.1 to 1.4b, "lang" for
 * "xml:lang", any encoding libxml2 and iconv know, props and notes in any
 * place, srclang per tu, unknown attributes and elements) and repairs
 * inline markup so that what it hands out can be written back as valid
 * TMX 1.4b: attributes the DTD does not allow on an inline element are
 * dropped, a bpt or ept without its partner becomes an it. Security: no
 * network, no DTD loading, no external entity, and internal entities
 * only within libxml2's amplification bounds. Storing units is the
 * caller's business.
 */
#include "tmx-unit.h"
#include "alinea/tmx.h"

#include <libxml/xmlreader.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_INLINE_DEPTH 32
#define MAX_PAIRS 4096
#define MAX_UNIT_BYTES (64u << 20)

enum where { W_NONE, W_HEADER, W_BODY, W_TU, W_TUV, W_SEG };
enum collect { C_NONE, C_PROP, C_NOTE };

/* What the inline element names are, and which attributes each keeps. */
struct inline_def {
	const char *name;
	int code; /* its content is a native code, not text */
	const char *const *attrs;
};

static const char *const a_bpt[] = { "i", "x", "type", NULL };
static const char *const a_ept[] = { "i", NULL };
static const char *const a_it[] = { "pos", "x", "type", NULL };
static const char *const a_ph[] = { "x", "assoc", "type", NULL };
static const char *const a_hi[] = { "x", "type", NULL };
static const char *const a_ut[] = { "x", NULL };
static const char *const a_sub[] = { "datatype", "type", NULL };

enum { I_BPT, I_EPT, I_IT, I_PH, I_HI, I_UT, I_SUB, I_UNKNOWN };
static const struct inline_def inlines[] = {
	[I_BPT] = { "bpt", 1, a_bpt }, [I_EPT] = { "ept", 1, a_ept },
	[I_IT] = { "it", 1, a_it },    [I_PH] = { "ph", 1, a_ph },
	[I_HI] = { "hi", 0, a_hi },    [I_UT] = { "ut", 1, a_ut },
	[I_SUB] = { "sub", 0, a_sub },
};

/* An open inline element of the current seg. */
struct open_inline {
	int kind;     /* I_*; I_UNKNOWN for an element whose tags are dropped */
	int out_kind; /* the element written: it becomes ph without pos */
	size_t pair;  /* its entry in pairs, or SIZE_MAX */
};

/* A bpt or ept of the current seg, where it sits in the markup. */
struct pair_rec {
	int kind;		 /* I_BPT or I_EPT */
	char i[32];		 /* its i attribute, "" when missing */
	size_t start, name_end;	 /* "<bpt" spans start..name_end */
	size_t i_start, i_end;	 /* the ' i="..."' attribute */
	size_t content, end_tag; /* after the start tag; "</bpt>" */
	size_t end;		 /* after the end tag */
	int empty;		 /* written as <bpt .../> */
	int broken;
};

typedef struct reader {
	const char *path;
	const aln_tmx_read_options *opts;
	aln_unit_cb cb;
	void *cb_data;
	xmlTextReaderPtr xr;
	unsigned long long size;

	/* The first error libxml2 reported. */
	int xml_failed;
	long err_line, err_col;
	int err_code;
	char err_msg[256];

	char header_srclang[ALN_LANG_MAX];
	char *header_tool;
	tmx_lang_cache langs;
	tmx_builder b;

	enum where where;
	int depth_tu, depth_tuv, depth_seg;
	long tu_line;
	char *bad; /* why the current unit is invalid, or NULL */
	long bad_line;
	size_t unit_bytes;

	/* The current tuv. */
	char tuv_lang[ALN_LANG_MAX];
	int tuv_has_lang, tuv_seen_seg;
	long tuv_index; /* index its props get before it is added */
	char *tuv_created;
	size_t tuv_first_prop;
	aln_buf text, markup, nfc;
	int has_inline;
	struct open_inline stack[MAX_INLINE_DEPTH];
	int nstack, code_depth, unknown_depth;
	struct pair_rec *pairs;
	size_t npairs, cpairs;

	/* A prop or note being read. */
	enum collect collect;
	int collect_depth;
	long collect_owner;
	char *collect_type, *collect_lang;
	aln_buf value;

	unsigned long long units;
	int warned_attr, warned_elem, warned_date;
} reader;

static void on_xml_error(void *data, xmlErrorPtr e)
{
	reader *r = data;

	if (!e || e->level < XML_ERR_ERROR || r->xml_failed)
		return;
	r->xml_failed = 1;
	r->err_line = e->line;
	r->err_col = e->int2;
	r->err_code = e->code;
	snprintf(r->err_msg, sizeof(r->err_msg), "%s",
		 e->message ? e->message : "?");
	r->err_msg[strcspn(r->err_msg, "\n")] = '\0';
}

static long node_line(reader *r)
{
	xmlNodePtr n = xmlTextReaderCurrentNode(r->xr);
	long l = n ? xmlGetLineNo(n) : -1;

	return l > 0 ? l : xmlTextReaderGetParserLineNumber(r->xr);
}

static void event(reader *r, int kind, long line, const char *fmt, ...)
	ALN_PRINTF(4, 5);
static void event(reader *r, int kind, long line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (!r->opts->on_event)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	r->opts->on_event(kind, r->path, line, msg, r->opts->data);
}

static int fail_xml(reader *r)
{
	int code = ALN_EFORMAT;

	if (!r->xml_failed)
		snprintf(r->err_msg, sizeof(r->err_msg), "%s",
			 "unexpected end of the document");
	switch (r->err_code) {
	case XML_ERR_INVALID_CHAR:
	case XML_ERR_INVALID_ENCODING:
	case XML_ERR_UNKNOWN_ENCODING:
	case XML_ERR_UNSUPPORTED_ENCODING:
		code = ALN_EENCODING;
		break;
	case XML_ERR_ENTITY_LOOP:
		code = ALN_ELIMIT;
		break;
	default:
		if (strstr(r->err_msg, "amplification") ||
		    strstr(r->err_msg, "entity reference loop"))
			code = ALN_ELIMIT;
		break;
	}
	aln__error(code, _("malformed XML: %s"), r->err_msg);
	aln__error_at(r->path, r->err_line > 0 ? r->err_line : 0,
		      r->err_col > 0 ? r->err_col : 0, -1);
	if (code == ALN_EENCODING)
		aln__error_hint("%s", _("declare the file's encoding, as in "
					"<?xml version=\"1.0\" "
					"encoding=\"windows-1252\"?>"));
	else if (code == ALN_ELIMIT)
		aln__error_hint("%s", _("the file expands entities beyond "
					"safe bounds; it is refused"));
	else
		aln__error_hint("%s", _("check the file with 'xmllint --noout "
					"FILE'; nothing from it was stored"));
	return code;
}

/* Marks the current unit invalid (the first reason wins). */
static int invalid(reader *r, long line, const char *fmt, ...) ALN_PRINTF(3, 4);
static int invalid(reader *r, long line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (r->bad)
		return 0;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	r->bad = aln__strdup(msg);
	r->bad_line = line;
	return r->bad ? 0 : ALN_ENOMEM;
}

/*
 * Reads the attributes of the current element into the names asked for:
 * names[i] gets a malloc'd copy of its value, or stays NULL. "xml:lang"
 * also answers to "lang".
 */
static int get_attrs(reader *r, const char *const *names, char **values,
		     size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		values[i] = NULL;
	if (xmlTextReaderMoveToFirstAttribute(r->xr) != 1)
		return 0;
	do {
		const char *an = (const char *)xmlTextReaderConstName(r->xr);
		const char *av = (const char *)xmlTextReaderConstValue(r->xr);

		for (i = 0; i < n; i++) {
			if (strcmp(an, names[i]) &&
			    !(!strcmp(names[i], "xml:lang") &&
			      !strcmp(an, "lang")))
				continue;
			if (values[i] && !strcmp(an, "lang"))
				break; /* xml:lang wins over lang */
			free(values[i]);
			values[i] = aln__strdup(av ? av : "");
			if (!values[i]) {
				xmlTextReaderMoveToElement(r->xr);
				return ALN_ENOMEM;
			}
			break;
		}
	} while (xmlTextReaderMoveToNextAttribute(r->xr) == 1);
	xmlTextReaderMoveToElement(r->xr);
	return 0;
}

static void free_attrs(char **values, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(values[i]);
}

static int on_header(reader *r)
{
	static const char *const names[] = { "srclang", "creationtool" };
	char *v[2];
	int rc = get_attrs(r, names, v, 2);

	if (rc < 0)
		return rc;
	r->header_srclang[0] = '\0';
	if (v[0] && strcmp(v[0], "*all*") &&
	    tmx_lang(&r->langs, r->header_srclang, v[0]) < 0) {
		event(r, ALN_TMX_WARNING, node_line(r),
		      _("the header's srclang '%s' is not a language tag; "
			"ignored"),
		      v[0]);
		r->header_srclang[0] = '\0';
	}
	aln_error_clear();
	free(r->header_tool);
	r->header_tool = v[1];
	v[1] = NULL;
	free_attrs(v, 2);
	return 0;
}

static int set_date(reader *r, size_t *off, const char *s)
{
	if (!s)
		return 0;
	if (!tmx_date_valid(s)) {
		if (!r->warned_date++)
			event(r, ALN_TMX_WARNING, node_line(r),
			      _("the date '%s' is not YYYYMMDDThhmmssZ; "
				"ignored"),
			      s);
		return 0;
	}
	return tmx_builder_str(&r->b, off, s, strlen(s));
}

static int on_tu(reader *r)
{
	static const char *const names[] = { "tuid", "srclang", "creationdate",
					     "changedate", "creationtool" };
	char *v[5];
	char lang[ALN_LANG_MAX];
	int rc;

	tmx_builder_reset(&r->b);
	free(r->bad);
	r->bad = NULL;
	r->unit_bytes = 0;
	r->tu_line = node_line(r);
	if ((rc = get_attrs(r, names, v, 5)) < 0)
		return rc;
	if (v[0] &&
	    (rc = tmx_builder_str(&r->b, &r->b.tuid, v[0], strlen(v[0]))) < 0)
		goto out;
	if (v[1] && strcmp(v[1], "*all*")) {
		if (tmx_lang(&r->langs, lang, v[1]) < 0) {
			aln_error_clear();
			event(r, ALN_TMX_WARNING, r->tu_line,
			      _("the unit's srclang '%s' is not a language "
				"tag; ignored"),
			      v[1]);
		} else if ((rc = tmx_builder_str(&r->b, &r->b.srclang, lang,
						 strlen(lang))) < 0)
			goto out;
	} else if (!v[1] && r->header_srclang[0] &&
		   (rc = tmx_builder_str(&r->b, &r->b.srclang,
					 r->header_srclang,
					 strlen(r->header_srclang))) < 0)
		goto out;
	if ((rc = set_date(r, &r->b.created, v[2])) < 0 ||
	    (rc = set_date(r, &r->b.changed, v[3])) < 0)
		goto out;
	if (v[4] || r->header_tool) {
		const char *t = v[4] ? v[4] : r->header_tool;

		rc = tmx_builder_str(&r->b, &r->b.tool, t, strlen(t));
	}
out:
	free_attrs(v, 5);
	return rc;
}

static int on_tuv(reader *r)
{
	static const char *const names[] = { "xml:lang", "creationdate" };
	char *v[2];
	int rc;

	if ((rc = get_attrs(r, names, v, 2)) < 0)
		return rc;
	r->tuv_has_lang = 0;
	r->tuv_seen_seg = 0;
	r->tuv_index = (long)r->b.nvars;
	r->tuv_first_prop = r->b.nprops;
	free(r->tuv_created);
	r->tuv_created = NULL;
	if (!v[0] || !*v[0])
		rc = invalid(r, node_line(r), "%s", _("a tuv has no xml:lang"));
	else if (tmx_lang(&r->langs, r->tuv_lang, v[0]) < 0) {
		aln_error_clear();
		rc = invalid(r, node_line(r), _("'%s' is not a language tag"),
			     v[0]);
	} else
		r->tuv_has_lang = 1;
	if (v[1] && tmx_date_valid(v[1])) {
		r->tuv_created = v[1];
		v[1] = NULL;
	}
	free_attrs(v, 2);
	return rc;
}

static int begin_collect(reader *r, enum collect what, long owner)
{
	static const char *const names[] = { "type", "xml:lang" };
	char *v[2];
	int rc;

	if ((rc = get_attrs(r, names, v, 2)) < 0)
		return rc;
	free(r->collect_type);
	free(r->collect_lang);
	r->collect_type = v[0];
	r->collect_lang = v[1];
	r->collect = what;
	r->collect_owner = owner;
	r->collect_depth = xmlTextReaderDepth(r->xr);
	aln_buf_clear(&r->value);
	return 0;
}

/* A prop or note is complete: keep it, or turn it into a field. */
static int end_collect(reader *r)
{
	char lang[ALN_LANG_MAX];
	const char *type = r->collect == C_PROP ? r->collect_type : NULL;
	const char *v = r->value.ptr ? r->value.ptr : "";
	const char *plang = NULL;
	long owner = r->collect_owner;

	r->collect = C_NONE;
	if (r->collect_lang && tmx_lang(&r->langs, lang, r->collect_lang) == 0)
		plang = lang;
	aln_error_clear();
	if (type && owner < 0 && !strcmp(type, TMX_PROP_CONFIDENCE)) {
		char *end;
		double c = strtod(v, &end);

		if (end != v && !*end && c >= 0 && c <= 1) {
			r->b.confidence = c;
			return 0;
		}
	}
	r->unit_bytes += r->value.len;
	return tmx_builder_prop(&r->b, owner, type ? type : NULL, v,
				r->value.len, plang);
}

static int kind_of(const char *name)
{
	int k;

	for (k = 0; k < I_UNKNOWN; k++)
		if (!strcmp(name, inlines[k].name))
			return k;
	return I_UNKNOWN;
}

/* Whether an element of kind child may sit in parent (-1: the seg). */
static int allowed(int parent, int child)
{
	if (child == I_UNKNOWN)
		return 0;
	if (parent < 0 || parent == I_HI || parent == I_SUB)
		return child != I_SUB;
	if (parent == I_UNKNOWN)
		return 0;
	return child == I_SUB; /* in bpt, ept, it, ph, ut */
}

static int add_pair(reader *r, struct pair_rec **out)
{
	if (r->npairs >= MAX_PAIRS)
		return invalid(r, node_line(r), "%s",
			       _("a segment has too many inline codes"));
	if (r->npairs == r->cpairs) {
		size_t n = r->cpairs ? r->cpairs * 2 : 16;
		struct pair_rec *p = aln__reallocarray(r->pairs, n, sizeof(*p));

		if (!p)
			return ALN_ENOMEM;
		r->pairs = p;
		r->cpairs = n;
	}
	*out = &r->pairs[r->npairs++];
	memset(*out, 0, sizeof(**out));
	return 0;
}

/* An element starts inside seg. */
static int seg_element(reader *r, const char *name, int empty)
{
	int parent = r->nstack ? r->stack[r->nstack - 1].kind : -1;
	int kind = kind_of(name), out_kind;
	const struct inline_def *d;
	struct pair_rec *pr = NULL;
	aln_buf *m = &r->markup;
	char pos[8] = "";
	int rc;

	if (r->nstack && parent == I_UNKNOWN && r->unknown_depth)
		parent = -2;
	if (r->nstack >= MAX_INLINE_DEPTH)
		return invalid(r, node_line(r), "%s",
			       _("inline elements are nested too deep"));
	if (!allowed(parent == -2 ? I_UNKNOWN : parent, kind)) {
		if (!r->warned_elem++)
			event(r, ALN_TMX_WARNING, node_line(r),
			      _("'%s' is not allowed here in a seg; its tags "
				"are dropped and its text kept"),
			      name);
		kind = I_UNKNOWN;
	}
	if (kind == I_UNKNOWN) {
		if (!empty) {
			r->stack[r->nstack].kind = I_UNKNOWN;
			r->stack[r->nstack].out_kind = I_UNKNOWN;
			r->stack[r->nstack].pair = SIZE_MAX;
			r->nstack++;
		}
		return 0;
	}
	out_kind = kind;
	if (kind == I_IT) {
		char *v[1];
		static const char *const pn[] = { "pos" };

		if ((rc = get_attrs(r, pn, v, 1)) < 0)
			return rc;
		if (v[0] && (!strcmp(v[0], "begin") || !strcmp(v[0], "end")))
			snprintf(pos, sizeof(pos), "%s", v[0]);
		else
			out_kind = I_PH;
		free(v[0]);
	}
	d = &inlines[out_kind];
	r->has_inline = 1;
	if (kind == I_BPT || kind == I_EPT) {
		if ((rc = add_pair(r, &pr)) < 0)
			return rc;
		if (!pr)
			return 0;
		pr->kind = kind;
		pr->start = m->len;
	}
	if (aln_buf_putc(m, '<') < 0 || aln_buf_puts(m, d->name) < 0)
		return ALN_ENOMEM;
	if (pr)
		pr->name_end = pr->i_start = pr->i_end = m->len;
	if (xmlTextReaderMoveToFirstAttribute(r->xr) == 1) {
		do {
			const char *an =
				(const char *)xmlTextReaderConstName(r->xr);
			const char *av =
				(const char *)xmlTextReaderConstValue(r->xr);
			const char *const *ok = inlines[kind].attrs;
			size_t at = m->len;

			if (!av)
				av = "";
			if (out_kind != kind)
				ok = d->attrs;
			if (out_kind == I_IT && !strcmp(an, "pos"))
				continue; /* written below, checked */
			while (*ok && strcmp(*ok, an))
				ok++;
			if (!*ok) {
				if (!r->warned_attr++)
					event(r, ALN_TMX_WARNING, node_line(r),
					      _("the attribute '%s' is not "
						"TMX on '%s'; dropped"),
					      an, name);
				continue;
			}
			if (aln_buf_putc(m, ' ') < 0 ||
			    aln_buf_puts(m, an) < 0 ||
			    aln_buf_puts(m, "=\"") < 0 ||
			    tmx_escape(m, av, strlen(av), 1) < 0 ||
			    aln_buf_putc(m, '"') < 0) {
				xmlTextReaderMoveToElement(r->xr);
				return ALN_ENOMEM;
			}
			if (pr && !strcmp(an, "i")) {
				pr->i_start = at;
				pr->i_end = m->len;
				snprintf(pr->i, sizeof(pr->i), "%s", av);
				if (strlen(av) >= sizeof(pr->i))
					pr->i[0] = '\0';
			}
		} while (xmlTextReaderMoveToNextAttribute(r->xr) == 1);
		xmlTextReaderMoveToElement(r->xr);
	}
	if (out_kind == I_IT) {
		if (aln_buf_puts(m, " pos=\"") < 0 ||
		    aln_buf_puts(m, pos) < 0 || aln_buf_putc(m, '"') < 0)
			return ALN_ENOMEM;
	}
	if (aln_buf_puts(m, empty ? "/>" : ">") < 0)
		return ALN_ENOMEM;
	if (pr) {
		pr->content = pr->end_tag = pr->end = m->len;
		pr->empty = empty;
	}
	if (!empty) {
		r->stack[r->nstack].kind = kind;
		r->stack[r->nstack].out_kind = out_kind;
		r->stack[r->nstack].pair =
			pr ? (size_t)(pr - r->pairs) : SIZE_MAX;
		r->nstack++;
		if (inlines[kind].code)
			r->code_depth++;
	}
	return 0;
}

static int seg_element_end(reader *r)
{
	struct open_inline *o;

	if (!r->nstack)
		return 0;
	o = &r->stack[--r->nstack];
	if (o->kind == I_UNKNOWN)
		return 0;
	if (inlines[o->kind].code)
		r->code_depth--;
	if (o->pair != SIZE_MAX)
		r->pairs[o->pair].end_tag = r->markup.len;
	if (aln_buf_puts(&r->markup, "</") < 0 ||
	    aln_buf_puts(&r->markup, inlines[o->out_kind].name) < 0 ||
	    aln_buf_putc(&r->markup, '>') < 0)
		return ALN_ENOMEM;
	if (o->pair != SIZE_MAX)
		r->pairs[o->pair].end = r->markup.len;
	return 0;
}

static int seg_text(reader *r, const char *s)
{
	size_t n = strlen(s);

	r->unit_bytes += 2 * n;
	if (r->unit_bytes > MAX_UNIT_BYTES)
		return invalid(r, node_line(r), "%s",
			       _("the unit is larger than 64 MB"));
	if (!r->code_depth && aln_buf_put(&r->text, s, n) < 0)
		return ALN_ENOMEM;
	return tmx_escape(&r->markup, s, n, 0);
}

/*
 * Pairs the bpt and ept of the seg by their i; each one left without a
 * partner is rewritten as <it pos="begin|end"> in the markup.
 */
static int repair_pairs(reader *r)
{
	aln_buf out = ALN_BUF_INIT;
	size_t i, j, at = 0, nbroken = 0;
	const char *m = r->markup.ptr;

	for (i = 0; i < r->npairs; i++) {
		struct pair_rec *p = &r->pairs[i];

		if (p->kind != I_BPT || p->broken)
			continue;
		p->broken = 1;
		if (!p->i[0])
			continue;
		for (j = i + 1; j < r->npairs; j++) {
			struct pair_rec *q = &r->pairs[j];

			if (!strcmp(q->i, p->i) && q->kind == I_BPT)
				break; /* another bpt reuses i first */
			if (q->kind == I_EPT && !q->broken &&
			    !strcmp(q->i, p->i) && q->i[0] != '\0' &&
			    q->start >= p->end) {
				/* Mark q as paired through "broken" = 2. */
				q->broken = 2;
				p->broken = 0;
				break;
			}
		}
	}
	for (i = 0; i < r->npairs; i++) {
		struct pair_rec *p = &r->pairs[i];

		if (p->kind == I_EPT)
			p->broken = p->broken == 2 ? 0 : 1;
		nbroken += p->broken != 0;
	}
	if (!nbroken)
		return 0;
	event(r, ALN_TMX_WARNING, r->tu_line,
	      _("%zu bpt or ept without a partner turned into it"), nbroken);
	for (i = 0; i < r->npairs; i++) {
		struct pair_rec *p = &r->pairs[i];
		const char *pos = p->kind == I_BPT ? "begin" : "end";

		if (!p->broken)
			continue;
		if (aln_buf_put(&out, m + at, p->start - at) < 0 ||
		    aln_buf_puts(&out, "<it") < 0 ||
		    aln_buf_put(&out, m + p->name_end,
				p->i_start - p->name_end) < 0 ||
		    aln_buf_put(&out, m + p->i_end,
				p->content - (p->empty ? 2 : 1) - p->i_end) <
			    0 ||
		    aln_buf_printf(&out, " pos=\"%s\"%s", pos,
				   p->empty ? "/>" : ">") < 0)
			goto oom;
		if (!p->empty && (aln_buf_put(&out, m + p->content,
					      p->end_tag - p->content) < 0 ||
				  aln_buf_puts(&out, "</it>") < 0))
			goto oom;
		at = p->end;
	}
	if (aln_buf_put(&out, m + at, r->markup.len - at) < 0)
		goto oom;
	aln_buf_free(&r->markup);
	r->markup = out;
	return 0;
oom:
	aln_buf_free(&out);
	return ALN_ENOMEM;
}

static int end_seg(reader *r)
{
	int rc;

	while (r->nstack)
		if ((rc = seg_element_end(r)) < 0)
			return rc;
	if ((rc = repair_pairs(r)) < 0)
		return rc;
	r->tuv_seen_seg++;
	return 0;
}

static int end_tuv(reader *r)
{
	const char *tm = r->markup.ptr ? r->markup.ptr : "";
	size_t idx, i;
	int rc;

	if (!r->tuv_seen_seg)
		return invalid(r, node_line(r), "%s", _("a tuv has no seg"));
	if (r->tuv_seen_seg > 1)
		return invalid(r, node_line(r), "%s",
			       _("a tuv has more than one seg"));
	if (!r->tuv_has_lang || r->bad)
		return 0;
	if (r->b.nvars >= ALN_TMX_MAX_VARIANTS)
		return invalid(r, node_line(r),
			       _("a unit has more than %d tuv"),
			       ALN_TMX_MAX_VARIANTS);
	if ((rc = tmx_nfc(&r->nfc, r->text.ptr ? r->text.ptr : "",
			  r->text.len)) < 0) {
		if (rc == ALN_ENOMEM)
			return rc;
		aln_error_clear();
		return invalid(r, node_line(r), "%s",
			       _("a segment cannot be normalised"));
	}
	if ((rc = tmx_builder_variant(
		     &r->b, &idx, r->tuv_lang, r->nfc.ptr ? r->nfc.ptr : "",
		     r->nfc.len, r->has_inline ? tm : NULL, r->markup.len)) < 0)
		return rc;
	/* Props read before this variant existed belong to it. */
	for (i = r->tuv_first_prop; i < r->b.nprops; i++) {
		struct tmx_bprop *p = &r->b.props[i];
		const char *type = p->type == TMX_NOSTR
					   ? NULL
					   : r->b.strings.ptr + p->type;

		if (p->owner != (long)idx)
			continue;
		if (type && !strcmp(type, TMX_PROP_DOCUMENT) &&
		    r->b.vars[idx].document == TMX_NOSTR) {
			r->b.vars[idx].document = p->value;
			p->owner = -2; /* consumed */
		} else if (type && !strcmp(type, TMX_PROP_POSITION) &&
			   r->b.vars[idx].position < 0) {
			r->b.vars[idx].position =
				strtol(r->b.strings.ptr + p->value, NULL, 10);
			p->owner = -2;
		}
	}
	if (r->tuv_created && r->b.created == TMX_NOSTR &&
	    (rc = tmx_builder_str(&r->b, &r->b.created, r->tuv_created,
				  strlen(r->tuv_created))) < 0)
		return rc;
	return 0;
}

/*
 * A srclang that names no variant exactly ("en" in the header, "en-GB"
 * in the unit) is taken to mean the variant of the same base language.
 */
static void resolve_srclang(tmx_builder *b)
{
	const char *src, *lang;
	size_t i, n;

	if (b->srclang == TMX_NOSTR)
		return;
	src = b->strings.ptr + b->srclang;
	for (i = 0; i < b->nvars; i++)
		if (!strcmp(b->strings.ptr + b->vars[i].lang, src))
			return;
	n = strcspn(src, "-");
	for (i = 0; i < b->nvars; i++) {
		lang = b->strings.ptr + b->vars[i].lang;
		if (!strncmp(lang, src, n) && (lang[n] == '-' || !lang[n])) {
			b->srclang = b->vars[i].lang;
			return;
		}
	}
}

static int end_tu(reader *r)
{
	const aln_unit *u;
	int rc;

	if (!r->bad && r->b.nvars == 0)
		invalid(r, r->tu_line, "%s", _("a tu has no valid tuv"));
	if (r->bad) {
		if (!r->opts->skip_invalid) {
			aln__error(ALN_EFORMAT, _("invalid unit: %s"), r->bad);
			aln__error_at(r->path, r->bad_line, 0, -1);
			aln__error_hint("%s",
					_("pass --skip-invalid to store the "
					  "other units and list the bad ones"));
			return ALN_EFORMAT;
		}
		event(r, ALN_TMX_SKIPPED, r->tu_line, "%s", r->bad);
		return 0;
	}
	resolve_srclang(&r->b);
	if ((rc = tmx_builder_finish(&r->b, &u)) < 0)
		return rc;
	r->units++;
	rc = r->cb(u, r->cb_data);
	if (rc < 0)
		return rc;
	if (r->opts->on_progress && r->units % 4096 == 0)
		r->opts->on_progress(
			(unsigned long long)xmlTextReaderByteConsumed(r->xr),
			r->size, r->opts->data);
	return 0;
}

/* An element starts; depth is its depth in the document. */
static int start_element(reader *r, const char *name, int depth, int empty)
{
	int rc = 0;

	if (r->collect != C_NONE)
		return 0; /* markup inside prop or note: its text is kept */
	switch (r->where) {
	case W_NONE:
		if (depth == 0) {
			if (strcmp(name, "tmx")) {
				aln__error(ALN_EFORMAT,
					   _("not a TMX file: the root "
					     "element is '%s'"),
					   name);
				aln__error_at(r->path, node_line(r), 0, -1);
				return ALN_EFORMAT;
			}
			return 0;
		}
		if (depth == 1 && !strcmp(name, "header")) {
			if ((rc = on_header(r)) < 0)
				return rc;
			/* Skip the header's content: RTF tables and all. */
			if (!empty)
				return 1;
			return 0;
		}
		if (depth == 1 && !strcmp(name, "body") && !empty)
			r->where = W_BODY;
		else if (!empty)
			return 1;
		return 0;
	case W_BODY:
		if (strcmp(name, "tu")) {
			return empty ? 0 : 1;
		}
		if ((rc = on_tu(r)) < 0)
			return rc;
		r->depth_tu = depth;
		if (empty)
			return end_tu(r);
		r->where = W_TU;
		return 0;
	case W_TU:
		if (!strcmp(name, "tuv")) {
			if ((rc = on_tuv(r)) < 0)
				return rc;
			if (empty) {
				rc = end_tuv(r);
				return rc;
			}
			r->depth_tuv = depth;
			r->where = W_TUV;
			return 0;
		}
		if (!strcmp(name, "prop") || !strcmp(name, "note")) {
			if ((rc = begin_collect(
				     r, name[0] == 'p' ? C_PROP : C_NOTE, -1)) <
			    0)
				return rc;
			if (empty)
				return end_collect(r);
			return 0;
		}
		return empty ? 0 : 1;
	case W_TUV:
		if (!strcmp(name, "seg")) {
			aln_buf_clear(&r->text);
			aln_buf_clear(&r->markup);
			r->has_inline = 0;
			r->nstack = r->code_depth = r->unknown_depth = 0;
			r->npairs = 0;
			if (empty)
				return end_seg(r);
			r->depth_seg = depth;
			r->where = W_SEG;
			return 0;
		}
		if (!strcmp(name, "prop") || !strcmp(name, "note")) {
			if ((rc = begin_collect(
				     r, name[0] == 'p' ? C_PROP : C_NOTE,
				     r->tuv_index)) < 0)
				return rc;
			if (empty)
				return end_collect(r);
			return 0;
		}
		return empty ? 0 : 1;
	case W_SEG:
		return seg_element(r, name, empty);
	default:
		return empty ? 0 : 1;
	}
}

static int end_element(reader *r, int depth)
{
	int rc;

	if (r->collect != C_NONE) {
		if (depth == r->collect_depth)
			return end_collect(r);
		return 0;
	}
	switch (r->where) {
	case W_SEG:
		if (depth == r->depth_seg) {
			r->where = W_TUV;
			return end_seg(r);
		}
		return seg_element_end(r);
	case W_TUV:
		if (depth == r->depth_tuv) {
			r->where = W_TU;
			return end_tuv(r);
		}
		return 0;
	case W_TU:
		if (depth == r->depth_tu) {
			r->where = W_BODY;
			if ((rc = end_tu(r)) < 0)
				return rc;
		}
		return 0;
	case W_BODY:
		if (depth == 1)
			r->where = W_NONE;
		return 0;
	default:
		return 0;
	}
}

static int on_text(reader *r, const char *s)
{
	if (r->collect != C_NONE) {
		size_t n = strlen(s);

		if (r->value.len + n > MAX_UNIT_BYTES)
			return invalid(
				r, node_line(r), "%s",
				_("a prop or note is larger than 64 MB"));
		return aln_buf_put(&r->value, s, n);
	}
	if (r->where == W_SEG)
		return seg_text(r, s);
	return 0;
}

/*
 * An entity reference that libxml2 left unexpanded (we never ask it to
 * substitute). A plain internal entity ("&company;" declared as text in
 * the internal subset) is read as its text; one that refers to other
 * entities or to an outside file is refused, which bounds expansion to
 * the size of the file itself.
 */
static int on_entity_ref(reader *r)
{
	const char *name = (const char *)xmlTextReaderConstName(r->xr);
	/*
	 * Not xmlTextReaderCurrentDoc(): it makes the reader keep every
	 * node, and memory would grow with the file.
	 */
	xmlNodePtr node = xmlTextReaderCurrentNode(r->xr);
	xmlDocPtr doc = node ? node->doc : NULL;
	xmlEntityPtr ent =
		doc && name ? xmlGetDocEntity(doc, BAD_CAST name) : NULL;

	if (ent && ent->etype == XML_INTERNAL_GENERAL_ENTITY && ent->content &&
	    !strchr((const char *)ent->content, '&') &&
	    !strchr((const char *)ent->content, '<'))
		return on_text(r, (const char *)ent->content);
	aln__error(ALN_EUNSUPPORTED,
		   _("the entity '&%s;' is not expanded: alinea reads no "
		     "external or nested entity"),
		   name ? name : "?");
	aln__error_at(r->path, node_line(r), 0, -1);
	aln__error_hint("%s", _("replace the entity with its text or a "
				"character reference"));
	return ALN_EUNSUPPORTED;
}

static int dispatch(reader *r, int *skip)
{
	int type = xmlTextReaderNodeType(r->xr);
	int depth = xmlTextReaderDepth(r->xr);
	const char *s;
	int rc;

	switch (type) {
	case XML_READER_TYPE_ELEMENT:
		s = (const char *)xmlTextReaderConstLocalName(r->xr);
		rc = start_element(r, s ? s : "", depth,
				   xmlTextReaderIsEmptyElement(r->xr) == 1);
		if (rc == 1) {
			*skip = 1; /* the subtree is of no use */
			rc = 0;
		}
		return rc;
	case XML_READER_TYPE_END_ELEMENT:
		return end_element(r, depth);
	case XML_READER_TYPE_TEXT:
	case XML_READER_TYPE_CDATA:
	case XML_READER_TYPE_WHITESPACE:
	case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
		s = (const char *)xmlTextReaderConstValue(r->xr);
		return on_text(r, s ? s : "");
	case XML_READER_TYPE_ENTITY_REFERENCE:
		return on_entity_ref(r);
	default:
		return 0;
	}
}

static int run(reader *r)
{
	int rc, ret, skip = 0;

	for (;;) {
		ret = skip ? xmlTextReaderNext(r->xr)
			   : xmlTextReaderRead(r->xr);
		skip = 0;
		if (ret != 1)
			break;
		if ((rc = dispatch(r, &skip)) < 0)
			return rc;
	}
	if (ret < 0 || r->xml_failed)
		return fail_xml(r);
	return 0;
}

static void reader_free(reader *r)
{
	if (r->xr)
		xmlFreeTextReader(r->xr);
	free(r->header_tool);
	free(r->bad);
	free(r->tuv_created);
	free(r->collect_type);
	free(r->collect_lang);
	free(r->pairs);
	aln_buf_free(&r->text);
	aln_buf_free(&r->markup);
	aln_buf_free(&r->nfc);
	aln_buf_free(&r->value);
	tmx_builder_free(&r->b);
}

int aln_tmx_read(const char *path, const aln_tmx_read_options *opts,
		 aln_unit_cb cb, void *data)
{
	static const aln_tmx_read_options defaults = ALN_TMX_READ_OPTIONS_INIT;
	reader r;
	struct stat st;
	FILE *f;
	int rc;

	if (!path || !cb)
		return aln__error(
			ALN_EINVAL, "%s",
			_("aln_tmx_read needs a path and a callback"));
	memset(&r, 0, sizeof(r));
	r.path = path;
	r.opts = opts ? opts : &defaults;
	r.cb = cb;
	r.cb_data = data;
	/* Open it ourselves first, for a clear message when it cannot be. */
	if (!(f = fopen(path, "rb"))) {
		aln__error(ALN_EIO, _("cannot read '%s': %s"), path,
			   strerror(errno));
		return ALN_EIO;
	}
	if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode))
		r.size = (unsigned long long)st.st_size;
	fclose(f);
	tmx_builder_reset(&r.b);
	/*
	 * NONET: no network; no NOENT and no DTDLOAD, so external entities
	 * and DTDs are never fetched; no HUGE, so libxml2 keeps its bounds
	 * on entity amplification and node size.
	 */
	r.xr = xmlReaderForFile(path, NULL,
				XML_PARSE_NONET | XML_PARSE_BIG_LINES |
					XML_PARSE_NOWARNING);
	if (!r.xr) {
		reader_free(&r);
		return aln__error(ALN_ENOMEM, _("cannot start reading '%s'"),
				  path);
	}
	xmlTextReaderSetStructuredErrorHandler(r.xr, on_xml_error, &r);
	rc = run(&r);
	if (rc == 0 && r.opts->on_progress)
		r.opts->on_progress(r.size, r.size, r.opts->data);
	reader_free(&r);
	return rc;
}
