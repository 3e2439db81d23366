/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What a running Windows says it runs, for the live check (src/core/scan-live.h). Everything
 * here works on Windows XP SP2; what came later is looked up at run time and has an XP way
 * beside it:
 *   image paths   QueryFullProcessImageNameW (Vista)   else psapi's GetProcessImageFileNameW
 *                 (a device path, given its drive letter), else GetModuleFileNameExW
 *   port owners   GetExtendedTcpTable/UdpTable (XP SP2) else GetTcpTable/UdpTable, no owner
 *   version       RtlGetVersion (ntdll, says the truth on Windows 8.1 and later too)
 * Nothing is changed on the system: handles are opened for reading and closed.
 *
 * BLASTER_SCAN_XP_API=1 in the environment makes it take the XP ways even where the newer calls
 * exist, so that the tests run them under Wine (whose DLLs have everything).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "win32-private.h"

#include <iphlpapi.h>
#include <tlhelp32.h>

#include "scan-error.h"
#include "scan-platform.h"

#ifndef AF_INET
#define AF_INET 2
#endif
#ifndef PROCESS_QUERY_LIMITED_INFORMATION
#define PROCESS_QUERY_LIMITED_INFORMATION 0x1000
#endif

/* Functions looked up at run time. GetProcAddress returns a generic function pointer; the cast
 * through void (*) (void) says that this is meant. */
#define LOOKUP(module, type, name) ((type) (void (*) (void)) GetProcAddress (module, name))

typedef BOOL (WINAPI *query_image_fn) (HANDLE, DWORD, LPWSTR, PDWORD);
typedef DWORD (WINAPI *module_file_name_fn) (HANDLE, HMODULE, LPWSTR, DWORD);
typedef DWORD (WINAPI *image_file_name_fn) (HANDLE, LPWSTR, DWORD);
typedef DWORD (WINAPI *extended_table_fn) (PVOID, PDWORD, BOOL, ULONG, int, ULONG);
typedef LONG (WINAPI *rtl_get_version_fn) (OSVERSIONINFOEXW *);

static struct
{
  bool loaded;
  query_image_fn query_image;        /* kernel32, Vista and later */
  image_file_name_fn image_file;     /* psapi.dll, the XP way: a kernel device path */
  module_file_name_fn module_file;   /* psapi.dll, where the device path cannot be mapped */
  extended_table_fn tcp_table;       /* iphlpapi, XP SP2 and later */
  extended_table_fn udp_table;
  rtl_get_version_fn rtl_get_version; /* ntdll */
} api;

/* psapi.dll from System32 by its full path: on XP it is not one of the DLLs Windows always
 * takes from System32, and a psapi.dll planted beside blaster-scan.exe on an infected PC's stick
 * would otherwise run with the administrator's rights. */
static HMODULE
load_psapi (void)
{
  wchar_t path[MAX_PATH + 16];
  UINT n = GetSystemDirectoryW (path, MAX_PATH);
  if (n == 0 || n >= MAX_PATH)
    return NULL;
  wcscat (path, L"\\psapi.dll");
  return LoadLibraryW (path);
}

/* Looks up what came after XP, once. */
static void
load_api (void)
{
  if (api.loaded)
    return;
  api.loaded = true;
  const char *xp = getenv ("BLASTER_SCAN_XP_API");
  bool xp_only = xp && strcmp (xp, "1") == 0;
  HMODULE kernel32 = GetModuleHandleW (L"kernel32.dll");
  HMODULE iphlpapi = GetModuleHandleW (L"iphlpapi.dll");
  HMODULE ntdll = GetModuleHandleW (L"ntdll.dll");
  if (!xp_only)
    api.query_image = LOOKUP (kernel32, query_image_fn, "QueryFullProcessImageNameW");
  if (!api.query_image)
    {
      HMODULE psapi = load_psapi ();
      if (psapi)
        {
          api.image_file = LOOKUP (psapi, image_file_name_fn, "GetProcessImageFileNameW");
          api.module_file = LOOKUP (psapi, module_file_name_fn, "GetModuleFileNameExW");
        }
    }
  if (iphlpapi && !xp_only)
    {
      api.tcp_table = LOOKUP (iphlpapi, extended_table_fn, "GetExtendedTcpTable");
      api.udp_table = LOOKUP (iphlpapi, extended_table_fn, "GetExtendedUdpTable");
    }
  if (ntdll && !xp_only)
    api.rtl_get_version = LOOKUP (ntdll, rtl_get_version_fn, "RtlGetVersion");
}

