/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-cli-text: the command line's built-in message catalogues (src/cli/cli-catalog.c, and
 * src/cli/cli-text.c built with CLI_TEXT_FORCE_BUILTIN so that it uses that reader on Linux),
 * checked against GNU gettext.
 *
 * - Every msgid of every built-in catalogue (the very bytes built into blaster-scan.exe) is
 *   looked up by the built-in reader and by glibc's gettext on the same .mo, written to a fresh
 *   folder and bound with bindtextdomain; plurals for n = 0, 1, 2, 5, 11, 21. The same again
 *   with the catalogue in big-endian byte order.
 * - The language chosen from LANGUAGE, LC_ALL, LC_MESSAGES and LANG.
 * - The Plural-Forms evaluator: the formulas of ja, en, fr, ru, pl and ar against their tables,
 *   and against glibc for n = 0..1000 through small catalogues made here; malformed formulas.
 * - Damaged catalogues (wrong magic, every truncation, offsets and lengths past the end, 10,000
 *   random mutations): English back, never a crash. Each damaged copy sits in a buffer of its
 *   own exact size, so that the sanitizer build catches a read past its end.
 *
 * TAP, one line per case.
 */
#include "config.h"

#include <errno.h>
#include <libintl.h>
#include <locale.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli-catalog.h"
#include "cli-text.h"

#define X(ident, name)                                                                             \
  extern const char cli__catalog_##ident[];                                                        \
  extern const size_t cli__catalog_##ident##_len;
CLI_CATALOGS
#undef X

static const struct
{
  const char *name;
  const char *data;
  const size_t *len;
} catalogs[] = {
#define X(ident, name) { name, cli__catalog_##ident, &cli__catalog_##ident##_len },
  CLI_CATALOGS
#undef X
  { NULL, NULL, NULL },
};

static const unsigned long long plural_ns[] = { 0, 1, 2, 5, 11, 21 };

/* --- TAP -------------------------------------------------------------------------------------- */

static int cases, failed_cases;
static int problems; /* in the case being run */

static void
problem (const char *fmt, ...)
{
  va_list ap;
  if (++problems > 20)
    return; /* enough to see what is wrong */
  va_start (ap, fmt);
  fputs ("# ", stdout);
  vprintf (fmt, ap);
  fputs ("\n", stdout);
  va_end (ap);
}

static void
result (const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  printf ("%s %d - ", problems ? "not ok" : "ok", ++cases);
  vprintf (fmt, ap);
  printf ("\n");
  va_end (ap);
  if (problems > 20)
    printf ("# … %d problems in all\n", problems);
  failed_cases += problems != 0;
  problems = 0;
  fflush (stdout);
}

static void *
xmalloc (size_t n)
{
  void *p = malloc (n ? n : 1);
  if (!p)
    {
      printf ("Bail out! out of memory\n");
      exit (2);
    }
  return p;
}

/* A copy of LEN bytes in a buffer of exactly that size. */
static unsigned char *
copy_of (const void *data, size_t len)
{
  unsigned char *c = xmalloc (len);
  memcpy (c, data, len);
  return c;
}

/* --- writing .mo files ------------------------------------------------------------------------ */

typedef struct
{
  const char *id; /* "one\0many" for a plural entry: give the length */
  size_t id_len;
  const char *str;
  size_t str_len;
} mo_entry;

static void
put32 (unsigned char *p, uint32_t v)
{
  p[0] = v & 0xff;
  p[1] = v >> 8 & 0xff;
  p[2] = v >> 16 & 0xff;
  p[3] = v >> 24;
}

static uint32_t
get32 (const unsigned char *p)
{
  return (uint32_t) p[0] | (uint32_t) p[1] << 8 | (uint32_t) p[2] << 16 | (uint32_t) p[3] << 24;
}

/* A little-endian .mo of the N entries (sorted by the caller), as msgfmt lays it out without a
 * hash table. */
