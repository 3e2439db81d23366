/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-rules: the indicator catalogue parser (scan-rules.c) and the SHA-256 that names the
 * catalogue in every report (scan-sha256.c).
 *
 * Usage: test-rules PATH/TO/data/rules/blaster.rules
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scan-error.h"
#include "scan-private.h"
#include "scan-rules.h"
#include "test-util.h"

/* The catalogue file as the source tree holds it: the built-in copy must be exactly these bytes. */
static const char *catalogue_path;
static char *catalogue_text;
static size_t catalogue_len;

static const scan_patch *
find_patch (const scan_rules *rules, const char *id)
{
  size_t n;
  const scan_patch *patches = scan_rules_patches (rules, &n);
  for (size_t i = 0; i < n; i++)
    if (strcmp (patches[i].id, id) == 0)
      return &patches[i];
  return NULL;
}

static const scan_indicator *
find_indicator (const scan_rules *rules, scan_indicator_kind kind, const char *name)
{
  size_t n;
  const scan_indicator *inds = scan_rules_indicators (rules, &n);
  for (size_t i = 0; i < n; i++)
    if (inds[i].kind == kind && inds[i].name && strcmp (inds[i].name, name) == 0)
      return &inds[i];
  return NULL;
}

static bool
list_has_patch (const scan_patch *const *list, const char *id)
{
  for (size_t i = 0; list && list[i]; i++)
    if (strcmp (list[i]->id, id) == 0)
      return true;
  return false;
}

static bool
list_has_string (const char *const *list, const char *s)
{
  for (size_t i = 0; list && list[i]; i++)
    if (strcmp (list[i], s) == 0)
      return true;
  return false;
}

static size_t
list_len (const scan_indicator *const *list)
{
  size_t n = 0;
  while (list && list[n])
    n++;
  return n;
}

static void
check_sha256 (const void *data, size_t len, const char *expected, const char *what)
{
  char hex[65];
  memset (hex, 'X', sizeof hex);
  scan__sha256_hex (data, len, hex);
  if (!CHECK_STR (hex, expected))
    fprintf (stderr, "  (input: %s)\n", what);
}

/* If this breaks, every report names a catalogue hash that no one can reproduce with
 * sha256sum, and a report can no longer be traced to the rules behind it. */
static void
test_sha256_vectors (void)
{
  test_case ("SHA-256: FIPS 180-2 test vectors");
  check_sha256 ("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "\"\"");
  check_sha256 ("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                "abc");
  check_sha256 ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56,
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
                "the 56-byte FIPS message");

  char *million = malloc (1000000);
  REQUIRE (million != NULL);
  memset (million, 'a', 1000000);
  check_sha256 (million, 1000000,
                "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
                "one million 'a'");

  /* The padding boundaries (55 bytes: length fits in the last block; 56: it does not; 64: a
   * whole block), where hand-written SHA-256 code usually breaks. Digests from Python's
   * hashlib, an independent implementation. */
  test_case ("SHA-256: padding boundaries");
  check_sha256 (million, 55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318",
                "55 x 'a'");
  check_sha256 (million, 56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a",
                "56 x 'a'");
  check_sha256 (million, 63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34",
                "63 x 'a'");
  check_sha256 (million, 64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb",
                "64 x 'a'");
  check_sha256 (million, 119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb",
                "119 x 'a'");
  free (million);
}

/* The version as the file's own `catalogue version=` statement gives it. */
static char *
file_catalogue_version (void)
{
  for (const char *line = catalogue_text; line && *line;)
    {
      const char *eol = strchr (line, '\n');
      if (strncmp (line, "catalogue ", 10) == 0)
        {
          const char *v = strstr (line, " version=");
          if (!v || (eol && v > eol))
            return NULL;
          v += strlen (" version=");
          return strndup (v, strcspn (v, " \t\r\n"));
        }
      line = eol ? eol + 1 : NULL;
    }
  return NULL;
}

/* If this breaks, reports name a catalogue version or hash that does not match the file shipped
 * next to the program: the built-in copy is stale or altered. */
