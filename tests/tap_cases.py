# SPDX-License-Identifier: GPL-3.0-or-later
"""What the blaster-scan test runners share: TAP cases, one line a case.

Used by tests/cli/run-cli-tests.py (snapshots of the command line) and
tests/hive/run-hive-tests.py (the offline registry). Each runner keeps its own fixtures, cases,
JSON contract and runs of the scanner; this module holds what is the same in both:

- the exit statuses (EXIT_CLEAN, EXIT_EVIDENCE, EXIT_ERROR, EXIT_MEANING), Fatal (a failure
  that ends a case), Result (one run of the scanner), bail_out() (ends the whole run),
  english_env() (a run's environment) and parse_report() (the --json output, or Fatal);
- Suite: the options every case sees, the built-in catalogue (its bytes, SHA-256 and version)
  and the scanner's --version; a runner subclasses it for its own options and needs;
- Case: one case's temp folders (mkdtemp, path, mkdir, cleanup), its problems and notes, and
  the checks both runners make in the same words (check, check_infection, check_findings,
  check_no_errors, the JSON key check and the exit-status message); a runner subclasses it;
- CaseList: the cases in the order they are declared (`case = CASES.case`, then
  `@case("name")`);
- parse_args() and run(): the command line (--scanner, --source-root, --case NAME..., --keep,
  and the runner's own) and the TAP loop (`1..N`, `ok N - name` / `not ok N - name` with the
  notes and problems as `# ` lines, the time of each case, a summary; exit 1 when a case fails).

A runner started as `python3 tests/<dir>/run-*.py` finds this module by putting the parent of
its own folder (tests/) at the front of sys.path. Plain Python 3 only: run-hive-tests.py may
run itself again under /usr/bin/python3 (Debian's, for python3-hivex), which imports it too.
"""

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback

SOURCE_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

EXIT_CLEAN, EXIT_EVIDENCE, EXIT_ERROR = 0, 1, 2
EXIT_MEANING = {
    EXIT_CLEAN: "no evidence of infection",
    EXIT_EVIDENCE: "evidence of infection",
    EXIT_ERROR: "error, nothing scanned",
}


class Fatal(Exception):
    """A failure after which the rest of the case cannot be checked."""


class Result:
    def __init__(self, argv, status, stdout, stderr):
        self.argv = argv
        self.status = status
        self.stdout = stdout
        self.stderr = stderr


def bail_out(message):
    """Stops the whole run the TAP way: nothing can be tested."""
    print(f"Bail out! {message}", flush=True)
    sys.exit(2)


def english_env(**extra):
    """The environment of a run: English messages whatever the caller's locale."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("LC_") and k not in ("LANG", "LANGUAGE", "BLASTER_CHECK_LOCALEDIR")}
    env["LC_ALL"] = "C.UTF-8"
    env.update(extra)
    return env


def parse_report(r, command):
    """The JSON report of run R (COMMAND names it in the message); it must parse, which proves
    it is valid JSON and UTF-8."""
    try:
        return json.loads(r.stdout)
    except (UnicodeDecodeError, ValueError) as e:
        raise Fatal(f"{command} printed no valid JSON (status {r.status}): {e}; "
                    f"stderr: {r.stderr.decode(errors='replace')!r}")


class Suite:
    """What every case shares: the scanner, the built-in catalogue, the options.

    TIMEOUT (seconds) bounds the scanner's --version run; a runner sets its own."""

    TIMEOUT = 60

    def __init__(self, args):
        self.scanner = os.path.abspath(args.scanner)
        self.source_root = os.path.abspath(args.source_root)
        self.keep = args.keep
        self.rules_file = os.path.join(self.source_root, "data", "rules", "blaster.rules")
        self.rules_bytes = self.read_rules()
        self.rules_sha256 = hashlib.sha256(self.rules_bytes).hexdigest()
        m = re.search(rb"^catalogue\s+version=(\S+)", self.rules_bytes, re.M)
        if not m:
            bail_out(f"no catalogue version in {self.rules_file}")
        self.rules_version = m.group(1).decode()
        if not os.access(self.scanner, os.X_OK):
            bail_out(f"blaster-scan not found at {self.scanner}")
        out = subprocess.run([self.scanner, "--version"], capture_output=True,
                             timeout=self.TIMEOUT, env=english_env())
        m = re.fullmatch(rb"blaster-scan (\S+)\n", out.stdout)
        if out.returncode != 0 or not m:
            bail_out(f"blaster-scan --version printed {out.stdout!r}, status {out.returncode}")
        self.version = m.group(1).decode()

    def read_rules(self):
        """The bytes of data/rules/blaster.rules."""
        with open(self.rules_file, "rb") as f:
            return f.read()