static unsigned char *
mo_build (const mo_entry *e, uint32_t n, size_t *len)
{
  size_t at = 28 + 16 * (size_t) n;
  for (uint32_t i = 0; i < n; i++)
    at += e[i].id_len + 1 + e[i].str_len + 1;
  unsigned char *mo = xmalloc (at);
  memset (mo, 0, at);
  put32 (mo, 0x950412de);
  put32 (mo + 8, n);
  put32 (mo + 12, 28);
  put32 (mo + 16, 28 + 8 * n);
  put32 (mo + 24, 28 + 16 * n);
  at = 28 + 16 * (size_t) n;
  for (uint32_t i = 0; i < n; i++)
    {
      put32 (mo + 28 + 8 * i, (uint32_t) e[i].id_len);
      put32 (mo + 32 + 8 * i, (uint32_t) at);
      memcpy (mo + at, e[i].id, e[i].id_len);
      at += e[i].id_len + 1;
    }
  for (uint32_t i = 0; i < n; i++)
    {
      put32 (mo + 28 + 8 * n + 8 * i, (uint32_t) e[i].str_len);
      put32 (mo + 32 + 8 * n + 8 * i, (uint32_t) at);
      memcpy (mo + at, e[i].str, e[i].str_len);
      at += e[i].str_len + 1;
    }
  *len = at;
  return mo;
}

/* The little-endian .mo MO turned big-endian in place: the header, both tables, the hash. */
static void
mo_to_big_endian (unsigned char *mo)
{
  uint32_t n = get32 (mo + 8), orig = get32 (mo + 12), trans = get32 (mo + 16);
  uint32_t hash_size = get32 (mo + 20), hash = get32 (mo + 24);
  unsigned char *words[4] = { mo, mo + orig, mo + trans, mo + hash };
  size_t counts[4] = { 7, 2 * (size_t) n, 2 * (size_t) n, hash_size };
  for (int t = 0; t < 4; t++)
    for (size_t i = 0; i < counts[t]; i++)
      {
        unsigned char *p = words[t] + 4 * i, b0 = p[0], b1 = p[1];
        p[0] = p[3];
        p[1] = p[2];
        p[2] = b1;
        p[3] = b0;
      }
}

static char *tmp_root;

/* Writes the .mo MO as TMP/LANG/LC_MESSAGES/DOMAIN.mo and binds DOMAIN to it. */
static bool
install_for_gettext (const char *lang, const char *domain, const void *mo, size_t len)
{
  char path[4096];
  snprintf (path, sizeof path, "%s/%s", tmp_root, lang);
  mkdir (path, 0700);
  snprintf (path, sizeof path, "%s/%s/LC_MESSAGES", tmp_root, lang);
  mkdir (path, 0700);
  snprintf (path, sizeof path, "%s/%s/LC_MESSAGES/%s.mo", tmp_root, lang, domain);
  FILE *f = fopen (path, "wb");
  if (!f || fwrite (mo, 1, len, f) != len || fclose (f) != 0)
    {
      problem ("cannot write %s: %s", path, strerror (errno));
      return false;
    }
  bindtextdomain (domain, tmp_root);
  bind_textdomain_codeset (domain, "UTF-8");
  return true;
}

/* GNU gettext reads LANGUAGE=LANG from here on (the C.UTF-8 locale: LANGUAGE is not ignored). */
static void
gettext_language (const char *lang)
{
  unsetenv ("LC_ALL");
  unsetenv ("LC_MESSAGES");
  setenv ("LANG", "C.UTF-8", 1);
  setenv ("LANGUAGE", lang, 1);
  setlocale (LC_ALL, "");
}

/* --- the built-in catalogues against GNU gettext ---------------------------------------------- */

/* Every message of CAT against glibc's answer for DOMAIN; counts the messages checked. */
static void
compare_with_gettext (const cli_catalog *cat, const char *domain, size_t *n_msgs, size_t *n_plural)
{
  *n_msgs = *n_plural = 0;
  for (size_t i = 0; i < cli_catalog_count (cat); i++)
    {
      const char *many, *one = cli_catalog_msgid (cat, i, &many);
      const char *gnu = dgettext (domain, one), *ours = cli_catalog_gettext (cat, one);
      (*n_msgs)++;
      if (*one && gnu == one)
        problem ("GNU gettext does not find \"%s\": the comparison would prove nothing", one);
      if (strcmp (gnu, ours) != 0)
        problem ("\"%s\": built-in \"%s\", GNU gettext \"%s\"", one, ours, gnu);
      if (!many)
        continue;
      (*n_plural)++;
      for (size_t k = 0; k < sizeof plural_ns / sizeof *plural_ns; k++)
        {
          unsigned long long n = plural_ns[k];
          gnu = dngettext (domain, one, many, (unsigned long) n);
          ours = cli_catalog_ngettext (cat, one, many, n);
          if (strcmp (gnu, ours) != 0)
            problem ("\"%s\" for n = %llu: built-in \"%s\", GNU gettext \"%s\"", one, n, ours, gnu);
        }
    }
}