static void
test_builtin_identity (const scan_rules *rules)
{
  test_case ("built-in catalogue: version and SHA-256 match data/rules/blaster.rules");
  char *version = file_catalogue_version ();
  CHECK (version != NULL && version[0] != '\0');
  CHECK (scan_rules_version (rules) != NULL && scan_rules_version (rules)[0] != '\0');
  CHECK_STR (scan_rules_version (rules), version);
  free (version);

  char hex[65];
  scan__sha256_hex (catalogue_text, catalogue_len, hex);
  CHECK_STR (scan_rules_sha256 (rules), hex);
  CHECK_INT (strlen (scan_rules_sha256 (rules)), 64);
  CHECK_STR (scan_rules_origin (rules), "built-in");

  /* The same file loaded from disk: same identity, its path as origin. */
  scan_rules *from_file = NULL;
  scan_rules_diag diag;
  if (CHECK_INT (scan_rules_load_file (catalogue_path, &from_file, &diag), 0))
    {
      CHECK_STR (scan_rules_sha256 (from_file), scan_rules_sha256 (rules));
      CHECK_STR (scan_rules_version (from_file), scan_rules_version (rules));
      CHECK_STR (scan_rules_origin (from_file), catalogue_path);
      size_t a, b;
      scan_rules_indicators (rules, &a);
      scan_rules_indicators (from_file, &b);
      CHECK_INT (a, b);
    }
  else
    fprintf (stderr, "  %s:%u: %s\n", diag.file, diag.line, diag.message);
  scan_rules_free (from_file);
}

static void
check_msblast (const scan_rules *rules, const char *name)
{
  const scan_indicator *const *m = scan_rules_match_name (rules, name, strlen (name));
  if (!CHECK (m != NULL))
    {
      fprintf (stderr, "  (no match for %s)\n", name);
      return;
    }
  CHECK_INT (list_len (m), 1);
  CHECK_INT (m[0]->kind, SCAN_IND_FILE);
  CHECK_STR (m[0]->folder, "system32");
  CHECK (m[0]->confirmed);
  if (CHECK (m[0]->variant != NULL))
    {
      CHECK_STR (m[0]->variant->id, "A");
      CHECK_STR (m[0]->variant->family, "blaster");
    }
}

/* If this breaks, the scanner misses the worm's files (a name written in another case, as on
 * every FAT disk) or flags ordinary programs. */
static void
test_match_name (const scan_rules *rules)
{
  test_case ("match_name: msblast.exe in any case");
  check_msblast (rules, "msblast.exe");
  check_msblast (rules, "MSBLAST.EXE");
  check_msblast (rules, "MsBlast.Exe");

  /* The walker passes a length, not a NUL-terminated name: only LEN bytes count. */
  test_case ("match_name: only LEN bytes of the name are compared");
  CHECK (scan_rules_match_name (rules, "msblast.exe.txt", 11) != NULL);
  CHECK (scan_rules_match_name (rules, "msblast.exe", 10) == NULL);

  test_case ("match_name: dllhost.exe is both a real program and a Welchia file");
  const scan_indicator *const *m = scan_rules_match_name (rules, "dllhost.exe", 11);
  if (CHECK (m != NULL))
    {
      bool legit = false, welchia = false;
      for (size_t i = 0; m[i]; i++)
        {
          if (m[i]->kind == SCAN_IND_LEGIT && strcmp (m[i]->folder, "system32") == 0)
            legit = true;
          if (m[i]->kind == SCAN_IND_FILE && strcmp (m[i]->folder, "system32/wins") == 0
              && m[i]->variant && strcmp (m[i]->variant->family, "welchia") == 0
              && strcmp (m[i]->variant->id, "A") == 0)
            welchia = true;
        }
      CHECK (legit);
      CHECK (welchia);
      CHECK_INT (list_len (m), 2);
    }

  test_case ("match_name: near misses are not matches");
  static const char *const misses[] = { "notepad.exe", "msblast.ex", "msblast.exe.txt",
                                        "xmsblast.exe", "msblast.exe ", "" };
  for (size_t i = 0; i < sizeof misses / sizeof misses[0]; i++)
    if (!CHECK (scan_rules_match_name (rules, misses[i], strlen (misses[i])) == NULL))
      fprintf (stderr, "  (matched: \"%s\")\n", misses[i]);

  /* Names longer than any indicator (NTFS allows 255 characters) must be rejected safely. */
  char long_name[300];
  memset (long_name, 'a', sizeof long_name);
  CHECK (scan_rules_match_name (rules, long_name, sizeof long_name) == NULL);
  CHECK (scan_rules_match_name (rules, long_name, 64) == NULL);
  CHECK (scan_rules_match_name (rules, long_name, 65) == NULL);

  /* Every file and legit line of the catalogue must be reachable through the name table. */
  test_case ("match_name: every file and legit indicator is found by its own name");
  size_t n;
  const scan_indicator *inds = scan_rules_indicators (rules, &n);
  size_t files = 0;
  for (size_t i = 0; i < n; i++)
    {
      if (inds[i].kind != SCAN_IND_FILE && inds[i].kind != SCAN_IND_LEGIT)
        continue;
      files++;
      const scan_indicator *const *hits
        = scan_rules_match_name (rules, inds[i].name, strlen (inds[i].name));
      bool found = false;
      for (size_t j = 0; hits && hits[j]; j++)
        found = found || hits[j] == &inds[i];
      if (!CHECK (found))
        fprintf (stderr, "  (line %u, %s)\n", inds[i].line, inds[i].name);
    }
  CHECK (files >= 10);

  test_case ("prefetch: the MSBLAST.EXE- prefix of Blaster A");
  const scan_indicator *const *pf = scan_rules_prefetch (rules);
  if (CHECK (pf != NULL && pf[0] != NULL))
    {
      CHECK_STR (pf[0]->name, "MSBLAST.EXE-");
      CHECK (pf[0]->variant != NULL && strcmp (pf[0]->variant->id, "A") == 0);
      CHECK (!pf[0]->confirmed);
    }
}

