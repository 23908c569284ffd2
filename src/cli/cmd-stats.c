// SPDX-License-Identifier: MIT
/* `alinea stats`: not built yet; the issue that brings it replaces this file. */
#include "cli.h"

int cmd_stats(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return cli_not_yet("stats");
}
