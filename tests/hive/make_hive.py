# SPDX-License-Identifier: GPL-3.0-or-later
"""Make real offline Windows registry hive files ("regf") for Blaster Check's tests.

The hives are written by libhivex (Debian package python3-hivex) and read
back by an independent parser, reglookup (Debian package reglookup, built on
libregfi), so a fixture that passes verify() is a hive that two unrelated
implementations agree on.  Nothing here is malicious: the fixtures only hold
registry key and value NAMES and strings that the scanner looks for.

Command line (tests/hive/make-hive.py is the executable wrapper):

    make-hive.py OUT.hive SPEC.json       build OUT.hive from SPEC, then verify it
    make-hive.py --no-verify OUT SPEC     build only
    make-hive.py --verify HIVE SPEC.json  verify an existing hive against SPEC
    make-hive.py --corrupt HOW IN OUT     write a hostile copy of IN (see corrupt())
    make-hive.py --self-test [DIR]        build, verify and corrupt sample hives

Library (tests/hive/ on sys.path, then ``import make_hive``):

    build(path, spec) -> path             write the hive described by spec
    verify(path, spec) -> [str]           read it back with reglookup; raises
                                          VerifyError listing every mismatch,
                                          returns one line per item checked
    corrupt(path, out, how, **opts) -> str
                                          write a hostile variant, returns a
                                          one-line description of what changed
    base_hive_bytes(root_name="ROOT", file_name="", minor=5) -> bytes
                                          the empty 8 KiB hive build() starts from
    read_tree(path) -> dict               reglookup's listing as a tree of raw
                                          names (what verify() compares)
    self_test(outdir=None) -> int         what --self-test runs (0 = all good)

SPEC (a dict, or the same thing as JSON)
----------------------------------------
A key is an object with two optional members, "keys" (subkey name -> key)
and "values" (value name -> value).  The top-level object is the root key
and may also carry hive options:

    {
      "root_name": "ROOT",          root key's name (default "ROOT"; XP used
                                    "$$$PROTO.HIV")
      "file_name": "SOFTWARE",      base block's file name field (UTF-16LE,
                                    at most 31 characters; default empty)
      "minor": 5,                   format version 1.minor, 3 or 5 (default 5)
      "values": {"": "default value of the root key"},
      "keys": {
        "Microsoft": {
          "values": {
            "CSDVersion": "Service Pack 1",            -> REG_SZ
            "DisableSR": {"dword": 1},                  -> REG_DWORD
            "Count": 7,                                 -> REG_DWORD (bare int)
            "Path": {"expand_sz": "%SystemRoot%\\\\x"},  -> REG_EXPAND_SZ
            "Deps": ["RpcSs", "IISADMIN"],              -> REG_MULTI_SZ (bare list)
            "Deps2": {"multi_sz": ["RpcSs"]},           -> REG_MULTI_SZ
            "Id": {"binary": "a4 00 00 00"},            -> REG_BINARY (hex, spaces ok)
            "Big": {"qword": 1099511627776},            -> REG_QWORD
            "BE": {"dword_be": 1},                      -> REG_DWORD_BIG_ENDIAN
            "Lnk": {"link": "\\\\Registry\\\\Machine"}, -> REG_LINK (no terminator)
            "Nothing": {"none": ""},                    -> REG_NONE (hex data)
            "Odd": {"type": 1, "hex": "41004200"}       -> any type number (or
                                                           name "REG_SZ"), raw
                                                           bytes: e.g. a REG_SZ
                                                           without terminator
          },
          "keys": {"ユーザー": {}}                       empty key; any Unicode name
        }
      }
    }

* The value named "" is the key's default value ("(Default)", "@" in .reg).
* Strings are stored as UTF-16LE with a NUL terminator (multi_sz: every
  string NUL-terminated plus a final NUL).  In Python, bytes also means
  REG_BINARY.  bool is refused (it would silently be a DWORD).
* Names may be any Unicode.  hivex stores a name that fits Latin-1 as a
  compressed (8-bit) name and any other name (e.g. Japanese) as UTF-16LE.
  Key names must be non-empty and cannot contain a backslash.  Names that
  differ only in case are refused: the registry compares names
  case-insensitively and hivex would merge or refuse them.

Independent reader: reglookup
-----------------------------
verify() runs ``reglookup -H -S HIVE`` (Debian package reglookup; it parses
hives with libregfi, not with hivex).  Each output line is
``PATH,TYPE,VALUE,MTIME``; any comma, "/", '"', "%" or non-ASCII byte in a
field is written as %XX, so every field is split on "," and then unescaped
to exact bytes.  Key lines have TYPE "KEY" and PATH "/A/B" (the root is "/");
value lines have PATH "<key path>/<value name>" (root values "//name", the
default value an empty name) and TYPE "SZ", "DWORD", ... or "0x%08X" for an
unknown type number.  reglookup converts names and strings to US-ASCII only;
when that fails it prints the raw stored bytes instead, so a non-ASCII name
reads back as its Latin-1 (compressed) or UTF-16LE bytes and a non-ASCII
string as its full UTF-16LE data.  verify() therefore accepts, for every
name, the ASCII/Latin-1 or the UTF-16LE bytes of the expected name, and for
every value either reglookup's typed rendering (text; MULTI_SZ items joined
by "|"; DWORD/QWORD as 0x hex) or the exact expected data bytes; empty data
may print as "(null)".  It checks both directions: every key and value of
the spec is present with the same type and data, and the hive holds no
other key or value.

(samba's regshell/regdiff, package registry-tools, were tried and rejected
as the reference: samba's regf reader ignores the compressed-name flag, so
it cannot read UTF-16 names, prints REG_MULTI_SZ as "(null)", and shows
REG_BINARY data with 4 extra bytes.  libyal's regfexport has no package in
Debian 12.)

Hostile hives: corrupt(path, out, how)
--------------------------------------
corrupt() post-processes the bytes of a built hive, finding offsets with the
small regf walker in this module (base block -> root nk -> lf/lh/li/ri
subkey lists -> value list -> vk):

* "truncated":  the file is cut in the middle of its last hbin (or at
                opts size=N); hbin headers and the base block still claim
                the full length.
* "bitflip":    in the root nk cell, the bytes of the subkey count (+0x18)
                and the subkey-list offset (+0x20) are XORed with 0xFF
                (opts offsets=[...] picks other byte offsets in the cell).
* "badsig":     the base block signature "regf" becomes "rege"; the header
                checksum is recomputed, so the signature is the only defect.
* "hugevalue":  a vk record's data length becomes 0x7fffffff (top bit clear,
                so not inline): by default the first value with out-of-line
                data in on-disk order, or opts key="A\\B", value="Name".
* "cycle":      one entry of a key's lf/lh (or li) subkey list is pointed
                back at an ancestor nk (lh hash updated to match), so walking
                the tree never ends: by default the first key at depth 2 (else
                depth 1) that has subkeys, its first entry, pointing at the
                root; opts key="A\\B", target="root"|"parent"|"self".

The regf layout used here: libyal's "Windows NT Registry File (REGF) format"
document, hivex's lib/hivex-internal.h and samba's regf.idl.
"""

