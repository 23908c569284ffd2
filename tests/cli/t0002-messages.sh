# SPDX-License-Identifier: MIT
# Messages are translated to French; output for programs never is.
. "$(dirname "$0")/lib.sh"

if ! have_french_locale; then
	skip "French messages" "the fr_FR.UTF-8 locale is not generated (run tests/setup.sh)"
	done_testing
	exit
fi

case_french_help() {
	LC_ALL=fr_FR.UTF-8 alinea --help >out || return 1
	contains "utilisation : alinea" out &&
	contains "Commandes :" out &&
	lacks "Commands:" out
}
check "--help speaks French under a French locale" case_french_help

case_french_lang() {
	env -u LC_ALL LANG=fr_FR.UTF-8 "$ALINEA_BIN" --help >out &&
	contains "utilisation : alinea" out
}
check "LANG=fr_FR.UTF-8 is enough" case_french_lang

case_french_error() {
	LC_ALL=fr_FR.UTF-8 alinea algn 2>err
	contains "commande inconnue" err
}
check "errors are translated too" case_french_error

case_every_summary_translated() {
	alinea --help | sed -n '/^Commands:/,/^$/p' | grep '^  ' >en
	LC_ALL=fr_FR.UTF-8 alinea --help | sed -n '/^Commandes :/,/^$/p' | grep '^  ' >fr
	[ "$(wc -l <en)" -eq "$(wc -l <fr)" ] || return 1
	# No summary line may be left in English.
	paste -d'\n' en fr | awk 'NR%2==1 {e=$0; next} e==$0 {print "untranslated: " e; bad=1} END {exit bad}'
}
check "every command summary has a French translation" case_every_summary_translated

case_version_same() {
	a=$(alinea --version) && b=$(LC_ALL=fr_FR.UTF-8 alinea --version) && [ "$a" = "$b" ]
}
check "--version is the same in every locale" case_version_same

done_testing
