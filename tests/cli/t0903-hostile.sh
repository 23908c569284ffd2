# SPDX-License-Identifier: MIT
# Hostile input: every case ends with a clear error or bounded work, never
# a crash, a hang or a changed memory. XXE and billion-laughs TMX are in
# t0401-import.sh, the zip-bomb DOCX in t0103-segment-read.sh.
. "$(dirname "$0")/lib.sh"

export ALINEA_MEMORY=$WORK/m.db

# bounded SECONDS MEGABYTES COMMAND...: COMMAND within the time and the
# address space given; its exit code. AddressSanitizer reserves terabytes
# of address space for its shadow memory, so under it (the asan setup sets
# ASAN_OPTIONS) the memory bound is checked on the peak resident size
# instead, read from /proc through GNU time when it is there.
bounded() {
	s=$1 mb=$2
	shift 2
	if [ -z "${ASAN_OPTIONS:-}" ]; then
		(
			ulimit -v $((mb * 1024))
			exec timeout "$s" "$@"
		)
		return
	fi
	if [ ! -x /usr/bin/time ]; then
		timeout "$s" "$@"
		return
	fi
	/usr/bin/time -f '%M' -o "$WORK/peak" timeout "$s" "$@"
	rc=$?
	peak=$(tail -n1 "$WORK/peak")
	case $peak in
	*[!0-9]* | '') ;;
	*)
		# Sanitized programs use about three times the memory.
		if [ "$peak" -gt $((mb * 1024 * 3)) ]; then
			echo "peak resident size ${peak} kB over $((mb * 3)) MB" >&2
			return 125
		fi
		;;
	esac
	return $rc
}

case_nested_html() {
	{
		printf '<html><body>'
		awk 'BEGIN { for (i = 0; i < 100000; i++) printf "<div>"; printf "Deep inside. Still here." ; for (i = 0; i < 100000; i++) printf "</div>" }'
		printf '</body></html>\n'
	} >nested.html
	bounded 60 1024 "$ALINEA_BIN" segment -l en nested.html >out 2>err
	rc=$?
	[ $rc -le 1 ] || {
		echo "exit $rc (124: timeout; above 128: a crash)"
		cat err
		return 1
	}
	if [ $rc = 0 ]; then
		contains "Deep inside." out && contains "Still here." out
	else
		contains "nested.html" err
	fi
}
check "100,000 nested divs: the text or a clear error, in bounded time and memory" case_nested_html

# Regression: libxml2 stopped at 256 levels and the text after was lost
# without a word ("holds no text", exit 0).
case_nested_300() {
	{
		printf '<html><body><p>Before.</p>'
		awk 'BEGIN { for (i = 0; i < 300; i++) printf "<div>"; printf "Deep inside."; for (i = 0; i < 300; i++) printf "</div>" }'
		printf '<p>After.</p></body></html>\n'
	} >n300.html
	"$ALINEA_BIN" segment -l en n300.html >out 2>err
	rc=$?
	if [ $rc = 0 ]; then
		contains "Deep inside." out && contains "After." out
	else
		[ $rc = 1 ] && contains "n300.html" err && contains "too deeply" err
	fi
}
check "300 nested divs: no text is lost silently" case_nested_300

case_huge_line() {
	awk 'BEGIN { s = "word "; for (i = 0; i < 20; i++) s = s s; for (i = 0; i < 20; i++) printf "%s", s; print "" }' >huge.txt
	size=$(wc -c <huge.txt)
	[ "$size" -ge 100000000 ] || {
		echo "huge.txt has only $size bytes"
		return 1
	}
	bounded 120 2048 "$ALINEA_BIN" segment -l en huge.txt >out 2>err
	rc=$?
	rm -f huge.txt
	[ $rc -le 1 ] || {
		echo "exit $rc (124: timeout; above 128: a crash)"
		cat err
		return 1
	}
	if [ $rc = 0 ]; then
		[ "$(wc -l <out)" -ge 1 ] && [ "$(wc -c <out)" -ge 90000000 ]
	else
		contains "huge.txt" err
	fi
}
check "a single 100 MB line: segmented or refused clearly, within 120 s and 2 GB" case_huge_line

case_nul() {
	printf 'First sentence here.\0 Second one\0 follows.\n' >nul.txt
	"$ALINEA_BIN" segment -l en nul.txt >out 2>err
	rc=$?
	[ $rc -le 1 ] || return 1
	if [ $rc = 0 ]; then
		# No NUL may reach the output, and no text may be lost silently.
		! grep -qaP '\x00' out && contains "First sentence here." out &&
		[ -s err ]
	else
		contains "nul.txt" err
	fi
}
check "NUL bytes in text: dropped with a warning or refused, never passed on" case_nul

