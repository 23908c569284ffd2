// SPDX-License-Identifier: MIT
/*
 * Finds the per-language data kept under locales/: abbreviation lists,
 * transcription rules and the like. The folder is $ALINEA_DATADIR when
 * set, else the installed one, else the source tree's (for a program
 * running uninstalled from its build folder).
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *aln__data_dir(void)
{
	const char *dir = getenv("ALINEA_DATADIR");

	if (dir && *dir)
		return dir;
	if (access(ALN_DATADIR "/locales", R_OK) == 0)
		return ALN_DATADIR "/locales";
	return ALN_SOURCE_LOCALES;
}

char *aln__data_path(const char *lang, const char *name)
{
	const char *dir = aln__data_dir();
	size_t n = strlen(dir) + strlen(lang) + strlen(name) + 3;
	char *p = aln__malloc(n);

	if (p)
		snprintf(p, n, "%s/%s/%s", dir, lang, name);
	return p;
}
