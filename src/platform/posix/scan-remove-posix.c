/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The removal's steps on an attached disk (scan_remove_ops, scan-remove.h): files renamed into
 * the quarantine on their own volume, the manifest written whole or not at all, hive files
 * edited with hivex's write API into a new copy.
 *
 * Every path is reached as the walk reaches it: the folder that holds the file is opened one
 * folder at a time below the root, with no link followed and no other mount entered
 * (scan__posix_open_folder_below), and the change is made by an *at call on that folder's
 * descriptor with the last name only. So a link put into the path after the check cannot send a
 * rename or an unlink outside the disk, and a name of "." or ".." below the root (only a damaged
 * or hostile manifest could hold one) is refused before anything is opened. A bind mount of a
 * single file cannot be renamed or unlinked (the kernel says EBUSY): that is SCAN_EXDEV too.
 *
 * Nothing here deletes one of the person's files: remove_own unlinks only a regular file inside
 * the quarantine folder (see there).
 */
#include "scan-platform.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <hivex.h>
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <linux/magic.h>
#include <linux/msdos_fs.h>
#include <sys/ioctl.h>
#include <sys/vfs.h>
#include <sys/xattr.h>
#endif

#include "posix-private.h"
#include "scan-error.h"
#include "scan-sha256.h"

enum
{
  COPY_BLOCK = 65536,
  BASE_BLOCK = 4096,   /* a hive's header ("regf") */
  MAX_NAMES = 100000,  /* list_folder's limit (scan-remove.h) */
  /* The largest value data a hive of format 1.4 or later keeps in one cell; longer data is a
   * "db" record of segments there, which hivex reads but does not write. */
  MAX_VALUE_CELL = 16344,
};

/* The hives of a Windows of that time are some megabytes; hivex reads a hive opened for writing
 * whole into memory (as the reader, scan-hive-posix.c, refuses larger ones). */
#define MAX_HIVE_SIZE ((off_t) 1 << 31)

/* The removal's own readings of errno, beside the backend's one table (scan__posix_error). */
static int
from_errno (int e)
{
  switch (e)
    {
    case 0:
      return SCAN_EOTHER;
    case EXDEV:
      return SCAN_EOTHERVOLUME;
    case EBUSY:
      return SCAN_EXDEV; /* a mount point: a bind-mounted file cannot be renamed or unlinked */
    case EISDIR:
      return SCAN_ENOTREG;
    case EINVAL:
      return SCAN_EINVAL;
    default:
      return scan__posix_error (e, false);
    }
}

/* The folder reader says SCAN_EVANISHED for a name that is not there below the root (it was
 * listed, then gone); here nothing was listed, it is simply not there. */
static int
not_there (int rc)
{
  return rc == SCAN_EVANISHED ? SCAN_ENOENT : rc;
}

/* Whether PATH names "." or ".." anywhere below its first ROOT_LEN bytes: such a path could
 * leave the folder it names (openat follows ".." up past the root on the same mount). */
