/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define BC_TYPE_APPLICATION (bc_application_get_type ())
G_DECLARE_FINAL_TYPE (BcApplication, bc_application, BC, APPLICATION, AdwApplication)

/** Creates the application object of blaster-check. */
BcApplication *bc_application_new (void);

/** Whether the app runs in kiosk mode (--kiosk, or the kiosk-mode setting: bc_config_kiosk ()). */
gboolean bc_application_get_kiosk (BcApplication *self);

/**
 * Back to what the next kiosk customer starts with: the default language (the language setting,
 * or the desktop's) and the large-text setting. Every window is rebuilt when the language
 * changes. A running scan's thread must have ended (the language is in the environment).
 */
void bc_application_restore_defaults (BcApplication *self);

G_END_DECLS
