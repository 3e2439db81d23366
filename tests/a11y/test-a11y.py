#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The wizard as assistive technology and the keyboard reach it. TAP output.

    test-a11y.py names|by-hand|keyboard APP SOURCE_ROOT

Starts the real application (APP, build/src/gui/blaster-check) with accessibility on, on a fixture
Windows disk with the worm's file and real registry hives given as PATH, and finds its window on
the AT-SPI bus, as a screen reader does. Run it under a virtual display (meson runs it under
xvfb-run); it starts its own D-Bus session with dbus-run-session ($A11Y_DBUS_RUN_SESSION, else
the one on PATH), whose services write to stderr, so that stdout has TAP lines only.

names     walks Welcome → Symptoms → What to check → Checking → Result and on to the last page
          using only accessible roles and names (the push button named "Start", then "Next"…,
          the answer "I have seen this" in the group that asks about the countdown), reads the
          verdict from the accessible tree, and on every page checks that each control (push
          buttons, toggles, check boxes…) and each picture has a name a screen reader can say.
by-hand   the same with "By hand": the Task Manager and Search pictures have names and
          descriptions, the answers are named toggles, the verdict is in words.
keyboard  walks Welcome → Result with real key events (XTest, through xdotool: Tab, Shift+Tab,
          space, Return) and never the pointer. On each page Tab goes round every control and
          back to the first without being trapped, Shift+Tab goes back, every stop has a name,
          and the focused control looks different from the unfocused one (the focus ring).

