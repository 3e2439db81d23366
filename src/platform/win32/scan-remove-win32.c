/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The removal's steps on a running Windows (scan-remove.h): the worm's files moved into the
 * quarantine on their own drive, its programs ended, its Run values and services deleted through
 * the API and kept as text for undo. Windows XP SP2 and later, 32-bit and 64-bit builds.
 *
 * Files: "\\?\" paths (no MAX_PATH limit, no name rewritten), WOW64's System32 redirection off
 * around every file call (the check's paths are the real System32), and a reparse point (a
 * junction, a symbolic link) as the file or as a folder on the way refused with SCAN_ELINK, as
 * the folder reader never enters one.
 *
 * Registry: the 64-bit view where there is one. What a value held is saved as
 * "type=T;hex=BYTES" (its type number and its exact bytes); a service's whole key as lines:
 *
 *   service=NAME
 *   key=                               the service's own key, then each subkey below it
 *   value=NAME;type=T;hex=BYTES        a value of the key above
 *   key=Security
 *   value=Security;type=3;hex=0100…
 *
 * Names are UTF-8 with '%', ';', '=', '\', control characters and DEL written %XX, so the text
 * is valid UTF-8 without NUL or line breaks inside a line (it goes into the JSON manifest).
 *
 * BLASTER_SCAN_NOT_ADMIN=1 in the environment makes is_admin say no, so that the tests see the
 * refusal under Wine (whose user is an administrator).
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "win32-private.h"

#include <aclapi.h>
#include <sddl.h>
#include <tlhelp32.h>

#include "scan-error.h"
#include "scan-platform.h"
#include "scan-sha256.h"

#ifndef KEY_WOW64_64KEY
#define KEY_WOW64_64KEY 0x0100
#endif
#ifndef FILE_READ_ONLY_VOLUME
#define FILE_READ_ONLY_VOLUME 0x00080000
#endif

/* The largest registry value saved: Run values and service keys hold paths and small numbers. */
#define MAX_VALUE_BYTES (1u << 20)
/* How deep and how many keys a saved service may have (a real one: Enum, Parameters, Security). */
#define MAX_KEY_DEPTH 16
#define MAX_KEYS 1024
/* How long a service is given to stop, and an ended program to go (milliseconds). */
#define SERVICE_STOP_MS 10000
#define PROCESS_END_MS 5000
#define MAX_LISTED 100000

static const wchar_t services_key[] = L"SYSTEM\\CurrentControlSet\\Services\\";

/* The strings up to a NULL joined, malloc'd (no swprintf: mingw-w64's, with its own stdio,
 * would import C runtime functions that Windows XP's msvcrt.dll lacks). */
static wchar_t *
wjoin (const wchar_t *first, ...)
{
  va_list ap;
  size_t n = 1;
  va_start (ap, first);
  for (const wchar_t *p = first; p; p = va_arg (ap, const wchar_t *))
    n += wcslen (p);
  va_end (ap);
  wchar_t *out = malloc (n * sizeof *out);
  if (!out)
    return NULL;
  out[0] = L'\0';
  va_start (ap, first);
  for (const wchar_t *p = first; p; p = va_arg (ap, const wchar_t *))
    wcscat (out, p);
  va_end (ap);
  return out;
}

/* V in decimal. */
static const wchar_t *
wnum (unsigned long v, wchar_t out[24])
{
  wchar_t *p = out + 23;
  *p = L'\0';
  do
    *--p = (wchar_t) (L'0' + v % 10);
  while ((v /= 10) != 0);
  return p;
}

/* --- paths ------------------------------------------------------------------------------- */

/* PATH (UTF-8, full) as "\\?\C:\…" or "\\?\UNC\server\share\…" in *OUT (malloc'd); *SKIP
 * receives how many characters of it are the trusted root: the drive's root, or ROOT_LEN bytes
 * of PATH when they are more. */
static int
wide_path (const char *path, size_t root_len, wchar_t **out, size_t *skip)
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
  wchar_t *body = full + 4;
  GetFullPathNameW (w, n, body, NULL);
  size_t prefix;
  if (body[0] == L'\\' && body[1] == L'\\')
    {
      memmove (full + 8, body + 2, (wcslen (body + 2) + 1) * sizeof *full);
      memcpy (full, L"\\\\?\\UNC\\", 8 * sizeof *full);
      prefix = 8;
    }
  else
    {
      memcpy (full, L"\\\\?\\", 4 * sizeof *full);
      prefix = 4;
    }
  /* The drive's root ("C:\") or the share's ("server\share\") is never a link of ours to see. */
  size_t root = prefix;
  if (prefix == 4 && full[4] && full[5] == L':')
    root = full[6] == L'\\' ? 7 : 6;
  else if (prefix == 8)
    for (int seps = 0; full[root] && seps < 2; root++)
      seps += full[root] == L'\\';
  if (root_len > 0)
    {
      /* ROOT_LEN bytes of PATH as UTF-16 characters, past the "\\?\" prefix. */
      int wn = MultiByteToWideChar (CP_UTF8, 0, path, (int) root_len, NULL, 0);
      if (wn > 0 && prefix == 4 && (size_t) wn + 4 > root && (size_t) wn + 4 <= wcslen (full))
        root = (size_t) wn + 4;
    }
  free (w);
  *out = full;
  *skip = root;
  return 0;
}

/* Whether a folder on the way to PATH (after its first SKIP characters) is a reparse point
 * (SCAN_ELINK) or a file (SCAN_ENOTDIR); with SELF, PATH itself too. A part that is not there
 * is for the call that follows to report. */
static int
check_way (wchar_t *path, size_t skip, bool self)
{
  size_t len = wcslen (path);
  for (size_t i = skip; i <= len; i++)
    {
      bool end = i == len;
      if (!(path[i] == L'\\' || (end && self)) || i == skip)
        continue;
      wchar_t saved = path[i];
      path[i] = L'\0';
      DWORD a = GetFileAttributesW (path);
      path[i] = saved;
      if (a == INVALID_FILE_ATTRIBUTES)
        return 0;
      if (a & FILE_ATTRIBUTE_REPARSE_POINT)
        return SCAN_ELINK;
      if (!end && !(a & FILE_ATTRIBUTE_DIRECTORY))
        return SCAN_ENOTDIR;
    }
  return 0;
}

/* Opens PATH for checks: the wide path in *W (to free), the way checked. */
static int
prepare (const char *path, size_t root_len, bool self, wchar_t **w)
{
  size_t skip = 0;
  int rc = wide_path (path, root_len, w, &skip);
  if (rc == 0 && (rc = check_way (*w, skip, self)) < 0)
    {
      free (*w);
      *w = NULL;
    }
  return rc;
}

static int64_t
unix_time (FILETIME ft)
{
  int64_t t = (int64_t) (((uint64_t) ft.dwHighDateTime << 32) | ft.dwLowDateTime);
  t -= INT64_C (116444736000000000); /* 1601-01-01 to 1970-01-01 in 100 ns */
  return t >= 0 ? t / 10000000 : -((-t + 9999999) / 10000000);
}

/* Opens the regular file W for reading, never through a reparse point. */
static int
open_regular (const wchar_t *w, HANDLE *h, BY_HANDLE_FILE_INFORMATION *info)
{
  *h = CreateFileW (w, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                    NULL, OPEN_EXISTING,
                    FILE_FLAG_OPEN_REPARSE_POINT | FILE_FLAG_BACKUP_SEMANTICS
                      | FILE_FLAG_SEQUENTIAL_SCAN,
                    NULL);
  if (*h == INVALID_HANDLE_VALUE)
    return scan__win32_error (GetLastError ());
  int rc = 0;
  if (!GetFileInformationByHandle (*h, info))
    rc = scan__win32_error (GetLastError ());
  else if (info->dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT)
    rc = SCAN_ELINK;
  else if ((info->dwFileAttributes & (FILE_ATTRIBUTE_DIRECTORY | FILE_ATTRIBUTE_DEVICE))
           || GetFileType (*h) != FILE_TYPE_DISK)
    rc = SCAN_ENOTREG;
  if (rc < 0)
    {
      CloseHandle (*h);
      *h = INVALID_HANDLE_VALUE;
    }
  return rc;
}