static void
test_builtin_catalogs (void)
{
  for (size_t c = 0; catalogs[c].name; c++)
    {
      const char *lang = catalogs[c].name;
      size_t len = *catalogs[c].len, n_msgs, n_plural;
      cli_catalog cat;
      unsigned char *mo = copy_of (catalogs[c].data, len);
      if (cli_catalog_open (&cat, mo, len) < 0)
        problem ("the catalogue built into the program is refused");
      else if (cli_catalog_count (&cat) < 2)
        problem ("the catalogue holds %zu messages", cli_catalog_count (&cat));
      result ("%s: the built-in catalogue (%zu bytes) opens", lang, len);

      char domain[64];
      snprintf (domain, sizeof domain, "cli-text-test-%s", lang);
      gettext_language (lang);
      if (install_for_gettext (lang, domain, mo, len))
        compare_with_gettext (&cat, domain, &n_msgs, &n_plural);
      result ("%s: every msgid as GNU gettext gives it (%zu messages, %zu with plurals, "
              "n = 0, 1, 2, 5, 11, 21)",
              lang, n_msgs, n_plural);

      /* The same bytes in the other byte order: same answers (a catalogue made on a
       * big-endian machine). */
      unsigned char *be = copy_of (mo, len);
      mo_to_big_endian (be);
      cli_catalog becat;
      if (memcmp (be, mo, 4) == 0)
        problem ("the byte order did not change");
      if (cli_catalog_open (&becat, be, len) < 0)
        problem ("the big-endian catalogue is refused");
      else
        {
          snprintf (domain, sizeof domain, "cli-text-test-be-%s", lang);
          if (install_for_gettext (lang, domain, be, len))
            compare_with_gettext (&becat, domain, &n_msgs, &n_plural);
        }
      result ("%s: the same catalogue in big-endian byte order gives the same answers", lang);
      free (be);
      free (mo);
    }
}

/* --- the language ----------------------------------------------------------------------------- */

static void
test_language_choice (void)
{
  cli_catalog ja;
  size_t c = 0;
  while (catalogs[c].name && strcmp (catalogs[c].name, "ja") != 0)
    c++;
  if (!catalogs[c].name || cli_catalog_open (&ja, catalogs[c].data, *catalogs[c].len) < 0)
    {
      problem ("no Japanese catalogue is built in (po/LINGUAS)");
      result ("language choice");
      return;
    }
  const char *msgid = "Checked: ";
  const char *japanese = cli_catalog_gettext (&ja, msgid);
  if (japanese == msgid)
    problem ("\"%s\" has no Japanese translation to tell the languages apart", msgid);

  static const struct
  {
    const char *language, *lc_all, *lc_messages, *lang;
    bool want_japanese;
  } cases_[] = {
    { "ja", NULL, NULL, "C.UTF-8", true },
    { NULL, NULL, NULL, "ja_JP.UTF-8", true },
    { NULL, NULL, "ja_JP.eucJP", "en_US.UTF-8", true },
    { NULL, "ja_JP@modifier", NULL, NULL, true },
    { NULL, NULL, NULL, "ja-JP", true },
    { "it:ja_JP", NULL, NULL, "en_US.UTF-8", true },
    { "", NULL, NULL, "ja_JP.UTF-8", true },
    { "it:nl", NULL, NULL, "ja_JP.UTF-8", false },
    { NULL, NULL, NULL, "en_US.UTF-8", false },
    { "ja", "C", NULL, NULL, true }, /* LANGUAGE counts under C, as in the wizard */
    { "ja", NULL, NULL, "C", true },
    { "ja", NULL, NULL, NULL, true },
    { NULL, NULL, NULL, "jav_ID", false },
    { NULL, "en_GB", NULL, "ja_JP.UTF-8", false },
    { NULL, NULL, NULL, NULL, false },
  };
  static const char *const vars[] = { "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG" };
  for (size_t i = 0; i < sizeof cases_ / sizeof *cases_; i++)
    {
      const char *values[] = { cases_[i].language, cases_[i].lc_all, cases_[i].lc_messages,
                               cases_[i].lang };
      char described[256] = "";
      for (size_t v = 0; v < 4; v++)
        {
          if (values[v])
            {
              setenv (vars[v], values[v], 1);
              size_t used = strlen (described);
              snprintf (described + used, sizeof described - used, "%s%s=%s", used ? " " : "",
                        vars[v], values[v]);
            }
          else
            unsetenv (vars[v]);
        }
      int argc = 1;
      char *argv0[] = { "test-cli-text", NULL }, **argv = argv0;
      cli_text_init (&argc, &argv);
      const char *got = cli_gettext (msgid);
      const char *want = cases_[i].want_japanese ? japanese : msgid;
      if (strcmp (got, want) != 0)
        problem ("got \"%s\", expected %s", got, cases_[i].want_japanese ? "Japanese" : "English");
      /* The plural path follows the same choice. */
      const char *pone = "%llu entry checked in %.1f s.\n";
      const char *pmany = "%llu entries checked in %.1f s.\n";
      const char *pgot = cli_ngettext (pone, pmany, 5);
      const char *pwant = cases_[i].want_japanese ? cli_catalog_ngettext (&ja, pone, pmany, 5)
                                                  : pmany;
      if (strcmp (pgot, pwant) != 0)
        problem ("plural: got \"%s\"", pgot);
      if (cases_[i].want_japanese && pwant == pmany)
        problem ("plural: \"%s\" has no Japanese translation", pone);
      result ("language: %s gives %s", described[0] ? described : "nothing set",
              cases_[i].want_japanese ? "Japanese" : "English");
    }
  for (size_t v = 0; v < 4; v++)
    unsetenv (vars[v]);
}

