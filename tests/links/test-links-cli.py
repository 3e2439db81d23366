#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""`blaster-check --check-links` as a user runs it, against a real web server on 127.0.0.1
(server.py, started here): every kind of address classified right (with the reason's words
where they matter), each check bounded in time, the Wayback Machine stand-in and answers of a
shape it never sends, no Wayback question at all when offline, a proxy, the kept results (each
run adds to them; a damaged or edited file), the table in English and Japanese, the exit
statuses, and a computer with no route at all (`unshare --net`).

    test-links-cli.py BLASTER-CHECK [SOURCE-ROOT]

Each case writes its own links.ini (the --links option) and runs the real program with a fresh
XDG_CACHE_HOME, no_proxy=127.0.0.1,localhost and BLASTER_CHECK_WAYBACK_API pointing at the
stand-in, and measures the process's wall time. TAP: one line a case, its details as `# ` notes.
"""
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import server  # noqa: E402  (tests/links/server.py)

TIMEOUT = 3            # --timeout for the cases: the drip must end within TIMEOUT + SLACK
SLACK = 2.0            # what a check may take over its timeout (start-up, the Wayback question)
QUICK = 2.0            # a case the local server answers at once must be over within this
ALL_SLACK = 1.5        # all cases at once: at most the slowest single case + this
NO_ROUTE_LIMIT = 5.0   # the built-in links with no route at all
HANG = 90              # a run that takes this long is killed (and fails)
WAYBACK_TIMESTAMP = "20030811"
# The link states of the JSON and their words in the table (msgctxt "link state" in the C code,
# src/links/bc-link-check.c bc_link_state_label); the Japanese words are read from po/ja.po.
STATE_WORDS = {"live": "Live", "moved": "Moved", "dead": "Gone", "offline": "Offline",
               "not-checked": "Not checked"}

n = 0
failures = 0


def tap(good, name, notes=(), problems=()):
    global n, failures
    n += 1
    print(("ok %d - %s" if good else "not ok %d - %s") % (n, name), flush=True)
    for line in list(problems) + list(notes):
        for part in str(line).splitlines():
            print("# " + part, flush=True)
    if not good:
        failures += 1


def skip(name, reason):
    global n
    n += 1
    print("ok %d - %s # SKIP %s" % (n, name, reason), flush=True)


# -- links.ini ----------------------------------------------------------------------------------

class Link:
    """One group of a links.ini: a test's link."""

    def __init__(self, id, original=None, current=None, title=None, title_ja=None,
                 archive=None, in_advisory=True, current_in=None):
        self.id = id
        self.original = original
        self.current = current
        self.current_in = current_in or {}   # {"de": address}: current[de]=address
        self.title = title or "Test link %s" % id
        self.title_ja = title_ja or "テストのリンク %s" % id
        self.in_advisory = in_advisory
        self.archive = archive
        if archive is None and original is not None:
            self.archive = "https://web.archive.org/web/2003/" + original

    def ini(self):
        lines = ["[%s]" % self.id, "section=other", "title=%s" % self.title,
                 "title[ja]=%s" % self.title_ja]
        if self.original:
            lines.append("original=%s" % self.original)
        if self.current:
            lines.append("current=%s" % self.current)
        for language, address in self.current_in.items():
            lines.append("current[%s]=%s" % (language, address))
        if self.archive:
            lines.append("archive=%s" % self.archive)
        if not self.in_advisory:
            lines.append("in-advisory=false")
        lines.append("source=tests/links/test-links-cli.py")
        return "\n".join(lines) + "\n"


