# SPDX-License-Identifier: MIT
# The segmenter on the project's golden-rule cases
# (tests/data/segment/golden/<lang>.txt): every language with cases must
# get at least 90 % of them exactly right. Run the scorer by hand to see
# the failures: tests/segment-golden.py -v build/src/cli/alinea
# tests/data/segment/golden [LANG...]
. "$(dirname "$0")/lib.sh"

case_golden() {
	command -v python3 >/dev/null || { echo "python3 is missing"; return 1; }
	python3 "$SRC/tests/segment-golden.py" -v --min 90 "$ALINEA_BIN" \
		"$DATA/segment/golden"
}
check "golden-rule cases: at least 90 % in every language" case_golden

done_testing