/* --- files ------------------------------------------------------------------------------- */

static int
remove_writable (const char *root)
{
  wchar_t *w = scan__win32_utf16 (root);
  wchar_t volume[MAX_PATH + 1];
  DWORD flags = 0;
  int rc = 0;

  if (!w)
    return SCAN_EINVAL;
  void *redirection = scan__win32_redirection_off ();
  if (!GetVolumePathNameW (w, volume, MAX_PATH + 1))
    rc = scan__win32_error (GetLastError ());
  else if (!GetVolumeInformationW (volume, NULL, 0, NULL, NULL, &flags, NULL, 0))
    rc = scan__win32_error (GetLastError ());
  else if (flags & FILE_READ_ONLY_VOLUME)
    rc = SCAN_EROFS;
  else
    {
      /* Whether this user may create a file there: one that goes again when closed. */
      size_t len = wcslen (w);
      wchar_t pid[24];
      wchar_t *probe = wjoin (w, len && w[len - 1] == L'\\' ? L"" : L"\\",
                              L"BlasterCheck-write-test-",
                              wnum (GetCurrentProcessId (), pid), L".tmp", NULL);
      if (!probe)
        rc = SCAN_ENOMEM;
      else
        {
          HANDLE h = CreateFileW (probe, GENERIC_WRITE, 0, NULL, CREATE_NEW,
                                  FILE_ATTRIBUTE_TEMPORARY | FILE_FLAG_DELETE_ON_CLOSE, NULL);
          if (h == INVALID_HANDLE_VALUE)
            rc = scan__win32_error (GetLastError ());
          else
            CloseHandle (h);
          free (probe);
        }
    }
  scan__win32_redirection_on (redirection);
  free (w);
  return rc;
}

static int
remove_file_facts (const char *path, size_t root_len, scan_file_facts *out)
{
  wchar_t *w;
  HANDLE h;
  BY_HANDLE_FILE_INFORMATION info;

  memset (out, 0, sizeof *out);
  void *redirection = scan__win32_redirection_off ();
  int rc = prepare (path, root_len, true, &w);
  if (rc == 0)
    {
      rc = open_regular (w, &h, &info);
      free (w);
    }
  if (rc == 0)
    {
      unsigned char *buf = malloc (65536);
      scan_sha256 ctx;
      scan_sha256_init (&ctx);
      uint64_t total = 0;
      DWORD got;
      if (!buf)
        rc = SCAN_ENOMEM;
      while (rc == 0)
        {
          if (!ReadFile (h, buf, 65536, &got, NULL))
            {
              rc = scan__win32_error (GetLastError ());
              break;
            }
          if (got == 0)
            break;
          scan_sha256_update (&ctx, buf, got);
          total += got;
        }
      CloseHandle (h);
      free (buf);
      if (rc == 0)
        {
          scan_sha256_final (&ctx, out->sha256);
          out->size = total;
          out->mtime = unix_time (info.ftLastWriteTime);
          out->atime = unix_time (info.ftLastAccessTime);
          out->ctime = unix_time (info.ftCreationTime);
          out->attributes = info.dwFileAttributes;
          out->has_attributes = true;
        }
    }
  scan__win32_redirection_on (redirection);
  return rc;
}

static int
remove_exists (const char *path, size_t root_len)
{
  wchar_t *w;
  void *redirection = scan__win32_redirection_off ();
  int rc = prepare (path, root_len, false, &w);
  if (rc == 0)
    {
      DWORD a = GetFileAttributesW (w);
      DWORD e = GetLastError ();
      rc = a != INVALID_FILE_ATTRIBUTES                                ? 1
           : e == ERROR_FILE_NOT_FOUND || e == ERROR_PATH_NOT_FOUND ? 0
                                                                      : scan__win32_error (e);
      free (w);
    }
  scan__win32_redirection_on (redirection);
  return rc;
}

/* Whether FROM and TO (UTF-8 paths; TO need not exist, its folder does) are on two volumes, by
 * the folders they are mounted at ("C:\", "D:\", "C:\mnt\disk\"). MoveFileExW without
 * MOVEFILE_COPY_ALLOWED refuses that too, but Wine does not (its drives are folders of one
 * host file system), and a mount point inside a drive is seen here before any call. False
 * when Windows cannot say (the rename then decides). */
static bool
other_volume (const char *from, const char *to)
{
  wchar_t *wf = scan__win32_utf16 (from), *wt = scan__win32_utf16 (to);
  wchar_t vf[MAX_PATH + 1], vt[MAX_PATH + 1];
  bool other = false;
  if (wf && wt)
    {
      /* TO's folder: TO itself is not there yet. */
      wchar_t *sep = wcsrchr (wt, L'\\');
      if (sep && sep > wt && sep[-1] != L':')
        *sep = L'\0';
      else if (sep)
        sep[1] = L'\0';
      other = GetVolumePathNameW (wf, vf, MAX_PATH + 1) && GetVolumePathNameW (wt, vt, MAX_PATH + 1)
              && _wcsicmp (vf, vt) != 0;
    }
  free (wf);
  free (wt);
  return other;
}

static int
remove_move (const char *from, const char *to, size_t root_len)
{
  wchar_t *wf = NULL, *wt = NULL;
  void *redirection = scan__win32_redirection_off ();
  int rc = prepare (from, root_len, true, &wf);
  if (rc == 0)
    rc = prepare (to, root_len, false, &wt);
  DWORD a = rc == 0 ? GetFileAttributesW (wf) : 0;
  if (rc == 0 && a == INVALID_FILE_ATTRIBUTES)
    rc = scan__win32_error (GetLastError ());
  if (rc == 0 && GetFileAttributesW (wt) != INVALID_FILE_ATTRIBUTES)
    rc = SCAN_EEXIST;
  if (rc == 0 && other_volume (from, to))
    rc = SCAN_EOTHERVOLUME;
  /* A rename, never a copy: without MOVEFILE_COPY_ALLOWED another volume is refused, and
   * without MOVEFILE_REPLACE_EXISTING nothing at TO is replaced. The file keeps its times and
   * attributes; WRITE_THROUGH returns once the rename is on the disk. */
  if (rc == 0 && !MoveFileExW (wf, wt, MOVEFILE_WRITE_THROUGH))
    {
      DWORD e = GetLastError ();
      rc = scan__win32_error (e);
      /* A read-only file that Windows will not rename: renamed without the flag, which the
       * moved file then gets back. */
      if (e == ERROR_ACCESS_DENIED && (a & FILE_ATTRIBUTE_READONLY)
          && SetFileAttributesW (wf, a & ~(DWORD) FILE_ATTRIBUTE_READONLY))
        {
          if (MoveFileExW (wf, wt, MOVEFILE_WRITE_THROUGH))
            rc = SetFileAttributesW (wt, a) ? 0 : scan__win32_error (GetLastError ());
          else
            {
              rc = scan__win32_error (GetLastError ());
              SetFileAttributesW (wf, a);
            }
        }
    }
  scan__win32_redirection_on (redirection);
  free (wf);
  free (wt);
  return rc;
}

/*
 * The quarantine's folders are made for administrators and SYSTEM alone (a protected DACL, not
 * C:\'s, which lets every user make folders and, on Vista and later, change what an
 * administrator made in them): a manifest in them tells an administrator's undo to restore
 * services and Run values, so no one else may write one (remove_trusted).
 */
static const wchar_t quarantine_sddl[] = L"D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)";

