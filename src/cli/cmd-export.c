// SPDX-License-Identifier: MIT
/* `alinea export`: not built yet; the issue that brings it replaces this file. */
#include "cli.h"

int cmd_export(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return cli_not_yet("export");
}
