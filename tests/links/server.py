#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The link doctor's web (issue #7): a real HTTP server on 127.0.0.1 that plays every kind of
address the checker must classify, the Wayback Machine's availability API, and a proxy.

Python 3 standard library only. One thread per connection (ThreadingHTTPServer), port 0 (the
system picks a free port). Every request is logged (time, method, path, whether it came in the
absolute form a client sends to a proxy) so a test can assert what the checker asked.

    import server
    web = server.LinkServer(https=True)      # starts at once; web.port, web.https_port
    web.url("/ok")                           # http://127.0.0.1:PORT/ok
    web.set_wayback(original, "capture")     # or "none" (the default), "broken", or a wrong
                                             # shape (WRONG_SHAPES)
    web.requests()                           # the log, oldest first
    web.close()

As a script it serves until stopped (SIGINT/SIGTERM, or standard input closed with --stdin):

    server.py [--https] [--wayback URL=MODE ...] [--wayback-delay MS]
    server.py --self-test                    # TAP: the server does what this text says

and prints `http PORT` (and `https PORT`) on standard output first.

Paths (any method GET or HEAD; a query string is ignored unless said otherwise):
  /ok                 200, a small HTML page
  /ok-moved           200, the end of /chain
  /chain/1            301 -> /chain/2 -> 301 -> /chain/3 -> 301 -> /ok-moved (absolute Locations)
  /loop/a, /loop/b    302 to each other (a redirect loop)
  /hops/N[/TAG]       N redirects, then 200: /hops/N/TAG -> /hops/N-1/TAG ... -> /hops/0/TAG
                      (200). Relative Locations, the codes taking turns 302, 303, 307, 308, 301.
                      The TAG keeps two links' hops apart in one run
  /403..., /404..., /410..., /429..., /500...
                      that status (any path that starts so: /404/name gives every link its own)
  /drip               200 and its headers at once, then one byte a second for a long while; ends
                      as soon as the client goes away (or the server closes)
  /endless            200, a body that never ends (no length, connection closes), written fast
  /to-file            302 to file:///etc/passwd
  /to-ftp             302 to ftp://127.0.0.1/x
  /no-location        302 without a Location header
  /to-drip            302 to /drip?after-redirect, with an empty body (Content-Length: 0) and
                      the connection kept open: a client that keeps connections asks for the
                      drip on the same one (each request's client port is logged: "peer")
  /hang-up...         logged, then the connection is closed without a word (no status line)
  /slow/MS            200 after MS milliseconds; ?status=404 answers that status instead
  silent_url(PATH)    an address on another port that accepts TCP connections and never
                      speaks (no TLS handshake, no answer)
  /wayback/available  the availability API: ?url=ORIGINAL&timestamp=T; the answer for ORIGINAL
                      is set with set_wayback (a capture, no copy, broken JSON, or JSON of a
                      shape the real API never sends: WRONG_SHAPES)
  GET http://host/path HTTP/1.1 (absolute form, a proxy's request): 200 and logged as proxied
"""

import argparse
import http.client
import http.server
import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

CAPTURE_TIMESTAMP = "20030815034523"
DRIP_MAX_SECONDS = 300          # a drip ends after this even if the client never goes away
ENDLESS_MAX_SECONDS = 300       # an endless body ends after this even if nobody stops reading
                                # (time, not bytes: a client without a size cap must not see
                                # it end within its timeout)
HOP_CODES = (302, 303, 307, 308, 301)
STATUS_PATHS = (403, 404, 410, 429, 500)   # /NNN...: that status

PAGE = (b"<!DOCTYPE html><html><head><title>Blaster Check link test</title></head>"
        b"<body><p>A page that works.</p></body></html>\n")


def capture_for(original):
    """The Wayback capture the stand-in gives for ORIGINAL (archive.org's http:// form)."""
    return "http://web.archive.org/web/%s/%s" % (CAPTURE_TIMESTAMP, original)


# Answers of the availability API's shape turned wrong: valid JSON a careless reader takes for
# a copy or chokes on (json-glib's typed getters complain of a member of another type).
WRONG_SHAPES = {
    "snapshots-list": lambda original: {"url": original, "archived_snapshots": []},
    "url-object": lambda original: {"url": original, "archived_snapshots": {"closest": {
        "status": "200", "available": True, "url": {}, "timestamp": CAPTURE_TIMESTAMP}}},
    "available-string": lambda original: {"url": original, "archived_snapshots": {"closest": {
        "status": "200", "available": "yes", "url": "http://web.archive.org/web/2003/x",
        "timestamp": CAPTURE_TIMESTAMP}}},
}
# "deep": 64 KiB of [ (the body cap), JSON nested deeper than any parser's stack allows.
WAYBACK_MODES = ("capture", "none", "broken", "deep") + tuple(WRONG_SHAPES)
DEEP_BYTES = 64 * 1024


def wayback_answer(original, mode):
    """The availability API's body for ORIGINAL: a capture, no copy, broken JSON, or one of
    WRONG_SHAPES."""
    if mode == "capture":
        return json.dumps({"url": original, "archived_snapshots": {"closest": {
            "status": "200", "available": True, "url": capture_for(original),
            "timestamp": CAPTURE_TIMESTAMP}}}).encode()
    if mode == "deep":
        return b"[" * DEEP_BYTES
    if mode == "broken":
        return b'{"url": "' + original.encode() + b'", "archived_snapshots": {"closest": {"url": '
    if mode in WRONG_SHAPES:
        return json.dumps(WRONG_SHAPES[mode](original)).encode()
    return json.dumps({"url": original, "archived_snapshots": {}}).encode()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "BlasterCheckLinkTest/1"

    # -- plumbing ---------------------------------------------------------------------------

    def setup(self):
        super().setup()
        if isinstance(self.connection, ssl.SSLSocket):
            # The handshake here, in the connection's own thread: a client that refuses the
            # certificate (or never speaks) must not stop the accepting thread.
            self.connection.settimeout(10)
            self.connection.do_handshake()
            self.connection.settimeout(None)

    def log_message(self, fmt, *args):
        if self.server.owner.verbose:
            sys.stderr.write("%s %s\n" % (self.address_string(), fmt % args))

    def log_request(self, code="-", size="-"):
        pass   # our own log is the record; log_message prints when verbose

    def record(self):
        absolute = self.path.startswith(("http://", "https://"))
        self.server.owner.record({
            "time": time.monotonic(),
            "method": self.command,
            "path": self.path,
            "line": self.requestline,
            "absolute": absolute,
            "scheme": "https" if isinstance(self.connection, ssl.SSLSocket) else "http",
            "host": self.headers.get("Host", ""),
            "peer": self.client_address[1],    # the client's port: one per connection
        })

    def send(self, code, body=b"", ctype="text/html; charset=utf-8", headers=()):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def redirect(self, code, location):
        self.send(code, b"<p>Moved.</p>\n", headers=(("Location", location),))

    def origin(self):
        scheme = "https" if isinstance(self.connection, ssl.SSLSocket) else "http"
        return "%s://127.0.0.1:%d" % (scheme, self.server.server_address[1])

    # -- the methods ------------------------------------------------------------------------

    def do_GET(self):
        self.record()
        try:
            self.answer()
        except (ConnectionError, ssl.SSLError, socket.timeout, OSError):
            self.close_connection = True

    do_HEAD = do_GET

    def do_CONNECT(self):
        self.record()
        self.send(405, b"No tunnels here.\n", "text/plain")

    def answer(self):
        if self.path.startswith(("http://", "https://")):
            self.send(200, PAGE)     # a proxy's request: answered, and logged as absolute
            return
        url = urllib.parse.urlsplit(self.path)
        path = url.path
        query = urllib.parse.parse_qs(url.query)
        if path in ("/ok", "/ok-moved"):
            self.send(200, PAGE)
        elif path.startswith("/chain/"):
            step = path[len("/chain/"):]
            following = {"1": "/chain/2", "2": "/chain/3", "3": "/ok-moved"}.get(step)
            if following is None:
                self.send(404, b"<p>No such step.</p>\n")
            else:
                self.redirect(301, self.origin() + following)
        elif path in ("/loop/a", "/loop/b"):
            self.redirect(302, "/loop/b" if path == "/loop/a" else "/loop/a")
        elif path.startswith("/hops/"):
            count, _, tag = path[len("/hops/"):].partition("/")
            tag = "/" + tag if tag else ""
            try:
                left = int(count)
            except ValueError:
                left = -1
            if left < 0:
                self.send(404, b"<p>No such hop.</p>\n")
            elif left == 0:
                self.send(200, PAGE)
            else:
                self.redirect(HOP_CODES[left % len(HOP_CODES)], "/hops/%d%s" % (left - 1, tag))
        elif path[:4] in ["/%d" % code for code in STATUS_PATHS]:
            code = int(path[1:4])
            self.send(code, b"<p>HTTP %d.</p>\n" % code)
        elif path == "/drip":
            self.drip()
        elif path == "/endless":
            self.endless()
        elif path == "/to-file":
            self.redirect(302, "file:///etc/passwd")
        elif path == "/to-ftp":
            self.redirect(302, "ftp://127.0.0.1/x")
        elif path == "/no-location":
            self.send(302, b"<p>Moved, but not said where.</p>\n")
        elif path == "/to-drip":
            self.send(302, b"", headers=(("Location", "/drip?after-redirect"),))
        elif path.startswith("/hang-up"):
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
        elif path.startswith("/slow/"):
            try:
                ms = int(path[len("/slow/"):])
            except ValueError:
                ms = 0
            self.server.owner.stopping.wait(ms / 1000.0)
            status = int(query.get("status", ["200"])[0])
            self.send(status, PAGE if status == 200 else b"<p>Gone.</p>\n")
        elif path == "/wayback/available":
            original = query.get("url", [""])[0]
            owner = self.server.owner
            if owner.wayback_delay:
                owner.stopping.wait(owner.wayback_delay)
            self.send(200, wayback_answer(original, owner.wayback_mode(original)),
                      "application/json")
        else:
            self.send(404, b"<p>Not found.</p>\n")

    def drip(self):
        """Headers at once, then one byte a second: the total timeout must stop the client."""
        self.close_connection = True
        owner = self.server.owner
        owner.drip_started()
        try:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(DRIP_MAX_SECONDS))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.flush()
            if self.command == "HEAD":
                return
            self.connection.settimeout(5)
            for _ in range(DRIP_MAX_SECONDS):
                if owner.stopping.wait(1.0):
                    break
                self.wfile.write(b".")   # raises once the client has gone away
                self.wfile.flush()
        except (ConnectionError, socket.timeout, ssl.SSLError, OSError):
            pass
        finally:
            owner.drip_ended()

    def endless(self):
        """A body without a length that never ends, as fast as the client reads it."""
        self.close_connection = True
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command == "HEAD":
            return
        chunk = (b"<p>" + b"endless " * 2000 + b"</p>\n")
        self.connection.settimeout(10)
        until = time.monotonic() + ENDLESS_MAX_SECONDS
        try:
            while time.monotonic() < until and not self.server.owner.stopping.is_set():
                self.wfile.write(chunk)
        except (ConnectionError, socket.timeout, ssl.SSLError, OSError):
            pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def handle_error(self, request, client_address):
        # A client that goes away or refuses our certificate is what the tests do on purpose.
        kind = sys.exc_info()[0]
        if kind is not None and issubclass(kind, (ConnectionError, ssl.SSLError, OSError)):
            return
        super().handle_error(request, client_address)


def make_certificate(folder):
    """A self-signed certificate for 127.0.0.1 (openssl req -x509), made now in FOLDER."""
    cert, key = os.path.join(folder, "cert.pem"), os.path.join(folder, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-keyout", key, "-out", cert, "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
                   check=True, capture_output=True)
    return cert, key


class LinkServer:
    """The server, started at once in background threads: http on .port, https (a self-signed
    certificate) on .https_port when asked for."""

    def __init__(self, https=False, verbose=False, wayback_delay_ms=0):
        self.verbose = verbose
        self.wayback_delay = wayback_delay_ms / 1000.0
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._log = []
        self._wayback = {}
        self._drips_active = 0
        self._drips_total = 0
        self._servers = []
        self._tmp = None

        self._http = self._start(_Server(("127.0.0.1", 0), Handler))
        # A port that accepts TCP (the kernel completes the handshake: it listens) and never
        # says a word: a TLS handshake to it never ends.
        self._silent = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._silent.bind(("127.0.0.1", 0))
        self._silent.listen(64)
        self.silent_port = self._silent.getsockname()[1]
        self.port = self._http.server_address[1]
        self.https_port = None
        self.certificate = None
        if https:
            self._tmp = tempfile.mkdtemp(prefix="blaster-links-tls.")
            cert, key = make_certificate(self._tmp)
            self.certificate = cert
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(cert, key)
            secure = _Server(("127.0.0.1", 0), Handler, bind_and_activate=True)
            secure.socket = context.wrap_socket(secure.socket, server_side=True,
                                                do_handshake_on_connect=False)
            self._start(secure)
            self.https_port = secure.server_address[1]

    def _start(self, server):
        server.owner = self
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                                  daemon=True)
        thread.start()
        self._servers.append(server)
        return server

    # -- addresses --------------------------------------------------------------------------

    def url(self, path):
        return "http://127.0.0.1:%d%s" % (self.port, path)

    def https_url(self, path):
        return "https://127.0.0.1:%d%s" % (self.https_port, path)

    def silent_url(self, path, scheme="https"):
        """An address on the silent port: TCP connects, nothing ever answers."""
        return "%s://127.0.0.1:%d%s" % (scheme, self.silent_port, path)

    def wayback_api(self):
        return self.url("/wayback/available")

    # -- the Wayback stand-in ---------------------------------------------------------------

    def set_wayback(self, original, mode):
        """The availability API's answer for ORIGINAL: one of WAYBACK_MODES."""
        assert mode in WAYBACK_MODES, mode
        with self._lock:
            self._wayback[original] = mode

    def wayback_mode(self, original):
        with self._lock:
            return self._wayback.get(original, "none")

    # -- the log ----------------------------------------------------------------------------

    def record(self, entry):
        with self._lock:
            self._log.append(entry)

    def requests(self, since=0):
        """The requests logged so far (from index SINCE on), oldest first."""
        with self._lock:
            return list(self._log[since:])

    def mark(self):
        """An index for requests(since=...): what comes after now."""
        with self._lock:
            return len(self._log)

    def wayback_queries(self, since=0):
        """The availability API's queries since SINCE: dicts of their decoded parameters."""
        found = []
        for entry in self.requests(since):
            url = urllib.parse.urlsplit(entry["path"])
            if url.path == "/wayback/available" and not entry["absolute"]:
                found.append({k: v[0] for k, v in urllib.parse.parse_qs(url.query).items()})
        return found

    # -- drips ------------------------------------------------------------------------------

    def drip_started(self):
        with self._lock:
            self._drips_active += 1
            self._drips_total += 1

    def drip_ended(self):
        with self._lock:
            self._drips_active -= 1

    def drips_active(self):
        with self._lock:
            return self._drips_active

    # -- the end ----------------------------------------------------------------------------

    def close(self):
        self.stopping.set()
        for server in self._servers:
            server.shutdown()
            server.server_close()
        self._silent.close()
        if self._tmp:
            shutil.rmtree(self._tmp, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


# -- the self-test: the server itself, through Python's own client ----------------------------

def _raw_get(port, path, read_bytes=4096, timeout=5, tls_context=None, absolute_line=None):
    """One request on a raw socket; returns the bytes read (up to READ_BYTES, for at most TIMEOUT
    seconds in all: a drip never lets one recv time out) and the socket."""
    deadline = time.monotonic() + timeout
    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    if tls_context is not None:
        sock = tls_context.wrap_socket(sock, server_hostname="127.0.0.1")
    line = absolute_line or ("GET %s HTTP/1.1" % path)
    sock.sendall((line + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").encode())
    data = b""
    while len(data) < read_bytes:
        left = deadline - time.monotonic()
        if left <= 0:
            break
        sock.settimeout(left)
        try:
            got = sock.recv(min(65536, read_bytes - len(data)))
        except socket.timeout:
            break
        if not got:
            break
        data += got
    return data, sock


def _status_and_location(data):
    head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    status = int(head[0].split()[1])
    location = None
    for line in head[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "location":
            location = value.strip()
    return status, location


def self_test():
    n = failures = 0

    def ok(cond, what):
        nonlocal n, failures
        n += 1
        print(("ok %d - %s" if cond else "not ok %d - %s") % (n, what), flush=True)
        failures += 0 if cond else 1

    with LinkServer(https=True) as web:
        def get(path):
            data, sock = _raw_get(web.port, path)
            sock.close()
            return _status_and_location(data)

        ok(get("/ok") == (200, None), "/ok: 200")
        seen, path = [], "/chain/1"
        while path is not None and len(seen) < 10:
            status, location = get(path)
            seen.append(status)
            path = urllib.parse.urlsplit(location).path if location else None
        ok(seen == [301, 301, 301, 200], "/chain/1: three 301s, then 200 (%s)" % seen)
        ok(get("/loop/a")[1] == "/loop/b" and get("/loop/b")[1] == "/loop/a",
           "/loop/a and /loop/b redirect to each other")
        count, path = 0, "/hops/6/tag"
        while True:
            status, location = get(path)
            if location is None:
                break
            count, path = count + 1, location
        ok((count, status, path) == (6, 200, "/hops/0/tag"),
           "/hops/6/tag: six redirects, then 200 at /hops/0/tag (%d, %d, %s)"
           % (count, status, path))
        ok(get("/404")[0] == 404 and get("/404/x")[0] == 404 and get("/500")[0] == 500,
           "/404, /404/x and /500 give their status")
        codes = [get("/%d/x" % code)[0] for code in (403, 410, 429)]
        ok(codes == [403, 410, 429], "/403/x, /410/x and /429/x give their status (%s)" % codes)
        ok(get("/to-file") == (302, "file:///etc/passwd"), "/to-file: 302 to file://")
        ok(get("/to-ftp") == (302, "ftp://127.0.0.1/x"), "/to-ftp: 302 to ftp://")
        ok(get("/no-location") == (302, None), "/no-location: 302 without a Location")

        # /to-drip, then the drip on the same connection (as a client that keeps it asks).
        mark = web.mark()
        conn = http.client.HTTPConnection("127.0.0.1", web.port, timeout=5)
        conn.request("GET", "/to-drip")
        answer = conn.getresponse()
        first = (answer.status, answer.getheader("Location"), answer.read())
        conn.request("GET", "/drip?after-redirect")
        answer = conn.getresponse()
        second = answer.status
        answer.close()                       # (the response holds the socket too)
        conn.close()
        deadline = time.monotonic() + 5      # the drip's thread sees the client gone
        while web.drips_active() and time.monotonic() < deadline:
            time.sleep(0.1)
        peers = {e["path"]: e["peer"] for e in web.requests(mark)}
        ok(first == (302, "/drip?after-redirect", b"") and second == 200
           and peers.get("/to-drip") == peers.get("/drip?after-redirect") is not None,
           "/to-drip: 302 to /drip?after-redirect with no body, and the drip follows on the same "
           "connection (%s, %s, %s)" % (first, second, peers))

        mark = web.mark()
        data, sock = _raw_get(web.port, "/hang-up/x")
        sock.close()
        ok(data == b"" and [e["path"] for e in web.requests(mark)] == ["/hang-up/x"],
           "/hang-up/x: logged, and closed without a word (%r)" % data[:40])

        start = time.monotonic()
        status, _ = get("/slow/300")
        took = time.monotonic() - start
        ok(status == 200 and 0.29 <= took < 1.5, "/slow/300: 200 after %.2f s" % took)
        ok(get("/slow/10?status=404")[0] == 404, "/slow/10?status=404: 404")

        start = time.monotonic()
        data, sock = _raw_get(web.port, "/endless", read_bytes=1 << 20)
        sock.close()
        took = time.monotonic() - start
        ok(len(data) >= 1 << 20 and took < 2, "/endless: a MiB read in %.2f s" % took)

        data, sock = _raw_get(web.port, "/drip", read_bytes=1 << 20, timeout=2.5)
        body = data.split(b"\r\n\r\n", 1)[1] if b"\r\n\r\n" in data else b""
        ok(_status_and_location(data)[0] == 200 and 1 <= len(body) <= 3,
           "/drip: 200, then a byte a second (%d bytes in 2.5 s)" % len(body))
        ok(web.drips_active() == 1, "the drip is still going while the client is there")
        sock.close()
        deadline = time.monotonic() + 5
        while web.drips_active() and time.monotonic() < deadline:
            time.sleep(0.1)
        ok(web.drips_active() == 0, "the drip's thread ends once the client goes away")

        original = "http://example.invalid/a?b=c;d"
        web.set_wayback(original, "capture")
        query = urllib.parse.urlencode({"url": original, "timestamp": "20030811"})
        data, sock = _raw_get(web.port, "/wayback/available?" + query, read_bytes=1 << 16)
        sock.close()
        answer = json.loads(data.split(b"\r\n\r\n", 1)[1])
        ok(answer["archived_snapshots"]["closest"]["url"] == capture_for(original),
           "Wayback stand-in: a capture for a url set so")
        web.set_wayback(original, "broken")
        data, sock = _raw_get(web.port, "/wayback/available?" + query, read_bytes=1 << 16)
        sock.close()
        try:
            json.loads(data.split(b"\r\n\r\n", 1)[1])
            broken = False
        except ValueError:
            broken = True
        ok(broken, "Wayback stand-in: broken JSON when set so")
        web.set_wayback(original, "deep")
        data, sock = _raw_get(web.port, "/wayback/available?" + query, read_bytes=1 << 17)
        sock.close()
        body = data.split(b"\r\n\r\n", 1)[1] if b"\r\n\r\n" in data else b""
        ok(body == b"[" * DEEP_BYTES, "Wayback stand-in: 64 KiB of [ when set so (%d bytes)"
           % len(body))
        silent = socket.create_connection(("127.0.0.1", web.silent_port), timeout=2)
        silent.settimeout(0.5)
        try:
            said = silent.recv(1)
        except socket.timeout:
            said = None
        silent.close()
        ok(said is None, "the silent port accepts TCP and says nothing (%r)" % said)
        shapes = {}
        for mode in WRONG_SHAPES:
            web.set_wayback(original, mode)
            data, sock = _raw_get(web.port, "/wayback/available?" + query, read_bytes=1 << 16)
            sock.close()
            shapes[mode] = json.loads(data.split(b"\r\n\r\n", 1)[1])
        ok(shapes["snapshots-list"]["archived_snapshots"] == []
           and shapes["url-object"]["archived_snapshots"]["closest"]["url"] == {}
           and shapes["available-string"]["archived_snapshots"]["closest"]["available"] == "yes",
           "Wayback stand-in: the wrong shapes when set so (%s)" % ", ".join(WRONG_SHAPES))
        ok(web.wayback_queries()[-1] == {"url": original, "timestamp": "20030811"},
           "Wayback stand-in: the queries are logged with their parameters")

        mark = web.mark()
        data, sock = _raw_get(web.port, None,
                              absolute_line="GET http://blaster-check.invalid/page HTTP/1.1")
        sock.close()
        log = web.requests(mark)
        ok(_status_and_location(data)[0] == 200 and log and log[0]["absolute"]
           and log[0]["path"] == "http://blaster-check.invalid/page",
           "a request in absolute form (a proxy's) is answered 200 and logged as such")

        refused = False
        try:
            _raw_get(web.https_port, "/ok", tls_context=ssl.create_default_context())
        except ssl.SSLCertVerificationError:
            refused = True
        ok(refused, "https: a verifying client refuses the self-signed certificate")
        trusting = ssl.create_default_context(cafile=web.certificate)
        data, sock = _raw_get(web.https_port, "/ok", tls_context=trusting)
        sock.close()
        ok(_status_and_location(data)[0] == 200,
           "https: with the certificate trusted, /ok is 200 (the server itself works)")
        ok(get("/ok")[0] == 200, "the server still answers after all that")

    print("1..%d" % n)
    return 1 if failures else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--https", action="store_true", help="also serve https (self-signed)")
    parser.add_argument("--wayback", action="append", default=[], metavar="URL=MODE",
                        help="the availability API's answer for URL: %s"
                        % ", ".join(WAYBACK_MODES))
    parser.add_argument("--wayback-delay", type=int, default=0, metavar="MS")
    parser.add_argument("--stdin", action="store_true", help="stop when standard input closes")
    parser.add_argument("--verbose", action="store_true", help="print each request on stderr")
    parser.add_argument("--self-test", action="store_true", help="TAP: check the server itself")
    args = parser.parse_args()
    if args.self_test:
        return self_test()

    web = LinkServer(https=args.https, verbose=args.verbose,
                     wayback_delay_ms=args.wayback_delay)
    for item in args.wayback:
        url, _, mode = item.rpartition("=")
        web.set_wayback(url, mode)
    print("http %d" % web.port, flush=True)
    if web.https_port:
        print("https %d" % web.https_port, flush=True)
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGINT, lambda *_: done.set())
    if args.stdin:
        threading.Thread(target=lambda: (sys.stdin.read(), done.set()), daemon=True).start()
    while not done.wait(0.5):
        pass
    web.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