/* Makes room in *ARRAY (N elements of SIZE bytes in use) for one more: 16, then doubling. */
static int
grow (void **array, size_t n, size_t size)
{
  if (n < 16 ? n != 0 : (n & (n - 1)) != 0)
    return 0;
  void *bigger = realloc (*array, (n < 16 ? 16 : n * 2) * size);
  if (!bigger)
    return SCAN_ENOMEM;
  *array = bigger;
  return 0;
}

/* An administrator may open other users' programs (services run as SYSTEM) to read their image
 * paths; others cannot, and the report says which programs could not be checked. */
static void
enable_debug_privilege (void)
{
  HANDLE token;
  TOKEN_PRIVILEGES tp = { .PrivilegeCount = 1 };
  if (!OpenProcessToken (GetCurrentProcess (), TOKEN_ADJUST_PRIVILEGES | TOKEN_QUERY, &token))
    return;
  if (LookupPrivilegeValueW (NULL, L"SeDebugPrivilege", &tp.Privileges[0].Luid))
    {
      tp.Privileges[0].Attributes = SE_PRIVILEGE_ENABLED;
      AdjustTokenPrivileges (token, FALSE, &tp, 0, NULL, NULL);
    }
  CloseHandle (token);
}

static char *
windows_dir_utf8 (void)
{
  wchar_t dir[MAX_PATH + 1];
  UINT n = GetSystemWindowsDirectoryW (dir, MAX_PATH + 1);
  return n && n <= MAX_PATH ? scan__win32_utf8 (dir) : NULL;
}

static int
live_system_paths (char **root, char **windows_dir)
{
  *root = NULL;
  *windows_dir = windows_dir_utf8 ();
  if (!*windows_dir)
    return SCAN_EOTHER;
  /* "C:\WINDOWS" is on "C:\". */
  const char *w = *windows_dir;
  int rc = !(w[0] && w[1] == ':' && w[2] == '\\') ? SCAN_EOTHER
           : !(*root = malloc (4))                 ? SCAN_ENOMEM
                                                   : 0;
  if (rc < 0)
    {
      free (*windows_dir);
      *windows_dir = NULL;
      return rc;
    }
  memcpy (*root, w, 3);
  (*root)[3] = '\0';
  return 0;
}

/* A SUBST drive ("\??\C:\folder") is a folder of another drive under a second letter:
 * scanning it again would only repeat that drive's findings. */
static bool
is_subst (const wchar_t *root)
{
  wchar_t dos[3] = { root[0], L':', L'\0' }, target[MAX_PATH + 1];
  return QueryDosDeviceW (dos, target, MAX_PATH + 1) && wcsncmp (target, L"\\??\\", 4) == 0;
}

static int
live_fixed_drives (char ***roots, size_t *n)
{
  wchar_t drives[26 * 4 + 2];
  DWORD len = GetLogicalDriveStringsW (sizeof drives / sizeof *drives, drives);
  DWORD e = GetLastError ();
  char **out = calloc (26, sizeof *out);
  size_t count = 0;

  *roots = NULL;
  *n = 0;
  if (!out)
    return SCAN_ENOMEM;
  if (len == 0 || len >= sizeof drives / sizeof *drives)
    {
      free (out);
      return len ? SCAN_EOTHER : scan__win32_error (e);
    }
  for (const wchar_t *d = drives; *d && count < 26; d += wcslen (d) + 1)
    if (GetDriveTypeW (d) == DRIVE_FIXED && !is_subst (d)
        && !(out[count++] = scan__win32_utf8 (d)))
      {
        scan_reg_names_free (out, count);
        return SCAN_ENOMEM;
      }
  *roots = out;
  *n = count;
  return 0;
}

/* PATH with its 8.3 short names ("C:\PROGRA~1") long, as the catalogue's folders are written;
 * as it is when Windows cannot say (the file is gone). */
static char *
long_form (const wchar_t *path)
{
  wchar_t full[32768];
  DWORD n = GetLongPathNameW (path, full, sizeof full / sizeof *full);
  return scan__win32_utf8 (n > 0 && n < sizeof full / sizeof *full ? full : path);
}

/* Windows writes some image paths in its own kernel forms: "\??\C:\…", "\\?\C:\…",
 * "\SystemRoot\System32\…". Each becomes "C:\…". */