static bool
has_dot_parts (const char *path, size_t root_len)
{
  size_t len = strlen (path);
  const char *p = path + (root_len < len ? root_len : len);
  while (*p)
    {
      while (*p == '/')
        p++;
      size_t n = strcspn (p, "/");
      if ((n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
        return true;
      p += n;
    }
  return false;
}

/* Opens the folder holding PATH (below the root) into *DIR and points *NAME at PATH's last name.
 * PATH must name something below the root: the root itself has no parent here (SCAN_EINVAL). */
static int
open_parent (const char *path, size_t root_len, int *dir, const char **name)
{
  *dir = -1;
  size_t len = strlen (path);
  if (len == 0 || path[len - 1] == '/' || has_dot_parts (path, root_len))
    return SCAN_EINVAL;
  const char *slash = strrchr (path, '/');
  if (!slash || (size_t) (slash + 1 - path) < root_len || len <= root_len)
    return SCAN_EINVAL; /* no folder named, or the last name is part of the root */
  *name = slash + 1;
  char *parent = strndup (path, slash == path ? 1 : (size_t) (slash - path));
  if (!parent)
    return SCAN_ENOMEM;
  int rc = not_there (scan__posix_open_folder_below (parent, root_len, dir));
  free (parent);
  return rc;
}

/* Opens the file PATH below the root, as the walk would (scan__posix_open_below). */
static int
open_file (const char *path, size_t root_len, int *fd)
{
  *fd = -1;
  if (has_dot_parts (path, root_len))
    return SCAN_EINVAL;
  return not_there (scan__posix_open_below (path, root_len, fd));
}

/* Flushes the folder DIR's entries (a rename or a new file in it). A file system that cannot
 * flush a folder (EINVAL: some FUSE file systems) has nothing more to flush. */
static int
flush_folder (int dir)
{
  if (fsync (dir) == 0 || errno == EINVAL)
    return 0;
  return from_errno (errno);
}

static int
close_checked (int fd)
{
  return close (fd) == 0 || errno == EINTR ? 0 : from_errno (errno);
}

/* Writes LEN bytes at DATA to FD; 0 or SCAN_E…. */
static int
write_all (int fd, const void *data, size_t len)
{
  const char *p = data;
  while (len > 0)
    {
      ssize_t n = write (fd, p, len);
      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          return from_errno (errno);
        }
      if (n == 0)
        return SCAN_EIO;
      p += n;
      len -= (size_t) n;
    }
  return 0;
}

/* The Windows attributes of the open file FD, where its file system keeps them. */
static void
read_attributes (int fd, scan_file_facts *out)
{
  out->attributes = 0;
  out->has_attributes = false;
#ifdef __linux__
  unsigned char b[4];
  /* ntfs-3g and the kernel's ntfs3 driver: FILE_ATTRIBUTE_* as a big-endian u32. */
  if (fgetxattr (fd, "system.ntfs_attrib_be", b, sizeof b) == 4)
    {
      out->attributes = (uint32_t) b[0] << 24 | (uint32_t) b[1] << 16 | (uint32_t) b[2] << 8 | b[3];
      out->has_attributes = true;
      return;
    }
  /* ntfs3's DOS attributes: the low byte (read-only, hidden, system, archive), or all 32 bits. */
  ssize_t n = fgetxattr (fd, "system.dos_attrib", b, sizeof b);
  if (n == 1 || n == 4)
    {
      uint32_t v = b[0];
      if (n == 4)
        memcpy (&v, b, 4);
      out->attributes = v;
      out->has_attributes = true;
      return;
    }
  /* FAT's attribute byte. The ioctl number means something else to other file systems, so it
   * is asked only of vfat. */
  struct statfs sf;
  if (fstatfs (fd, &sf) == 0 && sf.f_type == MSDOS_SUPER_MAGIC)
    {
      uint32_t attr;
      if (ioctl (fd, FAT_IOCTL_GET_ATTRIBUTES, &attr) == 0)
        {
          out->attributes = attr;
          out->has_attributes = true;
        }
    }
#else
  (void) fd;
#endif
}

/* Gives the open file FD the Windows attributes ATTRIBUTES where its file system keeps them (as
 * read_attributes found them on another file of the same volume). Best effort: a file system
 * that has them takes them. */
static void
write_attributes (int fd, uint32_t attributes)
{
#ifdef __linux__
  const unsigned char be[4] = { (unsigned char) (attributes >> 24),
                                (unsigned char) (attributes >> 16),
                                (unsigned char) (attributes >> 8), (unsigned char) attributes };
  if (fsetxattr (fd, "system.ntfs_attrib_be", be, sizeof be, 0) == 0)
    return;
  unsigned char dos = (unsigned char) attributes;
  if (fsetxattr (fd, "system.dos_attrib", &dos, 1, 0) == 0)
    return;
  struct statfs sf;
  if (fstatfs (fd, &sf) == 0 && sf.f_type == MSDOS_SUPER_MAGIC)
    (void) ioctl (fd, FAT_IOCTL_SET_ATTRIBUTES, &attributes);
#else
  (void) fd;
  (void) attributes;
#endif
}

static int
posix_writable (const char *root)
{
  struct statvfs sv;
  if (statvfs (root, &sv) < 0)
    return from_errno (errno);
  if (sv.f_flag & ST_RDONLY)
    return SCAN_EROFS;
  if (faccessat (AT_FDCWD, root, W_OK | X_OK, AT_EACCESS) < 0)
    return errno == EROFS ? SCAN_EROFS : errno == EACCES ? SCAN_EACCES : from_errno (errno);
  return 0;
}

/* The SHA-256 of the open file FD (read from its start, whatever its offset) and the number of
 * bytes hashed. */
static int
hash_fd (int fd, uint64_t *size, char sha256[65])
{
  unsigned char *buf = malloc (COPY_BLOCK);
  if (!buf)
    return SCAN_ENOMEM;
  scan_sha256 sha;
  scan_sha256_init (&sha);
  int rc = 0;
  *size = 0;
  for (;;)
    {
      ssize_t n = pread (fd, buf, COPY_BLOCK, (off_t) *size);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          rc = from_errno (errno);
          break;
        }
      if (n == 0)
        break;
      scan_sha256_update (&sha, buf, (size_t) n);
      *size += (uint64_t) n;
    }
  if (rc == 0)
    scan_sha256_final (&sha, sha256);
  free (buf);
  return rc;
}

