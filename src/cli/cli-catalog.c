/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cli-catalog.c: GNU .mo catalogues read from memory, and the Plural-Forms evaluator
 * (cli-catalog.h). Plain C11, no GLib, nothing of the platform and no config.h: the same code
 * reads the catalogues built into blaster-scan.exe (through cli-text.c) and is checked on Linux
 * by tests/cli-text, message by message, against GNU gettext.
 *
 * Why it is built this way:
 *
 * - The catalogue is not trusted. cli_catalog_open() checks every table entry, string bound and
 *   the sort order before anything is looked up, and refuses the whole catalogue when one
 *   thing is wrong: a damaged catalogue gives English, never a crash or a half-translated
 *   report. After that the lookup is a plain binary search over the sorted msgids (what msgfmt
 *   writes; the optional hash table is not needed for a few hundred messages).
 * - Plural forms follow GNU gettext: Plural-Forms' plural= is evaluated as C (recursive descent,
 *   unsigned arithmetic), an expression that cannot be parsed gives the English rule (n != 1),
 *   an index past nplurals or past the entry's forms gives the first form. Unlike GNU (which
 *   raises SIGFPE), a division by zero gives 0: a report must not die on a translation.
 */
#include "cli-catalog.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* --- the .mo catalogue ------------------------------------------------------------------------ */

enum
{
  MO_MAGIC = 0x950412de,
  MO_HEADER_SIZE = 28, /* magic, revision, N, originals, translations, hash size, hash offset */
  MO_MAX_NPLURALS = 100,
};

static uint32_t
read32 (const unsigned char *p, bool big_endian)
{
  if (big_endian)
    return (uint32_t) p[0] << 24 | (uint32_t) p[1] << 16 | (uint32_t) p[2] << 8 | p[3];
  return (uint32_t) p[3] << 24 | (uint32_t) p[2] << 16 | (uint32_t) p[1] << 8 | p[0];
}

/* Entry I of the string table at TABLE (both checked by cli_catalog_open). */
static const char *
table_string (const cli_catalog *cat, uint32_t table, uint32_t i, uint32_t *len)
{
  const unsigned char *e = cat->data + table + (size_t) i * 8;
  *len = read32 (e, cat->big_endian);
  return (const char *) cat->data + read32 (e + 4, cat->big_endian);
}

/* Whether the string table at TABLE with N entries lies inside the catalogue, and each of its
 * strings too, with the NUL that ends it. */
static bool
table_is_sound (const cli_catalog *cat, uint32_t table)
{
  if (table > cat->len || cat->n > (cat->len - table) / 8)
    return false;
  for (uint32_t i = 0; i < cat->n; i++)
    {
      const unsigned char *e = cat->data + table + (size_t) i * 8;
      uint32_t len = read32 (e, cat->big_endian), off = read32 (e + 4, cat->big_endian);
      if (off > cat->len || len >= cat->len - off || cat->data[off + len] != '\0')
        return false;
    }
  return true;
}

/* Binary search of the sorted msgids: true with *INDEX set when MSGID is there. */
static bool
find_msgid (const cli_catalog *cat, const char *msgid, uint32_t *index)
{
  uint32_t lo = 0, hi = cat->n;
  while (lo < hi)
    {
      uint32_t mid = lo + (hi - lo) / 2, len;
      int cmp = strcmp (msgid, table_string (cat, cat->originals, mid, &len));
      if (cmp == 0)
        {
          *index = mid;
          return true;
        }
      if (cmp < 0)
        hi = mid;
      else
        lo = mid + 1;
    }
  return false;
}

/* Whether the header's Content-Type says UTF-8, the only charset this program writes out. */
static bool
header_is_utf8 (const char *header)
{
  const char *cs = strstr (header, "charset=");
  if (!cs)
    return false;
  cs += strlen ("charset=");
  const char *want = "utf-8";
  for (size_t i = 0; want[i]; i++)
    if ((cs[i] | 0x20) != want[i])
      return false;
  char after = cs[5];
  return !(after == '-' || after == '_' || (after >= '0' && after <= '9')
           || ((after | 0x20) >= 'a' && (after | 0x20) <= 'z'));
}

/* Sets CAT's plural rule from the header, as GNU gettext reads it; the English rule when there
 * is none or it cannot be used. */
