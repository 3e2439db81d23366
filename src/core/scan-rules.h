/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * scan-rules.h: the indicator catalogue (data/rules/), parsed.
 *
 * The format is described in data/rules/README.md. A catalogue is immutable once loaded and may be
 * shared by several scans at once.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

typedef enum
{
  SCAN_IND_FILE,
  SCAN_IND_LEGIT,
  SCAN_IND_RUN,
  SCAN_IND_SERVICE,
  SCAN_IND_MUTEX,
  SCAN_IND_PORT,
  SCAN_IND_PREFETCH,
} scan_indicator_kind;

typedef struct scan_variant
{
  const char *family;       /* family id, e.g. "blaster" */
  const char *family_name;  /* e.g. "Blaster (MSBlast, Lovsan)" */
  const char *id;           /* e.g. "A" */
  const char *names;        /* vendors' names, comma-separated */
  const char *source;
  bool confirmed;
} scan_variant;

typedef struct scan_indicator
{
  scan_indicator_kind kind;
  const scan_variant *variant; /* NULL for SCAN_IND_LEGIT; for "variant=*" the family's first */
  bool any_variant;            /* "variant=*": every variant of the family */
  const char *name;   /* file, service, mutex name; Run value name; prefetch prefix */
  const char *folder; /* file, legit: folder relative to the Windows folder, '/'-separated */
  const char *data;   /* run: value data; service: image path (relative to the Windows folder) */
  const char *key;    /* run: registry key; service: display name */
  const char *note;
  const char *source;
  unsigned number;    /* port number; file size in bytes (0: not known) */
  bool udp;           /* port: UDP rather than TCP */
  bool evidence;      /* port: a listener there is a sign of the worm (no: Windows listens too) */
  bool confirmed;
  unsigned line;      /* line in the catalogue, for messages */
} scan_indicator;

typedef enum
{
  SCAN_OS_NT4,
  SCAN_OS_WIN2000,
  SCAN_OS_WINXP,
  SCAN_OS_WIN2003,
  SCAN_OS__COUNT
} scan_os;

typedef struct scan_patch
{
  const char *id;        /* "KB823980", "Q815021" */
  const char *bulletin;  /* "MS03-026" */
  const char *title;
  const char *fixes;     /* "rpc", "webdav", "kernel" or NULL */
  const char *source;
  /* Service pack of each OS that includes the update; 0: none known. */
  unsigned included_in_sp[SCAN_OS__COUNT];
  /* Updates that make this one unnecessary, NULL-terminated. */
  const struct scan_patch **superseded_by;
  /* Keys under HKLM\SOFTWARE\Microsoft\Updates\ that prove it, per OS; NULL-terminated. */
  const char **keys[SCAN_OS__COUNT];
} scan_patch;

/** Where a catalogue failed to parse: file name, line and what is wrong (English). */
typedef struct scan_rules_diag
{
  char file[256];
  unsigned line;
  char message[256];
} scan_rules_diag;

typedef struct scan_rules scan_rules;

/** Parses a catalogue from TEXT (LEN bytes); NAME is used in messages. 0 or SCAN_EPARSE/ENOMEM. */
int scan_rules_parse (const char *text, size_t len, const char *name, scan_rules **out,
                      scan_rules_diag *diag);

/** Reads and parses the catalogue at PATH. 0, SCAN_EPARSE, or an I/O error code. */
int scan_rules_load_file (const char *path, scan_rules **out, scan_rules_diag *diag);

/** Parses the catalogue built into the program (data/rules/blaster.rules). */
int scan_rules_load_builtin (scan_rules **out, scan_rules_diag *diag);

void scan_rules_free (scan_rules *rules);

/** The catalogue's `version` attribute. */
const char *scan_rules_version (const scan_rules *rules);

/** The SHA-256 of the catalogue's bytes, 64 lowercase hex digits. */
const char *scan_rules_sha256 (const scan_rules *rules);

/** Where the catalogue came from: a file path, or "built-in". */
const char *scan_rules_origin (const scan_rules *rules);

/** All indicators in file order; *N receives the count. */
const scan_indicator *scan_rules_indicators (const scan_rules *rules, size_t *n);

/** All variants in file order. */
const scan_variant *scan_rules_variants (const scan_rules *rules, size_t *n);

/** All patches in file order. */
const scan_patch *scan_rules_patches (const scan_rules *rules, size_t *n);

/**
 * The file indicators (SCAN_IND_FILE) and real Windows programs (SCAN_IND_LEGIT) whose name
 * equals NAME (LEN bytes, compared case-insensitively), NULL-terminated; NULL when none.
 * Fast: this is called for every entry of a volume.
 */
const scan_indicator *const *scan_rules_match_name (const scan_rules *rules, const char *name,
                                                    size_t len);

/** The prefetch indicators, NULL-terminated. */
const scan_indicator *const *scan_rules_prefetch (const scan_rules *rules);

/** The stable name of an OS ("winxp"), or NULL. */
const char *scan_os_name (scan_os os);
