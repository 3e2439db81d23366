/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "bc-config.h"

static gboolean forced_kiosk;

GSettings *
bc_config_settings (void)
{
  static GSettings *settings;
  static gboolean looked;

  if (!looked)
    {
      /* g_settings_new () aborts on a schema it cannot find: look it up first. */
      GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
      g_autoptr (GSettingsSchema) schema
        = source ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;
      looked = TRUE;
      if (schema)
        settings = g_settings_new_full (schema, NULL, NULL);
      else
        g_warning ("settings schema %s not installed: the defaults apply", APP_ID);
    }
  return settings;
}

void
bc_config_force_kiosk (void)
{
  forced_kiosk = TRUE;
}

gboolean
bc_config_kiosk (void)
{
  GSettings *settings = bc_config_settings ();
  return forced_kiosk || (settings && g_settings_get_boolean (settings, "kiosk-mode"));
}

gboolean
bc_config_links_as_qr (void)
{
  GSettings *settings = bc_config_settings ();
  g_autofree char *mode = settings ? g_settings_get_string (settings, "link-mode") : NULL;
  return bc_config_kiosk () || g_strcmp0 (mode, "qr") == 0;
}
