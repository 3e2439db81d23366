/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The Windows folder reader: UTF-8 at the interface, UTF-16 only at the Windows calls, "\\?\"
 * paths so that folders deeper than MAX_PATH work, and reparse points (junctions, symbolic
 * links) reported as links and never entered. Runs on Windows XP and later.
 *
 * Also the drives, for the list of attached disks: every fixed or removable drive letter that
 * holds a volume.
 */
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "scan-error.h"
#include "scan-platform.h"
#include "win32-private.h"

struct scan_dir
{
  wchar_t *path; /* "\\?\C:\folder", no trailing separator */
  HANDLE find;
  WIN32_FIND_DATAW data;
  int state; /* 0 not started, 1 data holds an unread entry, 2 finished */
  char name[MAX_PATH * 3 + 1];
};

/* Not in every mingw-w64 winnt.h; the value is Windows' own. */
#ifndef FILE_READ_ONLY_VOLUME
#define FILE_READ_ONLY_VOLUME 0x00080000
#endif

/* Identifies the folder at PATH by volume serial number and file index. */
static int
node_id (const wchar_t *path, scan_node_id *id)
{
  BY_HANDLE_FILE_INFORMATION info;
  void *redirection = scan__win32_redirection_off ();
  HANDLE h = CreateFileW (path, FILE_READ_ATTRIBUTES,
                          FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                          OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS | FILE_FLAG_OPEN_REPARSE_POINT,
                          NULL);
  DWORD e = GetLastError ();
  scan__win32_redirection_on (redirection);
  if (h == INVALID_HANDLE_VALUE)
    return scan__win32_error (e);
  BOOL ok = GetFileInformationByHandle (h, &info);
  e = GetLastError ();
  CloseHandle (h);
  if (!ok)
    return scan__win32_error (e);
  id->dev = info.dwVolumeSerialNumber;
  id->ino = ((uint64_t) info.nFileIndexHigh << 32) | info.nFileIndexLow;
  return 0;
}

static int
open_path (wchar_t *path, bool child, scan_dir **out, scan_node_id *id)
{
  void *redirection = scan__win32_redirection_off ();
  DWORD attrs = GetFileAttributesW (path);
  DWORD e = GetLastError ();
  int rc = 0;
  scan__win32_redirection_on (redirection);
  if (attrs == INVALID_FILE_ATTRIBUTES)
    {
      rc = scan__win32_error (e);
      if (child && rc == SCAN_ENOENT)
        rc = SCAN_EVANISHED;
    }
  else if (child && (attrs & FILE_ATTRIBUTE_REPARSE_POINT))
    rc = SCAN_ELINK;
  else if (!(attrs & FILE_ATTRIBUTE_DIRECTORY))
    rc = SCAN_ENOTDIR;
  else
    rc = node_id (path, id);
  scan_dir *d = NULL;
  if (rc == 0 && !(d = calloc (1, sizeof *d)))
    rc = SCAN_ENOMEM;
  if (!d)
    {
      free (path);
      return rc;
    }
  d->path = path;
  d->find = INVALID_HANDLE_VALUE;
  *out = d;
  return 0;
}

static int
win32_open_root (const char *path, scan_dir **out, scan_node_id *id)
{
  *out = NULL;
  wchar_t *w = scan__win32_utf16 (path);
  if (!w)
    return SCAN_EINVAL;
  DWORD n = GetFullPathNameW (w, 0, NULL, NULL);
  wchar_t *full = n ? malloc ((n + 8) * sizeof *full) : NULL;
  if (!full)
    {
      free (w);
      return n ? SCAN_ENOMEM : scan__win32_error (GetLastError ());
    }
  /* "\\?\" lifts MAX_PATH; a UNC path "\\server\share" becomes "\\?\UNC\server\share". */
  wchar_t *body = full + 4;
  GetFullPathNameW (w, n, body, NULL);
  free (w);
  if (body[0] == L'\\' && body[1] == L'\\')
    {
      memmove (full + 8, body + 2, (wcslen (body + 2) + 1) * sizeof *full);
      memcpy (full, L"\\\\?\\UNC\\", 8 * sizeof *full);
    }
  else
    memcpy (full, L"\\\\?\\", 4 * sizeof *full);
  size_t len = wcslen (full);
  if (len > 7 && full[len - 1] == L'\\') /* keep "\\?\C:\" whole */
    full[len - 1] = L'\0';
  return open_path (full, false, out, id);
}

