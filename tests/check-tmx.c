// SPDX-License-Identifier: MIT
/*
 * Unit tests of the exchange formats: the TMX reader on the project's
 * fixtures (one per quirk of real files, tests/data/tmx/) and on the
 * shared samples of other tools (../shared/data/tmx/samples/, skipped
 * when absent), the writers (TMX checked by structure always and by
 * xmllint against the TMX 1.4b DTD when both are present), and round
 * trips read -> write -> read on every file.
 */
#include "buf.h"
#include "internal.h"

#include <check.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char src_root[1024];
static char tmp_dir[1024];

static const char *fixture(const char *name)
{
	static char path[2048];

	snprintf(path, sizeof(path), "%s/tests/data/tmx/%s", src_root, name);
	return path;
}

static const char *shared_path(const char *name)
{
	static char path[2048];

	snprintf(path, sizeof(path), "%s/../shared/data/tmx/%s", src_root,
		 name);
	return path;
}

static const char *tmp_path(const char *name)
{
	static char path[2048];

	snprintf(path, sizeof(path), "%s/%s", tmp_dir, name);
	return path;
}

static int exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/* A textual signature of every unit read: what a round trip keeps. */
struct collected {
	aln_buf sig;
	size_t units;
	char langs[64][ALN_LANG_MAX];
	size_t nlangs;
	size_t max_variants;
	int with_tuid; /* put tuids in the signature */
};

static void add_lang(struct collected *c, const char *lang)
{
	size_t i;

	for (i = 0; i < c->nlangs; i++)
		if (!strcmp(c->langs[i], lang))
			return;
	ck_assert_uint_lt(c->nlangs, 64);
	snprintf(c->langs[c->nlangs++], ALN_LANG_MAX, "%s", lang);
}

static void sig_props(aln_buf *b, const aln_prop *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		aln_buf_printf(b, "  %s %s=[%s]\n", p[i].lang ? p[i].lang : "-",
			       p[i].type ? p[i].type : "(note)", p[i].value);
}

static int collect(const aln_unit *u, void *data)
{
	struct collected *c = data;
	size_t i;

	c->units++;
	if (u->nvariants > c->max_variants)
		c->max_variants = u->nvariants;
	aln_buf_printf(&c->sig, "tu %s src=%s conf=%.4g\n",
		       c->with_tuid && u->tuid ? u->tuid : "",
		       u->srclang ? u->srclang : "-", u->confidence);
	sig_props(&c->sig, u->props, u->nprops);
	for (i = 0; i < u->nvariants; i++) {
		const aln_variant *v = &u->variants[i];

		add_lang(c, v->lang);
		aln_buf_printf(
			&c->sig, " tuv %s doc=%s pos=%ld\n  [%s]\n  {%s}\n",
			v->lang, v->document ? v->document : "-", v->position,
			v->text, v->markup ? v->markup : "-");
		sig_props(&c->sig, v->props, v->nprops);
	}
	return 0;
}

struct events {
	int warnings, skipped;
	long lines[16];
};

static void on_event(int kind, const char *file, long line, const char *message,
		     void *data)
{
	struct events *e = data;

	(void)file;
	(void)message;
	if (kind == ALN_TMX_WARNING)
		e->warnings++;
	else {
		if (e->skipped < 16)
			e->lines[e->skipped] = line;
		e->skipped++;
	}
}

static int read_file(const char *path, struct collected *c, struct events *e,
		     int skip)
{
	aln_tmx_read_options o = ALN_TMX_READ_OPTIONS_INIT;

	o.on_event = on_event;
	o.data = e;
	o.skip_invalid = skip;
	return aln_tmx_read(path, &o, collect, c);
}

/* Reads a fixture that must read cleanly; the caller frees c->sig. */
static void read_ok(const char *name, struct collected *c, struct events *e)
{
	int rc;

	memset(c, 0, sizeof(*c));
	memset(e, 0, sizeof(*e));
	c->with_tuid = 1;
	rc = read_file(fixture(name), c, e, 0);
	ck_assert_msg(rc == 0, "%s: %d %s", name, rc,
		      aln_error_last() ? aln_error_last()->message : "");
}

START_TEST(utf16be_with_bom_and_no_declaration_is_read)
{
	struct collected c;
	struct events e;

	read_ok("utf16be-bom.tmx", &c, &e);
	ck_assert_uint_eq(c.units, 2);
	ck_assert_ptr_nonnull(strstr(c.sig.ptr, "[Πάρτε το πλοίο.]"));
	aln_buf_free(&c.sig);
}
END_TEST

START_TEST(utf16le_and_utf8_boms_are_read)
{
	struct collected c;
	struct events e;

	read_ok("utf16le-bom.tmx", &c, &e);
	ck_assert_ptr_nonnull(
		strstr(c.sig.ptr, "[Во вторник ожидается снег.]"));
	aln_buf_free(&c.sig);
	read_ok("utf8-bom.tmx", &c, &e);
	ck_assert_ptr_nonnull(
		strstr(c.sig.ptr, "[Le café ouvre à neuf heures.]"));
	aln_buf_free(&c.sig);
}
END_TEST

START_TEST(declared_windows_1252_is_decoded)
{
	struct collected c;
	struct events e;

	read_ok("windows-1252.tmx", &c, &e);
	ck_assert_uint_eq(c.units, 2);
	ck_assert_ptr_nonnull(
		strstr(c.sig.ptr, "[The ticket costs 12 € – it’s cheap.]"));
	ck_assert_ptr_nonnull(strstr(c.sig.ptr, "[“Déjà vu”, said Zoë.]"));
	aln_buf_free(&c.sig);
}
END_TEST

