/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The QR code dialog. It is a window of its own rather than a page: the customer scans it and
 * closes it, and the wizard stays where it was underneath.
 */
#include "config.h"

#include "bc-qr-dialog.h"

#include "bc-qr.h"

/* Pixels: about 10 cm on a 96 dpi screen, and 7 px a module even for the longest address of
 * links.ini (125 characters: 57 modules with the quiet zone); the dialog, text and all, still
 * fits a 1024 × 768 screen. */
#define CODE_SIZE 400

struct _BcQrDialog
{
  AdwWindow parent_instance;

  char *uri;

  GtkLabel *heading;
  GtkLabel *note;
  GtkLabel *sentence;
  GtkBox *code_box;
  GtkWidget *close_button;
};

G_DEFINE_FINAL_TYPE (BcQrDialog, bc_qr_dialog, ADW_TYPE_WINDOW)

static void
bc_qr_dialog_finalize (GObject *object)
{
  g_free (BC_QR_DIALOG (object)->uri);
  G_OBJECT_CLASS (bc_qr_dialog_parent_class)->finalize (object);
}

static void
bc_qr_dialog_class_init (BcQrDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = bc_qr_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/blastercheck/BlasterCheck/bc-qr-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, BcQrDialog, heading);
  gtk_widget_class_bind_template_child (widget_class, BcQrDialog, note);
  gtk_widget_class_bind_template_child (widget_class, BcQrDialog, sentence);
  gtk_widget_class_bind_template_child (widget_class, BcQrDialog, code_box);
  gtk_widget_class_bind_template_child (widget_class, BcQrDialog, close_button);

  /* GtkWindow's own action: closes (and so destroys) the dialog. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_DIALOG);
}

static void
bc_qr_dialog_init (BcQrDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
bc_qr_dialog_new (GtkWindow *parent, const char *title, const char *note, const char *uri)
{
  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (title && uri, NULL);
  BcQrDialog *self = g_object_new (BC_TYPE_QR_DIALOG, NULL);

  self->uri = g_strdup (uri);
  gtk_window_set_title (GTK_WINDOW (self), title);
  gtk_label_set_text (self->heading, title);
  if (note)
    {
      gtk_label_set_text (self->note, note);
      gtk_widget_set_visible (GTK_WIDGET (self->note), TRUE);
    }
  gtk_box_append (self->code_box, bc_qr_view_new (uri, CODE_SIZE));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  gtk_label_get_text (self->sentence), -1);
  if (parent)
    {
      gtk_window_set_transient_for (GTK_WINDOW (self), parent);
      /* Opened from the keyboard: show at once where the focus is (on Close). */
      gtk_window_set_focus_visible (GTK_WINDOW (self), gtk_window_get_focus_visible (parent));
    }
  gtk_widget_grab_focus (self->close_button);
  return GTK_WIDGET (self);
}

const char *
bc_qr_dialog_get_uri (BcQrDialog *self)
{
  g_return_val_if_fail (BC_IS_QR_DIALOG (self), NULL);
  return self->uri;
}
