#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the seed corpus of fuzz-hive (tests/fuzz/corpus-hive/) with tests/hive/make_hive.py.

    tests/fuzz/make-corpus.py [OUT_DIR]      default: tests/fuzz/corpus-hive

The hives are committed: this script only says where they came from (hivex writes them,
byte-for-byte repeatable). It needs Debian's python3-hivex, installed for /usr/bin/python3.

Each seed is one hive, and fuzz-hive uses every input as SOFTWARE, SYSTEM and a user's
NTUSER.DAT at once, so "combined" holds the keys of all three. Nothing here is malicious: the
hives only hold the key and value names and strings the scanner looks for.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "hive"))

import make_hive  # noqa: E402

# XP SP1 (CurrentVersion 5.1), Blaster.A's Run value, the MS03-026 patch key for XP SP1.
SOFTWARE_XP_SP1 = {
    "root_name": "$$$PROTO.HIV",
    "file_name": "SOFTWARE",
    "keys": {"Microsoft": {"keys": {
        "Windows NT": {"keys": {"CurrentVersion": {
            "values": {
                "ProductName": "Microsoft Windows XP",
                "CurrentVersion": "5.1",
                "CurrentBuildNumber": "2600",
                "CSDVersion": "Service Pack 1",
                "InstallDate": {"dword": 1041379200},
            },
            "keys": {"SystemRestore": {"values": {"DisableSR": {"dword": 0}}}},
        }}},
        "Windows": {"keys": {"CurrentVersion": {"keys": {
            "Run": {"values": {
                "windows auto update": "msblast.exe",
                "ctfmon.exe": "C:\\WINDOWS\\system32\\ctfmon.exe",
            }},
            "RunOnce": {"values": {"Microsoft Inet xp..": "teekids.exe"}},
        }}}},
        "Updates": {"keys": {"Windows XP": {"keys": {
            "SP2": {"keys": {"KB823980": {"values": {
                "Description": "Security Update for Windows XP (KB823980)",
                "Type": "Update",
            }}}},
            "SP1": {"keys": {"Q815021": {"keys": {"Filelist": {}}}}},
        }}}},
    }}},
}

# Windows 2000 SP4, format 1.3, a service pack string with extra words, a MULTI_SZ and an
# unterminated REG_SZ where the scanner reads text.
SOFTWARE_2000_SP4 = {
    "root_name": "$$$PROTO.HIV",
    "file_name": "SOFTWARE",
    "minor": 3,
    "keys": {"Microsoft": {"keys": {
        "Windows NT": {"keys": {"CurrentVersion": {"values": {
            "ProductName": "Microsoft Windows 2000",
            "CurrentVersion": "5.0",
            "CSDVersion": "Service Pack 4 RC 1.32",
            "CurrentBuildNumber": {"type": "REG_SZ", "hex": "32003100390035"},
        }}}},
        "Windows": {"keys": {"CurrentVersion": {"keys": {
            "Run": {"values": {
                "Windows Automation": {"expand_sz": "%SystemRoot%\\system32\\mslaugh.exe"},
                "svchost": "C:\\WINNT\\system32\\wins\\svchost.exe",
                "list": ["penis32.exe", "x"],
            }},
        }}}},
        "Updates": {"keys": {"Windows 2000": {"keys": {
            "SP5": {"keys": {"KB824146": {}}},
        }}}},
    }}},
}

