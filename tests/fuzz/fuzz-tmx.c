// SPDX-License-Identifier: MIT
/*
 * Fuzz target: the TMX reader on arbitrary bytes, and the writer on what
 * it reads; the JSON Lines and TSV readers on the same bytes. Whatever the input, reading must end in 0 or a clean error;
 * every unit handed out must have languages and texts; and the TMX the
 * writer makes of those units must read back to as many units (the
 * writer never produces a file its own reader refuses).
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static unsigned long units;

static int check_unit(const aln_unit *u, void *w)
{
	size_t i;

	if (!u->nvariants)
		abort();
	for (i = 0; i < u->nvariants; i++)
		if (!u->variants[i].lang || !u->variants[i].lang[0] ||
		    !u->variants[i].text)
			abort();
	units++;
	return w ? aln_tmx_writer_add(w, u, NULL) : 0;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static char in[64], out[64];
	aln_tmx_read_options o = ALN_TMX_READ_OPTIONS_INIT;
	aln_tmx_write_options wo = ALN_TMX_WRITE_OPTIONS_INIT;
	aln_tmx_writer *w;
	unsigned long first;
	FILE *f;

	if (!in[0]) {
		snprintf(in, sizeof(in), "/tmp/fuzz-tmx-%ld.tmx",
			 (long)getpid());
		snprintf(out, sizeof(out), "/tmp/fuzz-tmx-%ld.out.tmx",
			 (long)getpid());
	}
	if (!(f = fopen(in, "wb")))
		return 0;
	fwrite(data, 1, size, f);
	fclose(f);
	o.skip_invalid = size % 2;
	wo.force = 1;
	if (aln_tmx_writer_open(&w, out, &wo) < 0)
		abort();
	units = 0;
	if (aln_tmx_read(in, &o, check_unit, w) == 0) {
		first = units;
		if (aln_tmx_writer_commit(w) < 0)
			abort();
		units = 0;
		if (aln_tmx_read(out, NULL, check_unit, NULL) != 0 ||
		    units != first)
			abort();
	}
	aln_tmx_writer_free(w);
	{
		static const char *const langs[] = { "en", "fr", "de" };

		o.langs = langs;
		o.nlangs = 3;
		(void)aln_jsonl_read(in, &o, check_unit, NULL);
		(void)aln_tsv_read(in, &o, check_unit, NULL);
		(void)aln_csv_read(in, &o, check_unit, NULL);
	}
	unlink(in);
	unlink(out);
	return 0;
}
