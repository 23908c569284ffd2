// SPDX-License-Identifier: MIT
/* The library's version string, set by the build from meson.build. */
#include "internal.h"

const char *aln_version(void)
{
	return ALN_VERSION;
}
