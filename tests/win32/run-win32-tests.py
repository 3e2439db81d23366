#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""blaster-scan.exe, the Windows build, run under Wine on fixture folders (TAP).

Each case builds a folder tree (empty files with worm *names*), runs the real .exe under Wine in
a fresh WINEPREFIX, with the tree reached through Wine's Z: drive, and checks what a technician
relies on: the exit status, the verdict, the findings as Windows paths, the real Windows programs
left alone, and the plain statement that a disk's registry is not read on Windows. The live
checks of a running Windows (no PATH) are run-win32-live-tests.py's.

The text report in every language of po/LINGUAS (cases language-LANG), written to a file as
Notepad on that language's Windows reads it: in the language's Windows ANSI code page (CODE_PAGES),
read back in that code page, its verdict words as the catalogue built into the .exe translates
them (read from the build's .mo with Python's gettext). Twice: on that language's Windows, the
language taken from Windows's display language; and with LANGUAGE on a Windows set to another
code page (Greek, 1253), where the report must still be in the language's own.

  run-win32-tests.py --exe build-win/src/cli/blaster-scan.exe [--linguas po/LINGUAS]
                     [--catalogs DIR] [--case NAME]
"""

import argparse
import gettext
import json
import os
import shutil
import subprocess
import sys
import tempfile

SOURCE_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TIMEOUT = 120

# Each language's Windows ANSI code page, as Python's codecs name it, and a Unix locale Wine
# makes that language's Windows of (ANSI code page, display language). A language of po/LINGUAS
# missing here fails its case: add its code page here and to ansi_code_pages in
# src/cli/cli-text.c.
CODE_PAGES = {
    "ar": ("cp1256", "ar_SA.UTF-8"),
    "de": ("cp1252", "de_DE.UTF-8"),
    "es": ("cp1252", "es_ES.UTF-8"),
    "fr": ("cp1252", "fr_FR.UTF-8"),
    "ja": ("cp932", "ja_JP.UTF-8"),
    "ko": ("cp949", "ko_KR.UTF-8"),
    "pt_BR": ("cp1252", "pt_BR.UTF-8"),
    "ru": ("cp1251", "ru_RU.UTF-8"),
    "zh_CN": ("cp936", "zh_CN.UTF-8"),
    "zh_TW": ("cp950", "zh_TW.UTF-8"),
}
# Windows set to a code page that is none of the languages' own: Greek (1253), or Thai (874)
# for a language whose own is 1253.
FOREIGN_WINDOWS = [("cp1253", "el_GR.UTF-8"), ("cp874", "th_TH.UTF-8")]


def wine_path(path):
    return "Z:" + path.replace("/", "\\")


class Run:
    def __init__(self, exe, prefix):
        self.exe, self.prefix = exe, prefix

    def env(self, locale="C.UTF-8", **more):
        """The environment of a Wine run: Wine's Windows is made of LOCALE (its ANSI code page,
        its display language); MORE is added (LANGUAGE=…)."""
        env = dict(os.environ, WINEPREFIX=self.prefix, WINEDEBUG="-all", LANG=locale,
                   LC_ALL=locale, WINEDLLOVERRIDES="mscoree,mshtml=", **more)
        for name in ("DISPLAY", "LANGUAGE", "LC_MESSAGES"):
            if name not in more:
                env.pop(name, None)
        return env

    def boot(self):
        """Makes the prefix before the first case: a first `wine` that has to make it races
        Wine's own set-up ("could not load kernel32.dll")."""
        subprocess.run(["wineboot", "-i"], env=self.env(), timeout=300,
                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)

    def __call__(self, *args, env=None, windows_env_only=False):
        """Runs the .exe with ARGS (ENV: self.env() unless given); its exit status, stdout and
        stderr. WINDOWS_ENV_ONLY: started by cmd with LANG, LC_ALL and LANGUAGE taken out of
        its environment, so that the language is Windows's display language, as on a real
        Windows (Wine itself still reads its locale from them)."""
        command = ["wine", self.exe, *args]
        if windows_env_only:
            # A batch file: "set NAME=" removes NAME, the .exe inherits the rest, and its exit
            # status is the batch's.
            bat = os.path.join(os.path.dirname(self.prefix), "windows-env-only.bat")
            with open(bat, "w", encoding="ascii", newline="\r\n") as f:
                f.write(f'@set LANG=\n@set LC_ALL=\n@set LANGUAGE=\n@"{wine_path(self.exe)}" %*\n')
            command = ["wine", "cmd", "/c", wine_path(bat), *args]
        # Files, not pipes: a run that starts Wine's server passes its stdout and stderr on to
        # the server and Wine's services, which keep them open long after the .exe has ended.
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            p = subprocess.Popen(command, stdin=subprocess.DEVNULL,
                                 stdout=out, stderr=err, env=env or self.env())
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