static void
read_plural_forms (cli_catalog *cat, const char *header)
{
  cat->nplurals = 2;
  cat->plural = NULL;
  const char *plural = strstr (header, "plural=");
  const char *nplurals = strstr (header, "nplurals=");
  if (!plural || !nplurals)
    return;
  nplurals += strlen ("nplurals=");
  while (*nplurals == ' ' || *nplurals == '\t')
    nplurals++;
  unsigned long n = 0;
  const char *d = nplurals;
  for (; *d >= '0' && *d <= '9' && n <= MO_MAX_NPLURALS; d++)
    n = n * 10 + (unsigned long) (*d - '0');
  unsigned long long probe;
  if (d == nplurals || n == 0 || n > MO_MAX_NPLURALS
      || cli_plural_eval (plural + strlen ("plural="), 0, &probe) < 0)
    return;
  cat->nplurals = n;
  cat->plural = plural + strlen ("plural=");
}

int
cli_catalog_open (cli_catalog *cat, const void *data, size_t len)
{
  memset (cat, 0, sizeof *cat);
  cat->data = data;
  cat->len = len;
  if (!data || len < MO_HEADER_SIZE)
    goto fail;
  if (read32 (cat->data, false) == MO_MAGIC)
    cat->big_endian = false;
  else if (read32 (cat->data, true) == MO_MAGIC)
    cat->big_endian = true;
  else
    goto fail;
  uint32_t revision = read32 (cat->data + 4, cat->big_endian);
  if (revision >> 16 > 1)
    goto fail;
  cat->n = read32 (cat->data + 8, cat->big_endian);
  cat->originals = read32 (cat->data + 12, cat->big_endian);
  cat->translations = read32 (cat->data + 16, cat->big_endian);
  if (!table_is_sound (cat, cat->originals) || !table_is_sound (cat, cat->translations))
    goto fail;
  /* The lookup is a binary search: msgids out of order (or twice) are damage. */
  for (uint32_t i = 1; i < cat->n; i++)
    {
      uint32_t l;
      if (strcmp (table_string (cat, cat->originals, i - 1, &l),
                  table_string (cat, cat->originals, i, &l))
          >= 0)
        goto fail;
    }
  uint32_t header_index, header_len;
  if (!find_msgid (cat, "", &header_index))
    goto fail;
  const char *header = table_string (cat, cat->translations, header_index, &header_len);
  if (!header_is_utf8 (header))
    goto fail;
  read_plural_forms (cat, header);
  return 0;

fail:
  memset (cat, 0, sizeof *cat);
  return -1;
}

const char *
cli_catalog_gettext (const cli_catalog *cat, const char *msgid)
{
  uint32_t i, len;
  if (!cat || !cat->data || !msgid || !find_msgid (cat, msgid, &i))
    return msgid;
  const char *t = table_string (cat, cat->translations, i, &len);
  return len ? t : msgid;
}

const char *
cli_catalog_ngettext (const cli_catalog *cat, const char *one, const char *many,
                      unsigned long long n)
{
  uint32_t i, len;
  if (!cat || !cat->data || !one || !find_msgid (cat, one, &i))
    return n == 1 ? one : many;
  const char *t = table_string (cat, cat->translations, i, &len);
  if (len == 0)
    return n == 1 ? one : many;

  unsigned long long form;
  if (!cat->plural || cli_plural_eval (cat->plural, n, &form) < 0)
    form = n != 1;
  if (form >= cat->nplurals)
    form = 0;
  const char *p = t, *end = t + len;
  for (; form > 0; form--)
    {
      const char *nul = memchr (p, '\0', (size_t) (end - p));
      if (!nul || nul + 1 >= end)
        return t;
      p = nul + 1;
    }
  return p;
}

size_t
cli_catalog_count (const cli_catalog *cat)
{
  return cat && cat->data ? cat->n : 0;
}

const char *
cli_catalog_msgid (const cli_catalog *cat, size_t i, const char **plural)
{
  uint32_t len;
  if (plural)
    *plural = NULL;
  if (i >= cli_catalog_count (cat))
    return NULL;
  const char *s = table_string (cat, cat->originals, (uint32_t) i, &len);
  size_t first = strlen (s);
  if (plural && first < len)
    *plural = s + first + 1;
  return s;
}

/* --- the Plural-Forms evaluator --------------------------------------------------------------- */

enum
{
  PLURAL_MAX_DEPTH = 64, /* nested parentheses, ?: and ! (a catalogue could nest thousands) */
};

typedef struct
{
  const char *p;
  unsigned long long n;
  int depth;
  bool failed;
} plural_parser;

static unsigned long long plural_ternary (plural_parser *pp);

static void
plural_skip_space (plural_parser *pp)
{
  while (*pp->p == ' ' || *pp->p == '\t')
    pp->p++;
}

