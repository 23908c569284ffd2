# SPDX-License-Identifier: MIT
"""The peer run of the memory benchmark: translate-toolkit's TM database.

bench-memory writes the units it stored (UNITS.tsv: French TAB English,
one per line) and its queries (QUERIES.txt, one per line) and runs

    python3 peer-ttk.py UNITS.tsv QUERIES.txt DB [LIMIT_SECONDS]

which imports the units into a new translate.storage.tmdb.TMDB at DB in
one transaction (add_list, as its own tools do for a store) and looks up
each query with translate_unit, on both of its paths: the default one
(its fts3 full-text index, taken for queries of more than three words)
and the length-window scan it uses otherwise. A lookup still running
after LIMIT_SECONDS (default 30) is interrupted (through SQLite's progress
handler), and the rest of that path is skipped: the full-text path joins
every indexed row it matches, so it can take minutes. It prints, for
bench-memory to parse, lines of the form

    peer levenshtein native|python
    peer import UNITS SECONDS
    peer lookup PATH MILLISECONDS TOP_QUALITY
    peer stopped PATH LIMIT_SECONDS

and nothing else on standard output. It changes nothing but DB.
"""

import sqlite3
import sys
import time


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit(
            "usage: peer-ttk.py UNITS.tsv QUERIES.txt DB [LIMIT_SECONDS]"
        )
    units_path, queries_path, db_path = sys.argv[1:4]
    limit = float(sys.argv[4]) if len(sys.argv) == 5 else 30.0

    from translate.search import lshtein
    from translate.storage.tmdb import TMDB

    native = lshtein.distance is not lshtein.python_distance
    print("peer levenshtein", "native" if native else "python", flush=True)

    units = []
    with open(units_path, encoding="utf-8") as f:
        for line in f:
            source, _, target = line.rstrip("\n").partition("\t")
            units.append({"source": source, "target": target, "context": ""})
    with open(queries_path, encoding="utf-8") as f:
        queries = [line.rstrip("\n") for line in f if line.strip()]

    # Its defaults (min_similarity 75) but for the suggestions kept: five,
    # as bench-memory asks of ours.
    tm = TMDB(db_path, max_candidates=5)
    t0 = time.perf_counter()
    tm.add_list(units, "fr", "en")
    t1 = time.perf_counter()
    print("peer import", len(units), "%.3f" % (t1 - t0), flush=True)

    for path, fulltext in (("fulltext", tm.fulltext), ("scan", False)):
        if path == "fulltext" and not fulltext:
            continue
        tm.fulltext = fulltext
        for q in queries:
            t0 = time.perf_counter()
            deadline = t0 + limit
            tm.connection.set_progress_handler(
                lambda: time.perf_counter() > deadline, 10000
            )
            try:
                r = tm.translate_unit(q, "fr", "en")
            except sqlite3.OperationalError:
                print("peer stopped", path, "%g" % limit, flush=True)
                break
            finally:
                tm.connection.set_progress_handler(None, 0)
            ms = (time.perf_counter() - t0) * 1000
            best = r[0]["quality"] if r else -1
            print("peer lookup", path, "%.1f" % ms, best, flush=True)


if __name__ == "__main__":
    main()
