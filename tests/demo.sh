#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The demo: installs what is missing, builds alinea in build/, and runs
# each capability on the sample report in tests/data/demo/ against the
# default memory, saying what to look at.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tests/setup.sh
if [ ! -f build/build.ninja ]; then
	meson setup build >/dev/null
fi
meson compile -C build >/dev/null
alinea=build/src/cli/alinea
demo=tests/data/demo

step() {
	printf '\n\033[1m== %s\033[0m\n$ %s\n' "$1" "${*:2}"
	"${@:2}"
}

step "What alinea can do" $alinea --help
echo
echo "Look at: the commands above; 'alinea help COMMAND' explains each one."
echo "The sample report is in $demo/ (French original, English version)."

step "Sentences of the French report (text, any encoding, HTML, DOCX, ODT)" \
	$alinea segment -l fr $demo/report.fr.txt
echo
echo "Look at: one sentence per line, a blank line between paragraphs;"
echo "'M.', '9 h 30' and « … » with inner punctuation do not cut sentences."
