/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "bc-application.h"
#include "bc-session.h"

G_BEGIN_DECLS

#define BC_TYPE_WINDOW (bc_window_get_type ())
G_DECLARE_FINAL_TYPE (BcWindow, bc_window, BC, WINDOW, AdwApplicationWindow)

/** Creates the wizard's window over SESSION. */
BcWindow *bc_window_new (BcApplication *app, BcSession *session);

/** The session the window's pages share. */
BcSession *bc_window_get_session (BcWindow *self);

/** The id of the page shown ("welcome", …; see bc-pages.c). */
const char *bc_window_get_page_id (BcWindow *self);

/** Builds every page anew, in the language now in use, and shows the same step again. */
void bc_window_rebuild (BcWindow *self);

G_END_DECLS
