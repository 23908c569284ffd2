// SPDX-License-Identifier: MIT
/* `alinea add`: not built yet; the issue that brings it replaces this file. */
#include "cli.h"

int cmd_add(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return cli_not_yet("add");
}