static int
remove_make_folder (const char *path, size_t root_len)
{
  wchar_t *w;
  void *redirection = scan__win32_redirection_off ();
  int rc = prepare (path, root_len, false, &w);
  if (rc == 0)
    {
      SECURITY_ATTRIBUTES sa = { sizeof sa, NULL, FALSE };
      if (!ConvertStringSecurityDescriptorToSecurityDescriptorW (quarantine_sddl, SDDL_REVISION_1,
                                                                 &sa.lpSecurityDescriptor, NULL))
        rc = scan__win32_error (GetLastError ());
      else if (!CreateDirectoryW (w, &sa))
        rc = scan__win32_error (GetLastError ());
      LocalFree (sa.lpSecurityDescriptor);
      free (w);
    }
  scan__win32_redirection_on (redirection);
  return rc;
}

/* Whether SID is SYSTEM's, the Administrators group's, or USER's (the administrator running
 * now, who owns what they made on XP). */
static bool
admin_sid (PSID sid, PSID system, PSID admins, PSID user)
{
  return sid && IsValidSid (sid)
         && (EqualSid (sid, system) || EqualSid (sid, admins) || (user && EqualSid (sid, user)));
}

/*
 * 0 when only administrators can have written in the quarantine folder PATH: it is owned by
 * SYSTEM, the Administrators group or this administrator, and every ACE that allows anything is
 * theirs. A folder someone else made (they own it) or that anyone may write is SCAN_EMANIFEST:
 * not a quarantine this program made. A drive without permissions (FAT) is never trusted.
 */
static int
remove_trusted (const char *path)
{
  wchar_t *w = scan__win32_utf16 (path);
  PSID owner = NULL, system = NULL, admins = NULL;
  PACL dacl = NULL;
  PSECURITY_DESCRIPTOR sd = NULL;
  SID_IDENTIFIER_AUTHORITY nt = SECURITY_NT_AUTHORITY;
  HANDLE token = NULL;
  unsigned char user_buf[256];
  TOKEN_USER *user = NULL;
  DWORD got = 0;
  int rc = SCAN_EMANIFEST;

  if (!w)
    return SCAN_EINVAL;
  if (GetNamedSecurityInfoW (w, SE_FILE_OBJECT,
                             OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION, &owner,
                             NULL, &dacl, NULL, &sd)
      != ERROR_SUCCESS)
    goto out;
  if (!AllocateAndInitializeSid (&nt, 1, SECURITY_LOCAL_SYSTEM_RID, 0, 0, 0, 0, 0, 0, 0, &system)
      || !AllocateAndInitializeSid (&nt, 2, SECURITY_BUILTIN_DOMAIN_RID, DOMAIN_ALIAS_RID_ADMINS,
                                    0, 0, 0, 0, 0, 0, &admins))
    goto out;
  if (OpenProcessToken (GetCurrentProcess (), TOKEN_QUERY, &token)
      && GetTokenInformation (token, TokenUser, user_buf, sizeof user_buf, &got))
    user = (TOKEN_USER *) user_buf;
  /* No DACL is everyone's; an owner other than an administrator is someone else's folder. An
   * ACE for anyone but SYSTEM, the Administrators or this administrator: C:\'s inherited ACL
   * (every user may add files), or one someone wrote. (Wine keeps the owner's SID where
   * Windows keeps the Administrators', and no "protected" flag: both are accepted.) */
  PSID me = user ? user->User.Sid : NULL;
  if (!dacl || !admin_sid (owner, system, admins, me))
    goto out;
  for (DWORD i = 0; i < dacl->AceCount; i++)
    {
      ACE_HEADER *ace;
      if (!GetAce (dacl, i, (void **) &ace))
        goto out;
      if (ace->AceType == ACCESS_ALLOWED_ACE_TYPE
          && !admin_sid (&((ACCESS_ALLOWED_ACE *) ace)->SidStart, system, admins, me))
        goto out;
    }
  rc = 0;
out:
  if (token)
    CloseHandle (token);
  if (system)
    FreeSid (system);
  if (admins)
    FreeSid (admins);
  if (sd)
    LocalFree (sd);
  free (w);
  return rc;
}

static int
remove_list_folder (const char *path, size_t root_len, char ***names, size_t *n)
{
  wchar_t *w, *pattern = NULL;
  char **out = NULL;
  size_t count = 0, cap = 0;
  HANDLE find = INVALID_HANDLE_VALUE;

  *names = NULL;
  *n = 0;
  void *redirection = scan__win32_redirection_off ();
  int rc = prepare (path, root_len, true, &w);
  if (rc == 0)
    {
      size_t len = wcslen (w);
      if (!(pattern = wjoin (w, len && w[len - 1] == L'\\' ? L"" : L"\\", L"*", NULL)))
        rc = SCAN_ENOMEM;
      DWORD a = GetFileAttributesW (w);
      if (rc == 0 && a == INVALID_FILE_ATTRIBUTES)
        rc = scan__win32_error (GetLastError ());
      else if (rc == 0 && !(a & FILE_ATTRIBUTE_DIRECTORY))
        rc = SCAN_ENOTDIR;
      free (w);
    }
  WIN32_FIND_DATAW data;
  if (rc == 0 && (find = FindFirstFileW (pattern, &data)) == INVALID_HANDLE_VALUE)
    {
      DWORD e = GetLastError ();
      rc = e == ERROR_FILE_NOT_FOUND ? 1 : scan__win32_error (e);
    }
  while (rc == 0)
    {
      const wchar_t *name = data.cFileName;
      if (!(name[0] == L'.' && (name[1] == L'\0' || (name[1] == L'.' && name[2] == L'\0'))))
        {
          if (count == MAX_LISTED)
            rc = SCAN_ETOOMANY;
          else if (count == cap)
            {
              size_t bigger = cap ? cap * 2 : 16;
              char **grown = realloc (out, bigger * sizeof *grown);
              if (!grown)
                rc = SCAN_ENOMEM;
              else
                {
                  out = grown;
                  cap = bigger;
                }
            }
          if (rc == 0 && !(out[count++] = scan__win32_utf8 (name)))
            rc = SCAN_ENOMEM;
        }
      if (rc == 0 && !FindNextFileW (find, &data))
        {
          DWORD e = GetLastError ();
          rc = e == ERROR_NO_MORE_FILES ? 1 : scan__win32_error (e);
        }
    }
  if (find != INVALID_HANDLE_VALUE)
    FindClose (find);
  scan__win32_redirection_on (redirection);
  free (pattern);
  if (rc < 0)
    {
      scan_reg_names_free (out, count);
      return rc;
    }
  *names = out;
  *n = count;
  return 0;
}

static int
remove_write_whole (const char *path, size_t root_len, const void *data, size_t len)
{
  wchar_t *w = NULL, *tmp = NULL;
  HANDLE h = INVALID_HANDLE_VALUE;
  void *redirection = scan__win32_redirection_off ();
  int rc = prepare (path, root_len, false, &w);
  /* A new name of this process's beside PATH: one left by a crash is never written into. */
  for (unsigned i = 0; rc == 0 && h == INVALID_HANDLE_VALUE; i++)
    {
      wchar_t pid[24], n[24];
      free (tmp);
      if (!(tmp = wjoin (w, L".new-", wnum (GetCurrentProcessId (), pid), L"-", wnum (i, n),
                         NULL)))
        {
          rc = SCAN_ENOMEM;
          break;
        }
      h = CreateFileW (tmp, GENERIC_WRITE, 0, NULL, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, NULL);
      DWORD e = GetLastError ();
      if (h == INVALID_HANDLE_VALUE && ((e != ERROR_FILE_EXISTS && e != ERROR_ALREADY_EXISTS)
                                        || i == 99))
        rc = scan__win32_error (e);
    }
  const char *p = data;
  while (rc == 0 && len > 0)
    {
      DWORD put = 0, chunk = len > (1u << 30) ? (1u << 30) : (DWORD) len;
      if (!WriteFile (h, p, chunk, &put, NULL))
        rc = scan__win32_error (GetLastError ());
      else if (put == 0)
        rc = SCAN_EIO;
      p += put;
      len -= put;
    }
  if (rc == 0 && !FlushFileBuffers (h))
    rc = scan__win32_error (GetLastError ());
  if (h != INVALID_HANDLE_VALUE)
    CloseHandle (h);
  if (rc == 0 && !MoveFileExW (tmp, w, MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH))
    rc = scan__win32_error (GetLastError ());
  if (rc < 0 && h != INVALID_HANDLE_VALUE)
    DeleteFileW (tmp);
  scan__win32_redirection_on (redirection);
  free (tmp);
  free (w);
  return rc;
}

