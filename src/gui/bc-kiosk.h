/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * BcKiosk: what makes a BcWindow a service counter's kiosk — full screen and kept so, the idle
 * warning and reset, the staff exit with the PIN. The window refuses to close and hides its
 * close button itself (bc-window.c); the wipe is bc_window_wipe ().
 */
#pragma once

#include <gtk/gtk.h>

#include "bc-idle.h"
#include "bc-window.h"

G_BEGIN_DECLS

#define BC_TYPE_KIOSK (bc_kiosk_get_type ())
G_DECLARE_FINAL_TYPE (BcKiosk, bc_kiosk, BC, KIOSK, GObject)

/** Makes WINDOW a kiosk. The window keeps the only reference, and drops it when disposed. */
BcKiosk *bc_kiosk_new (BcWindow *window);

/**
 * The staff's shortcut: asks for the PIN, and closes the window when it is right; where no PIN
 * is set, says so (kiosk mode then cannot be left from the screen).
 */
void bc_kiosk_staff_exit (BcKiosk *self);

/**
 * "I'm Done": asks whether to start over for the next customer (Cancel is the default), and
 * wipes the visit (bc_window_wipe) only when that is confirmed.
 */
void bc_kiosk_done (BcKiosk *self);

/** What counts the idle time: other windows over the kiosk can be watched too. */
BcIdle *bc_kiosk_get_idle (BcKiosk *self);

G_END_DECLS