def write_links(folder, links, name="links.ini"):
    path = os.path.join(folder, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write("# Written by tests/links/test-links-cli.py\n\n")
        f.write("\n".join(link.ini() for link in links))
    return path


# -- runs of the program ------------------------------------------------------------------------

class Run:
    def __init__(self, argv, returncode, stdout, stderr, seconds, log, cache):
        self.argv = argv
        self.returncode = returncode
        self.stdout = stdout
        self.stderr = stderr
        self.seconds = seconds
        self.log = log            # the server's requests during the run
        self.cache = cache        # its XDG_CACHE_HOME
        self.report = None
        self.json_error = None

    def parse(self):
        try:
            self.report = json.loads(self.stdout)
        except ValueError as e:
            self.json_error = "the output is not JSON (%s): %r" % (e, self.stdout[:300])
        return self.report

    def link(self, id):
        for link in (self.report or {}).get("links", []):
            if link.get("id") == id:
                return link
        return None

    def tail(self):
        text = "exit status %s after %.2f s" % (self.returncode, self.seconds)
        if self.stderr.strip():
            text += "; stderr: " + self.stderr.strip()[-600:]
        return text


class Suite:
    def __init__(self, program, source_root):
        self.program = program
        self.source_root = source_root
        self.tmp = tempfile.mkdtemp(prefix="blaster-links-cli.")
        self.web = server.LinkServer(https=True)
        self.runs = 0

    def close(self):
        self.web.close()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def env(self, cache, extra=None):
        env = {k: v for k, v in os.environ.items()
               if k.lower() not in ("http_proxy", "https_proxy", "all_proxy", "no_proxy",
                                    "ftp_proxy", "curl_ca_bundle", "ssl_cert_file",
                                    "ssl_cert_dir", "lc_all", "lc_messages")}
        env.update({
            "XDG_CACHE_HOME": cache,
            "no_proxy": "127.0.0.1,localhost",
            "NO_PROXY": "127.0.0.1,localhost",
            "BLASTER_CHECK_WAYBACK_API": self.web.wayback_api(),
            "LANG": "C.UTF-8",
            "LANGUAGE": "en",
        })
        env.update(extra or {})
        return {k: v for k, v in env.items() if v is not None}

    def folder(self, name):
        self.runs += 1
        path = os.path.join(self.tmp, "%02d-%s" % (self.runs, name))
        os.makedirs(path)
        return path

    def run(self, name, links=None, json_out=True, timeout=TIMEOUT, args=(), env=None,
            wrapper=(), links_path=None, cache=None):
        folder = self.folder(name)
        argv = list(wrapper) + [self.program, "--check-links"]
        if json_out:
            argv.append("--json")
        if links is not None:
            links_path = write_links(folder, links)
        if links_path is not None:
            argv += ["--links", links_path]
        if timeout is not None:
            argv += ["--timeout", str(timeout)]
        argv += list(args)
        cache = cache or os.path.join(folder, "cache")
        os.makedirs(cache, exist_ok=True)
        mark = self.web.mark()
        start = time.monotonic()
        try:
            p = subprocess.run(argv, capture_output=True, text=True, env=self.env(cache, env),
                               timeout=HANG)
            seconds = time.monotonic() - start
            run = Run(argv, p.returncode, p.stdout, p.stderr, seconds, None, cache)
        except subprocess.TimeoutExpired as e:
            seconds = time.monotonic() - start
            out = e.stdout.decode(errors="replace") if isinstance(e.stdout, bytes) else (e.stdout or "")
            err = e.stderr.decode(errors="replace") if isinstance(e.stderr, bytes) else (e.stderr or "")
            run = Run(argv, None, out, err + "\n(killed: still running after %d s)" % HANG,
                      seconds, None, cache)
        run.log = self.web.requests(mark)
        if json_out:
            run.parse()
        return run


# -- what one link must come out as -------------------------------------------------------------

class Expect:
    """A case: its link and what the checker must say about it."""

    def __init__(self, name, link, status, problem=None, http_status=None, final=None,
                 opens=None, opens_kind=None, limit=QUICK, at_least=None, check_role="original",
                 log_check=None, reason=None):
        self.name = name
        self.link = link
        self.status = status
        self.problem = problem
        self.http_status = http_status
        self.final = final
        self.opens = opens
        self.opens_kind = opens_kind
        self.limit = limit
        self.at_least = at_least
        self.check_role = check_role
        self.log_check = log_check   # f(log) -> problem text or None
        self.reason = reason         # the reason's exact English words, or None: any

    def describe(self):
        words = self.status
        if self.problem:
            words += " (%s)" % self.problem
        if self.final:
            words += " to %s" % self.final
        return words


def find_check(link, role):
    for check in link.get("checks") or []:
        if check.get("role") == role:
            return check
    return None


def judge(run, expect, timed=True):
    """What is wrong with EXPECT's link in RUN (a list of sentences), and notes."""
    problems, notes = [], []
    if run.report is None:
        return [run.json_error or "no JSON report", run.tail()], notes
    link = run.link(expect.link.id)
    if link is None:
        return ["the report has no link %r" % expect.link.id], notes
    check = find_check(link, expect.check_role)
    address = expect.link.original if expect.check_role == "original" else expect.link.current
    if check is None:
        problems.append("no check of role %r: %s" % (expect.check_role, link.get("checks")))
        check = {}
    elif check.get("address") != address:
        problems.append("the %s check's address is %r, not %r"
                        % (expect.check_role, check.get("address"), address))
    if link.get("status") != expect.status:
        problems.append("link status %r, expected %r" % (link.get("status"), expect.status))
    if check.get("problem") != expect.problem:
        problems.append("problem %r, expected %r" % (check.get("problem"), expect.problem))
    if expect.http_status is not None and check.get("http_status") != expect.http_status:
        problems.append("http_status %r, expected %r"
                        % (check.get("http_status"), expect.http_status))
    if expect.status == "moved" and check.get("final_address") != expect.final:
        problems.append("final_address %r, expected %r" % (check.get("final_address"), expect.final))
    if expect.status in ("live", "dead") and expect.check_role == "original" \
            and check.get("final_address") not in (None, address):
        notes.append("final_address %r" % check.get("final_address"))
    if expect.opens is not None and link.get("opens") != expect.opens:
        problems.append("opens %r, expected %r" % (link.get("opens"), expect.opens))
    if expect.opens_kind is not None and link.get("opens_kind") != expect.opens_kind:
        problems.append("opens_kind %r, expected %r" % (link.get("opens_kind"), expect.opens_kind))
    if expect.problem and not (check.get("reason") or "").strip():
        problems.append("no reason for the user")
    if expect.reason is not None and check.get("reason") != expect.reason:
        problems.append("reason %r, expected %r" % (check.get("reason"), expect.reason))
    if expect.log_check:
        trouble = expect.log_check(run.log)
        if trouble:
            problems.append(trouble)
    if timed:
        if run.seconds > expect.limit:
            problems.append("took %.2f s: more than %.1f s" % (run.seconds, expect.limit))
        if expect.at_least is not None and run.seconds < expect.at_least:
            problems.append("took %.2f s: it cannot have waited for the timeout (%.1f s)"
                            % (run.seconds, expect.at_least))
    notes.append("%s: %s%s, %s; http %s; the check took %s s; reason: %s"
                 % (expect.link.id, link.get("status"),
                    " (%s)" % check.get("problem") if check.get("problem") else "",
                    "opens %s (%s)" % (link.get("opens"), link.get("opens_kind")),
                    check.get("http_status"), check.get("seconds"), check.get("reason")))
    return problems, notes


def paths(log):
    return [entry["path"] for entry in log if not entry["absolute"]]


def wayback_queries(log):
    """The Wayback API's questions in LOG: dicts of their decoded parameters."""
    found = []
    for path in paths(log):
        url = urllib.parse.urlsplit(path)
        if url.path == "/wayback/available":
            found.append({k: v[0] for k, v in urllib.parse.parse_qs(url.query).items()})
    return found


# -- the cases ----------------------------------------------------------------------------------

def free_port():
    """A port on 127.0.0.1 where nothing listens (bound, then closed)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


def classification_cases(suite):
    web = suite.web
    u = web.url
    archive_of = lambda original: "https://web.archive.org/web/2003/" + original  # noqa: E731
    refused = "http://127.0.0.1:%d/nobody-home" % free_port()

    def never(path):
        return lambda log: ("it asked for %s (the 6th redirect was followed)" % path
                            if path in paths(log) else None)

    def few_loops(log):
        count = sum(1 for p in paths(log) if p in ("/loop/a", "/loop/b"))
        return "it went round the loop %d times" % count if count > 6 else None

    cases = [
        Expect("200", Link("ok", u("/ok")), "live", http_status=200,
               opens=u("/ok"), opens_kind="original",
               log_check=lambda log: ("the Wayback API was asked for a live link"
                                      if u("/ok") in [q.get("url") for q in wayback_queries(log)]
                                      else None)),
        Expect("301 chain of 3", Link("chain", u("/chain/1")), "moved", http_status=200,
               final=u("/ok-moved"), opens=u("/ok-moved"), opens_kind="moved"),
        Expect("redirect loop", Link("loop", u("/loop/a")), "dead", problem="redirect-loop",
               log_check=few_loops),
        Expect("5 redirects (302, 303, 307, 308, 301): moved",
               Link("hops-5", u("/hops/5/five")), "moved", http_status=200,
               final=u("/hops/0/five"), opens=u("/hops/0/five"), opens_kind="moved"),
        Expect("6 redirects: dead", Link("hops-6", u("/hops/6/six")), "dead",
               problem="too-many-redirects", log_check=never("/hops/0/six")),
        Expect("404", Link("not-found", u("/404")), "dead", problem="http-status",
               http_status=404, opens=archive_of(u("/404")), opens_kind="archive"),
        Expect("500", Link("server-error", u("/500")), "dead", problem="http-status",
               http_status=500),
        Expect("403: the server refused", Link("forbidden", u("/403/forbidden")), "dead",
               problem="http-status", http_status=403,
               reason="The server refused to give the page (HTTP 403)."),
        Expect("429: may be temporary", Link("too-many", u("/429/too-many")), "dead",
               problem="http-status", http_status=429,
               reason="The server reported an error (HTTP 429); it may be temporary."),
        Expect("410: no such page", Link("gone-410", u("/410/gone")), "dead",
               problem="http-status", http_status=410,
               reason="The server has no such page (HTTP 410)."),
        Expect("302 without a Location", Link("no-location", u("/no-location")), "dead",
               problem="bad-redirect", http_status=302),
        Expect("slow-drip body (--timeout %d)" % TIMEOUT, Link("drip", u("/drip")), "dead",
               problem="slow", limit=TIMEOUT + SLACK, at_least=TIMEOUT - 0.5),
        Expect("endless body: stopped at the cap", Link("endless", u("/endless")), "live"),
        Expect("redirect to file://", Link("to-file", u("/to-file")), "dead",
               problem="redirect-scheme"),
        Expect("redirect to ftp://", Link("to-ftp", u("/to-ftp")), "dead",
               problem="redirect-scheme"),
        Expect("https with a self-signed certificate", Link("self-signed", web.https_url("/ok")),
               "dead", problem="tls",
               log_check=lambda log: ("an https request got through the untrusted certificate"
                                      if any(e["scheme"] == "https" for e in log) else None)),
        Expect("an original that is not http/https", Link("ftp-original", "ftp://127.0.0.1/x"),
               "not-checked", problem="scheme"),
        Expect("dead original, live current: opens the current address",
               Link("has-current", u("/404/has-current"), current=u("/ok")), "dead",
               problem="http-status", http_status=404, opens=u("/ok"), opens_kind="current"),
    ]
    # Connection refused is dead only when another address in the same run got an answer: its
    # run holds /ok too.
    refused_case = Expect("connection refused, next to a link that answers",
                          Link("refused", refused), "dead", problem="no-connection")
    return cases, refused_case


def run_classification(suite):
    cases, refused_case = classification_cases(suite)
    singles = []
    for case in cases:
        run = suite.run("single-" + case.link.id, [case.link])
        problems, notes = judge(run, case)
        if run.returncode != 0:
            problems.append("exit status %s, expected 0" % run.returncode)
        tap(not problems, "%s -> %s, alone in %.2f s" % (case.name, case.describe(), run.seconds),
            notes + [run.tail()] if problems else notes, problems)
        singles.append(run.seconds)
        if case.link.id == "drip":
            deadline = time.monotonic() + 5
            while suite.web.drips_active() and time.monotonic() < deadline:
                time.sleep(0.1)
            if suite.web.drips_active():
                print("# the server's drip is still going 5 s after the program ended", flush=True)

    ok_link = Link("ok-next-to-refused", suite.web.url("/ok"))
    run = suite.run("refused", [refused_case.link, ok_link])
    problems, notes = judge(run, refused_case)
    if run.link(ok_link.id) and run.link(ok_link.id).get("status") != "live":
        problems.append("the /ok link next to it is %r" % run.link(ok_link.id).get("status"))
    if run.returncode != 0:
        problems.append("exit status %s, expected 0" % run.returncode)
    tap(not problems, "%s -> dead (no-connection) in %.2f s" % (refused_case.name, run.seconds),
        notes, problems)
    singles.append(run.seconds)

    # Everything at once: the same answers, and no longer than the slowest case alone.
    everything = cases + [refused_case]
    run = suite.run("all-at-once", [c.link for c in everything] + [ok_link])
    problems, notes = [], []
    for case in everything:
        p, _ = judge(run, case, timed=False)
        problems += ["%s: %s" % (case.link.id, x) for x in p]
    if run.returncode != 0:
        problems.append("exit status %s, expected 0" % run.returncode)
    slowest = max(singles)
    if run.seconds > slowest + ALL_SLACK:
        problems.append("all at once took %.2f s: more than the slowest single case (%.2f s) + "
                        "%.1f s" % (run.seconds, slowest, ALL_SLACK))
    if run.report is not None and run.report.get("offline") is not False:
        problems.append("offline is %r, expected false" % run.report.get("offline"))
    tap(not problems, "all %d cases at once: each classified as alone, in %.2f s (slowest alone "
        "%.2f s, all alone one after another %.2f s)"
        % (len(everything) + 1, run.seconds, slowest, sum(singles)), notes, problems)


def run_slow_second_hop(suite):
    # The drip as the second hop of a redirect on the same server: libcurl asks for it on the
    # connection of the first hop, which has no connect time of its own.
    link = Link("drip-second-hop", suite.web.url("/to-drip"))
    case = Expect("a redirect to the slow-drip body on the same server", link, "dead",
                  problem="slow", limit=TIMEOUT + SLACK, at_least=TIMEOUT - 0.5)
    run = suite.run("drip-second-hop", [link])
    problems, notes = judge(run, case)
    if run.returncode != 0:
        problems.append("exit status %s, expected 0" % run.returncode)
    peers = {e["path"]: e["peer"] for e in run.log if not e["absolute"]}
    if "/drip?after-redirect" not in peers:
        problems.append("it never asked for the drip: %s" % paths(run.log))
    elif peers.get("/to-drip") != peers["/drip?after-redirect"]:
        problems.append("the drip was asked on a new connection (client ports %s): this case "
                        "needs the connection of the first hop used again" % peers)
    else:
        notes.append("both hops on one connection (client port %d)" % peers["/to-drip"])
    tap(not problems, "%s, on the same connection -> dead (slow), not no-connection, in %.2f s "
        "(--timeout %d)" % (case.name, run.seconds, TIMEOUT), notes, problems)
    deadline = time.monotonic() + 5
    while suite.web.drips_active() and time.monotonic() < deadline:
        time.sleep(0.1)


def run_offline_alone(suite):
    # The Wayback API's answer would count as reaching the internet: it is refused too.
    refused = "http://127.0.0.1:%d/nobody-home" % free_port()
    link = Link("only-refused", refused)
    run = suite.run("offline-alone", [link], env={
        "BLASTER_CHECK_WAYBACK_API": "http://127.0.0.1:%d/wayback/available" % free_port()})
    problems = []
    if run.returncode != 1:
        problems.append("exit status %s, expected 1 (offline)" % run.returncode)
    if run.report is None:
        problems.append(run.json_error or "no JSON")
    else:
        got = run.link(link.id) or {}
        if run.report.get("offline") is not True:
            problems.append("offline is %r, expected true" % run.report.get("offline"))
        if got.get("status") != "offline":
            problems.append("status %r, expected offline" % got.get("status"))
        if got.get("opens") != link.archive or got.get("opens_kind") != "archive":
            problems.append("opens %r (%r), expected the archive %r"
                            % (got.get("opens"), got.get("opens_kind"), link.archive))
    if run.seconds > QUICK:
        problems.append("took %.2f s" % run.seconds)
    tap(not problems, "connection refused, the Wayback API refused too: offline, exit 1, opens "
        "the archive (%.2f s)" % run.seconds, [run.tail()], problems)


def run_offline_no_wayback(suite):
    # Offline, the lookups of the archived copies wait for a network that never comes: none is
    # asked. The Wayback API here is a path of the logging server that hangs up on every request
    # (no answer, as refused as a server that logs can be): a question would be in the log.
    links = [Link("offline-a", "http://127.0.0.1:%d/a" % free_port()),
             Link("offline-b", "http://127.0.0.1:%d/b" % free_port(),
                  current="http://127.0.0.1:%d/b-now" % free_port())]
    api = suite.web.url("/hang-up/wayback/available")
    run = suite.run("offline-no-wayback", links, env={"BLASTER_CHECK_WAYBACK_API": api})
    problems = []
    if run.returncode != 1:
        problems.append("exit status %s, expected 1 (offline)" % run.returncode)
    if run.report is None:
        problems.append(run.json_error or "no JSON")
    else:
        if run.report.get("offline") is not True:
            problems.append("offline is %r, expected true" % run.report.get("offline"))
        for link in links:
            got = run.link(link.id) or {}
            if got.get("status") != "offline":
                problems.append("%s is %r, expected offline" % (link.id, got.get("status")))
    asked = [p for p in paths(run.log) if p.startswith("/hang-up")]
    if asked:
        problems.append("the Wayback API was asked %d times: %s" % (len(asked), asked))
    elif run.log:
        problems.append("the server was asked %s" % paths(run.log))
    if run.seconds > QUICK:
        problems.append("took %.2f s" % run.seconds)
    tap(not problems, "offline (every address refused, the Wayback API hangs up): no Wayback "
        "question at all, exit 1 (%.2f s)" % run.seconds, [run.tail()], problems)


def run_proxy(suite):
    web = suite.web
    target = "http://blaster-check.invalid/page"
    link = Link("through-proxy", target)
    proxy = "http://127.0.0.1:%d" % web.port
    run = suite.run("proxy", [link], env={"http_proxy": proxy})
    problems, notes = judge(run, Expect("proxy", link, "live", opens=target,
                                        opens_kind="original"))
    asked = [e for e in run.log if e["absolute"]]
    if not any(e["path"] == target for e in asked):
        problems.append("the proxy never saw GET %s (absolute form); it saw %s"
                        % (target, [e["line"] for e in run.log]))
    if run.returncode != 0:
        problems.append("exit status %s, expected 0" % run.returncode)
    tap(not problems, "http_proxy=%s: %s is live, asked through the proxy (%.2f s)"
        % (proxy, target, run.seconds), notes, problems)


def run_wayback(suite):
    web = suite.web
    cases = {mode: Link("wayback-" + mode, web.url("/404/wayback-" + mode))
             for mode in ("capture", "none", "broken")}
    for mode, link in cases.items():
        web.set_wayback(link.original, mode)
    live = Link("wayback-live", web.url("/ok?wayback-live"))
    run = suite.run("wayback", list(cases.values()) + [live])
    queries = [q for q in wayback_queries(run.log)
               if q.get("url") in [l.original for l in cases.values()] + [live.original]]

    for mode, link in cases.items():
        problems, notes = [], []
        got = run.link(link.id) if run.report else None
        if got is None:
            problems.append(run.json_error or "no link %s in the report" % link.id)
            problems.append(run.tail())
        else:
            archive = got.get("archive") or {}
            asked = [q for q in queries if q.get("url") == link.original]
            if len(asked) != 1:
                problems.append("the Wayback API was asked %d times for it" % len(asked))
            elif asked[0].get("timestamp") != WAYBACK_TIMESTAMP:
                problems.append("asked with timestamp %r, expected %s"
                                % (asked[0].get("timestamp"), WAYBACK_TIMESTAMP))
            if got.get("status") != "dead":
                problems.append("status %r, expected dead" % got.get("status"))
            if mode == "capture":
                capture = server.capture_for(link.original)
                secure = "https://" + capture[len("http://"):]
                if archive.get("address") not in (capture, secure):
                    problems.append("archive.address %r, expected the capture %r"
                                    % (archive.get("address"), capture))
                elif archive.get("address") == secure:
                    notes.append("the capture's http:// is made https://")
                if archive.get("source") != "wayback":
                    problems.append("archive.source %r, expected wayback" % archive.get("source"))
                if archive.get("timestamp") != server.CAPTURE_TIMESTAMP:
                    problems.append("archive.timestamp %r, expected %s"
                                    % (archive.get("timestamp"), server.CAPTURE_TIMESTAMP))
            else:
                if archive.get("address") != link.archive:
                    problems.append("archive.address %r, expected the links file's %r"
                                    % (archive.get("address"), link.archive))
                if archive.get("source") != "links-file":
                    problems.append("archive.source %r, expected links-file"
                                    % archive.get("source"))
            if got.get("opens") != archive.get("address") or got.get("opens_kind") != "archive":
                problems.append("opens %r (%r), expected the archive address"
                                % (got.get("opens"), got.get("opens_kind")))
            notes.append("archive: %s" % json.dumps(archive))
        if mode == "broken" and run.returncode != 0:
            problems.append("exit status %s, expected 0 (broken JSON is no copy)"
                            % run.returncode)
        what = {"capture": "a capture: archive is the stand-in's capture, source wayback",
                "none": "no capture: the links file's archive, source links-file",
                "broken": "broken JSON: the links file's archive, no crash"}[mode]
        tap(not problems, "Wayback, dead original with %s" % what, notes, problems)

    asked_live = [q for q in queries if q.get("url") == live.original]
    tap(not asked_live and run.link(live.id) and run.link(live.id).get("status") == "live",
        "Wayback is not asked for a live original", [],
        ["asked %d times" % len(asked_live)] if asked_live else [])


def run_wayback_shapes(suite):
    # Answers of a shape archive.org never sends: no copy (the links file's archive), and no
    # json-glib complaint: once as it is, once with criticals fatal (a critical aborts).
    web = suite.web
    cases = {mode: Link("shape-" + mode, web.url("/404/shape-" + mode))
             for mode in server.WRONG_SHAPES}
    for mode, link in cases.items():
        web.set_wayback(link.original, mode)
    runs = [("", suite.run("wayback-shapes", list(cases.values()))),
            ("G_DEBUG=fatal-criticals", suite.run("wayback-shapes-fatal", list(cases.values()),
                                                  env={"G_DEBUG": "fatal-criticals"}))]
    for env_name, run in runs:
        asked = [q.get("url") for q in wayback_queries(run.log)]
        for mode, link in cases.items():
            problems, notes = [], []
            got = run.link(link.id) if run.report else None
            if got is None:
                problems.append(run.json_error or "no link %s in the report" % link.id)
            else:
                archive = got.get("archive") or {}
                if got.get("status") != "dead":
                    problems.append("status %r, expected dead" % got.get("status"))
                if asked.count(link.original) != 1:
                    problems.append("the Wayback API was asked %d times for it"
                                    % asked.count(link.original))
                if archive.get("source") != "links-file" or archive.get("address") != link.archive:
                    problems.append("archive %s, expected the links file's %r (links-file)"
                                    % (json.dumps(archive), link.archive))
                if got.get("opens") != link.archive or got.get("opens_kind") != "archive":
                    problems.append("opens %r (%r), expected the links file's archive"
                                    % (got.get("opens"), got.get("opens_kind")))
                notes.append("archive: %s" % json.dumps(archive))
            if run.returncode != 0:
                problems.append("exit status %s, expected 0" % run.returncode)
            if "CRITICAL" in run.stderr:
                problems.append("stderr: " + run.stderr.strip()[-600:])
            answer = json.dumps(server.WRONG_SHAPES[mode](link.original)["archived_snapshots"])
            tap(not problems, "Wayback answers archived_snapshots %s%s: no copy (links-file), "
                "exit 0, no CRITICAL" % (answer, " with " + env_name if env_name else ""),
                notes, problems + ([run.tail()] if problems else []))


def run_store(suite):
    web = suite.web
    links = [Link("store-ok", web.url("/ok?store")), Link("store-gone", web.url("/404/store"))]
    run = suite.run("store", links)
    path = os.path.join(run.cache, "blaster-check", "link-check.json")
    problems, notes = [], []
    stored = None
    if not os.path.exists(path):
        problems.append("no %s after the run; the cache holds %s"
                        % (path, [os.path.join(d, f) for d, _, fs in os.walk(run.cache)
                                  for f in fs]))
    else:
        text = open(path, encoding="utf-8").read()
        try:
            stored = json.loads(text)
        except ValueError as e:
            problems.append("link-check.json is not JSON: %s" % e)
    if stored is not None:
        found = {}

        def walk(node):
            if isinstance(node, dict):
                if "checked_at" in node and isinstance(node.get("address"), str):
                    found[node["address"]] = node
                for value in node.values():
                    walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)
        walk(stored)
        for link, state in zip(links, ("live", "dead")):
            entry = found.get(link.original)
            if entry is None:
                problems.append("no stored result with checked_at for %s" % link.original)
            elif state not in json.dumps(entry):
                problems.append("the stored result for %s does not say %s: %s"
                                % (link.original, state, json.dumps(entry)))
        notes.append(text[:400])
    tap(not problems, "the results are kept in $XDG_CACHE_HOME/blaster-check/link-check.json "
        "with checked_at", notes, problems)


def read_store(cache):
    """The kept results under CACHE: ({address: entry}, problems)."""
    path = os.path.join(cache, "blaster-check", "link-check.json")
    try:
        with open(path, encoding="utf-8") as f:
            stored = json.load(f)
    except (OSError, ValueError, RecursionError) as e:
        return {}, ["link-check.json: %s" % str(e)[:200]]
    results = stored.get("results") if isinstance(stored, dict) else None
    if not isinstance(results, list):
        return {}, ["link-check.json has no list of results: %s" % json.dumps(stored)[:300]]
    return {e.get("address"): e for e in results if isinstance(e, dict)}, []


def store_path(cache):
    folder = os.path.join(cache, "blaster-check")
    os.makedirs(folder, exist_ok=True)
    return os.path.join(folder, "link-check.json")


def run_store_merge(suite):
    web = suite.web
    # Two runs on two links files, one cache: the second adds to what the first kept.
    first = [Link("merge-a-ok", web.url("/ok?merge-a")),
             Link("merge-a-gone", web.url("/404/merge-a"))]
    second = [Link("merge-b-ok", web.url("/ok?merge-b")),
              Link("merge-b-gone", web.url("/410/merge-b"))]
    run_a = suite.run("merge-a", first)
    kept_a, problems = read_store(run_a.cache)
    run_b = suite.run("merge-b", second, cache=run_a.cache)
    kept, more = read_store(run_b.cache)
    problems += more
    for run in (run_a, run_b):
        if run.returncode != 0:
            problems.append(run.tail())
    for link, state in zip(first + second, ("live", "dead", "live", "dead")):
        entry = kept.get(link.original)
        if entry is None:
            problems.append("no kept result for %s" % link.original)
        elif entry.get("status") != state:
            problems.append("%s is kept as %r, expected %s"
                            % (link.original, entry.get("status"), state))
    for link in first:
        before, after = kept_a.get(link.original), kept.get(link.original)
        if before and after and before.get("checked_at") != after.get("checked_at"):
            problems.append("%s's time changed from %s to %s by a run without it"
                            % (link.original, before.get("checked_at"), after.get("checked_at")))
    tap(not problems, "link-check.json after a run with links file A, then one with B: it holds "
        "the addresses of both (%d kept)" % len(kept), [], problems)

    # A damaged file before a run: the run works, and leaves a valid file.
    folder = suite.folder("damaged-store")
    cache = os.path.join(folder, "cache")
    with open(store_path(cache), "w") as f:
        f.write('{"version": 1, "results": [ this is not JSON\n')
    link = Link("after-damage", web.url("/ok?after-damage"))
    run = suite.run("damaged-store", [link], cache=cache)
    kept, problems = read_store(cache)
    if run.returncode != 0:
        problems.append("exit status %s, expected 0" % run.returncode)
    if (run.link(link.id) or {}).get("status") != "live":
        problems.append("the link is %r, expected live" % (run.link(link.id) or {}).get("status"))
    if (kept.get(link.original) or {}).get("status") != "live":
        problems.append("the file does not keep %s as live: %s" % (link.original, list(kept)))
    tap(not problems, "a damaged link-check.json (not JSON) before a run: exit 0, and the file "
        "is valid JSON afterwards with the run's result", [run.tail()], problems)

    # An edited file of the wrong shape: read without a critical; a "moved" that does not say
    # where is dropped, a good entry next to the bad ones is kept.
    folder = suite.folder("edited-store")
    cache = os.path.join(folder, "cache")
    moved_nowhere = web.url("/ok?moved-nowhere")
    good = web.url("/ok?kept-good")
    with open(store_path(cache), "w") as f:
        json.dump({"version": 1, "results": [
            {"address": 5}, "text", [], None,
            {"address": moved_nowhere, "status": "moved", "final_address": {}},
            {"address": web.url("/404?odd-types"), "status": ["dead"], "problem": 3,
             "http_status": "404", "seconds": "slow", "checked_at": 7, "archived": False},
            {"address": good, "status": "live", "problem": None, "http_status": 200,
             "final_address": None, "seconds": 0.1, "checked_at": "2026-01-01T00:00:00Z"}]}, f)
    link = Link("after-edit", web.url("/ok?after-edit"))
    run = suite.run("edited-store", [link], cache=cache, env={"G_DEBUG": "fatal-criticals"})
    kept, problems = read_store(cache)
    if run.returncode != 0:
        problems.append(run.tail())
    if "CRITICAL" in run.stderr:
        problems.append("stderr: " + run.stderr.strip()[-600:])
    if moved_nowhere in kept:
        problems.append("the moved entry without an address is still kept: %s"
                        % json.dumps(kept[moved_nowhere]))
    for address in (good, link.original):
        if (kept.get(address) or {}).get("status") != "live":
            problems.append("%s is not kept as live: %s"
                            % (address, json.dumps(kept.get(address))))
    tap(not problems, "an edited link-check.json of the wrong shape, G_DEBUG=fatal-criticals: "
        "exit 0, no CRITICAL; the moved entry without an address is dropped, a good one kept",
        [run.tail()], problems)


def read_po(path):
    """{(msgctxt, msgid): msgstr} of a .po file (single and continued strings)."""
    entries, current, key = {}, {}, None

    def unquote(text):
        return json.loads(text)

    def flush():
        if "msgid" in current:
            entries[(current.get("msgctxt"), current["msgid"])] = current.get("msgstr", "")

    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                if not line and current:
                    flush()
                    current = {}
                continue
            m = re.match(r'^(msgctxt|msgid|msgstr)\s+(".*")$', line)
            if m:
                if m.group(1) in current and m.group(1) != "msgstr":
                    flush()
                    current = {}
                key = m.group(1)
                current[key] = unquote(m.group(2))
            elif line.startswith('"') and key:
                current[key] += unquote(line)
    flush()
    return entries


def table_problems(run, expected, words, title_of):
    problems = []
    if run.returncode != 0:
        problems.append("exit status %s, expected 0" % run.returncode)
    lines = run.stdout.splitlines()
    for link, state in expected:
        title = title_of(link)
        rows = [line for line in lines if title in line]
        if not rows:
            problems.append("the title %r is not in the table" % title)
        elif not any(words[state] in row for row in rows):
            problems.append("the title %r is not on a line with %r: %r"
                            % (title, words[state], rows))
        others = [w for s, w in words.items() if s != state]
        if rows and any(w in rows[0] for w in others):
            problems.append("the line of %r holds another state's word too: %r" % (title, rows[0]))
    return problems


def run_table(suite):
    web = suite.web
    expected = [(Link("table-live", web.url("/ok?table"), title="Table: a page that works",
                      title_ja="表: 動くページ"), "live"),
                (Link("table-moved", web.url("/chain/1"), title="Table: a page that moved",
                      title_ja="表: 移ったページ"), "moved"),
                (Link("table-gone", web.url("/404/table"), title="Table: a page that is gone",
                      title_ja="表: なくなったページ"), "dead"),
                (Link("table-scheme", "ftp://127.0.0.1/table", title="Table: not a web page",
                      title_ja="表: ウェブでないページ"), "not-checked")]
    links = [link for link, _ in expected]

    run = suite.run("table-en", links, json_out=False)
    problems = table_problems(run, expected, STATE_WORDS, lambda link: link.title)
    tap(not problems, "the table (no --json): exit 0, each title with its state word",
        [run.tail()] + run.stdout.splitlines()[:12], problems)

    po = os.path.join(suite.source_root, "po", "ja.po")
    entries = read_po(po)
    ja = {state: entries.get(("link state", word), "") for state, word in STATE_WORDS.items()}
    missing = [STATE_WORDS[s] for s, w in ja.items() if not w]
    problems = ["po/ja.po has no msgstr for msgctxt \"link state\" %r" % w for w in missing]
    if not os.environ.get("BLASTER_CHECK_LOCALEDIR"):
        problems.append("BLASTER_CHECK_LOCALEDIR is not set (the meson test sets it)")
    run = suite.run("table-ja", links, json_out=False, env={"LANGUAGE": "ja"})
    if not missing:
        problems += table_problems(run, expected, ja, lambda link: link.title_ja)
    tap(not problems, "the table with LANGUAGE=ja: the Japanese titles with the state words of "
        "po/ja.po (%s)" % ", ".join(ja.values()), [run.tail()] + run.stdout.splitlines()[:12],
        problems)


def run_languages(suite):
    """Each language's own current address (current[de]) is checked too, and reported under its
    language: a German page that answers 404 is gone for German, whatever language the run
    speaks; in German the link then opens the archived copy, in English its English page."""
    web = suite.web
    link = Link("per-language", web.url("/404/per-language"), current=web.url("/ok?lang-en"),
                current_in={"de": web.url("/404/lang-de"), "zh_TW": web.url("/ok?lang-zh-tw")})
    expected = {"de": ("dead", 404), "zh_TW": ("live", 200)}

    def language_problems(run):
        problems = []
        if run.returncode != 0:
            problems.append("exit status %s, expected 0" % run.returncode)
        got = run.link(link.id) if run.report else None
        if got is None:
            return problems + [run.json_error or "no link %s in the report" % link.id]
        languages = {entry.get("language"): entry for entry in got.get("languages") or []}
        for language, (status, http) in expected.items():
            entry = languages.get(language)
            if entry is None:
                problems.append("no entry for %s in \"languages\": %s"
                                % (language, json.dumps(got.get("languages"))))
                continue
            if entry.get("address") != link.current_in[language]:
                problems.append("%s: address %r, expected %r"
                                % (language, entry.get("address"), link.current_in[language]))
            if entry.get("status") != status or entry.get("http_status") != http:
                problems.append("%s: %s (http %s), expected %s (http %s)"
                                % (language, entry.get("status"), entry.get("http_status"),
                                   status, http))
            if status == "dead" and not (entry.get("reason") or "").strip():
                problems.append("%s: no reason for the user" % language)
        asked = paths(run.log)
        for path in ("/404/lang-de", "/ok?lang-zh-tw"):
            if path not in asked:
                problems.append("the server was never asked for %s: %s" % (path, asked))
        return problems

    run = suite.run("languages-en", [link])
    problems = language_problems(run)
    got = run.link(link.id) or {}
    if got.get("opens") != link.current or got.get("opens_kind") != "current":
        problems.append("in English it opens %r (%r), expected its English page %r"
                        % (got.get("opens"), got.get("opens_kind"), link.current))
    tap(not problems, "current[de] answering 404 is reported gone for de, current[zh_TW] live "
        "for zh_TW, in an English run; the link opens its English page",
        [run.tail()], problems)

    run = suite.run("languages-de", [link], env={"LANGUAGE": "de"})
    problems = language_problems(run)
    got = run.link(link.id) or {}
    current = find_check(got, "current") or {}
    if current.get("address") != link.current_in["de"] or current.get("status") != "dead":
        problems.append("in German the current check is %s, expected the German page, dead"
                        % json.dumps(current))
    if got.get("opens_kind") != "archive":
        problems.append("in German it opens %r (%r), expected the archived copy: its German page "
                        "is gone" % (got.get("opens"), got.get("opens_kind")))
    tap(not problems, "LANGUAGE=de: the link's current address is the German one, gone, so it "
        "opens the archived copy", [run.tail()], problems)

    run = suite.run("languages-table", [link], json_out=False)
    lines = run.stdout.splitlines()
    problems = []
    if run.returncode != 0:
        problems.append("exit status %s, expected 0" % run.returncode)
    for language, (status, _) in expected.items():
        rows = [line for line in lines if "[%s]" % language in line]
        if not rows:
            problems.append("no line for [%s] in the table" % language)
        elif not (STATE_WORDS[status] in rows[0] and link.current_in[language] in rows[0]):
            problems.append("the [%s] line does not say %r with its address: %r"
                            % (language, STATE_WORDS[status], rows[0]))
    tap(not problems, "the table: one line a language, [de] Gone and [zh_TW] Live, each with "
        "its address", [run.tail()] + lines[:14], problems)


def run_bad_input(suite):
    folder = suite.folder("bad-files")
    missing = os.path.join(folder, "no-such-links.ini")
    garbage = os.path.join(folder, "garbage.ini")
    with open(garbage, "w") as f:
        f.write("this is not a key file\n[unclosed\n=no key\n")
    untitled = os.path.join(folder, "untitled.ini")
    with open(untitled, "w") as f:
        f.write("[no-title]\nsection=other\noriginal=%s\narchive=https://web.archive.org/web/"
                "2003/x\nsource=test\n" % suite.web.url("/ok"))
    no_address = os.path.join(folder, "no-address.ini")
    with open(no_address, "w") as f:
        f.write("[no-address]\nsection=other\ntitle=No address at all\nsource=test\n")

    for name, path, args in (("a links file that does not exist", missing, ()),
                             ("a links file that is not a key file", garbage, ()),
                             ("a link without a title", untitled, ()),
                             ("a link without original or current", no_address, ()),
                             ("--timeout that is not a number", "valid", ("--timeout", "soon"))):
        if path == "valid":   # a good links file: only the option is wrong, and only 127.0.0.1
            path = write_links(folder, [Link("fine", suite.web.url("/ok"))], "valid.ini")
        run = suite.run("bad", links_path=path, timeout=None if args else TIMEOUT, args=args)
        problems = []
        if run.returncode != 2:
            problems.append("exit status %s, expected 2" % run.returncode)
        if not run.stderr.strip():
            problems.append("nothing on stderr")
        if run.log:
            problems.append("it checked addresses anyway: %s" % paths(run.log))
        tap(not problems, "%s: exit status 2 and a message on stderr" % name,
            ["stderr: " + run.stderr.strip()[:300]], problems)


def run_deep_json(suite):
    # json-glib's parser recurses once a level: a kept file nested 80,000 deep (200 KB) and a
    # Wayback answer of 64 KiB of [ with a 4 MiB stack each ended the program (SIGSEGV).
    web = suite.web
    link = Link("deep-kept", web.url("/ok?deep-kept"))
    folder = suite.folder("deep-kept-cache")
    cache = os.path.join(folder, "cache")
    with open(store_path(cache), "w") as f:
        f.write("[" * 80000 + "]" * 80000)
    run = suite.run("deep-kept", [link], cache=cache)
    kept, problems = read_store(cache)
    got = run.link(link.id) if run.report else None
    if run.returncode != 0:
        problems.append("exit status %s, expected 0" % run.returncode)
    if not got or got.get("status") != "live":
        problems.append("the link is %r, expected live" % (got or {}).get("status"))
    if "could not be read" not in run.stderr or "64" not in run.stderr:
        problems.append("stderr does not say the kept results could not be read (too deep)")
    if link.original not in kept:
        problems.append("the damaged file was not replaced by this run's results")
    tap(not problems, "a kept link-check.json nested 80,000 deep: read as none, said on stderr, "
        "replaced; exit 0", ["stderr: " + run.stderr.strip()[:300]],
        problems + ([run.tail()] if problems else []))

    gone = Link("deep-wayback", web.url("/404/deep-wayback"))
    web.set_wayback(gone.original, "deep")
    run = suite.run("deep-wayback", [gone], wrapper=("prlimit", "--stack=4194304"))
    problems = []
    got = run.link(gone.id) if run.report else None
    if run.returncode != 0:
        problems.append("exit status %s, expected 0" % run.returncode)
    if not got:
        problems.append(run.json_error or "no link %s in the report" % gone.id)
    else:
        archive = got.get("archive") or {}
        if got.get("status") != "dead":
            problems.append("status %r, expected dead" % got.get("status"))
        if archive.get("source") != "links-file":
            problems.append("archive %s, expected the links file's" % json.dumps(archive))
    if wayback_queries(run.log) == []:
        problems.append("the Wayback stand-in was never asked")
    tap(not problems, "a Wayback answer of 64 KiB of [ (4 MiB stack): no copy, exit 0",
        [], problems + ([run.tail()] if problems else []))


def run_input_limits(suite):
    # Every input has a size limit, checked before it is read: --links /dev/zero grew to 24 GB.
    folder = suite.folder("input-limits")
    fifo = os.path.join(folder, "links.fifo")
    os.mkfifo(fifo)
    big = os.path.join(folder, "big.ini")
    with open(big, "wb") as f:
        block = write_links(folder, [Link("big", suite.web.url("/ok?big"))],
                            "one.ini")
        text = open(block, "rb").read()
        f.write(text + b"# padding\n" * (20 * 1000 * 1000 // 10))
    cases = (("--links /dev/zero", "/dev/zero", "larger than"),
             ("--links a FIFO nobody writes to", fifo, "empty"),
             ("--links a 20 MB file", big, "larger than"))
    for name, path, words in cases:
        run = suite.run("limit", links_path=path)
        problems = []
        if run.returncode != 2:
            problems.append("exit status %s, expected 2" % run.returncode)
        if words not in run.stderr or path not in run.stderr:
            problems.append("stderr does not name the file and say %r" % words)
        if run.seconds > QUICK:
            problems.append("took %.2f s" % run.seconds)
        if run.log:
            problems.append("it checked addresses anyway: %s" % paths(run.log))
        tap(not problems, "%s: refused at once with the reason, exit 2 (%.2f s)"
            % (name, run.seconds), ["stderr: " + run.stderr.strip()[:300]], problems)

    # A FIFO whose writer never writes: not a wait for ever.
    writer = os.open(fifo, os.O_RDWR)
    try:
        run = suite.run("limit-fifo-writer", links_path=fifo)
    finally:
        os.close(writer)
    problems = []
    if run.returncode != 2:
        problems.append("exit status %s, expected 2" % run.returncode)
    if "nothing to read in time" not in run.stderr:
        problems.append("stderr does not say it gave nothing to read")
    if run.seconds > QUICK + SLACK:
        problems.append("took %.2f s" % run.seconds)
    tap(not problems, "--links a FIFO whose writer is silent: refused in %.2f s" % run.seconds,
        ["stderr: " + run.stderr.strip()[:300]], problems)


def run_silent_tls(suite):
    # A server that accepts the TCP connection and never finishes the TLS handshake answered
    # at the TCP level: the address is too slow (dead), the computer is not offline.
    web = suite.web
    link = Link("silent-tls", web.silent_url("/silent"))
    run = suite.run("silent-tls", [link])
    problems = []
    got = run.link(link.id) if run.report else None
    check = find_check(got, "original") if got else None
    if not got:
        problems.append(run.json_error or "no link in the report")
    else:
        if got.get("status") != "dead":
            problems.append("status %r, expected dead" % got.get("status"))
        if (check or {}).get("problem") != "slow":
            problems.append("problem %r, expected slow" % (check or {}).get("problem"))
        if run.report.get("offline") is not False:
            problems.append("offline is %r, expected false" % run.report.get("offline"))
    if run.returncode != 0:
        problems.append("exit status %s, expected 0 (1 is offline)" % run.returncode)
    if run.seconds > TIMEOUT + SLACK:
        problems.append("took %.2f s" % run.seconds)
    tap(not problems, "a TLS handshake that never ends: dead (too slow), not offline, exit 0",
        [run.tail()], problems)


def run_no_route(suite):
    name = "no route at all (unshare --net): the built-in links are all offline, exit 1, < %.0f s" \
        % NO_ROUTE_LIMIT
    probe = subprocess.run(["unshare", "--net", "true"], capture_output=True, text=True)
    if probe.returncode != 0:
        skip(name, "unshare --net is not permitted here: " + probe.stderr.strip()[:200])
        return
    run = suite.run("no-route", None, timeout=None, wrapper=("unshare", "--net"))
    problems = []
    if run.returncode != 1:
        problems.append("exit status %s, expected 1" % run.returncode)
    if run.seconds > NO_ROUTE_LIMIT:
        problems.append("took %.2f s" % run.seconds)
    links = (run.report or {}).get("links") or []
    if run.report is None:
        problems.append(run.json_error or "no JSON")
    else:
        if run.report.get("offline") is not True:
            problems.append("offline is %r, expected true" % run.report.get("offline"))
        if len(links) < 15:
            problems.append("only %d links (the advisory has 15)" % len(links))
        for link in links:
            if link.get("status") != "offline":
                problems.append("%s is %r" % (link.get("id"), link.get("status")))
            elif link.get("archive") and link.get("opens_kind") != "archive":
                problems.append("%s opens %r (%r), not the archive"
                                % (link.get("id"), link.get("opens"), link.get("opens_kind")))
    tap(not problems, name + " (%d links in %.2f s)" % (len(links), run.seconds),
        [run.tail()], problems)


def main():
    if len(sys.argv) < 2:
        print("usage: test-links-cli.py BLASTER-CHECK [SOURCE-ROOT]", file=sys.stderr)
        return 2
    program = os.path.abspath(sys.argv[1])
    source_root = sys.argv[2] if len(sys.argv) > 2 else os.path.dirname(os.path.dirname(HERE))
    help_text = subprocess.run([program, "--check-links", "--help"], capture_output=True,
                               text=True, env=dict(os.environ, LANGUAGE="en")).stdout
    if "--links" not in help_text:
        print("Bail out! %s --check-links --help does not offer --links" % program, flush=True)
        return 1

    suite = Suite(program, source_root)
    try:
        started = time.monotonic()
        run_classification(suite)
        run_slow_second_hop(suite)
        run_offline_alone(suite)
        run_offline_no_wayback(suite)
        run_proxy(suite)
        run_wayback(suite)
        run_wayback_shapes(suite)
        run_store(suite)
        run_store_merge(suite)
        run_table(suite)
        run_languages(suite)
        run_bad_input(suite)
        run_deep_json(suite)
        run_input_limits(suite)
        run_silent_tls(suite)
        run_no_route(suite)
        print("# %d cases in %.1f s" % (n, time.monotonic() - started), flush=True)
    finally:
        suite.close()
    print("1..%d" % n, flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
