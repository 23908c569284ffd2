// SPDX-License-Identifier: MIT
/*
 * The JSON Lines reader (aln_jsonl_read): one unit per line, in the shape
 * the JSONL writer gives (tmx-write.c), so that a memory exported as
 * JSONL, edited by a script and imported again keeps everything. A
 * small recursive-descent parser decodes each line straight into the
 * unit builder; unknown keys are skipped. Markup is accepted only when
 * it is well-formed TMX inline content (it is written verbatim into TMX
 * later), otherwise it is dropped with a warning.
 */
#include "tmx-unit.h"
#include "alinea/tmx.h"
#include "json.h"

#include <errno.h>
#include <libxml/parser.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_DEPTH 16

typedef struct jl {
	const char *path;
	const aln_tmx_read_options *opts;
	long line;
	const char *s, *p, *end;
	const char *err; /* why the line is invalid, or NULL */
	aln_buf str;	 /* the last string decoded */
	aln_buf lang, text, markup, document;
	long position;
	int has_text, has_markup, has_doc;
	tmx_lang_cache cache;
	tmx_builder b;
	aln_buf nfc;
} jl;

static int bad(jl *j, const char *why)
{
	if (!j->err)
		j->err = why;
	return -1;
}

static void ws(jl *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' ||
				 *j->p == '\r' || *j->p == '\n'))
		j->p++;
}

/* Decodes the string at j->p (on its quote) into j->str. */
static int string(jl *j)
{
	static const char *const why[] = {
		[ALN__JSON_CONTROL] = N_("a control character in a string"),
		[ALN__JSON_ESCAPE] = N_("a bad escape in a string"),
		[ALN__JSON_HEX] = N_("a bad \\u escape"),
		[ALN__JSON_SURROGATE] = N_("a bad \\u escape"),
		[ALN__JSON_NUL] = N_("a NUL character in a string"),
		[ALN__JSON_UNTERMINATED] = N_("a string is not closed"),
	};
	enum aln__json_status st;

	aln_buf_clear(&j->str);
	/* Room for the rest of the line, which the text cannot outgrow. */
	if (aln_buf_grow(&j->str, (size_t)(j->end - j->p)) < 0)
		return ALN_ENOMEM;
	if (j->p >= j->end || *j->p != '"')
		return bad(j, _("a string was expected"));
	st = aln__json_string(j->str.ptr, &j->str.len, &j->p, j->end,
			      ALN__JSON_NO_NUL);
	j->str.ptr[j->str.len] = '\0';
	if (st == ALN__JSON_OK)
		return 0;
	/* A refused \uXXXX has always been placed at its last digit. */
	if (st == ALN__JSON_SURROGATE || st == ALN__JSON_NUL)
		j->p--;
	return bad(j, _(why[st]));
}

static int number(jl *j, double *out)
{
	char tmp[64];
	size_t n = 0;
	char *e;

	while (j->p + n < j->end && n < sizeof(tmp) - 1 &&
	       strchr("+-0123456789.eE", j->p[n]))
		n++;
	memcpy(tmp, j->p, n);
	tmp[n] = '\0';
	*out = strtod(tmp, &e);
	if (!n || *e || !isfinite(*out))
		return bad(j, _("a bad number"));
	j->p += n;
	return 0;
}

static int skip_value(jl *j, int depth);

static int skip_container(jl *j, char close, int depth)
{
	int rc;

	j->p++;
	ws(j);
	if (j->p < j->end && *j->p == close) {
		j->p++;
		return 0;
	}
	for (;;) {
		ws(j);
		if (close == '}') {
			if ((rc = string(j)) < 0)
				return rc;
			ws(j);
			if (j->p >= j->end || *j->p != ':')
				return bad(j, _("':' was expected"));
			j->p++;
		}
		if ((rc = skip_value(j, depth + 1)) < 0)
			return rc;
		ws(j);
		if (j->p < j->end && *j->p == ',') {
			j->p++;
			continue;
		}
		if (j->p < j->end && *j->p == close) {
			j->p++;
			return 0;
		}
		return bad(j, _("',' or the end was expected"));
	}
}

static int skip_value(jl *j, int depth)
{
	double d;

	if (depth > MAX_DEPTH)
		return bad(j, _("values are nested too deep"));
	ws(j);
	if (j->p >= j->end)
		return bad(j, _("a value was expected"));
	switch (*j->p) {
	case '"':
		return string(j);
	case '{':
		return skip_container(j, '}', depth);
	case '[':
		return skip_container(j, ']', depth);
	case 't':
	case 'f':
	case 'n': {
		static const char *const words[] = { "true", "false", "null" };
		size_t i;

		for (i = 0; i < 3; i++) {
			size_t n = strlen(words[i]);

			if ((size_t)(j->end - j->p) >= n &&
			    !memcmp(j->p, words[i], n)) {
				j->p += n;
				return 0;
			}
		}
		return bad(j, _("a bad value"));
	}
	default:
		return number(j, &d);
	}
}

