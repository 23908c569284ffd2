# SPDX-License-Identifier: MIT
# `alinea segment`: output formats, batch mode, reading and bad input.
. "$(dirname "$0")/lib.sh"

case_text() {
	printf 'Mr. Brown came. He sat down.\n\nThe end.\n' >in.txt
	printf 'Mr. Brown came.\nHe sat down.\n\nThe end.\n' >want
	expect_output want alinea segment -l en in.txt
}
check "text output: one sentence per line, blank line between paragraphs" case_text

case_stdin() {
	printf 'One. Two.' | alinea segment -l en - >out &&
	printf 'One.\nTwo.\n' >want && diff -u want out
}
check "'-' reads standard input" case_stdin

case_jsonl() {
	printf 'Oui. Non.' >in.txt
	alinea segment -l fr --format jsonl in.txt >out || return 1
	printf '%s\n' '{"paragraph": 0, "sentence": 0, "text": "Oui.", "start": 0, "end": 4}' \
		'{"paragraph": 0, "sentence": 1, "text": "Non.", "start": 5, "end": 9}' >want
	diff -u want out
}
check "jsonl output carries paragraph, index, text and offsets" case_jsonl

case_batch() {
	printf '%s\n' '{"text": "A dog. A cat."}' '' '{"id": [1, {"x": null}], "text": "Tab\there. \"Quoted.\" \u00c9t\u00e9. \ud83d\ude00 Ok."}' >in
	alinea segment -l en --batch <in >out || return 1
	printf '%s\n' '{"sentences": ["A dog.", "A cat."]}' '{"sentences": []}' \
		'{"sentences": ["Tab\there.", "\"Quoted.\"", "Été.", "😀 Ok."]}' >want
	diff -u want out
}
check "--batch: one line out per line in, JSON escapes and surrogate pairs" case_batch

case_batch_bad() {
	printf '%s\n' '{"text": "ok"}' '{"text": "\ud800 x"}' >in
	expect_exit 1 alinea segment -l en --batch <in >out 2>err || return 1
	contains 'standard input:2:' err && contains 'surrogate' err
}
check "--batch: a lone surrogate is an error naming the line" case_batch_bad

case_no_lang() {
	expect_exit 2 alinea segment x.txt 2>err && contains "see 'alinea segment --help'" err
}
check "the language is required" case_no_lang

case_missing() {
	expect_exit 1 alinea segment -l en nothere.txt 2>err && contains "nothere.txt" err
}
check "a missing file is an error naming it" case_missing

case_latin1() {
	printf 'Le caf\xe9 est ferm\xe9 aujourd\x27hui. Nous reviendrons demain matin pour le d\xe9jeuner, avec les enfants et leurs cousins de la r\xe9gion.\n' >in.txt
	alinea segment -l fr in.txt >out || return 1
	contains 'Le café est fermé' out
}
check "a windows-1252 / Latin-1 file is detected and decoded" case_latin1

case_bad_encoding() {
	printf 'abc \xff\xfe\xfd' >in.txt
	expect_exit 1 alinea segment -l en --encoding UTF-8 in.txt 2>err || return 1
	contains 'in.txt' err && contains 'byte 4' err && contains 'hint:' err
}
check "undecodable bytes give their offset and a hint" case_bad_encoding

case_help() {
	alinea segment --help >out && contains "--batch" out
}
check "--help prints the usage" case_help

case_demo() {
	# tests/data/demo/NOTES.md: 55 segments in each version.
	alinea segment -l fr "$DATA/demo/report.fr.txt" >fr &&
	alinea segment -l en "$DATA/demo/report.en.txt" >en || return 1
	[ "$(grep -c . fr)" -eq 55 ] && [ "$(grep -c . en)" -eq 55 ] &&
	[ "$(grep -c '^$' fr)" -eq 13 ]
}
check "the demo report has 55 sentences in each language, 14 paragraphs" case_demo

done_testing
