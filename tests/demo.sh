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

step "Names across scripts" $alinea names Путин
echo
echo "Look at: Putin in English and German, Poutine in French, each marked"
echo "'rules' (no memory needed)."
step "A French spelling finds the others" $alinea names --to ru,en,de "Sergueï Lavrov"
step "Chinese names in pinyin, official layout" $alinea names --to en --format json 陈敏尔

