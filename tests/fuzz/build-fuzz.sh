#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the libFuzzer targets tests/fuzz/fuzz-hive.c and fuzz-image.c with clang, outside
# meson's build:
# the core (src/core/*.c), the POSIX backend (hivex, folders, volumes) and the built-in
# catalogue, all with -fsanitize=fuzzer,address,undefined, linked against the system's libhivex
# (which is not instrumented: its crashes show as SEGV, its code gives the fuzzer no coverage).
#
#   tests/fuzz/build-fuzz.sh [OUT_DIR]     default tests/fuzz/out; prints the binaries' paths
#                                          (fuzz-hive, then fuzz-image)
# fuzz-image also takes the image reader (src/platform/tsk/) and links the system's libtsk (not
# instrumented either).
#
# CC picks the compiler (default: clang, else clang-14). Debian packages: clang (its
# libclang-rt-14-dev holds libFuzzer), libhivex-dev; llvm for llvm-symbolizer's stack traces.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
"$top/build-aux/deps.sh" fuzz >&2 # clang and llvm are only the fuzzer's: not in the test command
out=${1:-$here/out}
mkdir -p "$out"
out=$(cd "$out" && pwd)

cc=${CC:-}
if [[ -z $cc ]]; then
  for c in clang clang-14; do
    if command -v "$c" >/dev/null; then cc=$c; break; fi
  done
fi
[[ -n $cc ]] || { echo "build-fuzz: clang not found (Debian package clang)" >&2; exit 1; }

if pkg-config --exists hivex 2>/dev/null; then
  read -r -a hivex_cflags <<<"$(pkg-config --cflags hivex)"
  read -r -a hivex_libs <<<"$(pkg-config --libs hivex)"
else
  hivex_cflags=()
  hivex_libs=(-lhivex)
fi

# The catalogue, built in as its exact bytes, as data/meson.build does.
python3 "$top/build-aux/embed-file.py" "$top/data/rules/blaster.rules" \
  "$out/scan-builtin-rules.c" scan__builtin_rules

common=(
  "$top"/src/core/scan-*.c
  "$top/src/platform/posix/scan-hive-posix.c"
  "$top/src/platform/posix/scan-platform-posix.c"
  "$top/src/platform/posix/scan-volumes-posix.c"
  "$out/scan-builtin-rules.c"
)

# As meson builds them (c_std=c11, -D_GNU_SOURCE, the getdents64 probe), plus the sanitizers:
# every UBSan report is an error that stops the fuzzer, like an ASan one.
# shellcheck disable=SC2054  # the commas belong to -fsanitize=
flags=(
  -std=c11 -D_GNU_SOURCE -DHAVE_GETDENTS64=1
  -g -O1 -fno-omit-frame-pointer
  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
  -I"$top/src/core" -I"$top/src/platform" -I"$top/src/platform/posix"
  "${hivex_cflags[@]}"
)

"$cc" "${flags[@]}" "$here/fuzz-hive.c" "${common[@]}" "${hivex_libs[@]}" -o "$out/fuzz-hive"
echo "$out/fuzz-hive"
"$cc" "${flags[@]}" "$here/fuzz-image.c" "${common[@]}" "$top/src/platform/tsk/scan-image-tsk.c" \
  "${hivex_libs[@]}" -ltsk -lpthread -o "$out/fuzz-image"
echo "$out/fuzz-image"