START_TEST(undeclared_latin1_is_an_encoding_error_with_its_line)
{
	struct collected c = { 0 };
	struct events e = { 0 };

	ck_assert_int_eq(read_file(fixture("undeclared-latin1.tmx"), &c, &e, 0),
			 ALN_EENCODING);
	ck_assert_int_eq(aln_error_last()->line, 5);
	ck_assert_ptr_nonnull(aln_error_last()->hint);
	aln_buf_free(&c.sig);
}
END_TEST

START_TEST(euramis_and_upper_case_codes_are_canonical)
{
	struct collected c;
	struct events e;

	read_ok("euramis.tmx", &c, &e);
	ck_assert_ptr_nonnull(strstr(c.sig.ptr, " tuv en doc"));
	ck_assert_ptr_nonnull(strstr(c.sig.ptr, " tuv fr doc"));
	ck_assert_ptr_nonnull(strstr(c.sig.ptr, " tuv de doc"));
	ck_assert_ptr_nonnull(strstr(c.sig.ptr, " tuv en-GB doc"));
	ck_assert_ptr_nonnull(strstr(c.sig.ptr, " tuv pt-BR doc"));
	/* The header's EN-01 is the source; en-GB stands for it. */
	ck_assert_ptr_nonnull(strstr(c.sig.ptr, "tu  src=en-GB"));
	ck_assert_ptr_null(strstr(c.sig.ptr, "EN-01"));
	aln_buf_free(&c.sig);
}
END_TEST

START_TEST(props_and_notes_after_seg_belong_to_their_tuv)
{
	struct collected c;
	struct events e;
	const char *want =
		"tu p1 src=en conf=-1\n"
		"  - x-project=[hospital]\n"
		" tuv en doc=- pos=-1\n  [Close the window.]\n  {-}\n"
		"  - x-context=[dialog]\n  - (note)=[said by the nurse]\n"
		" tuv it doc=- pos=-1\n  [Chiuda la finestra.]\n  {-}\n"
		"  - (note)=[formal]\n  - x-status=[checked]\n";

	read_ok("prop-after-seg.tmx", &c, &e);
	ck_assert_str_eq(c.sig.ptr, want);
	aln_buf_free(&c.sig);
}
END_TEST

START_TEST(per_tu_srclang_overrides_the_header)
{
	struct collected c;
	struct events e;

	read_ok("per-tu-srclang.tmx", &c, &e);
	ck_assert_uint_eq(c.units, 3);
	ck_assert_ptr_nonnull(strstr(c.sig.ptr, "tu  src=fr conf"));
	ck_assert_ptr_nonnull(strstr(c.sig.ptr, "tu  src=de-AT conf"));
	/* The header says *all*: the third unit has no known source. */
	ck_assert_ptr_nonnull(strstr(c.sig.ptr, "tu  src=- conf"));
	ck_assert_uint_eq(c.nlangs, 3);
	aln_buf_free(&c.sig);
}
END_TEST

START_TEST(broken_bpt_ept_pairs_become_it_with_warnings)
{
	struct collected c;
	struct events e;

	read_ok("broken-pairs.tmx", &c, &e);
	ck_assert_uint_eq(c.units, 3);
	ck_assert_int_eq(e.warnings, 4);
	ck_assert_ptr_nonnull(
		strstr(c.sig.ptr,
		       "{Press <it pos=\"begin\">&lt;b&gt;</it>Save now.}"));
	ck_assert_ptr_nonnull(strstr(
		c.sig.ptr, "Enregistrer<it pos=\"end\">&lt;/b&gt;</it> main"));
	ck_assert_ptr_nonnull(strstr(
		c.sig.ptr, "{Une <it pos=\"begin\">&lt;i&gt;</it>belle<it "
			   "pos=\"end\">&lt;/i&gt;</it> journée.}"));
	/* A sound pair stays; an it without pos becomes a ph. */
	ck_assert_ptr_nonnull(
		strstr(c.sig.ptr, "<bpt i=\"4\" x=\"1\">{</bpt>"));
	ck_assert_ptr_nonnull(strstr(c.sig.ptr, "Gardé <ph>[</ph>tel quel."));
	ck_assert_ptr_nonnull(strstr(c.sig.ptr, "[Press Save now.]"));
	aln_buf_free(&c.sig);
}
END_TEST

START_TEST(thirty_languages_in_one_unit_are_all_kept)
{
	struct collected c;
	struct events e;

	read_ok("thirty-langs.tmx", &c, &e);
	ck_assert_uint_eq(c.units, 2);
	ck_assert_uint_eq(c.max_variants, 30);
	ck_assert_uint_eq(c.nlangs, 30);
	aln_buf_free(&c.sig);
}
END_TEST

START_TEST(external_entities_are_refused_not_read)
{
	struct collected c = { 0 };
	struct events e = { 0 };

	ck_assert_int_eq(read_file(fixture("xxe.tmx"), &c, &e, 0),
			 ALN_EUNSUPPORTED);
	ck_assert_uint_eq(c.units, 0);
	ck_assert_int_eq(aln_error_last()->line, 8);
	aln_buf_free(&c.sig);
}
END_TEST

START_TEST(external_parameter_entities_are_not_fetched)
{
	struct collected c;
	struct events e;

	/* The DTD named is on a closed port: reading must not try it. */
	read_ok("xxe-param.tmx", &c, &e);
	ck_assert_uint_eq(c.units, 1);
	aln_buf_free(&c.sig);
}
END_TEST

START_TEST(billion_laughs_is_refused_quickly)
{
	struct collected c = { 0 };
	struct events e = { 0 };
	int rc = read_file(fixture("billion-laughs.tmx"), &c, &e, 0);

	ck_assert_msg(rc == ALN_ELIMIT || rc == ALN_EFORMAT ||
			      rc == ALN_EUNSUPPORTED,
		      "rc %d", rc);
	ck_assert_uint_eq(c.units, 0);
	ck_assert_uint_lt(c.sig.len, 1000);
	aln_buf_free(&c.sig);
}
END_TEST