Needs python3-pyatspi for this interpreter (Debian's /usr/bin/python3), at-spi2-core (the
accessibility bus) and xdotool: a missing one is a failing case with the reason, never a pass.
"""

import ctypes
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

# The roles of what a user operates: each needs a name a screen reader can say.
CONTROL_ROLES = {
    "push button", "toggle button", "check box", "radio button", "menu item", "link",
    "combo box", "spin button", "slider", "entry", "password text", "switch",
}
# GTK 4.8 gives an unnamed widget its type name ("GtkButton", "GtkLabel"): that is no name.
TYPE_NAME = re.compile(r"^(Gtk|Adw|Bc)[A-Z][A-Za-z]*$")
STEP = re.compile(r"^Step (\d+) of (\d+)$")
# A whole run stays under this (the brief of issue #6: about a minute at most).
BUDGET_SECONDS = 60


class Tap:
    """TAP lines: "ok N - what" / "not ok N - what", notes as "# " lines, the plan at the end.
    They go to OUT: stdout, or under own_session() the copy of the stdout meson reads."""

    def __init__(self):
        self.count = 0
        self.failures = 0
        self.out = sys.stdout

    def ok(self, cond, what, notes=()):
        self.count += 1
        if not cond:
            self.failures += 1
        print(f"{'ok' if cond else 'not ok'} {self.count} - {what}", file=self.out)
        for line in notes:
            print(f"# {line}", file=self.out)
        self.out.flush()
        return cond

    def note(self, text):
        print(f"# {text}", file=self.out)
        self.out.flush()

    def finish(self):
        print(f"1..{self.count}", file=self.out)
        self.out.flush()
        return 1 if self.failures or not self.count else 0


tap = Tap()


class Fatal(Exception):
    """A failure after which the walk cannot go on (the case was already printed)."""


# ---------------------------------------------------------------------------------------------
# The fixture disk and the application

def build_fixture(source_root):
    """A Windows XP SP2 disk with real hives (tests/gui/hives, made by tests/hive/make-hive.py),
    Windows's own files and the worm's msblast.exe, as tests/gui/gui-test.c's build_fixture."""
    root = tempfile.mkdtemp(prefix="blaster-a11y-")
    tool = os.path.join(source_root, "tests/hive/make-hive.py")
    for rel, spec in (("WINDOWS/system32/config/SOFTWARE", "software-xp-sp2.json"),
                      ("WINDOWS/system32/config/SYSTEM", "system.json")):
        out = os.path.join(root, rel)
        os.makedirs(os.path.dirname(out), exist_ok=True)
        made = subprocess.run(["/usr/bin/python3", tool, out,
                               os.path.join(source_root, "tests/gui/hives", spec)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if made.returncode != 0:
            tap.ok(False, "the fixture's registry hives can be made",
                   made.stdout.strip().splitlines())
            raise Fatal()
    for rel in ("WINDOWS/system32/kernel32.dll", "WINDOWS/system32/dllhost.exe",
                "WINDOWS/system32/svchost.exe", "Documents and Settings/user/letter.doc",
                "WINDOWS/system32/msblast.exe"):
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        open(path, "w").close()
    return root


def app_environment():
    env = dict(os.environ)
    # The GUI suite switches accessibility off with these: here it must be on.
    env.pop("NO_AT_BRIDGE", None)
    env.pop("GTK_A11Y", None)
    env["LANGUAGE"] = "en"
    env["LANG"] = "C.UTF-8"
    env.pop("LC_ALL", None)
    # Settings of a real desktop (kiosk mode, large text…) must not change what is walked.
    env["GSETTINGS_BACKEND"] = "memory"
    env["GDK_BACKEND"] = "x11"
    # Under Xvfb GTK's GL renderer is Mesa's llvmpipe: the keyboard walk took six times the
    # processor time with it (47 s against 8 s), and a key's frame came 0.1-0.25 s after the
    # focus event (0.01 s with cairo), later still on a loaded machine. Cairo draws the same
    # focus rings; GSK_RENDERER=gl in the environment looks at the GL ones.
    env.setdefault("GSK_RENDERER", "cairo")
    return env


held_display = None


def hold_display(seconds=10):
    """Opens a connection to the X display and keeps it for the whole run. An X server resets
    when its last client leaves, and refuses connections meanwhile: the accessibility bus's
    launcher connects and leaves just before the application starts, which then failed now
    and then with "cannot open display"."""
    global held_display
    x11 = ctypes.CDLL("libX11.so.6")
    x11.XOpenDisplay.restype = ctypes.c_void_p
    x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
    deadline = time.monotonic() + seconds
    while True:
        held_display = x11.XOpenDisplay(None)
        if held_display:
            return
        if time.monotonic() > deadline:
            tap.ok(False, "the X display takes connections",
                   [f"DISPLAY={os.environ.get('DISPLAY')!r}: run this under xvfb-run"])
            raise Fatal()
        time.sleep(0.1)


def require_tools():
    """The display, pyatspi, the session bus, the accessibility bus: each missing one is a
    failing case."""
    hold_display()
    try:
        import pyatspi  # noqa: F401
    except ImportError as error:
        tap.ok(False, "pyatspi can be imported", [
            f"{error} (interpreter {sys.executable})",
            "install python3-pyatspi (build-aux/deps.sh test) and run this with /usr/bin/python3"])
        raise Fatal()
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        tap.ok(False, "a D-Bus session bus is there", [
            "DBUS_SESSION_BUS_ADDRESS is not set: run this under dbus-run-session "
            "(package dbus-daemon)"])
        raise Fatal()
    # at-spi2-core's bus launcher answers org.a11y.Bus on the session bus (D-Bus activation).
    from gi.repository import Gio, GLib
    try:
        bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
        reply = bus.call_sync("org.a11y.Bus", "/org/a11y/bus", "org.a11y.Bus", "GetAddress",
                              None, GLib.VariantType.new("(s)"), Gio.DBusCallFlags.NONE, 10000,
                              None)
        address = reply.unpack()[0]
    except GLib.Error as error:
        tap.ok(False, "the AT-SPI accessibility bus answers", [
            error.message, "install at-spi2-core (its bus launcher provides org.a11y.Bus)"])
        raise Fatal()
    tap.ok(bool(address), "the AT-SPI accessibility bus answers", [f"at {address}"])


class App:
    """The real blaster-check on the fixture, and its accessible application and window."""

    def __init__(self, path, fixture):
        import pyatspi
        self.log = tempfile.NamedTemporaryFile(prefix="blaster-a11y-app-", suffix=".log",
                                               delete=False)
        self.process = subprocess.Popen([path, fixture], env=app_environment(),
                                        stdout=self.log, stderr=subprocess.STDOUT)
        self.accessible = None
        self.window = None
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and self.process.poll() is None:
            desktop = pyatspi.Registry.getDesktop(0)
            for i in range(desktop.childCount):
                child = desktop.getChildAtIndex(i)
                try:
                    if child is not None and child.get_process_id() == self.process.pid:
                        self.accessible = child
                except Exception:
                    continue
            if self.accessible is not None:
                self.window = next((c for c in children(self.accessible)
                                    if c.getRoleName() == "frame"), None)
                if self.window is not None and page_title(self) is not None:
                    break
            time.sleep(0.1)
        found = self.window is not None and page_title(self) is not None
        tap.ok(found, "the application's window is on the AT-SPI bus",
               [] if found else self.tail("never appeared on the accessibility bus"))
        if not found:
            raise Fatal()
        tap.ok(self.window.name == "Blaster Check",
               f"the window is a frame named \"Blaster Check\" (got {self.window.name!r})")

    def tail(self, why):
        self.log.flush()
        with open(self.log.name, errors="replace") as log:
            lines = log.read().splitlines()[-10:]
        status = self.process.poll()
        return [why + ("" if status is None else f"; it exited with status {status}")] + lines

    def close(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
        os.unlink(self.log.name)


# ---------------------------------------------------------------------------------------------
# The accessible tree

def children(acc):
    out = []
    try:
        count = acc.childCount
    except Exception:
        return out
    for i in range(count):
        try:
            child = acc.getChildAtIndex(i)
        except Exception:
            continue
        if child is not None:
            out.append(child)
    return out


def descendants(acc):
    """Every accessible below ACC, depth first, with the names of its ancestors."""
    stack = [(acc, ())]
    while stack:
        node, trail = stack.pop()
        yield node, trail
        try:
            name = node.name
        except Exception:
            name = ""
        kids = children(node)
        for child in reversed(kids):
            stack.append((child, trail + ((node.getRoleName(), name),)))


def role(acc):
    try:
        return acc.getRoleName()
    except Exception:
        return ""


def name(acc):
    try:
        return acc.name or ""
    except Exception:
        return ""


def has_state(acc, state):
    try:
        return acc.getState().contains(state)
    except Exception:
        return False


def find_all(root, want_role, want_name):
    """Accessibles below ROOT with role WANT_ROLE and name WANT_NAME (a string or a regex)."""
    found = []
    for node, _ in descendants(root):
        if role(node) != want_role:
            continue
        n = name(node)
        if n == want_name if isinstance(want_name, str) else want_name.search(n):
            found.append(node)
    return found


def step_label(app):
    """The header's "Step N of M" label: its sibling before it is the page's title."""
    for node, _ in descendants(app.window):
        if role(node) == "label" and STEP.match(name(node)):
            return node
    return None


def page_title(app):
    """The title of the page on screen, as the header bar says it."""
    label = getattr(app, "_step_label", None) if app else None
    if label is None and app is not None and app.window is not None:
        label = app._step_label = step_label(app)
    if label is None:
        return None
    try:
        parent = label.parent
        title = parent.getChildAtIndex(0)
        return name(title)
    except Exception:
        app._step_label = None
        return None


def wait_for(condition, timeout, step=0.05):
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value or time.monotonic() >= deadline:
            return value
        time.sleep(step)


def wait_page(app, title, timeout=10):
    got = wait_for(lambda: page_title(app) == title, timeout)
    tap.ok(got, f"the page \"{title}\" is on screen (the header says {page_title(app)!r})")
    if not got:
        raise Fatal()


def mnemonic_name(text):
    """Whether TEXT is GTK 4.8's name of a button with a mnemonic: its raw label, then its words
    ("_Start Start", "See the _result See the result"), which a screen reader reads as is."""
    words = text.split(" ")
    for k in range(1, len(words)):
        raw, rest = " ".join(words[:k]), " ".join(words[k:])
        if "_" in raw and raw.replace("_", "") == rest:
            return True
    return False


def sayable(text):
    """Whether TEXT is something a screen reader can say for a control: not empty, not a type
    name GTK made up, not a mnemonic's raw label."""
    text = (text or "").strip()
    return bool(text) and not TYPE_NAME.match(text) and not mnemonic_name(text)


class Audit:
    """The names of what a user meets, checked once per accessible over the whole walk."""

    def __init__(self, app):
        self.app = app
        self.seen = set()

    def page(self, title):
        problems = []
        controls = images = 0
        for node, trail in descendants(self.app.window):
            key = node.path
            if key in self.seen:
                continue
            self.seen.add(key)
            r, n = role(node), name(node)
            where = " > ".join(f"{tr} {tn!r}" if tn else tr for tr, tn in trail[-4:])
            if r in CONTROL_ROLES:
                controls += 1
                if not sayable(n):
                    problems.append(f"{r} named {n!r} (in {where})")
            elif r in ("image", "icon"):
                images += 1
                if not sayable(n):
                    problems.append(f"{r} named {n!r}: a picture with no words (in {where}); "
                                    "a decoration should have the presentation role")
            elif r == "label" and TYPE_NAME.match(n):
                problems.append(f"label read as {n!r}: an empty label is read by its type name "
                                f"(in {where}); hide it while it is empty")
            elif r == "list" and TYPE_NAME.match(n):
                problems.append(f"list read as {n!r}: it needs a name (in {where})")
        # The same problem in each row of a list is said once, with its count.
        counted = {}
        for problem in problems:
            counted[problem] = counted.get(problem, 0) + 1
        tap.ok(not problems,
               f"{title}: each of its {controls} new controls and {images} pictures has a name "
               "to say", [p if n == 1 else f"{n} x {p}" for p, n in counted.items()])
        return problems


def do_action(acc, what):
    """Does ACC's first action (a button's "click") as a screen reader does."""
    try:
        action = acc.queryAction()
        if action.nActions < 1:
            raise NotImplementedError
        action.doAction(0)
    except Exception as error:
        tap.ok(False, f"{what} can be done through AT-SPI", [repr(error)])
        raise Fatal()


def named(acc, want):
    """Whether ACC is named WANT, or would be but for GTK 4.8's mnemonic name ("_Next Next"):
    the audit reports that name, and the walk goes on to find what else is wrong."""
    n = name(acc)
    return n == want or (mnemonic_name(n) and n.endswith(" " + want))


def press(app, button_name, title):
    """Finds the push button named BUTTON_NAME that can be pressed and does its action."""
    import pyatspi
    buttons = [b for b in find_all(app.window, "push button", re.compile(""))
               if named(b, button_name) and has_state(b, pyatspi.STATE_SENSITIVE)]
    if not buttons:
        tap.ok(False, f"{title}: a push button named \"{button_name}\" is there",
               ["push buttons: " + ", ".join(repr(name(b)) for b in
                                             find_all(app.window, "push button", re.compile("")))])
        raise Fatal()
    do_action(buttons[0], f"{title}: \"{button_name}\"")


# ---------------------------------------------------------------------------------------------
# The walks by name

def answer_yes(app, title, group_name):
    """In the group GROUP_NAME, presses "I have seen this" and checks it is now the answer."""
    import pyatspi
    groups = find_all(app.window, "grouping", group_name)
    if not tap.ok(len(groups) == 1, f"{title}: one group of answers named \"{group_name}\""):
        raise Fatal()
    answers = [c for c, _ in descendants(groups[0]) if role(c) in CONTROL_ROLES]
    names = [name(a) for a in answers]
    tap.ok(names == ["I have seen this", "No", "Not sure"],
           f"{title}: its answers are named \"I have seen this\", \"No\", \"Not sure\"",
           [f"got {names}"])
    yes = next((a for a in answers if name(a) == "I have seen this"), None)
    if yes is None:
        raise Fatal()
    do_action(yes, f"{title}: \"I have seen this\"")
    pressed = wait_for(lambda: has_state(yes, pyatspi.STATE_PRESSED)
                       or has_state(yes, pyatspi.STATE_CHECKED), 3)
    others = [name(a) for a in answers if a is not yes
              and (has_state(a, pyatspi.STATE_PRESSED) or has_state(a, pyatspi.STATE_CHECKED))]
    tap.ok(pressed and not others,
           f"{title}: \"I have seen this\" is now the chosen answer, and only it",
           [f"also chosen: {others}"] if others else [])


def picture(app, title, name_pattern, what):
    """A picture (role image) whose name matches NAME_PATTERN and that has a description."""
    found = find_all(app.window, "image", re.compile(name_pattern))
    ok = len(found) == 1 and len((found[0].description or "").strip()) > 40
    notes = [f"name {name(found[0])!r}", f"description {found[0].description!r}"] if found else \
        ["pictures: " + ", ".join(repr(name(i)) for i in
                                  find_all(app.window, "image", re.compile("")))]
    tap.ok(ok, f"{title}: {what} is a picture with a name and a description", notes)


def verdict_text(app, question):
    """The words of the label after the label QUESTION ("" when there is none)."""
    for label in find_all(app.window, "label", question):
        try:
            parent = label.parent
            index = label.getIndexInParent()
            if index + 1 < parent.childCount:
                return name(parent.getChildAtIndex(index + 1))
        except Exception:
            continue
    return ""


def walk_to_result(app, audit, by_hand):
    import pyatspi
    wait_page(app, "Welcome")
    audit.page("Welcome")
    press(app, "Start", "Welcome")

    wait_page(app, "Symptoms")
    picture(app, "Symptoms", r"“System Shutdown” box$", "the recreated System Shutdown box")
    audit.page("Symptoms")
    answer_yes(app, "Symptoms", "Have you seen the System Shutdown countdown?")
    press(app, "Next", "Symptoms")

    wait_page(app, "What to check")
    audit.page("What to check")
    if by_hand:
        choice = find_all(app.window, "check box", "By hand")
        if not tap.ok(len(choice) == 1, "What to check: a choice named \"By hand\""):
            raise Fatal()
        # GTK 4.8 gives check buttons no AT-SPI action and cannot move the focus through
        # AT-SPI: as a screen reader's user does, Tab to it and press space (real key events).
        kb = Keyboard(app, Screen())
        tab_to(kb, "What to check", ("check box", "list item"), "By hand")
        kb.key("space")
        tap.ok(wait_for(lambda: has_state(choice[0], pyatspi.STATE_CHECKED), 3),
               "What to check: \"By hand\" is now chosen")
        press(app, "Next", "What to check")

        wait_page(app, "Checking by hand")
        picture(app, "Checking by hand", r"Task Manager", "the Task Manager")
        picture(app, "Checking by hand", r"Search", "the Search window")
        audit.page("Checking by hand")
        # The pictures are not controls: Tab neither stops in them nor is trapped by them.
        kb.pump(0.5)  # the pages slide: a Tab before the end reaches the page going away
        kb.key("Tab")
        tab_round(kb, kb.screen, "Checking by hand")
        # Each name has its answers, "Found" and "Not found", described by the name. GTK 4.8
        # gives them no AT-SPI action: Tab to each and press space, as a screen reader's user
        # does. msblast.exe was found, the others not.
        answered, deadline = {}, time.monotonic() + 20
        while time.monotonic() < deadline:
            focused = kb.key("Tab")
            if focused is None:
                break
            about = (focused.description or "").strip()
            if role(focused) in ("radio button", "check box") and about:
                want = "Found" if about == "msblast.exe" else "Not found"
                if name(focused) == want and about not in answered:
                    kb.key("space")
                    answered[about] = want
                elif about in answered and name(focused) == want:
                    break  # round the page once
        tap.ok("msblast.exe" in answered and len(answered) >= 2,
               f"Checking by hand: {len(answered)} names answered by their described answers",
               [f"{k}: {v}" for k, v in answered.items()])
        press(app, "Next", "Checking by hand")
    else:
        disk = os.path.basename(app.fixture)
        choice = find_all(app.window, "check box", disk)
        tap.ok(len(choice) == 1 and has_state(choice[0], pyatspi.STATE_CHECKED),
               f"What to check: the disk given on the command line is chosen, named \"{disk}\"")
        press(app, "Next", "What to check")

        wait_page(app, "Checking")
        done = wait_for(lambda: find_all(app.window, "label", "The check is finished."), 30, 0.2)
        tap.ok(bool(done), "Checking: \"The check is finished.\" can be read")
        audit.page("Checking")
        press(app, "See the result", "Checking")

    wait_page(app, "Result")
    verdict = verdict_text(app, "Is the worm on this PC?")
    # By hand, msblast.exe seen in Task Manager is a sign, not proof (bc-session.c).
    expected = "Suspicious" if by_hand else "Infected"
    tap.ok(verdict.startswith(expected), "Result: the verdict is in the accessible tree in "
           f"words, after its question: {verdict!r} (expected {expected}…)")
    if not by_hand:
        patched = find_all(app.window, "label", re.compile(r"^Patched\b"))
        tap.ok(len(patched) == 1, "Result: so is the verdict on the MS03-026 fix: "
               + (repr(name(patched[0])) if patched else "no label starts with \"Patched\""))
        worm = find_all(app.window, "label", re.compile(r"msblast\.exe$"))
        tap.ok(bool(worm), "Result: the worm's file can be read in the evidence")
    audit.page("Result")


def walk_on(app, audit):
    """From Result, Next to the last page: each page's names are checked too."""
    import pyatspi
    seen = {"Result"}
    while True:
        buttons = [b for b in find_all(app.window, "push button", re.compile(""))
                   if named(b, "Next") and has_state(b, pyatspi.STATE_SENSITIVE)]
        if not buttons:
            break
        before = page_title(app)
        do_action(buttons[0], f"{before}: \"Next\"")
        if not wait_for(lambda: page_title(app) != before, 5):
            tap.ok(False, f"{before}: \"Next\" goes on to another page")
            return
        title = page_title(app)
        if title in seen:
            break
        seen.add(title)
        audit.page(title)
    tap.note(f"walked on to the last page: {page_title(app)}")


def run_names(app, by_hand):
    audit = Audit(app)
    walk_to_result(app, audit, by_hand)
    if not by_hand:
        walk_on(app, audit)


# ---------------------------------------------------------------------------------------------
# The keyboard walk

class XImage(ctypes.Structure):
    """Xlib's XImage, up to what is read here and its destroy function."""
    _fields_ = [("width", ctypes.c_int), ("height", ctypes.c_int), ("xoffset", ctypes.c_int),
                ("format", ctypes.c_int), ("data", ctypes.c_void_p),
                ("byte_order", ctypes.c_int), ("bitmap_unit", ctypes.c_int),
                ("bitmap_bit_order", ctypes.c_int), ("bitmap_pad", ctypes.c_int),
                ("depth", ctypes.c_int), ("bytes_per_line", ctypes.c_int),
                ("bits_per_pixel", ctypes.c_int), ("red_mask", ctypes.c_ulong),
                ("green_mask", ctypes.c_ulong), ("blue_mask", ctypes.c_ulong),
                ("obdata", ctypes.c_void_p), ("create_image", ctypes.c_void_p),
                ("destroy_image", ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p))]


class Screen:
    """The virtual display through Xlib: real key events (XTest, as a keyboard makes them, not
    events sent to a window) and its pixels, to see the focus ring. In this process: a program
    started per key or grab takes a fifth of a second on a busy machine."""

    def __init__(self):
        self.x11 = ctypes.CDLL("libX11.so.6")
        self.xtst = ctypes.CDLL("libXtst.so.6")
        self.x11.XOpenDisplay.restype = ctypes.c_void_p
        self.x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        self.x11.XDefaultRootWindow.restype = ctypes.c_ulong
        self.x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        self.x11.XStringToKeysym.restype = ctypes.c_ulong
        self.x11.XStringToKeysym.argtypes = [ctypes.c_char_p]
        self.x11.XKeysymToKeycode.restype = ctypes.c_ubyte
        self.x11.XKeysymToKeycode.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
        self.x11.XGetImage.restype = ctypes.POINTER(XImage)
        self.x11.XGetImage.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int,
                                       ctypes.c_int, ctypes.c_uint, ctypes.c_uint,
                                       ctypes.c_ulong, ctypes.c_int]
        self.x11.XDisplayWidth.argtypes = [ctypes.c_void_p, ctypes.c_int]
        self.x11.XDisplayHeight.argtypes = [ctypes.c_void_p, ctypes.c_int]
        self.x11.XFlush.argtypes = [ctypes.c_void_p]
        self.x11.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
        self.x11.XQueryPointer.argtypes = [ctypes.c_void_p, ctypes.c_ulong] + \
            [ctypes.c_void_p] * 2 + [ctypes.POINTER(ctypes.c_int)] * 4 + [ctypes.c_void_p]
        self.xtst.XTestFakeKeyEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_int,
                                                ctypes.c_ulong]
        self.display = self.x11.XOpenDisplay(None)
        if not self.display:
            raise OSError("cannot open the display " + os.environ.get("DISPLAY", "(none)"))
        self.root = self.x11.XDefaultRootWindow(self.display)
        self.width = self.x11.XDisplayWidth(self.display, 0)
        self.height = self.x11.XDisplayHeight(self.display, 0)
        # A11Y_TEST_SHOTS=DIR keeps every grab there (NNN-what.ppm), to look at.
        self.keep = os.environ.get("A11Y_TEST_SHOTS")
        self.kept = 0

    def key(self, combo):
        """Presses and releases COMBO ("Tab", "shift+Tab", "Return", "space")."""
        codes = []
        for part in combo.split("+"):
            keysym = self.x11.XStringToKeysym({"shift": "Shift_L"}.get(part, part).encode())
            codes.append(self.x11.XKeysymToKeycode(self.display, keysym))
        for code in codes:
            self.xtst.XTestFakeKeyEvent(self.display, code, True, 0)
        for code in reversed(codes):
            self.xtst.XTestFakeKeyEvent(self.display, code, False, 0)
        self.x11.XSync(self.display, False)

    def pointer(self):
        values = [ctypes.c_int() for _ in range(4)]
        mask = ctypes.c_uint()
        child = ctypes.c_ulong()
        root = ctypes.c_ulong()
        self.x11.XQueryPointer(self.display, self.root, ctypes.byref(root), ctypes.byref(child),
                               *[ctypes.byref(v) for v in values], ctypes.byref(mask))
        return (values[0].value, values[1].value)

    def grab(self, label=""):
        """The whole screen: (pixels, width, height, bytes a pixel, bytes a row)."""
        image = self.x11.XGetImage(self.display, self.root, 0, 0, self.width, self.height,
                                   0xFFFFFFFF, 2)  # AllPlanes, ZPixmap
        if not image:
            raise OSError("XGetImage failed")
        im = image.contents
        bpp, stride = im.bits_per_pixel // 8, im.bytes_per_line
        pixels = ctypes.string_at(im.data, stride * im.height)
        im.destroy_image(ctypes.cast(image, ctypes.c_void_p))
        shot = (pixels, self.width, self.height, bpp, stride)
        if self.keep:
            self.save(shot, label)
        return shot

    def save(self, shot, label):
        pixels, width, height, bpp, stride = shot
        self.kept += 1
        safe = re.sub(r"[^A-Za-z0-9]+", "-", label)
        packed = b"".join(pixels[row * stride: row * stride + width * bpp]
                          for row in range(height))
        rgb = bytearray(width * height * 3)
        for i, channel in enumerate((2, 1, 0)):  # 24-bit depth, little-endian BGRX pixels
            rgb[i::3] = packed[channel::bpp]
        with open(os.path.join(self.keep, f"{self.kept:03d}-{safe}.ppm"), "wb") as out:
            out.write(b"P6 %d %d 255\n" % (width, height) + bytes(rgb))

    @staticmethod
    def differs(a, box_a, b, box_b=None, unless=None):
        """Whether a pixel of BOX_A (x, y, w, h) in grab A differs from the same place of BOX_B
        (the same size; default BOX_A: the thing may have scrolled) in grab B; those inside
        UNLESS (a box in B) are left out, and so is what is off the screen."""
        pixels_a, width, height, bpp, stride = a
        pixels_b = b[0]
        box_b = box_b or box_a
        dx, dy = box_b[0] - box_a[0], box_b[1] - box_a[1]
        x0 = max(0, box_a[0], -dx)
        y0 = max(0, box_a[1], -dy)
        x1 = min(width, box_a[0] + box_a[2], width - dx)
        y1 = min(height, box_a[1] + box_a[3], height - dy)
        ux0, uy0, ux1, uy1 = ((unless[0], unless[1], unless[0] + unless[2], unless[1] + unless[3])
                              if unless else (0, 0, 0, 0))
        for row in range(y0, y1):
            rowb = row + dy
            # The columns of A to compare on this row: UNLESS (in B) cuts a span out.
            spans = ((x0, min(x1, ux0 - dx)), (max(x0, ux1 - dx), x1)) \
                if uy0 <= rowb < uy1 else ((x0, x1),)
            for s0, s1 in spans:
                if s0 < s1 and (pixels_a[row * stride + s0 * bpp: row * stride + s1 * bpp]
                                != pixels_b[rowb * stride + (s0 + dx) * bpp:
                                            rowb * stride + (s1 + dx) * bpp]):
                    return True
        return False


