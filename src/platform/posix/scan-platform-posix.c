/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The POSIX folder reader: openat with O_NOFOLLOW, so a link is never entered and paths of any
 * length work (each folder is opened relative to its parent, never by its full path).
 *
 * Where the C library has getdents64 (glibc, musl), entries are read straight from the kernel
 * into one buffer per folder that lives only while the folder is being listed: this saves the
 * fstat and fcntl that fdopendir costs per folder, a tenth of the system calls of a scan.
 * Elsewhere readdir does the same job.
 *
 * "Never leaves the volume" holds for bind mounts too: a `mount --bind` of an outside folder (or
 * of / itself) into the disk has the disk's own st_dev when it is the same file system, so the
 * walker's st_dev check cannot see it. Each folder's mount ID (statx's STATX_MNT_ID, Linux 5.8;
 * /proc/self/fdinfo before that) is compared with its parent's: a child on another mount is
 * SCAN_EXDEV, reported as another volume and not entered.
 */
#include "scan-platform.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#ifdef __linux__
#include <sys/sysmacros.h>
#endif
#include <unistd.h>

#include "posix-private.h"
#include "scan-error.h"

enum
{
  LIST_BUFFER = 32768,
};

struct scan_dir
{
  int fd;
  uint64_t mnt_id; /* the mount it is on, 0 when not known */
#ifdef HAVE_GETDENTS64
  char *buf; /* NULL before the first read and after the last */
  size_t pos, end;
  bool done;
#else
  DIR *dir;
#endif
};

int
scan__posix_error (int e, bool child)
{
  switch (e)
    {
    case EACCES:
    case EPERM:
      return SCAN_EACCES;
    case ENOENT:
      return child ? SCAN_EVANISHED : SCAN_ENOENT;
    case ENOTDIR:
      return SCAN_ENOTDIR;
    case ELOOP:
      return SCAN_ELINK;
    case ENAMETOOLONG:
      return SCAN_ENAMETOOLONG;
    case EMFILE:
    case ENFILE:
      return SCAN_ETOOMANY;
    case ENOMEM:
      return SCAN_ENOMEM;
    case EIO:
      return SCAN_EIO;
    case EROFS:
      return SCAN_EROFS;
    case ENOSPC:
#ifdef EDQUOT
    case EDQUOT:
#endif
      return SCAN_ENOSPC;
    case EEXIST:
    case ENOTEMPTY:
      return SCAN_EEXIST;
    default:
      return SCAN_EOTHER;
    }
}

static int
from_errno (int e, bool child)
{
  return scan__posix_error (e, child);
}

#ifdef __linux__
/* The mount ID of FD from /proc/self/fdinfo (Linux 3.15), for kernels whose statx lacks it; 0
 * when it cannot be read. */
static uint64_t
fdinfo_mnt_id (int fd)
{
  char path[64], line[256];
  unsigned long long id = 0;
  snprintf (path, sizeof path, "/proc/self/fdinfo/%d", fd);
  FILE *f = fopen (path, "re");
  if (!f)
    return 0;
  while (fgets (line, sizeof line, f))
    if (sscanf (line, "mnt_id: %llu", &id) == 1)
      break;
  fclose (f);
  return id;
}
#endif

/* FD's device, inode and mount ID (0 when the system cannot tell). 0 or -1 with errno. */
static int
identify (int fd, scan_node_id *id, uint64_t *mnt_id)
{
  *mnt_id = 0;
#if defined(__linux__) && defined(STATX_MNT_ID)
  struct statx sx;
  if (statx (fd, "", AT_EMPTY_PATH, STATX_TYPE | STATX_INO | STATX_MNT_ID, &sx) == 0)
    {
      id->dev = (uint64_t) makedev (sx.stx_dev_major, sx.stx_dev_minor); /* as st_dev */
      id->ino = sx.stx_ino;
      *mnt_id = (sx.stx_mask & STATX_MNT_ID) ? sx.stx_mnt_id : fdinfo_mnt_id (fd);
      return 0;
    }
  if (errno != ENOSYS && errno != EINVAL)
    return -1;
#endif
  struct stat st;
  if (fstat (fd, &st) < 0)
    return -1;
  id->dev = (unsigned long long) st.st_dev;
  id->ino = (unsigned long long) st.st_ino;
#ifdef __linux__
  *mnt_id = fdinfo_mnt_id (fd);
#endif
  return 0;
}