/* Consumes the operator OP when it comes next (and not as the start of a longer one). */
static bool
plural_accept (plural_parser *pp, const char *op)
{
  plural_skip_space (pp);
  size_t len = strlen (op);
  if (strncmp (pp->p, op, len) != 0)
    return false;
  /* "<" is not the start of "<=", "!" not of "!=". */
  if (len == 1 && (op[0] == '<' || op[0] == '>' || op[0] == '!' || op[0] == '=')
      && pp->p[1] == '=')
    return false;
  pp->p += len;
  return true;
}

static unsigned long long
plural_fail (plural_parser *pp)
{
  pp->failed = true;
  return 0;
}

static unsigned long long
plural_primary (plural_parser *pp)
{
  plural_skip_space (pp);
  if (*pp->p == 'n')
    {
      pp->p++;
      return pp->n;
    }
  if (*pp->p >= '0' && *pp->p <= '9')
    {
      unsigned long long v = 0;
      for (; *pp->p >= '0' && *pp->p <= '9'; pp->p++)
        v = v * 10 + (unsigned long long) (*pp->p - '0');
      return v;
    }
  if (plural_accept (pp, "("))
    {
      unsigned long long v = plural_ternary (pp);
      return plural_accept (pp, ")") ? v : plural_fail (pp);
    }
  return plural_fail (pp);
}

static unsigned long long
plural_unary (plural_parser *pp)
{
  if (plural_accept (pp, "!"))
    {
      if (++pp->depth > PLURAL_MAX_DEPTH)
        return plural_fail (pp);
      unsigned long long v = !plural_unary (pp);
      pp->depth--;
      return v;
    }
  return plural_primary (pp);
}

static unsigned long long
plural_mul (plural_parser *pp)
{
  unsigned long long v = plural_unary (pp);
  for (;;)
    {
      if (plural_accept (pp, "*"))
        v *= plural_unary (pp);
      else if (plural_accept (pp, "/"))
        {
          unsigned long long d = plural_unary (pp);
          v = d ? v / d : 0;
        }
      else if (plural_accept (pp, "%"))
        {
          unsigned long long d = plural_unary (pp);
          v = d ? v % d : 0;
        }
      else
        return v;
    }
}

static unsigned long long
plural_add (plural_parser *pp)
{
  unsigned long long v = plural_mul (pp);
  for (;;)
    {
      if (plural_accept (pp, "+"))
        v += plural_mul (pp);
      else if (plural_accept (pp, "-"))
        v -= plural_mul (pp);
      else
        return v;
    }
}

static unsigned long long
plural_rel (plural_parser *pp)
{
  unsigned long long v = plural_add (pp);
  for (;;)
    {
      if (plural_accept (pp, "<="))
        v = v <= plural_add (pp);
      else if (plural_accept (pp, ">="))
        v = v >= plural_add (pp);
      else if (plural_accept (pp, "<"))
        v = v < plural_add (pp);
      else if (plural_accept (pp, ">"))
        v = v > plural_add (pp);
      else
        return v;
    }
}

static unsigned long long
plural_eq (plural_parser *pp)
{
  unsigned long long v = plural_rel (pp);
  for (;;)
    {
      if (plural_accept (pp, "=="))
        v = v == plural_rel (pp);
      else if (plural_accept (pp, "!="))
        v = v != plural_rel (pp);
      else
        return v;
    }
}

static unsigned long long
plural_and (plural_parser *pp)
{
  unsigned long long v = plural_eq (pp);
  while (plural_accept (pp, "&&"))
    {
      unsigned long long w = plural_eq (pp); /* no side effects: both sides are read */
      v = v && w;
    }
  return v;
}

static unsigned long long
plural_or (plural_parser *pp)
{
  unsigned long long v = plural_and (pp);
  while (plural_accept (pp, "||"))
    {
      unsigned long long w = plural_and (pp);
      v = v || w;
    }
  return v;
}

static unsigned long long
plural_ternary (plural_parser *pp)
{
  if (++pp->depth > PLURAL_MAX_DEPTH)
    return plural_fail (pp);
  unsigned long long v = plural_or (pp);
  if (plural_accept (pp, "?"))
    {
      unsigned long long yes = plural_ternary (pp);
      if (!plural_accept (pp, ":"))
        return plural_fail (pp);
      unsigned long long no = plural_ternary (pp);
      v = v ? yes : no;
    }
  pp->depth--;
  return v;
}

int
cli_plural_eval (const char *expr, unsigned long long n, unsigned long long *result)
{
  if (!expr)
    return -1;
  plural_parser pp = { .p = expr, .n = n };
  unsigned long long v = plural_ternary (&pp);
  plural_skip_space (&pp);
  if (pp.failed || !(*pp.p == '\0' || *pp.p == ';' || *pp.p == '\n' || *pp.p == '\r'))
    return -1;
  *result = v;
  return 0;
}
