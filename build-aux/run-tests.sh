#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The README's test command: installs what is missing, builds, and runs every test suite —
# once in a normal build (warnings are errors), once more for the core, the CLI and the hive
# reader under AddressSanitizer and UndefinedBehaviorSanitizer, and the Windows build of
# blaster-scan under Wine. Ends with the line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

build-aux/deps.sh test || exit 1

fail() { echo "run-tests: $*" >&2; echo "0 passed, 1 failed"; exit 1; }

setup() { # DIR ARGS…: configure DIR once, reconfigure when it exists
  local dir=$1; shift
  if [[ -f $dir/build.ninja ]]; then
    meson setup --reconfigure "$dir" "$@" >/dev/null
  else
    meson setup "$dir" "$@"
  fi
}

setup build --werror || fail "meson setup failed"
meson compile -C build || fail "the build failed"
setup build-asan -Dgui=false -Db_sanitize=address,undefined -Db_lundef=false --werror \
  || fail "meson setup of the sanitizer build failed"
meson compile -C build-asan || fail "the sanitizer build failed"
setup build-win --cross-file build-aux/mingw-w64-x86_64.txt --werror \
  || fail "meson setup of the Windows cross build failed"
meson compile -C build-win || fail "the Windows cross build failed"

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
meson test -C build --print-errorlogs --num-processes 2
meson test -C build-asan --print-errorlogs --num-processes 2 --suite core --suite cli --suite hive
meson test -C build-win --print-errorlogs # blaster-scan.exe under Wine

# meson's own summary is not read by CI: count the results of both runs here.
python3 build-aux/count-tests.py build/meson-logs/testlog.json build-asan/meson-logs/testlog.json \
  build-win/meson-logs/testlog.json
