# SPDX-License-Identifier: MIT
# `alinea export`: TMX valid against the TMX 1.4b DTD, TSV, CSV, JSONL,
# filters, and files that are never overwritten without --force.
. "$(dirname "$0")/lib.sh"

TMX=$DATA/tmx
DTD=$SHARED/data/tmx/tmx14.dtd
export ALINEA_MEMORY=$WORK/m.db

# The project's own checks of an exported TMX, whatever the DTD says:
# every tuv has xml:lang, the header has what the DTD requires, dates
# have the TMX form.
structure_ok() {
	f=$1
	head -1 "$f" | grep -qF '<?xml version="1.0" encoding="UTF-8"?>' || { echo "no declaration"; return 1; }
	for a in creationtool creationtoolversion 'segtype="sentence"' o-tmf adminlang srclang datatype; do
		grep -q "<header[^>]* $a" "$f" || { echo "header lacks $a"; return 1; }
	done
	n_tuv=$(grep -c '<tuv' "$f")
	n_lang=$(grep -c '<tuv xml:lang="[^"]\+"' "$f")
	[ "$n_tuv" = "$n_lang" ] || { echo "a tuv lacks xml:lang"; return 1; }
	n_tu=$(grep -c '<tu ' "$f")
	n_id=$(grep -c '<tu tuid="[^"]\+"' "$f")
	n_date=$(grep -c '<tu [^>]*creationdate="[0-9]\{8\}T[0-9]\{6\}Z"' "$f")
	[ "$n_tu" = "$n_id" ] && [ "$n_tu" = "$n_date" ] || { echo "tuid or date missing"; return 1; }
	xmllint --noout --nonet "$f"
}

dtd_ok() {
	[ -f "$DTD" ] || return 0
	xmllint --noout --nonet --dtdvalid "$DTD" "$1"
}

alinea import -q "$TMX/inline-all.tmx" "$TMX/tmx11-lang.tmx" \
	"$TMX/prop-after-seg.tmx" "$TMX/euramis.tmx" >/dev/null 2>&1

case_help() {
	alinea export --help >out && contains "usage: alinea export" out &&
	contains "--min-confidence" out
}
check "--help prints usage and exits 0" case_help

case_no_output() {
	expect_exit 2 alinea export 2>err && contains "no output file" err
}
check "export without -o is a usage error" case_no_output

case_bad_values() {
	expect_exit 2 alinea export --min-confidence 2 -o x.tmx 2>err &&
	contains "invalid confidence '2'" err &&
	expect_exit 2 alinea export --since yesterday -o x.tmx 2>err &&
	contains "invalid date 'yesterday'" err &&
	expect_exit 2 alinea export -l 'f r' -o x.tmx 2>err &&
	contains "invalid language list" err &&
	expect_exit 2 alinea export --format xliff -o x.tmx 2>err &&
	expect_exit 2 alinea export --format tsv -o x.tsv 2>err &&
	contains "need the languages" err &&
	[ ! -e x.tmx ] && [ ! -e x.tsv ]
}
check "bad option values are usage errors and write nothing" case_bad_values

case_tmx_valid() {
	alinea export -o all.tmx >out 2>err || return 1
	contains "units written to 'all.tmx'" out &&
	structure_ok all.tmx && dtd_ok all.tmx &&
	[ "$(grep -c '<tu ' all.tmx)" -ge 6 ]
}
check "the TMX export is valid TMX 1.4b" case_tmx_valid

case_inline_kept() {
	grep -qF '<bpt i="1" x="1" type="link">&lt;a href="#"&gt;</bpt>here<ept i="1">&lt;/a&gt;</ept>' all.tmx &&
	grep -qF '<prop type="x-context">dialog</prop>' all.tmx &&
	grep -qF '<note>formal</note>' all.tmx
}
check "inline markup, props and notes are written back" case_inline_kept