/* If this breaks, the vulnerability verdict is wrong: a patched Windows is called vulnerable
 * (its key is spelled the other way, or a newer update replaced this one), or the reverse. */
static void
test_patches (const scan_rules *rules)
{
  test_case ("patches: KB823980 (MS03-026)");
  const scan_patch *p = find_patch (rules, "KB823980");
  if (!CHECK (p != NULL))
    return;
  CHECK_STR (p->bulletin, "MS03-026");
  CHECK_STR (p->fixes, "rpc");
  CHECK_INT (p->included_in_sp[SCAN_OS_WINXP], 2);
  CHECK_INT (p->included_in_sp[SCAN_OS_WIN2003], 1);
  CHECK_INT (p->included_in_sp[SCAN_OS_WIN2000], 5);
  CHECK_INT (p->included_in_sp[SCAN_OS_NT4], 0);
  CHECK (list_has_patch (p->superseded_by, "KB824146"));
  CHECK (list_has_patch (p->superseded_by, "KB828741"));
  CHECK (!list_has_patch (p->superseded_by, "Q815021"));
  CHECK (list_has_string (p->keys[SCAN_OS_WIN2003], "Window Server 2003\\SP1\\KB823980"));
  CHECK (list_has_string (p->keys[SCAN_OS_WIN2003], "Windows Server 2003\\SP1\\KB823980"));
  CHECK (list_has_string (p->keys[SCAN_OS_WINXP], "Windows XP\\SP2\\KB823980"));
  CHECK (p->keys[SCAN_OS_NT4] == NULL);

  test_case ("patches: KB824146 is superseded by KB828741 only");
  p = find_patch (rules, "KB824146");
  if (CHECK (p != NULL))
    {
      CHECK (list_has_patch (p->superseded_by, "KB828741"));
      CHECK (p->superseded_by != NULL && p->superseded_by[1] == NULL);
    }
  p = find_patch (rules, "KB828741");
  if (CHECK (p != NULL))
    CHECK (p->superseded_by == NULL);
  CHECK (find_patch (rules, "KB999999") == NULL);
  CHECK_STR (scan_os_name (SCAN_OS_WINXP), "winxp");
  CHECK (scan_os_name (SCAN_OS__COUNT) == NULL);
}

/* If this breaks, an UNCONFIRMED mutex name would be reported as proof of infection, or a
 * confirmed one only as a hint. */
static void
test_confirmed (const scan_rules *rules)
{
  test_case ("confirmed: WksPatch_Mutex is not confirmed, BILLY is");
  const scan_indicator *ind = find_indicator (rules, SCAN_IND_MUTEX, "WksPatch_Mutex");
  if (CHECK (ind != NULL))
    CHECK (!ind->confirmed);
  ind = find_indicator (rules, SCAN_IND_MUTEX, "BILLY");
  if (CHECK (ind != NULL))
    {
      CHECK (ind->confirmed);
      CHECK (ind->variant && strcmp (ind->variant->family, "blaster") == 0);
    }

  /* variant=* keeps the family's first variant and says it means them all. */
  ind = find_indicator (rules, SCAN_IND_PORT, "remote shell (hidden cmd.exe)");
  if (CHECK (ind != NULL))
    {
      CHECK (ind->any_variant);
      CHECK_INT (ind->number, 4444);
      CHECK (!ind->udp);
    }
}

/* The start of a valid catalogue: a broken line 5 appended to it is the first error. */
#define PRELUDE                                                                                  \
  "catalogue version=1\n"                                                                        \
  "family id=blaster name=Blaster source=s\n"                                                    \
  "variant family=blaster id=A names=n source=s\n"                                               \
  "patch id=KB1 bulletin=MS03-026 title=t source=s\n"

typedef struct
{
  const char *what;
  const char *text;
  size_t len; /* 0: strlen (text) */
  unsigned line;
  const char *mention; /* the message must name this (the offending word), or NULL */
} bad_case;

