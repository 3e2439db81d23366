/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The link check's results kept with their time, so that the links page can say what it found
 * and when without asking the network again: $XDG_CACHE_HOME/blaster-check/link-check.json,
 * keyed by address. Nothing of a customer is in it: only the advisory's addresses.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "bc-link-check.h"

G_BEGIN_DECLS

/** The largest links file (links.ini) read: a few dozen links are 20 KB. */
#define BC_LINKS_FILE_MAX (1024 * 1024)
/** The largest kept results file read: a few dozen addresses are 20 KB. */
#define BC_LINK_STORE_MAX (4 * 1024 * 1024)

/**
 * The contents of PATH, refused before it is read when larger than MAX bytes: a regular file by
 * its size (fstat of the opened file), anything else (/dev/zero, a FIFO, a pipe) by a read that
 * stops past MAX and never waits long for data. A folder is refused. G_FILE_ERROR_NOENT when
 * there is no such file; every other error says PATH and why.
 */
GBytes *bc_link_read_file (const char *path, gsize max, GError **error);

/** Where the results are kept. */
char *bc_link_store_path (void);

/** Keeps CHECKS (BcAddressCheck), replacing what was kept. */
gboolean bc_link_store_save (GPtrArray *checks, GError **error);

/**
 * The kept results: a table of address → BcAddressCheck (owned by the table), empty when
 * nothing was kept; NULL with ERROR set when the file is there but unreadable or damaged.
 */
GHashTable *bc_link_store_load (GError **error);

/**
 * Adds copies of CHECKS (BcAddressCheck) to TABLE (address → BcAddressCheck, owning them): a
 * new result replaces the old one of its address, except "not checked" (a stopped check), which
 * says nothing new.
 */
void bc_link_checks_merge (GHashTable *table, GPtrArray *checks);

/**
 * Adds CHECKS to the kept results as bc_link_checks_merge () does, and keeps them. Returns all the kept results (as bc_link_store_load ()), or NULL with ERROR set when they
 * could not be written.
 */
GHashTable *bc_link_store_add (GPtrArray *checks, GError **error);

/** CHECK's members (address, status, problem…, checked_at as ISO 8601) into an open object. */
void bc_address_check_write_json (JsonBuilder *builder, const BcAddressCheck *check);

/** What BUILDER built, as indented JSON text. */
char *bc_link_json_text (JsonBuilder *builder);

/** SECONDS since 1970 as "2026-11-26T15:40:00Z". */
char *bc_link_time_iso8601 (gint64 seconds);

G_END_DECLS
