#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""blaster-scan.exe's live check of a running Windows (no PATH), under Wine (TAP).

Each scenario gets a fresh Wine prefix with its Z: drive (the host's /) removed, so the scan
stays on the prefix's own C: (and a D: of the test's), and the .exe runs from inside it, as
C:\\blaster-scan.exe. The worm is played by harmless stand-ins (tests/win32/stand-in.c) copied
under the worms' names into System32 and System32\\wins: they only hold the mutex names and
listen on 127.0.0.1. Run values and the service are set with Wine's own reg and sc, and read
back before the scan relies on them.

  infected  every finding kind: worm files (System32, System32\\wins, and a worm name on a
            second fixed drive D:), the running stand-ins, their mutexes BILLY and
            RpcPatch_Mutex, the machine's Run and the user's RunOnce values, the RpcPatch
            service, TCP 4444 and UDP 69, a Prefetch entry; exit 1, "infected".
  clean     nothing added: exit 0, "clean", no findings, no errors, Wine's own System32
            dllhost.exe and svchost.exe (file and process) left alone; and the text report
            in Japanese under a Japanese locale.
  xp-sp3    Wine's version set to Windows XP and the registry saying "Microsoft Windows XP",
            5.1, Service Pack 3, with IIS (W3SVC) and System Restore off (DisableSR=1):
            clean and "patched" (SP3 includes KB823980 and KB824146), IIS and System
            Restore read from the live registry.

Every check is one TAP line, numbered as it is printed; the plan comes last. Binding UDP 69
needs root on Linux: when the tests do not run as root and that bind fails, the UDP check is a
SKIP with the reason, never a pass. The scenarios run one after another: they share the ports.

  run-win32-live-tests.py --exe build-win/src/cli/blaster-scan.exe \\
      --stand-in build-win/tests/win32/stand-in.exe [--scenario NAME]... [--keep]
"""

import argparse
import ctypes
import fcntl
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from tap_cases import (EXIT_CLEAN, EXIT_ERROR, EXIT_EVIDENCE, EXIT_MEANING,  # noqa: E402
                       SOURCE_ROOT, Fatal, Result, english_env, json_key_problems)

TIMEOUT = 120         # one Wine command (reg, sc, the scan)
BOOT_TIMEOUT = 300    # wineboot of a new prefix
READY_TIMEOUT = 60    # a stand-in's "ready"
# What Wine prints when it could not start a program at all (Prefix.wine tries again).
WINE_LAUNCH_FAILED = b"ShellExecuteEx failed"

SYSTEM32 = "C:\\windows\\system32"
MSBLAST = SYSTEM32 + "\\msblast.exe"
WINS_DLLHOST = SYSTEM32 + "\\wins\\dllhost.exe"
PREFETCH = "C:\\windows\\Prefetch\\MSBLAST.EXE-1C3A3376.pf"
D_TEEKIDS = "D:\\Documents\\teekids.exe"
RUN_KEY = "HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Run"
RUNONCE_KEY = "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\RunOnce"
SERVICES_KEY = "HKLM\\System\\CurrentControlSet\\Services"
NT_KEY = "HKLM\\Software\\Microsoft\\Windows NT\\CurrentVersion"
SR_KEY = NT_KEY + "\\SystemRestore"
SCANNER = "C:\\blaster-scan.exe"
TCP_PORT, UDP_PORT = 4444, 69

# Wine's 64-bit loader. `wine` is the 32-bit one where wine32 is installed: it would start
# Windows' programs as 32-bit ones, for which C:\windows\system32 is SysWOW64 and HKLM\Software
# is Wow6432Node (a 64-bit Windows' file and registry redirection). The technician's reg, sc and
# the programs in System32 are 64-bit ones on a 64-bit Windows.
WINE64 = shutil.which("wine64") or next(
    (p for p in ("/usr/lib/wine/wine64", "/usr/lib64/wine/wine64") if os.access(p, os.X_OK)),
    "wine")


def pe_machine(path):
    """The machine field of a PE file's header (0x8664 x86-64, 0x14c i386), or None."""
    try:
        with open(path, "rb") as f:
            head = f.read(4096)
        off = int.from_bytes(head[0x3c:0x40], "little")
        if head[:2] != b"MZ" or head[off:off + 4] != b"PE\0\0":
            return None
        return int.from_bytes(head[off + 4:off + 6], "little")
    except (OSError, ValueError):
        return None


# What scripts rely on in every report (DESIGN.md's contract).
CONTRACT = {
    "tool": ["name", "version", "rules"],
    "target": ["kind", "root", "windows_dir", "os"],
    "target.os": ["product", "version", "service_pack"],
    "verdict": ["infection", "vulnerability", "reasons"],
    "stats": ["entries", "seconds"],
}
LISTS = [("findings", ["kind", "family", "variant", "location", "severity", "reason"]),
         ("patches", ["id", "bulletin", "status"]),
         ("errors", ["location", "message"])]


class Expect:
    """A finding the user must be told about: KIND at LOCATION (compared as Windows compares
    names; with PREFIX, the location may go on with " (the program)"), with its SEVERITY and
    FAMILY. NAME is the TAP line's name."""

    def __init__(self, name, kind, severity, location, family, prefix=False, pattern=False):
        self.name, self.kind, self.severity = name, kind, severity
        self.location, self.family, self.prefix = location, family, prefix
        self.pattern = pattern  # LOCATION is a regular expression (for a user's SID)

    def matches(self, finding):
        loc = str(finding.get("location", "")).casefold()
        want = self.location.casefold()
        if finding.get("kind") != self.kind:
            return False
        if self.pattern:
            return re.fullmatch(want, loc) is not None
        if self.prefix:
            return loc == want or loc.startswith(want + " ")
        return loc == want


