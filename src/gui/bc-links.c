/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "bc-links.h"

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "bc-language.h"
#include "bc-link-store.h"

#define LINKS_RESOURCE "/io/github/blastercheck/BlasterCheck/links.ini"

static char *links_file; /* --links FILE; NULL: the built-in links */

static void
localized_free (BcLinkLocalized *localized)
{
  g_free (localized->language);
  g_free (localized->address);
  g_free (localized);
}

void
bc_link_free (BcLink *link)
{
  if (!link)
    return;
  g_free (link->id);
  g_free (link->section);
  g_free (link->title);
  g_free (link->description);
  g_free (link->original);
  g_free (link->current);
  g_clear_pointer (&link->localized, g_ptr_array_unref);
  g_free (link->archive);
  g_free (link->catalog);
  g_free (link->catalog_note);
  g_free (link->bulletin);
  g_free (link->status);
  g_free (link->note);
  g_free (link->checked);
  g_free (link);
}

/* What the links file says to open: its current address, else the archived copy. */
static const char *
file_address (const BcLink *link)
{
  return link->current ? link->current : link->archive;
}

const char *
bc_link_best_address (const BcLink *link)
{
  g_return_val_if_fail (link != NULL, NULL);
  return link->checked ? link->checked : file_address (link);
}

/* An optional key: NULL when absent or empty, so that "key=" means the same as no key. A
 * LOCALIZED key is read in LANGUAGE (NULL: the environment's), falling back to the plain key. */
static char *
get_text (GKeyFile *file, const char *group, const char *key, gboolean localized,
          const char *language)
{
  char *value = localized ? g_key_file_get_locale_string (file, group, key, language, NULL)
                          : g_key_file_get_string (file, group, key, NULL);
  if (value && !*value)
    g_clear_pointer (&value, g_free);
  return value;
}

/* Every current[LL] of GROUP, whatever the language loaded: the link check asks for each. */
static GPtrArray *
get_localized (GKeyFile *file, const char *group)
{
  g_auto (GStrv) keys = g_key_file_get_keys (file, group, NULL, NULL);
  GPtrArray *found = NULL;

  for (char **key = keys; key && *key; key++)
    {
      BcLinkLocalized *localized;
      const char *language;
      char *address;
      size_t length;

      if (!g_str_has_prefix (*key, "current[") || !g_str_has_suffix (*key, "]"))
        continue;
      language = *key + strlen ("current[");
      length = strlen (language) - 1;
      address = get_text (file, group, *key, FALSE, NULL);
      if (length == 0 || !address)
        {
          g_free (address);
          continue;
        }
      localized = g_new0 (BcLinkLocalized, 1);
      localized->language = g_strndup (language, length);
      localized->address = address;
      if (!found)
        found = g_ptr_array_new_with_free_func ((GDestroyNotify) localized_free);
      g_ptr_array_add (found, localized);
    }
  return found;
}

static gboolean
get_flag (GKeyFile *file, const char *group, const char *key, gboolean fallback,
          GError **error)
{
  GError *local = NULL;
  gboolean value;

  if (!g_key_file_has_key (file, group, key, NULL))
    return fallback;
  value = g_key_file_get_boolean (file, group, key, &local);
  if (local)
    {
      g_propagate_error (error, local);
      return fallback;
    }
  return value;
}

/* A link the page could not show or open is a defect of the file: refuse it, naming it. */
static gboolean
check_link (const BcLink *link, gboolean has_source, GError **error)
{
  const char *missing = NULL;

  if (!link->title)
    missing = "title";
  else if (!link->section)
    missing = "section";
  else if (!has_source)
    missing = "source";
  else if (link->in_advisory && !link->original)
    missing = "original";
  else if (link->in_advisory && !link->archive)
    missing = "archive";
  else if (!file_address (link))
    missing = "current";
  if (!missing)
    return TRUE;
  g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND,
               /* Translators: a defect of the built-in list of links; the first %s is a link's
                * id, the second a key name such as "title" */
               _("The list of links is damaged: link “%s” has no “%s”"), link->id, missing);
  return FALSE;
}

