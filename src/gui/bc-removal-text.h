/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bc-removal-text.h: a removal's actions in words, the same on the Recovery page, in the PDF
 * report and on the receipt.
 */
#pragma once

#include <glib.h>

#include "scan-remove.h"

G_BEGIN_DECLS

/** How many lines a list of a removal shows (actions, a hive's changes, what will change)
 * before "… and N more, not listed.": a hostile hive may hold ten thousand of the worm's
 * values, and neither a page nor a printed report should build ten thousand lines. */
#define BC_REMOVAL_MAX_LINES 50

/** The places ACTION changes, as the checked Windows names them, one a line (at most
 * BC_REMOVAL_MAX_LINES, then "… and N more, not listed."), made safe to show. */
char *bc_removal_action_places (const scan_action *action);

/** What became of ACTION: "moved into the quarantine: done", "registry file changed: not
 * done: <why>". */
char *bc_removal_action_outcome (const scan_action *action);

/** "… and N more, not listed." */
char *bc_removal_more_text (guint64 more);

G_END_DECLS
