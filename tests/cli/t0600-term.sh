# SPDX-License-Identifier: MIT
# Terminology: concord (text, json, accents, word boundaries, --stem,
# Chinese substrings), the glossary (add, list, remove, TBX and CSV
# import and export) and term extract, on a small memory built here.
. "$(dirname "$0")/lib.sh"

export ALINEA_MEMORY=$WORK/memory.db

add() {
	alinea add -s "$1" -t "$2" -- "$3" "$4" >/dev/null
}

build_memory() {
	add fr en "Le Conseil de sécurité se réunit demain à New York." \
		"The Security Council meets tomorrow in New York." &&
	add fr en "Le conseil de sécurité a adopté la résolution sans vote." \
		"The Security Council adopted the resolution without a vote." &&
	add fr en "La résolution du Conseil de sécurité reste lettre morte." \
		"The resolution of the Security Council remains a dead letter." &&
	add fr en "La maison du gardien est fermée le lundi." \
		"The keeper's house is closed on Mondays." &&
	add fr en "Nous avons repeint la maison avant l'hiver." \
		"We repainted the house before the winter." &&
	add fr en "Sa maison donne sur le port." \
		"Her house looks onto the harbour." &&
	add fr en "Une maison sans jardin se vend mal." \
		"A house without a garden sells badly." &&
	add fr en "L'artiste expose au musée du port." \
		"The artist is showing at the harbour museum." &&
	add fr en "Le forum des nouvelles routes de la soie s'ouvre lundi." \
		"The Belt and Road Forum opens on Monday." &&
	add fr en "Les délégués du forum des nouvelles routes de la soie sont arrivés." \
		"The delegates of the Belt and Road Forum have arrived." &&
	add fr en "Le jardin du musée est fleuri." \
		"The museum garden is in bloom." &&
	add fr en "Les nouvelles routes traversent la vallée." \
		"The new roads cross the valley." &&
	add fr en "Cette route mène au port." \
		"This road leads to the harbour." &&
	add zh en "一带一路论坛今天开幕。" "The Belt and Road Forum opens today." &&
	add zh en "论坛的代表已经到达。" "The delegates to the forum have arrived."
}

case_missing_memory() {
	expect_exit 1 alinea concord -s fr -t en maison 2>err || return 1
	contains "does not exist" err && contains "hint:" err &&
	[ ! -e "$ALINEA_MEMORY" ]
}
check "concord on a missing memory fails with a hint and creates nothing" case_missing_memory

check "a small memory is built with alinea add" build_memory

case_help() {
	alinea concord --help >out && contains "usage: alinea concord" out &&
	alinea term --help >out && contains "alinea term extract" out &&
	alinea help term >out && contains "alinea term add" out
}
check "concord and term print their usage with --help" case_help

case_usage() {
	expect_exit 2 alinea concord -t en maison 2>err &&
	contains "see 'alinea concord --help'" err &&
	expect_exit 2 alinea concord -s fr -t en 2>err &&
	contains "no expression" err &&
	expect_exit 2 alinea concord -s fr -t en --limit x maison 2>err &&
	contains "--limit" err &&
	expect_exit 2 alinea concord -s fr -t en --format xml maison 2>err &&
	contains "unknown format 'xml'" err &&
	expect_exit 2 alinea concord -s fr -t en maison jardin 2>/dev/null &&
	expect_exit 2 alinea concord -s fr -t en " " 2>err &&
	contains "no expression" err &&
	expect_exit 2 alinea concord -s "f r" -t en maison 2>err &&
	contains "invalid language tag 'f r'" err &&
	expect_exit 2 alinea term list -t "e n" 2>/dev/null &&
	expect_exit 2 alinea term 2>err && contains "missing subcommand" err &&
	expect_exit 2 alinea term frobnicate 2>err &&
	contains "unknown subcommand 'frobnicate'" err &&
	expect_exit 2 alinea term add -s fr -t en seul 2>/dev/null &&
	expect_exit 2 alinea term remove abc 2>/dev/null &&
	expect_exit 2 alinea term extract -s fr 2>/dev/null &&
	expect_exit 2 alinea term extract -s fr -t en --min-count 0 2>/dev/null
}
check "misuse exits 2 with one line and a pointer to --help" case_usage

case_concord_text() {
	alinea concord -s fr -t en "conseil de sécurité" >out || return 1
	contains "'conseil de sécurité': 3 hits" out &&
	grep -qE '^ +3  security council$' out &&
	contains "en: The [Security Council] meets tomorrow in New York." out &&
	contains "fr: Le [Conseil de sécurité] se réunit demain" out
}
check "concord sums up the translation and marks the span" case_concord_text

