/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * gui-test.h: what the wizard's GUI tests share (tests/gui, tests/kiosk, tests/receipt…): TAP
 * lines, running the main loop, finding what a user sees on screen, the real application started
 * with a real command line, and fixture disks with real registry hives.
 */
#pragma once

#include <gtk/gtk.h>

#include "bc-application.h"
#include "bc-session.h"
#include "bc-window.h"

/** One TAP line: "ok N - what" or "not ok N - what". Returns COND. */
gboolean ok (gboolean cond, const char *fmt, ...) G_GNUC_PRINTF (2, 3);

/** Prints "# text" (a TAP note). */
void note (const char *fmt, ...) G_GNUC_PRINTF (1, 2);

/** Lets the main loop run for MS milliseconds: redraws, signals, idle handlers. */
void pump (guint ms);

/** Runs the main loop until COND (WINDOW) holds or TIMEOUT_MS passes; TRUE if it held. */
gboolean pump_until (gboolean (*cond) (BcWindow *), BcWindow *window, guint timeout_ms);

/** The page on screen. */
GtkWidget *visible_page (BcWindow *window);

/** Every text a user can see in WIDGET (labels, and so the rows and buttons made of them). */
void collect_text (GtkWidget *widget, GString *out);
char *page_text (BcWindow *window);
char *window_text (BcWindow *window);

/** A visible button below ROOT whose words (mnemonics left out) contain TEXT, or NULL. */
GtkWidget *find_button (GtkWidget *root, const char *text);

/** Whether S holds kana or kanji. */
gboolean has_japanese (const char *s);

/** The id of the page on screen ("welcome", "result"…). */
const char *page_id (BcWindow *window);

/** Next and Back, as the header bar's buttons do them. */
void next (BcWindow *window);
void back (BcWindow *window);

/** Whether the session's scan has finished (a report or an error); whether one runs. */
gboolean scan_done (BcWindow *window);
gboolean scanning (BcWindow *window);

/** Next until PAGE is on screen, waiting for the scan on Checking; FALSE if it never comes. */
gboolean go_to (BcWindow *window, const char *page);

/** Makes the empty file ROOT/REL, with its folders. */
void touch (const char *root, const char *rel);

/**
 * A fixture Windows XP SP2 disk in a new temporary folder, with real registry hives
 * (tests/gui/hives/, made by tests/hive/make-hive.py) and Windows's own dllhost.exe and
 * svchost.exe; with WINDOWS/system32/msblast.exe when INFECTED. Free with remove_tree ().
 */
char *build_fixture (gboolean infected);

/** Makes ROOT/REL a real registry hive from SPEC, a file of tests/gui/hives/. */
void make_hive (const char *root, const char *rel, const char *spec);

/** Removes PATH and everything below it. */
int remove_tree (const char *path);

/** The text of the PDF at PATH as pdftotext reads it (UTF-8), or NULL with a note. */
char *pdf_text (const char *path);

/** The session's full PDF report, saved into FOLDER and read back as text (the file is removed
 * after); NULL with a note when it cannot be saved. */
char *report_pdf_text (BcSession *session, const char *folder);

/** TEXT without any white space, since pdftotext breaks lines where the page does; NULL is "". */
char *squeeze (const char *text);

/** Whether WORDS stand in TEXT, white space aside. */
gboolean has_words (const char *text, const char *words);

/** Draws WIDGET (a window, or any widget in one: all of it, beyond what a scrolled window shows)
 * as it is on screen into a PNG file at PATH; FALSE when it cannot. */
gboolean save_png (GtkWidget *widget, const char *path);

/** Switches the wizard's language as its menu does ("en", "ja"). */
void set_language (const char *code);

/**
 * Runs the real application with ARGS (NULL-terminated, after the program name: "--kiosk", a
 * PATH…) in English, animations off, and calls TEST with its window once it is shown; closes
 * it after. Prints the TAP plan. Returns the process exit status: 0 when every check passed.
 * WIDTH and HEIGHT (0: the window's own) set the window's size.
 */
int run_app (const char *argv0, const char *const *args, void (*test) (BcWindow *window),
             int width, int height);

/** The first widget of TYPE in ROOT's tree (ROOT itself included, depth first), or NULL. */
GtkWidget *find_widget_of_type (GtkWidget *root, GType type);

/** The button below ROOT, shown on screen, that runs ACTION (with the string TARGET, unless
 * TARGET is NULL); NULL when there is none. */
GtkWidget *find_action_button (GtkWidget *root, const char *action, const char *target);

/**
 * Makes a web browser that only writes down each address it is asked to open the default for
 * http and https of this process (its own XDG folders under HOME, and BROWSER); call before
 * GLib reads the XDG folders (they are cached on first use). Returns the file it writes to.
 */
char *fake_browser_install (const char *home);

/** What the fake browser writing to MARKER was asked to open, one per line; NULL: it never ran. */
char *fake_browser_opened (const char *marker);

/** The number of failed checks so far. */
int test_failures (void);
