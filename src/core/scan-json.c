/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The core's small JSON reader and writer (scan-json.h).
 */
#include "scan-json.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scan-error.h"

enum
{
  MAX_DEPTH = 32,
};

typedef struct
{
  const char *p, *end;
} reader;

static void
skip_space (reader *r)
{
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
    r->p++;
}

static int
hex4 (reader *r, unsigned *out)
{
  unsigned v = 0;
  if (r->end - r->p < 4)
    return SCAN_EMANIFEST;
  for (int i = 0; i < 4; i++)
    {
      char c = *r->p++;
      v <<= 4;
      if (c >= '0' && c <= '9')
        v |= (unsigned) (c - '0');
      else if (c >= 'a' && c <= 'f')
        v |= (unsigned) (c - 'a' + 10);
      else if (c >= 'A' && c <= 'F')
        v |= (unsigned) (c - 'A' + 10);
      else
        return SCAN_EMANIFEST;
    }
  *out = v;
  return 0;
}

static int
put_utf8 (scan__buf *b, unsigned cp)
{
  char u[4];
  size_t n;
  if (cp < 0x80)
    u[0] = (char) cp, n = 1;
  else if (cp < 0x800)
    u[0] = (char) (0xc0 | cp >> 6), u[1] = (char) (0x80 | (cp & 0x3f)), n = 2;
  else if (cp < 0x10000)
    u[0] = (char) (0xe0 | cp >> 12), u[1] = (char) (0x80 | ((cp >> 6) & 0x3f)),
    u[2] = (char) (0x80 | (cp & 0x3f)), n = 3;
  else
    u[0] = (char) (0xf0 | cp >> 18), u[1] = (char) (0x80 | ((cp >> 12) & 0x3f)),
    u[2] = (char) (0x80 | ((cp >> 6) & 0x3f)), u[3] = (char) (0x80 | (cp & 0x3f)), n = 4;
  return scan__buf_append (b, u, n);
}

static int
parse_string (reader *r, char **out)
{
  scan__buf b = { 0 };
  int rc = 0;
  r->p++; /* the opening quote */
  while (rc == 0)
    {
      if (r->p >= r->end)
        rc = SCAN_EMANIFEST;
      else if (*r->p == '"')
        {
          r->p++;
          break;
        }
      else if ((unsigned char) *r->p < 0x20)
        rc = SCAN_EMANIFEST;
      else if (*r->p != '\\')
        {
          const char *start = r->p;
          while (r->p < r->end && *r->p != '"' && *r->p != '\\' && (unsigned char) *r->p >= 0x20)
            r->p++;
          rc = scan__buf_append (&b, start, (size_t) (r->p - start));
        }
      else
        {
          if (++r->p >= r->end)
            {
              rc = SCAN_EMANIFEST;
              break;
            }
          char c = *r->p++;
          const char *plain = strchr ("\"\\/bfnrt", c);
          if (c && plain)
            {
              static const char real[] = "\"\\/\b\f\n\r\t";
              rc = scan__buf_append (&b, &real[plain - "\"\\/bfnrt"], 1);
              continue;
            }
          unsigned cp;
          if (c != 'u' || (rc = hex4 (r, &cp)) < 0)
            {
              rc = SCAN_EMANIFEST;
              break;
            }
          if (cp >= 0xdc80 && cp <= 0xdcff)
            {
              char byte = (char) (cp & 0xff); /* a byte that was not UTF-8, kept as it was */
              rc = scan__buf_append (&b, &byte, 1);
              continue;
            }
          if (cp >= 0xd800 && cp <= 0xdbff)
            {
              unsigned lo;
              if (r->end - r->p < 6 || r->p[0] != '\\' || r->p[1] != 'u')
                {
                  rc = SCAN_EMANIFEST;
                  break;
                }
              r->p += 2;
              if ((rc = hex4 (r, &lo)) < 0 || lo < 0xdc00 || lo > 0xdfff)
                {
                  rc = SCAN_EMANIFEST;
                  break;
                }
              cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
            }
          else if ((cp >= 0xdc00 && cp <= 0xdfff) || cp == 0)
            {
              rc = SCAN_EMANIFEST; /* a lone surrogate other than ours, or a NUL */
              break;
            }
          rc = put_utf8 (&b, cp);
        }
    }
  if (rc == 0 && !b.data)
    rc = scan__buf_append (&b, "", 0);
  if (rc < 0)
    {
      scan__buf_free (&b);
      return rc;
    }
  if (memchr (b.data, '\0', b.len))
    {
      scan__buf_free (&b);
      return SCAN_EMANIFEST;
    }
  *out = b.data;
  return 0;
}

static int parse_value (reader *r, scan__json *out, int depth);

static int
parse_items (reader *r, scan__json *out, int depth, bool object)
{
  char close = object ? '}' : ']';
  r->p++;
  skip_space (r);
  if (r->p < r->end && *r->p == close)
    {
      r->p++;
      return 0;
    }
  for (;;)
    {
      char *key = NULL;
      int rc;
      skip_space (r);
      if (object)
        {
          if (r->p >= r->end || *r->p != '"')
            return SCAN_EMANIFEST;
          if ((rc = parse_string (r, &key)) < 0)
            return rc;
          skip_space (r);
          if (r->p >= r->end || *r->p != ':')
            {
              free (key);
              return SCAN_EMANIFEST;
            }
          r->p++;
        }
      if (scan__grow ((void **) &out->items, out->n, sizeof *out->items) < 0
          || (object && scan__grow ((void **) &out->keys, out->n, sizeof *out->keys) < 0))
        {
          free (key);
          return SCAN_ENOMEM;
        }
      scan__json *item = &out->items[out->n];
      memset (item, 0, sizeof *item);
      if (object)
        out->keys[out->n] = key;
      out->n++;
      if ((rc = parse_value (r, item, depth + 1)) < 0)
        return rc;
      skip_space (r);
      if (r->p < r->end && *r->p == ',')
        {
          r->p++;
          continue;
        }
      if (r->p < r->end && *r->p == close)
        {
          r->p++;
          return 0;
        }
      return SCAN_EMANIFEST;
    }
}

