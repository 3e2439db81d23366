/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "bc-application.h"

#include <glib/gi18n.h>

#include "bc-window.h"

struct _BcApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (BcApplication, bc_application, ADW_TYPE_APPLICATION)

static void
bc_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (!window)
    window = GTK_WINDOW (bc_window_new (BC_APPLICATION (app)));
  gtk_window_present (window);
}

static void
bc_application_class_init (BcApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = bc_application_activate;
}

static void
bc_application_init (BcApplication *self)
{
  const char *quit_accels[] = { "<Control>q", NULL };

  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close", quit_accels);
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
