/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Reading JSON that may be anything (the Wayback Machine's answer, a kept file someone edited):
 * a member of the wrong type is a missing member, never a json-glib critical.
 */
#pragma once

#include <json-glib/json-glib.h>

static inline JsonNode *
bc_json_value (JsonObject *object, const char *name, GType type)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (!node || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == type)
    return node;
  /* A number written without a fraction reads back as an integer. */
  if (type == G_TYPE_DOUBLE && json_node_get_value_type (node) == G_TYPE_INT64)
    return node;
  return NULL;
}

static inline JsonObject *
bc_json_object (JsonObject *object, const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static inline JsonArray *
bc_json_array (JsonObject *object, const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static inline const char *
bc_json_string (JsonObject *object, const char *name)
{
  JsonNode *node = bc_json_value (object, name, G_TYPE_STRING);

  return node ? json_node_get_string (node) : NULL;
}

static inline gint64
bc_json_int (JsonObject *object, const char *name, gint64 fallback)
{
  JsonNode *node = bc_json_value (object, name, G_TYPE_INT64);

  return node ? json_node_get_int (node) : fallback;
}

static inline double
bc_json_double (JsonObject *object, const char *name, double fallback)
{
  JsonNode *node = bc_json_value (object, name, G_TYPE_DOUBLE);

  return node ? json_node_get_double (node) : fallback;
}

static inline gboolean
bc_json_boolean (JsonObject *object, const char *name, gboolean fallback)
{
  JsonNode *node = bc_json_value (object, name, G_TYPE_BOOLEAN);

  return node ? json_node_get_boolean (node) : fallback;
}

/** The deepest nesting of arrays and objects any JSON text here may have. */
#define BC_JSON_MAX_DEPTH 64

/*
 * Whether DATA (LENGTH bytes) nests arrays and objects deeper than MAX_DEPTH, counting [ and {
 * outside strings: json-glib's parser recurses once a level, and a text of 80,000 [ ends the
 * program on its stack. Checked before parsing; brackets of broken JSON counted all the same.
 */
static inline gboolean
bc_json_too_deep (const char *data, gsize length, guint max_depth)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > max_depth)
            return TRUE;
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }
  return FALSE;
}
