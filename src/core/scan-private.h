/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * scan-private.h: helpers shared between the core's files (scan__*), not part of its API.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** ASCII lowercase, as Windows compares the names the catalogue holds. */
static inline char
scan__lower (char c)
{
  return (c >= 'A' && c <= 'Z') ? (char) (c - 'A' + 'a') : c;
}

/** Case-insensitive (ASCII) equality of two byte strings of known length. */
bool scan__eq_nocase (const char *a, size_t alen, const char *b, size_t blen);

/** A growable byte buffer. */
typedef struct scan__buf
{
  char *data;
  size_t len;
  size_t cap;
} scan__buf;

/** Makes room for N more bytes. 0 or SCAN_ENOMEM. */
int scan__buf_reserve (scan__buf *b, size_t n);
/** Appends N bytes and keeps data NUL-terminated. 0 or SCAN_ENOMEM. */
int scan__buf_append (scan__buf *b, const char *s, size_t n);
/** Frees the buffer's bytes and empties it. */
void scan__buf_free (scan__buf *b);

/**
 * Makes room in *ARRAY (of elements of SIZE bytes, N in use) for one more element. The capacity
 * is implied by N (8, then doubling at each power of two), so callers keep no capacity field.
 * 0 or SCAN_ENOMEM.
 */
int scan__grow (void **array, size_t n, size_t size);

/** strdup that reports failure as NULL (and sets nothing else). */
char *scan__strdup (const char *s);
/** A NUL-terminated copy of the first N bytes of S, or NULL when out of memory. */
char *scan__strndup (const char *s, size_t n);
/* How much of PATH is the checked volume's root: PATH without trailing separators ("C:\\" keeps
 * its one). Every path below the root starts with these bytes. */
size_t scan__root_length (const char *path, char separator);

/** SHA-256 of LEN bytes at DATA, as 64 lowercase hex digits and a NUL into HEX. */
void scan__sha256_hex (const void *data, size_t len, char hex[65]);

/** Seconds since some fixed moment, to time a scan. */
double scan__now (void);

/* scan_options and scan_report, for the function below. */
struct scan_options;
struct scan_report;

/**
 * Scans the volume ROOT for one report: the places the worm uses in its Windows folder
 * WINDOWS_DIR (a full path below ROOT; NULL: none to check), then, when WHOLE, every folder of
 * the volume. Adds the entries seen (the whole walk's when WHOLE, which include the known
 * places) to *ENTRIES, which the progress calls also count on from. 0, SCAN_ECANCELED or
 * SCAN_ENOMEM: a place that cannot be read is an error in the report, not the end of the scan.
 */
int scan__scan_volume (const struct scan_options *o, struct scan_report *r, const char *root,
                       const char *windows_dir, bool whole, uint64_t *entries);

/** Length of the valid UTF-8 sequence at S (up to END), or 0 if it is not valid UTF-8. */
size_t scan__utf8_seq_len (const unsigned char *s, const unsigned char *end);
