#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""What `blaster-scan --remove` adds to a check (issue #12, "Speed").

    remove-bench.py [path/to/blaster-scan]     (default build/src/cli/blaster-scan)

Builds a volume of BENCH_FILES empty files shaped like a Windows XP disk (make-tree.py, the
generator walk-bench.sh uses) and puts a fixture infection in it: stand-in files with worm
NAMES only (empty: no worm bytes) where the worm puts them (system32\\msblast.exe,
system32\\teekids.exe, system32\\wins\\dllhost.exe and svchost.exe), and real registry hives
(tests/hive/make_hive.py, python3-hivex): SOFTWARE with the worm's Run values, SYSTEM with the
RpcPatch and RpcTftpd services in both control sets, and jsmith's NTUSER.DAT with a Run value.
By default the hives are about as big as an XP's (12, 3 and 1 MiB), since the removal copies
and hashes them.

Then, after one warm-up round, BENCH_RUNS timed rounds (round robin), each:
  1. the fixture restored (untimed): the quarantine left by the last removal deleted, the worm
     files and the hives copied back from pristine copies kept outside the volume, and written
     out (sync);
  2. the plain check: `blaster-scan --json VOLUME`;
  3. the same tree walked by fd -j1, GNU find and bfs (the search walk-bench.sh times) and by
     a plain `find -printf ''` walk;
  4. the removal run: `blaster-scan --remove --json VOLUME` (it checks, removes, checks again).
Every run is checked: the plain check must find the fixture (verdict infected, the same
findings every round), the removal run must move every fixture file into the quarantine,
mark every action done and end with verdict_after clean, and fd, find and bfs must agree.

Prints the median wall time and peak RSS of each, the extra (removal run - plain check) as a
multiple of the check's time against the goal of at most 0.2, and the ratios to the walks.
For information only: the goal is never checked; the exit status is 0 when every run worked,
1 when a run failed or found the wrong things, 2 for a usage or setup error (a missing tool,
a missing python3-hivex, an unusable BENCH_DIR).

Environment:
  BENCH_FILES  files in the volume (default 150000, at least 1000)
  BENCH_RUNS   timed rounds (default 5)
  BENCH_HIVES  xp (default: hives of about 12, 3 and 1 MiB) or small (a few KiB each)
  BENCH_DIR    where the volume lives (default ${TMPDIR:-/tmp}/blaster-remove-bench.UID);
               a volume already there with the same settings is reused
  BENCH_KEEP   1 = keep the volume at exit for the next run (default: remove it)
