/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The removal's plan (scan-remove-private.h): which actions a report's findings become, in which
 * order, and their names in the quarantine.
 *
 * Every finding to take out becomes an item (its action's kind, place and name); the items are
 * sorted, so that findings of one place meet, and each run of equal items is one action. A
 * hive's changes are sorted and made unique the same way, and a SYSTEM hive is opened once for
 * all its services' control sets: the plan costs n log n in the findings, also for a hostile
 * hive with ten thousand of the worm's services.
 *
 * The quarantine's folder is made in scan-remove.c (make_quarantine), not here: it is the
 * removal's first change to the disk, made only after the checks that the disk may be changed
 * at all (an administrator, a writable volume). The plan changes nothing (it only reads a SYSTEM
 * hive's control sets) and comes before those checks, so a report with nothing to take out
 * makes no folder.
 */
#include "scan-remove-private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scan-error.h"

/* The quarantine's names: at most this many bytes of the original name, so that the prefix and
 * the suffix still fit in one name of 255 bytes. */
enum
{
  MAX_NAME_KEPT = 200,
};

typedef struct
{
  int pass;              /* the order actions are carried out in (see scan__remove_plan) */
  scan_action_kind kind;
  char *path;            /* malloc'd: below the root, or the full place live */
  const char *name;      /* a live value's name; NULL otherwise */
  size_t finding;        /* its index in the report */
} plan_item;

/* ASCII case-insensitive order, as Windows compares the names the worm uses; NULL first. */
static int
compare_nocase (const char *a, const char *b)
{
  if (!a || !b)
    return (a != NULL) - (b != NULL);
  for (;; a++, b++)
    {
      unsigned char x = (unsigned char) scan__lower (*a), y = (unsigned char) scan__lower (*b);
      if (x != y || !x)
        return (int) x - (int) y;
    }
}

static int
compare_items (const void *pa, const void *pb)
{
  const plan_item *a = pa, *b = pb;
  if (a->pass != b->pass)
    return a->pass - b->pass;
  if (a->kind != b->kind)
    return (int) a->kind - (int) b->kind;
  int c = compare_nocase (a->path, b->path);
  return c ? c : compare_nocase (a->name, b->name);
}

static int
compare_changes (const void *pa, const void *pb)
{
  const scan_action_change *a = pa, *b = pb;
  int c = compare_nocase (a->key, b->key);
  return c ? c : compare_nocase (a->name, b->name);
}

static int
add_finding_index (scan_action *a, size_t index)
{
  if (scan__grow ((void **) &a->findings, a->n_findings, sizeof *a->findings) < 0)
    return SCAN_ENOMEM;
  a->findings[a->n_findings++] = index;
  return 0;
}

static int
add_change (scan_action *a, const char *key, const char *name, const char *windows_location)
{
  if (scan__grow ((void **) &a->changes, a->n_changes, sizeof *a->changes) < 0)
    return SCAN_ENOMEM;
  scan_action_change *c = &a->changes[a->n_changes++];
  c->key = scan__strdup (key);
  c->name = name ? scan__strdup (name) : NULL;
  c->windows_location = windows_location ? scan__strdup (windows_location) : NULL;
  return c->key && (!name || c->name) && (!windows_location || c->windows_location)
           ? 0
           : SCAN_ENOMEM;
}

/* Sorts A's changes and drops repeats (a value two variants' indicators both found). */
static void
unique_changes (scan_action *a)
{
  if (a->n_changes < 2)
    return;
  qsort (a->changes, a->n_changes, sizeof *a->changes, compare_changes);
  size_t kept = 1;
  for (size_t i = 1; i < a->n_changes; i++)
    {
      scan_action_change *c = &a->changes[i];
      if (compare_changes (c, &a->changes[kept - 1]) == 0)
        {
          free (c->key);
          free (c->name);
          free (c->windows_location);
          continue;
        }
      a->changes[kept++] = *c;
    }
  a->n_changes = kept;
}

/* A service's key is copied into every control set (ControlSet001 for now, others for "Last
 * Known Good"): the worm's service is taken out of each that has it, or Windows would start it
 * again from the copy. A's service changes name the checked set's key; the others are added. */
static int
plan_control_sets (const scan__remove_job *j, scan_action *a)
{
  const scan_registry_ops *reg = j->o->registry;
  size_t n_found = a->n_changes;
  scan_hive *hive = NULL;
  char **sets = NULL;
  size_t n_sets = 0;
  int rc = 0;
  bool services = false;
  for (size_t i = 0; i < n_found; i++)
    services = services || !a->changes[i].name;
  if (!services || !reg)
    return 0;
  char *path = scan__remove_original_path (j, a);
  if (!path)
    return SCAN_ENOMEM;
  if (reg->open (path, j->root_len, &hive) < 0)
    {
      free (path);
      return 0; /* the check after says whether the one found is gone */
    }
  free (path);
  if (reg->subkeys (hive, "", &sets, &n_sets) == 0)
    for (size_t i = 0; rc == 0 && i < n_found; i++)
      {
        /* "ControlSet001\Services\RpcPatch": the service's name after the set's part. */
        const char *key = a->changes[i].key;
        const char *rest = strchr (key, '\\');
        if (a->changes[i].name || !rest)
          continue;
        for (size_t k = 0; rc == 0 && k < n_sets; k++)
          {
            char other[1200];
            scan_reg_value *values = NULL;
            size_t n = 0;
            if (strlen (sets[k]) != 13 || !scan__eq_nocase (sets[k], 10, "ControlSet", 10)
                || scan__eq_nocase (sets[k], 13, key, (size_t) (rest - key)))
              continue;
            if (snprintf (other, sizeof other, "%s%s", sets[k], rest) >= (int) sizeof other)
              continue;
            if (reg->values (hive, other, &values, &n) == 0)
              {
                char where[1300];
                snprintf (where, sizeof where, "HKEY_LOCAL_MACHINE\\SYSTEM\\%s", other);
                rc = add_change (a, other, NULL, where);
              }
            scan_reg_values_free (values, n);
          }
      }
  scan_reg_names_free (sets, n_sets);
  reg->close (hive);
  return rc;
}

/* The hive file's name as that Windows names it: C:\ and the path below the volume's root. */
static char *
hive_windows_location (const char *rel, char sep)
{
  char *out = scan__remove_join ("C:\\", '\\', rel);
  for (char *p = out ? out + 3 : NULL; p && *p; p++)
    if (*p == sep)
      *p = '\\';
  return out;
}

/* The last part of PATH. */
static const char *
base_name (const char *path, char sep)
{
  const char *slash = strrchr (path, sep);
  const char *other = sep == '\\' ? strrchr (path, '/') : NULL;
  if (other && (!slash || other > slash))
    slash = other;
  return slash ? slash + 1 : path;
}

/* "0007-msblast.exe.quarantined": the action's number keeps names apart, the suffix keeps the
 * file from running (no .exe at the end); a long name is cut at a character's start. */
static char *
quarantine_name (size_t number, const char *path, char sep, const char *suffix)
{
  const char *name = base_name (path, sep);
  size_t len = strlen (name);
  if (len > MAX_NAME_KEPT)
    {
      len = MAX_NAME_KEPT;
      while (len && ((unsigned char) name[len] & 0xc0) == 0x80)
        len--;
    }
  size_t size = len + strlen (suffix) + 32;
  char *out = malloc (size);
  if (out)
    snprintf (out, size, "%04zu-%.*s%s", number, (int) len, name, suffix);
  return out;
}

/* The item for finding F (index I) into *ITEM; false when it is not this removal's to take. */
static int
make_item (const scan__remove_job *j, const scan_finding *f, size_t i, plan_item *item, bool *take)
{
  const scan_removal *r = j->r;
  char sep = j->o->separator;
  *take = false;
  memset (item, 0, sizeof *item);
  item->finding = i;
  const char *path = f->location;
  if (!r->live)
    {
      if (f->kind == SCAN_FINDING_PROCESS)
        return 0; /* nothing runs on an attached disk */
      const char *file = f->kind == SCAN_FINDING_FILE ? f->location : f->hive;
      if (!file || strlen (file) <= j->root_len || memcmp (file, r->root, j->root_len) != 0)
        return 0; /* not below the root: not this disk's to change */
      path = file + j->root_len;
      while (*path == sep)
        path++;
    }
  /* Live: the programs first (they would put back what is taken out while they run), then
   * services, Run values, files (passes 0 to 3). An attached disk: files, then the hives. */
  switch (f->kind)
    {
    case SCAN_FINDING_PROCESS:
      *item = (plan_item) { 0, SCAN_ACTION_PROCESS, scan__strdup (path), NULL, i };
      break;
    case SCAN_FINDING_FILE:
      *item = (plan_item) { r->live ? 3 : 1, SCAN_ACTION_FILE, scan__strdup (path), NULL, i };
      break;
    case SCAN_FINDING_SERVICE:
      *item = r->live ? (plan_item) { 1, SCAN_ACTION_SERVICE, scan__strdup (f->name), NULL, i }
                      : (plan_item) { 3, SCAN_ACTION_HIVE, scan__strdup (path), NULL, i };
      break;
    case SCAN_FINDING_REGISTRY:
      if (r->live)
        {
          size_t size = strlen (f->hive) + strlen (f->key) + 2;
          item->path = malloc (size);
          if (item->path)
            snprintf (item->path, size, "%s\\%s", f->hive, f->key);
          item->pass = 2;
          item->kind = SCAN_ACTION_VALUE;
          item->name = f->name;
        }
      else
        *item = (plan_item) { 3, SCAN_ACTION_HIVE, scan__strdup (path), NULL, i };
      break;
    default:
      return 0;
    }
  *take = true;
  return item->path ? 0 : SCAN_ENOMEM;
}

int
scan__remove_plan (scan__remove_job *j, const scan_report *report)
{
  const scan_remove_options *o = j->o;
  scan_removal *r = j->r;
  plan_item *items = NULL;
  size_t n_items = 0;
  int rc = 0;

  for (size_t i = 0; rc == 0 && i < report->n_findings; i++)
    {
      const scan_finding *f = &report->findings[i];
      bool asked = false, take;
      for (size_t k = 0; k < o->n_also; k++)
        asked = asked || o->also[k] == i;
      if (!(scan_remove_takes (f) || (asked && scan_remove_can_take (f))))
        continue;
      plan_item item;
      rc = make_item (j, f, i, &item, &take);
      if (rc == 0 && take && scan__grow ((void **) &items, n_items, sizeof *items) < 0)
        rc = SCAN_ENOMEM;
      if (rc == 0 && take)
        items[n_items++] = item;
      else
        free (item.path);
    }
  if (n_items)
    qsort (items, n_items, sizeof *items, compare_items);
  if (rc == 0 && n_items)
    {
      r->actions = calloc (n_items, sizeof *r->actions);
      rc = r->actions ? 0 : SCAN_ENOMEM;
    }
  for (size_t i = 0; rc == 0 && i < n_items; i++)
    {
      const plan_item *it = &items[i];
      const scan_finding *f = &report->findings[it->finding];
      scan_action *a = r->n_actions ? &r->actions[r->n_actions - 1] : NULL;
      if (!a || compare_items (it, &items[i - 1]) != 0)
        {
          a = &r->actions[r->n_actions++];
          a->kind = it->kind;
          a->path = scan__strdup (it->path);
          a->name = it->name ? scan__strdup (it->name) : NULL;
          a->windows_location
            = a->kind == SCAN_ACTION_HIVE ? hive_windows_location (a->path, o->separator)
              : f->windows_location       ? scan__strdup (f->windows_location)
                                          : NULL;
          if (!a->path || (it->name && !a->name)
              || (!a->windows_location && (a->kind == SCAN_ACTION_HIVE || f->windows_location)))
            rc = SCAN_ENOMEM;
        }
      if (rc == 0 && a->kind == SCAN_ACTION_HIVE)
        {
          if (f->kind == SCAN_FINDING_SERVICE)
            {
              size_t size = strlen (f->key) + strlen (f->name) + 2;
              char *key = malloc (size);
              if (key)
                snprintf (key, size, "%s\\%s", f->key, f->name);
              rc = key ? add_change (a, key, NULL, f->windows_location) : SCAN_ENOMEM;
              free (key);
            }
          else
            rc = add_change (a, f->key, f->name, f->windows_location);
        }
      if (rc == 0)
        rc = add_finding_index (a, it->finding);
    }
  for (size_t i = 0; i < n_items; i++)
    free (items[i].path);
  free (items);
  for (size_t i = 0; rc == 0 && i < r->n_actions; i++)
    {
      scan_action *a = &r->actions[i];
      if (a->kind != SCAN_ACTION_HIVE)
        continue;
      unique_changes (a);
      rc = plan_control_sets (j, a);
      unique_changes (a);
    }
  /* The quarantine's names, now that the order is known. */
  char sep = o->separator;
  for (size_t i = 0; rc == 0 && i < r->n_actions; i++)
    {
      scan_action *a = &r->actions[i];
      if (a->kind == SCAN_ACTION_FILE)
        rc = (a->quarantined = quarantine_name (i + 1, a->path, sep, ".quarantined")) ? 0 : SCAN_ENOMEM;
      else if (a->kind == SCAN_ACTION_HIVE)
        rc = (a->quarantined = quarantine_name (i + 1, a->path, sep, ".original"))
                 && (a->edited = quarantine_name (i + 1, a->path, sep, ".edited"))
               ? 0
               : SCAN_ENOMEM;
    }
  return rc;
}
