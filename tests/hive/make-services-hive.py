#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes a SYSTEM hive with many distinct services, fast, for the services tests and the
benchmark (tests/core/test-services.c, tests/bench/scale-bench.py).

    make-services-hive.py OUT.hive N [--worm]

ControlSet001\\Services holds N services named S0000000, S0000001, … (each with an ImagePath
that names svchost.exe in System32, as many real services do), then W3SVC, and with --worm the
worm's RpcPatch (ImagePath %SystemRoot%\\system32\\wins\\dllhost.exe) as the very last one: a
scan that stops early does not find it. Select\\Current is 1.

make_hive.build() (python3-hivex) writes the base hive with three services; hivex's writer
grows a list by copying it, so N services written through it take O(N*N) bytes (111 MB for
5,000). Instead the first service's nk record is cloned N times into one appended hbin (each
clone with its own name and the same value list), and Services' subkey list is replaced by one
lh list of them all: about 100 bytes a service, 6 MB for 60,000. A sound hive: every record is
listed once, every child names Services as its parent. At most 65,535 services (one lh list).
"""
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import make_hive  # noqa: E402

HBIN = make_hive.HBIN
TEMPLATE = "S0000000"


def _cell(body):
    cell = struct.pack("<i", -((4 + len(body) + 7) & ~7)) + body
    return cell + bytes((-len(cell)) % 8)


def build(out, n, worm=False):
    if n > 65535 - 2:
        raise ValueError("at most 65,533 services (one lh list)")
    services = {
        TEMPLATE: {"values": {
            "ImagePath": {"expand_sz": "%SystemRoot%\\System32\\svchost.exe -k netsvcs"},
            "Start": {"dword": 3}}},
        "W3SVC": {"values": {"ImagePath": {"expand_sz": "%SystemRoot%\\System32\\inetsrv\\inetinfo.exe"}}},
    }
    if worm:
        services["RpcPatch"] = {"values": {
            "ImagePath": {"expand_sz": "%SystemRoot%\\system32\\wins\\dllhost.exe"}}}
    tmp = out + ".base"
    make_hive.build(tmp, {
        "root_name": "$$$PROTO.HIV", "file_name": "SYSTEM",
        "keys": {
            "Select": {"values": {"Current": {"dword": 1}}},
            "ControlSet001": {"keys": {"Services": {"keys": services}}},
        },
    })
    with open(tmp, "rb") as f:
        d = bytearray(f.read())
    os.unlink(tmp)
    r = make_hive._Regf(d)
    services_nk = r.find("ControlSet001\\Services")
    children = dict(r.children(services_nk))
    template = children[TEMPLATE]
    name_len = struct.unpack_from("<H", d, template + 0x4C)[0]
    body = bytes(d[template + 4:template + 4 + 0x4C + name_len])

    # One hbin with the N clones and the new lh list.
    start = len(d)
    cells = bytearray()
    entries = []
    for i in range(n):
        name = "S%07d" % i
        clone = bytearray(body)
        clone[0x4C:0x4C + len(name)] = name.encode("ascii")
        entries.append((start + 0x20 + len(cells) - HBIN, name))
        cells += _cell(bytes(clone))
    entries.append((children["W3SVC"] - HBIN, "W3SVC"))
    if worm:
        entries.append((children["RpcPatch"] - HBIN, "RpcPatch"))
    lh_off = start + 0x20 + len(cells) - HBIN
    cells += _cell(b"lh" + struct.pack("<H", len(entries)) + b"".join(
        struct.pack("<II", off, make_hive._lh_hash(name)) for off, name in entries))
    size = (0x20 + len(cells) + 8 + 0xFFF) & ~0xFFF
    page = bytearray(b"hbin" + struct.pack("<IIIIQI", start - HBIN, size, 0, 0,
                                          make_hive.FILETIME_2003_08_11, 0))
    page += cells
    free = size - len(page)
    page += struct.pack("<i", free) + bytes(free - 4)
    d += page
    struct.pack_into("<I", d, services_nk + 0x18, len(entries))  # nk: number of subkeys
    struct.pack_into("<I", d, services_nk + 0x20, lh_off)        # nk: subkey list
    struct.pack_into("<I", d, 0x28, len(d) - HBIN)               # base block: hive bins size
    struct.pack_into("<I", d, 508, make_hive._checksum(d))
    with open(out, "wb") as f:
        f.write(d)
    return len(entries)


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    total = build(argv[1], int(argv[2]), "--worm" in argv[3:])
    print("%s: %d bytes, %d services" % (argv[1], os.path.getsize(argv[1]), total))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
