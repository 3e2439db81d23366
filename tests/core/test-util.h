/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-util.h: what the core tests share, with no test framework behind it.
 *
 * CHECK, CHECK_STR and CHECK_INT print file:line and the values that differ, count the failure
 * and carry on, so one run shows every broken case at once; test_result() turns the count into
 * main's exit status. The fixture helpers build small trees of empty files in a fresh folder
 * under $TMPDIR: the scanner only looks at names, so no test needs any file content.
 *
 * Everything is static inline: each test includes this header once, and uses only some of it.
 */
#pragma once

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "scan-report.h"
#include "scan-rules.h"

/* The counts live in functions so that the header defines no unused variable. */
static inline int *
test__failures (void)
{
  static int failures;
  return &failures;
}

static inline long *
test__checks (void)
{
  static long checks;
  return &checks;
}

/* Prints S with every byte that is not printable ASCII as \xNN: names under test are often not
 * UTF-8, and a raw 0xff on the terminal would hide the very difference being reported. */
static inline void
test__print_escaped (FILE *out, const char *s)
{
  if (!s)
    {
      fputs ("(null)", out);
      return;
    }
  fputc ('"', out);
  for (const unsigned char *c = (const unsigned char *) s; *c; c++)
    if (*c < 0x20 || *c >= 0x7f || *c == '"' || *c == '\\')
      fprintf (out, "\\x%02X", *c);
    else
      fputc (*c, out);
  fputc ('"', out);
}

static inline bool
test__check (bool ok, const char *file, int line, const char *expr)
{
  (*test__checks ())++;
  if (!ok)
    {
      (*test__failures ())++;
      fprintf (stderr, "%s:%d: FAILED: %s\n", file, line, expr);
    }
  return ok;
}

static inline bool
test__check_str (const char *a, const char *b, const char *file, int line, const char *ea,
                 const char *eb)
{
  bool ok = (a == NULL && b == NULL) || (a && b && strcmp (a, b) == 0);
  (*test__checks ())++;
  if (!ok)
    {
      (*test__failures ())++;
      fprintf (stderr, "%s:%d: FAILED: %s == %s\n  got:      ", file, line, ea, eb);
      test__print_escaped (stderr, a);
      fputs ("\n  expected: ", stderr);
      test__print_escaped (stderr, b);
      fputc ('\n', stderr);
    }
  return ok;
}

static inline bool
test__check_int (long long a, long long b, const char *file, int line, const char *ea,
                 const char *eb)
{
  (*test__checks ())++;
  if (a != b)
    {
      (*test__failures ())++;
      fprintf (stderr, "%s:%d: FAILED: %s == %s\n  got:      %lld\n  expected: %lld\n", file,
               line, ea, eb, a, b);
      return false;
    }
  return true;
}