case_bad_utf8() {
	for bytes in '\xed\xa0\x80' '\xc0\xaf' '\xe0\x80\xaf' '\xf4\x90\x80\x80'; do
		printf "Bad %b here.\n" "$bytes" >bad.txt
		expect_exit 1 "$ALINEA_BIN" segment -l en --encoding UTF-8 bad.txt >out 2>err || return 1
		contains "bad.txt" err || return 1
		[ ! -s out ] || {
			echo "output for $bytes:"
			cat out
			return 1
		}
	done
}
check "surrogate and overlong UTF-8 are errors naming the file" case_bad_utf8

case_add_bad_utf8() {
	expect_exit 1 alinea add -s en -t fr "$(printf 'A \xed\xa0\x80 b')" "Un b" 2>err &&
	expect_exit 1 alinea add -s en -t fr "Slash" "$(printf '\xc0\xaf')" 2>>err &&
	[ ! -e m.db ] || [ "$(alinea stats --format json | grep -c '"units": 0')" = 1 ]
}
check "add refuses surrogate and overlong UTF-8" case_add_bad_utf8

case_utf16_lone() {
	# UTF-16LE with BOM: "Ab" then a lone high surrogate, then "cd."
	printf '\xff\xfeA\0b\0\x00\xd8c\0d\0.\0\n\0' >lone.txt
	expect_exit 1 "$ALINEA_BIN" segment -l en lone.txt >out 2>err &&
	contains "lone.txt" err &&
	# and a lone low surrogate
	printf '\xff\xfeA\0\x00\xdcb\0.\0\n\0' >lone2.txt &&
	expect_exit 1 "$ALINEA_BIN" segment -l en lone2.txt >out 2>err &&
	contains "lone2.txt" err
}
check "unpaired UTF-16 surrogates in a file are errors naming it" case_utf16_lone

case_many_langs() {
	awk 'BEGIN {
		print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
		print "<tmx version=\"1.4\"><header creationtool=\"t0903\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"none\" adminlang=\"en\" srclang=\"en\" datatype=\"plaintext\"/><body><tu>"
		for (i = 0; i < 100000; i++)
			printf "<tuv xml:lang=\"x-l%d\"><seg>Text %d.</seg></tuv>\n", i, i
		print "</tu></body></tmx>"
	}' >langs.tmx
	bounded 60 2048 "$ALINEA_BIN" import langs.tmx >out 2>err
	rc=$?
	[ $rc = 1 ] || {
		echo "exit $rc, want 1 (124: timeout)"
		head -5 err
		return 1
	}
	contains "langs.tmx" err && [ "$(wc -l <err)" -le 5 ]
}
check "a TMX unit in 100,000 languages is refused clearly and quickly" case_many_langs

SQL="'); DROP TABLE units; --"
CTRL=$(printf 'bell\x01 and\x1f unit sep')
case_sql_ctrl() {
	alinea add -s en -t fr -d "$SQL doc" "$SQL source" "$SQL cible" 2>err ||
		return 1
	alinea add -s en -t fr -d "ctrl$CTRL" "source $CTRL" "cible $CTRL" 2>>err ||
		return 1
	alinea stats --format json >stats && contains '"units": 2' stats &&
	alinea lookup -s en -t fr --format json "$SQL source" >look &&
	contains "DROP TABLE units; -- cible" look &&
	contains '"score": 100' look &&
	alinea lookup -s en -t fr --format json "source $CTRL" >look2 &&
	contains '\u0001' look2 && contains '"score": 100' look2 &&
	alinea export -q --format jsonl -o all.jsonl &&
	contains "DROP TABLE units; -- source" all.jsonl &&
	contains '\u001f' all.jsonl &&
	alinea export -q --format tmx -o all.tmx &&
	xmllint --noout all.tmx &&
	rm -f m2.db && ALINEA_MEMORY=$WORK/m2.db alinea import -q all.tmx &&
	ALINEA_MEMORY=$WORK/m2.db alinea export -q --format jsonl -o back.jsonl &&
	contains "DROP TABLE units; -- source" back.jsonl
}
check "SQL-looking and control-character strings are stored and given back intact" case_sql_ctrl

case_names() {
	d="dossier à part/été 2026"
	mkdir -p "$d" &&
	printf 'Le pont est ouvert. Il fait beau.\n' >"$d/rapport final.fr.txt" &&
	printf 'The bridge is open. The weather is fine.\n' >"$d/rapport final.en.txt" &&
	"$ALINEA_BIN" segment -l fr "$d/rapport final.fr.txt" >out &&
	contains "Le pont est ouvert." out &&
	"$ALINEA_BIN" segment -l en "$d/rapport final.en.txt" >en.txt &&
	"$ALINEA_BIN" align --segmented -l fr,en out en.txt >al &&
	contains "The bridge is open." al &&
	"$ALINEA_BIN" --memory "$d/mémoire n°1.db" add -s fr -t en "Bonjour." "Hello." &&
	"$ALINEA_BIN" --memory "$d/mémoire n°1.db" export -q -o "$d/sortie é.tmx" &&
	"$ALINEA_BIN" --memory "$WORK/other.db" import -q "$d/sortie é.tmx" &&
	"$ALINEA_BIN" --memory "$WORK/other.db" stats --format json >st &&
	contains '"units": 1' st &&
	expect_exit 1 "$ALINEA_BIN" segment -l fr "$d/absent é.txt" 2>err &&
	contains "absent é.txt" err
}
check "file names with spaces and non-ASCII letters" case_names

