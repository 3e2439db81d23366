#!/usr/bin/env bash
# walk-bench.sh: time blaster-scan's folder walk against fd, GNU find and bfs.
#
# Usage: tests/bench/walk-bench.sh [PATH-TO-BLASTER-SCAN]
#        (default: build/src/cli/blaster-scan under the repository root)
#
# Builds a tree of empty files shaped like a Windows XP disk (WINDOWS/system32,
# Program Files, Documents and Settings/<user>/..., about 100 files a folder),
# with msblast.exe planted in WINDOWS/system32 and teekids.exe in a user's Temp
# folder (empty files: no worm bytes anywhere). Then runs the same search, a
# case-insensitive match on the six Blaster file names plus dllhost.exe and
# svchost.exe, with each tool: one warm-up run, then BENCH_RUNS timed runs
# (round robin over the tools), and prints the median wall time and the peak RSS.
#
# Environment:
#   BENCH_FILES  number of files in the tree (default 500000, at least 1000)
#   BENCH_DIR    where the tree lives (default ${TMPDIR:-/tmp}/blaster-walk-bench.UID);
#                a tree already there with the same BENCH_FILES is reused
#   BENCH_KEEP   1 = keep the tree at exit for the next run (default: remove it)
#   BENCH_RUNS   timed runs per tool (default 5)
#
# Exit status: 0 all tools ran (timing never fails the benchmark), 1 a tool failed
# or the tools disagree on what they found, 2 usage or setup error (missing
# blaster-scan, missing bfs / fd-find / time packages, unusable BENCH_DIR).

# shellcheck disable=SC2185 # "find --version" needs no path
set -euo pipefail
export LC_ALL=C

usage() {
    sed -n '2,/^$/{s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
}

die() {
    local status=$1
    shift
    printf 'walk-bench: %s\n' "$*" >&2
    exit "$status"
}

case ${1:-} in
    -h | --help)
        usage
        exit 0
        ;;