static int
remove_read_whole (const char *path, size_t root_len, size_t limit, char **data, size_t *len)
{
  wchar_t *w;
  HANDLE h;
  BY_HANDLE_FILE_INFORMATION info;
  char *buf = NULL;

  *data = NULL;
  *len = 0;
  void *redirection = scan__win32_redirection_off ();
  int rc = prepare (path, root_len, true, &w);
  if (rc == 0)
    {
      rc = open_regular (w, &h, &info);
      free (w);
    }
  if (rc == 0)
    {
      uint64_t size = ((uint64_t) info.nFileSizeHigh << 32) | info.nFileSizeLow;
      size_t got = 0;
      if (size > limit)
        rc = SCAN_ETOOBIG;
      else if (!(buf = malloc ((size_t) size + 1)))
        rc = SCAN_ENOMEM;
      while (rc == 0 && got < size)
        {
          DWORD n = 0;
          if (!ReadFile (h, buf + got, (DWORD) (size - got), &n, NULL))
            rc = scan__win32_error (GetLastError ());
          else if (n == 0)
            break; /* shorter now than it was a moment ago */
          got += n;
        }
      CloseHandle (h);
      if (rc == 0)
        {
          buf[got] = '\0';
          *data = buf;
          *len = got;
          buf = NULL;
        }
    }
  scan__win32_redirection_on (redirection);
  free (buf);
  return rc;
}

/* Whether PATH lies below a folder "BlasterCheck-Quarantine" (any case). */
static bool
in_quarantine (const wchar_t *path)
{
  static const wchar_t folder[] = L"\\" SCAN_QUARANTINE_FOLDER L"\\";
  size_t n = wcslen (folder);
  for (const wchar_t *p = path; *p; p++)
    if (_wcsnicmp (p, folder, n) == 0 && p[n] != L'\0')
      return true;
  return false;
}

static int
remove_remove_own (const char *path, size_t root_len)
{
  wchar_t *w;
  void *redirection = scan__win32_redirection_off ();
  int rc = prepare (path, root_len, true, &w);
  if (rc == 0)
    {
      DWORD a = GetFileAttributesW (w);
      if (!in_quarantine (w))
        rc = SCAN_EACCES; /* never one of the person's files */
      else if (a == INVALID_FILE_ATTRIBUTES)
        rc = scan__win32_error (GetLastError ());
      else if (a & FILE_ATTRIBUTE_DIRECTORY)
        rc = RemoveDirectoryW (w) ? 0 : scan__win32_error (GetLastError ());
      else if (!DeleteFileW (w))
        {
          DWORD e = GetLastError ();
          rc = scan__win32_error (e);
          if (e == ERROR_ACCESS_DENIED && (a & FILE_ATTRIBUTE_READONLY)
              && SetFileAttributesW (w, a & ~(DWORD) FILE_ATTRIBUTE_READONLY))
            rc = DeleteFileW (w) ? 0 : scan__win32_error (GetLastError ());
        }
      free (w);
    }
  scan__win32_redirection_on (redirection);
  return rc;
}

/* --- this process's rights --------------------------------------------------------------- */

static int
remove_is_admin (void)
{
  const char *no = getenv ("BLASTER_SCAN_NOT_ADMIN");
  if (no && strcmp (no, "1") == 0)
    return SCAN_ENOTADMIN;
  SID_IDENTIFIER_AUTHORITY nt = { SECURITY_NT_AUTHORITY };
  PSID admins = NULL;
  BOOL member = FALSE;
  if (!AllocateAndInitializeSid (&nt, 2, SECURITY_BUILTIN_DOMAIN_RID, DOMAIN_ALIAS_RID_ADMINS, 0,
                                 0, 0, 0, 0, 0, &admins))
    return scan__win32_error (GetLastError ());
  /* Under UAC (Vista and later) the filtered token of an administrator who did not "Run as
   * administrator" holds the group for deny only, and CheckTokenMembership says no. */
  BOOL ok = CheckTokenMembership (NULL, admins, &member);
  FreeSid (admins);
  return ok && member ? 0 : SCAN_ENOTADMIN;
}

/* --- programs ---------------------------------------------------------------------------- */

/* One pass over the running programs: ends those whose image is WANT. */
static int
end_pass (const wchar_t *want, unsigned *ended, unsigned *seen)
{
  HANDLE snap = CreateToolhelp32Snapshot (TH32CS_SNAPPROCESS, 0);
  PROCESSENTRY32W pe = { .dwSize = sizeof pe };
  DWORD self = GetCurrentProcessId ();
  int rc = 0;

  *seen = 0;
  if (snap == INVALID_HANDLE_VALUE)
    return scan__win32_error (GetLastError ());
  for (BOOL more = Process32FirstW (snap, &pe); more; more = Process32NextW (snap, &pe))
    {
      if (pe.th32ProcessID == 0 || pe.th32ProcessID == self)
        continue;
      int error = 0;
      char *image = scan__win32_process_image (pe.th32ProcessID, &error);
      wchar_t *wimage = image ? scan__win32_utf16 (image) : NULL;
      if (error == SCAN_ENOMEM || (image && !wimage))
        rc = SCAN_ENOMEM;
      free (image);
      if (!wimage)
        continue; /* gone since the snapshot, or a program of the system's own */
      bool same = _wcsicmp (wimage, want) == 0;
      free (wimage);
      if (!same)
        continue;
      (*seen)++;
      HANDLE h = OpenProcess (PROCESS_TERMINATE | SYNCHRONIZE, FALSE, pe.th32ProcessID);
      if (!h)
        {
          DWORD e = GetLastError ();
          if (e != ERROR_INVALID_PARAMETER) /* ended meanwhile */
            rc = scan__win32_error (e);
          continue;
        }
      if (!TerminateProcess (h, 1))
        {
          /* Refused, unless it had ended already (then there is nothing to end). */
          DWORD e = GetLastError ();
          if (WaitForSingleObject (h, 0) != WAIT_OBJECT_0)
            rc = scan__win32_error (e);
        }
      /* Ended once Windows says so: its image file can then be moved. */
      else if (WaitForSingleObject (h, PROCESS_END_MS) == WAIT_OBJECT_0)
        (*ended)++;
      else
        rc = SCAN_EOTHER;
      CloseHandle (h);
    }
  CloseHandle (snap);
  return rc;
}

static int
remove_end_process (const char *path, unsigned *ended)
{
  *ended = 0;
  wchar_t *w = scan__win32_utf16 (path);
  if (!w)
    return SCAN_EINVAL;
  /* The programs' paths come in their long form ("C:\Program Files\…"): so does PATH. */
  wchar_t full[32768];
  void *redirection = scan__win32_redirection_off ();
  DWORD n = GetLongPathNameW (w, full, sizeof full / sizeof *full);
  scan__win32_redirection_on (redirection);
  if (n > 0 && n < sizeof full / sizeof *full)
    {
      free (w);
      if (!(w = _wcsdup (full)))
        return SCAN_ENOMEM;
    }
  scan_platform_live (); /* the image paths' calls, and the right to open other users' programs */
  int rc = 0;
  /* A second look: a program may have started another copy of itself while it was ended. */
  for (int pass = 0; pass < 3 && rc == 0; pass++)
    {
      unsigned seen = 0;
      rc = end_pass (w, ended, &seen);
      if (seen == 0)
        break;
    }
  free (w);
  return rc;
}