case_concord_json() {
	alinea concord -s fr -t en --format json "maison" >out || return 1
	python3 - out <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert list(r) == ["query", "translations", "hits"], r
assert r["query"] == "maison", r
assert r["translations"][0] == {"text": "house", "count": 4}, r
assert len(r["hits"]) == 4, r
for h in r["hits"]:
    assert set(h) == {"unit", "source", "target", "span"}, h
    s, e = h["span"]
    assert h["target"][s:e] == "house", h
assert [h["unit"] for h in r["hits"]] == sorted(h["unit"] for h in r["hits"])
PY
}
check "concord --format json: exact keys, spans in characters" case_concord_json

case_accents() {
	alinea concord -s fr -t en --format json "CONSEIL DE SECURITE" >out &&
	python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
assert len(r["hits"]) == 3 and r["translations"][0]["text"] == "security council", r' out
}
check "case and accents are ignored" case_accents

case_boundaries() {
	alinea concord -s fr -t en --format json "art" >out &&
	python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
assert r["hits"] == [] and r["translations"] == [], r' out &&
	alinea concord -s fr -t en "art" >out && contains "no unit holds 'art'" out
}
check "words match whole: 'art' does not find 'artiste'" case_boundaries

case_limit() {
	alinea concord -s fr -t en --limit 1 maison >out || return 1
	contains "'maison': 4 hits" out && contains "(3 more hits" out &&
	[ "$(grep -c '^  unit ' out)" -eq 1 ]
}
check "--limit shows fewer hits but counts them all" case_limit

case_stem() {
	alinea concord -s fr -t en --format json "route" >plain &&
	alinea concord -s fr -t en --stem --format json "route" >stem &&
	python3 - plain stem <<'PY'
import json, sys
plain = json.load(open(sys.argv[1]))
stem = json.load(open(sys.argv[2]))
assert len(plain["hits"]) == 1, plain
assert len(stem["hits"]) == 4, stem
PY
}
check "--stem also finds the inflected forms" case_stem

case_chinese() {
	alinea concord -s zh -t en --format json "论坛" >out &&
	python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
assert len(r["hits"]) == 2, r
assert r["translations"][0]["text"] == "forum", r' out
}
check "Chinese is searched as a substring" case_chinese

case_term_add() {
	alinea term add -s fr -t en --domain politique --note "usage ONU" \
		"forum des nouvelles routes de la soie" "Belt and Road Forum" >out &&
	contains "added glossary entry 1" out &&
	alinea term add -s fr -t en maison home >/dev/null &&
	expect_exit 1 alinea term add -s fr -t en maison home 2>err &&
	contains "already has 'maison' = 'home'" err &&
	expect_exit 1 alinea term add -s fr -t en " " home 2>err &&
	contains "empty" err &&
	alinea term list >out &&
	contains "fr: forum des nouvelles routes de la soie  =  en: Belt and Road Forum  [politique]  (usage ONU)" out &&
	alinea term list --format tsv >out &&
	[ "$(wc -l <out)" -eq 2 ]
}
check "term add stores entries once; term list shows them" case_term_add

case_glossary_first() {
	alinea concord -s fr -t en --format json maison >out || return 1
	python3 - out <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
t = r["translations"]
assert t[0] == {"text": "home", "count": 0, "glossary": True}, t
assert t[1]["text"] == "house" and t[1]["count"] == 4, t
PY
	alinea concord -s fr -t en --format json \
		"Forum des nouvelles routes de la soie" >out || return 1
	python3 - out <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
t = r["translations"]
assert t[0] == {"text": "belt and road forum", "count": 2, "glossary": True}, t
for h in r["hits"]:
    assert h.get("glossary") is True, h
    s, e = h["span"]
    assert h["target"][s:e] == "Belt and Road Forum", h
PY
	alinea concord -s fr -t en maison >out && contains "home  (glossary)" out
}
check "glossary entries come first and win over the model" case_glossary_first

case_tbx_roundtrip() {
	alinea term export -s fr -t en glossary.tbx 2>err || return 1
	contains "wrote 2 glossary entries to 'glossary.tbx'" err &&
	xmllint --noout glossary.tbx &&
	[ "$(xmllint --xpath 'string(/martif/@type)' glossary.tbx)" = "TBX-Basic" ] &&
	[ "$(xmllint --xpath 'count(//termEntry)' glossary.tbx)" = "2" ] &&
	[ "$(xmllint --xpath 'string(//termEntry[descrip="politique"]/langSet[@xml:lang="en"]/tig/term)' glossary.tbx)" = "Belt and Road Forum" ] &&
	expect_exit 1 alinea term export -s fr -t en glossary.tbx 2>err &&
	contains "already exists" err && contains "--force" err &&
	alinea term export -s fr -t en --force glossary.tbx 2>/dev/null &&
	ALINEA_MEMORY=$WORK/other.db alinea term import glossary.tbx >out &&
	contains "imported 2 glossary entries" out &&
	ALINEA_MEMORY=$WORK/other.db alinea term list --format tsv | cut -f2- >a &&
	alinea term list --format tsv | cut -f2- >b && diff -u b a &&
	ALINEA_MEMORY=$WORK/other.db alinea term import glossary.tbx >out &&
	contains "imported 0 glossary entries (2 already there)" out
}
check "TBX-Basic export is well-formed martif and imports back" case_tbx_roundtrip

