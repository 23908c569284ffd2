// SPDX-License-Identifier: MIT
/*
 * The unit builder and small helpers that the exchange readers share
 * (tmx-unit.h): one buffer of strings per unit, reused from unit to unit
 * so that reading a file of any size allocates only while units grow;
 * a language-tag cache; TMX dates; NFC through ICU with an ASCII fast
 * path; XML escaping.
 */
#include "tmx-unit.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

void tmx_builder_reset(tmx_builder *b)
{
	aln_buf_clear(&b->strings);
	b->nprops = 0;
	b->nvars = 0;
	b->tuid = b->srclang = b->created = b->changed = b->tool = TMX_NOSTR;
	b->confidence = -1;
}

void tmx_builder_free(tmx_builder *b)
{
	aln_buf_free(&b->strings);
	free(b->props);
	free(b->vars);
	free(b->ovars);
	free(b->oprops);
	memset(b, 0, sizeof(*b));
}

int tmx_builder_str(tmx_builder *b, size_t *off, const char *s, size_t len)
{
	size_t at = b->strings.len;

	if (aln_buf_put(&b->strings, s, len) < 0 ||
	    aln_buf_putc(&b->strings, '\0') < 0)
		return ALN_ENOMEM;
	*off = at;
	return 0;
}

int tmx_builder_prop(tmx_builder *b, long owner, const char *type,
		     const char *value, size_t value_len, const char *lang)
{
	struct tmx_bprop p = { TMX_NOSTR, TMX_NOSTR, TMX_NOSTR, owner };

	if (aln__grow(&b->props, &b->cprops, b->nprops + 1, sizeof(*b->props)) <
	    0)
		return ALN_ENOMEM;
	if ((type && tmx_builder_str(b, &p.type, type, strlen(type)) < 0) ||
	    tmx_builder_str(b, &p.value, value, value_len) < 0 ||
	    (lang && tmx_builder_str(b, &p.lang, lang, strlen(lang)) < 0))
		return ALN_ENOMEM;
	b->props[b->nprops++] = p;
	return 0;
}

int tmx_builder_variant(tmx_builder *b, size_t *index, const char *lang,
			const char *text, size_t text_len, const char *markup,
			size_t markup_len)
{
	struct tmx_bvar v = { TMX_NOSTR, TMX_NOSTR, TMX_NOSTR, TMX_NOSTR, -1 };

	if (aln__grow(&b->vars, &b->cvars, b->nvars + 1, sizeof(*b->vars)) < 0)
		return ALN_ENOMEM;
	if (tmx_builder_str(b, &v.lang, lang, strlen(lang)) < 0 ||
	    tmx_builder_str(b, &v.text, text, text_len) < 0 ||
	    (markup && tmx_builder_str(b, &v.markup, markup, markup_len) < 0))
		return ALN_ENOMEM;
	*index = b->nvars;
	b->vars[b->nvars++] = v;
	return 0;
}

static const char *str_at(const tmx_builder *b, size_t off)
{
	return off == TMX_NOSTR ? NULL : b->strings.ptr + off;
}

int tmx_builder_finish(tmx_builder *b, const aln_unit **out)
{
	size_t i, k = 0;
	long owner;

	if (aln__grow(&b->ovars, &b->covars, b->nvars, sizeof(*b->ovars)) < 0 ||
	    aln__grow(&b->oprops, &b->coprops, b->nprops, sizeof(*b->oprops)) <
		    0)
		return ALN_ENOMEM;
	memset(&b->unit, 0, sizeof(b->unit));
	/* Group the props by owner, keeping their order within each. */
	for (owner = -1; owner < (long)b->nvars; owner++) {
		size_t first = k;

		for (i = 0; i < b->nprops; i++) {
			const struct tmx_bprop *p = &b->props[i];

			if (p->owner != owner)
				continue;
			b->oprops[k].type = str_at(b, p->type);
			b->oprops[k].value = str_at(b, p->value);
			b->oprops[k].lang = str_at(b, p->lang);
			k++;
		}
		if (owner < 0) {
			b->unit.nprops = k;
			b->unit.props = k ? b->oprops : NULL;
		} else {
			aln_variant *v = &b->ovars[owner];
			const struct tmx_bvar *bv = &b->vars[owner];

			v->lang = str_at(b, bv->lang);
			v->text = str_at(b, bv->text);
			v->markup = str_at(b, bv->markup);
			v->document = str_at(b, bv->document);
			v->position = bv->position;
			v->nprops = k - first;
			v->props = k > first ? b->oprops + first : NULL;
		}
	}
	b->unit.tuid = str_at(b, b->tuid);
	b->unit.srclang = str_at(b, b->srclang);
	b->unit.created = str_at(b, b->created);
	b->unit.changed = str_at(b, b->changed);
	b->unit.tool = str_at(b, b->tool);
	b->unit.confidence = b->confidence;
	b->unit.nvariants = b->nvars;
	b->unit.variants = b->nvars ? b->ovars : NULL;
	*out = &b->unit;
	return 0;
}