/* --- the registry ------------------------------------------------------------------------ */

static REGSAM
view (void)
{
  return scan__win32_is_wow64 () ? KEY_WOW64_64KEY : 0;
}

/* "HKEY_LOCAL_MACHINE\SOFTWARE\…" (or HKLM, HKEY_USERS/HKU, HKEY_CURRENT_USER/HKCU): the root
 * in *ROOT and what follows as UTF-16 in *SUB (malloc'd). */
static int
split_key (const char *key, HKEY *root, wchar_t **sub)
{
  static const struct
  {
    const char *name;
    HKEY key;
  } roots[] = {
    { "HKEY_LOCAL_MACHINE", HKEY_LOCAL_MACHINE }, { "HKLM", HKEY_LOCAL_MACHINE },
    { "HKEY_USERS", HKEY_USERS },                 { "HKU", HKEY_USERS },
    { "HKEY_CURRENT_USER", HKEY_CURRENT_USER },   { "HKCU", HKEY_CURRENT_USER },
  };
  const char *rest = strchr (key, '\\');
  size_t len = rest ? (size_t) (rest - key) : strlen (key);

  *root = NULL;
  *sub = NULL;
  for (size_t i = 0; i < sizeof roots / sizeof roots[0]; i++)
    if (strlen (roots[i].name) == len && _strnicmp (key, roots[i].name, len) == 0)
      *root = roots[i].key;
  if (!*root)
    return SCAN_EINVAL;
  return (*sub = scan__win32_utf16 (rest ? rest + 1 : "")) ? 0 : SCAN_EINVAL;
}

static int
open_key (const char *key, REGSAM access, bool create, HKEY *out)
{
  HKEY root;
  wchar_t *sub;
  int rc = split_key (key, &root, &sub);
  if (rc < 0)
    return rc;
  LONG e = create ? RegCreateKeyExW (root, sub, 0, NULL, REG_OPTION_NON_VOLATILE,
                                     access | view (), NULL, out, NULL)
                  : RegOpenKeyExW (root, sub, 0, access | view (), out);
  free (sub);
  return e == ERROR_SUCCESS ? 0 : scan__win32_error ((DWORD) e);
}

/* A growing text. */
typedef struct
{
  char *p;
  size_t n, cap;
  int error;
} text;

static void
text_add (text *t, const char *s, size_t n)
{
  if (t->error)
    return;
  if (t->n + n + 1 > t->cap)
    {
      size_t cap = t->cap ? t->cap : 256;
      while (cap < t->n + n + 1)
        cap *= 2;
      char *p = realloc (t->p, cap);
      if (!p)
        {
          t->error = SCAN_ENOMEM;
          return;
        }
      t->p = p;
      t->cap = cap;
    }
  memcpy (t->p + t->n, s, n);
  t->n += n;
  t->p[t->n] = '\0';
}

static void
text_str (text *t, const char *s)
{
  text_add (t, s, strlen (s));
}

/* A name (UTF-16) with the bytes that would break a line written %XX. */
static void
text_name (text *t, const wchar_t *name)
{
  char *s = scan__win32_utf8 (name);
  if (!s)
    {
      t->error = t->error ? t->error : SCAN_ENOMEM;
      return;
    }
  for (const unsigned char *c = (const unsigned char *) s; *c; c++)
    if (*c < 0x20 || *c == 0x7f || *c == '%' || *c == ';' || *c == '=' || *c == '\\')
      {
        char esc[4];
        snprintf (esc, sizeof esc, "%%%02X", *c);
        text_add (t, esc, 3);
      }
    else
      text_add (t, (const char *) c, 1);
  free (s);
}

static void
text_value (text *t, DWORD type, const BYTE *data, DWORD size)
{
  static const char hex[] = "0123456789abcdef";
  char head[40];
  snprintf (head, sizeof head, "type=%lu;hex=", (unsigned long) type);
  text_str (t, head);
  for (DWORD i = 0; i < size && !t->error; i++)
    {
      char two[2] = { hex[data[i] >> 4], hex[data[i] & 15] };
      text_add (t, two, 2);
    }
}

/* "type=T;hex=BYTES" from S up to END: the type and the bytes (malloc'd). */
static int
parse_value (const char *s, const char *end, DWORD *type, BYTE **data, DWORD *size)
{
  *data = NULL;
  *size = 0;
  if (end - s < 5 || strncmp (s, "type=", 5) != 0)
    return SCAN_EMANIFEST;
  s += 5;
  unsigned long t = 0;
  const char *digits = s;
  while (s < end && *s >= '0' && *s <= '9' && s - digits < 10)
    t = t * 10 + (unsigned long) (*s++ - '0');
  if (s == digits || end - s < 5 || strncmp (s, ";hex=", 5) != 0)
    return SCAN_EMANIFEST;
  s += 5;
  size_t n = (size_t) (end - s);
  if (n % 2 || n / 2 > MAX_VALUE_BYTES)
    return SCAN_EMANIFEST;
  BYTE *out = malloc (n / 2 + 1);
  if (!out)
    return SCAN_ENOMEM;
  for (size_t i = 0; i < n / 2; i++)
    {
      int hi = s[2 * i], lo = s[2 * i + 1];
      hi = hi >= '0' && hi <= '9' ? hi - '0' : hi >= 'a' && hi <= 'f' ? hi - 'a' + 10 : -1;
      lo = lo >= '0' && lo <= '9' ? lo - '0' : lo >= 'a' && lo <= 'f' ? lo - 'a' + 10 : -1;
      if (hi < 0 || lo < 0)
        {
          free (out);
          return SCAN_EMANIFEST;
        }
      out[i] = (BYTE) (hi << 4 | lo);
    }
  *type = (DWORD) t;
  *data = out;
  *size = (DWORD) (n / 2);
  return 0;
}

/* The byte the hex digits HI and LO write (either case), or -1. */
static int
hex_pair (int hi, int lo)
{
  int d[2] = { hi, lo };
  for (int i = 0; i < 2; i++)
    d[i] = d[i] >= '0' && d[i] <= '9'   ? d[i] - '0'
           : d[i] >= 'a' && d[i] <= 'f' ? d[i] - 'a' + 10
           : d[i] >= 'A' && d[i] <= 'F' ? d[i] - 'A' + 10
                                        : -1;
  return d[0] < 0 || d[1] < 0 ? -1 : d[0] << 4 | d[1];
}

/* The %XX-written name from S up to END, as UTF-16 (malloc'd). */
static int
parse_name (const char *s, const char *end, wchar_t **out)
{
  char *u = malloc ((size_t) (end - s) + 1), *o = u;
  *out = NULL;
  if (!u)
    return SCAN_ENOMEM;
  while (s < end)
    {
      if (*s != '%')
        {
          *o++ = *s++;
          continue;
        }
      int v = end - s < 3 ? -1 : hex_pair (s[1], s[2]);
      if (v <= 0)
        {
          free (u);
          return SCAN_EMANIFEST;
        }
      *o++ = (char) v;
      s += 3;
    }
  *o = '\0';
  *out = scan__win32_utf16 (u);
  free (u);
  return *out ? 0 : SCAN_EMANIFEST;
}