def linguas(path):
    """The languages of po/LINGUAS, in its order."""
    with open(path, encoding="utf-8") as f:
        return [w for line in f for w in line.split("#")[0].split()]


def verdict_words(catalogs, lang, problems):
    """What the text report of an infected folder says in LANG, as the .mo built into the .exe
    translates it: the infection and vulnerability lines' labels and verdicts, and the "cannot
    scan" of an error. None when the catalogue is missing or leaves them in English (the test
    could not tell)."""
    ident = lang.replace("@", "_").replace("-", "_")
    path = os.path.join(catalogs, f"cli-catalog-{ident}.mo")
    try:
        with open(path, "rb") as f:
            t = gettext.GNUTranslations(f)
    except OSError as e:
        problems.append(f"the build's catalogue could not be read ({e}): is {lang} built into "
                        "the .exe (src/cli/meson.build)?")
        return None
    g = t.gettext
    msgids = ["Infection:     %s\n", "Infected", "the worm is on this PC",
              "Vulnerability: %s\n", "Not known",
              "the check could not find out whether the hole the worm uses is closed"]
    english = [m for m in msgids if g(m) == m]
    if english:
        problems.append(f"{path} leaves {english} in English: the test cannot tell {lang} apart")
        return None
    return {
        "infection": g("Infection:     %s\n").split("%s")[0].strip(),
        "infected": g("%s: %s") % (g("Infected"), g("the worm is on this PC")),
        "vulnerability": g("Vulnerability: %s\n").split("%s")[0].strip(),
        "not known": g("%s: %s") % (g("Not known"), g(msgids[-1])),
        "english": ["Infection:", "Infected: the worm is on this PC", "Vulnerability:"],
        "cannot": g("%s: cannot scan %s: %s\n").split("%s")[1].strip(),
    }