/* --- plural forms ----------------------------------------------------------------------------- */

static const struct
{
  const char *lang;
  unsigned long nplurals;
  const char *plural;
  /* The form for n = 0..30, then for 100..112, then for 1000, 1001, 1002, 1011, 1021, 1101,
   * written from the languages' rules in words (CLDR: ru "one" is n%10=1 but not n%100=11,
   * "few" n%10 in 2..4 but not n%100 in 12..14; ar "few" n%100 in 3..10, "many" 11..99), not
   * from the formulas. */
  const char *table;
} rules[] = {
  { "ja", 1, "0",
    "0000000000000000000000000000000"
    "0000000000000"
    "000000" },
  { "en", 2, "(n != 1)",
    "1011111111111111111111111111111"
    "1111111111111"
    "111111" },
  { "fr", 2, "(n > 1)",
    "0011111111111111111111111111111"
    "1111111111111"
    "111111" },
  { "ru", 3,
    "(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)",
    "2011122222222222222220111222222"
    "2011122222222"
    "201200" },
  { "pl", 3, "(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)",
    "2011122222222222222222111222222"
    "2211122222222"
    "221222" },
  { "ar", 6,
    "(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5)",
    "0123333333344444444444444444444"
    "5553333333344"
    "555445" },
};

static unsigned long long
table_n (size_t i)
{
  static const unsigned long long tail[] = { 1000, 1001, 1002, 1011, 1021, 1101 };
  return i <= 30 ? i : i <= 43 ? 100 + (i - 31) : tail[i - 44];
}

/* A catalogue with the plural rule PLURAL and one entry "x"/"xs" with FORMS forms "f0".."f<k>". */
static unsigned char *
plural_catalog (unsigned long nplurals, const char *plural, unsigned long forms, size_t *len)
{
  static char header[512], strs[256];
  snprintf (header, sizeof header,
            "Content-Type: text/plain; charset=UTF-8\nPlural-Forms: nplurals=%lu; plural=%s;\n",
            nplurals, plural);
  size_t at = 0;
  for (unsigned long k = 0; k < forms; k++)
    at += (size_t) snprintf (strs + at, sizeof strs - at, "f%lu", k) + 1;
  mo_entry e[] = {
    { "", 0, header, strlen (header) },
    { "x\0xs", 4, strs, at - 1 },
  };
  return mo_build (e, 2, len);
}

