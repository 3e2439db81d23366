/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "bc-language.h"

#include <glib/gi18n.h>
#include <locale.h>

/* Generated from po/LINGUAS: every translated language, plus English, the msgids. */
#include "bc-linguas.h"

#ifdef HAVE_NL_MSG_CAT_CNTR
/* GNU gettext's catalogue generation counter: bumping it makes gettext forget the translations
 * it cached, which it keys by locale, not by LANGUAGE (the gettext manual's way to switch). */
extern int _nl_msg_cat_cntr;
#endif

static char *current;

static const struct
{
  const char *code;
  const char *name;
} native_names[] = {
  { "en", "English" },
  { "ja", "日本語" },
};

const char *const *
bc_language_list (void)
{
  return bc_linguas;
}

const char *
bc_language_native_name (const char *code)
{
  for (gsize i = 0; i < G_N_ELEMENTS (native_names); i++)
    if (g_strcmp0 (native_names[i].code, code) == 0)
      return native_names[i].name;
  return code;
}

const char *
bc_language_get (void)
{
  return current;
}

static gboolean
known (const char *code)
{
  for (const char *const *l = bc_linguas; *l; l++)
    if (g_strcmp0 (*l, code) == 0)
      return TRUE;
  return FALSE;
}

gboolean
bc_language_set (const char *code)
{
  if (!known (code))
    return FALSE;
  g_free (current);
  current = g_strdup (code);
  g_setenv ("LANGUAGE", code, TRUE);
#ifdef HAVE_NL_MSG_CAT_CNTR
  ++_nl_msg_cat_cntr;
#else
  /* Elsewhere, setting the locale again is what drops the cached translations. */
  g_autofree char *messages = g_strdup (setlocale (LC_MESSAGES, NULL));
  setlocale (LC_MESSAGES, messages);
#endif
  return TRUE;
}

void
bc_language_init (const char *localedir)
{
  const char *const *wanted;
  const char *lc = setlocale (LC_ALL, "");

  /* In the plain C locale gettext ignores LANGUAGE: C.UTF-8 reads the same and honours it. */
  if (!lc || g_str_equal (lc, "C") || g_str_equal (lc, "POSIX"))
    setlocale (LC_ALL, "C.UTF-8");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* The first language the user's environment names that the wizard speaks; else English. */
  wanted = g_get_language_names ();
  for (; *wanted; wanted++)
    {
      g_autofree char *base = g_strndup (*wanted, strcspn (*wanted, "_.@"));
      if (known (base))
        {
          bc_language_set (base);
          return;
        }
    }
  bc_language_set ("en");
}