# Select\Current = 2: the services of ControlSet002; Welchia's services and IIS.
SYSTEM_SERVICES = {
    "root_name": "$$$PROTO.HIV",
    "file_name": "SYSTEM",
    "keys": {
        "Select": {"values": {"Current": {"dword": 2}, "Default": {"dword": 2},
                              "Failed": {"dword": 0}, "LastKnownGood": {"dword": 3}}},
        "ControlSet001": {"keys": {"Services": {"keys": {"Tcpip": {}}}}},
        "ControlSet002": {"keys": {"Services": {"keys": {
            "RpcPatch": {"values": {
                "Start": {"dword": 2},
                "ImagePath": {"expand_sz": "%SystemRoot%\\system32\\wins\\dllhost.exe"},
                "DisplayName": "WINS Client",
            }},
            "RpcTftpd": {"values": {
                "ImagePath": {"expand_sz": "%SystemRoot%\\System32\\wins\\svchost.exe"},
            }},
            "Helper": {"values": {
                "ImagePath": {"expand_sz": "%SystemRoot%\\System32\\drivers\\svchost.exe"},
            }},
            "W3SVC": {"values": {
                "ImagePath": {"expand_sz": "%SystemRoot%\\System32\\inetsrv\\inetinfo.exe"},
                "DependOnService": ["IISADMIN"],
            }},
            "Netman": {"values": {"ImagePath": {"dword": 7}}},
        }}}},
    },
}

# A user's hive: Run under Software\, Japanese names (stored as UTF-16LE by hivex).
NTUSER = {
    "root_name": "$$$PROTO.HIV",
    "file_name": "NTUSER.DAT",
    "keys": {
        "Software": {"keys": {"Microsoft": {"keys": {"Windows": {"keys": {"CurrentVersion": {
            "keys": {
                "Run": {"values": {
                    "www.hidro.4t.com": "C:\\WINDOWS\\system32\\enbiei.exe",
                    "ユーザー": "C:\\Documents and Settings\\ユーザー\\teekids.exe",
                }},
                "RunOnce": {},
            }}}}}}}},
        "Environment": {"values": {"TEMP": {"expand_sz": "%USERPROFILE%\\Local Settings\\Temp"}}},
    },
}

# SOFTWARE, SYSTEM and NTUSER.DAT keys in one hive: every check finds something in it.
COMBINED = {
    "root_name": "$$$PROTO.HIV",
    "keys": {
        "Microsoft": SOFTWARE_XP_SP1["keys"]["Microsoft"],
        "Software": NTUSER["keys"]["Software"],
        "Select": {"values": {"Current": {"dword": 1}}},
        "ControlSet001": {"keys": {"Services": {"keys": {
            "WksPatch": {"values": {
                "ImagePath": {"expand_sz": "%SystemRoot%\\system32\\drivers\\svchost.exe"}}},
            "W3SVC": {},
            "Odd": {"values": {"ImagePath": {"type": 2, "hex": "41"}, "Start": {"type": 4,
                                                                               "hex": "0102"}}},
        }}}},
    },
}

GOOD = [
    ("software-xp-sp1", SOFTWARE_XP_SP1),
    ("software-2000-sp4", SOFTWARE_2000_SP4),
    ("system-services", SYSTEM_SERVICES),
    ("ntuser", NTUSER),
    ("combined", COMBINED),
]

# make_hive.corrupt(): (output name, source, how, options)
HOSTILE = [
    ("hostile-truncated", "software-xp-sp1", "truncated", {}),
    ("hostile-bitflip", "system-services", "bitflip", {}),
    ("hostile-badsig", "ntuser", "badsig", {}),
    ("hostile-hugevalue", "software-xp-sp1", "hugevalue",
     {"key": "Microsoft\\Windows\\CurrentVersion\\Run", "value": "windows auto update"}),
    ("hostile-cycle", "combined", "cycle", {"key": "ControlSet001\\Services"}),
]


def main(argv):
    out = argv[1] if len(argv) > 1 else os.path.join(HERE, "corpus-hive")
    os.makedirs(out, exist_ok=True)
    for name, spec in GOOD:
        path = os.path.join(out, name + ".hive")
        make_hive.build(path, spec)
        print("%-22s %6d bytes" % (name + ".hive", os.path.getsize(path)))
    for name, src, how, opts in HOSTILE:
        path = os.path.join(out, name + ".hive")
        what = make_hive.corrupt(os.path.join(out, src + ".hive"), path, how, **opts)
        print("%-22s %6d bytes  %s" % (name + ".hive", os.path.getsize(path), what))
    for f in os.listdir(out):
        size = os.path.getsize(os.path.join(out, f))
        if size >= 64 * 1024:
            sys.exit("make-corpus: %s is %d bytes, over 64 KiB" % (f, size))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