import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile

__all__ = [
    "build", "verify", "corrupt", "base_hive_bytes", "write_base", "read_tree", "self_test",
    "main", "SpecError", "VerifyError", "CORRUPTIONS", "REG_TYPES",
]

# 2003-08-11 00:00:00 UTC (the day Blaster appeared) as a Windows FILETIME:
# every timestamp in a built hive, so that builds are byte-for-byte repeatable.
FILETIME_2003_08_11 = (1060560000 + 11644473600) * 10**7

REG_NONE, REG_SZ, REG_EXPAND_SZ, REG_BINARY, REG_DWORD = 0, 1, 2, 3, 4
REG_DWORD_BIG_ENDIAN, REG_LINK, REG_MULTI_SZ, REG_QWORD = 5, 6, 7, 11
REG_TYPES = {
    "REG_NONE": 0, "REG_SZ": 1, "REG_EXPAND_SZ": 2, "REG_BINARY": 3,
    "REG_DWORD": 4, "REG_DWORD_BIG_ENDIAN": 5, "REG_LINK": 6,
    "REG_MULTI_SZ": 7, "REG_RESOURCE_LIST": 8,
    "REG_FULL_RESOURCE_DESCRIPTOR": 9, "REG_RESOURCE_REQUIREMENTS_LIST": 10,
    "REG_QWORD": 11,
}
_TYPE_NAME = {v: k for k, v in REG_TYPES.items()}
# reglookup's TYPE column for each type number.
_REGLOOKUP_TYPE = {
    0: "NONE", 1: "SZ", 2: "EXPAND_SZ", 3: "BINARY", 4: "DWORD",
    5: "DWORD_BE", 6: "LINK", 7: "MULTI_SZ", 8: "RSRC_LIST", 9: "RSRC_DESC",
    10: "RSRC_REQ_LIST", 11: "QWORD",
}

HBIN = 0x1000  # file offset of the first hbin: cell offsets are relative to it


class SpecError(ValueError):
    """The spec cannot be turned into a hive."""


class VerifyError(AssertionError):
    """The hive does not read back as the spec says (message lists every difference)."""


# --------------------------------------------------------------------------
# hivex, the writer

def _load_hivex():
    """Import python3-hivex; Debian installs it for /usr/bin/python3 only."""
    try:
        import hivex
        return hivex
    except ImportError:
        pass
    dist = "/usr/lib/python3/dist-packages"
    if os.path.isdir(dist) and dist not in sys.path:
        sys.path.append(dist)  # appended: it must not shadow anything else
        try:
            import hivex
            return hivex
        except ImportError:
            pass
    raise ImportError(
        "make_hive: python module 'hivex' not found for %s (Python %d.%d): "
        "install the Debian package python3-hivex (build-aux/deps.sh test) "
        "and run with /usr/bin/python3" % (sys.executable, *sys.version_info[:2]))


# --------------------------------------------------------------------------
# 1. The empty base hive, from bytes

def _cell(body):
    """A used cell: negative int32 size (8-byte aligned, header included), body, padding."""
    size = (4 + len(body) + 7) & ~7
    return struct.pack("<i", -size) + body + bytes(size - 4 - len(body))


def _sid(authority, *subauthorities):
    return (struct.pack("<BB", 1, len(subauthorities)) + authority.to_bytes(6, "big")
            + b"".join(struct.pack("<I", s) for s in subauthorities))


def _security_descriptor():
    """Self-relative SD: owner Administrators, group SYSTEM, DACL Everyone KEY_ALL_ACCESS."""
    owner, group, everyone = _sid(5, 32, 544), _sid(5, 18), _sid(1, 0)
    # ACCESS_ALLOWED_ACE: type 0, flags CONTAINER_INHERIT_ACE, size, mask, SID
    ace = struct.pack("<BBHI", 0, 0x02, 8 + len(everyone), 0xF003F) + everyone
    acl = struct.pack("<BBHHH", 2, 0, 8 + len(ace), 1, 0) + ace
    o_owner = 20
    o_group = o_owner + len(owner)
    o_dacl = o_group + len(group)
    # revision 1, control SE_SELF_RELATIVE | SE_DACL_PRESENT, owner, group, sacl, dacl
    header = struct.pack("<BBHIIII", 1, 0, 0x8004, o_owner, o_group, 0, o_dacl)
    return header + owner + group + acl


def _checksum(base_block):
    """XOR of the first 127 little-endian dwords (bytes 0..507) of the base block."""
    s = 0
    for (w,) in struct.iter_unpack("<I", base_block[:508]):
        s ^= w
    return s


