/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * BcRemovalView: "Remove it for me", in step 3 of the Recovery page. For an attached Windows
 * disk (bc_session_removal_applies) with something to take out, it lists exactly what will
 * change, with a box to tick for each suspicious item; asks once (in kiosk mode, the staff PIN
 * first); runs the session's removal with its progress; shows the verdict before beside the
 * verdict after, what became of each change and where the quarantine is; and offers Undo, which
 * asks once and shows what was put back. A disk mounted read-only gets the command that mounts
 * it writable instead of a button that cannot work. The session holds the state; this only shows
 * it and asks.
 */
#pragma once

#include <gtk/gtk.h>

#include "bc-session.h"

G_BEGIN_DECLS

#define BC_TYPE_REMOVAL_VIEW (bc_removal_view_get_type ())
G_DECLARE_FINAL_TYPE (BcRemovalView, bc_removal_view, BC, REMOVAL_VIEW, GtkWidget)

/** Shows SESSION's removal, and follows its changes (once: the page gives its session). */
void bc_removal_view_set_session (BcRemovalView *self, BcSession *session);

G_END_DECLS