class Keyboard:
    """Real key events (XTest) to the window that has the X input focus, and where the focus
    went, from the focus events on the accessibility bus."""

    def __init__(self, app, screen):
        import pyatspi
        from gi.repository import GLib
        self.app = app
        self.screen = screen
        self.context = GLib.MainContext.default()
        self.focused = None
        self.events = 0
        pyatspi.Registry.registerEventListener(self._focus, "object:state-changed:focused")
        found = subprocess.run(["xdotool", "search", "--sync", "--onlyvisible", "--pid",
                                str(app.process.pid)], stdout=subprocess.PIPE, text=True,
                               timeout=15)
        ids = found.stdout.split()
        if not tap.ok(bool(ids), "xdotool finds the window"):
            raise Fatal()
        self.xid = ids[-1]
        # The X input focus to the window: there is no window manager, and no pointer is used.
        subprocess.run(["xdotool", "windowfocus", "--sync", self.xid], check=True, timeout=10)
        geometry = subprocess.run(["xdotool", "getwindowgeometry", "--shell", self.xid],
                                  stdout=subprocess.PIPE, text=True, check=True).stdout
        values = dict(line.split("=", 1) for line in geometry.split())
        self.origin = (int(values["X"]), int(values["Y"]))
        self.pointer = screen.pointer()

    def _focus(self, event):
        if event.detail1:
            self.focused = event.source
            self.events += 1

    def pump(self, seconds):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            while self.context.pending():
                self.context.iteration(False)
            time.sleep(0.01)

    def key(self, keys, settle=1.0):
        """Presses KEYS ("Tab", "shift+Tab"…); returns the control focused after, or None when
        the focus did not move within SETTLE seconds."""
        before = self.events
        self.screen.key(keys)
        deadline = time.monotonic() + settle
        while time.monotonic() < deadline and self.events == before:
            self.pump(0.01)
        self.pump(0.02)
        return self.focused if self.events != before else None

    def box(self, acc, margin):
        """ACC's place on the screen with MARGIN pixels around it. GTK 4.8 gives a control's
        content box, without its padding: its focus ring is up to ~20 pixels outside."""
        import pyatspi
        try:
            e = acc.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        except Exception:
            return None
        if e.width <= 0 or e.height <= 0:
            return None
        return (self.origin[0] + e.x - margin, self.origin[1] + e.y - margin,
                e.width + 2 * margin, e.height + 2 * margin)