# As root, permissions stop nothing: the commands then run as nobody.
case_read_only() {
	as=
	if [ "$(id -u)" = 0 ]; then
		command -v setpriv >/dev/null || {
			echo "root without setpriv: cannot drop privileges"
			return 1
		}
		as="setpriv --reuid=65534 --regid=65534 --clear-groups"
		chmod 711 "$WORK"
	fi
	mkdir -p ro && ALINEA_MEMORY=$WORK/ro/m.db alinea add -s en -t fr "Read only." "Lecture seule." &&
	chmod 444 ro/m.db && chmod 555 ro &&
	sum=$(sha256sum ro/m.db) &&
	ALINEA_MEMORY=$WORK/ro/m.db $as "$ALINEA_BIN" lookup -s en -t fr --format json "Read only." >look &&
	contains '"score": 100' look &&
	ALINEA_MEMORY=$WORK/ro/m.db $as "$ALINEA_BIN" stats --format json >st &&
	contains '"units": 1' st || return 1
	ALINEA_MEMORY=$WORK/ro/m.db $as "$ALINEA_BIN" add -s en -t fr "New." "Nouveau." 2>err
	rc=$?
	[ $rc = 1 ] || {
		echo "add on a read-only memory: exit $rc"
		return 1
	}
	contains "ro/m.db" err && contains "writable" err &&
	[ "$(sha256sum ro/m.db)" = "$sum" ] && [ "$(ls ro)" = m.db ]
}
check "a read-only memory: lookups work, writes fail clearly, nothing changes" case_read_only
chmod -R u+w "$WORK/ro" 2>/dev/null
chmod 700 "$WORK"

# Full disk: a 2 MB tmpfs needs mount rights (root in CI).
case_full_disk() {
	# A memory that fills most of the disk, then an import that cannot fit.
	awk -v n=2500 'BEGIN {
		print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
		print "<tmx version=\"1.4\"><header creationtool=\"t0903\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"none\" adminlang=\"en\" srclang=\"en\" datatype=\"plaintext\"/><body>"
		for (i = 0; i < n; i++)
			printf "<tu><tuv xml:lang=\"en\"><seg>Line %d of the long import that cannot fit on this tiny disk.</seg></tuv><tuv xml:lang=\"fr\"><seg>Ligne %d du long import qui ne tient pas sur ce petit disque.</seg></tuv></tu>\n", i, i
		print "</body></tmx>"
	}' >fill.tmx
	M=$WORK/small/m.db
	ALINEA_MEMORY=$M alinea add -s en -t fr "Kept." "Gardé." || return 1
	ALINEA_MEMORY=$M alinea export -q --format jsonl -o "$WORK/small/out.jsonl" || return 1
	out_sum=$(sha256sum <"$WORK/small/out.jsonl")
	# Fill the disk, leaving a little room.
	dd if=/dev/zero of="$WORK/small/pad" bs=1k count=1200 2>/dev/null
	sum=$(sha256sum <"$M")
	ALINEA_MEMORY=$M alinea import -q fill.tmx 2>err
	rc=$?
	[ $rc = 1 ] || {
		echo "import on a full disk: exit $rc"
		cat err
		return 1
	}
	contains "error" err &&
	ic=$(sqlite3 "$M" 'PRAGMA integrity_check') && [ "$ic" = ok ] &&
	ALINEA_MEMORY=$M alinea stats --format json >st && contains '"units": 1' st || return 1
	# The export of a memory bigger than the room left.
	rm -f "$WORK/small/pad"
	cp fill.tmx "$WORK/big.tmx"
	ALINEA_MEMORY=$WORK/big.db alinea import -q fill.tmx || return 1
	dd if=/dev/zero of="$WORK/small/pad" bs=1k count=1500 2>/dev/null
	ALINEA_MEMORY=$WORK/big.db alinea export -q --force --format jsonl -o "$WORK/small/out.jsonl" 2>err
	rc=$?
	[ $rc = 1 ] || {
		echo "export on a full disk: exit $rc"
		cat err
		return 1
	}
	contains "out.jsonl" err &&
	[ "$(sha256sum <"$WORK/small/out.jsonl")" = "$out_sum" ] &&
	[ -z "$(ls "$WORK/small" | grep -v '^m\.db\|^out\.jsonl$\|^pad$')" ] || {
		ls -la "$WORK/small"
		return 1
	}
}
mkdir -p small
if mount -t tmpfs -o size=2M tmpfs "$WORK/small" 2>/dev/null; then
	check "a full disk during import and export leaves memory and output as they were" case_full_disk
	umount "$WORK/small"
else
	skip "a full disk during import and export" "cannot mount a tmpfs here (needs root)"
fi

done_testing
