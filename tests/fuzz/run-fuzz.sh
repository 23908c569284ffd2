#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A bounded fuzzing run: replays the regression files of the target, then
# fuzzes from a copy of its seed corpus for the given number of seconds.
set -euo pipefail
exe=$1 corpus=$2 seconds=$3
name=$(basename "$exe")
regress=$(dirname "$corpus")/../regressions/${name#fuzz-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$corpus"/. "$work/"
if [ -d "$regress" ] && [ -n "$(ls -A "$regress")" ]; then
	"$exe" -runs=0 "$regress"/* || exit 1
fi
# libFuzzer exits 77 on a crash, which meson would count as a skip: any
# failure is reported as 1.
set +e
"$exe" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
	-max_len=65536 -artifact_prefix="$work/crash-" -print_final_stats=1 \
	"$work" >"$work/log" 2>&1
status=$?
set -e
tail -n 40 "$work/log"
if ls "$work"/crash-* >/dev/null 2>&1; then
	echo "$name found a crash; keep it as a regression file:"
	ls "$work"/crash-*
	exit 1
fi
if [ "$status" -ne 0 ]; then
	echo "$name failed with status $status"
	exit 1
fi
echo "$name: 1 passed, 0 failed"
