/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The quarantine's manifest: a removal as JSON and back (scan-remove-private.h).
 *
 * The manifest is the removal's journal: it is rewritten whole (and atomically, by the platform's
 * write_whole) at every step, so it always holds one consistent state. It is read back only by
 * this program, but it lies on a disk anyone may have written: every member is checked, and a
 * path that would leave the disk or the quarantine folder makes the whole manifest unreadable.
 */
#include "scan-remove-private.h"

#include <stdlib.h>
#include <string.h>

#include "scan-error.h"
#include "scan-json.h"

enum
{
  MAX_ACTIONS = 100000,
  MAX_CHANGES = 10000,
};

static const char *const kind_names[] = { "file", "hive", "value", "service", "process" };
static const char *const step_names[] = { "planned", "started", "edited", "done",
                                          "failed", "refused", "undone", "undo-refused" };
static const char *const removal_names[] = { "removing", "removed", "undoing", "undone" };

const char *
scan_action_kind_name (scan_action_kind kind)
{
  return kind_names[kind];
}

const char *
scan_step_state_name (scan_step_state state)
{
  return step_names[state];
}

const char *
scan_removal_state_name (scan_removal_state state)
{
  return removal_names[state];
}

static int
lookup (const char *name, const char *const *names, size_t n)
{
  for (size_t i = 0; name && i < n; i++)
    if (strcmp (name, names[i]) == 0)
      return (int) i;
  return -1;
}

#define LOOKUP(name, table) lookup (name, table, sizeof table / sizeof *table)

static int
error_code (const char *name)
{
  if (!name)
    return 0;
  for (int code = SCAN__ERR_FIRST + 1; code < SCAN__ERR_LAST; code++)
    if (strcmp (scan_err_name (code), name) == 0)
      return code;
  return SCAN_EOTHER;
}

void
scan__action_clear (scan_action *a)
{
  free (a->path);
  free (a->windows_location);
  free (a->quarantined);
  free (a->edited);
  free (a->saved);
  free (a->name);
  for (size_t i = 0; i < a->n_changes; i++)
    {
      free (a->changes[i].key);
      free (a->changes[i].name);
      free (a->changes[i].windows_location);
    }
  free (a->changes);
  free (a->findings);
  memset (a, 0, sizeof *a);
}

/* Writing. */

static int
put_facts (scan__buf *b, const scan_file_facts *f)
{
  int rc = scan__json_put_int (b, "size", (int64_t) f->size, false);
  if (rc == 0)
    rc = scan__json_put_member (b, "sha256", f->sha256, false);
  if (rc == 0)
    rc = scan__json_put_int (b, "mtime", f->mtime, false);
  if (rc == 0)
    rc = scan__json_put_int (b, "atime", f->atime, false);
  if (rc == 0)
    rc = scan__json_put_int (b, "ctime", f->ctime, false);
  if (rc == 0)
    rc = scan__json_put_int (b, "mode", f->mode, false);
  if (rc == 0 && f->has_attributes)
    rc = scan__json_put_int (b, "attributes", f->attributes, false);
  return rc;
}

static int
put_action (scan__buf *b, const scan_action *a)
{
  int rc = scan__buf_append (b, "\n    {", 6);
  if (rc == 0)
    rc = scan__json_put_member (b, "what", kind_names[a->kind], true);
  if (rc == 0)
    rc = scan__json_put_member (b, "state", step_names[a->state], false);
  if (rc == 0)
    rc = scan__json_put_member (b, "error", a->error ? scan_err_name (a->error) : NULL, false);
  if (rc == 0)
    rc = scan__json_put_member (b, "path", a->path, false);
  if (rc == 0)
    rc = scan__json_put_member (b, "windows_location", a->windows_location, false);
  if (rc == 0 && a->name)
    rc = scan__json_put_member (b, "name", a->name, false);
  if (rc == 0 && a->quarantined)
    rc = scan__json_put_member (b, "quarantined", a->quarantined, false);
  if (rc == 0 && a->edited)
    rc = scan__json_put_member (b, "edited", a->edited, false);
  if (rc == 0 && a->before.sha256[0])
    rc = put_facts (b, &a->before);
  if (rc == 0 && a->after_sha256[0])
    rc = scan__json_put_member (b, "sha256_after", a->after_sha256, false);
  if (rc == 0 && a->saved)
    rc = scan__json_put_member (b, "saved", a->saved, false);
  if (rc == 0 && a->kind == SCAN_ACTION_PROCESS)
    rc = scan__json_put_int (b, "ended", a->ended, false);
  if (rc == 0 && a->n_changes)
    {
      rc = scan__buf_append (b, ", \"changes\": [", 14);
      for (size_t i = 0; rc == 0 && i < a->n_changes; i++)
        {
          rc = scan__buf_append (b, i ? ",\n      {" : "\n      {", i ? 9 : 8);
          if (rc == 0)
            rc = scan__json_put_member (b, "key", a->changes[i].key, true);
          if (rc == 0)
            rc = scan__json_put_member (b, "name", a->changes[i].name, false);
          if (rc == 0)
            rc = scan__json_put_member (b, "windows_location", a->changes[i].windows_location,
                                        false);
          if (rc == 0)
            rc = scan__buf_append (b, "}", 1);
        }
      if (rc == 0)
        rc = scan__buf_append (b, "]", 1);
    }
  if (rc == 0 && a->n_findings)
    {
      rc = scan__buf_append (b, ", \"findings\": [", 15);
      for (size_t i = 0; rc == 0 && i < a->n_findings; i++)
        {
          char n[32];
          int len = snprintf (n, sizeof n, i ? ", %zu" : "%zu", a->findings[i]);
          rc = scan__buf_append (b, n, (size_t) len);
        }
      if (rc == 0)
        rc = scan__buf_append (b, "]", 1);
    }
  return rc < 0 ? rc : scan__buf_append (b, "}", 1);
}