static void
test_plural_rules (void)
{
  for (size_t r = 0; r < sizeof rules / sizeof *rules; r++)
    {
      size_t n_table = strlen (rules[r].table);
      if (n_table != 50)
        problem ("the table has %zu entries, not 50", n_table);
      for (size_t i = 0; i < n_table; i++)
        {
          unsigned long long got, n = table_n (i);
          if (cli_plural_eval (rules[r].plural, n, &got) < 0)
            {
              problem ("the formula is refused");
              break;
            }
          if (got != (unsigned long long) (rules[r].table[i] - '0'))
            problem ("n = %llu: form %llu, the table says %c", n, got, rules[r].table[i]);
        }
      result ("plural rule %s: the formula gives the language's table (n = 0..30, 100..112, "
              "1000..1101)",
              rules[r].lang);

      /* Through a catalogue: the built-in reader and glibc pick the same form. */
      size_t len;
      unsigned char *mo = plural_catalog (rules[r].nplurals, rules[r].plural, rules[r].nplurals,
                                          &len);
      char domain[64];
      snprintf (domain, sizeof domain, "cli-text-plural-%s", rules[r].lang);
      cli_catalog cat;
      gettext_language ("xx");
      if (cli_catalog_open (&cat, mo, len) < 0)
        problem ("the catalogue is refused");
      else if (install_for_gettext ("xx", domain, mo, len))
        for (unsigned long long n = 0; n <= 1000; n++)
          {
            const char *gnu = dngettext (domain, "x", "xs", (unsigned long) n);
            const char *ours = cli_catalog_ngettext (&cat, "x", "xs", n);
            if (strcmp (gnu, ours) != 0)
              problem ("n = %llu: built-in \"%s\", GNU gettext \"%s\"", n, ours, gnu);
            if (n < 31 && ours[1] != rules[r].table[n])
              problem ("n = %llu: form %s, the table says %c", n, ours, rules[r].table[n]);
          }
      result ("plural rule %s: a catalogue gives the same form as GNU gettext (n = 0..1000)",
              rules[r].lang);
      free (mo);
    }
}

