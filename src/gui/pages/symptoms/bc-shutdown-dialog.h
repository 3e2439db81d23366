/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * BcShutdownDialog: a picture, made of widgets, of the Windows XP "System Shutdown" box that the
 * worm's attack brings up, with its countdown running. It only shows: nothing shuts down.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BC_TYPE_SHUTDOWN_DIALOG (bc_shutdown_dialog_get_type ())
G_DECLARE_FINAL_TYPE (BcShutdownDialog, bc_shutdown_dialog, BC, SHUTDOWN_DIALOG, GtkWidget)

/** A new recreated System Shutdown box; its countdown runs while it is on screen. */
GtkWidget *bc_shutdown_dialog_new (void);

G_END_DECLS