esac
(($# <= 1)) || {
    usage >&2
    exit 2
}

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
scan=${1:-$repo/build/src/cli/blaster-scan}
files=${BENCH_FILES:-500000}
runs=${BENCH_RUNS:-5}
keep=${BENCH_KEEP:-0}

if ! [[ $files =~ ^[1-9][0-9]*$ ]] || ((files < 1000)); then
    die 2 "BENCH_FILES must be a whole number of at least 1000 (got '$files')"
fi
[[ $runs =~ ^[1-9][0-9]*$ ]] || die 2 "BENCH_RUNS must be a whole number of at least 1 (got '$runs')"

# --- tools ------------------------------------------------------------------

missing=() packages=()
if ! command -v bfs >/dev/null 2>&1; then missing+=("bfs"); packages+=(bfs); fi
if ! command -v fdfind >/dev/null 2>&1; then missing+=("fdfind"); packages+=(fd-find); fi
if [[ ! -x /usr/bin/time ]]; then missing+=("/usr/bin/time (GNU time)"); packages+=(time); fi
if ! find --version 2>/dev/null | grep -q 'GNU findutils'; then missing+=("GNU find"); packages+=(findutils); fi
if ! command -v python3 >/dev/null 2>&1; then missing+=("python3"); packages+=(python3); fi
if ((${#missing[@]})); then
    {
        echo "walk-bench: missing tools:"
        for ((i = 0; i < ${#missing[@]}; i++)); do
            printf '  %-26s Debian package: %s\n' "${missing[i]}" "${packages[i]}"
        done
        echo "install them with: sudo apt-get install ${packages[*]}"
        echo "(the project's setup script installs them; this script never runs apt-get)"
    } >&2
    exit 2
fi

if [[ $scan != */* ]] && command -v "$scan" >/dev/null 2>&1; then
    scan=$(command -v "$scan")
fi
[[ -f $scan && -x $scan ]] ||
    die 2 "blaster-scan not found or not executable: $scan
  build it first (meson setup build && meson compile -C build) or pass its path as the first argument"
scan=$(cd "$(dirname "$scan")" && pwd)/$(basename "$scan")

# --- scratch space and the bench directory ----------------------------------

tmp_base=${TMPDIR:-/tmp}
bench_dir=${BENCH_DIR:-$tmp_base/blaster-walk-bench.$(id -u)}
marker=$bench_dir/.walk-bench
tree=$bench_dir/C
layout=2 # bump when the generator below changes: old trees get rebuilt

created=0
if [[ -e $bench_dir ]]; then
    [[ -d $bench_dir ]] || die 2 "BENCH_DIR is not a directory: $bench_dir"
    if [[ ! -f $marker && -n $(ls -A "$bench_dir") ]]; then
        die 2 "refusing to use $bench_dir: not empty and not made by walk-bench (no $marker)"
    fi
else
    mkdir -p "$bench_dir"
    created=1
fi

scratch=$(mktemp -d "$tmp_base/walk-bench-scratch.XXXXXX")
cleanup() {
    rm -rf "$scratch"
    if [[ $keep == 1 ]]; then
        [[ -d $tree ]] && echo "tree kept in $tree (BENCH_KEEP=1)"
    else
        rm -rf "$tree" "$marker"
        if ((created)) || [[ -z ${BENCH_DIR:-} ]]; then rmdir "$bench_dir" 2>/dev/null || true; fi
    fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

t0='' t1=''
if [[ -n ${EPOCHREALTIME:-} ]]; then
    stamp() { printf -v "$1" '%s' "${EPOCHREALTIME/,/.}"; } # bash 5: no fork
else
    stamp() { printf -v "$1" '%s' "$(date +%s.%N)"; }
fi
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# --- the tree ---------------------------------------------------------------

want="walk-bench layout=$layout files=$files"
if [[ -f $marker && -d $tree && $(head -n1 "$marker") == "$want" ]]; then
    summary=$(sed -n 2p "$marker")
    echo "reusing tree in $tree ($summary)"
else
    rm -rf "$tree"
    echo building >"$marker"
    echo "building tree of $files files in $tree ..."
    stamp t0
    summary=$(
        python3 "$here/make-tree.py" "$tree" "$files"
    )
    stamp t1
    printf '%s\n%s\n' "$want" "$summary" >"$marker"
    echo "built in $(elapsed "$t0" "$t1") s: $summary"
fi
expected=${summary##*matches=}

# --- the tools --------------------------------------------------------------

names=(msblast penis32 teekids mspatch mslaugh enbiei dllhost svchost)
find_expr=()
for n in "${names[@]}"; do
    ((${#find_expr[@]})) && find_expr+=(-o)
    find_expr+=(-iname "$n.exe")
done
regex="^($(
    IFS='|'
    echo "${names[*]}"
))\\.exe\$"

labels=("blaster-scan --json" "fd -j1" "find" "bfs" "plain walk (find -printf '')")
tool_cmd() {
    case $1 in
        0) cmd=("$scan" --json "$tree") ;;
        1) cmd=(fdfind -j1 -u -i -H --regex "$regex" "$tree") ;;
        2) cmd=(find "$tree" "${find_expr[@]}") ;;
        3) cmd=(bfs "$tree" "${find_expr[@]}") ;;
        4) cmd=(find "$tree" -printf '') ;;
    esac
}

# Runs tool $1 once under GNU time, output to $2; sets rc, t0, t1, rss_kib.
run_tool() {
    tool_cmd "$1"
    rc=0
    stamp t0
    /usr/bin/time -f %M -o "$scratch/rss" "${cmd[@]}" >"$2" 2>"$scratch/err" || rc=$?
    stamp t1
    rss_kib=$(tail -n1 "$scratch/rss") # GNU time may put "Command exited ..." first
    local ok=0
    if (($1 == 0)); then
        ((rc == 0 || rc == 1)) && ok=1
    else
        ((rc == 0)) && ok=1
    fi
    if ((!ok)); then
        {
            echo "walk-bench: ${labels[$1]} failed with exit status $rc:"
            printf ' %q' "${cmd[@]}"
            echo
            head -n 20 "$scratch/err" | sed 's/^/  | /'
        } >&2
        exit 1
    fi
}

echo
echo "tree:     $tree ($(stat -f -c %T "$tree"))"
echo "search:   ${names[*]} (.exe, any case)"
echo "versions: $(find --version | head -n1); $(bfs --version | head -n1); $(fdfind --version)"
echo "scanner:  $scan"
echo "method:   1 warm-up run per tool, then $runs timed runs round robin; median wall time, peak RSS (GNU time %M)"
echo

# Warm-up: also checks that every tool finds the same files.
for t in 0 1 2 3 4; do
    run_tool "$t" "$scratch/out"
    case $t in
        0)
            if ((rc == 0)); then
                echo "note: blaster-scan exited 0 (nothing found) although $expected matching files are planted" >&2
            fi
            if [[ -s $scratch/err ]]; then
                echo "note: blaster-scan wrote to stderr:" >&2
                head -n 5 "$scratch/err" | sed 's/^/  | /' >&2
            fi
            ;;
        1 | 2 | 3)
            found=$(wc -l <"$scratch/out")
            if ((found != expected)); then
                echo "walk-bench: ${labels[t]} found $found files, expected $expected:" >&2
                sed 's/^/  | /' "$scratch/out" >&2
                exit 1
            fi
            ;;
    esac
done
echo "warm-up done: fd, find and bfs each found the $expected planted files"

results=$scratch/results
: >"$results"
progress=0
[[ -t 1 ]] && progress=1
for ((r = 1; r <= runs; r++)); do
    ((progress)) && printf '\rtimed run %d/%d' "$r" "$runs"
    for t in 0 1 2 3 4; do
        run_tool "$t" /dev/null
        printf '%d %s %s %s\n' "$t" "$t0" "$t1" "$rss_kib" >>"$results"
    done
done
((progress)) && printf '\r%*s\r' 20 ''

python3 - "$results" "${labels[@]}" <<'PY'
import statistics, sys

path, labels = sys.argv[1], sys.argv[2:]
times = {i: [] for i in range(len(labels))}
rss = {i: 0 for i in range(len(labels))}
with open(path) as f:
    for line in f:
        t, t0, t1, kib = line.split()
        times[int(t)].append(float(t1) - float(t0))
        rss[int(t)] = max(rss[int(t)], int(kib))
med = {i: statistics.median(v) for i, v in times.items()}
mib = {i: rss[i] / 1024 for i in rss}

print("%-30s %10s %14s %22s" % ("tool", "median s", "peak RSS MiB", "blaster-scan / tool"))
for i, label in enumerate(labels):
    ratio = "-" if i == 0 else "%.2f" % (med[0] / med[i])
    print("%-30s %10.4f %14.1f %22s" % (label, med[i], mib[i], ratio))

fd = med[0] / med[1]
fast, small = fd <= 0.6, mib[0] < 16
print()
print("goal: blaster-scan <= 0.6 x fd -j1 time and peak RSS < 16 MiB")
print("      now %.2f x fd -j1 (%s), peak RSS %.1f MiB (%s): goal %s"
      % (fd, "ok" if fast else "too slow", mib[0], "ok" if small else "too big",
         "met" if fast and small else "missed"))
PY