def describe(acc):
    return f"{role(acc)} {name(acc)!r}" if acc is not None else "nothing"


def inside(inner, outer):
    return (outer[0] <= inner[0] and outer[1] <= inner[1]
            and inner[0] + inner[2] <= outer[0] + outer[2]
            and inner[1] + inner[3] <= outer[1] + outer[3])


# GTK 4.8 gives a control's content box, without its padding: a pill button's focus ring is
# up to ~30 pixels outside it.
RING = 32
# The focus event comes before GTK draws the focus at its next frame (later on a loaded machine),
# Adwaita fades a focus ring in and out, and a page scrolls to the focused control smoothly
# (0.2 s each): the look of a control is read from the screen once the key's frame came and the
# screen then stayed the same around it for QUIET seconds, at the same places.
QUIET = 0.25
# The key's frame may come this long after the focus event; when nothing changed by then, the
# focus is not drawn (or the machine is very slow: a round waits once for LATE seconds more).
DRAWN = 1.0
LATE = 3.0
# Once the frame came, the screen stops moving within this (else it is taken as it is then).
STILL = 4.0


def debug(text):
    """A11Y_DEBUG=1 says on stderr when each key's frame came and the screen was still."""
    if os.environ.get("A11Y_DEBUG"):
        print(f"{time.monotonic():.3f} {text}", file=sys.stderr)


