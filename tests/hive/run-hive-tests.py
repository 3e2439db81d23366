#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Tests of blaster-scan reading an attached Windows disk's registry hives (hivex).

Each case builds a small Windows disk in a fresh temporary folder: real registry hive files
(WINDOWS/system32/config/SOFTWARE and SYSTEM, Documents and Settings/<user>/NTUSER.DAT) written
with make_hive.build() and each read back with make_hive.verify() (reglookup, a parser that is
not hivex) before the scanner sees it. Then it runs `blaster-scan --json DISK` and asserts what a
user or a script relies on: the exit status, the infection and vulnerability verdicts, the
(severity, kind, location) of every registry/service finding, target.os / iis / system_restore,
each patch's status and errors[]. The hostile cases feed damaged hives (make_hive.corrupt(), an
empty file, a folder) and require a report, never a crash or a hang.

Nothing here is malicious: the hives hold only the registry value NAMES and strings the scanner
looks for; no worm file is written.

Output is TAP, one line per case. Usage:
  run-hive-tests.py [--scanner FILE] [--source-root DIR] [--case NAME]... [--keep]
  --keep    leaves the fixture folders in place and names them, for debugging

python3-hivex (the hive writer) is Debian's and installed for /usr/bin/python3 only: when the
interpreter running this script cannot import it, the script runs itself again under
/usr/bin/python3 (as make-hive.py does).
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))  # tests/: tap_cases.py

import make_hive  # noqa: E402
import tap_cases  # noqa: E402  (the TAP loop and what both runners check alike)
from tap_cases import (EXIT_CLEAN, EXIT_EVIDENCE, EXIT_MEANING, Fatal,  # noqa: E402
                       Result, bail_out, english_env, parse_report)

TIMEOUT = 30  # seconds per scanner run: a hive that makes the scan hang (a loop) fails the case

# The JSON keys the registry check fills (DESIGN.md, scan-report.c).
CONTRACT = {
    "tool": ["name", "version", "rules"],
    "tool.rules": ["version", "sha256"],
    "target": ["kind", "root", "windows_dir", "os", "iis", "system_restore"],
    "target.os": ["product", "version", "service_pack", "build"],
    "verdict": ["infection", "vulnerability", "reasons"],
}
FINDING_KEYS = ["kind", "family", "variant", "location", "severity", "reason", "confirmed"]
PATCH_KEYS = ["id", "bulletin", "status"]
ERROR_KEYS = ["location", "code", "message"]

PATCH_WORDS = {
    "installed": "installed", "missing": "missing", "included": "included in the service pack",
    "superseded": "replaced by a later update", "unknown": "unknown",
}

RUN = "Microsoft\\Windows\\CurrentVersion\\Run"
RUNONCE = "Microsoft\\Windows\\CurrentVersion\\RunOnce"
USER_RUN = "Software\\" + RUN
CONFIG = "WINDOWS/system32/config"


class Suite(tap_cases.Suite):
    """What every case shares: the scanner, the built-in catalogue, the options."""

    TIMEOUT = TIMEOUT

    def __init__(self, args):
        super().__init__(args)
        if shutil.which("reglookup") is None:
            bail_out("reglookup not found: every fixture hive is read back with it before the "
                     "scanner sees it; install the Debian package reglookup "
                     "(build-aux/deps.sh test)")

    def read_rules(self):
        try:
            return super().read_rules()
        except OSError as e:
            bail_out(f"cannot read the catalogue {self.rules_file}: {e}")


# --- registry specs (make_hive's SPEC format) ---------------------------------------------

def tree(path, leaf):
    """{"keys": {...}} nesting LEAF (a key spec) under the '\\'-separated PATH."""
    node = leaf
    for part in reversed(path.split("\\")):
        node = {"keys": {part: node}}
    return node


def merge(a, b):
    """Merges key spec B into key spec A (in place) and returns A."""
    for k, v in b.get("values", {}).items():
        a.setdefault("values", {})[k] = v
    for k, v in b.get("keys", {}).items():
        if k in a.get("keys", {}):
            merge(a["keys"][k], v)
        else:
            a.setdefault("keys", {})[k] = v
    return a


XP_SP1 = {
    "ProductName": "Microsoft Windows XP",
    "CurrentVersion": "5.1",
    "CurrentBuildNumber": "2600",
    "CSDVersion": "Service Pack 1",
    "SystemRoot": "C:\\WINDOWS",
    "RegisteredOwner": "Yamada",
}
XP_SP2 = dict(XP_SP1, CSDVersion="Service Pack 2")
WIN2000_SP4 = {
    "ProductName": "Microsoft Windows 2000",
    "CurrentVersion": "5.0",
    "CurrentBuildNumber": "2195",
    "CSDVersion": "Service Pack 4",
    "SystemRoot": "C:\\WINNT",
}
# Server 2003 as shipped: no service pack, so no CSDVersion.
WIN2003 = {
    "ProductName": "Microsoft Windows Server 2003",
    "CurrentVersion": "5.2",
    "CurrentBuildNumber": "3790",
    "SystemRoot": "C:\\WINDOWS",
}

CTFMON = {"ctfmon.exe": "C:\\WINDOWS\\system32\\ctfmon.exe"}


