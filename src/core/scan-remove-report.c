/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What is told of a removal (scan-remove.h): the check after it, the removal in JSON, its
 * actions' kinds and states in words. Their names in JSON (scan_action_kind_name…) are in
 * scan-manifest.c, one table with the manifest's reader.
 */
#include "scan-remove.h"

#include <stdlib.h>
#include <string.h>

#include "scan-error.h"
#include "scan-json.h"
#include "scan-remove-private.h"

/* The check after. */

int
scan_remove_check_after (const scan_remove_options *o, const scan_report *before,
                         const scan_removal *removal, const scan_report *recheck,
                         scan_report *after)
{
  int rc = 0;
  after->target_kind = before->target_kind;
  after->root = before->root ? scan__strdup (before->root) : NULL;
  after->windows_dir = before->windows_dir ? scan__strdup (before->windows_dir) : NULL;
  if ((before->root && !after->root) || (before->windows_dir && !after->windows_dir))
    return SCAN_ENOMEM;
  /* What the fresh check finds is there, whatever the removal says. */
  if (recheck)
    rc = scan_report_take_findings (after, recheck);
  size_t root_len = removal->live ? 0 : scan__root_length (removal->root, o->separator);
  /* Which findings a finished action took out, marked in one pass over the actions. */
  bool *removed = calloc (before->n_findings + 1, sizeof *removed);
  if (!removed)
    return SCAN_ENOMEM;
  for (size_t i = 0; i < removal->n_actions; i++)
    for (size_t k = 0; removal->actions[i].state == SCAN_STEP_DONE && k < removal->actions[i].n_findings; k++)
      if (removal->actions[i].findings[k] < before->n_findings)
        removed[removal->actions[i].findings[k]] = true;
  for (size_t i = 0; rc == 0 && i < before->n_findings; i++)
    {
      const scan_finding *f = &before->findings[i];
      /* A file is looked for at its place, removed or not: the fresh check may not reach every
       * place, and a removal finished before this one may have taken it. What runs (programs,
       * their mutexes, their ports) is what the fresh check saw running: a mutex ends with the
       * program that held it, and no action names it. */
      bool running = f->kind == SCAN_FINDING_PROCESS || f->kind == SCAN_FINDING_MUTEX
                     || f->kind == SCAN_FINDING_PORT;
      bool back = f->kind == SCAN_FINDING_FILE ? o->ops->exists (f->location, root_len) != 0
                  : running && recheck       ? false
                                             : !removed[i];
      if (back)
        rc = scan_report_add_registry_finding (after, f->kind, f->severity, f->why, f->indicator,
                                               f->location, f->windows_location, f->windows_user,
                                               f->hive, f->key, f->name);
    }
  free (removed);
  for (size_t i = 0; rc == 0 && i < before->n_errors; i++)
    rc = before->errors[i].whole_check
           ? scan_report_add_check_error (after, before->errors[i].location, before->errors[i].code)
           : scan_report_add_error (after, before->errors[i].location, before->errors[i].code);
  if (rc < 0)
    return rc;
  /* The rest of the verdict is the first check's: the whole volume was walked then, and the
   * registry and the updates are as they were (a removal changes no update). */
  after->quick = before->quick;
  after->cancelled = before->cancelled;
  after->entries = before->entries;
  after->files = before->files;
  after->seconds = before->seconds;
  after->registry_read = before->registry_read;
  after->iis = before->iis;
  after->system_restore = before->system_restore;
  memcpy (after->vuln_reasons, before->vuln_reasons, sizeof after->vuln_reasons);
  after->n_vuln_reasons = before->n_vuln_reasons;
  for (size_t i = 0; rc == 0 && i < before->n_windows; i++)
    rc = scan_report_add_windows (after, &before->windows[i]);
  if (rc == 0 && before->patch_states)
    {
      size_t n_patches;
      scan_rules_patches (before->rules, &n_patches);
      after->patch_states = malloc (n_patches * sizeof *after->patch_states + 1);
      if (!after->patch_states)
        return SCAN_ENOMEM;
      memcpy (after->patch_states, before->patch_states, n_patches * sizeof *after->patch_states);
    }
  if (rc == 0)
    rc = scan_report_decide (after);
  if (rc == 0)
    {
      /* Each Windows's infection part: from what is left of its own findings is not kept apart,
       * so the one verdict stands for each. */
      for (size_t i = 0; i < after->n_windows; i++)
        after->windows[i].infection = after->infection;
      after->vulnerability = before->vulnerability;
    }
  return rc;
}

