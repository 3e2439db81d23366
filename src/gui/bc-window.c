/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The main window. For now it only says what the app is for; the wizard's pages come with the
 * wizard issue (#3), each in its own folder, in one page-order table.
 */
#include "config.h"

#include "bc-window.h"

struct _BcWindow
{
  AdwApplicationWindow parent_instance;
};

G_DEFINE_FINAL_TYPE (BcWindow, bc_window, ADW_TYPE_APPLICATION_WINDOW)

static void
bc_window_class_init (BcWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/blastercheck/BlasterCheck/bc-window.ui");
}

static void
bc_window_init (BcWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

BcWindow *
bc_window_new (BcApplication *app)
{
  return g_object_new (BC_TYPE_WINDOW, "application", app, NULL);
}