def settle(kb, screen, label, watch, before=None, drawn=DRAWN):
    """The screen once it is still: grabs it until it stayed the same for QUIET seconds around
    each accessible in WATCH, at the same places. With BEFORE (the grab before a key), first
    until it differs from BEFORE around them: the key's frame came; when it did not within DRAWN
    seconds the screen has been still all along. Returns (the grab, the boxes of WATCH with
    RING pixels around, None for one not on the screen, whether the key's frame came)."""
    watch = [acc for acc in watch if acc is not None]
    began = time.monotonic()
    came = before is None
    last = still_since = None
    boxes = [kb.box(acc, RING) for acc in watch]
    while True:
        shot = screen.grab(label)
        now = time.monotonic()
        # The places before and after the grab: when one moved meanwhile, the pixels and the
        # places may not match.
        was, boxes = boxes, [kb.box(acc, RING) for acc in watch]
        steady = was == boxes
        places = [b for b in boxes if b is not None]
        if not came:
            came = steady and any(Screen.differs(before, b, shot) for b in places)
            if not came and now - began >= drawn:
                debug(f"settle {label}: nothing after {now - began:.2f} s")
                return shot, boxes, False
            if came:
                debug(f"settle {label}: came after {now - began:.2f} s")
        if came:
            same = steady and last is not None \
                and not any(Screen.differs(last, b, shot) for b in places)
            if not same:
                still_since = now
            elif now - still_since >= QUIET:
                debug(f"settle {label}: still after {now - began:.2f} s")
                return shot, boxes, True
            if now - began >= drawn + STILL:
                return shot, boxes, True
            last = shot
        time.sleep(0.02)


