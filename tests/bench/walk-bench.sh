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
        python3 - "$tree" "$files" <<'PY'
import os, random, sys

root, total = sys.argv[1], int(sys.argv[2])
rng = random.Random(20030811)  # Blaster's first sighting
WORM = {"msblast.exe", "penis32.exe", "teekids.exe", "mspatch.exe",
        "mslaugh.exe", "enbiei.exe", "dllhost.exe", "svchost.exe"}
MAXDEPTH = 14

SYL = ("ms win net sys cfg dat log shell user kern ui dx ole rpc com crypt prn spool "
       "font help media snd wav vid web http ie setup inst upd svc core base util mgr "
       "srv cli app doc img lib res str lang en de fr x86 dll ntos hal mf wmp mm dlg "
       "acl sec auth ldap dns tcp ip smb wz tapi").split()
WORDS = ("Microsoft Windows Office Common Files Setup Update Driver Readme Report "
         "Invoice Holiday Photo Budget Notes Letter Backup Install Config Default "
         "Template Music Video Project Draft Final Summary Meeting Archive Plugin "
         "Resources Data Cache Images Profile Settings Support Tools Help Samples "
         "Components Library Reader Player Client Server Service Manager Viewer").split()
EXTS = [(".dll", 20), (".exe", 8), (".sys", 3), (".txt", 6), (".ini", 4), (".log", 4),
        (".dat", 4), (".htm", 5), (".gif", 4), (".jpg", 6), (".doc", 4), (".xls", 2),
        (".xml", 4), (".tmp", 4), (".cab", 1), (".mui", 2), (".inf", 2), (".pnf", 2),
        (".chm", 1), (".lnk", 4), (".bmp", 2), (".mp3", 2), (".js", 2), (".css", 1),
        (".url", 2), ("", 6), (".manifest", 1), (".cat", 2), (".nls", 1), (".tlb", 1),
        (".ocx", 1), (".cpl", 1), (".tar.gz", 1)]
rand = rng.random  # pick/between are much cheaper than random.choice/choices/randint

def pick(seq):
    return seq[int(rand() * len(seq))]

def between(a, b):
    return a + int(rand() * (b - a + 1))

EXT_TABLE = [e for e, w in EXTS for _ in range(w)]

def ext():
    return pick(EXT_TABLE)

def short_stem():  # 8.3-ish, lower case: mscfg32
    s = "".join(pick(SYL) for _ in range(between(1, 3)))[:8]
    return s + (str(between(0, 99)) if rand() < 0.3 else "")

def camel_stem():  # WinSetupHelper
    return "".join(pick(WORDS) for _ in range(between(1, 3)))

def long_stem():  # Copy of Holiday Photo 2003 (12)
    words = [pick(WORDS) for _ in range(between(3, 12))]
    if rand() < 0.3:
        words.insert(0, "Copy of")
    s = " ".join(words)
    if rand() < 0.4:
        s += " (%d)" % between(1, 40)
    return s

def hex_stem():  # a3f9c02b, {GUID}
    if rand() < 0.3:
        h = "%032X" % rng.getrandbits(128)
        return "{%s-%s-%s-%s-%s}" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:])
    return "%x" % rng.getrandbits(pick((16, 32, 64, 128)))

# name styles by weight: system folders mostly 8.3 names, the rest a mix
STYLES = {"system": [short_stem] * 17 + [camel_stem] * 2 + [hex_stem],
          "mixed": [short_stem] * 7 + [camel_stem] * 6 + [long_stem] * 4 + [hex_stem] * 3}

def stem(style):
    return pick(STYLES[style])()

class Dir:
    __slots__ = ("path", "depth", "names", "taken", "style")
    def __init__(self, path, style):
        self.path, self.depth, self.style = path, len(path), style
        self.names, self.taken = [], set()
    def unique(self, make):
        for i in range(1000):
            n = make()
            k = n.lower()
            if k not in self.taken and k not in WORM and n.strip(" .") == n and n:
                self.taken.add(k)
                return n
        raise SystemExit("walk-bench generator: cannot make a unique name")

dirs, index = [], {}

def mkdir(rel, style="mixed"):
    path = tuple(rel.split("/")) if isinstance(rel, str) else rel
    for i in range(1, len(path) + 1):
        p = path[:i]
        if p not in index:
            if i > 1:
                index[p[:-1]].taken.add(p[-1].lower())
            d = Dir(p, style)
            index[p] = d
            dirs.append(d)
    return index[path]

def fill(d, count):
    for _ in range(count):
        d.names.append(d.unique(lambda: stem(d.style) + ext()))

def subdir(parent):
    name = parent.unique(lambda: stem(parent.style if rand() < 0.5 else "mixed"))
    return mkdir(parent.path + (name,), parent.style)