def base_hive_bytes(root_name="ROOT", file_name="", minor=5,
                    timestamp=FILETIME_2003_08_11):
    """Return an empty hive: 4 KiB base block + one 4 KiB hbin with root nk, sk, free cell.

    hivex cannot create a hive from nothing; it opens this one for writing.
    """
    if minor not in (3, 5):
        raise SpecError("minor version must be 3 or 5, not %r" % (minor,))
    try:
        name = root_name.encode("ascii")
    except (UnicodeEncodeError, AttributeError):
        raise SpecError("root_name must be a non-empty ASCII string: %r" % (root_name,))
    if not name or len(name) > 255:
        raise SpecError("root_name must be 1..255 characters: %r" % (root_name,))
    fname = file_name.encode("utf-16le")
    if len(fname) > 62:
        raise SpecError("file_name holds at most 31 UTF-16 characters: %r" % (file_name,))

    root = 0x20  # first cell of the first hbin, relative to the hbin start
    nk_size = (4 + 0x4c + len(name) + 7) & ~7
    sk = root + nk_size
    nk = b"nk" + struct.pack(
        "<HQIIIIIIIIIIIIIIIHH",
        0x2C,            # KEY_HIVE_ENTRY | KEY_NO_DELETE | KEY_COMP_NAME
        timestamp,       # last written
        0,               # access bits
        0xFFFFFFFF,      # parent (none for the root)
        0, 0,            # subkeys, volatile subkeys
        0xFFFFFFFF,      # subkey list
        0xFFFFFFFF,      # volatile subkey list
        0,               # values
        0xFFFFFFFF,      # value list
        sk,              # security (sk) cell
        0xFFFFFFFF,      # class name
        0, 0, 0, 0,      # max subkey name, class name, value name, value data
        0,               # work var
        len(name), 0,    # name length, class name length
    ) + name
    nk_cell = _cell(nk)
    assert len(nk_cell) == nk_size
    sd = _security_descriptor()
    # sk: reserved, flink, blink (a list of one: itself), reference count 1, SD size
    sk_cell = _cell(b"sk" + struct.pack("<HIIII", 0, sk, sk, 1, len(sd)) + sd)
    cells = nk_cell + sk_cell
    free = 0x1000 - 0x20 - len(cells)
    hbin = (b"hbin" + struct.pack("<IIIIQI", 0, 0x1000, 0, 0, timestamp, 0)
            + cells + struct.pack("<i", free) + bytes(free - 4))
    assert len(hbin) == 0x1000

    base = bytearray(0x1000)
    struct.pack_into("<4sIIQIIIIIII", base, 0,
                     b"regf",
                     1, 1,        # primary and secondary sequence numbers: equal = clean
                     timestamp,
                     1, minor,    # format version 1.minor
                     0,           # file type: primary
                     1,           # file format: direct memory load
                     root,        # root cell offset
                     0x1000,      # hive bins data size
                     1)           # clustering factor
    base[0x30:0x30 + len(fname)] = fname
    struct.pack_into("<I", base, 508, _checksum(base))
    return bytes(base) + hbin


def write_base(path, **kw):
    """Write base_hive_bytes(**kw) to path."""
    with open(path, "wb") as f:
        f.write(base_hive_bytes(**kw))
    return path


# --------------------------------------------------------------------------
# 2. The spec, and filling the hive through hivex

_HIVE_OPTIONS = ("root_name", "file_name", "minor")


def _utf16z(s):
    return (s + "\0").encode("utf-16le")


def _int_in(v, bits, what):
    if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v < 1 << bits:
        raise SpecError("%s must be an integer 0..2**%d-1, not %r" % (what, bits, v))
    return v


def _hex(s, what):
    if isinstance(s, (bytes, bytearray)):
        return bytes(s)
    if not isinstance(s, str):
        raise SpecError("%s must be a hex string, not %r" % (what, s))
    try:
        return bytes.fromhex("".join(s.split()))
    except ValueError:
        raise SpecError("%s is not valid hex: %r" % (what, s)) from None


def _str(s, what):
    if not isinstance(s, str):
        raise SpecError("%s must be a string, not %r" % (what, s))
    if "\0" in s:
        raise SpecError("%s contains NUL; use {'type': ..., 'hex': ...} for raw data" % what)
    return s


def _view(t, data):
    """What reglookup can print for (type, data) instead of raw bytes.

    ("text", str) for string types, ("list", [str]) for REG_MULTI_SZ,
    ("int", n) for DWORD/DWORD_BE/QWORD of the right size, else ("raw", None).
    """
    if t in (REG_SZ, REG_EXPAND_SZ, REG_LINK, REG_MULTI_SZ) and len(data) % 2 == 0:
        try:
            text = data.decode("utf-16le")
        except UnicodeDecodeError:
            return "raw", None
        if t == REG_MULTI_SZ:
            items = text.split("\0")
            while items and items[-1] == "":
                items.pop()
            return "list", items
        return "text", text.split("\0", 1)[0]
    if t == REG_DWORD and len(data) == 4:
        return "int", struct.unpack("<I", data)[0]
    if t == REG_DWORD_BIG_ENDIAN and len(data) == 4:
        return "int", struct.unpack(">I", data)[0]
    if t == REG_QWORD and len(data) == 8:
        return "int", struct.unpack("<Q", data)[0]
    return "raw", None


def _value(v, where):
    """Normalise one spec value to (type number, data bytes, _view(type, data))."""
    t, data = _encode(v, where)
    return t, data, _view(t, data)


