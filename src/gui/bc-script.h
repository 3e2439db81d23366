/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The language's script on screen and on paper: which fonts draw it (Chinese and Korean with
 * their own Noto CJK variants, never the Japanese shapes; Arabic with an Arabic face) and which
 * way the wizard reads (right to left in Arabic).
 *
 * GTK 4.8 gives every widget the Pango language of the process locale, read once: a run-time
 * switch under LANG=C.UTF-8 cannot change it, and fontconfig then picks whichever CJK face comes
 * first for Han characters (the Japanese one). So the font family itself is set, through a style
 * sheet of the display, each time the language changes.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * Makes the display draw the language in use (bc_language_get) in its own fonts and reading
 * direction: call at start-up, once a display is open, and after every language switch.
 */
void bc_script_apply (void);

/** Whether the wizard is laid out right to left now (bc_script_apply, in Arabic). */
gboolean bc_script_is_rtl (void);

/**
 * The Pango family list that draws the language in use, for text laid out outside widgets (the
 * PDF report, the receipt): "Noto Sans CJK SC, Sans" in Simplified Chinese, "Sans" in English.
 * MONOSPACE: for paths and commands. Valid until the next language switch.
 */
const char *bc_script_font_family (gboolean monospace);

/**
 * TEXT (a path, a registry key, a file name) to be put into a sentence: while the wizard reads
 * right to left it is wrapped in LEFT-TO-RIGHT ISOLATE … POP DIRECTIONAL ISOLATE after a
 * RIGHT-TO-LEFT MARK, so that "C:\WINDOWS\system32\" keeps its order and its backslashes inside
 * Arabic words, and a sentence that starts with it still reads right to left. Otherwise a plain
 * copy: nothing invisible reaches other languages (nor the command line or the JSON, which never
 * call this). Newly allocated.
 */
char *bc_script_isolate (const char *text);

/**
 * A file name of this computer (a mount point, the PDF's path) as a sentence shows it:
 * g_filename_display_name, isolated as bc_script_isolate does. Newly allocated.
 */
char *bc_script_display_filename (const char *path);

G_END_DECLS
