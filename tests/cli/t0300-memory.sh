# SPDX-License-Identifier: MIT
# The memory commands: add, lookup (text, json, batch), stats, analyze,
# pretranslate; a missing memory, bad options and bad input.
. "$(dirname "$0")/lib.sh"

export ALINEA_MEMORY=$WORK/mem/sub/memory.db

case_missing_memory() {
	expect_exit 1 alinea stats 2>err || return 1
	contains "memory '$ALINEA_MEMORY' does not exist" err &&
	contains "hint:" err &&
	[ ! -e "$ALINEA_MEMORY" ] && [ ! -d "$WORK/mem" ] || {
		echo "a read-only command created something"; return 1; }
	expect_exit 1 alinea lookup -s fr -t en "Bonjour" 2>err &&
	contains "does not exist" err
}
check "read-only commands on a missing memory say so and exit 1" case_missing_memory

case_add_creates() {
	alinea add -s fr -t en "Le conseil a adopté le budget de 2024." \
		"The council adopted the 2024 budget." >out || return 1
	contains "stored unit 1" out && [ -f "$ALINEA_MEMORY" ] || return 1
	alinea add -s fr -t en -d rapport.fr "Le conseil a adopté le budget de 2024." \
		"The council adopted the 2024 budget." >out || return 1
	contains "stored unit 1" out || { echo "a duplicate got a new id"; return 1; }
	alinea add -s fr-CA -t en "La séance est levée à midi." \
		"The meeting rose at noon." >/dev/null &&
	alinea add -s fr -t en "Le conseil a rejeté le budget de 2024." \
		"The council rejected the 2024 budget." >/dev/null
}
check "add creates the memory and its folder, and stores duplicates once" case_add_creates

case_stats_json() {
	alinea stats --format json >out || return 1
	echo '{"units": 3, "documents": 2, "languages": {"en": 3, "fr": 2, "fr-CA": 1}, "bytes": N}' >want
	sed -E 's/"bytes": [0-9]+/"bytes": N/' out >got
	diff -u want got && grep -qE '"bytes": [1-9][0-9]*}' out
}
check "stats --format json gives the exact shape" case_stats_json

case_stats_text() {
	alinea stats >out && contains "units:      3" out && contains "fr-CA 1" out
}
check "stats in text" case_stats_text

case_lookup_text() {
	alinea lookup -s fr -t en "Le conseil a approuvé le budget de 2024." >out || return 1
	head -1 out | grep -qE '^ *[0-9]+%  unit 1  fr → en' || { cat out; return 1; }
	contains "[-approuvé-] {+adopté+}" out &&
	contains "The council adopted the 2024 budget." out
}
check "lookup shows the score, the diff and the translation" case_lookup_text

case_lookup_json() {
	alinea lookup -s fr -t en --format json --limit 1 \
		"Le conseil a adopté le budget de 2024." >out || return 1
	python3 - out <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["query"] == "Le conseil a adopté le budget de 2024.", r
m = r["matches"]
assert len(m) == 1, m
assert m[0]["score"] == 100 and m[0]["unit"] == 1, m
assert m[0]["target"] == "The council adopted the 2024 budget.", m
assert all(d["op"] == "same" for d in m[0]["diff"]), m
PY
}
check "lookup --format json: an identical sentence scores 100" case_lookup_json

case_lookup_min() {
	alinea lookup -s fr -t en --min 100 --format json \
		"Le conseil a approuvé le budget de 2024." >out || return 1
	contains '"matches": []' out &&
	alinea lookup -s fr -t en --min 100 "Le conseil a approuvé le budget de 2024." >out &&
	contains "no match of 100% or more" out
}
check "--min leaves out weaker matches" case_lookup_min

case_lookup_region() {
	alinea lookup -s fr-FR -t en --format json "La séance est levée à midi." >out || return 1
	python3 -c '
import json,sys
m = json.load(open(sys.argv[1]))["matches"]
assert m and m[0]["score"] == 99 and m[0]["source_lang"] == "fr-CA", m' out
}
check "a fr-FR lookup sees fr-CA with a one-point penalty" case_lookup_region

case_batch() {
	printf '%s\n' '{"text": "La s\u00e9ance est lev\u00e9e \u00e0 midi."}' \
		'' \
		'{"id": [1, {"x": null}], "text": "Le conseil a adopt\u00e9 le budget de 2024."}' \
		'{"text": "tab\there \"quoted\" \ud83d\ude00"}' \
		'not json' \
		'{"text": 3}' >in
	expect_exit 1 alinea lookup -s fr -t en --batch <in >out 2>err || return 1
	[ "$(wc -l <out)" -eq 6 ] || { cat out; return 1; }
	python3 - out <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
assert lines[0]["query"] == "La séance est levée à midi.", lines[0]
assert lines[0]["matches"][0]["score"] == 100, lines[0]
assert lines[1] == {"query": "", "matches": []}, lines[1]
assert lines[2]["matches"][0]["unit"] == 1, lines[2]
assert lines[3]["query"] == 'tab\there "quoted" \U0001F600', lines[3]
assert lines[4]["error"] and lines[4]["line"] == 5, lines[4]
assert lines[5]["error"] and lines[5]["line"] == 6, lines[5]
PY
	contains "standard input:5:" err
}
check "--batch answers one JSON line per input line, in order" case_batch