def json_key_problems(report, contract, lists):
    """What REPORT lacks of the keys scripts rely on: CONTRACT ({"a.b": [keys]}: objects) and
    LISTS ((name, [keys]) pairs: lists of objects). A list of messages; empty when all is there."""
    problems = []
    for path, keys in contract.items():
        node = report
        for part in path.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        if not isinstance(node, dict):
            problems.append(f"'{path}' is missing; scripts rely on it")
            continue
        problems += [f"'{path}.{k}' is missing; scripts rely on it" for k in keys if k not in node]
    for key, keys in lists:
        items = report.get(key)
        if not isinstance(items, list):
            problems.append(f"'{key}' is not a list")
            continue
        for item in items:
            problems += [f"a {key} entry has no '{k}'" for k in keys if k not in item]
    return problems


class Case:
    """One case: its temp folders, its runs, the problems found so far.

    TEMP_PREFIX starts the names of its temp folders (then the case's name)."""

    TEMP_PREFIX = "blaster-test"

    def __init__(self, suite, name):
        self.suite = suite
        self.name = name
        self.problems = []
        self.notes = []  # context printed with the problems (what a hostile fixture holds)
        self.temps = []
        self.base = self.mkdtemp()
        self.root = os.path.join(self.base, "disk")
        os.mkdir(self.root, 0o755)

    # --- fixtures -------------------------------------------------------------------------

    def mkdtemp(self):
        d = os.path.realpath(tempfile.mkdtemp(prefix=f"{self.TEMP_PREFIX}-{self.name}-"))
        os.chmod(d, 0o755)  # an unprivileged user (the CLI's unreadable cases) must read it
        self.temps.append(d)
        return d

    def path(self, rel):
        return os.path.join(self.root, rel)

    def mkdir(self, rel):
        os.makedirs(self.path(rel), 0o755, exist_ok=True)

    def cleanup(self):
        for d in self.temps:
            shutil.rmtree(d, ignore_errors=True)

    # --- assertions -----------------------------------------------------------------------

    def fail(self, message):
        self.problems.append(message)

    def check(self, cond, message):
        if not cond:
            self.fail(message)
        return cond

    def rel(self, location):
        prefix = self.root + "/"
        return location[len(prefix):] if location.startswith(prefix) else location

    def check_json_keys(self, report, label, contract, lists):
        """The keys scripts rely on (json_key_problems); LABEL starts each message."""
        for problem in json_key_problems(report, contract, lists):
            self.fail(f"{label}: {problem}")

    @staticmethod
    def status_message(r, want, unknown="?"):
        """Why exit status r.status is not WANT (UNKNOWN: the meaning of a status that has none)."""
        return (f"exit status {r.status} ({EXIT_MEANING.get(r.status, unknown)}), expected {want} "
                f"({EXIT_MEANING[want]}); a script acting on it goes wrong"
                + (f"; stderr: {r.stderr.decode(errors='replace').strip()!r}"
                   if r.stderr else ""))

    def check_infection(self, report, want):
        got = report.get("verdict", {}).get("infection")
        self.check(got == want, f"verdict.infection is {got!r}, expected {want!r}")

    def findings(self, report):
        return {(f.get("severity"), f.get("kind"), self.rel(f.get("location", "")))
                for f in report.get("findings", [])}

    def check_findings(self, report, want, what="findings"):
        got = self.findings(report)
        want = set(want)
        for f in sorted(want - got):
            self.fail(f"{what}: missed {f}: the user is not told about it")
        for f in sorted(got - want):
            self.fail(f"{what}: unexpected {f}: the user is alarmed (or misled) for nothing")

    def check_no_errors(self, report):
        errors = report.get("errors", [])
        self.check(errors == [], f"errors[] is {errors!r}, expected none: the user is told that "
                   "places could not be checked")


class CaseList(list):
    """The cases of one runner, (name, function) in the order they are declared."""

    def case(self, name):
        """Decorator: registers the function as the case NAME."""
        def register(fn):
            self.append((name, fn))
            return fn
        return register