GPtrArray *
bc_links_parse (GBytes *data, const char *language, GError **error)
{
  g_autoptr (GKeyFile) file = g_key_file_new ();
  g_autoptr (GPtrArray) links = g_ptr_array_new_with_free_func ((GDestroyNotify) bc_link_free);
  g_auto (GStrv) groups = NULL;

  g_return_val_if_fail (data != NULL, NULL);

  /* Every language is kept: LANGUAGE may differ from the environment's. */
  if (!g_key_file_load_from_bytes (file, data, G_KEY_FILE_KEEP_TRANSLATIONS, error))
    return NULL;
  groups = g_key_file_get_groups (file, NULL);
  for (char **group = groups; *group; group++)
    {
      g_autoptr (BcLink) link = g_new0 (BcLink, 1);
      GError *local = NULL;

      link->id = g_strdup (*group);
      link->section = get_text (file, *group, "section", FALSE, NULL);
      link->title = get_text (file, *group, "title", TRUE, language);
      link->description = get_text (file, *group, "description", TRUE, language);
      link->original = get_text (file, *group, "original", FALSE, NULL);
      link->current = get_text (file, *group, "current", TRUE, language);
      link->localized = get_localized (file, *group);
      link->archive = get_text (file, *group, "archive", FALSE, NULL);
      link->catalog = get_text (file, *group, "catalog", FALSE, NULL);
      link->catalog_note = get_text (file, *group, "catalog-note", TRUE, language);
      link->bulletin = get_text (file, *group, "bulletin", FALSE, NULL);
      link->status = get_text (file, *group, "status-note", TRUE, language);
      link->note = get_text (file, *group, "note", FALSE, NULL);
      link->dead = get_flag (file, *group, "dead", FALSE, &local);
      if (!local)
        link->in_advisory = get_flag (file, *group, "in-advisory", TRUE, &local);
      if (local)
        {
          g_propagate_prefixed_error (error, local, "[%s]: ", *group);
          return NULL;
        }
      if (!check_link (link, g_key_file_has_key (file, *group, "source", NULL), error))
        return NULL;
      g_ptr_array_add (links, g_steal_pointer (&link));
    }
  return g_steal_pointer (&links);
}

void
bc_links_set_file (const char *path)
{
  g_free (links_file);
  links_file = g_strdup (path);
}

/* The built-in links, or those of --links FILE. */
static GPtrArray *
load_file (GError **error)
{
  g_autoptr (GBytes) data = NULL;
  g_autoptr (GError) local = NULL;
  GPtrArray *links;

  if (!links_file)
    {
      data = g_resources_lookup_data (LINKS_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
      return data ? bc_links_parse (data, bc_language_get (), error) : NULL;
    }
  /* Its size checked before it is read: --links /dev/zero must not fill the memory. */
  data = bc_link_read_file (links_file, BC_LINKS_FILE_MAX, error);
  if (!data)
    return NULL;
  if (g_bytes_get_size (data) == 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   /* Translators: %s is a file (given with --links) that holds nothing */
                   _("%s is empty: it holds no links"), links_file);
      return NULL;
    }
  links = bc_links_parse (data, bc_language_get (), &local);
  if (!links)
    g_propagate_prefixed_error (error, g_steal_pointer (&local), "%s: ", links_file);
  return links;
}

GPtrArray *
bc_links_load (GError **error)
{
  GPtrArray *links = load_file (error);
  /* Unreadable kept results are only no results: the links page says why. */
  g_autoptr (GHashTable) kept = links ? bc_link_store_load (NULL) : NULL;

  for (guint i = 0; kept && i < links->len; i++)
    {
      BcLink *link = g_ptr_array_index (links, i);
      BcLinkVerdict verdict;

      bc_link_judge (link, kept, &verdict);
      /* Offline said nothing about the page: the links file knows better. */
      if (verdict.state != BC_LINK_NOT_CHECKED && verdict.state != BC_LINK_OFFLINE)
        link->checked = g_strdup (verdict.opens);
    }
  return links;
}

static const BcAddressCheck *
lookup (GHashTable *checks, const char *address)
{
  return checks && address ? g_hash_table_lookup (checks, address) : NULL;
}

static gboolean
works (const BcAddressCheck *check)
{
  return check && (check->state == BC_LINK_LIVE || check->state == BC_LINK_MOVED);
}

static gboolean
known (const BcAddressCheck *check)
{
  return check && check->state != BC_LINK_NOT_CHECKED;
}

