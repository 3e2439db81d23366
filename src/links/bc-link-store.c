/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "bc-link-store.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "bc-link-json.h"

#define STORE_VERSION 1

char *
bc_link_store_path (void)
{
  return g_build_filename (g_get_user_cache_dir (), "blaster-check", "link-check.json", NULL);
}

/* How long a file that is not a regular one (a FIFO, a pipe) may keep us waiting for data. */
#define READ_WAIT_MS 2000

static void
set_too_large (GError **error, const char *path, gsize max)
{
  g_autofree char *size = g_format_size_full (max, G_FORMAT_SIZE_IEC_UNITS);

  g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
               /* Translators: the first %s is a file, the second a size such as "1.0 MiB" */
               _("%s is larger than %s, the limit for this file: not read"), path, size);
}

static void
set_errno (GError **error, const char *path, int saved)
{
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
               /* Translators: %s is a file, the second %s the system's reason */
               _("%s could not be read: %s"), path, g_strerror (saved));
}

GBytes *
bc_link_read_file (const char *path, gsize max, GError **error)
{
  g_autoptr (GByteArray) data = NULL;
  struct stat st;
  gint64 deadline;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  /* Non-blocking: opening a FIFO with no writer must not wait for one. */
  fd = g_open (path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      set_errno (error, path, errno);
      return NULL;
    }
  if (fstat (fd, &st) != 0)
    {
      set_errno (error, path, errno);
      close (fd);
      return NULL;
    }
  if (S_ISDIR (st.st_mode))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR,
                   /* Translators: %s is a path */
                   _("%s is a folder, not a file"), path);
      close (fd);
      return NULL;
    }
  if (S_ISREG (st.st_mode) && (guint64) st.st_size > max)
    {
      set_too_large (error, path, max);
      close (fd);
      return NULL;
    }

  data = g_byte_array_sized_new (S_ISREG (st.st_mode) ? (guint) st.st_size + 1 : 4096);
  deadline = g_get_monotonic_time () + READ_WAIT_MS * 1000;
  for (;;)
    {
      guint8 buffer[16384];
      gsize want = MIN (sizeof buffer, max + 1 - data->len);
      gssize got = read (fd, buffer, want);

      if (got > 0)
        {
          g_byte_array_append (data, buffer, got);
          if (data->len > max)
            {
              set_too_large (error, path, max);
              close (fd);
              return NULL;
            }
          continue;
        }
      if (got == 0)
        break;
      if (errno == EINTR)
        continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK)
        {
          struct pollfd wait = { .fd = fd, .events = POLLIN };
          gint64 left_ms = (deadline - g_get_monotonic_time ()) / 1000;

          if (left_ms > 0 && poll (&wait, 1, (int) left_ms) >= 0)
            continue;
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_AGAIN,
                       /* Translators: %s is a file (a pipe, a FIFO) that gave no data */
                       _("%s gave nothing to read in time: not read"), path);
          close (fd);
          return NULL;
        }
      set_errno (error, path, errno);
      close (fd);
      return NULL;
    }
  close (fd);
  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

char *
bc_link_time_iso8601 (gint64 seconds)
{
  g_autoptr (GDateTime) time = g_date_time_new_from_unix_utc (seconds);

  return time ? g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ") : NULL;
}

static gint64
parse_time (const char *text)
{
  g_autoptr (GDateTime) time = text ? g_date_time_new_from_iso8601 (text, NULL) : NULL;

  return time ? g_date_time_to_unix (time) : 0;
}

static void
add_string (JsonBuilder *builder, const char *name, const char *value)
{
  json_builder_set_member_name (builder, name);
  if (value)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
bc_address_check_write_json (JsonBuilder *builder, const BcAddressCheck *check)
{
  g_autofree char *checked_at = check->checked_at ? bc_link_time_iso8601 (check->checked_at)
                                                  : NULL;

  add_string (builder, "address", check->address);
  add_string (builder, "status", bc_link_state_to_string (check->state));
  add_string (builder, "problem", bc_link_problem_to_string (check->problem));
  json_builder_set_member_name (builder, "http_status");
  if (check->http_status)
    json_builder_add_int_value (builder, check->http_status);
  else
    json_builder_add_null_value (builder);
  add_string (builder, "final_address", check->final_address);
  add_string (builder, "detail", check->detail);
  add_string (builder, "archived", check->archived);
  add_string (builder, "archived_timestamp", check->archived_timestamp);
  json_builder_set_member_name (builder, "seconds");
  json_builder_add_double_value (builder, check->seconds);
  add_string (builder, "checked_at", checked_at);
}

char *
bc_link_json_text (JsonBuilder *builder)
{
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = json_builder_get_root (builder);

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}

gboolean
bc_link_store_save (GPtrArray *checks, GError **error)
{
  g_autofree char *path = bc_link_store_path ();
  g_autofree char *folder = g_path_get_dirname (path);
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, STORE_VERSION);
  json_builder_set_member_name (builder, "results");
  json_builder_begin_array (builder);
  for (guint i = 0; i < checks->len; i++)
    {
      json_builder_begin_object (builder);
      bc_address_check_write_json (builder, g_ptr_array_index (checks, i));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  text = bc_link_json_text (builder);

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   /* Translators: %s is a folder, the second %s the system's reason */
                   _("Could not create the folder %s: %s"), folder, g_strerror (saved));
      return FALSE;
    }
  return g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

