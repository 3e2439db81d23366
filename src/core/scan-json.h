/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * scan-json.h: the little JSON the core reads back — the removal's manifest, which it wrote
 * itself — and the writer that keeps file names byte for byte.
 *
 * File names on a Windows disk are bytes that need not be UTF-8. JSON strings cannot hold such
 * bytes, so the writer stores each byte that is not part of valid UTF-8 as the escape \udcXX (a
 * lone low surrogate, as Python's "surrogateescape" does) and the reader turns it back into the
 * byte: a name goes into the manifest and comes out the same. Only what the core needs is
 * read: objects, arrays, strings, integers, true, false, null; nesting at most 32 deep; a
 * document is read in one pass (linear in its size).
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scan-private.h"

typedef enum
{
  SCAN__JSON_NULL,
  SCAN__JSON_BOOL,
  SCAN__JSON_INT,
  SCAN__JSON_STRING,
  SCAN__JSON_ARRAY,
  SCAN__JSON_OBJECT,
} scan__json_type;

typedef struct scan__json scan__json;
struct scan__json
{
  scan__json_type type;
  bool boolean;
  int64_t integer;
  char *string; /* STRING: its bytes, NUL-terminated (a NUL inside is refused) */
  char **keys;  /* OBJECT: the members' names */
  scan__json *items; /* ARRAY, OBJECT: the items or the members' values */
  size_t n;
};

/** Parses the LEN bytes at TEXT into *OUT (free with scan__json_free). 0, SCAN_EMANIFEST (not
 * JSON this reader takes) or SCAN_ENOMEM. */
int scan__json_parse (const char *text, size_t len, scan__json *out);

/** Frees what a parsed value holds. */
void scan__json_free (scan__json *value);

/** OBJECT's member KEY, or NULL (also when OBJECT is not an object). */
const scan__json *scan__json_get (const scan__json *object, const char *key);

/** OBJECT's member KEY as a string, or NULL when missing or of another type. */
const char *scan__json_string (const scan__json *object, const char *key);

/** OBJECT's member KEY as an integer, or FALLBACK when missing or of another type. */
int64_t scan__json_int (const scan__json *object, const char *key, int64_t fallback);

/** Appends S (NULL: null) as a JSON string, invalid UTF-8 bytes as \udcXX. 0 or SCAN_ENOMEM. */
int scan__json_put_string (scan__buf *b, const char *s);

/** Appends "KEY": S, with the separator before it unless FIRST. 0 or SCAN_ENOMEM. */
int scan__json_put_member (scan__buf *b, const char *key, const char *s, bool first);

/** Appends "KEY": N. 0 or SCAN_ENOMEM. */
int scan__json_put_int (scan__buf *b, const char *key, int64_t n, bool first);