INFECTED = [
    Expect("file: msblast.exe in System32", "file", "infection", MSBLAST, "blaster"),
    Expect("file: dllhost.exe in System32\\wins", "file", "infection", WINS_DLLHOST, "welchia"),
    Expect("file: teekids.exe on the second fixed drive D: (outside the worm's folder)",
           "file", "suspicious", D_TEEKIDS, "blaster"),
    Expect("process: msblast.exe running from System32", "process", "infection", MSBLAST,
           "blaster"),
    Expect("process: dllhost.exe running from System32\\wins", "process", "infection",
           WINS_DLLHOST, "welchia"),
    Expect("mutex: BILLY", "mutex", "infection", "BILLY", "blaster"),
    Expect("mutex: RpcPatch_Mutex", "mutex", "infection", "RpcPatch_Mutex", "welchia"),
    Expect("registry: the machine's Run value \"windows auto update\"", "registry", "infection",
           "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run\\"
           "windows auto update", "blaster"),
    # Every loaded user's hive is read, by its SID: the user the worm ran as need not be the
    # one running the check.
    Expect("registry: the user's RunOnce value \"Microsoft Inet xp..\"", "registry", "infection",
           r"hkey_users\\s-1-5-21-[0-9-]+\\software\\microsoft\\windows\\currentversion\\"
           r"runonce\\microsoft inet xp\.\.", "blaster", pattern=True),
    Expect("service: RpcPatch", "service", "infection",
           "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\RpcPatch", "welchia"),
    Expect("port: TCP 127.0.0.1:4444", "port", "suspicious", f"TCP 127.0.0.1:{TCP_PORT}",
           "blaster", prefix=True),
    Expect("port: UDP 127.0.0.1:69", "port", "suspicious", f"UDP 127.0.0.1:{UDP_PORT}",
           "blaster", prefix=True),
    Expect("prefetch: MSBLAST.EXE-1C3A3376.pf", "prefetch", "suspicious", PREFETCH, "blaster"),
]


# --- TAP ----------------------------------------------------------------------------------

class Tap:
    """TAP lines numbered as they are printed; the plan is printed last (meson reads it)."""

    def __init__(self):
        self.n = self.failed = self.skipped = 0

    def line(self, name, problems=(), notes=(), skip=None):
        self.n += 1
        if skip:
            self.skipped += 1
            print(f"ok {self.n} - {name} # SKIP {skip}")
        elif problems:
            self.failed += 1
            print(f"not ok {self.n} - {name}")
        else:
            print(f"ok {self.n} - {name}")
        for text in list(notes) + list(problems):
            for ln in str(text).splitlines():
                print(f"# {ln}")
        sys.stdout.flush()
        return not problems

    def check(self, name, cond, message, notes=()):
        return self.line(name, () if cond else (message,), notes)

    def note(self, text):
        print(f"# {text}", flush=True)


# --- the host's view ----------------------------------------------------------------------

def private_network():
    """Moves this process, and so every Wine process it starts, into a network namespace of
    its own whose only interface is a loopback. Windows' port tables under Wine are the host's
    (/proc/net/tcp): without this, a TFTP server on the host or another run of these tests at
    the same time would show up in the clean scans, and two runs would fight over the ports.
    Needs root (CAP_SYS_ADMIN); returns None when done, else why not."""
    CLONE_NEWNET, SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP = 0x40000000, 0x8913, 0x8914, 0x1
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(CLONE_NEWNET) != 0:
        return f"unshare(CLONE_NEWNET): {os.strerror(ctypes.get_errno())}"
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        req = fcntl.ioctl(s, SIOCGIFFLAGS, struct.pack("16sH14x", b"lo", 0))
        flags = struct.unpack("16sH14x", req)[1]
        fcntl.ioctl(s, SIOCSIFFLAGS, struct.pack("16sH14x", b"lo", flags | IFF_UP))
    return None


def host_listeners():
    """{("tcp"|"udp", port)} bound to 127.0.0.1 or 0.0.0.0 on this host: TCP in LISTEN, UDP
    bound. Wine's sockets are the host's, so this is what Windows' port tables show too."""
    found = set()
    for proto, state in (("tcp", "0A"), ("udp", "07")):
        try:
            with open(f"/proc/net/{proto}") as f:
                lines = f.read().splitlines()[1:]
        except OSError:
            continue
        for ln in lines:
            parts = ln.split()
            addr, port = parts[1].split(":")
            if parts[3] == state and addr in ("0100007F", "00000000"):
                found.add((proto, int(port, 16)))
    return found


def prefix_processes(prefix):
    """[(pid, command line)] of the Wine processes of PREFIX (the command line of a Wine
    process is its Windows one, "C:\\windows\\system32\\svchost.exe -k ...")."""
    want = f"WINEPREFIX={prefix}".encode()
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/environ", "rb") as f:
                if want not in f.read().split(b"\0"):
                    continue
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                cmd = f.read().replace(b"\0", b" ").decode(errors="replace").strip()
        except OSError:
            continue
        if cmd:
            found.append((int(pid), cmd))
    return found


def running_image(procs, image):
    """Whether one of PROCS runs IMAGE (a Windows path, compared as Windows does)."""
    image = image.casefold()
    return any(cmd.casefold() == image or cmd.casefold().startswith(image + " ")
               for _, cmd in procs)


# --- one Wine prefix ----------------------------------------------------------------------

class StandIn:
    def __init__(self, image, args, proc):
        self.image, self.args, self.proc = image, args, proc

    def stop(self):
        """Closes its stdin (it exits at once) and waits for it."""
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