/* Each evaluates to true when the check passed, so a test can skip what depends on it. */
#define CHECK(cond) test__check (!!(cond), __FILE__, __LINE__, #cond)
#define CHECK_STR(a, b) test__check_str ((a), (b), __FILE__, __LINE__, #a, #b)
#define CHECK_INT(a, b)                                                                        \
  test__check_int ((long long) (a), (long long) (b), __FILE__, __LINE__, #a, #b)

/* Stops the test at once: for a fixture that cannot be built, where every later check would only
 * report the same broken setup again. */
#define REQUIRE(cond)                                                                        \
  do                                                                                         \
    {                                                                                        \
      if (!(cond))                                                                           \
        {                                                                                    \
          fprintf (stderr, "%s:%d: FAILED: %s\ncannot go on: %s\n", __FILE__, __LINE__,     \
                   #cond, strerror (errno));                                                 \
          exit (1);                                                                          \
        }                                                                                    \
    }                                                                                        \
  while (0)

/* Announces a case, so a failure's file:line can be read next to what was being tried. */
static inline void
test_case (const char *name)
{
  printf ("# %s\n", name);
  fflush (stdout);
}

static inline int
test_failures (void)
{
  return *test__failures ();
}

/* main's return value: 1 when any check failed. */
static inline int
test_result (const char *program)
{
  int failures = *test__failures ();
  if (failures)
    fprintf (stderr, "%s: %d of %ld checks FAILED\n", program, failures, *test__checks ());
  else
    printf ("%s: all %ld checks passed\n", program, *test__checks ());
  return failures ? 1 : 0;
}

/* Fixtures. */

/* ROOT/REL as a new malloc'd string; REL may be NULL or empty for ROOT itself. */
static inline char *
test_path (const char *root, const char *rel)
{
  size_t a = strlen (root), b = rel ? strlen (rel) : 0;
  char *p = malloc (a + b + 2);
  REQUIRE (p != NULL);
  memcpy (p, root, a);
  if (b)
    {
      p[a] = '/';
      memcpy (p + a + 1, rel, b);
      a += b + 1;
    }
  p[a] = '\0';
  return p;
}

/* A fresh empty folder for one test case; free the result after fixture_remove(). */
static inline char *
fixture_new (void)
{
  const char *tmp = getenv ("TMPDIR");
  char *templ = test_path (tmp && *tmp ? tmp : "/tmp", "blaster-check-test-XXXXXX");
  REQUIRE (mkdtemp (templ) != NULL);
  return templ;
}

/* mkdir -p ROOT/REL; the folders get 0755 (under the umask). */
static inline void
fixture_mkdir (const char *root, const char *rel)
{
  char *p = test_path (root, rel);
  for (char *c = p + strlen (root) + 1; *c; c++)
    if (*c == '/')
      {
        *c = '\0';
        REQUIRE (mkdir (p, 0755) == 0 || errno == EEXIST);
        *c = '/';
      }
  REQUIRE (mkdir (p, 0755) == 0 || errno == EEXIST);
  free (p);
}

/* Makes the folders above ROOT/REL. */
static inline void
fixture_parent (const char *root, const char *rel)
{
  const char *slash = strrchr (rel, '/');
  if (slash)
    {
      char *parent = strndup (rel, (size_t) (slash - rel));
      REQUIRE (parent != NULL);
      fixture_mkdir (root, parent);
      free (parent);
    }
}

/* Makes the folders above REL, then an empty file ROOT/REL. */
static inline void
fixture_touch (const char *root, const char *rel)
{
  fixture_parent (root, rel);
  char *p = test_path (root, rel);
  int fd = open (p, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  REQUIRE (fd >= 0);
  close (fd);
  free (p);
}

/* ROOT/REL becomes a symbolic link to TARGET (taken as written, not made absolute). */
static inline void
fixture_symlink (const char *root, const char *target, const char *rel)
{
  fixture_parent (root, rel);
  char *p = test_path (root, rel);
  REQUIRE (symlink (target, p) == 0);
  free (p);
}

/* Set when an nftw pass met a folder it could not list: another pass is needed. */
static inline int *
fixture__locked_seen (void)
{
  static int seen;
  return &seen;
}

static inline int
fixture__unlock (const char *path, const struct stat *st, int type, struct FTW *ftw)
{
  /* A folder a test locked (chmod 000) cannot be listed or emptied until it is opened again.
   * FTW_DNR: nftw could not list it; the next pass will, now that it is 0700. */
  if (type == FTW_D || type == FTW_DNR)
    chmod (path, 0700);
  if (type == FTW_DNR)
    *fixture__locked_seen () = 1;
  return 0;
}

static inline int
fixture__remove_one (const char *path, const struct stat *st, int type, struct FTW *ftw)
{
  if (remove (path) < 0)
    {
      fprintf (stderr, "cannot remove %s: %s\n", path, strerror (errno));
      return -1;
    }
  return 0;
}

/* rm -rf ROOT, without following links (a fixture may hold "out -> /"). Returns true when all of
 * it is gone; a leftover is reported as a failed check, since it would pile up in $TMPDIR. */
static inline bool
fixture_remove (const char *root)
{
  /* Each pass unlocks one more level of nested locked folders; 64 is far beyond any fixture. */
  for (int pass = 0; pass < 64; pass++)
    {
      *fixture__locked_seen () = 0;
      nftw (root, fixture__unlock, 16, FTW_PHYS);
      if (!*fixture__locked_seen ())
        break;
    }
  return CHECK (nftw (root, fixture__remove_one, 16, FTW_DEPTH | FTW_PHYS) == 0);
}

/* The bytes of the file at PATH, NUL-terminated (the NUL not counted in *LEN); NULL on error. */
static inline char *
test_read_file (const char *path, size_t *len)
{
  FILE *f = fopen (path, "rb");
  char *data = NULL;
  size_t cap = 0, n = 0, got;
  if (!f)
    return NULL;
  do
    {
      if (cap - n < 4096)
        {
          char *bigger = realloc (data, cap = cap ? cap * 2 : 65536);
          if (!bigger)
            {
              free (data);
              fclose (f);
              return NULL;
            }
          data = bigger;
        }
      got = fread (data + n, 1, cap - n - 1, f);
      n += got;
    }
  while (got > 0);
  fclose (f);
  data[n] = '\0';
  *len = n;
  return data;
}

/* Writes LEN bytes of DATA to ROOT/REL. */
static inline void
fixture_write (const char *root, const char *rel, const char *data, size_t len)
{
  char *p = test_path (root, rel);
  FILE *f = fopen (p, "wb");
  REQUIRE (f != NULL);
  REQUIRE (fwrite (data, 1, len, f) == len);
  REQUIRE (fclose (f) == 0);
  free (p);
}

/*
 * Runs FN (ARG) where folder permissions apply. Root reads any folder (chmod 000 means nothing to
 * it), so as root FN runs in a child process that has become uid/gid 65534 ("nobody"), and the
 * child's verdict becomes one check here; FIXTURE is made 0755 first so that nobody can read it.
 * Returns false when the case had to be skipped (root, but the switch was refused).
 */
static inline bool
test_run_unprivileged (const char *fixture, void (*fn) (void *), void *arg)
{
  if (geteuid () != 0)
    {
      fn (arg);
      return true;
    }
  REQUIRE (chmod (fixture, 0755) == 0);
  fflush (NULL);
  pid_t pid = fork ();
  REQUIRE (pid >= 0);
  if (pid == 0)
    {
      if (setgroups (0, NULL) != 0 || setgid (65534) != 0 || setuid (65534) != 0)
        _exit (77);
      int before = test_failures ();
      fn (arg);
      fflush (NULL);
      _exit (test_failures () > before ? 1 : 0);
    }
  int status;
  REQUIRE (waitpid (pid, &status, 0) == pid);
  if (WIFEXITED (status) && WEXITSTATUS (status) == 77)
    {
      printf ("  skipped: running as root, and the switch to uid 65534 was refused\n");
      return false;
    }
  if (!CHECK (WIFEXITED (status) && WEXITSTATUS (status) == 0))
    fprintf (stderr, "  (the unprivileged child failed; its messages are above)\n");
  return true;
}

/* The built-in catalogue into *RULES; false (after saying why on stderr) when it does not load,
 * which no test can go on without. */
static inline bool
test_load_builtin_rules (scan_rules **rules)
{
  scan_rules_diag diag;
  if (scan_rules_load_builtin (rules, &diag) == 0)
    return true;
  fprintf (stderr, "%s:%u: %s\n", diag.file, diag.line, diag.message);
  return false;
}

/* REPORT's reason CODE, or NULL when the verdict does not give it. */
static inline const scan_reason *
test_find_reason (const scan_report *report, scan_reason_code code)
{
  for (size_t i = 0; i < report->n_reasons; i++)
    if (report->reasons[i].code == code)
      return &report->reasons[i];
  return NULL;
}