# Fixed folders, at full size for 500k files and scaled down for smaller trees;
# system32 always gets a few thousand (or a quarter of the tree, if smaller).
scale = min(1.0, total / 500000)
fixed = [("WINDOWS/system32", None), ("WINDOWS/system32/drivers", 350),
         ("WINDOWS/system32/drivers/etc", 5), ("WINDOWS/system32/dllcache", 1800),
         ("WINDOWS/system32/config", 25), ("WINDOWS/system32/wins", 0),
         ("WINDOWS/system32/spool/drivers/w32x86/3", 150),
         ("WINDOWS/system32/CatRoot/{F750E6C3-38EE-11D1-85E5-00C04FC295EE}", 900),
         ("WINDOWS/Prefetch", 128), ("WINDOWS/Fonts", 450), ("WINDOWS/inf", 1400),
         ("WINDOWS/Help", 700), ("WINDOWS/Temp", 40)]
planted = [("WINDOWS/system32", "msblast.exe"),  # the worm's own file
           ("WINDOWS/system32", "dllhost.exe"),  # real Windows programs
           ("WINDOWS/system32", "svchost.exe"),
           ("WINDOWS/system32/dllcache", "dllhost.exe"),
           ("WINDOWS/system32/dllcache", "svchost.exe"),
           ("Documents and Settings/jsmith/Local Settings/Temp", "teekids.exe")]
# Seed folders of each area; the rest of the area grows as a random tree under them.
users = ["Administrator", "All Users", "Default User", "LocalService",
         "NetworkService", "Owner", "jsmith", "mkowalski", "asato"]
user_dirs = ["Desktop", "My Documents/My Pictures", "My Documents/My Music",
             "Local Settings/Temp", "Local Settings/History", "Local Settings/Application Data",
             "Application Data/Microsoft", "Cookies", "Favorites", "Start Menu/Programs",
             "Recent", "SendTo", "Templates", "NetHood", "PrintHood"]
areas = [
    (0.35, "mixed", ["Program Files/Common Files/Microsoft Shared", "Program Files/Internet Explorer",
                     "Program Files/Microsoft Office/Office11", "Program Files/Outlook Express",
                     "Program Files/Windows Media Player", "Program Files/Windows NT/Accessories",
                     "Program Files/Adobe/Acrobat 6.0/Reader", "Program Files/Mozilla Firefox",
                     "Program Files/WinZip", "Program Files/Messenger"]),
    (0.35, "mixed", ["Documents and Settings/%s/%s" % (u, s) for u in users for s in user_dirs]
                    + ["Documents and Settings/%s/Local Settings/Temporary Internet Files/Content.IE5/%s"
                       % (u, "".join(pick("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") for _ in range(8)))
                       for u in users[5:] for _ in range(4)]),
    (0.20, "system", ["WINDOWS/Installer", "WINDOWS/Microsoft.NET/Framework/v1.1.4322",
                      "WINDOWS/assembly/GAC", "WINDOWS/SoftwareDistribution/Download",
                      "WINDOWS/$NtUninstallKB823980$", "WINDOWS/Downloaded Program Files",
                      "WINDOWS/Web", "WINDOWS/Media", "WINDOWS/pchealth/helpctr"]),
    (0.10, "mixed", ["RECYCLER/S-1-5-21-1757981266-1645522239-839522115-1003",
                     "System Volume Information/_restore{A3F2C1B0-5D6E-4F70-8192-A3B4C5D6E7F8}/RP1",
                     "Temp", "I386", "data/projects"]),
]
# Every named folder exists before any file is named, so no file takes a folder's name.
for rel, _ in fixed:
    mkdir(rel, "system")
for rel, _ in planted:
    mkdir(rel)
for _, style, seeds in areas:
    for rel in seeds:
        mkdir(rel, style)

used = len(planted)
for rel, count in fixed:
    n = min(2800, total // 4) if count is None else int(count * scale)
    fill(mkdir(rel), n)
    used += n
for rel, name in planted:
    d = mkdir(rel)
    d.taken.add(name)
    d.names.append(name)

rest = total - used
sizes = [int(rest * share) for share, _, _ in areas[:-1]]
sizes.append(rest - sum(sizes))
for n, (_, style, seeds) in zip(sizes, areas):
    pool = [mkdir(rel) for rel in seeds]
    for _ in range(max(0, n // 100 - len(pool))):
        parent = pick(pool)
        while parent.depth >= MAXDEPTH:
            parent = pick(pool)
        pool.append(subdir(parent))
    weights = [rng.lognormvariate(0, 1.0) for _ in pool]
    wsum = sum(weights)
    counts = [int(n * w / wsum) for w in weights]
    for i in rng.sample(range(len(pool)), n - sum(counts)):
        counts[i] += 1
    for d, c in zip(pool, counts):
        fill(d, c)

assert sum(len(d.names) for d in dirs) == total, "generator miscounted"

flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
os.makedirs(root)
for d in dirs:  # parents come before their children
    full = os.path.join(root, *d.path)
    os.mkdir(full)
    dfd = os.open(full, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for name in d.names:
            os.close(os.open(name, flags, 0o644, dir_fd=dfd))
    finally:
        os.close(dfd)

print("files=%d folders=%d max-depth=%d matches=%d"
      % (total, len(dirs) + 1, max(d.depth for d in dirs), len(planted)))
PY
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
