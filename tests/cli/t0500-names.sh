# SPDX-License-Identifier: MIT
# `alinea names`: forms per language from the rules, JSON and JSON Lines
# output, and every misuse. No memory exists in these cases: the rules
# alone must answer.
. "$(dirname "$0")/lib.sh"

case_text_table() {
	alinea names Путин >out || return 1
	contains "Путин" out &&
	contains "Poutine" out &&
	contains "Putin" out &&
	contains "rules" out &&
	[ ! -e "$HOME/.local/share/alinea/memory.db" ]
}
check "a Cyrillic name gets a form per language without a memory" case_text_table

case_json_shape() {
	alinea names --to fr,en --format json Путин >out || return 1
	cat >want <<'JSON'
{"query": "Путин", "forms": {"fr": [{"text": "Poutine", "source": "rules"}], "en": [{"text": "Putin", "source": "rules"}]}}
JSON
	diff -u want out
}
check "--format json gives the documented shape, languages in --to order" case_json_shape

case_exception_marked() {
	alinea names --to de --format json Москва >out || return 1
	contains '{"text": "Moskau", "source": "rules", "via": "exceptions"}' out
}
check "conventional forms come first and say they come from the exceptions" case_exception_marked

case_latin_query() {
	alinea names --to ru,en,de --format json "Sergueï Lavrov" >out || return 1
	contains '"ru": [{"text": "Сергей Лавров"' out &&
	contains '"en": [{"text": "Sergei Lavrov"' out &&
	contains '"de": [{"text": "Sergei Lawrow"' out
}
check "a French spelling finds the Russian name and the other spellings" case_latin_query

case_chinese() {
	alinea names --to en --format json 陈敏尔 >out || return 1
	contains '"en": [{"text": "Chen Min'"'"'er"' out
}
check "a Chinese name takes the official pinyin layout" case_chinese

case_batch() {
	printf '%s\n' '{"text": "Путин"}' '' '{"id": 7, "text": "\u0415\u043b\u044c\u0446\u0438\u043d", "x": [1, {"y": null}]}' \
		'{"text": "Xi \"J\" Jinping"}' | alinea names --batch --to fr >out || return 1
	[ "$(wc -l <out)" -eq 3 ] || { cat out; return 1; }
	sed -n 1p out | grep -qF '"query": "Путин", "forms": {"fr": [{"text": "Poutine"' &&
	sed -n 2p out | grep -qF '"query": "Ельцин", "forms": {"fr": [{"text": "Eltsine"' &&
	sed -n 3p out | grep -qF '"query": "Xi \"J\" Jinping"'
}
check "--batch answers one JSON line per input line, in order, with escapes decoded" case_batch

case_batch_bad_line() {
	printf '%s\n' '{"text": "Путин"}' 'not json' '{"name": "x"}' '{"text": 3}' '{"text": "Лавров"}' |
		alinea names --batch --to en >out 2>err
	[ $? -eq 1 ] || return 1
	[ "$(wc -l <out)" -eq 5 ] || { cat out; return 1; }
	sed -n 2p out | grep -qF '"error": "the line is not a JSON object", "line": 2' &&
	sed -n 3p out | grep -qF '"line": 3' &&
	sed -n 4p out | grep -qF '"line": 4' &&
	sed -n 5p out | grep -qF '"Lavrov"' &&
	contains "<stdin>:2:" err &&
	contains "hint:" err
}
check "--batch reports a bad line in place, goes on, and exits 1" case_batch_bad_line

case_usage_errors() {
	expect_exit 2 alinea names 2>err && contains "no name given" err &&
	contains "see 'alinea names --help'" err &&
	expect_exit 2 alinea names --format xml Путин 2>err &&
	contains "unknown format 'xml'" err &&
	expect_exit 2 alinea names --to 'fr,not a tag' Путин 2>err &&
	contains "is not a language tag" err &&
	expect_exit 2 alinea names --bogus Путин 2>err &&
	contains "unknown option" err &&
	expect_exit 2 alinea names Sergueï Lavrov 2>err &&
	contains "give one name" err &&
	expect_exit 2 alinea names --batch Путин 2>err
}
check "misuse exits 2 with a message and a pointer to --help" case_usage_errors

case_empty_name() {
	expect_exit 1 alinea names "  " 2>err && contains "the name is empty" err
}
check "an empty name fails with exit 1" case_empty_name

case_bad_rules() {
	mkdir -p data/en data/fr
	printf 'а > a ;\nб > > b ;\n' >data/en/names-ru.txt
	ALINEA_DATADIR=$WORK/data alinea names --to en Путин 2>err
	[ $? -eq 1 ] && contains "names-ru.txt:2: cannot compile the transcription rules" err &&
	contains "hint:" err
}
check "a rule file that does not compile is reported with its line" case_bad_rules

case_help() {
	alinea names --help >out && contains "--batch" out && contains "usage: alinea names" out
}
check "--help prints the usage on stdout" case_help

done_testing