class Prefix:
    """A fresh WINEPREFIX in a temp folder of its own, its Wine processes and stand-ins."""

    def __init__(self, suite, name):
        self.suite = suite
        self.base = os.path.realpath(tempfile.mkdtemp(prefix=f"blaster-live-{name}-"))
        self.path = os.path.join(self.base, "prefix")
        self.drive_c = os.path.join(self.path, "drive_c")
        self.stand_ins = []
        self.sessions = []

    def env(self, **extra):
        env = english_env(WINEPREFIX=self.path, WINEDEBUG="-all",
                          # No Mono or Gecko installer at wineboot: nothing here needs them.
                          WINEDLLOVERRIDES="mscoree,mshtml=")
        env.pop("DISPLAY", None)
        env.pop("WAYLAND_DISPLAY", None)
        env.update(extra)
        return env

    def cwd(self):
        return self.drive_c if os.path.isdir(self.drive_c) else self.base

    def loader(self, program):
        """The Wine loader for PROGRAM: a Windows path in the prefix (by its PE header) or one
        of Wine's own 64-bit programs (reg, sc, cmd)."""
        if "\\" not in program:
            return WINE64
        return "wine" if pe_machine(self.host(program)) == 0x14C else WINE64

    def run(self, argv, env=None, timeout=TIMEOUT):
        """Runs ARGV in C:\\ (Wine starts in the Windows folder when the working directory is
        not on a drive) and returns a Result. Its output goes to files, not pipes: when a
        command starts Wine's server, the server and Wine's services inherit its stdout and
        stderr and keep them open, so reading a pipe to its end would wait for them forever."""
        with tempfile.TemporaryFile(dir=self.base) as out, \
                tempfile.TemporaryFile(dir=self.base) as err:
            p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                 env=env or self.env(), cwd=self.cwd())
            try:
                status = p.wait(timeout=timeout)
            except subprocess.TimeoutExpired as e:
                p.kill()
                p.wait()
                raise Fatal(f"`{' '.join(argv)}` did not end within {timeout} s") from e
            out.seek(0)
            err.seek(0)
            return Result(argv, status, out.read(), err.read())

    def wine(self, *args, env=None, timeout=TIMEOUT):
        """Runs the Windows program ARGS[0] with ARGS[1:] under Wine. Returns a Result.

        Wine now and then fails to start a program at all ("Application could not be started,
        or no application associated with the specified file. ShellExecuteEx failed: Internal
        error.": `wine reg add` once in a CI run of some hundred Wine launches): that launch is
        tried again, three times at most. A program that started and failed is not."""
        for _ in range(3):
            r = self.run([self.loader(args[0]), *args], env=env, timeout=timeout)
            if r.status == 0 or WINE_LAUNCH_FAILED not in r.stdout + r.stderr:
                return r
            time.sleep(1)
        return r

    def server(self, *args):
        self.run(["wineserver", *args], timeout=60)

    def boot(self, drive_d=None):
        """Creates the prefix (wineboot) and removes Z:; with DRIVE_D (a host folder), maps
        D: to it as a fixed disk. Then holds a session (hold_session). Returns the seconds
        wineboot took."""
        t0 = time.monotonic()
        r = self.run(["wineboot", "-i"], timeout=BOOT_TIMEOUT)
        kernel32 = os.path.join(self.drive_c, "windows", "system32", "kernel32.dll")
        if r.status != 0 or not os.path.exists(kernel32):
            raise Fatal(f"wineboot -i failed (status {r.status}): "
                        f"{r.stderr.decode(errors='replace')[-400:]!r}")
        # Z: is the host's whole file system: the scan of every fixed drive would walk it.
        z = os.path.join(self.path, "dosdevices", "z:")
        if os.path.lexists(z):
            os.remove(z)
        seconds = time.monotonic() - t0
        if drive_d:
            # Wine calls a plain folder a fixed disk; "hd" says so whatever the host's file
            # system. Wine reads it when its server starts, hence the restart.
            os.symlink(drive_d, os.path.join(self.path, "dosdevices", "d:"))
            self.reg_set("HKLM\\Software\\Wine\\Drives", "d:", "hd")
            self.restart()
        self.hold_session()
        return seconds

    def restart(self):
        """Ends every Wine process of the prefix and waits for it (the next command starts a
        new wineserver, which reads HKLM\\Software\\Wine\\Drives again)."""
        self.server("-k")
        self.server("-w")

    def host(self, winpath):
        """The host path of C:\\...: the prefix's drive_c, with Wine's lower-case windows and
        system32 (other folders as written)."""
        drive, rest = winpath[:2].lower(), winpath[3:]
        if drive != "c:":
            raise ValueError(winpath)
        parts = rest.split("\\")
        path = self.drive_c
        for part in parts:
            # Wine creates its folders in lower case; match an existing one whatever its case.
            try:
                existing = {e.casefold(): e for e in os.listdir(path)}
            except OSError:
                existing = {}
            path = os.path.join(path, existing.get(part.casefold(), part))
        return path

    def put(self, winpath, source=None):
        """Copies SOURCE (or an empty file) to WINPATH, with the folders it needs."""
        dest = self.host(winpath)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        if source:
            shutil.copyfile(source, dest)
        else:
            open(dest, "wb").close()
        return dest

    def reg_add(self, key, name, data):
        r = self.wine("reg", "add", key, "/v", name, "/d", data, "/f")
        if r.status != 0:
            raise Fatal(f"wine reg add {key} /v {name!r} failed (status {r.status}): "
                        f"{(r.stdout + r.stderr).decode(errors='replace').strip()!r}")

    def reg_query(self, key, name):
        """The data of value NAME of KEY as `wine reg query` prints it, or None."""
        r = self.wine("reg", "query", key, "/v", name)
        if r.status != 0:
            return None
        for ln in r.stdout.decode(errors="replace").splitlines():
            m = re.match(r"\s{4}(.*?)\s{4}REG_\w+\s{4}(.*)$", ln)
            if m and m.group(1).casefold() == name.casefold():
                return m.group(2).rstrip("\r")
        return None

    def reg_set(self, key, name, data):
        """Sets a value and reads it back: a test that relies on it must know it is there."""
        self.reg_add(key, name, data)
        got = self.reg_query(key, name)
        if got != data:
            raise Fatal(f"after wine reg add, `wine reg query {key} /v {name}` gives {got!r}, "
                        f"not {data!r}")

    def start_stand_in(self, image, *args):
        """Starts the stand-in copied to IMAGE with ARGS and waits for its "ready". Returns
        the StandIn, or raises Fatal with what it said (its stderr names what it could not
        hold). Its stdin is a pipe (closing it ends the stand-in); its output goes to files
        (see run)."""
        n = len(self.stand_ins) + len(self.sessions)
        out_path = os.path.join(self.base, f"stand-in-{n}.out")
        err_path = os.path.join(self.base, f"stand-in-{n}.err")
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            p = subprocess.Popen([self.loader(image), image, *args], stdin=subprocess.PIPE,
                                 stdout=out, stderr=err, env=self.env(), cwd=self.cwd())
        s = StandIn(image, args, p)
        deadline = time.monotonic() + READY_TIMEOUT
        while True:
            with open(out_path, "rb") as f:
                said = f.read()
            if said.endswith(b"\n") or p.poll() is not None or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        if said.strip() == b"ready" and p.poll() is None:
            self.stand_ins.append(s)
            return s
        s.stop()
        with open(err_path, "rb") as f:
            err = f.read().decode(errors="replace").strip()
        raise Fatal(f"the stand-in {image} {' '.join(args)} is not ready (status {p.returncode}, "
                    f"stdout {said!r}): {err or 'nothing on stderr'}")

    def hold_session(self):
        """Keeps a Windows session going (Wine's cmd.exe, waiting on its stdin), as the
        technician's console would: Wine's server and services, svchost.exe among them, run
        the whole time rather than stop and start again around each command (seconds each)."""
        p = subprocess.Popen([WINE64, "cmd.exe"], stdin=subprocess.PIPE,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             env=self.env(), cwd=self.cwd())
        self.sessions.append(StandIn("cmd.exe", (), p))

    def wait_for_process(self, image, seconds=20):
        """Waits until IMAGE runs in the prefix; returns the prefix's processes."""
        deadline = time.monotonic() + seconds
        while True:
            procs = prefix_processes(self.path)
            if running_image(procs, image) or time.monotonic() > deadline:
                return procs
            time.sleep(0.5)

    def close(self):
        for s in self.stand_ins + self.sessions:
            s.stop()
        self.stand_ins, self.sessions = [], []
        self.server("-k")
        self.server("-w")
        if self.suite.keep:
            print(f"# prefix kept in {self.base}", flush=True)
        else:
            shutil.rmtree(self.base, ignore_errors=True)


