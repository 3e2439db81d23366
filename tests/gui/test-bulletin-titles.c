/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The bulletins' titles on the Prevention page in every language of po/LINGUAS (issue #15):
 * each update's bulletin is named by the title Microsoft gave it in the user's language (the
 * rules catalogue's English title, translated by the language's catalogue), and no English title
 * is left on the page. Read off the screen, as a user reads it. TAP output.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "bc-language.h"
#include "bc-session.h"
#include "gui-test.h"

static void
check_titles (BcWindow *window)
{
  const scan_rules *rules = bc_session_get_rules (bc_window_get_session (window));
  size_t n_patches = 0;
  const scan_patch *patches = rules ? scan_rules_patches (rules, &n_patches) : NULL;

  if (!ok (n_patches > 0, "the rules catalogue has updates"))
    return;
  gboolean reached = go_to (window, "prevention");
  if (!ok (reached, "the wizard reaches Prevention (on %s)", page_id (window)))
    return;
  {
    g_autofree char *text = page_text (window);
    for (size_t i = 0; i < n_patches; i++)
      ok (patches[i].title && strstr (text, patches[i].title) != NULL,
          "en: Prevention names %s by its English title", patches[i].bulletin);
  }

  for (const char *const *code = bc_language_list (); *code; code++)
    {
      if (g_str_equal (*code, "en"))
        continue;
      set_language (*code);
      pump (200);
      g_autofree char *text = page_text (window);
      for (size_t i = 0; i < n_patches; i++)
        {
          const char *title = patches[i].title;
          const char *shown = title ? gettext (title) : NULL;
          ok (title && shown != title && !g_str_equal (shown, title) && strstr (text, shown)
                && !strstr (text, title),
              "%s: Prevention names %s by its title in the language (catalogue: %s)", *code,
              patches[i].bulletin, shown && title && !g_str_equal (shown, title) ? shown
                                                                               : "no translation");
        }
    }
  set_language ("en");
}

int
main (int argc, char **argv)
{
  g_autofree char *fixture = build_fixture (TRUE);
  const char *const args[] = { fixture, NULL };
  int status = run_app (argv[0], args, check_titles, 0, 0);

  (void) argc;
  remove_tree (fixture);
  return status;
}
