/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The mounted volumes on Linux, from /proc/self/mountinfo: the one file that gives every mount
 * of this process's namespace with its source, type and both sets of options, with the bytes of
 * paths escaped (a space is \040) so that any name survives. /proc/mounts has the same escapes
 * but not the mount's root or the stacking order as plainly.
 *
 * A line reads (proc(5)):
 *   36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 - ext3 /dev/root rw,errors=continue
 *   id parent dev root mount-point options [optional fields…] - type source super-options
 * The number of optional fields varies, so the separator " - " is looked for, not counted to.
 */
#include "posix-private.h"
#include "scan-platform.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "scan-error.h"

#define MOUNTINFO "/proc/self/mountinfo"
#define BY_LABEL "/dev/disk/by-label"

/* File systems a Windows disk may be mounted as: kept even when the source is not a device
 * path (ntfs-3g shows its source as the device, but a FUSE helper may not). */
static const char *const windows_types[] = {
  "ntfs", "ntfs3", "fuseblk", "vfat", "msdos", "exfat",
};

/* The kernel's own file systems and the containers' layers: never a disk someone attached. */
static const char *const pseudo_types[] = {
  "proc",       "sysfs",       "tmpfs",  "devtmpfs", "devpts",   "overlay",  "squashfs",
  "autofs",     "mqueue",      "debugfs", "tracefs", "securityfs", "pstore", "bpf",
  "configfs",   "fusectl",     "hugetlbfs", "binfmt_misc", "efivarfs", "nsfs", "ramfs",
  "rpc_pipefs", "nfsd",        "selinuxfs",
};

/* Where the system mounts its own things; /run/media is where desktops mount attached disks. */
static const char *const system_dirs[] = { "/proc", "/sys", "/dev", "/run" };
static const char *const user_dirs[] = { "/run/media", "/media" };

typedef struct
{
  char *name;   /* decoded */
  char *target; /* the device it points to, resolved */
} label_entry;

static bool
in_list (const char *s, const char *const *list, size_t n)
{
  for (size_t i = 0; i < n; i++)
    if (strcmp (s, list[i]) == 0)
      return true;
  return false;
}

