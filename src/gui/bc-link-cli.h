/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * `blaster-check --check-links [--json]`: the link doctor without a window. Checks every link,
 * keeps the results (bc-link-store.h), prints a table in the user's language or the JSON.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * Checks the links (bc_links_load ()) with TIMEOUT_S seconds for each address (0: the
 * default) and prints them. Returns the exit status: 0 checked (dead links are normal), 1 this
 * computer is offline, 2 the links could not be read.
 */
int bc_link_cli_run (gboolean json, int timeout_s);

G_END_DECLS
