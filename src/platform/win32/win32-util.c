/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdbool.h>
#include <stdlib.h>

#include "scan-error.h"
#include "win32-private.h"

wchar_t *
scan__win32_utf16 (const char *s)
{
  int n = MultiByteToWideChar (CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, NULL, 0);
  if (n <= 0)
    return NULL;
  wchar_t *w = malloc ((size_t) n * sizeof *w);
  if (w && MultiByteToWideChar (CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, w, n) <= 0)
    {
      free (w);
      return NULL;
    }
  return w;
}

char *
scan__win32_utf8 (const wchar_t *w)
{
  int n = WideCharToMultiByte (CP_UTF8, 0, w, -1, NULL, 0, NULL, NULL);
  if (n <= 0)
    return NULL;
  char *s = malloc ((size_t) n);
  if (s && WideCharToMultiByte (CP_UTF8, 0, w, -1, s, n, NULL, NULL) <= 0)
    {
      free (s);
      return NULL;
    }
  return s;
}

int
scan__win32_error (DWORD e)
{
  switch (e)
    {
    case ERROR_ACCESS_DENIED:
    case ERROR_SHARING_VIOLATION:
    case ERROR_PRIVILEGE_NOT_HELD:
      return SCAN_EACCES;
    case ERROR_FILE_NOT_FOUND:
    case ERROR_PATH_NOT_FOUND:
    case ERROR_INVALID_DRIVE:
      return SCAN_ENOENT;
    case ERROR_DIRECTORY:
      return SCAN_ENOTDIR;
    case ERROR_FILENAME_EXCED_RANGE:
      return SCAN_ENAMETOOLONG;
    case ERROR_NOT_ENOUGH_MEMORY:
    case ERROR_OUTOFMEMORY:
      return SCAN_ENOMEM;
    case ERROR_TOO_MANY_OPEN_FILES:
      return SCAN_ETOOMANY;
    case ERROR_CRC:
    case ERROR_READ_FAULT:
    case ERROR_GEN_FAILURE:
      return SCAN_EIO;
    case ERROR_WRITE_PROTECT:
      return SCAN_EROFS;
    case ERROR_DISK_FULL:
    case ERROR_HANDLE_DISK_FULL:
      return SCAN_ENOSPC;
    case ERROR_ALREADY_EXISTS:
    case ERROR_FILE_EXISTS:
    case ERROR_SERVICE_EXISTS:
    case ERROR_DUPLICATE_SERVICE_NAME:
      return SCAN_EEXIST;
    case ERROR_NOT_SAME_DEVICE:
      return SCAN_EOTHERVOLUME;
    case ERROR_SERVICE_DOES_NOT_EXIST:
      return SCAN_ENOENT;
    case ERROR_BADDB:
    case ERROR_BADKEY:
    case ERROR_REGISTRY_CORRUPT:
      return SCAN_EHIVE;
    default:
      return SCAN_EOTHER;
    }
}

bool
scan__win32_is_wow64 (void)
{
  /* IsWow64Process: XP SP2 and later; older Windows is never 64-bit underneath. */
  typedef BOOL (WINAPI *is_wow64_fn) (HANDLE, PBOOL);
  static int known = -1;
  if (known < 0)
    {
      is_wow64_fn fn = (is_wow64_fn) (void (*) (void)) GetProcAddress (
        GetModuleHandleW (L"kernel32.dll"), "IsWow64Process");
      BOOL wow = FALSE;
      known = fn && fn (GetCurrentProcess (), &wow) && wow;
    }
  return known == 1;
}

typedef BOOL (WINAPI *redirection_fn) (PVOID *);
typedef BOOL (WINAPI *revert_fn) (PVOID);

static struct
{
  bool looked;
  redirection_fn disable; /* 64-bit Windows only (XP x64, Vista and later) */
  revert_fn revert;
} wow64;

/* A token that is not a saved state: "nothing was turned off". */
static char nothing_off;

void *
scan__win32_redirection_off (void)
{
  if (!wow64.looked)
    {
      HMODULE kernel32 = GetModuleHandleW (L"kernel32.dll");
      wow64.looked = true;
      if (scan__win32_is_wow64 ())
        {
          wow64.disable = (redirection_fn) (void (*) (void)) GetProcAddress (
            kernel32, "Wow64DisableWow64FsRedirection");
          wow64.revert = (revert_fn) (void (*) (void)) GetProcAddress (
            kernel32, "Wow64RevertWow64FsRedirection");
        }
    }
  PVOID old = NULL;
  if (wow64.disable && wow64.revert && wow64.disable (&old))
    return old;
  return &nothing_off;
}

void
scan__win32_redirection_on (void *token)
{
  if (token != &nothing_off && wow64.revert)
    wow64.revert (token);
}