def parse_args(doc, cases, build_root=False, options=()):
    """The command line, described by DOC's first paragraph: --scanner FILE, --source-root DIR
    (default: the checkout this file is in), --case NAME (repeatable; an unknown name is a usage
    error, exit 2), --keep; with BUILD_ROOT also --build-root DIR (default <source-root>/build);
    OPTIONS ((flag, argparse keywords) pairs) stand between --case and --keep. --scanner
    defaults to <build root>/src/cli/blaster-scan. Returns the options and the selected
    (name, function) pairs of CASES, in declaration order."""
    ap = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    ap.add_argument("--scanner")
    if build_root:
        ap.add_argument("--build-root")
    ap.add_argument("--source-root", default=SOURCE_ROOT)
    ap.add_argument("--case", action="append", dest="cases", metavar="NAME",
                    help="run only this case (may be repeated)")
    for flag, kw in options:
        ap.add_argument(flag, **kw)
    ap.add_argument("--keep", action="store_true", help="keep the fixture folders")
    args = ap.parse_args()
    default_build = os.path.join(args.source_root, "build")
    if build_root and not args.build_root:
        args.build_root = default_build
    if not args.scanner:
        args.scanner = os.path.join(args.build_root if build_root else default_build,
                                    "src", "cli", "blaster-scan")

    names = [n for n, _ in cases]
    for n in args.cases or []:
        if n not in names:
            ap.error(f"no case {n!r}; cases: {', '.join(names)}")
    selected = [(n, fn) for n, fn in cases if not args.cases or n in args.cases]
    return args, selected


def load_hive_tests():
    """tests/hive/run-hive-tests.py as a module, for its hive specs and disk builders (the
    removal and image runners build their disks with them)."""
    import importlib.util
    spec = importlib.util.spec_from_file_location(
        "run_hive_tests", os.path.join(SOURCE_ROOT, "tests", "hive", "run-hive-tests.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_again_with_debian_python(script):
    """hivex for Python is Debian's (python3-hivex, /usr/bin/python3 only): runs SCRIPT again
    there with the same arguments, when this python is another one (a pyenv python3, say) and
    it has not been tried yet. Returns only when it cannot."""
    debian = "/usr/bin/python3"
    if (os.path.realpath(sys.executable) != os.path.realpath(debian)
            and os.access(debian, os.X_OK) and not os.environ.get("BLASTER_HIVE_REEXEC")):
        os.environ["BLASTER_HIVE_REEXEC"] = "1"
        sys.stdout.flush()
        os.execv(debian, [debian, os.path.abspath(script)] + sys.argv[1:])


def ensure_hivex(load, script):
    """When LOAD (the fixture maker's hivex loader) fails, runs SCRIPT again with Debian's
    python (run_again_with_debian_python), or ends the run saying why."""
    try:
        load()
        return
    except ImportError as e:
        problem = str(e)
    run_again_with_debian_python(script)
    bail_out(problem)


def run(suite, selected, new_case, todo=None):
    """Runs the SELECTED (name, function) cases, each on NEW_CASE(suite, name), and prints TAP.
    A case fails on the problems it found, on Fatal or on any other exception (a bug in the test
    itself), and the others still run. TODO maps a case's name to why it is expected to fail for
    now (TAP "# TODO": its failure does not count). Returns the exit status: 1 if a case failed,
    else 0."""
    todo = todo or {}
    os.umask(0o022)
    print(f"1..{len(selected)}", flush=True)
    failed = 0
    started = time.monotonic()
    for i, (name, fn) in enumerate(selected, 1):
        c = new_case(suite, name)
        t0 = time.monotonic()
        try:
            fn(c)
        except Fatal as e:
            c.fail(str(e))
        except Exception:  # a bug in the test itself: report it, go on with the others
            c.fail("the test itself failed:\n" + traceback.format_exc().rstrip())
        finally:
            if suite.keep:
                c.temps, kept = [], c.temps
                print(f"# {name}: fixture kept in {' '.join(kept)}")
            c.cleanup()
        seconds = time.monotonic() - t0
        mark = f" # TODO {todo[name]}" if name in todo else ""
        if c.problems:
            failed += name not in todo
            print(f"not ok {i} - {name}{mark}")
            for p in c.notes + c.problems:
                for line in p.splitlines():
                    print(f"# {line}")
        else:
            print(f"ok {i} - {name}{mark}")
        print(f"# {name}: {seconds:.2f} s", flush=True)
    print(f"# {len(selected) - failed}/{len(selected)} passed in "
          f"{time.monotonic() - started:.1f} s")
    return 1 if failed else 0