# --- the suite ----------------------------------------------------------------------------

class Suite:
    def __init__(self, args):
        self.exe = os.path.abspath(args.exe)
        self.stand_in = os.path.abspath(args.stand_in)
        self.keep = args.keep
        self.root = os.geteuid() == 0
        self.tap = Tap()
        self.po_ja = read_po(os.path.join(SOURCE_ROOT, "po", "ja.po"))

    def scan(self, prefix, *args, env=None):
        """Runs C:\\blaster-scan.exe ARGS; returns (Result, seconds). A build without the live
        check ends the scenario with that said plainly."""
        t0 = time.monotonic()
        r = prefix.wine(SCANNER, *args, env=env)
        seconds = time.monotonic() - t0
        err = r.stderr.decode(errors="replace")
        if r.status == EXIT_ERROR and "not available yet" in err:
            raise Fatal(f"this blaster-scan.exe has no live check yet: {err.strip()!r}")
        return r, seconds

    def scan_json(self, prefix, env=None):
        r, seconds = self.scan(prefix, "--json", env=env)
        try:
            report = json.loads(r.stdout)
        except (UnicodeDecodeError, ValueError) as e:
            raise Fatal(f"blaster-scan.exe --json printed no valid JSON (status {r.status}): {e}; "
                        f"stdout {r.stdout[:300]!r}; stderr "
                        f"{r.stderr.decode(errors='replace')[-600:]!r}") from e
        return r, report, seconds


def read_po(path):
    """msgid -> msgstr of a .po file (single-line and continued strings; enough for ja.po)."""
    entries, cur, field = {}, {}, None
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except OSError:
        return {}

    def unquote(s):
        return json.loads(s)

    for ln in lines + [""]:
        if ln.startswith("msgid "):
            if "msgid" in cur and "msgstr" in cur:
                entries[cur["msgid"]] = cur["msgstr"]
            cur, field = {"msgid": unquote(ln[6:])}, "msgid"
        elif ln.startswith("msgstr "):
            cur["msgstr"], field = unquote(ln[7:]), "msgstr"
        elif ln.startswith('"') and field:
            cur[field] += unquote(ln)
        elif not ln.strip():
            if "msgid" in cur and "msgstr" in cur:
                entries[cur["msgid"]] = cur["msgstr"]
            cur, field = {}, None
    return entries


# --- the checks every scenario makes ------------------------------------------------------

def status_line(t, label, r, want):
    t.check(f"{label}: exit status {want} ({EXIT_MEANING[want]})", r.status == want,
            f"exit status {r.status} ({EXIT_MEANING.get(r.status, '?')}), expected {want}; a "
            "script acting on it goes wrong"
            + (f"; stderr: {r.stderr.decode(errors='replace').strip()[-600:]!r}"
               if r.stderr.strip() else ""))


def contract_problems(report):
    return json_key_problems(report, CONTRACT, LISTS)


