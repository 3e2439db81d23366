/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "bc-idle-warning.h"

#include <glib/gi18n.h>

struct _BcIdleWarning
{
  GtkWidget parent_instance;

  GtkLabel *heading_label;
  GtkLabel *body_label;
  GtkWidget *still_here_button;
  GtkWidget *focus_before; /* weak: where the focus goes back to */
};

G_DEFINE_FINAL_TYPE (BcIdleWarning, bc_idle_warning, GTK_TYPE_WIDGET)

enum
{
  ANSWERED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
still_here_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  g_signal_emit (widget, signals[ANSWERED], 0);
}

static void
bc_idle_warning_dispose (GObject *object)
{
  GtkWidget *child;

  g_clear_weak_pointer (&BC_IDLE_WARNING (object)->focus_before);
  gtk_widget_dispose_template (GTK_WIDGET (object), BC_TYPE_IDLE_WARNING);
  /* The card is not bound by name: a plain GtkWidget unparents its own children. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))))
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (bc_idle_warning_parent_class)->dispose (object);
}

static void
bc_idle_warning_class_init (BcIdleWarningClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bc_idle_warning_dispose;

  /**
   * BcIdleWarning::answered:
   * "I'm still here" was pressed.
   */
  signals[ANSWERED] = g_signal_new ("answered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/blastercheck/BlasterCheck/bc-idle-warning.ui");
  gtk_widget_class_bind_template_child (widget_class, BcIdleWarning, heading_label);
  gtk_widget_class_bind_template_child (widget_class, BcIdleWarning, body_label);
  gtk_widget_class_bind_template_child (widget_class, BcIdleWarning, still_here_button);
  gtk_widget_class_install_action (widget_class, "idle-warning.still-here", NULL,
                                   still_here_activated);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "idlewarning");
}

static void
bc_idle_warning_init (BcIdleWarning *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
bc_idle_warning_new (void)
{
  return g_object_new (BC_TYPE_IDLE_WARNING, NULL);
}

void
bc_idle_warning_show (BcIdleWarning *self, guint seconds)
{
  g_autofree char *body = NULL;

  g_return_if_fail (BC_IS_IDLE_WARNING (self));
  body = g_strdup_printf (ngettext ("This screen starts over in %u second, and everything "
                                    "entered here is forgotten.",
                                    "This screen starts over in %u seconds, and everything "
                                    "entered here is forgotten.",
                                    seconds),
                          seconds);
  /* Translated now, not when the window was made: the customer may have switched language. */
  gtk_label_set_text (self->heading_label, _("Are you still there?"));
  gtk_label_set_text (self->body_label, body);
  /* Translators: the answer to "Are you still there?" that keeps the session */
  gtk_button_set_label (GTK_BUTTON (self->still_here_button), _("_I’m Still Here"));
  if (!gtk_widget_get_visible (GTK_WIDGET (self)))
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      g_set_weak_pointer (&self->focus_before, root ? gtk_root_get_focus (root) : NULL);
      gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
      /* Enter or Space answers at once. */
      gtk_widget_grab_focus (self->still_here_button);
    }
}

void
bc_idle_warning_hide (BcIdleWarning *self)
{
  g_return_if_fail (BC_IS_IDLE_WARNING (self));
  if (!gtk_widget_get_visible (GTK_WIDGET (self)))
    return;
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  gtk_label_set_text (self->body_label, ""); /* no words of the last language stay behind */
  gtk_label_set_text (self->heading_label, "");
  gtk_button_set_label (GTK_BUTTON (self->still_here_button), "");
  if (self->focus_before && gtk_widget_get_mapped (self->focus_before))
    gtk_widget_grab_focus (self->focus_before);
  g_clear_weak_pointer (&self->focus_before);
}