/* Output. */

static void
json_text (FILE *out, const char *s)
{
  scan__buf b = { 0 };
  if (scan__json_put_string (&b, s) == 0)
    fputs (b.data, out);
  scan__buf_free (&b);
}

int
scan_removal_write_json (const scan_removal *r, int indent, FILE *out)
{
  char sep = r->quarantine && strchr (r->quarantine, '\\') && !strchr (r->quarantine, '/') ? '\\' : '/';
  char *manifest
    = r->quarantine ? scan__remove_join (r->quarantine, sep, SCAN_MANIFEST_NAME) : NULL;
  fprintf (out, "{\n%*s\"quarantine\": ", indent + 2, "");
  json_text (out, r->quarantine);
  fprintf (out, ",\n%*s\"manifest\": ", indent + 2, "");
  json_text (out, manifest);
  fprintf (out, ",\n%*s\"state\": \"%s\",\n%*s\"actions\": [", indent + 2, "",
           scan_removal_state_name (r->state), indent + 2, "");
  for (size_t i = 0; i < r->n_actions; i++)
    {
      const scan_action *a = &r->actions[i];
      char *path = (a->kind == SCAN_ACTION_FILE || a->kind == SCAN_ACTION_HIVE) && !r->live
                     ? scan__remove_join (r->root, sep, a->path)
                     : NULL;
      fprintf (out, "%s\n%*s{\"what\": \"%s\", \"path\": ", i ? "," : "", indent + 4, "",
               scan_action_kind_name (a->kind));
      json_text (out, path ? path : a->path);
      if (a->name)
        {
          fputs (", \"name\": ", out);
          json_text (out, a->name);
        }
      fputs (", \"windows_location\": ", out);
      json_text (out, a->windows_location);
      fprintf (out, ", \"state\": \"%s\", \"done\": %s, \"error\": ", scan_step_state_name (a->state),
               a->state == SCAN_STEP_DONE ? "true" : "false");
      if (a->error)
        fprintf (out, "\"%s\"", scan_err_name (a->error));
      else
        fputs ("null", out);
      fputs (", \"quarantined\": ", out);
      json_text (out, a->quarantined);
      if (a->kind == SCAN_ACTION_PROCESS)
        fprintf (out, ", \"ended\": %u", a->ended);
      if (a->n_changes)
        {
          fputs (", \"changes\": [", out);
          for (size_t k = 0; k < a->n_changes; k++)
            {
              fputs (k ? ", {\"key\": " : "{\"key\": ", out);
              json_text (out, a->changes[k].key);
              fputs (", \"name\": ", out);
              json_text (out, a->changes[k].name);
              fputs (", \"windows_location\": ", out);
              json_text (out, a->changes[k].windows_location);
              fputs ("}", out);
            }
          fputs ("]", out);
        }
      fputs ("}", out);
      free (path);
    }
  fprintf (out, "%s]\n%*s}", r->n_actions ? "\n" : "", indent, "");
  free (manifest);
  return ferror (out) ? SCAN_EIO : 0;
}

/* What each step does, also where it was not done: where the originals are kept is said once,
 * beside the quarantine's path, not on each line. */
const char *
scan_action_kind_text (scan_action_kind kind)
{
  static const char *const texts[] = {
    N_ ("moved into the quarantine"),
    N_ ("registry file changed"),
    N_ ("registry value deleted"),
    N_ ("service stopped and deleted"),
    N_ ("program ended"),
  };
  return texts[kind];
}

const char *
scan_step_state_text (scan_step_state state)
{
  static const char *const texts[] = {
    N_ ("not begun"), N_ ("begun, not finished"), N_ ("begun, not finished"), N_ ("done"),
    N_ ("could not be done"), N_ ("not done"), N_ ("put back"), N_ ("not put back"),
  };
  return texts[state];
}