def software(os_values=XP_SP1, run=None, runonce=None, updates=(), disable_sr=None, extra=None):
    """A SOFTWARE hive: the OS facts (None: no CurrentVersion key), Run/RunOnce values, update
    keys under Microsoft\\Updates ("Windows XP\\SP2\\KB823980"), System Restore's DisableSR."""
    spec = {"root_name": "$$$PROTO.HIV", "file_name": "SOFTWARE", "keys": {}}
    merge(spec, tree("Microsoft\\Windows\\CurrentVersion", {"values": {
        "ProgramFilesDir": "C:\\Program Files", "CommonFilesDir": "C:\\Program Files\\Common Files",
    }}))
    merge(spec, tree("Classes\\.txt", {"values": {"": "txtfile"}}))
    if os_values is not None:
        merge(spec, tree("Microsoft\\Windows NT\\CurrentVersion", {"values": dict(os_values)}))
    else:
        # Windows NT is there, its CurrentVersion is not: the OS cannot be told.
        merge(spec, tree("Microsoft\\Windows NT\\Notes", {}))
    if run is not None:
        merge(spec, tree(RUN, {"values": dict(run)}))
    if runonce is not None:
        merge(spec, tree(RUNONCE, {"values": dict(runonce)}))
    for u in updates:
        kb = u.rsplit("\\", 1)[1]
        merge(spec, tree("Microsoft\\Updates\\" + u, {"values": {
            "Description": f"Security Update ({kb})",
            "Type": "Update",
            "InstalledBy": "Administrator",
            "InstalledDate": "8/12/2003",
        }}))
    if disable_sr is not None:
        merge(spec, tree("Microsoft\\Windows NT\\CurrentVersion\\SystemRestore", {"values": {
            "DisableSR": {"dword": disable_sr}, "RPSessionInterval": {"dword": 1},
        }}))
    if extra:
        merge(spec, extra)
    return spec


def service(image, display, start=2):
    return {"values": {
        "Type": {"dword": 0x10}, "Start": {"dword": start}, "ErrorControl": {"dword": 1},
        "ImagePath": {"expand_sz": image}, "DisplayName": display, "ObjectName": "LocalSystem",
    }}


ORDINARY_SERVICES = {
    "Eventlog": service("%SystemRoot%\\system32\\services.exe", "Event Log"),
    "RpcSs": service("%SystemRoot%\\system32\\svchost.exe -k rpcss",
                     "Remote Procedure Call (RPC)"),
    "Dhcp": service("%SystemRoot%\\system32\\svchost.exe -k netsvcs", "DHCP Client"),
    "COMSysApp": service("%SystemRoot%\\system32\\dllhost.exe /Processid:{02D4B3F1-FD88-11D1}",
                         "COM+ System Application", start=3),
}
W3SVC = {"W3SVC": merge(service("%SystemRoot%\\System32\\inetsrv\\inetinfo.exe",
                                "World Wide Web Publishing"),
                        {"values": {"DependOnService": ["IISADMIN"]},
                         "keys": {"Parameters": {"values": {"MajorVersion": {"dword": 5}}}}})}


def system(current=1, control_sets=None):
    """A SYSTEM hive: Select\\Current = CURRENT, and ControlSet00N\\Services for each N in
    CONTROL_SETS ({N: {service name: key spec}}; default: ControlSet001 with ordinary ones)."""
    if control_sets is None:
        control_sets = {1: {}}
    spec = {"root_name": "$$$PROTO.HIV", "file_name": "SYSTEM", "keys": {
        "Select": {"values": {"Current": {"dword": current}, "Default": {"dword": current},
                              "Failed": {"dword": 0},
                              "LastKnownGood": {"dword": max(control_sets) + 1}}},
        "MountedDevices": {},
    }}
    for n, services in control_sets.items():
        merge(spec, tree(f"ControlSet{n:03d}\\Services", {"keys": dict(ORDINARY_SERVICES,
                                                                         **services)}))
        merge(spec, tree(f"ControlSet{n:03d}\\Control\\Windows",
                         {"values": {"CSDVersion": {"dword": 0x100}}}))
    return spec


def ntuser(run=None, runonce=None):
    """A user's NTUSER.DAT: Software\\Microsoft\\Windows\\CurrentVersion\\Run (and RunOnce)."""
    spec = {"root_name": "$$$PROTO.HIV", "file_name": "NTUSER.DAT", "keys": {
        "Environment": {"values": {"TEMP": {"expand_sz": "%USERPROFILE%\\Local Settings\\Temp"}}},
        "Control Panel": {"keys": {"Desktop": {"values": {"Wallpaper": ""}}}},
    }}
    merge(spec, tree("Software\\Microsoft\\Windows\\CurrentVersion\\Explorer", {}))
    if run is not None:
        merge(spec, tree(USER_RUN, {"values": dict(run)}))
    if runonce is not None:
        merge(spec, tree("Software\\" + RUNONCE, {"values": dict(runonce)}))
    return spec


# --- one case -----------------------------------------------------------------------------

