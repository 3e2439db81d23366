#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""blaster-check --set-staff-pin, as an administrator runs it: the PIN on standard input, the line
to store on standard output, checked here against Python's own PBKDF2 (hashlib), and stored in
the settings when they can be written (GSettings' keyfile backend in a scratch folder here).

    test-staff-pin.py BLASTER-CHECK
"""
import hashlib
import os
import re
import subprocess
import sys
import tempfile

LINE = re.compile(r"^pbkdf2-sha256\$(\d+)\$([0-9a-f]{32})\$([0-9a-f]{64})$")
n = 0
failures = 0


def ok(cond, what):
    global n, failures
    n += 1
    print(("ok %d - %s" if cond else "not ok %d - %s") % (n, what), flush=True)
    if not cond:
        failures += 1
    return cond


def note(text):
    for line in str(text).splitlines():
        print("# " + line, flush=True)


def set_pin(program, pin, env_extra=None):
    env = dict(os.environ, GSETTINGS_BACKEND="memory", LANGUAGE="en")
    env.update(env_extra or {})
    return subprocess.run([program, "--set-staff-pin"], input=pin, capture_output=True, text=True,
                          env=env, timeout=60)


def matches(line, pin):
    m = LINE.match(line)
    if not m:
        return False
    rounds, salt, want = int(m.group(1)), bytes.fromhex(m.group(2)), m.group(3)
    return hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, rounds).hex() == want


def main():
    global n
    program = sys.argv[1]

    r = set_pin(program, "4321\n")
    line = r.stdout.strip()
    ok(r.returncode == 0, "a PIN on standard input: exit status 0 (got %d)" % r.returncode)
    ok(LINE.match(line) is not None, "it prints one line pbkdf2-sha256$ROUNDS$SALT$HASH")
    note(line)
    m = LINE.match(line)
    ok(m is not None and int(m.group(1)) >= 100000,
       "many rounds (%s)" % (m.group(1) if m else "none"))
    ok(matches(line, "4321"), "Python's hashlib.pbkdf2_hmac gives the same hash for the PIN")
    ok(not matches(line, "4322"), "…and another for another PIN")
    ok("4321" not in r.stdout + r.stderr, "the PIN itself is printed nowhere")
    ok("No settings store" in r.stderr,
       "with no settings store (memory backend) it says the line was not stored")

    again = set_pin(program, "4321\n").stdout.strip()
    ok(LINE.match(again) and again.split("$")[2] != line.split("$")[2],
       "a second run salts the same PIN differently")

    for pin, why in (("123\n", "three characters"), ("\n", "an empty line"), ("", "no input")):
        r = set_pin(program, pin)
        ok(r.returncode == 2 and r.stdout == "" and "at least 4" in r.stderr,
           "%s is refused: exit status 2, nothing printed (got %d)" % (why, r.returncode))

    with tempfile.TemporaryDirectory() as home:
        r = set_pin(program, "97531\n", {"GSETTINGS_BACKEND": "keyfile", "XDG_CONFIG_HOME": home})
        keyfile = os.path.join(home, "glib-2.0", "settings", "keyfile")
        stored = open(keyfile).read() if os.path.exists(keyfile) else ""
        line = r.stdout.strip()
        ok(r.returncode == 0 and "Stored" in r.stderr,
           "where the settings can be written, it says it stored the line")
        ok(line != "" and ("staff-pin-hash='%s'" % line) in stored,
           "…and the setting staff-pin-hash holds the line")
        if line not in stored:
            note(stored)
        ok(matches(line, "97531"), "…for the PIN given")

    # dconf without its D-Bus service drops the change: the command must not claim it stored it.
    with tempfile.TemporaryDirectory() as home:
        profile = os.path.join(home, "profile")
        with open(profile, "w") as f:
            f.write("user-db:user\n")
        env = {"GSETTINGS_BACKEND": "dconf", "DCONF_PROFILE": profile, "XDG_CONFIG_HOME": home,
               "DBUS_SESSION_BUS_ADDRESS": "unix:path=" + os.path.join(home, "no-bus"),
               "DISPLAY": ""}
        r = set_pin(program, "97531\n", env)
        if "No settings store" in r.stderr:
            n += 1
            print("ok %d - # SKIP GLib's dconf backend is not installed" % n)
        else:
            ok(r.returncode == 1 and "could not be stored" in r.stderr
               and "Stored as" not in r.stderr and LINE.match(r.stdout.strip()),
               "where dconf cannot store it, it prints the line, says so and exits 1 (got %d)"
               % r.returncode)

    print("1..%d" % n)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