/*
 * Walks the object at j->p, calling field(j, key, data) with j->p on each
 * value; field must consume it.
 */
static int object(jl *j, int (*field)(jl *, const char *, void *), void *data)
{
	char key[32];
	int rc;

	ws(j);
	if (j->p >= j->end || *j->p != '{')
		return bad(j, _("an object was expected"));
	j->p++;
	ws(j);
	if (j->p < j->end && *j->p == '}') {
		j->p++;
		return 0;
	}
	for (;;) {
		ws(j);
		if ((rc = string(j)) < 0)
			return rc;
		snprintf(key, sizeof(key), "%s", j->str.ptr);
		ws(j);
		if (j->p >= j->end || *j->p != ':')
			return bad(j, _("':' was expected"));
		j->p++;
		ws(j);
		if ((rc = field(j, key, data)) < 0)
			return rc;
		ws(j);
		if (j->p < j->end && *j->p == ',') {
			j->p++;
			continue;
		}
		if (j->p < j->end && *j->p == '}') {
			j->p++;
			return 0;
		}
		return bad(j, _("',' or the end was expected"));
	}
}

/* Walks the array at j->p, calling item(j, data) on each element. */
static int array(jl *j, int (*item)(jl *, void *), void *data)
{
	int rc;

	ws(j);
	if (j->p >= j->end || *j->p != '[')
		return bad(j, _("an array was expected"));
	j->p++;
	ws(j);
	if (j->p < j->end && *j->p == ']') {
		j->p++;
		return 0;
	}
	for (;;) {
		if ((rc = item(j, data)) < 0)
			return rc;
		ws(j);
		if (j->p < j->end && *j->p == ',') {
			j->p++;
			continue;
		}
		if (j->p < j->end && *j->p == ']') {
			j->p++;
			return 0;
		}
		return bad(j, _("',' or the end was expected"));
	}
}

/* A string value into buf; 1 when it was null (buf untouched). */
static int string_into(jl *j, aln_buf *buf)
{
	int rc;

	if (j->end - j->p >= 4 && !memcmp(j->p, "null", 4)) {
		j->p += 4;
		return 1;
	}
	if ((rc = string(j)) < 0)
		return rc;
	aln_buf_clear(buf);
	return aln_buf_put(buf, j->str.ptr, j->str.len) < 0 ? ALN_ENOMEM : 0;
}

struct prop_ctx {
	long owner;
	aln_buf type, value, lang;
	int has_type, has_value, has_lang;
};

static int prop_field(jl *j, const char *key, void *data)
{
	struct prop_ctx *p = data;
	int rc;

	if (!strcmp(key, "type")) {
		rc = string_into(j, &p->type);
		p->has_type = rc == 0;
	} else if (!strcmp(key, "value")) {
		rc = string_into(j, &p->value);
		p->has_value = rc == 0;
	} else if (!strcmp(key, "lang")) {
		rc = string_into(j, &p->lang);
		p->has_lang = rc == 0;
	} else
		return skip_value(j, 2);
	return rc < 0 ? rc : 0;
}

static int prop_item(jl *j, void *data)
{
	long owner = *(long *)data;
	struct prop_ctx p;
	char lang[ALN_LANG_MAX];
	int rc;

	memset(&p, 0, sizeof(p));
	p.owner = owner;
	rc = object(j, prop_field, &p);
	if (rc == 0 && !p.has_value)
		rc = bad(j, _("a prop has no value"));
	if (rc == 0 && p.has_lang && tmx_lang(&j->cache, lang, p.lang.ptr) < 0)
		rc = bad(j, _("a prop has a bad language tag"));
	if (rc == 0 && j->b.nprops >= ALN_TMX_MAX_PROPS)
		rc = bad(j, _("too many props"));
	if (rc == 0)
		rc = tmx_builder_prop(
			&j->b, owner, p.has_type ? p.type.ptr : NULL,
			p.value.ptr, p.value.len, p.has_lang ? lang : NULL);
	aln_buf_free(&p.type);
	aln_buf_free(&p.value);
	aln_buf_free(&p.lang);
	return rc;
}

