#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Strict F1 of `alinea align --segmented` on the development sets in
# ../shared/data/align (and the project's own zh-en pair). Usage:
#   tests/bench/dev-align.sh [BUILD_DIR] [--thresholds]
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$src/build}
shift || true
bin=$build/src/cli/alinea
shared=$src/../shared/data/align
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# The aligner alone: no memory's word pairs (set ALINEA_MEMORY to try one).
export ALINEA_MEMORY=${ALINEA_MEMORY:-$out/no-memory.db}
score() {
	local name=$1 l1=$2 l2=$3
	shift 3
	local args=()
	for base in "$@"; do
		"$bin" align --segmented -l "$l1,$l2" --format indices \
			"$base.$l1" "$base.$l2" >"$out/$(basename "$base").hyp"
		args+=("$base.gold" "$out/$(basename "$base").hyp")
	done
	echo "== $name"
	"$src/tests/bench/score-align" "${EXTRA[@]}" "${args[@]}"
}
EXTRA=("$@")
if [ -d "$shared" ]; then
	score en-fr en fr "$shared/en-fr/Emma" "$shared/en-fr/JaneEyre" \
		"$shared/en-fr/TheLastOfTheMohicans"
	score de-fr de fr "$shared/de-fr/dev"
else
	echo "skipping the shared dev sets: $shared is absent"
fi
if [ -f "$src/tests/data/align/zh-en/story.gold" ]; then
	score zh-en zh en "$src/tests/data/align/zh-en/story"
fi