START_TEST(plain_internal_entities_are_expanded)
{
	struct collected c;
	struct events e;

	read_ok("internal-entity.tmx", &c, &e);
	ck_assert_ptr_nonnull(strstr(c.sig.ptr, "[Made by Vasquez and Sons.]"));
	aln_buf_free(&c.sig);
}
END_TEST

START_TEST(tmx11_lang_attribute_is_read)
{
	struct collected c;
	struct events e;

	read_ok("tmx11-lang.tmx", &c, &e);
	ck_assert_uint_eq(c.units, 2);
	ck_assert_ptr_nonnull(strstr(c.sig.ptr, " tuv nl-NL doc"));
	ck_assert_ptr_nonnull(strstr(c.sig.ptr, "src=en-US"));
	aln_buf_free(&c.sig);
}
END_TEST

START_TEST(inline_elements_are_kept_in_markup_and_stripped_from_text)
{
	struct collected c;
	struct events e;

	read_ok("inline-all.tmx", &c, &e);
	ck_assert_ptr_nonnull(strstr(c.sig.ptr, "[Click here now.]"));
	ck_assert_ptr_nonnull(strstr(
		c.sig.ptr,
		"{Click <bpt i=\"1\" x=\"1\" type=\"link\">&lt;a "
		"href=\"#\"&gt;</bpt>here<ept i=\"1\">&lt;/a&gt;</ept><ph "
		"x=\"2\" type=\"image\">&lt;img alt=\"<sub "
		"type=\"alt\">logo</sub>\"/&gt;</ph> now.}"));
	ck_assert_ptr_nonnull(
		strstr(c.sig.ptr, "[Underlined and stressed  words.]"));
	ck_assert_ptr_nonnull(strstr(c.sig.ptr,
				     "<hi type=\"emphasis\">stressed "
				     "<ph/></hi> words<ut>{\\b0}</ut>"));
	ck_assert_int_eq(e.warnings, 0);
	aln_buf_free(&c.sig);
}
END_TEST

START_TEST(tabs_and_edge_spaces_are_kept)
{
	struct collected c;
	struct events e;

	read_ok("spaces-tabs.tmx", &c, &e);
	ck_assert_ptr_nonnull(strstr(
		c.sig.ptr,
		"[  two leading spaces, a\ttab, and three trailing   ]"));
	ck_assert_ptr_nonnull(strstr(c.sig.ptr, "[Line one\nline two]"));
	ck_assert_ptr_nonnull(strstr(c.sig.ptr, "[   ]"));
	ck_assert_ptr_nonnull(strstr(c.sig.ptr, "[\t]"));
	aln_buf_free(&c.sig);
}
END_TEST

START_TEST(large_rtf_header_props_are_skipped)
{
	struct collected c;
	struct events e;

	read_ok("rtf-header.tmx", &c, &e);
	ck_assert_uint_eq(c.units, 1);
	ck_assert_ptr_null(strstr(c.sig.ptr, "fonttbl"));
	aln_buf_free(&c.sig);
}
END_TEST

START_TEST(unknown_attributes_and_elements_are_tolerated)
{
	struct collected c;
	struct events e;

	read_ok("unknown-attrs.tmx", &c, &e);
	ck_assert_uint_eq(c.units, 2);
	ck_assert_ptr_nonnull(
		strstr(c.sig.ptr,
		       "{An <ph>&lt;br/&gt;</ph> break and a foreign tag.}"));
	ck_assert_int_ge(e.warnings, 2);
	aln_buf_free(&c.sig);
}
END_TEST

START_TEST(malformed_xml_fails_with_line_and_column)
{
	struct collected c = { 0 };
	struct events e = { 0 };
	const aln_error *err;

	ck_assert_int_eq(read_file(fixture("malformed.tmx"), &c, &e, 1),
			 ALN_EFORMAT);
	err = aln_error_last();
	ck_assert_str_eq(err->file, fixture("malformed.tmx"));
	ck_assert_int_eq(err->line, 6);
	ck_assert_int_gt(err->column, 0);
	ck_assert_ptr_nonnull(strstr(err->message, "malformed XML"));
	aln_buf_free(&c.sig);
}
END_TEST

START_TEST(invalid_units_fail_the_file_unless_skipped)
{
	struct collected c = { 0 };
	struct events e = { 0 };

	ck_assert_int_eq(read_file(fixture("invalid-units.tmx"), &c, &e, 0),
			 ALN_EFORMAT);
	ck_assert_int_eq(aln_error_last()->line, 6);
	aln_buf_free(&c.sig);
	memset(&c, 0, sizeof(c));
	ck_assert_int_eq(read_file(fixture("invalid-units.tmx"), &c, &e, 1), 0);
	ck_assert_uint_eq(c.units, 3);
	ck_assert_int_eq(e.skipped, 4);
	ck_assert_int_eq(e.lines[0], 6);
	ck_assert_int_eq(e.lines[1], 8);
	ck_assert_int_eq(e.lines[2], 9);
	ck_assert_int_eq(e.lines[3], 10);
	aln_buf_free(&c.sig);
}
END_TEST

START_TEST(a_file_that_is_not_tmx_is_refused)
{
	struct collected c = { 0 };
	struct events e = { 0 };

	ck_assert_int_eq(read_file(fixture("not-tmx.xml"), &c, &e, 0),
			 ALN_EFORMAT);
	ck_assert_ptr_nonnull(strstr(aln_error_last()->message, "xliff"));
	ck_assert_int_eq(read_file(tmp_path("no-such-file.tmx"), &c, &e, 0),
			 ALN_EIO);
	aln_buf_free(&c.sig);
}
END_TEST

static int stop_after_one(const aln_unit *u, void *data)
{
	(void)u;
	(void)data;
	return ALN_ECANCELLED;
}

