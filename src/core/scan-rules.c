/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The catalogue parser. One statement a line: a kind word, then key=value attributes. Parsing
 * stores indices while the arrays grow; pointers are fixed once at the end, so the public structs
 * can point at each other safely.
 */
#include "scan-rules.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "scan-error.h"
#include "scan-private.h"

#define MAX_ATTRS 16
#define MAX_NAME 255 /* bytes: the longest file name on Linux file systems */
#define NAME_SLOTS 256 /* a power of two; at most half used, so lookups stay short */
#define MAX_NAMES (NAME_SLOTS / 2)

/* The catalogue built into the program, generated from data/rules/blaster.rules. */
extern const char scan__builtin_rules[];
extern const size_t scan__builtin_rules_len;

typedef struct
{
  const char *key;
  char *value; /* owned by the line being parsed */
} attr;

/* An indicator or patch relation while parsing: names, not yet pointers. */
typedef struct
{
  size_t patch;
  size_t other; /* supersedes: the replaced patch */
  scan_os os;
  unsigned sp;
  char *key;
  enum { REL_KEY, REL_INCLUDED, REL_SUPERSEDES } kind;
} relation;

typedef struct
{
  char *id;
  char *name;
} family;

typedef struct
{
  const scan_indicator **items; /* NULL-terminated */
  char *name;                   /* lowercase */
  size_t len;
  size_t n_items;
} name_slot;

struct scan_rules
{
  char *version;
  char *title;
  char *origin;
  char sha256[65];

  family *families;
  size_t n_families;
  scan_variant *variants;
  size_t n_variants;
  size_t *variant_family; /* index into families, per variant */
  scan_indicator *indicators;
  size_t n_indicators;
  size_t *indicator_variant; /* index into variants, per indicator; SIZE_MAX for none */
  scan_patch *patches;
  size_t n_patches;
  relation *relations;
  size_t n_relations;

  char **strings; /* every string the structs point at */
  size_t n_strings;

  name_slot names[NAME_SLOTS];
  size_t n_names;
  size_t min_name_len, max_name_len;
  const scan_indicator **prefetch;
};

typedef struct
{
  const char *kind;
  const char *required[8];
  const char *optional[8];
} statement_spec;

static const statement_spec specs[] = {
  { "catalogue", { "version" }, { "title" } },
  { "family", { "id", "name", "source" }, { 0 } },
  { "variant", { "family", "id", "names", "source" }, { "discovered", "confirmed" } },
  { "file", { "family", "variant", "name", "folder", "source" }, { "size", "confirmed", "note" } },
  { "legit", { "name", "folder", "source" }, { "note" } },
  { "run", { "family", "variant", "value", "data", "source" }, { "key", "confirmed", "note" } },
  { "service", { "family", "variant", "name", "image", "source" },
    { "display", "start", "confirmed", "note" } },
  { "mutex", { "family", "variant", "name", "source" }, { "confirmed", "note" } },
  { "port", { "family", "variant", "proto", "number", "role", "source" }, { "evidence", "confirmed" } },
  { "prefetch", { "family", "variant", "prefix", "source" }, { "confirmed", "note" } },
  { "patch", { "id", "bulletin", "title", "source" }, { "fixes", "released" } },
  { "patch-key", { "patch", "os", "key", "source" }, { "note" } },
  { "included", { "patch", "os", "sp", "source" }, { "note" } },
  { "supersedes", { "patch", "replaces", "source" }, { "note" } },
};

static const char *const os_names[SCAN_OS__COUNT] = { "nt4", "win2000", "winxp", "win2003" };

/* The families' and variants' ids while parsing, to find one in constant time (a catalogue of
 * 200,000 families took 92 s when each was searched for in a list). A slot holds an index + 1
 * (0: empty) into families, or into variants for a variant's (family, id). */
typedef struct
{
  size_t *slots;
  size_t cap; /* a power of two, at most half used */
  size_t used;
} id_index;

typedef struct
{
  scan_rules *rules;
  scan_rules_diag *diag;
  unsigned line;
  attr attrs[MAX_ATTRS];
  size_t n_attrs;
  id_index families, variants, patches;
  size_t *first_variant; /* per family: its first variant's index + 1, 0: none yet */
} parser;

static size_t
id_hash (size_t owner, const char *id)
{
  size_t h = 5381 + owner * 31;
  for (const unsigned char *c = (const unsigned char *) id; *c; c++)
    h = h * 33 + *c;
  return h ^ (h >> 15);
}

#define PATCH_IDS (SIZE_MAX - 1)

/* Where (OWNER, ID) is in INDEX, or the empty slot where it goes: OWNER is the family's index
 * for a variant, SIZE_MAX for the families' own index, PATCH_IDS for the patches'. */
