/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * BcQrDialog: a link shown, not opened, where no browser may start (bc_config_links_as_qr ():
 * a kiosk, or link-mode "qr"). A modal window with the link's title, a sentence that says what
 * to do with it, a large QR code with the address written under it, and Close. Escape closes
 * it, and so does Enter (Close has the focus).
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define BC_TYPE_QR_DIALOG (bc_qr_dialog_get_type ())
G_DECLARE_FINAL_TYPE (BcQrDialog, bc_qr_dialog, BC, QR_DIALOG, AdwWindow)

/**
 * A new dialog, modal over PARENT (NULL: none), showing URI as a QR code under TITLE; NOTE, when
 * not NULL, is a line under the title (what is known about the address). Present it with
 * gtk_window_present (); it destroys itself when closed.
 */
GtkWidget *bc_qr_dialog_new (GtkWindow *parent, const char *title, const char *note,
                             const char *uri);

/** The address the dialog shows as a QR code. */
const char *bc_qr_dialog_get_uri (BcQrDialog *self);

G_END_DECLS