START_TEST(the_callback_can_stop_the_reader)
{
	ck_assert_int_eq(aln_tmx_read(fixture("thirty-langs.tmx"), NULL,
				      stop_after_one, NULL),
			 ALN_ECANCELLED);
}
END_TEST

/*
 * The shared samples of other tools, with the counts of the README of
 * ../shared/data/tmx: tu elements and distinct tuv languages.
 */
static const struct {
	const char *file;
	size_t units, langs;
} samples[] = {
	{ "alignfactory__issue277.tmx", 2, 2 },
	{ "heartsome__UTF-16LE.TMX", 2, 2 },
	{ "lisa-ck__ImportTest1A.tmx", 2, 2 },
	{ "lisa-ck__ImportTest1C.tmx", 3, 5 },
	{ "lisa-ck__ImportTest1L.tmx", 1, 3 },
	{ "okapi__leverage_output1.tmx", 8, 2 },
	{ "okapi__pensieveTM.pentm.tmx", 9, 2 },
	{ "okapi__sample14b.tmx", 25, 2 },
	{ "olifant__tmxtest-attributes.tmx", 9, 2 },
	{ "omegat__project_save.tmx", 5, 2 },
	{ "omegat__test-level2.tmx", 4, 2 },
	{ "omegat__test-multiple-tuv14.tmx", 3, 8 },
	{ "omegat__test-omegat.tmx", 4, 5 },
	{ "trados-tw4win7__html_test.tmx", 11, 2 },
	{ "ttk__test-match-stat-en-ca.tmx", 259, 2 },
};

START_TEST(shared_samples_import_with_their_counts)
{
	char path[256];
	struct collected c;
	struct events e;
	int rc;

	snprintf(path, sizeof(path), "samples/%s", samples[_i].file);
	if (!exists(shared_path(path))) {
		printf("SKIP %s: ../shared/data/tmx is absent\n",
		       samples[_i].file);
		return;
	}
	memset(&c, 0, sizeof(c));
	memset(&e, 0, sizeof(e));
	rc = read_file(shared_path(path), &c, &e, 0);
	ck_assert_msg(rc == 0, "%s: %s", samples[_i].file,
		      aln_error_last() ? aln_error_last()->message : "");
	ck_assert_uint_eq(c.units, samples[_i].units);
	ck_assert_uint_eq(c.nlangs, samples[_i].langs);
	aln_buf_free(&c.sig);
}
END_TEST

/*
 * The project's structural checks of a written TMX: root, header with
 * every attribute the DTD requires, body, and in each tu at least one
 * tuv, each with xml:lang and exactly one seg after its props and
 * notes (libxml2's DTD check only warns about a missing xml:lang).
 */
static void check_structure(const char *path)
{
	static const char *const header_attrs[] = {
		"creationtool", "creationtoolversion", "segtype",
		"o-tmf",	"adminlang",	       "srclang",
		"datatype",
	};
	xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
	xmlNodePtr root, n, tu, tuv, k;
	xmlChar *v;
	size_t i;
	int saw_header = 0, saw_body = 0;

	ck_assert_ptr_nonnull(doc);
	root = xmlDocGetRootElement(doc);
	ck_assert_str_eq((const char *)root->name, "tmx");
	v = xmlGetProp(root, BAD_CAST "version");
	ck_assert_str_eq((const char *)v, "1.4");
	xmlFree(v);
	for (n = root->children; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (!strcmp((const char *)n->name, "header")) {
			saw_header = 1;
			for (i = 0; i < ALN_ARRAY_SIZE(header_attrs); i++)
				ck_assert_msg(
					xmlHasProp(n, BAD_CAST header_attrs[i]),
					"header lacks %s", header_attrs[i]);
			v = xmlGetProp(n, BAD_CAST "segtype");
			ck_assert_str_eq((const char *)v, "sentence");
			xmlFree(v);
			continue;
		}
		ck_assert_str_eq((const char *)n->name, "body");
		saw_body = 1;
		for (tu = n->children; tu; tu = tu->next) {
			int ntuv = 0;
			xmlChar *d;

			if (tu->type != XML_ELEMENT_NODE)
				continue;
			ck_assert_str_eq((const char *)tu->name, "tu");
			ck_assert(xmlHasProp(tu, BAD_CAST "tuid") != NULL);
			d = xmlGetProp(tu, BAD_CAST "creationdate");
			ck_assert_ptr_nonnull(d);
			ck_assert_uint_eq(strlen((char *)d), 16);
			ck_assert_int_eq(d[8], 'T');
			ck_assert_int_eq(d[15], 'Z');
			xmlFree(d);
			for (tuv = tu->children; tuv; tuv = tuv->next) {
				int nseg = 0, after_seg = 0;
				xmlChar *lang;

				if (tuv->type != XML_ELEMENT_NODE)
					continue;
				if (strcmp((const char *)tuv->name, "tuv")) {
					ck_assert_int_eq(ntuv, 0);
					continue;
				}
				ntuv++;
				lang = xmlGetNsProp(tuv, BAD_CAST "lang",
						    XML_XML_NAMESPACE);
				ck_assert_msg(lang && *lang,
					      "a tuv has no xml:lang");
				xmlFree(lang);
				for (k = tuv->children; k; k = k->next) {
					if (k->type != XML_ELEMENT_NODE)
						continue;
					ck_assert(!after_seg);
					if (!strcmp((const char *)k->name,
						    "seg"))
						nseg++, after_seg = 1;
				}
				ck_assert_int_eq(nseg, 1);
			}
			ck_assert_int_ge(ntuv, 1);
		}
	}
	ck_assert(saw_header && saw_body);
	xmlFreeDoc(doc);
}

