# SPDX-License-Identifier: MIT
# `alinea import`: TMX and TSV files into the memory, one transaction per
# file, bad units listed with --skip-invalid, security refusals.
. "$(dirname "$0")/lib.sh"

TMX=$DATA/tmx
export ALINEA_MEMORY=$WORK/m.db

# The number of units in the memory, through a JSONL export.
units_in() {
	ALINEA_MEMORY=$1 alinea export -q --force --format jsonl -o "$WORK/count.jsonl" >/dev/null 2>&1 || {
		echo 0
		return
	}
	wc -l <"$WORK/count.jsonl" | tr -d ' '
}

case_help() {
	alinea import --help >out && contains "usage: alinea import" out &&
	contains "--skip-invalid" out
}
check "--help prints usage and exits 0" case_help

case_no_file() {
	expect_exit 2 alinea import 2>err && contains "no file to import" err &&
	contains "see 'alinea import --help'" err
}
check "import without a file is a usage error" case_no_file

case_bad_option() {
	expect_exit 2 alinea import --frob x.tmx 2>err &&
	contains "unknown option '--frob'" err
}
check "an unknown option is a usage error" case_bad_option

case_fixture() {
	alinea import "$TMX/euramis.tmx" >out 2>err || return 1
	contains "euramis.tmx: 2 units read, 2 stored" out &&
	[ "$(units_in "$ALINEA_MEMORY")" = 2 ]
}
check "a TMX file is imported and counted" case_fixture

case_again() {
	alinea import "$TMX/euramis.tmx" >out 2>err || return 1
	contains "2 units read, 0 stored, 2 already in the memory" out &&
	[ "$(units_in "$ALINEA_MEMORY")" = 2 ]
}
check "importing the same file again stores nothing twice" case_again