/* If any of these breaks, a broken catalogue given with --rules is either accepted (and the scan
 * silently misses indicators) or rejected with a wrong line, which no one can then fix. */
static void
test_malformed (void)
{
  static const char nul_line[] = PRELUDE "family id=x\0y name=n source=s\n";
  static const bad_case cases[] = {
    { "missing catalogue line", "family id=blaster name=B source=s\n", 0, 1, NULL },
    { "catalogue after a comment is still first", "# c\n\nfamily id=b name=B source=s\n", 0, 3,
      NULL },
    { "second catalogue line", PRELUDE "catalogue version=2\n", 0, 5, NULL },
    { "unknown kind", PRELUDE "worm id=x\n", 0, 5, "worm" },
    { "unknown key", PRELUDE "family id=x name=n source=s colour=red\n", 0, 5, "colour" },
    { "key without value", PRELUDE "family id=x name=n source=s note\n", 0, 5, NULL },
    { "missing required key", PRELUDE "family id=x name=n\n", 0, 5, "source" },
    { "duplicate key", PRELUDE "family id=x id=y name=n source=s\n", 0, 5, "id" },
    { "unterminated quote", PRELUDE "family id=x name=\"Blaster source=s\n", 0, 5, NULL },
    { "bad escape \\n", PRELUDE "family id=x name=\"a\\nb\" source=s\n", 0, 5, NULL },
    { "'=' in a bare value", PRELUDE "family id=x name=a=b source=s\n", 0, 5, NULL },
    { "'\"' in a bare value", PRELUDE "family id=x name=a\"b source=s\n", 0, 5, NULL },
    { "text glued to a closing quote", PRELUDE "family id=x name=\"a\"b source=s\n", 0, 5, NULL },
    { "empty bare value", PRELUDE "family id=x name= source=s\n", 0, 5, NULL },
    { "unknown family", PRELUDE "variant family=nope id=B names=n source=s\n", 0, 5, "nope" },
    { "unknown variant",
      PRELUDE "file family=blaster variant=Z name=a.exe folder=system32 source=s\n", 0, 5, "Z" },
    { "family declared twice", PRELUDE "family id=blaster name=B source=s\n", 0, 5, "blaster" },
    { "unknown patch in patch-key", PRELUDE "patch-key patch=KB999 os=winxp key=k source=s\n", 0,
      5, "KB999" },
    { "bad os", PRELUDE "patch-key patch=KB1 os=win95 key=k source=s\n", 0, 5, "win95" },
    { "bad proto", PRELUDE "port family=blaster variant=A proto=icmp number=1 role=r source=s\n", 0,
      5, "icmp" },
    { "port 0", PRELUDE "port family=blaster variant=A proto=tcp number=0 role=r source=s\n", 0, 5,
      NULL },
    { "port 70000",
      PRELUDE "port family=blaster variant=A proto=tcp number=70000 role=r source=s\n", 0, 5,
      NULL },
    { "port not a number",
      PRELUDE "port family=blaster variant=A proto=tcp number=-1 role=r source=s\n", 0, 5, NULL },
    { "sp=0", PRELUDE "included patch=KB1 os=winxp sp=0 source=s\n", 0, 5, NULL },
    { "folder with a backslash",
      PRELUDE "file family=blaster variant=A name=a.exe folder=system32\\wins source=s\n", 0, 5,
      NULL },
    { "folder with ..",
      PRELUDE "file family=blaster variant=A name=a.exe folder=system32/../x source=s\n", 0, 5,
      NULL },
    { "absolute folder",
      PRELUDE "file family=blaster variant=A name=a.exe folder=/system32 source=s\n", 0, 5, NULL },
    { "file name with a slash",
      PRELUDE "file family=blaster variant=A name=x/a.exe folder=system32 source=s\n", 0, 5, NULL },
    { "confirmed=maybe",
      PRELUDE "mutex family=blaster variant=A name=M source=s confirmed=maybe\n", 0, 5, "maybe" },
    { "invalid UTF-8 on line 3",
      "catalogue version=1\nfamily id=blaster name=B source=s\n"
      "variant family=blaster id=A names=\xff" " source=s\n",
      0, 3, NULL },
    { "a NUL byte inside a line", nul_line, sizeof nul_line - 1, 5, NULL },
    { "variant=* in a file line",
      PRELUDE "file family=blaster variant=* name=a.exe folder=system32 source=s\n", 0, 5, NULL },
    { "empty input", "", 0, 0, NULL },
    { "only comments", "# nothing\n\n", 0, 0, NULL },
  };

  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    {
      const bad_case *c = &cases[i];
      char name[64];
      scan_rules *rules = (scan_rules *) &rules; /* must be reset to NULL */
      scan_rules_diag diag;
      snprintf (name, sizeof name, "bad-%zu.rules", i);
      test_case (c->what);
      size_t len = c->len ? c->len : strlen (c->text);
      int rc = scan_rules_parse (c->text, len, name, &rules, &diag);
      bool ok = CHECK_INT (rc, SCAN_EPARSE);
      ok &= CHECK (rules == NULL);
      ok &= CHECK_INT (diag.line, c->line);
      ok &= CHECK (diag.message[0] != '\0');
      ok &= CHECK_STR (diag.file, name);
      if (c->mention)
        ok &= CHECK (strstr (diag.message, c->mention) != NULL);
      if (!ok)
        fprintf (stderr, "  case \"%s\": %s:%u: %s\n", c->what, diag.file, diag.line,
                 diag.message);
      if (rc == 0)
        scan_rules_free (rules);
    }

  /* A diagnostic without a place to write it must not crash (the CLI may pass NULL). */
  scan_rules *rules = NULL;
  CHECK_INT (scan_rules_parse ("worm\n", 5, "x", &rules, NULL), SCAN_EPARSE);
}

