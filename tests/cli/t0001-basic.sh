# SPDX-License-Identifier: MIT
# The program's frame: help, version, command table, exit codes, --memory.
. "$(dirname "$0")/lib.sh"

case_help() {
	alinea --help >out || return 1
	contains "usage: alinea" out &&
	contains "  align " out &&
	contains "  segment " out &&
	contains "--memory PATH" out
}
check "--help prints usage on stdout and exits 0" case_help

case_commands_sorted() {
	alinea --help | sed -n '/^Commands:/,/^$/p' | awk 'NF>1 {print $1}' >names
	sort -c names
}
check "the command table is listed in sorted order" case_commands_sorted

case_version() {
	alinea --version >out || return 1
	grep -qE '^alinea [0-9]+\.[0-9]+\.[0-9]+$' out
}
check "--version prints the version" case_version

case_unknown() {
	expect_exit 2 alinea algn 2>err || return 1
	contains "unknown command 'algn'; did you mean 'align'?" err &&
	[ "$(wc -l <err)" -eq 1 ]
}
check "an unknown command gets one line with the closest name" case_unknown

case_unknown_prefix() {
	expect_exit 2 alinea seg 2>err && contains "did you mean 'segment'?" err
}
check "a prefix suggests the command it starts" case_unknown_prefix

case_help_cmd() {
	alinea help help >out && contains "usage: alinea" out
}
check "help help shows the main usage" case_help_cmd

case_help_unknown() {
	expect_exit 2 alinea help nosuch 2>err && contains "unknown command 'nosuch'" err
}
check "help on an unknown command is a usage error" case_help_unknown

case_no_args() {
	expect_exit 2 alinea >out && contains "usage: alinea" out
}
check "no command prints usage and exits 2" case_no_args

case_bad_option() {
	expect_exit 2 alinea --frobnicate 2>err &&
	contains "unknown option '--frobnicate'" err &&
	contains "see 'alinea --help'" err
}
check "an unknown global option is a usage error" case_bad_option

case_memory_needs_arg() {
	expect_exit 2 alinea --memory 2>err && contains "--memory needs a path" err
}
check "--memory without a path is a usage error" case_memory_needs_arg

case_stdout_full() {
	[ -w /dev/full ] || return 0
	expect_exit 1 alinea --help >/dev/full 2>err &&
	contains "cannot write to standard output" err
}
check "a failed write to stdout is reported" case_stdout_full

done_testing