def target_lines(t, label, report):
    target = report.get("target", {})
    t.check(f"{label}: the JSON report has every key scripts rely on",
            not contract_problems(report), "\n".join(contract_problems(report)))
    problems = []
    if target.get("kind") != "live":
        problems.append(f"target.kind is {target.get('kind')!r}, expected 'live'")
    if str(target.get("root", "")).casefold() != "c:\\":
        problems.append(f"target.root is {target.get('root')!r}, expected 'C:\\\\'")
    if str(target.get("windows_dir", "")).casefold() != "c:\\windows":
        problems.append(f"target.windows_dir is {target.get('windows_dir')!r}, expected "
                        "'C:\\\\windows' (as Windows gives it)")
    t.line(f"{label}: target is this computer (live, C:\\, C:\\windows)", problems)


def verdict_line(t, label, report, key, want):
    got = report.get("verdict", {}).get(key)
    t.check(f"{label}: verdict.{key} is {want!r}", got == want,
            f"verdict.{key} is {got!r}, expected {want!r}; reasons: "
            f"{report.get('verdict', {}).get('reasons')!r}")


def errors_line(t, label, report):
    errors = report.get("errors", [])
    t.check(f"{label}: no errors (every check could run)", errors == [],
            f"errors[] is {errors!r}, expected none: the user is told that places could not be "
            "checked")


def describe(f):
    return (f"{f.get('severity')} {f.get('kind')} {f.get('location')!r} "
            f"({f.get('family')} {f.get('variant')})")


def no_findings_line(t, label, report, why):
    findings = report.get("findings", [])
    t.check(f"{label}: no findings", findings == [],
            f"{len(findings)} findings, expected none ({why}):\n"
            + "\n".join(describe(f) for f in findings))


def wine_programs_line(t, label, report, procs):
    """Wine's own System32 dllhost.exe and svchost.exe, files and processes, are not flagged."""
    # As a file, a process, or the program behind a port; the 32-bit copies in SysWOW64 too.
    own = [f"C:\\windows\\{folder}\\{name}".casefold()
           for folder in ("system32", "syswow64") for name in ("dllhost.exe", "svchost.exe")]
    flagged = [f for f in report.get("findings", [])
               if any(o in str(f.get("location", "")).casefold() for o in own)]
    notes = [f"Wine's own svchost.exe runs: {cmd}" for _, cmd in procs
             if cmd.casefold().startswith(f"{SYSTEM32}\\svchost.exe".casefold())]
    if not notes:
        notes = ["no svchost.exe process of Wine's ran during the scan: only the files were "
                 "checked here"]
    t.check(f"{label}: Wine's own System32 dllhost.exe and svchost.exe are not flagged",
            not flagged, "flagged, so every healthy PC would be: "
            + "; ".join(describe(f) for f in flagged), notes)


def wine_programs_present(prefix):
    """The precondition of wine_programs_line: the real programs are there to be left alone."""
    missing = [p for p in (f"{SYSTEM32}\\dllhost.exe", f"{SYSTEM32}\\svchost.exe")
               if not os.path.isfile(prefix.host(p))]
    if missing:
        raise Fatal(f"Wine's prefix has no {', '.join(missing)}: the check that the real "
                    "programs are left alone would mean nothing")


def ports_free(suite, what):
    """The host must not hold the worm's ports already: Wine shows the host's sockets."""
    held = host_listeners() & {("tcp", TCP_PORT), ("udp", UDP_PORT)}
    if held:
        raise Fatal(f"this host already listens on {sorted(held)} (another test, a TFTP "
                    f"server?): under Wine {what} would see it")


# --- the scenarios ------------------------------------------------------------------------

