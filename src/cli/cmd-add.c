// SPDX-License-Identifier: MIT
/*
 * `alinea add -s fr -t en "source" "target"`: stores one translation
 * unit in the memory (creating the memory when it does not exist). An
 * identical unit already stored is kept once, with the new provenance.
 */
#include "cli-memory.h"

#include <getopt.h>
#include <string.h>

static const char *const usage = N_(
	"usage: alinea add -s LANG -t LANG [--document NAME] SOURCE TARGET\n"
	"\n"
	"Store one translation unit: SOURCE in language -s, TARGET in\n"
	"language -t. The memory and its folder are created when missing.\n"
	"An identical unit already stored is kept once.\n"
	"\n"
	"Options:\n"
	"  -s, --source LANG     the language of SOURCE (BCP 47: fr, fr-CA)\n"
	"  -t, --target LANG     the language of TARGET\n"
	"  -d, --document NAME   record NAME as where the sentences come from\n"
	"  -h, --help            show this help\n");

int cmd_add(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "source", required_argument, NULL, 's' },
		{ "target", required_argument, NULL, 't' },
		{ "document", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *src = NULL, *tgt = NULL, *doc = NULL;
	aln_memory *m = NULL;
	aln_variant v[2];
	aln_unit u;
	long long id = 0;
	int c, rc;

	while ((c = getopt_long(argc, argv, "s:t:d:h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			src = optarg;
			break;
		case 't':
			tgt = optarg;
			break;
		case 'd':
			doc = optarg;
			break;
		case 'h':
			return cli_help(_(usage));
		default:
			return cli_usage_error(
				"add", "%s", _("unknown or incomplete option"));
		}
	}
	if ((rc = clim_lang("add", "-s", src)) != EXIT_OK ||
	    (rc = clim_lang("add", "-t", tgt)) != EXIT_OK)
		return rc;
	if (argc - optind != 2)
		return cli_usage_error("add", "%s",
				       _("add takes a source and a target "
					 "sentence"));
	if (!*argv[optind] || !*argv[optind + 1])
		return cli_usage_error("add", "%s",
				       _("the source and the target must not "
					 "be empty"));
	memset(v, 0, sizeof(v));
	memset(&u, 0, sizeof(u));
	v[0].lang = src;
	v[0].text = argv[optind];
	v[1].lang = tgt;
	v[1].text = argv[optind + 1];
	v[0].document = v[1].document = doc;
	v[0].position = v[1].position = -1;
	u.confidence = -1;
	u.srclang = src;
	u.tool = "alinea add";
	u.nvariants = 2;
	u.variants = v;
	if ((rc = clim_open(&m, true)) != EXIT_OK)
		return rc;
	if ((rc = aln_memory_add_unit(m, &id, &u)) < 0) {
		rc = cli_fail(rc);
		aln_memory_free(m);
		return rc;
	}
	aln_memory_free(m);
	printf(_("stored unit %lld\n"), id);
	return EXIT_OK;
}