/* The value NAME of the open key K: type and bytes (malloc'd), or SCAN_ENOENT. */
static int
read_value (HKEY k, const wchar_t *name, DWORD *type, BYTE **data, DWORD *size)
{
  *data = NULL;
  *size = 0;
  for (int tries = 0; tries < 8; tries++)
    {
      DWORD need = 0;
      LONG e = RegQueryValueExW (k, name, NULL, type, NULL, &need);
      if (e != ERROR_SUCCESS)
        return e == ERROR_FILE_NOT_FOUND ? SCAN_ENOENT : scan__win32_error ((DWORD) e);
      if (need > MAX_VALUE_BYTES)
        return SCAN_ETOOBIG;
      BYTE *buf = malloc (need + 1);
      if (!buf)
        return SCAN_ENOMEM;
      DWORD got = need;
      e = RegQueryValueExW (k, name, NULL, type, buf, &got);
      if (e == ERROR_SUCCESS)
        {
          *data = buf;
          *size = got;
          return 0;
        }
      free (buf);
      if (e != ERROR_MORE_DATA)
        return e == ERROR_FILE_NOT_FOUND ? SCAN_ENOENT : scan__win32_error ((DWORD) e);
    }
  return SCAN_EOTHER;
}

static int
remove_value_save (const char *key, const char *name, char **saved)
{
  HKEY k;
  wchar_t *wname = scan__win32_utf16 (name);
  *saved = NULL;
  if (!wname)
    return SCAN_EINVAL;
  int rc = open_key (key, KEY_QUERY_VALUE, false, &k);
  if (rc == 0)
    {
      DWORD type, size;
      BYTE *data;
      rc = read_value (k, wname, &type, &data, &size);
      RegCloseKey (k);
      if (rc == 0)
        {
          text t = { 0 };
          text_value (&t, type, data, size);
          free (data);
          if (!(rc = t.error))
            *saved = t.p;
          else
            free (t.p);
        }
    }
  free (wname);
  return rc;
}

/* A value that is not there is no error: the removal's journal may ask again after a crash. */
static int
remove_value_delete (const char *key, const char *name)
{
  HKEY k;
  wchar_t *wname = scan__win32_utf16 (name);
  if (!wname)
    return SCAN_EINVAL;
  int rc = open_key (key, KEY_SET_VALUE, false, &k);
  if (rc == 0)
    {
      LONG e = RegDeleteValueW (k, wname);
      if (e != ERROR_SUCCESS && e != ERROR_FILE_NOT_FOUND)
        rc = scan__win32_error ((DWORD) e);
      RegCloseKey (k);
    }
  else if (rc == SCAN_ENOENT)
    rc = 0;
  free (wname);
  return rc;
}

static int
remove_value_restore (const char *key, const char *name, const char *saved)
{
  HKEY k;
  DWORD type, size;
  BYTE *data;
  wchar_t *wname = scan__win32_utf16 (name);
  if (!wname)
    return SCAN_EINVAL;
  int rc = parse_value (saved, saved + strlen (saved), &type, &data, &size);
  if (rc == 0)
    {
      if ((rc = open_key (key, KEY_QUERY_VALUE | KEY_SET_VALUE, true, &k)) == 0)
        {
          LONG e = RegQueryValueExW (k, wname, NULL, NULL, NULL, NULL);
          if (e == ERROR_SUCCESS || e == ERROR_MORE_DATA)
            rc = SCAN_EEXIST;
          else if (e != ERROR_FILE_NOT_FOUND)
            rc = scan__win32_error ((DWORD) e);
          else if ((e = RegSetValueExW (k, wname, 0, type, data, size)) != ERROR_SUCCESS)
            rc = scan__win32_error ((DWORD) e);
          RegCloseKey (k);
        }
      free (data);
    }
  free (wname);
  return rc;
}

/* --- services ---------------------------------------------------------------------------- */

/* "SYSTEM\CurrentControlSet\Services\NAME" (and "\SUB" when SUB is not empty), UTF-16. */
static wchar_t *
service_key (const wchar_t *name, const wchar_t *sub)
{
  return wjoin (services_key, name, sub && *sub ? L"\\" : L"", sub ? sub : L"", NULL);
}

/* Writes the open key K (REL below the service's key) and every key below it to T. */
static int
save_key (HKEY k, const wchar_t *rel, text *t, int depth, unsigned *keys)
{
  DWORD n_sub = 0, max_sub = 0, n_values = 0, max_name = 0;
  if (depth > MAX_KEY_DEPTH || ++*keys > MAX_KEYS)
    return SCAN_ETOOMANY;
  LONG e = RegQueryInfoKeyW (k, NULL, NULL, NULL, &n_sub, &max_sub, NULL, &n_values, &max_name,
                             NULL, NULL, NULL);
  if (e != ERROR_SUCCESS)
    return scan__win32_error ((DWORD) e);
  text_str (t, "key=");
  /* REL's parts are names, each written as one ("Enum\0" is "Enum" "\" "0"). */
  for (const wchar_t *p = rel; *p;)
    {
      const wchar_t *sep = wcschr (p, L'\\');
      size_t len = sep ? (size_t) (sep - p) : wcslen (p);
      wchar_t *part = malloc ((len + 1) * sizeof *part);
      if (!part)
        return SCAN_ENOMEM;
      memcpy (part, p, len * sizeof *part);
      part[len] = L'\0';
      text_name (t, part);
      free (part);
      p += len;
      if (*p)
        {
          text_str (t, "\\");
          p++;
        }
    }
  text_str (t, "\n");

  wchar_t *name = malloc ((max_name + max_sub + 2) * sizeof *name);
  if (!name)
    return SCAN_ENOMEM;
  int rc = 0;
  for (DWORD i = 0; rc == 0 && i < n_values; i++)
    {
      DWORD len = max_name + max_sub + 2;
      e = RegEnumValueW (k, i, name, &len, NULL, NULL, NULL, NULL);
      if (e == ERROR_NO_MORE_ITEMS)
        break;
      if (e != ERROR_SUCCESS)
        {
          rc = scan__win32_error ((DWORD) e);
          break;
        }
      DWORD type, size;
      BYTE *data;
      if ((rc = read_value (k, name, &type, &data, &size)) < 0)
        break;
      text_str (t, "value=");
      text_name (t, name);
      text_str (t, ";");
      text_value (t, type, data, size);
      text_str (t, "\n");
      free (data);
      rc = t->error;
    }
  for (DWORD i = 0; rc == 0 && i < n_sub; i++)
    {
      DWORD len = max_name + max_sub + 2;
      e = RegEnumKeyExW (k, i, name, &len, NULL, NULL, NULL, NULL);
      if (e == ERROR_NO_MORE_ITEMS)
        break;
      if (e != ERROR_SUCCESS)
        {
          rc = scan__win32_error ((DWORD) e);
          break;
        }
      wchar_t *sub_rel = wjoin (rel, *rel ? L"\\" : L"", name, NULL);
      HKEY sub;
      if (!sub_rel)
        rc = SCAN_ENOMEM;
      else if ((e = RegOpenKeyExW (k, name, 0, KEY_READ | view (), &sub)) != ERROR_SUCCESS)
        rc = scan__win32_error ((DWORD) e);
      else
        {
          rc = save_key (sub, sub_rel, t, depth + 1, keys);
          RegCloseKey (sub);
        }
      free (sub_rel);
    }
  free (name);
  return rc ? rc : t->error;
}

static int
remove_service_save (const char *name, char **saved)
{
  wchar_t *wname = scan__win32_utf16 (name), *path = wname ? service_key (wname, NULL) : NULL;
  HKEY k;
  int rc = 0;
  text t = { 0 };

  *saved = NULL;
  if (!wname || !*wname || wcschr (wname, L'\\'))
    rc = SCAN_EINVAL;
  else if (!path)
    rc = SCAN_ENOMEM;
  else
    {
      LONG e = RegOpenKeyExW (HKEY_LOCAL_MACHINE, path, 0, KEY_READ | view (), &k);
      if (e != ERROR_SUCCESS)
        rc = scan__win32_error ((DWORD) e);
    }
  if (rc == 0)
    {
      unsigned keys = 0;
      text_str (&t, "service=");
      text_name (&t, wname);
      text_str (&t, "\n");
      rc = save_key (k, L"", &t, 0, &keys);
      RegCloseKey (k);
    }
  if (rc == 0)
    *saved = t.p;
  else
    free (t.p);
  free (path);
  free (wname);
  return rc;
}