static char *
plain_image_path (const wchar_t *path)
{
  static const wchar_t system_root[] = L"\\SystemRoot\\";
  size_t sr_len = wcslen (system_root);

  if (wcsncmp (path, L"\\??\\", 4) == 0 || wcsncmp (path, L"\\\\?\\", 4) == 0)
    return long_form (path + 4);
  if (_wcsnicmp (path, system_root, sr_len) == 0)
    {
      char *dir = windows_dir_utf8 (), *rest = scan__win32_utf8 (path + sr_len - 1);
      char *joined = dir && rest ? malloc (strlen (dir) + strlen (rest) + 1) : NULL;
      if (joined)
        {
          strcpy (joined, dir);
          strcat (joined, rest);
        }
      free (dir);
      free (rest);
      return joined;
    }
  return long_form (path);
}

/* "\Device\HarddiskVolume1\WINDOWS\x.exe" as "C:\WINDOWS\x.exe", by the drive letters' own
 * devices; FALSE when no letter stands for its device. OUT holds SIZE characters. */
static bool
dos_path (const wchar_t *device_path, wchar_t *out, size_t size)
{
  wchar_t drives[26 * 4 + 2];
  DWORD len = GetLogicalDriveStringsW (sizeof drives / sizeof *drives, drives);
  if (len == 0 || len >= sizeof drives / sizeof *drives)
    return false;
  for (const wchar_t *d = drives; *d; d += wcslen (d) + 1)
    {
      wchar_t dos[3] = { d[0], L':', L'\0' }, device[MAX_PATH + 1];
      if (!QueryDosDeviceW (dos, device, MAX_PATH + 1))
        continue;
      size_t n = wcslen (device);
      if (n && wcsncmp (device_path, device, n) == 0 && device_path[n] == L'\\'
          && 2 + wcslen (device_path + n) < size)
        {
          wcscpy (out, dos);
          wcscat (out, device_path + n);
          return true;
        }
    }
  return false;
}

/* The full path of program PID, or NULL with *ERROR saying why. */
static char *
image_path (DWORD pid, int *error)
{
  wchar_t path[32768];
  DWORD size = sizeof path / sizeof *path;
  BOOL ok = FALSE;
  DWORD access = api.query_image ? PROCESS_QUERY_LIMITED_INFORMATION
                                 : PROCESS_QUERY_INFORMATION | PROCESS_VM_READ;
  HANDLE h = OpenProcess (access, FALSE, pid);

  *error = 0;
  if (!h)
    {
      *error = scan__win32_error (GetLastError ());
      return NULL;
    }
  if (api.query_image)
    ok = api.query_image (h, 0, path, &size);
  else
    {
      /* GetModuleFileNameExW reads the program's memory, which a 32-bit program cannot do in a
       * 64-bit one (XP x64, Server 2003 x64); the kernel's own record of the image can. */
      wchar_t device_path[32768];
      ok = api.image_file && api.image_file (h, device_path, size) > 0
           && dos_path (device_path, path, size);
      if (!ok && api.module_file)
        ok = api.module_file (h, NULL, path, size) > 0;
      else if (!ok && !api.image_file)
        SetLastError (ERROR_PROC_NOT_FOUND);
    }
  DWORD e = GetLastError ();
  CloseHandle (h);
  if (!ok)
    {
      *error = scan__win32_error (e);
      return NULL;
    }
  char *s = plain_image_path (path);
  if (!s)
    *error = SCAN_ENOMEM;
  return s;
}

char *
scan__win32_process_image (DWORD pid, int *error)
{
  load_api ();
  return image_path (pid, error);
}

static int
live_processes (scan_process **out, size_t *n)
{
  HANDLE snap = CreateToolhelp32Snapshot (TH32CS_SNAPPROCESS, 0);
  PROCESSENTRY32W pe = { .dwSize = sizeof pe };
  scan_process *procs = NULL;
  size_t count = 0;
  int rc = 0;

  *out = NULL;
  *n = 0;
  if (snap == INVALID_HANDLE_VALUE)
    return scan__win32_error (GetLastError ());
  BOOL more;
  for (more = Process32FirstW (snap, &pe); more && rc == 0; more = Process32NextW (snap, &pe))
    {
      if (pe.th32ProcessID == 0) /* the System Idle Process: no program */
        continue;
      if (grow ((void **) &procs, count, sizeof *procs) < 0)
        {
          rc = SCAN_ENOMEM;
          break;
        }
      scan_process *p = &procs[count++];
      memset (p, 0, sizeof *p);
      p->pid = pe.th32ProcessID;
      /* Windows 2000 and Wine may give a path here; the name is its last part. */
      const wchar_t *name = wcsrchr (pe.szExeFile, L'\\');
      if (!(p->name = scan__win32_utf8 (name ? name + 1 : pe.szExeFile)))
        rc = SCAN_ENOMEM;
      else if (!(p->image = image_path (p->pid, &p->image_error)) && p->image_error == SCAN_ENOMEM)
        rc = SCAN_ENOMEM;
    }
  /* The list ends with ERROR_NO_MORE_FILES; anything else cut it short, and a list without
   * even this program is no list: "clean" would be a lie. */
  DWORD e = GetLastError ();
  CloseHandle (snap);
  if (rc == 0 && !more && (e != ERROR_NO_MORE_FILES || count == 0))
    rc = count ? scan__win32_error (e) : SCAN_EOTHER;
  if (rc < 0)
    {
      scan_processes_free (procs, count);
      return rc;
    }
  *out = procs;
  *n = count;
  return 0;
}