static size_t *
id_slot (parser *p, id_index *index, size_t owner, const char *id)
{
  const scan_rules *r = p->rules;
  for (size_t i = id_hash (owner, id) & (index->cap - 1);; i = (i + 1) & (index->cap - 1))
    {
      size_t *slot = &index->slots[i];
      if (!*slot)
        return slot;
      if (owner == SIZE_MAX    ? strcmp (r->families[*slot - 1].id, id) == 0
          : owner == PATCH_IDS ? strcmp (r->patches[*slot - 1].id, id) == 0
                               : r->variant_family[*slot - 1] == owner
                                   && strcmp (r->variants[*slot - 1].id, id) == 0)
        return slot;
    }
}

/* Makes room in INDEX for one more id, rehashing what it holds. 0 or SCAN_ENOMEM. */
static int
id_reserve (parser *p, id_index *index, size_t kind)
{
  const scan_rules *r = p->rules;
  if (index->cap && (index->used + 1) * 2 <= index->cap)
    return 0;
  size_t cap = index->cap ? index->cap * 2 : 64;
  size_t *slots = calloc (cap, sizeof *slots);
  if (!slots)
    return SCAN_ENOMEM;
  free (index->slots);
  index->slots = slots;
  index->cap = cap;
  for (size_t i = 0; i < index->used; i++)
    {
      size_t owner = kind == 0 ? r->variant_family[i] : kind;
      const char *id = kind == SIZE_MAX    ? r->families[i].id
                       : kind == PATCH_IDS ? r->patches[i].id
                                           : r->variants[i].id;
      *id_slot (p, index, owner, id) = i + 1;
    }
  return 0;
}

static int
fail (parser *p, const char *fmt, ...)
{
  if (p->diag)
    {
      va_list ap;
      va_start (ap, fmt);
      vsnprintf (p->diag->message, sizeof p->diag->message, fmt, ap);
      va_end (ap);
      p->diag->line = p->line;
    }
  return SCAN_EPARSE;
}

/* Keeps S in the catalogue's string list; returns it, or NULL when out of memory. */
static char *
keep (scan_rules *r, char *s)
{
  if (!s)
    return NULL;
  if (scan__grow ((void **) &r->strings, r->n_strings, sizeof *r->strings) < 0)
    {
      free (s);
      return NULL;
    }
  r->strings[r->n_strings++] = s;
  return s;
}

static const char *
get (parser *p, const char *key)
{
  for (size_t i = 0; i < p->n_attrs; i++)
    if (strcmp (p->attrs[i].key, key) == 0)
      return p->attrs[i].value;
  return NULL;
}

/* A copy of attribute KEY owned by the catalogue; NULL if absent. Sets *RC on failure. */
static const char *
take (parser *p, const char *key, int *rc)
{
  const char *v = get (p, key);
  if (!v)
    return NULL;
  char *copy = keep (p->rules, scan__strdup (v));
  if (!copy)
    *rc = SCAN_ENOMEM;
  return copy;
}

static int
parse_bool (parser *p, const char *key, bool *out)
{
  const char *v = get (p, key);
  *out = true;
  if (!v || strcmp (v, "yes") == 0)
    return 0;
  if (strcmp (v, "no") == 0)
    {
      *out = false;
      return 0;
    }
  return fail (p, "%s must be yes or no, not '%s'", key, v);
}

static int
parse_uint (parser *p, const char *key, unsigned max, unsigned *out)
{
  const char *v = get (p, key);
  *out = 0;
  if (!v)
    return 0;
  unsigned long long n = 0; /* 64 bits everywhere: unsigned long is 32 on Windows */
  if (!*v)
    return fail (p, "%s must be a whole number", key);
  for (const char *c = v; *c; c++)
    {
      if (*c < '0' || *c > '9')
        return fail (p, "%s must be a whole number, not '%s'", key, v);
      n = n * 10 + (unsigned long long) (*c - '0');
      if (n > max)
        return fail (p, "%s is too large: %s", key, v);
    }
  *out = (unsigned) n;
  return 0;
}

static int
parse_os (parser *p, scan_os *out)
{
  const char *v = get (p, "os");
  for (int i = 0; i < SCAN_OS__COUNT; i++)
    if (strcmp (v, os_names[i]) == 0)
      {
        *out = (scan_os) i;
        return 0;
      }
  return fail (p, "unknown os '%s' (expected nt4, win2000, winxp or win2003)", v);
}

static size_t
find_family (parser *p, const char *id)
{
  if (!p->families.cap)
    return SIZE_MAX;
  size_t slot = *id_slot (p, &p->families, SIZE_MAX, id);
  return slot ? slot - 1 : SIZE_MAX;
}

static size_t
find_patch (parser *p, const char *id)
{
  if (!p->patches.cap)
    return SIZE_MAX;
  size_t slot = *id_slot (p, &p->patches, PATCH_IDS, id);
  return slot ? slot - 1 : SIZE_MAX;
}

