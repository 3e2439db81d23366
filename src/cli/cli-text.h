/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cli-text.h: the command line's text layer. Plain C11, no GLib.
 *
 * The program is UTF-8 inside. This layer gives it its arguments in UTF-8, translates its
 * messages (GNU gettext on Linux, catalogues built into the program on Windows) and writes its
 * text so that the place it goes to can show it: UTF-8 bytes on POSIX; on Windows UTF-16 to a
 * console, the language's ANSI code page (1252 for German, 1251 for Russian…) to a file or a
 * pipe. The JSON report is never converted.
 * Why each part is done the way it is: the comment at the top of cli-text.c. The catalogue
 * reader under the built-in translations is cli-catalog.h.
 */
#pragma once

#include <stdbool.h>
#include <stdio.h>

#if defined(__GNUC__) && defined(__MINGW_PRINTF_FORMAT)
#define CLI_PRINTF(f, a) __attribute__ ((format (__MINGW_PRINTF_FORMAT, f, a)))
#elif defined(__GNUC__)
#define CLI_PRINTF(f, a) __attribute__ ((format (printf, f, a)))
#else
#define CLI_PRINTF(f, a)
#endif
#if defined(__GNUC__)
#define CLI_FORMAT_ARG(i) __attribute__ ((format_arg (i)))
#else
#define CLI_FORMAT_ARG(i)
#endif

/* The keywords xgettext and tests/i18n look for (po/meson.build: --keyword=ngettext_:1,2). */
#define _(s) cli_gettext (s)
#define ngettext_(one, many, n) cli_ngettext (one, many, n)

/**
 * Sets up the text layer; call it first in main(). Chooses the language (LANGUAGE, LC_ALL,
 * LC_MESSAGES, LANG, then on Windows the user's display language), on Windows the code page of
 * text to a file or a pipe (the language's ANSI code page; the PC's for English), and
 * replaces *ARGC and *ARGV with the real command line in UTF-8 (kept until the program ends) and puts
 * standard output and error in binary mode. Cannot fail: at worst the text is English and the
 * arguments are the ones the C runtime gave.
 */
void cli_text_init (int *argc, char ***argv);

/** MSGID translated into the chosen language, or MSGID itself. Never NULL for a non-NULL MSGID. */
const char *cli_gettext (const char *msgid) CLI_FORMAT_ARG (1);

/** The plural form for N of the ONE/MANY message in the chosen language; English rules without
 * a translation (ONE for 1, MANY otherwise). */
const char *cli_ngettext (const char *one, const char *many, unsigned long long n)
  CLI_FORMAT_ARG (1) CLI_FORMAT_ARG (2);

/** Text on standard output, as printf formats it. Returns 0, or -1 when it could not be written
 * (cli_flush() reports it too). */
int cli_printf (const char *fmt, ...) CLI_PRINTF (1, 2);

/** Text on standard error, as printf formats it. Returns 0 or -1. */
int cli_eprintf (const char *fmt, ...) CLI_PRINTF (1, 2);

/** The stream for the JSON report: standard output, its bytes written as they are (UTF-8, "\n"
 * line ends), whatever standard output is. Do not mix it with cli_printf() in one run. */
FILE *cli_json_stream (void);

/** Flushes standard output. Returns 0, or -1 when anything written to it was lost. */
int cli_flush (void);

/** True when standard output is a pipe nobody reads any more (`blaster-scan | head`): a failed
 * write is then the reader's choice, not something to report. */
bool cli_output_closed (void);

/** True when standard error is a terminal (a console on Windows): progress is shown there. */
bool cli_stderr_is_terminal (void);

/** Replaces the progress line on standard error (a terminal) with the formatted text. */
void cli_progress (const char *fmt, ...) CLI_PRINTF (1, 2);

/** Erases the progress line, leaving the cursor at the start of the empty line. */
void cli_progress_end (void);
