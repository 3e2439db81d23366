/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-volumes: which mounts the wizard offers as possible Windows disks. A hand-written
 * mountinfo (BLASTER_CHECK_MOUNTINFO) and by-label folder (BLASTER_CHECK_BY_LABEL) stand in for
 * the system's, so the cases do not depend on what this machine has mounted.
 */
#include <stdlib.h>
#include <string.h>

#include "scan-error.h"
#include "scan-platform.h"
#include "test-util.h"

/* %s is the fixture folder: the one source that must exist, so that its label resolves. */
static const char mountinfo[]
  = "22 27 0:21 / /proc rw,relatime - proc proc rw\n"
    "27 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw,discard\n"
    /* ntfs-3g: fuseblk, kept by its type; a space in the mount point; read-only mount */
    "40 27 8:17 / /media/ann/WIN\\040XP ro,nosuid,nodev,relatime shared:300 master:2 - fuseblk "
    "%s/dev/sdz1 ro,user_id=0,group_id=0,allow_other\n"
    "31 23 0:28 / /sys/fs/cgroup rw,relatime - cgroup2 cgroup2 rw\n"
    "25 24 0:23 / /tmp rw,relatime - tmpfs tmpfs rw,size=24683652k\n"
    "28 27 7:0 / /snap/core/17 ro,nodev,relatime - squashfs /dev/loop0 ro\n"
    /* a block device, but under /run (not /run/media): the system's own */
    "45 27 8:33 / /run/initramfs/live rw,relatime - ext4 /dev/sdc1 rw\n"
    "50 27 8:49 / /run/media/ann/USB rw,relatime - vfat /dev/sdd1 rw,fmask=0022\n"
    /* read-only only in the super options; a backslash in the mount point */
    "51 27 8:65 / /mnt/ro\\134dir rw,relatime - ntfs3 /dev/sde1 ro,uid=1000\n"
    "this line is not a mount\n"
    "52 27 8:66 / /mnt/no-separator rw,relatime ext4 /dev/sdx1 rw\n"
    /* stacked mounts: only the top one is what the mount point shows */
    "60 27 8:81 / /mnt/stack rw - ext4 /dev/sdf1 rw\n"
    "61 60 0:51 / /mnt/stack rw - tmpfs tmpfs rw\n"
    "62 27 8:97 / /mnt/twice rw - ext4 /dev/sdg1 rw\n"
    "63 62 8:113 / /mnt/twice ro - ext4 /dev/sdh1 ro\n"
    "70 27 0:60 / /mnt/share rw - nfs4 server:/export rw\n";

static const scan_volume *
find (const scan_volume *v, size_t n, const char *mount_point)
{
  for (size_t i = 0; i < n; i++)
    if (strcmp (v[i].mount_point, mount_point) == 0)
      return &v[i];
  return NULL;
}