static int
win32_open_child (scan_dir *parent, const char *name, scan_dir **out, scan_node_id *id)
{
  *out = NULL;
  wchar_t *w = scan__win32_utf16 (name);
  if (!w)
    return SCAN_EINVAL;
  size_t plen = wcslen (parent->path), nlen = wcslen (w);
  bool sep = plen > 0 && parent->path[plen - 1] != L'\\';
  wchar_t *path = malloc ((plen + nlen + 2) * sizeof *path);
  if (!path)
    {
      free (w);
      return SCAN_ENOMEM;
    }
  memcpy (path, parent->path, plen * sizeof *path);
  if (sep)
    path[plen++] = L'\\';
  memcpy (path + plen, w, (nlen + 1) * sizeof *path);
  free (w);
  return open_path (path, true, out, id);
}

static int
win32_read (scan_dir *d, scan_dirent *ent)
{
  for (;;)
    {
      if (d->state == 2)
        return 0;
      if (d->state == 0)
        {
          size_t len = wcslen (d->path);
          wchar_t *pattern = malloc ((len + 3) * sizeof *pattern);
          if (!pattern)
            return SCAN_ENOMEM;
          memcpy (pattern, d->path, len * sizeof *pattern);
          if (len && d->path[len - 1] != L'\\')
            pattern[len++] = L'\\';
          pattern[len++] = L'*';
          pattern[len] = L'\0';
          void *redirection = scan__win32_redirection_off ();
          d->find = FindFirstFileW (pattern, &d->data);
          DWORD e = GetLastError ();
          scan__win32_redirection_on (redirection);
          free (pattern);
          if (d->find == INVALID_HANDLE_VALUE)
            {
              d->state = 2;
              return e == ERROR_FILE_NOT_FOUND ? 0 : scan__win32_error (e);
            }
        }
      else if (!FindNextFileW (d->find, &d->data))
        {
          DWORD e = GetLastError ();
          d->state = 2;
          return e == ERROR_NO_MORE_FILES ? 0 : scan__win32_error (e);
        }
      d->state = 1;

      const wchar_t *n = d->data.cFileName;
      if (n[0] == L'.' && (n[1] == L'\0' || (n[1] == L'.' && n[2] == L'\0')))
        continue;
      if (WideCharToMultiByte (CP_UTF8, 0, n, -1, d->name, sizeof d->name, NULL, NULL) <= 0)
        continue; /* cannot happen for a name Windows returned; skip rather than misreport */
      ent->name = d->name;
      ent->len = strlen (d->name);
      DWORD a = d->data.dwFileAttributes;
      if (a & FILE_ATTRIBUTE_REPARSE_POINT)
        ent->type = SCAN_ENT_LINK;
      else if (a & FILE_ATTRIBUTE_DIRECTORY)
        ent->type = SCAN_ENT_DIR;
      else if (a & FILE_ATTRIBUTE_DEVICE)
        ent->type = SCAN_ENT_OTHER;
      else
        ent->type = SCAN_ENT_FILE;
      return 1;
    }
}

static void
win32_close (scan_dir *d)
{
  if (!d)
    return;
  if (d->find != INVALID_HANDLE_VALUE)
    FindClose (d->find);
  free (d->path);
  free (d);
}

static const scan_fs_ops win32_fs = {
  .open_root = win32_open_root,
  .open_child = win32_open_child,
  .read = win32_read,
  .close = win32_close,
};

const scan_fs_ops *
scan_platform_fs (void)
{
  return &win32_fs;
}

int
scan_platform_full_path (const char *path, char **out)
{
  wchar_t *wide = scan__win32_utf16 (path);
  *out = NULL;
  if (!wide)
    return SCAN_EINVAL;
  DWORD n = GetFullPathNameW (wide, 0, NULL, NULL);
  wchar_t *full = n ? malloc ((size_t) n * sizeof *full) : NULL;
  int rc = 0;
  if (!n)
    rc = scan__win32_error (GetLastError ());
  else if (!full)
    rc = SCAN_ENOMEM;
  else if (GetFullPathNameW (wide, n, full, NULL) == 0)
    rc = scan__win32_error (GetLastError ());
  else if (!(*out = scan__win32_utf8 (full)))
    rc = SCAN_ENOMEM;
  free (full);
  free (wide);
  return rc;
}

