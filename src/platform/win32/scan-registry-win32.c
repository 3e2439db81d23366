/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The running Windows's registry, read-only, behind scan_registry_ops: a "hive" is one of the
 * roots scan_registry_check_live() names (HKEY_LOCAL_MACHINE\SOFTWARE, …\SYSTEM,
 * HKEY_CURRENT_USER). The 32-bit build on 64-bit Windows reads the 64-bit view, where Windows
 * keeps its own keys; the 32-bit programs' Run keys are then under Wow6432Node, which the core
 * checks too.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "scan-error.h"
#include "scan-platform.h"
#include "win32-private.h"

#ifndef KEY_WOW64_64KEY
#define KEY_WOW64_64KEY 0x0100
#endif

/* The largest value data a key may hold for us to read it: the checks read names and paths. */
#define MAX_VALUE_DATA (16u << 20)

struct scan_hive
{
  HKEY key;
};

/* KEY_WOW64_64KEY only where there is a 64-bit view: Windows 2000 refuses the flag. */
static REGSAM
access_rights (void)
{
  return KEY_READ | (scan__win32_is_wow64 () ? KEY_WOW64_64KEY : 0);
}

static int
registry_open (const char *path, size_t volume_root_len, scan_hive **out)
{
  static const struct
  {
    const char *name;
    HKEY key;
  } roots[] = {
    { "HKEY_LOCAL_MACHINE", HKEY_LOCAL_MACHINE },
    { "HKEY_CURRENT_USER", HKEY_CURRENT_USER },
    { "HKEY_USERS", HKEY_USERS },
  };
  const char *sub = strchr (path, '\\');
  size_t root_len = sub ? (size_t) (sub - path) : strlen (path);
  HKEY root = NULL;

  *out = NULL;
  for (size_t i = 0; i < sizeof roots / sizeof roots[0]; i++)
    if (strlen (roots[i].name) == root_len && strncmp (path, roots[i].name, root_len) == 0)
      root = roots[i].key;
  if (!root)
    return SCAN_EINVAL;

  wchar_t *wsub = scan__win32_utf16 (sub ? sub + 1 : "");
  scan_hive *hive = calloc (1, sizeof *hive);
  LONG e = ERROR_OUTOFMEMORY;
  if (wsub && hive)
    e = RegOpenKeyExW (root, wsub, 0, access_rights (), &hive->key);
  free (wsub);
  if (e != ERROR_SUCCESS)
    {
      free (hive);
      return scan__win32_error ((DWORD) e);
    }
  *out = hive;
  return 0;
}

static int
open_key (scan_hive *hive, const char *key, HKEY *out)
{
  wchar_t *w = scan__win32_utf16 (key);
  if (!w)
    return SCAN_EINVAL;
  LONG e = RegOpenKeyExW (hive->key, w, 0, access_rights (), out);
  free (w);
  return e == ERROR_SUCCESS ? 0 : scan__win32_error ((DWORD) e);
}

/* The text of a string value: DATA holds SIZE bytes of UTF-16, not always NUL-terminated. */
static char *
string_data (const BYTE *data, DWORD size)
{
  size_t n = size / sizeof (wchar_t);
  wchar_t *w = malloc ((n + 1) * sizeof *w);
  if (!w)
    return NULL;
  memcpy (w, data, n * sizeof *w);
  w[n] = L'\0'; /* a MULTI_SZ's first string ends at its first NUL */
  char *s = scan__win32_utf8 (w);
  free (w);
  return s;
}

