/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bc-registry-location.h: where a registry or service finding is, taken apart for people.
 *
 * The core writes such a finding's location as "HIVE-FILE: KEY\NAME" (scan-registry.c): the
 * hive file's path, then the key below the hive's root, then the value's name (a Run value) or
 * the service's (a subkey of Services). Pages show the place the way Registry Editor names it on
 * the PC itself, which is the finding's windows_location (CurrentControlSet, HKEY_CURRENT_USER of
 * a user: the core decides it, from Select\Current and the user's folder), and the hive file and
 * the name taken from the location apart from it. The key parsed here stands in only where the
 * core gave no windows_location.
 *
 * Header-only: the Result and Recovery pages both need it, and it holds no text to translate.
 * bc_display_text goes with it: every location read from a disk is shown through it.
 */
#pragma once

#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "bc-script.h"
#include "scan-report.h"

G_BEGIN_DECLS

/**
 * TEXT read from a disk (file system bytes) made safe to show: invalid UTF-8 and control
 * characters, which a hostile disk may put in names, become \xNN, as the command line and the
 * JSON report show them. While the wizard reads right to left it is also isolated left to right
 * (bc_script_isolate), since it is a path, a key or a name that a sentence may hold. A newly
 * allocated string ("" for NULL); never NULL.
 */
static inline char *
bc_display_text (const char *text)
{
  char *shown = scan_display_text (text ? text : "");
  char *copy = bc_script_isolate (shown ? shown : "");

  free (shown);
  return copy;
}

/** A registry location in parts; every member is a newly allocated string. */
typedef struct
{
  char *hive; /* the hive file's path, in the file system's bytes */
  char *key;  /* as Registry Editor shows it: HKEY_LOCAL_MACHINE\SOFTWARE\…\Run */
  char *name; /* the value's name (a Run value) or the service's name */
} BcRegistryLocation;

static inline void
bc_registry_location_clear (BcRegistryLocation *location)
{
  g_clear_pointer (&location->hive, g_free);
  g_clear_pointer (&location->key, g_free);
  g_clear_pointer (&location->name, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BcRegistryLocation, bc_registry_location_clear)

/*
 * The root Registry Editor shows for a hive file: a hive is loaded there on the PC. A user's
 * NTUSER.DAT is HKEY_CURRENT_USER when that user is logged on.
 */
static inline const char *
bc_registry__root (const char *hive_path, size_t len)
{
  static const struct
  {
    const char *file, *root;
  } hives[] = {
    { "SOFTWARE", "HKEY_LOCAL_MACHINE\\SOFTWARE" },
    { "SYSTEM", "HKEY_LOCAL_MACHINE\\SYSTEM" },
    { "NTUSER.DAT", "HKEY_CURRENT_USER" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (hives); i++)
    {
      size_t n = strlen (hives[i].file);

      /* The file's name in any case (the core finds it so), after a separator of either kind. */
      if (len > n && g_ascii_strncasecmp (hive_path + len - n, hives[i].file, n) == 0
          && (hive_path[len - n - 1] == '/' || hive_path[len - n - 1] == '\\'))
        return hives[i].root;
    }
  return NULL;
}

/**
 * Takes LOCATION ("HIVE-FILE: KEY\NAME") apart into OUT, which the caller clears. FALSE, with
 * OUT left empty, when LOCATION is not a registry location of that shape.
 */
static inline gboolean
bc_registry_location_parse (const char *location, BcRegistryLocation *out)
{
  /* The keys the core names a value or a service below; a value's name may hold anything. */
  static const char *const parents[] = { "\\Run\\", "\\RunOnce\\", "\\Services\\" };
  const char *colon, *root = NULL, *rest, *name = NULL;

  memset (out, 0, sizeof *out);
  if (!location)
    return FALSE;
  /* A folder's name may hold ": " too: the separator is the one right after a hive file. */
  for (colon = strstr (location, ": "); colon; colon = strstr (colon + 1, ": "))
    if ((root = bc_registry__root (location, (size_t) (colon - location))))
      break;
  if (!root)
    return FALSE;
  rest = colon + 2;

  for (gsize i = 0; i < G_N_ELEMENTS (parents); i++)
    {
      const char *at = strstr (rest, parents[i]);

      if (at && (!name || at + strlen (parents[i]) < name))
        name = at + strlen (parents[i]);
    }
  if (!name)
    {
      name = strrchr (rest, '\\');
      if (!name)
        return FALSE;
      name++;
    }

  out->hive = g_strndup (location, (size_t) (colon - location));
  out->key = g_strdup_printf ("%s\\%.*s", root, (int) (name - 1 - rest), rest);
  out->name = g_strdup (name);
  return TRUE;
}

G_END_DECLS