case_csv() {
	alinea term export -s fr -t en glossary.csv 2>/dev/null &&
	head -1 glossary.csv | grep -q '^fr,en,note,domain' &&
	grep -q '^maison,home,,' glossary.csv &&
	printf 'fr,en,note\r\nchemin de fer,railway,"a ""quoted"", note"\r\n' >in.csv &&
	alinea term import in.csv >out && contains "imported 1 glossary entry" out &&
	alinea term list --format json >out &&
	python3 -c '
import json, sys
e = [x for x in json.load(open(sys.argv[1])) if x["source"] == "chemin de fer"]
assert e and e[0]["note"] == "a \"quoted\", note" and e[0]["target"] == "railway", e' out
}
check "CSV export and import, with quoted fields" case_csv

case_bad_imports() {
	alinea term list --format tsv >before &&
	printf 'fr,en\r\nvoie,track\r\nseul\r\n' >bad.csv &&
	expect_exit 1 alinea term import bad.csv 2>err &&
	contains "bad.csv:3: a line needs a source and a target term" err &&
	contains "nothing was imported" err &&
	printf 'source,target\r\nvoie,track\r\n' >nohead.csv &&
	expect_exit 1 alinea term import nohead.csv 2>err &&
	contains "must name the two languages" err && contains "hint:" err &&
	printf '<martif type="TBX-Basic"><text><body><termEntry>' >bad.tbx &&
	expect_exit 1 alinea term import bad.tbx 2>err &&
	contains "bad.tbx:1:" err && contains "malformed XML" err &&
	printf '<glossary/>' >other.tbx &&
	expect_exit 1 alinea term import other.tbx 2>err &&
	contains "not a TBX file" err &&
	expect_exit 1 alinea term import missing.csv 2>err &&
	contains "cannot read 'missing.csv'" err &&
	expect_exit 2 alinea term import glossary.txt 2>err &&
	contains "cannot tell the format" err &&
	alinea term list --format tsv >after && diff -u before after
}
check "a bad glossary file is reported with its line and changes nothing" case_bad_imports

case_remove() {
	id=$(alinea term list --format tsv | awk -F'\t' '$3 == "maison" {print $1}')
	[ -n "$id" ] || return 1
	expect_exit 1 alinea term remove "$id" 9999 2>err &&
	contains "no entry 9999" err && contains "nothing was removed" err &&
	alinea term list --format tsv | grep -q "	maison	" &&
	alinea term remove "$id" >out && contains "removed 1 glossary entry" out &&
	! alinea term list --format tsv | grep -q "	maison	"
}
check "term remove deletes entries, all or none" case_remove

case_extract() {
	alinea term extract -s fr -t en --min-count 2 >out || return 1
	grep -qE '^ +3 +[0-9.]+  Conseil de sécurité  =  Security Council$' out &&
	grep -qE 'forum des nouvelles routes de la soie  =  Belt and Road Forum$' out &&
	alinea term extract -s fr -t en --min-count 2 --format json >out &&
	python3 - out <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
top = [x for x in c if x["target"] == "Security Council"]
assert top and top[0]["count"] == 3 and top[0]["source_count"] == 3, c
assert top[0]["example"]["unit"] >= 1 and "curit" in top[0]["example"]["source"], c
for x in c:
    w = x["source"].lower().split()
    assert w[0] not in ("le", "la", "de", "des") and w[-1] not in ("de", "la"), x
PY
	alinea term extract -s fr -t en --min-count 2 --format tbx >out.tbx &&
	xmllint --noout out.tbx &&
	[ "$(xmllint --xpath 'count(//termEntry)' out.tbx)" -ge 2 ] &&
	alinea term extract -s fr -t en --min-count 9 >out 2>err &&
	contains "no candidate" err
}
check "term extract pairs recurring expressions by association" case_extract

# Points ALINEA_MEMORY at a new memory $WORK/$1.db holding one unit and
# the glossary entry "comité de suivi" (noted "usage maison") that the
# lookup and pretranslate tests look for.
glossary_memory() {
	export ALINEA_MEMORY=$WORK/$1.db
	alinea add -s fr -t en "Le comité de suivi se réunit demain." \
		"The monitoring committee meets tomorrow." >/dev/null &&
	alinea term add -s fr -t en --note "usage maison" "comité de suivi" \
		"monitoring committee" >/dev/null
}