def _encode(v, where):
    if isinstance(v, bool):
        raise SpecError("%s: bool is not a registry type; use {'dword': 0/1}" % where)
    if isinstance(v, str):
        v = {"sz": v}
    elif isinstance(v, int):
        v = {"dword": v}
    elif isinstance(v, list):
        v = {"multi_sz": v}
    elif isinstance(v, (bytes, bytearray)):
        v = {"binary": bytes(v)}
    if not isinstance(v, dict):
        raise SpecError("%s: cannot make a registry value of %r" % (where, v))

    if set(v) == {"type", "hex"}:
        t = v["type"]
        if isinstance(t, str):
            if t not in REG_TYPES:
                raise SpecError("%s: unknown type name %r (one of %s)"
                                % (where, t, ", ".join(REG_TYPES)))
            t = REG_TYPES[t]
        return _int_in(t, 32, where + ": type"), _hex(v["hex"], where + ": hex")
    if len(v) != 1:
        raise SpecError("%s: a value is {KIND: data} with exactly one KIND, or "
                        "{'type': N, 'hex': '...'}; got %r" % (where, v))
    (kind, d), = v.items()
    if kind in ("sz", "expand_sz"):
        return (REG_SZ if kind == "sz" else REG_EXPAND_SZ), _utf16z(_str(d, where))
    if kind == "link":
        return REG_LINK, _str(d, where).encode("utf-16le")
    if kind == "multi_sz":
        if not isinstance(d, list):
            raise SpecError("%s: multi_sz takes a list of strings" % where)
        for s in d:
            if _str(s, where + " item") == "":
                raise SpecError("%s: a multi_sz item cannot be empty (it would end "
                                "the list); use raw hex for that" % where)
        return REG_MULTI_SZ, b"".join(_utf16z(s) for s in d) + b"\0\0"
    if kind == "dword":
        return REG_DWORD, struct.pack("<I", _int_in(d, 32, where))
    if kind == "dword_be":
        return REG_DWORD_BIG_ENDIAN, struct.pack(">I", _int_in(d, 32, where))
    if kind == "qword":
        return REG_QWORD, struct.pack("<Q", _int_in(d, 64, where))
    if kind == "binary":
        return REG_BINARY, _hex(d, where)
    if kind == "none":
        return REG_NONE, _hex(d, where)
    raise SpecError("%s: unknown value kind %r (sz, expand_sz, multi_sz, dword, "
                    "dword_be, qword, binary, link, none, or type+hex)" % (where, kind))


def _show(path):
    return "\\" + "\\".join(path)


def _normalise(spec, path=(), top=True):
    """Check a spec node; return {"keys": {name: node}, "values": {name: (t, data, view)}}."""
    where = _show(path)
    if spec is None:
        spec = {}
    if not isinstance(spec, dict):
        raise SpecError("key %s: must be an object with 'keys'/'values', not %r" % (where, spec))
    allowed = {"keys", "values"} | (set(_HIVE_OPTIONS) if top else set())
    extra = set(spec) - allowed
    if extra:
        raise SpecError("key %s: unknown member(s) %s (allowed: %s)"
                        % (where, ", ".join(sorted(map(repr, extra))), ", ".join(sorted(allowed))))
    keys = spec.get("keys") or {}
    values = spec.get("values") or {}
    if not isinstance(keys, dict) or not isinstance(values, dict):
        raise SpecError("key %s: 'keys' and 'values' must be objects" % where)
    out = {"keys": {}, "values": {}}
    seen = {}
    for name, sub in keys.items():
        if not isinstance(name, str) or not name or "\\" in name or "\0" in name:
            raise SpecError("key %s: bad subkey name %r (non-empty, no backslash or NUL)"
                            % (where, name))
        if len(name) > 255:
            raise SpecError("key %s: subkey name longer than 255 characters" % where)
        if name.casefold() in seen:
            raise SpecError("key %s: subkeys %r and %r differ only in case"
                            % (where, seen[name.casefold()], name))
        seen[name.casefold()] = name
        out["keys"][name] = _normalise(sub, path + (name,), top=False)
    seen = {}
    for name, v in values.items():
        if not isinstance(name, str) or "\0" in name:
            raise SpecError("key %s: bad value name %r" % (where, name))
        if name.casefold() in seen:
            raise SpecError("key %s: values %r and %r differ only in case"
                            % (where, seen[name.casefold()], name))
        seen[name.casefold()] = name
        out["values"][name] = _value(v, "value %s\\%s" % (where, name or "(Default)"))
    return out


def _load_spec(spec):
    if isinstance(spec, (str, os.PathLike)):
        with open(spec, encoding="utf-8") as f:
            spec = json.load(f)
    if not isinstance(spec, dict):
        raise SpecError("a spec is a JSON object / dict, not %r" % type(spec).__name__)
    return spec


def _fill(h, node, tree):
    for name, (t, data, _view) in tree["values"].items():
        h.node_set_value(node, {"key": name, "t": t, "value": data})
    for name, sub in tree["keys"].items():
        child = h.node_add_child(node, name)
        _fill(h, child, sub)


def build(path, spec):
    """Write the hive described by spec (dict, or path of a JSON file) to path.

    An empty base hive (base_hive_bytes) is opened with hivex for writing,
    every key and value is added through hivex's write API and the result is
    committed to path.  Returns path.  Raises SpecError for a bad spec.
    """
    spec = _load_spec(spec)
    tree = _normalise(spec)
    hivex = _load_hivex()
    opts = {k: spec[k] for k in _HIVE_OPTIONS if k in spec}
    tmp = tempfile.mkdtemp(prefix="make-hive-")
    try:
        base = write_base(os.path.join(tmp, "base.hive"), **opts)
        h = hivex.Hivex(base, write=True)
        _fill(h, h.root(), tree)
        h.commit(os.fspath(path))
        del h
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return path


# --------------------------------------------------------------------------
# 3. Reading back with reglookup, the independent reader

def _unescape(field):
    """reglookup's %XX quoting -> exact bytes."""
    out = bytearray()
    b = field.encode("latin-1")
    i = 0
    while i < len(b):
        if b[i] == 0x25 and _ishex(b[i + 1:i + 3]):
            out += bytes.fromhex(b[i + 1:i + 3].decode())
            i += 3
        else:
            out.append(b[i])
            i += 1
    return bytes(out)


def _ishex(two):
    return len(two) == 2 and all(c in b"0123456789abcdefABCDEF" for c in two)


def _reglookup(path):
    exe = shutil.which("reglookup")
    if exe is None:
        raise VerifyError("reglookup not found: install the Debian package reglookup "
                          "(build-aux/deps.sh test)")
    try:
        p = subprocess.run([exe, "-H", "-S", os.fspath(path)], capture_output=True,
                           env=dict(os.environ, LC_ALL="C"), timeout=120)
    except subprocess.TimeoutExpired:
        raise VerifyError("%s: reglookup did not finish in 120 s" % path) from None
    out = p.stdout.decode("latin-1")
    err = p.stderr.decode("latin-1", "replace")
    errors = [l for l in err.splitlines() if l.startswith("ERROR")]
    if p.returncode != 0 or errors:
        raise VerifyError("%s: reglookup failed (exit %d):\n%s"
                          % (path, p.returncode, err.strip() or "(no message)"))
    return out


