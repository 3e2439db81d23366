#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the fuzzers and fuzzes one for a bounded time. Not part of the test suite.
#
#   tests/fuzz/run-fuzz.sh [SECONDS]                     default 60: the hive layer
#   FUZZ_TARGET=image tests/fuzz/run-fuzz.sh [SECONDS]   the disk image reader
#
# Works in tests/fuzz/out/run-DATE/ (ignored by git): corpus/ (a copy of corpus-TARGET/, which
# it never changes), crashes/ (libFuzzer's crash-*, leak-*, timeout-*, oom-* files), tmp/ (the
# fixture disks), fuzz.log. Prints runs, exec/s, coverage and crashes; exits 1 when the fuzzer
# found something (or failed), 0 otherwise.
#
# FUZZ_ARGS adds libFuzzer options, e.g. FUZZ_ARGS="-fork=2 -ignore_crashes=1" (two
# processes that go on after a crash), or "-only_ascii=0 -seed=1".
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
seconds=${1:-60}
[[ $seconds =~ ^[0-9]+$ ]] || { echo "usage: $0 [SECONDS]" >&2; exit 2; }

target=${FUZZ_TARGET:-hive}
case $target in
  hive) dict=(-dict="$here/hive.dict") max_len=65536 ;;
  image) dict=() max_len=4194304 ;; # the seeds are small disk images of a few MiB
  *) echo "run-fuzz: FUZZ_TARGET is hive or image" >&2; exit 2 ;;
esac
fuzzer=$("$here/build-fuzz.sh" "$here/out" | grep -x ".*/fuzz-$target")

work=$here/out/run-$(date +%Y%m%d-%H%M%S)
mkdir -p "$work/corpus" "$work/crashes" "$work/tmp"
cp "$here"/corpus-"$target"/* "$work/corpus/"

if ! command -v llvm-symbolizer >/dev/null; then
  for s in /usr/lib/llvm-*/bin/llvm-symbolizer; do
    [[ -x $s ]] && export ASAN_SYMBOLIZER_PATH=$s
  done
fi
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export TMPDIR=$work/tmp

read -r -a extra <<<"${FUZZ_ARGS:-}"
echo "run-fuzz: $fuzzer for ${seconds}s in $work"
started=$SECONDS
set +e
"$fuzzer" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len="$max_len" \
  "${dict[@]}" -artifact_prefix="$work/crashes/" -print_final_stats=1 \
  "${extra[@]}" "$work/corpus" >"$work/fuzz.log" 2>&1
status=$?
set -e
elapsed=$((SECONDS - started))

# The last status line: "#1234  pulse  cov: 521 ft: 1107 corp: 42/598Kb … exec/s: 999 rss: 169Mb"
last=$(grep -E '^#[0-9]+' "$work/fuzz.log" | tail -n1 || true)
runs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+)/\1/p' "$work/fuzz.log" | tail -n1)
[[ -n $runs ]] || runs=$(sed -nE 's/^#([0-9]+).*/\1/p' <<<"$last")
execs=$(sed -nE 's/^stat::average_exec_per_sec: *([0-9]+)/\1/p' "$work/fuzz.log" | tail -n1)
[[ -n $execs ]] || execs=$(sed -nE 's/.*exec\/s: ([0-9]+).*/\1/p' <<<"$last")
cov=$(sed -nE 's/.*cov: ([0-9]+).*/\1/p' <<<"$last")
ft=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<<"$last")
corp=$(sed -nE 's/.*corp: ([0-9]+\/[0-9]+[a-zA-Z]*).*/\1/p' <<<"$last")
rss=$(sed -nE 's/^stat::peak_rss_mb: *([0-9]+)/\1/p' "$work/fuzz.log" | tail -n1)
mapfile -t found < <(find "$work/crashes" -type f | sort)

echo "run-fuzz: summary"
echo "  time:      ${elapsed}s (${seconds}s asked)"
echo "  runs:      ${runs:-?}"
echo "  exec/s:    ${execs:-?}"
echo "  coverage:  ${cov:-?} edges, ${ft:-?} features"
echo "  corpus:    ${corp:-?} (entries/size), in $work/corpus"
echo "  peak rss:  ${rss:-?} MB"
echo "  crashes:   ${#found[@]}"
for f in "${found[@]}"; do
  echo "    $f"
done
echo "  log:       $work/fuzz.log"

if ((${#found[@]})); then
  grep -m1 -E '^==[0-9]+== ?ERROR|^SUMMARY|runtime error' "$work/fuzz.log" | sed 's/^/  first report: /' || true
  echo "run-fuzz: reproduce with: $fuzzer ${found[0]}"
  echo "run-fuzz: minimize with:  $fuzzer -minimize_crash=1 -runs=10000 ${found[0]}"
  exit 1
fi
if ((status != 0)); then
  echo "run-fuzz: the fuzzer failed (exit $status) without leaving a crash file: see the log" >&2
  tail -n 20 "$work/fuzz.log" >&2
  exit 1
fi
exit 0