def scenario_infected(suite, label, prefix):
    t = suite.tap
    setup = []
    t0 = time.monotonic()
    # D:, a second fixed drive: a folder of the test's with a worm name where the worm never
    # puts it.
    d_root = os.path.join(prefix.base, "drive-d")
    os.makedirs(os.path.join(d_root, "Documents"))
    open(os.path.join(d_root, "Documents", "teekids.exe"), "wb").close()
    boot = prefix.boot(drive_d=d_root)
    setup.append(f"wineboot: {boot:.1f} s; D: mapped to {d_root}, a fixed disk "
                 f"(HKLM\\Software\\Wine\\Drives d: = hd), Z: removed")
    t1 = time.monotonic()

    prefix.put(SCANNER, suite.exe)
    prefix.put(MSBLAST, suite.stand_in)
    prefix.put(WINS_DLLHOST, suite.stand_in)
    prefix.put(PREFETCH)
    prefix.reg_set(RUN_KEY, "windows auto update", "msblast.exe")
    prefix.reg_set(RUNONCE_KEY, "Microsoft Inet xp..", "teekids.exe")
    r = prefix.wine("sc", "create", "RpcPatch", "binPath=", WINS_DLLHOST)
    if r.status != 0:
        raise Fatal(f"wine sc create RpcPatch failed (status {r.status}): "
                    f"{(r.stdout + r.stderr).decode(errors='replace').strip()!r}")
    image = prefix.reg_query(f"{SERVICES_KEY}\\RpcPatch", "ImagePath")
    if (image or "").casefold() != WINS_DLLHOST.casefold():
        raise Fatal(f"after wine sc create, the service RpcPatch's ImagePath is {image!r}")
    q = prefix.wine("sc", "query", "RpcPatch")
    if q.status != 0 or b"RpcPatch" not in q.stdout:
        raise Fatal(f"wine sc query RpcPatch does not show the service: {q.stdout[:300]!r}")
    setup.append(f"reg query: Run, RunOnce, Drives d: and Services\\RpcPatch ImagePath {image} "
                 "read back; sc query RpcPatch shows it")

    # The stand-ins. UDP 69 is a privileged port on Linux: without root that one bind fails.
    ports_free(suite, "the stand-ins")
    udp_skip = udp_fail = tcp_fail = None
    args = ["--mutex", "BILLY", "--tcp", str(TCP_PORT), "--udp", str(UDP_PORT)]
    try:
        prefix.start_stand_in(MSBLAST, *args)
    except Fatal as e:
        if f"UDP 127.0.0.1:{UDP_PORT}" in str(e) and not suite.root:
            udp_skip = (f"binding UDP {UDP_PORT} needs root on Linux and these tests run as uid "
                        f"{os.geteuid()}: {e}")
        elif f"UDP 127.0.0.1:{UDP_PORT}" in str(e):
            udp_fail = f"the stand-in could not hold UDP {UDP_PORT}, even as root: {e}"
        elif f"TCP 127.0.0.1:{TCP_PORT}" in str(e):
            tcp_fail = f"the stand-in could not hold TCP {TCP_PORT}: {e}"
        else:
            raise
        # The rest of the scenario still runs with what could be held.
        args = ["--mutex", "BILLY"]
        if not tcp_fail:
            args += ["--tcp", str(TCP_PORT)]
        prefix.start_stand_in(MSBLAST, *args)
    prefix.start_stand_in(WINS_DLLHOST, "--mutex", "RpcPatch_Mutex")
    setup.append(f"stand-ins ready: {MSBLAST} {' '.join(args)}; {WINS_DLLHOST} --mutex "
                 "RpcPatch_Mutex")

    # What the host sees proves the stand-ins hold what they say.
    problems = []
    listening = host_listeners()
    if not tcp_fail and ("tcp", TCP_PORT) not in listening:
        problems.append(f"/proc/net/tcp shows no listener on 127.0.0.1:{TCP_PORT}")
    if not (udp_skip or udp_fail) and ("udp", UDP_PORT) not in listening:
        problems.append(f"/proc/net/udp shows no socket on 127.0.0.1:{UDP_PORT}")
    procs = prefix_processes(prefix.path)
    for image in (MSBLAST, WINS_DLLHOST):
        if not running_image(procs, image):
            problems.append(f"no process of the prefix runs {image}: {procs!r}")
    setup.append(f"host: listeners {sorted(listening & {('tcp', TCP_PORT), ('udp', UDP_PORT)})}"
                 f", processes {[cmd for _, cmd in procs if 'system32' in cmd.casefold()]}")
    setup.append(f"setup: {time.monotonic() - t0:.1f} s in all, {time.monotonic() - t1:.1f} s "
                 "after D: and the restart")
    if not t.line(f"{label}: the infected Windows is set up (reg, sc, files, D:, stand-ins)",
                  problems, setup):
        raise Fatal("the setup failed; the scan was not run")

    r, report, seconds = suite.scan_json(prefix)
    t.note(f"{label}: the scan took {seconds:.1f} s; findings:")
    for f in report.get("findings", []):
        t.note(f"  {describe(f)}")
    status_line(t, label, r, EXIT_EVIDENCE)
    verdict_line(t, label, report, "infection", "infected")
    target_lines(t, label, report)

    findings = report.get("findings", [])
    matched = set()
    for e in INFECTED:
        name = f"{label}: {e.name}"
        if e.kind == "port" and e.location.startswith("UDP") and udp_skip:
            t.line(name, skip=udp_skip)
            continue
        if e.kind == "port" and e.location.startswith("UDP") and udp_fail:
            t.line(name, [udp_fail])
            continue
        if e.kind == "port" and e.location.startswith("TCP") and tcp_fail:
            t.line(name, [tcp_fail])
            continue
        hits = [i for i, f in enumerate(findings) if e.matches(f)]
        matched.update(hits)
        if not hits:
            same_kind = [describe(f) for f in findings if f.get("kind") == e.kind]
            t.line(name, [f"missed: no {e.kind} finding at {e.location!r}; the user is not told "
                          f"about it. {e.kind} findings: {same_kind or 'none'}"])
            continue
        problems = []
        for i in hits:
            f = findings[i]
            if f.get("severity") != e.severity:
                problems.append(f"severity {f.get('severity')!r}, expected {e.severity!r}: "
                                f"{describe(f)}")
            if f.get("family") != e.family:
                problems.append(f"family {f.get('family')!r}, expected {e.family!r}: "
                                f"{describe(f)}")
        if len(hits) > 1:
            problems.append(f"reported {len(hits)} times: "
                            + "; ".join(describe(findings[i]) for i in hits))
        t.line(name, problems)
    if udp_skip:
        # The UDP finding cannot be asked for, nor may it appear from nowhere.
        matched.update(i for i, f in enumerate(findings)
                       if f.get("kind") == "port" and str(f.get("location")).startswith("UDP"))
    others = [findings[i] for i in range(len(findings)) if i not in matched]
    t.check(f"{label}: nothing else is flagged", not others,
            "unexpected findings, the user is alarmed (or misled) for nothing:\n"
            + "\n".join(describe(f) for f in others))
    wine_programs_line(t, label, report, procs)
    if report.get("errors"):
        t.note(f"{label}: errors[] (not checked here): {report.get('errors')!r}")
    xp_api_line(suite, label, prefix, report)


def xp_api_line(suite, label, prefix, report):
    """The same scan through the calls Windows XP has (psapi's GetModuleFileNameExW, GetTcpTable
    and GetUdpTable without owners, GetVersionExW): Wine has the newer ones, so without
    BLASTER_SCAN_XP_API=1 the XP ways would never run before a real XP does."""
    def seen(rep_):
        # A port's owner is not known through the XP tables: compare the addresses only.
        return sorted((f.get("kind"), f.get("severity"),
                       str(f.get("location")).split(" (")[0].casefold())
                      for f in rep_.get("findings", []))
    r, xp, seconds = suite.scan_json(prefix, env=prefix.env(BLASTER_SCAN_XP_API="1"))
    same = seen(xp) == seen(report)
    verdict = xp.get("verdict", {}).get("infection") == report.get("verdict", {}).get("infection")
    suite.tap.check(f"{label}: through the Windows XP calls, the same findings and verdict",
                    same and verdict and not xp.get("errors"),
                    f"with the XP calls: verdict {xp.get('verdict', {}).get('infection')!r}, "
                    f"errors {xp.get('errors')!r}, findings differ: "
                    f"{sorted(set(seen(xp)) ^ set(seen(report)))!r}")


