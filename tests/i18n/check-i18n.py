#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks that no user-visible string can escape translation.

TAP output, one line per check:
- po/POTFILES.in is sorted, without duplicates, and every file in it exists;
- every source or UI file that marks strings for translation is listed in it;
- every language of po/LINGUAS compiles with msgfmt --check and is complete (no untranslated,
  no fuzzy message);
- every language covers every msgid the sources have now (msgcmp against a fresh template).
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

MARKS = re.compile(r'(?<![A-Za-z0-9_])(_|N_|NP_|C_|NC_|ngettext_?|g_dngettext)\s*\(\s*"'
                   r'|translatable="yes"')


def marked_files(root):
    found = []
    for top in ("src", "ui", "data"):
        for dirpath, _dirs, files in os.walk(os.path.join(root, top)):
            for name in files:
                if not name.endswith((".c", ".h", ".ui", ".in", ".xml")):
                    continue
                path = os.path.join(dirpath, name)
                with open(path, encoding="utf-8", errors="replace") as f:
                    for line in f:
                        if line.lstrip().startswith("#define"):
                            continue
                        if MARKS.search(line):
                            found.append(os.path.relpath(path, root))
                            break
    return sorted(found)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--source-root", required=True)
    args = ap.parse_args()
    root = args.source_root
    results = []

    def check(name, ok, diag=()):
        results.append((name, ok, list(diag)))

    with open(os.path.join(root, "po/POTFILES.in")) as f:
        listed = [l.strip() for l in f if l.strip() and not l.startswith("#")]
    check("POTFILES.in is sorted and has no duplicates",
          listed == sorted(set(listed), key=lambda s: s.encode()),
          ["listed: %s" % listed])
    missing_files = [p for p in listed if not os.path.exists(os.path.join(root, p))]
    check("every file in POTFILES.in exists", not missing_files,
          ["missing: %s" % p for p in missing_files])
    unlisted = [p for p in marked_files(root) if p not in listed]
    check("every file with translatable strings is in POTFILES.in", not unlisted,
          ["not listed: %s" % p for p in unlisted])

    with open(os.path.join(root, "po/LINGUAS")) as f:
        langs = [l.strip() for l in f if l.strip() and not l.startswith("#")]
    check("po/LINGUAS names at least Japanese", "ja" in langs, ["LINGUAS: %s" % langs])

    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, "current.pot")
        xg = subprocess.run(
            ["xgettext", "--from-code=UTF-8", "--keyword=_", "--keyword=N_", "--keyword=C_:1c,2",
             "--keyword=NC_:1c,2", "--keyword=NP_:1,2", "--keyword=ngettext_:1,2",
             "--keyword=g_dngettext:2,3", "--files-from=po/POTFILES.in", "-o", pot],
            cwd=root, capture_output=True, text=True)
        check("xgettext reads every listed file", xg.returncode == 0, xg.stderr.splitlines())
        for lang in langs:
            po = os.path.join(root, "po", lang + ".po")
            fmt = subprocess.run(["msgfmt", "--check", "--statistics", "-o", os.devnull, po],
                                 capture_output=True, text=True, env=dict(os.environ, LC_ALL="C"))
            stats = fmt.stderr.strip()
            check("%s.po compiles with msgfmt --check" % lang, fmt.returncode == 0,
                  stats.splitlines())
            check("%s.po is complete" % lang,
                  fmt.returncode == 0 and "untranslated" not in stats and "fuzzy" not in stats,
                  [stats])
            if xg.returncode == 0:
                cmp = subprocess.run(["msgcmp", "--use-untranslated", po, pot],
                                     capture_output=True, text=True)
                check("%s.po covers every string of the current sources" % lang,
                      cmp.returncode == 0, cmp.stderr.splitlines()[:20])

    print("1..%d" % len(results))
    for i, (name, ok, diag) in enumerate(results, 1):
        print("%s %d - %s" % ("ok" if ok else "not ok", i, name))
        if not ok:
            for d in diag:
                print("# " + d)
    return 0 if all(ok for _n, ok, _d in results) else 1


if __name__ == "__main__":
    sys.exit(main())
