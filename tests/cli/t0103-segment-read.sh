# SPDX-License-Identifier: MIT
# Reading documents: encodings, HTML, DOCX, ODT, and bad input (empty,
# binary, invalid UTF-8, truncated UTF-16, huge paragraphs, corrupt and
# bomb-sized packages). Every bad input gets a clear error or bounded
# work, never a crash or a hang.
. "$(dirname "$0")/lib.sh"

ENC=$DATA/segment/enc

# decodes FILE_UTF8 ENCODING LANG [OPTIONS...]: the file converted to
# ENCODING reads back as the UTF-8 original.
decodes() {
	src=$1 enc=$2 lang=$3
	shift 3
	iconv -f UTF-8 -t "$enc" "$src" >in.txt || return 1
	alinea segment -l "$lang" "$@" in.txt >got || return 1
	alinea segment -l "$lang" "$src" >want || return 1
	diff -u want got
}

for spec in "ru windows-1251" "ru KOI8-R" "zh GB18030" "zh-Hant BIG5" \
	"ja SHIFT_JIS" "ko EUC-KR" "fr WINDOWS-1252" "fr ISO-8859-1"; do
	set -- $spec
	check "detects and decodes $2 ($1)" decodes "$ENC/$1.txt" "$2" "$1"
done

case_latin9() {
	printf 'Le prix est de 1 250 \xa4. Merci.\n' >in.txt
	alinea segment -l fr --encoding ISO-8859-15 in.txt >got &&
	printf 'Le prix est de 1 250 €.\nMerci.\n' >want && diff -u want got
}
check "--encoding ISO-8859-15 decodes the euro sign" case_latin9

case_latin9_detected() {
	{ iconv -f UTF-8 -t ISO-8859-15 "$ENC/fr.txt"; printf 'Le prix est de 1 250 \xa4.\n'; } >in.txt
	alinea segment -l fr in.txt >got && contains '1 250 €.' got
}
check "Latin-9 is told from Latin-1 by its euro sign" case_latin9_detected

case_word_utf16() {
	# "Unicode text" as Word saves it: UTF-16LE, BOM, CRLF.
	{ printf '\xff\xfe'; sed 's/$/\r/' "$ENC/fr.txt" | iconv -f UTF-8 -t UTF-16LE; } >in.txt
	alinea segment -l fr in.txt >got && alinea segment -l fr "$ENC/fr.txt" >want &&
	diff -u want got
}
check "UTF-16LE with BOM and CRLF, as Word saves it" case_word_utf16

case_utf16_nobom() {
	iconv -f UTF-8 -t UTF-16BE "$ENC/ru.txt" >in.txt
	alinea segment -l ru in.txt >got && alinea segment -l ru "$ENC/ru.txt" >want &&
	diff -u want got
}
check "UTF-16 without BOM is recognised by its zero bytes" case_utf16_nobom

case_truncated_utf16() {
	{ printf '\xff\xfe'; printf 'Hello.' | iconv -f UTF-8 -t UTF-16LE; printf 'X'; } >in.txt
	expect_exit 1 alinea segment -l en in.txt 2>err || return 1
	contains 'in.txt' err && contains 'truncated' err && contains 'byte 14' err
}
check "truncated UTF-16 is an error at its offset" case_truncated_utf16

case_invalid_utf8() {
	printf 'Caf\xc3\xa9 ok. Then \xc3\x28 bad.\n' >in.txt
	expect_exit 1 alinea segment -l en --encoding UTF-8 in.txt 2>err || return 1
	contains 'byte 15' err && contains 'hint: pass --encoding' err
}
check "invalid UTF-8 under --encoding UTF-8 names the byte" case_invalid_utf8

case_undetectable() {
	# Too few bytes for ICU to be confident about.
	printf 'ab\x81\x8d\x8f\x90' >in.txt
	expect_exit 1 alinea segment -l en in.txt 2>err || return 1
	contains 'in.txt' err && contains 'hint:' err
}
check "bytes no encoding explains are an error, never replaced" case_undetectable

case_unknown_encoding() {
	printf 'x' >in.txt
	expect_exit 1 alinea segment -l en --encoding NOPE-42 in.txt 2>err &&
	contains "unknown encoding 'NOPE-42'" err
}
check "an unknown --encoding is named" case_unknown_encoding

case_empty() {
	: >in.txt
	alinea segment -l en in.txt >out 2>err || return 1
	[ ! -s out ] && contains 'holds no text' err
}
check "an empty file gives no sentence and a warning" case_empty

case_binary() {
	printf '\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x03\x00>\x00' >in.bin
	expect_exit 1 alinea segment -l en in.bin 2>err && contains 'binary' err
}
check "a binary file is refused" case_binary

