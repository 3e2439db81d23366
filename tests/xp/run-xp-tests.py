#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Would blaster-scan.exe load on Windows XP SP2? (TAP)

Wine runs an .exe that Windows XP would refuse: Wine's DLLs export what Windows 10 has. XP's
loader refuses a program that asks for a newer Windows in its PE header, a DLL that XP does not
ship, or one function its DLLs do not export ("The procedure entry point ... could not be
located"), and the technician on the infected PC is left with nothing. This reads the built
.exe with the cross toolchain's objdump and checks all three against Windows XP SP2 (32-bit,
5.1) or Windows XP x64 (5.2, the x86_64 build's oldest Windows):

  1 the PE header: a console program for Windows 5.1 (5.2 for x86_64) or older, nothing
    delay-loaded (those imports would escape the checks below);
  2 every DLL it imports ships with Windows XP: no api-ms-win-*, ucrtbase, vcruntime, libgcc
    or winpthread DLL, nothing to copy beside the .exe;
  3 every function it imports is in xp-sp2-imports.txt, the hand-checked list of functions
    that XP SP2's DLLs export;
  4 that list itself names no function known to be newer than XP SP2.

  run-xp-tests.py --exe build-win32/src/cli/blaster-scan.exe --cpu x86 \\
      --objdump i686-w64-mingw32-objdump --imports tests/xp/xp-sp2-imports.txt
"""

import argparse
import os
import re
import subprocess
import sys

# Windows version each build must load on: XP SP2 (32-bit) is 5.1, XP x64 is 5.2.
OLDEST = {"x86": ((5, 1), "Windows XP (5.1)"), "x86_64": ((5, 2), "Windows XP x64 (5.2)")}
FORMAT = {"x86": ("pei-i386", "010b"), "x86_64": ("pei-x86-64", "020b")}
CONSOLE_SUBSYSTEM = 3

# DLLs in a Windows XP SP2 installation's system32 that a console program may import.
XP_DLLS = {
    "advapi32.dll", "comctl32.dll", "crypt32.dll", "gdi32.dll", "iphlpapi.dll", "kernel32.dll",
    "mpr.dll", "msvcrt.dll", "netapi32.dll", "ntdll.dll", "ole32.dll", "oleaut32.dll",
    "psapi.dll", "rpcrt4.dll", "secur32.dll", "shell32.dll", "shlwapi.dll", "user32.dll",
    "userenv.dll", "version.dll", "winmm.dll", "ws2_32.dll", "wsock32.dll", "wtsapi32.dll",
}

# DLLs that are never on XP, each with what it means for the build.
FOREIGN_DLLS = [
    (re.compile(r"api-ms-win-.*|ext-ms-win-.*"), "an API set of Windows 7 and later"),
    (re.compile(r"ucrtbased?\.dll|vcruntime.*|msvcr\d+.*|msvcp.*"),
     "a newer C runtime than XP's msvcrt.dll (the toolchain must link msvcrt, not UCRT)"),
    (re.compile(r"libgcc_s.*|libwinpthread.*|libstdc\+\+.*|libssp.*|libatomic.*"),
     "a MinGW runtime DLL: the .exe must be one static file (link with -static)"),
]

# Functions newer than Windows XP SP2 that the list must never name: code that wants one loads
# it at run time with GetProcAddress and has a fallback for XP. Each is documented on Microsoft
# Learn with a later "Minimum supported client" (or, for msvcrt.dll, listed after Windows XP in
# mingw-w64's msvcrt.def.in, which records the Windows version that added each export).
NEWER_THAN_XP_SP2 = {
    "kernel32.dll": {
        "GetTickCount64": "Vista", "QueryFullProcessImageNameA": "Vista",
        "QueryFullProcessImageNameW": "Vista", "GetFileInformationByHandleEx": "Vista",
        "GetFinalPathNameByHandleW": "Vista", "CreateSymbolicLinkW": "Vista",
        "InitializeCriticalSectionEx": "Vista", "InitOnceExecuteOnce": "Vista",
        "InitOnceBeginInitialize": "Vista", "InitOnceComplete": "Vista",
        "InitializeSRWLock": "Vista", "AcquireSRWLockExclusive": "Vista",
        "ReleaseSRWLockExclusive": "Vista", "AcquireSRWLockShared": "Vista",
        "ReleaseSRWLockShared": "Vista", "InitializeConditionVariable": "Vista",
        "SleepConditionVariableCS": "Vista", "WakeConditionVariable": "Vista",
        "GetLocaleInfoEx": "Vista", "GetUserDefaultLocaleName": "Vista",
        "LCIDToLocaleName": "Vista", "CompareStringEx": "Vista", "GetErrorMode": "Vista",
        "CancelIoEx": "Vista", "GetThreadPreferredUILanguages": "Vista",
        "SetThreadPreferredUILanguages": "Vista",
        "Wow64DisableWow64FsRedirection": "Vista; XP x64 and Server 2003 SP1 only, not 32-bit XP",
        "Wow64RevertWow64FsRedirection": "Vista; XP x64 and Server 2003 SP1 only, not 32-bit XP",
        "K32EnumProcesses": "7 (psapi.dll's EnumProcesses is XP's)",
        "K32GetModuleFileNameExW": "7 (psapi.dll's GetModuleFileNameExW is XP's; PSAPI_VERSION=1)",
        "K32GetModuleBaseNameW": "7 (psapi.dll's GetModuleBaseNameW is XP's; PSAPI_VERSION=1)",
        "K32GetProcessImageFileNameW": "7 (psapi.dll's GetProcessImageFileNameW is XP's)",
    },
    "advapi32.dll": {
        "RegGetValueW": "Vista; XP x64 only, not 32-bit XP",
        "RegGetValueA": "Vista; XP x64 only, not 32-bit XP",
    },
    "iphlpapi.dll": {"GetTcpTable2": "Vista", "GetTcp6Table": "Vista", "GetUdp6Table": "Vista"},
    "ws2_32.dll": {"inet_pton": "Vista", "inet_ntop": "Vista", "WSAPoll": "Vista"},
    "msvcrt.dll": {
        "_get_heap_handle": "XP SP3 (not in XP SP2's msvcrt.dll)",
        "_mkgmtime": "Server 2003, not 32-bit XP", "_mkgmtime64": "Server 2003, not 32-bit XP",
        "_abs64": "Server 2003, not 32-bit XP", "___lc_collate_cp_func": "Server 2003",
        "__CxxFrameHandler3": "Vista", "_ftol2": "Vista", "_ftol2_sse": "Vista",
        "strcpy_s": "Vista", "strcat_s": "Vista", "sprintf_s": "Vista", "_snprintf_s": "Vista",
        "_vsnprintf_s": "Vista", "memcpy_s": "Vista", "memmove_s": "Vista",
        "strerror_s": "Vista", "fopen_s": "Vista", "_wfopen_s": "Vista",
        "_localtime64_s": "Vista", "_gmtime64_s": "Vista", "qsort_s": "Vista",
    },
}

HELP_MISSING = ("Windows XP SP2 may not have it, and then the .exe does not start at all there. "
                "Load it at run time (GetProcAddress) with a fallback for XP, or, after checking "
                "that XP SP2's DLL exports it (Microsoft Learn, Requirements: Minimum supported "
                "client), add it to {list} with a comment saying so.")


class Bail(Exception):
    pass


def objdump_p(objdump, exe):
    try:
        p = subprocess.run([objdump, "-p", exe], capture_output=True, text=True, timeout=60)
    except OSError as e:
        raise Bail(f"cannot run {objdump}: {e}")
    if p.returncode != 0:
        raise Bail(f"{objdump} -p {exe} failed: {p.stderr.strip()[-300:]}")
    return p.stdout


def parse_pe(text):
    """The header fields, the data directory and the import table of `objdump -p` output."""
    pe = {"fields": {}, "directory": {}, "imports": [], "unparsed": [], "format": None}
    m = re.search(r"file format (\S+)", text)
    if m:
        pe["format"] = m.group(1)
    for m in re.finditer(r"^(\w+)\s+([0-9a-fA-F]+)\b", text, re.M):
        pe["fields"].setdefault(m.group(1), m.group(2))
    for m in re.finditer(r"^Entry ([0-9a-f]) ([0-9a-f]+) ([0-9a-f]+) (.*)$", text, re.M):
        pe["directory"][int(m.group(1), 16)] = (int(m.group(2), 16), int(m.group(3), 16),
                                                m.group(4).strip())
    dll = None
    for line in text.splitlines():
        m = re.match(r"^\s*DLL Name: (\S+)", line)
        if m:
            dll = m.group(1)
            pe["imports"].append((dll, None, None))
            continue
        if dll is None or re.match(r"^\s*vma:", line):
            continue
        if not line.strip():  # a blank line ends the DLL's functions
            dll = None
            continue
        # "\t<vma>\t <hint>  <name>", or an import by ordinal: "\t<vma>\t <ordinal>  <none>"
        m = re.match(r"^\t([0-9a-f]+)\t\s*(\d+)\s*(\S*)\s*$", line)
        if not m:
            pe["unparsed"].append(line)
        elif m.group(3) and m.group(3) != "<none>":
            pe["imports"].append((dll, m.group(3), None))
        else:
            pe["imports"].append((dll, None, int(m.group(2))))
    return pe


def version(pe, major, minor):
    f = pe["fields"]
    if major not in f or minor not in f:
        return None
    return (int(f[major]), int(f[minor]))


def load_list(path):
    """xp-sp2-imports.txt: `dll!Function` a line, optionally ` x86_64` (only that build's
    toolchain pulls it in); `#` starts a comment. Returns ({(dll, fn): cpus}, problems)."""
    allowed, problems = {}, []
    with open(path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            words = line.split()
            m = re.fullmatch(r"([A-Za-z0-9_.]+\.dll)!([A-Za-z0-9_@?$]+)", words[0], re.I)
            if not m or len(words) > 2 or (len(words) == 2 and words[1] != "x86_64"):
                problems.append(f"{path}:{n}: not `dll!Function [x86_64]`: {raw.strip()!r}")
                continue
            key = (m.group(1).lower(), m.group(2))
            if key[0] not in XP_DLLS:
                problems.append(f"{path}:{n}: {key[0]} is not a DLL that Windows XP ships")
            if key in allowed:
                problems.append(f"{path}:{n}: {words[0]} is listed twice")
            allowed[key] = {"x86_64"} if len(words) == 2 else {"x86", "x86_64"}
    return allowed, problems


def check_header(pe, cpu):
    problems, notes = [], []
    (limit, limit_name) = OLDEST[cpu]
    want_format, want_magic = FORMAT[cpu]
    if pe["format"] != want_format:
        problems.append(f"file format {pe['format']}, expected {want_format} for a {cpu} build")
    if pe["fields"].get("Magic", "").lower() != want_magic:
        problems.append(f"PE Magic {pe['fields'].get('Magic')}, expected {want_magic}")
    for what, major, minor in (("operating system", "MajorOSystemVersion", "MinorOSystemVersion"),
                               ("subsystem", "MajorSubsystemVersion", "MinorSubsystemVersion")):
        v = version(pe, major, minor)
        if v is None:
            problems.append(f"no {major}/{minor} in objdump's output")
            continue
        notes.append(f"{what} version {v[0]}.{v[1]} (at most {limit[0]}.{limit[1]})")
        if v > limit and major.startswith("MajorSubsystem"):
            problems.append(f"the header asks for subsystem version {v[0]}.{v[1]}: "
                            f"{limit_name} refuses to start it (\"is not a valid Win32 "
                            "application\"); find what raised it in the link "
                            "(--major-subsystem-version, --subsystem console:X.Y)")
        elif v > limit:
            problems.append(f"the header says it needs Windows {v[0]}.{v[1]}, newer than "
                            f"{limit_name}; find what raised it in the link (--major-os-version)")
    subsystem = pe["fields"].get("Subsystem")
    if subsystem is None or int(subsystem, 16) != CONSOLE_SUBSYSTEM:
        problems.append(f"subsystem {subsystem}, expected {CONSOLE_SUBSYSTEM:08x} (Windows CUI): "
                        "a technician runs it in a console and reads its output there")
    delay = pe["directory"].get(0xD)
    if delay is None:
        problems.append("objdump printed no data directory (entry d: delay imports)")
    elif delay[0] or delay[1]:
        problems.append("it has delay-loaded imports, which this test cannot check: load "
                        "optional functions with GetProcAddress instead")
    return problems, notes


def check_dlls(pe):
    problems, notes = [], []
    dlls = sorted({d for d, fn, ordinal in pe["imports"]}, key=str.lower)
    notes.append("imports from " + ", ".join(dlls) if dlls else "imports nothing")
    if not dlls:
        problems.append("no DLL imports found: objdump's output was not understood")
    for dll in dlls:
        low = dll.lower()
        if low in XP_DLLS:
            continue
        why = next((w for rx, w in FOREIGN_DLLS if rx.fullmatch(low)), None)
        problems.append(f"{dll}: " + (why or "not a DLL that Windows XP ships") +
                        " (the .exe must run from a USB stick with nothing beside it)")
    return problems, notes


def check_functions(pe, cpu, allowed, list_name):
    problems, notes = [], []
    functions = [(d, fn, o) for d, fn, o in pe["imports"] if fn is not None or o is not None]
    notes.append(f"{len(functions)} imported functions, {len(allowed)} in the list")
    for line in pe["unparsed"]:
        problems.append(f"objdump's import line not understood, so not checked: {line!r}")
    foreign = [(d, fn) for d, fn, o in functions if d.lower() not in XP_DLLS]
    if foreign:
        problems.append(f"{len(foreign)} functions come from DLLs that Windows XP lacks (case 2)")
    for dll, fn, ordinal in functions:
        if dll.lower() not in XP_DLLS:
            continue
        if fn is None:
            problems.append(f"{dll} ordinal {ordinal} is imported by number, not by name: "
                            "ordinals differ between Windows versions")
            continue
        cpus = allowed.get((dll.lower(), fn))
        if cpus is None:
            problems.append(f"{dll}!{fn} is not in {list_name}. " +
                            HELP_MISSING.format(list=list_name))
        elif cpu not in cpus:
            problems.append(f"{dll}!{fn} is listed for x86_64 (Windows XP x64) only: 32-bit "
                            f"XP does not have it. " + HELP_MISSING.format(list=list_name))
    return problems, notes


def check_list(allowed, list_problems, list_name):
    problems = list(list_problems)
    for (dll, fn) in sorted(allowed):
        since = NEWER_THAN_XP_SP2.get(dll, {}).get(fn)
        if since:
            problems.append(f"{list_name} lists {dll}!{fn}, which Windows XP SP2 does not have "
                            f"(minimum: Windows {since}): load it at run time instead")
    return problems, [f"{len(allowed)} functions listed"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--exe", required=True)
    ap.add_argument("--objdump", required=True)
    ap.add_argument("--imports", required=True, help="the allow-list, xp-sp2-imports.txt")
    ap.add_argument("--cpu", required=True, choices=sorted(OLDEST))
    args = ap.parse_args()
    list_name = "tests/xp/" + os.path.basename(args.imports)

    try:
        pe = parse_pe(objdump_p(args.objdump, args.exe))
        allowed, list_problems = load_list(args.imports)
    except (Bail, OSError) as e:
        print(f"Bail out! {e}")
        return 2

    cases = [
        (f"PE header: a console program that {OLDEST[args.cpu][1]} starts",
         lambda: check_header(pe, args.cpu)),
        ("DLLs: only those Windows XP ships, nothing to copy beside the .exe",
         lambda: check_dlls(pe)),
        (f"functions: every import is one that {OLDEST[args.cpu][1].split(' (')[0]}"
         f"{' SP2' if args.cpu == 'x86' else ''} has ({list_name})",
         lambda: check_functions(pe, args.cpu, allowed, list_name)),
        ("the list names no function newer than Windows XP SP2",
         lambda: check_list(allowed, list_problems, list_name)),
    ]
    print(f"1..{len(cases)}")
    print(f"# {args.exe} ({args.cpu})")
    failed = 0
    for i, (name, fn) in enumerate(cases, 1):
        problems, notes = fn()
        print(f"{'not ok' if problems else 'ok'} {i} - {name}")
        for note in notes:
            print(f"# {note}")
        for p in problems:
            print(f"# FAIL: {p}")
        failed += bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
