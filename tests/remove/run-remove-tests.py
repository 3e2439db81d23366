#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""End-to-end tests of `blaster-scan --remove` and `--undo` on attached Windows disks (issue #12).

Each case builds a small Windows disk in a fresh temporary folder, as tests/hive/run-hive-tests.py
does (its builders are reused: real registry hives written with python3-hivex and read back with
reglookup), with stand-in files that carry only the worm's file NAMES (a line of text each, never
worm code). Then it runs `blaster-scan --remove` and `--undo` and asserts what a person or a script
relies on: the exit status, the verdict before and after, every worm file moved into
BlasterCheck-Quarantine/<time>/ with its bytes, the worm's Run values and services gone from the
hives (each hive read back whole with reglookup and opened with hivex), Windows's own files
untouched, and after `--undo` the whole disk byte-identical to before (every file hashed; the
quarantine folder itself excepted).

Cases: one per Blaster and Welchia variant of the catalogue (data/rules/blaster.rules), a
suspicious file (--also), fault injection at EVERY checkpoint (BLASTER_SCAN_KILL_AT=N: a removal
killed, then --remove again, on the disk mounted elsewhere too, and separately --undo; an undo
killed, then --undo again and separately --remove), a full disk (tmpfs), a dirty hive, a
read-only mount (tmpfs, bind), a file replaced since the removal, a hive Windows wrote since, a
quarantined file changed, hostile manifests (damaged, huge, foreign, paths leaving the disk), a
quarantine folder that is a link or another volume, names in other cases, two Windows folders, a
non-ASCII user. The mounts are made in a mount namespace of their own (unshare -m, root only) so
that they never reach the system; not being able to mount is a failure, never a skip.

Output is TAP, one line per case. Usage:
  run-remove-tests.py [--scanner FILE] [--source-root DIR] [--case NAME]... [--keep]
  --keep    leaves the fixture folders in place and names them, for debugging

