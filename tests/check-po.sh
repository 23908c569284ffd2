#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Every source file with translatable messages is listed in POTFILES, and
# every message has a French translation that msgfmt accepts.
set -euo pipefail
src=${ALINEA_SOURCE_ROOT:?}
cd "$src"
status=0
for f in $(grep -rlE '\b_\("|\bN_\("' src align memory --include='*.c' | sort); do
	grep -qxF "$f" locales/po/POTFILES || {
		echo "not in locales/po/POTFILES: $f"
		status=1
	}
done
pot=$(mktemp)
trap 'rm -f "$pot"' EXIT
xgettext --keyword=_ --keyword=N_ --from-code=UTF-8 -o "$pot" \
	-f locales/po/POTFILES
msgfmt --check -o /dev/null locales/po/fr.po
# msgcmp fails on any message of the sources that fr.po lacks.
msgcmp --use-untranslated locales/po/fr.po "$pot" 2>&1 || status=1
untranslated=$(msgattrib --untranslated --no-obsolete locales/po/fr.po | grep -c '^msgid' || true)
if [ "$untranslated" -gt 0 ]; then
	echo "fr.po has untranslated messages:"
	msgattrib --untranslated --no-obsolete locales/po/fr.po
	status=1
fi
fuzzy=$(msgattrib --only-fuzzy locales/po/fr.po | grep -c '^msgid' || true)
if [ "$fuzzy" -gt 0 ]; then
	echo "fr.po has fuzzy messages"
	status=1
fi
[ $status -eq 0 ] && echo "1 passed, 0 failed"
exit $status
