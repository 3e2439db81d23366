#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""image-bench.py: blaster-scan on an NTFS disk image (MFT order) against fd and bfs on the same
image mounted with ntfs-3g (issue #13).

    tests/bench/image-bench.py [PATH-TO-BLASTER-SCAN]

Builds an NTFS image (mkntfs) holding a tree of BENCH_FILES empty files shaped like a Windows XP
disk (make-tree.py, written through an ntfs-3g mount; msblast.exe and teekids.exe planted, empty
files: no worm bytes), then, per round, cold (the page cache dropped before each run:
/proc/sys/vm/drop_caches, root) and warm (after a warm-up run):

  blaster-scan --json IMAGE      the whole check, its volume pass in MFT order
  fd -j1 / bfs                   the walk-bench search over the same image mounted (ntfs-3g,
                                 read-only), the mount made afresh for each cold run

It prints the median wall time and peak RSS of each, the ratios blaster-scan / fd and
blaster-scan / bfs, and the goals (cold <= 0.25 x fd, warm <= 0.5 x fd; peak memory <= 32 MiB
at 1,000,000 entries). Every run is checked: blaster-scan finds msblast.exe and teekids.exe, fd
and bfs find the same planted files; otherwise exit 1. The goals are for information: exit 0
whenever every run worked; 2 when a tool is missing or this is not root (mkntfs and ntfs-3g's
mount need it).

Environment: BENCH_FILES (default 150000), BENCH_RUNS (default 5), BENCH_DIR (default
${TMPDIR:-/tmp}/blaster-image-bench.UID), BENCH_KEEP=1 keeps the image for the next run (an
image of the same BENCH_FILES there is reused).
"""
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SEARCHED = ["msblast", "penis32", "teekids", "mspatch", "mslaugh", "enbiei", "dllhost", "svchost"]


def fail(status, message):
    print(f"image-bench: {message}", file=sys.stderr)
    sys.exit(status)


def run(argv, check=True, **kw):
    p = subprocess.run(argv, capture_output=True, **kw)
    if check and p.returncode != 0:
        fail(1, f"{' '.join(argv)} failed ({p.returncode}): "
                f"{p.stderr.decode(errors='replace').strip()[-400:]}")
    return p


def drop_caches():
    try:
        os.sync()
        with open("/proc/sys/vm/drop_caches", "w") as f:
            f.write("3\n")
        return True
    except OSError:
        return False


def timed(argv, ok=(0,)):
    """Wall time, peak RSS (KiB, GNU time) and stdout of ARGV."""
    start = time.monotonic()
    p = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", "/dev/stderr", *argv],
                       capture_output=True)
    took = time.monotonic() - start
    if p.returncode not in ok:
        fail(1, f"{' '.join(argv)} exited {p.returncode}: "
                f"{p.stderr.decode(errors='replace').strip()[-400:]}")
    rss = int(p.stderr.decode().strip().splitlines()[-1])
    return took, rss, p.stdout.decode(errors="replace")


def build(image, mnt, files):
    marker = image + ".files"
    if os.path.exists(image) and os.path.exists(marker):
        with open(marker) as f:
            if f.read().strip() == str(files):
                print(f"reusing {image} ({files} files)", flush=True)
                return
    start = time.monotonic()
    with open(image, "wb") as f:
        f.truncate(max(1 << 30, files * 6 * 1024))
    run(["mkntfs", "-F", "-q", "-f", "-L", "WINXP", image])
    run(["ntfs-3g", image, mnt])
    try:
        tree = os.path.join(mnt, "tree")
        out = run([sys.executable, os.path.join(HERE, "make-tree.py"), tree, str(files)])
        for entry in os.listdir(tree):
            os.rename(os.path.join(tree, entry), os.path.join(mnt, entry))
        os.rmdir(tree)
    finally:
        run(["umount", mnt])
    with open(marker, "w") as f:
        f.write(f"{files}\n")
    print(f"built in {time.monotonic() - start:.0f} s: {out.stdout.decode().strip()}", flush=True)


def searches(mnt):
    regex = "^(%s)\\.exe$" % "|".join(SEARCHED)
    expr = []
    for n in SEARCHED:
        expr += (["-o"] if expr else []) + ["-iname", n + ".exe"]
    return [("fd -j1", ["fdfind", "-j1", "-u", "-i", "-H", "--regex", regex, mnt]),
            ("bfs", ["bfs", mnt] + expr)]


def main():
    scan = sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, "build/src/cli/blaster-scan")
    files = int(os.environ.get("BENCH_FILES", "150000"))
    runs = int(os.environ.get("BENCH_RUNS", "5"))
    where = os.environ.get("BENCH_DIR") or os.path.join(
        os.environ.get("TMPDIR", "/tmp"), f"blaster-image-bench.{os.getuid()}")
    keep = os.environ.get("BENCH_KEEP") == "1"
    for tool in ("mkntfs", "ntfs-3g", "fdfind", "bfs"):
        if not shutil.which(tool):
            fail(2, f"{tool} is missing (build-aux/deps.sh test installs it)")
    if not os.path.exists("/usr/bin/time"):
        fail(2, "GNU time is missing (package time)")
    if os.geteuid() != 0:
        fail(2, "mkntfs and the ntfs-3g mount need root")
    if not os.access(scan, os.X_OK):
        fail(2, f"no blaster-scan at {scan}")
    os.makedirs(where, exist_ok=True)
    image, mnt = os.path.join(where, "winxp-ntfs.img"), os.path.join(where, "mnt")
    os.makedirs(mnt, exist_ok=True)
    build(image, mnt, files)
    can_drop = drop_caches()
    print(f"image:   {image} ({os.path.getsize(image) >> 20} MiB, {files} files)")
    print(f"scanner: {scan}")
    print("cold:    " + ("the page cache dropped before each run" if can_drop else
                         "NOT measured: /proc/sys/vm/drop_caches is not writable here"))

    times, rss = {}, {}

    def note(label, took, kib):
        times.setdefault(label, []).append(took)
        rss[label] = max(rss.get(label, 0), kib)

    def check_scan(out, label):
        if not (re.search(r"msblast\.exe", out) and re.search(r"teekids\.exe", out)):
            fail(1, f"{label}: blaster-scan did not find msblast.exe and teekids.exe")

    def one(temp, label_suffix):
        if temp == "cold":
            drop_caches()
        took, kib, out = timed([scan, "--json", image], ok=(1,))
        check_scan(out, "blaster-scan")
        note("blaster-scan (image, MFT order)" + label_suffix, took, kib)
        run(["ntfs-3g", "-o", "ro", image, mnt])
        try:
            for label, argv in searches(mnt):
                if temp == "cold":
                    run(["umount", mnt])
                    drop_caches()
                    run(["ntfs-3g", "-o", "ro", image, mnt])
                took, kib, out = timed(argv)
                found = sorted(os.path.basename(x).lower() for x in out.split())
                if "msblast.exe" not in found or "teekids.exe" not in found:
                    fail(1, f"{label} did not find the planted files: {found}")
                note(label + " (ntfs-3g mount)" + label_suffix, took, kib)
        finally:
            run(["umount", mnt])

    try:
        for temp in (["cold"] if can_drop else []) + ["warm"]:
            if temp == "warm":
                one("warm", " warm")  # the warm-up, not counted
                for k in [k for k in times if k.endswith(" warm")]:
                    times[k] = []
            for _ in range(runs):
                one(temp, " " + temp)
    finally:
        if not keep:
            shutil.rmtree(where, ignore_errors=True)

    med = {k: statistics.median(v) for k, v in times.items() if v}
    print()
    print("%-48s %9s %13s" % ("", "median s", "peak RSS MiB"))
    for k in med:
        print("%-48s %9.3f %13.1f" % (k, med[k], rss[k] / 1024))
    print()
    for temp, goal in (("cold", 0.25), ("warm", 0.5)):
        s = med.get(f"blaster-scan (image, MFT order) {temp}")
        fd = med.get(f"fd -j1 (ntfs-3g mount) {temp}")
        bfs = med.get(f"bfs (ntfs-3g mount) {temp}")
        if s is None:
            continue
        print(f"{temp}: blaster-scan / fd -j1 = {s / fd:.2f} x, / bfs = {s / bfs:.2f} x; "
              f"goal <= {goal} x fd: {'met' if s / fd <= goal else 'missed'}")
    peak = max(v for k, v in rss.items() if k.startswith("blaster-scan")) / 1024
    print(f"peak memory of blaster-scan: {peak:.1f} MiB at {files} files "
          "(goal <= 32 MiB at 1,000,000 entries)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