/* Validates with xmllint against the shared DTD, when both exist. */
static void check_dtd(const char *path)
{
	char cmd[8192];
	int rc;

	if (!exists(shared_path("tmx14.dtd")) ||
	    system("command -v xmllint >/dev/null 2>&1") != 0)
		return;
	snprintf(cmd, sizeof(cmd),
		 "xmllint --noout --nonet --dtdvalid '%s' '%s' 2>'%s.err'",
		 shared_path("tmx14.dtd"), path, path);
	rc = system(cmd);
	if (rc != 0) {
		snprintf(cmd, sizeof(cmd), "cat '%s.err' >&2", path);
		(void)system(cmd);
	}
	ck_assert_msg(rc == 0, "%s is not valid TMX 1.4b", path);
}

/* Reads path, writes it as TMX, checks it, reads it back: same units. */
static void round_trip(const char *where)
{
	char path[2048];
	struct collected a, b;
	struct events e = { 0 };
	aln_tmx_writer *w;
	aln_tmx_write_options o = ALN_TMX_WRITE_OPTIONS_INIT;
	const char *out = tmp_path("round-trip.tmx");
	int rc;

	/* where may be a static buffer that check_dtd() reuses. */
	snprintf(path, sizeof(path), "%s", where);
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	o.force = 1;
	ck_assert_int_eq(aln_tmx_writer_open(&w, out, &o), 0);
	ck_assert_int_eq(read_file(path, &a, &e, 1), 0);
	rc = aln_tmx_read(path, NULL, aln_tmx_writer_cb, w);
	if (rc == ALN_EFORMAT) /* a file with bad units: skip them */
		rc = 0;
	ck_assert_int_eq(rc, 0);
	ck_assert_int_eq(aln_tmx_writer_commit(w), 0);
	aln_tmx_writer_free(w);
	check_structure(out);
	check_dtd(out);
	ck_assert_int_eq(read_file(out, &b, &e, 0), 0);
	ck_assert_uint_eq(a.units, b.units);
	ck_assert_msg(
		!strcmp(a.sig.ptr ? a.sig.ptr : "", b.sig.ptr ? b.sig.ptr : ""),
		"%s changed in the round trip:\n%s\n---\n%s", path, a.sig.ptr,
		b.sig.ptr);
	/* The same units through JSON Lines. */
	aln_buf_free(&b.sig);
	memset(&b, 0, sizeof(b));
	o.format = ALN_FORMAT_JSONL;
	ck_assert_int_eq(aln_tmx_writer_open(&w, tmp_path("rt.jsonl"), &o), 0);
	rc = aln_tmx_read(path, NULL, aln_tmx_writer_cb, w);
	ck_assert(rc == 0 || rc == ALN_EFORMAT); /* as the TMX leg */
	ck_assert_int_eq(aln_tmx_writer_commit(w), 0);
	aln_tmx_writer_free(w);
	ck_assert_int_eq(
		aln_jsonl_read(tmp_path("rt.jsonl"), NULL, collect, &b), 0);
	ck_assert_msg(
		!strcmp(a.sig.ptr ? a.sig.ptr : "", b.sig.ptr ? b.sig.ptr : ""),
		"%s changed through JSONL:\n%s\n---\n%s", path, a.sig.ptr,
		b.sig.ptr);
	aln_buf_free(&a.sig);
	aln_buf_free(&b.sig);
}

static const char *const readable_fixtures[] = {
	"utf16be-bom.tmx",    "utf16le-bom.tmx",     "utf8-bom.tmx",
	"windows-1252.tmx",   "euramis.tmx",	     "prop-after-seg.tmx",
	"per-tu-srclang.tmx", "broken-pairs.tmx",    "thirty-langs.tmx",
	"xxe-param.tmx",      "internal-entity.tmx", "tmx11-lang.tmx",
	"inline-all.tmx",     "spaces-tabs.tmx",     "rtf-header.tmx",
	"unknown-attrs.tmx",
};

START_TEST(fixtures_survive_a_round_trip)
{
	round_trip(fixture(readable_fixtures[_i]));
}
END_TEST

START_TEST(shared_samples_survive_a_round_trip)
{
	char path[256];

	snprintf(path, sizeof(path), "samples/%s", samples[_i].file);
	if (!exists(shared_path(path))) {
		printf("SKIP %s: ../shared/data/tmx is absent\n",
		       samples[_i].file);
		return;
	}
	round_trip(shared_path(path));
}
END_TEST