static void
test_plural_evaluator (void)
{
  static const struct
  {
    const char *expr;
    unsigned long long n, want;
  } good[] = {
    { "1 + 2 * 3", 0, 7 },        { "(1 + 2) * 3", 0, 9 },   { "7 - 2 - 1", 0, 4 },
    { "12 / 2 / 3", 0, 2 },       { "17 % 5 % 3", 0, 2 },    { "n", 42, 42 },
    { "!n", 0, 1 },               { "!n", 3, 0 },            { "!!n", 3, 1 },
    { "n == 1 ? 0 : n == 2 ? 1 : 2", 2, 1 },
    { "n == 1 ? 0 : n == 2 ? 1 : 2", 9, 2 },
    { "0 ? 1 ? 2 : 3 : 4", 0, 4 }, { "1 || 0 && 0", 0, 1 },  { "(1 || 0) && 0", 0, 0 },
    { "1 < 2 == 1", 0, 1 },       { "2 > 1 > 0", 0, 1 },     { "3 <= 3", 0, 1 },
    { "3 >= 4", 0, 0 },           { "n != 1", 1, 0 },        { "n/0", 5, 0 },
    { "n%0", 5, 0 },              { "n - 1", 0, ~0ULL },     { "  n  >  1  ; trailing", 2, 1 },
    { "n>1\nnext line", 2, 1 },   { "\tn==0", 0, 1 },
  };
  for (size_t i = 0; i < sizeof good / sizeof *good; i++)
    {
      unsigned long long got = 12345;
      if (cli_plural_eval (good[i].expr, good[i].n, &got) < 0)
        problem ("\"%s\" refused", good[i].expr);
      else if (got != good[i].want)
        problem ("\"%s\" for n = %llu gives %llu, not %llu", good[i].expr, good[i].n, got,
                 good[i].want);
    }
  result ("plural evaluator: C precedence, associativity, ?: chains, x/0 and x%%0 give 0 "
          "(%zu expressions)",
          sizeof good / sizeof *good);

  static const char *const bad[] = {
    "", "n +", "(n", "n)", "n ? 1", "n ? 1 :", "n & 1", "n | 1", "-n", "x", "n = 1",
    "n !! 1", "1 2", "n <> 1", "(", "?", "n ==", NULL,
  };
  for (size_t i = 0; bad[i]; i++)
    {
      unsigned long long got;
      if (cli_plural_eval (bad[i], 1, &got) == 0)
        problem ("\"%s\" accepted (gives %llu)", bad[i], got);
    }
  result ("plural evaluator: malformed expressions are refused (%zu)",
          sizeof bad / sizeof *bad - 1);

  /* A hostile catalogue could nest without end: refused, not a stack overflow. */
  size_t depth = 200000;
  char *deep = xmalloc (2 * depth + 2);
  memset (deep, '(', depth);
  deep[depth] = 'n';
  memset (deep + depth + 1, ')', depth);
  deep[2 * depth + 1] = '\0';
  unsigned long long got;
  if (cli_plural_eval (deep, 1, &got) == 0)
    problem ("%zu nested parentheses accepted", depth);
  memset (deep, '!', 2 * depth);
  deep[2 * depth] = 'n';
  if (cli_plural_eval (deep, 1, &got) == 0)
    problem ("%zu nested ! accepted", 2 * depth);
  if (cli_plural_eval ("((((n))))", 1, &got) < 0 || got != 1)
    problem ("modest nesting refused");
  free (deep);
  result ("plural evaluator: deep nesting is refused without overflowing the stack");

  /* A Plural-Forms that cannot be parsed: the English rule, as GNU gettext falls back to it. */
  static const char *const unusable[] = { "n +", "(n", "n ? 1 : 2 : 3", NULL };
  for (size_t i = 0; unusable[i]; i++)
    {
      size_t len;
      unsigned char *mo = plural_catalog (3, unusable[i], 3, &len);
      cli_catalog cat;
      char domain[64];
      snprintf (domain, sizeof domain, "cli-text-unusable-%zu", i);
      gettext_language ("xx");
      if (cli_catalog_open (&cat, mo, len) < 0)
        problem ("\"%s\": the catalogue is refused; only its plural rule is wrong", unusable[i]);
      else if (install_for_gettext ("xx", domain, mo, len))
        for (unsigned long long n = 0; n < 30; n++)
          {
            const char *gnu = dngettext (domain, "x", "xs", (unsigned long) n);
            const char *ours = cli_catalog_ngettext (&cat, "x", "xs", n);
            if (strcmp (ours, n == 1 ? "f0" : "f1") != 0)
              problem ("\"%s\", n = %llu: %s, expected the English rule", unusable[i], n, ours);
            if (strcmp (gnu, ours) != 0)
              problem ("\"%s\", n = %llu: built-in %s, GNU gettext %s", unusable[i], n, ours, gnu);
          }
      free (mo);
    }
  result ("an unparseable Plural-Forms gives the English rule (n != 1), as with GNU gettext");

  /* More forms asked for than the entry has, or than nplurals: the first form, as GNU does. */
  static const struct
  {
    unsigned long nplurals, forms;
  } short_[] = { { 3, 2 }, { 2, 3 } };
  for (size_t i = 0; i < 2; i++)
    {
      size_t len;
      unsigned char *mo = plural_catalog (short_[i].nplurals, "n % 3", short_[i].forms, &len);
      cli_catalog cat;
      char domain[64];
      snprintf (domain, sizeof domain, "cli-text-short-%zu", i);
      gettext_language ("xx");
      if (cli_catalog_open (&cat, mo, len) < 0)
        problem ("nplurals=%lu with %lu forms: refused", short_[i].nplurals, short_[i].forms);
      else if (install_for_gettext ("xx", domain, mo, len))
        for (unsigned long long n = 0; n < 9; n++)
          {
            const char *gnu = dngettext (domain, "x", "xs", (unsigned long) n);
            const char *ours = cli_catalog_ngettext (&cat, "x", "xs", n);
            if (strcmp (gnu, ours) != 0)
              problem ("nplurals=%lu, %lu forms, n = %llu: built-in %s, GNU gettext %s",
                       short_[i].nplurals, short_[i].forms, n, ours, gnu);
            if (n % 3 == 2 && strcmp (ours, "f0") != 0)
              problem ("n = %llu: %s, expected the first form", n, ours);
          }
      free (mo);
    }
  result ("a form index past the entry's forms or past nplurals gives the first form, as GNU "
          "gettext");
}

/* --- damaged catalogues ----------------------------------------------------------------------- */

static const cli_catalog *pristine; /* the Japanese catalogue, to draw msgids from */

