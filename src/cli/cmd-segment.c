// SPDX-License-Identifier: MIT
/* `alinea segment`: not built yet; the issue that brings it replaces this file. */
#include "cli.h"

int cmd_segment(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return cli_not_yet("segment");
}