static int
parse_value (reader *r, scan__json *out, int depth)
{
  if (depth > MAX_DEPTH)
    return SCAN_EMANIFEST;
  skip_space (r);
  if (r->p >= r->end)
    return SCAN_EMANIFEST;
  char c = *r->p;
  if (c == '{' || c == '[')
    {
      out->type = c == '{' ? SCAN__JSON_OBJECT : SCAN__JSON_ARRAY;
      return parse_items (r, out, depth, c == '{');
    }
  if (c == '"')
    {
      out->type = SCAN__JSON_STRING;
      return parse_string (r, &out->string);
    }
  static const struct
  {
    const char *word;
    scan__json_type type;
    bool value;
  } words[] = { { "true", SCAN__JSON_BOOL, true },
                { "false", SCAN__JSON_BOOL, false },
                { "null", SCAN__JSON_NULL, false } };
  for (size_t i = 0; i < sizeof words / sizeof *words; i++)
    {
      size_t n = strlen (words[i].word);
      if ((size_t) (r->end - r->p) >= n && memcmp (r->p, words[i].word, n) == 0)
        {
          r->p += n;
          out->type = words[i].type;
          out->boolean = words[i].value;
          return 0;
        }
    }
  /* Integers only: the manifest holds no fractions. */
  bool negative = c == '-';
  const char *p = r->p + negative;
  uint64_t v = 0;
  if (p >= r->end || *p < '0' || *p > '9')
    return SCAN_EMANIFEST;
  for (; p < r->end && *p >= '0' && *p <= '9'; p++)
    {
      if (v > (UINT64_C (1) << 62))
        return SCAN_EMANIFEST;
      v = v * 10 + (uint64_t) (*p - '0');
    }
  if (p < r->end && (*p == '.' || *p == 'e' || *p == 'E'))
    return SCAN_EMANIFEST;
  r->p = p;
  out->type = SCAN__JSON_INT;
  out->integer = negative ? -(int64_t) v : (int64_t) v;
  return 0;
}

int
scan__json_parse (const char *text, size_t len, scan__json *out)
{
  reader r = { text, text + len };
  memset (out, 0, sizeof *out);
  int rc = parse_value (&r, out, 0);
  if (rc == 0)
    {
      skip_space (&r);
      if (r.p != r.end)
        rc = SCAN_EMANIFEST;
    }
  if (rc < 0)
    scan__json_free (out);
  return rc;
}

void
scan__json_free (scan__json *v)
{
  for (size_t i = 0; i < v->n; i++)
    {
      scan__json_free (&v->items[i]);
      if (v->keys)
        free (v->keys[i]);
    }
  free (v->items);
  free (v->keys);
  free (v->string);
  memset (v, 0, sizeof *v);
}

const scan__json *
scan__json_get (const scan__json *object, const char *key)
{
  if (!object || object->type != SCAN__JSON_OBJECT)
    return NULL;
  for (size_t i = 0; i < object->n; i++)
    if (strcmp (object->keys[i], key) == 0)
      return &object->items[i];
  return NULL;
}

const char *
scan__json_string (const scan__json *object, const char *key)
{
  const scan__json *v = scan__json_get (object, key);
  return v && v->type == SCAN__JSON_STRING ? v->string : NULL;
}

int64_t
scan__json_int (const scan__json *object, const char *key, int64_t fallback)
{
  const scan__json *v = scan__json_get (object, key);
  return v && v->type == SCAN__JSON_INT ? v->integer : fallback;
}

int
scan__json_put_string (scan__buf *b, const char *s)
{
  if (!s)
    return scan__buf_append (b, "null", 4);
  const unsigned char *c = (const unsigned char *) s, *end = c + strlen (s);
  int rc = scan__buf_append (b, "\"", 1);
  while (rc == 0 && c < end)
    {
      size_t n = scan__utf8_seq_len (c, end);
      char esc[8];
      if (n == 0)
        {
          snprintf (esc, sizeof esc, "\\udc%02x", *c++);
          rc = scan__buf_append (b, esc, 6);
        }
      else if (*c == '"' || *c == '\\')
        {
          esc[0] = '\\', esc[1] = (char) *c++;
          rc = scan__buf_append (b, esc, 2);
        }
      else if (*c < 0x20 || *c == 0x7f)
        {
          snprintf (esc, sizeof esc, "\\u%04x", *c++);
          rc = scan__buf_append (b, esc, 6);
        }
      else
        {
          rc = scan__buf_append (b, (const char *) c, n);
          c += n;
        }
    }
  return rc < 0 ? rc : scan__buf_append (b, "\"", 1);
}

static int
put_key (scan__buf *b, const char *key, bool first)
{
  int rc = first ? 0 : scan__buf_append (b, ", ", 2);
  if (rc == 0)
    rc = scan__json_put_string (b, key);
  return rc < 0 ? rc : scan__buf_append (b, ": ", 2);
}

int
scan__json_put_member (scan__buf *b, const char *key, const char *s, bool first)
{
  int rc = put_key (b, key, first);
  return rc < 0 ? rc : scan__json_put_string (b, s);
}

int
scan__json_put_int (scan__buf *b, const char *key, int64_t n, bool first)
{
  char text[32];
  int rc = put_key (b, key, first);
  snprintf (text, sizeof text, "%" PRId64, n);
  return rc < 0 ? rc : scan__buf_append (b, text, strlen (text));
}