/* Whether every lookup in the damaged catalogue MO (LEN bytes, opened or not) is sound: English
 * when it was refused, else a string wholly inside MO or the msgid itself. Returns whether the
 * catalogue was refused. */
static bool
check_damaged (unsigned char *mo, size_t len, const char *what, bool must_refuse)
{
  cli_catalog cat;
  bool refused = cli_catalog_open (&cat, mo, len) < 0;
  if (must_refuse && !refused)
    problem ("%s: the catalogue is accepted", what);
  if (refused && (cli_catalog_count (&cat) != 0 || cat.data != NULL))
    problem ("%s: refused, but the catalogue still holds messages", what);
  for (size_t i = 0; i < cli_catalog_count (pristine); i++)
    {
      const char *many, *one = cli_catalog_msgid (pristine, i, &many);
      const char *forms[1 + 4];
      size_t n_forms = 0;
      forms[n_forms++] = cli_catalog_gettext (&cat, one);
      if (many)
        for (unsigned long long n = 0; n < 4; n++)
          forms[n_forms++] = cli_catalog_ngettext (&cat, one, many, n);
      for (size_t k = 0; k < n_forms; k++)
        {
          const char *s = forms[k];
          bool english = k == 0 ? s == one : s == (k == 2 ? one : many);
          bool inside = (const unsigned char *) s >= mo && (const unsigned char *) s < mo + len
                        && memchr (s, '\0', (size_t) (mo + len - (const unsigned char *) s));
          if (refused ? !english : !(english || s == one || s == many || inside))
            {
              problem ("%s: \"%s\" gives %s", what, one,
                       refused ? "a translation from a refused catalogue"
                               : "a string outside the catalogue");
              return refused;
            }
        }
    }
  return refused;
}

