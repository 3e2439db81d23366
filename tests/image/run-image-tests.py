#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Disks that are not mounted (issue #13): blaster-scan reads disk images through The Sleuth Kit.

Each case builds a Windows XP-like tree with real hives (tests/hive/run-hive-tests.py's builders:
hivex writes them, reglookup reads them back) and stand-in files with worm names (a line of
text, never worm bytes), packs it into an image the way a repair shop or a virtual machine has
one, and checks it with `blaster-scan --json IMAGE`:

  ntfs-infected        an NTFS image (mkntfs, filled through an ntfs-3g mount: root, FUSE): the
                       same verdict and findings as the same tree checked as a folder, the
                       target says partition 1, ntfs; the image's bytes unchanged
  fat32-clean          a FAT32 image (mkfs.vfat, filled with mtools: no mount): clean, as the
                       tree is; fat32
  mbr-two-partitions   an MBR disk (sfdisk) with a FAT32 data partition and an NTFS one with the
                       infected Windows: the Windows partition is found on its own; --partition 1
                       checks the data partition (no Windows there: never clean); --partition 7
                       is refused with the list of partitions
  gpt-two-partitions   the same with a GPT
  vhd-and-vmdk         the MBR disk as Virtual PC's VHD and VMware's VMDK (qemu-img convert): the
                       same verdict and findings
  split-raw            the NTFS image in four parts (winxp.001 …): read whole from the first
  e01                  the NTFS image as an EnCase E01 (ewfacquire, compressed): the same
  remove-refused       --remove on an image: refused, nothing written
  bad-images           an empty file, a file of random bytes, an NTFS image cut in half, a
                       partition table pointing past the end: a clear message or an honest
                       (never clean) verdict, no crash, no hang, the file unchanged

Usage: run-image-tests.py --scanner PATH --source-root DIR [--case NAME]... [--keep]
"""

import hashlib
import os
import random
import shutil
import subprocess
import sys

TESTS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(TESTS, "hive"))
sys.path.insert(0, TESTS)  # tap_cases.py

import make_hive  # noqa: E402
import tap_cases  # noqa: E402
from tap_cases import EXIT_CLEAN, EXIT_ERROR, EXIT_EVIDENCE, Fatal, parse_report  # noqa: E402


H = tap_cases.load_hive_tests()
MIB = 1 << 20
BLASTER_RUN = {"windows auto update": "msblast.exe"}
STAND_IN = b"Blaster Check test stand-in named msblast.exe; not the worm, a line of text.\n"


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(MIB), b""):
            h.update(block)
    return h.hexdigest()


def tool(*argv, stdin=None):
    """Runs a fixture tool; its failure is the test's problem, said as such."""
    p = subprocess.run(argv, capture_output=True, input=stdin, timeout=120)
    if p.returncode != 0:
        raise Fatal(f"fixture tool {' '.join(argv)} failed ({p.returncode}): "
                    f"{p.stderr.decode(errors='replace').strip()[-500:]}")
    return p


def findings_of(report):
    return sorted((f.get("severity"), f.get("kind"), f.get("windows_location") or "")
                  for f in report.get("findings", []))


