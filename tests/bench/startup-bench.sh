#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Startup benchmark: time from exec to the first painted frame, and peak memory, of blaster-check
# in English and in every language of po/LINGUAS, against a bare libadwaita window, in one run on
# one virtual display. Prints each language's ratios and the worst. Each language starts as a
# user's desktop would start it (LANGUAGE=xx under LANG=C.UTF-8), so its catalogue and its fonts
# (CJK, Arabic) are loaded before the first frame.
# Goal: at most 1.2 x the bare window in both (issue #15). Informational: never fails on timing.
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

export BENCH_FIRST_FRAME=1 GDK_BACKEND=x11 NO_AT_BRIDGE=1 GTK_A11Y=none LANG=C.UTF-8
export BLASTER_CHECK_LOCALEDIR=$PWD/$build/po
unset LC_ALL LC_MESSAGES
if [[ -z ${DISPLAY:-} ]]; then
  exec xvfb-run -a -s "-screen 0 1024x768x24" "$0" "$@"
fi

measure() { # LANGUAGE PROGRAM: prints "MS KIB" for one launch
  local start out rss frame
  start=$(date +%s%6N)
  out=$(LANGUAGE=$1 /usr/bin/time -f "rss %M" "$2" 2>&1 >/dev/stdout)
  frame=$(sed -n 's/^first-frame-us //p' <<<"$out")
  rss=$(sed -n 's/^rss //p' <<<"$out")
  [[ -n $frame && -n $rss ]] || { echo "startup-bench: $2 printed no first frame" >&2; exit 1; }
  echo "$(( (frame - start) / 1000 )) $rss"
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# The bare window, then blaster-check in English and in each language the build has.
languages=(en $(grep -v '^[[:space:]]*\(#\|$\)' po/LINGUAS))
progs=(bare "${languages[@]}")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for prog in "${progs[@]}"; do # warm the page cache and the font cache (CJK fonts are large)
  if [[ $prog == bare ]]; then measure en "$bare"; else measure "$prog" "$app"; fi >/dev/null
done
# Round by round, every program once a round: a machine busy with something else for a while
# slows every program alike, not the languages that happened to run then.
for ((i = 0; i < runs; i++)); do
  for prog in "${progs[@]}"; do
    if [[ $prog == bare ]]; then measure en "$bare"; else measure "$prog" "$app"; fi \
      >>"$tmp/$prog"
  done
done

declare -A ms kib
for prog in "${progs[@]}"; do
  ms[$prog]=$(cut -d' ' -f1 "$tmp/$prog" | median)
  kib[$prog]=$(cut -d' ' -f2 "$tmp/$prog" | median)
done

ratio() { awk "BEGIN{printf \"%.2f\", $1/$2}"; }
printf '%-30s %12s %14s %8s %8s\n' "program ($runs runs, median)" "first frame" "peak memory" \
  "time" "memory"
printf '%-30s %9s ms %10s MiB\n' "bare libadwaita window" "${ms[bare]}" \
  "$(awk "BEGIN{printf \"%.1f\", ${kib[bare]}/1024}")"
worst_t=0 worst_m=0 worst_t_lang= worst_m_lang=
for lang in "${languages[@]}"; do
  tr=$(ratio "${ms[$lang]}" "${ms[bare]}")
  mr=$(ratio "${kib[$lang]}" "${kib[bare]}")
  printf '%-30s %9s ms %10s MiB %6s x %6s x\n' "blaster-check, $lang" "${ms[$lang]}" \
    "$(awk "BEGIN{printf \"%.1f\", ${kib[$lang]}/1024}")" "$tr" "$mr"
  if awk "BEGIN{exit !($tr > $worst_t)}"; then worst_t=$tr worst_t_lang=$lang; fi
  if awk "BEGIN{exit !($mr > $worst_m)}"; then worst_m=$mr worst_m_lang=$lang; fi
done
echo "ratio blaster-check / bare, worst language: time ${worst_t} x ($worst_t_lang)," \
  "memory ${worst_m} x ($worst_m_lang) (goal: at most 1.2 x both)"