static void
test_damaged (void)
{
  size_t c = 0;
  while (catalogs[c].name && strcmp (catalogs[c].name, "ja") != 0)
    c++;
  if (!catalogs[c].name)
    {
      problem ("no Japanese catalogue is built in");
      result ("damaged catalogues");
      return;
    }
  const unsigned char *orig = (const unsigned char *) catalogs[c].data;
  size_t len = *catalogs[c].len;
  static cli_catalog ja;
  cli_catalog_open (&ja, orig, len);
  pristine = &ja;
  uint32_t n = get32 (orig + 8), otab = get32 (orig + 12), ttab = get32 (orig + 16);

  /* Wrong magic: every byte of it. */
  for (size_t i = 0; i < 4; i++)
    {
      unsigned char *mo = copy_of (orig, len);
      mo[i] ^= 0x5a;
      check_damaged (mo, len, "magic byte changed", true);
      free (mo);
    }
  unsigned char *mo = copy_of (orig, len);
  put32 (mo + 4, 0x00020000);
  check_damaged (mo, len, "revision 2.0", true);
  free (mo);
  result ("a wrong magic number or an unknown major revision gives English");

  for (size_t l = 0; l < len; l++)
    {
      mo = copy_of (orig, l);
      char what[64];
      snprintf (what, sizeof what, "truncated to %zu bytes", l);
      check_damaged (mo, l, what, true);
      free (mo);
    }
  result ("every truncation (0..%zu bytes) gives English", len - 1);

  struct
  {
    size_t at;
    uint32_t value;
    const char *what;
  } words[] = {
    { 8, 0xffffffff, "message count 2^32-1" },
    { 8, n + 1, "message count one too many" },
    { 8, (uint32_t) (len / 8), "message count past the end" },
    { 12, (uint32_t) len, "msgid table at the end" },
    { 12, 0xfffffff8, "msgid table far past the end" },
    { 16, (uint32_t) len - 4, "msgstr table past the end" },
    { otab + 8 * (n - 1) + 4, (uint32_t) len, "last msgid at the end" },
    { otab + 8 * (n / 2) + 4, 0xfffffff0, "a msgid far past the end" },
    { otab + 8 * (n / 2), 0xffffffff, "a msgid 2^32-1 bytes long" },
    { otab + 8 * (n / 2), (uint32_t) len, "a msgid as long as the catalogue" },
    { ttab + 8 * (n / 3) + 4, (uint32_t) len - 1, "a msgstr whose NUL is past the end" },
    { ttab + 8 * (n / 3), 0xfffffff0, "a msgstr length that wraps the offset" },
    { ttab + 4, (uint32_t) len, "the header past the end" },
  };
  for (size_t i = 0; i < sizeof words / sizeof *words; i++)
    {
      mo = copy_of (orig, len);
      put32 (mo + words[i].at, words[i].value);
      check_damaged (mo, len, words[i].what, true);
      free (mo);
    }
  result ("counts, table offsets, string offsets and lengths past the end give English (%zu)",
          sizeof words / sizeof *words);

  /* A string without its NUL, msgids out of order, a header that is not UTF-8. */
  mo = copy_of (orig, len);
  uint32_t s_len = get32 (mo + ttab + 8 * (n / 2)), s_off = get32 (mo + ttab + 8 * (n / 2) + 4);
  mo[s_off + s_len] = 'x';
  check_damaged (mo, len, "a msgstr without its NUL", true);
  free (mo);
  mo = copy_of (orig, len);
  unsigned char e[8];
  memcpy (e, mo + otab + 8 * 5, 8);
  memcpy (mo + otab + 8 * 5, mo + otab + 8 * 6, 8);
  memcpy (mo + otab + 8 * 6, e, 8);
  check_damaged (mo, len, "two msgids swapped", true);
  free (mo);
  mo = copy_of (orig, len);
  memcpy (mo + otab + 8 * 5, mo + otab + 8 * 6, 8);
  check_damaged (mo, len, "a msgid twice", true);
  free (mo);
  mo = copy_of (orig, len);
  uint32_t h_len = get32 (mo + ttab), h_off = get32 (mo + ttab + 4);
  char *cs = memmem (mo + h_off, h_len, "charset=UTF-8", 13);
  if (!cs)
    problem ("the header names no charset=UTF-8");
  else
    memcpy (cs, "charset=EUCJP", 13);
  check_damaged (mo, len, "charset=EUCJP", true);
  free (mo);
  result ("a string without its NUL, msgids out of order or twice, a header not in UTF-8 give "
          "English");

  /* Random damage: byte changes anywhere, and whole table words set to random values. */
  uint64_t seed = 0x2003081100000000ULL ^ len, x = seed;
  int refused = 0, rounds = 10000;
  size_t tables_end = 28 + 16 * (size_t) n;
  for (int round = 0; round < rounds && problems == 0; round++)
    {
      mo = copy_of (orig, len);
      int changes = 1 + round % 4;
      for (int k = 0; k < changes; k++)
        {
          x ^= x << 13, x ^= x >> 7, x ^= x << 17;
          size_t at = (size_t) (x >> 16) % (round % 2 ? len : tables_end);
          if (round % 3 == 0 && at + 4 <= len)
            put32 (mo + (at & ~(size_t) 3), (uint32_t) (x >> 32));
          else
            mo[at] = (unsigned char) x;
        }
      char what[64];
      snprintf (what, sizeof what, "random damage round %d", round);
      refused += check_damaged (mo, len, what, false);
      free (mo);
    }
  printf ("# seed %#llx: %d of %d damaged copies refused, the others still sound\n",
          (unsigned long long) seed, refused, rounds);
  if (refused == 0)
    problem ("no damaged copy was refused: the checks are not running");
  result ("%d random mutations: no crash, English or a string inside the catalogue", rounds);
}

/* --- main ------------------------------------------------------------------------------------- */

static void
remove_tree (const char *root)
{
  char cmd[4200];
  if (strlen (root) > 4000 || strncmp (root, "/tmp/", 5) != 0 || strchr (root, '\''))
    return;
  snprintf (cmd, sizeof cmd, "rm -rf '%s'", root);
  if (system (cmd) != 0)
    printf ("# could not remove %s\n", root);
}

int
main (void)
{
  char tmpl[] = "/tmp/cli-text-test-XXXXXX";
  tmp_root = mkdtemp (tmpl);
  if (!tmp_root)
    {
      printf ("Bail out! cannot make a temporary folder: %s\n", strerror (errno));
      return 2;
    }
  if (!catalogs[0].name)
    {
      printf ("Bail out! no catalogue is built in (po/LINGUAS lists none)\n");
      return 2;
    }
  test_builtin_catalogs ();
  test_language_choice ();
  test_plural_rules ();
  test_plural_evaluator ();
  test_damaged ();
  remove_tree (tmp_root);
  printf ("1..%d\n", cases);
  return failed_cases ? 1 : 0;
}
