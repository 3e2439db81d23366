/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * BcPinDialog: asks staff for the PIN that ends kiosk mode. A wrong PIN is said, and the next
 * may be tried only after a wait that grows with each wrong one (the throttle outlives the
 * dialog: closing and opening it again does not shorten the wait).
 */
#pragma once

#include <adwaita.h>

#include "bc-pin.h"

G_BEGIN_DECLS

#define BC_TYPE_PIN_DIALOG (bc_pin_dialog_get_type ())
G_DECLARE_FINAL_TYPE (BcPinDialog, bc_pin_dialog, BC, PIN_DIALOG, AdwWindow)

/**
 * A PIN prompt over PARENT for the PIN STORED was made from (bc_pin_hash ()). THROTTLE (kept by
 * the caller, alive as long as the dialog) counts the wrong PINs. Emits "unlocked" for the right
 * PIN; it closes itself on Cancel or Escape.
 */
BcPinDialog *bc_pin_dialog_new (GtkWindow *parent, const char *stored, BcPinThrottle *throttle);

/**
 * What the PIN is asked for, where it is not the staff exit: TITLE (the window's and the
 * heading), BODY (what the PIN allows) and UNLOCK (the button that checks it, with a mnemonic).
 */
void bc_pin_dialog_set_purpose (BcPinDialog *self, const char *title, const char *body,
                                const char *unlock);

G_END_DECLS