char
scan_platform_separator (void)
{
  return '\\';
}

bool
scan_platform_live_supported (void)
{
  return true; /* scan_platform_live () sets the live checks up, which a folder scan does not need */
}

/* Volumes. */

/* Fills V for the drive root ROOT ("E:\"). Returns 1, 0 when the drive holds no readable volume
 * (an empty card reader), or SCAN_ENOMEM. */
static int
describe_drive (const wchar_t *root, scan_volume *v)
{
  wchar_t label[MAX_PATH + 1], fs[MAX_PATH + 1], device[MAX_PATH + 1];
  wchar_t dos[3] = { root[0], L':', L'\0' };
  ULARGE_INTEGER total;
  DWORD flags = 0;

  memset (v, 0, sizeof *v);
  if (!GetVolumeInformationW (root, label, MAX_PATH + 1, NULL, NULL, &flags, fs, MAX_PATH + 1))
    return 0;
  if (GetDiskFreeSpaceExW (root, NULL, &total, NULL))
    v->size = total.QuadPart;
  v->read_only = (flags & FILE_READ_ONLY_VOLUME) != 0;
  /* "\Device\HarddiskVolume3", what the letter stands for; the letter itself if not known. */
  if (!QueryDosDeviceW (dos, device, MAX_PATH + 1))
    memcpy (device, dos, sizeof dos);
  v->mount_point = scan__win32_utf8 (root);
  v->device = scan__win32_utf8 (device);
  v->fs_type = scan__win32_utf8 (fs);
  v->label = label[0] ? scan__win32_utf8 (label) : NULL;
  if (!v->mount_point || !v->device || !v->fs_type || (label[0] && !v->label))
    {
      free (v->mount_point);
      free (v->device);
      free (v->fs_type);
      free (v->label);
      return SCAN_ENOMEM;
    }
  return 1;
}

int
scan_platform_list_volumes (scan_volume **out, size_t *n)
{
  /* 26 letters of "X:\" and a NUL each, then the list's own NUL. */
  wchar_t drives[26 * 4 + 2];
  DWORD len = GetLogicalDriveStringsW (sizeof drives / sizeof *drives, drives);
  scan_volume *v = NULL;
  size_t count = 0;
  UINT old_mode;
  int rc = 0;

  *out = NULL;
  *n = 0;
  if (len == 0)
    return scan__win32_error (GetLastError ());
  if (len >= sizeof drives / sizeof *drives)
    return SCAN_EOTHER;
  if (!(v = calloc (26, sizeof *v)))
    return SCAN_ENOMEM;
  /* An empty floppy or card reader must not make Windows ask for a disk. */
  old_mode = SetErrorMode (SEM_FAILCRITICALERRORS | SEM_NOOPENFILEERRORBOX);
  for (const wchar_t *d = drives; *d && count < 26; d += wcslen (d) + 1)
    {
      UINT type = GetDriveTypeW (d);
      if (type != DRIVE_FIXED && type != DRIVE_REMOVABLE)
        continue;
      if ((rc = describe_drive (d, &v[count])) < 0)
        break;
      if (rc == 1)
        count++;
      rc = 0;
    }
  SetErrorMode (old_mode);
  if (rc < 0)
    {
      scan_platform_free_volumes (v, count);
      return rc;
    }
  if (count == 0)
    {
      free (v);
      v = NULL;
    }
  *out = v;
  *n = count;
  return 0;
}

void
scan_platform_free_volumes (scan_volume *v, size_t n)
{
  if (!v)
    return;
  for (size_t i = 0; i < n; i++)
    {
      free (v[i].mount_point);
      free (v[i].device);
      free (v[i].label);
      free (v[i].fs_type);
    }
  free (v);
}

const scan_registry_ops *
scan_platform_offline_registry (void)
{
  /* No hivex on Windows: the report says plainly that the disk's registry was not read. */
  return NULL;
}
