/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The startup benchmark's probe, shared by blaster-check and the bare window it is compared
 * with: when BENCH_FIRST_FRAME is set, the first frame a window paints prints the wall-clock
 * time (µs) on stdout and quits. Nothing happens otherwise.
 */
#pragma once

#include <gtk/gtk.h>
#include <stdio.h>

static void
bench_first_frame_painted (GdkFrameClock *clock, GtkWindow *window)
{
  printf ("first-frame-us %" G_GINT64_FORMAT "\n", g_get_real_time ());
  fflush (stdout);
  g_signal_handlers_disconnect_by_func (clock, bench_first_frame_painted, window);
  g_application_quit (g_application_get_default ());
}

static void
bench_first_frame_realized (GtkWindow *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (clock, "after-paint", G_CALLBACK (bench_first_frame_painted), window);
}

/** Arms the probe on WINDOW (before it is presented) when BENCH_FIRST_FRAME is set. */
static inline void
bench_first_frame_watch (GtkWindow *window)
{
  if (g_getenv ("BENCH_FIRST_FRAME"))
    g_signal_connect (window, "realize", G_CALLBACK (bench_first_frame_realized), NULL);
}