def report_problems(status, out, err, codec, words, questions=0):
    """What is wrong with OUT as the text report of an infected folder, written to a file: it
    must read in CODEC with no character lost ('?': QUESTIONS of them, no more) and say the
    verdict in WORDS."""
    problems = []
    if status != 1:
        problems.append(f"exit status {status}, expected 1; stderr "
                        f"{err.decode(errors='replace')[-300:]!r}")
    try:
        text = out.decode(codec)
    except UnicodeDecodeError as e:
        return problems + [f"the report is not in {codec} ({e}); as UTF-8 it reads: "
                           f"{out.decode('utf-8', errors='replace')[:300]!r}"]
    lines = text.splitlines()
    for label, verdict in (("infection", "infected"), ("vulnerability", "not known")):
        if not any(ln.startswith(words[label]) and words[verdict] in ln for ln in lines):
            problems.append(f"no line {words[label]!r} … {words[verdict]!r} when read in "
                            f"{codec}")
    left = [w for w in words["english"] if w in text]
    if left:
        problems.append(f"English left in the report: {left}")
    if text.count("?") != questions:
        problems.append(f"{text.count('?')} '?' in the report (expected {questions}): "
                        f"characters {codec} has were lost")
    if "\r\n" not in text or text.count("\n") != text.count("\r\n"):
        problems.append("the report's lines do not all end in CR LF")
    if problems:
        problems.append(f"the report, read in {codec}:\n{text[:600]}")
    return problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--exe", required=True)
    ap.add_argument("--case", action="append")
    ap.add_argument("--linguas", default=os.path.join(SOURCE_ROOT, "po", "LINGUAS"),
                    help="po/LINGUAS: the languages whose text report is checked")
    ap.add_argument("--catalogs",
                    help="the folder of the build's cli-catalog-LANG.mo (default: the .exe's)")
    args = ap.parse_args()
    catalogs = args.catalogs or os.path.dirname(os.path.abspath(args.exe))
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

    # If this breaks: a report saved to a file in German, Russian, Chinese… is mojibake or
    # question marks in Notepad on that language's Windows, or is not in the user's language.
    def language(lang):
        def check(root, problems):
            if lang not in CODE_PAGES:
                problems.append(f"no Windows code page known for {lang!r}: add it to CODE_PAGES "
                                "here and to ansi_code_pages in src/cli/cli-text.c")
                return
            codec, own_locale = CODE_PAGES[lang]
            words = verdict_words(catalogs, lang, problems)
            if not words:
                return
            touch(root, "WINDOWS/system32/msblast.exe", "WINDOWS/system32/svchost.exe")
            codec_foreign, foreign_locale = next(w for w in FOREIGN_WINDOWS if w[0] != codec)
            for where, kwargs in (
                    (f"on a {lang} Windows ({own_locale}), the language Windows's own",
                     dict(env=run.env(own_locale), windows_env_only=True)),
                    (f"LANGUAGE={lang} on a Windows in code page {codec_foreign[2:]}",
                     dict(env=run.env(foreign_locale, LANGUAGE=lang)))):
                status, out, err = run(wine_path(root), **kwargs)
                problems.extend(f"{where}: {p}" for p in
                                report_problems(status, out, err, codec, words))
        return check

    # If this breaks: a folder name the language's code page cannot write ends the report, or
    # is written as look-alike letters that name another folder; or an error message is
    # unreadable in a file.
    # Russian on a Windows in code page 1252 (Wine's C.UTF-8, the one locale whose file names
    # Wine reads as UTF-8 on a bare Debian), in a folder named in Greek and Japanese.
    def lossy(root, problems):
        words = verdict_words(catalogs, "ru", problems)
        if not words:
            return
        folder = os.path.join(root, "Ωμέγα 日本")
        touch(folder, "WINDOWS/system32/msblast.exe")
        env = run.env("C.UTF-8", LANGUAGE="ru")
        status, out, err = run(wine_path(folder), env=env)
        # The folder is named three times: "Checked:", the Windows folder, the worm's file.
        problems.extend(report_problems(status, out, err, "cp1251", words,
                                        questions=3 * len("Ωμέγα日本")))
        text = out.decode("cp1251", errors="replace")
        shown = wine_path(os.path.join(root, "????? ??"))
        if shown not in text:
            problems.append(f"the folder {wine_path(folder)!r} is not shown as {shown!r} "
                            f"(one '?' for each character CP1251 lacks): {text[:300]!r}")
        # An error on standard error, to a file: in the language's code page too.
        status, out, err = run(wine_path(os.path.join(root, "nowhere")), env=env)
        cannot = words["cannot"]
        try:
            err_text = err.decode("cp1251")
        except UnicodeDecodeError as e:
            err_text = f"(not CP1251: {e}) {err!r}"
        if status != 2 or cannot not in err_text or "?" in err_text:
            problems.append(f"LANGUAGE=ru, a missing folder: exit {status} (expected 2), and "
                            f"stderr must say {cannot!r} in CP1251: {err_text[:300]!r}")

    case("infected", infected)
    case("clean", clean)
    case("long-path", long_path)
    case("missing", missing)
    for lang in linguas(args.linguas):
        case(f"language-{lang}", language(lang))
    case("language-lossy", lossy)

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