void
bc_link_judge (const BcLink *link, GHashTable *checks, BcLinkVerdict *verdict)
{
  const BcAddressCheck *main;

  g_return_if_fail (link != NULL && verdict != NULL);

  *verdict = (BcLinkVerdict) { 0 };
  verdict->original = lookup (checks, link->original);
  verdict->current = lookup (checks, link->current);
  main = verdict->main = link->original ? verdict->original : verdict->current;
  verdict->state = main ? main->state : BC_LINK_NOT_CHECKED;
  verdict->archive_found = verdict->original && verdict->original->archived;
  verdict->archive = verdict->archive_found ? verdict->original->archived : link->archive;

  if (works (verdict->original))
    {
      verdict->opens_kind = verdict->original->state == BC_LINK_LIVE ? BC_LINK_OPENS_ORIGINAL
                                                                     : BC_LINK_OPENS_MOVED;
      verdict->opens = verdict->original->state == BC_LINK_LIVE
                         ? link->original : verdict->original->final_address;
    }
  else if (works (verdict->current))
    {
      verdict->opens_kind = BC_LINK_OPENS_CURRENT;
      verdict->opens = verdict->current->state == BC_LINK_LIVE
                         ? link->current : verdict->current->final_address;
    }
  else if (!known (main) || (link->current && !known (verdict->current)
                             && !verdict->archive_found))
    {
      /* Nothing known, or the current address not asked: as the links file says. */
      verdict->opens = file_address (link);
      verdict->opens_kind = link->current ? BC_LINK_OPENS_CURRENT : BC_LINK_OPENS_ARCHIVE;
    }
  else
    {
      /* Gone, or offline: the archived copy, where there is one. */
      verdict->opens = verdict->archive ? verdict->archive : file_address (link);
      verdict->opens_kind = verdict->archive ? BC_LINK_OPENS_ARCHIVE : BC_LINK_OPENS_CURRENT;
    }
}

void
bc_links_count (GPtrArray *links, GHashTable *checks, guint counts[BC_LINK_OFFLINE + 1])
{
  memset (counts, 0, sizeof (guint) * (BC_LINK_OFFLINE + 1));
  for (guint i = 0; i < links->len; i++)
    {
      BcLinkVerdict verdict;

      bc_link_judge (g_ptr_array_index (links, i), checks, &verdict);
      counts[verdict.state]++;
    }
}

gboolean
bc_links_offline (GPtrArray *links, GHashTable *checks)
{
  guint counts[BC_LINK_OFFLINE + 1];

  bc_links_count (links, checks, counts);
  return counts[BC_LINK_OFFLINE] > 0 && counts[BC_LINK_LIVE] + counts[BC_LINK_MOVED]
                                          + counts[BC_LINK_DEAD] == 0;
}

GArray *
bc_links_requests (GPtrArray *links)
{
  GArray *requests = g_array_new (FALSE, TRUE, sizeof (BcLinkCheckRequest));
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < links->len; i++)
    {
      const BcLink *link = g_ptr_array_index (links, i);
      const char *addresses[] = { link->original, link->current };

      for (guint j = 0; j < G_N_ELEMENTS (addresses); j++)
        if (addresses[j] && g_hash_table_add (seen, (gpointer) addresses[j]))
          {
            BcLinkCheckRequest request = { addresses[j], j == 0 };
            g_array_append_val (requests, request);
          }
      for (guint j = 0; link->localized && j < link->localized->len; j++)
        {
          const BcLinkLocalized *localized = g_ptr_array_index (link->localized, j);

          if (g_hash_table_add (seen, localized->address))
            {
              BcLinkCheckRequest request = { localized->address, FALSE };
              g_array_append_val (requests, request);
            }
        }
    }
  return requests;
}

const BcLink *
bc_links_find (GPtrArray *links, const char *id)
{
  g_return_val_if_fail (links != NULL, NULL);
  for (guint i = 0; i < links->len; i++)
    {
      const BcLink *link = g_ptr_array_index (links, i);
      if (g_strcmp0 (link->id, id) == 0)
        return link;
    }
  return NULL;
}

const BcLink *
bc_links_find_bulletin (GPtrArray *links, const char *bulletin)
{
  g_return_val_if_fail (links != NULL, NULL);
  for (guint i = 0; i < links->len; i++)
    {
      const BcLink *link = g_ptr_array_index (links, i);
      if (link->bulletin && g_ascii_strcasecmp (link->bulletin, bulletin) == 0)
        return link;
    }
  return NULL;
}
