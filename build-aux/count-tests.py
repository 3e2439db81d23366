#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Counts the results in meson testlog.json files and prints 'N passed, N failed[, N skipped]'.

A skipped test is not a pass: under CI (CI=true) any skip fails the run, since the test command
installs everything every suite needs. Exits 1 when anything failed (or was skipped under CI).
"""
import json
import os
import sys


def main():
    passed = failed = skipped = 0
    names = []
    for path in sys.argv[1:]:
        if not os.path.exists(path):
            print("count-tests: %s is missing: that test run did not happen" % path)
            failed += 1
            continue
        build = path.split("/")[0]
        with open(path) as f:
            for line in f:
                if not line.strip():
                    continue
                t = json.loads(line)
                result = t.get("result")
                if result in ("OK", "EXPECTEDFAIL"):
                    passed += 1
                elif result == "SKIP":
                    skipped += 1
                    names.append("SKIPPED %s: %s" % (build, t.get("name")))
                else:
                    failed += 1
                    names.append("%s %s: %s" % (result, build, t.get("name")))
    for n in names:
        print(n)
    line = "%d passed, %d failed" % (passed, failed)
    if skipped:
        line += ", %d skipped" % skipped
    print(line)
    ci = os.environ.get("CI") == "true"
    return 1 if failed or (ci and skipped) or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