"""
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(SOURCE, "tests", "hive"))
sys.path.insert(0, os.path.join(SOURCE, "tests"))  # tap_cases.py

import tap_cases  # noqa: E402

LAYOUT = 1  # bump when the fixture below changes: old volumes get rebuilt
MIB = 1 << 20
QUARANTINE = "BlasterCheck-Quarantine"
USER = "jsmith"

# The fixture's stand-ins: empty files with worm names where the catalogue puts them.
WORM_FILES = [
    "WINDOWS/system32/msblast.exe",        # Blaster A
    "WINDOWS/system32/teekids.exe",        # Blaster C
    "WINDOWS/system32/wins/dllhost.exe",   # Welchia A
    "WINDOWS/system32/wins/svchost.exe",   # Welchia A's TFTP server
]
# make-tree.py plants teekids.exe in a Temp folder (a name out of place: suspicious, never
# removed on its own); the fixture has it in system32 instead, so the check after is clean.
NOT_IN_FIXTURE = ["Documents and Settings/%s/Local Settings/Temp/teekids.exe" % USER]
# The fixture's hives, made by hive_specs().
HIVES = ["WINDOWS/system32/config/SOFTWARE", "WINDOWS/system32/config/SYSTEM",
         "Documents and Settings/%s/NTUSER.DAT" % USER]
SEARCHED = ("msblast", "penis32", "teekids", "mspatch", "mslaugh", "enbiei", "dllhost", "svchost")


def _run_key(values):
    return {"keys": {"Microsoft": {"keys": {"Windows": {"keys": {"CurrentVersion": {"keys": {
        "Run": {"values": values}}}}}}}}}


def add_filler(path, mib):
    """Makes the hive file PATH about MIB MiB bigger with keys of REG_BINARY values (16,000
    bytes each, under the 16 KiB a cell holds) that nothing looks at: BenchFiller\\DataNNN.
    Each key's values are set at once (make_hive sets them one by one, and hivex copies a key's
    whole value list at each)."""
    import make_hive

    hivex = make_hive._load_hivex()
    blob = bytes(range(256)) * 62 + bytes(128)
    per_key = 32
    h = hivex.Hivex(path, write=True)
    top = h.node_add_child(h.root(), "BenchFiller")
    for k in range(int(mib * MIB / (len(blob) * per_key) + 0.5)):
        node = h.node_add_child(top, "Data%03d" % k)
        h.node_set_values(node, [{"key": "Blob%02d" % v, "t": 3, "value": blob}
                                 for v in range(per_key)])
    h.commit(None)


def hive_specs(size):
    xp = size == "xp"
    software = _run_key({
        "ctfmon.exe": "C:\\WINDOWS\\system32\\ctfmon.exe",
        "windows auto update": "msblast.exe",
        "Microsoft Inet xp..": "teekids.exe",
    })
    software["keys"]["Microsoft"]["keys"]["Windows NT"] = {"keys": {"CurrentVersion": {"values": {
        "ProductName": "Microsoft Windows XP", "CurrentVersion": "5.1",
        "CurrentBuildNumber": "2600", "CSDVersion": "Service Pack 1"}}}}
    software.update(root_name="$$$PROTO.HIV", file_name="SOFTWARE")

    services = {
        "RpcSs": {"values": {"ImagePath": {"expand_sz": "%SystemRoot%\\system32\\svchost -k rpcss"},
                             "Start": 2}},
        "Tcpip": {"values": {"ImagePath": {"expand_sz": "system32\\DRIVERS\\tcpip.sys"},
                             "Start": 1}},
        "RpcPatch": {"values": {"ImagePath": {
            "expand_sz": "%SystemRoot%\\system32\\wins\\dllhost.exe"}, "Start": 2}},
        "RpcTftpd": {"values": {"ImagePath": {
            "expand_sz": "%SystemRoot%\\system32\\wins\\svchost.exe"}, "Start": 3}},
    }
    for i in range(280 if xp else 0):  # about as many services and drivers as XP has
        services["Svc%03d" % i] = {"values": {
            "ImagePath": {"expand_sz": "%%SystemRoot%%\\system32\\svc%03d.exe" % i}, "Start": 3}}
    system = {"root_name": "$$$PROTO.HIV", "file_name": "SYSTEM", "keys": {
        "Select": {"values": {"Current": 1, "Default": 1, "LastKnownGood": 2}},
        "ControlSet001": {"keys": {"Services": {"keys": services}}},
        "ControlSet002": {"keys": {"Services": {"keys": services}}},
    }}

    user = {"keys": {"Software": _run_key({"windows auto update": "msblast.exe"})}}
    user.update(root_name="$$$PROTO.HIV", file_name="NTUSER.DAT")

    # Each with the MiB of filler that makes it about as big as an XP's (0: a few KiB).
    return dict(zip(HIVES, ((software, 12 if xp else 0), (system, 3 if xp else 0),
                            (user, 1 if xp else 0))))


def fail(status, message):
    print("remove-bench: " + message, file=sys.stderr)
    sys.exit(status)


def settings():
    def whole(name, default, least):
        v = os.environ.get(name, str(default))
        if not v.isdigit() or int(v) < least:
            fail(2, "%s must be a whole number of at least %d (got %r)" % (name, least, v))
        return int(v)

    s = {"files": whole("BENCH_FILES", 150000, 1000), "runs": whole("BENCH_RUNS", 5, 1),
         "hives": os.environ.get("BENCH_HIVES", "xp"), "keep": os.environ.get("BENCH_KEEP") == "1"}
    if s["hives"] not in ("xp", "small"):
        fail(2, "BENCH_HIVES must be xp or small (got %r)" % s["hives"])
    base = os.environ.get("TMPDIR") or "/tmp"
    s["dir"] = os.environ.get("BENCH_DIR") or os.path.join(base, "blaster-remove-bench.%d"
                                                           % os.getuid())
    return s


def check_tools():
    missing = []
    for tool, package in (("bfs", "bfs"), ("fdfind", "fd-find"), ("find", "findutils")):
        if shutil.which(tool) is None:
            missing.append((tool, package))
    if not os.access("/usr/bin/time", os.X_OK):
        missing.append(("/usr/bin/time (GNU time)", "time"))
    out = subprocess.run(["find", "--version"], capture_output=True, text=True).stdout \
        if shutil.which("find") else ""
    if "GNU findutils" not in out and ("find", "findutils") not in missing:
        missing.append(("GNU find", "findutils"))
    import make_hive
    try:
        make_hive._load_hivex()
    except ImportError:
        tap_cases.run_again_with_debian_python(__file__)
        missing.append(("hivex for %s" % sys.executable, "python3-hivex"))
    if missing:
        lines = ["missing tools:"]
        lines += ["  %-40s Debian package: %s" % m for m in missing]
        lines.append("install them with: sudo apt-get install "
                     + " ".join(sorted({p for _, p in missing})))
        lines.append("(build-aux/deps.sh installs them; this script never runs apt-get)")
        fail(2, "\n".join(lines))


# --- the volume and its fixture -------------------------------------------------------------

def build_volume(s, tree, pristine, marker, want):
    import make_hive

    for p in (tree, pristine):
        shutil.rmtree(p, ignore_errors=True)
    with open(marker, "w") as f:
        f.write("building\n")
    print("building a volume of %d files in %s ..." % (s["files"], tree), flush=True)
    start = time.monotonic()
    summary = subprocess.run([sys.executable, os.path.join(HERE, "make-tree.py"), tree,
                              str(s["files"])], check=True, capture_output=True,
                             text=True).stdout.strip()
    for rel in NOT_IN_FIXTURE:
        os.unlink(os.path.join(tree, rel))
    for rel in WORM_FILES:
        p = os.path.join(pristine, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        open(p, "xb").close()
    for rel, (spec, mib) in hive_specs(s["hives"]).items():
        p = os.path.join(pristine, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        make_hive.build(p, spec)
        if mib:
            add_filler(p, mib)
    for rel in WORM_FILES + HIVES:
        there = os.path.join(tree, rel)
        # The generator's names never take a fixture's name, except msblast.exe it plants too.
        if os.path.lexists(there) and rel != "WINDOWS/system32/msblast.exe":
            fail(1, "the generated volume already holds %s" % rel)
        if not os.path.isdir(os.path.dirname(there)):
            fail(1, "the generated volume has no folder for %s" % rel)
    restore(tree, pristine)
    with open(marker, "w") as f:
        f.write(want + "\n" + summary + "\n")
    print("built in %.1f s: %s" % (time.monotonic() - start, summary), flush=True)


def fixture_files():
    return WORM_FILES + HIVES


def restore(tree, pristine):
    """The volume as it was before any removal: no quarantine, the fixture's files back."""
    shutil.rmtree(os.path.join(tree, QUARANTINE), ignore_errors=True)
    for rel in fixture_files():
        there = os.path.join(tree, rel)
        tmp = there + ".bench-restore"
        shutil.copy2(os.path.join(pristine, rel), tmp)
        os.replace(tmp, there)
    # Written out now, so that no timed run pays for the restore's writes (a removal flushes).
    os.sync()


