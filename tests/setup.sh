#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs what building and testing alinea needs on Debian 12, as root
# (or through sudo), and generates the locales the tests use. Quick and
# silent when everything is already there.
set -euo pipefail

packages=(
	build-essential meson ninja-build pkg-config gettext locales
	libicu-dev icu-devtools libsqlite3-dev sqlite3 libxml2-dev libxml2-utils
	libzip-dev libstemmer-dev check libsubunit-dev
	clang clang-format valgrind python3 time
	zlib1g-dev
	dict-freedict-eng-fra dict-freedict-fra-eng dict-freedict-deu-eng
	dict-freedict-eng-deu dict-freedict-fra-deu dict-freedict-deu-fra
	dict-freedict-eng-rus dict-freedict-eng-spa dict-freedict-spa-eng
	dict-freedict-ita-eng dict-freedict-eng-ita dict-freedict-nld-eng
)

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done

sudo=
if [ "$(id -u)" -ne 0 ]; then
	sudo=sudo
fi

if [ ${#missing[@]} -gt 0 ]; then
	echo "setup: installing ${missing[*]}" >&2
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
		--no-install-recommends "${missing[@]}" >/dev/null
fi

# The tests check French messages and use a few UTF-8 locales.
want_locales=(fr_FR.UTF-8 en_US.UTF-8)
for l in "${want_locales[@]}"; do
	if ! locale -a 2>/dev/null | grep -qix "${l/UTF-8/utf8}"; then
		echo "setup: generating the $l locale" >&2
		$sudo localedef -i "${l%%.*}" -f UTF-8 "$l"
	fi
done