static int variant_field(jl *j, const char *key, void *data)
{
	long owner = (long)j->b.nvars;
	double d;
	int rc;

	(void)data;
	if (!strcmp(key, "lang"))
		rc = string_into(j, &j->lang);
	else if (!strcmp(key, "text")) {
		rc = string_into(j, &j->text);
		j->has_text = rc == 0;
	} else if (!strcmp(key, "markup")) {
		rc = string_into(j, &j->markup);
		j->has_markup = rc == 0;
	} else if (!strcmp(key, "document")) {
		rc = string_into(j, &j->document);
		j->has_doc = rc == 0;
	} else if (!strcmp(key, "position")) {
		if ((rc = number(j, &d)) == 0) {
			if (d < 0 || d > 2e9 || d != floor(d))
				return bad(j, _("a bad position"));
			j->position = (long)d;
		}
	} else if (!strcmp(key, "props"))
		rc = array(j, prop_item, &owner);
	else
		return skip_value(j, 2);
	return rc < 0 ? rc : 0;
}

/*
 * Whether markup is TMX inline content that can go inside <seg> as it
 * is: well-formed, and made only of the inline elements.
 */
static int markup_ok(const char *markup, size_t len)
{
	static const char *const ok[] = { "bpt", "ept", "it", "ph",
					  "hi",	 "ut",	"sub" };
	aln_buf doc = ALN_BUF_INIT;
	xmlDocPtr d;
	xmlNodePtr n;
	int good = 0;
	size_t i;

	if (aln_buf_puts(&doc, "<seg>") < 0 ||
	    aln_buf_put(&doc, markup, len) < 0 ||
	    aln_buf_puts(&doc, "</seg>") < 0) {
		aln_buf_free(&doc);
		return 0;
	}
	d = xmlReadMemory(doc.ptr, (int)doc.len, NULL, "UTF-8",
			  XML_PARSE_NONET | XML_PARSE_NOERROR |
				  XML_PARSE_NOWARNING);
	aln_buf_free(&doc);
	if (!d)
		return 0;
	good = 1;
	/* Walk every element below the root. */
	n = xmlDocGetRootElement(d)->children;
	while (n && good) {
		if (n->type == XML_ELEMENT_NODE) {
			for (i = 0; i < ALN_ARRAY_SIZE(ok); i++)
				if (!strcmp((const char *)n->name, ok[i]))
					break;
			good = i < ALN_ARRAY_SIZE(ok);
		} else if (n->type != XML_TEXT_NODE)
			good = 0;
		if (n->children) {
			n = n->children;
			continue;
		}
		while (n && !n->next && n->parent &&
		       n->parent->type == XML_ELEMENT_NODE &&
		       strcmp((const char *)n->parent->name, "seg"))
			n = n->parent;
		n = n ? n->next : NULL;
	}
	xmlFreeDoc(d);
	return good;
}

static int variant_item(jl *j, void *data)
{
	char lang[ALN_LANG_MAX];
	size_t idx;
	int rc;

	(void)data;
	aln_buf_clear(&j->lang);
	j->has_text = j->has_markup = j->has_doc = 0;
	j->position = -1;
	if ((rc = object(j, variant_field, NULL)) < 0)
		return rc;
	if (!j->lang.len || tmx_lang(&j->cache, lang, j->lang.ptr) < 0) {
		aln_error_clear();
		return bad(j, _("a variant has no valid \"lang\""));
	}
	if (!j->has_text)
		return bad(j, _("a variant has no \"text\""));
	if (j->b.nvars >= ALN_TMX_MAX_VARIANTS)
		return bad(j, _("too many variants"));
	if (j->has_markup && !markup_ok(j->markup.ptr, j->markup.len)) {
		if (j->opts->on_event)
			j->opts->on_event(ALN_TMX_WARNING, j->path, j->line,
					  _("a markup that is not TMX inline "
					    "content was dropped"),
					  j->opts->data);
		j->has_markup = 0;
	}
	if ((rc = tmx_nfc(&j->nfc, j->text.ptr, j->text.len)) < 0) {
		if (rc == ALN_ENOMEM)
			return rc;
		aln_error_clear();
		return bad(j, _("a text is not valid UTF-8"));
	}
	if ((rc = tmx_builder_variant(&j->b, &idx, lang, j->nfc.ptr, j->nfc.len,
				      j->has_markup ? j->markup.ptr : NULL,
				      j->markup.len)) < 0)
		return rc;
	j->b.vars[idx].position = j->position;
	if (j->has_doc &&
	    (rc = tmx_builder_str(&j->b, &j->b.vars[idx].document,
				  j->document.ptr, j->document.len)) < 0)
		return rc;
	return 0;
}

