/* SPDX-License-Identifier: MIT */
/*
 * What the subcommands of `alinea` share: the command functions, message
 * helpers that follow git's conventions, option parsing conventions, the
 * memory path, JSON output and progress on stderr. The program uses only
 * the public API of libalinea.
 */
#ifndef ALINEA_CLI_H
#define ALINEA_CLI_H

#include <alinea.h>

#include <libintl.h>
#include <stdbool.h>
#include <stdio.h>

/*
 * gettext() never returns NULL, but GCC's sanitizer builds cannot tell
 * and warn about a "null format string"; the wrapper says so and keeps
 * format checking through format_arg.
 */
__attribute__((format_arg(1), returns_nonnull)) static inline const char *
cli_gettext(const char *msgid)
{
	const char *s = gettext(msgid);

	return s ? s : msgid;
}

#define _(s) cli_gettext(s)
#define N_(s) (s)
#define CLI_PRINTF(f, a) __attribute__((format(printf, f, a)))

/* Exit codes of every command. */
enum { EXIT_OK = 0, EXIT_FAILED = 1, EXIT_USAGE = 2 };

/* One subcommand: `alinea NAME ...` runs fn(argc, argv), argv[0] = NAME. */
struct cli_command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary; /* N_() text, translated when shown */
};

int cmd_add(int argc, char **argv);
int cmd_align(int argc, char **argv);
int cmd_analyze(int argc, char **argv);
int cmd_concord(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_lookup(int argc, char **argv);
int cmd_names(int argc, char **argv);
int cmd_pretranslate(int argc, char **argv);
int cmd_segment(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_term(int argc, char **argv);

/* The memory named by the global --memory option, or NULL. */
extern const char *cli_memory_option;

/*
 * The memory's path: --memory, else $ALINEA_MEMORY, else
 * $XDG_DATA_HOME/alinea/memory.db, else ~/.local/share/alinea/memory.db.
 * With create_dir, the folder that holds it is created (with its
 * parents) when missing. Returns a static string, or NULL after printing
 * an error.
 */
const char *cli_memory_path(bool create_dir);

/*
 * Messages on stderr, git style: "alinea: error: ...", "hint: ...",
 * "alinea: warning: ...". The format is translated by the caller.
 */
void cli_error(const char *fmt, ...) CLI_PRINTF(1, 2);
void cli_warning(const char *fmt, ...) CLI_PRINTF(1, 2);
void cli_hint(const char *fmt, ...) CLI_PRINTF(1, 2);

/*
 * A usage error of command cmd: prints the message and "see 'alinea cmd
 * --help'"; returns EXIT_USAGE.
 */
int cli_usage_error(const char *cmd, const char *fmt, ...) CLI_PRINTF(2, 3);

/*
 * Prints the library's last error (message, location, hint) and returns
 * EXIT_FAILED. rc is the code the library returned, used when no detail
 * was recorded.
 */
int cli_fail(int rc);

/*
 * Prints a command's help: the translated usage text, on stdout. Returns
 * EXIT_OK.
 */
int cli_help(const char *text);

/* Writes s (len bytes of UTF-8) as a JSON string literal. */
void cli_json_string(FILE *out, const char *s, size_t len);

/*
 * Progress on stderr, only when stderr is a terminal and at most a few
 * times a second: "label: done/total". total may be 0 when unknown.
 * cli_progress_done() clears the line.
 */
void cli_progress(const char *label, unsigned long long done,
		  unsigned long long total);
void cli_progress_done(void);

/* Whether stdout is a terminal and colour is wanted (NO_COLOR unset). */
bool cli_color_stdout(void);

/*
 * The --batch loop: reads JSON Lines from stdin and calls fn once per
 * line with the decoded "text" member (a blank line gives ""). fn writes
 * exactly one line of JSON to stdout and returns 0, or returns a negative
 * ALN_E* code without writing; the loop then writes {"line": N, "error":
 * "..."} in its place, reports the error on stderr and goes on. Returns
 * EXIT_OK, or EXIT_FAILED when any line failed.
 */
typedef int (*cli_batch_fn)(const char *text, size_t len, void *data);
int cli_batch_run(cli_batch_fn fn, void *data);

/*
 * Finds the "text" string member of the JSON object in line. Returns 0
 * with *text (malloc'd, NUL-terminated, length *text_len), or -1 with
 * *err (an untranslated message: pass it through _()) and *err_at (the
 * byte offset of the problem).
 */
int cli_json_text_member(const char *line, size_t len, char **text,
			 size_t *text_len, const char **err, size_t *err_at);

/* The message of commands that are not built yet; returns EXIT_FAILED. */
int cli_not_yet(const char *cmd);

#endif
