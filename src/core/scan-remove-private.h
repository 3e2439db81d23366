/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * scan-remove-private.h: between the removal's engine (scan-remove.c) and its manifest
 * (scan-manifest.c), not part of the core's API.
 */
#pragma once

#include "scan-private.h"
#include "scan-remove.h"

/** REMOVAL as the manifest's JSON text, appended to B. 0 or SCAN_ENOMEM. */
int scan__manifest_write (const scan_removal *removal, char separator, scan__buf *b);

/**
 * Reads the manifest's LEN bytes TEXT into REMOVAL (empty before; its QUARANTINE and ROOT are
 * the caller's to set after). Every name is checked: an action's path below the root must not
 * be absolute or climb out (".." or an empty part), a name in the quarantine must be one plain
 * name. 0, SCAN_EMANIFEST or SCAN_ENOMEM.
 */
int scan__manifest_read (const char *text, size_t len, char separator, scan_removal *removal);

/** Frees what ACTION holds. */
void scan__action_clear (scan_action *action);
