#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The README's test command: installs what is missing, builds, and runs every test suite —
# once in a normal build (warnings are errors), once more for the core, the CLI, the hive
# reader and the removal under AddressSanitizer and UndefinedBehaviorSanitizer, and both Windows
# builds of blaster-scan (64-bit, and 32-bit for Windows XP) under Wine, each also checked for
# what Windows XP would refuse to load (tests/xp). Ends with the line "N passed, N failed".
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

setup build --werror -Dtests=true || fail "meson setup failed"
meson compile -C build || fail "the build failed"
setup build-asan -Dtests=true -Dgui=false -Db_sanitize=address,undefined -Db_lundef=false --werror \
  || fail "meson setup of the sanitizer build failed"
meson compile -C build-asan || fail "the sanitizer build failed"
setup build-win -Dtests=true --cross-file build-aux/mingw-w64-x86_64.txt --werror \
  || fail "meson setup of the Windows cross build failed"
meson compile -C build-win || fail "the Windows cross build failed"

# 32-bit Wine is opt-in (build-aux/deps.sh wine32 says why). A Wine prefix made before it was
# installed has no 32-bit Windows in it (syswow64), and every 32-bit .exe fails there with
# "could not load kernel32.dll": an out-of-date timestamp makes Wine add it (~20 s, once).
has_wine32=false
if [[ $(dpkg-query -W -f='${Status}' wine32:i386 2>/dev/null) == "install ok installed" ]]; then
  has_wine32=true
  wine_prefix=${WINEPREFIX:-$HOME/.wine}
  if grep -qs '^#arch=win64' "$wine_prefix/system.reg" \
      && [[ ! -e $wine_prefix/drive_c/windows/syswow64/kernel32.dll ]]; then
    echo "run-tests: adding 32-bit Windows to the Wine prefix $wine_prefix (made before wine32)"
    echo 0 >"$wine_prefix/.update-timestamp"
    WINEDEBUG=-all wine cmd /c exit >/dev/null 2>&1 || true
    wineserver -w || true
  fi
fi
setup build-win32 -Dtests=true --cross-file build-aux/mingw-w64-i686.txt --werror \
  || fail "meson setup of the 32-bit Windows (XP) cross build failed"
meson compile -C build-win32 || fail "the 32-bit Windows (XP) cross build failed"

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
meson test -C build --print-errorlogs --num-processes 2
meson test -C build-asan --print-errorlogs --num-processes 2 --suite core --suite cli --suite hive \
  --suite cli-text --suite remove --suite image
meson test -C build-win --print-errorlogs # blaster-scan.exe under Wine, and its XP check
if $has_wine32; then
  meson test -C build-win32 --print-errorlogs # the same for the 32-bit .exe, the one for XP
else
  echo "run-tests: 32-bit Wine is not installed (build-aux/deps.sh wine32 adds it): the 32-bit"
  echo "run-tests: blaster-scan.exe is built and checked for Windows XP (suite xp), not run."
  meson test -C build-win32 --print-errorlogs --suite xp
fi

# meson's own summary is not read by CI: count the results of every run here.
python3 build-aux/count-tests.py build/meson-logs/testlog.json build-asan/meson-logs/testlog.json \
  build-win/meson-logs/testlog.json build-win32/meson-logs/testlog.json
