/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The application: command line (--kiosk, --rules, PATH, --set-staff-pin), the language and
 * large-text actions, one window with its session.
 *
 * Large text raises the display's text resolution (GtkSettings:gtk-xft-dpi), as GNOME's own
 * large-text setting does through Xft/DPI: libadwaita 1.2 sizes its title-1…caption classes in
 * points, which follow the resolution, so every text grows by the same factor — a style class
 * with font-size: 1.5em would leave those, message dialogs and menus (popovers reset their font)
 * as they were.
 */
#include "config.h"

#include "bc-application.h"

#include <glib/gi18n.h>

#include "bc-config.h"
#include "bc-language.h"
#include "bc-link-cli.h"
#include "bc-links.h"
#include "bc-pin.h"
#include "bc-script.h"
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

  char *default_language; /* the language each kiosk customer starts in */
  GSimpleAction *large_text;
  gboolean text_scaled;          /* gtk-xft-dpi is ours */
  gboolean large_text_overridden; /* in kiosk mode: this customer's choice, not the setting */
};

G_DEFINE_FINAL_TYPE (BcApplication, bc_application, ADW_TYPE_APPLICATION)

static const GOptionEntry options[] = {
  { "kiosk", 'k', G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Run full screen for a service counter"), NULL },
  { "rules", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, NULL,
    N_("Use another indicator catalogue"), N_("FILE") },
  { "check-links", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Check whether the advisory's links still work, print the table and quit"), NULL },
  { "json", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("With --check-links: print JSON"), NULL },
  { "timeout", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
    N_("With --check-links: seconds each address may take (default 20)"), N_("SECONDS") },
  { "links", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, NULL,
    N_("Use another list of links"), N_("FILE") },
  { "set-staff-pin", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Read the staff PIN that ends kiosk mode from standard input, print its hash and store "
       "it"), NULL },
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
  bc_script_apply (); /* its fonts and direction, before the page is built again in them */
  for (GList *w = gtk_application_get_windows (app); w; w = w->next)
    if (BC_IS_WINDOW (w->data))
      bc_window_rebuild (BC_WINDOW (w->data));
}

/* How much larger the text is in large-text mode. */
#define LARGE_TEXT_SCALE 1.5

static gboolean
large_text_setting (void)
{
  GSettings *settings = bc_config_settings ();
  return settings && g_settings_get_boolean (settings, "large-text");
}

static void
apply_large_text (BcApplication *self, gboolean on)
{
  GtkSettings *gtk_settings = gtk_settings_get_default ();

  if (gtk_settings && on && !self->text_scaled)
    {
      int dpi = 0;
      g_object_get (gtk_settings, "gtk-xft-dpi", &dpi, NULL);
      if (dpi <= 0)
        dpi = 96 * 1024; /* unset: GTK's own default, 96 dots per inch */
      g_object_set (gtk_settings, "gtk-xft-dpi", (int) (dpi * LARGE_TEXT_SCALE), NULL);
    }
  else if (gtk_settings && !on && self->text_scaled)
    gtk_settings_reset_property (gtk_settings, "gtk-xft-dpi"); /* the desktop's value again */
  self->text_scaled = on && gtk_settings;
  g_simple_action_set_state (self->large_text, g_variant_new_boolean (on));
  /* For the few rules that are not about text size (style.css: roomier buttons). */
  for (GList *w = gtk_application_get_windows (GTK_APPLICATION (self)); w; w = w->next)
    if (on)
      gtk_widget_add_css_class (w->data, "large-text");
    else
      gtk_widget_remove_css_class (w->data, "large-text");
}

static void
large_text_changed (GSimpleAction *action, GVariant *value, gpointer data)
{
  BcApplication *self = BC_APPLICATION (data);
  GSettings *settings = bc_config_settings ();
  gboolean on = g_variant_get_boolean (value);

  /* At a kiosk the customer's choice is theirs alone: the next one starts with the setting. */
  if (bc_config_kiosk () || !settings || !g_settings_is_writable (settings, "large-text"))
    {
      self->large_text_overridden = bc_config_kiosk ();
      apply_large_text (self, on);
    }
  else
    g_settings_set_boolean (settings, "large-text", on); /* "changed" applies it */
}

static void
large_text_setting_changed (BcApplication *self)
{
  if (!self->large_text_overridden)
    apply_large_text (self, large_text_setting ());
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
  if (!bc_config_kiosk ())
    {
      /* At a kiosk these would close the window under the customer: there, they do nothing. */
      const char *close_accels[] = { "<Control>q", "<Control>w", NULL };
      gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close", close_accels);
    }
  window = GTK_WINDOW (bc_window_new (self, session)); /* kiosk mode: full screen (BcKiosk) */
  apply_large_text (self, self->text_scaled);
  bench_first_frame_watch (window);
  gtk_window_present (window);
}

static void
bc_application_startup (GApplication *app)
{
  BcApplication *self = BC_APPLICATION (app);
  GSettings *settings = bc_config_settings ();
  g_autofree char *language = settings ? g_settings_get_string (settings, "language") : NULL;

  G_APPLICATION_CLASS (bc_application_parent_class)->startup (app);

  /* The language setting, when set, wins over the desktop's; a kiosk returns to it. */
  if (language && *language) /* a language the wizard does not speak is left alone */
    g_action_group_change_action_state (G_ACTION_GROUP (app), "language",
                                        g_variant_new_string (language));
  self->default_language = g_strdup (bc_language_get ());
  bc_script_apply (); /* the language's fonts and direction from the first frame */

  if (settings)
    g_signal_connect_object (settings, "changed::large-text",
                             G_CALLBACK (large_text_setting_changed), self, G_CONNECT_SWAPPED);
  g_simple_action_set_enabled (self->large_text,
                               bc_config_kiosk () || !settings
                                 || g_settings_is_writable (settings, "large-text"));
  apply_large_text (self, large_text_setting ());
}

static int
bc_application_handle_local_options (GApplication *app, GVariantDict *dict)
{
  BcApplication *self = BC_APPLICATION (app);
  g_autofree const char **paths = NULL;
  g_autofree char *links_file = NULL;
  gboolean set_pin = FALSE, check_links = FALSE, json = FALSE;
  g_autofree char *timeout_text = NULL;
  guint64 timeout_s = 0;

  if (g_variant_dict_lookup (dict, "set-staff-pin", "b", &set_pin) && set_pin)
    return bc_pin_set_from_stdin ();

  if (g_variant_dict_lookup (dict, "links", "^ay", &links_file))
    bc_links_set_file (links_file);
  g_variant_dict_lookup (dict, "check-links", "b", &check_links);
  g_variant_dict_lookup (dict, "json", "b", &json);
  g_variant_dict_lookup (dict, "timeout", "s", &timeout_text);
  if ((json || timeout_text) && !check_links)
    {
      g_printerr (_("--json and --timeout go with --check-links.\n"));
      return 2;
    }
  /* An hour at most: a link check that waits longer is a link check that hangs. */
  if (timeout_text && !g_ascii_string_to_unsigned (timeout_text, 10, 1, 3600, &timeout_s, NULL))
    {
      g_printerr (_("--timeout needs a number of seconds from 1 to 3600.\n"));
      return 2;
    }
  if (check_links)
    return bc_link_cli_run (json, (int) timeout_s);

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
  g_free (self->default_language);
  g_clear_object (&self->large_text);
  G_OBJECT_CLASS (bc_application_parent_class)->finalize (object);
}

static void
bc_application_class_init (BcApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = bc_application_finalize;
  app_class->activate = bc_application_activate;
  app_class->startup = bc_application_startup;
  app_class->handle_local_options = bc_application_handle_local_options;
}

static void
bc_application_init (BcApplication *self)
{
  g_autoptr (GSimpleAction) language = NULL;

  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_summary (
    G_APPLICATION (self),
    _("Checks a Windows PC for the Blaster worm (MS03-026) and its variants, step by step."));

  language = g_simple_action_new_stateful ("language", G_VARIANT_TYPE_STRING,
                                           g_variant_new_string (bc_language_get ()));
  g_signal_connect (language, "change-state", G_CALLBACK (language_changed), self);
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (language));

  self->large_text = g_simple_action_new_stateful ("large-text", NULL,
                                                   g_variant_new_boolean (FALSE));
  g_signal_connect (self->large_text, "change-state", G_CALLBACK (large_text_changed), self);
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (self->large_text));
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

void
bc_application_restore_defaults (BcApplication *self)
{
  GAction *language;

  g_return_if_fail (BC_IS_APPLICATION (self));

  self->large_text_overridden = FALSE;
  apply_large_text (self, large_text_setting ());
  language = g_action_map_lookup_action (G_ACTION_MAP (self), "language");
  if (self->default_language && g_strcmp0 (bc_language_get (), self->default_language) != 0)
    language_changed (G_SIMPLE_ACTION (language), g_variant_new_string (self->default_language),
                      self);
}