/* A mutex in the session's own namespace or in Global\ (where services make theirs). A mutex
 * that exists but may not be opened is there all the same. */
static int
live_mutex_exists (const char *name)
{
  static const wchar_t *const prefixes[] = { L"Global\\", L"" };
  wchar_t *w = scan__win32_utf16 (name);
  int rc = 0;

  if (!w)
    return SCAN_ENOMEM;
  for (size_t i = 0; i < 2 && rc == 0; i++)
    {
      wchar_t full[512];
      if (wcslen (prefixes[i]) + wcslen (w) >= sizeof full / sizeof *full)
        continue; /* longer than any object name Windows accepts */
      wcscpy (full, prefixes[i]);
      wcscat (full, w);
      HANDLE h = OpenMutexW (SYNCHRONIZE, FALSE, full);
      DWORD e = GetLastError ();
      if (h)
        {
          CloseHandle (h);
          rc = 1;
        }
      else if (e == ERROR_ACCESS_DENIED)
        rc = 1;
      else if (e != ERROR_FILE_NOT_FOUND && e != ERROR_PATH_NOT_FOUND
               && e != ERROR_INVALID_HANDLE /* the name is taken by another kind of object */
               && e != ERROR_INVALID_NAME)
        rc = scan__win32_error (e);
    }
  free (w);
  return rc;
}

/* Ports and addresses are in network byte order in the tables. */
static uint16_t
port_of (DWORD net)
{
  return (uint16_t) (((net & 0xff) << 8) | ((net >> 8) & 0xff));
}

