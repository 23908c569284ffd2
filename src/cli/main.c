// SPDX-License-Identifier: MIT
/*
 * The entry point of `alinea`: sets up the locale and messages, reads the
 * global options, and hands the rest of the line to one subcommand from a
 * sorted table. Also checks that everything written to stdout reached it.
 */
#include "config.h"
#include "cli.h"

#include <errno.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int cmd_help(int argc, char **argv);

/* Sorted by name: `alinea --help` lists them in this order. */
static const struct cli_command commands[] = {
	{ "add", cmd_add, N_("add one translation unit to the memory") },
	{ "align", cmd_align,
	  N_("align the sentences of two or more versions of a text") },
	{ "analyze", cmd_analyze,
	  N_("report how much of a new text the memory already covers") },
	{ "concord", cmd_concord,
	  N_("show how an expression was translated, in context") },
	{ "export", cmd_export,
	  N_("write the memory to a TMX, TSV, CSV or JSON Lines file") },
	{ "help", cmd_help, N_("show the help of a command") },
	{ "import", cmd_import,
	  N_("add the units of TMX or TSV files to the memory") },
	{ "lookup", cmd_lookup,
	  N_("find the memory's best matches for a sentence") },
	{ "names", cmd_names,
	  N_("show how a name is written in other languages and scripts") },
	{ "pretranslate", cmd_pretranslate,
	  N_("fill a text's translation with the memory's best matches") },
	{ "segment", cmd_segment, N_("split a document into sentences") },
	{ "stats", cmd_stats, N_("count what the memory holds") },
	{ "term", cmd_term,
	  N_("manage the glossary and extract term candidates") },
};

static const struct cli_command *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

/* Damerau-free Levenshtein distance between two short ASCII words. */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t row[64];

	if (la > 63)
		la = 63;
	if (lb > 63)
		lb = 63;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

static const char *closest_command(const char *name)
{
	size_t i, best = (size_t)-1;
	const char *found = commands[0].name;

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		size_t d = edit_distance(name, commands[i].name);

		/* A prefix ("seg") is as good as a near miss. */
		if (!strncmp(commands[i].name, name, strlen(name)))
			d = 0;
		if (d < best) {
			best = d;
			found = commands[i].name;
		}
	}
	return found;
}

static void print_usage(void)
{
	size_t i;

	printf("%s\n", _("usage: alinea [--memory PATH] COMMAND [ARGS...]"));
	printf("       %s\n", _("alinea help COMMAND"));
	printf("       %s\n\n", _("alinea --version"));
	printf("%s\n\n",
	       _("Align the versions of a text in several languages sentence "
		 "by sentence, keep\nthe result in a translation memory, and "
		 "look up sentences, terms and names."));
	printf("%s\n", _("Commands:"));
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		printf("  %-14s%s\n", commands[i].name, _(commands[i].summary));
	printf("\n%s\n", _("Options:"));
	printf("  %-20s%s\n", "--memory PATH",
	       _("the memory to use (default: $ALINEA_MEMORY, else"));
	printf("  %-20s%s\n", "", _("$XDG_DATA_HOME/alinea/memory.db, else"));
	printf("  %-20s%s\n", "", _("~/.local/share/alinea/memory.db)"));
	printf("  %-20s%s\n", "-h, --help", _("show this help"));
	printf("  %-20s%s\n", "--version", _("show the version"));
	printf("\n%s\n",
	       _("Run 'alinea help COMMAND' for the options of a command."));
}

static int run_command(const struct cli_command *c, int argc, char **argv)
{
	/* Each command parses its options with getopt_long from scratch. */
	extern int optind;

	optind = 0;
	return c->fn(argc, argv);
}

static int cmd_help(int argc, char **argv)
{
	const struct cli_command *c;
	char *sub[3];

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		print_usage();
		return EXIT_OK;
	}
	if (argc > 2)
		return cli_usage_error("help", "%s",
				       _("help takes one command name"));
	c = find_command(argv[1]);
	if (!c) {
		cli_error(_("unknown command '%s'; did you mean '%s'?"),
			  argv[1], closest_command(argv[1]));
		return EXIT_USAGE;
	}
	if (c->fn == cmd_help) {
		print_usage();
		return EXIT_OK;
	}
	sub[0] = argv[1];
	sub[1] = "--help";
	sub[2] = NULL;
	return run_command(c, 2, sub);
}

/*
 * The catalogues: $ALINEA_LOCALEDIR, else the installed ones, else (when
 * the program runs from its build folder, uninstalled) the build's.
 */
static const char *locale_dir(void)
{
	const char *dir = getenv("ALINEA_LOCALEDIR");

	if (dir && *dir)
		return dir;
	if (access(ALN_LOCALEDIR "/fr/LC_MESSAGES/alinea.mo", R_OK) == 0)
		return ALN_LOCALEDIR;
	if (access(ALN_BUILD_LOCALEDIR "/fr/LC_MESSAGES/alinea.mo", R_OK) == 0)
		return ALN_BUILD_LOCALEDIR;
	return ALN_LOCALEDIR;
}

static void setup_messages(void)
{
	const char *dir = locale_dir();

	setlocale(LC_ALL, "");
	/* Numbers in output meant for programs never change with the locale. */
	setlocale(LC_NUMERIC, "C");
	bindtextdomain("alinea", dir);
	bind_textdomain_codeset("alinea", "UTF-8");
	textdomain("alinea");
	/* The library binds the same domain; make it use the same folder. */
	setenv("ALINEA_LOCALEDIR", dir, 1);
}

/* Flushes stdout and reports a failed write (a full disk, a closed pipe). */
static int finish(int rc)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (errno == EPIPE)
			return rc;
		cli_error(_("cannot write to standard output: %s"),
			  strerror(errno));
		return rc ? rc : EXIT_FAILED;
	}
	return rc;
}

int main(int argc, char **argv)
{
	const struct cli_command *c;
	int i = 1;

	setup_messages();
	while (i < argc && argv[i][0] == '-') {
		const char *a = argv[i];

		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			print_usage();
			return finish(EXIT_OK);
		} else if (!strcmp(a, "--version")) {
			printf("alinea %s\n", aln_version());
			return finish(EXIT_OK);
		} else if (!strcmp(a, "--memory")) {
			if (i + 1 >= argc)
				return cli_usage_error(
					NULL, "%s", _("--memory needs a path"));
			cli_memory_option = argv[i + 1];
			i += 2;
		} else if (!strncmp(a, "--memory=", 9)) {
			cli_memory_option = a + 9;
			i++;
		} else {
			return cli_usage_error(NULL, _("unknown option '%s'"),
					       a);
		}
	}
	if (i >= argc) {
		print_usage();
		return finish(EXIT_USAGE);
	}
	c = find_command(argv[i]);
	if (!c) {
		cli_error(_("unknown command '%s'; did you mean '%s'?"),
			  argv[i], closest_command(argv[i]));
		return EXIT_USAGE;
	}
	return finish(run_command(c, argc - i, argv + i));
}
