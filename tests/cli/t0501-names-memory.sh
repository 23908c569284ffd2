# SPDX-License-Identifier: MIT
# `alinea names` with a memory: the forms seen in the units come first,
# with their counts and a unit, then the rules' forms.
. "$(dirname "$0")/lib.sh"

export ALINEA_MEMORY=$WORK/m.db

add() {
	alinea add -s "$1" -t "$2" "$3" "$4" >/dev/null
}

case_build_memory() {
	add fr en "Le président Vladimir Poutine est arrivé à Pékin mardi." \
		"President Vladimir Putin arrived in Beijing on Tuesday." &&
	add fr en "M. Poutine était accompagné de Sergueï Lavrov." \
		"Mr. Putin was accompanied by Sergey Lavrov." &&
	add ru fr "Путин встретился с Лавровым." "Poutine a rencontré Lavrov." &&
	add zh en "习近平会见了普京。" "Xi Jinping met Putin." &&
	add zh fr "习近平在北京发表讲话。" "Xi Jinping a parlé à Pékin."
}
check "a small memory is built with alinea add" case_build_memory

case_memory_first() {
	alinea names --to fr,en,ru --format json Путин >out || return 1
	contains '"fr": [{"text": "Poutine", "source": "memory", "count": 3, "unit": 1}, {"text": "Poutine", "source": "rules"}]' out &&
	contains '"en": [{"text": "Putin", "source": "memory", "count": 3, "unit": 1}, {"text": "Putin", "source": "rules"}]' out &&
	contains '"ru": [{"text": "Путин", "source": "memory", "count": 1, "unit": 3}' out
}
check "memory forms come first with their counts and first unit" case_memory_first

case_memory_spelling_wins() {
	alinea names --to en --format json "Sergueï Lavrov" >out || return 1
	contains '"en": [{"text": "Sergey Lavrov", "source": "memory", "count": 1, "unit": 2}, {"text": "Sergei Lavrov", "source": "rules"}]' out
}
check "the memory's spelling comes before the rules' one" case_memory_spelling_wins

case_chinese_from_memory() {
	alinea names --to zh --format json "Xi Jinping" >out || return 1
	contains '"zh": [{"text": "习近平", "source": "memory", "count": 2, "unit": 4}]' out &&
	alinea names --to zh --format json Putin >out2 &&
	contains '{"text": "普京", "source": "memory", "count": 1, "unit": 4}' out2
}
check "Chinese variants give the names that agree with the other variants" case_chinese_from_memory

case_titles_left_out() {
	alinea names --to en --format json Путин >out || return 1
	lacks '"Mr. Putin"' out && lacks '"Mr Putin"' out &&
	alinea names --to fr --format json "Vladimir Poutine" >out2 &&
	contains '{"text": "Vladimir Poutine", "source": "memory", "count": 1, "unit": 1}' out2 &&
	lacks '"Le président' out2
}
check "titles are not part of the names found" case_titles_left_out

case_text_output() {
	alinea names --to fr Путин >out || return 1
	contains "memory: seen 3 times, e.g. unit 1" out &&
	contains "rules" out
}
check "the text table says how often a form was seen" case_text_output

case_batch_with_memory() {
	printf '%s\n' '{"text": "Путин"}' '{"text": "习近平"}' |
		alinea names --batch --to fr >out || return 1
	[ "$(wc -l <out)" -eq 2 ] &&
	sed -n 1p out | grep -qF '"source": "memory", "count": 3' &&
	sed -n 2p out | grep -qF '"Xi Jinping", "source": "memory"'
}
check "--batch uses the memory too" case_batch_with_memory

case_not_a_memory() {
	printf 'this is not a database\n' >bad.db
	ALINEA_MEMORY=$WORK/bad.db alinea names Путин >out 2>err
	[ $? -eq 1 ] && [ ! -s out ] && contains "error" err
}
check "a file that is no memory fails with exit 1 and prints nothing" case_not_a_memory

case_demo_pair() {
	demo=$SRC/tests/data/demo
	fr=$(sed -n 3p "$demo/report.fr.txt" | sed 's/\. .*/./')
	en=$(sed -n 3p "$demo/report.en.txt" | sed 's/\. .*/./')
	ALINEA_MEMORY=$WORK/demo.db alinea add -s fr -t en "$fr" "$en" >/dev/null &&
	ALINEA_MEMORY=$WORK/demo.db alinea names --to en --format json Poutine >out &&
	contains '{"text": "Putin", "source": "memory", "count": 1, "unit": 1}' out
}
check "a sentence pair of the demo report gives its names" case_demo_pair

case_inflections_merged() {
	export ALINEA_MEMORY=$WORK/infl.db
	add ru en "Визит президента Путина начался вчера." "President Putin's visit began yesterday." &&
	add ru de "Президент Путин прибыл в Пекин." "Präsident Putin traf in Peking ein." &&
	alinea names --to ru --format json Путин >out || return 1
	contains '"ru": [{"text": "Путин", "source": "memory", "count": 2, "unit": 1}, {"text": "Путин", "source": "rules"}]' out
}
check "inflected forms (Путина) count for their base form and are not listed" case_inflections_merged

case_cases_folded() {
	export ALINEA_MEMORY=$WORK/cases.db
	add ru en "Лавров встретился с Владимиром Путиным." "Lavrov met Vladimir Putin." &&
	add ru fr "Газеты писали о Путине." "Les journaux ont écrit sur Poutine." &&
	add ru en "Сергею Лаврову позвонил президент." "The president called Sergei Lavrov." &&
	alinea names --to ru --format json Путин >out || return 1
	contains '"ru": [{"text": "Путин", "source": "memory", "count": 2, "unit": 1}, {"text": "Путин", "source": "rules"}]' out &&
	alinea names --to ru --format json "Сергей Лавров" >out &&
	contains '"ru": [{"text": "Сергей Лавров", "source": "memory", "count": 1, "unit": 3}' out &&
	alinea names --to ru --format json "Владимир Путин" >out &&
	contains '"ru": [{"text": "Владимир Путин", "source": "memory", "count": 1, "unit": 1}' out
}
check "instrumental, dative, prepositional forms are indexed in the nominative" case_cases_folded

case_aligned_demo() {
	export ALINEA_MEMORY=$WORK/aligned.db
	alinea align --store "$SRC/tests/data/demo/report.fr.txt" \
		"$SRC/tests/data/demo/report.en.txt" >/dev/null || return 1
	alinea names --to fr,en --format json Путин >out &&
	grep -qE '"fr": \[\{"text": "Poutine", "source": "memory", "count": [1-9]' out &&
	grep -qE '"en": \[\{"text": "Putin", "source": "memory", "count": [1-9]' out &&
	alinea names --to en --format json "Sergueï Lavrov" >out2 &&
	grep -qE '"en": \[\{"text": "Sergey Lavrov", "source": "memory"' out2 &&
	alinea names --to en --format json Pékin >out3 &&
	grep -qE '"en": \[\{"text": "Beijing", "source": "memory"' out3 || {
		cat out out2 out3
		return 1
	}
}
check "names found in a memory built by aligning the demo report" case_aligned_demo

done_testing