case_controls() {
	printf 'Bell\x07 rang. Done.\n' >in.txt
	alinea segment -l en in.txt >out 2>err || return 1
	printf 'Bell rang.\nDone.\n' >want && diff -u want out &&
	contains 'control characters dropped' err
}
check "control characters are dropped with a warning" case_controls

case_long_paragraph() {
	python3 -c "import sys; sys.stdout.write('word ' * 2000000)" >in.txt
	timeout 60 "$ALINEA_BIN" segment -l en in.txt >out || return 1
	[ "$(wc -l <out)" -eq 1 ]
}
check "a 10 MB paragraph without punctuation is one sentence, quickly" case_long_paragraph

case_no_spaces() {
	python3 -c "import sys; sys.stdout.write('1.B' * 1000000)" >in.txt
	timeout 60 "$ALINEA_BIN" segment -l en in.txt >out
}
check "3 MB of candidate boundaries without a space take bounded time" case_no_spaces

case_lines() {
	printf 'one\ntwo\n' >in.txt
	alinea segment -l en --lines in.txt >out &&
	printf 'one\n\ntwo\n' >want && diff -u want out
}
check "--lines makes every line a paragraph" case_lines

case_hyphen() {
	printf 'The commit-\ntee met in the after-\nnoon. Then\nit rained.\n' >in.txt
	alinea segment -l en in.txt >out &&
	printf 'The committee met in the afternoon.\nThen it rained.\n' >want &&
	diff -u want out
}
check "plain text joins lines and repairs hyphenation" case_hyphen

case_html() {
	cat >page.html <<'HTML'
<!DOCTYPE html>
<html><head><meta charset="windows-1252"><title>Rapport</title>
<style>p { color: red; }</style><script>var x = "Ne pas lire.";</script></head>
<body><nav><a href="/">Accueil</a> | <a href="/a">Archives</a></nav>
<h1>Le rapport annuel</h1>
<p>Les ventes ont progressé de 4 %. M. Dupont était <b>très</b>
content.</p>
<ul><li>Premier point</li><li>Second point</li></ul>
<div hidden>Texte caché.</div>
<p>Une ligne<br>coupée en deux.<br><br>Un autre paragraphe… « Déjà ! »</p>
<table><tr><td>Nord</td><td>Sud</td></tr></table>
</body></html>
HTML
	iconv -f UTF-8 -t WINDOWS-1252 page.html >in.html || return 1
	alinea segment -l fr in.html >out || return 1
	cat >want <<'TXT'
Le rapport annuel

Les ventes ont progressé de 4 %.
M. Dupont était très content.

Premier point

Second point

Une ligne coupée en deux.

Un autre paragraphe…
« Déjà ! »

Nord

Sud
TXT
	diff -u want out
}
check "HTML: blocks are paragraphs, scripts and navigation dropped, charset honoured" case_html

have_packages() {
	[ -f report.docx ] || python3 "$DATA/segment/make-packages.py"
}

case_docx() {
	have_packages || return 1
	alinea segment -l en report.docx >out || return 1
	cat >want <<'TXT'
Annual report

Sales rose by four per cent.
Mr. Brown was pleased.

See page 7.

North

South

First item with a tab

Figures are provisional.
TXT
	diff -u want out
}
check "DOCX: headings, tables, lists, footnotes; no deletions or field codes" case_docx

case_odt() {
	have_packages || return 1
	alinea segment -l fr report.odt >out || return 1
	cat >want <<'TXT'
Rapport annuel

Les ventes ont augmenté.
M. Dupont était content.

Chiffres provisoires.

Premier point

Nord
TXT
	diff -u want out
}
check "ODT: headings, notes after their paragraph, lists, tables; no tracked deletions" case_odt

case_docx_stdin() {
	have_packages || return 1
	alinea segment -l en - <report.docx >out && contains 'Annual report' out
}
check "a DOCX on standard input is recognised by content" case_docx_stdin

case_bomb() {
	have_packages || return 1
	expect_exit 1 timeout 60 "$ALINEA_BIN" segment -l en bomb.docx 2>err &&
	contains 'zip bomb' err
}
check "a zip bomb stops early with an error" case_bomb

case_corrupt() {
	have_packages || return 1
	expect_exit 1 alinea segment -l en corrupt.docx 2>err && contains 'corrupt.docx' err
}
check "a corrupt DOCX is an error" case_corrupt

case_not_a_document() {
	have_packages || return 1
	expect_exit 1 alinea segment -l en noword.zip 2>err &&
	contains 'neither a DOCX nor an ODT' err
}
check "a zip that is no document is refused" case_not_a_document

done_testing
