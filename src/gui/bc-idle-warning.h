/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * BcIdleWarning: "Are you still there?" with the seconds left, laid over the kiosk's page. Inside
 * the window, not a dialog of its own: a kiosk often runs without a window manager, which would
 * leave a dialog in the screen's corner, and nothing can hide it behind the full-screen window.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BC_TYPE_IDLE_WARNING (bc_idle_warning_get_type ())
G_DECLARE_FINAL_TYPE (BcIdleWarning, bc_idle_warning, BC, IDLE_WARNING, GtkWidget)

/** A new, hidden warning. Emits "answered" when "I'm still here" is pressed. */
GtkWidget *bc_idle_warning_new (void);

/** Shows the warning with SECONDS left, or updates them; the button takes the focus. */
void bc_idle_warning_show (BcIdleWarning *self, guint seconds);

/** Hides the warning. */
void bc_idle_warning_hide (BcIdleWarning *self);

G_END_DECLS
