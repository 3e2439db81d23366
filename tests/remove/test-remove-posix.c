/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-remove-posix: the removal's steps on an attached disk (scan_platform_remove_ops, posix/),
 * on real files, real mounts and real hive files. TAP: one line per case; a case that needs what
 * this machine lacks (a mount namespace) says "# SKIP" and why.
 *
 * The mounts (tmpfs volumes that fill up, a read-only one, bind mounts inside the disk; as root an
 * NTFS image through ntfs-3g and a FAT one through a loop device) are made in a mount namespace
 * of this process's own (as root: unshare(CLONE_NEWNS); otherwise a user namespace as
 * `unshare -rm` makes), so they vanish with it and nothing outside sees them.
 *
 * Usage: test-remove-posix PYTHON tests/hive/make-hive.py
 * (PYTHON: one that imports hivex, /usr/bin/python3 on Debian). Files stand in for the worm by
 * their names only; no worm bytes anywhere.
 */
#include <errno.h>
#include <fcntl.h>
#include <hivex.h>
#include <linux/msdos_fs.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/xattr.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "scan-error.h"
#include "scan-platform.h"
#include "scan-remove.h"
#include "test-util.h"

static const char *python, *make_hive;
static const scan_remove_ops *ops;
static bool can_mount;
static bool real_root; /* root before the namespace (in a user namespace everyone is "root") */
static const char *no_mount_reason = "";
static int tap_count, tap_failures_before;

/* TAP around the CHECK counters of test-util.h. */
static void
tap_begin (const char *name)
{
  test_case (name);
  tap_failures_before = test_failures ();
}

static void
tap_end (const char *name)
{
  printf ("%s %d - %s\n", test_failures () > tap_failures_before ? "not ok" : "ok", ++tap_count,
          name);
  fflush (stdout);
}

static void
tap_skip (const char *name, const char *why)
{
  printf ("ok %d - %s # SKIP %s\n", ++tap_count, name, why);
  fflush (stdout);
}

