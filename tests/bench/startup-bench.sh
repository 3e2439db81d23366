#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Startup benchmark: time from exec to the first painted frame, and peak memory, of blaster-check
# against a bare libadwaita window, in one run on one virtual display. Prints the ratios.
# Goal: at most 1.5 x the bare window in both. Informational: never fails on timing.
#   tests/bench/startup-bench.sh [BUILD-DIR] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
runs=${2:-9}
app=$build/src/gui/blaster-check
bare=$build/tests/bench/bare-window
for b in "$app" "$bare"; do
  [[ -x $b ]] || { echo "startup-bench: $b is missing: build first" >&2; exit 2; }
done
[[ -x /usr/bin/time ]] || { echo "startup-bench: install the Debian package 'time'" >&2; exit 2; }

export BENCH_FIRST_FRAME=1 GDK_BACKEND=x11 NO_AT_BRIDGE=1 GTK_A11Y=none
export BLASTER_CHECK_LOCALEDIR=$PWD/$build/po
if [[ -z ${DISPLAY:-} ]]; then
  exec xvfb-run -a -s "-screen 0 1024x768x24" "$0" "$@"
fi

measure() { # PROGRAM: prints "MS KIB" for one launch
  local start out rss
  start=$(date +%s%6N)
  out=$(/usr/bin/time -f "rss %M" "$1" 2>&1 >/dev/stdout)
  local frame
  frame=$(sed -n 's/^first-frame-us //p' <<<"$out")
  rss=$(sed -n 's/^rss //p' <<<"$out")
  [[ -n $frame && -n $rss ]] || { echo "startup-bench: $1 printed no first frame" >&2; exit 1; }
  echo "$(( (frame - start) / 1000 )) $rss"
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

declare -A ms kib
for prog in bare app; do
  bin=$bare; [[ $prog == app ]] && bin=$app
  measure "$bin" >/dev/null # warm the page cache and the font cache
  : >"/tmp/startup-$prog.$$"
  for ((i = 0; i < runs; i++)); do measure "$bin" >>"/tmp/startup-$prog.$$"; done
  ms[$prog]=$(cut -d' ' -f1 "/tmp/startup-$prog.$$" | median)
  kib[$prog]=$(cut -d' ' -f2 "/tmp/startup-$prog.$$" | median)
  rm -f "/tmp/startup-$prog.$$"
done

printf '%-28s %12s %14s\n' "program ($runs runs, median)" "first frame" "peak memory"
printf '%-28s %9s ms %10s MiB\n' "bare libadwaita window" "${ms[bare]}" "$(awk "BEGIN{printf \"%.1f\", ${kib[bare]}/1024}")"
printf '%-28s %9s ms %10s MiB\n' "blaster-check" "${ms[app]}" "$(awk "BEGIN{printf \"%.1f\", ${kib[app]}/1024}")"
tr=$(awk "BEGIN{printf \"%.2f\", ${ms[app]}/${ms[bare]}}")
mr=$(awk "BEGIN{printf \"%.2f\", ${kib[app]}/${kib[bare]}}")
echo "ratio blaster-check / bare: time ${tr} x, memory ${mr} x (goal: at most 1.5 x both)"
