#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Term extraction benchmark: times `alinea term extract -s fr -t en` and
# its peak resident memory on the generated memory of bench-concord
# (UNITS units with 40 planted multiword terms), and checks that the
# planted terms come out. Prints figures; never fails on time.
#
# usage: bench-extract.sh ALINEA BENCH_CONCORD [UNITS] [--keep PATH]
# With --keep, the memory at PATH is built once and reused.
set -euo pipefail
alinea=$1
concord=$2
shift 2
units=1000000
keep=
while [ $# -gt 0 ]; do
	case $1 in
	--keep) keep=$2; shift 2 ;;
	*) units=$1; shift ;;
	esac
done
work=$(mktemp -d "${TMPDIR:-/tmp}/bench-extract.XXXXXX")
trap 'rm -rf "$work"' EXIT
db=${keep:-$work/memory.db}
if [ ! -e "$db" ]; then
	# bench-concord builds and learns the memory (its concordance
	# figures are not this benchmark's).
	"$concord" "$units" 1 --keep "$db" | grep '^built' || exit 1
fi
if ! command -v /usr/bin/time >/dev/null; then
	echo "term extract: skipped, /usr/bin/time is missing (Debian package time)"
	exit 0
fi
/usr/bin/time -f '%e %M' -o "$work/time" \
	"$alinea" --memory "$db" term extract -s fr -t en --limit 0 --format json \
	>"$work/out.json"
read -r secs kb <"$work/time"
python3 - "$work/out.json" "$units" "$secs" "$kb" <<'PY'
import json, sys
cands = json.load(open(sys.argv[1]))
units, secs, kb = int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
print(f"term extract over {units} units: {secs:.1f} s "
      f"({units / max(secs, 1e-9):.0f} units/s), peak {kb / 1024:.0f} MB, "
      f"{len(cands)} candidates")
# Planted by bench-concord: "comité de pilotage" -> "steering committee".
found = any(c["source"].lower().endswith("comité de pilotage") and
            "steering committee" in c["target"].lower() for c in cands)
print("planted term 'comité de pilotage' found:", "yes" if found else "no")
PY