static int unit_field(jl *j, const char *key, void *data)
{
	aln_buf *tmp = data;
	char lang[ALN_LANG_MAX];
	long owner = -1;
	double d;
	int rc;

	if (!strcmp(key, "variants"))
		return array(j, variant_item, NULL);
	if (!strcmp(key, "props"))
		return array(j, prop_item, &owner);
	if (!strcmp(key, "confidence")) {
		if ((rc = number(j, &d)) < 0)
			return rc;
		if (d < 0 || d > 1)
			return bad(j, _("a confidence out of [0, 1]"));
		j->b.confidence = d;
		return 0;
	}
	if (strcmp(key, "tuid") && strcmp(key, "srclang") &&
	    strcmp(key, "created") && strcmp(key, "changed") &&
	    strcmp(key, "tool"))
		return skip_value(j, 1);
	if ((rc = string_into(j, tmp)) != 0)
		return rc < 0 ? rc : 0;
	if (!strcmp(key, "tuid"))
		return tmx_builder_str(&j->b, &j->b.tuid, tmp->ptr, tmp->len);
	if (!strcmp(key, "tool"))
		return tmx_builder_str(&j->b, &j->b.tool, tmp->ptr, tmp->len);
	if (!strcmp(key, "srclang")) {
		if (tmx_lang(&j->cache, lang, tmp->ptr) < 0) {
			aln_error_clear();
			return bad(j, _("a bad \"srclang\""));
		}
		return tmx_builder_str(&j->b, &j->b.srclang, lang,
				       strlen(lang));
	}
	if (!tmx_date_valid(tmp->ptr))
		return bad(j, _("a date is not YYYYMMDDThhmmssZ"));
	return tmx_builder_str(
		&j->b, !strcmp(key, "created") ? &j->b.created : &j->b.changed,
		tmp->ptr, tmp->len);
}

int aln_jsonl_read(const char *path, const aln_tmx_read_options *opts,
		   aln_unit_cb cb, void *data)
{
	static const aln_tmx_read_options defaults = ALN_TMX_READ_OPTIONS_INIT;
	jl *j;
	FILE *f;
	char *raw = NULL;
	size_t cap = 0;
	ssize_t n;
	struct stat st;
	unsigned long long size = 0, units = 0;
	aln_buf tmp = ALN_BUF_INIT;
	const aln_unit *u;
	int rc = 0;

	if (!path || !cb)
		return aln__error(ALN_EINVAL, "%s",
				  _("a reader needs a path and a callback"));
	if (!opts)
		opts = &defaults;
	if (!(f = fopen(path, "rb")))
		return aln__error(ALN_EIO, _("cannot read '%s': %s"), path,
				  strerror(errno));
	if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode))
		size = (unsigned long long)st.st_size;
	if (!(j = aln__calloc(1, sizeof(*j)))) {
		fclose(f);
		return ALN_ENOMEM;
	}
	j->path = path;
	j->opts = opts;
	while ((n = getline(&raw, &cap, f)) >= 0) {
		j->line++;
		j->s = j->p = raw;
		j->end = raw + n;
		if (j->line == 1 && n >= 3 && !memcmp(raw, "\xEF\xBB\xBF", 3))
			j->p += 3;
		ws(j);
		if (j->p == j->end)
			continue;
		j->err = NULL;
		tmx_builder_reset(&j->b);
		rc = object(j, unit_field, &tmp);
		if (rc == ALN_ENOMEM)
			break;
		ws(j);
		if (!j->err && j->p != j->end)
			bad(j, _("text after the object"));
		if (!j->err && j->b.nvars == 0)
			bad(j, _("a unit has no variants"));
		rc = 0;
		if (j->err) {
			if (!opts->skip_invalid) {
				rc = aln__error(ALN_EFORMAT,
						_("invalid line: %s"), j->err);
				aln__error_at(path, j->line,
					      (long)(j->p - j->s) + 1, -1);
				aln__error_hint(
					"%s", _("pass --skip-invalid to store "
						"the other lines and list the "
						"bad ones"));
				break;
			}
			if (opts->on_event)
				opts->on_event(ALN_TMX_SKIPPED, path, j->line,
					       j->err, opts->data);
			continue;
		}
		if ((rc = tmx_builder_finish(&j->b, &u)) < 0 ||
		    (rc = cb(u, data)) < 0)
			break;
		if (opts->on_progress && ++units % 4096 == 0)
			opts->on_progress((unsigned long long)ftello(f), size,
					  opts->data);
	}
	if (rc == 0 && ferror(f))
		rc = aln__error(ALN_EIO, _("cannot read '%s': %s"), path,
				strerror(errno));
	if (rc == 0 && opts->on_progress)
		opts->on_progress(size, size, opts->data);
	fclose(f);
	free(raw);
	aln_buf_free(&tmp);
	aln_buf_free(&j->str);
	aln_buf_free(&j->lang);
	aln_buf_free(&j->text);
	aln_buf_free(&j->markup);
	aln_buf_free(&j->document);
	aln_buf_free(&j->nfc);
	tmx_builder_free(&j->b);
	free(j);
	return rc;
}