def count_searched(tree):
    n = 0
    names = {x + ".exe" for x in SEARCHED}
    for _, _, files in os.walk(tree):
        n += sum(1 for f in files if f.lower() in names)
    return n


# --- runs -----------------------------------------------------------------------------------

def timed(argv, scratch, ok=(0,)):
    """Runs ARGV once: its wall time, its peak RSS (KiB), its CPU time (user + system), its
    stdout (text), its exit status (one of OK, else the benchmark stops)."""
    with open(os.path.join(scratch, "out"), "w+b") as out, \
            open(os.path.join(scratch, "err"), "w+b") as err:
        # GNU time measures the peak RSS: a child forked from this python would count the
        # python's own pages in its peak.
        rss = os.path.join(scratch, "rss")
        start = time.monotonic()
        rc = subprocess.call(["/usr/bin/time", "-f", "%M %U %S", "-o", rss] + argv, stdout=out,
                             stderr=err)
        took = time.monotonic() - start
        out.seek(0)
        err.seek(0)
        stdout, stderr = (f.read().decode(errors="replace") for f in (out, err))
    if rc not in ok:
        fail(1, "%s failed with exit status %d:\n%s" % (" ".join(argv), rc, stderr[:2000]))
    with open(rss) as f:
        kib, user, system = f.read().split()[-3:]  # GNU time may put "Command exited ..." first
    return took, int(kib), float(user) + float(system), stdout, rc