static int
registry_values (scan_hive *hive, const char *key, scan_reg_value **out, size_t *n)
{
  HKEY k;
  DWORD count = 0, max_name = 0, max_data = 0;
  int rc = open_key (hive, key, &k);

  *out = NULL;
  *n = 0;
  if (rc < 0)
    return rc;
  LONG e = RegQueryInfoKeyW (k, NULL, NULL, NULL, NULL, NULL, NULL, &count, &max_name, &max_data,
                             NULL, NULL);
  bool sized = e == ERROR_SUCCESS && max_data <= MAX_VALUE_DATA;
  wchar_t *name = sized ? malloc ((max_name + 1) * sizeof *name) : NULL;
  BYTE *data = sized ? malloc (max_data + sizeof (wchar_t)) : NULL;
  scan_reg_value *values = sized ? calloc (count ? count : 1, sizeof *values) : NULL;
  size_t got = 0;

  if (e != ERROR_SUCCESS)
    rc = scan__win32_error ((DWORD) e);
  else if (max_data > MAX_VALUE_DATA)
    rc = SCAN_EHIVE; /* no value the checks read is near this size */
  else if (!name || !data || !values)
    rc = SCAN_ENOMEM;
  for (DWORD i = 0; rc == 0 && i < count; i++)
    {
      DWORD name_len = max_name + 1, size = max_data, type = 0;
      e = RegEnumValueW (k, i, name, &name_len, NULL, &type, data, &size);
      if (e == ERROR_NO_MORE_ITEMS)
        break;
      if (e == ERROR_MORE_DATA)
        continue; /* the value grew since RegQueryInfoKeyW: not one the checks read */
      if (e != ERROR_SUCCESS)
        {
          rc = scan__win32_error ((DWORD) e);
          break;
        }
      scan_reg_value *v = &values[got++]; /* counted now: freed with the others on failure */
      v->type = type;
      if (!(v->name = scan__win32_utf8 (name)))
        rc = SCAN_ENOMEM;
      else if (type == REG_SZ || type == REG_EXPAND_SZ || type == REG_MULTI_SZ)
        {
          if (!(v->text = string_data (data, size)))
            rc = SCAN_ENOMEM;
        }
      else if (type == REG_DWORD && size == sizeof (DWORD))
        memcpy (&v->dword, data, sizeof v->dword);
    }
  free (name);
  free (data);
  RegCloseKey (k);
  if (rc < 0)
    {
      scan_reg_values_free (values, got);
      return rc;
    }
  *out = values;
  *n = got;
  return 0;
}

static int
registry_subkeys (scan_hive *hive, const char *key, char ***out, size_t *n)
{
  HKEY k;
  DWORD count = 0, max_name = 0;
  int rc = open_key (hive, key, &k);

  *out = NULL;
  *n = 0;
  if (rc < 0)
    return rc;
  LONG e = RegQueryInfoKeyW (k, NULL, NULL, NULL, &count, &max_name, NULL, NULL, NULL, NULL, NULL,
                             NULL);
  wchar_t *name = e == ERROR_SUCCESS ? malloc ((max_name + 1) * sizeof *name) : NULL;
  char **names = e == ERROR_SUCCESS ? calloc (count ? count : 1, sizeof *names) : NULL;
  size_t got = 0;

  if (e != ERROR_SUCCESS)
    rc = scan__win32_error ((DWORD) e);
  else if (!name || !names)
    rc = SCAN_ENOMEM;
  for (DWORD i = 0; rc == 0 && i < count; i++)
    {
      DWORD len = max_name + 1;
      e = RegEnumKeyExW (k, i, name, &len, NULL, NULL, NULL, NULL);
      if (e == ERROR_NO_MORE_ITEMS)
        break;
      if (e == ERROR_MORE_DATA)
        continue;
      if (e != ERROR_SUCCESS)
        rc = scan__win32_error ((DWORD) e);
      else if (!(names[got++] = scan__win32_utf8 (name)))
        rc = SCAN_ENOMEM;
    }
  free (name);
  RegCloseKey (k);
  if (rc < 0)
    {
      scan_reg_names_free (names, got);
      return rc;
    }
  *out = names;
  *n = got;
  return 0;
}

/* KEY is opened once and each subkey's values are read relative to it. */
static int
registry_each_subkey (scan_hive *hive, const char *key,
                      int (*fn) (void *user, const char *name, const scan_reg_value *values,
                                 size_t n, int rc),
                      void *user)
{
  char **names = NULL;
  size_t n_names = 0;
  scan_hive parent = { NULL };
  int rc = registry_subkeys (hive, key, &names, &n_names);
  if (rc < 0)
    return rc;
  if ((rc = open_key (hive, key, &parent.key)) < 0)
    {
      scan_reg_names_free (names, n_names);
      return rc;
    }
  for (size_t i = 0; i < n_names && rc == 0; i++)
    {
      scan_reg_value *values = NULL;
      size_t n = 0;
      int value_rc = registry_values (&parent, names[i], &values, &n);
      rc = value_rc == SCAN_ENOMEM ? value_rc : fn (user, names[i], values, n, value_rc);
      scan_reg_values_free (values, n);
    }
  RegCloseKey (parent.key);
  scan_reg_names_free (names, n_names);
  return rc;
}

static void
registry_close (scan_hive *hive)
{
  if (!hive)
    return;
  RegCloseKey (hive->key);
  free (hive);
}

const scan_registry_ops scan__win32_live_registry = {
  .open = registry_open,
  .values = registry_values,
  .subkeys = registry_subkeys,
  .close = registry_close,
  .each_subkey = registry_each_subkey,
};
