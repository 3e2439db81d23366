/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A removal's actions in words (bc-removal-text.h).
 */
#include "config.h"

#include "bc-removal-text.h"

#include <glib/gi18n.h>

#include "bc-registry-location.h"
#include "scan-error.h"

char *
bc_removal_more_text (guint64 more)
{
  return g_strdup_printf (ngettext ("… and %llu more, not listed.", "… and %llu more, not listed.",
                                    more),
                          (unsigned long long) more);
}

char *
bc_removal_action_places (const scan_action *a)
{
  g_autoptr (GString) places = g_string_new (NULL);

  if (a->kind == SCAN_ACTION_HIVE && a->n_changes)
    {
      for (size_t k = 0; k < a->n_changes && k < BC_REMOVAL_MAX_LINES; k++)
        {
          const scan_action_change *c = &a->changes[k];
          g_autofree char *shown = bc_display_text (c->windows_location ? c->windows_location
                                                                        : c->key);
          if (places->len)
            g_string_append_c (places, '\n');
          g_string_append (places, shown);
        }
      if (a->n_changes > BC_REMOVAL_MAX_LINES)
        {
          g_autofree char *more = bc_removal_more_text (a->n_changes - BC_REMOVAL_MAX_LINES);
          g_string_append_printf (places, "\n%s", more);
        }
    }
  else
    {
      g_autofree char *shown = bc_display_text (a->windows_location ? a->windows_location
                                                                    : a->path);
      g_string_append (places, shown);
    }
  return g_string_free (g_steal_pointer (&places), FALSE);
}

char *
bc_removal_action_outcome (const scan_action *a)
{
  g_autofree char *state = NULL;

  if (a->error)
    /* Translators: what became of a change, then why: "could not be done: the disk is full" */
    state = g_strdup_printf (_("%1$s: %2$s"), _(scan_step_state_text (a->state)),
                             _(scan_strerror (a->error)));
  else
    state = g_strdup (_(scan_step_state_text (a->state)));
  /* Translators: what a change was ("moved into the quarantine"), then what became of it */
  return g_strdup_printf (_("%1$s: %2$s"), _(scan_action_kind_text (a->kind)), state);
}