/* The variant named by the family= and variant= attributes; "*" gives the family's first. */
static int
find_variant (parser *p, size_t *out, bool *any)
{
  const char *fam = get (p, "family");
  const char *id = get (p, "variant");
  size_t f = find_family (p, fam);
  if (f == SIZE_MAX)
    return fail (p, "unknown family '%s' (declare it with a family line first)", fam);
  *any = strcmp (id, "*") == 0;
  size_t found = *any ? p->first_variant[f]
                      : p->variants.cap ? *id_slot (p, &p->variants, f, id) : 0;
  if (found)
    {
      *out = found - 1;
      return 0;
    }
  return fail (p, "unknown variant '%s' of family '%s' (declare it with a variant line first)", id,
               fam);
}

/* Checks a folder or image path: relative, '/'-separated, no empty or dot components. */
static int
check_folder (parser *p, const char *key)
{
  const char *v = get (p, key);
  if (!v)
    return 0;
  if (!*v || *v == '/' || strchr (v, '\\') || strstr (v, "//") || v[strlen (v) - 1] == '/')
    return fail (p, "%s must be a folder relative to the Windows folder, with '/' between names: '%s'",
                 key, v);
  for (const char *c = v; *c;)
    {
      const char *end = strchr (c, '/');
      size_t n = end ? (size_t) (end - c) : strlen (c);
      if ((n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.'))
        return fail (p, "%s must not contain '.' or '..': '%s'", key, v);
      c += n + (end ? 1 : 0);
    }
  return 0;
}

static int
add_indicator (parser *p, scan_indicator_kind kind, size_t variant, bool any)
{
  scan_rules *r = p->rules;
  int rc = 0;
  if (scan__grow ((void **) &r->indicators, r->n_indicators, sizeof *r->indicators) < 0
      || scan__grow ((void **) &r->indicator_variant, r->n_indicators, sizeof (size_t)) < 0)
    return SCAN_ENOMEM;

  scan_indicator ind = { .kind = kind, .any_variant = any, .line = p->line };
  rc = parse_bool (p, "confirmed", &ind.confirmed);
  if (rc < 0)
    return rc;
  ind.source = take (p, "source", &rc);
  ind.note = take (p, "note", &rc);
  switch (kind)
    {
    case SCAN_IND_FILE:
    case SCAN_IND_LEGIT:
      if ((rc = check_folder (p, "folder")) < 0)
        return rc;
      if (strchr (get (p, "name"), '/') || strchr (get (p, "name"), '\\'))
        return fail (p, "name must be a file name, not a path: '%s'", get (p, "name"));
      if (strlen (get (p, "name")) > MAX_NAME)
        return fail (p, "name is longer than a file name can be (%d bytes)", MAX_NAME);
      ind.name = take (p, "name", &rc);
      ind.folder = take (p, "folder", &rc);
      if ((rc = parse_uint (p, "size", 0xffffffffu, &ind.number)) < 0)
        return rc;
      break;
    case SCAN_IND_RUN:
      ind.name = take (p, "value", &rc);
      ind.data = take (p, "data", &rc);
      ind.key = get (p, "key") ? take (p, "key", &rc)
                               : keep (r, scan__strdup ("HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run"));
      if (!ind.key)
        rc = SCAN_ENOMEM;
      break;
    case SCAN_IND_SERVICE:
      if ((rc = check_folder (p, "image")) < 0)
        return rc;
      ind.name = take (p, "name", &rc);
      ind.data = take (p, "image", &rc);
      ind.key = take (p, "display", &rc);
      break;
    case SCAN_IND_MUTEX:
      ind.name = take (p, "name", &rc);
      break;
    case SCAN_IND_PORT:
      {
        const char *proto = get (p, "proto");
        if (strcmp (proto, "tcp") != 0 && strcmp (proto, "udp") != 0)
          return fail (p, "proto must be tcp or udp, not '%s'", proto);
        ind.udp = proto[0] == 'u';
        if ((rc = parse_uint (p, "number", 65535, &ind.number)) < 0)
          return rc;
        if (ind.number == 0)
          return fail (p, "number must be a port from 1 to 65535");
        if ((rc = parse_bool (p, "evidence", &ind.evidence)) < 0)
          return rc;
        ind.name = take (p, "role", &rc);
        break;
      }
    case SCAN_IND_PREFETCH:
      ind.name = take (p, "prefix", &rc);
      break;
    }
  if (rc < 0)
    return rc;
  r->indicator_variant[r->n_indicators] = variant;
  r->indicators[r->n_indicators++] = ind;
  return 0;
}

static int
add_relation (parser *p, relation rel)
{
  scan_rules *r = p->rules;
  if (scan__grow ((void **) &r->relations, r->n_relations, sizeof *r->relations) < 0)
    return SCAN_ENOMEM;
  r->relations[r->n_relations++] = rel;
  return 0;
}

static int
statement (parser *p, const statement_spec *spec)
{
  scan_rules *r = p->rules;
  int rc = 0;
  size_t variant = SIZE_MAX;
  bool any = false;

  if (strcmp (spec->kind, "catalogue") == 0)
    {
      if (r->version)
        return fail (p, "a second catalogue line");
      r->version = (char *) take (p, "version", &rc);
      r->title = (char *) take (p, "title", &rc);
      return rc;
    }
  if (!r->version)
    return fail (p, "the first statement must be 'catalogue version=…'");

  if (strcmp (spec->kind, "family") == 0)
    {
      if (find_family (p, get (p, "id")) != SIZE_MAX)
        return fail (p, "family '%s' is declared twice", get (p, "id"));
      if (scan__grow ((void **) &r->families, r->n_families, sizeof *r->families) < 0
          || scan__grow ((void **) &p->first_variant, r->n_families, sizeof (size_t)) < 0
          || id_reserve (p, &p->families, SIZE_MAX) < 0)
        return SCAN_ENOMEM;
      family f = { (char *) take (p, "id", &rc), (char *) take (p, "name", &rc) };
      if (rc < 0)
        return rc;
      *id_slot (p, &p->families, SIZE_MAX, f.id) = r->n_families + 1;
      p->families.used++;
      p->first_variant[r->n_families] = 0;
      r->families[r->n_families++] = f;
      return 0;
    }
  if (strcmp (spec->kind, "variant") == 0)
    {
      size_t f = find_family (p, get (p, "family"));
      if (f == SIZE_MAX)
        return fail (p, "unknown family '%s' (declare it with a family line first)",
                     get (p, "family"));
      if (strcmp (get (p, "id"), "*") == 0)
        return fail (p, "'*' is not a variant name");
      if (p->variants.cap && *id_slot (p, &p->variants, f, get (p, "id")))
        return fail (p, "variant '%s' of '%s' is declared twice", get (p, "id"), get (p, "family"));
      if (scan__grow ((void **) &r->variants, r->n_variants, sizeof *r->variants) < 0
          || scan__grow ((void **) &r->variant_family, r->n_variants, sizeof (size_t)) < 0
          || id_reserve (p, &p->variants, 0) < 0)
        return SCAN_ENOMEM;
      scan_variant v = { 0 };
      if ((rc = parse_bool (p, "confirmed", &v.confirmed)) < 0)
        return rc;
      v.id = take (p, "id", &rc);
      v.names = take (p, "names", &rc);
      v.source = take (p, "source", &rc);
      if (rc < 0)
        return rc;
      r->variant_family[r->n_variants] = f;
      r->variants[r->n_variants] = v;
      *id_slot (p, &p->variants, f, v.id) = r->n_variants + 1;
      p->variants.used++;
      if (!p->first_variant[f])
        p->first_variant[f] = r->n_variants + 1;
      r->n_variants++;
      return 0;
    }
  if (strcmp (spec->kind, "patch") == 0)
    {
      if (find_patch (p, get (p, "id")) != SIZE_MAX)
        return fail (p, "patch '%s' is declared twice", get (p, "id"));
      if (scan__grow ((void **) &r->patches, r->n_patches, sizeof *r->patches) < 0
          || id_reserve (p, &p->patches, PATCH_IDS) < 0)
        return SCAN_ENOMEM;
      scan_patch patch = { 0 };
      patch.id = take (p, "id", &rc);
      patch.bulletin = take (p, "bulletin", &rc);
      patch.title = take (p, "title", &rc);
      patch.fixes = take (p, "fixes", &rc);
      patch.source = take (p, "source", &rc);
      if (rc < 0)
        return rc;
      *id_slot (p, &p->patches, PATCH_IDS, patch.id) = r->n_patches + 1;
      p->patches.used++;
      r->patches[r->n_patches++] = patch;
      return 0;
    }
  if (strcmp (spec->kind, "patch-key") == 0 || strcmp (spec->kind, "included") == 0
      || strcmp (spec->kind, "supersedes") == 0)
    {
      relation rel = { 0 };
      rel.patch = find_patch (p, get (p, "patch"));
      if (rel.patch == SIZE_MAX)
        return fail (p, "unknown patch '%s' (declare it with a patch line first)", get (p, "patch"));
      if (spec->kind[0] == 's')
        {
          rel.kind = REL_SUPERSEDES;
          rel.other = find_patch (p, get (p, "replaces"));
          if (rel.other == SIZE_MAX)
            return fail (p, "unknown patch '%s' (declare it with a patch line first)",
                         get (p, "replaces"));
          if (rel.other == rel.patch)
            return fail (p, "a patch cannot replace itself");
        }
      else if (spec->kind[0] == 'i')
        {
          rel.kind = REL_INCLUDED;
          if ((rc = parse_os (p, &rel.os)) < 0 || (rc = parse_uint (p, "sp", 9, &rel.sp)) < 0)
            return rc;
          if (rel.sp == 0)
            return fail (p, "sp must be a service pack number from 1 to 9");
        }
      else
        {
          rel.kind = REL_KEY;
          if ((rc = parse_os (p, &rel.os)) < 0)
            return rc;
          rel.key = (char *) take (p, "key", &rc);
          if (rc < 0)
            return rc;
        }
      return add_relation (p, rel);
    }

  static const struct { const char *kind; scan_indicator_kind ind; } kinds[] = {
    { "file", SCAN_IND_FILE },       { "legit", SCAN_IND_LEGIT }, { "run", SCAN_IND_RUN },
    { "service", SCAN_IND_SERVICE }, { "mutex", SCAN_IND_MUTEX }, { "port", SCAN_IND_PORT },
    { "prefetch", SCAN_IND_PREFETCH },
  };
  for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
    if (strcmp (spec->kind, kinds[i].kind) == 0)
      {
        if (kinds[i].ind != SCAN_IND_LEGIT && (rc = find_variant (p, &variant, &any)) < 0)
          return rc;
        if (any && kinds[i].ind != SCAN_IND_PORT && kinds[i].ind != SCAN_IND_RUN)
          return fail (p, "variant=* is allowed only in port and run lines");
        return add_indicator (p, kinds[i].ind, variant, any);
      }
  return fail (p, "unknown kind '%s'", spec->kind);
}

/* Reads one value at *S: a bare word or a quoted string. Returns a malloc'd copy or NULL. */
static char *
read_value (parser *p, const char **s, const char *end, int *rc)
{
  const char *c = *s;
  scan__buf out = { 0 };

  if (c < end && *c == '"')
    {
      for (c++;; c++)
        {
          if (c >= end)
            {
              *rc = fail (p, "unterminated quoted value");
              goto fail;
            }
          if (*c == '"')
            {
              c++;
              break;
            }
          if (*c == '\\')
            {
              if (c + 1 >= end || (c[1] != '"' && c[1] != '\\'))
                {
                  *rc = fail (p, "unknown escape in a quoted value (only \\\" and \\\\ are allowed)");
                  goto fail;
                }
              c++;
            }
          if ((*rc = scan__buf_append (&out, c, 1)) < 0)
            goto fail;
        }
      if (c < end && *c != ' ' && *c != '\t')
        {
          *rc = fail (p, "expected a space after the closing quote");
          goto fail;
        }
      if (!out.data && (*rc = scan__buf_append (&out, "", 0)) < 0)
        goto fail;
    }
  else
    {
      const char *start = c;
      while (c < end && *c != ' ' && *c != '\t')
        {
          if (*c == '"' || *c == '=')
            {
              *rc = fail (p, "unexpected '%c' in a value; quote values that contain it", *c);
              goto fail;
            }
          c++;
        }
      if (c == start)
        {
          *rc = fail (p, "missing value after '='");
          goto fail;
        }
      if ((*rc = scan__buf_append (&out, start, (size_t) (c - start))) < 0)
        goto fail;
    }
  *s = c;
  return out.data;

fail:
  scan__buf_free (&out);
  return NULL;
}

static bool
in_list (const char *const *list, const char *key)
{
  for (size_t i = 0; i < 8 && list[i]; i++)
    if (strcmp (list[i], key) == 0)
      return true;
  return false;
}

static void
clear_attrs (parser *p)
{
  for (size_t i = 0; i < p->n_attrs; i++)
    free (p->attrs[i].value);
  p->n_attrs = 0;
}

static int
parse_line (parser *p, const char *s, const char *end)
{
  int rc = 0;
  while (s < end && (*s == ' ' || *s == '\t'))
    s++;
  if (s == end || *s == '#')
    return 0;

  const char *kind = s;
  while (s < end && *s != ' ' && *s != '\t')
    s++;
  size_t kind_len = (size_t) (s - kind);
  const statement_spec *spec = NULL;
  for (size_t i = 0; i < sizeof specs / sizeof specs[0]; i++)
    if (strlen (specs[i].kind) == kind_len && memcmp (specs[i].kind, kind, kind_len) == 0)
      spec = &specs[i];
  if (!spec)
    return fail (p, "unknown kind '%.*s'", (int) (kind_len > 40 ? 40 : kind_len), kind);

  for (;;)
    {
      while (s < end && (*s == ' ' || *s == '\t'))
        s++;
      if (s == end)
        break;
      const char *key = s;
      while (s < end && *s != '=' && *s != ' ' && *s != '\t')
        s++;
      size_t key_len = (size_t) (s - key);
      if (s == end || *s != '=')
        {
          rc = fail (p, "expected key=value, found '%.*s'", (int) (key_len > 40 ? 40 : key_len), key);
          goto out;
        }
      const char *known = NULL;
      for (size_t i = 0; i < 8 && !known; i++)
        {
          const char *req = spec->required[i], *opt = spec->optional[i];
          if (req && strlen (req) == key_len && memcmp (req, key, key_len) == 0)
            known = req;
          else if (opt && strlen (opt) == key_len && memcmp (opt, key, key_len) == 0)
            known = opt;
        }
      if (!known)
        {
          rc = fail (p, "unknown key '%.*s' in a %s line", (int) (key_len > 40 ? 40 : key_len), key,
                     spec->kind);
          goto out;
        }
      if (get (p, known))
        {
          rc = fail (p, "key '%s' given twice", known);
          goto out;
        }
      if (p->n_attrs == MAX_ATTRS)
        {
          rc = fail (p, "too many attributes");
          goto out;
        }
      s++;
      char *value = read_value (p, &s, end, &rc);
      if (!value)
        goto out;
      p->attrs[p->n_attrs].key = known;
      p->attrs[p->n_attrs++].value = value;
    }

  for (size_t i = 0; i < 8 && spec->required[i]; i++)
    if (!get (p, spec->required[i]))
      {
        rc = fail (p, "a %s line needs %s=", spec->kind, spec->required[i]);
        goto out;
      }
  for (size_t i = 0; i < p->n_attrs; i++)
    if (!in_list (spec->required, p->attrs[i].key) && !in_list (spec->optional, p->attrs[i].key))
      {
        rc = fail (p, "unknown key '%s' in a %s line", p->attrs[i].key, spec->kind);
        goto out;
      }
  rc = statement (p, spec);
out:
  clear_attrs (p);
  return rc;
}

static size_t
name_hash (const char *lower, size_t len)
{
  size_t h = 5381;
  for (size_t i = 0; i < len; i++)
    h = h * 33 + (unsigned char) lower[i];
  return h & (NAME_SLOTS - 1);
}

static name_slot *
name_lookup (scan_rules *r, const char *lower, size_t len)
{
  for (size_t i = name_hash (lower, len), n = 0; n < NAME_SLOTS; i = (i + 1) & (NAME_SLOTS - 1), n++)
    {
      name_slot *slot = &r->names[i];
      if (!slot->name || (slot->len == len && memcmp (slot->name, lower, len) == 0))
        return slot;
    }
  return NULL;
}

/*
 * Appends ITEM to the NULL-terminated list of pointers *LIST (the address of a `const T **`),
 * which holds *N items, growing it geometrically: room for 8, then doubling whenever it is full.
 * 0 or SCAN_ENOMEM.
 */
static int
append_ptr (void *list, size_t *n, const void *item)
{
  const void **items;
  memcpy (&items, list, sizeof items);
  if (*n == 0 || (*n >= 7 && ((*n + 1) & *n) == 0))
    {
      size_t cap = *n == 0 ? 8 : 2 * (*n + 1);
      const void **bigger = realloc ((void *) items, cap * sizeof *bigger);
      if (!bigger)
        return SCAN_ENOMEM;
      items = bigger;
      memcpy (list, &items, sizeof items);
    }
  items[(*n)++] = item;
  items[*n] = NULL;
  return 0;
}

/* Turns the indices gathered while parsing into the pointers of the public structs. */
static int
finish (parser *p)
{
  scan_rules *r = p->rules;
  p->line = 0;
  if (!r->version)
    return fail (p, N_ ("the catalogue is empty: no 'catalogue version=…' line"));

  for (size_t i = 0; i < r->n_variants; i++)
    {
      r->variants[i].family = r->families[r->variant_family[i]].id;
      r->variants[i].family_name = r->families[r->variant_family[i]].name;
    }
  r->min_name_len = SIZE_MAX;
  size_t n_prefetch = 0;
  for (size_t i = 0; i < r->n_indicators; i++)
    {
      scan_indicator *ind = &r->indicators[i];
      if (r->indicator_variant[i] != SIZE_MAX)
        ind->variant = &r->variants[r->indicator_variant[i]];
      if (ind->kind == SCAN_IND_PREFETCH && append_ptr (&r->prefetch, &n_prefetch, ind) < 0)
        return SCAN_ENOMEM;
      if (ind->kind != SCAN_IND_FILE && ind->kind != SCAN_IND_LEGIT)
        continue;
      size_t len = strlen (ind->name);
      char *lower = scan__strdup (ind->name);
      if (!lower)
        return SCAN_ENOMEM;
      for (size_t j = 0; j < len; j++)
        lower[j] = scan__lower (lower[j]);
      name_slot *slot = name_lookup (r, lower, len);
      if (!slot->name && r->n_names == MAX_NAMES)
        {
          free (lower);
          p->line = ind->line;
          return fail (p, "too many distinct file names (at most %d)", MAX_NAMES);
        }
      if (slot->name)
        free (lower);
      else
        {
          slot->name = lower;
          slot->len = len;
          r->n_names++;
        }
      if (append_ptr (&slot->items, &slot->n_items, ind) < 0)
        return SCAN_ENOMEM;
      r->min_name_len = len < r->min_name_len ? len : r->min_name_len;
      r->max_name_len = len > r->max_name_len ? len : r->max_name_len;
    }

  /* How many keys each patch has per OS, and how many updates replace each: the lists' lengths. */
  size_t *n_keys = calloc (r->n_patches * SCAN_OS__COUNT + 1, sizeof *n_keys);
  size_t *n_by = calloc (r->n_patches + 1, sizeof *n_by);
  int rc = n_keys && n_by ? 0 : SCAN_ENOMEM;
  for (size_t i = 0; i < r->n_relations && rc == 0; i++)
    {
      relation *rel = &r->relations[i];
      scan_patch *patch = &r->patches[rel->patch];
      if (rel->kind == REL_INCLUDED)
        {
          if (!patch->included_in_sp[rel->os] || rel->sp < patch->included_in_sp[rel->os])
            patch->included_in_sp[rel->os] = rel->sp;
          continue;
        }
      if (rel->kind == REL_KEY)
        rc = append_ptr (&patch->keys[rel->os], &n_keys[rel->patch * SCAN_OS__COUNT + rel->os],
                         rel->key);
      else
        rc = append_ptr (&r->patches[rel->other].superseded_by, &n_by[rel->other], patch);
    }
  free (n_keys);
  free (n_by);
  return rc;
}

static void
free_index (parser *p)
{
  free (p->families.slots);
  free (p->variants.slots);
  free (p->patches.slots);
  free (p->first_variant);
}

int
scan_rules_parse (const char *text, size_t len, const char *name, scan_rules **out,
                  scan_rules_diag *diag)
{
  int rc;
  parser p = { .diag = diag, .line = 0 };

  *out = NULL;
  if (diag)
    {
      memset (diag, 0, sizeof *diag);
      snprintf (diag->file, sizeof diag->file, "%s", name ? name : "");
    }
  p.rules = calloc (1, sizeof *p.rules);
  if (!p.rules)
    return SCAN_ENOMEM;
  if (!keep (p.rules, p.rules->origin = scan__strdup (name ? name : "")))
    {
      rc = SCAN_ENOMEM;
      goto fail;
    }
  scan__sha256_hex (text, len, p.rules->sha256);

  const char *end = text + len;
  /* A UTF-8 byte order mark, as Notepad writes one, is not part of the first line. */
  if (len >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    text += 3;
  for (const char *s = text; s < end;)
    {
      const char *eol = memchr (s, '\n', (size_t) (end - s));
      const char *line_end = eol ? eol : end;
      p.line++;
      if (line_end > s && line_end[-1] == '\r')
        line_end--;
      for (const unsigned char *c = (const unsigned char *) s; c < (const unsigned char *) line_end;)
        {
          size_t n = *c ? scan__utf8_seq_len (c, (const unsigned char *) line_end) : 0;
          if (n == 0)
            {
              rc = fail (&p, "the line is not valid UTF-8 text");
              goto fail;
            }
          c += n;
        }
      if ((rc = parse_line (&p, s, line_end)) < 0)
        goto fail;
      s = eol ? eol + 1 : end;
    }
  if ((rc = finish (&p)) < 0)
    goto fail;
  free_index (&p);
  *out = p.rules;
  return 0;

fail:
  if (rc == SCAN_ENOMEM && diag)
    snprintf (diag->message, sizeof diag->message, "out of memory");
  free_index (&p);
  scan_rules_free (p.rules);
  return rc;
}

static int
errno_code (int e)
{
  switch (e)
    {
    case ENOENT: return SCAN_ENOENT;
    case EACCES: case EPERM: return SCAN_EACCES;
    case EISDIR: return SCAN_EINVAL;
    case ENOMEM: return SCAN_ENOMEM;
    default: return SCAN_EIO;
    }
}

/*
 * Why RULES cannot check a disk, or NULL when it can: a catalogue (a user's --rules) must name
 * what each check of the scan looks for, or the scan would find nothing and call it clean. The
 * messages are English msgids; front ends translate them.
 */
static const char *
missing_indicators (const scan_rules *r)
{
  static const struct
  {
    scan_indicator_kind kind;
    const char *message;
  } needed[] = {
    { SCAN_IND_FILE, N_ ("the catalogue has no worm files to look for (no 'file' lines)") },
    { SCAN_IND_RUN,
      N_ ("the catalogue has no registry entries of the worm to look for (no 'run' lines)") },
    { SCAN_IND_SERVICE,
      N_ ("the catalogue has no worm services to look for (no 'service' lines)") },
  };
  for (size_t k = 0; k < sizeof needed / sizeof needed[0]; k++)
    {
      bool found = false;
      for (size_t i = 0; i < r->n_indicators && !found; i++)
        found = r->indicators[i].kind == needed[k].kind;
      if (!found)
        return needed[k].message;
    }
  if (r->n_patches == 0)
    return N_ ("the catalogue has no updates to check for (no 'patch' lines)");
  return NULL;
}

static int
load_fail (scan_rules_diag *diag, int rc, const char *message)
{
  if (diag)
    snprintf (diag->message, sizeof diag->message, "%s", message);
  return rc;
}

int
scan_rules_load_file (const char *path, scan_rules **out, scan_rules_diag *diag)
{
  scan__buf text = { 0 };
  char chunk[16384];
  int rc = 0;
  size_t n;
  struct stat st;

  *out = NULL;
  if (diag)
    {
      memset (diag, 0, sizeof *diag);
      snprintf (diag->file, sizeof diag->file, "%s", path);
    }
  FILE *f = fopen (path, "rb");
  if (!f)
    {
      rc = errno_code (errno);
      return load_fail (diag, rc,
                        errno == EISDIR ? N_ ("this is a folder, not a catalogue file")
                                        : scan_strerror (rc));
    }
  /* What the file is, and its size, before a byte of it is read. */
  if (fstat (fileno (f), &st) == 0)
    {
      if (S_ISDIR (st.st_mode))
        rc = load_fail (diag, SCAN_EINVAL, N_ ("this is a folder, not a catalogue file"));
      else if (S_ISREG (st.st_mode) && st.st_size > (off_t) (16u << 20))
        rc = load_fail (diag, SCAN_EPARSE, N_ ("the file is too large (over 16 MiB)"));
      else if (S_ISREG (st.st_mode) && st.st_size == 0)
        rc = load_fail (diag, SCAN_EPARSE, N_ ("the file is empty"));
      if (rc < 0)
        goto out;
    }
  while ((n = fread (chunk, 1, sizeof chunk, f)) > 0)
    {
      if (text.len + n > 16u << 20)
        {
          rc = load_fail (diag, SCAN_EPARSE, N_ ("the file is too large (over 16 MiB)"));
          goto out;
        }
      if ((rc = scan__buf_append (&text, chunk, n)) < 0)
        goto out;
    }
  if (ferror (f))
    {
      rc = errno_code (errno);
      load_fail (diag, rc,
                 errno == EISDIR ? N_ ("this is a folder, not a catalogue file")
                                 : scan_strerror (rc));
      goto out;
    }
  if (text.len == 0)
    {
      rc = load_fail (diag, SCAN_EPARSE, N_ ("the file is empty"));
      goto out;
    }
  rc = scan_rules_parse (text.data, text.len, path, out, diag);
  const char *missing = rc == 0 ? missing_indicators (*out) : NULL;
  if (missing)
    {
      scan_rules_free (*out);
      *out = NULL;
      rc = load_fail (diag, SCAN_EPARSE, missing);
    }
out:
  fclose (f);
  scan__buf_free (&text);
  return rc;
}

int
scan_rules_load_builtin (scan_rules **out, scan_rules_diag *diag)
{
  return scan_rules_parse (scan__builtin_rules, scan__builtin_rules_len, "built-in", out, diag);
}

void
scan_rules_free (scan_rules *r)
{
  if (!r)
    return;
  for (size_t i = 0; i < r->n_strings; i++)
    free (r->strings[i]);
  for (size_t i = 0; i < NAME_SLOTS; i++)
    {
      free (r->names[i].name);
      free (r->names[i].items);
    }
  for (size_t i = 0; i < r->n_patches; i++)
    {
      free (r->patches[i].superseded_by);
      for (int os = 0; os < SCAN_OS__COUNT; os++)
        free (r->patches[i].keys[os]);
    }
  free (r->strings);
  free (r->families);
  free (r->variants);
  free (r->variant_family);
  free (r->indicators);
  free (r->indicator_variant);
  free (r->patches);
  free (r->relations);
  free (r->prefetch);
  free (r);
}

const char *
scan_rules_version (const scan_rules *r)
{
  return r->version;
}

const char *
scan_rules_sha256 (const scan_rules *r)
{
  return r->sha256;
}

const char *
scan_rules_origin (const scan_rules *r)
{
  return r->origin;
}

const scan_indicator *
scan_rules_indicators (const scan_rules *r, size_t *n)
{
  *n = r->n_indicators;
  return r->indicators;
}

const scan_variant *
scan_rules_variants (const scan_rules *r, size_t *n)
{
  *n = r->n_variants;
  return r->variants;
}

const scan_patch *
scan_rules_patches (const scan_rules *r, size_t *n)
{
  *n = r->n_patches;
  return r->patches;
}

const scan_indicator *const *
scan_rules_match_name (const scan_rules *r, const char *name, size_t len)
{
  char lower[MAX_NAME];
  if (len < r->min_name_len || len > r->max_name_len || len > sizeof lower)
    return NULL;
  for (size_t i = 0; i < len; i++)
    lower[i] = scan__lower (name[i]);
  name_slot *slot = name_lookup ((scan_rules *) r, lower, len);
  return slot && slot->name ? slot->items : NULL;
}

const scan_indicator *const *
scan_rules_prefetch (const scan_rules *r)
{
  static const scan_indicator *const none[] = { NULL };
  return r->prefetch ? r->prefetch : none;
}

const char *
scan_os_name (scan_os os)
{
  return (unsigned) os < SCAN_OS__COUNT ? os_names[os] : NULL;
}