/* Deletes the key NAME of PARENT with everything below it (RegDeleteTree is Vista's). */
static LONG
delete_tree (HKEY parent, const wchar_t *name, int depth)
{
  HKEY k;
  wchar_t sub[256];
  if (depth > MAX_KEY_DEPTH)
    return ERROR_BADKEY;
  LONG e = RegOpenKeyExW (parent, name, 0, KEY_READ | DELETE | view (), &k);
  if (e != ERROR_SUCCESS)
    return e;
  for (unsigned i = 0; i < MAX_KEYS && e == ERROR_SUCCESS; i++)
    {
      DWORD len = sizeof sub / sizeof *sub;
      e = RegEnumKeyExW (k, 0, sub, &len, NULL, NULL, NULL, NULL);
      if (e == ERROR_SUCCESS)
        e = delete_tree (k, sub, depth + 1);
    }
  RegCloseKey (k);
  if (e != ERROR_NO_MORE_ITEMS && e != ERROR_SUCCESS)
    return e;
  return RegDeleteKeyW (parent, name);
}

/* Whether the service NAME is still there for the SCM: waits up to MS for it to go. */
static bool
service_gone (SC_HANDLE scm, const wchar_t *name, DWORD ms)
{
  DWORD start = GetTickCount ();
  for (;;)
    {
      SC_HANDLE s = OpenServiceW (scm, name, SERVICE_QUERY_STATUS);
      if (!s)
        return GetLastError () == ERROR_SERVICE_DOES_NOT_EXIST;
      CloseServiceHandle (s);
      if (GetTickCount () - start >= ms)
        return false;
      Sleep (100);
    }
}

/* Stopped, or MS milliseconds passed. */
static void
stop_service (SC_HANDLE s, DWORD ms)
{
  SERVICE_STATUS status;
  DWORD start = GetTickCount ();
  if (!QueryServiceStatus (s, &status) || status.dwCurrentState == SERVICE_STOPPED)
    return;
  if (status.dwCurrentState != SERVICE_STOP_PENDING
      && !ControlService (s, SERVICE_CONTROL_STOP, &status))
    return; /* it takes no stop: deleted all the same, and gone when its program ends */
  while (status.dwCurrentState != SERVICE_STOPPED && GetTickCount () - start < ms)
    {
      Sleep (100);
      if (!QueryServiceStatus (s, &status))
        return;
    }
}

static int
remove_service_delete (const char *name)
{
  wchar_t *wname = scan__win32_utf16 (name);
  int rc = 0;
  if (!wname || !*wname || wcschr (wname, L'\\'))
    {
      free (wname);
      return SCAN_EINVAL;
    }
  SC_HANDLE scm = OpenSCManagerW (NULL, NULL, SC_MANAGER_CONNECT);
  SC_HANDLE s = scm ? OpenServiceW (scm, wname, SERVICE_STOP | SERVICE_QUERY_STATUS | DELETE)
                    : NULL;
  DWORD e = s ? 0 : GetLastError ();
  if (s)
    {
      /* Deleted also when it takes no stop: Windows then takes it away when its program ends,
       * and the key with it. */
      stop_service (s, SERVICE_STOP_MS);
      if (!DeleteService (s) && (e = GetLastError ()) != ERROR_SERVICE_MARKED_FOR_DELETE)
        rc = scan__win32_error (e);
      CloseServiceHandle (s);
      if (rc == 0)
        service_gone (scm, wname, 2000);
    }
  else if (!scm || e != ERROR_SERVICE_DOES_NOT_EXIST)
    rc = scan__win32_error (e);
  else
    {
      /* A key the SCM does not know (written by hand, for the next start of Windows): the key
       * is the service, so it goes. None at all is no error (asked again after a crash). */
      wchar_t *path = service_key (wname, NULL);
      LONG d = path ? delete_tree (HKEY_LOCAL_MACHINE, path, 0) : ERROR_OUTOFMEMORY;
      if (d != ERROR_SUCCESS && d != ERROR_FILE_NOT_FOUND)
        rc = scan__win32_error ((DWORD) d);
      free (path);
    }
  if (scm)
    CloseServiceHandle (scm);
  free (wname);
  return rc;
}

/* One key of a saved service: its path below the service's key and its values. */
typedef struct
{
  wchar_t *rel;
  struct saved_value
  {
    wchar_t *name;
    DWORD type, size;
    BYTE *data;
  } *values;
  size_t n_values;
} saved_key;

static void
saved_keys_free (saved_key *keys, size_t n)
{
  for (size_t i = 0; i < n; i++)
    {
      for (size_t j = 0; j < keys[i].n_values; j++)
        {
          free (keys[i].values[j].name);
          free (keys[i].values[j].data);
        }
      free (keys[i].values);
      free (keys[i].rel);
    }
  free (keys);
}

/* SAVED, as service_save wrote it for NAME, in *KEYS. */
static int
parse_service (const wchar_t *name, const char *saved, saved_key **keys, size_t *n)
{
  saved_key *out = NULL;
  size_t count = 0;
  int rc = 0;
  bool named = false;

  *keys = NULL;
  *n = 0;
  for (const char *line = saved; rc == 0 && *line;)
    {
      const char *end = strchr (line, '\n');
      if (!end)
        end = line + strlen (line);
      if (strncmp (line, "service=", 8) == 0 && !named)
        {
          wchar_t *w;
          if ((rc = parse_name (line + 8, end, &w)) == 0)
            {
              if (_wcsicmp (w, name) != 0)
                rc = SCAN_EMANIFEST; /* another service's */
              free (w);
              named = true;
            }
        }
      else if (strncmp (line, "key=", 4) == 0 && named)
        {
          if (count == MAX_KEYS)
            rc = SCAN_ETOOMANY;
          saved_key *grown = rc ? NULL : realloc (out, (count + 1) * sizeof *grown);
          if (!rc && !grown)
            rc = SCAN_ENOMEM;
          if (rc == 0)
            {
              out = grown;
              memset (&out[count], 0, sizeof out[count]);
              /* Each part's name, the parts joined by '\'. */
              char *rel = malloc ((size_t) (end - line));
              size_t o = 0;
              if (!rel)
                rc = SCAN_ENOMEM;
              for (const char *p = line + 4; rc == 0 && p < end;)
                {
                  const char *sep = memchr (p, '\\', (size_t) (end - p));
                  if (!sep)
                    sep = end;
                  wchar_t *part;
                  if ((rc = parse_name (p, sep, &part)) == 0)
                    {
                      char *u = scan__win32_utf8 (part);
                      free (part);
                      if (!u || !*u)
                        rc = u ? SCAN_EMANIFEST : SCAN_ENOMEM;
                      else
                        {
                          /* The decoded name is never longer than its written form. */
                          size_t ul = strlen (u);
                          if (o + ul + 1 < (size_t) (end - line))
                            {
                              if (o)
                                rel[o++] = '\\';
                              memcpy (rel + o, u, ul);
                              o += ul;
                            }
                          else
                            rc = SCAN_EMANIFEST;
                        }
                      free (u);
                    }
                  p = sep + (sep < end);
                }
              if (rel)
                {
                  rel[o] = '\0';
                  if (rc == 0 && !(out[count].rel = scan__win32_utf16 (rel)))
                    rc = SCAN_EMANIFEST;
                }
              free (rel);
              count++;
            }
        }
      else if (strncmp (line, "value=", 6) == 0 && count > 0)
        {
          saved_key *k = &out[count - 1];
          const char *semi = memchr (line + 6, ';', (size_t) (end - line - 6));
          struct saved_value *grown = realloc (k->values, (k->n_values + 1) * sizeof *grown);
          if (!semi)
            rc = SCAN_EMANIFEST;
          else if (!grown)
            rc = SCAN_ENOMEM;
          else
            {
              k->values = grown;
              struct saved_value *v = &k->values[k->n_values];
              memset (v, 0, sizeof *v);
              k->n_values++;
              if ((rc = parse_name (line + 6, semi, &v->name)) == 0)
                rc = parse_value (semi + 1, end, &v->type, &v->data, &v->size);
            }
        }
      else if (end > line)
        rc = SCAN_EMANIFEST;
      line = *end ? end + 1 : end;
    }
  if (rc == 0 && (!named || count == 0 || out[0].rel[0] != L'\0'))
    rc = SCAN_EMANIFEST;
  if (rc < 0)
    {
      saved_keys_free (out, count);
      return rc;
    }
  *keys = out;
  *n = count;
  return 0;
}

