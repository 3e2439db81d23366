/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cli-catalog.h: a GNU message catalogue (.mo) read from memory, and the Plural-Forms evaluator.
 * Plain C11, no GLib, no platform code. The command line's text layer (cli-text.c) reads the
 * catalogues built into the program with it, and tests/cli-text checks it against GNU gettext.
 * It never trusts the catalogue: a damaged one is refused whole. Why it is built the way it is:
 * the comment at the top of cli-catalog.c.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifndef CLI_FORMAT_ARG /* as cli-text.h defines it */
#if defined(__GNUC__)
#define CLI_FORMAT_ARG(i) __attribute__ ((format_arg (i)))
#else
#define CLI_FORMAT_ARG(i)
#endif
#endif

/** A GNU message catalogue (.mo) in memory, checked by cli_catalog_open(). */
typedef struct
{
  const unsigned char *data; /* the .mo bytes, not owned; NULL: no catalogue (English) */
  size_t len;
  uint32_t n;                /* number of messages */
  uint32_t originals;        /* offset of the table of msgids (sorted) */
  uint32_t translations;     /* offset of the table of msgstrs */
  bool big_endian;
  unsigned long nplurals;    /* from the header's Plural-Forms */
  const char *plural;        /* its plural= expression; NULL: English (n != 1) */
} cli_catalog;

/**
 * Opens the LEN bytes at DATA (kept by the caller) as a .mo catalogue. Checks the magic in both
 * byte orders, every table offset and string bound, the sort order the lookup relies on and a
 * UTF-8 charset. Returns 0, or -1 with *CAT set to no catalogue, where every lookup gives English.
 */
int cli_catalog_open (cli_catalog *cat, const void *data, size_t len);

/** MSGID's translation in CAT (the first form of a plural entry), or MSGID itself. */
const char *cli_catalog_gettext (const cli_catalog *cat, const char *msgid) CLI_FORMAT_ARG (2);

/** The form for N of ONE/MANY in CAT, chosen by its Plural-Forms; without a translation, ONE for
 * 1 and MANY otherwise. A form index the entry lacks gives its first form, as GNU gettext does. */
const char *cli_catalog_ngettext (const cli_catalog *cat, const char *one, const char *many,
                                  unsigned long long n) CLI_FORMAT_ARG (2) CLI_FORMAT_ARG (3);

/** The number of messages in CAT, the header (msgid "") included. */
size_t cli_catalog_count (const cli_catalog *cat);

/** The msgid of message I of CAT (I < cli_catalog_count()); *PLURAL (when PLURAL is not NULL)
 * is set to its msgid_plural, or NULL when it has none. */
const char *cli_catalog_msgid (const cli_catalog *cat, size_t i, const char **plural);

/**
 * Evaluates the C expression of a Plural-Forms header's plural= (up to ';', a line end or the
 * end of EXPR) for N: n, decimal integers, ! ?: || && == != < > <= >= + - * / % and
 * parentheses, in unsigned arithmetic as GNU gettext does; x / 0 and x % 0 give 0 (GNU raises
 * SIGFPE). Returns 0 with the value in *RESULT, or -1 when EXPR is not such an expression or
 * nests too deep.
 */
int cli_plural_eval (const char *expr, unsigned long long n, unsigned long long *result);