def read_tree(path):
    """Parse reglookup's listing into {"keys": {raw name: node}, "values": {raw name: (TYPE, field)}}.

    Names are raw bytes after unescaping (see the module docstring); fields
    are left escaped.
    """
    root = {"keys": {}, "values": {}}

    def node_at(p):
        n = root
        for part in p:
            n = n["keys"].setdefault(part, {"keys": {}, "values": {}})
        return n

    for lineno, line in enumerate(_reglookup(path).split("\n"), 1):
        if not line:
            continue
        fields = line.split(",")
        if len(fields) != 4:
            raise VerifyError("%s: reglookup line %d has %d fields, expected 4: %.200r"
                              % (path, lineno, len(fields), line))
        p, typ, val, _mtime = fields
        if not p.startswith("/"):
            raise VerifyError("%s: reglookup line %d: path %r" % (path, lineno, p))
        if typ == "KEY":
            parts = [] if p == "/" else p[1:].split("/")
            node_at(tuple(_unescape(x) for x in parts))
        else:
            keypath, name = p.rsplit("/", 1)
            parts = [] if keypath in ("", "/") else keypath[1:].split("/")
            node_at(tuple(_unescape(x) for x in parts))["values"][_unescape(name)] = (typ, val)
    return root


def _name_forms(name):
    """The byte strings reglookup may print for a name hivex stored."""
    forms = {name.encode("utf-16le")}
    try:
        forms.add(name.encode("latin-1"))
    except UnicodeEncodeError:
        pass
    return forms


def _value_matches(expected, got):
    t, data, (view, x) = expected
    typ, field = got
    want_typ = _REGLOOKUP_TYPE.get(t, "0x%08X" % t)
    if typ != want_typ:
        return "type %s, expected %s" % (typ, want_typ)
    raw = _unescape(field)
    if raw == data or (not data and field in ("", "(null)")):
        return None
    if view == "text":
        try:
            if raw == x.encode("ascii"):
                return None
        except UnicodeEncodeError:
            pass
    elif view == "list":
        items = [_unescape(s) for s in field.split("|")] if field else []
        try:
            if items == [s.encode("ascii") for s in x]:
                return None
        except UnicodeEncodeError:
            pass
    elif view == "int":
        try:
            if int(field, 16) == x:
                return None
        except ValueError:
            pass
    return "data %.120s, expected %s" % (field, _describe(expected)[1])


def _describe(expected):
    t, data, (view, x) = expected
    tn = _TYPE_NAME.get(t, "type 0x%x" % t)
    if view == "text":
        return tn, repr(x)
    if view == "list":
        return tn, repr(x)
    if view == "int":
        return tn, "0x%x" % x
    return tn, "%d bytes %s%s" % (len(data), data[:16].hex(), "..." if len(data) > 16 else "")


def _label(raw):
    """A readable guess at a name reglookup printed as raw bytes."""
    for enc in ("ascii", "utf-16le"):
        try:
            text = raw.decode(enc)
            if text.isprintable():
                return text
        except UnicodeDecodeError:
            pass
    return raw.decode("latin-1")


def _compare(want, got, path, problems, checked):
    checked.append("KEY        %s" % _show(path))
    for name, expected in want["values"].items():
        forms = _name_forms(name)
        hit = [raw for raw in got["values"] if raw in forms]
        shown = "%s\\%s" % (_show(path).rstrip("\\"), name if name else "(Default)")
        tn, desc = _describe(expected)
        if not hit:
            problems.append("missing value %s (%s)" % (shown, tn))
            continue
        why = _value_matches(expected, got["values"][hit[0]])
        if why:
            problems.append("value %s: %s" % (shown, why))
        else:
            checked.append("%-10s %s = %s" % (tn[4:] if tn.startswith("REG_") else tn, shown, desc))
    value_forms = {n: _name_forms(n) for n in want["values"]}
    for raw in got["values"]:
        if not any(raw in f for f in value_forms.values()):
            problems.append("unexpected value %s\\%s (%s)" % (
                _show(path).rstrip("\\"), _label(raw) or "(Default)", got["values"][raw][0]))
    key_forms = {n: _name_forms(n) for n in want["keys"]}
    for name, sub in want["keys"].items():
        hit = [raw for raw in got["keys"] if raw in key_forms[name]]
        if not hit:
            problems.append("missing key %s" % _show(path + (name,)))
            continue
        _compare(sub, got["keys"][hit[0]], path + (name,), problems, checked)
    for raw in got["keys"]:
        if not any(raw in f for f in key_forms.values()):
            problems.append("unexpected key %s" % _show(path + (_label(raw),)))


def verify(path, spec):
    """Check with reglookup that the hive at path holds exactly what spec says.

    Returns a list of lines, one per key and value checked.  Raises
    VerifyError with every difference (missing/unexpected key or value,
    wrong type, wrong data) listed, or if reglookup cannot read the file.
    """
    tree = _normalise(_load_spec(spec))
    got = read_tree(path)
    problems, checked = [], []
    _compare(tree, got, (), problems, checked)
    if problems:
        raise VerifyError("%s does not match its spec (read back with reglookup):\n  %s"
                          % (path, "\n  ".join(problems)))
    return checked


# --------------------------------------------------------------------------
# 4. Hostile hives

CORRUPTIONS = ("truncated", "bitflip", "badsig", "hugevalue", "cycle")
_ALIASES = {
    "truncate": "truncated", "bit-flipped": "bitflip", "bitflipped": "bitflip",
    "bit-flip": "bitflip", "wrong-signature": "badsig", "signature": "badsig",
    "bad-signature": "badsig", "huge-value": "hugevalue", "huge": "hugevalue",
    "cyclic": "cycle", "loop": "cycle",
}


