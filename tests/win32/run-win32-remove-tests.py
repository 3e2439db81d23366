#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The live removal on a running Windows (issue #12), under Wine (TAP).

Each scenario gets a fresh Wine prefix as run-win32-live-tests.py makes them (its Prefix: Z:
removed, the programs run from inside the prefix, a session held). What the removal did is
judged with Windows' own tools (reg query, sc query, attrib) and the host's view (the files'
bytes, the prefix's processes), never with the code under test alone.

  ops      each step of src/platform/win32/scan-remove-win32.c through test-remove-ops.exe: a
           stand-in named msblast.exe running from System32 ended (another msblast.exe in another
           folder left running), also through the Windows XP calls; Run values (REG_SZ, REG_BINARY,
           a user's REG_EXPAND_SZ) saved, deleted and restored with the same type and bytes, restore
           refused where a value is back; the RpcPatch service (sc create, a Parameters subkey)
           saved, deleted (sc query fails), restored (sc query shows it, the key the same byte for
           byte), refused when there; a running service (RpcTftpd, the stand-in as a service
           program) stopped and deleted; a service the SCM does not know (a key only) deleted; a
           hidden, system, read-only file moved with its attributes and bytes, a move onto an
           existing file, from another drive (D:) and through a link refused; the manifest's own
           steps (write, read, list, remove-own only in the quarantine).
  remove   blaster-scan.exe --remove --json with the stand-ins running, Run values and the
           RpcPatch service there: programs ended, values and service gone, files in
           C:\\BlasterCheck-Quarantine\\…; then --undo of that folder: values, service and
           files back byte for byte. Refused without administrator's rights, nothing changed;
           an undo that finds a Run value back refuses that one alone (exit 1).
  kill     --remove killed (BLASTER_SCAN_KILL_AT) at each of its checkpoints in turn, every
           one: then --undo puts everything back and, from the same start, --remove again
           takes everything out.

  run-win32-remove-tests.py --exe build-win/src/cli/blaster-scan.exe \\
      --stand-in build-win/tests/win32/stand-in.exe \\
      --ops build-win/tests/win32/test-remove-ops.exe [--scenario ops|remove|kill]... [--keep]
"""

import argparse
import hashlib
import importlib.util
import json
import os
import re
import shutil
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("win32_live",
                                               os.path.join(HERE, "run-win32-live-tests.py"))
live = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(live)
Fatal, Prefix, Tap = live.Fatal, live.Prefix, live.Tap

OPS = "C:\\test-remove-ops.exe"
SCANNER = live.SCANNER
SYSTEM32 = live.SYSTEM32
MSBLAST = live.MSBLAST
WINS_DLLHOST = live.WINS_DLLHOST
OTHER_MSBLAST = "C:\\Documents\\msblast.exe"
TEEKIDS = SYSTEM32 + "\\teekids.exe"
QUARANTINE = "C:\\BlasterCheck-Quarantine"
RUN = "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run"
RUNONCE_USER = "HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\RunOnce"
SERVICES = "HKLM\\System\\CurrentControlSet\\Services"


# Checks expected to fail for now, each with why (TAP "# TODO": meson counts it as an expected
# failure, and a pass as unexpected, so the line goes once it is fixed).
TODO = {}


class RTap(Tap):
    """Tap with TAP's "# TODO" for the lines named in TODO."""

    def line(self, name, problems=(), notes=(), skip=None):
        if name not in TODO or skip:
            return super().line(name, problems, notes, skip)
        self.n += 1
        print(f"{'not ok' if problems else 'ok'} {self.n} - {name} # TODO {TODO[name]}")
        for text in list(notes) + list(problems):
            for ln in str(text).splitlines():
                print(f"# {ln}")
        sys.stdout.flush()
        return not problems


class Suite(live.Suite):
    def __init__(self, args):
        super().__init__(args)
        self.ops = os.path.abspath(args.ops)
        self.tap = RTap()


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def step(prefix, *args, env=None):
    """Runs test-remove-ops.exe ARGS: (the error's name or "OK", its output without the rc
    line, the Result)."""
    r = prefix.wine(OPS, *args, env=env)
    out = r.stdout.decode("utf-8", errors="replace").replace("\r\n", "\n")
    lines = out.rstrip("\n").split("\n")
    m = re.fullmatch(r"rc=(-?\d+) (\w+)", lines[-1] if lines else "")
    if not m:
        raise Fatal(f"test-remove-ops.exe {' '.join(args)} printed no rc line (status "
                    f"{r.status}): {out[-400:]!r} {r.stderr.decode(errors='replace')[-400:]!r}")
    body = "\n".join(lines[:-1])
    return m.group(2), body, r


def facts(prefix, path):
    rc, body, _ = step(prefix, "facts", path)
    if rc != "OK":
        return None
    return dict(ln.split("=", 1) for ln in body.splitlines() if "=" in ln)


def attrib(prefix, path):
    """The attribute letters `attrib` (Wine's own cmd) shows for PATH, e.g. {"A", "S", "H"}."""
    r = prefix.wine("cmd", "/c", "attrib", path)
    text = r.stdout.decode(errors="replace")
    for ln in text.splitlines():
        if ln.rstrip().casefold().endswith(path.casefold()):
            return set(ln[:len(ln.rstrip()) - len(path)].replace(" ", ""))
    return None


def reg_value(prefix, key, name):
    """(type, data) of value NAME of KEY as `wine reg query` prints them, or None."""
    r = prefix.wine("reg", "query", key, "/v", name)
    if r.status != 0:
        return None
    for ln in r.stdout.decode(errors="replace").splitlines():
        m = re.match(r"\s{4}(.*?)\s{4}(REG_\w+)\s{4}(.*)$", ln.rstrip("\r"))
        if m and m.group(1).casefold() == name.casefold():
            return m.group(2), m.group(3)
        m = re.match(r"\s{4}(.*?)\s{4}(REG_\w+)$", ln.rstrip("\r"))
        if m and m.group(1).casefold() == name.casefold():
            return m.group(2), ""
    return None


def sc_query(prefix, name, want=True, seconds=5):
    """Whether `sc query NAME` shows the service. Wine's SCM answers a query right after a
    change now and then with the state before it: asked again until it says WANT, for at most
    SECONDS (a service that never comes or goes still fails)."""
    deadline = time.monotonic() + seconds
    while True:
        r = prefix.wine("sc", "query", name)
        known = r.status == 0 and name.encode() in r.stdout
        if known == want or time.monotonic() > deadline:
            return known
        time.sleep(0.5)


def boot(prefix, **kw):
    """Boots the prefix with one service manager. Right after `wineboot -i` Wine runs two
    services.exe now and then, each with its own list of services: `sc query` then answers
    from one or the other in turn, and a service created through one is unknown to the other.
    Wine is started again (the held session with it) until one runs."""
    seconds = prefix.boot(**kw)
    # The held session first: a Wine program still starting up when its server is told to end
    # would start a new server, and `wineserver -w` would wait for that one.
    for s in prefix.sessions:
        s.stop()
    prefix.sessions = []
    prefix.restart()
    prefix.hold_session()
    image = SYSTEM32 + "\\services.exe"
    procs = prefix.wait_for_process(image)
    time.sleep(1)
    procs = live.prefix_processes(prefix.path)
    n = sum(1 for _, cmd in procs if cmd.casefold() == image.casefold())
    if n != 1:
        raise Fatal(f"{n} services.exe run in the prefix, not one: {procs!r}")
    return seconds


def put_text(prefix, winpath, text):
    with open(prefix.host(winpath), "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def utf16z(text):
    return (text + "\0").encode("utf-16-le").hex()


# --- ops ----------------------------------------------------------------------------------

def scenario_ops(suite, label, prefix):
    t = suite.tap
    # D:, a second fixed drive (a folder of the test's), with a file of a worm's name.
    d_root = os.path.join(prefix.base, "drive-d")
    os.makedirs(os.path.join(d_root, "Documents"))
    with open(os.path.join(d_root, "Documents", "teekids.exe"), "wb") as f:
        f.write(b"stand-in on D:\r\n")
    seconds = boot(prefix, drive_d=d_root)
    prefix.put(OPS, suite.ops)
    prefix.put(MSBLAST, suite.stand_in)
    prefix.put(OTHER_MSBLAST, suite.stand_in)
    t.note(f"{label}: wineboot {seconds:.1f} s")

    # Rights.
    rc, _, _ = step(prefix, "is-admin")
    no, _, _ = step(prefix, "is-admin", env=prefix.env(BLASTER_SCAN_NOT_ADMIN="1"))
    t.check(f"{label}: is_admin: Wine's user is an administrator; BLASTER_SCAN_NOT_ADMIN=1 "
            "says not", rc == "OK" and no == "ENOTADMIN",
            f"is_admin gave {rc}, and {no} with BLASTER_SCAN_NOT_ADMIN=1")
    rc, _, _ = step(prefix, "writable", "C:\\")
    t.check(f"{label}: writable: C:\\ can be written", rc == "OK", f"writable C:\\ gave {rc}")

    ops_programs(suite, label, prefix)
    ops_values(suite, label, prefix)
    ops_services(suite, label, prefix)
    ops_files(suite, label, prefix)


def ops_programs(suite, label, prefix):
    t = suite.tap
    prefix.start_stand_in(MSBLAST, "--mutex", "BILLY")
    prefix.start_stand_in(OTHER_MSBLAST)
    procs = live.prefix_processes(prefix.path)
    if not (live.running_image(procs, MSBLAST) and live.running_image(procs, OTHER_MSBLAST)):
        raise Fatal(f"the stand-ins do not run: {procs!r}")
    # Written in capitals: Windows compares paths without case.
    rc, body, _ = step(prefix, "end-process", MSBLAST.upper())
    time.sleep(0.5)
    procs = live.prefix_processes(prefix.path)
    problems = []
    if rc != "OK" or body.strip() != "ended=1":
        problems.append(f"end_process gave {rc}, {body.strip()!r}; expected OK, ended=1")
    if live.running_image(procs, MSBLAST):
        problems.append(f"{MSBLAST} still runs")
    if not live.running_image(procs, OTHER_MSBLAST):
        problems.append(f"{OTHER_MSBLAST} was ended too: only the program at that path may be")
    t.line(f"{label}: end_process ends the stand-in msblast.exe running from System32, not "
           "one of that name elsewhere", problems)
    rc, body, _ = step(prefix, "end-process", MSBLAST)
    t.check(f"{label}: end_process of a program that no longer runs: nothing to end",
            rc == "OK" and body.strip() == "ended=0", f"gave {rc}, {body.strip()!r}")
    # Through the calls Windows XP has (psapi's image names): Wine has the newer ones too.
    prefix.start_stand_in(MSBLAST)
    rc, body, _ = step(prefix, "end-process", MSBLAST,
                       env=prefix.env(BLASTER_SCAN_XP_API="1"))
    time.sleep(0.5)
    procs = live.prefix_processes(prefix.path)
    t.check(f"{label}: end_process through the Windows XP calls (BLASTER_SCAN_XP_API=1)",
            rc == "OK" and body.strip() == "ended=1" and not live.running_image(procs, MSBLAST)
            and live.running_image(procs, OTHER_MSBLAST),
            f"gave {rc}, {body.strip()!r}; {MSBLAST} runs: {live.running_image(procs, MSBLAST)}")


def ops_value(suite, label, prefix, key, reg_key, name, reg_type, data, want_saved, shown):
    """A value added with `reg add`: saved (exactly WANT_SAVED), deleted (reg query finds
    nothing), restored (reg query shows REG_TYPE and SHOWN, saved again the same), and restore
    refused once a value of that name is back (which keeps its data)."""
    t = suite.tap
    r = prefix.wine("reg", "add", reg_key, "/v", name, "/t", reg_type, "/d", data, "/f")
    if r.status != 0 or reg_value(prefix, reg_key, name) != (reg_type, shown):
        raise Fatal(f"reg add {reg_key} /v {name} /t {reg_type} /d {data!r}: "
                    f"{reg_value(prefix, reg_key, name)!r}")
    what = f"{name!r} ({reg_type}) of {key.split(chr(92))[0]}"
    rc, saved, _ = step(prefix, "value-save", key, name)
    t.check(f"{label}: value_save {what}: its type and exact bytes", rc == "OK"
            and saved == want_saved, f"gave {rc}, {saved!r}; expected {want_saved!r}")
    rc, _, _ = step(prefix, "value-delete", key, name)
    gone = reg_value(prefix, reg_key, name)
    t.check(f"{label}: value_delete {what}: reg query no longer finds it",
            rc == "OK" and gone is None, f"gave {rc}; reg query shows {gone!r}")
    put_text(prefix, "C:\\saved-value.txt", saved)
    rc, _, _ = step(prefix, "value-restore", key, name, "C:\\saved-value.txt")
    back = reg_value(prefix, reg_key, name)
    rc2, again, _ = step(prefix, "value-save", key, name)
    t.check(f"{label}: value_restore {what}: back with the same type and bytes",
            rc == "OK" and back == (reg_type, shown) and again == saved,
            f"gave {rc}; reg query shows {back!r}, expected {(reg_type, shown)!r}; saved again "
            f"{again!r}, before {saved!r}")
    prefix.wine("reg", "add", reg_key, "/v", name, "/t", "REG_SZ", "/d", "something-new", "/f")
    rc, _, _ = step(prefix, "value-restore", key, name, "C:\\saved-value.txt")
    now = reg_value(prefix, reg_key, name)
    t.check(f"{label}: value_restore {what} refused when a value of that name is there",
            rc == "EEXIST" and now == ("REG_SZ", "something-new"),
            f"gave {rc}; the value is now {now!r} (expected left as REG_SZ something-new)")


def ops_values(suite, label, prefix):
    ops_value(suite, label, prefix, RUN, live.RUN_KEY, "windows auto update", "REG_SZ",
              "msblast.exe", "type=1;hex=" + utf16z("msblast.exe"), "msblast.exe")
    ops_value(suite, label, prefix, RUN, live.RUN_KEY, "blaster bytes", "REG_BINARY",
              "00ff7f10e2", "type=3;hex=00ff7f10e2", "00FF7F10E2")
    ops_value(suite, label, prefix, RUNONCE_USER, live.RUNONCE_KEY, "Microsoft Inet xp..",
              "REG_EXPAND_SZ", "%SystemRoot%\\teekids.exe",
              "type=2;hex=" + utf16z("%SystemRoot%\\teekids.exe"), "%SystemRoot%\\teekids.exe")
    rc, _, _ = step(prefix, "value-save", RUN, "no such value")
    t = suite.tap
    t.check(f"{label}: value_save of a value that is not there: ENOENT", rc == "ENOENT",
            f"gave {rc}")


def ops_services(suite, label, prefix):
    t = suite.tap
    key = f"{SERVICES}\\RpcPatch"
    r = prefix.wine("sc", "create", "RpcPatch", "binPath=", WINS_DLLHOST, "DisplayName=",
                    "Remote Procedure Call Patch")
    if r.status != 0 or not sc_query(prefix, "RpcPatch"):
        q = prefix.wine("sc", "query", "RpcPatch")
        raise Fatal(f"sc create RpcPatch failed (status {r.status}): "
                    f"{(r.stdout + r.stderr).decode(errors='replace').strip()!r}; sc query "
                    f"(status {q.status}): {(q.stdout + q.stderr).decode(errors='replace')!r}")
    prefix.wine("reg", "add", key + "\\Parameters", "/v", "Extra", "/t", "REG_MULTI_SZ", "/d",
                "a\\0b", "/f")
    rc, saved, _ = step(prefix, "service-save", "RpcPatch")
    want = ["service=RpcPatch", "key=", "key=Parameters",
            "value=ImagePath;type=", utf16z(WINS_DLLHOST),
            "value=Extra;type=7;hex=" + "a\0b\0\0".encode("utf-16-le").hex()]
    missing = [w for w in want if w not in saved]
    t.check(f"{label}: service_save RpcPatch: its key, values and subkey as text", rc == "OK"
            and not missing and "\0" not in saved,
            f"gave {rc}; missing {missing!r} in {saved!r}")
    rc, _, _ = step(prefix, "service-delete", "RpcPatch")
    t.check(f"{label}: service_delete RpcPatch: sc query and reg query no longer find it",
            rc == "OK" and not sc_query(prefix, "RpcPatch", want=False)
            and prefix.wine("reg", "query", key).status != 0,
            f"gave {rc}; sc query finds it: {sc_query(prefix, 'RpcPatch', want=False)}")
    put_text(prefix, "C:\\saved-service.txt", saved)
    rc, _, _ = step(prefix, "service-restore", "RpcPatch", "C:\\saved-service.txt")
    image = reg_value(prefix, key, "ImagePath")
    rc2, again, _ = step(prefix, "service-save", "RpcPatch")
    t.check(f"{label}: service_restore RpcPatch: sc query shows it, ImagePath the same, the "
            "key byte for byte as saved", rc == "OK" and sc_query(prefix, "RpcPatch")
            and image is not None and image[1].casefold() == WINS_DLLHOST.casefold()
            and again == saved,
            f"gave {rc}; sc query {sc_query(prefix, 'RpcPatch')}, ImagePath {image!r}; saved "
            f"again {again!r}, before {saved!r}")
    rc, _, _ = step(prefix, "service-restore", "RpcPatch", "C:\\saved-service.txt")
    t.check(f"{label}: service_restore refused while RpcPatch exists", rc == "EEXIST",
            f"gave {rc}")

    # A service that runs: stopped (its program ends as a service does when told to stop),
    # then deleted.
    tftpd = SYSTEM32 + "\\wins\\svchost.exe"
    prefix.put(tftpd, suite.stand_in)
    r = prefix.wine("sc", "create", "RpcTftpd", "binPath=", f"{tftpd} --service")
    s = prefix.wine("sc", "start", "RpcTftpd")
    deadline = time.monotonic() + 20
    while b"RUNNING" not in prefix.wine("sc", "query", "RpcTftpd").stdout:
        if time.monotonic() > deadline:
            raise Fatal(f"sc create/start RpcTftpd (status {r.status}, {s.status}): it does not "
                        f"run: {(s.stdout + s.stderr).decode(errors='replace')!r}")
        time.sleep(0.5)
    if not live.running_image(live.prefix_processes(prefix.path), tftpd):
        raise Fatal(f"the service RpcTftpd runs, but no process runs {tftpd}")
    rc, _, _ = step(prefix, "service-delete", "RpcTftpd")
    procs = live.prefix_processes(prefix.path)
    t.check(f"{label}: service_delete of the running service RpcTftpd: stopped (its program "
            "ended) and deleted", rc == "OK" and not live.running_image(procs, tftpd)
            and not sc_query(prefix, "RpcTftpd", want=False)
            and prefix.wine("reg", "query", f"{SERVICES}\\RpcTftpd").status != 0,
            f"gave {rc}; its program runs: {live.running_image(procs, tftpd)}; sc query finds "
            f"it: {sc_query(prefix, 'RpcTftpd', want=False)}")

    # A service the SCM does not know: only its key, written after Wine's services started.
    wks = f"{SERVICES}\\WksPatch"
    prefix.wine("reg", "add", wks, "/v", "ImagePath", "/t", "REG_EXPAND_SZ", "/d",
                SYSTEM32 + "\\wks.exe", "/f")
    prefix.wine("reg", "add", wks, "/v", "Type", "/t", "REG_DWORD", "/d", "16", "/f")
    if sc_query(prefix, "WksPatch", seconds=0):
        t.note(f"{label}: the SCM knows WksPatch already; the key-only case is not one here")
    rc, saved, _ = step(prefix, "service-save", "WksPatch")
    rc2, _, _ = step(prefix, "service-delete", "WksPatch")
    t.check(f"{label}: service_delete of a service that is only a key: the key is gone",
            rc == "OK" and rc2 == "OK" and prefix.wine("reg", "query", wks).status != 0,
            f"save gave {rc}, delete {rc2}; reg query {wks} still finds it: "
            f"{prefix.wine('reg', 'query', wks).status == 0}")
    rc, _, _ = step(prefix, "service-save", "WksPatch")
    t.check(f"{label}: service_save of a service that is not there: ENOENT", rc == "ENOENT",
            f"gave {rc}")


def ops_files(suite, label, prefix):
    t = suite.tap
    # A stand-in file with a worm's name, hidden, system and read-only (Wine's attrib takes one
    # attribute a call).
    host = prefix.put(TEEKIDS, suite.stand_in)
    for a in ("+h", "+s", "+r"):
        prefix.wine("cmd", "/c", "attrib", a, TEEKIDS)
    shown = attrib(prefix, TEEKIDS)
    if not shown or not {"H", "S", "R"} <= shown:
        raise Fatal(f"attrib +h +s +r {TEEKIDS}: attrib shows {shown!r}")
    digest = sha256(host)
    f = facts(prefix, TEEKIDS)
    t.check(f"{label}: file_facts of {TEEKIDS}: its size, SHA-256 and attributes",
            f is not None and f["sha256"] == digest and int(f["size"]) == os.path.getsize(host)
            and int(f["attributes"], 16) & 7 == 7 and f["has_attributes"] == "1",
            f"gave {f!r}; the host says {digest}, {os.path.getsize(host)} bytes")

    folder = QUARANTINE + "\\2026-12-08T00-00-00Z"
    rc1, _, _ = step(prefix, "make-folder", QUARANTINE)
    rc2, _, _ = step(prefix, "make-folder", folder)
    rc3, _, _ = step(prefix, "make-folder", folder)
    t.check(f"{label}: make_folder makes the quarantine's folders, EEXIST the second time",
            (rc1, rc2, rc3) == ("OK", "OK", "EEXIST")
            and os.path.isdir(prefix.host(folder)), f"gave {rc1}, {rc2}, {rc3}")

    moved = folder + "\\0001-teekids.exe.quarantined"
    rc, _, _ = step(prefix, "move", TEEKIDS, moved)
    after = facts(prefix, moved)
    problems = []
    if rc != "OK":
        problems.append(f"move gave {rc}")
    if os.path.lexists(host):
        problems.append(f"{TEEKIDS} is still there")
    elif not os.path.isfile(prefix.host(moved)) or sha256(prefix.host(moved)) != digest:
        problems.append("the moved file is not there with the same bytes")
    if not after or f is None or any(after[k] != f[k] for k in ("size", "sha256", "mtime",
                                                                 "attributes")):
        problems.append(f"its facts changed: {f!r} before, {after!r} after")
    if attrib(prefix, moved) != shown:
        problems.append(f"attrib shows {attrib(prefix, moved)!r} on the moved file, "
                        f"{shown!r} before")
    t.line(f"{label}: move of the hidden, system, read-only file into the quarantine: same "
           "bytes, times and attributes (attrib), gone from System32", problems)

    # Onto an existing file: refused, both left as they are.
    other = prefix.put(OTHER_MSBLAST.replace("msblast.exe", "penis32.bat"))
    with open(other, "wb") as fo:
        fo.write(b"stand-in\r\n")
    rc, _, _ = step(prefix, "move", "C:\\Documents\\penis32.bat", moved)
    t.check(f"{label}: move onto an existing file: EEXIST, both files unchanged",
            rc == "EEXIST" and sha256(prefix.host(moved)) == digest
            and open(other, "rb").read() == b"stand-in\r\n", f"gave {rc}")

    # From another drive: never copied across (Wine's drives are folders of one host file
    # system, where a rename would succeed).
    d_file = os.path.join(prefix.base, "drive-d", "Documents", "teekids.exe")
    rc, _, _ = step(prefix, "move", "D:\\Documents\\teekids.exe", folder + "\\0003-teekids.exe")
    t.check(f"{label}: move from D: into the quarantine on C:: EOTHERVOLUME, the file stays",
            rc == "EOTHERVOLUME" and os.path.isfile(d_file)
            and not os.path.exists(prefix.host(folder + "\\0003-teekids.exe")), f"gave {rc}")

    # Through a link: a host symbolic link, which Wine shows as a reparse point.
    os.symlink(prefix.host("C:\\Documents"), os.path.join(prefix.drive_c, "linked"))
    rc, _, _ = step(prefix, "move", "C:\\linked\\penis32.bat", folder + "\\0002-penis32.bat")
    rc2, _, _ = step(prefix, "facts", "C:\\linked\\penis32.bat")
    t.check(f"{label}: move and file_facts through a folder that is a link: ELINK",
            rc == "ELINK" and rc2 == "ELINK" and os.path.isfile(other), f"gave {rc}, {rc2}")

    # The manifest's own steps.
    manifest = folder + "\\manifest.json"
    rc, _, _ = step(prefix, "write", manifest, '{"format": "blaster-check-quarantine/1"}')
    rc2, body, _ = step(prefix, "read", manifest, "1000")
    rc3, _, _ = step(prefix, "read", manifest, "10")
    rc4, names, _ = step(prefix, "list", folder)
    t.check(f"{label}: write_whole, read_whole (ETOOBIG past the limit) and list_folder",
            rc == rc2 == rc4 == "OK" and rc3 == "ETOOBIG"
            and body.startswith('{"format": "blaster-check-quarantine/1"}')
            and sorted(names.split("\n")) == ["0001-teekids.exe.quarantined", "manifest.json"],
            f"gave {rc}, {rc2}, {rc3}, {rc4}; read {body!r}; listed {names!r}")
    rc, _, _ = step(prefix, "remove-own", "C:\\Documents\\penis32.bat")
    rc2, _, _ = step(prefix, "remove-own", manifest)
    t.check(f"{label}: remove_own refuses a file outside the quarantine, removes its own",
            rc == "EACCES" and os.path.isfile(other) and rc2 == "OK"
            and not os.path.exists(prefix.host(manifest)), f"gave {rc}, {rc2}")


# --- blaster-scan.exe --remove and --undo ------------------------------------------------

def reg_tree(prefix, key):
    """`reg query KEY /s` as Windows' reg prints it (every value and subkey), or None."""
    r = prefix.wine("reg", "query", key, "/s")
    return r.stdout.decode(errors="replace").replace("\r\n", "\n") if r.status == 0 else None


def host_files(prefix, paths):
    """{Windows path: SHA-256 of its bytes, or None when not there}."""
    return {p: sha256(prefix.host(p)) if os.path.isfile(prefix.host(p)) else None
            for p in paths}


def quarantines(prefix):
    q = prefix.host(QUARANTINE)
    return sorted(os.listdir(q)) if os.path.isdir(q) else []


def scenario_remove(suite, label, prefix):
    t = suite.tap
    seconds = boot(prefix)
    prefix.put(SCANNER, suite.exe)
    # Two copies of the stand-in made different (bytes after its end, which Windows does not
    # load), so that each is found in the quarantine by its own hash.
    for image in (MSBLAST, WINS_DLLHOST):
        with open(prefix.put(image, suite.stand_in), "ab") as f:
            f.write(b"\0stand-in for " + image.encode())
    prefix.reg_set(live.RUN_KEY, "windows auto update", "msblast.exe")
    prefix.reg_set(live.RUNONCE_KEY, "Microsoft Inet xp..", "teekids.exe")
    r = prefix.wine("sc", "create", "RpcPatch", "binPath=", WINS_DLLHOST)
    if r.status != 0 or not sc_query(prefix, "RpcPatch"):
        raise Fatal(f"sc create RpcPatch failed (status {r.status})")
    service_key = f"{SERVICES}\\RpcPatch"
    service_before = reg_tree(prefix, service_key)
    # As the worm's droppers leave it: hidden, system and read-only.
    for a in ("+h", "+s", "+r"):
        prefix.wine("cmd", "/c", "attrib", a, MSBLAST)
    shown = attrib(prefix, MSBLAST)
    if not shown or not {"H", "S", "R"} <= shown:
        raise Fatal(f"attrib +h +s +r {MSBLAST}: attrib shows {shown!r}")
    prefix.start_stand_in(MSBLAST, "--mutex", "BILLY")
    prefix.start_stand_in(WINS_DLLHOST, "--mutex", "RpcPatch_Mutex")
    # Windows's own programs of the same names, which are never touched.
    own = [SYSTEM32 + "\\dllhost.exe", SYSTEM32 + "\\svchost.exe"]
    files = [MSBLAST, WINS_DLLHOST] + own
    before = host_files(prefix, files)
    values = {(k, n): reg_value(prefix, k, n) for k, n in
              ((live.RUN_KEY, "windows auto update"), (live.RUNONCE_KEY, "Microsoft Inet xp.."))}
    procs = live.prefix_processes(prefix.path)
    t.line(f"{label}: set up: stand-ins running, Run and RunOnce values, the RpcPatch service",
           [f"{img} does not run" for img in (MSBLAST, WINS_DLLHOST)
            if not live.running_image(procs, img)]
           + [f"{w} is missing" for w, h in before.items() if h is None],
           [f"wineboot {seconds:.1f} s"])

    # Not an administrator: refused before anything is changed.
    r = prefix.wine(SCANNER, "--remove", env=prefix.env(BLASTER_SCAN_NOT_ADMIN="1"))
    err = r.stderr.decode(errors="replace")
    procs = live.prefix_processes(prefix.path)
    t.check(f"{label}: --remove without an administrator's rights: exit 2, says why, nothing "
            "changed", r.status == live.EXIT_ERROR and "administrator" in err
            and host_files(prefix, files) == before and not quarantines(prefix)
            and live.running_image(procs, MSBLAST) and sc_query(prefix, "RpcPatch"),
            f"exit {r.status}, stderr {err.strip()!r}; quarantine {quarantines(prefix)!r}")

    r = prefix.wine(SCANNER, "--remove", "--json")
    try:
        report = json.loads(r.stdout)
    except ValueError as e:
        raise Fatal(f"--remove --json printed no JSON (exit {r.status}): {e}; stdout "
                    f"{r.stdout[:400]!r}; stderr {r.stderr.decode(errors='replace')[-800:]!r}")
    removal = report.get("removal") or {}
    t.note(f"{label}: --remove exit {r.status}; removal.state {removal.get('state')!r}; "
           f"verdict {report.get('verdict', {}).get('infection')!r}, after "
           f"{(report.get('verdict_after') or {}).get('infection')!r}")
    for a in removal.get("actions", []):
        t.note(f"  {a.get('what')} {a.get('windows_location') or a.get('path')}: "
               f"{a.get('state')} {a.get('error') or ''}")
    time.sleep(0.5)
    procs = live.prefix_processes(prefix.path)
    now = host_files(prefix, files)
    qs = quarantines(prefix)
    folder = f"{QUARANTINE}\\{qs[0]}" if len(qs) == 1 else None
    moved = {}
    if folder:
        for name in os.listdir(prefix.host(folder)):
            path = os.path.join(prefix.host(folder), name)
            if os.path.isfile(path) and name != "manifest.json":
                moved[sha256(path)] = name
    problems = []
    if removal.get("state") != "removed":
        problems.append(f"removal.state is {removal.get('state')!r}, expected 'removed'")
    for img in (MSBLAST, WINS_DLLHOST):
        if live.running_image(procs, img):
            problems.append(f"{img} still runs")
        if now[img] is not None:
            problems.append(f"{img} is still there")
        if before[img] not in moved:
            problems.append(f"{img}'s bytes are not in the quarantine {folder} ({moved!r})")
    for (k, n), v in values.items():
        if reg_value(prefix, k, n) is not None:
            problems.append(f"{k}\\{n} is still there")
    if sc_query(prefix, "RpcPatch", want=False) or reg_tree(prefix, service_key) is not None:
        problems.append("the RpcPatch service is still there (sc query or reg query)")
    if any(now[p] != before[p] for p in own):
        problems.append(f"Windows's own dllhost.exe or svchost.exe changed: {now!r}")
    if folder and before[MSBLAST] in moved:
        got = attrib(prefix, f"{folder}\\{moved[before[MSBLAST]]}")
        if got != shown:
            problems.append(f"the quarantined msblast.exe's attributes are {got!r}, before "
                            f"{shown!r}")
    if folder is None:
        problems.append(f"{len(qs)} folders in {QUARANTINE}, expected one: {qs!r}")
    elif str(removal.get("quarantine", "")).casefold() != folder.casefold():
        problems.append(f"removal.quarantine is {removal.get('quarantine')!r}, not {folder!r}")
    t.line(f"{label}: --remove --json: programs ended, Run values and the service gone, the "
           f"files in {QUARANTINE}\\… (attributes kept), Windows's own programs untouched",
           problems,
           [f"quarantine: {folder}: {sorted(moved.values())}"])
    after = (report.get("verdict_after") or {}).get("infection")
    t.check(f"{label}: the check after says clean, exit 0", r.status == live.EXIT_CLEAN
            and after == "clean", f"exit {r.status}, verdict after "
            f"{report.get('verdict_after')!r}; stderr {r.stderr.decode(errors='replace')[-600:]!r}")
    if folder is None:
        raise Fatal("no quarantine to undo")

    r = prefix.wine(SCANNER, "--undo", folder, "--json")
    try:
        undo = json.loads(r.stdout).get("undo") or {}
    except ValueError:
        undo = {}
    for a in undo.get("actions", []):
        t.note(f"  undo: {a.get('what')} {a.get('windows_location') or a.get('path')}: "
               f"{a.get('state')} {a.get('error') or ''}")
    back = host_files(prefix, files)
    problems = []
    if r.status != live.EXIT_CLEAN or undo.get("state") != "undone":
        problems.append(f"exit {r.status}, undo.state {undo.get('state')!r}; stderr "
                        f"{r.stderr.decode(errors='replace')[-600:]!r}")
    if back != before:
        problems.append(f"the files are not back byte for byte: {back!r}, before {before!r}")
    elif attrib(prefix, MSBLAST) != shown:
        problems.append(f"msblast.exe is back with attributes {attrib(prefix, MSBLAST)!r}, "
                        f"before {shown!r}")
    for (k, n), v in values.items():
        if reg_value(prefix, k, n) != v:
            problems.append(f"{k}\\{n} is {reg_value(prefix, k, n)!r}, before {v!r}")
    if not sc_query(prefix, "RpcPatch"):
        problems.append("sc query does not show RpcPatch")
    tree = reg_tree(prefix, service_key)
    if tree != service_before:
        problems.append(f"the service's key is not as before:\n{tree}\nbefore:\n{service_before}")
    t.line(f"{label}: --undo: the files back byte for byte (hidden, system, read-only kept), "
           "the Run values and the RpcPatch service as they were", problems)
    procs = live.prefix_processes(prefix.path)
    t.check(f"{label}: ended programs stay ended after --undo",
            not any(live.running_image(procs, img) for img in (MSBLAST, WINS_DLLHOST)),
            "a stand-in runs again")

    # Again, and this time a Run value of that name appears before the undo: it is not
    # overwritten, the undo says so (exit 1), the rest is put back.
    r = prefix.wine(SCANNER, "--remove", "--json")
    qs2 = [q for q in quarantines(prefix) if f"{QUARANTINE}\\{q}" != folder]
    if r.status not in (live.EXIT_CLEAN, live.EXIT_EVIDENCE) or len(qs2) != 1:
        raise Fatal(f"the second --remove: exit {r.status}, new quarantines {qs2!r}; stderr "
                    f"{r.stderr.decode(errors='replace')[-600:]!r}")
    second = f"{QUARANTINE}\\{qs2[0]}"
    prefix.reg_set(live.RUN_KEY, "windows auto update", "something-new.exe")
    r = prefix.wine(SCANNER, "--undo", second, "--json")
    try:
        undo = json.loads(r.stdout).get("undo") or {}
    except ValueError:
        undo = {}
    refused = [a for a in undo.get("actions", []) if a.get("state") == "undo-refused"]
    problems = []
    if r.status != live.EXIT_EVIDENCE:
        problems.append(f"exit {r.status}, expected 1 (some things were not put back)")
    if len(refused) != 1 or "windows auto update" not in str(refused[0].get("windows_location")):
        problems.append(f"undo-refused actions: {refused!r}, expected the Run value's alone")
    if reg_value(prefix, live.RUN_KEY, "windows auto update") != ("REG_SZ", "something-new.exe"):
        problems.append("the value that appeared since was overwritten: "
                        f"{reg_value(prefix, live.RUN_KEY, 'windows auto update')!r}")
    if host_files(prefix, files) != before or not sc_query(prefix, "RpcPatch"):
        problems.append("the files or the service are not back")
    t.line(f"{label}: --undo refuses to overwrite a Run value that appeared since the removal, "
           "puts back the rest, exit 1", problems,
           [f"{a.get('windows_location')}: {a.get('state')} {a.get('error') or ''}"
            for a in undo.get("actions", [])])


    planted_manifest(suite, label, prefix)


def planted_manifest(suite, label, prefix):
    """If this breaks, any user who can make a folder in C:\ (every user can) gets an
    administrator's --undo or --remove to write a Run value of theirs: a manifest in a folder
    that is not administrators-only is neither undone nor finished."""
    folder = "C:\\BlasterCheck-Quarantine\\20260101-000000"
    os.makedirs(prefix.host(folder), exist_ok=True)  # made from outside: an ordinary ACL
    manifest = {
        "format": "blaster-check-quarantine/1", "created": "2026-01-01T00:00:00Z",
        "live": True, "separator": "\\", "root": "C:\\",
        "actions": [{"what": "value", "state": "started", "error": None,
                     "path": "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion"
                             "\\Run",
                     "windows_location": None, "name": "planted",
                     "saved": "type=1;hex=" + utf16z("C:\\planted.exe")}],
    }
    problems = []
    for state, args in (("removed", ("--undo", folder, "--json")), ("removing", ("--remove",))):
        manifest["state"] = state
        put_text(prefix, folder + "\\manifest.json", json.dumps(manifest))
        r = prefix.wine(SCANNER, *args)
        if args[0] == "--undo" and r.status != 2:
            problems.append(f"--undo of the planted manifest: exit {r.status}, expected 2")
        if reg_value(prefix, live.RUN_KEY, "planted") is not None:
            problems.append(f"{' '.join(args)} wrote the planted Run value")
    suite.tap.line(f"{label}: a manifest in a folder anyone may write is neither undone nor "
                   "finished (the quarantine's folders are administrators-only)", problems)


# --- killed at every step ----------------------------------------------------------------

KILLED = 137  # blaster-scan's exit when BLASTER_SCAN_KILL_AT stops it (as a power cut would)
MAX_POINTS = 80


def infect(prefix, suite):
    """The worm's stand-ins running, its files, Run values and RpcPatch service; returns what
    undo must bring back: (files' hashes, values, the service's key)."""
    for image in (MSBLAST, WINS_DLLHOST):
        with open(prefix.put(image, suite.stand_in), "ab") as f:
            f.write(b"\0stand-in for " + image.encode())
    prefix.reg_add(live.RUN_KEY, "windows auto update", "msblast.exe")
    prefix.reg_add(live.RUNONCE_KEY, "Microsoft Inet xp..", "teekids.exe")
    if not sc_query(prefix, "RpcPatch", seconds=0):
        prefix.wine("sc", "create", "RpcPatch", "binPath=", WINS_DLLHOST)
    prefix.start_stand_in(MSBLAST, "--mutex", "BILLY")
    prefix.start_stand_in(WINS_DLLHOST, "--mutex", "RpcPatch_Mutex")
    return (host_files(prefix, [MSBLAST, WINS_DLLHOST]),
            {(k, n): reg_value(prefix, k, n) for k, n in
             ((live.RUN_KEY, "windows auto update"), (live.RUNONCE_KEY, "Microsoft Inet xp.."))},
            reg_tree(prefix, f"{SERVICES}\\RpcPatch"))


def disinfect(prefix):
    """Back to a clean Windows between two runs: stand-ins ended, quarantine, values and
    service gone."""
    for s in prefix.stand_ins:
        s.stop()
    prefix.stand_ins = []
    shutil.rmtree(prefix.host(QUARANTINE), ignore_errors=True)
    for image in (MSBLAST, WINS_DLLHOST):
        if os.path.lexists(prefix.host(image)):
            os.remove(prefix.host(image))
    prefix.wine("reg", "delete", live.RUN_KEY, "/v", "windows auto update", "/f")
    prefix.wine("reg", "delete", live.RUNONCE_KEY, "/v", "Microsoft Inet xp..", "/f")


def gone_problems(prefix, state):
    """What is still there after a removal that should have taken everything out."""
    files, values, _ = state
    procs = live.prefix_processes(prefix.path)
    problems = [f"{img} still runs" for img in files if live.running_image(procs, img)]
    problems += [f"{img} is still there" for img in files if os.path.lexists(prefix.host(img))]
    held = set()
    for q in quarantines(prefix):
        for root, _, names in os.walk(os.path.join(prefix.host(QUARANTINE), q)):
            held.update(sha256(os.path.join(root, n)) for n in names)
    problems += [f"{img}'s bytes are in no quarantine" for img, h in files.items()
                 if h not in held]
    problems += [f"{k}\\{n} is still there" for (k, n) in values
                 if reg_value(prefix, k, n) is not None]
    if sc_query(prefix, "RpcPatch", want=False):
        problems.append("the RpcPatch service is still there")
    return problems


def back_problems(prefix, state):
    """What is not as it was before the removal, after an undo."""
    files, values, tree = state
    problems = [f"{img} is not back byte for byte" for img, h in
                host_files(prefix, list(files)).items() if h != files[img]]
    problems += [f"{k}\\{n} is {reg_value(prefix, k, n)!r}, before {v!r}"
                 for (k, n), v in values.items() if reg_value(prefix, k, n) != v]
    if reg_tree(prefix, f"{SERVICES}\\RpcPatch") != tree or not sc_query(prefix, "RpcPatch"):
        problems.append("the RpcPatch service is not as it was")
    return problems


def scenario_kill(suite, label, prefix):
    """blaster-scan.exe --remove killed at each of its checkpoints in turn (every one): then
    --undo puts everything back and, separately, --remove again finishes the job."""
    t = suite.tap
    seconds = boot(prefix)
    prefix.put(SCANNER, suite.exe)
    t.note(f"{label}: wineboot {seconds:.1f} s")
    last = None
    for point in range(1, MAX_POINTS + 1):
        results = []
        for then in ("undo", "remove"):
            state = infect(prefix, suite)
            r = prefix.wine(SCANNER, "--remove", "--json",
                            env=prefix.env(BLASTER_SCAN_KILL_AT=str(point)))
            if r.status != KILLED:
                last = point - 1
                disinfect(prefix)
                break
            qs = quarantines(prefix)
            if then == "undo":
                problems = []
                if len(qs) == 1:
                    u = prefix.wine(SCANNER, "--undo", f"{QUARANTINE}\\{qs[0]}")
                    if u.status != live.EXIT_CLEAN:
                        problems.append(f"--undo exit {u.status}: "
                                        f"{(u.stdout + u.stderr).decode(errors='replace')[-500:]}")
                elif qs:
                    problems.append(f"{len(qs)} quarantines: {qs!r}")
                # No quarantine: killed before its folder was made; nothing may have changed.
                problems += back_problems(prefix, state)
            else:
                again = prefix.wine(SCANNER, "--remove", "--json")
                problems = [] if again.status in (live.EXIT_CLEAN, live.EXIT_EVIDENCE) else [
                    f"the second --remove: exit {again.status}: "
                    f"{again.stderr.decode(errors='replace')[-500:]}"]
                problems += gone_problems(prefix, state)
            results.append((then, problems))
            disinfect(prefix)
        if last is not None:
            break
        problems = [f"then --{then}: {p}" for then, ps in results for p in ps]
        t.line(f"{label}: killed at checkpoint {point}: --undo puts everything back, --remove "
               "again takes everything out", problems)
    t.check(f"{label}: a removal that is not killed ends (at most {MAX_POINTS} checkpoints)",
            last is not None, f"still killed at checkpoint {MAX_POINTS}")


SCENARIOS = [("ops", scenario_ops), ("remove", scenario_remove), ("kill", scenario_kill)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--exe", required=True, help="blaster-scan.exe")
    ap.add_argument("--stand-in", required=True, help="stand-in.exe (tests/win32/stand-in.c)")
    ap.add_argument("--ops", required=True, help="test-remove-ops.exe")
    ap.add_argument("--scenario", action="append", choices=[n for n, _ in SCENARIOS])
    ap.add_argument("--keep", action="store_true", help="keep the prefixes")
    args = ap.parse_args()
    for tool in ("wine", "wineboot", "wineserver"):
        if not shutil.which(tool):
            print(f"Bail out! {tool} is not installed (Debian packages wine and wine64)")
            return 2
    for f in (args.exe, args.stand_in, args.ops):
        if not os.path.isfile(f):
            print(f"Bail out! {f} does not exist: build the cross build first")
            return 2
    return live.run_scenarios(Suite(args), SCENARIOS, args.scenario)


if __name__ == "__main__":
    sys.exit(main())