/* OUT from the open regular file FD: its times, permissions and attributes, and (HASH) its
 * size and SHA-256. */
static int
fd_facts (int fd, bool hash, scan_file_facts *out)
{
  memset (out, 0, sizeof *out);
  struct stat st;
  if (fstat (fd, &st) < 0)
    return from_errno (errno);
  if (!S_ISREG (st.st_mode))
    return SCAN_ENOTREG;
  out->size = (uint64_t) st.st_size;
  out->mtime = (int64_t) st.st_mtim.tv_sec;
  out->atime = (int64_t) st.st_atim.tv_sec;
  out->ctime = (int64_t) st.st_ctim.tv_sec;
  out->mode = (uint32_t) (st.st_mode & 07777);
  read_attributes (fd, out);
  /* The size hashed, not st_size: the two agree unless the file changed while it was read, and
   * then the hash is of these bytes. */
  return hash ? hash_fd (fd, &out->size, out->sha256) : 0;
}

static int
posix_file_facts (const char *path, size_t root_len, scan_file_facts *out)
{
  memset (out, 0, sizeof *out);
  int fd, rc = open_file (path, root_len, &fd);
  if (rc < 0)
    return rc;
  rc = fd_facts (fd, true, out);
  close (fd);
  return rc;
}

/* A file's SHA-256 taken on a thread of its own while this one works on the same bytes (hivex
 * reads them, the kernel flushes them): with a second core the hash costs no time. Without a
 * thread it is taken by hash_join, here. */
typedef struct hasher
{
  pthread_t thread;
  bool threaded;
  int fd, rc;
  uint64_t size;
  char sha256[65];
} hasher;

static void *
hash_on_thread (void *data)
{
  hasher *h = data;
  h->rc = hash_fd (h->fd, &h->size, h->sha256);
  return NULL;
}

static void
hash_start (hasher *h, int fd)
{
  h->fd = fd;
  h->rc = 0;
  h->threaded = pthread_create (&h->thread, NULL, hash_on_thread, h) == 0;
}

static int
hash_join (hasher *h)
{
  if (h->threaded)
    pthread_join (h->thread, NULL);
  else
    hash_on_thread (h);
  h->threaded = false;
  return h->rc;
}

static int
posix_exists (const char *path, size_t root_len)
{
  int dir;
  const char *name;
  int rc = open_parent (path, root_len, &dir, &name);
  if ((rc == SCAN_ENOENT || rc == SCAN_ENOTDIR) && root_len > 0)
    {
      /* No folder there, so nothing at PATH either; but a disk that is not there (unplugged,
       * unmounted) is no answer, since "not there" would read as "moved" to a removal cut short. */
      char *root = strndup (path, root_len);
      if (!root)
        return SCAN_ENOMEM;
      struct stat st;
      rc = stat (root, &st) < 0 ? from_errno (errno) : S_ISDIR (st.st_mode) ? 0 : SCAN_ENOTDIR;
      free (root);
      return rc;
    }
  if (rc == SCAN_ENOENT || rc == SCAN_ENOTDIR)
    return 0;
  if (rc < 0)
    return rc;
  struct stat st;
  rc = fstatat (dir, name, &st, AT_SYMLINK_NOFOLLOW) == 0 ? 1
       : errno == ENOENT                                 ? 0
                                                         : from_errno (errno);
  close (dir);
  return rc;
}

