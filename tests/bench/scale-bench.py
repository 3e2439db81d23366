#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""How blaster-scan's cost grows with hostile input (issue #11, "Bounded cost").

    scale-bench.py [path/to/blaster-scan]      (default build/src/cli/blaster-scan)

Two series, each at 1x, 2x and 4x the input, timed as the best of BENCH_RUNS runs (default 3):

  findings  a Windows disk with 1,024 / 2,048 / 4,096 empty files named msblast.exe, one in each
            of as many folders (every one a finding): `blaster-scan --json`
  services  a SYSTEM hive of 10,000 / 20,000 / 40,000 services, the worm's RpcPatch last
            (tests/hive/make-services-hive.py): `blaster-scan --quick --json`

It prints the seconds, the peak memory (ru_maxrss of the child) and each size's time as a ratio
of the 1x time: about 2 and 4 when the cost is linear (it was 4 and 17 for findings, 4 and 16
for services, when each new finding and each service was compared with or looked up among all
the others). For information only: no limit is checked, and it exits 0 whenever every run
worked. Needs python3-hivex (/usr/bin/python3) for the hive.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(os.path.dirname(HERE))
RUNS = int(os.environ.get("BENCH_RUNS", "3"))


def timed(argv):
    """The best wall time of RUNS runs of ARGV, and its largest peak RSS (KiB)."""
    best, peak = None, 0
    for _ in range(RUNS):
        start = time.monotonic()
        p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _pid, status, usage = os.wait4(p.pid, 0)
        took = time.monotonic() - start
        p.returncode = os.waitstatus_to_exitcode(status)
        if p.returncode not in (0, 1, 3):
            sys.exit("scale-bench: %s failed (exit %d)" % (" ".join(argv), p.returncode))
        best = took if best is None else min(best, took)
        peak = max(peak, usage.ru_maxrss)
    return best, peak


def findings_disk(base, n):
    root = os.path.join(base, "findings-%d" % n)
    config = os.path.join(root, "WINDOWS", "system32", "config")
    os.makedirs(config)
    for i in range(n):
        folder = os.path.join(root, "Documents and Settings", "u", "x%05d" % i)
        os.makedirs(folder)
        open(os.path.join(folder, "msblast.exe"), "wb").close()
    return root


def services_disk(base, n):
    root = os.path.join(base, "services-%d" % n)
    config = os.path.join(root, "WINDOWS", "system32", "config")
    os.makedirs(config)
    subprocess.run(["/usr/bin/python3", os.path.join(SOURCE, "tests", "hive",
                                                     "make-services-hive.py"),
                    os.path.join(config, "SYSTEM"), str(n), "--worm"],
                   check=True, stdout=subprocess.DEVNULL)
    return root


def series(name, sizes, make, args, scanner, base):
    print("%-9s %8s %9s %10s %7s" % (name, "input", "seconds", "peak KiB", "ratio"))
    first = None
    for n in sizes:
        root = make(base, n)
        seconds, rss = timed([scanner, *args, root])
        first = first or seconds
        print("%-9s %8d %9.3f %10d %7.2f" % ("", n, seconds, rss, seconds / first))
        shutil.rmtree(root)
    sys.stdout.flush()


def main(argv):
    scanner = argv[1] if len(argv) > 1 else os.path.join(SOURCE, "build", "src", "cli",
                                                         "blaster-scan")
    if not os.access(scanner, os.X_OK):
        sys.exit("scale-bench: no blaster-scan at %s (build first, or name it)" % scanner)
    with tempfile.TemporaryDirectory(prefix="blaster-scale-bench.") as base:
        series("findings", (1024, 2048, 4096), findings_disk, ("--json",), scanner, base)
        series("services", (10000, 20000, 40000), services_disk, ("--quick", "--json"), scanner,
               base)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