static void
test_fixture (void)
{
  char *root = fixture_new ();
  char *mi_path = test_path (root, "mountinfo");
  char *labels = test_path (root, "by-label");
  char *device = test_path (root, "dev/sdz1");
  char text[sizeof mountinfo + 4096];
  scan_volume *v = NULL;
  size_t n = 99;
  const scan_volume *one;

  test_case ("a hand-written mountinfo");
  int len = snprintf (text, sizeof text, mountinfo, root);
  REQUIRE (len > 0 && (size_t) len < sizeof text);
  fixture_write (root, "mountinfo", text, (size_t) len);
  fixture_touch (root, "dev/sdz1");
  /* udev writes the label "WIN XP" as WIN\x20XP */
  fixture_symlink (root, "../dev/sdz1", "by-label/WIN\\x20XP");
  fixture_symlink (root, "../dev/nothing-there", "by-label/GONE");
  REQUIRE (setenv ("BLASTER_CHECK_MOUNTINFO", mi_path, 1) == 0);
  REQUIRE (setenv ("BLASTER_CHECK_BY_LABEL", labels, 1) == 0);

  CHECK_INT (scan_platform_list_volumes (&v, &n), 0);
  CHECK_INT (n, 5);
  for (size_t i = 0; i < n; i++)
    printf ("  %s %s %s%s\n", v[i].mount_point, v[i].fs_type, v[i].device,
            v[i].read_only ? " ro" : "");
  /* in the file's order, the order the user mounted them in */
  if (n == 5)
    {
      CHECK_STR (v[0].mount_point, "/");
      CHECK_STR (v[1].mount_point, "/media/ann/WIN XP");
      CHECK_STR (v[2].mount_point, "/run/media/ann/USB");
      CHECK_STR (v[3].mount_point, "/mnt/ro\\dir");
      CHECK_STR (v[4].mount_point, "/mnt/twice");
    }

  test_case ("the root file system: a block device, read-write, its size from statvfs");
  if (CHECK ((one = find (v, n, "/"))))
    {
      CHECK_STR (one->device, "/dev/vda");
      CHECK_STR (one->fs_type, "ext4");
      CHECK (!one->read_only);
      CHECK (one->size > 0); /* this machine's own / is statvfs'd */
      CHECK_STR (one->label, NULL);
    }

  test_case ("ntfs-3g (fuseblk): kept, escapes decoded, read-only, labelled from by-label");
  if (CHECK ((one = find (v, n, "/media/ann/WIN XP"))))
    {
      CHECK_STR (one->device, device);
      CHECK_STR (one->fs_type, "fuseblk");
      CHECK (one->read_only);
      CHECK_STR (one->label, "WIN XP");
      CHECK_INT (one->size, 0); /* no such folder: size unknown, not an error */
    }

  test_case ("read-only in the super options only");
  if (CHECK ((one = find (v, n, "/mnt/ro\\dir"))))
    {
      CHECK (one->read_only);
      CHECK_STR (one->fs_type, "ntfs3");
    }

  test_case ("a vfat stick under /run/media is kept, read-write");
  if (CHECK ((one = find (v, n, "/run/media/ann/USB"))))
    CHECK (!one->read_only);

  test_case ("pseudo file systems, system folders, network shares and hidden mounts are left out");
  CHECK (!find (v, n, "/proc"));
  CHECK (!find (v, n, "/sys/fs/cgroup"));
  CHECK (!find (v, n, "/tmp"));
  CHECK (!find (v, n, "/snap/core/17"));
  CHECK (!find (v, n, "/run/initramfs/live"));
  CHECK (!find (v, n, "/mnt/stack"));
  CHECK (!find (v, n, "/mnt/share"));
  CHECK (!find (v, n, "/mnt/no-separator"));
  if (CHECK ((one = find (v, n, "/mnt/twice"))))
    {
      CHECK_STR (one->device, "/dev/sdh1");
      CHECK (one->read_only);
    }
  scan_platform_free_volumes (v, n);

  test_case ("an empty mountinfo: no volume, no error");
  fixture_write (root, "mountinfo", "", 0);
  v = (scan_volume *) 1;
  CHECK_INT (scan_platform_list_volumes (&v, &n), 0);
  CHECK_INT (n, 0);
  scan_platform_free_volumes (v, n);

  test_case ("a mountinfo that is not there: an error, nothing listed");
  fixture_remove (root);
  v = (scan_volume *) 1;
  n = 99;
  CHECK_INT (scan_platform_list_volumes (&v, &n), SCAN_ENOENT);
  CHECK (v == NULL);
  CHECK_INT (n, 0);

  unsetenv ("BLASTER_CHECK_MOUNTINFO");
  unsetenv ("BLASTER_CHECK_BY_LABEL");
  free (device);
  free (labels);
  free (mi_path);
  free (root);
}

/* The real system file parses, whatever this machine has mounted. */
static void
test_system (void)
{
  scan_volume *v = NULL;
  size_t n = 0;

  test_case ("this machine's mounts");
  int rc = scan_platform_list_volumes (&v, &n);
  CHECK (rc == 0 || rc == SCAN_EUNSUPPORTED);
  for (size_t i = 0; i < n; i++)
    CHECK (v[i].mount_point && v[i].device && v[i].fs_type);
  scan_platform_free_volumes (v, n);
}

int
main (int argc, char **argv)
{
  test_fixture ();
  test_system ();
  return test_result ("test-volumes");
}
