#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `meson install` puts the library, the headers, alinea.pc, the program and
# the catalogues in place, and a program built only against the installed
# headers and pkg-config file links and runs.
set -euo pipefail
build=${ALINEA_BUILD_ROOT:?}
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
meson install -C "$build" --destdir "$dest" --no-rebuild --quiet >/dev/null
pc=$(find "$dest" -name alinea.pc | head -n1)
[ -n "$pc" ] || { echo "alinea.pc not installed"; exit 1; }
prefix=$(sed -n 's/^prefix=//p' "$pc")
export PKG_CONFIG_PATH=$(dirname "$pc")
export PKG_CONFIG_SYSROOT_DIR=$dest
find "$dest" -name 'alinea.mo' | grep -q '/fr/LC_MESSAGES/' ||
	{ echo "French catalogue not installed"; exit 1; }
cat >"$dest/try.c" <<'C'
#include <alinea.h>
#include <stdio.h>
#include <string.h>
int main(void)
{
	char tag[ALN_LANG_MAX];
	if (aln_lang_canonical(tag, sizeof(tag), "EN-gb") != 0)
		return 1;
	printf("%s %s\n", aln_version(), tag);
	return strcmp(tag, "en-GB") != 0;
}
C
cc -std=c11 -Wall -Werror $(pkg-config --cflags alinea) "$dest/try.c" \
	-o "$dest/try" $(pkg-config --libs alinea)
libdir=$(dirname "$(find "$dest" -name 'libalinea.so' | head -n1)")
out=$(LD_LIBRARY_PATH=$libdir "$dest/try")
echo "installed library says: $out"
case "$out" in
*" en-GB") echo "1 passed, 0 failed" ;;
*) echo "unexpected output"; exit 1 ;;
esac