static int
wrap (int fd, scan_dir **out, scan_node_id *id, bool child, uint64_t parent_mnt)
{
  uint64_t mnt_id;
  if (identify (fd, id, &mnt_id) < 0)
    {
      int rc = from_errno (errno, child);
      close (fd);
      return rc;
    }
  /* Another mount inside the folder being read: a bind mount of the same file system has the
   * same device, and only the mount ID tells it is not this volume. */
  if (child && parent_mnt && mnt_id && mnt_id != parent_mnt)
    {
      close (fd);
      return SCAN_EXDEV;
    }
  scan_dir *d = calloc (1, sizeof *d);
  if (!d)
    {
      close (fd);
      return SCAN_ENOMEM;
    }
  d->fd = fd;
  d->mnt_id = mnt_id;
#ifndef HAVE_GETDENTS64
  d->dir = fdopendir (fd);
  if (!d->dir)
    {
      int rc = from_errno (errno, child);
      close (fd);
      free (d);
      return rc;
    }
#endif
  *out = d;
  return 0;
}

/* The error of opening NAME in the folder DIR with O_NOFOLLOW: a link gives ELOOP, or ENOTDIR
 * together with O_DIRECTORY; tell them apart. */
static int
open_error (int dir, const char *name, int e)
{
  struct stat st;
  if ((e == ENOTDIR || e == ELOOP) && fstatat (dir, name, &st, AT_SYMLINK_NOFOLLOW) == 0
      && S_ISLNK (st.st_mode))
    return SCAN_ELINK;
  return from_errno (e, true);
}

/* Whether FD lies on the mount MNT_ID (0: not known, and then it is taken to). 0, SCAN_EXDEV or
 * SCAN_E…. */
static int
on_mount (int fd, uint64_t mnt_id)
{
  scan_node_id id;
  uint64_t its;
  if (identify (fd, &id, &its) < 0)
    return from_errno (errno, true);
  return mnt_id && its && its != mnt_id ? SCAN_EXDEV : 0;
}

/* scan__posix_open_below, with FILE_FLAGS for the last name of PATH. */
static int
open_below (const char *path, size_t root_len, int file_flags, int *fd)
{
  size_t len = strlen (path);
  *fd = -1;
  if (root_len == 0 || root_len >= len)
    {
      int f = open (path, file_flags);
      if (f < 0)
        return errno == ENXIO ? SCAN_ENOTREG : from_errno (errno, false);
      *fd = f;
      return 0;
    }
  char *root = strndup (path, root_len);
  if (!root)
    return SCAN_ENOMEM;
  int dir = open (root, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOCTTY);
  free (root);
  if (dir < 0)
    return from_errno (errno, false);
  scan_node_id id;
  uint64_t mnt_id;
  int rc = identify (dir, &id, &mnt_id) < 0 ? from_errno (errno, false) : 0;
  const char *part = path + root_len;
  while (rc == 0)
    {
      while (*part == '/')
        part++;
      size_t n = strcspn (part, "/");
      char name[NAME_MAX + 1];
      if (n == 0)
        {
          rc = SCAN_ENOENT; /* PATH ends in a separator: no file named */
          break;
        }
      if (n > NAME_MAX)
        {
          rc = SCAN_ENAMETOOLONG;
          break;
        }
      memcpy (name, part, n);
      name[n] = '\0';
      part += n;
      bool last = strspn (part, "/") == strlen (part);
      int next = openat (dir, name,
                         last ? file_flags : O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
      if (next < 0)
        rc = last && errno == ENXIO ? SCAN_ENOTREG : open_error (dir, name, errno);
      else if ((rc = on_mount (next, mnt_id)) < 0)
        {
          close (next);
          next = -1;
        }
      close (dir);
      dir = next;
      if (rc == 0 && last)
        {
          *fd = dir;
          return 0;
        }
    }
  if (dir >= 0 && rc < 0)
    close (dir);
  return rc;
}

int
scan__posix_open_below (const char *path, size_t root_len, int *fd)
{
  return open_below (path, root_len, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY,
                     fd);
}

int
scan__posix_open_folder_below (const char *path, size_t root_len, int *fd)
{
  size_t len = strlen (path);
  while (len > 1 && path[len - 1] == '/')
    len--;
  if (root_len > 0 && len <= root_len)
    {
      /* The root itself, opened as the walk opens it (a link given as the root is followed). */
      char *root = strndup (path, len);
      if (!root)
        return SCAN_ENOMEM;
      *fd = open (root, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOCTTY);
      free (root);
      return *fd < 0 ? from_errno (errno, false) : 0;
    }
  const int flags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY;
  if (path[len] == '\0')
    return open_below (path, root_len, flags, fd);
  char *trimmed = strndup (path, len);
  if (!trimmed)
    return SCAN_ENOMEM;
  int rc = open_below (trimmed, root_len, flags, fd);
  free (trimmed);
  return rc;
}

static int
posix_open_root (const char *path, scan_dir **out, scan_node_id *id)
{
  *out = NULL;
  int fd = open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0)
    return from_errno (errno, false);
  return wrap (fd, out, id, false, 0);
}

