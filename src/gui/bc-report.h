/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * BcReport: a document for a person, on paper: the session's full report, or (bc-receipt.h) the
 * customer's short receipt. It takes the session's words once, in the language in use, lays them
 * out with Pango for a page size, and draws any page on any cairo context: a PDF file and a
 * printer get the same pages. Lengths are in points (1/72 inch).
 */
#pragma once

#include <cairo.h>
#include <glib-object.h>
#include <gtk/gtk.h>

#include "bc-session.h"

G_BEGIN_DECLS

/** The A4 portrait page, in points. */
#define BC_REPORT_PAGE_WIDTH 595.276
#define BC_REPORT_PAGE_HEIGHT 841.89

#define BC_TYPE_REPORT (bc_report_get_type ())
G_DECLARE_FINAL_TYPE (BcReport, bc_report, BC, REPORT, GObject)

/**
 * A report of everything SESSION knows now, with today's date, in the current language.
 * Later changes to the session do not reach it.
 */
BcReport *bc_report_new (BcSession *session);

/**
 * Lays the report out on pages of WIDTH × HEIGHT points (the area inside the margins), with the
 * fonts of CR's target, and returns the number of pages (at least 1). Drawing at another size
 * lays it out again by itself.
 */
int bc_report_paginate (BcReport *self, cairo_t *cr, double width, double height);

/** The number of pages of the last layout; 0 before any. */
int bc_report_get_n_pages (BcReport *self);

/**
 * Draws PAGE (from 0) on CR, whose origin is the top left corner of a WIDTH × HEIGHT area in
 * points. The footer ("page 2 of 3") sits at the bottom of that area.
 */
void bc_report_draw_page (BcReport *self, cairo_t *cr, int page, double width, double height);

/** What the document is called ("Blaster Check report"): the PDF's title, the print job's. */
const char *bc_report_get_title (BcReport *self);

/**
 * Writes SELF to PATH as an A4 PDF, replacing the file if it exists. Needs no window or display.
 * On failure nothing is left at PATH (an older file stays as it was) and ERROR says why, in words.
 */
gboolean bc_report_write_pdf (BcReport *self, const char *path, GError **error);

/** Writes SESSION's report to PATH as an A4 PDF: bc_report_write_pdf () of bc_report_new (). */
gboolean bc_report_save_pdf (BcSession *session, const char *path, GError **error);

/**
 * Prints SELF with GtkPrintOperation on A4 with the PDF's margins. ACTION is
 * GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG (the print dialog, modal over PARENT: what the Finish
 * page's buttons do) or GTK_PRINT_OPERATION_ACTION_EXPORT (a PDF written to EXPORT_PATH, no
 * dialog). In kiosk mode the dialog offers printers only: no "Print to File" (it opens a file
 * chooser) and no preview (it opens another program). Cancelling CANCELLABLE closes the dialog
 * and prints nothing. CALLBACK is called in the main loop once it is over.
 */
void bc_report_print_async (BcReport *self, GtkPrintOperationAction action,
                            const char *export_path, GtkWindow *parent, GCancellable *cancellable,
                            GAsyncReadyCallback callback, gpointer user_data);

/**
 * The end of bc_report_print_async (): GTK_PRINT_OPERATION_RESULT_APPLY when the pages went to
 * the printer (or the file), GTK_PRINT_OPERATION_RESULT_CANCEL when nothing was printed, or
 * GTK_PRINT_OPERATION_RESULT_ERROR with ERROR set.
 */
GtkPrintOperationResult bc_report_print_finish (BcReport *self, GAsyncResult *result,
                                                GError **error);

/**
 * The infection verdict for a person, in the words every front end uses for it: the core's
 * scan_infection_label and scan_infection_summary ("Infected: the worm is on this PC"),
 * translated. Valid for the program's life.
 */
const char *bc_report_infection_text (scan_infection verdict);

/** The vulnerability verdict the same way ("Patched: the hole the worm uses is closed"). */
const char *bc_report_vulnerability_text (scan_vulnerability verdict);

/**
 * Where finding F is, as the checked PC names it (the core's windows_location), for the person
 * who removes it there: "C:\WINDOWS\system32\msblast.exe", "Value “windows auto update” in
 * HKEY_LOCAL_MACHINE\SOFTWARE\…\Run", "Key HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\…
 * (the service “RpcPatch”)", a user's value with the user's name. Only a
 * finding no Windows names (a folder with no Windows in it) is given by its path on the disk.
 * Translated, safe to show; free with g_free ().
 */
char *bc_report_finding_place (const scan_finding *f);

/**
 * One Windows of a disk with several (dual boot) as the checked PC names it, and which Windows it
 * is: "C:\WINNT: Microsoft Windows 2000, Service Pack 4". Translated, safe to show; free with
 * g_free ().
 */
char *bc_report_windows_title (const scan_report *report, const scan_windows *w);

/** A symbolic icon name that goes with the infection verdict (always shown with its words). */
const char *bc_report_infection_icon (scan_infection verdict);

G_END_DECLS