GHashTable *
bc_link_store_load (GError **error)
{
  g_autofree char *path = bc_link_store_path ();
  g_autoptr (GHashTable) table = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                        (GDestroyNotify) bc_address_check_free);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) local = NULL;
  g_autoptr (GBytes) bytes = bc_link_read_file (path, BC_LINK_STORE_MAX, &local);
  const char *data;
  gsize length;
  JsonObject *root;
  JsonArray *results;

  if (!bytes)
    {
      if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&table);
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  data = g_bytes_get_data (bytes, &length);
  /* json-glib's parser recurses: a file nested 80,000 deep would end the program. */
  if (bc_json_too_deep (data, length, BC_JSON_MAX_DEPTH))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   /* Translators: %s is a file; %d a number such as 64 */
                   _("%s nests more than %d levels deep: not read"), path, BC_JSON_MAX_DEPTH);
      return NULL;
    }
  if (!json_parser_load_from_data (parser, data ? data : "", length, &local))
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local), "%s: ", path);
      return NULL;
    }
  root = JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser))
           ? json_node_get_object (json_parser_get_root (parser)) : NULL;
  results = bc_json_array (root, "results");
  if (bc_json_int (root, "version", 0) != STORE_VERSION || !results)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   /* Translators: %s is a file */
                   _("%s is not a link check this program wrote"), path);
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonNode *node = json_array_get_element (results, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      BcAddressCheck *check;

      if (!bc_json_string (object, "address"))
        continue;
      check = g_new0 (BcAddressCheck, 1);
      check->address = g_strdup (bc_json_string (object, "address"));
      check->state = bc_link_state_from_string (bc_json_string (object, "status"));
      check->problem = bc_link_problem_from_string (bc_json_string (object, "problem"));
      check->http_status = bc_json_int (object, "http_status", 0);
      check->final_address = g_strdup (bc_json_string (object, "final_address"));
      check->detail = g_strdup (bc_json_string (object, "detail"));
      check->archived = g_strdup (bc_json_string (object, "archived"));
      check->archived_timestamp = g_strdup (bc_json_string (object, "archived_timestamp"));
      check->seconds = bc_json_double (object, "seconds", 0);
      check->checked_at = parse_time (bc_json_string (object, "checked_at"));
      /* Moved where? An entry that cannot say is no result. */
      if (check->state == BC_LINK_MOVED && !check->final_address)
        {
          bc_address_check_free (check);
          continue;
        }
      g_hash_table_replace (table, check->address, check);
    }
  return g_steal_pointer (&table);
}

void
bc_link_checks_merge (GHashTable *table, GPtrArray *checks)
{
  for (guint i = 0; i < checks->len; i++)
    {
      const BcAddressCheck *found = g_ptr_array_index (checks, i);

      if (found->state != BC_LINK_NOT_CHECKED || !g_hash_table_contains (table, found->address))
        {
          BcAddressCheck *copy = bc_address_check_copy (found);
          g_hash_table_replace (table, copy->address, copy);
        }
    }
}

GHashTable *
bc_link_store_add (GPtrArray *checks, GError **error)
{
  g_autoptr (GError) local = NULL;
  g_autoptr (GHashTable) table = bc_link_store_load (&local);
  g_autoptr (GPtrArray) kept = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer check;

  /* A damaged file is replaced: it held nothing worth keeping. Said, not silently. */
  if (!table)
    g_printerr (_("The kept results of the link check could not be read, and are replaced: "
                  "%s\n"), local->message);
  if (!table)
    table = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                   (GDestroyNotify) bc_address_check_free);
  bc_link_checks_merge (table, checks);
  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, NULL, &check))
    g_ptr_array_add (kept, check);
  if (!bc_link_store_save (kept, error))
    return NULL;
  return g_steal_pointer (&table);
}