def tab_round(kb, screen, title, limit=60):
    """Tab from the focused control round the page and back to the first control it reached:
    every stop named, none trapping, each drawn differently focused than once Tab has left it
    (its focus ring); then Shift+Tab goes back one stop. The control focused when it is called
    is where the round starts from but not looked at then: the frame of the key that focused it
    may not be on the screen yet; it is looked at when the round passes it."""
    entry = kb.focused
    before, _, _ = settle(kb, screen, f"{title} {describe(entry)}", [entry])
    start = kb.key("Tab")
    said_start = describe(start)
    stops, problems, unseen = [], [], []
    if start is None:
        problems.append(f"Tab from {describe(entry)} moved the focus nowhere: trapped")
        shown = [(entry, describe(entry), None, before)]
    else:
        shot, boxes, _ = settle(kb, screen, f"{title} {said_start}", [start, entry], before)
        # (control, its words, its place then, the screen while it had the focus)
        shown = [(start, said_start, boxes[0], shot)]
    patience = True  # once a round, a frame may come up to LATE seconds after its key
    for _ in range(limit if start is not None else 0):
        current = shown[-1]
        reached = kb.key("Tab")
        if reached is None:
            problems.append(f"Tab from {current[1]} moved the focus nowhere: trapped")
            break
        back_at_start = reached.path == start.path
        if not back_at_start and any(s.path == reached.path for s in stops):
            problems.append(f"Tab came back to {describe(reached)} without passing {said_start}")
            break
        said = describe(reached)
        # The control Tab left must look different now that it lost the focus, wherever it
        # scrolled to; the one that took the focus is left out, unless one holds the other (a
        # check box in its row).
        watch = [reached, current[0]]
        shot, (box, now), came = settle(kb, screen, f"{title} {said}", watch, current[3])
        while current[2] is not None and now is not None:
            own, other = box, (now[0] + RING, now[1] + RING, now[2] - 2 * RING,
                               now[3] - 2 * RING)
            apart = own and other and not inside(other, own) and not inside(own, other)
            if Screen.differs(current[3], current[2], shot, now, own if apart else None):
                break
            if came or not patience:
                unseen.append(f"{current[1]} at {current[2]}")
                break
            # Nothing at all changed since the key: its frame may be late on a busy machine.
            # Wait once more, longer; a focus that is not drawn stays unseen.
            patience = False
            shot, (box, now), came = settle(kb, screen, f"{title} {said}", watch, current[3],
                                            LATE)
        if back_at_start:
            break
        stops.append(reached)
        shown.append((reached, said, box, shot))
    else:
        if start is not None:
            problems.append(f"{limit} Tab presses did not come back to {said_start}")
    tap.ok(not problems and bool(stops),
           f"{title}: Tab goes round {len(stops) + 1} controls and back to the first",
           problems + ["stops: " + ", ".join(s[1] for s in shown)])
    unnamed = [s[1] for s in shown if s[0] is not None and not sayable(name(s[0]))]
    tap.ok(not unnamed, f"{title}: every control Tab reaches has a name to say", unnamed)
    tap.ok(not unseen, f"{title}: each control Tab reaches looks different with the focus than "
           f"without ({len(shown)} looked at)", [f"no visible focus on {u}" for u in unseen])

    if stops:
        back = kb.key("shift+Tab")
        tap.ok(back is not None and back.path == stops[-1].path,
               f"{title}: Shift+Tab goes back to {shown[-1][1]} (got {describe(back)})")
        kb.key("Tab")