class _Regf:
    """Just enough of a regf walker to find the cells corrupt() edits."""

    def __init__(self, data):
        self.d = data
        if bytes(data[:4]) != b"regf":
            raise ValueError("not a regf file")
        self.root = HBIN + self.u32(0x24)

    def u16(self, off):
        return struct.unpack_from("<H", self.d, off)[0]

    def u32(self, off):
        return struct.unpack_from("<I", self.d, off)[0]

    def sig(self, off):
        return bytes(self.d[off + 4:off + 6])

    def nk_name(self, off):
        n = self.u16(off + 0x4C)
        raw = bytes(self.d[off + 0x50:off + 0x50 + n])
        return raw.decode("latin-1" if self.u16(off + 6) & 0x20 else "utf-16le")

    def subkey_entries(self, nk):
        """[(list cell, entry index, child nk offset)] in on-disk order."""
        if self.u32(nk + 0x18) == 0 or self.u32(nk + 0x20) == 0xFFFFFFFF:
            return []
        out = []

        def walk(cell, depth=0):
            s, n = self.sig(cell), self.u16(cell + 6)
            if s in (b"lf", b"lh"):
                out.extend((cell, i, HBIN + self.u32(cell + 8 + 8 * i)) for i in range(n))
            elif s == b"li":
                out.extend((cell, i, HBIN + self.u32(cell + 8 + 4 * i)) for i in range(n))
            elif s == b"ri" and depth == 0:
                for i in range(n):
                    walk(HBIN + self.u32(cell + 8 + 4 * i), 1)
            else:
                raise ValueError("unexpected subkey list %r at 0x%x" % (s, cell))

        walk(HBIN + self.u32(nk + 0x20))
        return out

    def children(self, nk):
        return [(self.nk_name(c), c) for _cell, _i, c in self.subkey_entries(nk)]

    def values(self, nk):
        n, vl = self.u32(nk + 0x28), self.u32(nk + 0x2C)
        if n == 0 or vl == 0xFFFFFFFF:
            return []
        out = []
        for i in range(n):
            vk = HBIN + self.u32(HBIN + vl + 4 + 4 * i)
            nl = self.u16(vk + 6)
            raw = bytes(self.d[vk + 0x18:vk + 0x18 + nl])
            name = raw.decode("latin-1" if self.u16(vk + 0x14) & 1 else "utf-16le")
            out.append((name, vk))
        return out

    def walk(self, nk=None, path=()):
        """Yield (path, nk offset) depth-first in on-disk order."""
        nk = self.root if nk is None else nk
        yield path, nk
        for name, c in self.children(nk):
            yield from self.walk(c, path + (name,))

    def find(self, key):
        parts = [p for p in key.split("\\") if p] if key else []
        nk = self.root
        for p in parts:
            for name, c in self.children(nk):
                if name.casefold() == p.casefold():
                    nk = c
                    break
            else:
                raise KeyError("no key %r (at %r)" % (key, p))
        return nk


def _lh_hash(name):
    h = 0
    for ch in name.upper():
        h = (h * 37 + ord(ch)) & 0xFFFFFFFF
    return h


def corrupt(path, out, how, **opts):
    """Write to out a hostile copy of the hive at path; return a one-line description.

    how is one of CORRUPTIONS (see the module docstring for what each does and
    its options): "truncated" (size=N), "bitflip" (offsets=[...] relative to
    the root nk cell), "badsig", "hugevalue" (key=..., value=...), "cycle"
    (key=..., target="root"|"parent"|"self").
    """
    return _corrupt(path, out, how, opts)[0]


def _corrupt(path, out, how, opts):
    """corrupt(), also returning {"key": path tuple, "value": name, "target": name}."""
    how = _ALIASES.get(how, how)
    info = {}
    with open(path, "rb") as f:
        d = bytearray(f.read())
    r = _Regf(d)

    if how == "truncated":
        last, off = None, HBIN
        while off + 12 <= len(d) and d[off:off + 4] == b"hbin":
            last = off
            off += struct.unpack_from("<I", d, off + 8)[0]
        size = opts.get("size")
        if size is None:
            bsize = struct.unpack_from("<I", d, last + 8)[0]
            size = last + bsize // 2
        what = "cut to %d of %d bytes (inside the hbin at 0x%x)" % (size, len(d), last)
        d = d[:size]
    elif how == "bitflip":
        offsets = opts.get("offsets", list(range(0x18, 0x1C)) + list(range(0x20, 0x24)))
        for o in offsets:
            d[r.root + o] ^= 0xFF
        what = "root nk at 0x%x: bytes %s XOR 0xff (subkey count, subkey list offset)" % (
            r.root, ",".join("+0x%x" % o for o in offsets))
    elif how == "badsig":
        d[0:4] = b"rege"
        struct.pack_into("<I", d, 508, _checksum(d))
        what = "signature 'regf' -> 'rege' (checksum recomputed)"
    elif how == "hugevalue":
        if "value" in opts:
            nk = r.find(opts.get("key", ""))
            vks = [(opts.get("key", ""), n, vk) for n, vk in r.values(nk)
                   if n.casefold() == opts["value"].casefold()]
            if not vks:
                raise KeyError("no value %r in key %r" % (opts["value"], opts.get("key", "")))
        else:
            vks = [("\\".join(p), n, vk) for p, nk in r.walk() for n, vk in r.values(nk)]
            outofline = [v for v in vks if not r.u32(v[2] + 8) & 0x80000000]
            vks = outofline or vks
            if not vks:
                raise ValueError("%s has no values to corrupt" % path)
        key, name, vk = vks[0]
        info.update(key=tuple(p for p in key.split("\\") if p), value=name)
        old = r.u32(vk + 8)
        struct.pack_into("<I", d, vk + 8, 0x7FFFFFFF)
        what = "value \\%s\\%s (vk at 0x%x): data length 0x%x -> 0x7fffffff" % (
            key, name or "(Default)", vk, old)
    elif how == "cycle":
        if "key" in opts:
            parts = [p for p in opts["key"].split("\\") if p]
            cands = [(tuple(parts), r.find(opts["key"]))]
        else:
            nodes = list(r.walk())
            cands = ([(p, nk) for p, nk in nodes if len(p) == 2 and r.subkey_entries(nk)]
                     or [(p, nk) for p, nk in nodes if len(p) == 1 and r.subkey_entries(nk)]
                     or [(p, nk) for p, nk in nodes if r.subkey_entries(nk)])
        if not cands or not r.subkey_entries(cands[0][1]):
            raise ValueError("%s: no key with subkeys to make a cycle from" % path)
        kpath, nk = cands[0]
        target = opts.get("target", "root")
        if target == "root":
            tgt = r.root
        elif target == "self":
            tgt = nk
        elif target == "parent":
            tgt = HBIN + r.u32(nk + 0x14) if kpath else nk
        else:
            raise ValueError("target must be root, parent or self")
        cell, i, old = r.subkey_entries(nk)[0]
        s = r.sig(cell)
        tname = r.nk_name(tgt)
        info.update(key=tuple(kpath), target=tname, replaced=r.nk_name(old))
        if s in (b"lf", b"lh"):
            struct.pack_into("<I", d, cell + 8 + 8 * i, tgt - HBIN)
            if s == b"lh":
                struct.pack_into("<I", d, cell + 12 + 8 * i, _lh_hash(tname))
            else:
                d[cell + 12 + 8 * i:cell + 16 + 8 * i] = \
                    tname.encode("latin-1", "replace")[:4].ljust(4, b"\0")
        else:
            struct.pack_into("<I", d, cell + 8 + 4 * i, tgt - HBIN)
        what = ("%s list at 0x%x of key %s: entry %d (was %r at 0x%x) -> %s nk %r at 0x%x"
                % (s.decode(), cell, _show(kpath), i, r.nk_name(old), old, target, tname, tgt))
    else:
        raise ValueError("unknown corruption %r (one of %s)" % (how, ", ".join(CORRUPTIONS)))

    with open(out, "wb") as f:
        f.write(d)
    return what, info


