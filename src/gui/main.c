/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "bc-application.h"
#include "bc-language.h"

int
main (int argc, char **argv)
{
  g_autoptr (BcApplication) app = NULL;
  const char *localedir = g_getenv ("BLASTER_CHECK_LOCALEDIR");

  bc_language_init (localedir && *localedir ? localedir : LOCALEDIR);
  app = bc_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
