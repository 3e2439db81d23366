#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The link doctor's speed claim (issue #7): all links checked concurrently take at most
1.2 × the slowest single link.

    bench-links.py BLASTER-CHECK [--rounds N] [--wayback-delay MS] [--goal RATIO]

Starts tests/links/server.py on 127.0.0.1, writes a links file of 17 links at /slow/MS with
delays from 200 to 1500 ms (three of them answer 404, so the Wayback stand-in is asked too, after
WAYBACK-DELAY ms), then runs `blaster-check --check-links --json --links FILE` for each link alone
and for all 17 at once, ROUNDS times each (rounds interleaved), and takes the median wall time of
the process. Prints every link's time, the slowest single link, the all-at-once time and the
ratio. Exit status 0 when the ratio is within the goal, 1 when it is over, 2 when a run failed.
Never part of the test run (`meson test --benchmark --suite links`).
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "links"))
import server  # noqa: E402  (tests/links/server.py)

# (delay in ms, status): 17 links, the slowest 1500 ms, three of them dead.
LINKS = [(200, 200), (280, 200), (350, 404), (420, 200), (500, 200), (580, 200), (650, 200),
         (720, 404), (800, 200), (880, 200), (950, 200), (1030, 200), (1100, 200), (1200, 200),
         (1300, 200), (1400, 404), (1500, 200)]


def links_ini(web, items):
    text = ["# Written by tests/bench/bench-links.py"]
    for delay, status in items:
        original = web.url("/slow/%d" % delay + ("?status=%d" % status if status != 200 else ""))
        text += ["", "[slow-%d]" % delay, "section=other", "title=Slow %d ms" % delay,
                 "original=" + original,
                 "archive=https://web.archive.org/web/2003/" + original,
                 "source=tests/bench/bench-links.py"]
    return "\n".join(text) + "\n"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("program")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--wayback-delay", type=int, default=150, metavar="MS")
    parser.add_argument("--goal", type=float, default=1.2)
    args = parser.parse_args()
    program = os.path.abspath(args.program)

    tmp = tempfile.mkdtemp(prefix="blaster-links-bench.")
    web = server.LinkServer(wayback_delay_ms=args.wayback_delay)
    env = {k: v for k, v in os.environ.items()
           if k.lower() not in ("http_proxy", "https_proxy", "all_proxy", "no_proxy")}
    env.update({"no_proxy": "127.0.0.1,localhost", "NO_PROXY": "127.0.0.1,localhost",
                "BLASTER_CHECK_WAYBACK_API": web.wayback_api(), "LANGUAGE": "en",
                "XDG_CACHE_HOME": os.path.join(tmp, "cache")})

    files = {}
    for item in LINKS:
        files[item] = os.path.join(tmp, "single-%d.ini" % item[0])
        with open(files[item], "w") as f:
            f.write(links_ini(web, [item]))
    files["all"] = os.path.join(tmp, "all.ini")
    with open(files["all"], "w") as f:
        f.write(links_ini(web, LINKS))

    def timed(key):
        start = time.monotonic()
        p = subprocess.run([program, "--check-links", "--json", "--links", files[key]],
                           capture_output=True, text=True, env=env, timeout=120)
        took = time.monotonic() - start
        if p.returncode != 0:
            sys.exit("bench-links: %s exited %d: %s" % (files[key], p.returncode, p.stderr[-500:]))
        report = json.loads(p.stdout)
        want = len(LINKS) if key == "all" else 1
        states = [link["status"] for link in report["links"]]
        expected = ["live" if status == 200 else "dead" for _, status in
                    (LINKS if key == "all" else [key])]
        if len(states) != want or states != expected:
            print("bench-links: %s: states %s, expected %s" % (files[key], states, expected),
                  file=sys.stderr)
            sys.exit(2)
        return took, report

    times = {key: [] for key in files}
    try:
        timed("all")       # one warm-up: the program's files in the page cache
        for _ in range(args.rounds):
            for key in files:
                times[key].append(timed(key)[0])
        mark = web.mark()
        _, report = timed("all")
        asked = len(web.wayback_queries(mark))
    finally:
        web.close()
        shutil.rmtree(tmp, ignore_errors=True)

    print("Link check benchmark: %d links at /slow/MS on 127.0.0.1, %d rounds, median wall "
          "time of the process (Wayback stand-in answers after %d ms)"
          % (len(LINKS), args.rounds, args.wayback_delay))
    print("%-22s %9s %9s" % ("link", "median s", "check s"))
    seconds = {link["id"]: link["checks"][0].get("seconds") for link in report["links"]}
    for item in LINKS:
        name = "slow %d ms%s" % (item[0], " (404)" if item[1] != 200 else "")
        print("%-22s %9.3f %9s" % (name, statistics.median(times[item]),
                                   seconds.get("slow-%d" % item[0])))
    slowest_item = max(LINKS, key=lambda item: statistics.median(times[item]))
    slowest = statistics.median(times[slowest_item])
    together = statistics.median(times["all"])
    ratio = together / slowest
    print("slowest single link:   %.3f s (slow %d ms)" % (slowest, slowest_item[0]))
    print("all %d at once:        %.3f s (rounds: %s)"
          % (len(LINKS), together, " ".join("%.3f" % t for t in times["all"])))
    print("sum of singles:        %.3f s" % sum(statistics.median(times[i]) for i in LINKS))
    print("Wayback questions in the last all-at-once run: %d (3 dead links)" % asked)
    within = ratio <= args.goal
    print("ratio all / slowest:   %.3f — %s the goal of %.1f"
          % (ratio, "within" if within else "OVER", args.goal))
    return 0 if within else 1


if __name__ == "__main__":
    sys.exit(main())
