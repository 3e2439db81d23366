/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The recreated System Shutdown box. Its texts are those of Windows XP (blaster-facts.md §2a);
 * the countdown starts at one minute, as the real one does (RPCSS's recovery action is
 * reboot/60000), and starts again when it reaches zero: it is a demonstration, and a user who
 * scrolls to it late should still see it counting.
 */
#include "config.h"

#include "bc-shutdown-dialog.h"

#include <glib/gi18n.h>

#define COUNTDOWN_SECONDS 60

struct _BcShutdownDialog
{
  GtkWidget parent_instance;

  GtkWidget *window; /* the template's one child: gtk_widget_dispose_template unparents it */
  GtkLabel *countdown_label;

  guint seconds_left;
  guint tick_id;
};

G_DEFINE_FINAL_TYPE (BcShutdownDialog, bc_shutdown_dialog, GTK_TYPE_WIDGET)

static void
update_countdown (BcShutdownDialog *self)
{
  g_autofree char *time = g_strdup_printf ("%02u:%02u:%02u", self->seconds_left / 3600,
                                           self->seconds_left / 60 % 60, self->seconds_left % 60);
  /* Translators: the countdown line of the Windows XP "System Shutdown" box; %s is the time
   * left as hh:mm:ss, e.g. 00:00:59. Use the exact text of the Japanese Windows XP dialog from
   * shared/advisory/blaster-facts.md §2a, with %s where the time is. */
  g_autofree char *text = g_strdup_printf (_("Time before shutdown: %s"), time);

  gtk_label_set_text (self->countdown_label, text);
}

static gboolean
tick (gpointer data)
{
  BcShutdownDialog *self = BC_SHUTDOWN_DIALOG (data);

  self->seconds_left = self->seconds_left > 0 ? self->seconds_left - 1 : COUNTDOWN_SECONDS;
  update_countdown (self);
  return G_SOURCE_CONTINUE;
}

/* The countdown runs only while the box can be seen, and each time it appears it starts from
 * the beginning, as the real box did. */
static void
bc_shutdown_dialog_map (GtkWidget *widget)
{
  BcShutdownDialog *self = BC_SHUTDOWN_DIALOG (widget);

  GTK_WIDGET_CLASS (bc_shutdown_dialog_parent_class)->map (widget);
  self->seconds_left = COUNTDOWN_SECONDS;
  update_countdown (self);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  self->tick_id = g_timeout_add (1000, tick, self);
}

static void
bc_shutdown_dialog_unmap (GtkWidget *widget)
{
  BcShutdownDialog *self = BC_SHUTDOWN_DIALOG (widget);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  GTK_WIDGET_CLASS (bc_shutdown_dialog_parent_class)->unmap (widget);
}

static void
bc_shutdown_dialog_dispose (GObject *object)
{
  BcShutdownDialog *self = BC_SHUTDOWN_DIALOG (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), BC_TYPE_SHUTDOWN_DIALOG);
  G_OBJECT_CLASS (bc_shutdown_dialog_parent_class)->dispose (object);
}

static void
bc_shutdown_dialog_class_init (BcShutdownDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bc_shutdown_dialog_dispose;
  widget_class->map = bc_shutdown_dialog_map;
  widget_class->unmap = bc_shutdown_dialog_unmap;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/blastercheck/BlasterCheck/bc-shutdown-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, BcShutdownDialog, window);
  gtk_widget_class_bind_template_child (widget_class, BcShutdownDialog, countdown_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  /* A picture to look at: a screen reader reads its description, Tab never stops in it. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
bc_shutdown_dialog_init (BcShutdownDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->seconds_left = COUNTDOWN_SECONDS;
  update_countdown (self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Picture: the Windows XP “System Shutdown” box"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("A recreation. Under a blue title bar, a warning sign and "
                                    "the text that the system is shutting down, a countdown of "
                                    "one minute, and the message that the Remote Procedure Call "
                                    "(RPC) service terminated unexpectedly."),
                                  -1);
}

GtkWidget *
bc_shutdown_dialog_new (void)
{
  return g_object_new (BC_TYPE_SHUTDOWN_DIALOG, NULL);
}
