#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The whole test suite from scratch: installs what is missing, builds
# with warnings as errors in build-test/, and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tests/setup.sh
if [ -f build-test/build.ninja ]; then
	meson setup --reconfigure build-test -Dwerror=true
else
	meson setup build-test -Dwerror=true
fi
meson compile -C build-test
meson test -C build-test --print-errorlogs