class Case(H.Case):
    TEMP_PREFIX = "blaster-image"

    # --- trees -----------------------------------------------------------------------------

    def infected_tree(self):
        """The disk of an XP SP1 PC with Blaster: msblast.exe in system32, its Run value, a
        user whose NTUSER.DAT is clean, and teekids.exe deep in the user's folders."""
        self.windows(soft=H.software(run=dict(H.CTFMON, **BLASTER_RUN)),
                     users={"yamada": H.ntuser()})
        with open(self.path("WINDOWS/system32/msblast.exe"), "wb") as f:
            f.write(STAND_IN)
        # Deep in a user's folders, where only the whole-volume pass (an NTFS image's: in MFT
        # order) finds it, by the path it has to rebuild.
        deep = "Documents and Settings/yamada/Local Settings/Temp/Downloads"
        self.mkdir(deep)
        with open(self.path(f"{deep}/teekids.exe"), "wb") as f:
            f.write(STAND_IN)

    def clean_tree(self):
        self.windows(soft=H.software(run=dict(H.CTFMON)), users={"yamada": H.ntuser()})

    # --- images ----------------------------------------------------------------------------

    def image_path(self, name):
        return os.path.join(self.base, name)

    def ntfs(self, name, size_mib=16, tree=True):
        """An NTFS file system image of the tree (or empty), filled through an ntfs-3g mount."""
        img = self.image_path(name)
        with open(img, "wb") as f:
            f.truncate(size_mib * MIB)
        tool("mkntfs", "-F", "-q", "-f", "-L", "WINXP", img)
        if tree:
            mnt = os.path.join(self.base, "mnt")
            os.makedirs(mnt, exist_ok=True)
            tool("ntfs-3g", img, mnt)
            try:
                for entry in os.listdir(self.root):
                    src = os.path.join(self.root, entry)
                    if os.path.isdir(src):
                        shutil.copytree(src, os.path.join(mnt, entry), copy_function=shutil.copy)
                    else:
                        shutil.copy(src, mnt)
                self.late_folder(mnt)
            finally:
                tool("umount", mnt)
        return img

    @staticmethod
    def late_folder(mnt):
        """Each folder that holds files made anew after them, the files moved in: their MFT
        entries now come before their folder's, as on a disk where a folder was made later than
        what was moved into it, and the MFT-order pass must rebuild their paths at its end."""
        for folder, _, files in list(os.walk(mnt)):
            if not files or folder == mnt or "Downloads" not in folder:
                continue
            old = folder + ".old"
            os.rename(folder, old)
            os.mkdir(folder)
            for f in files:
                os.rename(os.path.join(old, f), os.path.join(folder, f))
            os.rmdir(old)

    def fat32(self, name, size_mib=40, tree=True):
        """A FAT32 file system image of the tree (or empty), filled with mtools: no mount."""
        img = self.image_path(name)
        with open(img, "wb") as f:
            f.truncate(size_mib * MIB)
        tool("mkfs.vfat", "-F", "32", "-n", "DATA", img)
        if tree:
            entries = [os.path.join(self.root, e) for e in sorted(os.listdir(self.root))]
            tool("mcopy", "-s", "-i", img, *entries, "::/")
        return img

    def disk(self, name, label, parts):
        """A whole disk with a partition table (LABEL 'dos' or 'gpt') holding the file system
        images PARTS, each in a partition of its own size, starting at 1 MiB."""
        img = self.image_path(name)
        sizes = [os.path.getsize(p) for p in parts]
        total = MIB + sum(sizes) + 2 * MIB  # the GPT's copy at the end
        with open(img, "wb") as f:
            f.truncate(total)
        script, start = [f"label: {label}"], MIB
        for p, size in zip(parts, sizes):
            ptype = ("7" if "ntfs" in p else "c") if label == "dos" else \
                "EBD0A0A2-B9E5-4433-87C0-68B6B72699C7"
            script.append(f"start={start // 512}, size={size // 512}, type={ptype}")
            start += size
        tool("sfdisk", "-q", img, stdin="\n".join(script).encode() + b"\n")
        with open(img, "r+b") as out:
            start = MIB
            for p, size in zip(parts, sizes):
                with open(p, "rb") as src:
                    out.seek(start)
                    shutil.copyfileobj(src, out, MIB)
                start += size
        return img

    # --- runs --------------------------------------------------------------------------------

    def scan_image(self, img, *extra, status=None):
        """`blaster-scan --json [EXTRA] IMG`: the report, and the image's bytes unchanged."""
        before = sha256_file(img)
        r = self.run("--json", *extra, img)
        if status is not None:
            self.check_status(r, status)
        report = parse_report(r, "blaster-scan --json IMAGE")
        self.check(sha256_file(img) == before,
                   f"the image {os.path.basename(img)} changed while it was checked")
        return r, report

    def check_image_target(self, report, partition, fs):
        image = report.get("target", {}).get("image")
        self.check(image == {"partition": partition, "file_system": fs},
                   f"target.image is {image!r}, expected partition {partition}, {fs}: the report "
                   "does not say which partition of the image was read")

    def check_same(self, report, folder, what):
        """REPORT (of an image) says what FOLDER (the same tree, a folder) says: verdict,
        findings by their Windows place, updates."""
        for part in ("infection", "vulnerability"):
            got = report.get("verdict", {}).get(part)
            want = folder.get("verdict", {}).get(part)
            self.check(got == want, f"{what}: verdict.{part} is {got!r}, the same tree as a "
                       f"folder says {want!r}")
        self.check(findings_of(report) == findings_of(folder),
                   f"{what}: findings {findings_of(report)}, the folder's "
                   f"{findings_of(folder)}")
        pr = [(p.get("kb"), p.get("state")) for p in report.get("target", {}).get("patches", [])]
        pf = [(p.get("kb"), p.get("state")) for p in folder.get("target", {}).get("patches", [])]
        self.check(pr == pf, f"{what}: the updates read {pr}, the folder's {pf}")
        self.check(not report.get("errors"), f"{what}: errors {report.get('errors')}")


    def check_reads_as(self, img, folder, partition, fs, what, status=EXIT_EVIDENCE):
        """`blaster-scan --json IMG` (its bytes unchanged) says what FOLDER, the same tree
        checked as a folder, says, and names partition PARTITION with file system FS. Returns
        the report."""
        _, report = self.scan_image(img, status=status)
        self.check_same(report, folder, what)
        self.check_image_target(report, partition, fs)
        return report

