#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the Debian packages a task needs, skipping those already present.
#   build-aux/deps.sh wizard   what building and running the wizard needs
#   build-aux/deps.sh test     that, plus what every test suite and benchmark needs
#   build-aux/deps.sh fuzz     that, plus the fuzzer's compiler (tests/fuzz/run-fuzz.sh)
# Runs apt-get directly as root, through sudo otherwise.
set -euo pipefail

build_pkgs=(
  meson ninja-build pkg-config gcc python3 gettext
  libglib2.0-dev libgtk-4-dev libadwaita-1-dev
  libhivex-dev                    # the attached disk's registry hives
  fonts-noto-cjk                  # the wizard speaks Japanese: it needs the glyphs
  libglib2.0-bin                  # glib-compile-schemas: the settings schema, built in build/data
  appstream                       # its gettext ITS rules translate the metainfo at build time
)
test_pkgs=(
  xvfb xauth                      # GUI tests run in a real window on a virtual display
  util-linux                      # setpriv: the unreadable-folder test drops root
  bfs fd-find time                # the walk benchmark compares against bfs, fd and find
  desktop-file-utils              # desktop integration checks (appstreamcli: see build_pkgs)
  poppler-utils                   # pdftoppm: looking at the report's PDF pages
  python3-hivex libhivex-bin reglookup  # tests/hive/make-hive.py: hivex writes hive fixtures, reglookup reads them back
  gcc-mingw-w64-x86-64 wine wine64  # blaster-scan.exe: the Windows cross build, run under Wine
)
fuzz_pkgs=(
  clang llvm                      # tests/fuzz/: libFuzzer (clang's libclang-rt), llvm-symbolizer for its stack traces
)

case "${1:-}" in
  wizard) wanted=("${build_pkgs[@]}") ;;
  test) wanted=("${build_pkgs[@]}" "${test_pkgs[@]}") ;;
  fuzz) wanted=("${build_pkgs[@]}" "${test_pkgs[@]}" "${fuzz_pkgs[@]}") ;;
  *) echo "usage: $0 wizard|test|fuzz" >&2; exit 2 ;;
esac

missing=()
for pkg in "${wanted[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ $status == "install ok installed" ]] || missing+=("$pkg")
done

if ((${#missing[@]} == 0)); then
  echo "deps: all ${#wanted[@]} Debian packages are installed."
  exit 0
fi

if ((EUID == 0)); then
  sudo=()
elif command -v sudo >/dev/null; then
  sudo=(sudo)
else
  echo "deps: missing packages: ${missing[*]}" >&2
  echo "deps: run this as root, or install sudo, so they can be installed." >&2
  exit 1
fi

echo "deps: installing ${#missing[@]} Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q
"${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
echo "deps: done."
