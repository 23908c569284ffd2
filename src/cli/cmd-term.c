// SPDX-License-Identifier: MIT
/* `alinea term`: not built yet; the issue that brings it replaces this file. */
#include "cli.h"

int cmd_term(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return cli_not_yet("term");
}
