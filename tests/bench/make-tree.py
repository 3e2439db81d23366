#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Builds a tree of empty files shaped like a Windows XP disk, for the benchmarks.

    make-tree.py ROOT FILES

ROOT must not exist. FILES (at least 1000) empty files: WINDOWS/system32 with a few thousand,
Program Files, Documents and Settings/<user>/..., folders up to 14 levels deep, about 100 files
a folder. msblast.exe is planted in WINDOWS/system32 and teekids.exe in jsmith's Temp folder,
beside the real dllhost.exe and svchost.exe in system32 and dllcache (empty files: no worm bytes
anywhere). The same FILES always gives the same tree. Prints one line:
"files=N folders=N max-depth=N matches=N" (matches: the planted files with a searched name).

Used by walk-bench.sh and remove-bench.py.
"""
import os, random, sys

if len(sys.argv) != 3 or not sys.argv[2].isdigit() or int(sys.argv[2]) < 1000:
    sys.exit("usage: make-tree.py ROOT FILES (ROOT new, FILES at least 1000)")
root, total = sys.argv[1], int(sys.argv[2])
rng = random.Random(20030811)  # Blaster's first sighting
WORM = {"msblast.exe", "penis32.exe", "teekids.exe", "mspatch.exe",
        "mslaugh.exe", "enbiei.exe", "dllhost.exe", "svchost.exe"}
MAXDEPTH = 14

SYL = ("ms win net sys cfg dat log shell user kern ui dx ole rpc com crypt prn spool "
       "font help media snd wav vid web http ie setup inst upd svc core base util mgr "
       "srv cli app doc img lib res str lang en de fr x86 dll ntos hal mf wmp mm dlg "
       "acl sec auth ldap dns tcp ip smb wz tapi").split()
WORDS = ("Microsoft Windows Office Common Files Setup Update Driver Readme Report "
         "Invoice Holiday Photo Budget Notes Letter Backup Install Config Default "
         "Template Music Video Project Draft Final Summary Meeting Archive Plugin "
         "Resources Data Cache Images Profile Settings Support Tools Help Samples "
         "Components Library Reader Player Client Server Service Manager Viewer").split()
EXTS = [(".dll", 20), (".exe", 8), (".sys", 3), (".txt", 6), (".ini", 4), (".log", 4),
        (".dat", 4), (".htm", 5), (".gif", 4), (".jpg", 6), (".doc", 4), (".xls", 2),
        (".xml", 4), (".tmp", 4), (".cab", 1), (".mui", 2), (".inf", 2), (".pnf", 2),
        (".chm", 1), (".lnk", 4), (".bmp", 2), (".mp3", 2), (".js", 2), (".css", 1),
        (".url", 2), ("", 6), (".manifest", 1), (".cat", 2), (".nls", 1), (".tlb", 1),
        (".ocx", 1), (".cpl", 1), (".tar.gz", 1)]
rand = rng.random  # pick/between are much cheaper than random.choice/choices/randint

def pick(seq):
    return seq[int(rand() * len(seq))]

def between(a, b):
    return a + int(rand() * (b - a + 1))

EXT_TABLE = [e for e, w in EXTS for _ in range(w)]

def ext():
    return pick(EXT_TABLE)

def short_stem():  # 8.3-ish, lower case: mscfg32
    s = "".join(pick(SYL) for _ in range(between(1, 3)))[:8]
    return s + (str(between(0, 99)) if rand() < 0.3 else "")

def camel_stem():  # WinSetupHelper
    return "".join(pick(WORDS) for _ in range(between(1, 3)))

def long_stem():  # Copy of Holiday Photo 2003 (12)
    words = [pick(WORDS) for _ in range(between(3, 12))]
    if rand() < 0.3:
        words.insert(0, "Copy of")
    s = " ".join(words)
    if rand() < 0.4:
        s += " (%d)" % between(1, 40)
    return s

def hex_stem():  # a3f9c02b, {GUID}
    if rand() < 0.3:
        h = "%032X" % rng.getrandbits(128)
        return "{%s-%s-%s-%s-%s}" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:])
    return "%x" % rng.getrandbits(pick((16, 32, 64, 128)))

# name styles by weight: system folders mostly 8.3 names, the rest a mix
STYLES = {"system": [short_stem] * 17 + [camel_stem] * 2 + [hex_stem],
          "mixed": [short_stem] * 7 + [camel_stem] * 6 + [long_stem] * 4 + [hex_stem] * 3}

def stem(style):
    return pick(STYLES[style])()

class Dir:
    __slots__ = ("path", "depth", "names", "taken", "style")
    def __init__(self, path, style):
        self.path, self.depth, self.style = path, len(path), style
        self.names, self.taken = [], set()
    def unique(self, make):
        for i in range(1000):
            n = make()
            k = n.lower()
            if k not in self.taken and k not in WORM and n.strip(" .") == n and n:
                self.taken.add(k)
                return n
        raise SystemExit("walk-bench generator: cannot make a unique name")

dirs, index = [], {}

def mkdir(rel, style="mixed"):
    path = tuple(rel.split("/")) if isinstance(rel, str) else rel
    for i in range(1, len(path) + 1):
        p = path[:i]
        if p not in index:
            if i > 1:
                index[p[:-1]].taken.add(p[-1].lower())
            d = Dir(p, style)
            index[p] = d
            dirs.append(d)
    return index[path]

def fill(d, count):
    for _ in range(count):
        d.names.append(d.unique(lambda: stem(d.style) + ext()))

def subdir(parent):
    name = parent.unique(lambda: stem(parent.style if rand() < 0.5 else "mixed"))
    return mkdir(parent.path + (name,), parent.style)

# Fixed folders, at full size for 500k files and scaled down for smaller trees;
# system32 always gets a few thousand (or a quarter of the tree, if smaller).
scale = min(1.0, total / 500000)
fixed = [("WINDOWS/system32", None), ("WINDOWS/system32/drivers", 350),
         ("WINDOWS/system32/drivers/etc", 5), ("WINDOWS/system32/dllcache", 1800),
         ("WINDOWS/system32/config", 25), ("WINDOWS/system32/wins", 0),
         ("WINDOWS/system32/spool/drivers/w32x86/3", 150),
         ("WINDOWS/system32/CatRoot/{F750E6C3-38EE-11D1-85E5-00C04FC295EE}", 900),
         ("WINDOWS/Prefetch", 128), ("WINDOWS/Fonts", 450), ("WINDOWS/inf", 1400),
         ("WINDOWS/Help", 700), ("WINDOWS/Temp", 40)]
planted = [("WINDOWS/system32", "msblast.exe"),  # the worm's own file
           ("WINDOWS/system32", "dllhost.exe"),  # real Windows programs
           ("WINDOWS/system32", "svchost.exe"),
           ("WINDOWS/system32/dllcache", "dllhost.exe"),
           ("WINDOWS/system32/dllcache", "svchost.exe"),
           ("Documents and Settings/jsmith/Local Settings/Temp", "teekids.exe")]
# Seed folders of each area; the rest of the area grows as a random tree under them.
users = ["Administrator", "All Users", "Default User", "LocalService",
         "NetworkService", "Owner", "jsmith", "mkowalski", "asato"]
user_dirs = ["Desktop", "My Documents/My Pictures", "My Documents/My Music",
             "Local Settings/Temp", "Local Settings/History", "Local Settings/Application Data",
             "Application Data/Microsoft", "Cookies", "Favorites", "Start Menu/Programs",
             "Recent", "SendTo", "Templates", "NetHood", "PrintHood"]
areas = [
    (0.35, "mixed", ["Program Files/Common Files/Microsoft Shared", "Program Files/Internet Explorer",
                     "Program Files/Microsoft Office/Office11", "Program Files/Outlook Express",
                     "Program Files/Windows Media Player", "Program Files/Windows NT/Accessories",
                     "Program Files/Adobe/Acrobat 6.0/Reader", "Program Files/Mozilla Firefox",
                     "Program Files/WinZip", "Program Files/Messenger"]),
    (0.35, "mixed", ["Documents and Settings/%s/%s" % (u, s) for u in users for s in user_dirs]
                    + ["Documents and Settings/%s/Local Settings/Temporary Internet Files/Content.IE5/%s"
                       % (u, "".join(pick("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") for _ in range(8)))
                       for u in users[5:] for _ in range(4)]),
    (0.20, "system", ["WINDOWS/Installer", "WINDOWS/Microsoft.NET/Framework/v1.1.4322",
                      "WINDOWS/assembly/GAC", "WINDOWS/SoftwareDistribution/Download",
                      "WINDOWS/$NtUninstallKB823980$", "WINDOWS/Downloaded Program Files",
                      "WINDOWS/Web", "WINDOWS/Media", "WINDOWS/pchealth/helpctr"]),
    (0.10, "mixed", ["RECYCLER/S-1-5-21-1757981266-1645522239-839522115-1003",
                     "System Volume Information/_restore{A3F2C1B0-5D6E-4F70-8192-A3B4C5D6E7F8}/RP1",
                     "Temp", "I386", "data/projects"]),
]
# Every named folder exists before any file is named, so no file takes a folder's name.
for rel, _ in fixed:
    mkdir(rel, "system")
for rel, _ in planted:
    mkdir(rel)
for _, style, seeds in areas:
    for rel in seeds:
        mkdir(rel, style)

used = len(planted)
for rel, count in fixed:
    n = min(2800, total // 4) if count is None else int(count * scale)
    fill(mkdir(rel), n)
    used += n
for rel, name in planted:
    d = mkdir(rel)
    d.taken.add(name)
    d.names.append(name)

rest = total - used
sizes = [int(rest * share) for share, _, _ in areas[:-1]]
sizes.append(rest - sum(sizes))
for n, (_, style, seeds) in zip(sizes, areas):
    pool = [mkdir(rel) for rel in seeds]
    for _ in range(max(0, n // 100 - len(pool))):
        parent = pick(pool)
        while parent.depth >= MAXDEPTH:
            parent = pick(pool)
        pool.append(subdir(parent))
    weights = [rng.lognormvariate(0, 1.0) for _ in pool]
    wsum = sum(weights)
    counts = [int(n * w / wsum) for w in weights]
    for i in rng.sample(range(len(pool)), n - sum(counts)):
        counts[i] += 1
    for d, c in zip(pool, counts):
        fill(d, c)

assert sum(len(d.names) for d in dirs) == total, "generator miscounted"

flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
os.makedirs(root)
for d in dirs:  # parents come before their children
    full = os.path.join(root, *d.path)
    os.mkdir(full)
    dfd = os.open(full, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for name in d.names:
            os.close(os.open(name, flags, 0o644, dir_fd=dfd))
    finally:
        os.close(dfd)

print("files=%d folders=%d max-depth=%d matches=%d"
      % (total, len(dirs) + 1, max(d.depth for d in dirs), len(planted)))
