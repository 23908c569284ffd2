# SPDX-License-Identifier: MIT
# Concurrent use: 4 processes look up while 1 imports, on one memory, for
# ALINEA_CONCURRENT_SECONDS (default 30). No error may reach the user (every
# command exits 0 with nothing on stderr), no unit may be lost, and the
# slowest lookup (a bound on the lock waits) must stay under
# ALINEA_CONCURRENT_MAX_MS (default 10000). Prints lookups done and the
# slowest lookup.
. "$(dirname "$0")/lib.sh"

SECONDS_WANTED=${ALINEA_CONCURRENT_SECONDS:-30}
MAX_MS=${ALINEA_CONCURRENT_MAX_MS:-10000}
export ALINEA_MEMORY=$WORK/m.db

# tmx FILE FIRST COUNT: units FIRST..FIRST+COUNT-1, distinct in every file.
tmx() {
	awk -v first="$2" -v n="$3" 'BEGIN {
	print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	print "<tmx version=\"1.4\"><header creationtool=\"t0902\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"none\" adminlang=\"en\" srclang=\"en\" datatype=\"plaintext\"/><body>"
	for (i = first; i < first + n; i++)
		printf "<tu><tuv xml:lang=\"en\"><seg>The harbour %d opens at %d in the morning.</seg></tuv><tuv xml:lang=\"fr\"><seg>Le port %d ouvre à %d heures le matin.</seg></tuv></tu>\n", i, i % 12, i, i % 12
	print "</body></tmx>"
	}' >"$1"
}

units() {
	alinea stats --format json | sed -n 's/^{"units": \([0-9]*\),.*/\1/p'
}

now_ms() {
	date +%s%3N
}

tmx base.tmx 0 500
alinea import -q base.tmx || exit 1

# looker N: repeated lookups until the deadline; one line per lookup:
# its duration in ms and its exit code.
looker() {
	while [ "$(date +%s)" -lt "$deadline" ]; do
		t0=$(now_ms)
		"$ALINEA_BIN" lookup -s en -t fr --format json \
			"The harbour $((RANDOM % 500)) opens at 9 in the evening." \
			>>"look$1.out" 2>>"look$1.err"
		rc=$?
		t1=$(now_ms)
		echo "$((t1 - t0)) $rc" >>"look$1.times"
	done
}

# importer: files of 200 new units until the deadline; counts them.
importer() {
	k=0
	while [ "$(date +%s)" -lt "$deadline" ]; do
		k=$((k + 1))
		tmx "imp$k.tmx" $((1000 + k * 200)) 200
		"$ALINEA_BIN" import -q "imp$k.tmx" 2>>import.err || echo "import $k failed" >>import.err
		echo $k >imported
	done
}

case_concurrent() {
	deadline=$(($(date +%s) + SECONDS_WANTED))
	for n in 1 2 3 4; do
		looker $n &
	done
	importer &
	wait
	k=$(cat imported 2>/dev/null || echo 0)
	want=$((500 + k * 200))
	got=$(units)
	looks=$(cat look?.times | wc -l)
	failed=$(cat look?.times | awk '$2 != 0' | wc -l)
	max=$(cat look?.times | sort -n | tail -1 | cut -d' ' -f1)
	matched=$(grep -c '"score"' look?.out | awk -F: '{ s += $2 } END { print s }')
	{
		echo "$SECONDS_WANTED s: $looks lookups by 4 processes ($matched with a match), $failed failed, slowest ${max} ms"
		echo "$k imports of 200 units; $got units in the memory, $want expected"
	} >"$WORK/figures"
	cat "$WORK/figures"
	for f in look?.err import.err; do
		[ ! -s "$f" ] || {
			echo "$f is not empty:"
			head -5 "$f"
			return 1
		}
	done
	[ "$failed" = 0 ] && [ "$looks" -gt 0 ] && [ "$got" = "$want" ] &&
		[ "$max" -le "$MAX_MS" ]
}
check "4 lookups and 1 import at once: no error, no unit lost, bounded waits" \
	case_concurrent
sed 's/^/# /' "$WORK/figures"

done_testing