static const aln_variant demo_variants[] = {
	{ "fr", "Le chat\tdort.", NULL, "rapport.fr.txt", 4, 0, NULL },
	{ "en-GB", "The cat \"sleeps\", \\ ok.", NULL, NULL, -1, 0, NULL },
};
static const aln_prop demo_props[] = { { "x-origin", "test <&>", NULL } };
static const aln_unit demo_unit = { 0,	       NULL, "fr", 0.875,	  NULL,
				    NULL,      NULL, 2,	   demo_variants, 1,
				    demo_props };

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *s;
	long n;

	ck_assert_ptr_nonnull(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	s = calloc(1, (size_t)n + 1);
	ck_assert_uint_eq(fread(s, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	return s;
}

static void write_one(const char *path, aln_format fmt, const char *const *l,
		      size_t nl)
{
	aln_tmx_writer *w;
	aln_tmx_write_options o = ALN_TMX_WRITE_OPTIONS_INIT;
	int written;

	o.format = fmt;
	o.langs = l;
	o.nlangs = nl;
	o.force = 1;
	ck_assert_int_eq(aln_tmx_writer_open(&w, path, &o), 0);
	ck_assert_int_eq(aln_tmx_writer_add(w, &demo_unit, &written), 0);
	ck_assert_int_eq(written, 1);
	ck_assert_int_eq(aln_tmx_writer_commit(w), 0);
	aln_tmx_writer_free(w);
}

START_TEST(a_writer_on_a_stream_writes_there_and_leaves_it_open)
{
	aln_tmx_writer *w = NULL;
	const char *path = tmp_path("stream.tmx");
	FILE *f = fopen(path, "w+b");
	char *s;

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(aln_tmx_writer_open_stream(&w, NULL, NULL, NULL),
			 ALN_EINVAL);
	ck_assert_ptr_null(w);
	ck_assert_int_eq(aln_tmx_writer_open_stream(&w, f, NULL, NULL), 0);
	ck_assert_int_eq(aln_tmx_writer_add(w, &demo_unit, NULL), 0);
	ck_assert_int_eq(aln_tmx_writer_commit(w), 0);
	/* Finished: nothing more goes in. */
	ck_assert_int_eq(aln_tmx_writer_add(w, &demo_unit, NULL), ALN_EINVAL);
	aln_tmx_writer_free(w);
	/* Still the caller's, still open, and no temporary file about. */
	ck_assert_int_eq(fputs("<!-- after -->\n", f) >= 0, 1);
	ck_assert_int_eq(fclose(f), 0);
	s = slurp(path);
	ck_assert_ptr_nonnull(strstr(s, "<tmx version=\"1.4\">"));
	ck_assert_ptr_nonnull(strstr(s, "<seg>Le chat\tdort."));
	ck_assert_ptr_nonnull(strstr(s, "</tmx>\n<!-- after -->\n"));
	free(s);
	{
		char cmd[2100];

		snprintf(cmd, sizeof(cmd),
			 "ls '%s' | grep -q 'stream.tmx.tmp-' && exit 1 || "
			 "exit 0",
			 tmp_dir);
		ck_assert_int_eq(system(cmd), 0);
	}
}
END_TEST

START_TEST(writer_keeps_provenance_and_confidence_as_props)
{
	struct collected c = { 0 };
	struct events e = { 0 };
	const char *out = tmp_path("demo.tmx");
	char *s;

	c.with_tuid = 1;
	write_one(out, ALN_FORMAT_TMX, NULL, 0);
	s = slurp(out);
	ck_assert_ptr_nonnull(
		strstr(s, "<prop type=\"x-alinea-confidence\">0.875</prop>"));
	ck_assert_ptr_nonnull(strstr(
		s, "<prop type=\"x-alinea-document\">rapport.fr.txt</prop>"));
	ck_assert_ptr_nonnull(
		strstr(s, "<prop type=\"x-alinea-position\">4</prop>"));
	ck_assert_ptr_nonnull(strstr(s, "srclang=\"fr\""));
	ck_assert_ptr_nonnull(strstr(s, "encoding=\"UTF-8\""));
	free(s);
	check_structure(out);
	check_dtd(out);
	ck_assert_int_eq(read_file(out, &c, &e, 0), 0);
	ck_assert_str_eq(c.sig.ptr, "tu 1 src=fr conf=0.875\n"
				    "  - x-origin=[test <&>]\n"
				    " tuv fr doc=rapport.fr.txt pos=4\n"
				    "  [Le chat\tdort.]\n  {-}\n"
				    " tuv en-GB doc=- pos=-1\n"
				    "  [The cat \"sleeps\", \\ ok.]\n  {-}\n");
	aln_buf_free(&c.sig);
}
END_TEST

START_TEST(writer_filters_languages_and_leaves_out_incomplete_units)
{
	static const char *const fr_de[] = { "fr", "de" };
	static const char *const en[] = { "en" };
	aln_tmx_writer *w;
	aln_tmx_write_options o = ALN_TMX_WRITE_OPTIONS_INIT;
	int written = 7;

	o.langs = fr_de;
	o.nlangs = 2;
	o.force = 1;
	ck_assert_int_eq(aln_tmx_writer_open(&w, tmp_path("f.tmx"), &o), 0);
	ck_assert_int_eq(aln_tmx_writer_add(w, &demo_unit, &written), 0);
	ck_assert_int_eq(written, 0);
	aln_tmx_writer_free(w);
	/* "en" takes "en-GB": a base language matches its regions. */
	write_one(tmp_path("g.tsv"), ALN_FORMAT_TSV, en, 1);
	{
		char *s = slurp(tmp_path("g.tsv"));

		ck_assert_str_eq(s, "The cat \"sleeps\", \\\\ ok.\n");
		free(s);
	}
}
END_TEST

START_TEST(tsv_csv_and_jsonl_writers_escape_what_they_must)
{
	static const char *const l[] = { "fr", "en" };
	char *s;

	write_one(tmp_path("d.tsv"), ALN_FORMAT_TSV, l, 2);
	s = slurp(tmp_path("d.tsv"));
	ck_assert_str_eq(s, "Le chat\\tdort.\tThe cat \"sleeps\", \\\\ ok.\n");
	free(s);
	write_one(tmp_path("d.csv"), ALN_FORMAT_CSV, l, 2);
	s = slurp(tmp_path("d.csv"));
	ck_assert_str_eq(s, "fr,en\r\nLe chat\tdort.,\"The cat \"\"sleeps\"\", "
			    "\\ ok.\"\r\n");
	free(s);
	write_one(tmp_path("d.jsonl"), ALN_FORMAT_JSONL, NULL, 0);
	s = slurp(tmp_path("d.jsonl"));
	ck_assert_str_eq(
		s, "{\"variants\":[{\"lang\":\"fr\",\"text\":\"Le "
		   "chat\\tdort.\",\"document\":\"rapport.fr.txt\","
		   "\"position\":4},{\"lang\":\"en-GB\",\"text\":\"The cat "
		   "\\\"sleeps\\\", \\\\ "
		   "ok.\"}],\"tuid\":\"1\",\"srclang\":\"fr\","
		   "\"confidence\":0.875,\"props\":[{\"value\":\"test "
		   "<&>\",\"type\":\"x-origin\"}]}\n");
	free(s);
}
END_TEST

START_TEST(tsv_and_csv_written_are_read_back)
{
	static const char *const l[] = { "fr", "en-GB" };
	aln_tmx_read_options o = ALN_TMX_READ_OPTIONS_INIT;
	struct collected c = { 0 };

	write_one(tmp_path("r.tsv"), ALN_FORMAT_TSV, l, 2);
	o.langs = l;
	o.nlangs = 2;
	ck_assert_int_eq(aln_tsv_read(tmp_path("r.tsv"), &o, collect, &c), 0);
	ck_assert_uint_eq(c.units, 1);
	ck_assert_ptr_nonnull(strstr(c.sig.ptr, "[Le chat\tdort.]"));
	ck_assert_ptr_nonnull(
		strstr(c.sig.ptr, "[The cat \"sleeps\", \\ ok.]"));
	aln_buf_free(&c.sig);
	memset(&c, 0, sizeof(c));
	/* The CSV header names the languages: no -l needed. */
	write_one(tmp_path("r.csv"), ALN_FORMAT_CSV, l, 2);
	ck_assert_int_eq(aln_csv_read(tmp_path("r.csv"), NULL, collect, &c), 0);
	ck_assert_uint_eq(c.units, 1);
	ck_assert_ptr_nonnull(strstr(c.sig.ptr, " tuv en-GB doc"));
	ck_assert_ptr_nonnull(
		strstr(c.sig.ptr, "[The cat \"sleeps\", \\ ok.]"));
	aln_buf_free(&c.sig);
}
END_TEST

static void put_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

/* aln_tsv_read, aln_csv_read or aln_jsonl_read. */
typedef int (*reader_fn)(const char *path, const aln_tmx_read_options *opts,
			 aln_unit_cb cb, void *data);

/*
 * Reads p twice with reader: with opts (NULL for the defaults), which
 * must fail on line bad[0], at column min_column or later; then with
 * opts and skip_invalid, which must pass units units and skip exactly
 * the nbad lines of bad. *c and *e start zeroed and keep what the
 * second read collected (the caller frees c->sig).
 */
static void read_skipping_bad_lines(reader_fn reader, const char *p,
				    const aln_tmx_read_options *opts,
				    const long *bad, int nbad, long min_column,
				    size_t units, struct collected *c,
				    struct events *e)
{
	aln_tmx_read_options o = ALN_TMX_READ_OPTIONS_INIT;
	int i;

	ck_assert_int_eq(reader(p, opts, collect, c), ALN_EFORMAT);
	ck_assert_int_eq(aln_error_last()->line, bad[0]);
	ck_assert_int_ge(aln_error_last()->column, min_column);
	aln_buf_free(&c->sig);
	memset(c, 0, sizeof(*c));
	if (opts)
		o = *opts;
	o.skip_invalid = 1;
	o.on_event = on_event;
	o.data = e;
	ck_assert_int_eq(reader(p, &o, collect, c), 0);
	ck_assert_uint_eq(c->units, units);
	ck_assert_int_eq(e->skipped, nbad);
	for (i = 0; i < nbad; i++)
		ck_assert_int_eq(e->lines[i], bad[i]);
}

START_TEST(tsv_reader_reports_bad_lines_and_needs_languages)
{
	static const char *const l[] = { "en", "fr" };
	static const long bad[] = { 3, 4, 5 };
	aln_tmx_read_options o = ALN_TMX_READ_OPTIONS_INIT;
	struct collected c = { 0 };
	struct events e = { 0 };
	const char *p = tmp_path("bad.tsv");

	put_file(p, "Yes\tOui\n\nonly one\n\xff\xfe\tbad\nNo\tNon\ta third\n"
		    "Maybe\tPeut-être\n");
	ck_assert_int_eq(aln_tsv_read(p, NULL, collect, &c), ALN_EINVAL);
	o.langs = l;
	o.nlangs = 2;
	/* TSV errors name no column. */
	read_skipping_bad_lines(aln_tsv_read, p, &o, bad, 3, 0, 2, &c, &e);
	aln_buf_free(&c.sig);
}
END_TEST

START_TEST(jsonl_keeps_every_field_of_a_unit)
{
	struct collected c = { 0 };

	c.with_tuid = 1;
	write_one(tmp_path("k.jsonl"), ALN_FORMAT_JSONL, NULL, 0);
	ck_assert_int_eq(aln_jsonl_read(tmp_path("k.jsonl"), NULL, collect, &c),
			 0);
	ck_assert_str_eq(c.sig.ptr, "tu 1 src=fr conf=0.875\n"
				    "  - x-origin=[test <&>]\n"
				    " tuv fr doc=rapport.fr.txt pos=4\n"
				    "  [Le chat\tdort.]\n  {-}\n"
				    " tuv en-GB doc=- pos=-1\n"
				    "  [The cat \"sleeps\", \\ ok.]\n  {-}\n");
	aln_buf_free(&c.sig);
}
END_TEST

START_TEST(jsonl_reader_reports_bad_lines_and_drops_foreign_markup)
{
	static const long bad[] = { 3, 4 };
	struct collected c = { 0 };
	struct events e = { 0 };
	const char *p = tmp_path("bad.jsonl");

	put_file(p, "{\"variants\":[{\"lang\":\"en\",\"text\":\"Yes\"},"
		    "{\"lang\":\"fr\",\"text\":\"Oui\"}],\"x\":[1,{}]}\n"
		    "\n"
		    "{\"variants\":[{\"lang\":\"en\",\"text\":\"No\"]}\n"
		    "{\"variants\":[{\"text\":\"No language\"}]}\n"
		    "{\"variants\":[{\"lang\":\"en\",\"text\":\"A \\u00e9 "
		    "\\ud83d\\ude00\",\"markup\":\"A</seg><seg>x\"}]}\n");
	read_skipping_bad_lines(aln_jsonl_read, p, NULL, bad, 2, 1, 2, &c, &e);
	ck_assert_int_eq(e.warnings, 1);
	ck_assert_ptr_nonnull(strstr(c.sig.ptr, "[A é 😀]\n  {-}"));
	aln_buf_free(&c.sig);
}
END_TEST

START_TEST(writer_never_overwrites_without_force_and_leaves_no_temp)
{
	aln_tmx_writer *w;
	aln_tmx_write_options o = ALN_TMX_WRITE_OPTIONS_INIT;
	const char *p = tmp_path("keep.tmx");
	char *s;

	put_file(p, "precious");
	ck_assert_int_eq(aln_tmx_writer_open(&w, p, &o), ALN_EEXISTS);
	ck_assert_ptr_nonnull(aln_error_last()->hint);
	o.force = 1;
	ck_assert_int_eq(aln_tmx_writer_open(&w, p, &o), 0);
	ck_assert_int_eq(aln_tmx_writer_add(w, &demo_unit, NULL), 0);
	aln_tmx_writer_free(w); /* not committed: nothing changes */
	s = slurp(p);
	ck_assert_str_eq(s, "precious");
	free(s);
	ck_assert_int_eq(system("ls \"$TMPDIR_CHECK\" | grep -q tmp-") != 0, 1);
}
END_TEST

START_TEST(formats_are_parsed_and_guessed)
{
	aln_format f;

	ck_assert_int_eq(aln_format_parse(&f, "jsonl"), 0);
	ck_assert_int_eq(f, ALN_FORMAT_JSONL);
	ck_assert_int_eq(aln_format_parse(&f, "xliff"), ALN_EINVAL);
	ck_assert_int_eq(aln_format_guess(&f, "a/B.TMX"), 0);
	ck_assert_int_eq(f, ALN_FORMAT_TMX);
	ck_assert_int_eq(aln_format_guess(&f, "x.csv"), 0);
	ck_assert_int_eq(f, ALN_FORMAT_CSV);
	ck_assert_int_eq(aln_format_guess(&f, "x.doc"), ALN_EUNSUPPORTED);
}
END_TEST

static Suite *tmx_suite(void)
{
	Suite *s = suite_create("tmx");
	TCase *tc = tcase_create("read");
	TCase *tw = tcase_create("write");

	tcase_add_test(tc, utf16be_with_bom_and_no_declaration_is_read);
	tcase_add_test(tc, utf16le_and_utf8_boms_are_read);
	tcase_add_test(tc, declared_windows_1252_is_decoded);
	tcase_add_test(tc,
		       undeclared_latin1_is_an_encoding_error_with_its_line);
	tcase_add_test(tc, euramis_and_upper_case_codes_are_canonical);
	tcase_add_test(tc, props_and_notes_after_seg_belong_to_their_tuv);
	tcase_add_test(tc, per_tu_srclang_overrides_the_header);
	tcase_add_test(tc, broken_bpt_ept_pairs_become_it_with_warnings);
	tcase_add_test(tc, thirty_languages_in_one_unit_are_all_kept);
	tcase_add_test(tc, external_entities_are_refused_not_read);
	tcase_add_test(tc, external_parameter_entities_are_not_fetched);
	tcase_add_test(tc, billion_laughs_is_refused_quickly);
	tcase_add_test(tc, plain_internal_entities_are_expanded);
	tcase_add_test(tc, tmx11_lang_attribute_is_read);
	tcase_add_test(
		tc, inline_elements_are_kept_in_markup_and_stripped_from_text);
	tcase_add_test(tc, tabs_and_edge_spaces_are_kept);
	tcase_add_test(tc, large_rtf_header_props_are_skipped);
	tcase_add_test(tc, unknown_attributes_and_elements_are_tolerated);
	tcase_add_test(tc, malformed_xml_fails_with_line_and_column);
	tcase_add_test(tc, invalid_units_fail_the_file_unless_skipped);
	tcase_add_test(tc, a_file_that_is_not_tmx_is_refused);
	tcase_add_test(tc, the_callback_can_stop_the_reader);
	tcase_add_loop_test(tc, shared_samples_import_with_their_counts, 0,
			    (int)ALN_ARRAY_SIZE(samples));
	suite_add_tcase(s, tc);
	tcase_add_loop_test(tw, fixtures_survive_a_round_trip, 0,
			    (int)ALN_ARRAY_SIZE(readable_fixtures));
	tcase_add_loop_test(tw, shared_samples_survive_a_round_trip, 0,
			    (int)ALN_ARRAY_SIZE(samples));
	tcase_add_test(tw, writer_keeps_provenance_and_confidence_as_props);
	tcase_add_test(tw,
		       a_writer_on_a_stream_writes_there_and_leaves_it_open);
	tcase_add_test(
		tw, writer_filters_languages_and_leaves_out_incomplete_units);
	tcase_add_test(tw, tsv_csv_and_jsonl_writers_escape_what_they_must);
	tcase_add_test(tw, tsv_and_csv_written_are_read_back);
	tcase_add_test(tw, tsv_reader_reports_bad_lines_and_needs_languages);
	tcase_add_test(tw, jsonl_keeps_every_field_of_a_unit);
	tcase_add_test(tw,
		       jsonl_reader_reports_bad_lines_and_drops_foreign_markup);
	tcase_add_test(
		tw, writer_never_overwrites_without_force_and_leaves_no_temp);
	tcase_add_test(tw, formats_are_parsed_and_guessed);
	suite_add_tcase(s, tw);
	return s;
}

int main(void)
{
	const char *root = getenv("ALINEA_SOURCE_ROOT");
	char cmd[1200];
	SRunner *sr;
	int failed;

	snprintf(src_root, sizeof(src_root), "%s", root ? root : ".");
	snprintf(tmp_dir, sizeof(tmp_dir), "%s/alinea-check-tmx.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(tmp_dir))
		return 1;
	setenv("TMPDIR_CHECK", tmp_dir, 1);
	sr = srunner_create(tmx_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp_dir);
	(void)system(cmd);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
