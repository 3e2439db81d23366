#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes hostile hives that hivex accepts but that make the scanner use memory or time out of
all proportion to their size: reproducers for crashes/README.md, bugs 1 and 2.

    make-hive-bombs.py run OUT.hive [N [KB]]          SOFTWARE; default N=1000, KB=8000
    make-hive-bombs.py services OUT.hive [S [M]]      SYSTEM;   default S=20000, M=200

run:      Microsoft\\Windows\\CurrentVersion\\Run lists one REG_SZ of KB kilobytes N times; the
          value's data is a db (big data) record that names one 16 KiB cell again and again.
          Reading the key, hive_values() holds N decoded copies of its text at once: about
          N*KB/2 kilobytes (4 GB by default) from a 44 KiB file.
services: ControlSet001\\Services lists one subkey ("RpcPatch") S times, and that key lists
          one small value M times. check_services() looks each of the S names up again from
          the root (hivex rebuilds the S-entry list at every lookup) and decodes M values
          each time: time ~ S*S + S*M.

A hive may point any number of list entries at the same cell, and hivex checks only that each
entry is a valid cell of the right kind, up to HIVEX_MAX_VALUES (110000) values per key and
HIVEX_MAX_SUBKEYS (70000) subkeys, each value up to 8 MB. Built with tests/hive/make_hive.py
(python3-hivex): a normal hive, then hbins appended with the long lists (and the db record),
the key's nk pointed at them, the header's hive-bins size and checksum updated. Nothing in them is malicious:
key and value names the scanner knows, and the letter A.
"""
import os
import struct
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "hive"))

import make_hive  # noqa: E402

HBIN = make_hive.HBIN


def build(spec):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "base.hive")
        make_hive.build(path, spec)
        with open(path, "rb") as f:
            return bytearray(f.read())


def append_cell(d, body):
    """Appends an hbin holding one used cell with BODY; returns the cell's hive offset."""
    cell = struct.pack("<i", -((4 + len(body) + 7) & ~7)) + body
    cell += bytes((-len(cell)) % 8)
    size = (0x20 + len(cell) + 8 + 0xFFF) & ~0xFFF
    start = len(d)
    page = bytearray(b"hbin" + struct.pack("<IIIIQI", start - HBIN, size, 0, 0,
                                          make_hive.FILETIME_2003_08_11, 0))
    page += cell
    free = size - len(page)
    page += struct.pack("<i", free) + bytes(free - 4)  # the rest of the page: one free cell
    d += page
    return start + 0x20 - HBIN


def finish(d, out):
    struct.pack_into("<I", d, 0x28, len(d) - HBIN)     # base block: hive bins data size
    struct.pack_into("<I", d, 508, make_hive._checksum(d))
    with open(out, "wb") as f:
        f.write(d)


def repeat_value(d, r, nk, n):
    """Points NK's value list at N copies of its only value."""
    (_name, vk), = r.values(nk)
    vlist = append_cell(d, struct.pack("<I", vk - HBIN) * n)
    struct.pack_into("<I", d, nk + 0x28, n)       # nk: number of values
    struct.pack_into("<I", d, nk + 0x2C, vlist)   # nk: value list


def run_bomb(out, n=1000, kb=8000):
    """Run: one REG_SZ of KB kilobytes (1000 bytes) listed N times. Its data is a db record
    (the format's big-data list) naming one 16 KiB cell again and again, so the hive stays
    small however long the value is."""
    length = kb * 1000
    if length > 8000000:
        sys.exit("make-hive-bombs: hivex reads at most 8000000 bytes of a value")
    d = build({
        "root_name": "$$$PROTO.HIV", "file_name": "SOFTWARE",
        "keys": {"Microsoft": {"keys": {
            "Windows NT": {"keys": {"CurrentVersion": {"values": {
                "ProductName": "Microsoft Windows XP", "CurrentVersion": "5.1",
                "CSDVersion": "Service Pack 1"}}}},
            "Windows": {"keys": {"CurrentVersion": {"keys": {"Run": {"values": {
                "windows auto update": "msblast.exe",
            }}}}}},
        }}},
    })
    r = make_hive._Regf(d)
    run = r.find("Microsoft\\Windows\\CurrentVersion\\Run")
    (_name, vk), = r.values(run)
    # hivex copies seg_len - 8 bytes of each segment: a 16 KiB cell gives 16376
    text = ("msblast.exe " + "A" * 8200)[:8188].encode("utf-16le")
    segment = append_cell(d, text)
    per = 16384 - 8
    blocks = -(-length // per)
    blocklist = append_cell(d, struct.pack("<I", segment) * blocks)
    db = append_cell(d, b"db" + struct.pack("<HI", blocks, blocklist))
    struct.pack_into("<I", d, vk + 8, length)    # vk: data length (top bit clear: not inline)
    struct.pack_into("<I", d, vk + 0xC, db)      # vk: data cell, now the db record
    repeat_value(d, r, run, n)
    finish(d, out)
    return "Run lists %d times one REG_SZ of %d bytes (~%d MiB decoded at once)" % (
        n, length, n * length // 2 // 2**20)


def services_bomb(out, s=20000, m=200):
    d = build({
        "root_name": "$$$PROTO.HIV", "file_name": "SYSTEM",
        "keys": {
            "Select": {"values": {"Current": {"dword": 1}}},
            "ControlSet001": {"keys": {"Services": {"keys": {"RpcPatch": {"values": {
                "ImagePath": {"expand_sz": "%SystemRoot%\\system32\\wins\\dllhost.exe"},
            }}}}}},
        },
    })
    r = make_hive._Regf(d)
    services = r.find("ControlSet001\\Services")
    (_cell, _i, rpcpatch), = r.subkey_entries(services)
    repeat_value(d, r, rpcpatch, m)
    # an lh list of S entries, all RpcPatch (lh: offset and name hash per entry)
    entry = struct.pack("<II", rpcpatch - HBIN, make_hive._lh_hash("RpcPatch"))
    lh = append_cell(d, b"lh" + struct.pack("<H", s) + entry * s)
    struct.pack_into("<I", d, services + 0x18, s)    # nk: number of subkeys
    struct.pack_into("<I", d, services + 0x20, lh)   # nk: subkey list
    finish(d, out)
    return "ControlSet001\\Services lists RpcPatch %d times; RpcPatch lists ImagePath %d times" % (
        s, m)


def main(argv):
    if len(argv) < 3 or argv[1] not in ("run", "services"):
        sys.exit(__doc__)
    nums = [int(a) for a in argv[3:]]
    if argv[1] == "services" and nums and nums[0] > 65535:
        sys.exit("make-hive-bombs: an lh list holds at most 65535 entries")
    what = (run_bomb if argv[1] == "run" else services_bomb)(argv[2], *nums)
    print("%s: %d bytes; %s" % (argv[2], os.path.getsize(argv[2]), what))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