def scenario_clean(suite, label, prefix):
    t = suite.tap
    boot = prefix.boot()
    t0 = time.monotonic()
    wine_programs_present(prefix)
    prefix.put(SCANNER, suite.exe)
    ports_free(suite, "the clean scan")
    procs = prefix.wait_for_process(f"{SYSTEM32}\\svchost.exe")
    t.line(f"{label}: a fresh Windows, nothing added", (), [
        f"wineboot: {boot:.1f} s, the rest of the set-up {time.monotonic() - t0:.1f} s",
        f"{SYSTEM32}\\dllhost.exe and svchost.exe are in the prefix",
        f"processes: {[cmd for _, cmd in procs]}"])

    r, report, seconds = suite.scan_json(prefix)
    t.note(f"{label}: the scan took {seconds:.1f} s, {report.get('stats', {}).get('entries')} "
           f"entries; target.os {report.get('target', {}).get('os')!r}, vulnerability "
           f"{report.get('verdict', {}).get('vulnerability')!r}")
    status_line(t, label, r, EXIT_CLEAN)
    verdict_line(t, label, report, "infection", "clean")
    target_lines(t, label, report)
    no_findings_line(t, label, report, "nothing of the worm's is on this Windows")
    errors_line(t, label, report)
    wine_programs_line(t, label, report, prefix_processes(prefix.path))
    japanese_line(suite, f"{label}: text report in Japanese", prefix)


def japanese_line(suite, name, prefix):
    """The text report (not --json) of a clean Windows in Japanese, in code page 932."""
    t = suite.tap
    # Wine takes its locale from LC_ALL when the host has no ja_JP.UTF-8 locale of its own (a
    # bare Debian has none): LANG alone leaves Wine in en-US. So both are set, and Wine's
    # locale is read back before the report is judged.
    env = prefix.env(LANG="ja_JP.UTF-8", LC_ALL="ja_JP.UTF-8")
    q = prefix.wine("reg", "query", "HKCU\\Control Panel\\International", "/v", "LocaleName",
                    env=env)
    if b"ja-JP" not in q.stdout:
        t.line(name, [f"Wine did not take the Japanese locale (LocaleName: {q.stdout!r}): the "
                      "test cannot tell what a Japanese Windows shows"])
        return
    r, _ = suite.scan(prefix, env=env)
    problems = []
    if r.status != EXIT_CLEAN:
        problems.append(f"exit status {r.status}, expected {EXIT_CLEAN}; stderr "
                        f"{r.stderr.decode(errors='replace')[-300:]!r}")
    problems += japanese_problems(r.stdout, suite.po_ja)
    notes = []
    if not problems:
        text = r.stdout.decode("cp932")
        notes = [ln for ln in text.splitlines() if ln.strip()][:4]
    t.line(name, problems, notes)


def japanese_problems(stdout, po_ja):
    """What is wrong with STDOUT as the Japanese text report of a clean Windows: it must be
    code page 932 (what a Japanese console shows), say "infection" and "clean" as po/ja.po
    (PO_JA) does, and hold none of the English it translates."""
    try:
        text = stdout.decode("cp932")
    except UnicodeDecodeError as e:
        utf8 = stdout.decode("utf-8", errors="replace")
        return [f"stdout is not in code page 932 ({e}), so a Japanese console shows mojibake; "
                f"as UTF-8 it reads: {utf8[:300]!r}"]
    problems = []
    label_ja = po_ja.get("Infection:     %s\n", "").split("%s")[0].strip()
    # The verdict as the core names it (scan_infection_label and _summary), joined by "%s: %s".
    clean_ja = po_ja.get("%s: %s", "%s: %s") % (po_ja.get("Clean", ""),
                                                  po_ja.get("no sign of the worm", ""))
    if not label_ja or clean_ja.startswith(":") or clean_ja.endswith(": "):
        problems.append("po/ja.po has no translation of \"Infection:     %s\\n\", \"Clean\" or "
                        "\"no sign of the worm\": the test cannot tell what to expect")
    else:
        problems += [f"the report does not say {want!r}" for want in (label_ja, clean_ja)
                     if want not in text]
    english = [w for w in ("Infection:", "Clean: no sign of the worm", "Vulnerability:")
               if w in text]
    if english:
        problems.append(f"the report is in English where po/ja.po translates it: {english}")
    if problems:
        problems.append("if src/cli's Japanese for Windows is not in this build yet, that is "
                        f"why; the report reads:\n{text[:700]}")
    return problems