/* A mount namespace of our own, so that the cases may mount. */
static void
enter_mount_namespace (void)
{
  if (unshare (CLONE_NEWNS) < 0)
    {
      uid_t uid = geteuid ();
      gid_t gid = getegid ();
      if (unshare (CLONE_NEWUSER | CLONE_NEWNS) < 0)
        {
          no_mount_reason = "no mount namespace here (unshare refused: not root, no user "
                            "namespaces)";
          return;
        }
      char map[64];
      snprintf (map, sizeof map, "0 %u 1", (unsigned) uid);
      fixture_write ("/proc/self", "uid_map", map, strlen (map));
      fixture_write ("/proc/self", "setgroups", "deny", 4);
      snprintf (map, sizeof map, "0 %u 1", (unsigned) gid);
      fixture_write ("/proc/self", "gid_map", map, strlen (map));
    }
  if (mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
    {
      no_mount_reason = "the mount namespace's mounts could not be made private";
      return;
    }
  can_mount = true;
}

/* A tmpfs of SIZE (e.g. "64k") at ROOT/REL (made first). */
static bool
mount_tmpfs (const char *root, const char *rel, const char *size)
{
  fixture_mkdir (root, rel);
  char *p = test_path (root, rel);
  char opts[64];
  snprintf (opts, sizeof opts, "size=%s,mode=0755", size);
  bool ok = CHECK (mount ("tmpfs", p, "tmpfs", 0, opts) == 0);
  free (p);
  return ok;
}

static void
unmount (const char *root, const char *rel)
{
  char *p = test_path (root, rel);
  CHECK (umount2 (p, MNT_DETACH) == 0);
  free (p);
}

static char *
file_text (const char *root, const char *rel, size_t *len)
{
  char *p = test_path (root, rel);
  size_t n = 0;
  char *data = test_read_file (p, &n);
  free (p);
  if (len)
    *len = n;
  return data;
}

static bool
present (const char *root, const char *rel)
{
  char *p = test_path (root, rel);
  struct stat st;
  bool here = lstat (p, &st) == 0;
  free (p);
  return here;
}

/* Fills the file system of ROOT/REL until it is full (the file REL takes what is left). */
static void
fill_up (const char *root, const char *rel)
{
  char *p = test_path (root, rel);
  int fd = open (p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  REQUIRE (fd >= 0);
  char block[4096];
  memset (block, 'f', sizeof block);
  while (write (fd, block, sizeof block) > 0)
    ;
  while (write (fd, block, 1) > 0) /* the last bytes of a partly used page */
    ;
  CHECK_INT (errno, ENOSPC);
  close (fd);
  free (p);
}

/* A hive made by make-hive.py from the JSON SPEC at ROOT/REL. */
static void
make_hive_file (const char *root, const char *rel, const char *spec)
{
  fixture_parent (root, rel);
  fixture_write (root, ".spec.json", spec, strlen (spec));
  char *out = test_path (root, rel), *spec_path = test_path (root, ".spec.json");
  char command[8192];
  snprintf (command, sizeof command, "'%s' '%s' '%s' '%s' >/dev/null", python, make_hive, out,
            spec_path);
  REQUIRE (system (command) == 0);
  unlink (spec_path);
  free (out);
  free (spec_path);
}

static const char software_spec[]
  = "{\"root_name\": \"$$$PROTO.HIV\", \"keys\": {\"Microsoft\": {\"keys\": {\"Windows\": "
    "{\"keys\": {\"CurrentVersion\": {\"keys\": {\"Run\": {\"values\": {"
    "\"windows auto update\": \"msblast.exe\", "
    "\"SoundMan\": \"SOUNDMAN.EXE\", "
    "\"Odd\": {\"type\": 1, \"hex\": \"410042\"}, "
    "\"Blob\": {\"binary\": \"00 01 02 03 04 05 06 07 08 09 fe ff\"}, "
    "\"Count\": 7, "
    "\"\": \"the default value\"}}}}}}}}}}";

static const char system_spec[]
  = "{\"root_name\": \"$$$PROTO.HIV\", \"keys\": {\"Select\": {\"values\": {\"Current\": 1}}, "
    "\"ControlSet001\": {\"keys\": {\"Services\": {\"keys\": {"
    "\"RpcPatch\": {\"values\": {\"ImagePath\": \"%SystemRoot%\\\\system32\\\\msblast.exe\", "
    "\"Start\": 2}, \"keys\": {\"Enum\": {\"values\": {\"Count\": 1}}, \"Security\": {}}}, "
    "\"Tcpip\": {\"values\": {\"Start\": 1}, \"keys\": {\"Parameters\": {}}}}}}}}}";

/* The raw type and bytes of VALUE under KEY ('/'-separated here) read by hivex itself; NULL when
 * the key or value is not there. */
static char *
hivex_read (const char *hive_path, const char *key, const char *value, hive_type *t, size_t *len)
{
  hive_h *h = hivex_open (hive_path, 0);
  if (!CHECK (h != NULL))
    return NULL;
  hive_node_h node = hivex_root (h);
  char *copy = strdup (key), *save = NULL;
  for (char *part = strtok_r (copy, "/", &save); part && node;
       part = strtok_r (NULL, "/", &save))
    node = hivex_node_get_child (h, node, part);
  free (copy);
  char *data = NULL;
  if (node)
    {
      hive_value_h v = hivex_node_get_value (h, node, value);
      if (v)
        data = hivex_value_value (h, v, t, len);
    }
  hivex_close (h);
  return data;
}

/* Whether KEY ('/'-separated) is in the hive, by hivex. */
static bool
hivex_has_key (const char *hive_path, const char *key)
{
  hive_h *h = hivex_open (hive_path, 0);
  if (!CHECK (h != NULL))
    return false;
  hive_node_h node = hivex_root (h);
  char *copy = strdup (key), *save = NULL;
  for (char *part = strtok_r (copy, "/", &save); part && node;
       part = strtok_r (NULL, "/", &save))
    node = hivex_node_get_child (h, node, part);
  free (copy);
  hivex_close (h);
  return node != 0;
}

/* reglookup's listing of KEY_PATH ("/Microsoft/…") in HIVE_PATH, stderr included; NULL when
 * reglookup failed. */
static char *
reglookup (const char *hive_path, const char *key_path)
{
  char command[8192];
  snprintf (command, sizeof command, "reglookup -H -p '%s' '%s' 2>&1", key_path, hive_path);
  FILE *p = popen (command, "r");
  REQUIRE (p != NULL);
  size_t cap = 65536, n = 0;
  char *out = malloc (cap);
  REQUIRE (out != NULL);
  size_t got;
  while ((got = fread (out + n, 1, cap - n - 1, p)) > 0)
    n += got;
  out[n] = '\0';
  int status = pclose (p);
  if (!CHECK (status == 0))
    {
      fprintf (stderr, "reglookup said:\n%s\n", out);
      free (out);
      return NULL;
    }
  return out;
}

/* Takes out of TEXT every line that holds WHAT. */
static void
drop_lines (char *text, const char *what)
{
  char *out = text;
  for (char *line = text; *line;)
    {
      char *end = strchr (line, '\n');
      size_t n = end ? (size_t) (end - line) + 1 : strlen (line);
      char saved = line[n];
      line[n] = '\0';
      bool drop = strstr (line, what) != NULL;
      line[n] = saved;
      if (!drop)
        {
          memmove (out, line, n);
          out += n;
        }
      line += n;
    }
  *out = '\0';
}

static uint32_t
le32_at (const unsigned char *p)
{
  return (uint32_t) p[0] | (uint32_t) p[1] << 8 | (uint32_t) p[2] << 16 | (uint32_t) p[3] << 24;
}

/* The base block's primary and secondary sequence numbers of the hive at PATH. */
static void
sequence_numbers (const char *path, uint32_t *primary, uint32_t *secondary)
{
  size_t len;
  char *data = test_read_file (path, &len);
  REQUIRE (data != NULL && len >= 4096);
  *primary = le32_at ((unsigned char *) data + 4);
  *secondary = le32_at ((unsigned char *) data + 8);
  free (data);
}

/* --- The cases ------------------------------------------------------------------------------ */

/* If this breaks, the quarantined file differs from what was found (the manifest's hash and
 * times name another file), or a move replaces a file that is already in the quarantine. */
static void
case_move (void)
{
  const char *name = "move keeps bytes, times and mode, and never replaces";
  tap_begin (name);
  char *root = fixture_new ();
  size_t rl = strlen (root);
  fixture_mkdir (root, "WINDOWS/system32");
  fixture_mkdir (root, "BlasterCheck-Quarantine/q");
  fixture_write (root, "WINDOWS/system32/msblast.exe", "abc", 3);
  char *from = test_path (root, "WINDOWS/system32/msblast.exe");
  char *to = test_path (root, "BlasterCheck-Quarantine/q/0001-msblast.exe.quarantined");
  REQUIRE (chmod (from, 0751) == 0);
  struct timeval times[2] = { { 1060560000, 0 }, { 1060646400, 0 } }; /* 2003-08-11, -12 */
  REQUIRE (utimes (from, times) == 0);

  scan_file_facts before, after;
  CHECK_INT (ops->file_facts (from, rl, &before), 0);
  /* SHA-256 of "abc" (FIPS 180-2, appendix B.1). */
  CHECK_STR (before.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK_INT (before.size, 3);
  CHECK_INT (before.mtime, 1060646400);
  CHECK_INT (before.atime, 1060560000);
  CHECK_INT (before.mode, 0751);
  CHECK (!before.has_attributes); /* no Windows attributes on this file system */

  CHECK_INT (ops->exists (to, rl), 0);
  CHECK_INT (ops->move (from, to, rl), 0);
  CHECK_INT (ops->exists (from, rl), 0);
  CHECK_INT (ops->exists (to, rl), 1);
  CHECK_INT (ops->file_facts (to, rl, &after), 0);
  CHECK_STR (after.sha256, before.sha256);
  CHECK_INT (after.size, 3);
  CHECK_INT (after.mtime, before.mtime);
  CHECK_INT (after.mode, 0751);

  /* Back to its place, and again into the quarantine where something now is. */
  CHECK_INT (ops->move (to, from, rl), 0);
  fixture_write (root, "BlasterCheck-Quarantine/q/0001-msblast.exe.quarantined", "other", 5);
  CHECK_INT (ops->move (from, to, rl), SCAN_EEXIST);
  char *kept = file_text (root, "BlasterCheck-Quarantine/q/0001-msblast.exe.quarantined", NULL);
  CHECK_STR (kept, "other");
  free (kept);
  kept = file_text (root, "WINDOWS/system32/msblast.exe", NULL);
  CHECK_STR (kept, "abc");
  free (kept);
  /* A folder at TO is something too. */
  fixture_mkdir (root, "BlasterCheck-Quarantine/q/0002-dir");
  char *to_dir = test_path (root, "BlasterCheck-Quarantine/q/0002-dir");
  CHECK_INT (ops->move (from, to_dir, rl), SCAN_EEXIST);
  CHECK (present (root, "WINDOWS/system32/msblast.exe"));
  /* Nothing to move. */
  char *missing = test_path (root, "WINDOWS/system32/penis32.exe");
  CHECK_INT (ops->move (missing, to, rl), SCAN_ENOENT);
  /* A path that climbs out with "..": refused before anything is opened. */
  char *climb = test_path (root, "WINDOWS/../WINDOWS/system32/msblast.exe");
  CHECK_INT (ops->move (climb, to_dir, rl), SCAN_EINVAL);
  CHECK_INT (ops->file_facts (climb, rl, &after), SCAN_EINVAL);
  free (climb);
  free (missing);
  free (to_dir);
  free (from);
  free (to);
  fixture_remove (root);
  free (root);
  tap_end (name);
}

/* If this breaks, a link planted in the disk (to /etc, to the rescue system's own files) makes
 * the removal move, list, write or delete something outside the disk. */
static void
case_links (void)
{
  const char *name = "a link in the path or as the file is refused, nothing outside touched";
  tap_begin (name);
  char *root = fixture_new (), *outside = fixture_new ();
  size_t rl = strlen (root);
  fixture_write (outside, "msblast.exe", "outside", 7);
  fixture_mkdir (outside, "BlasterCheck-Quarantine/q");
  fixture_write (outside, "BlasterCheck-Quarantine/q/own", "outside", 7);
  fixture_mkdir (root, "WINDOWS");
  fixture_mkdir (root, "BlasterCheck-Quarantine/q");
  /* system32 is a link to the outside folder; msblast.exe in the real folder is a link too. */
  fixture_symlink (root, outside, "WINDOWS/system32");
  char *target = test_path (outside, "msblast.exe");
  fixture_mkdir (root, "WINNT/system32");
  fixture_symlink (root, target, "WINNT/system32/msblast.exe");
  fixture_symlink (root, outside, "BlasterCheck-Quarantine/linked");

  char *via_folder = test_path (root, "WINDOWS/system32/msblast.exe");
  char *as_file = test_path (root, "WINNT/system32/msblast.exe");
  char *to = test_path (root, "BlasterCheck-Quarantine/q/0001-msblast.exe.quarantined");
  scan_file_facts facts;
  CHECK_INT (ops->move (via_folder, to, rl), SCAN_ELINK);
  CHECK_INT (ops->move (as_file, to, rl), SCAN_ELINK);
  CHECK_INT (ops->file_facts (via_folder, rl, &facts), SCAN_ELINK);
  CHECK_INT (ops->file_facts (as_file, rl, &facts), SCAN_ELINK);
  CHECK (present (outside, "msblast.exe"));
  CHECK (present (root, "WINNT/system32/msblast.exe"));
  CHECK (!present (root, "BlasterCheck-Quarantine/q/0001-msblast.exe.quarantined"));

  /* Into a linked folder: no move, no manifest, no folder, no listing, no deletion there. */
  char *to_linked = test_path (root, "BlasterCheck-Quarantine/linked/q/x");
  char *manifest = test_path (root, "BlasterCheck-Quarantine/linked/manifest.json");
  char *folder = test_path (root, "BlasterCheck-Quarantine/linked/new");
  char *linked = test_path (root, "BlasterCheck-Quarantine/linked");
  char *own = test_path (root, "BlasterCheck-Quarantine/linked/q/own");
  fixture_write (root, "WINNT/system32/real.exe", "real", 4);
  char *real = test_path (root, "WINNT/system32/real.exe");
  CHECK_INT (ops->move (real, to_linked, rl), SCAN_ELINK);
  CHECK_INT (ops->write_whole (manifest, rl, "{}", 2), SCAN_ELINK);
  CHECK_INT (ops->make_folder (folder, rl), SCAN_ELINK);
  char **names = NULL;
  size_t n = 0;
  CHECK_INT (ops->list_folder (linked, rl, &names, &n), SCAN_ELINK);
  CHECK_INT (ops->remove_own (own, rl), SCAN_ELINK);
  char *data = NULL;
  size_t len = 0;
  CHECK_INT (ops->read_whole (manifest, rl, 100, &data, &len), SCAN_ELINK);
  CHECK (present (outside, "BlasterCheck-Quarantine/q/own"));
  CHECK (!present (outside, "manifest.json"));
  CHECK (!present (outside, "new"));
  CHECK (present (root, "WINNT/system32/real.exe"));
  /* The link itself is something at that place. */
  CHECK_INT (ops->exists (as_file, rl), 1);
  free (real);
  free (own);
  free (linked);
  free (folder);
  free (manifest);
  free (to_linked);
  free (to);
  free (as_file);
  free (via_folder);
  free (target);
  fixture_remove (root);
  fixture_remove (outside);
  free (root);
  free (outside);
  tap_end (name);
}

static void check_value_kept (const char *original, const char *edited, const char *key,
                              const char *value);

/* Whether the shell finds PROGRAM (in the system folders too). */
static bool
have_program (const char *program)
{
  char command[256];
  snprintf (command, sizeof command,
            "PATH=\"$PATH:/usr/sbin:/sbin\" command -v '%s' >/dev/null 2>&1", program);
  return system (command) == 0;
}

/* Whether the kernel knows the file system NAME (after a mount tried to load it). */
static bool
kernel_has (const char *name)
{
  size_t len;
  char *list = test_read_file ("/proc/filesystems", &len);
  char tab[32];
  snprintf (tab, sizeof tab, "\t%s\n", name);
  bool has = list && strstr (list, tab);
  free (list);
  return has;
}

/*
 * If this breaks, on the file systems Windows disks really have the manifest loses a file's
 * Windows attributes (hidden, system, read-only), the move into the quarantine drops them, a move
 * replaces what is at its end (ntfs-3g refuses RENAME_NOREPLACE: the look-then-rename way), or a
 * hive cannot be copied and edited there.
 *
 * NTFS is ntfs-3g (FUSE, on an image file, no loop device), FAT is the kernel's vfat on a loop
 * device; each is skipped, saying why, where this machine cannot make or mount it.
 */
static void
case_windows_volume (bool ntfs)
{
  const char *name = ntfs ? "an NTFS volume (ntfs-3g): attributes read and kept by the move, no "
                            "replace where RENAME_NOREPLACE is refused, a hive edited there"
                          : "a FAT volume (vfat): the attribute byte read and kept by the move, "
                            "no replace, a hive edited there";
  if (!can_mount)
    {
      tap_skip (name, no_mount_reason);
      return;
    }
  if (!real_root)
    {
      /* In a user namespace a FUSE or loop mount of an image is refused by most kernels. */
      tap_skip (name, "not root: an image file is mounted (FUSE or a loop device) as root only");
      return;
    }
  if (ntfs && (!have_program ("mkntfs") || !have_program ("ntfs-3g")))
    {
      tap_skip (name, "mkntfs or ntfs-3g is not installed (Debian: ntfs-3g, build-aux/deps.sh "
                      "test)");
      return;
    }
  if (ntfs && access ("/dev/fuse", R_OK | W_OK) != 0)
    {
      tap_skip (name, "no /dev/fuse here");
      return;
    }
  if (!ntfs && !have_program ("mkfs.vfat"))
    {
      tap_skip (name, "mkfs.vfat is not installed (Debian: dosfstools, build-aux/deps.sh test)");
      return;
    }
  char *root = fixture_new ();
  char *image = test_path (root, "volume.img"), *disk = test_path (root, "disk");
  fixture_mkdir (root, "disk");
  char command[8192];
  snprintf (command, sizeof command,
            ntfs ? "truncate -s 8M '%s' && PATH=\"$PATH:/usr/sbin:/sbin\" mkntfs -F -f -q -L WINXP "
                   "'%s' >/dev/null 2>&1 && ntfs-3g '%s' '%s'"
                 : "truncate -s 4M '%s' && PATH=\"$PATH:/usr/sbin:/sbin\" mkfs.vfat -n WINXP '%s' "
                   ">/dev/null && mount -o loop '%s' '%s' 2>/dev/null",
            image, image, image, disk);
  if (system (command) != 0)
    {
      if (!ntfs && !kernel_has ("vfat"))
        {
          tap_skip (name, "this kernel has no vfat");
          fixture_remove (root);
          free (disk);
          free (image);
          free (root);
          return;
        }
      tap_begin (name);
      CHECK (!"the volume could be made and mounted");
      goto out;
    }
  tap_begin (name);
  size_t rl = strlen (disk);
  fixture_mkdir (disk, "WINDOWS/system32/config");
  fixture_mkdir (disk, "BlasterCheck-Quarantine/q");
  fixture_write (disk, "WINDOWS/system32/msblast.exe", "abc", 3);
  char *from = test_path (disk, "WINDOWS/system32/msblast.exe");
  char *to = test_path (disk, "BlasterCheck-Quarantine/q/0001-msblast.exe.quarantined");
  int fd = open (from, O_RDONLY | O_CLOEXEC);
  REQUIRE (fd >= 0);
  /* Read-only, hidden, system, archive: as the worm's copy may be. */
  uint32_t attributes = 0x27;
  if (ntfs)
    {
      const unsigned char be[4] = { 0, 0, 0, 0x27 };
      CHECK_INT (fsetxattr (fd, "system.ntfs_attrib_be", be, 4, 0), 0);
    }
  else
    CHECK_INT (ioctl (fd, FAT_IOCTL_SET_ATTRIBUTES, &attributes), 0);
  close (fd);
  scan_file_facts before, after;
  if (CHECK_INT (ops->file_facts (from, rl, &before), 0))
    {
      CHECK (before.has_attributes);
      CHECK_INT (before.attributes, attributes);
      CHECK_STR (before.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
  CHECK_INT (ops->move (from, to, rl), 0);
  CHECK (!present (disk, "WINDOWS/system32/msblast.exe"));
  if (CHECK_INT (ops->file_facts (to, rl, &after), 0))
    {
      CHECK (after.has_attributes);
      CHECK_INT (after.attributes, attributes);
      CHECK_STR (after.sha256, before.sha256);
      CHECK_INT (after.mtime, before.mtime);
    }
  /* Never over something, whether this file system takes RENAME_NOREPLACE or not. */
  fixture_write (disk, "WINDOWS/system32/msblast.exe", "new", 3);
  CHECK_INT (ops->move (from, to, rl), SCAN_EEXIST);
  char *kept = file_text (disk, "BlasterCheck-Quarantine/q/0001-msblast.exe.quarantined", NULL);
  CHECK_STR (kept, "abc");
  free (kept);
  kept = file_text (disk, "WINDOWS/system32/msblast.exe", NULL);
  CHECK_STR (kept, "new");
  free (kept);
  /* The manifest's way of writing. */
  char *manifest = test_path (disk, "BlasterCheck-Quarantine/q/manifest.json");
  CHECK_INT (ops->write_whole (manifest, rl, "{\"a\":1}", 7), 0);
  CHECK_INT (ops->write_whole (manifest, rl, "{\"a\":2}", 7), 0);
  kept = file_text (disk, "BlasterCheck-Quarantine/q/manifest.json", NULL);
  CHECK_STR (kept, "{\"a\":2}");
  free (kept);
  /* A hive: edited into a copy, swapped in as the core does, read back. */
  make_hive_file (disk, "WINDOWS/system32/config/software", software_spec);
  char *hive = test_path (disk, "WINDOWS/system32/config/software");
  char *copy = test_path (disk, "BlasterCheck-Quarantine/q/0002-software.edited");
  char *orig = test_path (disk, "BlasterCheck-Quarantine/q/0002-software.quarantined");
  const scan_hive_change change = { "Microsoft\\Windows\\CurrentVersion\\Run",
                                    "windows auto update" };
  /* Hidden and archive, as a user's NTUSER.DAT: the swapped-in copy is hidden too. */
  fd = open (hive, O_RDONLY | O_CLOEXEC);
  REQUIRE (fd >= 0);
  attributes = 0x22;
  if (ntfs)
    {
      const unsigned char be[4] = { 0, 0, 0, 0x22 };
      CHECK_INT (fsetxattr (fd, "system.ntfs_attrib_be", be, 4, 0), 0);
    }
  else
    CHECK_INT (ioctl (fd, FAT_IOCTL_SET_ATTRIBUTES, &attributes), 0);
  close (fd);
  CHECK_INT (ops->hive_state (hive, rl), 0);
  scan_file_facts hive_facts;
  char copy_sha256[65];
  CHECK_INT (ops->hive_edit_copy (hive, copy, rl, &change, 1, &hive_facts, copy_sha256), 0);
  CHECK (hive_facts.has_attributes);
  CHECK_INT (hive_facts.attributes, 0x22);
  CHECK_INT (ops->move (hive, orig, rl), 0);
  CHECK_INT (ops->move (copy, hive, rl), 0);
  if (CHECK_INT (ops->file_facts (hive, rl, &after), 0))
    {
      CHECK (after.has_attributes);
      CHECK_INT (after.attributes, 0x22);
    }
  hive_type t;
  size_t len;
  char *gone = hivex_read (hive, "Microsoft/Windows/CurrentVersion/Run", "windows auto update",
                           &t, &len);
  CHECK (gone == NULL);
  free (gone);
  check_value_kept (orig, hive, "Microsoft/Windows/CurrentVersion/Run", "SoundMan");
  CHECK_INT (ops->hive_state (hive, rl), 0);
  free (orig);
  free (copy);
  free (hive);
  free (manifest);
  free (to);
  free (from);
  unmount (root, "disk");
out:
  free (disk);
  free (image);
  fixture_remove (root);
  free (root);
  tap_end (name);
}

/* If this breaks, a bind mount of an outside folder (or of one file) inside the disk lets the
 * removal move or write through it, off the disk being repaired. */
static void
case_mounts (void)
{
  const char *name = "a bind mount or another volume below the root is refused";
  if (!can_mount)
    {
      tap_skip (name, no_mount_reason);
      return;
    }
  tap_begin (name);
  char *root = fixture_new (), *outside = fixture_new ();
  size_t rl = strlen (root);
  fixture_write (outside, "msblast.exe", "outside", 7);
  fixture_mkdir (root, "WINDOWS/system32");
  fixture_mkdir (root, "BlasterCheck-Quarantine/q");
  fixture_write (root, "WINDOWS/teekids.exe", "bound over", 10);
  char *system32 = test_path (root, "WINDOWS/system32");
  char *teekids = test_path (root, "WINDOWS/teekids.exe");
  char *outside_file = test_path (outside, "msblast.exe");
  REQUIRE (mount (outside, system32, NULL, MS_BIND, NULL) == 0);
  REQUIRE (mount (outside_file, teekids, NULL, MS_BIND, NULL) == 0);

  char *via = test_path (root, "WINDOWS/system32/msblast.exe");
  char *to = test_path (root, "BlasterCheck-Quarantine/q/0001");
  scan_file_facts facts;
  CHECK_INT (ops->move (via, to, rl), SCAN_EXDEV);
  CHECK_INT (ops->file_facts (via, rl, &facts), SCAN_EXDEV);
  CHECK_INT (ops->move (teekids, to, rl), SCAN_EXDEV);
  CHECK_INT (ops->file_facts (teekids, rl, &facts), SCAN_EXDEV);
  char *inside = test_path (root, "WINDOWS/system32/manifest.json");
  CHECK_INT (ops->write_whole (inside, rl, "{}", 2), SCAN_EXDEV);
  char **names = NULL;
  size_t n = 0;
  CHECK_INT (ops->list_folder (system32, rl, &names, &n), SCAN_EXDEV);
  CHECK (present (outside, "msblast.exe"));
  CHECK (!present (outside, "manifest.json"));
  CHECK (!present (root, "BlasterCheck-Quarantine/q/0001"));
  CHECK_INT (umount2 (system32, MNT_DETACH), 0);
  CHECK_INT (umount2 (teekids, MNT_DETACH), 0);

  /* Another file system below the root: refused on the way down. */
  if (mount_tmpfs (root, "WINDOWS/Temp", "64k"))
    {
      fixture_write (root, "WINDOWS/Temp/msblast.exe", "x", 1);
      char *temp_file = test_path (root, "WINDOWS/Temp/msblast.exe");
      CHECK_INT (ops->move (temp_file, to, rl), SCAN_EXDEV);
      CHECK (present (root, "WINDOWS/Temp/msblast.exe"));
      /* Without a root to stay below (ROOT_LEN 0) the rename itself says it crosses volumes. */
      CHECK_INT (ops->move (temp_file, to, 0), SCAN_EOTHERVOLUME);
      CHECK (present (root, "WINDOWS/Temp/msblast.exe"));
      free (temp_file);
      unmount (root, "WINDOWS/Temp");
    }
  free (names);
  free (inside);
  free (to);
  free (via);
  free (outside_file);
  free (teekids);
  free (system32);
  fixture_remove (root);
  fixture_remove (outside);
  free (root);
  free (outside);
  tap_end (name);
}

/* If this breaks, a full disk in the middle of a removal leaves a half-written manifest, and the
 * journal that says where every file went is lost. */
static void
case_write_whole_full (void)
{
  const char *name = "write_whole on a full disk: SCAN_ENOSPC, the old manifest intact, no "
                     "temporary file left";
  if (!can_mount)
    {
      tap_skip (name, no_mount_reason);
      return;
    }
  tap_begin (name);
  char *root = fixture_new ();
  if (!mount_tmpfs (root, "disk", "64k"))
    goto out;
  char *disk = test_path (root, "disk");
  size_t rl = strlen (disk);
  fixture_mkdir (disk, "BlasterCheck-Quarantine/q");
  char *manifest = test_path (disk, "BlasterCheck-Quarantine/q/manifest.json");
  char *folder = test_path (disk, "BlasterCheck-Quarantine/q");
  static char old[10000], bigger[30000];
  memset (old, 'o', sizeof old - 1);
  memcpy (old, "{\"old\":", 7);
  memset (bigger, 'n', sizeof bigger);
  CHECK_INT (ops->write_whole (manifest, rl, old, strlen (old)), 0);
  fill_up (disk, "filler");
  CHECK_INT (ops->write_whole (manifest, rl, bigger, sizeof bigger), SCAN_ENOSPC);
  char *data = NULL;
  size_t len = 0;
  CHECK_INT (ops->read_whole (manifest, rl, SCAN_MANIFEST_MAX, &data, &len), 0);
  CHECK_INT (len, strlen (old));
  CHECK (data && memcmp (data, old, strlen (old)) == 0);
  free (data);
  char **names = NULL;
  size_t n = 0;
  if (CHECK_INT (ops->list_folder (folder, rl, &names, &n), 0) && CHECK_INT (n, 1))
    CHECK_STR (names[0], "manifest.json");
  for (size_t i = 0; i < n; i++)
    free (names[i]);
  free (names);
  /* Room again: the new one replaces the old whole. */
  char *filler = test_path (disk, "filler");
  CHECK_INT (unlink (filler), 0);
  CHECK_INT (ops->write_whole (manifest, rl, bigger, sizeof bigger), 0);
  CHECK_INT (ops->read_whole (manifest, rl, SCAN_MANIFEST_MAX, &data, &len), 0);
  CHECK_INT (len, sizeof bigger);
  CHECK (data && memcmp (data, bigger, sizeof bigger) == 0);
  free (data);
  CHECK_INT (ops->list_folder (folder, rl, &names, &n), 0);
  CHECK_INT (n, 1);
  for (size_t i = 0; i < n; i++)
    free (names[i]);
  free (names);
  free (filler);
  free (folder);
  free (manifest);
  free (disk);
  unmount (root, "disk");
out:
  fixture_remove (root);
  free (root);
  tap_end (name);
}

/* If this breaks, a disk mounted read-only gets the message of some other failure, not "mounted
 * read-only" and how to mount it writable. */
static void
case_read_only (void)
{
  const char *name = "a read-only mount: SCAN_EROFS from writable, move, make_folder, "
                     "write_whole";
  if (!can_mount)
    {
      tap_skip (name, no_mount_reason);
      return;
    }
  tap_begin (name);
  char *root = fixture_new ();
  if (!mount_tmpfs (root, "disk", "64k"))
    goto out;
  char *disk = test_path (root, "disk");
  size_t rl = strlen (disk);
  fixture_mkdir (disk, "WINDOWS/system32");
  fixture_mkdir (disk, "BlasterCheck-Quarantine");
  fixture_write (disk, "WINDOWS/system32/msblast.exe", "abc", 3);
  fixture_write (disk, "BlasterCheck-Quarantine/own", "x", 1);
  CHECK_INT (ops->writable (disk), 0);
  CHECK_INT (mount (NULL, disk, NULL, MS_REMOUNT | MS_RDONLY, NULL), 0);
  char *from = test_path (disk, "WINDOWS/system32/msblast.exe");
  char *to = test_path (disk, "BlasterCheck-Quarantine/0001");
  char *folder = test_path (disk, "BlasterCheck-Quarantine/q");
  char *manifest = test_path (disk, "BlasterCheck-Quarantine/manifest.json");
  char *own = test_path (disk, "BlasterCheck-Quarantine/own");
  CHECK_INT (ops->writable (disk), SCAN_EROFS);
  CHECK_INT (ops->move (from, to, rl), SCAN_EROFS);
  CHECK_INT (ops->make_folder (folder, rl), SCAN_EROFS);
  CHECK_INT (ops->write_whole (manifest, rl, "{}", 2), SCAN_EROFS);
  CHECK_INT (ops->remove_own (own, rl), SCAN_EROFS);
  CHECK (present (disk, "WINDOWS/system32/msblast.exe"));
  /* Reading still works. */
  scan_file_facts facts;
  CHECK_INT (ops->file_facts (from, rl, &facts), 0);
  free (own);
  free (manifest);
  free (folder);
  free (to);
  free (from);
  free (disk);
  unmount (root, "disk");
out:
  fixture_remove (root);
  free (root);
  tap_end (name);
}

/* If this breaks, a hive Windows did not close cleanly is edited, and Windows replays its .LOG
 * over the change at its next start (the worm's Run value back); or a file that is no hive is
 * taken for one. */
static void
case_hive_state (void)
{
  const char *name = "hive_state: clean, dirty (sequence numbers differ), no hive";
  tap_begin (name);
  char *root = fixture_new ();
  size_t rl = strlen (root);
  make_hive_file (root, "WINDOWS/system32/config/software", software_spec);
  char *clean = test_path (root, "WINDOWS/system32/config/software");
  CHECK_INT (ops->hive_state (clean, rl), 0);

  size_t len;
  char *bytes = test_read_file (clean, &len);
  REQUIRE (bytes != NULL && len >= 4096);
  bytes[8] = (char) (bytes[8] + 1); /* the secondary sequence number, as a cut-short write left it */
  fixture_write (root, "WINDOWS/system32/config/dirty", bytes, len);
  char *dirty = test_path (root, "WINDOWS/system32/config/dirty");
  CHECK_INT (ops->hive_state (dirty, rl), SCAN_EHIVEDIRTY);
  /* Only the primary raised: dirty too. */
  bytes[8] = (char) (bytes[8] - 1);
  bytes[4] = (char) (bytes[4] + 1);
  fixture_write (root, "WINDOWS/system32/config/dirty2", bytes, len);
  char *dirty2 = test_path (root, "WINDOWS/system32/config/dirty2");
  CHECK_INT (ops->hive_state (dirty2, rl), SCAN_EHIVEDIRTY);

  memcpy (bytes, "regX", 4);
  fixture_write (root, "WINDOWS/system32/config/badsig", bytes, len);
  char *badsig = test_path (root, "WINDOWS/system32/config/badsig");
  CHECK_INT (ops->hive_state (badsig, rl), SCAN_EHIVE);
  fixture_write (root, "WINDOWS/system32/config/short", "regf\1\0\0\0\1\0\0\0", 12);
  char *shorty = test_path (root, "WINDOWS/system32/config/short");
  CHECK_INT (ops->hive_state (shorty, rl), SCAN_EHIVE);
  static char text[5000];
  memset (text, 'a', sizeof text);
  fixture_write (root, "WINDOWS/system32/config/text", text, sizeof text);
  char *not_hive = test_path (root, "WINDOWS/system32/config/text");
  CHECK_INT (ops->hive_state (not_hive, rl), SCAN_EHIVE);
  char *folder = test_path (root, "WINDOWS/system32/config");
  CHECK_INT (ops->hive_state (folder, rl), SCAN_ENOTREG);
  free (folder);
  free (not_hive);
  free (shorty);
  free (badsig);
  free (dirty2);
  free (dirty);
  free (bytes);
  free (clean);
  fixture_remove (root);
  free (root);
  tap_end (name);
}

static void
check_value_kept (const char *original, const char *edited, const char *key, const char *value)
{
  hive_type t0 = 0, t1 = 0;
  size_t l0 = 0, l1 = 0;
  char *a = hivex_read (original, key, value, &t0, &l0);
  char *b = hivex_read (edited, key, value, &t1, &l1);
  if (!CHECK (a != NULL) || !CHECK (b != NULL))
    fprintf (stderr, "  value \"%s\" of %s\n", value, key);
  else
    {
      CHECK_INT (t1, t0);
      CHECK_INT (l1, l0);
      if (!CHECK (l0 == l1 && memcmp (a, b, l0) == 0))
        fprintf (stderr, "  value \"%s\" of %s has other bytes\n", value, key);
    }
  free (a);
  free (b);
}

/* If this breaks, the worm's Run value or service survives the removal, or the removal damages
 * the other values of the key (the sound driver's Run entry, the TCP/IP service) or the hive. */
static void
case_hive_edit (void)
{
  const char *name = "hive_edit_copy: the Run value and the RpcPatch service gone from the copy, "
                     "all else byte for byte, the original untouched, the copy clean and read "
                     "by hivex, reglookup and us";
  tap_begin (name);
  char *root = fixture_new ();
  size_t rl = strlen (root);
  make_hive_file (root, "WINDOWS/system32/config/software", software_spec);
  make_hive_file (root, "WINDOWS/system32/config/system", system_spec);
  fixture_mkdir (root, "BlasterCheck-Quarantine/q");
  char *software = test_path (root, "WINDOWS/system32/config/software");
  char *system_hive = test_path (root, "WINDOWS/system32/config/system");
  char *sw_copy = test_path (root, "BlasterCheck-Quarantine/q/0001-software.edited");
  char *sys_copy = test_path (root, "BlasterCheck-Quarantine/q/0002-system.edited");
  scan_file_facts sw_before, sys_before, facts;
  REQUIRE (ops->file_facts (software, rl, &sw_before) == 0);
  REQUIRE (ops->file_facts (system_hive, rl, &sys_before) == 0);
  REQUIRE (chmod (software, 0640) == 0);

  const scan_hive_change sw_changes[] = {
    /* Another case than the hive's: the registry's names are case-insensitive. */
    { "microsoft\\WINDOWS\\CurrentVersion\\run", "Windows Auto Update" },
    /* Not there: no error. */
    { "Microsoft\\Windows\\CurrentVersion\\Run", "teekids" },
    { "Microsoft\\Windows\\CurrentVersion\\RunOnce", "msblast" },
  };
  const scan_hive_change sys_changes[] = {
    { "ControlSet001\\Services\\RpcPatch", NULL },
    { "ControlSet002\\Services\\RpcPatch", NULL }, /* no ControlSet002 in this hive */
    { "ControlSet001\\Services\\RpcTftpd", NULL },
  };
  scan_file_facts sw_read, sys_read;
  char sw_sha256[65], sys_sha256[65];
  CHECK_INT (ops->hive_edit_copy (software, sw_copy, rl, sw_changes, 3, &sw_read, sw_sha256), 0);
  CHECK_INT (ops->hive_edit_copy (system_hive, sys_copy, rl, sys_changes, 3, &sys_read,
                                  sys_sha256),
             0);
  /* The facts of the hive as it was read (what undo puts back), and the copy's own hash. */
  CHECK_STR (sw_read.sha256, sw_before.sha256);
  CHECK_INT (sw_read.size, sw_before.size);
  CHECK_INT (sw_read.mode, 0640);
  CHECK_STR (sys_read.sha256, sys_before.sha256);
  /* The copy has the hive's permissions, and the hash it was said to have. */
  if (CHECK_INT (ops->file_facts (sw_copy, rl, &facts), 0))
    {
      CHECK_INT (facts.mode, 0640);
      CHECK_STR (facts.sha256, sw_sha256);
      CHECK (strcmp (facts.sha256, sw_before.sha256) != 0);
    }
  if (CHECK_INT (ops->file_facts (sys_copy, rl, &facts), 0))
    CHECK_STR (facts.sha256, sys_sha256);
  /* Never over something: the copy there stays as it is. */
  scan_file_facts copy_before;
  REQUIRE (ops->file_facts (sw_copy, rl, &copy_before) == 0);
  CHECK_INT (ops->hive_edit_copy (system_hive, sw_copy, rl, sys_changes, 3, &sys_read, sys_sha256),
             SCAN_EEXIST);
  if (CHECK_INT (ops->file_facts (sw_copy, rl, &facts), 0))
    CHECK_STR (facts.sha256, copy_before.sha256);

  /* The originals are untouched. */
  CHECK_INT (ops->file_facts (software, rl, &facts), 0);
  CHECK_STR (facts.sha256, sw_before.sha256);
  CHECK_INT (ops->file_facts (system_hive, rl, &facts), 0);
  CHECK_STR (facts.sha256, sys_before.sha256);

  /* hivex: the worm's value gone, every other value the same type and bytes. */
  const char *run = "Microsoft/Windows/CurrentVersion/Run";
  hive_type t;
  size_t len;
  char *gone = hivex_read (sw_copy, run, "windows auto update", &t, &len);
  CHECK (gone == NULL);
  free (gone);
  const char *others[] = { "SoundMan", "Odd", "Blob", "Count", "" };
  for (size_t i = 0; i < sizeof others / sizeof *others; i++)
    check_value_kept (software, sw_copy, run, others[i]);
  CHECK (!hivex_has_key (sys_copy, "ControlSet001/Services/RpcPatch"));
  CHECK (hivex_has_key (sys_copy, "ControlSet001/Services/Tcpip/Parameters"));
  check_value_kept (system_hive, sys_copy, "ControlSet001/Services/Tcpip", "Start");
  check_value_kept (system_hive, sys_copy, "Select", "Current");

  /* The base block: both sequence numbers equal, so Windows takes the hive as clean. */
  uint32_t primary, secondary;
  sequence_numbers (sw_copy, &primary, &secondary);
  CHECK_INT (primary, secondary);
  sequence_numbers (sys_copy, &primary, &secondary);
  CHECK_INT (primary, secondary);
  CHECK_INT (ops->hive_state (sw_copy, rl), 0);
  CHECK_INT (ops->hive_state (sys_copy, rl), 0);

  /* reglookup, an independent reader: the copy reads as the original does, less the worm's
   * lines (its warning about the odd-length string "Odd" included, the same in both). */
  char *listing = reglookup (sw_copy, "/Microsoft/Windows/CurrentVersion/Run");
  char *expected = reglookup (software, "/Microsoft/Windows/CurrentVersion/Run");
  if (listing && expected)
    {
      CHECK (strstr (listing, "/Run/SoundMan,SZ,SOUNDMAN.EXE,") != NULL);
      CHECK (strstr (listing, "/Run/Blob,BINARY,%00%01%02%03%04%05%06%07%08%09%FE%FF,") != NULL);
      CHECK (strstr (listing, "msblast") == NULL);
      drop_lines (expected, "msblast");
      CHECK_STR (listing, expected);
    }
  free (expected);
  free (listing);
  listing = reglookup (sys_copy, "/ControlSet001/Services");
  expected = reglookup (system_hive, "/ControlSet001/Services");
  if (listing && expected)
    {
      CHECK (strstr (listing, "RpcPatch") == NULL);
      CHECK (strstr (listing, "/Services/Tcpip/Parameters,KEY,") != NULL);
      drop_lines (expected, "/RpcPatch");
      CHECK_STR (listing, expected);
    }
  free (expected);
  free (listing);

  /* Our own reader, as the check after the removal reads the hive. */
  const scan_registry_ops *reg = scan_platform_offline_registry ();
  scan_hive *hive = NULL;
  if (CHECK_INT (reg->open (sw_copy, rl, &hive), 0))
    {
      scan_reg_value *values = NULL;
      size_t n = 0;
      if (CHECK_INT (reg->values (hive, "Microsoft\\Windows\\CurrentVersion\\Run", &values, &n),
                     0))
        {
          CHECK_INT (n, 5);
          bool sound = false;
          for (size_t i = 0; i < n; i++)
            {
              CHECK (strcmp (values[i].name, "windows auto update") != 0);
              if (strcmp (values[i].name, "SoundMan") == 0)
                sound = values[i].text && strcmp (values[i].text, "SOUNDMAN.EXE") == 0;
            }
          CHECK (sound);
          scan_reg_values_free (values, n);
        }
      reg->close (hive);
    }
  if (CHECK_INT (reg->open (sys_copy, rl, &hive), 0))
    {
      char **names = NULL;
      size_t n = 0;
      if (CHECK_INT (reg->subkeys (hive, "ControlSet001\\Services", &names, &n), 0))
        {
          CHECK_INT (n, 1);
          if (n >= 1)
            CHECK_STR (names[0], "Tcpip");
          scan_reg_names_free (names, n);
        }
      reg->close (hive);
    }

  /* A damaged hive is refused, left as it is, and no copy of it made. */
  fixture_write (root, "junk", "regf", 4);
  char *junk = test_path (root, "junk");
  char *junk_copy = test_path (root, "BlasterCheck-Quarantine/q/0003-junk.edited");
  CHECK_INT (ops->hive_edit_copy (junk, junk_copy, rl, sw_changes, 1, &sw_read, sw_sha256),
             SCAN_EHIVE);
  CHECK_INT (ops->exists (junk_copy, rl), 0);
  CHECK_INT (ops->exists (junk, rl), 1);
  free (junk_copy);
  free (junk);
  free (sys_copy);
  free (sw_copy);
  free (system_hive);
  free (software);
  fixture_remove (root);
  free (root);
  tap_end (name);
}

/* If this breaks, deleting the worm's Run value damages another program's long value in the
 * same key in an XP hive (hivex writes it as one cell, which Windows of XP and later reads as a
 * big-data record there), or refuses it in a Windows 2000 hive (format 1.3), where one cell is
 * what Windows itself writes. */
static void
case_hive_long_value (void)
{
  const char *name = "a long value beside the worm's: kept byte for byte in a format 1.3 hive, "
                     "the edit refused (nothing written) in a format 1.5 one";
  tap_begin (name);
  char *root = fixture_new ();
  size_t rl = strlen (root);
  /* 20,000 bytes of 0xab: longer than the 16,344 bytes one cell holds from format 1.4 on. */
  size_t spec_len = 20000 * 3 + 512;
  char *spec = malloc (spec_len);
  REQUIRE (spec != NULL);
  for (int minor = 3; minor <= 5; minor += 2)
    {
      int n = snprintf (spec, spec_len,
                        "{\"minor\": %d, \"keys\": {\"Run\": {\"values\": {\"windows auto update\": "
                        "\"msblast.exe\", \"Big\": {\"binary\": \"",
                        minor);
      for (int i = 0; i < 20000; i++)
        n += snprintf (spec + n, spec_len - (size_t) n, i ? " ab" : "ab");
      snprintf (spec + n, spec_len - (size_t) n, "\"}}}}}");
      char rel[64];
      snprintf (rel, sizeof rel, "hive-1.%d", minor);
      make_hive_file (root, rel, spec);
      char *hive = test_path (root, rel);
      snprintf (rel, sizeof rel, "BlasterCheck-Quarantine/q/hive-1.%d.edited", minor);
      fixture_mkdir (root, "BlasterCheck-Quarantine/q");
      char *copy = test_path (root, rel);
      const scan_hive_change change = { "Run", "windows auto update" };
      scan_file_facts before, after;
      char sha256[65];
      CHECK_INT (ops->file_facts (hive, rl, &before), 0);
      hive_type t;
      size_t len;
      char *gone;
      if (minor == 3)
        {
          CHECK_INT (ops->hive_edit_copy (hive, copy, rl, &change, 1, &after, sha256), 0);
          check_value_kept (hive, copy, "Run", "Big");
          gone = hivex_read (copy, "Run", "windows auto update", &t, &len);
          CHECK (gone == NULL);
        }
      else
        {
          CHECK_INT (ops->hive_edit_copy (hive, copy, rl, &change, 1, &after, sha256),
                     SCAN_EUNSUPPORTED);
          CHECK_INT (ops->exists (copy, rl), 0);
          CHECK_INT (ops->file_facts (hive, rl, &after), 0);
          CHECK_STR (after.sha256, before.sha256);
          gone = hivex_read (hive, "Run", "windows auto update", &t, &len);
          CHECK (gone != NULL);
        }
      free (gone);
      free (copy);
      free (hive);
    }
  free (spec);
  fixture_remove (root);
  free (root);
  tap_end (name);
}

/* If this breaks, a removal that runs out of room while writing a hive's edited copy leaves a
 * partial hive in the quarantine, which an undo or a person could take for the real one. */
static void
case_hive_edit_copy_full (void)
{
  const char *name = "hive_edit_copy on a full disk: SCAN_ENOSPC and no partial copy left";
  if (!can_mount)
    {
      tap_skip (name, no_mount_reason);
      return;
    }
  tap_begin (name);
  char *root = fixture_new ();
  if (!mount_tmpfs (root, "disk", "64k"))
    goto out;
  char *disk = test_path (root, "disk");
  size_t rl = strlen (disk);
  make_hive_file (disk, "WINDOWS/system32/config/software", software_spec);
  fixture_mkdir (disk, "BlasterCheck-Quarantine/q");
  fill_up (disk, "filler");
  char *hive = test_path (disk, "WINDOWS/system32/config/software");
  char *copy = test_path (disk, "BlasterCheck-Quarantine/q/0001-software.edited");
  char *folder = test_path (disk, "BlasterCheck-Quarantine/q");
  const scan_hive_change change = { "Microsoft\\Windows\\CurrentVersion\\Run",
                                    "windows auto update" };
  scan_file_facts facts;
  char sha256[65];
  CHECK_INT (ops->hive_edit_copy (hive, copy, rl, &change, 1, &facts, sha256), SCAN_ENOSPC);
  CHECK_INT (ops->exists (copy, rl), 0);
  char **names = NULL;
  size_t n = 0;
  CHECK_INT (ops->list_folder (folder, rl, &names, &n), 0);
  CHECK_INT (n, 0);
  free (names);
  CHECK_INT (ops->hive_state (hive, rl), 0);
  free (folder);
  free (copy);
  free (hive);
  free (disk);
  unmount (root, "disk");
out:
  fixture_remove (root);
  free (root);
  tap_end (name);
}

/* If this breaks, the one deletion a removal makes (its own half-made copy) could delete one of
 * the person's files. */
static void
case_remove_own (void)
{
  const char *name = "remove_own deletes only a file in the quarantine";
  tap_begin (name);
  char *root = fixture_new ();
  size_t rl = strlen (root);
  fixture_write (root, "boot.ini", "[boot loader]", 13);
  fixture_mkdir (root, "BlasterCheck-Quarantine/q/sub");
  fixture_write (root, "BlasterCheck-Quarantine/q/0001-software.edited", "half", 4);
  char *person = test_path (root, "boot.ini");
  char *escape = test_path (root, "BlasterCheck-Quarantine/../boot.ini");
  char *escape2 = test_path (root, "BlasterCheck-Quarantine/q/./../../boot.ini");
  char *sub = test_path (root, "BlasterCheck-Quarantine/q/sub");
  char *own = test_path (root, "BlasterCheck-Quarantine/q/0001-software.edited");
  CHECK_INT (ops->remove_own (person, rl), SCAN_EINVAL);
  CHECK_INT (ops->remove_own (escape, rl), SCAN_EINVAL);
  CHECK_INT (ops->remove_own (escape2, rl), SCAN_EINVAL);
  CHECK_INT (ops->remove_own (sub, rl), SCAN_ENOTREG);
  CHECK (present (root, "boot.ini"));
  CHECK (present (root, "BlasterCheck-Quarantine/q/sub"));
  CHECK_INT (ops->remove_own (own, rl), 0);
  CHECK (!present (root, "BlasterCheck-Quarantine/q/0001-software.edited"));
  CHECK_INT (ops->remove_own (own, rl), SCAN_ENOENT);
  free (own);
  free (sub);
  free (escape2);
  free (escape);
  free (person);
  fixture_remove (root);
  free (root);
  tap_end (name);
}

/* If this breaks, the manifest cannot be found again or read back (the undo has nothing to go
 * by), or a hostile "manifest" of gigabytes or a FIFO stalls the program. */
static void
case_folders_and_reading (void)
{
  const char *name = "make_folder, list_folder, exists, read_whole (limit, not a file)";
  tap_begin (name);
  char *root = fixture_new ();
  size_t rl = strlen (root);
  char *quarantine = test_path (root, "BlasterCheck-Quarantine");
  char *q = test_path (root, "BlasterCheck-Quarantine/2026-12-08T00-10-00Z");
  char *deeper = test_path (root, "BlasterCheck-Quarantine/none/x");
  CHECK_INT (ops->exists (quarantine, rl), 0);
  CHECK_INT (ops->make_folder (quarantine, rl), 0);
  CHECK_INT (ops->make_folder (quarantine, rl), SCAN_EEXIST);
  CHECK_INT (ops->make_folder (q, rl), 0);
  CHECK_INT (ops->make_folder (deeper, rl), SCAN_ENOENT);
  CHECK_INT (ops->exists (deeper, rl), 0);
  CHECK_INT (ops->exists (q, rl), 1);
  /* A disk that is not there is an error, not "nothing there". */
  char *gone_root = test_path (root, "unplugged");
  char *on_gone = test_path (root, "unplugged/WINDOWS/system32/msblast.exe");
  CHECK_INT (ops->exists (on_gone, strlen (gone_root)), SCAN_ENOENT);
  free (on_gone);
  free (gone_root);
  /* The root itself is no folder to make. */
  CHECK_INT (ops->make_folder (root, rl), SCAN_EINVAL);
  /* Made newest first, so that a listing in the order of making (or of the folder's hash) is
   * seen: removals of the 1st to the 20th of November, then the two above. */
  for (int day = 20; day >= 1; day--)
    {
      char rel[64];
      snprintf (rel, sizeof rel, "BlasterCheck-Quarantine/2026-11-%02dT12-00-00Z", day);
      fixture_mkdir (root, rel);
    }
  fixture_mkdir (root, "BlasterCheck-Quarantine/2026-12-07T23-59-00Z");
  fixture_write (root, "BlasterCheck-Quarantine/2026-12-07T23-59-00Z/manifest.json", "0123456789",
                 10);
  char **names = NULL;
  size_t n = 0;
  if (CHECK_INT (ops->list_folder (quarantine, rl, &names, &n), 0) && CHECK_INT (n, 22))
    {
      /* Oldest first. */
      CHECK_STR (names[0], "2026-11-01T12-00-00Z");
      CHECK_STR (names[19], "2026-11-20T12-00-00Z");
      CHECK_STR (names[20], "2026-12-07T23-59-00Z");
      CHECK_STR (names[21], "2026-12-08T00-10-00Z");
    }
  for (size_t i = 0; i < n; i++)
    free (names[i]);
  free (names);
  /* The root itself can be listed. */
  CHECK_INT (ops->list_folder (root, rl, &names, &n), 0);
  CHECK_INT (n, 1);
  for (size_t i = 0; i < n; i++)
    free (names[i]);
  free (names);

  char *manifest = test_path (root, "BlasterCheck-Quarantine/2026-12-07T23-59-00Z/manifest.json");
  char *data = NULL;
  size_t len = 0;
  if (CHECK_INT (ops->read_whole (manifest, rl, 10, &data, &len), 0))
    {
      CHECK_INT (len, 10);
      CHECK_STR (data, "0123456789");
    }
  free (data);
  data = NULL;
  CHECK_INT (ops->read_whole (manifest, rl, 9, &data, &len), SCAN_ETOOBIG);
  CHECK (data == NULL);
  char *fifo = test_path (root, "BlasterCheck-Quarantine/fifo");
  REQUIRE (mkfifo (fifo, 0600) == 0);
  CHECK_INT (ops->read_whole (fifo, rl, 100, &data, &len), SCAN_ENOTREG);
  scan_file_facts facts;
  CHECK_INT (ops->file_facts (fifo, rl, &facts), SCAN_ENOTREG);
  CHECK_INT (ops->exists (fifo, rl), 1);
  CHECK_INT (ops->read_whole (q, rl, 100, &data, &len), SCAN_ENOTREG);
  char *missing = test_path (root, "BlasterCheck-Quarantine/gone/manifest.json");
  CHECK_INT (ops->read_whole (missing, rl, 100, &data, &len), SCAN_ENOENT);
  /* An empty manifest is read as empty, NUL-terminated. */
  char *empty = test_path (root, "BlasterCheck-Quarantine/empty");
  CHECK_INT (ops->write_whole (empty, rl, "", 0), 0);
  if (CHECK_INT (ops->read_whole (empty, rl, 100, &data, &len), 0))
    {
      CHECK_INT (len, 0);
      CHECK_STR (data, "");
    }
  free (data);
  CHECK_INT (ops->writable (root), 0);
  free (empty);
  free (missing);
  free (fifo);
  free (manifest);
  free (deeper);
  free (q);
  free (quarantine);
  fixture_remove (root);
  free (root);
  tap_end (name);
}

int
main (int argc, char **argv)
{
  if (argc != 3)
    {
      fprintf (stderr, "usage: %s PYTHON make-hive.py\n", argv[0]);
      return 2;
    }
  python = argv[1];
  make_hive = argv[2];
  ops = scan_platform_remove_ops ();
  REQUIRE (ops != NULL);
  /* The live members are Windows's. */
  CHECK (!ops->is_admin && !ops->end_process && !ops->value_delete && !ops->service_delete);
  real_root = geteuid () == 0;
  enter_mount_namespace ();

  case_move ();
  case_links ();
  case_windows_volume (true);
  case_windows_volume (false);
  case_mounts ();
  case_write_whole_full ();
  case_read_only ();
  case_hive_state ();
  case_hive_edit ();
  case_hive_long_value ();
  case_hive_edit_copy_full ();
  case_remove_own ();
  case_folders_and_reading ();

  printf ("1..%d\n", tap_count);
  return test_failures () ? 1 : 0;
}