case_no_overwrite() {
	echo precious >keep.tmx
	expect_exit 1 alinea export -o keep.tmx 2>err &&
	contains "'keep.tmx' already exists" err &&
	contains "hint: pass --force" err &&
	[ "$(cat keep.tmx)" = precious ] &&
	alinea export -q --force -o keep.tmx && structure_ok keep.tmx &&
	[ -z "$(ls | grep 'tmp-')" ]
}
check "an existing file is replaced only with --force" case_no_overwrite

case_langs() {
	alinea export -q -l pt-BR,de -o pd.tmx || return 1
	structure_ok pd.tmx && dtd_ok pd.tmx &&
	[ "$(grep -c '<tu ' pd.tmx)" = 1 ] &&
	grep -q 'srclang="pt-BR"' pd.tmx &&
	! grep -q 'xml:lang="en' pd.tmx
}
check "-l keeps units with every language, and only those variants" case_langs

case_base_lang() {
	alinea export -q -l en,de --format csv -o ed.csv || return 1
	head -1 ed.csv | grep -q '^en,de' &&
	grep -q '^The vote is on Thursday\.,Die Abstimmung' ed.csv
}
check "a base language takes its regions (en takes en-GB)" case_base_lang

case_jsonl() {
	alinea export -q --format jsonl -o all.jsonl || return 1
	[ "$(wc -l <all.jsonl)" = "$(grep -c '<tu ' all.tmx)" ] &&
	grep -q '"markup":"Click <bpt' all.jsonl
}
check "JSON Lines has one unit per line with its markup" case_jsonl

case_filters() {
	rm -f "$WORK/f.db"*
	cat >conf.tmx <<-'EOT'
	<?xml version="1.0" encoding="UTF-8"?>
	<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="en" datatype="plaintext"/>
	<body>
	<tu creationdate="20200101T000000Z"><prop type="x-alinea-confidence">0.95</prop><tuv xml:lang="en"><prop type="x-alinea-document">annual.en.txt</prop><prop type="x-alinea-position">3</prop><seg>Old and sure.</seg></tuv><tuv xml:lang="fr"><seg>Ancien et sûr.</seg></tuv></tu>
	<tu creationdate="20250601T000000Z"><prop type="x-alinea-confidence">0.40</prop><tuv xml:lang="en"><prop type="x-alinea-document">memo.en.txt</prop><seg>New and doubtful.</seg></tuv><tuv xml:lang="fr"><seg>Récent et douteux.</seg></tuv></tu>
	</body></tmx>
	EOT
	export ALINEA_MEMORY=$WORK/f.db
	alinea import -q conf.tmx || return 1
	alinea export -q --min-confidence 0.9 --format tsv -l en,fr -o c.tsv &&
	[ "$(cat c.tsv)" = "Old and sure.	Ancien et sûr." ] &&
	alinea export -q --since 2024-01-01 --format tsv -l en,fr -o s.tsv &&
	[ "$(cat s.tsv)" = "New and doubtful.	Récent et douteux." ] &&
	alinea export -q --document annual.en.txt -o d.tmx &&
	[ "$(grep -c '<tu ' d.tmx)" = 1 ] &&
	grep -qF '<prop type="x-alinea-confidence">0.95</prop>' d.tmx &&
	grep -qF '<prop type="x-alinea-document">annual.en.txt</prop>' d.tmx &&
	grep -qF '<prop type="x-alinea-position">3</prop>' d.tmx &&
	dtd_ok d.tmx
}
check "--min-confidence, --since and --document select units" case_filters

case_missing_memory() {
	ALINEA_MEMORY=$WORK/none.db expect_exit 1 alinea export -o n.tmx 2>err &&
	[ ! -e n.tmx ]
}
check "exporting a memory that does not exist fails and writes nothing" case_missing_memory

case_bad_folder() {
	expect_exit 1 alinea export -o "$WORK/no/such/dir/x.tmx" 2>err &&
	contains "cannot write '$WORK/no/such/dir/x.tmx'" err
}
check "a folder that does not exist is named in the error" case_bad_folder

[ -f "$DTD" ] || skip "DTD validation" "../shared/data/tmx is absent"

done_testing