static int
posix_open_child (scan_dir *parent, const char *name, scan_dir **out, scan_node_id *id)
{
  *out = NULL;
  int fd = openat (parent->fd, name,
                   O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
  if (fd < 0)
    return open_error (parent->fd, name, errno);
  return wrap (fd, out, id, true, parent->mnt_id);
}

static scan_ent_type
from_mode (mode_t mode)
{
  if (S_ISREG (mode))
    return SCAN_ENT_FILE;
  if (S_ISDIR (mode))
    return SCAN_ENT_DIR;
  if (S_ISLNK (mode))
    return SCAN_ENT_LINK;
  return SCAN_ENT_OTHER;
}

/* Fills ENT from one kernel entry; returns 1, or 0 to skip it ("." and "..", or gone). */
static int
fill (scan_dir *d, const char *name, unsigned char d_type, scan_dirent *ent)
{
  if (name[0] == '.' && (name[1] == '\0' || (name[1] == '.' && name[2] == '\0')))
    return 0;
  ent->name = name;
  ent->len = strlen (name);
  switch (d_type)
    {
    case DT_REG:
      ent->type = SCAN_ENT_FILE;
      return 1;
    case DT_DIR:
      ent->type = SCAN_ENT_DIR;
      return 1;
    case DT_LNK:
      ent->type = SCAN_ENT_LINK;
      return 1;
    case DT_UNKNOWN:
      {
        /* Some file systems do not fill d_type: ask, without following a link. */
        struct stat st;
        if (fstatat (d->fd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
          {
            if (errno == ENOENT)
              return 0; /* gone since the listing: nothing to check */
            ent->type = SCAN_ENT_OTHER;
            return 1;
          }
        ent->type = from_mode (st.st_mode);
        return 1;
      }
    default:
      ent->type = SCAN_ENT_OTHER;
      return 1;
    }
}

#ifdef HAVE_GETDENTS64
static int
posix_read (scan_dir *d, scan_dirent *ent)
{
  for (;;)
    {
      if (d->done)
        return 0;
      if (!d->buf && !(d->buf = malloc (LIST_BUFFER)))
        return SCAN_ENOMEM;
      if (d->pos >= d->end)
        {
          ssize_t n = getdents64 (d->fd, d->buf, LIST_BUFFER);
          if (n <= 0)
            {
              int rc = n < 0 ? from_errno (errno, false) : 0;
              /* The listing is over: the buffer goes, the descriptor stays for openat. */
              free (d->buf);
              d->buf = NULL;
              d->done = true;
              return rc;
            }
          d->pos = 0;
          d->end = (size_t) n;
        }
      struct dirent64 *de = (struct dirent64 *) (d->buf + d->pos);
      d->pos += de->d_reclen;
      if (fill (d, de->d_name, de->d_type, ent))
        return 1;
    }
}
#else
static int
posix_read (scan_dir *d, scan_dirent *ent)
{
  for (;;)
    {
      errno = 0;
      struct dirent *de = readdir (d->dir);
      if (!de)
        return errno ? from_errno (errno, false) : 0;
      if (fill (d, de->d_name, de->d_type, ent))
        return 1;
    }
}
#endif

static void
posix_close (scan_dir *d)
{
  if (!d)
    return;
#ifdef HAVE_GETDENTS64
  free (d->buf);
  close (d->fd);
#else
  closedir (d->dir);
#endif
  free (d);
}

static const scan_fs_ops posix_fs = {
  .open_root = posix_open_root,
  .open_child = posix_open_child,
  .read = posix_read,
  .close = posix_close,
};

const scan_fs_ops *
scan_platform_fs (void)
{
  return &posix_fs;
}

int
scan_platform_full_path (const char *path, char **out)
{
  *out = realpath (path, NULL);
  return *out ? 0 : from_errno (errno, false);
}

char
scan_platform_separator (void)
{
  return '/';
}

bool
scan_platform_live_supported (void)
{
  return false;
}

const scan_live_ops *
scan_platform_live (void)
{
  return NULL; /* a live check is of a running Windows */
}
