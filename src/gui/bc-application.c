/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The application: command line (--kiosk, --rules, PATH), the language action, one window with
 * its session.
 */
#include "config.h"

#include "bc-application.h"

#include <glib/gi18n.h>

#include "bc-config.h"
#include "bc-language.h"
#include "bc-session.h"
#include "bc-window.h"
#include "bc-first-frame.h"
#include "scan-platform.h"
#include "scan-run.h"

struct _BcApplication
{
  AdwApplication parent_instance;

  gboolean kiosk;
  char *rules_file;
  char *path; /* a disk or folder given on the command line */
};

G_DEFINE_FINAL_TYPE (BcApplication, bc_application, ADW_TYPE_APPLICATION)

static const GOptionEntry options[] = {
  { "kiosk", 'k', G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Run full screen for a service counter"), NULL },
  { "rules", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, NULL,
    N_("Use another indicator catalogue"), N_("FILE") },
  { G_OPTION_REMAINING, 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME_ARRAY, NULL, NULL,
    N_("[PATH]") },
  { NULL }
};

static void
language_changed (GSimpleAction *action, GVariant *value, gpointer data)
{
  GtkApplication *app = GTK_APPLICATION (data);

  if (!bc_language_set (g_variant_get_string (value, NULL)))
    return;
  g_simple_action_set_state (action, value);
  for (GList *w = gtk_application_get_windows (app); w; w = w->next)
    if (BC_IS_WINDOW (w->data))
      bc_window_rebuild (BC_WINDOW (w->data));
}

/* A PATH from the command line: an attached Windows disk, or else a folder to search. */
static void
preselect (BcSession *session, const char *path)
{
  g_autofree char *windows_dir = NULL;
  int rc = scan_probe_windows (scan_platform_fs (), scan_platform_separator (), path,
                               &windows_dir);

  bc_session_set_target (session, rc == 1 ? BC_TARGET_DISK : BC_TARGET_FOLDER, path);
}

static void
bc_application_activate (GApplication *app)
{
  BcApplication *self = BC_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_autoptr (GError) error = NULL;
  g_autoptr (BcSession) session = NULL;

  if (window)
    {
      gtk_window_present (window);
      return;
    }
  session = bc_session_new (self->rules_file, &error);
  if (!session)
    {
      /* Nothing can be checked without the catalogue: say so on screen, not only on a console
       * the user may never see. The message names the file and line (from the parser). */
      AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (
        adw_message_dialog_new (NULL, _("The indicator catalogue could not be loaded"),
                                error->message));
      g_printerr (_("The indicator catalogue could not be loaded: %s\n"), error->message);
      adw_message_dialog_add_response (dialog, "close", _("_Close"));
      gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (app));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }
  if (self->path)
    preselect (session, self->path);
  window = GTK_WINDOW (bc_window_new (self, session));
  if (bc_config_kiosk ())
    gtk_window_fullscreen (window);
  bench_first_frame_watch (window);
  gtk_window_present (window);
}

static int
bc_application_handle_local_options (GApplication *app, GVariantDict *dict)
{
  BcApplication *self = BC_APPLICATION (app);
  g_autofree const char **paths = NULL;

  g_variant_dict_lookup (dict, "kiosk", "b", &self->kiosk);
  if (self->kiosk)
    bc_config_force_kiosk ();
  g_variant_dict_lookup (dict, "rules", "^ay", &self->rules_file);
  if (g_variant_dict_lookup (dict, G_OPTION_REMAINING, "^a&ay", &paths) && paths && paths[0])
    {
      if (paths[1])
        {
          g_printerr (_("Only one disk or folder can be checked at a time.\n"));
          return 2;
        }
      self->path = g_canonicalize_filename (paths[0], NULL);
    }
  return -1; /* go on: register and activate */
}

static void
bc_application_finalize (GObject *object)
{
  BcApplication *self = BC_APPLICATION (object);

  g_free (self->rules_file);
  g_free (self->path);
  G_OBJECT_CLASS (bc_application_parent_class)->finalize (object);
}

static void
bc_application_class_init (BcApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = bc_application_finalize;
  app_class->activate = bc_application_activate;
  app_class->handle_local_options = bc_application_handle_local_options;
}

static void
bc_application_init (BcApplication *self)
{
  const char *close_accels[] = { "<Control>q", "<Control>w", NULL };
  g_autoptr (GSimpleAction) language = NULL;

  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_summary (
    G_APPLICATION (self),
    _("Checks a Windows PC for the Blaster worm (MS03-026) and its variants, step by step."));

  language = g_simple_action_new_stateful ("language", G_VARIANT_TYPE_STRING,
                                           g_variant_new_string (bc_language_get ()));
  g_signal_connect (language, "change-state", G_CALLBACK (language_changed), self);
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (language));
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close", close_accels);
}

BcApplication *
bc_application_new (void)
{
  return g_object_new (BC_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/io/github/blastercheck/BlasterCheck",
                       NULL);
}

gboolean
bc_application_get_kiosk (BcApplication *self)
{
  g_return_val_if_fail (BC_IS_APPLICATION (self), FALSE);
  return bc_config_kiosk ();
}
