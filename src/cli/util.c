// SPDX-License-Identifier: MIT
/*
 * Helpers shared by the subcommands: messages, the memory path, JSON
 * strings and progress. Nothing here knows about a particular command.
 */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

const char *cli_memory_option;

static void vmessage(const char *prefix, const char *fmt, va_list ap)
{
	fflush(stdout);
	fputs(prefix, stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void cli_error(const char *fmt, ...)
{
	va_list ap;

	cli_progress_done();
	va_start(ap, fmt);
	vmessage(_("alinea: error: "), fmt, ap);
	va_end(ap);
}

void cli_warning(const char *fmt, ...)
{
	va_list ap;

	cli_progress_done();
	va_start(ap, fmt);
	vmessage(_("alinea: warning: "), fmt, ap);
	va_end(ap);
}

void cli_hint(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(_("hint: "), fmt, ap);
	va_end(ap);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	cli_progress_done();
	va_start(ap, fmt);
	vmessage(_("alinea: error: "), fmt, ap);
	va_end(ap);
	if (cmd)
		fprintf(stderr, _("see 'alinea %s --help'\n"), cmd);
	else
		fprintf(stderr, "%s\n", _("see 'alinea --help'"));
	return EXIT_USAGE;
}

int cli_fail(int rc)
{
	const aln_error *e = aln_error_last();

	if (!e) {
		cli_error(_("operation failed (%s)"), aln_error_name(rc));
		return EXIT_FAILED;
	}
	if (e->file && e->line > 0 && e->column > 0)
		cli_error("%s:%ld:%ld: %s", e->file, e->line, e->column,
			  e->message);
	else if (e->file && e->line > 0)
		cli_error("%s:%ld: %s", e->file, e->line, e->message);
	else if (e->file && e->offset >= 0)
		cli_error(_("%s: %s at byte %lld"), e->file, e->message,
			  e->offset);
	else if (e->file)
		cli_error("%s: %s", e->file, e->message);
	else
		cli_error("%s", e->message);
	if (e->hint)
		cli_hint("%s", e->hint);
	return EXIT_FAILED;
}

int cli_help(const char *text)
{
	fputs(text, stdout);
	return EXIT_OK;
}

static int mkdir_parents(char *path)
{
	char *p;

	for (p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0777) < 0 && errno != EEXIST) {
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	return 0;
}

const char *cli_memory_path(bool create_dir)
{
	static char path[4096];
	const char *env;
	int n;

	if (cli_memory_option && *cli_memory_option)
		n = snprintf(path, sizeof(path), "%s", cli_memory_option);
	else if ((env = getenv("ALINEA_MEMORY")) && *env)
		n = snprintf(path, sizeof(path), "%s", env);
	else if ((env = getenv("XDG_DATA_HOME")) && *env == '/')
		n = snprintf(path, sizeof(path), "%s/alinea/memory.db", env);
	else if ((env = getenv("HOME")) && *env)
		n = snprintf(path, sizeof(path),
			     "%s/.local/share/alinea/memory.db", env);
	else {
		cli_error("%s", _("cannot tell where the memory is: HOME is "
				  "not set"));
		cli_hint("%s", _("pass --memory PATH or set ALINEA_MEMORY"));
		return NULL;
	}
	if (n < 0 || (size_t)n >= sizeof(path)) {
		cli_error("%s", _("the memory's path is too long"));
		return NULL;
	}
	if (create_dir && mkdir_parents(path) < 0) {
		cli_error(_("cannot create the folder of '%s': %s"), path,
			  strerror(errno));
		return NULL;
	}
	return path;
}

void cli_json_string(FILE *out, const char *s, size_t len)
{
	size_t i;

	putc('"', out);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		switch (c) {
		case '"':
			fputs("\\\"", out);
			break;
		case '\\':
			fputs("\\\\", out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		case '\r':
			fputs("\\r", out);
			break;
		case '\t':
			fputs("\\t", out);
			break;
		default:
			if (c < 0x20)
				fprintf(out, "\\u%04x", c);
			else
				putc(c, out);
		}
	}
	putc('"', out);
}

static struct {
	int checked;
	int tty;
	int shown;
	struct timespec last;
} progress;

void cli_progress(const char *label, unsigned long long done,
		  unsigned long long total)
{
	struct timespec now;
	double dt;

	if (!progress.checked) {
		progress.checked = 1;
		progress.tty = isatty(STDERR_FILENO);
	}
	if (!progress.tty)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	dt = (double)(now.tv_sec - progress.last.tv_sec) +
	     (double)(now.tv_nsec - progress.last.tv_nsec) / 1e9;
	if (progress.shown && dt < 0.2 && done != total)
		return;
	progress.last = now;
	progress.shown = 1;
	if (total)
		fprintf(stderr, "\r%s: %llu/%llu (%d%%)\033[K", label, done,
			total, (int)(100.0 * (double)done / (double)total));
	else
		fprintf(stderr, "\r%s: %llu\033[K", label, done);
	fflush(stderr);
}

void cli_progress_done(void)
{
	if (progress.shown) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
		progress.shown = 0;
	}
}

bool cli_color_stdout(void)
{
	const char *nc = getenv("NO_COLOR");

	return isatty(STDOUT_FILENO) && !(nc && *nc);
}

int cli_not_yet(const char *cmd)
{
	cli_error(_("'%s' is not available in this version yet"), cmd);
	return EXIT_FAILED;
}