static void
address_of (DWORD net, char *out, size_t size)
{
  const unsigned char *b = (const unsigned char *) &net;
  snprintf (out, size, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
}

/* Fills a table: calls FN (which takes a buffer and its size) until the buffer is big enough. */
static int
read_table (void **table, DWORD (*fn) (void *buf, DWORD *size, void *user), void *user)
{
  DWORD size = 16384;
  for (int tries = 0; tries < 8; tries++)
    {
      void *buf = malloc (size);
      if (!buf)
        return SCAN_ENOMEM;
      DWORD e = fn (buf, &size, user);
      if (e == NO_ERROR)
        {
          *table = buf;
          return 0;
        }
      free (buf);
      if (e != ERROR_INSUFFICIENT_BUFFER)
        return scan__win32_error (e);
      size += 4096; /* the table may grow between the calls */
    }
  return SCAN_EOTHER;
}

#define TCP_LISTENERS 3 /* TCP_TABLE_OWNER_PID_LISTENER */
#define UDP_OWNERS 1    /* UDP_TABLE_OWNER_PID */

static DWORD
tcp_extended (void *buf, DWORD *size, void *user)
{
  return api.tcp_table (buf, size, FALSE, AF_INET, TCP_LISTENERS, 0);
}

static DWORD
udp_extended (void *buf, DWORD *size, void *user)
{
  return api.udp_table (buf, size, FALSE, AF_INET, UDP_OWNERS, 0);
}

static DWORD
tcp_plain (void *buf, DWORD *size, void *user)
{
  return GetTcpTable (buf, size, FALSE);
}

static DWORD
udp_plain (void *buf, DWORD *size, void *user)
{
  return GetUdpTable (buf, size, FALSE);
}

static int
add_listener (scan_listener **ls, size_t *n, bool udp, DWORD addr, DWORD port, DWORD pid)
{
  if (grow ((void **) ls, *n, sizeof **ls) < 0)
    return SCAN_ENOMEM;
  scan_listener *l = &(*ls)[(*n)++];
  memset (l, 0, sizeof *l);
  l->udp = udp;
  address_of (addr, l->address, sizeof l->address);
  l->port = port_of (port);
  l->pid = pid;
  return 0;
}

/* The listening TCP ports: with their owners where Windows says them (XP SP2 and later), else
 * without; an extended table that fails is not the end of the check. */
static int
tcp_listeners (scan_listener **ls, size_t *count)
{
  void *table = NULL;
  int rc = SCAN_EOTHER;

  if (api.tcp_table && (rc = read_table (&table, tcp_extended, NULL)) == 0)
    {
      const MIB_TCPTABLE_OWNER_PID *t = table;
      for (DWORD i = 0; i < t->dwNumEntries && rc == 0; i++)
        rc = add_listener (ls, count, false, t->table[i].dwLocalAddr, t->table[i].dwLocalPort,
                           t->table[i].dwOwningPid);
    }
  else if (rc != SCAN_ENOMEM && (rc = read_table (&table, tcp_plain, NULL)) == 0)
    {
      const MIB_TCPTABLE *t = table;
      for (DWORD i = 0; i < t->dwNumEntries && rc == 0; i++)
        if (t->table[i].dwState == MIB_TCP_STATE_LISTEN)
          rc = add_listener (ls, count, false, t->table[i].dwLocalAddr, t->table[i].dwLocalPort,
                             0);
    }
  free (table);
  return rc;
}

/* The bound UDP ports, as tcp_listeners () does it. */
static int
udp_listeners (scan_listener **ls, size_t *count)
{
  void *table = NULL;
  int rc = SCAN_EOTHER;

  if (api.udp_table && (rc = read_table (&table, udp_extended, NULL)) == 0)
    {
      const MIB_UDPTABLE_OWNER_PID *t = table;
      for (DWORD i = 0; i < t->dwNumEntries && rc == 0; i++)
        rc = add_listener (ls, count, true, t->table[i].dwLocalAddr, t->table[i].dwLocalPort,
                           t->table[i].dwOwningPid);
    }
  else if (rc != SCAN_ENOMEM && (rc = read_table (&table, udp_plain, NULL)) == 0)
    {
      const MIB_UDPTABLE *t = table;
      for (DWORD i = 0; i < t->dwNumEntries && rc == 0; i++)
        rc = add_listener (ls, count, true, t->table[i].dwLocalAddr, t->table[i].dwLocalPort, 0);
    }
  free (table);
  return rc;
}

/* IPv4 only: the worm's shell and TFTP server listen on IPv4. */
static int
live_listeners (scan_listener **out, size_t *n)
{
  scan_listener *ls = NULL;
  size_t count = 0;
  int rc = tcp_listeners (&ls, &count);

  if (rc == 0)
    rc = udp_listeners (&ls, &count);
  if (rc < 0)
    {
      free (ls);
      *out = NULL;
      *n = 0;
      return rc;
    }
  *out = ls;
  *n = count;
  return 0;
}

static int
live_os_facts (scan_os_facts *out)
{
  OSVERSIONINFOEXW v = { .dwOSVersionInfoSize = sizeof v };
  memset (out, 0, sizeof *out);
  if (!(api.rtl_get_version && api.rtl_get_version (&v) == 0)
      && !GetVersionExW ((OSVERSIONINFOW *) &v))
    return scan__win32_error (GetLastError ());
  snprintf (out->version, sizeof out->version, "%lu.%lu", (unsigned long) v.dwMajorVersion,
            (unsigned long) v.dwMinorVersion);
  snprintf (out->build, sizeof out->build, "%lu", (unsigned long) v.dwBuildNumber);
  char *csd = scan__win32_utf8 (v.szCSDVersion);
  if (!csd)
    return SCAN_ENOMEM;
  snprintf (out->service_pack, sizeof out->service_pack, "%s", csd);
  free (csd);
  return 0;
}

static const scan_live_ops win32_live = {
  .system_paths = live_system_paths,
  .fixed_drives = live_fixed_drives,
  .processes = live_processes,
  .mutex_exists = live_mutex_exists,
  .listeners = live_listeners,
  .os_facts = live_os_facts,
  .registry = &scan__win32_live_registry,
};

/* Everything the checks need is set up here, before any of them runs: the calls looked up at
 * run time, and the right to read other users' programs. */
const scan_live_ops *
scan_platform_live (void)
{
  static bool ready;
  if (!ready)
    {
      ready = true;
      load_api ();
      enable_debug_privilege ();
    }
  return &win32_live;
}
