/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * BcIdle: whether anyone is still at the kiosk. Input on the watched windows (keys, pointer
 * motion, clicks, scrolling, touch) starts the count again; after "timeout" seconds without any,
 * a warning counts down for BC_IDLE_WARNING_S more (the timeout, when that is shorter), and then
 * the time is up.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/** The warning lasts this long after the timeout (as long as the timeout, when that is shorter). */
#define BC_IDLE_WARNING_S 30

#define BC_TYPE_IDLE (bc_idle_get_type ())
G_DECLARE_FINAL_TYPE (BcIdle, bc_idle, BC, IDLE, GObject)

/**
 * A new watcher; TIMEOUT_S seconds without input before the warning, 0: never. Signals:
 * "warning" (the countdown starts), "countdown" (each second, with the seconds left), "resumed"
 * (input during the warning, or bc_idle_poke ()), "expired" (the time is up; the count then
 * starts again).
 */
BcIdle *bc_idle_new (guint timeout_s);

/** Input to WIDGET (a window: its every descendant) counts, seen before any widget sees it. */
void bc_idle_watch (BcIdle *self, GtkWidget *widget);

/** Seconds without input before the warning; 0: never. The count starts again. */
void bc_idle_set_timeout (BcIdle *self, guint timeout_s);
guint bc_idle_get_timeout (BcIdle *self);

/** While paused (a scan runs), time does not count; the count starts again when it ends. */
void bc_idle_set_paused (BcIdle *self, gboolean paused);

/** Someone is there (the warning's "I'm still here"): the count starts again. */
void bc_idle_poke (BcIdle *self);

/** Whether the warning counts down now. */
gboolean bc_idle_is_warning (BcIdle *self);

/** Seconds the warning lasts for the current timeout. */
guint bc_idle_get_warning_seconds (BcIdle *self);

G_END_DECLS
