/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "bc-link-cli.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "bc-link-check.h"
#include "bc-link-store.h"
#include "bc-links.h"

static const char *
opens_kind_name (BcLinkOpens kind)
{
  static const char *const names[] = {
    [BC_LINK_OPENS_ORIGINAL] = "original",
    [BC_LINK_OPENS_MOVED] = "moved",
    [BC_LINK_OPENS_CURRENT] = "current",
    [BC_LINK_OPENS_ARCHIVE] = "archive",
  };
  return names[kind];
}

/* "reason": REASON, or null when the check gives none. */
static void
add_reason (JsonBuilder *builder, const char *reason)
{
  json_builder_set_member_name (builder, "reason");
  if (reason)
    json_builder_add_string_value (builder, reason);
  else
    json_builder_add_null_value (builder);
}

static void
add_check (JsonBuilder *builder, const char *role, const BcAddressCheck *check)
{
  g_autofree char *reason = bc_address_check_reason (check);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, role);
  bc_address_check_write_json (builder, check);
  add_reason (builder, reason);
  json_builder_end_object (builder);
}

/* The languages' own current addresses of LINK, as checked: each language's page is there or
 * not on its own, whatever language this run speaks. */
static void
add_languages (JsonBuilder *builder, const BcLink *link, GHashTable *checks)
{
  json_builder_set_member_name (builder, "languages");
  json_builder_begin_array (builder);
  for (guint i = 0; link->localized && i < link->localized->len; i++)
    {
      const BcLinkLocalized *localized = g_ptr_array_index (link->localized, i);
      const BcAddressCheck *check = g_hash_table_lookup (checks, localized->address);
      g_autofree char *reason = check ? bc_address_check_reason (check) : NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "language");
      json_builder_add_string_value (builder, localized->language);
      if (check)
        bc_address_check_write_json (builder, check);
      else
        {
          json_builder_set_member_name (builder, "address");
          json_builder_add_string_value (builder, localized->address);
          json_builder_set_member_name (builder, "status");
          json_builder_add_string_value (builder,
                                         bc_link_state_to_string (BC_LINK_NOT_CHECKED));
        }
      add_reason (builder, reason);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
print_json (GPtrArray *links, GHashTable *checks, gint64 checked_at, gboolean offline)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autofree char *when = bc_link_time_iso8601 (checked_at);
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "checked_at");
  json_builder_add_string_value (builder, when);
  json_builder_set_member_name (builder, "offline");
  json_builder_add_boolean_value (builder, offline);
  json_builder_set_member_name (builder, "links");
  json_builder_begin_array (builder);
  for (guint i = 0; i < links->len; i++)
    {
      const BcLink *link = g_ptr_array_index (links, i);
      BcLinkVerdict verdict;

      bc_link_judge (link, checks, &verdict);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, link->id);
      json_builder_set_member_name (builder, "title");
      json_builder_add_string_value (builder, link->title);
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, bc_link_state_to_string (verdict.state));
      json_builder_set_member_name (builder, "opens");
      json_builder_add_string_value (builder, verdict.opens);
      json_builder_set_member_name (builder, "opens_kind");
      json_builder_add_string_value (builder, opens_kind_name (verdict.opens_kind));
      json_builder_set_member_name (builder, "checks");
      json_builder_begin_array (builder);
      if (verdict.original)
        add_check (builder, "original", verdict.original);
      if (verdict.current)
        add_check (builder, "current", verdict.current);
      json_builder_end_array (builder);
      add_languages (builder, link, checks);
      json_builder_set_member_name (builder, "archive");
      if (verdict.archive)
        {
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "address");
          json_builder_add_string_value (builder, verdict.archive);
          json_builder_set_member_name (builder, "source");
          json_builder_add_string_value (builder, verdict.archive_found ? "wayback"
                                                                        : "links-file");
          json_builder_set_member_name (builder, "timestamp");
          if (verdict.archive_found && verdict.original->archived_timestamp)
            json_builder_add_string_value (builder, verdict.original->archived_timestamp);
          else
            json_builder_add_null_value (builder);
          json_builder_end_object (builder);
        }
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  text = bc_link_json_text (builder);
  g_print ("%s\n", text);
}

/* Columns on a terminal: a Japanese character takes two. */
static guint
display_width (const char *text)
{
  guint width = 0;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    width += g_unichar_iswide (g_utf8_get_char (p)) ? 2 : 1;
  return width;
}

/* Which address "Opens: %s (%s)" names. */
static const char *
opens_words (BcLinkOpens kind)
{
  switch (kind)
    {
    case BC_LINK_OPENS_ORIGINAL:
      /* Translators: the address a link opens, in "Opens: <address> (the 2003 address)" */
      return _("the 2003 address");
    case BC_LINK_OPENS_MOVED:
      /* Translators: as "the 2003 address": where its redirects lead */
      return _("where the 2003 address leads now");
    case BC_LINK_OPENS_CURRENT:
      /* Translators: as "the 2003 address" */
      return _("the current address");
    case BC_LINK_OPENS_ARCHIVE:
    default:
      /* Translators: as "the 2003 address": the Internet Archive's copy */
      return _("the archived copy");
    }
}