/* If this breaks, a catalogue edited on Windows (CRLF), or one with comments or escaped quotes,
 * is refused or read with stray characters in its values. */
static void
test_accepted_syntax (const scan_rules *builtin)
{
  test_case ("syntax: comments, blank lines, CRLF and escapes");
  static const char text[]
    = "# a comment before everything\r\n"
      "\r\n"
      "catalogue version=9 title=\"T\"\r\n"
      "   # an indented comment\r\n"
      "\t \r\n"
      "family id=blaster name=\"Blaster\" source=s\r\n"
      "variant family=blaster id=A names=n source=s\r\n"
      "mutex family=blaster variant=A name=M source=s note=\"say \\\"hi\\\" in c:\\\\x\"\r\n"
      "mutex family=blaster variant=A name=\"\" source=\"a b\"\tconfirmed=no\r\n"
      "file family=blaster variant=A name=w.exe folder=system32 source=s";
  scan_rules *rules = NULL;
  scan_rules_diag diag;
  if (CHECK_INT (scan_rules_parse (text, sizeof text - 1, "ok.rules", &rules, &diag), 0))
    {
      CHECK_STR (scan_rules_version (rules), "9");
      const scan_indicator *m = find_indicator (rules, SCAN_IND_MUTEX, "M");
      if (CHECK (m != NULL))
        {
          CHECK_STR (m->note, "say \"hi\" in c:\\x");
          CHECK_STR (m->source, "s");
          CHECK (m->confirmed);
        }
      m = find_indicator (rules, SCAN_IND_MUTEX, "");
      if (CHECK (m != NULL))
        {
          CHECK_STR (m->source, "a b");
          CHECK (!m->confirmed);
        }
      /* The last line has no newline at all. */
      const scan_indicator *f = find_indicator (rules, SCAN_IND_FILE, "w.exe");
      if (CHECK (f != NULL))
        {
          CHECK_STR (f->source, "s");
          CHECK_INT (f->line, 10);
        }
      CHECK (scan_rules_match_name (rules, "W.EXE", 5) != NULL);
    }
  else
    fprintf (stderr, "  %s:%u: %s\n", diag.file, diag.line, diag.message);
  scan_rules_free (rules);

  /* The real catalogue with CRLF endings reads the same values, byte for byte. */
  test_case ("syntax: the whole catalogue with CRLF line endings");
  char *crlf = malloc (catalogue_len * 2 + 1);
  REQUIRE (crlf != NULL);
  size_t n = 0;
  for (size_t i = 0; i < catalogue_len; i++)
    {
      if (catalogue_text[i] == '\n')
        crlf[n++] = '\r';
      crlf[n++] = catalogue_text[i];
    }
  rules = NULL;
  if (CHECK_INT (scan_rules_parse (crlf, n, "crlf.rules", &rules, &diag), 0))
    {
      size_t a, b;
      const scan_indicator *x = scan_rules_indicators (builtin, &a);
      const scan_indicator *y = scan_rules_indicators (rules, &b);
      CHECK_INT (a, b);
      for (size_t i = 0; i < a && i < b; i++)
        {
          CHECK_STR (x[i].name, y[i].name);
          CHECK_STR (x[i].source, y[i].source);
          CHECK_STR (x[i].note, y[i].note);
          CHECK_STR (x[i].folder, y[i].folder);
          CHECK_INT (x[i].line, y[i].line);
        }
      CHECK_STR (scan_rules_version (rules), scan_rules_version (builtin));
      /* The hash is of the exact bytes, CRs included. */
      char hex[65];
      scan__sha256_hex (crlf, n, hex);
      CHECK_STR (scan_rules_sha256 (rules), hex);
      CHECK (strcmp (scan_rules_sha256 (rules), scan_rules_sha256 (builtin)) != 0);
    }
  else
    fprintf (stderr, "  %s:%u: %s\n", diag.file, diag.line, diag.message);
  scan_rules_free (rules);
  free (crlf);
}