def parse(stdout, what):
    try:
        return json.loads(stdout)
    except ValueError as e:
        fail(1, "%s: the output is no JSON (%s):\n%s" % (what, e, stdout[:1000]))


def infection(verdict):
    return verdict.get("infection") if isinstance(verdict, dict) else verdict


def check_findings(stdout, tree, what):
    """The plain check's report must find the fixture; returns what it found, to compare."""
    report = parse(stdout, what)
    if infection(report.get("verdict")) != "infected":
        fail(1, "%s: verdict %r, expected infected" % (what, report.get("verdict")))
    found = sorted((f.get("severity"), f.get("kind"), f.get("location"))
                   for f in report.get("findings", []))
    files = {os.path.relpath(loc, tree) for sev, kind, loc in found
             if sev == "infection" and kind == "file"}
    missing = [rel for rel in WORM_FILES if rel not in files]
    if missing:
        fail(1, "%s: the fixture's %s not found (found: %s)" % (what, ", ".join(missing),
                                                                ", ".join(sorted(files))))
    hives = [h for h in HIVES if not any(
        kind in ("registry", "service") and loc.startswith(os.path.join(tree, h))
        for sev, kind, loc in found)]
    if hives:
        fail(1, "%s: nothing found in the fixture's %s" % (what, ", ".join(hives)))
    return found


def check_removal(stdout, status, tree, pristine, what):
    """The removal run must have taken out the whole fixture; returns its actions' count."""
    report = parse(stdout, what)
    removal = report.get("removal")
    if not isinstance(removal, dict):
        fail(1, "%s: no \"removal\" object in the report" % what)
    actions = removal.get("actions") or []
    problems = [] if status == 0 else ["exit status %d, not 0 (nothing left)" % status]
    if removal.get("state") != "removed":
        problems.append("removal.state is %r, not 'removed'" % removal.get("state"))
    if not actions:
        problems.append("no actions")
    problems += ["%s %s: %s%s" % (a.get("what"), a.get("path"), a.get("state"),
                                  " (%s)" % a["error"] if a.get("error") else "")
                 for a in actions if a.get("state") != "done"]
    after = infection(report.get("verdict_after"))
    if after != "clean":
        problems.append("verdict_after is %r, not clean" % report.get("verdict_after"))
    problems += ["%s is still there" % rel for rel in WORM_FILES
                 if os.path.lexists(os.path.join(tree, rel))]
    problems += ["%s is unchanged" % rel for rel in HIVES
                 if same_file(os.path.join(tree, rel), os.path.join(pristine, rel))]
    if not os.path.isdir(os.path.join(tree, QUARANTINE)):
        problems.append("no %s folder" % QUARANTINE)
    if problems:
        fail(1, "%s: the removal did not take out the fixture:\n  %s"
             % (what, "\n  ".join(problems)))
    return len(actions)


def same_file(a, b):
    try:
        with open(a, "rb") as f, open(b, "rb") as g:
            while True:
                x, y = f.read(1 << 20), g.read(1 << 20)
                if x != y:
                    return False
                if not x:
                    return True
    except FileNotFoundError:
        return False


def walks(tree):
    """fd, GNU find and bfs on the walk-bench.sh search, and the plain find walk."""
    find_expr = []
    for n in SEARCHED:
        find_expr += (["-o"] if find_expr else []) + ["-iname", n + ".exe"]
    regex = "^(%s)\\.exe$" % "|".join(SEARCHED)
    return [("fd -j1", ["fdfind", "-j1", "-u", "-i", "-H", "--regex", regex, tree], True),
            ("find", ["find", tree] + find_expr, True),
            ("bfs", ["bfs", tree] + find_expr, True),
            ("plain walk (find -printf '')", ["find", tree, "-printf", ""], False)]