# --------------------------------------------------------------------------
# 5. Self-test

SAMPLE_SOFTWARE = {
    "root_name": "$$$PROTO.HIV",
    "file_name": "SOFTWARE",
    "keys": {"Microsoft": {"keys": {
        "Windows NT": {"keys": {"CurrentVersion": {"values": {
            "ProductName": "Microsoft Windows XP",
            "CurrentVersion": "5.1",
            "CurrentBuildNumber": "2600",
            "CSDVersion": "Service Pack 1",
            "SystemRoot": "C:\\WINDOWS",
            "InstallDate": {"dword": 1041379200},
            "DigitalProductId": {"binary": "a4000000030000003535323734"},
        }}}},
        "Windows": {"keys": {"CurrentVersion": {"keys": {
            "Run": {"values": {"windows auto update": "msblast.exe"}},
        }}}},
        "Updates": {"keys": {"Windows XP": {"keys": {"SP2": {"keys": {
            "KB823980": {"values": {
                "Description": "Security Update for Windows XP (KB823980)",
                "Type": "Update",
            }},
        }}}}}},
    }}},
}

SAMPLE_SYSTEM = {
    "root_name": "$$$PROTO.HIV",
    "file_name": "SYSTEM",
    "keys": {
        "Select": {"values": {"Current": {"dword": 1}, "Default": {"dword": 1},
                              "Failed": {"dword": 0}, "LastKnownGood": {"dword": 2}}},
        "ControlSet001": {"keys": {"Services": {"keys": {
            "RpcPatch": {"values": {
                "Type": {"dword": 0x10},
                "Start": {"dword": 2},
                "ErrorControl": {"dword": 1},
                "ImagePath": {"expand_sz": "%SystemRoot%\\system32\\wins\\dllhost.exe"},
                "DisplayName": "WINS Client",
            }},
            "W3SVC": {"values": {
                "ImagePath": {"expand_sz": "%SystemRoot%\\System32\\inetsrv\\inetinfo.exe"},
                "DependOnService": ["IISADMIN"],
                "Start": {"dword": 2},
            }},
        }}}},
    },
}

SAMPLE_NTUSER = {
    "root_name": "$$$PROTO.HIV",
    "file_name": "NTUSER.DAT",
    "keys": {
        "Software": {"keys": {"Microsoft": {"keys": {"Windows": {"keys": {"CurrentVersion": {
            "keys": {
                "Run": {"values": {"ctfmon.exe": "C:\\WINDOWS\\system32\\ctfmon.exe"}},
                "Explorer": {"keys": {"Shell Folders": {"values": {
                    "Desktop": "C:\\Documents and Settings\\ユーザー\\デスクトップ",
                }}}},
            }}}}}}}},
        "ユーザー": {"values": {"": "既定値", "名前": "山田 太郎"}},
        "Environment": {"values": {"TEMP": {"expand_sz": "%USERPROFILE%\\Local Settings\\Temp"}}},
    },
}

# Every value kind and awkward name, to keep verify() honest.
SAMPLE_EDGES = {
    "minor": 3,
    "values": {"": "root default", "Café, a/b|c%d \"q\"\\": "x/y,z|w%\n"},
    "keys": {
        "types": {"values": {
            "sz": "text", "sz_empty": "", "sz_jp": "日本語",
            "expand": {"expand_sz": "%PATH%"},
            "multi": ["a", "b,c|d"], "multi_empty": [], "multi_jp": ["ユ", "x"],
            "dword": {"dword": 0xFFFFFFFF}, "bare_int": 3,
            "dword_be": {"dword_be": 0x12345678}, "qword": {"qword": 2**40 + 5},
            "binary": {"binary": "00 01 ff 25 2c 2f"}, "binary_empty": {"binary": ""},
            "big": {"binary": "ab" * 5000},
            "link": {"link": "\\Registry\\Machine\\Software"},
            "none": {"none": ""}, "none_data": {"none": "0102"},
            "raw_sz_unterminated": {"type": "REG_SZ", "hex": "41004200"},
            "raw_odd_type": {"type": 0x1234, "hex": "ff00"},
            "raw_short_dword": {"type": 4, "hex": "0102"},
        }},
        "Café": {"keys": {"ユーザー": {"keys": {"深い": {"values": {"名前": "値"}}}}}},
        "a/b,c": {},
    },
}