/* Each language's own current address of LINK, one line each: "[de] Gone  https://…", and
 * why, under it. */
static void
print_languages (const BcLink *link, GHashTable *checks, guint column)
{
  for (guint i = 0; link->localized && i < link->localized->len; i++)
    {
      const BcLinkLocalized *localized = g_ptr_array_index (link->localized, i);
      const BcAddressCheck *check = g_hash_table_lookup (checks, localized->address);
      BcLinkState state = check ? check->state : BC_LINK_NOT_CHECKED;
      g_autofree char *reason = check ? bc_address_check_reason (check) : NULL;

      g_print ("%*s[%s] %s  %s\n", (int) column, "", localized->language,
               bc_link_state_label (state), localized->address);
      if (reason && state != BC_LINK_OFFLINE)
        g_print ("%*s%s\n", (int) column + 2, "", reason);
    }
}

static void
print_table (GPtrArray *links, GHashTable *checks, gint64 checked_at, gboolean offline)
{
  g_autoptr (GDateTime) when = g_date_time_new_from_unix_local (checked_at);
  /* Translators: a date and time, as strftime () writes it */
  g_autofree char *when_text = g_date_time_format (when, _("%Y-%m-%d %H:%M"));
  guint counts[BC_LINK_OFFLINE + 1];
  guint column = 0;

  for (guint s = BC_LINK_NOT_CHECKED; s <= BC_LINK_OFFLINE; s++)
    column = MAX (column, display_width (bc_link_state_label (s)));
  column += 2;

  /* Translators: %s is a date and time, %u a number of links */
  g_print (g_dngettext (GETTEXT_PACKAGE, "Link check of %2$s: %1$u link\n",
                        "Link check of %2$s: %1$u links\n", links->len),
           links->len, when_text);
  if (offline)
    g_print ("%s\n", _("This computer could not reach the internet: no link could be checked. "
                       "Each link's archived copy is shown; open it on a device that is online."));
  g_print ("\n");

  bc_links_count (links, checks, counts);
  for (guint i = 0; i < links->len; i++)
    {
      const BcLink *link = g_ptr_array_index (links, i);
      const char *label;
      BcLinkVerdict verdict;
      g_autofree char *reason = NULL;

      bc_link_judge (link, checks, &verdict);
      label = bc_link_state_label (verdict.state);
      reason = verdict.main ? bc_address_check_reason (verdict.main) : NULL;

      g_print ("%s%*s%s\n", label, (int) (column - display_width (label)), "", link->title);
      if (link->original)
        g_print ("%*s%s\n", (int) column, "", link->original);
      if (reason && verdict.state != BC_LINK_OFFLINE)
        g_print ("%*s%s\n", (int) column, "", reason);
      g_print ("%*s", (int) column, "");
      /* Translators: the first %s is an address, the second says which one it is ("the
       * archived copy") */
      g_print (_("Opens: %s (%s)"), verdict.opens, opens_words (verdict.opens_kind));
      g_print ("\n");
      print_languages (link, checks, column);
      g_print ("\n");
    }
  /* Translators: the end of the link check's table: how many links were found in each state */
  g_print (_("Live: %u   Moved: %u   Gone: %u   Offline: %u   Not checked: %u\n"),
           counts[BC_LINK_LIVE], counts[BC_LINK_MOVED], counts[BC_LINK_DEAD],
           counts[BC_LINK_OFFLINE], counts[BC_LINK_NOT_CHECKED]);
}

int
bc_link_cli_run (gboolean json, int timeout_s)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) links = bc_links_load (&error);
  g_autoptr (GArray) requests = NULL;
  g_autoptr (GPtrArray) results = NULL;
  g_autoptr (GHashTable) checks = NULL;
  BcLinkCheckOptions options = { .timeout_s = timeout_s };
  g_autoptr (GHashTable) kept = NULL;
  gboolean offline;
  gint64 checked_at;

  if (!links)
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  requests = bc_links_requests (links);
  results = bc_link_check_run ((BcLinkCheckRequest *) (void *) requests->data, requests->len,
                               &options, NULL, NULL, NULL);
  checked_at = g_get_real_time () / G_USEC_PER_SEC;

  checks = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < results->len; i++)
    {
      BcAddressCheck *check = g_ptr_array_index (results, i);
      g_hash_table_insert (checks, check->address, check);
    }
  offline = bc_links_offline (links, checks);
  /* Kept as the wizard keeps its own checks: the links page shows them next time. */
  kept = bc_link_store_add (results, &error);
  if (!kept)
    g_printerr (_("The results could not be kept: %s\n"), error->message);

  if (json)
    print_json (links, checks, checked_at, offline);
  else
    print_table (links, checks, checked_at, offline);
  return offline ? 1 : 0;
}
