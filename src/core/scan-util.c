/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "scan-private.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "scan-error.h"

bool
scan__eq_nocase (const char *a, size_t alen, const char *b, size_t blen)
{
  if (alen != blen)
    return false;
  for (size_t i = 0; i < alen; i++)
    if (scan__lower (a[i]) != scan__lower (b[i]))
      return false;
  return true;
}

int
scan__buf_reserve (scan__buf *b, size_t n)
{
  if (b->cap - b->len > n)
    return 0;
  size_t cap = b->cap ? b->cap : 256;
  while (cap - b->len <= n)
    {
      if (cap > SIZE_MAX / 2)
        return SCAN_ENOMEM;
      cap *= 2;
    }
  char *data = realloc (b->data, cap);
  if (!data)
    return SCAN_ENOMEM;
  b->data = data;
  b->cap = cap;
  return 0;
}

int
scan__buf_append (scan__buf *b, const char *s, size_t n)
{
  int rc = scan__buf_reserve (b, n);
  if (rc < 0)
    return rc;
  memcpy (b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = '\0';
  return 0;
}

void
scan__buf_free (scan__buf *b)
{
  free (b->data);
  b->data = NULL;
  b->len = b->cap = 0;
}

int
scan__grow (void **array, size_t n, size_t size)
{
  if (n != 0 && (n < 8 || (n & (n - 1))))
    return 0;
  size_t cap = n ? n * 2 : 8;
  if (cap > SIZE_MAX / size)
    return SCAN_ENOMEM;
  void *bigger = realloc (*array, cap * size);
  if (!bigger)
    return SCAN_ENOMEM;
  *array = bigger;
  return 0;
}

char *
scan__strndup (const char *s, size_t n)
{
  char *copy = malloc (n + 1);
  if (!copy)
    return NULL;
  memcpy (copy, s, n);
  copy[n] = '\0';
  return copy;
}

char *
scan__strdup (const char *s)
{
  return scan__strndup (s, strlen (s));
}

size_t
scan__utf8_seq_len (const unsigned char *s, const unsigned char *end)
{
  unsigned char c = s[0];
  size_t n;
  unsigned min;
  unsigned cp;

  if (c < 0x80)
    return 1;
  if (c >= 0xc2 && c <= 0xdf)
    n = 2, cp = c & 0x1f, min = 0x80;
  else if (c >= 0xe0 && c <= 0xef)
    n = 3, cp = c & 0x0f, min = 0x800;
  else if (c >= 0xf0 && c <= 0xf4)
    n = 4, cp = c & 0x07, min = 0x10000;
  else
    return 0;
  if ((size_t) (end - s) < n)
    return 0;
  for (size_t i = 1; i < n; i++)
    {
      if ((s[i] & 0xc0) != 0x80)
        return 0;
      cp = (cp << 6) | (s[i] & 0x3f);
    }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
    return 0;
  return n;
}

double
scan__now (void)
{
#ifdef TIME_UTC
  struct timespec ts;
  timespec_get (&ts, TIME_UTC);
  return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
#else
  /* Older C runtimes (Windows XP's msvcrt) lack C11's timespec_get: whole seconds will do. */
  return (double) time (NULL);
#endif
}

size_t
scan__root_length (const char *path, char separator)
{
  size_t len = strlen (path);
  while (len > 1 && path[len - 1] == separator && !(len == 3 && path[1] == ':'))
    len--;
  return len;
}