CASES = tap_cases.CaseList()
case = CASES.case


# If this breaks: a customer's NTFS disk image is not read, or reads differently from the same
# disk mounted (a finding or an update lost), or the image is written to.
@case("ntfs-infected")
def ntfs_infected(c):
    c.infected_tree()
    _, folder = c.scan()
    img = c.ntfs("winxp-ntfs.img")
    report = c.check_reads_as(img, folder, 1, "ntfs", "the NTFS image")
    c.check_infection(report, "infected")
    c.check(report.get("target", {}).get("kind") == "offline",
            f"target.kind is {report.get('target', {}).get('kind')!r}, expected 'offline'")


# If this breaks: a FAT32 disk (many 2003 home PCs) is not read, or a clean one is not clean.
@case("fat32-clean")
def fat32_clean(c):
    c.clean_tree()
    _, folder = c.scan()
    img = c.fat32("winxp-fat32.img")
    report = c.check_reads_as(img, folder, 1, "fat32", "the FAT32 image", status=EXIT_CLEAN)
    c.check_infection(report, "clean")


def two_partitions(c, label, name):
    c.infected_tree()
    _, folder = c.scan()
    windows = c.ntfs("part-windows-ntfs.img")
    shutil.rmtree(c.root)
    os.makedirs(c.root)
    c.touch("Photos/holiday.jpg")
    data = c.fat32("part-data.img")
    disk = c.disk(name, label, [data, windows])
    c.check_reads_as(disk, folder, 2, "ntfs", f"the {label} disk, found on its own")
    r, report = c.scan_image(disk, "--partition", "1")
    c.check_image_target(report, 1, "fat32")
    reasons = " ".join(report.get("verdict", {}).get("reasons", []))
    c.check(report.get("target", {}).get("kind") == "folder" and "no Windows folder" in reasons,
            f"--partition 1 (data, no Windows): target {report.get('target', {}).get('kind')!r},"
            f" reasons {reasons!r}: the report must say no Windows was there, never pass for a "
            "checked Windows")
    r = c.run("--json", "--partition", "7", disk)
    err = r.stderr.decode(errors="replace")
    c.check_status(r, EXIT_ERROR)
    c.check("partition 7" in err and "no such partition" in err and "  2  ntfs" in err,
            f"--partition 7 of a disk with two: stderr {err!r} does not say there is no such "
            "partition and list the two")
    return disk, folder


# If this breaks: a whole MBR disk image (ddrescue of the customer's disk) is not read, or the
# Windows partition is not found without --partition.
@case("mbr-two-partitions")
def mbr_two_partitions(c):
    two_partitions(c, "dos", "disk-mbr.img")


@case("gpt-two-partitions")
def gpt_two_partitions(c):
    two_partitions(c, "gpt", "disk-gpt.img")


# If this breaks: an XP virtual machine's disk (Virtual PC's VHD, VMware's VMDK) is not read.
@case("vhd-and-vmdk")
def vhd_and_vmdk(c):
    disk, folder = two_partitions(c, "dos", "disk-vm.img")
    for fmt, ext in (("vpc", "vhd"), ("vmdk", "vmdk")):
        vm = c.image_path(f"winxp.{ext}")
        tool("qemu-img", "convert", "-f", "raw", "-O", fmt, disk, vm)
        c.check_reads_as(vm, folder, 2, "ntfs", f"the .{ext}")