case_usage() {
	expect_exit 2 alinea lookup -t en "x" 2>err && contains "-s is required" err &&
	contains "see 'alinea lookup --help'" err &&
	expect_exit 2 alinea lookup -s fr -t en --min 120 "x" 2>err &&
	contains "--min takes a whole number from 0 to 100" err &&
	expect_exit 2 alinea lookup -s "f r" -t en "x" 2>/dev/null &&
	expect_exit 2 alinea lookup -s fr -t en --format xml "x" 2>/dev/null &&
	expect_exit 2 alinea lookup -s fr -t en 2>/dev/null &&
	expect_exit 2 alinea lookup -s fr -t en --batch extra 2>/dev/null &&
	expect_exit 2 alinea add -s fr -t en "only one" 2>/dev/null &&
	expect_exit 2 alinea add -s fr -t en "" "x" 2>/dev/null &&
	expect_exit 2 alinea stats extra 2>/dev/null &&
	expect_exit 2 alinea analyze -s fr -t en 2>/dev/null &&
	expect_exit 2 alinea pretranslate -s fr -t en a.txt -o out.doc 2>/dev/null
}
check "misuse exits 2 with a pointer to --help" case_usage

case_help() {
	for c in add lookup stats analyze pretranslate; do
		alinea $c --help >out || return 1
		contains "usage: alinea $c" out || return 1
	done
}
check "--help of each memory command" case_help

cat >job.fr.txt <<'TXT'
Le conseil a adopté le budget de 2024.
Le conseil a adopté le budget de 2025.
La séance est levée à midi.
Le conseil a adopté le budget de 2024.
Une phrase que personne n'a jamais traduite ici.
TXT

case_analyze() {
	alinea analyze -s fr -t en --format json job.fr.txt >out || return 1
	python3 - out <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
b = {x["band"]: x for x in r["bands"]}
assert b["100"]["segments"] == 2, b         # the 2024 budget and the meeting
assert b["95-99"]["segments"] == 1, b       # 2025 for 2024
assert b["repetitions"]["segments"] == 1, b
assert b["none"]["segments"] == 1, b
assert r["total"]["segments"] == 5, r
assert b["100"]["words"] == 8 + 6, b
PY
	alinea analyze -s fr -t en job.fr.txt >out && contains "repetitions" out
}
check "analyze counts bands, words and repetitions" case_analyze

case_analyze_bad_file() {
	expect_exit 1 alinea analyze -s fr -t en nothere.txt 2>err &&
	contains "nothere.txt" err
}
check "analyze reports a file it cannot read" case_analyze_bad_file

case_analyze_any_encoding() {
	alinea add -s fr -t en "Un café crème à la française coûte trois euros." \
		"A French-style white coffee costs three euros." >/dev/null &&
	printf 'Un caf\xe9 cr\xe8me \xe0 la fran\xe7aise co\xfbte trois euros. Une autre phrase.\n' >latin1.txt &&
	alinea analyze -s fr -t en --format json latin1.txt >out || return 1
	python3 -c '
import json,sys
r = json.load(open(sys.argv[1]))
b = {x["band"]: x["segments"] for x in r["bands"]}
assert b["100"] == 1 and r["total"]["segments"] == 2, r' out &&
	alinea analyze -s fr -t en --lines --format json latin1.txt >out &&
	grep -q '"total": {"segments": 1,' out
}
check "analyze reads any encoding and cuts sentences (--lines: one per line)" case_analyze_any_encoding

case_pretranslate() {
	alinea pretranslate -s fr -t en job.fr.txt -o out.tsv 2>err || return 1
	[ "$(wc -l <out.tsv)" -eq 6 ] || return 1
	head -1 out.tsv | grep -qP '^source\ttarget\tscore\tunit\torigin\tglossary$' &&
	sed -n 2p out.tsv | grep -qP '^Le conseil a adopté le budget de 2024\.\tThe council adopted the 2024 budget\.\t100\t1\t' &&
	sed -n 6p out.tsv | grep -qP "^Une phrase[^\t]*\t\t\t\t\t$" &&
	alinea pretranslate -s fr -t en job.fr.txt -o out.xlf 2>/dev/null &&
	xmllint --noout out.xlf &&
	contains 'state-qualifier="exact-match"' out.xlf &&
	contains 'match-quality="98"' out.xlf
}
check "pretranslate writes TSV and well-formed XLIFF 1.2" case_pretranslate

case_pretranslate_no_clobber() {
	echo keep >out.tsv
	expect_exit 1 alinea pretranslate -s fr -t en job.fr.txt -o out.tsv 2>err &&
	contains "already exists" err && contains "--force" err &&
	[ "$(cat out.tsv)" = keep ] &&
	alinea pretranslate -s fr -t en --force job.fr.txt -o out.tsv 2>/dev/null &&
	[ "$(wc -l <out.tsv)" -eq 6 ] &&
	! ls out.tsv.tmp-* 2>/dev/null
}
check "pretranslate never overwrites without --force and leaves no temp file" case_pretranslate_no_clobber

case_not_a_memory() {
	echo "plain text, not a database at all, long enough for the header" >notdb
	expect_exit 1 alinea --memory notdb stats 2>err &&
	contains "not an alinea memory" err
}
check "a file that is not a memory is refused" case_not_a_memory

done_testing