/* Parses a catalogue of N file lines named by NAME_FOR (i, buffer). Every line the parser accepts
 * must be matchable by its name; what it cannot hold it must refuse with a line number. */
static void
file_lines (scan__buf *text, unsigned n, void (*name_for) (unsigned i, char *name, size_t size))
{
  char name[160], line[256];
  REQUIRE (scan__buf_append (text, PRELUDE, strlen (PRELUDE)) == 0);
  for (unsigned i = 0; i < n; i++)
    {
      name_for (i, name, sizeof name);
      snprintf (line, sizeof line,
                "file family=blaster variant=A name=%s folder=system32 source=s\n", name);
      REQUIRE (scan__buf_append (text, line, strlen (line)) == 0);
    }
}

static void
check_file_lines (unsigned n, void (*name_for) (unsigned i, char *name, size_t size))
{
  scan__buf text = { 0 };
  char name[160];
  file_lines (&text, n, name_for);
  scan_rules *rules = NULL;
  scan_rules_diag diag;
  int rc = scan_rules_parse (text.data, text.len, "many.rules", &rules, &diag);
  if (rc == 0)
    for (unsigned i = 0; i < n; i++)
      {
        name_for (i, name, sizeof name);
        if (!CHECK (scan_rules_match_name (rules, name, strlen (name)) != NULL))
          fprintf (stderr, "  (accepted, but never matched: %s, %zu bytes)\n", name,
                   strlen (name));
      }
  else
    {
      CHECK_INT (rc, SCAN_EPARSE);
      CHECK (diag.line > 4 && diag.line <= 4 + n);
      CHECK (diag.message[0] != '\0');
    }
  scan_rules_free (rules);
  scan__buf_free (&text);
}

static void
numbered_name (unsigned i, char *name, size_t size)
{
  snprintf (name, size, "worm%03u.exe", i);
}

static void
long_name (unsigned i, char *name, size_t size)
{
  /* 100 bytes: NTFS allows 255, so a catalogue may well hold such a name. */
  snprintf (name, size, "%03u-", i);
  memset (name + 4, 'x', 92);
  strcpy (name + 96, ".exe");
}

static void
boundary_name (unsigned i, char *name, size_t size)
{
  /* 64 and 65 bytes: either side of any small fixed buffer. */
  snprintf (name, size, "%0*u.exe", 60 + (int) i, i);
}

/* If this breaks, a catalogue given with --rules loads without complaint but some of its file
 * names can never be found on disk: the scan says "clean" where the worm is. */
static void
test_file_name_limits (void)
{
  test_case ("limits: 32 distinct file names are all matchable");
  check_file_lines (32, numbered_name);
  test_case ("limits: 100 distinct file names: matchable, or refused with a line");
  check_file_lines (100, numbered_name);
  test_case ("limits: 128 distinct file names are all matchable");
  check_file_lines (128, numbered_name);
  test_case ("limits: the 129th distinct file name is refused on its own line, saying the limit");
  {
    scan__buf text = { 0 };
    file_lines (&text, 129, numbered_name);
    scan_rules *rules = NULL;
    scan_rules_diag diag;
    CHECK_INT (scan_rules_parse (text.data, text.len, "many.rules", &rules, &diag), SCAN_EPARSE);
    CHECK_INT (diag.line, 4 + 129);
    CHECK (strstr (diag.message, "at most 128") != NULL);
    scan__buf_free (&text);
  }
  test_case ("limits: file names of 64 and 65 bytes are matchable");
  check_file_lines (2, boundary_name);
  test_case ("limits: a 100-byte file name is matchable, or refused with a line");
  check_file_lines (1, long_name);

  /* A size beyond 32 bits must be refused, not wrapped around to a small number. */
  test_case ("limits: size=4294967296 is refused");
  static const char big[]
    = PRELUDE "file family=blaster variant=A name=a.exe folder=system32 size=4294967296 source=s\n";
  scan_rules *rules = NULL;
  scan_rules_diag diag;
  CHECK_INT (scan_rules_parse (big, sizeof big - 1, "big.rules", &rules, &diag), SCAN_EPARSE);
  CHECK_INT (diag.line, 5);
  scan_rules_free (rules);
  static const char max[]
    = PRELUDE "file family=blaster variant=A name=a.exe folder=system32 size=4294967295 source=s\n";
  if (CHECK_INT (scan_rules_parse (max, sizeof max - 1, "max.rules", &rules, &diag), 0))
    CHECK_INT (find_indicator (rules, SCAN_IND_FILE, "a.exe")->number, 4294967295u);
  scan_rules_free (rules);
}

