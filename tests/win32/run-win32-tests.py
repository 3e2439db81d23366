#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""blaster-scan.exe, the Windows build, run under Wine on fixture folders (TAP).

Each case builds a folder tree (empty files with worm *names*), runs the real .exe under Wine in
a fresh WINEPREFIX, with the tree reached through Wine's Z: drive, and checks what a technician
relies on: the exit status, the verdict, the findings as Windows paths, the real Windows programs
left alone, and the plain statement that a disk's registry is not read on Windows. The live
checks of a running Windows (no PATH) are run-win32-live-tests.py's.

  run-win32-tests.py --exe build-win/src/cli/blaster-scan.exe [--case NAME]
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

TIMEOUT = 120


def wine_path(path):
    return "Z:" + path.replace("/", "\\")


class Run:
    def __init__(self, exe, prefix):
        self.exe, self.prefix = exe, prefix

    def env(self):
        env = dict(os.environ, WINEPREFIX=self.prefix, WINEDEBUG="-all", LANG="C.UTF-8",
                   LC_ALL="C.UTF-8", WINEDLLOVERRIDES="mscoree,mshtml=")
        env.pop("DISPLAY", None)
        return env

    def boot(self):
        """Makes the prefix before the first case: a first `wine` that has to make it races
        Wine's own set-up ("could not load kernel32.dll")."""
        subprocess.run(["wineboot", "-i"], env=self.env(), timeout=300,
                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)

    def __call__(self, *args):
        # Files, not pipes: a run that starts Wine's server passes its stdout and stderr on to
        # the server and Wine's services, which keep them open long after the .exe has ended.
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            p = subprocess.Popen(["wine", self.exe, *args], stdin=subprocess.DEVNULL,
                                 stdout=out, stderr=err, env=self.env())
            try:
                status = p.wait(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
                raise
            out.seek(0)
            err.seek(0)
            return status, out.read(), err.read()


def touch(root, *rels):
    for rel in rels:
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        open(path, "xb").close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--exe", required=True)
    ap.add_argument("--case", action="append")
    args = ap.parse_args()
    if not shutil.which("wine"):
        print("Bail out! wine is not installed (Debian packages wine and wine64)")
        return 2

    work = tempfile.mkdtemp(prefix="blaster-win32-")
    run = Run(os.path.abspath(args.exe), os.path.join(work, "prefix"))
    run.boot()
    results = []

    def case(name, fn):
        if args.case and name not in args.case:
            return
        problems = []
        root = os.path.join(work, name)
        os.makedirs(root)
        try:
            fn(root, problems)
        except Exception as e:  # a bug in the test or a hang: reported, the others go on
            problems.append(f"the case itself failed: {e!r}")
        results.append((name, problems))

    def scan_json(root, problems, want_status):
        status, out, err = run("--json", wine_path(root))
        if status != want_status:
            problems.append(f"exit status {status}, expected {want_status}; stderr: "
                            f"{err.decode(errors='replace')[-400:]!r}")
        try:
            return json.loads(out)
        except ValueError as e:
            problems.append(f"no valid JSON on stdout ({e}): {out[:200]!r}")
            return {}

    # If this breaks: an infected XP disk attached to a Windows PC looks clean to the technician.
    def infected(root, problems):
        touch(root, "WINDOWS/system32/msblast.exe", "WINDOWS/system32/wins/dllhost.exe",
              "WINDOWS/system32/dllhost.exe", "WINDOWS/system32/svchost.exe",
              "WINDOWS/system32/kernel32.dll")
        report = scan_json(root, problems, 1)
        if report.get("verdict", {}).get("infection") != "infected":
            problems.append(f"verdict {report.get('verdict')!r}, expected infected")
        found = sorted(f.get("location") for f in report.get("findings", []))
        want = sorted([wine_path(os.path.join(root, "WINDOWS/system32/msblast.exe")),
                       wine_path(os.path.join(root, "WINDOWS/system32/wins/dllhost.exe"))])
        if found != want:
            problems.append(f"findings at {found}, expected {want} (Windows paths; the real "
                            "dllhost.exe and svchost.exe in System32 left alone)")
        reasons = " ".join(report.get("verdict", {}).get("reasons", []))
        if "cannot read an attached disk's registry" not in reasons:
            problems.append("the report does not say plainly that the disk's registry is not "
                            f"read on Windows: {reasons!r}")

    # If this breaks: every healthy PC's own programs are reported as the worm.
    def clean(root, problems):
        touch(root, "WINDOWS/system32/dllhost.exe", "WINDOWS/system32/svchost.exe",
              "WINDOWS/system32/dllcache/svchost.exe", "Documents and Settings/user/letter.doc")
        report = scan_json(root, problems, 0)
        if report.get("findings") != []:
            problems.append(f"findings {report.get('findings')!r}, expected none")

    # If this breaks: a worm name deep in a long path (over MAX_PATH) is missed on Windows.
    def long_path(root, problems):
        rel = "/".join(f"folder-{i:03d}-with-a-long-name" for i in range(12)) + "/teekids.exe"
        touch(root, rel)
        report = scan_json(root, problems, 1)
        found = [f.get("location", "") for f in report.get("findings", [])]
        if not any(loc.endswith("\\teekids.exe") and len(loc) > 260 for loc in found):
            problems.append(f"the file at a path of {len(rel)} characters was not found: {found}")

    # If this breaks: a typo in the path gives a report instead of an error for the script.
    def missing(root, problems):
        status, out, err = run("--json", wine_path(os.path.join(root, "no-such-disk")))
        if status != 2 or out.strip():
            problems.append(f"exit {status} with stdout {out[:100]!r}: expected 2 and no report")

    case("infected", infected)
    case("clean", clean)
    case("long-path", long_path)
    case("missing", missing)

    print(f"1..{len(results)}")
    failed = 0
    for i, (name, problems) in enumerate(results, 1):
        print(f"{'not ok' if problems else 'ok'} {i} - {name}")
        for p in problems:
            print(f"# {p}")
        failed += bool(problems)
    subprocess.run(["wineserver", "-k"], env=dict(os.environ, WINEPREFIX=run.prefix),
                   capture_output=True)
    shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