class Case(tap_cases.Case):
    """One case: its temp folders, its runs, the problems found so far (and, in notes, what a
    hostile hive holds)."""

    TEMP_PREFIX = "blaster-hive"

    # --- fixtures -------------------------------------------------------------------------

    def touch(self, *rels):
        """Creates empty files (and their folders)."""
        for rel in rels:
            p = self.path(rel)
            os.makedirs(os.path.dirname(p), 0o755, exist_ok=True)
            with open(p, "xb"):
                pass

    def hive(self, rel, spec):
        """Builds the hive SPEC at REL (under the disk, or absolute) and reads it back with
        reglookup: the scanner only ever sees hives an independent reader agrees on."""
        p = rel if os.path.isabs(rel) else self.path(rel)
        os.makedirs(os.path.dirname(p), 0o755, exist_ok=True)
        try:
            make_hive.build(p, spec)
            make_hive.verify(p, spec)
        except (make_hive.SpecError, make_hive.VerifyError) as e:
            raise Fatal(f"fixture {self.rel(p)} could not be made (a test problem, not the "
                        f"scanner's): {e}")
        os.chmod(p, 0o644)
        return p

    def windows(self, soft=None, syst=None, users=None, windir="WINDOWS",
                names=("SOFTWARE", "SYSTEM")):
        """An XP-like disk: WINDOWS/system32 with a few files, the SOFTWARE and SYSTEM hives
        (False: leave that hive out), each user's NTUSER.DAT (USERS: {folder: spec}) and the
        profile folders Windows keeps without a hive of their own."""
        self.touch(f"{windir}/system32/kernel32.dll", f"{windir}/system32/ntdll.dll",
                   f"{windir}/explorer.exe", "boot.ini")
        config = f"{windir}/system32/config"
        self.mkdir(config)
        if soft is not False:
            self.hive(f"{config}/{names[0]}", soft if soft is not None else software())
        if syst is not False:
            self.hive(f"{config}/{names[1]}", syst if syst is not None else system())
        self.mkdir("Documents and Settings/All Users/Start Menu")
        self.mkdir("Documents and Settings/Default User")
        for user, spec in (users or {}).items():
            self.hive(f"Documents and Settings/{user}/NTUSER.DAT", spec)
            self.mkdir(f"Documents and Settings/{user}/My Documents")

    # --- runs -----------------------------------------------------------------------------

    def run(self, *args):
        argv = [self.suite.scanner] + list(args)
        try:
            p = subprocess.run(argv, capture_output=True, timeout=TIMEOUT, cwd=self.base,
                               env=english_env(), stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise Fatal(f"blaster-scan {' '.join(args)} did not finish within {TIMEOUT} s: the "
                        "scan hangs on this disk's registry and the user never gets a report")
        if p.returncode < 0:
            try:
                sig = signal.Signals(-p.returncode).name
            except ValueError:
                sig = str(-p.returncode)
            raise Fatal(f"blaster-scan {' '.join(args)} crashed ({sig}): the user gets no report"
                        f"; stderr: {p.stderr.decode(errors='replace').strip()[-2000:]!r}")
        return Result(args, p.returncode, p.stdout, p.stderr)

    def scan(self, *extra):
        """`blaster-scan --json DISK`; the report must parse (valid JSON and UTF-8)."""
        r = self.run("--json", *extra, self.root)
        report = parse_report(r, "blaster-scan --json")
        self.check_contract(report)
        return r, report

    # --- assertions -----------------------------------------------------------------------

    def check_contract(self, report):
        self.check_json_keys(report, "JSON", CONTRACT,
                             (("findings", FINDING_KEYS), ("patches", PATCH_KEYS),
                              ("errors", ERROR_KEYS)))
        rules = report.get("tool", {}).get("rules", {})
        self.check(rules.get("sha256") == self.suite.rules_sha256,
                   f"tool.rules.sha256 is {rules.get('sha256')!r}, not the SHA-256 of "
                   "data/rules/blaster.rules: the scanner does not use the catalogue these "
                   "cases are written against")

    def check_status(self, r, want):
        self.check(r.status == want, self.status_message(r, want))

    def check_target(self, report, windir="WINDOWS"):
        target = report.get("target", {})
        self.check(target.get("kind") == "offline" and
                   target.get("windows_dir") == self.path(windir),
                   f"target is {target.get('kind')!r} with windows_dir "
                   f"{target.get('windows_dir')!r}: the disk is not recognised as a Windows disk "
                   f"({windir} folder), so its registry is not what is being reported")

    def check_vulnerability(self, report, want, why=""):
        got = report.get("verdict", {}).get("vulnerability")
        self.check(got == want, f"verdict.vulnerability is {got!r}, expected {want!r}{why}; "
                   f"reasons: {report.get('verdict', {}).get('reasons')}")

    def reasons(self, report):
        return report.get("verdict", {}).get("reasons", [])

    def check_reason(self, report, pattern, message):
        self.check(any(re.search(pattern, s, re.I) for s in self.reasons(report)),
                   f"{message}; the reasons are {self.reasons(report)}")

    def finding_at(self, report, rel_location):
        for f in report.get("findings", []):
            if self.rel(f.get("location", "")) == rel_location:
                return f
        return None

    def check_variant(self, report, rel_location, family, variant, confirmed=True):
        f = self.finding_at(report, rel_location)
        if f is None:
            return
        got = (f.get("family"), f.get("variant"), f.get("confirmed"))
        self.check(got == (family, variant, confirmed),
                   f"{rel_location} is reported as (family, variant, confirmed) {got}, expected "
                   f"{(family, variant, confirmed)}: the user looks up the wrong worm")

    def patch_states(self, report):
        return {p.get("id"): p.get("status") for p in report.get("patches", [])}

    def check_patches(self, report, want):
        got = self.patch_states(report)
        for pid, status in want.items():
            self.check(got.get(pid) == status,
                       f"patch {pid} is {got.get(pid)!r}, expected {status!r} "
                       f"({PATCH_WORDS[status]}): the user is told "
                       + ("to install an update that is not needed"
                          if status in ("installed", "included", "superseded")
                          else "that an update is there when it is not"
                          if got.get(pid) in ("installed", "included", "superseded")
                          else "the wrong state of the update"))

    def check_os(self, report, product, version, service_pack, build):
        got = report.get("target", {}).get("os", {})
        want = {"product": product, "version": version, "service_pack": service_pack,
                "build": build}
        for k, v in want.items():
            self.check(got.get(k) == v, f"target.os.{k} is {got.get(k)!r}, expected {v!r} "
                       "(from SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion): the report "
                       "names the wrong Windows")

    def check_iis(self, report, want, why):
        got = report.get("target", {}).get("iis")
        self.check(got is want, f"target.iis is {got!r}, expected {want!r}: {why}")

    def check_hive_error(self, report, hive_rel, what):
        """errors[] names the damaged hive (its path, alone or followed by ': key') and nothing
        else; the message is about the hive, not the catalogue."""
        errors = report.get("errors", [])
        hive = self.path(hive_rel)
        mine = [e for e in errors if e.get("location") == hive
                or e.get("location", "").startswith(hive + ": ")]
        self.check(mine, f"{what}: errors[] does not name {hive_rel} (errors[] is {errors!r}): "
                   "the user is not told that this hive could not be read, so a Run value or "
                   "update key in it would be missed without a word")
        others = [e for e in errors if e not in mine]
        self.check(not others, f"{what}: errors[] also names other places {others!r}, though "
                   f"only {hive_rel} is damaged")
        for e in mine:
            msg = e.get("message", "")
            self.check(not re.search(r"catalogue|indicator", msg, re.I),
                       f"{what}: the error for {self.rel(e.get('location', ''))} says "
                       f"{msg!r} (code {e.get('code')}): the user is told the scanner's own "
                       "indicator catalogue is broken, when it is the disk's registry hive "
                       "that is damaged")

    def hostile(self, how, opts=None, description=None):
        """A disk whose SOFTWARE hive is damaged (make_hive.corrupt HOW, or DESCRIPTION's own
        damage already in place); SYSTEM is sound. Runs the scan and checks the common promises:
        a report within TIMEOUT, exit 0 (nothing else found), verdict incomplete, errors[] names
        the hive."""
        if how:
            # The worm's Run value is in it, where each damage hides it: a scanner that
            # skips the damage silently calls an infected disk clean.
            pristine = os.path.join(self.base, "pristine-SOFTWARE")
            self.hive(pristine, software(run=dict(CTFMON, **BLASTER_RUN)))
            self.windows(soft=False)
            what = make_hive.corrupt(pristine, self.path(f"{CONFIG}/SOFTWARE"), how,
                                     **(opts or {}))
            os.chmod(self.path(f"{CONFIG}/SOFTWARE"), 0o644)
            self.notes.append(f"SOFTWARE ({how}): {what}")
        else:
            self.notes.append(f"SOFTWARE: {description}")
        r, report = self.scan()
        self.check(r.status in (EXIT_CLEAN, EXIT_EVIDENCE),
                   f"exit status {r.status} ({EXIT_MEANING.get(r.status, '?')}): a damaged hive "
                   "must not stop the scan of the rest of the disk")
        self.check_status(r, EXIT_CLEAN)
        self.check_target(report)
        got = report.get("verdict", {}).get("infection")
        self.check(got == "incomplete",
                   f"verdict.infection is {got!r}, expected 'incomplete'"
                   + (": the disk is called clean although its SOFTWARE hive could not be read "
                      "whole (the damaged part holds the worm's Run value 'windows auto update' "
                      "= msblast.exe)" if got == "clean" and how else ""))
        self.check_findings(report, set())
        self.check_hive_error(report, f"{CONFIG}/SOFTWARE", f"SOFTWARE ({how or description})")
        return r, report


# --- the cases ----------------------------------------------------------------------------

CASES = tap_cases.CaseList()
case = CASES.case


BLASTER_RUN = {"windows auto update": "msblast.exe"}
MACHINE_RUN_FINDING = ("infection", "registry",
                       f"{CONFIG}/SOFTWARE: {RUN}\\windows auto update")


# If this breaks: the worm's Run value alone (its file already deleted) no longer marks the disk.
@case("run-value-infected")
def run_value_infected(c):
    c.windows(soft=software(run=dict(CTFMON, **BLASTER_RUN)))
    r, report = c.scan()
    c.check_status(r, EXIT_EVIDENCE)
    c.check_target(report)
    c.check_infection(report, "infected")
    c.check_findings(report, {MACHINE_RUN_FINDING})
    c.check_variant(report, MACHINE_RUN_FINDING[2], "blaster", "A")
    c.check_reason(report, r"registry", "the verdict does not say that a registry entry is why "
                   "the disk is infected (there is no worm file on it)")
    c.check_no_errors(report)


# If this breaks: a worm started once at the next logon (RunOnce) is missed.
@case("runonce-infected")
def runonce_infected(c):
    c.windows(soft=software(run=CTFMON,
                            runonce={"windows auto update": "C:\\WINDOWS\\system32\\penis32.exe"}))
    r, report = c.scan()
    c.check_status(r, EXIT_EVIDENCE)
    c.check_infection(report, "infected")
    loc = f"{CONFIG}/SOFTWARE: {RUNONCE}\\windows auto update"
    c.check_findings(report, {("infection", "registry", loc)})
    c.check_variant(report, loc, "blaster", "B")
    c.check_no_errors(report)


# If this breaks: Welchia's service (RpcPatch) in the registry is missed once its file is gone.
@case("service-infected")
def service_infected(c):
    c.windows(syst=system(control_sets={1: {
        "RpcPatch": service("%SystemRoot%\\system32\\wins\\dllhost.exe", "WINS Client"),
    }}))
    r, report = c.scan()
    c.check_status(r, EXIT_EVIDENCE)
    c.check_infection(report, "infected")
    loc = f"{CONFIG}/SYSTEM: ControlSet001\\Services\\RpcPatch"
    c.check_findings(report, {("infection", "service", loc)})
    c.check_variant(report, loc, "welchia", "A")
    c.check_no_errors(report)


# If this breaks: a worm service under a made-up name is missed, or real Windows services that
# run the real svchost.exe / dllhost.exe are flagged.
@case("service-by-image")
def service_by_image(c):
    c.windows(syst=system(control_sets={1: {
        "NetConnShare": service("%SystemRoot%\\System32\\WINS\\SVCHOST.EXE",
                                "Network Connections Sharing", start=3),
        "Nothing": service("C:\\WINDOWS\\system32\\drivers\\svchost.exe", "Nothing to see"),
    }}))
    r, report = c.scan()
    c.check_status(r, EXIT_EVIDENCE)
    c.check_infection(report, "infected")
    services = f"{CONFIG}/SYSTEM: ControlSet001\\Services"
    c.check_findings(report, {
        ("infection", "service", f"{services}\\NetConnShare"),
        ("infection", "service", f"{services}\\Nothing"),
    })
    c.check_variant(report, f"{services}\\NetConnShare", "welchia", "A")
    c.check_variant(report, f"{services}\\Nothing", "welchia", "B")
    c.check_no_errors(report)


# If this breaks: the worm's Run value in one user's own registry (NTUSER.DAT) is missed.
@case("user-run-value")
def user_run_value(c):
    c.windows(users={
        "yamada": ntuser(run=dict(CTFMON, **{
            "windows auto update": "C:\\WINDOWS\\system32\\msblast.exe"})),
        "Administrator": ntuser(run=CTFMON),
    })
    r, report = c.scan()
    c.check_status(r, EXIT_EVIDENCE)
    c.check_infection(report, "infected")
    loc = f"Documents and Settings/yamada/NTUSER.DAT: {USER_RUN}\\windows auto update"
    c.check_findings(report, {("infection", "registry", loc)})
    c.check_variant(report, loc, "blaster", "A")
    c.check(any(f.get("location", "").startswith(
        c.path("Documents and Settings/yamada/NTUSER.DAT")) for f in report.get("findings", [])),
        "no finding's location names Documents and Settings/yamada/NTUSER.DAT: the user "
        "cannot tell whose registry starts the worm")
    c.check_no_errors(report)


# If this breaks: a Japanese user name loses the finding or garbles its location.
@case("user-run-value-japanese")
def user_run_value_japanese(c):
    c.windows(users={"ユーザー": ntuser(run={
        "windows auto update": "C:\\WINDOWS\\system32\\msblast.exe"})})
    r, report = c.scan()
    c.check_status(r, EXIT_EVIDENCE)
    c.check_infection(report, "infected")
    loc = f"Documents and Settings/ユーザー/NTUSER.DAT: {USER_RUN}\\windows auto update"
    c.check_findings(report, {("infection", "registry", loc)})
    c.check(c.path("Documents and Settings/ユーザー/NTUSER.DAT") + ": " + USER_RUN
            + "\\windows auto update" in [f.get("location") for f in report.get("findings", [])],
            "the Japanese user folder is not the exact UTF-8 name in the finding's location")
    c.check_no_errors(report)


# If this breaks: a Run value only one source gives (Blaster.D's "Nonton Antivirus") is called a
# sure infection, or is not reported at all.
@case("run-value-unconfirmed")
def run_value_unconfirmed(c):
    c.windows(soft=software(run=dict(CTFMON, **{"Nonton Antivirus": "mspatch.exe"})))
    r, report = c.scan()
    c.check_status(r, EXIT_EVIDENCE)
    c.check_infection(report, "suspicious")
    loc = f"{CONFIG}/SOFTWARE: {RUN}\\Nonton Antivirus"
    c.check_findings(report, {("suspicious", "registry", loc)})
    c.check_variant(report, loc, "blaster", "D", confirmed=False)
    c.check_no_errors(report)


# If this breaks: a Run value starting Welchia.B's svchost.exe (System32\drivers) is missed,
# because the catalogue lists svchost.exe twice (wins and drivers) and only one was looked at.
@case("run-value-worm-path")
def run_value_worm_path(c):
    c.windows(soft=software(run=dict(CTFMON, **{
        "Service Host": "C:\\WINDOWS\\system32\\drivers\\svchost.exe",
        "Real Host": "C:\\WINDOWS\\system32\\svchost.exe -k netsvcs"})))
    r, report = c.scan()
    c.check_status(r, EXIT_EVIDENCE)
    c.check_infection(report, "infected")
    c.check_findings(report, {("infection", "registry", f"{CONFIG}/SOFTWARE: {RUN}\\Service Host")})


# If this breaks: ordinary start-up programs are reported as the worm.
@case("run-value-harmless")
def run_value_harmless(c):
    c.windows(soft=software(run=dict(CTFMON, **{
        "SoundMan": "SOUNDMAN.EXE", "Windows Update": "C:\\WINDOWS\\system32\\wupdmgr.exe"}),
        runonce={"Setup": "C:\\WINDOWS\\system32\\rundll32.exe setupapi,InstallHinfSection"}),
        users={"yamada": ntuser(run=CTFMON)})
    r, report = c.scan()
    c.check_status(r, EXIT_CLEAN)
    c.check_infection(report, "clean")
    c.check_findings(report, set())
    c.check_no_errors(report)


# If this breaks: a PC with MS03-026 installed is told it is open to the worm.
@case("patched-by-key")
def patched_by_key(c):
    c.windows(soft=software(updates=["Windows XP\\SP2\\KB823980"]))
    r, report = c.scan()
    c.check_status(r, EXIT_CLEAN)
    c.check_os(report, "Microsoft Windows XP", "5.1", "Service Pack 1", "2600")
    c.check_patches(report, {"KB823980": "installed", "KB824146": "missing"})
    c.check_vulnerability(report, "patched")
    c.check_reason(report, r"KB823980", "the verdict does not name the installed update "
                   "KB823980 as the reason the PC is safe")
    c.check_no_errors(report)


# If this breaks: XP SP2 (which includes both RPC fixes) is told to install them.
@case("patched-by-service-pack")
def patched_by_service_pack(c):
    c.windows(soft=software(os_values=XP_SP2))
    r, report = c.scan()
    c.check_status(r, EXIT_CLEAN)
    c.check_os(report, "Microsoft Windows XP", "5.1", "Service Pack 2", "2600")
    c.check_patches(report, {"KB823980": "included", "KB824146": "included",
                             "Q815021": "included", "Q811493": "included"})
    c.check_vulnerability(report, "patched")
    c.check_reason(report, r"Service Pack 2", "the verdict does not say that Service Pack 2 "
                   "includes the fix")
    c.check_no_errors(report)


# If this breaks: a PC with MS03-039 (which replaces MS03-026) is told to install MS03-026.
@case("patched-by-superseding-update")
def patched_by_superseding_update(c):
    c.windows(soft=software(updates=["Windows XP\\SP2\\KB824146"]))
    r, report = c.scan()
    c.check_status(r, EXIT_CLEAN)
    c.check_patches(report, {"KB824146": "installed", "KB823980": "superseded"})
    c.check_vulnerability(report, "patched")
    c.check_no_errors(report)


def server_2003(c, product_key):
    c.windows(soft=software(os_values=WIN2003,
                            updates=[f"{product_key}\\SP1\\KB823980"]))
    r, report = c.scan()
    c.check_status(r, EXIT_CLEAN)
    c.check_os(report, "Microsoft Windows Server 2003", "5.2", None, "3790")
    c.check_patches(report, {"KB823980": "installed"})
    c.check_vulnerability(report, "patched", f" (the key is Updates\\{product_key}\\SP1\\KB823980)")
    c.check_no_errors(report)


# If this breaks: Server 2003 with the key as the bulletins spell it ("Window Server 2003") is
# told it is unpatched.
@case("server-2003-window-spelling")
def server_2003_window(c):
    server_2003(c, "Window Server 2003")


# If this breaks: Server 2003 with the key spelled "Windows Server 2003" is told it is unpatched.
@case("server-2003-windows-spelling")
def server_2003_windows(c):
    server_2003(c, "Windows Server 2003")


# If this breaks: a PC patched only by MS04-012 (KB828741, which replaces MS03-026 and MS03-039)
# is told it is open to the worm and sent to install updates it does not need. The XP package is
# dual-mode: XP SP1 gets the SP2 key (the MS04-012 bulletin's Registry Key Verification).
@case("patched-by-ms04-012-xp-sp1")
def patched_by_ms04_012_xp_sp1(c):
    c.windows(soft=software(updates=["Windows XP\\SP2\\KB828741"]))
    r, report = c.scan()
    c.check_status(r, EXIT_CLEAN)
    c.check_os(report, "Microsoft Windows XP", "5.1", "Service Pack 1", "2600")
    c.check_patches(report, {"KB828741": "installed", "KB823980": "superseded",
                             "KB824146": "superseded"})
    c.check_vulnerability(report, "patched")
    c.check_reason(report, r"KB828741", "the verdict does not name the installed update "
                   "KB828741 (MS04-012) as the reason the PC is safe")
    c.check_no_errors(report)
    t = c.run(c.root)
    text = t.stdout.decode("utf-8", "replace")
    c.check(re.search(r"^Vulnerability: Patched\b", text, re.M),
            "the text report does not say 'Vulnerability: Patched' for a PC with MS04-012:\n"
            + text)


# If this breaks: Windows 2000 SP4 patched only by MS04-012 is told it is open to the worm.
@case("patched-by-ms04-012-2000-sp4")
def patched_by_ms04_012_2000_sp4(c):
    c.windows(windir="WINNT", soft=software(os_values=WIN2000_SP4,
                                            updates=["Windows 2000\\SP5\\KB828741"]))
    r, report = c.scan()
    c.check_status(r, EXIT_CLEAN)
    c.check_patches(report, {"KB828741": "installed", "KB823980": "superseded",
                             "KB824146": "superseded"})
    c.check_vulnerability(report, "patched")
    c.check_no_errors(report)


# If this breaks: Server 2003 patched only by MS04-012 is told it is open to the worm.
@case("patched-by-ms04-012-2003")
def patched_by_ms04_012_2003(c):
    c.windows(soft=software(os_values=WIN2003,
                            updates=["Windows Server 2003\\SP1\\KB828741"]))
    r, report = c.scan()
    c.check_status(r, EXIT_CLEAN)
    c.check_patches(report, {"KB828741": "installed", "KB823980": "superseded",
                             "KB824146": "superseded"})
    c.check_vulnerability(report, "patched")
    c.check_no_errors(report)


# If this breaks: an XP SP1 with none of the three updates is not told it is open to the worm,
# or the sentence does not name all three updates (MS04-012 too) in the user's words, or keeps
# the research note ("ask who installed it") the user cannot act on.
@case("unpatched-no-key")
def unpatched_no_key(c):
    c.windows(soft=software())
    r, report = c.scan()
    c.check_status(r, EXIT_CLEAN)
    c.check_patches(report, {"KB823980": "missing", "KB824146": "missing",
                             "KB828741": "missing"})
    c.check_vulnerability(report, "unpatched")
    for name in ("MS03-026", "MS03-039", "MS04-012"):
        c.check_reason(report, re.escape(name),
                       f"the unpatched verdict does not name {name} among the updates it missed")
    c.check(not any("ask who" in s for s in c.reasons(report)),
            f"the unpatched verdict still holds a research note: {c.reasons(report)}")
    c.check_no_errors(report)
    t = c.run(c.root)
    text = t.stdout.decode("utf-8", "replace")
    c.check(re.search(r"^Vulnerability: Not patched\b", text, re.M),
            "the text report does not say 'Vulnerability: Not patched':\n" + text)


# If this breaks: a Windows is called unpatched although one of the updates that close the hole
# (fixes=rpc) has no key the scanner could look for: it may be installed unseen, so the answer
# must be unknown. A catalogue without MS04-012's XP key shows it on an XP SP1 with no key.
@case("rpc-update-without-key-unknown")
def rpc_update_without_key_unknown(c):
    text = c.suite.rules_bytes.decode("utf-8")
    text, n = re.subn(r"^patch-key patch=KB828741 os=winxp .*\n", "", text, flags=re.M)
    assert n == 1, "data/rules/blaster.rules has no XP key line for KB828741"
    rules = os.path.join(c.base, "no-ms04-012-xp-key.rules")
    with open(rules, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    c.windows(soft=software())
    r = c.run("--json", "--rules", rules, c.root)
    report = parse_report(r, "blaster-scan --json --rules")
    c.check_status(r, EXIT_CLEAN)
    c.check_patches(report, {"KB823980": "missing", "KB824146": "missing",
                             "KB828741": "unknown"})
    c.check_vulnerability(report, "unknown", " (MS04-012 could not be looked for)")
    c.check_no_errors(report)


# If this breaks: Windows NT 4.0, whose MS04-012 hotfix key is outside the Updates key the
# catalogue can name, is called unpatched although it may have the update: it must be unknown.
@case("nt4-unknown")
def nt4_unknown(c):
    c.windows(windir="WINNT", soft=software(os_values={
        "ProductName": "Microsoft Windows NT", "CurrentVersion": "4.0",
        "CurrentBuildNumber": "1381", "CSDVersion": "Service Pack 6",
        "SystemRoot": "C:\\WINNT"}))
    r, report = c.scan()
    c.check_status(r, EXIT_CLEAN)
    c.check_vulnerability(report, "unknown", " (the sources give no Updates key for NT 4.0)")
    c.check_no_errors(report)


# If this breaks: an XP SP1 without the updates is not told it is open to the worm, or is not
# warned that a Windows installed with the updates built in also shows no key.
@case("unpatched")
def unpatched(c):
    c.windows(soft=software(updates=["Windows XP\\SP2\\Q815021"]))
    r, report = c.scan()
    c.check_status(r, EXIT_CLEAN)
    c.check_infection(report, "clean")
    c.check_patches(report, {"KB823980": "missing", "KB824146": "missing",
                             "Q815021": "installed"})
    c.check_vulnerability(report, "unpatched")
    c.check_reason(report, r"built[ -]in|slipstream",
                   "the unpatched verdict does not warn that a Windows installed with the "
                   "updates built in (slipstreamed) has no update key either")
    c.check_no_errors(report)


# If this breaks: Windows 2000 SP4 (WINNT) is not told that SP4 has MS03-007 and MS03-013 but not
# MS03-026.
@case("windows-2000-sp4")
def windows_2000_sp4(c):
    c.windows(windir="WINNT", soft=software(os_values=WIN2000_SP4))
    r, report = c.scan()
    c.check_status(r, EXIT_CLEAN)
    c.check_target(report, "WINNT")
    c.check_os(report, "Microsoft Windows 2000", "5.0", "Service Pack 4", "2195")
    c.check_patches(report, {"Q815021": "included", "Q811493": "included",
                             "KB823980": "missing", "KB824146": "missing"})
    c.check_vulnerability(report, "unpatched")
    c.check_no_errors(report)


# If this breaks: a registry that does not say which Windows it is gets a patched/unpatched
# verdict anyway, or no reason.
@case("os-unknown")
def os_unknown(c):
    c.windows(soft=software(os_values=None, updates=["Windows XP\\SP2\\KB823980"]))
    r, report = c.scan()
    c.check_status(r, EXIT_CLEAN)
    c.check_os(report, None, None, None, None)
    c.check_vulnerability(report, "unknown")
    c.check_reason(report, r"which Windows|Windows version|not known",
                   "the unknown vulnerability has no reason saying the Windows version could not "
                   "be told")
    c.check_no_errors(report)


# If this breaks: IIS (the WebDAV hole of MS03-007) on a disk is not reported.
@case("iis-installed")
def iis_installed(c):
    c.windows(syst=system(control_sets={1: W3SVC}))
    r, report = c.scan()
    c.check_status(r, EXIT_CLEAN)
    c.check_iis(report, True, "ControlSet001\\Services\\W3SVC exists and Select\\Current is 1")
    c.check_findings(report, set())
    c.check_no_errors(report)


# If this breaks: a PC without IIS is told it runs a web server.
@case("iis-absent")
def iis_absent(c):
    c.windows()
    r, report = c.scan()
    c.check_status(r, EXIT_CLEAN)
    c.check_iis(report, False, "no control set has Services\\W3SVC")
    c.check_no_errors(report)


# If this breaks: the scanner reads ControlSet001 whatever SYSTEM\Select\Current says.
@case("iis-control-set-2")
def iis_control_set_2(c):
    c.windows(syst=system(current=2, control_sets={1: {}, 2: W3SVC}))
    r, report = c.scan()
    c.check_iis(report, True, "Select\\Current is 2 and ControlSet002\\Services\\W3SVC exists "
                "(ControlSet001 has none)")
    c.check_no_errors(report)
    # The other way round: W3SVC only in the control set Windows does not boot with.
    os.unlink(c.path(f"{CONFIG}/SYSTEM"))
    c.hive(f"{CONFIG}/SYSTEM", system(current=2, control_sets={1: W3SVC, 2: {}}))
    r, report = c.scan()
    c.check_iis(report, False, "Select\\Current is 2 and only ControlSet001 (not booted) has "
                "W3SVC")
    c.check_no_errors(report)


# If this breaks: the user is not told that System Restore is off (the worm's copies in restore
# points survive otherwise).
@case("system-restore-off")
def system_restore_off(c):
    c.windows(soft=software(disable_sr=1))
    r, report = c.scan()
    got = report.get("target", {}).get("system_restore")
    c.check(got == "off", f"target.system_restore is {got!r}, expected 'off' (DisableSR = 1)")
    c.check_no_errors(report)


@case("system-restore-on")
def system_restore_on(c):
    c.windows(soft=software(disable_sr=0))
    r, report = c.scan()
    got = report.get("target", {}).get("system_restore")
    c.check(got == "on", f"target.system_restore is {got!r}, expected 'on' (DisableSR = 0)")
    c.check_no_errors(report)


# If this breaks: a disk whose hive files are in lower case (as some tools and copies leave
# them) has its registry ignored.
@case("lower-case-hive-names")
def lower_case_hive_names(c):
    c.windows(soft=software(run=BLASTER_RUN), syst=system(control_sets={1: W3SVC}),
              names=("software", "system"))
    c.hive("Documents and Settings/yamada/ntuser.dat",
           ntuser(run={"windows auto update": "C:\\WINDOWS\\system32\\msblast.exe"}))
    r, report = c.scan()
    c.check_status(r, EXIT_EVIDENCE)
    c.check_infection(report, "infected")
    c.check_findings(report, {
        ("infection", "registry", f"{CONFIG}/software: {RUN}\\windows auto update"),
        ("infection", "registry",
         f"Documents and Settings/yamada/ntuser.dat: {USER_RUN}\\windows auto update"),
    })
    c.check_os(report, "Microsoft Windows XP", "5.1", "Service Pack 1", "2600")
    c.check_iis(report, True, "the lower-case 'system' hive has ControlSet001\\Services\\W3SVC")
    c.check_no_errors(report)


# --- hostile hives ------------------------------------------------------------------------

# If this breaks: a half-copied SOFTWARE hive crashes or hangs the scan, or is silently skipped.
@case("hostile-truncated")
def hostile_truncated(c):
    r, report = c.hostile("truncated")
    c.check_vulnerability(report, "unknown", " (SOFTWARE cannot be read)")


@case("hostile-bitflip")
def hostile_bitflip(c):
    c.hostile("bitflip")


@case("hostile-badsig")
def hostile_badsig(c):
    r, report = c.hostile("badsig")
    c.check_vulnerability(report, "unknown", " (SOFTWARE is not a hive)")


# The worm's Run value with a data length of 2 GiB: hivex refuses to read it (ERANGE).
@case("hostile-hugevalue")
def hostile_hugevalue(c):
    c.hostile("hugevalue", {"key": RUN, "value": "windows auto update"})


# Microsoft\Windows's subkey list points back at the root: Microsoft\Windows\CurrentVersion
# (and the worm's Run value) cannot be reached, and a walk of the tree would never end.
@case("hostile-cycle")
def hostile_cycle(c):
    c.hostile("cycle", {"key": "Microsoft\\Windows", "target": "root"})


@case("hostile-empty")
def hostile_empty(c):
    c.windows(soft=False)
    c.touch(f"{CONFIG}/SOFTWARE")
    r, report = c.hostile(None, description="empty (0-byte)")
    c.check_vulnerability(report, "unknown", " (SOFTWARE is empty)")


@case("hostile-directory")
def hostile_directory(c):
    c.windows(soft=False)
    c.mkdir(f"{CONFIG}/SOFTWARE")
    c.touch(f"{CONFIG}/SOFTWARE/readme.txt")
    r, report = c.hostile(None, description="a folder")
    c.check_vulnerability(report, "unknown", " (SOFTWARE is a folder)")


# If this breaks: a small hive whose lists repeat one record thousands of times (found by the
# fuzzer's author: tests/fuzz/crashes/) makes the scan take gigabytes of memory or many seconds.
@case("hostile-bombs")
def hostile_bombs(c):
    crashes = os.path.join(c.suite.source_root, "tests", "fuzz", "crashes")
    # A Run key listing one 8 MB value a thousand times (gigabytes once decoded), as SOFTWARE.
    c.windows(soft=False)
    shutil.copyfile(os.path.join(crashes, "oom-run-values.hive"), c.path(f"{CONFIG}/SOFTWARE"))
    start = time.monotonic()
    c.hostile(None, description="oom-run-values.hive")
    took = time.monotonic() - start
    c.check(took < 10, f"oom-run-values.hive: the scan took {took:.1f} s: a hive bomb must be "
            "refused, not worked through")
    # A Services key listing one service thousands of times (hours of look-ups), as SYSTEM.
    os.unlink(c.path(f"{CONFIG}/SOFTWARE"))
    c.hive(f"{CONFIG}/SOFTWARE", software())
    shutil.copyfile(os.path.join(crashes, "timeout-services.hive"), c.path(f"{CONFIG}/SYSTEM"))
    start = time.monotonic()
    r, report = c.scan()
    took = time.monotonic() - start
    c.check(took < 10, f"timeout-services.hive: the scan took {took:.1f} s: a hive bomb must be "
            "refused, not worked through")
    c.check_infection(report, "incomplete")
    c.check_hive_error(report, f"{CONFIG}/SYSTEM", "SYSTEM (timeout-services.hive)")


# If this breaks: a Windows disk without its registry passes for clean and checked.
@case("missing-hives")
def missing_hives(c):
    c.touch("WINDOWS/system32/kernel32.dll", "WINDOWS/explorer.exe", "boot.ini")
    r, report = c.scan()
    c.check_status(r, EXIT_CLEAN)
    c.check_target(report)
    c.check_infection(report, "incomplete")
    c.check_vulnerability(report, "unknown")
    errors = sorted((c.rel(e.get("location", "")), e.get("code"))
                    for e in report.get("errors", []))
    want = [(f"{CONFIG}/SOFTWARE", "ENOENT"), (f"{CONFIG}/SYSTEM", "ENOENT")]
    c.check(errors == want, f"errors[] is {errors}, expected {want}: the user is not told that "
            "the registry hives are missing")


# --- the runner ---------------------------------------------------------------------------

def main():
    args, selected = tap_cases.parse_args(__doc__, CASES)
    tap_cases.ensure_hivex(make_hive._load_hivex, __file__)
    return tap_cases.run(Suite(args), selected, Case)


if __name__ == "__main__":
    sys.exit(main())
