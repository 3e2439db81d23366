/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "bc-language.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <string.h>

/* Generated from po/LINGUAS: every translated language, plus English, the msgids. */
#include "bc-linguas.h"

#ifdef HAVE_NL_MSG_CAT_CNTR
/* GNU gettext's catalogue generation counter: bumping it makes gettext forget the translations
 * it cached, which it keys by locale, not by LANGUAGE (the gettext manual's way to switch). */
extern int _nl_msg_cat_cntr;
#endif

/* Where the iso-codes package keeps its tables (JSON, English names) and their translations
 * (one gettext domain per table). Debian's prefix unless the build says otherwise. */
#ifndef ISO_CODES_PREFIX
#define ISO_CODES_PREFIX "/usr"
#endif
#define ISO_CODES_JSON ISO_CODES_PREFIX "/share/iso-codes/json/"
#define ISO_CODES_LOCALEDIR ISO_CODES_PREFIX "/share/locale"

static char *current;

/* Each language's own name, in bc_linguas's order: made once, by bc_language_init (). */
static char **native_names;

const char *const *
bc_language_list (void)
{
  return bc_linguas;
}

static int
language_index (const char *code)
{
  for (int i = 0; bc_linguas[i]; i++)
    if (g_strcmp0 (bc_linguas[i], code) == 0)
      return i;
  return -1;
}

const char *
bc_language_native_name (const char *code)
{
  int i = language_index (code);

  return i >= 0 && native_names && native_names[i] ? native_names[i] : code;
}

const char *
bc_language_get (void)
{
  return current;
}

/* Makes gettext read the catalogues of the language LANGUAGE now names. */
static void
forget_cached_translations (void)
{
#ifdef HAVE_NL_MSG_CAT_CNTR
  ++_nl_msg_cat_cntr;
#else
  /* Elsewhere, setting the locale again is what drops the cached translations. */
  g_autofree char *messages = g_strdup (setlocale (LC_MESSAGES, NULL));
  setlocale (LC_MESSAGES, messages);
#endif
}

gboolean
bc_language_set (const char *code)
{
  if (language_index (code) < 0)
    return FALSE;
  g_free (current);
  current = g_strdup (code);
  g_setenv ("LANGUAGE", code, TRUE);
  forget_cached_translations ();
  return TRUE;
}

/*
 * The English names iso-codes gives the codes in CODES (ISO 639 languages or ISO 3166
 * territories) in its table FILE (say "iso_639-2.json", whose array is "639-2"), keyed by code;
 * KEY is the member the codes are ("alpha_2", "alpha_3"). A territory's everyday name
 * (common_name: "Taiwan") is taken over its formal one, as iso-codes advises for display.
 */
static void
english_names (const char *file, const char *array, const char *key, GPtrArray *codes,
               GHashTable *names)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *path = g_strconcat (ISO_CODES_JSON, file, NULL);
  g_autoptr (GError) error = NULL;
  JsonNode *root;
  JsonArray *entries;

  if (codes->len == 0)
    return;
  if (!json_parser_load_from_mapped_file (parser, path, &error))
    {
      g_warning ("Languages are named by their codes: %s", error->message);
      return;
    }
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root)
      || !(entries = json_object_get_array_member (json_node_get_object (root), array)))
    return;
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);
      const char *code = entry ? json_object_get_string_member_with_default (entry, key, NULL)
                               : NULL;
      const char *name;

      if (!code || !g_ptr_array_find_with_equal_func (codes, code, g_str_equal, NULL))
        continue;
      name = json_object_get_string_member_with_default (entry, "common_name", NULL);
      if (!name)
        name = json_object_get_string_member_with_default (entry, "name", NULL);
      if (name)
        g_hash_table_insert (names, g_strdup (code), g_strdup (name));
    }
}

/* The codes of CODE's language ("pt" of "pt_BR") and territory ("BR"; NULL when none). */
static char *
language_part (const char *code)
{
  return g_strndup (code, strcspn (code, "_.@"));
}

static char *
territory_part (const char *code)
{
  const char *t = strchr (code, '_');

  return t ? g_strndup (t + 1, strcspn (t + 1, ".@")) : NULL;
}

/*
 * English names, keyed by code, of every language and territory of bc_linguas: the
 * languages from ISO 639-2 (a small table, read in a millisecond), and only a language it lacks
 * from ISO 639-3 (eight thousand languages: fifty milliseconds, too long for every start).
 */
static GHashTable *
english_names_of_linguas (void)
{
  GHashTable *names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GPtrArray) two = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) three = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) territories = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) missing_two = g_ptr_array_new ();
  g_autoptr (GPtrArray) missing_three = g_ptr_array_new ();

  for (const char *const *l = bc_linguas; *l; l++)
    {
      char *language = language_part (*l);
      char *territory = territory_part (*l);

      g_ptr_array_add (strlen (language) == 2 ? two : three, language);
      if (territory)
        g_ptr_array_add (territories, territory);
    }
  english_names ("iso_639-2.json", "639-2", "alpha_2", two, names);
  english_names ("iso_639-2.json", "639-2", "alpha_3", three, names);
  for (guint i = 0; i < two->len; i++)
    if (!g_hash_table_contains (names, two->pdata[i]))
      g_ptr_array_add (missing_two, two->pdata[i]);
  for (guint i = 0; i < three->len; i++)
    if (!g_hash_table_contains (names, three->pdata[i]))
      g_ptr_array_add (missing_three, three->pdata[i]);
  /* Each read of the big table at most once (english_names reads nothing for no code). */
  english_names ("iso_639-3.json", "639-3", "alpha_2", missing_two, names);
  english_names ("iso_639-3.json", "639-3", "alpha_3", missing_three, names);
  english_names ("iso_3166-1.json", "3166-1", "alpha_2", territories, names);
  return names;
}