int
scan__manifest_write (const scan_removal *r, char separator, scan__buf *b)
{
  char sep[2] = { separator, '\0' };
  int rc = scan__buf_append (b, "{\n  ", 4);
  if (rc == 0)
    rc = scan__json_put_member (b, "format", SCAN_MANIFEST_FORMAT, true);
  if (rc == 0)
    rc = scan__json_put_member (b, "created", r->created, false);
  if (rc == 0)
    rc = scan__json_put_member (b, "state", removal_names[r->state], false);
  if (rc == 0)
    rc = scan__buf_append (b, r->live ? ", \"live\": true" : ", \"live\": false", r->live ? 14 : 15);
  if (rc == 0)
    rc = scan__json_put_member (b, "separator", sep, false);
  /* Where the disk was mounted when the manifest was written: for people only. A reader takes
   * the root from where the quarantine folder is now (the disk may be mounted elsewhere). */
  if (rc == 0)
    rc = scan__json_put_member (b, "root", r->root, false);
  if (rc == 0)
    rc = scan__buf_append (b, ",\n  \"actions\": [", 16);
  for (size_t i = 0; rc == 0 && i < r->n_actions; i++)
    {
      if (i)
        rc = scan__buf_append (b, ",", 1);
      if (rc == 0)
        rc = put_action (b, &r->actions[i]);
    }
  return rc < 0 ? rc : scan__buf_append (b, "\n  ]\n}\n", 7);
}

/* Reading. */

/* Whether NAME is one plain name: no separator of either kind, not "", "." or "..". */
static bool
plain_name (const char *name)
{
  return name && *name && strcmp (name, ".") != 0 && strcmp (name, "..") != 0
         && !strchr (name, '/') && !strchr (name, '\\') && !strchr (name, ':');
}

/* Whether PATH stays below the root it is relative to: not absolute, no drive, no "..", ".", or
 * empty part (either separator counts, since the disk may be read on another system). */
static bool
below_root (const char *path)
{
  if (!path || !*path || strchr (path, ':'))
    return false;
  const char *p = path;
  for (;;)
    {
      size_t n = strcspn (p, "/\\");
      if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
        return false;
      p += n;
      if (!*p)
        return true;
      p++;
    }
}

static int
dup_member (const scan__json *o, const char *key, char **out)
{
  const char *s = scan__json_string (o, key);
  *out = NULL;
  if (!s)
    return 0;
  *out = scan__strdup (s);
  return *out ? 0 : SCAN_ENOMEM;
}

static bool
is_hex_hash (const char *s)
{
  if (!s || strlen (s) != 64)
    return false;
  for (; *s; s++)
    if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
      return false;
  return true;
}

