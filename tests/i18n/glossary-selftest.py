#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The glossary test catches what it is there to catch: check-glossary.py run on
glossary-offences.po (one of each offence, and entries that are right) must fail, name each
offence with its msgid, and let the right entries through. TAP output."""
import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

EXPECTED = [
    ("the checked PC is not このコンピュータ",
     "msgid 'Infected: the worm is on this PC': 'このコンピュータ' is only for"),
    ("the checked PC is パソコン",
     "msgid 'Infected: the worm is on this PC': the English says 'PC', the translation must say 'パソコン'"),
    ("キャンセル is forbidden", "msgid '_Cancel': 'キャンセル' is not used, say '中止'"),
    ("a full-width ? is forbidden", "msgid 'Are you still there?': '？' is not used"),
    ("the verdict word for Patched",
     "msgid 'Protected: the updates against the worm are installed.': the English says "
     "'Protected:', the translation must say '適用済み'"),
    ("the verdict synonym 対策済み is forbidden",
     "msgid 'Protected: the updates against the worm are installed.': '対策済み' is not used"),
    ("one spelling of Task Manager",
     "msgid 'Press Ctrl+Shift+Esc to open Task Manager.': 'タスクマネージャ' is not used"),
    ("names stay English", "msgid 'Install MS03-039 (KB824146).': 'KB824146' must stay"),
    ("the header's Last-Translator", "header field Last-Translator is not filled"),
    ("the header's Language-Team", "header field Language-Team is not filled"),
    ("obsolete entries", "obsolete entry at line"),
]
NOT_EXPECTED = [
    ("this computer keeps このコンピュータ", "This computer is offline"),
    ("Windows's own quoted wording is left alone", "Protect my computer and network"),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--source-root", required=True)
    args = ap.parse_args()
    run = subprocess.run(
        [sys.executable, os.path.join(HERE, "check-glossary.py"), "--source-root",
         args.source_root, "--po", "ja=" + os.path.join(HERE, "glossary-offences.po")],
        capture_output=True, text=True)
    out = run.stdout
    if out.startswith("1..0 # SKIP"):
        print(out.strip())
        return 0
    results = [("the glossary test fails on a catalogue with offences", run.returncode == 1,
                [run.stderr.strip()] if run.stderr.strip() else [])]
    for name, text in EXPECTED:
        results.append(("caught: " + name, text in out, ["not in the output: " + text]))
    for name, text in NOT_EXPECTED:
        results.append(("not reported: " + name, text not in out,
                        [l for l in out.splitlines() if text in l]))
    print("1..%d" % len(results))
    for i, (name, ok, diag) in enumerate(results, 1):
        print("%s %d - %s" % ("ok" if ok else "not ok", i, name))
        for d in ([] if ok else diag):
            print("# " + d)
    if not all(ok for _n, ok, _d in results):
        for line in out.splitlines():
            print("# | " + line)
    return 0 if all(ok for _n, ok, _d in results) else 1


if __name__ == "__main__":
    sys.exit(main())