def scenario_xp_sp3(suite, label, prefix):
    t = suite.tap
    boot = prefix.boot()
    t0 = time.monotonic()
    # `winecfg -v winxp` refuses in a 64-bit prefix (status 1; it offers winxp64, which is
    # 5.2.3790 SP2), but Wine's own setting takes winxp: GetVersionEx then says 5.1.2600 SP3.
    prefix.reg_set("HKCU\\Software\\Wine", "Version", "winxp")
    for name, data in (("ProductName", "Microsoft Windows XP"), ("CurrentVersion", "5.1"),
                       ("CSDVersion", "Service Pack 3"), ("CurrentBuildNumber", "2600"),
                       ("CurrentBuild", "2600")):
        prefix.reg_set(NT_KEY, name, data)
    # IIS installed (its W3SVC service) and System Restore turned off, as the advisory's
    # recovery step leaves it: the Prevention and Recovery advice hangs on these two facts.
    r = prefix.wine("sc", "create", "W3SVC", "binPath=",
                    SYSTEM32 + "\\inetsrv\\inetinfo.exe")
    if r.status != 0:
        raise Fatal(f"wine sc create W3SVC failed (status {r.status})")
    r = prefix.wine("reg", "add", SR_KEY, "/v", "DisableSR", "/t", "REG_DWORD", "/d", "1", "/f")
    if r.status != 0 or prefix.reg_query(SR_KEY, "DisableSR") != "0x1":
        raise Fatal(f"DisableSR=1 could not be set in {SR_KEY}")
    ver = prefix.wine("cmd", "/c", "ver").stdout.decode(errors="replace").strip()
    if "5.1.2600" not in ver:
        raise Fatal(f"Wine does not say Windows XP after the version is set: `ver` says {ver!r}")
    wine_programs_present(prefix)
    prefix.put(SCANNER, suite.exe)
    ports_free(suite, "the clean scan")
    prefix.wait_for_process(f"{SYSTEM32}\\svchost.exe")
    t.line(f"{label}: a Windows XP SP3 identity, nothing else added", (), [
        f"wineboot: {boot:.1f} s, the rest of the set-up {time.monotonic() - t0:.1f} s",
        f"cmd /c ver: {ver}; {NT_KEY}: Microsoft Windows XP, 5.1, Service Pack 3, 2600"])

    r, report, seconds = suite.scan_json(prefix)
    t.note(f"{label}: the scan took {seconds:.1f} s; patches "
           f"{[(p.get('id'), p.get('status')) for p in report.get('patches', [])]}")
    status_line(t, label, r, EXIT_CLEAN)
    verdict_line(t, label, report, "infection", "clean")
    verdict_line(t, label, report, "vulnerability", "patched")
    target_lines(t, label, report)
    os_ = report.get("target", {}).get("os") or {}
    want = {"product": "Microsoft Windows XP", "version": "5.1", "service_pack": "Service Pack 3"}
    t.check(f"{label}: target.os is Windows XP 5.1 Service Pack 3",
            all(os_.get(k) == v for k, v in want.items()),
            f"target.os is {os_!r}, expected {want!r}")
    patches = {p.get("id"): p.get("status") for p in report.get("patches", [])}
    t.check(f"{label}: KB823980 and KB824146 are included in the service pack",
            patches.get("KB823980") == "included" and patches.get("KB824146") == "included",
            f"patches {patches!r}: XP SP3 includes KB823980 and KB824146 (the catalogue's "
            "included lines for XP SP2 and later)")
    target = report.get("target", {})
    t.check(f"{label}: IIS is installed and System Restore is off",
            target.get("iis") is True and target.get("system_restore") == "off",
            f"target.iis {target.get('iis')!r}, target.system_restore "
            f"{target.get('system_restore')!r}: expected true (W3SVC) and \"off\" (DisableSR=1)")
    no_findings_line(t, label, report, "nothing of the worm's is on this Windows")
    errors_line(t, label, report)
    wine_programs_line(t, label, report, prefix_processes(prefix.path))


def run_scenarios(suite, scenarios, selected, host_network_note=""):
    """Runs the (name, function) SCENARIOS (only those named in SELECTED, when given), each in a
    fresh prefix, as TAP; a Fatal or a bug in the test ends that scenario, not the others. Says
    whether the network was a namespace of its own (HOST_NETWORK_NOTE follows when it was not).
    Returns the exit status: 1 if a line failed, else 0."""
    started = time.monotonic()
    why_not = private_network()
    suite.tap.note("network: a namespace of its own with only 127.0.0.1" if why_not is None
                   else f"network: the host's ({why_not}){host_network_note}")
    for name, fn in scenarios:
        if selected and name not in selected:
            continue
        prefix = Prefix(suite, name)
        t0 = time.monotonic()
        try:
            fn(suite, name, prefix)
        except Fatal as e:
            suite.tap.line(f"{name}: scenario ended early", [str(e)])
        except Exception:  # a bug in the test itself: reported, the other scenarios still run
            import traceback
            suite.tap.line(f"{name}: scenario ended early",
                           ["the test itself failed:\n" + traceback.format_exc().rstrip()])
        finally:
            prefix.close()
        suite.tap.note(f"{name}: {time.monotonic() - t0:.1f} s in all")
    t = suite.tap
    print(f"1..{t.n}")
    print(f"# {t.n - t.failed - t.skipped} passed, {t.failed} failed, {t.skipped} skipped in "
          f"{time.monotonic() - started:.1f} s", flush=True)
    return 1 if t.failed else 0


SCENARIOS = [("infected", scenario_infected), ("clean", scenario_clean),
             ("xp-sp3", scenario_xp_sp3)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--exe", required=True, help="blaster-scan.exe")
    ap.add_argument("--stand-in", required=True, help="stand-in.exe (tests/win32/stand-in.c)")
    ap.add_argument("--scenario", action="append", choices=[n for n, _ in SCENARIOS])
    ap.add_argument("--keep", action="store_true", help="keep the prefixes")
    args = ap.parse_args()
    for tool in ("wine", "wineboot", "wineserver"):
        if not shutil.which(tool):
            print(f"Bail out! {tool} is not installed (Debian packages wine and wine64)")
            return 2
    for f in (args.exe, args.stand_in):
        if not os.path.isfile(f):
            print(f"Bail out! {f} does not exist: build the cross build first")
            return 2

    return run_scenarios(Suite(args), SCENARIOS, args.scenario, "; its listeners are seen too")


if __name__ == "__main__":
    sys.exit(main())