static int
read_action (const scan__json *o, bool live, scan_action *a)
{
  int kind = LOOKUP (scan__json_string (o, "what"), kind_names);
  int state = LOOKUP (scan__json_string (o, "state"), step_names);
  if (o->type != SCAN__JSON_OBJECT || kind < 0 || state < 0)
    return SCAN_EMANIFEST;
  a->kind = (scan_action_kind) kind;
  a->state = (scan_step_state) state;
  a->error = error_code (scan__json_string (o, "error"));
  if (dup_member (o, "path", &a->path) < 0 || dup_member (o, "windows_location", &a->windows_location) < 0
      || dup_member (o, "name", &a->name) < 0 || dup_member (o, "quarantined", &a->quarantined) < 0
      || dup_member (o, "edited", &a->edited) < 0 || dup_member (o, "saved", &a->saved) < 0)
    return SCAN_ENOMEM;
  if (!a->path)
    return SCAN_EMANIFEST;
  bool file = a->kind == SCAN_ACTION_FILE || a->kind == SCAN_ACTION_HIVE;
  if (file)
    {
      /* An attached disk's paths are below its root; a live one's are full paths, but the
       * quarantine's own names are plain names either way. */
      if ((!live && !below_root (a->path)) || !plain_name (a->quarantined)
          || (a->kind == SCAN_ACTION_HIVE && !plain_name (a->edited)))
        return SCAN_EMANIFEST;
      const char *sha = scan__json_string (o, "sha256");
      if (sha)
        {
          if (!is_hex_hash (sha))
            return SCAN_EMANIFEST;
          memcpy (a->before.sha256, sha, 65);
          a->before.size = (uint64_t) scan__json_int (o, "size", 0);
          a->before.mtime = scan__json_int (o, "mtime", 0);
          a->before.atime = scan__json_int (o, "atime", 0);
          a->before.ctime = scan__json_int (o, "ctime", 0);
          a->before.mode = (uint32_t) scan__json_int (o, "mode", 0);
          int64_t attributes = scan__json_int (o, "attributes", -1);
          a->before.has_attributes = attributes >= 0;
          a->before.attributes = attributes >= 0 ? (uint32_t) attributes : 0;
        }
      else if (a->state != SCAN_STEP_PLANNED && a->state != SCAN_STEP_FAILED
               && a->state != SCAN_STEP_REFUSED
               && !(a->kind == SCAN_ACTION_HIVE && a->state == SCAN_STEP_STARTED))
        return SCAN_EMANIFEST; /* begun, so its hash was written first (a hive's with "edited") */
      const char *after = scan__json_string (o, "sha256_after");
      if (after)
        {
          if (!is_hex_hash (after))
            return SCAN_EMANIFEST;
          memcpy (a->after_sha256, after, 65);
        }
      else if (a->kind == SCAN_ACTION_HIVE && sha && a->state != SCAN_STEP_FAILED)
        return SCAN_EMANIFEST; /* a hive's two hashes are written together */
    }
  else if (a->kind == SCAN_ACTION_VALUE && !a->name)
    return SCAN_EMANIFEST;
  a->ended = (unsigned) scan__json_int (o, "ended", 0);

  const scan__json *changes = scan__json_get (o, "changes");
  if (changes)
    {
      if (changes->type != SCAN__JSON_ARRAY || changes->n > MAX_CHANGES || !changes->n)
        return SCAN_EMANIFEST;
      a->changes = calloc (changes->n, sizeof *a->changes);
      if (!a->changes)
        return SCAN_ENOMEM;
      a->n_changes = changes->n;
      for (size_t i = 0; i < changes->n; i++)
        {
          scan_action_change *c = &a->changes[i];
          if (dup_member (&changes->items[i], "key", &c->key) < 0
              || dup_member (&changes->items[i], "name", &c->name) < 0
              || dup_member (&changes->items[i], "windows_location", &c->windows_location) < 0)
            return SCAN_ENOMEM;
          if (!c->key)
            return SCAN_EMANIFEST;
        }
    }
  if (a->kind == SCAN_ACTION_HIVE && !a->n_changes)
    return SCAN_EMANIFEST;
  const scan__json *findings = scan__json_get (o, "findings");
  if (findings && findings->type == SCAN__JSON_ARRAY && findings->n && findings->n <= MAX_CHANGES)
    {
      a->findings = calloc (findings->n, sizeof *a->findings);
      if (!a->findings)
        return SCAN_ENOMEM;
      for (size_t i = 0; i < findings->n; i++)
        if (findings->items[i].type == SCAN__JSON_INT && findings->items[i].integer >= 0)
          a->findings[a->n_findings++] = (size_t) findings->items[i].integer;
    }
  return 0;
}

int
scan__manifest_read (const char *text, size_t len, char separator, scan_removal *r)
{
  scan__json doc;
  int rc = scan__json_parse (text, len, &doc);
  if (rc < 0)
    return rc;
  const char *format = scan__json_string (&doc, "format");
  const char *sep = scan__json_string (&doc, "separator");
  const scan__json *live = scan__json_get (&doc, "live");
  const scan__json *actions = scan__json_get (&doc, "actions");
  int state = LOOKUP (scan__json_string (&doc, "state"), removal_names);
  rc = SCAN_EMANIFEST;
  if (!format || strcmp (format, SCAN_MANIFEST_FORMAT) != 0 || state < 0 || !sep
      || strlen (sep) != 1 || !live || live->type != SCAN__JSON_BOOL || !actions
      || actions->type != SCAN__JSON_ARRAY || actions->n > MAX_ACTIONS)
    goto out;
  /* A removal made on another system (a disk cleaned live on Windows, read here) names its
   * paths with that system's separator; they are turned into this one's below. */
  r->state = (scan_removal_state) state;
  r->live = live->boolean;
  rc = dup_member (&doc, "created", &r->created);
  if (rc == 0 && actions->n)
    {
      r->actions = calloc (actions->n, sizeof *r->actions);
      rc = r->actions ? 0 : SCAN_ENOMEM;
    }
  for (size_t i = 0; rc == 0 && i < actions->n; i++)
    {
      r->n_actions++;
      rc = read_action (&actions->items[i], r->live, &r->actions[i]);
      scan_action *a = &r->actions[i];
      if (rc == 0 && !r->live && (a->kind == SCAN_ACTION_FILE || a->kind == SCAN_ACTION_HIVE))
        for (char *p = a->path; *p; p++)
          if (*p == sep[0])
            *p = separator;
    }
  if (rc == 0 && r->live && separator != sep[0])
    rc = SCAN_EMANIFEST; /* a live removal is undone on the system that made it */
out:
  scan__json_free (&doc);
  return rc;
}