def _hivexsh(path, commands):
    exe = shutil.which("hivexsh")
    if exe is None:
        return None, "hivexsh not found (Debian package libhivex-bin)"
    p = subprocess.run([exe, os.fspath(path)], input="\n".join(commands) + "\n",
                       capture_output=True, text=True, errors="replace")
    text = (p.stdout + p.stderr).strip()
    return p.returncode, text


def self_test(outdir=None):
    """Build, verify and corrupt sample hives; print what was checked. 0 = all good."""
    keep = outdir is not None
    outdir = outdir or tempfile.mkdtemp(prefix="make-hive-selftest-")
    os.makedirs(outdir, exist_ok=True)
    failures = 0
    print("make-hive self-test: writer hivex (python3-hivex), independent reader %s"
          % (shutil.which("reglookup") or "reglookup (MISSING)"))
    print("output directory: %s%s" % (outdir, "" if keep else " (removed at the end)"))

    built = {}
    for name, spec in (("SOFTWARE", SAMPLE_SOFTWARE), ("SYSTEM", SAMPLE_SYSTEM),
                       ("NTUSER.DAT", SAMPLE_NTUSER), ("edges", SAMPLE_EDGES)):
        path = os.path.join(outdir, name + ".hive")
        try:
            build(path, spec)
            lines = verify(path, spec)
        except Exception as e:  # report and go on with the others
            failures += 1
            print("\nFAIL %s: %s: %s" % (name, type(e).__name__, e))
            continue
        built[name] = path
        nk = sum(l.startswith("KEY") for l in lines)
        print("\nOK   %s (%d bytes): %d keys, %d values read back identical by reglookup"
              % (name, os.path.getsize(path), nk, len(lines) - nk))
        for l in lines:
            print("       " + l)

    # repeatable: the same spec gives the same bytes
    if "SYSTEM" in built:
        again = os.path.join(outdir, "SYSTEM-again.hive")
        build(again, SAMPLE_SYSTEM)
        with open(built["SYSTEM"], "rb") as a, open(again, "rb") as b:
            same = a.read() == b.read()
        failures += not same
        print("\n%s SYSTEM built twice: %s" % ("OK  " if same else "FAIL",
                                                "byte-identical" if same else "DIFFERENT"))
        os.unlink(again)

    # verify() must notice differences, not just pass
    if "SOFTWARE" in built:
        import copy
        wrong = copy.deepcopy(SAMPLE_SOFTWARE)
        cv = wrong["keys"]["Microsoft"]["keys"]["Windows NT"]["keys"]["CurrentVersion"]
        cv["values"]["CSDVersion"] = "Service Pack 2"
        cv["values"]["InstallDate"] = {"qword": 1}
        del cv["values"]["ProductName"]
        wrong["keys"]["Microsoft"]["keys"]["Extra"] = {}
        try:
            verify(built["SOFTWARE"], wrong)
        except VerifyError as e:
            n = str(e).count("\n")
            ok = n == 4
            failures += not ok
            print("\n%s verify() against a wrong spec raises VerifyError with %d problems:"
                  % ("OK  " if ok else "FAIL", n))
            for l in str(e).splitlines()[1:]:
                print("       " + l.strip())
        else:
            failures += 1
            print("\nFAIL verify() accepted a wrong spec")

    # hostile variants, and what hivexsh makes of them (informational)
    if "SOFTWARE" in built:
        print("\nHostile variants of SOFTWARE.hive (hivexsh's reaction is informational):")
        opts = {"hugevalue": {"key": "Microsoft\\Windows\\CurrentVersion\\Run",
                              "value": "windows auto update"}}
        for how in CORRUPTIONS:
            out = os.path.join(outdir, "SOFTWARE-%s.hive" % how)
            try:
                what, info = _corrupt(built["SOFTWARE"], out, how, opts.get(how, {}))
            except Exception as e:
                failures += 1
                print("  FAIL %-9s %s: %s" % (how, type(e).__name__, e))
                continue
            cmds = ["ls", "lsval"]
            if how == "hugevalue":
                cmds = ["cd " + _show(info["key"]), "lsval"]
            elif how == "cycle":
                loop = _show(info["key"] + (info["target"],))
                cmds = ["cd " + _show(info["key"]), "ls", "cd " + loop, "ls",
                        "cd " + loop + loop, "ls"]
            rc, text = _hivexsh(out, cmds)
            print("  %-9s %s" % (how, what))
            print("            hivexsh <<< %s  -> exit %s:" % ("; ".join(cmds), rc))
            for l in text.splitlines()[:8]:
                print("              | " + l)
            if len(text.splitlines()) > 8:
                print("              | ...")

    if not keep:
        shutil.rmtree(outdir, ignore_errors=True)
    print("\nself-test: %s" % ("all checks passed" if not failures else
                               "%d check(s) FAILED" % failures))
    return 1 if failures else 0


# --------------------------------------------------------------------------

_USAGE = """usage: make-hive.py [--no-verify] OUT.hive SPEC.json
       make-hive.py --verify HIVE SPEC.json
       make-hive.py --corrupt HOW IN.hive OUT.hive     (HOW: %s)
       make-hive.py --self-test [DIR]""" % "|".join(CORRUPTIONS)


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv[:1] == ["--self-test"] and len(argv) <= 2:
            return self_test(argv[1] if len(argv) == 2 else None)
        if argv[:1] == ["--verify"] and len(argv) == 3:
            lines = verify(argv[1], argv[2])
            print("%s: %d keys and values match (reglookup)" % (argv[1], len(lines)))
            return 0
        if argv[:1] == ["--corrupt"] and len(argv) == 4:
            print(corrupt(argv[2], argv[3], argv[1]))
            return 0
        check = True
        if argv[:1] == ["--no-verify"]:
            check, argv = False, argv[1:]
        if len(argv) == 2 and not argv[0].startswith("-"):
            build(argv[0], argv[1])
            if check:
                lines = verify(argv[0], argv[1])
                print("%s: built; %d keys and values verified with reglookup"
                      % (argv[0], len(lines)))
            return 0
    except (SpecError, VerifyError, OSError, ValueError, KeyError, ImportError) as e:
        print("make-hive: %s" % e, file=sys.stderr)
        return 1
    print(_USAGE, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