/* If this breaks, `--rules FILE` with a typo or a half-copied file gives a useless message, or
 * is used anyway. */
static void
test_load_file (void)
{
  char *dir = fixture_new ();
  scan_rules *rules = NULL;
  scan_rules_diag diag;

  test_case ("load_file: a missing file is SCAN_ENOENT, named in the diagnostic");
  char *missing = test_path (dir, "missing.rules");
  CHECK_INT (scan_rules_load_file (missing, &rules, &diag), SCAN_ENOENT);
  CHECK (rules == NULL);
  CHECK_STR (diag.file, missing);
  free (missing);

  test_case ("load_file: a copy cut inside a quoted value fails on the cut line");
  const char *cut_at = strstr (catalogue_text, "title=\"Buffer Overrun In RPC Interface");
  if (CHECK (cut_at != NULL))
    {
      size_t cut = (size_t) (cut_at - catalogue_text) + strlen ("title=\"Buffer Ov");
      unsigned line = 1;
      for (size_t i = 0; i < cut; i++)
        line += catalogue_text[i] == '\n';
      fixture_write (dir, "cut.rules", catalogue_text, cut);
      char *path = test_path (dir, "cut.rules");
      CHECK_INT (scan_rules_load_file (path, &rules, &diag), SCAN_EPARSE);
      CHECK (rules == NULL);
      CHECK_INT (diag.line, line);
      CHECK_STR (diag.file, path);
      CHECK (strstr (diag.message, "unterminated") != NULL);
      free (path);
    }

  test_case ("load_file: a folder is not a catalogue");
  CHECK (scan_rules_load_file (dir, &rules, &diag) < 0);
  CHECK (rules == NULL);

  fixture_remove (dir);
  free (dir);
}

static uint64_t
next_random (uint64_t *state)
{
  /* xorshift64*: deterministic, so a failing mutant can be rebuilt from its number. */
  uint64_t x = *state;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  *state = x;
  return x * 0x2545F4914F6CDD1DULL;
}

/* Applies 1 to 4 random edits to BUF (LEN bytes, room for CAP). */
static size_t
mutate (char *buf, size_t len, size_t cap, uint64_t *rng)
{
  /* Bytes that matter to the parser, more likely than random ones to reach its corners. */
  static const char interesting[] = "\"\\= \t\n\r#*/.\0\xff\xc3\xa9\xe2";
  unsigned edits = 1 + (unsigned) (next_random (rng) % 4);
  for (unsigned e = 0; e < edits && len > 0; e++)
    {
      size_t pos = (size_t) (next_random (rng) % len);
      switch (next_random (rng) % 6)
        {
        case 0: /* change one byte */
          buf[pos] = (char) next_random (rng);
          break;
        case 1: /* put in a byte the parser cares about */
          buf[pos] = interesting[next_random (rng) % (sizeof interesting - 1)];
          break;
        case 2: /* truncate */
          len = pos;
          break;
        case 3: /* insert a few bytes */
          {
            size_t n = 1 + (size_t) (next_random (rng) % 8);
            if (len + n > cap)
              break;
            memmove (buf + pos + n, buf + pos, len - pos);
            for (size_t i = 0; i < n; i++)
              buf[pos + i] = interesting[next_random (rng) % (sizeof interesting - 1)];
            len += n;
            break;
          }
        case 4: /* delete a run */
          {
            size_t n = 1 + (size_t) (next_random (rng) % 64);
            if (n > len - pos)
              n = len - pos;
            memmove (buf + pos, buf + pos + n, len - pos - n);
            len -= n;
            break;
          }
        default: /* copy a run elsewhere: duplicated statements, keys and quotes */
          {
            size_t from = (size_t) (next_random (rng) % len);
            size_t n = 1 + (size_t) (next_random (rng) % 200);
            if (n > len - from)
              n = len - from;
            if (len + n > cap)
              break;
            memmove (buf + pos + n, buf + pos, len - pos);
            memmove (buf + pos, buf + (from >= pos ? from + n : from), n);
            len += n;
            break;
          }
        }
    }
  return len;
}