case_thirty() {
	rm -f "$WORK/30.db"*
	ALINEA_MEMORY=$WORK/30.db alinea import "$TMX/thirty-langs.tmx" >out 2>err || return 1
	contains "2 units read, 2 stored" out &&
	ALINEA_MEMORY=$WORK/30.db alinea export -q --format jsonl -o 30.jsonl &&
	[ "$(grep -o '{"lang":"' 30.jsonl | wc -l)" = 60 ]
}
check "units with 30 languages are stored whole" case_thirty

case_malformed() {
	before=$(units_in "$ALINEA_MEMORY")
	expect_exit 1 alinea import "$TMX/malformed.tmx" >out 2>err || return 1
	contains "malformed.tmx:6:58: malformed XML" err &&
	contains "hint: " err &&
	[ "$(units_in "$ALINEA_MEMORY")" = "$before" ]
}
check "a malformed file fails with line:column and stores nothing" case_malformed

case_invalid_default() {
	before=$(units_in "$ALINEA_MEMORY")
	expect_exit 1 alinea import "$TMX/invalid-units.tmx" 2>err || return 1
	contains "invalid-units.tmx:6: invalid unit: a tuv has no xml:lang" err &&
	contains "--skip-invalid" err &&
	[ "$(units_in "$ALINEA_MEMORY")" = "$before" ]
}
check "an invalid unit fails the whole file by default" case_invalid_default

case_skip_invalid() {
	before=$(units_in "$ALINEA_MEMORY")
	alinea import --skip-invalid "$TMX/invalid-units.tmx" >out 2>err || return 1
	contains "invalid-units.tmx:6: unit skipped: a tuv has no xml:lang" err &&
	contains "invalid-units.tmx:8: unit skipped: a tuv has no seg" err &&
	contains "invalid-units.tmx:9: unit skipped:" err &&
	contains "invalid-units.tmx:10: unit skipped:" err &&
	contains "3 units read, 3 stored" out && contains "4 skipped" out &&
	[ "$(units_in "$ALINEA_MEMORY")" = $((before + 3)) ]
}
check "--skip-invalid stores the good units and lists the bad ones" case_skip_invalid

case_xxe() {
	expect_exit 1 alinea import "$TMX/xxe.tmx" 2>err &&
	contains "xxe.tmx:8: the entity '&secret;' is not expanded" err &&
	lacks "$(cat /etc/hostname 2>/dev/null || echo no-hostname-file)" err
}
check "an external entity is refused and never read" case_xxe

case_laughs() {
	start=$(date +%s)
	expect_exit 1 alinea import "$TMX/billion-laughs.tmx" 2>err || return 1
	contains "billion-laughs.tmx:" err &&
	[ $(($(date +%s) - start)) -lt 20 ]
}
check "billion laughs is refused quickly" case_laughs

case_tsv() {
	printf 'en\tfr\nGood night.\tBonne nuit.\nA\\ttab.\tUne\\ttabulation.\n' >a.tsv
	ALINEA_MEMORY=$WORK/tsv.db alinea import -l en,fr a.tsv >out 2>err || return 1
	contains "a.tsv: 2 units read, 2 stored" out &&
	ALINEA_MEMORY=$WORK/tsv.db alinea export -q -l en,fr --format tsv -o b.tsv &&
	diff -u - b.tsv <<-'EOT'
	Good night.	Bonne nuit.
	A\ttab.	Une\ttabulation.
	EOT
}
check "a TSV file is imported with -l and a header row is skipped" case_tsv

case_tsv_needs_langs() {
	printf 'Yes\tOui\n' >c.tsv
	expect_exit 1 alinea import c.tsv 2>err &&
	contains "'c.tsv' is TSV: its languages are needed" err &&
	contains "hint: pass the languages" err
}
check "a TSV file without -l fails with a hint" case_tsv_needs_langs

case_files_stop_at_failure() {
	rm -f "$WORK/two.db"*
	ALINEA_MEMORY=$WORK/two.db expect_exit 1 alinea import \
		"$TMX/utf8-bom.tmx" "$TMX/malformed.tmx" "$TMX/euramis.tmx" \
		>out 2>err || return 1
	contains "utf8-bom.tmx: 1 units read" out &&
	contains "the files before" err &&
	[ "$(units_in "$WORK/two.db")" = 1 ]
}
check "with several files, those before a failing one are kept" case_files_stop_at_failure

case_alternatives() {
	rm -f "$WORK/alt.db"*
	cat >alt.tmx <<-'EOT'
	<?xml version="1.0" encoding="UTF-8"?>
	<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="en" datatype="plaintext"/>
	<body><tu><tuv xml:lang="en"><seg>Thanks.</seg></tuv><tuv xml:lang="de"><seg>Danke.</seg></tuv><tuv xml:lang="de"><seg>Vielen Dank.</seg></tuv><tuv xml:lang="it"><seg></seg></tuv></tu></body></tmx>
	EOT
	ALINEA_MEMORY=$WORK/alt.db alinea import alt.tmx >out 2>err || return 1
	contains "1 units read, 2 stored" out &&
	contains "1 empty segments left out" out &&
	ALINEA_MEMORY=$WORK/alt.db alinea export -q -l en,de --format tsv -o alt.tsv &&
	grep -qx "Thanks.	Danke." alt.tsv && grep -qx "Thanks.	Vielen Dank." alt.tsv
}
check "two targets of one language become two units sharing the source" case_alternatives

case_jsonl() {
	rm -f "$WORK"/j1.db* "$WORK"/j2.db*
	ALINEA_MEMORY=$WORK/j1.db alinea import -q "$TMX/inline-all.tmx" "$TMX/prop-after-seg.tmx" &&
	ALINEA_MEMORY=$WORK/j1.db alinea export -q -o j1.jsonl &&
	ALINEA_MEMORY=$WORK/j2.db alinea import j1.jsonl >out &&
	contains "j1.jsonl: 3 units read, 3 stored" out &&
	ALINEA_MEMORY=$WORK/j2.db alinea export -q -o j2.jsonl &&
	diff -u j1.jsonl j2.jsonl &&
	printf '{"variants":[{"lang":"en","text":"x"}\n' >bad.jsonl &&
	expect_exit 1 alinea import bad.jsonl 2>err &&
	contains "bad.jsonl:1:" err
}
check "a JSON Lines export imports back whole; a bad line is located" case_jsonl

if [ -d "$SHARED/data/tmx/samples" ]; then
	# file units languages, from ../shared/data/tmx/README.md
	while read -r f n l; do
		case_sample() {
			rm -f "$WORK/s.db"*
			ALINEA_MEMORY=$WORK/s.db alinea import "$SHARED/data/tmx/samples/$f" >out 2>err || return 1
			contains "$f: $n units read" out &&
			ALINEA_MEMORY=$WORK/s.db alinea export -q --force --format jsonl -o s.jsonl &&
			got=$(grep -o '{"lang":"[^"]*"' s.jsonl | sort -u | wc -l) &&
			[ "$got" -eq "$l" ] || { echo "languages: $got, want $l"; return 1; }
		}
		check "sample $f: $n units, $l languages" case_sample
	done <<-'EOT'
	alignfactory__issue277.tmx 2 2
	heartsome__UTF-16LE.TMX 2 2
	lisa-ck__ImportTest1A.tmx 2 2
	lisa-ck__ImportTest1C.tmx 3 5
	lisa-ck__ImportTest1L.tmx 1 3
	okapi__leverage_output1.tmx 8 2
	okapi__pensieveTM.pentm.tmx 9 2
	okapi__sample14b.tmx 25 2
	olifant__tmxtest-attributes.tmx 9 2
	omegat__project_save.tmx 5 2
	omegat__test-level2.tmx 4 2
	omegat__test-multiple-tuv14.tmx 3 8
	omegat__test-omegat.tmx 4 5
	trados-tw4win7__html_test.tmx 11 2
	ttk__test-match-stat-en-ca.tmx 259 2
	EOT
else
	skip "shared TMX samples" "../shared/data/tmx is absent"
fi

done_testing
