// SPDX-License-Identifier: MIT
/*
 * `alinea stats`: what the memory holds (units, documents, variants per
 * language, size on disk), for people or as JSON for programs.
 */
#include "cli-memory.h"

#include <getopt.h>
#include <string.h>

static const char *const usage = N_(
	"usage: alinea stats [--format text|json]\n"
	"\n"
	"Count what the memory holds: units, documents, sentences per\n"
	"language and size on disk.\n"
	"\n"
	"Options:\n"
	"  --format FORMAT   text (default) or json:\n"
	"                    {\"units\": N, \"documents\": N,\n"
	"                     \"languages\": {\"fr\": N, ...}, \"bytes\": N}\n"
	"  -h, --help        show this help\n");

int cmd_stats(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct aln_memory_stats st;
	aln_memory *m = NULL;
	bool json = false;
	size_t i;
	int c, rc;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if ((rc = clim_format("stats", optarg, &json)) !=
			    EXIT_OK)
				return rc;
			break;
		case 'h':
			return cli_help(_(usage));
		default:
			return cli_usage_error(
				"stats", "%s",
				_("unknown or incomplete option"));
		}
	}
	if (optind < argc)
		return cli_usage_error("stats", _("unexpected argument '%s'"),
				       argv[optind]);
	if ((rc = clim_open(&m, false)) != EXIT_OK)
		return rc;
	rc = aln_memory_stats(m, &st);
	aln_memory_free(m);
	if (rc < 0)
		return cli_fail(rc);
	if (json) {
		printf("{\"units\": %lld, \"documents\": %lld, "
		       "\"languages\": {",
		       st.units, st.documents);
		for (i = 0; i < st.nlangs; i++) {
			printf("%s", i ? ", " : "");
			cli_json_string(stdout, st.langs[i].lang,
					strlen(st.langs[i].lang));
			printf(": %lld", st.langs[i].variants);
		}
		printf("}, \"bytes\": %lld}\n", st.bytes);
	} else {
		printf(_("units:      %lld\n"), st.units);
		printf(_("documents:  %lld\n"), st.documents);
		printf("%s", _("languages: "));
		for (i = 0; i < st.nlangs; i++)
			printf("%s %s %lld", i ? "," : "", st.langs[i].lang,
			       st.langs[i].variants);
		printf("\n");
		printf(_("size:       %.1f MB\n"),
		       (double)st.bytes / (1024.0 * 1024.0));
	}
	aln_memory_stats_clear(&st);
	return EXIT_OK;
}
