/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The wizard's settings for this run: the GSettings schema io.github.blastercheck.BlasterCheck
 * (an administrator locks them with dconf, README.md), with --kiosk forcing kiosk mode. One
 * place answers "may a browser open?" and "is this a kiosk?" for every page.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * The settings, or NULL where the schema is not installed (a build run without
 * GSETTINGS_SCHEMA_DIR): then every answer below is its schema default. Not a new reference.
 */
GSettings *bc_config_settings (void);

/** --kiosk: kiosk mode for this run, whatever the setting says. */
void bc_config_force_kiosk (void);

/** Kiosk mode: the setting kiosk-mode, or --kiosk. */
gboolean bc_config_kiosk (void);

/** Links become QR codes with their address, never a browser: in kiosk mode, or link-mode "qr". */
gboolean bc_config_links_as_qr (void);

G_END_DECLS
