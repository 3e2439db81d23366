/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "bc-pin-dialog.h"

#include <glib/gi18n.h>

struct _BcPinDialog
{
  AdwWindow parent_instance;

  GtkEditable *entry;
  GtkLabel *status_label;
  GtkLabel *title_label;
  GtkLabel *body_label;
  GtkButton *unlock_button;

  char *stored;
  BcPinThrottle *throttle;
  guint wait_source; /* counts the wait down, once a second */
};

G_DEFINE_FINAL_TYPE (BcPinDialog, bc_pin_dialog, ADW_TYPE_WINDOW)

enum
{
  UNLOCKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The one place where what may be done, and what is said, follow from the throttle. */
static void
update (BcPinDialog *self)
{
  guint wait = bc_pin_throttle_wait (self->throttle);
  gboolean waiting = wait > 0;

  /* The entry gives up the focus first: an insensitive widget keeping it confuses GTK. */
  if (waiting)
    gtk_window_set_focus (GTK_WINDOW (self), NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->entry), !waiting);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pin.unlock", !waiting);
  if (self->throttle->failures == 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->status_label), FALSE);
      return;
    }
  if (waiting)
    {
      g_autofree char *text
        = g_strdup_printf (ngettext ("Wrong PIN. You can try again in %u second.",
                                     "Wrong PIN. You can try again in %u seconds.", wait),
                           wait);
      gtk_label_set_text (self->status_label, text);
    }
  else
    gtk_label_set_text (self->status_label, _("Wrong PIN. Try again."));
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), TRUE);
}

static gboolean
wait_tick (gpointer data)
{
  BcPinDialog *self = data;

  update (self);
  if (bc_pin_throttle_wait (self->throttle) > 0)
    return G_SOURCE_CONTINUE;
  self->wait_source = 0;
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
  return G_SOURCE_REMOVE;
}

static void
start_wait (BcPinDialog *self)
{
  update (self);
  if (!self->wait_source && bc_pin_throttle_wait (self->throttle) > 0)
    self->wait_source = g_timeout_add (250, wait_tick, self);
}

static void
unlock_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  BcPinDialog *self = BC_PIN_DIALOG (widget);
  const char *pin = gtk_editable_get_text (self->entry);

  if (bc_pin_throttle_wait (self->throttle) > 0 || !*pin)
    return;
  if (bc_pin_check (pin, self->stored))
    {
      bc_pin_throttle_pass (self->throttle);
      gtk_editable_set_text (self->entry, "");
      g_signal_emit (self, signals[UNLOCKED], 0);
      return;
    }
  bc_pin_throttle_fail (self->throttle);
  gtk_editable_set_text (self->entry, "");
  start_wait (self);
}

static void
entry_activated (BcPinDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "pin.unlock", NULL);
}

static void
cancel_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  gtk_window_destroy (GTK_WINDOW (widget));
}

static void
bc_pin_dialog_dispose (GObject *object)
{
  BcPinDialog *self = BC_PIN_DIALOG (object);

  g_clear_handle_id (&self->wait_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), BC_TYPE_PIN_DIALOG);
  G_OBJECT_CLASS (bc_pin_dialog_parent_class)->dispose (object);
}

static void
bc_pin_dialog_finalize (GObject *object)
{
  BcPinDialog *self = BC_PIN_DIALOG (object);

  g_free (self->stored);
  G_OBJECT_CLASS (bc_pin_dialog_parent_class)->finalize (object);
}

static void
bc_pin_dialog_class_init (BcPinDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bc_pin_dialog_dispose;
  object_class->finalize = bc_pin_dialog_finalize;

  /**
   * BcPinDialog::unlocked:
   * The right PIN was entered.
   */
  signals[UNLOCKED] = g_signal_new ("unlocked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/blastercheck/BlasterCheck/bc-pin-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, BcPinDialog, entry);
  gtk_widget_class_bind_template_child (widget_class, BcPinDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, BcPinDialog, title_label);
  gtk_widget_class_bind_template_child (widget_class, BcPinDialog, body_label);
  gtk_widget_class_bind_template_child (widget_class, BcPinDialog, unlock_button);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated);

  gtk_widget_class_install_action (widget_class, "pin.unlock", NULL, unlock_activated);
  gtk_widget_class_install_action (widget_class, "pin.cancel", NULL, cancel_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "pin.cancel", NULL);
}

static void
bc_pin_dialog_init (BcPinDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

BcPinDialog *
bc_pin_dialog_new (GtkWindow *parent, const char *stored, BcPinThrottle *throttle)
{
  BcPinDialog *self;

  g_return_val_if_fail (stored != NULL, NULL);
  g_return_val_if_fail (throttle != NULL, NULL);

  self = g_object_new (BC_TYPE_PIN_DIALOG, "transient-for", parent, NULL);
  self->stored = g_strdup (stored);
  self->throttle = throttle;
  start_wait (self); /* a wait left from before the dialog was closed goes on */
  return self;
}

void
bc_pin_dialog_set_purpose (BcPinDialog *self, const char *title, const char *body,
                           const char *unlock)
{
  g_return_if_fail (BC_IS_PIN_DIALOG (self));
  gtk_window_set_title (GTK_WINDOW (self), title);
  gtk_label_set_text (self->title_label, title);
  gtk_label_set_text (self->body_label, body);
  gtk_button_set_label (self->unlock_button, unlock);
}
