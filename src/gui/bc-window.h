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

/** Lays WIDGET over the pages (kiosk mode's idle warning), below the header bar. */
void bc_window_add_overlay (BcWindow *self, GtkWidget *widget);

/**
 * Forgets the person in front of the screen, for the next one (kiosk mode's idle reset and "I'm
 * done"): closes the windows over this one, resets the session (answers, target, scan, report,
 * steps, its files), returns to the default language and text size, builds every page anew on
 * Welcome, and empties the clipboard and the primary selection. The language follows as soon as
 * a cancelled scan's thread has ended (a fraction of a second).
 */
void bc_window_wipe (BcWindow *self);

G_END_DECLS
