/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The live removal's steps (src/platform/win32/scan-remove-win32.c) called one at a time, for
 * tests/win32/run-win32-remove-tests.py under Wine: it runs one step, and judges what became of
 * the system with Windows' own tools (reg query, sc query, attrib) and the host's view.
 *
 *   test-remove-ops.exe STEP ARGUMENTS...
 *
 *   is-admin | writable ROOT | facts PATH | exists PATH | move FROM TO | make-folder PATH
 *   list PATH | write PATH TEXT | read PATH LIMIT | remove-own PATH | end-process PATH
 *   value-save KEY NAME | value-delete KEY NAME | value-restore KEY NAME SAVED-FILE
 *   service-save NAME | service-delete NAME | service-restore NAME SAVED-FILE
 *
 * What the step gives is printed on stdout (saved text as it is, facts as name=value lines),
 * then a last line "rc=CODE NAME" (0 OK, or the SCAN_E… code and its name). Exit status 0
 * when the step returned 0, 1 when it returned an error, 2 for a wrong command line. SAVED-FILE
 * is a file holding what value-save or service-save printed (without the rc line). */
#include <windows.h>
#include <shellapi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scan-error.h"
#include "scan-platform.h"

static char *
utf8 (const wchar_t *w)
{
  int n = WideCharToMultiByte (CP_UTF8, 0, w, -1, NULL, 0, NULL, NULL);
  char *s = n > 0 ? malloc ((size_t) n) : NULL;
  if (s)
    WideCharToMultiByte (CP_UTF8, 0, w, -1, s, n, NULL, NULL);
  return s;
}

/* The saved text in the file PATH (UTF-8), with a line break at its end taken off. */
static char *
read_saved (const scan_remove_ops *ops, const char *path)
{
  char *data = NULL;
  size_t len = 0;
  if (ops->read_whole (path, 0, 8u << 20, &data, &len) < 0)
    return NULL;
  while (len > 0 && (data[len - 1] == '\n' || data[len - 1] == '\r'))
    data[--len] = '\0';
  return data;
}

static int
usage (void)
{
  fprintf (stderr, "usage: test-remove-ops STEP ARGUMENTS... (see its source)\n");
  return 2;
}

int
main (void)
{
  int argc;
  wchar_t **wargv = CommandLineToArgvW (GetCommandLineW (), &argc);
  const scan_remove_ops *ops = scan_platform_remove_ops ();
  if (!wargv || argc < 2 || !ops)
    return usage ();
  char **argv = calloc ((size_t) argc + 1, sizeof *argv);
  for (int i = 0; argv && i < argc; i++)
    if (!(argv[i] = utf8 (wargv[i])))
      return 2;
  if (!argv)
    return 2;

  const char *step = argv[1];
  int n = argc - 2, rc;
  char **a = argv + 2;
  if (strcmp (step, "is-admin") == 0 && n == 0)
    rc = ops->is_admin ();
  else if (strcmp (step, "writable") == 0 && n == 1)
    rc = ops->writable (a[0]);
  else if (strcmp (step, "facts") == 0 && n == 1)
    {
      scan_file_facts f;
      rc = ops->file_facts (a[0], 0, &f);
      if (rc == 0)
        printf ("size=%llu\nsha256=%s\nmtime=%lld\natime=%lld\nctime=%lld\nattributes=0x%lx\n"
                "has_attributes=%d\n",
                (unsigned long long) f.size, f.sha256, (long long) f.mtime, (long long) f.atime,
                (long long) f.ctime, (unsigned long) f.attributes, f.has_attributes ? 1 : 0);
    }
  else if (strcmp (step, "exists") == 0 && n == 1)
    {
      rc = ops->exists (a[0], 0);
      if (rc >= 0)
        printf ("exists=%d\n", rc);
      rc = rc > 0 ? 0 : rc;
    }
  else if (strcmp (step, "move") == 0 && n == 2)
    rc = ops->move (a[0], a[1], 0);
  else if (strcmp (step, "make-folder") == 0 && n == 1)
    rc = ops->make_folder (a[0], 0);
  else if (strcmp (step, "list") == 0 && n == 1)
    {
      char **names = NULL;
      size_t count = 0;
      rc = ops->list_folder (a[0], 0, &names, &count);
      for (size_t i = 0; i < count; i++)
        {
          printf ("%s\n", names[i]);
          free (names[i]);
        }
      free (names);
    }
  else if (strcmp (step, "write") == 0 && n == 2)
    rc = ops->write_whole (a[0], 0, a[1], strlen (a[1]));
  else if (strcmp (step, "read") == 0 && n == 2)
    {
      char *data = NULL;
      size_t len = 0;
      rc = ops->read_whole (a[0], 0, (size_t) strtoul (a[1], NULL, 10), &data, &len);
      if (rc == 0)
        printf ("%s\nlength=%zu\n", data, len);
      free (data);
    }
  else if (strcmp (step, "remove-own") == 0 && n == 1)
    rc = ops->remove_own (a[0], 0);
  else if (strcmp (step, "end-process") == 0 && n == 1)
    {
      unsigned ended = 0;
      rc = ops->end_process (a[0], &ended);
      printf ("ended=%u\n", ended);
    }
  else if (strcmp (step, "value-save") == 0 && n == 2)
    {
      char *saved = NULL;
      rc = ops->value_save (a[0], a[1], &saved);
      if (rc == 0)
        printf ("%s\n", saved);
      free (saved);
    }
  else if (strcmp (step, "value-delete") == 0 && n == 2)
    rc = ops->value_delete (a[0], a[1]);
  else if (strcmp (step, "value-restore") == 0 && n == 3)
    {
      char *saved = read_saved (ops, a[2]);
      rc = saved ? ops->value_restore (a[0], a[1], saved) : SCAN_ENOENT;
      free (saved);
    }
  else if (strcmp (step, "service-save") == 0 && n == 1)
    {
      char *saved = NULL;
      rc = ops->service_save (a[0], &saved);
      if (rc == 0)
        printf ("%s", saved);
      free (saved);
    }
  else if (strcmp (step, "service-delete") == 0 && n == 1)
    rc = ops->service_delete (a[0]);
  else if (strcmp (step, "service-restore") == 0 && n == 2)
    {
      char *saved = read_saved (ops, a[1]);
      rc = saved ? ops->service_restore (a[0], saved) : SCAN_ENOENT;
      free (saved);
    }
  else
    return usage ();

  printf ("rc=%d %s\n", rc, rc == 0 ? "OK" : scan_err_name (rc));
  fflush (stdout);
  return rc == 0 ? 0 : 1;
}
