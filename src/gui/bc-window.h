/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "bc-application.h"

G_BEGIN_DECLS

#define BC_TYPE_WINDOW (bc_window_get_type ())
G_DECLARE_FINAL_TYPE (BcWindow, bc_window, BC, WINDOW, AdwApplicationWindow)

/** Creates the main window of APP. */
BcWindow *bc_window_new (BcApplication *app);

G_END_DECLS