case_lookup_shows_glossary() {
	glossary_memory glossary-lookup || return 1
	alinea lookup -s fr -t en "Le comité de suivi se réunit lundi." >out || return 1
	# The glossary line comes before the first match.
	[ "$(head -n1 out)" = "glossary  comité de suivi → monitoring committee  (usage maison)" ] ||
		{ cat out; return 1; }
	contains "The monitoring committee meets tomorrow." out &&
	alinea lookup -s fr -t en --format json "Un comité de suivi." >json &&
	python3 - json <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["glossary"] == [{"id": r["glossary"][0]["id"], "source": "comité de suivi",
                          "target": "monitoring committee", "note": "usage maison"}], r
PY
	alinea lookup -s fr -t en --format json "Rien à voir." >json &&
	python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["glossary"] == []' json
}
check "lookup shows glossary entries first, marked as such" case_lookup_shows_glossary

case_pretranslate_shows_glossary() {
	glossary_memory glossary-pretranslate &&
	alinea term add -s fr -t en "comité" "committee" >/dev/null &&
	alinea term add -s fr -t en "R&D" "R<D>" >/dev/null || return 1
	printf '%s\n' "Le comité de suivi se réunit lundi." \
		"La R&D du comité avance." "Rien à voir ici." >job.txt
	alinea pretranslate -s fr -t en --lines job.txt -o out.tsv 2>err || return 1
	contains "3 sentences, 1 with a match, 2 with glossary entries" err &&
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' source target score unit origin glossary \
		"Le comité de suivi se réunit lundi." \
		"The monitoring committee meets tomorrow." 85 1 "" \
		"comité de suivi → monitoring committee | comité → committee" \
		"La R&D du comité avance." "" "" "" "" \
		"R&D → R<D> | comité → committee" \
		"Rien à voir ici." "" "" "" "" "" >want.tsv &&
	# The score depends on the fuzzy scorer, not on this feature.
	sed -E '2s/\t[0-9]+\t1\t/\t85\t1\t/' out.tsv >got.tsv &&
	diff -u want.tsv got.tsv || return 1
	alinea pretranslate -s fr -t en --lines job.txt -o out.xlf 2>/dev/null &&
	xmllint --noout out.xlf &&
	python3 - out.xlf <<'PY'
import sys
import xml.etree.ElementTree as ET
NS = "{urn:oasis:names:tc:xliff:document:1.2}"
# What XLIFF 1.2 (strict schema) allows where we write.
ALT_ATTRS = {"match-quality", "tool-id", "crc", "origin", "datatype",
             "restype", "resname", "extradata", "extype", "help-id", "menu",
             "menu-option", "menu-name", "mid", "coord", "font", "css-style",
             "style", "exstyle", "phase-name", "alttranstype"}
ALT_TYPES = {"proposal", "previous-version", "rejected", "reference",
             "accepted"}
units = ET.parse(sys.argv[1]).getroot().findall(f".//{NS}trans-unit")
assert len(units) == 3, units
def check(tu):
    kids = [k.tag[len(NS):] for k in tu]
    assert kids[0] == "source", kids
    rest = kids[2:] if kids[1:2] == ["target"] else kids[1:]
    assert set(rest) <= {"alt-trans", "note", "context-group",
                         "count-group"}, kids
    out = []
    for a in tu.findall(f"{NS}alt-trans"):
        assert set(a.attrib) <= ALT_ATTRS, a.attrib
        assert a.get("alttranstype", "proposal") in ALT_TYPES, a.attrib
        order = [k.tag[len(NS):] for k in a]
        assert order[:2] == ["source", "target"], order
        assert set(order[2:]) <= {"note"}, order
        note = a.find(f"{NS}note")
        out.append((a.get("origin"), a.get("alttranstype"),
                    a.find(f"{NS}source").text, a.find(f"{NS}target").text,
                    note.text if note is not None else None))
    return out
got = check(units[0])
assert got[:2] == [
    ("glossary", "reference", "comité de suivi", "monitoring committee",
     "usage maison"),
    ("glossary", "reference", "comité", "committee", None)], got
assert len(got) == 3 and got[2][0] != "glossary" and got[2][1] is None, got
assert units[0].find(f"{NS}target").text == \
    "The monitoring committee meets tomorrow.", units[0]
got = check(units[1])
assert got == [("glossary", "reference", "R&D", "R<D>", None),
               ("glossary", "reference", "comité", "committee", None)], got
assert units[1].find(f"{NS}target") is None
assert check(units[2]) == []
PY
}
check "pretranslate puts glossary entries first, marked, in TSV and XLIFF" case_pretranslate_shows_glossary

done_testing
