#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Accuracy of the name transcription rules on the development list
# (tests/bench/names-dev.tsv): with no memory, the first form that
# `alinea names` gives in a language must equal the recorded one. Prints
# one line per direction (source script → language, persons or places);
# with -v, every miss. A benchmark: it prints figures and never fails on
# them.
#
#   bash tests/bench/names-accuracy.sh [-v] [ALINEA_BINARY] [LIST.tsv]
set -euo pipefail
verbose=0
if [ "${1:-}" = "-v" ]; then
	verbose=1
	shift
fi
src=$(cd "$(dirname "$0")/../.." && pwd)
bin=${1:-${ALINEA_BIN:-$src/build/src/cli/alinea}}
list=${2:-$src/tests/bench/names-dev.tsv}
work=$(mktemp -d "${TMPDIR:-/tmp}/alinea-names-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
export HOME=$work ALINEA_DATADIR=${ALINEA_DATADIR:-$src/locales}
unset ALINEA_MEMORY XDG_DATA_HOME

grep -v '^#' "$list" | grep -v '^$' >"$work/list"
python3 - "$work/list" >"$work/in.jsonl" <<'PY'
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    f = line.rstrip("\n").split("\t")
    print(json.dumps({"text": f[1]}, ensure_ascii=False))
PY
"$bin" names --batch --to en,fr,de <"$work/in.jsonl" >"$work/out.jsonl"
python3 - "$work/list" "$work/out.jsonl" "$verbose" <<'PY'
import json, sys, unicodedata
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1], encoding="utf-8")]
outs = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
verbose = sys.argv[3] == "1"
assert len(rows) == len(outs), (len(rows), len(outs))

def script(s):
    for c in s:
        if "CJK" in unicodedata.name(c, ""):
            return "zh"
        if "CYRILLIC" in unicodedata.name(c, ""):
            return "ru"
    return "latin"

stats = {}
misses = []
for row, out in zip(rows, outs):
    kind, src, forms = row[0], row[1], dict(zip(("en", "fr", "de"), row[2:5]))
    sc = script(src)
    for lang, want in forms.items():
        if want == "-":
            continue
        got = out.get("forms", {}).get(lang, [])
        first = got[0]["text"] if got else ""
        key = (sc, lang, kind)
        ok, n = stats.get(key, (0, 0))
        stats[key] = (ok + (first == want), n + 1)
        if first != want:
            misses.append(f"  {sc}→{lang} {kind}: {src}: got '{first}', want '{want}'")
total_ok = total_n = 0
for (sc, lang, kind), (ok, n) in sorted(stats.items()):
    print(f"{sc}→{lang} {kind + 's':8} {ok:4d}/{n:<4d} {100.0 * ok / n:5.1f} %")
    total_ok += ok
    total_n += n
print(f"all               {total_ok:4d}/{total_n:<4d} {100.0 * total_ok / total_n:5.1f} %")
if verbose:
    print("misses:")
    print("\n".join(misses))
PY
