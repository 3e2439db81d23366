#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Snapshot tests of the blaster-scan command line (DESIGN.md, "blaster-scan contract").

Each case builds its fixture tree in a fresh temporary folder (empty files that carry worm
*names*, never worm bytes), runs blaster-scan on it, normalizes the output and compares it with
tests/cli/snapshots/<case>.txt (text report) and/or <case>.json (JSON report). Besides the
snapshot, each case asserts what a user or a script relies on: the exit status, the verdict, the
(severity, kind, location) of every finding from the --json run, and errors[] where relevant.

Output is TAP, one line per case. Usage:
  run-cli-tests.py [--scanner FILE] [--build-root DIR] [--source-root DIR]
                   [--case NAME]... [--update] [--keep]
  --update  re-records the snapshots (read every changed one before committing: a snapshot is
            an assertion)
  --keep    leaves the fixture folders in place and names them, for debugging

Normalized in snapshots: the fixture root -> @ROOT@, its parent temp folder -> @TMP@, the
folder outside the volume -> @OUTSIDE@, "seconds" -> 0, "checked in X s" -> 0.0, the tool's
version -> @VERSION@, the catalogue's SHA-256 (full, and the 16-digit prefix of the text
report) -> @SHA256@, the built-in catalogue's version -> @RULES_VERSION@ (so that a new
catalogue does not rewrite every snapshot; the SHA-256 and version are asserted separately).
"""

import copy
import difflib
import gettext
import hashlib
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "hive"))
sys.path.insert(0, os.path.dirname(HERE))  # tests/: tap_cases.py
import make_hive  # noqa: E402  (real hive files, read back by an independent reader)
import tap_cases  # noqa: E402  (the TAP loop and what both runners check alike)
from tap_cases import (EXIT_CLEAN, EXIT_ERROR, EXIT_EVIDENCE, Fatal,  # noqa: E402
                       Result, english_env, parse_report)
SNAPSHOTS = os.path.join(HERE, "snapshots")
TIMEOUT = 60  # seconds per scanner run: a scan that hangs (a FIFO opened, a loop) fails
NOBODY = 65534

# Healthy registry hives for fixture disks (tests/hive/make_hive.py's SPEC format).
def _software(product, version, build, sp):
    return {"keys": {"Microsoft": {"keys": {
        "Windows NT": {"keys": {"CurrentVersion": {"values": {
            "ProductName": product, "CurrentVersion": version, "CurrentBuildNumber": build,
            "CSDVersion": sp}}}},
        "Windows": {"keys": {"CurrentVersion": {"keys": {"Run": {"values": {
            "ctfmon.exe": "C:\\WINDOWS\\system32\\ctfmon.exe"}}}}}},
    }}}}


SOFTWARE_XP_SP2 = _software("Microsoft Windows XP", "5.1", "2600", "Service Pack 2")
SOFTWARE_2000_SP4 = _software("Microsoft Windows 2000", "5.0", "2195", "Service Pack 4")
SYSTEM_HIVE = {"keys": {
    "Select": {"values": {"Current": 1}},
    "ControlSet001": {"keys": {"Services": {"keys": {
        "RpcSs": {"values": {"ImagePath": {"expand_sz": "%SystemRoot%\\system32\\svchost -k rpcss"}}},
        "Tcpip": {"values": {"ImagePath": {"expand_sz": "system32\\DRIVERS\\tcpip.sys"}}},
    }}}},
}}
USER_HIVE = {"keys": {"Software": {"keys": {"Microsoft": {"keys": {"Windows": {"keys": {
    "CurrentVersion": {"keys": {"Run": {}}}}}}}}}}}

# The JSON keys DESIGN.md promises to scripts.
CONTRACT = {
    "tool": ["name", "version", "rules"],
    "tool.rules": ["version", "sha256"],
    "target": ["kind", "root", "windows_dir", "os", "windows"],
    "target.os": ["product", "version", "service_pack"],
    "verdict": ["infection", "vulnerability", "reasons"],
    "stats": ["entries", "seconds"],
}
FINDING_KEYS = ["kind", "family", "variant", "location", "windows_location", "severity", "reason"]
PATCH_KEYS = ["id", "bulletin", "status"]
ERROR_KEYS = ["location", "message"]

JAPANESE = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")


class Suite(tap_cases.Suite):
    """What every case shares: the scanner, the built-in catalogue, the options."""

    TIMEOUT = TIMEOUT

    def __init__(self, args):
        self.build_root = os.path.abspath(args.build_root)
        self.update = args.update
        super().__init__(args)


class Case(tap_cases.Case):
    """One case: its temp folders, its runs, the problems found so far."""

    TEMP_PREFIX = "blaster-cli"

    def __init__(self, suite, name):
        self.locked = []  # folders chmod 000, opened up again before removal
        super().__init__(suite, name)
        self.replacements = []  # (text, placeholder), most specific first
        self.shas = [suite.rules_sha256]
        self.nobody_scanner = None

    # --- fixtures -------------------------------------------------------------------------

    def touch(self, *rels):
        """Creates empty files (and their folders): a name is all the scanner looks at.

        A Windows disk has registry hives, and the scanner reads them: a fixture that puts files
        in a Windows folder's System32 gets a real, healthy SOFTWARE and SYSTEM hive there, and
        a user's NTUSER.DAT is a real (empty) user hive.
        """
        for rel in rels:
            p = self.path(rel)
            os.makedirs(os.path.dirname(p), 0o755, exist_ok=True)
            parts = rel.split("/")
            if parts[-1].upper() == "NTUSER.DAT":
                make_hive.build(p, USER_HIVE)
            elif len(parts) == 4 and [x.lower() for x in parts[1:3]] == ["system32", "config"] \
                    and parts[3].upper() in ("SOFTWARE", "SYSTEM"):
                self.hive(parts[0], parts[1], parts[3])
            else:
                with open(p, "xb"):
                    pass
            if len(parts) >= 3 and parts[1].lower() == "system32" \
                    and parts[0].upper() in ("WINDOWS", "WINNT"):
                for name in ("SOFTWARE", "SYSTEM"):
                    self.hive(parts[0], parts[1], name)

    def hive(self, windows, system32, name):
        """WINDOWS/system32/config/NAME as a healthy hive of that Windows (2000 in WINNT)."""
        p = self.path(f"{windows}/{system32}/config/{name}")
        if os.path.exists(p):
            return
        os.makedirs(os.path.dirname(p), 0o755, exist_ok=True)
        if name == "SYSTEM":
            make_hive.build(p, SYSTEM_HIVE)
        else:
            make_hive.build(p, SOFTWARE_2000_SP4 if windows.upper() == "WINNT" else SOFTWARE_XP_SP2)

    def cleanup(self):
        for d in self.locked:
            try:
                os.chmod(d, 0o755)
            except OSError:
                pass
        super().cleanup()

    # --- runs -----------------------------------------------------------------------------

    def run(self, *args, env=None, as_nobody=False):
        scanner = self.suite.scanner
        prefix = []
        if as_nobody and os.geteuid() == 0:
            scanner = self.scanner_for_nobody()
            prefix = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", "--"]
        argv = prefix + [scanner] + [os.fsdecode(a) if isinstance(a, bytes) else a for a in args]
        try:
            p = subprocess.run(argv, capture_output=True, timeout=TIMEOUT, cwd=self.base,
                               env=env if env is not None else english_env(),
                               stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise Fatal(f"blaster-scan {' '.join(args)} did not finish within {TIMEOUT} s "
                        "(the scan hangs)")
        return Result(args, p.returncode, p.stdout, p.stderr)

    def scanner_for_nobody(self):
        """The scanner, or a copy that nobody can reach when the build folder is private."""
        if self.nobody_scanner:
            return self.nobody_scanner
        probe = subprocess.run(
            ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", "--",
             self.suite.scanner, "--version"],
            capture_output=True, timeout=TIMEOUT, cwd=self.base, env=english_env())
        if probe.returncode == 0:
            self.nobody_scanner = self.suite.scanner
        else:
            copy = os.path.join(self.base, "blaster-scan")
            shutil.copyfile(self.suite.scanner, copy)
            os.chmod(copy, 0o755)
            self.nobody_scanner = copy
        return self.nobody_scanner

    def scan_json(self, *args, **kw):
        """Runs with --json; the report must parse (which proves it is valid JSON and UTF-8)."""
        r = self.run("--json", *args, **kw)
        report = parse_report(r, f"blaster-scan --json {' '.join(map(str, args))}")
        self.check_contract(report, " ".join(map(str, args)))
        if "--rules" not in args:
            self.check_builtin_rules(report)
        return r, report

    def scan_text(self, *args, **kw):
        r = self.run(*args, **kw)
        try:
            r.text = r.stdout.decode("utf-8")
        except UnicodeDecodeError as e:
            self.fail(f"the text report is not valid UTF-8 ({e}): a terminal shows garbage")
            r.text = r.stdout.decode("utf-8", "backslashreplace")
        return r

    # --- assertions -----------------------------------------------------------------------

    def check_contract(self, report, what):
        self.check_json_keys(report, f"JSON ({what})", CONTRACT,
                             (("findings", FINDING_KEYS), ("patches", PATCH_KEYS),
                              ("errors", ERROR_KEYS)))
        tool = report.get("tool", {})
        self.check(tool.get("name") == "blaster-scan",
                   f"JSON ({what}): tool.name is {tool.get('name')!r}, not 'blaster-scan'")
        self.check(tool.get("version") == self.suite.version,
                   f"JSON ({what}): tool.version is {tool.get('version')!r}, but --version says "
                   f"{self.suite.version!r}")

    def check_builtin_rules(self, report):
        rules = report.get("tool", {}).get("rules", {})
        self.check(rules.get("sha256") == self.suite.rules_sha256,
                   f"tool.rules.sha256 is {rules.get('sha256')!r}, not the SHA-256 of "
                   f"data/rules/blaster.rules ({self.suite.rules_sha256}): a report cannot be "
                   "traced to its catalogue")
        self.check(rules.get("version") == self.suite.rules_version,
                   f"tool.rules.version is {rules.get('version')!r}, not "
                   f"{self.suite.rules_version!r} as in data/rules/blaster.rules")

    def check_status(self, r, want, what=None):
        what = what or "blaster-scan " + " ".join(map(str, r.argv))
        self.check(r.status == want, f"{what}: " + self.status_message(r, want, "crash?"))

    # --- snapshots ------------------------------------------------------------------------

    def normalize(self, text):
        for old, new in self.replacements:
            text = text.replace(old, new)
        text = text.replace(self.root, "@ROOT@")
        text = text.replace(self.base, "@TMP@")
        for sha in self.shas:
            text = text.replace(sha, "@SHA256@").replace(sha[:16], "@SHA256@")
        text = text.replace(f'"version": "{self.suite.version}"', '"version": "@VERSION@"')
        text = text.replace(self.suite.rules_version, "@RULES_VERSION@")
        text = re.sub(r'("seconds": )[0-9.]+', r"\g<1>0", text)
        text = re.sub(r"(entr(?:y|ies) checked in )[0-9.]+( s)", r"\g<1>0.0\2", text)
        return text

    def snapshot(self, filename, output):
        """Compares the normalized OUTPUT with snapshots/FILENAME (or records it with --update)."""
        text = self.normalize(output)
        path = os.path.join(SNAPSHOTS, filename)
        if self.suite.update:
            os.makedirs(SNAPSHOTS, exist_ok=True)
            old = None
            if os.path.exists(path):
                with open(path, encoding="utf-8", newline="") as f:
                    old = f.read()
            if old != text:
                with open(path, "w", encoding="utf-8", newline="") as f:
                    f.write(text)
                print(f"# recorded snapshots/{filename}")
            return
        try:
            with open(path, encoding="utf-8", newline="") as f:
                want = f.read()
        except FileNotFoundError:
            self.fail(f"snapshots/{filename} does not exist; record it with --update after "
                      "reading the output it would hold")
            return
        if want != text:
            diff = difflib.unified_diff(want.splitlines(True), text.splitlines(True),
                                        f"snapshots/{filename}", "actual output")
            lines = [line.rstrip("\n") for line in diff]
            if len(lines) > 200:
                lines = lines[:200] + [f"… {len(lines) - 200} more diff lines"]
            self.fail(f"output differs from snapshots/{filename}:\n" + "\n".join(lines))


# --- fixtures shared by several cases -----------------------------------------------------

# A Windows XP disk as a technician would attach it: about 50 ordinary files.
XP_ORDINARY = [
    "boot.ini", "ntldr", "NTDETECT.COM", "AUTOEXEC.BAT", "CONFIG.SYS", "pagefile.sys",
    "WINDOWS/explorer.exe", "WINDOWS/regedit.exe", "WINDOWS/notepad.exe", "WINDOWS/win.ini",
    "WINDOWS/system.ini", "WINDOWS/WindowsUpdate.log", "WINDOWS/setuplog.txt",
    "WINDOWS/Prefetch/Layout.ini", "WINDOWS/Prefetch/NTOSBOOT-B00DFAAD.pf",
    "WINDOWS/Prefetch/SVCHOST.EXE-3530F672.pf", "WINDOWS/Prefetch/DLLHOST.EXE-1A6B0F5E.pf",
    "WINDOWS/Fonts/arial.ttf", "WINDOWS/Fonts/tahoma.ttf", "WINDOWS/Fonts/msgothic.ttc",
    "WINDOWS/inf/netrtl.inf", "WINDOWS/Help/windows.chm",
    "WINDOWS/system32/kernel32.dll", "WINDOWS/system32/ntdll.dll",
    "WINDOWS/system32/user32.dll", "WINDOWS/system32/gdi32.dll",
    "WINDOWS/system32/advapi32.dll", "WINDOWS/system32/rpcss.dll",
    "WINDOWS/system32/ole32.dll", "WINDOWS/system32/shell32.dll",
    "WINDOWS/system32/winlogon.exe", "WINDOWS/system32/lsass.exe",
    "WINDOWS/system32/services.exe", "WINDOWS/system32/csrss.exe",
    "WINDOWS/system32/smss.exe", "WINDOWS/system32/spoolsv.exe",
    "WINDOWS/system32/taskmgr.exe", "WINDOWS/system32/cmd.exe", "WINDOWS/system32/tftp.exe",
    "WINDOWS/system32/config/SYSTEM", "WINDOWS/system32/config/SOFTWARE",
    "WINDOWS/system32/config/SAM", "WINDOWS/system32/drivers/tcpip.sys",
    "WINDOWS/system32/drivers/afd.sys", "WINDOWS/system32/drivers/etc/hosts",
    "Program Files/Internet Explorer/iexplore.exe",
    "Program Files/Outlook Express/msimn.exe",
    "Program Files/Windows Media Player/wmplayer.exe",
    "Program Files/Common Files/System/ado/msado15.dll",
    "Documents and Settings/user/NTUSER.DAT",
    "Documents and Settings/user/My Documents/letter.doc",
    "Documents and Settings/user/Desktop/Windows Update.lnk",
    "Documents and Settings/All Users/Start Menu/desktop.ini",
]

# The real programs every healthy XP has: location is everything (DESIGN.md).
XP_REAL_PROGRAMS = ["WINDOWS/system32/dllhost.exe", "WINDOWS/system32/svchost.exe"]


def build_infected_xp(c):
    c.touch(*XP_ORDINARY, *XP_REAL_PROGRAMS)
    c.touch("WINDOWS/system32/msblast.exe",
            "WINDOWS/system32/wins/dllhost.exe",
            "WINDOWS/system32/drivers/svchost.exe",
            "WINDOWS/Prefetch/MSBLAST.EXE-1C3A3376.pf")


INFECTED_XP_FINDINGS = {
    ("infection", "file", "WINDOWS/system32/msblast.exe"),
    ("infection", "file", "WINDOWS/system32/wins/dllhost.exe"),
    ("infection", "file", "WINDOWS/system32/drivers/svchost.exe"),
    ("suspicious", "prefetch", "WINDOWS/Prefetch/MSBLAST.EXE-1C3A3376.pf"),
}


# --- the cases ----------------------------------------------------------------------------

CASES = tap_cases.CaseList()
case = CASES.case


# If this breaks: an infected XP disk looks clean, or every healthy PC's System32 is flagged.
@case("infected-xp")
def infected_xp(c):
    build_infected_xp(c)
    r, report = c.scan_json(c.root)
    c.check_status(r, EXIT_EVIDENCE)
    c.check_infection(report, "infected")
    c.check_findings(report, INFECTED_XP_FINDINGS)
    for real in XP_REAL_PROGRAMS:
        c.check(not any(f[2] == real for f in c.findings(report)),
                f"{real} (the real Windows program) is reported: every healthy PC would be flagged")
    variants = {c.rel(f["location"]): (f.get("family"), f.get("variant"))
                for f in report.get("findings", [])}
    for loc, want in (("WINDOWS/system32/msblast.exe", ("blaster", "A")),
                      ("WINDOWS/system32/wins/dllhost.exe", ("welchia", "A")),
                      ("WINDOWS/system32/drivers/svchost.exe", ("welchia", "B"))):
        c.check(variants.get(loc, want) == want,
                f"{loc} is named {variants.get(loc)}, expected {want}: the user looks up the "
                "wrong removal instructions")
    target = report.get("target", {})
    c.check(target.get("kind") == "offline",
            f"target.kind is {target.get('kind')!r}, not 'offline'")
    c.check(target.get("windows_dir") == c.path("WINDOWS"),
            f"target.windows_dir is {target.get('windows_dir')!r}, not the WINDOWS folder")
    c.check_no_errors(report)
    c.snapshot("infected-xp.json", r.stdout.decode())
    t = c.scan_text(c.root)
    c.check_status(t, EXIT_EVIDENCE)
    c.snapshot("infected-xp.txt", t.text)


# If this breaks: a Windows 2000 disk (WINNT) or a worm file written in capitals is missed.
@case("infected-2000-case")
def infected_2000_case(c):
    c.touch("WINNT/SYSTEM32/PENIS32.EXE", "WINNT/SYSTEM32/KERNEL32.DLL", "WINNT/WIN.INI",
            "Documents and Settings/Administrator/NTUSER.DAT")
    r, report = c.scan_json(c.root)
    c.check_status(r, EXIT_EVIDENCE)
    c.check_infection(report, "infected")
    c.check_findings(report, {("infection", "file", "WINNT/SYSTEM32/PENIS32.EXE")})
    wd = report.get("target", {}).get("windows_dir")
    c.check(wd == c.path("WINNT"), f"target.windows_dir is {wd!r}, not the WINNT folder")
    c.check_no_errors(report)
    t = c.scan_text(c.root)
    c.check_status(t, EXIT_EVIDENCE)
    c.snapshot("infected-2000-case.txt", t.text)


# If this breaks: the person is told to delete /media/…/WINDOWS/system32/msblast.exe or a hive
# file's path, names that do not exist on the PC where they remove the worm: every finding must
# also be named as that Windows names it (C:\\…, HKEY_LOCAL_MACHINE\\…, CurrentControlSet, a
# user's HKEY_CURRENT_USER), first in the text report, the disk path after it.
@case("windows-location")
def windows_location(c):
    run = {"keys": {"Run": {"values": {
        "windows auto update": "msblast.exe"}}}}
    software = _software("Microsoft Windows XP", "5.1", "2600", "Service Pack 1")
    software["keys"]["Microsoft"]["keys"]["Windows"]["keys"]["CurrentVersion"] = run
    system = {"keys": {
        "Select": {"values": {"Current": 2}},
        "ControlSet002": {"keys": {"Services": {"keys": {
            "RpcPatch": {"values": {"ImagePath": {
                "expand_sz": "%SystemRoot%\\system32\\wins\\dllhost.exe"}}}}}}},
    }}
    user = {"keys": {"Software": {"keys": {"Microsoft": {"keys": {"Windows": {"keys": {
        "CurrentVersion": {"keys": {"Run": {"values": {
            "windows auto update": "msblast.exe"}}}}}}}}}}}}
    for rel, spec in (("WINDOWS/system32/config/SOFTWARE", software),
                      ("WINDOWS/system32/config/SYSTEM", system),
                      ("Documents and Settings/alice/NTUSER.DAT", user)):
        os.makedirs(os.path.dirname(c.path(rel)), 0o755, exist_ok=True)
        make_hive.build(c.path(rel), spec)
    c.touch(*XP_ORDINARY, "WINDOWS/system32/msblast.exe")
    want = {
        "WINDOWS/system32/msblast.exe": ("C:\\WINDOWS\\system32\\msblast.exe", None),
        "WINDOWS/system32/config/SOFTWARE: Microsoft\\Windows\\CurrentVersion\\Run\\"
        "windows auto update":
            ("HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run\\"
             "windows auto update", None),
        "WINDOWS/system32/config/SYSTEM: ControlSet002\\Services\\RpcPatch":
            ("HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\RpcPatch", None),
        "Documents and Settings/alice/NTUSER.DAT: Software\\Microsoft\\Windows\\"
        "CurrentVersion\\Run\\windows auto update":
            ("HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\"
             "windows auto update", "alice"),
    }
    r, report = c.scan_json(c.root)
    c.check_status(r, EXIT_EVIDENCE)
    got = {c.rel(f["location"]): (f.get("windows_location"), f.get("windows_user"))
           for f in report.get("findings", [])}
    for loc, (windows, user) in want.items():
        c.check(loc in got, f"no finding at {loc} (found: {sorted(got)})")
        if loc in got:
            c.check(got[loc] == (windows, user),
                    f"{loc}: windows_location, windows_user are {got[loc]!r}, not "
                    f"{(windows, user)!r}")
    t = c.scan_text(c.root)
    c.check_status(t, EXIT_EVIDENCE)
    lines = t.text.splitlines()
    for loc, (windows, user) in want.items():
        heads = [i for i, line in enumerate(lines)
                 if line.startswith("  [") and line.endswith(": " + windows)]
        c.check(len(heads) == 1, f"text report: no finding line that names {windows}")
        if len(heads) == 1:
            disk = c.path(loc.split(": ")[0])
            after = lines[heads[0] + 1:heads[0] + 4]
            c.check(any(line.strip().startswith("On the attached disk: " + disk)
                        for line in after),
                    f"text report: the disk path {disk} does not follow {windows}")
            c.check(disk not in lines[heads[0]],
                    f"text report: the finding line names the disk path: {lines[heads[0]]}")
    c.check("      User: alice" in lines, "text report: alice's Run value does not name the user")

    # The root is the Windows folder itself: its own name still comes first.
    r, report = c.scan_json(c.path("WINDOWS"))
    files = [f.get("windows_location") for f in report.get("findings", []) if f["kind"] == "file"]
    c.check(files == ["C:\\WINDOWS\\system32\\msblast.exe"],
            f"the WINDOWS folder as the root: file findings are named {files}")

    # A folder with no Windows in it: no Windows names its files, so null, never a made-up C:.
    c.touch("loose/msblast.exe")
    r, report = c.scan_json(c.path("loose"))
    names = [f.get("windows_location", "missing") for f in report.get("findings", [])]
    c.check(names == [None], f"a folder with no Windows: windows_location is {names}, not [null]")


# If this breaks: a healthy XP disk (real dllhost/svchost copies everywhere) is called infected.
@case("clean-xp")
def clean_xp(c):
    c.touch(*XP_ORDINARY, *XP_REAL_PROGRAMS,
            "WINDOWS/system32/dllcache/dllhost.exe", "WINDOWS/system32/dllcache/svchost.exe",
            "WINDOWS/ServicePackFiles/i386/svchost.exe",
            "WINDOWS/$NtServicePackUninstall$/dllhost.exe")
    r, report = c.scan_json(c.root)
    c.check_status(r, EXIT_CLEAN)
    c.check_infection(report, "clean")
    c.check_findings(report, set())
    c.check_no_errors(report)
    c.snapshot("clean-xp.json", r.stdout.decode())
    t = c.scan_text(c.root)
    c.check_status(t, EXIT_CLEAN)
    c.snapshot("clean-xp.txt", t.text)


# If this breaks: --quick misses System32 or walks the whole disk; a full scan misses user folders.
@case("quick")
def quick(c):
    c.touch("WINDOWS/system32/msblast.exe", "WINDOWS/system32/kernel32.dll",
            "Documents and Settings/user/teekids.exe",
            "Documents and Settings/user/My Documents/letter.doc")
    system32 = ("infection", "file", "WINDOWS/system32/msblast.exe")
    teekids = ("suspicious", "file", "Documents and Settings/user/teekids.exe")
    r, report = c.scan_json("--quick", c.root)
    c.check_status(r, EXIT_EVIDENCE)
    c.check_infection(report, "infected")
    c.check_findings(report, {system32}, "--quick findings")
    c.check(report.get("stats", {}).get("quick") is True, "--quick: stats.quick is not true")
    r, report = c.scan_json(c.root)
    c.check_status(r, EXIT_EVIDENCE)
    c.check_infection(report, "infected")
    c.check_findings(report, {system32, teekids}, "full-scan findings")
    t = c.scan_text("--quick", c.root)
    c.check_status(t, EXIT_EVIDENCE)
    c.check("quick scan" in t.text, "--quick: the text report does not say the scan was quick")
    c.snapshot("quick.txt", t.text)
    t = c.scan_text(c.root)
    c.check_status(t, EXIT_EVIDENCE)
    c.snapshot("quick.full.txt", t.text)


# If this breaks: a worm name on a USB stick or in downloads (no Windows folder) goes unreported.
@case("plain-folder")
def plain_folder(c):
    c.touch("downloads/mslaugh.exe", "downloads/setup.exe", "downloads/readme.txt",
            "photos/2003-08-11.jpg")
    r, report = c.scan_json(c.root)
    c.check_status(r, EXIT_EVIDENCE)
    c.check_infection(report, "suspicious")
    c.check_findings(report, {("suspicious", "file", "downloads/mslaugh.exe")})
    target = report.get("target", {})
    c.check(target.get("kind") == "folder", f"target.kind is {target.get('kind')!r}, not 'folder'")
    c.check(target.get("windows_dir") is None,
            f"target.windows_dir is {target.get('windows_dir')!r}, expected null")
    c.check_no_errors(report)
    # --quick has no known places to check in a plain folder: the folder is searched whole.
    r, report = c.scan_json("--quick", c.root)
    c.check_status(r, EXIT_EVIDENCE, "blaster-scan --quick on a plain folder")
    c.check_findings(report, {("suspicious", "file", "downloads/mslaugh.exe")},
                     "--quick findings in a plain folder")
    t = c.scan_text(c.root)
    c.check_status(t, EXIT_EVIDENCE)
    c.snapshot("plain-folder.txt", t.text)


# If this breaks: a folder that happens to be named msblast.exe is reported as the worm.
@case("folder-is-a-folder")
def folder_is_a_folder(c):
    c.mkdir("WINDOWS/system32/msblast.exe")
    c.touch("WINDOWS/system32/msblast.exe/readme.txt", "WINDOWS/system32/kernel32.dll")
    r, report = c.scan_json(c.root)
    c.check_status(r, EXIT_CLEAN)
    c.check_infection(report, "clean")
    c.check_findings(report, set())
    c.check_no_errors(report)
    t = c.scan_text(c.root)
    c.check_status(t, EXIT_CLEAN)
    c.snapshot("folder-is-a-folder.txt", t.text)


# If this breaks: a strange disk hangs the scan, leaks off the disk, or loses/garbles file names.
@case("hostile")
def hostile(c):
    outside = c.mkdtemp()
    c.replacements.append((outside, "@OUTSIDE@"))
    with open(os.path.join(outside, "msblast.exe"), "xb"):
        pass
    c.touch("WINDOWS/system32/kernel32.dll", "a/notes.txt")
    os.symlink("..", c.path("a/loop"))  # a/loop/a/loop/… for ever, if links were followed
    os.symlink(outside, c.path("out"))  # off the volume: its msblast.exe must not be found
    # A link in the worm's own folder: not a program, whatever it points at.
    os.symlink(os.path.join(outside, "msblast.exe"), c.path("WINDOWS/system32/msblast.exe"))
    # A FIFO with the worm's name (in other case, as Windows would not care): opening it would
    # block for ever.
    os.mkfifo(c.path("WINDOWS/system32/MSBLAST.EXE"), 0o644)

    # 300 folders of 25+ bytes each: about 9 KB of path, far beyond PATH_MAX (4096).
    names = [f"deep-{i:03d}-padding-padding" for i in range(300)]
    fd = os.open(c.root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for name in names:
            os.mkdir(name, 0o755, dir_fd=fd)
            nfd = os.open(name, os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
            os.close(fd)
            fd = nfd
        os.close(os.open("enbiei.exe", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644, dir_fd=fd))
    finally:
        os.close(fd)
    deep = "/".join(names)
    c.replacements.insert(0, (deep, "@300-DEEP-FOLDERS@"))

    bad = os.path.join(os.fsencode(c.root), b"bad\xff\xfe")
    os.mkdir(bad, 0o755)
    with open(os.path.join(bad, b"mspatch.exe"), "xb"):
        pass
    c.touch("ウイルス/msblast.exe")

    r, report = c.scan_json(c.root)
    c.check_status(r, EXIT_EVIDENCE)
    # Only name matches outside the worm's folders remain: suspicious, not infected.
    c.check_infection(report, "suspicious")
    c.check_findings(report, {
        ("suspicious", "file", deep + "/enbiei.exe"),
        ("suspicious", "file", "bad\\xFF\\xFE/mspatch.exe"),
        ("suspicious", "file", "ウイルス/msblast.exe"),
    })
    locations = [f.get("location", "") for f in report.get("findings", [])]
    c.check(c.path(deep + "/enbiei.exe") in locations,
            "the full location of the file 300 folders down is not in the JSON report")
    c.check(any("bad\\xFF\\xFE" in loc for loc in locations),
            "the non-UTF-8 folder name is not shown as the text \\xFF\\xFE in the JSON report")
    c.check(c.path("ウイルス/msblast.exe") in locations,
            "the Japanese folder name is not the exact UTF-8 name in the JSON report")
    c.check(not any(outside in loc or "/out/" in loc for loc in locations),
            "a file outside the volume, reached through a link, is reported")
    for name in ("msblast.exe", "MSBLAST.EXE"):
        c.check(c.path("WINDOWS/system32/" + name) not in locations,
                f"WINDOWS/system32/{name} (a link or a FIFO, not a program) is reported as a file")
    c.check_no_errors(report)
    c.snapshot("hostile.json", r.stdout.decode())
    t = c.scan_text(c.root)
    c.check_status(t, EXIT_EVIDENCE)
    c.check("bad\\xFF\\xFE/mspatch.exe" in t.text,
            "the text report does not show the non-UTF-8 name as \\xFF\\xFE")
    c.snapshot("hostile.txt", t.text)


# If this breaks: an unreadable folder is silently skipped and the disk called clean.
@case("unreadable")
def unreadable(c):
    c.touch("locked/msblast.exe", "readable/notes.txt")
    os.chmod(c.path("locked"), 0)
    c.locked.append(c.path("locked"))
    r, report = c.scan_json(c.root, as_nobody=True)
    c.check_status(r, EXIT_CLEAN)
    c.check_infection(report, "incomplete")
    c.check_findings(report, set())
    errors = [(c.rel(e.get("location", "")), e.get("code")) for e in report.get("errors", [])]
    c.check(errors == [("locked", "EACCES")],
            f"errors[] is {errors}, expected [('locked', 'EACCES')]: the user is not told which "
            "folder could not be checked")
    t = c.scan_text(c.root, as_nobody=True)
    c.check_status(t, EXIT_CLEAN)
    c.check(re.search(r"^Could not check:\n  " + re.escape(c.path("locked")) + ": ",
                      t.text, re.M),
            "the text report has no 'Could not check' section naming the locked folder")
    c.snapshot("unreadable.txt", t.text)


# If this breaks: a Windows disk whose System32 cannot be read passes for a plain folder, or the
# error names the wrong place, or one locked worm folder is counted twice.
@case("unreadable-windows")
def unreadable_windows(c):
    c.touch("WINDOWS/system32/wins/dllhost.exe", "WINDOWS/system32/kernel32.dll",
            "WINDOWS/explorer.exe")
    os.chmod(c.path("WINDOWS/system32"), 0)
    c.locked.append(c.path("WINDOWS/system32"))
    r, report = c.scan_json(c.root, as_nobody=True)
    c.check_status(r, EXIT_CLEAN)
    c.check_infection(report, "incomplete")
    target = report.get("target", {})
    c.check(target.get("kind") == "offline" and target.get("windows_dir") == c.path("WINDOWS"),
            f"target is {target.get('kind')!r} with windows_dir {target.get('windows_dir')!r}: "
            "a Windows disk with a locked System32 is still a Windows disk")
    errors = [(c.rel(e.get("location", "")), e.get("code")) for e in report.get("errors", [])]
    c.check(errors == [("WINDOWS/system32", "EACCES")],
            f"errors[] is {errors}, expected [('WINDOWS/system32', 'EACCES')]")

    os.chmod(c.path("WINDOWS/system32"), 0o755)
    os.chmod(c.path("WINDOWS/system32/wins"), 0)
    c.locked.append(c.path("WINDOWS/system32/wins"))
    r, report = c.scan_json(c.root, as_nobody=True)
    c.check_infection(report, "incomplete")
    errors = [(c.rel(e.get("location", "")), e.get("code")) for e in report.get("errors", [])]
    c.check(errors == [("WINDOWS/system32/wins", "EACCES")],
            f"errors[] is {errors}, expected the locked wins folder once, at its full path")
    t = c.scan_text(c.root, as_nobody=True)
    c.check("1 place could not be checked" in t.text,
            "the text report does not say that exactly one place could not be checked")

    # The Windows folder itself locked: still a Windows disk, with that one place not checked.
    os.chmod(c.path("WINDOWS/system32/wins"), 0o755)
    os.chmod(c.path("WINDOWS"), 0)
    c.locked.append(c.path("WINDOWS"))
    r, report = c.scan_json(c.root, as_nobody=True)
    c.check_infection(report, "incomplete")
    target = report.get("target", {})
    c.check(target.get("kind") == "offline" and target.get("windows_dir") == c.path("WINDOWS"),
            f"with WINDOWS locked, target is {target.get('kind')!r} with windows_dir "
            f"{target.get('windows_dir')!r}: the disk passes for a plain folder")
    errors = [(c.rel(e.get("location", "")), e.get("code")) for e in report.get("errors", [])]
    c.check(("WINDOWS", "EACCES") in errors,
            f"errors[] is {errors}: the locked WINDOWS folder is not named")


# If this breaks: a typo or bad catalogue gives a report instead of an error; --rules is ignored.
@case("errors")
def errors(c):
    transcript = []

    def record(r):
        transcript.append(f"$ {' '.join(['blaster-scan', *r.argv])}\n[exit {r.status}]\n"
                          f"--- stdout\n{r.stdout.decode(errors='backslashreplace')}"
                          f"--- stderr\n{r.stderr.decode(errors='backslashreplace')}\n")

    def check_nothing_scanned(r):
        c.check(r.stdout == b"", f"blaster-scan {' '.join(r.argv)}: exit 2 must print no report, "
                f"but stdout holds {r.stdout[:200]!r}")

    missing = c.path("no-such-disk")
    r = c.run(missing)
    record(r)
    c.check_status(r, EXIT_ERROR)
    check_nothing_scanned(r)
    c.check(missing.encode() in r.stderr, f"a missing PATH: stderr does not name it: {r.stderr!r}")

    r = c.run()
    record(r)
    c.check_status(r, EXIT_ERROR)
    check_nothing_scanned(r)
    c.check(b"not running Windows" in r.stderr,
            f"no PATH on Linux: stderr does not say this computer is not running Windows: "
            f"{r.stderr!r}")

    r = c.run("--frobnicate", c.root)
    record(r)
    c.check_status(r, EXIT_ERROR)
    check_nothing_scanned(r)
    c.check(b"--frobnicate" in r.stderr,
            f"an unknown option: stderr does not name it: {r.stderr!r}")

    bad_rules = os.path.join(c.base, "bad.rules")
    with open(bad_rules, "w", encoding="utf-8") as f:
        f.write("# a catalogue with a broken third line\n"
                "catalogue version=1\n"
                'family id=blaster name="unterminated source="x"\n')
    c.touch("WINDOWS/system32/custom-worm.exe", "WINDOWS/system32/kernel32.dll")
    for args in (("--rules", bad_rules, c.root), ("--json", "--rules", bad_rules, c.root)):
        r = c.run(*args)
        record(r)
        c.check_status(r, EXIT_ERROR)
        check_nothing_scanned(r)
        c.check(f"{bad_rules}:3:".encode() in r.stderr,
                f"a malformed catalogue: stderr does not point at FILE:3: {r.stderr!r}")

    custom = os.path.join(c.base, "custom.rules")
    text, n = re.subn(r"^(catalogue\s+version=)\S+", r"\g<1>9999.1",
                      c.suite.rules_bytes.decode("utf-8"), count=1, flags=re.M)
    assert n == 1
    text += ('file family=blaster variant=A name=custom-worm.exe folder=system32 '
             'source="test"\n')
    with open(custom, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    with open(custom, "rb") as f:
        custom_sha = hashlib.sha256(f.read()).hexdigest()
    c.shas.append(custom_sha)
    r, report = c.scan_json("--rules", custom, c.root)
    c.check_status(r, EXIT_EVIDENCE)
    c.check_infection(report, "infected")
    c.check_findings(report, {("infection", "file", "WINDOWS/system32/custom-worm.exe")},
                     "--rules findings")
    rules = report.get("tool", {}).get("rules", {})
    c.check(rules.get("version") == "9999.1",
            f"--rules: tool.rules.version is {rules.get('version')!r}, not the custom 9999.1")
    c.check(rules.get("sha256") == custom_sha,
            f"--rules: tool.rules.sha256 is {rules.get('sha256')!r}, not the SHA-256 of the "
            f"custom file ({custom_sha})")
    c.snapshot("errors.json", r.stdout.decode())
    # The same disk with the built-in catalogue: custom-worm.exe is nobody's worm.
    r, report = c.scan_json(c.root)
    c.check_status(r, EXIT_CLEAN)
    c.check_findings(report, set(), "built-in catalogue findings")
    c.snapshot("errors.txt", "\n".join(transcript))


# If this breaks: a Japanese user gets the report in English (or untranslated pieces).
@case("japanese")
def japanese(c):
    build_infected_xp(c)
    env = english_env(LANG="C.UTF-8", LANGUAGE="ja",
                      BLASTER_CHECK_LOCALEDIR=os.path.join(c.suite.build_root, "po"))
    del env["LC_ALL"]
    t = c.scan_text(c.root, env=env)
    c.check_status(t, EXIT_EVIDENCE)
    c.check(JAPANESE.search(t.text.replace("ウイルス", "")),
            "LANGUAGE=ja: the text report holds no Japanese (is po/ja.po translated and built?)")
    # The seconds in a translated sentence: any lone "N.N".
    text = re.sub(r"(?<![\w.@])\d+\.\d(?![\w.])", "0.0", t.text)
    c.snapshot("japanese.txt", text)
    # The JSON report stays English whatever the locale: it is for scripts.
    r, report = c.scan_json(c.root, env=env)
    c.check_status(r, EXIT_EVIDENCE)
    c.check_findings(report, INFECTED_XP_FINDINGS)
    english = [s for s in report.get("verdict", {}).get("reasons", [])
               + [f.get("reason", "") for f in report.get("findings", [])]]
    c.check(not any(JAPANESE.search(s) for s in english),
            "LANGUAGE=ja: the JSON report's reasons are translated; scripts expect English")


# If this breaks: a disk that was never mounted (its empty mount point) is called clean with
# exit 0, a false all-clear. An empty folder, and a tree of empty folders, are an error (exit 2)
# that asks whether the disk is mounted.
@case("empty")
def empty(c):
    def check_empty(args, what):
        r = c.run(*args)
        c.check_status(r, EXIT_ERROR, f"blaster-scan {what}")
        c.check(r.stdout == b"", f"blaster-scan {what}: exit 2 must print no report, but stdout "
                f"holds {r.stdout[:300]!r}")
        c.check(b"nothing to check here: is the disk mounted?" in r.stderr,
                f"blaster-scan {what}: stderr does not ask whether the disk is mounted: "
                f"{r.stderr!r}")
        return r

    r = check_empty((c.root,), "on an empty folder")
    c.snapshot("empty.txt", f"[exit {r.status}]\n--- stderr\n{r.stderr.decode()}")
    check_empty(("--json", c.root), "--json on an empty folder")
    check_empty(("--quick", c.root), "--quick on an empty folder")
    c.mkdir("media/disk")
    c.mkdir("lost+found")
    check_empty((c.root,), "on a folder of empty folders")


# If this breaks: an empty catalogue (or one with nothing of the worm to look for) calls an
# infected disk clean with exit 0; a bad --rules file says "malformed" or "invalid argument"
# instead of what is wrong with it; a catalogue saved with a UTF-8 BOM is refused.
@case("catalogue")
def catalogue(c):
    c.touch("WINDOWS/system32/msblast.exe", "WINDOWS/system32/kernel32.dll")
    transcript = []

    def refused(name, content, reason):
        path = os.path.join(c.base, name)
        if content is None:
            os.makedirs(path, exist_ok=True)
        else:
            with open(path, "wb") as f:
                f.write(content)
        for args in (("--rules", path, c.root), ("--json", "--rules", path, c.root)):
            r = c.run(*args)
            c.check_status(r, EXIT_ERROR, f"--rules {name}")
            c.check(r.stdout == b"", f"--rules {name}: exit 2 must print no report, but stdout "
                    f"holds {r.stdout[:200]!r}")
            c.check(f"{path}: {reason}".encode() in r.stderr,
                    f"--rules {name}: stderr does not say {reason!r}: {r.stderr!r}")
        transcript.append(f"$ blaster-scan --rules {name} @ROOT@\n[exit {r.status}]\n"
                          f"--- stderr\n{r.stderr.decode(errors='backslashreplace')}")

    refused("version-only.rules", b"catalogue version=1\n",
            "the catalogue has no worm files to look for (no 'file' lines)")
    no_run = b"".join(line for line in c.suite.rules_bytes.splitlines(keepends=True)
                      if not line.startswith(b"run "))
    refused("no-run.rules", no_run, "the catalogue has no registry entries of the worm to look "
            "for (no 'run' lines)")
    refused("empty.rules", b"", "the file is empty")
    refused("comments.rules", b"# nothing but a comment\n",
            "the catalogue is empty: no 'catalogue version=\u2026' line")
    refused("too-large.rules", b"#" * (16 * 1024 * 1024 + 1), "the file is too large (over 16 MiB)")
    refused("a-folder.rules", None, "this is a folder, not a catalogue file")
    c.snapshot("catalogue.txt", "\n".join(transcript))

    # The same refusals translated.
    env = english_env(LANG="C.UTF-8", LANGUAGE="ja",
                      BLASTER_CHECK_LOCALEDIR=os.path.join(c.suite.build_root, "po"))
    del env["LC_ALL"]
    r = c.run("--rules", os.path.join(c.base, "version-only.rules"), c.root, env=env)
    c.check("探すワームのファイルがありません".encode() in r.stderr,
            f"LANGUAGE=ja: the refusal is not in Japanese: {r.stderr!r}")

    # The built-in catalogue as Notepad saves it, with a BOM: accepted, the worm found.
    bom = os.path.join(c.base, "bom.rules")
    with open(bom, "wb") as f:
        f.write(b"\xef\xbb\xbf" + c.suite.rules_bytes)
    with open(bom, "rb") as f:
        c.shas.append(hashlib.sha256(f.read()).hexdigest())
    r, report = c.scan_json("--rules", bom, c.root)
    c.check_status(r, EXIT_EVIDENCE, "--rules with a UTF-8 BOM")
    c.check_infection(report, "infected")


# If this breaks: a folder with files but no Windows says "Every check ran" although the
# registry and the updates were not checked (there is none): the reasons must say which checks
# ran. It stays clean (the file check is the one that applies), with exit 0.
@case("plain-folder-clean")
def plain_folder_clean(c):
    c.touch("downloads/setup.exe", "photos/2003-08-11.jpg")
    r, report = c.scan_json(c.root)
    c.check_status(r, EXIT_CLEAN)
    c.check_infection(report, "clean")
    c.check_findings(report, set())
    c.check(report.get("target", {}).get("windows_dir") is None,
            "target.windows_dir is not null for a folder with no Windows in it")
    reasons = report.get("verdict", {}).get("reasons", [])
    c.check(not any("Every check ran" in s for s in reasons),
            f"a folder with no Windows says every check ran: {reasons}")
    c.check(any(s.startswith("Only files were checked") and "registry" in s for s in reasons),
            f"the reasons do not say that only files were checked, not the registry: {reasons}")
    t = c.scan_text(c.root)
    c.check_status(t, EXIT_CLEAN)
    c.check(re.search(r"^Infection: +Clean: ", t.text, re.M),
            "the text report does not name the verdict 'Clean'")
    c.snapshot("plain-folder-clean.txt", t.text)


def _user_hive(run):
    return {"keys": {"Software": {"keys": {"Microsoft": {"keys": {"Windows": {"keys": {
        "CurrentVersion": {"keys": {"Run": {"values": dict(run)}}}}}}}}}}}


def _empty_file(c, rel):
    os.makedirs(os.path.dirname(c.path(rel)), 0o755, exist_ok=True)
    with open(c.path(rel), "xb"):
        pass


# If this breaks: a Windows folder copied to a case-sensitive disk hides the worm in one of two
# folders that are one folder for Windows (system32 and System32, wins and WINS, Prefetch and
# prefetch, WINDOWS and windows, Documents and Settings in two cases), or its registry hives are
# looked for in only one of them. Each twin holds part of the evidence, so the first twin alone
# never finds it all, whichever the disk lists first.
@case("case-twins")
def case_twins(c):
    for rel in ("WINDOWS/system32/msblast.exe", "WINDOWS/System32/teekids.exe",
                "WINDOWS/System32/wins/dllhost.exe", "WINDOWS/system32/WINS/svchost.exe",
                "WINDOWS/Prefetch/NTOSBOOT-B00DFAAD.pf",
                "WINDOWS/prefetch/MSBLAST.EXE-1C3A3376.pf",
                "windows/system32/mslaugh.exe", "windows/SYSTEM32/kernel32.dll"):
        _empty_file(c, rel)
    # One hive in each twin of System32: both must be found for the registry to be read whole.
    c.hive("WINDOWS", "system32", "SOFTWARE")
    c.hive("WINDOWS", "System32", "SYSTEM")
    for rel, run in (("Documents and Settings/alice/NTUSER.DAT",
                      {"windows auto update": "msblast.exe"}),
                     ("documents and settings/bob/NTUSER.DAT",
                      {"Microsoft Inet xp..": "teekids.exe"})):
        os.makedirs(os.path.dirname(c.path(rel)), 0o755, exist_ok=True)
        make_hive.build(c.path(rel), _user_hive(run))
    files = {("infection", "file", rel) for rel in (
        "WINDOWS/system32/msblast.exe", "WINDOWS/System32/teekids.exe",
        "WINDOWS/System32/wins/dllhost.exe", "WINDOWS/system32/WINS/svchost.exe",
        "windows/system32/mslaugh.exe")}
    files.add(("suspicious", "prefetch", "WINDOWS/prefetch/MSBLAST.EXE-1C3A3376.pf"))
    for args in (("--quick", c.root), (c.root,)):
        what = " ".join(a for a in args if a.startswith("--")) or "full scan"
        r, report = c.scan_json(*args)
        c.check_status(r, EXIT_EVIDENCE)
        c.check_infection(report, "infected")
        got = {f for f in c.findings(report) if f[1] in ("file", "prefetch")}
        for f in sorted(files - got):
            c.fail(f"{what}: missed {f}: a worm file in a case twin of the worm's folder")
        for f in sorted(got - files):
            c.fail(f"{what}: unexpected {f}")
        users = sorted(f.get("location", "").split(": ")[0].rsplit("/", 2)[-2]
                       for f in report.get("findings", []) if f.get("kind") == "registry")
        c.check(users == ["alice", "bob"],
                f"{what}: the Run values found are those of {users}, expected alice's and bob's "
                "(their profiles are in two case twins of Documents and Settings)")
        c.check_no_errors(report)
        vuln = report.get("verdict", {}).get("vulnerability")
        c.check(vuln == "patched", f"{what}: verdict.vulnerability is {vuln!r}, expected "
                "'patched' (the SOFTWARE hive of XP SP2 is in one twin of System32)")


# If this breaks: blaster-scan run from the build folder as the README shows speaks English to a
# Japanese user (LANG=ja_JP.UTF-8, nothing else set), because it looks for its catalogues in the
# install prefix only, or because that locale is not installed on the system.
@case("japanese-build-tree")
def japanese_build_tree(c):
    build_infected_xp(c)
    env = english_env(LANG="ja_JP.UTF-8")
    del env["LC_ALL"]
    for name in ("LANGUAGE", "BLASTER_CHECK_LOCALEDIR"):
        env.pop(name, None)
    t = c.scan_text(c.root, env=env)
    c.check_status(t, EXIT_EVIDENCE)
    c.check(re.search(r"^\S+: +感染: このパソコンにワームがいます$", t.text, re.M),
            "LANG=ja_JP.UTF-8: the text report does not say 感染 (Infected) in Japanese:\n"
            + t.text)
    c.check(re.search(r"^\S+: +適用済み: ", t.text, re.M),
            "LANG=ja_JP.UTF-8: the text report does not say 適用済み (Patched) in Japanese:\n"
            + t.text)
    r = c.run(c.mkdtemp(), env=env)
    c.check_status(r, EXIT_ERROR)
    c.check("ディスクはマウントされていますか" in r.stderr.decode("utf-8", "replace"),
            f"LANG=ja_JP.UTF-8: the empty-folder error is not in Japanese: {r.stderr!r}")


# If this breaks: a hive swapped for a FIFO hangs the scan (open() waits for a writer for ever),
# or a hive that is a link or a pipe is reported "no such file" instead of what it is.
@case("odd-hives")
def odd_hives(c):
    c.touch("WINDOWS/system32/kernel32.dll", "WINDOWS/explorer.exe")
    config = "WINDOWS/system32/config/"
    outside = c.mkdtemp()
    c.replacements.append((outside, "@OUTSIDE@"))
    os.rename(c.path(config + "SYSTEM"), os.path.join(outside, "SYSTEM"))
    os.symlink(os.path.join(outside, "SYSTEM"), c.path(config + "SYSTEM"))
    os.remove(c.path(config + "SOFTWARE"))
    os.mkfifo(c.path(config + "SOFTWARE"), 0o644)
    r, report = c.scan_json(c.root)  # a hang is a failure (TIMEOUT)
    c.check_status(r, EXIT_CLEAN)
    c.check_infection(report, "incomplete")
    errors = sorted((c.rel(e.get("location", "")), e.get("code")) for e in report.get("errors", []))
    c.check(errors == [(config + "SOFTWARE", "ENOTREG"), (config + "SYSTEM", "ELINK")],
            f"errors[] is {errors}, expected SOFTWARE (a FIFO) as ENOTREG and SYSTEM (a link) as "
            "ELINK: the user is not told what is wrong with the registry")
    t = c.scan_text(c.root)
    c.check_status(t, EXIT_CLEAN)
    for rel, words in ((config + "SOFTWARE", "not a regular file"),
                       (config + "SYSTEM", "a link, not followed")):
        c.check(re.search("^  " + re.escape(c.path(rel)) + ": " + words, t.text, re.M),
                f"the text report does not list {rel} as '{words}':\n{t.text}")
    c.snapshot("odd-hives.txt", t.text)


# If this breaks: a user's NTUSER.DAT or the WINDOWS folder that is a link is skipped in silence,
# and the disk is called clean (or a plain folder) although they were never looked at.
@case("linked-user-and-windows")
def linked_user_and_windows(c):
    c.touch("WINDOWS/system32/kernel32.dll", "Documents and Settings/alice/NTUSER.DAT")
    outside = c.mkdtemp()
    c.replacements.append((outside, "@OUTSIDE@"))
    hive = "Documents and Settings/alice/NTUSER.DAT"
    os.rename(c.path(hive), os.path.join(outside, "NTUSER.DAT"))
    os.symlink(os.path.join(outside, "NTUSER.DAT"), c.path(hive))
    r, report = c.scan_json(c.root)
    c.check_status(r, EXIT_CLEAN)
    c.check_infection(report, "incomplete")
    errors = [(c.rel(e.get("location", "")), e.get("code")) for e in report.get("errors", [])]
    c.check(errors == [(hive, "ELINK")],
            f"errors[] is {errors}, expected the linked NTUSER.DAT as ELINK: a user's Run keys "
            "were not read and nobody is told")

    # The Windows folder itself a link (to an infected Windows elsewhere): not entered, but named.
    os.remove(c.path(hive))
    os.rename(c.path("WINDOWS"), os.path.join(outside, "WINDOWS"))
    with open(os.path.join(outside, "WINDOWS/system32/msblast.exe"), "xb"):
        pass
    os.symlink(os.path.join(outside, "WINDOWS"), c.path("WINDOWS"))
    r, report = c.scan_json(c.root)
    c.check_status(r, EXIT_CLEAN)
    c.check_infection(report, "incomplete")
    c.check_findings(report, set())
    errors = [(c.rel(e.get("location", "")), e.get("code")) for e in report.get("errors", [])]
    c.check(errors == [("WINDOWS", "ELINK")],
            f"errors[] is {errors}, expected WINDOWS (a link) as ELINK: the disk's Windows is "
            "passed over in silence")
    t = c.scan_text(c.root)
    c.check(re.search("^  " + re.escape(c.path("WINDOWS")) + ": a link, not followed", t.text,
                      re.M), f"the text report does not list WINDOWS as a link:\n{t.text}")


def scan_with_mounts(c, script, script_args, extra, what):
    """`blaster-scan --json EXTRA root` after SCRIPT (sh, its arguments SCRIPT_ARGS, then the
    scanner's command line) made its mounts in a mount namespace of its own (unshare -m), so
    that they never reach the system. SCRIPT exits 99 when it cannot mount: a failure (Fatal),
    never a skip. Returns the Result and the parsed report."""
    argv = ["unshare", "-m", "--propagation", "private", "sh", "-c", script, "sh", *script_args,
            c.suite.scanner, "--json", *extra, c.root]
    try:
        p = subprocess.run(argv, capture_output=True, timeout=TIMEOUT, cwd=c.base,
                           env=english_env(), stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise Fatal(f"unshare -m … blaster-scan did not run: {e}")
    if p.returncode == 99 or (p.returncode not in (0, 1, 2)):
        raise Fatal(f"the mounts for {what} could not be made (must run as root with unshare): "
                    f"exit {p.returncode}, {p.stderr.decode(errors='replace').strip()!r}")
    r = Result(("--json", *extra, c.root), p.returncode, p.stdout, p.stderr)
    return r, parse_report(r, f"blaster-scan --json on {what}")


# If this breaks: a bind mount inside the disk (`mount --bind` of an outside folder, same file
# system, so the same st_dev) is walked as if it were the disk. Root only (mount); unshare -m
# keeps the mount out of the system. Not being able to mount is a failure, never a skip.
@case("bind-mount")
def bind_mount(c):
    c.touch("data/notes.txt")
    c.mkdir("mnt")
    c.mkdir("host")  # `mount --rbind / host`: the whole system inside the disk
    outside = c.mkdtemp()
    c.replacements.append((outside, "@OUTSIDE@"))
    os.makedirs(os.path.join(outside, "deeper"))
    for rel in ("msblast.exe", "deeper/teekids.exe"):
        with open(os.path.join(outside, rel), "xb"):
            pass
    script = ('{ mount --bind "$1" "$2" && mountpoint -q "$2" && mount --rbind / "$3" '
              '&& mountpoint -q "$3"; } || { echo "bind-mount: could not mount" >&2; exit 99; }; '
              'shift 3; exec "$@"')
    for extra in ((), ("--quick",)):
        r, report = scan_with_mounts(c, script, (outside, c.path("mnt"), c.path("host")), extra,
                                     "a folder with a bind mount")
        c.check_status(r, EXIT_CLEAN)
        c.check_findings(report, set(), "files outside the disk, through the bind mount")
        c.check_infection(report, "incomplete")
        errors = sorted((c.rel(e.get("location", "")), e.get("code"))
                        for e in report.get("errors", []))
        c.check(errors == [("host", "EXDEV"), ("mnt", "EXDEV")],
                f"errors[] is {errors}, expected the bind mounts 'host' and 'mnt' as EXDEV "
                "(another volume mounted here, not scanned)")
        c.check(report.get("stats", {}).get("entries", 0) <= 5,
                f"{report.get('stats')}: entries beyond the disk's own were counted")


# If this breaks: a bind mount inside the disk over a place the registry check reaches by name
# (system32\\config, one user's NTUSER.DAT) is read as the disk's own registry: a worm's Run value
# from outside the disk is reported, or an outside hive's "patched" is believed. Root only.
@case("bind-mount-hives")
def bind_mount_hives(c):
    c.touch("WINDOWS/system32/kernel32.dll", "WINDOWS/explorer.exe",
            "Documents and Settings/alice/NTUSER.DAT")
    outside = c.mkdtemp()
    c.replacements.append((outside, "@OUTSIDE@"))
    software = copy.deepcopy(SOFTWARE_XP_SP2)
    node = software
    for key in ("Microsoft", "Windows", "CurrentVersion", "Run"):
        node = node.setdefault("keys", {}).setdefault(key, {})
    node.setdefault("values", {})["windows auto update"] = "msblast.exe"
    os.makedirs(os.path.join(outside, "config"))
    make_hive.build(os.path.join(outside, "config", "SOFTWARE"), software)
    make_hive.build(os.path.join(outside, "config", "SYSTEM"), SYSTEM_HIVE)
    make_hive.build(os.path.join(outside, "NTUSER.DAT"),
                    _user_hive({"windows auto update": "msblast.exe"}))
    script = ('{ mount --bind "$1" "$2" && mount --bind "$3" "$4" && mountpoint -q "$2"; } '
              '|| { echo "bind-mount: could not mount" >&2; exit 99; }; shift 4; exec "$@"')
    config = "WINDOWS/system32/config"
    ntuser = "Documents and Settings/alice/NTUSER.DAT"
    for extra in ((), ("--quick",)):
        r, report = scan_with_mounts(c, script, (os.path.join(outside, "config"), c.path(config),
                                                 os.path.join(outside, "NTUSER.DAT"),
                                                 c.path(ntuser)),
                                     extra, "a disk with bind-mounted hives")
        what = " ".join(extra) or "full scan"
        c.check_status(r, EXIT_CLEAN)
        c.check_findings(report, set(), f"{what}: the Run values of hives outside the disk")
        c.check_infection(report, "incomplete")
        vuln = report.get("verdict", {}).get("vulnerability")
        c.check(vuln == "unknown", f"{what}: verdict.vulnerability is {vuln!r}: the disk's own "
                "SOFTWARE hive was not read, so its updates are not known")
        errors = {(c.rel(e.get("location", "")), e.get("code")) for e in report.get("errors", [])}
        for want in ((config, "EXDEV"), (ntuser, "EXDEV")):
            c.check(want in errors, f"{what}: errors[] is {sorted(errors)}, expected {want}: "
                    "another volume mounted over the registry is not named as not checked")


# If this breaks: `blaster-scan | head` ends with SIGPIPE (exit 141 in a shell, which a script
# reads as a crash), or complains about a reader that left on purpose.
@case("closed-pipe")
def closed_pipe(c):
    build_infected_xp(c)
    for args in ((c.root,), ("--json", c.root)):
        read_end, write_end = os.pipe()
        os.close(read_end)  # the reader has gone before the first byte: every write fails
        try:
            p = subprocess.run([c.suite.scanner, *args], stdout=write_end,
                               stderr=subprocess.PIPE, timeout=TIMEOUT, cwd=c.base,
                               env=english_env(), stdin=subprocess.DEVNULL)
        finally:
            os.close(write_end)
        c.check(p.returncode == EXIT_ERROR,
                f"blaster-scan {' '.join(args)} into a closed pipe: exit status {p.returncode}"
                f"{' (killed by SIGPIPE)' if p.returncode == -13 else ''}, expected {EXIT_ERROR} "
                "(the report was not written)")
        c.check(p.stderr == b"", f"blaster-scan {' '.join(args)} into a closed pipe: stderr "
                f"holds {p.stderr!r}; a reader that stopped early needs no message")


# If this breaks: LANGUAGE=ja alone (no LANG, or LANG=C) gives an English report, unlike the
# wizard, which honours LANGUAGE under the C locale.
@case("language-only")
def language_only(c):
    build_infected_xp(c)
    for lang in (None, "C", "POSIX"):
        env = english_env(LANGUAGE="ja",
                          BLASTER_CHECK_LOCALEDIR=os.path.join(c.suite.build_root, "po"))
        del env["LC_ALL"]
        if lang:
            env["LANG"] = lang
        t = c.scan_text(c.root, env=env)
        c.check_status(t, EXIT_EVIDENCE)
        c.check(re.search(r"^\S+: +感染: ", t.text, re.M),
                f"LANGUAGE=ja{' LANG=' + lang if lang else ' (no LANG)'}: the text report does "
                f"not say 感染 (Infected) in Japanese:\n{t.text[:400]}")


# If this breaks: a user of one of po/LINGUAS's languages gets the report in English, or its
# verdict in other words than the catalogue's (a language not built, a message left out).
@case("every-language")
def every_language(c):
    build_infected_xp(c)
    po = os.path.join(c.suite.build_root, "po")
    with open(os.path.join(c.suite.source_root, "po", "LINGUAS"), encoding="utf-8") as f:
        languages = [w for line in f for w in line.split("#")[0].split()]
    english = ("Infection:", "Infected: the worm is on this PC", "Vulnerability:", "Patched:")
    for lang in languages:
        mo = os.path.join(po, lang, "LC_MESSAGES", "blaster-check.mo")
        try:
            with open(mo, "rb") as f:
                g = gettext.GNUTranslations(f).gettext
        except OSError as e:
            c.fail(f"{lang}: the build's catalogue could not be read ({e}): is it built?")
            continue
        # The verdict lines as the catalogue words them (print_verdict in blaster-scan.c).
        want = [(g("Infection:     %s\n").split("%s")[0].strip(),
                 g("%s: %s") % (g("Infected"), g("the worm is on this PC"))),
                (g("Vulnerability: %s\n").split("%s")[0].strip(),
                 g("%s: %s") % (g("Patched"), g("the hole the worm uses is closed")))]
        if any(g(m) == m for m in ("Infection:     %s\n", "Infected", "Vulnerability: %s\n",
                                   "Patched")):
            c.fail(f"{lang}: {mo} leaves the verdict words in English: the case cannot tell")
            continue
        # LANGUAGE under the C locale (as the wizard sets it), and LANG alone: a locale this
        # system may not have installed, which blaster-scan still honours.
        for how, extra in ((f"LANGUAGE={lang}", dict(LANG="C.UTF-8", LANGUAGE=lang)),
                           (f"LANG={lang}.UTF-8", dict(LANG=f"{lang}.UTF-8"))):
            env = english_env(BLASTER_CHECK_LOCALEDIR=po, **extra)
            del env["LC_ALL"]
            t = c.scan_text(c.root, env=env)
            c.check_status(t, EXIT_EVIDENCE, f"{how}")
            lines = t.text.splitlines()
            missing = [f"{label} … {verdict}" for label, verdict in want
                       if not any(ln.startswith(label) and verdict in ln for ln in lines)]
            left = [w for w in english if w in t.text]
            c.check(not missing and not left,
                    f"{how}: the report does not say {missing} as the catalogue does"
                    f"{', and says ' + repr(left) + ' in English' if left else ''}:\n"
                    f"{t.text[:500]}")


# If this breaks: a dual-boot disk (a clean XP SP2 in WINDOWS, an infected Windows 2000 in
# WINNT whose worm file is already deleted) is reported clean and patched, "Every check ran":
# the second Windows must be checked too (its known places, its registry), and each named with
# its own part of the verdict.
@case("dual-boot")
def dual_boot(c):
    c.touch(*XP_ORDINARY, *XP_REAL_PROGRAMS)
    software = _software("Microsoft Windows 2000", "5.0", "2195", "Service Pack 4")
    software["keys"]["Microsoft"]["keys"]["Windows"]["keys"]["CurrentVersion"] = {"keys": {
        "Run": {"values": {"windows auto update": "msblast.exe"}}}}
    system = {"keys": {
        "Select": {"values": {"Current": 1}},
        "ControlSet001": {"keys": {"Services": {"keys": {
            "RpcSs": {"values": {"ImagePath": {
                "expand_sz": "%SystemRoot%\\system32\\svchost -k rpcss"}}},
            "RpcPatch": {"values": {"ImagePath": {
                "expand_sz": "%SystemRoot%\\system32\\wins\\dllhost.exe"}}}}}}},
    }}
    for rel, spec in (("WINNT/system32/config/SOFTWARE", software),
                      ("WINNT/system32/config/SYSTEM", system)):
        os.makedirs(os.path.dirname(c.path(rel)), 0o755, exist_ok=True)
        make_hive.build(c.path(rel), spec)
    c.touch("WINNT/system32/kernel32.dll", "WINNT/win.ini")
    r, report = c.scan_json(c.root)
    c.check_status(r, EXIT_EVIDENCE)
    c.check_infection(report, "infected")
    target = report.get("target", {})
    c.check(target.get("windows_dir") == c.path("WINDOWS"),
            f"target.windows_dir is {target.get('windows_dir')!r}, not the first Windows")
    wins = target.get("windows", [])
    got = [(w.get("windows_dir"), w.get("windows_location"), (w.get("os") or {}).get("product"),
            (w.get("os") or {}).get("service_pack"), w.get("infection"), w.get("vulnerability"))
           for w in wins]
    want = [(c.path("WINDOWS"), "C:\\WINDOWS", "Microsoft Windows XP", "Service Pack 2", "clean",
             "patched"),
            (c.path("WINNT"), "C:\\WINNT", "Microsoft Windows 2000", "Service Pack 4", "infected",
             "unpatched")]
    c.check(got == want, f"target.windows is {got!r}, expected {want!r}")
    kb = [next((p.get("status") for p in w.get("patches", []) if p.get("id") == "KB823980"), None)
          for w in wins]
    c.check(kb == ["included", "missing"],
            f"KB823980 per Windows is {kb!r}, expected included (XP SP2) and missing (2000 SP4): "
            "the updates listed are the first Windows's only")
    vuln = report.get("verdict", {}).get("vulnerability")
    c.check(vuln == "unpatched", f"verdict.vulnerability is {vuln!r}, not 'unpatched': Windows "
            "2000 SP4 without KB823980 is open to the worm")
    names = sorted(f.get("windows_location") or "" for f in report.get("findings", []))
    c.check(any(n.startswith("HKEY_LOCAL_MACHINE\\SOFTWARE\\") and n.endswith("windows auto update")
                for n in names)
            and "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\RpcPatch" in names,
            f"the second Windows's Run value and RpcPatch service are not found: {names}")
    locs = [c.rel(f.get("location", "")) for f in report.get("findings", [])]
    c.check(locs and all(loc.startswith("WINNT/") for loc in locs),
            f"findings are not in WINNT: {locs}")
    t = c.scan_text(c.root)
    c.check_status(t, EXIT_EVIDENCE)
    for name in ("WINDOWS", "WINNT"):
        c.check(re.search(r"^  " + re.escape(c.path(name)) + r" \(", t.text, re.M),
                f"the text report does not name {name} in its own block:\n{t.text[:600]}")
    c.check(re.search(r"^  \S+WINNT .*\n    Infection: +Infected: ", t.text, re.M),
            f"the text report does not call WINNT infected:\n{t.text[:800]}")
    c.snapshot("dual-boot.txt", t.text)

    # The worm's file still in WINNT's System32: where the worm puts it on that Windows, named
    # as that Windows names it, and not WINDOWS's.
    c.touch("WINNT/system32/msblast.exe")
    r, report = c.scan_json(c.root)
    c.check_status(r, EXIT_EVIDENCE)
    files = [(f.get("severity"), c.rel(f.get("location", "")), f.get("windows_location"))
             for f in report.get("findings", []) if f.get("kind") == "file"]
    c.check(files == [("infection", "WINNT/system32/msblast.exe",
                       "C:\\WINNT\\system32\\msblast.exe")],
            f"the worm's file in WINNT is reported as {files}")
    parts = [w.get("infection") for w in report.get("target", {}).get("windows", [])]
    c.check(parts == ["clean", "infected"], f"the installations' infection parts are {parts}")


# --- the runner ---------------------------------------------------------------------------

def main():
    args, selected = tap_cases.parse_args(__doc__, CASES, build_root=True, options=[
        ("--update", {"action": "store_true", "help": "re-record the snapshots"})])
    return tap_cases.run(Suite(args), selected, Case)


if __name__ == "__main__":
    sys.exit(main())
