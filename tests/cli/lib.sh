# SPDX-License-Identifier: MIT
# Helpers for the CLI tests, in the manner of git's t/test-lib.sh. Each
# test script sources this file, runs `check DESCRIPTION COMMAND...` for
# each case and ends with `done_testing`. Every script runs in a fresh
# temporary folder with its own HOME, so no test sees the user's memory.

set -u
: "${ALINEA_BIN:?run the CLI tests through meson test}"
SRC=${ALINEA_SOURCE_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
DATA=$SRC/tests/data
SHARED=$SRC/../shared
WORK=$(mktemp -d "${TMPDIR:-/tmp}/alinea-test.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
export HOME=$WORK/home
mkdir -p "$HOME"
unset ALINEA_MEMORY XDG_DATA_HOME LANGUAGE
export LC_ALL=C.UTF-8
passed=0
failed=0
skipped=0

alinea() {
	"$ALINEA_BIN" "$@"
}

# check DESCRIPTION COMMAND...: the case passes when COMMAND succeeds.
check() {
	desc=$1
	shift
	if ( "$@" ) >"$WORK/case.log" 2>&1; then
		passed=$((passed + 1))
		echo "ok - $desc"
	else
		failed=$((failed + 1))
		echo "not ok - $desc"
		sed 's/^/#   /' "$WORK/case.log"
	fi
}

# skip DESCRIPTION REASON
skip() {
	skipped=$((skipped + 1))
	echo "ok - $1 # SKIP $2"
}

# expect_output EXPECTED_FILE COMMAND...: stdout must equal the file.
expect_output() {
	want=$1
	shift
	"$@" >"$WORK/actual" || { echo "command failed: $*"; return 1; }
	diff -u "$want" "$WORK/actual"
}

# expect_exit CODE COMMAND...: the command must exit with CODE.
expect_exit() {
	want=$1
	shift
	"$@"
	got=$?
	if [ "$got" != "$want" ]; then
		echo "expected exit $want, got $got: $*"
		return 1
	fi
}

# contains STRING FILE: FILE must contain STRING (fixed string).
contains() {
	grep -qF -- "$1" "$2" || {
		echo "'$2' lacks: $1"
		echo "--- $2:"
		cat "$2"
		return 1
	}
}

lacks() {
	if grep -qF -- "$1" "$2"; then
		echo "'$2' should not contain: $1"
		return 1
	fi
}

have_french_locale() {
	locale -a 2>/dev/null | grep -qi '^fr_FR\.utf-\?8$'
}

done_testing() {
	echo "$passed passed, $failed failed, $skipped skipped"
	[ "$failed" -eq 0 ]
}