def floor_time(tree):
    """The least any removal that keeps the original hive must do, timed: each fixture hive read
    and written once, whole, to a new file beside it on the same volume and flushed (the issue's
    own copy, commit, fsync), with no hashing and no editing. The files are deleted after."""
    made = []
    start = time.monotonic()
    for rel in HIVES:
        there = os.path.join(tree, rel)
        with open(there, "rb") as f:
            data = f.read()
        copy = there + ".bench-floor"
        fd = os.open(copy, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        made.append(copy)
        try:
            os.write(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
    took = time.monotonic() - start
    for copy in made:
        os.unlink(copy)
    os.sync()
    return took


def one_round(scan, tree, pristine, scratch, expected, times, rss):
    """Restores the fixture, then times the floor, the plain check, the walks and the removal
    run."""
    restore(tree, pristine)
    times.setdefault("floor", []).append(floor_time(tree))
    took, kib, cpu, out, _ = timed([scan, "--json", tree], scratch, ok=(1,))
    found = check_findings(out, tree, "the plain check")
    if expected["findings"] is None:
        expected["findings"] = found
    elif found != expected["findings"]:
        fail(1, "the plain check found other things than in the warm-up round: the restore "
             "is not faithful\n  now: %s\n  then: %s" % (found, expected["findings"]))
    times.setdefault("check", []).append(took)
    times.setdefault("check cpu", []).append(cpu)
    rss["check"] = max(rss.get("check", 0), kib)

    for label, argv, counts in walks(tree):
        took, kib, _, out, _ = timed(argv, scratch)
        if counts and len(out.splitlines()) != expected["matches"]:
            fail(1, "%s found %d files, expected %d:\n%s" % (label, len(out.splitlines()),
                                                            expected["matches"], out))
        times.setdefault(label, []).append(took)
        rss[label] = max(rss.get(label, 0), kib)

    took, kib, cpu, out, rc = timed([scan, "--remove", "--json", tree], scratch, ok=(0, 1))
    expected["actions"] = check_removal(out, rc, tree, pristine, "the removal run")
    times.setdefault("remove", []).append(took)
    times.setdefault("remove cpu", []).append(cpu)
    rss["remove"] = max(rss.get("remove", 0), kib)


def report(times, rss, runs, expected):
    med = {k: statistics.median(v) for k, v in times.items()}
    check, remove = med["check"], med["remove"]
    extra = remove - check
    print("%-44s %9s %13s %13s" % ("", "median s", "median CPU s", "peak RSS MiB"))
    print("%-44s %9.4f %13.4f %13.1f" % ("plain check (blaster-scan --json)", check,
                                         med["check cpu"], rss["check"] / 1024))
    print("%-44s %9.4f %13.4f %13.1f" % ("removal run (blaster-scan --remove --json)", remove,
                                         med["remove cpu"], rss["remove"] / 1024))
    print("%-44s %9.4f %13.4f" % ("extra (removal run - plain check)", extra,
                                  med["remove cpu"] - med["check cpu"]))
    rounds = sorted(r - c for r, c in zip(times["remove"], times["check"]))
    print("  per round: %s s" % " ".join("%.4f" % x for x in rounds))
    print()
    print("%-30s %9s %13s %14s %20s" % ("walk of the same tree", "median s", "peak RSS MiB",
                                        "check / walk", "removal run / walk"))
    for label, _, _ in walks(""):
        print("%-30s %9.4f %13.1f %14.2f %20.2f" % (label, med[label], rss[label] / 1024,
                                                   check / med[label], remove / med[label]))
    print()
    ratio = extra / check
    print("floor: the hives read, written and flushed once (no hash, no edit)  %.4f s = %.2f x "
          "the check" % (med["floor"], med["floor"] / check))
    print("goal: the removal adds at most 0.2 x the check's time")
    print("      now %.2f x (extra %.4f s on a check of %.4f s, %d actions): goal %s"
          % (ratio, extra, check, expected["actions"], "met" if ratio <= 0.2 else "missed"))


def main(argv):
    if len(argv) > 1 and argv[1] in ("-h", "--help"):
        print(__doc__)
        return 0
    if len(argv) > 2:
        print(__doc__, file=sys.stderr)
        return 2
    scan = argv[1] if len(argv) > 1 else os.path.join(SOURCE, "build", "src", "cli",
                                                       "blaster-scan")
    if os.sep not in scan and shutil.which(scan):
        scan = shutil.which(scan)
    if not (os.path.isfile(scan) and os.access(scan, os.X_OK)):
        fail(2, "blaster-scan not found or not executable: %s\n  build it first (meson setup "
             "build && meson compile -C build) or pass its path as the first argument" % scan)
    scan = os.path.abspath(scan)
    s = settings()
    check_tools()

    bench = s["dir"]
    tree, pristine = os.path.join(bench, "C"), os.path.join(bench, "fixture")
    marker = os.path.join(bench, ".remove-bench")
    created = False
    if os.path.lexists(bench):
        if not os.path.isdir(bench) or os.path.islink(bench):
            fail(2, "BENCH_DIR is not a directory: %s" % bench)
        if not os.path.isfile(marker) and os.listdir(bench):
            fail(2, "refusing to use %s: not empty and not made by remove-bench (no %s)"
                 % (bench, marker))
    else:
        os.makedirs(bench)
        created = True
    scratch = tempfile.mkdtemp(prefix="remove-bench-scratch.",
                               dir=os.environ.get("TMPDIR") or "/tmp")
    try:
        want = "remove-bench layout=%d files=%d hives=%s" % (LAYOUT, s["files"], s["hives"])
        lines = open(marker).read().splitlines() if os.path.isfile(marker) else []
        if lines[:1] == [want] and os.path.isdir(tree) and os.path.isdir(pristine):
            restore(tree, pristine)
            print("reusing the volume in %s (%s)" % (tree, lines[1] if len(lines) > 1 else ""))
        else:
            build_volume(s, tree, pristine, marker, want)
        expected = {"findings": None, "matches": count_searched(tree), "actions": 0}

        def version(argv):
            r = subprocess.run(argv, capture_output=True, text=True)
            return (r.stdout or r.stderr).splitlines()[0] if (r.stdout or r.stderr) else "?"

        sizes = ", ".join("%s %.1f MiB" % (os.path.basename(rel),
                                          os.path.getsize(os.path.join(pristine, rel)) / MIB)
                          for rel in HIVES)
        fstype = subprocess.run(["stat", "-f", "-c", "%T", tree], capture_output=True,
                                text=True).stdout.strip()
        print()
        print("volume:   %s (%s)" % (tree, fstype))
        print("fixture:  %d stand-in worm files (empty), hives %s; restored before each round"
              % (len(WORM_FILES), sizes))
        print("versions: %s; %s; %s" % (version(["find", "--version"]),
                                        version(["bfs", "--version"]),
                                        version(["fdfind", "--version"])))
        print("scanner:  %s" % scan)
        print("method:   1 warm-up round, then %d timed rounds (restore, plain check, walks, "
              "removal run); median wall time, peak RSS" % s["runs"])
        print(flush=True)

        times, rss = {}, {}
        one_round(scan, tree, pristine, scratch, expected, {}, {})
        print("warm-up done: the plain check found %d things, the removal took them out in %d "
              "actions, verdict after clean; fd, find and bfs each found the %d files with "
              "searched names" % (len(expected["findings"]), expected["actions"],
                                  expected["matches"]), flush=True)
        for r in range(s["runs"]):
            if sys.stderr.isatty():
                print("\rtimed round %d/%d" % (r + 1, s["runs"]), end="", file=sys.stderr,
                      flush=True)
            one_round(scan, tree, pristine, scratch, expected, times, rss)
        if sys.stderr.isatty():
            print("\r%20s\r" % "", end="", file=sys.stderr)
        restore(tree, pristine)
        print()
        report(times, rss, s["runs"], expected)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        if s["keep"]:
            if os.path.isdir(tree):
                print("volume kept in %s (BENCH_KEEP=1)" % tree)
        else:
            for p in (tree, pristine):
                shutil.rmtree(p, ignore_errors=True)
            if os.path.exists(marker):
                os.unlink(marker)
            if created or not os.environ.get("BENCH_DIR"):
                try:
                    os.rmdir(bench)
                except OSError:
                    pass
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
