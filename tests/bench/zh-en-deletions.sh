#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Strict F1 of `alinea align` on the project's zh-en story with one
# sentence deleted, each sentence of either side in turn (59 pairs): a
# harder test of the zh-en model than the story alone, whose one error
# has nothing to do with lexical evidence. Usage:
#   tests/bench/zh-en-deletions.sh [BUILD_DIR]
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$src/build}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export ALINEA_MEMORY=$out/no-memory.db
python3 - "$build/src/cli/alinea" "$src" "$out" <<'PY'
import subprocess, sys
alinea, src, out = sys.argv[1:]
base = src + "/tests/data/align/zh-en/story"
zh = open(base + ".zh", encoding="utf-8").read().splitlines()
en = open(base + ".en", encoding="utf-8").read().splitlines()
gold = []
for line in open(base + ".gold"):
    a, b = line.strip().split(":")[:2]
    gold.append(([int(x) for x in a.strip("[]").split(",") if x.strip()],
                 [int(x) for x in b.strip("[]").split(",") if x.strip()]))
args = []
for side, lines in (("zh", zh), ("en", en)):
    for d in range(len(lines)):
        z = [s for i, s in enumerate(zh) if side != "zh" or i != d]
        e = [s for i, s in enumerate(en) if side != "en" or i != d]
        g = []
        for a, b in gold:
            if side == "zh":
                a = [x - (x > d) for x in a if x != d]
            else:
                b = [x - (x > d) for x in b if x != d]
            if a or b:
                g.append((a, b))
        p = "%s/%s%d" % (out, side, d)
        for ext, text in (("zh", z), ("en", e)):
            with open(p + "." + ext, "w", encoding="utf-8") as f:
                f.write("\n".join(text) + "\n")
        with open(p + ".gold", "w") as f:
            for a, b in g:
                f.write("[%s]:[%s]\n" % (", ".join(map(str, a)),
                                         ", ".join(map(str, b))))
        with open(p + ".hyp", "w") as f:
            subprocess.run([alinea, "align", "--segmented", "-l", "zh,en",
                            "--format", "indices", p + ".zh", p + ".en"],
                           stdout=f, check=True)
        args += [p + ".gold", p + ".hyp"]
print("== zh-en story, one sentence deleted (%d pairs)" % (len(args) // 2))
sys.stdout.flush()
subprocess.run([src + "/tests/bench/score-align"] + args, check=True)
PY
