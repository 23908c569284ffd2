#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Scores `alinea segment --batch` on the project's golden-rule cases.

Usage: segment-golden.py [-v] [--min PCT] ALINEA_BIN GOLDEN_DIR [LANG...]

Each GOLDEN_DIR/<lang>.txt holds cases written by the project: a line
"> text" (\\n in it is a line break) followed by one "= sentence" line per
expected sentence; blank lines separate cases, "#" lines are comments.
A case counts only when the sentence list is exactly right. Prints one
line per language and the total; exits 1 when a language scores below
--min (default 0).
"""
import json
import os
import subprocess
import sys


def load(path):
    cases, cur = [], None
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if line.startswith("#"):
                continue
            if line.startswith("> "):
                if cur:
                    cases.append(cur)
                cur = (n, line[2:].replace("\\n", "\n"), [])
            elif line.startswith("= ") and cur:
                cur[2].append(line[2:].replace("\\n", "\n"))
            elif line.strip() == "":
                if cur:
                    cases.append(cur)
                cur = None
            else:
                sys.exit(f"{path}:{n}: expected '> ', '= ' or a blank line")
    if cur:
        cases.append(cur)
    return cases


def main():
    args = sys.argv[1:]
    verbose = "-v" in args
    args = [a for a in args if a != "-v"]
    minimum = 0.0
    if "--min" in args:
        i = args.index("--min")
        minimum = float(args[i + 1])
        del args[i:i + 2]
    binary, folder, langs = args[0], args[1], args[2:]
    if not langs:
        langs = sorted(f[:-4] for f in os.listdir(folder) if f.endswith(".txt"))
    total = good = 0
    status = 0
    for lang in langs:
        cases = load(os.path.join(folder, lang + ".txt"))
        data = "".join(json.dumps({"text": c[1]}, ensure_ascii=False) + "\n"
                       for c in cases)
        out = subprocess.run([binary, "segment", "-l", lang, "--batch"],
                             input=data.encode(), capture_output=True)
        if out.returncode != 0:
            print(f"{lang}: alinea failed: {out.stderr.decode()}")
            status = 1
            continue
        lines = out.stdout.decode().splitlines()
        if len(lines) != len(cases):
            print(f"{lang}: {len(lines)} lines out for {len(cases)} in")
            status = 1
            continue
        ok = 0
        for c, line in zip(cases, lines):
            got = json.loads(line)["sentences"]
            if got == c[2]:
                ok += 1
            elif verbose:
                print(f"  {lang} line {c[0]}: {c[1]!r}")
                for s in c[2]:
                    print(f"    want: {s}")
                for s in got:
                    print(f"    got:  {s}")
        pct = 100.0 * ok / len(cases) if cases else 100.0
        print(f"{lang}: {ok}/{len(cases)} {pct:.1f} %")
        if pct < minimum:
            status = 1
        total += len(cases)
        good += ok
    if total:
        print(f"all: {good}/{total} {100.0 * good / total:.1f} %")
    return status


if __name__ == "__main__":
    sys.exit(main())
