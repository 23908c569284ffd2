# SPDX-License-Identifier: MIT
# Round trip through the memory on every fixture and shared sample:
# import -> export -> import -> export gives the same units (texts,
# languages, inline markup, props), and every export is valid TMX 1.4b.
. "$(dirname "$0")/lib.sh"

DTD=$SHARED/data/tmx/tmx14.dtd

round_trip() {
	rm -f "$WORK"/r1.db* "$WORK"/r2.db*
	ALINEA_MEMORY=$WORK/r1.db alinea import -q "$1" 2>/dev/null || return 1
	ALINEA_MEMORY=$WORK/r1.db alinea export -q --force -o e1.tmx || return 1
	ALINEA_MEMORY=$WORK/r2.db alinea import -q e1.tmx || return 1
	ALINEA_MEMORY=$WORK/r2.db alinea export -q --force -o e2.tmx || return 1
	# Only the header's date of writing may differ.
	diff -u <(grep -v '<header ' e1.tmx) <(grep -v '<header ' e2.tmx) || return 1
	ALINEA_MEMORY=$WORK/r1.db alinea export -q --force --format jsonl -o j1.jsonl &&
	ALINEA_MEMORY=$WORK/r2.db alinea export -q --force --format jsonl -o j2.jsonl &&
	diff -u j1.jsonl j2.jsonl || return 1
	[ "$(grep -c '<tu ' e1.tmx)" -gt 0 ] || return 1
	n_tuv=$(grep -c '<tuv' e1.tmx)
	[ "$n_tuv" = "$(grep -c '<tuv xml:lang="[^"]\+"' e1.tmx)" ] || return 1
	if [ -f "$DTD" ]; then
		xmllint --noout --nonet --dtdvalid "$DTD" e1.tmx || return 1
	fi
}

for f in utf16be-bom utf16le-bom utf8-bom windows-1252 euramis \
	prop-after-seg per-tu-srclang broken-pairs thirty-langs xxe-param \
	internal-entity tmx11-lang inline-all spaces-tabs rtf-header \
	unknown-attrs; do
	check "round trip of fixture $f" round_trip "$DATA/tmx/$f.tmx"
done

case_inline_survives() {
	round_trip "$DATA/tmx/inline-all.tmx" &&
	grep -qF '<hi type="emphasis">stressed <ph/></hi> words<ut>{\b0}</ut>' e2.tmx &&
	grep -qF '<sub type="alt">logo</sub>' e2.tmx
}
check "inline markup survives two trips unchanged" case_inline_survives

case_spaces_survive() {
	round_trip "$DATA/tmx/spaces-tabs.tmx" &&
	grep -qF "<seg>  two leading spaces, a	tab, and three trailing   </seg>" e2.tmx
}
check "tabs and edge spaces survive" case_spaces_survive

if [ -d "$SHARED/data/tmx/samples" ]; then
	for f in "$SHARED"/data/tmx/samples/*; do
		check "round trip of sample $(basename "$f")" round_trip "$f"
	done
else
	skip "round trip of the shared samples" "../shared/data/tmx is absent"
fi
[ -f "$DTD" ] || skip "DTD validation" "../shared/data/tmx is absent"

done_testing