/* Renames NAME in FROM_DIR to TO_NAME in TO_DIR, never over something. */
static int
rename_noreplace (int from_dir, const char *from_name, int to_dir, const char *to_name)
{
#ifdef RENAME_NOREPLACE
  if (renameat2 (from_dir, from_name, to_dir, to_name, RENAME_NOREPLACE) == 0)
    return 0;
  if (errno != EINVAL && errno != ENOSYS)
    return from_errno (errno);
#endif
  /* The file system refuses the flag (EINVAL: ntfs-3g and other FUSE file systems, vfat on
   * older kernels; the kernel itself still says EEXIST when TO is there). Look first, then
   * rename: only a file made at TO in the microseconds between the two would be replaced. That
   * is acceptable here: on a disk attached for repair no Windows runs, TO is either in the
   * quarantine folder this removal made (its own names) or the place a file is put back to,
   * which the person is not writing to while the undo runs. */
  struct stat st;
  if (fstatat (to_dir, to_name, &st, AT_SYMLINK_NOFOLLOW) == 0)
    return SCAN_EEXIST;
  if (errno != ENOENT)
    return from_errno (errno);
  if (renameat (from_dir, from_name, to_dir, to_name) < 0)
    return from_errno (errno);
  return 0;
}

static int
posix_move (const char *from, const char *to, size_t root_len)
{
  int from_dir = -1, to_dir = -1;
  const char *from_name, *to_name;
  int rc = open_parent (from, root_len, &from_dir, &from_name);
  if (rc == 0)
    rc = open_parent (to, root_len, &to_dir, &to_name);
  if (rc < 0)
    goto out;
  struct stat st;
  if (fstatat (from_dir, from_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
    {
      rc = from_errno (errno);
      goto out;
    }
  if (S_ISLNK (st.st_mode))
    {
      rc = SCAN_ELINK; /* the link itself would move; the core moves the files it found */
      goto out;
    }
  rc = rename_noreplace (from_dir, from_name, to_dir, to_name);
  if (rc < 0)
    goto out;
  rc = flush_folder (to_dir);
  if (rc == 0)
    rc = flush_folder (from_dir);
  if (rc < 0)
    {
      /* Not flushed: the move may not outlive a power cut. Put it back, so that a failure
       * means, as the core takes it, that nothing was changed. */
      if (rename_noreplace (to_dir, to_name, from_dir, from_name) == 0)
        {
          (void) fsync (from_dir);
          (void) fsync (to_dir);
        }
    }
out:
  if (from_dir >= 0)
    close (from_dir);
  if (to_dir >= 0)
    close (to_dir);
  return rc;
}

static int
posix_make_folder (const char *path, size_t root_len)
{
  int dir;
  const char *name;
  int rc = open_parent (path, root_len, &dir, &name);
  if (rc < 0)
    return rc;
  /* The quarantine holds the worm's files and what the registry held: for the owner only. */
  if (mkdirat (dir, name, 0700) < 0)
    rc = from_errno (errno);
  else
    rc = flush_folder (dir);
  close (dir);
  return rc;
}

static int
compare_names (const void *a, const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

static void
free_names (char **names, size_t n)
{
  for (size_t i = 0; i < n; i++)
    free (names[i]);
  free (names);
}

static int
posix_list_folder (const char *path, size_t root_len, char ***names, size_t *n)
{
  *names = NULL;
  *n = 0;
  if (has_dot_parts (path, root_len))
    return SCAN_EINVAL;
  int fd;
  int rc = not_there (scan__posix_open_folder_below (path, root_len, &fd));
  if (rc < 0)
    return rc;
  DIR *d = fdopendir (fd);
  if (!d)
    {
      rc = from_errno (errno);
      close (fd);
      return rc;
    }
  char **list = NULL;
  size_t count = 0, cap = 0;
  for (;;)
    {
      errno = 0;
      struct dirent *de = readdir (d);
      if (!de)
        {
          if (errno)
            rc = from_errno (errno);
          break;
        }
      const char *s = de->d_name;
      if (s[0] == '.' && (s[1] == '\0' || (s[1] == '.' && s[2] == '\0')))
        continue;
      if (count == MAX_NAMES)
        {
          rc = SCAN_ETOOMANY;
          break;
        }
      if (count == cap)
        {
          size_t bigger = cap ? cap * 2 : 16;
          char **more = realloc (list, bigger * sizeof *more);
          if (!more)
            {
              rc = SCAN_ENOMEM;
              break;
            }
          list = more;
          cap = bigger;
        }
      if (!(list[count] = strdup (s)))
        {
          rc = SCAN_ENOMEM;
          break;
        }
      count++;
    }
  closedir (d);
  if (rc < 0)
    {
      free_names (list, count);
      return rc;
    }
  /* In name order: the quarantine's folders are named by time, so oldest first. */
  if (count > 1)
    qsort (list, count, sizeof *list, compare_names);
  *names = list;
  *n = count;
  return 0;
}

/* Creates a new file beside NAME in DIR with a name no one else uses: into *TMP (NAME_MAX + 1
 * bytes) and *FD. */
static int
create_temp (int dir, const char *name, char *tmp, int *fd)
{
  static unsigned counter;
  struct timespec ts;
  clock_gettime (CLOCK_REALTIME, &ts);
  for (int attempt = 0; attempt < 100; attempt++)
    {
      snprintf (tmp, NAME_MAX + 1, ".%.64s.%ld.%u.%lx.tmp", name, (long) getpid (), counter++,
                (unsigned long) ts.tv_nsec ^ (unsigned long) attempt * 2654435761u);
      *fd = openat (dir, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY,
                    0600);
      if (*fd >= 0)
        return 0;
      if (errno != EEXIST)
        return from_errno (errno);
    }
  return SCAN_EEXIST;
}

static int
posix_write_whole (const char *path, size_t root_len, const void *data, size_t len)
{
  int dir;
  const char *name;
  int rc = open_parent (path, root_len, &dir, &name);
  if (rc < 0)
    return rc;
  char tmp[NAME_MAX + 1];
  int fd;
  rc = create_temp (dir, name, tmp, &fd);
  if (rc < 0)
    {
      close (dir);
      return rc;
    }
  rc = write_all (fd, data, len);
  if (rc == 0 && fsync (fd) < 0)
    rc = from_errno (errno);
  int closed = close_checked (fd);
  if (rc == 0)
    rc = closed;
  /* Only a whole, flushed file takes PATH's name: a crash before this leaves the old manifest
   * and a stray temporary file, never half a manifest. */
  if (rc == 0 && renameat (dir, tmp, dir, name) < 0)
    rc = from_errno (errno);
  if (rc < 0)
    unlinkat (dir, tmp, 0);
  else
    rc = flush_folder (dir);
  close (dir);
  return rc;
}

static int
posix_read_whole (const char *path, size_t root_len, size_t limit, char **data, size_t *len)
{
  *data = NULL;
  *len = 0;
  int fd, rc = open_file (path, root_len, &fd);
  if (rc < 0)
    return rc;
  char *buf = NULL;
  struct stat st;
  if (fstat (fd, &st) < 0)
    {
      rc = from_errno (errno);
      goto fail;
    }
  if (!S_ISREG (st.st_mode))
    {
      rc = SCAN_ENOTREG;
      goto fail;
    }
  if (st.st_size < 0 || (uint64_t) st.st_size > limit)
    {
      rc = SCAN_ETOOBIG;
      goto fail;
    }
  /* One byte more than the limit allows: a file that grew since fstat is noticed. */
  size_t cap = (size_t) st.st_size + 1, got = 0;
  buf = malloc (cap + 1);
  if (!buf)
    {
      rc = SCAN_ENOMEM;
      goto fail;
    }
  for (;;)
    {
      ssize_t n = read (fd, buf + got, cap - got);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          rc = from_errno (errno);
          goto fail;
        }
      if (n == 0)
        break;
      got += (size_t) n;
      if (got > limit)
        {
          rc = SCAN_ETOOBIG;
          goto fail;
        }
      if (got == cap)
        {
          size_t bigger = cap * 2 > limit + 1 ? limit + 1 : cap * 2;
          if (bigger <= cap)
            bigger = cap + 1;
          char *more = realloc (buf, bigger + 1);
          if (!more)
            {
              rc = SCAN_ENOMEM;
              goto fail;
            }
          buf = more;
          cap = bigger;
        }
    }
  close (fd);
  buf[got] = '\0';
  *data = buf;
  *len = got;
  return 0;
fail:
  free (buf);
  close (fd);
  return rc;
}

static int
posix_remove_own (const char *path, size_t root_len)
{
  /* The one deletion a removal makes: its own half-made copy of a hive, or a temporary file,
   * inside its quarantine folder. Refusing every other path here means that no mistake in the
   * core, and no damaged or hostile manifest, can make this step delete one of the person's
   * files; ".." cannot lead out of the quarantine either (open_parent refuses it). */
  size_t len = strlen (path);
  const char *below = path + (root_len > 0 && root_len <= len ? root_len - 1 : 0);
  if (!strstr (below, "/" SCAN_QUARANTINE_FOLDER "/"))
    return SCAN_EINVAL;
  int dir;
  const char *name;
  int rc = open_parent (path, root_len, &dir, &name);
  if (rc < 0)
    return rc;
  struct stat st;
  if (fstatat (dir, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
    rc = from_errno (errno);
  else if (!S_ISREG (st.st_mode))
    rc = S_ISLNK (st.st_mode) ? SCAN_ELINK : SCAN_ENOTREG;
  else if (unlinkat (dir, name, 0) < 0)
    rc = from_errno (errno);
  else
    rc = flush_folder (dir);
  close (dir);
  return rc;
}

static uint32_t
le32 (const unsigned char *p)
{
  return (uint32_t) p[0] | (uint32_t) p[1] << 8 | (uint32_t) p[2] << 16 | (uint32_t) p[3] << 24;
}

/* Opens the hive file PATH below the root; it must be a regular file of a hive's size. */
static int
open_hive (const char *path, size_t root_len, int *fd, struct stat *st)
{
  int rc = open_file (path, root_len, fd);
  if (rc < 0)
    return rc;
  if (fstat (*fd, st) < 0)
    rc = from_errno (errno);
  else if (!S_ISREG (st->st_mode))
    rc = SCAN_ENOTREG;
  else if (st->st_size > MAX_HIVE_SIZE)
    rc = SCAN_EHIVE;
  if (rc < 0)
    {
      close (*fd);
      *fd = -1;
    }
  return rc;
}

static int
posix_hive_state (const char *path, size_t root_len)
{
  int fd;
  struct stat st;
  int rc = open_hive (path, root_len, &fd, &st);
  if (rc < 0)
    return rc;
  unsigned char base[BASE_BLOCK];
  size_t got = 0;
  while (got < sizeof base)
    {
      ssize_t n = pread (fd, base + got, sizeof base - got, (off_t) got);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          rc = from_errno (errno);
          break;
        }
      if (n == 0)
        break;
      got += (size_t) n;
    }
  close (fd);
  if (rc < 0)
    return rc;
  if (got < sizeof base || memcmp (base, "regf", 4) != 0)
    return SCAN_EHIVE;
  /* Windows raises the primary sequence number before it writes the hive and the secondary
   * after: unequal, the hive was not closed cleanly and Windows would replay its .LOG file over
   * whatever was changed. */
  return le32 (base + 4) == le32 (base + 8) ? 0 : SCAN_EHIVEDIRTY;
}

/* The child of NODE named NAME (any case, as hivex_node_get_child compares; done here so that
 * "not there" and "cannot be read" are told apart). *CHILD 0: not there. */
static int
find_child (hive_h *h, hive_node_h node, const char *name, hive_node_h *child)
{
  *child = 0;
  errno = 0;
  hive_node_h *children = hivex_node_children (h, node);
  if (!children)
    return scan__posix_hivex_error (errno);
  int rc = 0;
  for (size_t i = 0; children[i] && !*child; i++)
    {
      errno = 0;
      char *its = hivex_node_name (h, children[i]);
      if (!its)
        {
          rc = scan__posix_hivex_error (errno);
          break;
        }
      if (strcasecmp (its, name) == 0)
        *child = children[i];
      free (its);
    }
  free (children);
  return rc;
}

/* The key KEY ('\\'-separated below the root); *NODE 0 when it is not there. */
static int
find_key (hive_h *h, const char *key, hive_node_h *node)
{
  *node = hivex_root (h);
  if (!*node)
    return scan__posix_hivex_error (errno);
  const char *p = key;
  while (*p && *node)
    {
      size_t n = strcspn (p, "\\");
      if (n > 0)
        {
          char *part = strndup (p, n);
          if (!part)
            return SCAN_ENOMEM;
          int rc = find_child (h, *node, part, node);
          free (part);
          if (rc < 0)
            return rc;
        }
      p += n;
      if (*p == '\\')
        p++;
    }
  return 0;
}

/* Deletes the value NAME of NODE: hivex writes a key's values as a whole, so the key gets the
 * others back with their exact type and bytes. */
static int
delete_value (hive_h *h, hive_node_h node, const char *name, bool big_cells)
{
  errno = 0;
  hive_value_h *values = hivex_node_values (h, node);
  if (!values)
    return scan__posix_hivex_error (errno);
  size_t n = 0;
  while (values[n])
    n++;
  hive_set_value *kept = calloc (n ? n : 1, sizeof *kept);
  if (!kept)
    {
      free (values);
      return SCAN_ENOMEM;
    }
  size_t n_kept = 0;
  bool found = false;
  int rc = 0;
  for (size_t i = 0; i < n && rc == 0; i++)
    {
      errno = 0;
      char *key = hivex_value_key (h, values[i]);
      if (!key)
        {
          rc = scan__posix_hivex_error (errno);
          break;
        }
      if (strcasecmp (key, name) == 0)
        {
          found = true;
          free (key);
          continue;
        }
      hive_set_value *v = &kept[n_kept];
      v->key = key;
      errno = 0;
      v->value = hivex_value_value (h, values[i], &v->t, &v->len);
      n_kept++;
      if (!v->value)
        rc = scan__posix_hivex_error (errno);
      else if (v->len > MAX_VALUE_CELL && !big_cells)
        /* hivex would write it as one cell, which Windows reads as a big-data record in a hive
         * of format 1.4 or later (XP's): refused rather than damaged. A Run key holds short
         * strings; only some other program's long value in the same key meets this. */
        rc = SCAN_EUNSUPPORTED;
    }
  if (rc == 0 && found && hivex_node_set_values (h, node, n_kept, kept, 0) < 0)
    rc = scan__posix_hivex_error (errno);
  for (size_t i = 0; i < n_kept; i++)
    {
      free (kept[i].key);
      free (kept[i].value);
    }
  free (kept);
  free (values);
  return rc;
}

/* The new file NAME in DIR for the edited copy of the hive whose facts are ST: it will take the
 * hive's place, so it gets its permissions and, as root, its owner. */
static int
create_copy (int dir, const char *name, const struct stat *st, int *fd)
{
  /* Read and written: its hash is read back from it. */
  *fd = openat (dir, name, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY, 0600);
  if (*fd < 0)
    return from_errno (errno);
  if (fchmod (*fd, st->st_mode & 07777) < 0 && errno != EPERM)
    return from_errno (errno);
  if (geteuid () == 0)
    (void) !fchown (*fd, st->st_uid, st->st_gid); /* where the file system has owners at all */
  return 0;
}

/* The N CHANGES made to the open hive H: a value or key that is not there is no error. */
static int
make_changes (hive_h *h, const scan_hive_change *changes, size_t n, bool big_cells)
{
  int rc = 0;
  for (size_t i = 0; i < n && rc == 0; i++)
    {
      hive_node_h node;
      rc = find_key (h, changes[i].key ? changes[i].key : "", &node);
      if (rc < 0 || !node)
        continue; /* not there: nothing to delete */
      if (changes[i].name)
        rc = delete_value (h, node, changes[i].name, big_cells);
      else if (node == hivex_root (h))
        rc = SCAN_EINVAL; /* the whole hive is no key to delete */
      else if (hivex_node_delete_child (h, node) < 0)
        rc = scan__posix_hivex_error (errno);
    }
  return rc;
}

static int
posix_hive_edit_copy (const char *from, const char *to, size_t root_len,
                      const scan_hive_change *changes, size_t n, scan_file_facts *from_facts,
                      char to_sha256[65])
{
  int src, dir = -1, dst = -1;
  const char *name;
  struct stat st;
  hive_h *h = NULL;
  hasher original, edited;
  bool hashing = false, made = false;
  int rc = open_hive (from, root_len, &src, &st);
  if (rc < 0)
    return rc;
  rc = fd_facts (src, false, from_facts);
  if (rc == 0)
    {
      hash_start (&original, src); /* joined below, whatever happens */
      hashing = true;
    }
  /* The format's minor version (the base block's u32 at 0x18): below 4, long value data is one
   * cell, as hivex writes it. */
  unsigned char minor[4];
  bool big_cells = pread (src, minor, 4, 0x18) == 4 && le32 (minor) < 4;
  if (rc == 0)
    rc = open_parent (to, root_len, &dir, &name);
  if (rc == 0)
    {
      rc = create_copy (dir, name, &st, &dst);
      made = dst >= 0;
    }
  /* hivex opens names, not descriptors: /proc/self/fd/N is this very file, whatever has been
   * put at its path since. The hive is read whole into memory (HIVEX_OPEN_WRITE: hivex never
   * writes the file it opened, only the one it commits to), changed there and written once,
   * to the copy: no copy of the hive is made first and read again. */
  char src_name[64], dst_name[64];
  snprintf (src_name, sizeof src_name, "/proc/self/fd/%d", src);
  snprintf (dst_name, sizeof dst_name, "/proc/self/fd/%d", dst);
  if (rc == 0)
    {
      errno = 0;
      h = hivex_open (src_name, HIVEX_OPEN_WRITE);
      if (!h)
        rc = errno == ENOENT ? SCAN_EUNSUPPORTED : scan__posix_hivex_error (errno); /* no /proc */
    }
  if (rc == 0)
    rc = make_changes (h, changes, n, big_cells);
  /* hivex_commit sets both sequence numbers to one more than before: the copy is clean. */
  errno = 0;
  if (rc == 0 && hivex_commit (h, dst_name, 0) < 0)
    rc = scan__posix_hivex_error (errno);
  if (rc == 0)
    {
      /* Its Windows attributes, all but read-only (which no hive has: Windows writes it): a
       * user's NTUSER.DAT is hidden, and stays so after the swap. */
      if (from_facts->has_attributes)
        write_attributes (dst, from_facts->attributes & ~(uint32_t) 0x1);
      /* The copy's hash is taken from the page cache while the kernel writes it out. */
      hash_start (&edited, dst);
      if (fsync (dst) < 0)
        rc = from_errno (errno);
      int hashed = hash_join (&edited);
      if (rc == 0)
        rc = hashed;
    }
  if (rc == 0)
    {
      memcpy (to_sha256, edited.sha256, sizeof edited.sha256);
      rc = close_checked (dst);
      dst = -1;
    }
  if (rc == 0)
    rc = flush_folder (dir);
  if (h)
    hivex_close (h);
  if (hashing)
    {
      int hashed = hash_join (&original);
      if (rc == 0)
        rc = hashed;
      memcpy (from_facts->sha256, original.sha256, sizeof original.sha256);
      from_facts->size = original.size;
    }
  if (dst >= 0)
    close (dst);
  /* A partial or refused copy (a full disk, a change hivex cannot make) is not left behind for
   * anyone to take for the hive. */
  if (rc < 0 && made)
    {
      unlinkat (dir, name, 0);
      (void) fsync (dir);
    }
  if (dir >= 0)
    close (dir);
  close (src);
  return rc;
}

static const scan_remove_ops posix_remove_ops = {
  .writable = posix_writable,
  .file_facts = posix_file_facts,
  .exists = posix_exists,
  .move = posix_move,
  .make_folder = posix_make_folder,
  .list_folder = posix_list_folder,
  .write_whole = posix_write_whole,
  .read_whole = posix_read_whole,
  .remove_own = posix_remove_own,
  .hive_state = posix_hive_state,
  .hive_edit_copy = posix_hive_edit_copy,
  /* No live system here: a running Windows is changed by win32/. */
};

const scan_remove_ops *
scan_platform_remove_ops (void)
{
  return &posix_remove_ops;
}