int tmx_lang(tmx_lang_cache *c, char out[ALN_LANG_MAX], const char *tag)
{
	unsigned int i;
	int rc;

	if (strlen(tag) < ALN_LANG_MAX) {
		for (i = 0; i < c->n; i++)
			if (!strcmp(c->e[i].raw, tag)) {
				memcpy(out, c->e[i].canon, ALN_LANG_MAX);
				return 0;
			}
	}
	rc = aln_lang_canonical(out, ALN_LANG_MAX, tag);
	if (rc < 0 || strlen(tag) >= ALN_LANG_MAX)
		return rc;
	i = c->next;
	c->next = (c->next + 1) % ALN_ARRAY_SIZE(c->e);
	if (c->n < ALN_ARRAY_SIZE(c->e))
		c->n++;
	memcpy(c->e[i].raw, tag, strlen(tag) + 1);
	memcpy(c->e[i].canon, out, ALN_LANG_MAX);
	return 0;
}

static int digits(const char *s, int n, int lo, int hi)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	return v >= lo && v <= hi;
}

bool tmx_date_valid(const char *s)
{
	return s && strlen(s) == 16 && digits(s, 4, 1000, 9999) &&
	       digits(s + 4, 2, 1, 12) && digits(s + 6, 2, 1, 31) &&
	       s[8] == 'T' && digits(s + 9, 2, 0, 23) &&
	       digits(s + 11, 2, 0, 59) && digits(s + 13, 2, 0, 60) &&
	       s[15] == 'Z';
}

int tmx_nfc(aln_buf *out, const char *s, size_t len)
{
	const UNormalizer2 *nfc;
	UErrorCode st = U_ZERO_ERROR;
	UChar *u = NULL, *n = NULL;
	int32_t ulen, nlen, olen;
	size_t i;
	int rc = ALN_ENOMEM;

	aln_buf_clear(out);
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			break;
	if (i == len)
		return aln_buf_put(out, s, len);
	if (len > INT32_MAX / 2)
		return aln__error(ALN_ELIMIT, "%s", _("a segment is too long"));
	nfc = unorm2_getNFCInstance(&st);
	if (U_FAILURE(st))
		return aln__error(ALN_EICU, _("cannot load NFC data: %s"),
				  u_errorName(st));
	if (!(u = aln__reallocarray(NULL, len + 1, sizeof(UChar))))
		goto out;
	u_strFromUTF8(u, (int32_t)len + 1, &ulen, s, (int32_t)len, &st);
	if (U_FAILURE(st)) {
		rc = aln__error(ALN_EENCODING, "%s",
				_("invalid UTF-8 in a segment"));
		goto out;
	}
	if (unorm2_quickCheck(nfc, u, ulen, &st) == UNORM_YES &&
	    U_SUCCESS(st)) {
		rc = aln_buf_put(out, s, len);
		goto out;
	}
	st = U_ZERO_ERROR;
	if (!(n = aln__reallocarray(NULL, (size_t)ulen * 3 + 1, sizeof(UChar))))
		goto out;
	nlen = unorm2_normalize(nfc, u, ulen, n, ulen * 3 + 1, &st);
	if (U_FAILURE(st)) {
		rc = aln__error(ALN_EICU, _("cannot normalise a segment: %s"),
				u_errorName(st));
		goto out;
	}
	if (aln_buf_grow(out, (size_t)nlen * 3 + 1) < 0)
		goto out;
	u_strToUTF8(out->ptr, (int32_t)(out->cap - 1), &olen, n, nlen, &st);
	if (U_FAILURE(st)) {
		rc = aln__error(ALN_EICU, _("cannot normalise a segment: %s"),
				u_errorName(st));
		goto out;
	}
	out->len = (size_t)olen;
	out->ptr[olen] = '\0';
	rc = 0;
out:
	free(u);
	free(n);
	return rc;
}

int tmx_escape(aln_buf *out, const char *s, size_t len, int attr)
{
	size_t i, run = 0;

	for (i = 0; i < len; i++) {
		const char *rep = NULL;

		switch (s[i]) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '\r':
			rep = "&#13;";
			break;
		case '"':
			rep = attr ? "&quot;" : NULL;
			break;
		case '\t':
			rep = attr ? "&#9;" : NULL;
			break;
		case '\n':
			rep = attr ? "&#10;" : NULL;
			break;
		default:
			/* Not allowed in XML 1.0: cannot be written. */
			if ((unsigned char)s[i] < 0x20 && s[i] != '\t' &&
			    s[i] != '\n')
				rep = "";
			break;
		}
		if (!rep)
			continue;
		if (aln_buf_put(out, s + run, i - run) < 0 ||
		    aln_buf_puts(out, rep) < 0)
			return ALN_ENOMEM;
		run = i + 1;
	}
	return aln_buf_put(out, s + run, len - run);
}
