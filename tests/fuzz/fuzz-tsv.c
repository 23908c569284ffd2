// SPDX-License-Identifier: MIT
/*
 * Fuzz target: the TSV and CSV readers (the first byte picks one, the
 * number of languages and --skip-invalid) on arbitrary files. Every unit
 * handed out must have variants with a language and a NUL-terminated
 * text.
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static int check_unit(const aln_unit *u, void *data)
{
	size_t i;

	(void)data;
	for (i = 0; i < u->nvariants; i++)
		if (!u->variants[i].lang || !u->variants[i].text ||
		    strlen(u->variants[i].text) > (1u << 30))
			abort();
	return 0;
}

static void ignore_event(int kind, const char *file, long line,
			 const char *message, void *data)
{
	(void)kind;
	(void)file;
	(void)line;
	(void)message;
	(void)data;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static const char *const langs[] = { "en", "fr", "de" };
	aln_tmx_read_options o = ALN_TMX_READ_OPTIONS_INIT;
	char path[] = "/tmp/fuzz-tsv-XXXXXX";
	int fd;

	if (size < 1)
		return 0;
	if ((fd = mkstemp(path)) < 0)
		return 0;
	if (write(fd, data + 1, size - 1) != (ssize_t)(size - 1)) {
		close(fd);
		unlink(path);
		return 0;
	}
	close(fd);
	o.skip_invalid = data[0] & 1;
	o.langs = langs;
	o.nlangs = 2 + ((data[0] >> 1) & 1);
	o.on_event = ignore_event;
	if (data[0] & 4)
		aln_csv_read(path, &o, check_unit, NULL);
	else
		aln_tsv_read(path, &o, check_unit, NULL);
	unlink(path);
	return 0;
}