def tab_to(kb, title, want_role, want_name, limit=60):
    """Tabs until the focus is on WANT_ROLE (a role or a tuple of them) named WANT_NAME;
    returns it."""
    roles = want_role if isinstance(want_role, tuple) else (want_role,)
    for _ in range(limit):
        focused = kb.focused
        if focused is not None and role(focused) in roles and named(focused, want_name):
            return focused
        if kb.key("Tab") is None and kb.focused is None:
            break
    tap.ok(False, f"{title}: Tab reaches the {' or '.join(roles)} \"{want_name}\"",
           [f"focus on {describe(kb.focused)}"])
    raise Fatal()


def run_keyboard(app):
    import pyatspi
    if not tap.ok(shutil.which("xdotool") is not None, "xdotool is installed",
                  [] if shutil.which("xdotool") else ["install xdotool (build-aux/deps.sh test)"]):
        raise Fatal()
    try:
        screen = Screen()
    except OSError as error:
        tap.ok(False, "the display can be reached through Xlib and XTest", [str(error)])
        raise Fatal()
    kb = Keyboard(app, screen)
    kb.key("Tab")  # the first key event makes GTK draw focus rings from now on

    wait_page(app, "Welcome")
    tab_round(kb, screen, "Welcome")
    tab_to(kb, "Welcome", "push button", "Start")
    kb.key("Return")

    wait_page(app, "Symptoms")
    kb.pump(0.5)  # the pages slide: a Tab before the end reaches the page going away
    kb.key("Tab")
    tab_round(kb, screen, "Symptoms")
    yes = tab_to(kb, "Symptoms", "push button", "I have seen this")
    kb.key("space")
    tap.ok(wait_for(lambda: has_state(yes, pyatspi.STATE_PRESSED), 2),
           "Symptoms: space on \"I have seen this\" chooses it")
    tab_to(kb, "Symptoms", "push button", "Next")
    kb.key("Return")

    wait_page(app, "What to check")
    kb.pump(0.5)  # the pages slide: a Tab before the end reaches the page going away
    kb.key("Tab")
    tab_round(kb, screen, "What to check")
    tab_to(kb, "What to check", "push button", "Next")
    kb.key("Return")

    wait_page(app, "Checking")
    kb.pump(0.5)  # the pages slide: a Tab before the end reaches the page going away
    tap.ok(bool(wait_for(lambda: find_all(app.window, "label", "The check is finished."), 30,
                         0.2)), "Checking: the check finishes")
    kb.key("Tab")
    tab_round(kb, screen, "Checking")
    tab_to(kb, "Checking", "push button", "See the result")
    kb.key("Return")

    wait_page(app, "Result")
    kb.pump(0.5)  # the pages slide: a Tab before the end reaches the page going away
    infected = find_all(app.window, "label", re.compile(r"^Infected\b"))
    tap.ok(len(infected) == 1, "Result: the verdict is there in words")
    kb.key("Tab")
    tab_round(kb, screen, "Result")
    tap.ok(screen.pointer() == kb.pointer, f"the pointer never moved (at {kb.pointer})")