/* Touches everything a parsed catalogue points at, so ASan sees any dangling pointer. */
static bool
walk_rules (const scan_rules *rules)
{
  size_t n;
  bool ok = scan_rules_version (rules) != NULL && strlen (scan_rules_sha256 (rules)) == 64;
  const scan_indicator *inds = scan_rules_indicators (rules, &n);
  for (size_t i = 0; i < n; i++)
    {
      ok = ok && inds[i].name && inds[i].source;
      if (inds[i].kind != SCAN_IND_LEGIT)
        ok = ok && inds[i].variant && inds[i].variant->family && inds[i].variant->id;
      if (inds[i].kind == SCAN_IND_FILE || inds[i].kind == SCAN_IND_LEGIT)
        ok = ok && inds[i].folder
             && scan_rules_match_name (rules, inds[i].name, strlen (inds[i].name)) != NULL;
    }
  const scan_patch *patches = scan_rules_patches (rules, &n);
  for (size_t i = 0; i < n; i++)
    {
      for (size_t j = 0; patches[i].superseded_by && patches[i].superseded_by[j]; j++)
        ok = ok && patches[i].superseded_by[j]->id != NULL;
      for (int os = 0; os < SCAN_OS__COUNT; os++)
        for (size_t j = 0; patches[i].keys[os] && patches[i].keys[os][j]; j++)
          ok = ok && strlen (patches[i].keys[os][j]) < 1000000;
    }
  for (const scan_indicator *const *p = scan_rules_prefetch (rules); *p; p++)
    ok = ok && (*p)->name != NULL;
  return ok;
}

/* The point here IS that nothing crashes: a catalogue given with --rules is untrusted input.
 * Every mutant must give 0 or SCAN_EPARSE with a sensible line, and ASan/UBSan (CI) check the
 * memory. */
static void
test_mutations (void)
{
  enum { MUTANTS = 2000 };
  test_case ("parser survives 2000 random mutations of the catalogue");
  size_t cap = catalogue_len + 4096;
  char *buf = malloc (cap);
  REQUIRE (buf != NULL);
  unsigned parsed = 0, refused = 0, wrong = 0;

  for (unsigned i = 0; i < MUTANTS; i++)
    {
      uint64_t rng = 0x9E3779B97F4A7C15ULL * (i + 1);
      memcpy (buf, catalogue_text, catalogue_len);
      size_t len = mutate (buf, catalogue_len, cap, &rng);
      unsigned lines = 1;
      for (size_t j = 0; j < len; j++)
        lines += buf[j] == '\n';

      scan_rules *rules = NULL;
      scan_rules_diag diag;
      int rc = scan_rules_parse (buf, len, "mutant.rules", &rules, &diag);
      bool ok;
      if (rc == 0)
        {
          parsed++;
          ok = rules != NULL && walk_rules (rules);
        }
      else
        {
          refused++;
          ok = rc == SCAN_EPARSE && rules == NULL && diag.line <= lines && diag.message[0]
               && strcmp (diag.file, "mutant.rules") == 0;
        }
      if (!ok && wrong++ < 5)
        fprintf (stderr, "  mutant %u: rc %d (%s), %s:%u: %s\n", i, rc, scan_err_name (rc),
                 diag.file, diag.line, rc ? diag.message : "");
      scan_rules_free (rules);
    }
  CHECK_INT (wrong, 0);
  /* Both outcomes must occur, or the mutations test nothing. */
  CHECK (parsed > 0);
  CHECK (refused > MUTANTS / 2);
  printf ("  %u mutants parsed, %u refused\n", parsed, refused);
  free (buf);
}

int
main (int argc, char **argv)
{
  if (argc != 2)
    {
      fprintf (stderr, "usage: %s data/rules/blaster.rules\n", argv[0]);
      return 2;
    }
  catalogue_path = argv[1];
  catalogue_text = test_read_file (catalogue_path, &catalogue_len);
  REQUIRE (catalogue_text != NULL);

  test_sha256_vectors ();

  scan_rules *rules = NULL;
  scan_rules_diag diag;
  test_case ("the built-in catalogue parses");
  if (!CHECK_INT (scan_rules_load_builtin (&rules, &diag), 0))
    {
      fprintf (stderr, "  %s:%u: %s\n", diag.file, diag.line, diag.message);
      return test_result (argv[0]);
    }
  test_builtin_identity (rules);
  test_match_name (rules);
  test_patches (rules);
  test_confirmed (rules);
  test_malformed ();
  test_file_name_limits ();
  test_accepted_syntax (rules);
  test_load_file ();
  test_mutations ();

  scan_rules_free (rules);
  free (catalogue_text);
  return test_result (argv[0]);
}