/* PATH is DIR or below it. */
static bool
is_under (const char *path, const char *dir)
{
  size_t n = strlen (dir);
  return strncmp (path, dir, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

static bool
is_candidate (const char *mount_point, const char *type, const char *source)
{
  bool system = false;

  if (in_list (type, pseudo_types, sizeof pseudo_types / sizeof *pseudo_types)
      || strncmp (type, "cgroup", 6) == 0)
    return false;
  for (size_t i = 0; i < sizeof system_dirs / sizeof *system_dirs; i++)
    system = system || is_under (mount_point, system_dirs[i]);
  for (size_t i = 0; i < sizeof user_dirs / sizeof *user_dirs; i++)
    if (is_under (mount_point, user_dirs[i]))
      system = false;
  if (system)
    return false;
  return strncmp (source, "/dev/", 5) == 0
         || in_list (type, windows_types, sizeof windows_types / sizeof *windows_types);
}

/* Whether the comma-separated OPTIONS hold the option WORD on its own. */
static bool
has_option (const char *options, const char *word)
{
  size_t n = strlen (word);
  for (const char *p = options; p; p = strchr (p, ','))
    {
      if (*p == ',')
        p++;
      if (strncmp (p, word, n) == 0 && (p[n] == ',' || p[n] == '\0'))
        return true;
    }
  return false;
}

static int
octal (char c)
{
  return c >= '0' && c <= '7' ? c - '0' : -1;
}

static int
hex (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Decodes mountinfo's \ooo escapes (space, tab, newline, backslash) in place. */
static void
unescape_octal (char *s)
{
  char *out = s;
  for (char *in = s; *in;)
    {
      int a, b, c;
      if (in[0] == '\\' && (a = octal (in[1])) >= 0 && (b = octal (in[2])) >= 0
          && (c = octal (in[3])) >= 0 && a * 64 + b * 8 + c > 0 && a * 64 + b * 8 + c < 256)
        {
          *out++ = (char) (a * 64 + b * 8 + c);
          in += 4;
        }
      else
        *out++ = *in++;
    }
  *out = '\0';
}

/* Decodes udev's \xNN escapes (a label "WIN XP" is the link "WIN\x20XP") in place. */
static void
unescape_hex (char *s)
{
  char *out = s;
  for (char *in = s; *in;)
    {
      int a, b;
      if (in[0] == '\\' && in[1] == 'x' && (a = hex (in[2])) >= 0 && (b = hex (in[3])) >= 0
          && a * 16 + b > 0)
        {
          *out++ = (char) (a * 16 + b);
          in += 4;
        }
      else
        *out++ = *in++;
    }
  *out = '\0';
}

/* The next space-separated field of *LINE (NUL-terminated in place), or NULL at the end. */
static char *
next_field (char **line)
{
  char *p = *line, *start;
  while (*p == ' ')
    p++;
  if (*p == '\0' || *p == '\n')
    return NULL;
  start = p;
  while (*p && *p != ' ' && *p != '\n')
    p++;
  if (*p)
    *p++ = '\0';
  *line = p;
  return start;
}

static void
volume_clear (scan_volume *v)
{
  free (v->mount_point);
  free (v->device);
  free (v->label);
  free (v->fs_type);
  memset (v, 0, sizeof *v);
}

/* Makes room for one more volume in *V (N in use, *CAP allocated). 0 or SCAN_ENOMEM. */
static int
grow (scan_volume **v, size_t n, size_t *cap)
{
  if (n < *cap)
    return 0;
  size_t bigger = *cap ? *cap * 2 : 8;
  scan_volume *p = realloc (*v, bigger * sizeof *p);
  if (!p)
    return SCAN_ENOMEM;
  *v = p;
  *cap = bigger;
  return 0;
}

/*
 * Parses one mountinfo LINE (changed in place). Returns 1 and fills V with a candidate volume
 * (size and label still empty), 0 when the line is a mount that is no candidate, with
 * *MOUNT_POINT set to its decoded mount point (it may hide an earlier one), -1 when the line is
 * malformed, or SCAN_ENOMEM.
 */
static int
parse_line (char *line, scan_volume *v, char **mount_point)
{
  char *fields[6], *f, *type, *source, *super;
  int i;

  *mount_point = NULL;
  for (i = 0; i < 6; i++)
    if (!(fields[i] = next_field (&line)))
      return -1;
  /* Optional fields ("shared:1", "master:2"…) up to the lone "-". */
  while ((f = next_field (&line)) && strcmp (f, "-") != 0)
    ;
  if (!f || !(type = next_field (&line)) || !(source = next_field (&line)))
    return -1;
  super = next_field (&line);

  unescape_octal (fields[4]);
  unescape_octal (type);
  unescape_octal (source);
  *mount_point = fields[4];
  if (!is_candidate (fields[4], type, source))
    return 0;

  memset (v, 0, sizeof *v);
  v->read_only = has_option (fields[5], "ro") || (super && has_option (super, "ro"));
  if (!(v->mount_point = strdup (fields[4])) || !(v->device = strdup (source))
      || !(v->fs_type = strdup (type)))
    {
      volume_clear (v);
      return SCAN_ENOMEM;
    }
  return 1;
}

static void
free_labels (label_entry *labels, size_t n)
{
  for (size_t i = 0; i < n; i++)
    {
      free (labels[i].name);
      free (labels[i].target);
    }
  free (labels);
}

/* Reads the by-label folder into *OUT (*N entries). A folder that is not there means no labels.
 * 0 or SCAN_ENOMEM. */
static int
read_labels (label_entry **out, size_t *n)
{
  const char *dir = getenv ("BLASTER_CHECK_BY_LABEL");
  label_entry *labels = NULL;
  size_t count = 0, cap = 0;
  struct dirent *de;
  DIR *d;

  *out = NULL;
  *n = 0;
  if (!dir || !*dir)
    dir = BY_LABEL;
  if (!(d = opendir (dir)))
    return 0;
  while ((de = readdir (d)))
    {
      char path[PATH_MAX], resolved[PATH_MAX];
      if (de->d_name[0] == '.')
        continue;
      if ((size_t) snprintf (path, sizeof path, "%s/%s", dir, de->d_name) >= sizeof path
          || !realpath (path, resolved))
        continue;
      if (count == cap)
        {
          size_t bigger = cap ? cap * 2 : 8;
          label_entry *p = realloc (labels, bigger * sizeof *p);
          if (!p)
            goto nomem;
          labels = p;
          cap = bigger;
        }
      labels[count].name = strdup (de->d_name);
      labels[count].target = strdup (resolved);
      count++;
      if (!labels[count - 1].name || !labels[count - 1].target)
        goto nomem;
      unescape_hex (labels[count - 1].name);
    }
  closedir (d);
  *out = labels;
  *n = count;
  return 0;

nomem:
  closedir (d);
  free_labels (labels, count);
  return SCAN_ENOMEM;
}

/* Fills in V's label and size. 0 or SCAN_ENOMEM. */
static int
describe (scan_volume *v, const label_entry *labels, size_t n_labels)
{
  struct statvfs st;
  char resolved[PATH_MAX];
  const char *device = v->device;

  if (statvfs (v->mount_point, &st) == 0)
    v->size = (uint64_t) st.f_blocks * (st.f_frsize ? st.f_frsize : st.f_bsize);
  /* /dev/disk/by-label links to "../../sdb1": compare where both really lead. */
  if (device[0] == '/' && realpath (device, resolved))
    device = resolved;
  for (size_t i = 0; i < n_labels; i++)
    if (strcmp (labels[i].target, device) == 0)
      return (v->label = strdup (labels[i].name)) ? 0 : SCAN_ENOMEM;
  return 0;
}

int
scan_platform_list_volumes (scan_volume **out, size_t *n)
{
  const char *path = getenv ("BLASTER_CHECK_MOUNTINFO");
  bool system_file = !path || !*path;
  scan_volume *v = NULL;
  size_t count = 0, cap = 0, line_cap = 0, n_labels = 0;
  label_entry *labels = NULL;
  char *line = NULL;
  FILE *f;
  int rc = 0;

  *out = NULL;
  *n = 0;
  if (system_file)
    path = MOUNTINFO;
  if (!(f = fopen (path, "re")))
    {
      /* No mountinfo: not Linux (or no /proc), and this backend knows no other source. */
      return system_file && errno == ENOENT ? SCAN_EUNSUPPORTED : scan__posix_error (errno, false);
    }
  while (getline (&line, &line_cap, f) > 0)
    {
      scan_volume one;
      char *mount_point;
      int kept = parse_line (line, &one, &mount_point);

      if (kept == SCAN_ENOMEM)
        {
          rc = SCAN_ENOMEM;
          goto fail;
        }
      if (kept < 0)
        continue;
      /* A later mount on the same mount point hides the earlier one: list what is seen there. */
      for (size_t i = 0; i < count; i++)
        if (strcmp (v[i].mount_point, mount_point) == 0)
          {
            volume_clear (&v[i]);
            memmove (&v[i], &v[i + 1], (count - i - 1) * sizeof *v);
            count--;
            break;
          }
      if (kept == 0)
        continue;
      if ((rc = grow (&v, count, &cap)) < 0)
        {
          volume_clear (&one);
          goto fail;
        }
      v[count++] = one;
    }
  if (ferror (f))
    {
      rc = SCAN_EIO;
      goto fail;
    }

  if ((rc = read_labels (&labels, &n_labels)) < 0)
    goto fail;
  for (size_t i = 0; i < count; i++)
    if ((rc = describe (&v[i], labels, n_labels)) < 0)
      goto fail;

  free_labels (labels, n_labels);
  free (line);
  fclose (f);
  *out = v;
  *n = count;
  return 0;

fail:
  free_labels (labels, n_labels);
  scan_platform_free_volumes (v, count);
  free (line);
  fclose (f);
  return rc;
}

void
scan_platform_free_volumes (scan_volume *v, size_t n)
{
  if (!v)
    return;
  for (size_t i = 0; i < n; i++)
    volume_clear (&v[i]);
  free (v);
}