# If this breaks: an image kept in parts (ddrescue or dd into disk.001, disk.002, … as FAT32
# media or a backup tool want it) is read only as far as its first part.
@case("split-raw")
def split_raw(c):
    c.infected_tree()
    _, folder = c.scan()
    whole = c.ntfs("whole.img")
    with open(whole, "rb") as f:
        data = f.read()
    parts = [c.image_path(f"winxp.{i:03d}") for i in range(1, 5)]
    size = len(data) // len(parts)
    for i, p in enumerate(parts):
        with open(p, "wb") as f:
            f.write(data[i * size:(i + 1) * size if i < len(parts) - 1 else len(data)])
    os.unlink(whole)
    c.check_reads_as(parts[0], folder, 1, "ntfs", "the image in four parts")


# If this breaks: an image a forensic tool or a repair shop's imager made (EnCase's E01) is not
# read.
@case("e01")
def e01(c):
    c.infected_tree()
    _, folder = c.scan()
    raw = c.ntfs("winxp.raw")
    target = c.image_path("winxp")
    tool("ewfacquire", "-u", "-q", "-t", target, "-f", "encase6", "-c", "best", raw)
    os.unlink(raw)
    c.check_reads_as(target + ".E01", folder, 1, "ntfs", "the E01 image")


# If this breaks: --remove writes to an image (or pretends to remove from it).
@case("remove-refused")
def remove_refused(c):
    c.infected_tree()
    img = c.ntfs("winxp-ntfs.img")
    before = sha256_file(img)
    r = c.run("--remove", img)
    err = r.stderr.decode(errors="replace")
    c.check_status(r, EXIT_ERROR)
    c.check("only reads" in err and "mount" in err,
            f"--remove on an image: stderr {err!r} does not say an image is only read and how "
            "to remove (mount it writable)")
    c.check(sha256_file(img) == before, "--remove changed the image")


# If this breaks: a damaged or foreign image crashes or hangs the scanner, or reads as clean.
@case("bad-images")
def bad_images(c):
    empty = c.image_path("empty.img")
    open(empty, "wb").close()
    junk = c.image_path("junk.img")
    with open(junk, "wb") as f:
        f.write(random.Random(13).randbytes(MIB))
    for img, what in ((empty, "an empty file"), (junk, "a file of random bytes")):
        before = sha256_file(img)
        r = c.run("--json", img)
        err = r.stderr.decode(errors="replace")
        c.check_status(r, EXIT_ERROR)
        c.check("cannot read" in err and "as a disk" in err,
                f"{what}: stderr {err!r} does not say it cannot be read as a disk")
        c.check(sha256_file(img) == before, f"{what} changed")

    c.infected_tree()
    whole = c.ntfs("whole.img")
    cut = c.image_path("cut.img")
    with open(whole, "rb") as src, open(cut, "wb") as dst:
        dst.write(src.read(os.path.getsize(whole) // 2))
    before = sha256_file(cut)
    r = c.run("--json", cut)
    c.check(sha256_file(cut) == before, "the cut image changed")
    if r.status != EXIT_ERROR:
        report = parse_report(r, "blaster-scan --json on a cut image")
        got = report.get("verdict", {}).get("infection")
        c.check(got != "clean", f"an NTFS image cut in half reads as {got!r}: half a disk is "
                "never clean")

    # A disk image that stops in the middle of its Windows partition (a copy cut short): the
    # partition table says more than there is.
    shutil.rmtree(c.root)
    os.makedirs(c.root)
    c.touch("Photos/holiday.jpg")
    data = c.fat32("part-data.img", tree=True)
    shutil.rmtree(c.root)
    os.makedirs(c.root)
    c.infected_tree()
    windows = c.ntfs("part-windows.img")
    disk = c.disk("past-end.img", "dos", [data, windows])
    with open(disk, "r+b") as f:
        f.truncate(os.path.getsize(disk) - 12 * MIB)
    before = sha256_file(disk)
    r = c.run("--json", disk)
    c.check(sha256_file(disk) == before, "the short disk image changed")
    if r.status != EXIT_ERROR:
        report = parse_report(r, "blaster-scan --json on a short disk image")
        got = report.get("verdict", {}).get("infection")
        c.check(got not in ("clean", None), f"a disk image cut in its Windows partition reads as "
                f"{got!r}")


class Suite(H.Suite):
    pass


def main():
    args, selected = tap_cases.parse_args(__doc__, CASES)
    tap_cases.ensure_hivex(make_hive._load_hivex, __file__)
    return tap_cases.run(Suite(args), selected, Case)


if __name__ == "__main__":
    sys.exit(main())