/* NAME from its first letter a capital, as a menu item starts ("français" → "Français"); a
 * script without capitals is left as it is. */
static char *
capitalised (const char *name)
{
  gunichar first = g_utf8_get_char (name);
  char head[6];
  int len = g_unichar_to_utf8 (g_unichar_totitle (first), head);

  return g_strdup_printf ("%.*s%s", len, head, g_utf8_next_char (name));
}

/* ISO 639-2 gives some languages more than one name ("Spanish; Castilian"): the first is the
 * one in use. */
static char *
first_name (const char *names)
{
  return g_strstrip (g_strndup (names, strcspn (names, ";")));
}

/*
 * ENGLISH, a language's English name in ISO 639-2, in the language LANGUAGE now names. The
 * ISO 639-3 domain first, under each of the language's ISO 639-2 names ("Spanish", or
 * "Norwegian Bokmål" of "Bokmål, Norwegian; Norwegian Bokmål"): its names are one each, and kept
 * up by the translators of each language ("Chinese" is 中文 there for both Chinese catalogues,
 * where the ISO 639-2 domain's zh_CN says 汉语, the spoken language). The ISO 639-2 domain for
 * a name it lacks.
 */
static char *
translated_language (const char *english)
{
  g_auto (GStrv) names = g_strsplit (english, ";", -1);

  for (char **n = names; *n; n++)
    {
      const char *name = dgettext ("iso_639-3", g_strstrip (*n));
      if (name != *n)
        return g_strdup (name);
    }
  return first_name (dgettext ("iso_639-2", english));
}

/*
 * CODE's own name, from iso-codes's names and translations: the language as it writes itself
 * ("Deutsch"), and its territory too when the code names one ("Português (Brasil)",
 * "中文 (臺灣)"). English is the English name itself: iso-codes has no English catalogue.
 * Called with LANGUAGE set to CODE.
 */
static char *
native_name (const char *code, GHashTable *english)
{
  g_autofree char *language = language_part (code);
  g_autofree char *territory = territory_part (code);
  const char *language_name = g_hash_table_lookup (english, language);
  const char *territory_name = territory ? g_hash_table_lookup (english, territory) : NULL;
  g_autofree char *name = NULL;
  g_autofree char *word = NULL;

  if (!language_name)
    return g_strdup (code);
  word = translated_language (language_name);
  name = capitalised (word);
  if (!territory_name)
    return g_steal_pointer (&name);
  return g_strdup_printf ("%s (%s)", name, dgettext ("iso_3166-1", territory_name));
}

/* Every language's own name, each looked up in its own language's catalogues of iso-codes.
 * LANGUAGE is left for the caller to set. */
static void
make_native_names (void)
{
  g_autoptr (GHashTable) english = english_names_of_linguas ();
  GStrvBuilder *names = g_strv_builder_new ();

  bindtextdomain ("iso_639-2", ISO_CODES_LOCALEDIR);
  bindtextdomain ("iso_639-3", ISO_CODES_LOCALEDIR);
  bindtextdomain ("iso_3166-1", ISO_CODES_LOCALEDIR);
  bind_textdomain_codeset ("iso_639-2", "UTF-8");
  bind_textdomain_codeset ("iso_639-3", "UTF-8");
  bind_textdomain_codeset ("iso_3166-1", "UTF-8");
  for (const char *const *l = bc_linguas; *l; l++)
    {
      g_autofree char *name = NULL;

      g_setenv ("LANGUAGE", *l, TRUE);
      forget_cached_translations ();
      name = native_name (*l, english);
      g_strv_builder_add (names, name);
    }
  g_strfreev (native_names);
  native_names = g_strv_builder_end (names);
  g_strv_builder_unref (names);
}

/* The first language the user's environment names that the wizard speaks; else English. */
static const char *
desktop_language (void)
{
  for (const char *const *wanted = g_get_language_names (); *wanted; wanted++)
    {
      g_autofree char *base = language_part (*wanted);
      int i = language_index (*wanted) >= 0 ? language_index (*wanted) : language_index (base);

      if (i >= 0)
        return bc_linguas[i];
    }
  return "en";
}

void
bc_language_init (const char *localedir)
{
  const char *lc = setlocale (LC_ALL, "");
  const char *language;

  /* In the plain C locale gettext ignores LANGUAGE: C.UTF-8 reads the same and honours it. */
  if (!lc || g_str_equal (lc, "C") || g_str_equal (lc, "POSIX"))
    setlocale (LC_ALL, "C.UTF-8");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Chosen before the names are made: naming them sets LANGUAGE, which the choice reads. */
  language = desktop_language ();
  make_native_names ();
  bc_language_set (language);
}