# ---------------------------------------------------------------------------------------------

def own_session():
    """Runs this script again in a D-Bus session of its own (dbus-run-session) with its TAP lines
    on a copy of this stdout, and returns its status. The session bus hands its stdout down to the
    services it starts, and at-spi2-registryd writes "SpiRegistry daemon is running…" there: no
    TAP, which meson reports as an error. So the bus and all it starts write to stderr."""
    runner = os.environ.get("A11Y_DBUS_RUN_SESSION") or shutil.which("dbus-run-session")
    if not runner:
        tap.ok(False, "dbus-run-session is installed",
               ["install dbus-daemon (build-aux/deps.sh test): the walk needs a D-Bus session"])
        return tap.finish()
    sys.stdout.flush()
    tap_fd = os.dup(sys.stdout.fileno())
    try:
        status = subprocess.run([runner, "--", sys.executable, os.path.abspath(__file__)]
                                + sys.argv[1:], stdout=sys.stderr.fileno(),
                                env=dict(os.environ, A11Y_TAP_FD=str(tap_fd)),
                                pass_fds=(tap_fd,)).returncode
    finally:
        os.close(tap_fd)
    return status if status >= 0 else 128 - status


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("names", "by-hand", "keyboard"):
        print(__doc__, file=sys.stderr)
        return 2
    try:
        import pyatspi  # noqa: F401
    except ImportError:
        # python3-pyatspi is there for Debian's own interpreter: use it if this is another one
        # (a pyenv python3, say). require_tools() says so when it is missing there too.
        if os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3") \
                and os.access("/usr/bin/python3", os.X_OK) and not os.environ.get("A11Y_REEXEC"):
            os.environ["A11Y_REEXEC"] = "1"
            os.execv("/usr/bin/python3", ["/usr/bin/python3", os.path.abspath(__file__)]
                     + sys.argv[1:])
    tap_fd = os.environ.get("A11Y_TAP_FD")
    if tap_fd is None:
        return own_session()
    tap.out = open(int(tap_fd), "w", encoding="utf-8", closefd=False)
    os.set_inheritable(int(tap_fd), False)  # the application and the tools get no copy
    mode, app_path, source_root = sys.argv[1:]
    started = time.monotonic()
    fixture = app = None
    try:
        require_tools()
        fixture = build_fixture(source_root)
        app = App(app_path, fixture)
        app.fixture = fixture
        if mode == "keyboard":
            run_keyboard(app)
        else:
            run_names(app, by_hand=(mode == "by-hand"))
    except Fatal:
        tap.note("the walk stopped here")
    finally:
        if app is not None:
            app.close()
        if fixture is not None:
            shutil.rmtree(fixture, ignore_errors=True)
    elapsed = time.monotonic() - started
    tap.ok(elapsed < BUDGET_SECONDS, f"the {mode} walk took {elapsed:.1f} s "
           f"(at most {BUDGET_SECONDS} s)")
    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
