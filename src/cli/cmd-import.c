// SPDX-License-Identifier: MIT
/* `alinea import`: not built yet; the issue that brings it replaces this file. */
#include "cli.h"

int cmd_import(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return cli_not_yet("import");
}
