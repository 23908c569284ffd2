#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The demo: installs what is missing, builds alinea in build/, and runs
# each capability on the sample report in tests/data/demo/ against the
# default memory, saying what to look at.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tests/setup.sh
if [ ! -f build/build.ninja ]; then
	meson setup build >/dev/null
fi
meson compile -C build >/dev/null
alinea=build/src/cli/alinea
demo=tests/data/demo

step() {
	printf '\n\033[1m== %s\033[0m\n$ %s\n' "$1" "${*:2}"
	"${@:2}"
}

step "What alinea can do" $alinea --help
echo
echo "Look at: the commands above; 'alinea help COMMAND' explains each one."
echo "The sample report is in $demo/ (French original, English version)."

step "Sentences of the French report (text, any encoding, HTML, DOCX, ODT)" \
	$alinea segment -l fr $demo/report.fr.txt
echo
echo "Look at: one sentence per line, a blank line between paragraphs;"
echo "'M.', '9 h 30' and « … » with inner punctuation do not cut sentences."

step "Align the French report with its English version" \
	$alinea align --format indices $demo/report.fr.txt $demo/report.en.txt
echo
echo "Look at: [9]:[] is the French sentence the English leaves out,"
echo "[40]:[39, 40] the one it splits in two; the last number is the"
echo "confidence (calibrated: see align/README.md)."

step "Keep the aligned report in the memory" \
	$alinea align --store $demo/report.fr.txt $demo/report.en.txt

# The memory: store sentence pairs, then look up, analyze and pretranslate.
step "Store two sentence pairs of the report in the memory" \
	$alinea add -s fr -t en -d "$demo/report.fr.txt" \
	"Le président russe Vladimir Poutine est arrivé à Pékin le 17 octobre 2023 pour participer au troisième forum des nouvelles routes de la soie, organisé par son homologue chinois Xi Jinping." \
	"Russian President Vladimir Putin arrived in Beijing on October 17, 2023 to attend the third Belt and Road Forum, hosted by his Chinese counterpart Xi Jinping."
$alinea add -s fr -t en -d "$demo/report.fr.txt" \
	"Il s'agit de son premier déplacement hors de l'ancien espace soviétique depuis le début de l'année." \
	"It is his first trip outside the former Soviet Union since the beginning of the year." >/dev/null
echo "Look at: the unit id; adding the same pair again keeps one unit."

step "Look up a sentence that differs by a date and a word" \
	$alinea lookup -s fr -t en "Le président russe Vladimir Poutine est arrivé à Moscou le 18 octobre 2023 pour participer au troisième forum des nouvelles routes de la soie, organisé par son homologue chinois Xi Jinping."
echo "Look at: the percentage, [-removed-] and {+added+} words, and the English translation."

printf '%s\n' \
	"Il s'agit de son premier déplacement hors de l'ancien espace soviétique depuis le début de l'année." \
	"Il s'agit de son second déplacement hors de l'ancien espace soviétique depuis le début de l'année." \
	"Une phrase que la mémoire ne connaît pas encore." >"${TMPDIR:-/tmp}/alinea-demo-job.txt"
step "Analyze a new text against the memory" \
	$alinea analyze -s fr -t en "${TMPDIR:-/tmp}/alinea-demo-job.txt"
echo "Look at: sentences and words per match band, as a CAT tool quotes a job."

step "Pretranslate it as XLIFF 1.2" \
	$alinea pretranslate -s fr -t en --force "${TMPDIR:-/tmp}/alinea-demo-job.txt" \
	-o "${TMPDIR:-/tmp}/alinea-demo-job.xlf"
echo "Look at: ${TMPDIR:-/tmp}/alinea-demo-job.xlf opens in a CAT tool with the matches filled in."

step "Import a TMX memory written by another tool" \
	$alinea import tests/data/tmx/inline-all.tmx tests/data/tmx/euramis.tmx
echo
echo "Look at: the counts per file; inline codes (<bpt>, <ph>) are kept."
step "Export the memory as TMX 1.4b" \
	$alinea export --force -l en,de -o "${TMPDIR:-/tmp}/alinea-demo.tmx"
head -12 "${TMPDIR:-/tmp}/alinea-demo.tmx"
echo
echo "Look at: the header, tuid and creationdate, the inline codes written back."
# Terminology: how a term was translated, the glossary, term candidates.
$alinea add -s fr -t en -d "$demo/report.fr.txt" \
	"La guerre en Ukraine a inévitablement pesé sur les travaux du forum des nouvelles routes de la soie." \
	"The war in Ukraine inevitably weighed on the proceedings of the Belt and Road Forum." >/dev/null
$alinea add -s fr -t en -d "$demo/report.fr.txt" \
	"Pour la Russie, le forum des nouvelles routes de la soie est avant tout une tribune permettant de démontrer qu'elle n'est pas isolée sur la scène internationale." \
	"For Russia, the Belt and Road Forum is above all a platform to show that it is not isolated on the international stage." >/dev/null
$alinea add -s fr -t en -d "$demo/report.fr.txt" \
	"Le prochain forum des nouvelles routes de la soie pourrait se tenir en 2025, a indiqué un responsable chinois." \
	"The next Belt and Road Forum could take place in 2025, a Chinese official said." >/dev/null
step "How was « forum des nouvelles routes de la soie » translated?" \
	$alinea concord -s fr -t en "Forum des nouvelles routes de la soie"
echo "Look at: the translations found with their counts, and the span marked in each English sentence."

step "The same, for a program" \
	$alinea concord -s fr -t en --limit 1 --format json "forum des nouvelles routes de la soie"
echo "Look at: \"span\" counts characters of \"target\"."

$alinea term remove $($alinea term list --format tsv -s fr -t en |
	awk -F'\t' '$3 == "nouvelles routes de la soie" {print $1}') >/dev/null 2>&1 || true
step "Add a glossary entry; concord now shows it first" \
	$alinea term add -s fr -t en --domain "relations internationales" \
	"nouvelles routes de la soie" "Belt and Road"
$alinea concord -s fr -t en --limit 1 "nouvelles routes de la soie"
echo "Look at: the glossary translation comes first and wins in the hits."

step "Export the glossary as TBX-Basic" $alinea term export -s fr -t en -
echo "Look at: a martif document that CAT tools import; 'term import' reads it back."

step "Term candidates mined from the memory" \
	$alinea term extract -s fr -t en --min-count 2
echo "Look at: recurring expressions paired with their translation, with counts and an example."

step "What the memory holds" $alinea stats
step "Names across scripts" $alinea names Путин
echo
echo "Look at: Putin in English and German, Poutine in French; the forms the"
echo "memory's units hold come first with how often they were seen, then the"
echo "rules' forms (the command needs no memory: the rules alone answer)."
step "A French spelling finds the others" $alinea names --to ru,en,de "Sergueï Lavrov"
step "Chinese names in pinyin, official layout" $alinea names --to en --format json 陈敏尔