python3-hivex is Debian's and installed for /usr/bin/python3 only: when the interpreter running
this script cannot import it, the script runs itself again under /usr/bin/python3.
"""

import hashlib
import json
import os
import re
import shlex
import shutil
import signal
import stat
import struct
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TESTS = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(TESTS, "hive"))
sys.path.insert(0, TESTS)  # tap_cases.py

import make_hive  # noqa: E402
import tap_cases  # noqa: E402
from tap_cases import (EXIT_CLEAN, EXIT_ERROR, EXIT_EVIDENCE, Fatal, Result,  # noqa: E402
                       bail_out, english_env)


H = tap_cases.load_hive_tests()
software, system, ntuser, service, tree = H.software, H.system, H.ntuser, H.service, H.tree
CTFMON, RUN, USER_RUN, CONFIG = H.CTFMON, H.RUN, H.USER_RUN, H.CONFIG

TIMEOUT = 120  # seconds per scanner run (the sanitizer build is slow)
QUARANTINE = "BlasterCheck-Quarantine"
MANIFEST = "manifest.json"
MANIFEST_FORMAT = "blaster-check-quarantine/1"
MANIFEST_MAX = 8 << 20
KILL_ENV = "BLASTER_SCAN_KILL_AT"
UNDO_MEANING = {0: "all put back", 1: "some refused, each with its reason",
                2: "error, nothing put back"}
MAX_CHECKPOINTS = 400  # a removal that passes more checkpoints than this never ends

# --- the catalogue: every Blaster and Welchia variant, with its files, Run values, services ----


class Variant:
    def __init__(self, family, vid):
        self.family, self.id = family, vid
        self.files = []     # (folder below WINDOWS, name)
        self.runs = []      # (value name, data, confirmed)
        self.services = []  # (name, image below WINDOWS, start)

    @property
    def name(self):
        return f"{self.family}-{self.id}"


def parse_catalogue(text):
    """The variants of data/rules/blaster.rules, in its order."""
    variants = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        words = shlex.split(line)
        kind = words[0]
        f = dict(w.split("=", 1) for w in words[1:] if "=" in w)
        if kind == "variant":
            variants[(f["family"], f["id"])] = Variant(f["family"], f["id"])
            continue
        v = variants.get((f.get("family"), f.get("variant")))
        if v is None:
            continue
        if kind == "file":
            v.files.append((f["folder"], f["name"]))
        elif kind == "run":
            v.runs.append((f["value"], f["data"], f.get("confirmed", "yes") != "no"))
        elif kind == "service":
            v.services.append((f["name"], f["image"], f.get("start", "automatic")))
    return list(variants.values())


with open(os.path.join(tap_cases.SOURCE_ROOT, "data", "rules", "blaster.rules"),
          encoding="utf-8") as _f:
    VARIANTS = parse_catalogue(_f.read())

# --- trees of files ---------------------------------------------------------------------------


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


def snapshot(root, quarantine=False):
    """{relative path: facts} of everything below ROOT: ("dir", mode) for folders, ("file",
    sha256, size, mode, mtime_ns) for files, ("link", target) for links. The quarantine folder is
    left out unless QUARANTINE."""
    out = {}
    for dirpath, dirs, files in os.walk(root):
        rel_dir = os.path.relpath(dirpath, root)
        if rel_dir == "." and not quarantine and QUARANTINE in dirs:
            dirs.remove(QUARANTINE)
        for name in dirs + files:
            p = os.path.join(dirpath, name)
            rel = os.path.normpath(os.path.join(rel_dir, name))
            st = os.lstat(p)
            if stat.S_ISLNK(st.st_mode):
                out[rel] = ("link", os.readlink(p))
            elif stat.S_ISDIR(st.st_mode):
                out[rel] = ("dir", stat.S_IMODE(st.st_mode))
            else:
                out[rel] = ("file", sha256_file(p), st.st_size, stat.S_IMODE(st.st_mode),
                            st.st_mtime_ns)
    return out


def tree_differences(before, after, ignore=()):
    """What differs between two snapshots, in words (IGNORE: paths left out)."""
    problems = []
    for rel in sorted(set(before) | set(after)):
        if rel in ignore:
            continue
        b, a = before.get(rel), after.get(rel)
        if b == a:
            continue
        if a is None:
            problems.append(f"{rel} is gone")
        elif b is None:
            problems.append(f"{rel} is new ({a[0]})")
        elif b[0] != a[0]:
            problems.append(f"{rel} was a {b[0]}, is a {a[0]} now")
        elif a[0] == "file" and b[1] != a[1]:
            problems.append(f"{rel}: its bytes changed ({b[2]} bytes, sha256 {b[1][:12]}… → "
                            f"{a[2]} bytes, {a[1][:12]}…)")
        elif a[0] == "file" and b[3] != a[3]:
            problems.append(f"{rel}: its permissions changed ({b[3]:o} → {a[3]:o})")
        elif a[0] == "file" and b[4] != a[4]:
            problems.append(f"{rel}: its modification time changed ({b[4]} → {a[4]} ns)")
        else:
            problems.append(f"{rel} changed: {b} → {a}")
    return problems


def hashes(snap):
    """{sha256: [relative paths]} of the files of a snapshot."""
    out = {}
    for rel, facts in snap.items():
        if facts[0] == "file":
            out.setdefault(facts[1], []).append(rel)
    return out


def quarantines(root):
    """The removal folders below ROOT/BlasterCheck-Quarantine (full paths, sorted)."""
    q = os.path.join(root, QUARANTINE)
    if not os.path.isdir(q):
        return []
    return sorted(os.path.join(q, n) for n in os.listdir(q) if os.path.isdir(os.path.join(q, n)))


def read_manifest(folder):
    with open(os.path.join(folder, MANIFEST), "rb") as f:
        return json.loads(f.read())


def make_dirty(path):
    """Marks the hive at PATH as not closed cleanly: its base block's primary sequence number
    (offset 4) one ahead of the secondary (offset 8), the checksum (0x1FC) made right again, as
    Windows leaves a hive whose .LOG it must replay."""
    with open(path, "r+b") as f:
        base = bytearray(f.read(4096))
        primary, secondary = struct.unpack_from("<II", base, 4)
        struct.pack_into("<I", base, 4, secondary + 1)
        struct.pack_into("<I", base, 0x1FC, make_hive._checksum(bytes(base)))
        f.seek(0)
        f.write(base)


# --- a mount namespace of our own ------------------------------------------------------------


class Namespace:
    """A mount namespace kept alive by a sleeping process (unshare -m, private propagation):
    commands run in it through nsenter, and its files are reached from here through
    /proc/PID/root. Its mounts never reach the system and go away with it."""

    def __init__(self):
        try:
            self.proc = subprocess.Popen(
                ["unshare", "-m", "--propagation", "private", "sleep", "3600"],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        except OSError as e:
            raise Fatal(f"unshare -m could not be started (root only): {e}")
        mine = os.readlink("/proc/self/ns/mnt")
        for _ in range(200):
            if self.proc.poll() is not None:
                raise Fatal("unshare -m could not make a mount namespace (must run as root): "
                            + self.proc.stderr.read().decode(errors="replace").strip())
            try:
                if os.readlink(f"/proc/{self.proc.pid}/ns/mnt") != mine:
                    break
            except OSError:
                pass
            time.sleep(0.02)
        else:
            raise Fatal("unshare -m did not enter a mount namespace of its own")
        self.prefix = ["nsenter", "-t", str(self.proc.pid), "-m", "--"]

    def outside(self, path):
        """PATH (as seen in the namespace) as this process reaches it."""
        return f"/proc/{self.proc.pid}/root{path}"

    def sh(self, command, what):
        p = subprocess.run(self.prefix + ["sh", "-c", command], capture_output=True,
                           timeout=60, stdin=subprocess.DEVNULL)
        if p.returncode != 0:
            raise Fatal(f"{what} could not be done (must run as root): `{command}` exit "
                        f"{p.returncode}: {p.stderr.decode(errors='replace').strip()!r}")

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()


# --- the suite and one case -------------------------------------------------------------------


class Suite(H.Suite):
    TIMEOUT = TIMEOUT


class Plan:
    """What a removal of a fixture disk must do: WORM {rel: bytes} files to move into the
    quarantine, HIVES {rel: spec after} hives to edit (their originals kept), ALSO the kinds of
    suspicious finding that must be named with --also, VARIANTS what is on it."""

    def __init__(self):
        self.worm = {}
        self.hives = {}
        self.gone = {}  # hive rel: [(key, value name or None: the key)] that must be gone
        self.variants = []

    def windows_location(self, rel):
        return "C:\\" + rel.replace("/", "\\")


def stand_in(variant, name):
    """The few bytes of text a worm file is replaced with here: its NAME, never its code."""
    return (f"Blaster Check test stand-in named {name} ({variant.family} {variant.id}); "
            "not the worm, a line of text.\n").encode()


OWN = {  # Windows's own programs of the same names: never touched
    "WINDOWS/system32/svchost.exe": b"Windows's own svchost.exe (a test stand-in)\n",
    "WINDOWS/system32/dllhost.exe": b"Windows's own dllhost.exe (a test stand-in)\n",
    "WINDOWS/system32/kernel32.dll": b"kernel32.dll (a test stand-in)\n",
    "WINDOWS/system32/ntdll.dll": b"ntdll.dll (a test stand-in)\n",
    "WINDOWS/explorer.exe": b"explorer.exe (a test stand-in)\n",
    "boot.ini": b"[boot loader]\r\ndefault=multi(0)disk(0)rdisk(0)partition(1)\\WINDOWS\r\n",
    "Documents and Settings/yamada/My Documents/letter.txt": b"Dear Sir,\r\n",
}
START = {"automatic": 2, "manual": 3, "disabled": 4}


class Case(H.Case):
    TEMP_PREFIX = "blaster-remove"

    # --- fixtures ----------------------------------------------------------------------------

    def write(self, rel, data, root=None):
        p = os.path.join(root or self.root, rel)
        os.makedirs(os.path.dirname(p), 0o755, exist_ok=True)
        with open(p, "wb") as f:
            f.write(data)
        return p

    def infected(self, variants, big_software=False):
        """A Windows XP disk with the files, Run values (SOFTWARE and the user yamada's
        NTUSER.DAT) and services (ControlSet001 and 002) of VARIANTS where the worm puts them;
        Administrator's NTUSER.DAT and Windows's own svchost.exe / dllhost.exe are clean. Returns
        the Plan. BIG_SOFTWARE: SOFTWARE holds a few hundred KiB of ordinary keys besides."""
        plan = Plan()
        plan.variants = list(variants)
        machine_run, user_run, services = {}, {}, {}
        for v in variants:
            for folder, name in v.files:
                rel = f"WINDOWS/{folder}/{name}"
                data = stand_in(v, name)
                self.write(rel, data)
                plan.worm[rel] = data
            runs = [(value, data) for value, data, _ in v.runs]
            if not runs:
                # Welchia has no Run value of its own: one that starts its file is the worm's.
                folder, name = v.files[0]
                runs = [(f"WINS Client {v.id}", "C:\\WINDOWS\\" + folder.replace("/", "\\")
                         + "\\" + name)]
            for value, data in runs:
                machine_run[value] = data
                user_run[value] = data if "\\" in data else "C:\\WINDOWS\\system32\\" + data
            for name, image, start in v.services:
                services[name] = service("%SystemRoot%\\" + image.replace("/", "\\"),
                                         f"{name} (test)", start=START.get(start, 2))
        extra = None
        if big_software:
            extra = tree("Classes", {"keys": {
                f".test{i:04d}": {"values": {"": f"testfile{i}", "Content Type": "x" * 400}}
                for i in range(200)}})
        soft_before = software(run=dict(CTFMON, **machine_run), extra=extra)
        soft_after = software(run=dict(CTFMON), extra=extra)
        sys_before = system(control_sets={1: services, 2: services})
        sys_after = system(control_sets={1: {}, 2: {}})
        user_before = ntuser(run=dict(CTFMON, **user_run))
        user_after = ntuser(run=dict(CTFMON))
        self.windows(soft=soft_before, syst=sys_before,
                     users={"yamada": user_before, "Administrator": ntuser(run=CTFMON)})
        for rel, data in OWN.items():
            self.write(rel, data)
        plan.hives[f"{CONFIG}/SOFTWARE"] = soft_after
        plan.gone[f"{CONFIG}/SOFTWARE"] = [(RUN, value) for value in machine_run]
        plan.hives["Documents and Settings/yamada/NTUSER.DAT"] = user_after
        plan.gone["Documents and Settings/yamada/NTUSER.DAT"] = [(USER_RUN, value)
                                                                 for value in user_run]
        if services:
            plan.hives[f"{CONFIG}/SYSTEM"] = sys_after
            plan.gone[f"{CONFIG}/SYSTEM"] = [(f"ControlSet00{n}\\Services\\{name}", None)
                                            for n in (1, 2) for name in services]
        return plan

    def copy_disk(self, src=None, name="copy"):
        """A copy of the disk SRC (default: the case's) in a folder of its own, times and
        permissions kept. Returns its root."""
        dst = os.path.join(self.mkdtemp(), name)
        shutil.copytree(src or self.root, dst, symlinks=True)
        return dst

    # --- runs --------------------------------------------------------------------------------

    def run(self, *args, env=None, prefix=(), kill_ok=False, cwd=None):
        """blaster-scan ARGS (through PREFIX, e.g. nsenter) in CWD (default: the case's folder).
        A run killed by SIGKILL is a Result with status None when KILL_OK; any other signal is a
        crash (Fatal)."""
        argv = list(prefix) + [self.suite.scanner] + list(args)
        try:
            p = subprocess.run(argv, capture_output=True, timeout=TIMEOUT, cwd=cwd or self.base,
                               env=english_env(**(env or {})), stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise Fatal(f"blaster-scan {' '.join(args)} did not finish within {TIMEOUT} s")
        if p.returncode < 0:
            if kill_ok and p.returncode == -signal.SIGKILL:
                return Result(args, None, p.stdout, p.stderr)
            try:
                sig = signal.Signals(-p.returncode).name
            except ValueError:
                sig = str(-p.returncode)
            raise Fatal(f"blaster-scan {' '.join(args)} crashed ({sig}); stderr: "
                        f"{p.stderr.decode(errors='replace').strip()[-3000:]!r}")
        return Result(args, p.returncode, p.stdout, p.stderr)

    def json_of(self, r, what):
        try:
            return json.loads(r.stdout)
        except (UnicodeDecodeError, ValueError) as e:
            raise Fatal(f"{what} printed no valid JSON (status {r.status}): {e}; stdout "
                        f"{r.stdout[:500]!r}; stderr {r.stderr.decode(errors='replace')!r}")

    def remove(self, root, *extra, env=None, prefix=()):
        """`blaster-scan --remove --json EXTRA ROOT`: (Result, report)."""
        r = self.run("--remove", "--json", *extra, root, env=env, prefix=prefix)
        return r, self.json_of(r, f"blaster-scan --remove --json {' '.join(extra)}")

    def undo(self, folder, prefix=()):
        r = self.run("--undo", folder, "--json", prefix=prefix)
        return r, self.json_of(r, "blaster-scan --undo --json")

    def only_quarantine(self, root, what):
        qs = quarantines(root)
        if len(qs) != 1:
            raise Fatal(f"{what}: {len(qs)} removal folders in {QUARANTINE} ({qs}), expected "
                        "exactly one")
        return qs[0]

    # --- assertions --------------------------------------------------------------------------

    def check_status(self, r, want, what=""):
        if "--undo" not in r.argv:
            self.check(r.status == want, (f"{what}: " if what else "")
                       + self.status_message(r, want, "not an exit status blaster-scan documents"))
            return
        self.check(r.status == want, (f"{what}: " if what else "")
                   + f"exit status {r.status} ({UNDO_MEANING.get(r.status, '?')}), expected "
                   f"{want} ({UNDO_MEANING[want]}); stderr: "
                   f"{r.stderr.decode(errors='replace').strip()!r}")

    def words(self, r):
        return (r.stdout + r.stderr).decode("utf-8", "replace")

    def check_after(self, report, want, what):
        after = report.get("verdict_after")
        if after is None and report.get("removal") is None:
            # Nothing was taken out by this run (at most a removal cut short was finished
            # first): its check ran after that, its verdict is the one after.
            after = report.get("verdict")
        got = after.get("infection") if isinstance(after, dict) else None
        self.check(got == want, f"{what}: verdict_after.infection is {got!r}, expected {want!r} "
                   f"(verdict_after is {after!r})")

    def actions(self, section):
        acts = section.get("actions") if isinstance(section, dict) else None
        if not isinstance(acts, list):
            self.fail(f"actions[] is missing from {json.dumps(section)[:300]}")
            return []
        return acts

    def rel_of(self, path, root):
        if not isinstance(path, str):
            return path
        if path.startswith(root + "/"):
            return path[len(root) + 1:]
        return path.replace("\\", "/") if not os.path.isabs(path) else path

    def check_hive(self, path, spec, what, gone=()):
        """The hive at PATH opens with hivex, has none of GONE ((key, value name or None for the
        key itself)) and reads back with reglookup exactly as SPEC."""
        try:
            hivex = make_hive._load_hivex()
            h = hivex.Hivex(path)
            for key, name in gone:
                node = h.root()
                for part in key.split("\\"):
                    node = h.node_get_child(node, part) if node else None
                if name is None:
                    self.check(not node, f"{what}: the key {key} is still in {path} (hivex)")
                elif node:
                    names = [h.value_key(v) for v in h.node_values(node)]
                    self.check(name not in names,
                               f"{what}: the value {key}\\{name} is still in {path} (hivex)")
            del h
        except Exception as e:  # hivex raises RuntimeError with the C error
            self.fail(f"{what}: hivex cannot read {path}: {e}")
            return
        try:
            make_hive.verify(path, spec)
        except make_hive.VerifyError as e:
            self.fail(f"{what}: {path} is not what it should be after the removal: {e}")

    def check_removed(self, plan, root, before, report, what, status=EXIT_CLEAN, r=None):
        """After a removal of PLAN's disk ROOT (BEFORE: its snapshot, REPORT: the JSON of the
        last --remove): every worm file is gone from its place and its bytes are in a quarantine
        exactly once, every hive edited as PLAN says with its original bytes kept exactly once,
        every other file untouched, no manifest still 'removing'."""
        if r is not None:
            self.check_status(r, status, what)
        if report is not None:
            self.check_after(report, "clean", what)
        now = snapshot(root, quarantine=True)
        where = hashes(now)
        for rel, data in plan.worm.items():
            self.check(rel not in now, f"{what}: the worm file {rel} is still at its place")
            h = hashlib.sha256(data).hexdigest()
            got = where.get(h, [])
            self.check(len(got) == 1 and got[0].startswith(QUARANTINE + "/")
                       and re.fullmatch(r"\d{4}-" + re.escape(os.path.basename(rel))
                                        + r"\.quarantined", os.path.basename(got[0])),
                       f"{what}: the bytes of {rel} are at {got}, expected exactly once, in the "
                       f"quarantine as NNNN-{os.path.basename(rel)}.quarantined")
        for rel, spec in plan.hives.items():
            if rel not in now:
                self.fail(f"{what}: the hive {rel} is gone from its place: Windows will not "
                          "start without it")
                continue
            self.check_hive(os.path.join(root, rel), spec, what, plan.gone.get(rel, ()))
            h = before[rel][1]
            got = where.get(h, [])
            self.check(len(got) == 1 and got[0].startswith(QUARANTINE + "/")
                       and re.fullmatch(r"\d{4}-" + re.escape(os.path.basename(rel))
                                        + r"\.original", os.path.basename(got[0])),
                       f"{what}: the original bytes of the hive {rel} are at {got}, expected "
                       f"exactly once, in the quarantine as NNNN-{os.path.basename(rel)}"
                       ".original (what --undo puts back)")
        rest = {k: v for k, v in before.items() if k not in plan.worm and k not in plan.hives}
        now_rest = {k: v for k, v in now.items()
                    if k not in plan.worm and k not in plan.hives
                    and not (k == QUARANTINE or k.startswith(QUARANTINE + "/"))}
        for p in tree_differences(rest, now_rest):
            self.fail(f"{what}: outside the worm's files and hives: {p}")
        for q in quarantines(root):
            try:
                m = read_manifest(q)
            except (OSError, ValueError) as e:
                self.fail(f"{what}: {q}/{MANIFEST} cannot be read: {e}")
                continue
            self.check(m.get("state") in ("removed", "undone"),
                       f"{what}: {self.rel_of(q, root)}/{MANIFEST} says state "
                       f"{m.get('state')!r}, expected 'removed' (a removal left unfinished)")
        # Every file in a quarantine is its manifest or a file an action of it moved there (the
        # original; an undone hive's edited copy, taken back out of its place).
        kept = {MANIFEST}
        for q in quarantines(root):
            try:
                for a in read_manifest(q).get("actions", []):
                    for name in (a.get("quarantined"),
                                 a.get("edited") if a.get("state") == "undone" else None):
                        if name:
                            kept.add(os.path.relpath(os.path.join(q, name), root))
            except (OSError, ValueError, AttributeError):
                pass
        for rel, facts in now.items():
            if (rel.startswith(QUARANTINE + "/") and facts[0] == "file"
                    and os.path.basename(rel) != MANIFEST and rel not in kept):
                self.fail(f"{what}: {rel} is left in the quarantine and no action of its "
                          "manifest moved it there (a half-made hive copy?)")

    def check_removal_json(self, plan, root, report, what):
        """The JSON "removal" of a full removal of PLAN's disk: every action done; one file action
        per worm file with its Windows location and quarantined name, one hive action per hive."""
        removal = report.get("removal")
        if not isinstance(removal, dict):
            self.fail(f"{what}: the JSON has no 'removal' object")
            return
        for key in ("quarantine", "manifest", "state", "actions"):
            self.check(key in removal, f"{what}: removal.{key} is missing; scripts rely on it")
        self.check(isinstance(report.get("resumed"), list),
                   f"{what}: 'resumed' is {report.get('resumed')!r}, not a list")
        self.check(removal.get("state") == "removed",
                   f"{what}: removal.state is {removal.get('state')!r}, expected 'removed'")
        q = removal.get("quarantine")
        self.check(isinstance(q, str) and os.path.realpath(q) in
                   [os.path.realpath(x) for x in quarantines(root)],
                   f"{what}: removal.quarantine {q!r} is not the folder made in {QUARANTINE}")
        if isinstance(q, str):
            self.check(re.fullmatch(r"\d{8}-\d{6}(-\d+)?", os.path.basename(q)),
                       f"{what}: the quarantine folder is named {os.path.basename(q)!r}, not "
                       "YYYYMMDD-HHMMSS")
        seen = {}
        for a in self.actions(removal):
            for key in ("what", "path", "windows_location", "state", "done", "error",
                        "quarantined"):
                self.check(key in a, f"{what}: an action has no '{key}': {a}")
            seen[(a.get("what"), self.rel_of(a.get("path"), root))] = a
            self.check(a.get("state") == "done" and a.get("done") is True
                       and a.get("error") is None,
                       f"{what}: action {a.get('what')} {a.get('path')} is {a.get('state')!r} "
                       f"(done {a.get('done')!r}, error {a.get('error')!r}), expected done")
        for rel in plan.worm:
            a = seen.get(("file", rel))
            if not self.check(a is not None, f"{what}: no file action for {rel} in "
                              f"{sorted(map(str, seen))}"):
                continue
            loc = a.get("windows_location") or ""
            self.check(loc.lower() == plan.windows_location(rel).lower(),
                       f"{what}: {rel}'s windows_location is {loc!r}, expected "
                       f"{plan.windows_location(rel)!r}")
            qn = a.get("quarantined") or ""
            self.check(re.fullmatch(r"\d{4}-" + re.escape(os.path.basename(rel))
                                    + r"\.quarantined", os.path.basename(qn)),
                       f"{what}: {rel}'s quarantined name is {qn!r}")
        for rel in plan.hives:
            self.check(("hive", rel) in seen, f"{what}: no hive action for {rel} in "
                       f"{sorted(map(str, seen))}")
        for (kind, rel) in seen:
            self.check(kind != "file" or rel in plan.worm,
                       f"{what}: a file action for {rel}, which is not the worm's")

    def check_manifest(self, plan, folder, before, what):
        try:
            m = read_manifest(folder)
        except (OSError, ValueError) as e:
            self.fail(f"{what}: the manifest cannot be read: {e}")
            return
        self.check(m.get("format") == MANIFEST_FORMAT,
                   f"{what}: manifest format {m.get('format')!r}, expected {MANIFEST_FORMAT!r}")
        got = {}
        for a in m.get("actions", []):
            got.setdefault((a.get("what"), a.get("path")), a)  # a hive's first: its original
        for rel, data in plan.worm.items():
            a = got.get(("file", rel))
            if not self.check(a is not None,
                              f"{what}: the manifest has no file action with the path {rel!r} "
                              f"(relative to the disk's root): {sorted(map(str, got))}"):
                continue
            self.check(a.get("sha256") == hashlib.sha256(data).hexdigest()
                       and a.get("size") == len(data),
                       f"{what}: the manifest's sha256/size of {rel} are {a.get('sha256')!r}/"
                       f"{a.get('size')!r}, not the file's")
        for rel in plan.hives:
            a = got.get(("hive", rel))
            if self.check(a is not None, f"{what}: the manifest has no hive action for {rel}"):
                self.check(a.get("sha256") == before[rel][1],
                           f"{what}: the manifest's sha256 of the hive {rel} is not the "
                           "original's")

    def check_undone(self, root, before, r, report, what, status=EXIT_CLEAN, ignore=()):
        """After --undo: the exit status, every action undone, the disk (quarantine aside)
        byte-identical to BEFORE."""
        self.check_status(r, status, what)
        for p in tree_differences(before, snapshot(root), ignore):
            self.fail(f"{what}: not as before the removal: {p}")
        if report is None:
            return
        undo = report.get("undo")
        if not isinstance(undo, dict):
            self.fail(f"{what}: the JSON has no 'undo' object: {json.dumps(report)[:300]}")
            return
        self.check(isinstance(report.get("tool"), dict) and report["tool"].get("name")
                   == "blaster-scan", f"{what}: the JSON's 'tool' is {report.get('tool')!r}")
        for key in ("quarantine", "state", "actions"):
            self.check(key in undo, f"{what}: undo.{key} is missing; scripts rely on it")
        if status == EXIT_CLEAN:
            self.check(undo.get("state") == "undone",
                       f"{what}: undo.state is {undo.get('state')!r}, expected 'undone'")
            for a in self.actions(undo):
                # planned, failed, refused: never begun or changed nothing, nothing to undo
                self.check(a.get("state") in ("undone", "planned", "failed", "refused"),
                           f"{what}: action {a.get('what')} {a.get('path')} is "
                           f"{a.get('state')!r} (error {a.get('error')!r}), expected undone")

    def check_unchanged(self, before, root, what, quarantine=True, manifests=True):
        """Nothing below ROOT differs from BEFORE (MANIFESTS false: the manifests aside)."""
        ignore = () if manifests else [k for k in before if os.path.basename(k) == MANIFEST]
        for p in tree_differences(before, snapshot(root, quarantine=quarantine), ignore):
            self.fail(f"{what}: {p}")

    def also_args(self, root):
        """--also LOCATION for every suspicious finding of a plain check of ROOT."""
        r = self.run("--json", root)
        report = self.json_of(r, "blaster-scan --json")
        out = []
        for f in report.get("findings", []):
            if f.get("severity") == "suspicious":
                out += ["--also", f.get("location")]
        return out, report


# --- the cases --------------------------------------------------------------------------------

CASES = tap_cases.CaseList()
case = CASES.case
TODO = {}  # case name -> why it is expected to fail for now (TAP "# TODO")


def variant_case(v):
    # If this breaks: a disk with this variant is not cleaned (a file, Run value or service of it
    # stays), Windows's own files or the clean user's hive are touched, or --undo does not put
    # the disk back byte for byte.
    def fn(c):
        plan = c.infected([v])
        before = snapshot(c.root)
        also, scan = c.also_args(c.root)
        # The check reports a service in the control set Windows boots with; the removal must
        # take it out of every control set (the hives are compared whole below).
        n_expected = len(v.files) + 2 * max(len(v.runs), 1) + len(v.services)
        found = [f.get("location") for f in scan.get("findings", [])]
        if len(found) < n_expected:
            raise Fatal(f"the check before finds {len(found)} things, expected at least "
                        f"{n_expected} (each file, each Run value in SOFTWARE and NTUSER.DAT, "
                        f"each service): {found}; the fixture is not what this case needs")
        r, report = c.remove(c.root, *also)
        c.check(report.get("verdict", {}).get("infection") in ("infected", "suspicious"),
                f"verdict (before) is {report.get('verdict', {}).get('infection')!r}")
        c.check_removed(plan, c.root, before, report, "--remove", r=r)
        c.check_removal_json(plan, c.root, report, "--remove")
        q = c.only_quarantine(c.root, "--remove")
        c.check_manifest(plan, q, before, "--remove")
        r2, scan2 = c.scan()
        c.check_infection(scan2, "clean")
        c.check_status(r2, EXIT_CLEAN, "a plain check after the removal")
        r, report = c.undo(q)
        c.check_undone(c.root, before, r, report, "--undo")
        r3 = c.run("--json", c.root)
        again = c.json_of(r3, "blaster-scan --json after --undo")
        c.check(again.get("verdict") == scan.get("verdict"),
                f"after --undo the check says {again.get('verdict')}, before the removal it said "
                f"{scan.get('verdict')}")
    return fn


for _v in VARIANTS:
    case(f"variant-{_v.name}")(variant_case(_v))


# If this breaks: a worm-named file outside the worm's folder (suspicious) is taken out without
# being asked for, or is not taken out when named with --also.
@case("suspicious-only-with-also")
def suspicious_only_with_also(c):
    blaster_a = VARIANTS[0]
    plan = c.infected([blaster_a])
    odd = "Documents and Settings/yamada/My Documents/msblast.exe"
    data = b"a file that only has the worm's name (test stand-in)\n"
    c.write(odd, data)
    before = snapshot(c.root)
    scan = c.json_of(c.run("--json", c.root), "blaster-scan --json")
    loc = [f.get("location") for f in scan.get("findings", [])
           if f.get("severity") == "suspicious" and c.rel(f.get("location", "")) == odd]
    if not loc:
        raise Fatal(f"the check does not call {odd} suspicious: {scan.get('findings')}")
    r, report = c.remove(c.root)
    c.check_status(r, EXIT_EVIDENCE, "--remove without --also (the suspicious file stays)")
    c.check_after(report, "suspicious", "--remove without --also")
    c.check(os.path.exists(c.path(odd)) and sha256_file(c.path(odd))
            == hashlib.sha256(data).hexdigest(),
            f"{odd} (suspicious, not named with --also) was taken out or changed")
    c.check_removed(plan, c.root, {k: v for k, v in before.items()}, None, "--remove")
    r, report = c.remove(c.root, "--also", loc[0])
    c.check_status(r, EXIT_CLEAN, f"--remove --also {loc[0]}")
    c.check_after(report, "clean", "--remove --also")
    c.check(not os.path.exists(c.path(odd)), f"{odd} is still there after --also names it")
    qs = quarantines(c.root)
    found = [q for q in qs for n in os.listdir(q) if n.endswith("-msblast.exe.quarantined")
             and sha256_file(os.path.join(q, n)) == hashlib.sha256(data).hexdigest()]
    c.check(len(found) == 1, f"the bytes of {odd} are not in a quarantine exactly once: {qs}")


# If this breaks: a user folder with a non-ASCII name (ユーザー) and a Windows folder with
# spaces in its path lose the user's Run value, or the undo does not put that hive back.
@case("non-ascii-user")
def non_ascii_user(c):
    plan = c.infected([VARIANTS[0]])
    old = "Documents and Settings/yamada"
    new = "Documents and Settings/ユーザー 山田"
    os.rename(c.path(old), c.path(new))
    plan.hives = {k.replace(old, new): v for k, v in plan.hives.items()}
    plan.gone = {k.replace(old, new): v for k, v in plan.gone.items()}
    before = snapshot(c.root)
    r, report = c.remove(c.root)
    c.check_removed(plan, c.root, before, report, "--remove", r=r)
    c.check_removal_json(plan, c.root, report, "--remove")
    r, report = c.undo(c.only_quarantine(c.root, "--remove"))
    c.check_undone(c.root, before, r, report, "--undo")


# If this breaks: a disk whose names are in other cases (System32, MSBLAST.EXE, lower-case hive
# files, as copies and some tools leave them) is not cleaned, or not put back byte for byte.
@case("names-in-other-cases")
def names_in_other_cases(c):
    plan = c.infected([VARIANTS[0]])
    renames = [("WINDOWS/system32/msblast.exe", "WINDOWS/system32/MSBLAST.EXE"),
               ("WINDOWS/system32", "WINDOWS/System32"),
               (f"{CONFIG}/SOFTWARE".replace("system32", "System32"),
                f"{CONFIG}/software".replace("system32", "System32")),
               ("Documents and Settings/yamada/NTUSER.DAT",
                "Documents and Settings/yamada/ntuser.dat")]
    for old, new in renames:
        os.rename(c.path(old), c.path(new))

    def moved(rel):
        for old, new in renames:
            if rel == old or rel.startswith(old + "/"):
                rel = new + rel[len(old):]
        return rel
    plan.worm = {moved(k): v for k, v in plan.worm.items()}
    plan.hives = {moved(k): v for k, v in plan.hives.items()}
    plan.gone = {moved(k): v for k, v in plan.gone.items()}
    before = snapshot(c.root)
    r, report = c.remove(c.root)
    c.check_removed(plan, c.root, before, report, "--remove", r=r)
    r, report = c.undo(c.only_quarantine(c.root, "--remove"))
    c.check_undone(c.root, before, r, report, "--undo")


# If this breaks: `blaster-scan --remove .` inside the disk, or a path with a trailing slash, or
# `--undo` given a relative quarantine path, goes wrong (the quarantine somewhere else, the undo
# looking for the disk in the wrong folder).
@case("relative-paths")
def relative_paths(c):
    plan = c.infected([VARIANTS[6]])  # Welchia.A: two files, three hives
    before = snapshot(c.root)
    r = c.run("--remove", "--json", ".", cwd=c.root)
    report = c.json_of(r, "blaster-scan --remove --json .")
    c.check_removed(plan, c.root, before, report, "--remove . (in the disk)", r=r)
    qrel = os.path.relpath(c.only_quarantine(c.root, "--remove ."), c.root)
    # The ways a person gives the quarantine to --undo: (where they are, what they type).
    forms = [("", qrel), ("", qrel + "/"), ("", "./" + qrel), (qrel, "."),
             (QUARANTINE, os.path.basename(qrel)), ("..", os.path.join("disk", qrel)),
             ("", os.path.join("..", "disk", qrel))]
    for where, arg in forms:
        root = c.copy_disk(c.root, "disk")
        cwd = os.path.normpath(os.path.join(root, where))
        r = c.run("--undo", arg, "--json", cwd=cwd)
        what = f"--undo {arg} in {os.path.relpath(cwd, os.path.dirname(root))}"
        if r.status == EXIT_ERROR:
            c.fail(f"{what}: exit 2: {c.words(r).strip()}")
            continue
        c.check_undone(root, before, r, c.json_of(r, what), what)
        if not c.suite.keep:
            shutil.rmtree(os.path.dirname(root), ignore_errors=True)
    r = c.run("--remove", "--json", os.path.basename(c.root) + "/", cwd=c.base)
    report = c.json_of(r, "blaster-scan --remove --json disk/")
    c.check(r.status == EXIT_CLEAN and not report.get("removal"),
            f"--remove disk/ (relative, trailing slash) on the cleaned disk: exit {r.status}, "
            f"removal {report.get('removal')}")


# If this breaks: a disk with two Windows folders (WINDOWS and WINNT, a dual boot) is cleaned in
# one of them only.
@case("two-windows")
def two_windows(c):
    plan = c.infected([VARIANTS[0]])
    blaster_b = VARIANTS[1]
    for rel, data in (("WINNT/system32/kernel32.dll", b"kernel32.dll (a test stand-in)\n"),
                      ("WINNT/explorer.exe", b"explorer.exe 2000 (a test stand-in)\n")):
        c.write(rel, data)
    rel = "WINNT/system32/" + blaster_b.files[0][1]
    data = stand_in(blaster_b, blaster_b.files[0][1])
    c.write(rel, data)
    plan.worm[rel] = data
    value, run_data, _ = blaster_b.runs[0]
    c.hive("WINNT/system32/config/SOFTWARE", software(H.WIN2000_SP4, run=dict(CTFMON, **{
        value: run_data})))
    c.hive("WINNT/system32/config/SYSTEM", system())
    plan.hives["WINNT/system32/config/SOFTWARE"] = software(H.WIN2000_SP4, run=dict(CTFMON))
    plan.gone["WINNT/system32/config/SOFTWARE"] = [(RUN, value)]
    before = snapshot(c.root)
    scan = c.json_of(c.run("--json", c.root), "blaster-scan --json")
    locs = [c.rel(f.get("location", "")) for f in scan.get("findings", [])]
    if not any(x.startswith("WINNT/") for x in locs):
        raise Fatal(f"the check does not see the second Windows's worm: {locs}")
    r, report = c.remove(c.root)
    c.check_removed(plan, c.root, before, report, "--remove on a disk with two Windows", r=r)
    r, report = c.undo(c.only_quarantine(c.root, "--remove"))
    c.check_undone(c.root, before, r, report, "--undo on a disk with two Windows")


# If this breaks: --also with a place the check did not find goes on anyway (a typo would leave
# the item the person meant), or a suspicious finding named as Windows names it (C:\\…, what the
# report shows first) is not taken out.
@case("also-forms")
def also_forms(c):
    c.infected([VARIANTS[0]])
    odd = "Documents and Settings/yamada/My Documents/msblast.exe"
    c.write(odd, b"a file that only has the worm's name (test stand-in)\n")
    before = snapshot(c.root, quarantine=True)
    r = c.run("--remove", "--also", c.path("WINDOWS/nothing-here.exe"), c.root)
    c.check_status(r, EXIT_ERROR, "--remove --also PLACE-NOT-FOUND")
    c.check(re.search(r"nothing-here\.exe", c.words(r)),
            "--also with a place the check did not find: the message does not name it:\n"
            + c.words(r))
    c.check_unchanged(before, c.root, "--remove --also PLACE-NOT-FOUND")
    scan = c.json_of(c.run("--json", c.root), "blaster-scan --json")
    win = [f.get("windows_location") for f in scan.get("findings", [])
           if c.rel(f.get("location", "")) == odd]
    if not win or not win[0]:
        raise Fatal(f"the finding {odd} has no windows_location: {scan.get('findings')}")
    r, report = c.remove(c.root, "--also", win[0])
    c.check_status(r, EXIT_CLEAN, f"--remove --also {win[0]}")
    c.check(not os.path.exists(c.path(odd)), f"{odd} is still there after --also {win[0]}")


# If this breaks: --remove --quick (the known places only) does not clean a disk.
@case("quick")
def quick(c):
    plan = c.infected([VARIANTS[6]])
    before = snapshot(c.root)
    r, report = c.remove(c.root, "--quick")
    c.check_removed(plan, c.root, before, report, "--remove --quick", r=r)


# If this breaks: the text output lacks the lines people and scripts read ("Before: Infected",
# "After: Clean", "Quarantine: <path>"), or a second --remove changes something again.
@case("text-output-and-twice")
def text_output_and_twice(c):
    c.infected([VARIANTS[0]])
    r = c.run("--remove", c.root)
    c.check_status(r, EXIT_CLEAN, "--remove")
    text = r.stdout.decode("utf-8", "replace")
    c.check(re.search(r"^Before: Infected\b", text, re.M), "no line 'Before: Infected':\n" + text)
    c.check(re.search(r"^After: Clean\b", text, re.M), "no line 'After: Clean':\n" + text)
    m = re.search(r"^Quarantine: (.+)$", text, re.M)
    q = c.only_quarantine(c.root, "--remove")
    c.check(m and os.path.realpath(m.group(1)) == os.path.realpath(q),
            f"the line 'Quarantine: …' does not name {q}:\n" + text)
    after_first = snapshot(c.root, quarantine=True)
    r = c.run("--remove", c.root)
    c.check_status(r, EXIT_CLEAN, "a second --remove")
    c.check_unchanged(after_first, c.root, "a second --remove changed the disk")


# If this breaks: a clean disk gets an (empty) quarantine folder or is changed otherwise.
@case("nothing-to-remove")
def nothing_to_remove(c):
    c.windows(users={"yamada": ntuser(run=CTFMON)})
    for rel, data in OWN.items():
        c.write(rel, data)
    before = snapshot(c.root, quarantine=True)
    r, report = c.remove(c.root)
    c.check_status(r, EXIT_CLEAN, "--remove on a clean disk")
    c.check_after(report, "clean", "--remove on a clean disk")
    c.check_unchanged(before, c.root, "--remove on a clean disk changed it")


# If this breaks: --remove on a folder that is not a Windows disk is not an error (exit 2, as
# the contract says), or changes it.
@case("not-a-windows-disk")
def not_a_windows_disk(c):
    other = c.mkdtemp()
    with open(os.path.join(other, "notes.txt"), "w") as f:
        f.write("not a Windows disk\n")
    before = snapshot(other, quarantine=True)
    r = c.run("--remove", other)
    c.check_status(r, EXIT_ERROR, "--remove on a folder that is not a Windows disk")
    c.check_unchanged(before, other, "--remove on a folder that is not a Windows disk changed it")


# --- fault injection --------------------------------------------------------------------------

def killed_run(c, template, n):
    """A fresh copy of TEMPLATE, and `--remove` on it killed at checkpoint N. Returns (root,
    killed?, Result)."""
    root = c.copy_disk(template, f"disk-{n}")
    r = c.run("--remove", "--json", root, env={KILL_ENV: str(n)}, kill_ok=True)
    return root, r.status is None, r


# If this breaks: a removal killed at some step (a crash, a power cut) leaves the disk in a state
# from which the next --remove does not finish the job, or --undo does not bring back every byte.
# Every checkpoint is tried in turn, not a sample.
@case("killed-at-every-checkpoint")
def killed_at_every_checkpoint(c):
    plan = c.infected([v for v in VARIANTS if v.name in ("blaster-A", "welchia-A")])
    template = c.root
    before = snapshot(template)
    bases = []
    n = 0
    while True:
        n += 1
        if n > MAX_CHECKPOINTS:
            raise Fatal(f"a removal still killed at checkpoint {MAX_CHECKPOINTS}: it never ends")
        root, killed, r = killed_run(c, template, n)
        bases.append(os.path.dirname(root))
        what = f"killed at checkpoint {n}"
        if not killed:
            # The run passed fewer than N checkpoints: it finished normally.
            c.notes.append(f"the removal passes {n - 1} checkpoints")
            c.check(n > 1, "the first checkpoint is never reached: BLASTER_SCAN_KILL_AT does "
                    "nothing, so nothing here was tested")
            report = c.json_of(r, f"--remove with {KILL_ENV}={n} (not reached)")
            c.check_removed(plan, root, before, report, f"{KILL_ENV}={n} (not reached)", r=r)
            break
        # (c) the disk, as the kill left it, mounted somewhere else: --remove finishes there.
        moved = c.copy_disk(root, "moved")
        r, report = c.remove(moved)
        c.check_removed(plan, moved, before, report, f"{what}, then --remove with the disk "
                        "mounted elsewhere", r=r)
        if not c.suite.keep:
            shutil.rmtree(os.path.dirname(moved), ignore_errors=True)
        # (a) --remove again finishes the job, and says it did.
        cut = [q for q in quarantines(root) if os.path.exists(os.path.join(q, MANIFEST))
               and read_manifest(q).get("state") == "removing"]
        r, report = c.remove(root)
        resumed = [os.path.realpath(x) for x in report.get("resumed") or []
                   if isinstance(x, str)]
        for q in cut:
            c.check(os.path.realpath(q) in resumed,
                    f"{what}, then --remove: 'resumed' is {report.get('resumed')!r}, "
                    f"it does not name {c.rel_of(q, root)}, the removal cut short (state "
                    "'removing') that this run finished")
        c.check_removed(plan, root, before, report, f"{what}, then --remove", r=r)
        # (b) separately, --undo of the killed run puts everything back.
        root_b, killed_b, _ = killed_run(c, template, n)
        if not killed_b:
            c.fail(f"{what}: the same run was not killed at checkpoint {n} the second time")
        else:
            qs = quarantines(root_b)
            if len(qs) != 1:
                c.fail(f"{what}: {len(qs)} removal folders after the kill, expected one")
            else:
                r, report = c.undo(qs[0])
                c.check_undone(root_b, before, r, report, f"{what}, then --undo")
        for b in (os.path.dirname(root), os.path.dirname(root_b)):
            if not c.suite.keep:
                shutil.rmtree(b, ignore_errors=True)
        if len(c.problems) > 40:
            c.fail(f"stopped at checkpoint {n}: too many problems")
            break


# If this breaks: an --undo killed at some step leaves the disk in a state from which --undo
# again does not bring back every byte, or --remove does not first finish that undo and then
# take the worm out again.
@case("undo-killed-at-every-checkpoint")
def undo_killed_at_every_checkpoint(c):
    plan = c.infected([v for v in VARIANTS if v.name in ("blaster-A", "welchia-A")])
    before = snapshot(c.root)
    r, _ = c.remove(c.root)
    if r.status != EXIT_CLEAN:
        raise Fatal(f"--remove before the undo: exit {r.status}: {c.words(r)}")
    qrel = os.path.relpath(c.only_quarantine(c.root, "--remove"), c.root)
    n = 0
    while True:
        n += 1
        if n > MAX_CHECKPOINTS:
            raise Fatal(f"an undo still killed at checkpoint {MAX_CHECKPOINTS}: it never ends")
        what = f"--undo killed at checkpoint {n}"
        finished = None  # the run that passed fewer than N checkpoints
        for again in ("--undo", "--remove"):
            root = c.copy_disk(c.root, f"disk-{n}")
            q = os.path.join(root, qrel)
            k = c.run("--undo", q, "--json", env={KILL_ENV: str(n)}, kill_ok=True)
            if k.status is not None:
                finished = (root, k)
                break
            if again == "--undo":
                # (a) --undo again puts back what is left.
                r, report = c.undo(q)
                c.check_undone(root, before, r, report, f"{what}, then --undo")
            else:
                # (b) --remove first finishes the undo, then takes the worm out again.
                r, report = c.remove(root)
                c.check_removed(plan, root, before, report, f"{what}, then --remove", r=r)
            if not c.suite.keep:
                shutil.rmtree(os.path.dirname(root), ignore_errors=True)
        if finished:
            root, k = finished
            c.notes.append(f"the undo passes {n - 1} checkpoints")
            c.check(n > 1, "the undo never reaches its first checkpoint: BLASTER_SCAN_KILL_AT "
                    "does nothing there, so nothing here was tested")
            report = c.json_of(k, f"--undo with {KILL_ENV}={n} (not reached)")
            c.check_undone(root, before, k, report, f"--undo with {KILL_ENV}={n} (not reached)")
            break
        if len(c.problems) > 40:
            c.fail(f"stopped at checkpoint {n}: too many problems")
            break


# --- mounts -----------------------------------------------------------------------------------

def tmpfs_disk(c, ns, size):
    """A tmpfs of SIZE in the namespace NS at BASE/mnt with a copy of the case's disk in it.
    Returns (the root as the namespace sees it, the root as this process reaches it)."""
    mnt = os.path.join(c.base, "mnt")
    os.mkdir(mnt)
    ns.sh(f"mount -t tmpfs -o size={size},mode=0755 blaster-test {shlex.quote(mnt)}",
          f"a tmpfs of {size}")
    inside = os.path.join(mnt, "disk")
    outside = ns.outside(inside)
    shutil.copytree(c.root, outside, symlinks=True)
    return inside, outside


# If this breaks: a disk that fills up in the middle of a removal loses a file or a hive, leaves a
# hive unreadable, or says nothing clear; or the next --remove (space freed) does not finish.
@case("full-disk")
def full_disk(c):
    plan = c.infected([v for v in VARIANTS if v.name in ("blaster-A", "welchia-A")],
                      big_software=True)
    before = snapshot(c.root)
    soft = os.path.getsize(c.path(f"{CONFIG}/SOFTWARE"))
    c.check(soft > 200 << 10, f"the test's SOFTWARE hive is only {soft} bytes")
    ns = Namespace()
    try:
        inside, outside = tmpfs_disk(c, ns, "4m")
        # Room for the quarantine's folder and manifest, not for a copy of SOFTWARE.
        st = os.statvfs(outside)
        free = st.f_bavail * st.f_frsize
        filler = os.path.join(os.path.dirname(outside), "filler")
        with open(filler, "wb") as f:
            f.write(b"\0" * max(0, free - (64 << 10)))
        st = os.statvfs(outside)
        c.notes.append(f"free on the tmpfs: {st.f_bavail * st.f_frsize} bytes; SOFTWARE is "
                       f"{soft} bytes")
        r = c.run("--remove", inside, prefix=ns.prefix)
        words = c.words(r)
        c.check(r.status in (EXIT_EVIDENCE, EXIT_ERROR),
                f"--remove on a full disk: exit {r.status}, expected 1 or 2 (not everything "
                "could be removed)")
        c.check(re.search(r"space|full|ENOSPC", words, re.I),
                "--remove on a full disk does not say the disk is full:\n" + words)
        failed = [(a.get("path"), a.get("state"), a.get("error"))
                  for q in quarantines(outside) for a in read_manifest(q).get("actions", [])
                  if a.get("state") != "done"]
        c.check(failed and all(e == "ENOSPC" for _, _, e in failed),
                f"after --remove on a full disk the manifest's unfinished actions are {failed}, "
                "expected the hive copies failed with ENOSPC (the case did not test what it "
                "means to)")
        now = snapshot(outside, quarantine=True)
        where = hashes(now)
        for rel, facts in before.items():
            if facts[0] == "file":
                c.check(facts[1] in where, f"full disk: the bytes of {rel} are nowhere on the "
                        "disk any more (lost)")
        for rel in plan.hives:
            p = os.path.join(outside, rel)
            if not os.path.exists(p):
                c.fail(f"full disk: the hive {rel} is gone from its place")
                continue
            try:
                h = make_hive._load_hivex().Hivex(p)
                h.node_children(h.root())
                del h
            except Exception as e:
                c.fail(f"full disk: the hive {rel} left at its place cannot be opened: {e}")
        os.unlink(filler)
        r, report = c.remove(inside, prefix=ns.prefix)
        c.check_removed(plan, outside, before, report, "--remove after space was freed", r=r)
    finally:
        ns.close()


# If this breaks: a disk whose BlasterCheck-Quarantine is a link to a folder outside it (a hostile
# or odd disk) gets the worm's files moved out of the disk through that link.
@case("quarantine-is-a-link")
def quarantine_is_a_link(c):
    plan = c.infected([VARIANTS[0]])
    outside = os.path.join(c.base, "outside")
    os.mkdir(outside)
    os.symlink(outside, c.path(QUARANTINE))
    before = snapshot(c.root, quarantine=True)
    r = c.run("--remove", c.root)
    c.check(r.status in (EXIT_EVIDENCE, EXIT_ERROR),
            f"--remove with {QUARANTINE} a link out of the disk: exit {r.status}, expected 1 or 2 "
            "(nothing could be taken out)")
    c.check(os.listdir(outside) == [], f"--remove wrote into the folder outside the disk that "
            f"{QUARANTINE} links to: {os.listdir(outside)}")
    for rel in plan.worm:
        c.check(os.path.exists(c.path(rel)), f"{rel} is gone from the disk (moved through the "
                "link?)")
    c.check_unchanged(before, c.root, f"--remove with {QUARANTINE} a link")


# If this breaks: a quarantine folder that is another volume (a mount point) gets the worm's files
# copied across volumes (not atomic) or loses them, instead of a refusal.
@case("quarantine-on-another-volume")
def quarantine_on_another_volume(c):
    plan = c.infected([VARIANTS[0]])
    os.mkdir(c.path(QUARANTINE))
    ns = Namespace()
    try:
        ns.sh(f"mount -t tmpfs -o size=1m blaster-test {shlex.quote(c.path(QUARANTINE))}",
              f"a tmpfs on {QUARANTINE}")
        other = ns.outside(c.path(QUARANTINE))
        before = snapshot(c.root)
        r = c.run("--remove", c.root, prefix=ns.prefix)
        c.check(r.status in (EXIT_EVIDENCE, EXIT_ERROR),
                f"--remove with {QUARANTINE} on another volume: exit {r.status}, expected 1 or 2")
        got = snapshot(other, quarantine=True)
        c.check(not [k for k, v in got.items() if v[0] == "file" and k.endswith(".quarantined")
                     or k.endswith(".original")],
                f"files were put in the quarantine on another volume: {sorted(got)}")
        now = snapshot(ns.outside(c.root))
        for p in tree_differences(before, now):
            c.fail(f"--remove with {QUARANTINE} on another volume: {p}")
        for rel in plan.worm:
            c.check(rel in now, f"{rel} is gone from the disk")
    finally:
        ns.close()


# If this breaks: a read-only disk is not refused with a clear message (exit 2, what to do), or
# something on it changes.
@case("read-only-mount")
def read_only_mount(c):
    c.infected([VARIANTS[0]])
    ns = Namespace()
    try:
        inside, outside = tmpfs_disk(c, ns, "8m")
        mnt = os.path.dirname(inside)
        ns.sh(f"mount -o remount,ro {shlex.quote(mnt)}", "remounting the tmpfs read-only")
        before = snapshot(outside, quarantine=True)
        r = c.run("--remove", inside, prefix=ns.prefix)
        c.check_status(r, EXIT_ERROR, "--remove on a read-only disk")
        words = c.words(r)
        c.check(re.search(r"read-only", words, re.I),
                "--remove on a read-only disk does not say it is read-only:\n" + words)
        c.check(re.search(r"mount\b.*(rw|writ)|remount|writable", words, re.I | re.S),
                "--remove on a read-only disk does not say how to mount it writable:\n" + words)
        c.check_unchanged(before, outside, "--remove on a read-only disk")
        r = c.run("--remove", "--json", inside, prefix=ns.prefix)
        c.check_status(r, EXIT_ERROR, "--remove --json on a read-only disk")
        c.check_unchanged(before, outside, "--remove --json on a read-only disk")
        # The disk's folder bound read-only elsewhere (mount --bind, then -o remount,bind,ro).
        bound = os.path.join(c.base, "bound")
        os.mkdir(bound)
        ns.sh(f"mount --bind {shlex.quote(c.root)} {shlex.quote(bound)} && "
              f"mount -o remount,bind,ro {shlex.quote(bound)}", "a read-only bind mount")
        before = snapshot(c.root, quarantine=True)
        r = c.run("--remove", bound, prefix=ns.prefix)
        c.check_status(r, EXIT_ERROR, "--remove on a read-only bind mount")
        c.check(re.search(r"read-only", c.words(r), re.I),
                "--remove on a read-only bind mount does not say it is read-only:\n"
                + c.words(r))
        c.check_unchanged(before, c.root, "--remove on a read-only bind mount")
    finally:
        ns.close()


# If this breaks: a hive Windows did not close cleanly (it would replay its .LOG over our change)
# is edited anyway, or its refusal stops the files from being removed, or exit says clean.
@case("dirty-hive")
def dirty_hive(c):
    plan = c.infected([VARIANTS[0]])
    soft = f"{CONFIG}/SOFTWARE"
    make_dirty(c.path(soft))
    before = snapshot(c.root)
    r, report = c.remove(c.root)
    c.check_status(r, EXIT_EVIDENCE, "--remove with a dirty SOFTWARE hive (its Run value stays)")
    c.check_after(report, "infected", "--remove with a dirty SOFTWARE hive")
    c.check(sha256_file(c.path(soft)) == before[soft][1],
            "the dirty SOFTWARE hive was changed: Windows would replay its .LOG over the edit")
    refused = [a for a in c.actions(report.get("removal", {}))
               if c.rel_of(a.get("path"), c.root) == soft]
    c.check(refused and all(a.get("state") == "refused" and a.get("error") == "EHIVEDIRTY"
                            and a.get("done") is False for a in refused),
            f"the dirty hive's action is {refused}, expected state 'refused', error "
            "'EHIVEDIRTY', done false")
    rest = Plan()
    rest.worm = plan.worm
    rest.hives = {k: v for k, v in plan.hives.items() if k != soft}
    c.check_removed(rest, c.root, {k: v for k, v in before.items()}, None,
                    "--remove with a dirty SOFTWARE hive (the files and NTUSER.DAT)")
    text = c.words(c.run("--remove", c.copy_disk(c.root)))
    c.check("SOFTWARE" in text, "the text output does not name the SOFTWARE hive it left alone:\n"
            + text)
    # Issue #12: "say why and what to do instead".
    c.check(re.search(r"not (closed|shut down) cleanly|dirty", text, re.I),
            "the text output does not say why SOFTWARE was left alone:\n" + text)
    c.check(re.search(r"shut (it )?down|try again|run .{0,80}again|remove .{0,80}again|by hand",
                      text, re.I),
            "the text output does not say what to do instead about the dirty SOFTWARE hive (e.g. "
            "start Windows once and shut it down cleanly, then remove again):\n" + text)


# If this breaks: --undo overwrites a file that appeared at an original place since the removal,
# or does not restore the rest, or says all was put back.
@case("undo-file-replaced")
def undo_file_replaced(c):
    plan = c.infected([VARIANTS[0]])
    before = snapshot(c.root)
    r, report = c.remove(c.root)
    c.check_status(r, EXIT_CLEAN, "--remove")
    q = c.only_quarantine(c.root, "--remove")
    rel = next(iter(plan.worm))
    new = b"a new file put at this place after the removal\n"
    c.write(rel, new)
    new_facts = snapshot(c.root)[rel]
    r, report = c.undo(q)
    c.check_status(r, EXIT_EVIDENCE, "--undo with a new file at an original place")
    c.check(sha256_file(c.path(rel)) == hashlib.sha256(new).hexdigest(),
            f"--undo overwrote the new file at {rel}")
    acts = [a for a in c.actions(report.get("undo", {})) if c.rel_of(a.get("path"), c.root) == rel]
    c.check(acts and acts[0].get("state") == "undo-refused" and acts[0].get("error") == "EEXIST",
            f"the action of {rel} is {acts}, expected undo-refused with error EEXIST")
    others = [a for a in c.actions(report.get("undo", {})) if a not in acts]
    c.check(others and all(a.get("state") == "undone" for a in others),
            f"the other actions are not all undone: {others}")
    expected = dict(before)
    expected[rel] = new_facts
    for p in tree_differences(expected, snapshot(c.root)):
        c.fail(f"--undo (one refused): {p}")
    c.check(any(n.endswith("-" + os.path.basename(rel) + ".quarantined") for n in os.listdir(q)),
            f"the quarantined {rel} is gone from the quarantine (it was not put back)")


# If this breaks: --undo puts the original SOFTWARE back over one that Windows has written since
# the removal (its change would be lost), or refuses without saying why, or does not restore the
# rest.
@case("undo-hive-changed")
def undo_hive_changed(c):
    c.infected([VARIANTS[0]])
    before = snapshot(c.root)
    r, _ = c.remove(c.root)
    c.check_status(r, EXIT_CLEAN, "--remove")
    q = c.only_quarantine(c.root, "--remove")
    soft = f"{CONFIG}/SOFTWARE"
    # Windows started once since: it wrote a value of its own into SOFTWARE.
    hivex = make_hive._load_hivex()
    h = hivex.Hivex(c.path(soft), write=True)
    node = h.root()
    for part in RUN.split("\\"):
        node = h.node_get_child(node, part)
    values = [{"key": h.value_key(v), "t": h.value_type(v)[0], "value": h.value_value(v)[1]}
              for v in h.node_values(node)]
    values.append({"key": "Written since", "t": 1,
                   "value": "C:\\Program Files\\x.exe\0".encode("utf-16-le")})
    h.node_set_values(node, values)
    h.commit(None)
    del h
    changed = snapshot(c.root)[soft]
    r, report = c.undo(q)
    c.check_status(r, EXIT_EVIDENCE, "--undo with SOFTWARE changed since the removal")
    acts = [a for a in c.actions(report.get("undo", {})) if c.rel_of(a.get("path"), c.root) == soft]
    c.check(acts and all(a.get("state") == "undo-refused" and a.get("error") == "ECHANGED"
                         for a in acts),
            f"SOFTWARE's actions are {acts}, expected undo-refused with error ECHANGED")
    expected = dict(before)
    expected[soft] = changed
    for p in tree_differences(expected, snapshot(c.root)):
        c.fail(f"--undo (SOFTWARE refused): {p}")
    where = hashes(snapshot(c.root, quarantine=True))
    c.check(before[soft][1] in where, "the original SOFTWARE is nowhere on the disk any more")


# If this breaks: --undo puts back a quarantined file whose bytes changed in the quarantine (not
# what was taken out), or says all was put back.
@case("undo-quarantined-file-changed")
def undo_quarantined_file_changed(c):
    plan = c.infected([VARIANTS[0]])
    before = snapshot(c.root)
    r, _ = c.remove(c.root)
    c.check_status(r, EXIT_CLEAN, "--remove")
    q = c.only_quarantine(c.root, "--remove")
    rel = next(iter(plan.worm))
    name = [n for n in os.listdir(q) if n.endswith("-" + os.path.basename(rel) + ".quarantined")]
    if len(name) != 1:
        raise Fatal(f"the quarantine holds {os.listdir(q)}, no single {rel}")
    with open(os.path.join(q, name[0]), "ab") as f:
        f.write(b"changed in the quarantine\n")
    r, report = c.undo(q)
    c.check_status(r, EXIT_EVIDENCE, "--undo with a quarantined file changed")
    c.check(not os.path.exists(c.path(rel)),
            f"--undo put back {rel} although its bytes in the quarantine are not the ones taken "
            "out")
    acts = [a for a in c.actions(report.get("undo", {})) if c.rel_of(a.get("path"), c.root) == rel]
    c.check(acts and acts[0].get("state") == "undo-refused" and acts[0].get("error"),
            f"the action of {rel} is {acts}, expected undo-refused with its reason")
    for p in tree_differences(before, snapshot(c.root), ignore=(rel,)):
        c.fail(f"--undo (one refused): {p}")


# If this breaks: a second --undo of the same quarantine changes something again, or the disk
# cannot be cleaned again after an undo.
@case("undo-twice-then-remove-again")
def undo_twice_then_remove_again(c):
    plan = c.infected([v for v in VARIANTS if v.name == "welchia-B"])
    before = snapshot(c.root)
    r, _ = c.remove(c.root)
    c.check_status(r, EXIT_CLEAN, "--remove")
    q = c.only_quarantine(c.root, "--remove")
    r, report = c.undo(q)
    c.check_undone(c.root, before, r, report, "--undo")
    undone = snapshot(c.root, quarantine=True)
    r = c.run("--undo", q)
    c.check_status(r, EXIT_CLEAN, "a second --undo of the same quarantine")
    c.check_unchanged(undone, c.root, "a second --undo of the same quarantine",
                      manifests=False)
    r, report = c.remove(c.root)
    c.check_removed(plan, c.root, before, report, "--remove after --undo", r=r)


# If this breaks: --undo does not work once the disk is mounted somewhere else.
@case("undo-disk-moved")
def undo_disk_moved(c):
    c.infected([v for v in VARIANTS if v.name == "welchia-A"])
    before = snapshot(c.root)
    r, _ = c.remove(c.root)
    c.check_status(r, EXIT_CLEAN, "--remove")
    moved = c.copy_disk(c.root, "elsewhere")
    shutil.rmtree(c.root)
    q = c.only_quarantine(moved, "--remove")
    r, report = c.undo(q)
    c.check_undone(moved, before, r, report, "--undo of the disk at another mount point")
    c.check(not os.path.exists(c.root), f"--undo recreated the old mount point {c.root}")


def removed_disk(c):
    """A removal done on a Blaster.A disk: (plan, its quarantine folder)."""
    plan = c.infected([VARIANTS[0]])
    r, _ = c.remove(c.root)
    if r.status != EXIT_CLEAN:
        raise Fatal(f"--remove before the hostile manifest: exit {r.status}: {c.words(r)}")
    return plan, c.only_quarantine(c.root, "--remove")


def hostile_manifest(c, content, what):
    """--undo with the manifest replaced by CONTENT: exit 2, a message, nothing changed."""
    plan, q = removed_disk(c)
    with open(os.path.join(q, MANIFEST), "wb") as f:
        f.write(content)
    before = snapshot(c.root, quarantine=True)
    r = c.run("--undo", q)
    c.check_status(r, EXIT_ERROR, f"--undo with {what}")
    c.check(re.search(r"manifest", c.words(r), re.I),
            f"--undo with {what}: the message does not say the manifest is the problem:\n"
            + c.words(r))
    c.check_unchanged(before, c.root, f"--undo with {what}")
    r = c.run("--undo", q, "--json")
    c.check_status(r, EXIT_ERROR, f"--undo --json with {what}")
    c.check_unchanged(before, c.root, f"--undo --json with {what}")


@case("undo-no-manifest")
def undo_no_manifest(c):
    plan, q = removed_disk(c)
    os.unlink(os.path.join(q, MANIFEST))
    before = snapshot(c.root, quarantine=True)
    r = c.run("--undo", q)
    c.check_status(r, EXIT_ERROR, "--undo of a folder without a manifest")
    c.check_unchanged(before, c.root, "--undo of a folder without a manifest")
    r = c.run("--undo", os.path.join(c.base, "no-such-folder"))
    c.check_status(r, EXIT_ERROR, "--undo of a folder that does not exist")


@case("undo-corrupt-manifest")
def undo_corrupt_manifest(c):
    hostile_manifest(c, b'{"format": "blaster-check-quarantine/1", "state": "removed", "act',
                     "a manifest cut short")


@case("undo-huge-manifest")
def undo_huge_manifest(c):
    body = b'{"format": "blaster-check-quarantine/1", "state": "removed", "actions": ['
    body += b'{"what": "file", "path": "x"},' * ((MANIFEST_MAX + 1024) // 29)
    body += b'{"what": "file", "path": "x"}]}'
    hostile_manifest(c, body, f"a manifest of {len(body)} bytes")


@case("undo-wrong-format")
def undo_wrong_format(c):
    plan, q = removed_disk(c)
    with open(os.path.join(q, MANIFEST), "rb") as f:
        m = json.loads(f.read())
    m["format"] = "blaster-check-quarantine/999"
    content = json.dumps(m).encode()
    with open(os.path.join(q, MANIFEST), "wb") as f:
        f.write(content)
    before = snapshot(c.root, quarantine=True)
    r = c.run("--undo", q)
    c.check_status(r, EXIT_ERROR, "--undo with a manifest of another format")
    c.check_unchanged(before, c.root, "--undo with a manifest of another format")
    for content in (b"[]", b"null", b'"blaster-check-quarantine/1"', b"\xff\xfe{}"):
        with open(os.path.join(q, MANIFEST), "wb") as f:
            f.write(content)
        before = snapshot(c.root, quarantine=True)
        r = c.run("--undo", q)
        c.check_status(r, EXIT_ERROR, f"--undo with the manifest {content!r}")
        c.check_unchanged(before, c.root, f"--undo with the manifest {content!r}")


# If this breaks: a manifest written by someone else makes --undo move a file to a place outside
# the disk ("../", an absolute path) or bring a file from outside into it.
@case("undo-paths-leave-the-disk")
def undo_paths_leave_the_disk(c):
    plan, q = removed_disk(c)
    with open(os.path.join(q, MANIFEST), "rb") as f:
        original = json.loads(f.read())
    rel = next(iter(plan.worm))
    qrel = os.path.relpath(q, c.root)
    depth = len(qrel.split(os.sep))
    hostile = {
        "a path with ../": lambda out: {"path": "../outside/" + os.path.basename(rel)},
        "an absolute path": lambda out: {"path": os.path.join(out, os.path.basename(rel))},
        "a path with ../ in the middle": lambda out: {"path": "WINDOWS/../../outside/x.exe"},
        "a quarantined name with ../": lambda out: {
            "quarantined": "../" * (depth + 1) + "outside/canary.txt"},
        "an absolute quarantined name": lambda out: {
            "quarantined": os.path.join(out, "canary.txt")},
        "a root elsewhere": lambda out: {"root": out},
    }
    for what, change in hostile.items():
        # Each on a fresh copy of the disk after the removal, with a folder "outside" beside it.
        base = c.mkdtemp()
        root = os.path.join(base, "disk")
        shutil.copytree(c.root, root, symlinks=True)
        outside = os.path.join(base, "outside")
        os.makedirs(os.path.join(outside, "WINDOWS", "system32"))
        with open(os.path.join(outside, "canary.txt"), "wb") as f:
            f.write(b"a file outside the disk\n")
        ch = change(outside)
        m = json.loads(json.dumps(original))
        if "root" in ch:
            m["root"] = ch["root"]
        else:
            for a in m.get("actions", []):
                if a.get("what") == "file" and a.get("path") == rel:
                    a.update(ch)
        with open(os.path.join(root, qrel, MANIFEST), "w") as f:
            json.dump(m, f)
        out_before = snapshot(outside)
        disk_before = snapshot(root, quarantine=True)
        r = c.run("--undo", os.path.join(root, qrel), "--json")
        for p in tree_differences(out_before, snapshot(outside)):
            c.fail(f"--undo with {what} in the manifest touched a place outside the disk: {p}")
        if "root" in ch:
            # The disk is the folder above the quarantine, whatever the manifest says: an undo
            # there is right, and must not have happened anywhere else (checked above).
            continue
        c.check(r.status != EXIT_CLEAN, f"--undo with {what} in the manifest: exit 0 (all put "
                "back), expected a refusal")
        now = snapshot(root, quarantine=True)
        mine = qrel + "/"
        for p in tree_differences({k: v for k, v in disk_before.items()
                                   if k.startswith(mine) and k.endswith(".quarantined")},
                                  {k: v for k, v in now.items()
                                   if k.startswith(mine) and k.endswith(".quarantined")}):
            c.fail(f"--undo with {what}: the quarantined file moved: {p}")
        if not c.suite.keep:
            shutil.rmtree(base, ignore_errors=True)


# If this breaks: a disk that carries a made-up "removal cut short" (a manifest in state removing
# whose paths leave the disk: an infected disk is not to be trusted) makes --remove, which
# finishes such removals on its own, move or change files outside the disk.
@case("hostile-unfinished-removal")
def hostile_unfinished_removal(c):
    plan = c.infected([VARIANTS[0]])
    outside = os.path.join(c.base, "outside")
    os.makedirs(outside)
    with open(os.path.join(outside, "canary.txt"), "wb") as f:
        f.write(b"a file outside the disk\n")
    make_hive.build(os.path.join(outside, "NTUSER.DAT"), ntuser(run={"keep": "me.exe"}))
    hostile = [
        {"what": "file", "state": "planned", "error": None, "path": "../outside/canary.txt",
         "windows_location": "C:\\canary.txt", "quarantined": "0001-canary.txt.quarantined"},
        {"what": "file", "state": "planned", "error": None,
         "path": os.path.join(outside, "canary.txt"), "windows_location": "C:\\canary.txt",
         "quarantined": "0002-canary.txt.quarantined"},
        {"what": "hive", "state": "planned", "error": None, "path": "../outside/NTUSER.DAT",
         "windows_location": "C:\\NTUSER.DAT", "quarantined": "0003-NTUSER.DAT.original",
         "edited": "0003-NTUSER.DAT.edited", "changes": [
             {"key": "Software\\Microsoft\\Windows\\CurrentVersion\\Run", "name": "keep",
              "windows_location": "HKEY_CURRENT_USER\\x"}]},
        {"what": "file", "state": "planned", "error": None, "path": "WINDOWS/system32/x.exe",
         "windows_location": "C:\\x.exe", "quarantined": "../../../outside/moved-in"},
    ]
    for i, action in enumerate(hostile):
        folder = c.path(f"{QUARANTINE}/20030811-00000{i}")
        os.makedirs(folder)
        with open(os.path.join(folder, MANIFEST), "w") as f:
            json.dump({"format": MANIFEST_FORMAT, "created": "2003-08-11T00:00:00Z",
                       "state": "removing", "live": False, "separator": "/", "root": c.root,
                       "actions": [action]}, f)
    c.write("WINDOWS/system32/x.exe", b"an ordinary program\n")
    out_before = snapshot(outside)
    before = snapshot(c.root)
    r = c.run("--remove", c.root)
    c.check(r.status in (EXIT_CLEAN, EXIT_EVIDENCE, EXIT_ERROR),
            f"--remove with hostile unfinished removals: exit {r.status}")
    for p in tree_differences(out_before, snapshot(outside)):
        c.fail(f"--remove finished a made-up removal whose paths leave the disk: outside the "
               f"disk, {p}")
    c.check(os.path.exists(c.path("WINDOWS/system32/x.exe")),
            "WINDOWS/system32/x.exe (not the worm's, named only by a made-up manifest) is gone")
    if r.status != EXIT_ERROR:
        # The hostile manifests refused, the real removal went on.
        now = snapshot(c.root)
        for rel in plan.worm:
            c.check(rel not in now, f"{rel} is still there: the made-up manifests stopped the "
                    "removal of the worm")
    else:
        c.check(snapshot(c.root) == before, "--remove exit 2 (nothing changed) changed the disk")


# --- the runner -------------------------------------------------------------------------------

def main():
    args, selected = tap_cases.parse_args(__doc__, CASES)
    tap_cases.ensure_hivex(make_hive._load_hivex, __file__)
    suite = Suite(args)
    got = [v.name for v in parse_catalogue(suite.rules_bytes.decode("utf-8"))]
    if got != [v.name for v in VARIANTS]:
        bail_out(f"the catalogue in {suite.rules_file} has the variants {got}; the cases were "
                 f"made from {tap_cases.SOURCE_ROOT}'s ({[v.name for v in VARIANTS]})")
    return tap_cases.run(suite, selected, Case, TODO)


if __name__ == "__main__":
    sys.exit(main())
