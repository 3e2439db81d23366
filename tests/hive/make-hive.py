#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Make real Windows registry hive files for tests: see make_hive.py beside this file.

    make-hive.py OUT.hive SPEC.json | --verify HIVE SPEC.json |
                 --corrupt HOW IN OUT | --self-test [DIR]

The code lives in make_hive.py so that tests can `import make_hive`.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import make_hive  # noqa: E402

if __name__ == "__main__":
    try:
        make_hive._load_hivex()
    except ImportError:
        # python3-hivex is built for Debian's own interpreter: use it if this is another one.
        if os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3") \
                and os.access("/usr/bin/python3", os.X_OK) and not os.environ.get("MAKE_HIVE_REEXEC"):
            os.environ["MAKE_HIVE_REEXEC"] = "1"
            os.execv("/usr/bin/python3", ["/usr/bin/python3", os.path.abspath(__file__)] + sys.argv[1:])
    sys.exit(make_hive.main())