static const struct saved_value *
find_value (const saved_key *k, const wchar_t *name)
{
  for (size_t i = 0; i < k->n_values; i++)
    if (_wcsicmp (k->values[i].name, name) == 0)
      return &k->values[i];
  return NULL;
}

static DWORD
dword_of (const saved_key *k, const wchar_t *name, DWORD otherwise)
{
  const struct saved_value *v = find_value (k, name);
  DWORD d;
  if (!v || v->type != REG_DWORD || v->size != sizeof d)
    return otherwise;
  memcpy (&d, v->data, sizeof d);
  return d;
}

/* A string value's text (malloc'd, NUL-terminated), or NULL. */
static wchar_t *
string_of (const saved_key *k, const wchar_t *name)
{
  const struct saved_value *v = find_value (k, name);
  if (!v || (v->type != REG_SZ && v->type != REG_EXPAND_SZ) || v->size < sizeof (wchar_t))
    return NULL;
  size_t n = v->size / sizeof (wchar_t);
  wchar_t *w = malloc ((n + 1) * sizeof *w);
  if (w)
    {
      memcpy (w, v->data, n * sizeof *w);
      w[n] = L'\0';
    }
  return w && *w ? w : (free (w), NULL);
}

/* Writes every saved key and value as it was, and takes away values that were not (such as
 * the WOW64 value Windows adds to a service a 32-bit program creates). */
static int
write_keys (const wchar_t *name, const saved_key *keys, size_t n)
{
  int rc = 0;
  for (size_t i = 0; i < n && rc == 0; i++)
    {
      wchar_t *path = service_key (name, keys[i].rel);
      HKEY k;
      if (!path)
        return SCAN_ENOMEM;
      LONG e = RegCreateKeyExW (HKEY_LOCAL_MACHINE, path, 0, NULL, REG_OPTION_NON_VOLATILE,
                                KEY_READ | KEY_WRITE | view (), NULL, &k, NULL);
      free (path);
      if (e != ERROR_SUCCESS)
        return scan__win32_error ((DWORD) e);
      for (size_t j = 0; j < keys[i].n_values && rc == 0; j++)
        {
          const struct saved_value *v = &keys[i].values[j];
          e = RegSetValueExW (k, v->name, 0, v->type, v->data, v->size);
          if (e != ERROR_SUCCESS)
            rc = scan__win32_error ((DWORD) e);
        }
      wchar_t extra[16384];
      for (DWORD j = 0; rc == 0;)
        {
          DWORD len = sizeof extra / sizeof *extra;
          e = RegEnumValueW (k, j, extra, &len, NULL, NULL, NULL, NULL);
          if (e != ERROR_SUCCESS)
            break;
          if (find_value (&keys[i], extra) || RegDeleteValueW (k, extra) != ERROR_SUCCESS)
            j++;
        }
      RegCloseKey (k);
    }
  return rc;
}

static int
remove_service_restore (const char *name, const char *saved)
{
  wchar_t *wname = scan__win32_utf16 (name);
  saved_key *keys = NULL;
  size_t n = 0;
  SC_HANDLE scm = NULL;
  int rc = 0;

  if (!wname || !*wname || wcschr (wname, L'\\'))
    rc = SCAN_EINVAL;
  else
    rc = parse_service (wname, saved, &keys, &n);
  wchar_t *path = rc == 0 ? service_key (wname, NULL) : NULL;
  if (rc == 0 && !path)
    rc = SCAN_ENOMEM;
  if (rc == 0)
    {
      /* A service of that name, known to the SCM or only as a key: not replaced. */
      HKEY k;
      LONG e = RegOpenKeyExW (HKEY_LOCAL_MACHINE, path, 0, KEY_READ | view (), &k);
      if (e == ERROR_SUCCESS)
        {
          RegCloseKey (k);
          rc = SCAN_EEXIST;
        }
      else if (e != ERROR_FILE_NOT_FOUND)
        rc = scan__win32_error ((DWORD) e);
    }
  if (rc == 0)
    {
      scm = OpenSCManagerW (NULL, NULL, SC_MANAGER_CONNECT | SC_MANAGER_CREATE_SERVICE);
      if (!scm)
        rc = scan__win32_error (GetLastError ());
    }
  if (rc == 0)
    {
      SC_HANDLE s = OpenServiceW (scm, wname, SERVICE_QUERY_STATUS);
      if (s)
        {
          CloseServiceHandle (s);
          rc = SCAN_EEXIST;
        }
    }
  wchar_t *image = rc == 0 ? string_of (&keys[0], L"ImagePath") : NULL;
  if (rc == 0 && image && find_value (&keys[0], L"Type"))
    {
      /* Through the SCM, so that it knows the service at once (sc query shows it), then the
       * key's every value written back exactly as it was. */
      wchar_t *display = string_of (&keys[0], L"DisplayName");
      wchar_t *account = string_of (&keys[0], L"ObjectName");
      DWORD type = dword_of (&keys[0], L"Type", SERVICE_WIN32_OWN_PROCESS);
      DWORD start = dword_of (&keys[0], L"Start", SERVICE_DEMAND_START);
      DWORD errors = dword_of (&keys[0], L"ErrorControl", SERVICE_ERROR_NORMAL);
      /* A driver's ObjectName is its driver object, a program's its account. */
      bool program = (type & (SERVICE_WIN32_OWN_PROCESS | SERVICE_WIN32_SHARE_PROCESS)) != 0;
      SC_HANDLE s = CreateServiceW (scm, wname, display ? display : wname, SERVICE_QUERY_STATUS,
                                    type, start, errors, image, NULL, NULL, NULL,
                                    program ? account : NULL, NULL);
      if (!s && program && account && GetLastError () == ERROR_INVALID_SERVICE_ACCOUNT)
        /* An account that needs its password: LocalSystem now, the saved name in the key. */
        s = CreateServiceW (scm, wname, display ? display : wname, SERVICE_QUERY_STATUS, type,
                            start, errors, image, NULL, NULL, NULL, NULL, NULL);
      if (!s)
        rc = scan__win32_error (GetLastError ());
      else
        CloseServiceHandle (s);
      free (display);
      free (account);
    }
  if (rc == 0)
    rc = write_keys (wname, keys, n);
  free (image);
  if (scm)
    CloseServiceHandle (scm);
  saved_keys_free (keys, n);
  free (path);
  free (wname);
  return rc;
}

static const scan_remove_ops win32_remove = {
  .writable = remove_writable,
  .file_facts = remove_file_facts,
  .exists = remove_exists,
  .move = remove_move,
  .make_folder = remove_make_folder,
  .list_folder = remove_list_folder,
  .write_whole = remove_write_whole,
  .read_whole = remove_read_whole,
  .remove_own = remove_remove_own,
  /* The live registry is changed through the API, not its files. */
  .hive_state = NULL,
  .hive_edit_copy = NULL,
  .is_admin = remove_is_admin,
  .trusted = remove_trusted,
  .end_process = remove_end_process,
  .value_save = remove_value_save,
  .value_delete = remove_value_delete,
  .value_restore = remove_value_restore,
  .service_save = remove_service_save,
  .service_delete = remove_service_delete,
  .service_restore = remove_service_restore,
};

const scan_remove_ops *
scan_platform_remove_ops (void)
{
  return &win32_remove;
}
