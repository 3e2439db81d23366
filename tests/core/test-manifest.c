/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The quarantine's manifest (core/scan-manifest.c, core/scan-json.c): a removal written and read
 * back is the same removal, file names that are not UTF-8 included; a manifest that someone
 * else wrote — damaged, hostile, or trying to send undo outside the disk — is refused whole.
 */
#include <stdint.h>

#include "test-util.h"

#include "scan-error.h"
#include "scan-json.h"
#include "scan-remove-private.h"

static char *
xstrdup (const char *s)
{
  char *c = strdup (s);
  if (!c)
    abort ();
  return c;
}

/* A removal of an attached disk: a file (its name not UTF-8) and a hive with two changes. */
static void
sample (scan_removal *r)
{
  memset (r, 0, sizeof *r);
  r->state = SCAN_REMOVAL_REMOVING;
  r->root = xstrdup ("/mnt/win");
  r->created = xstrdup ("2026-12-07T23:59:00Z");
  r->n_actions = 2;
  r->actions = calloc (2, sizeof *r->actions);
  scan_action *f = &r->actions[0], *h = &r->actions[1];
  f->kind = SCAN_ACTION_FILE;
  f->state = SCAN_STEP_DONE;
  f->path = xstrdup ("Documents and Settings/J\xf6rg/msblast.exe"); /* Latin-1: not UTF-8 */
  f->windows_location = xstrdup ("C:\\Documents and Settings\\J\xf6rg\\msblast.exe");
  f->quarantined = xstrdup ("0001-msblast.exe.quarantined");
  memset (f->before.sha256, 'a', 64);
  f->before.size = 6176;
  f->before.mtime = 1060646400;
  f->before.attributes = 0x21;
  f->before.has_attributes = true;
  h->kind = SCAN_ACTION_HIVE;
  h->state = SCAN_STEP_EDITED;
  h->error = 0;
  h->path = xstrdup ("WINDOWS/system32/config/SYSTEM");
  h->quarantined = xstrdup ("0002-SYSTEM.original");
  h->edited = xstrdup ("0002-SYSTEM.edited");
  memset (h->before.sha256, 'b', 64);
  memset (h->after_sha256, 'c', 64);
  h->n_changes = 2;
  h->changes = calloc (2, sizeof *h->changes);
  h->changes[0].key = xstrdup ("ControlSet001\\Services\\RpcPatch");
  h->changes[1].key = xstrdup ("Microsoft\\Windows\\CurrentVersion\\Run");
  h->changes[1].name = xstrdup ("windows auto update \"quoted\"\n");
}

static void
round_trip (void)
{
  scan_removal r, back;
  scan__buf b = { 0 };
  sample (&r);
  CHECK_INT (scan__manifest_write (&r, '/', &b), 0);
  memset (&back, 0, sizeof back);
  CHECK_INT (scan__manifest_read (b.data, b.len, '/', &back), 0);
  CHECK_INT (back.n_actions, 2);
  if (back.n_actions == 2)
    {
      CHECK_STR (back.actions[0].path, r.actions[0].path); /* the byte 0xF6 came back */
      CHECK_STR (back.actions[0].windows_location, r.actions[0].windows_location);
      CHECK_INT (back.actions[0].state, SCAN_STEP_DONE);
      CHECK_INT (back.actions[0].before.attributes, 0x21);
      CHECK (back.actions[0].before.has_attributes);
      CHECK_INT (back.actions[0].before.size, 6176);
      CHECK_INT (back.actions[1].state, SCAN_STEP_EDITED);
      CHECK_INT (back.actions[1].n_changes, 2);
      CHECK_STR (back.actions[1].after_sha256, r.actions[1].after_sha256);
      if (back.actions[1].n_changes == 2)
        {
          CHECK (back.actions[1].changes[0].name == NULL);
          CHECK_STR (back.actions[1].changes[1].name, "windows auto update \"quoted\"\n");
        }
    }
  CHECK_INT (back.state, SCAN_REMOVAL_REMOVING);
  /* Read on Windows, the same disk's paths take Windows's separator. */
  scan_removal win;
  memset (&win, 0, sizeof win);
  CHECK_INT (scan__manifest_read (b.data, b.len, '\\', &win), 0);
  if (win.n_actions)
    CHECK_STR (win.actions[1].path, "WINDOWS\\system32\\config\\SYSTEM");
  scan_removal_clear (&win);
  scan_removal_clear (&back);
  scan_removal_clear (&r);
  scan__buf_free (&b);
}

/* TEXT with the sample's first action's member KEY's value replaced by VALUE (raw JSON). */
static char *
with_member (const char *key, const char *value)
{
  scan_removal r;
  scan__buf b = { 0 };
  sample (&r);
  scan__manifest_write (&r, '/', &b);
  scan_removal_clear (&r);
  char pattern[64];
  snprintf (pattern, sizeof pattern, "\"%s\": ", key);
  char *at = strstr (b.data, pattern);
  if (!at)
    abort ();
  char *start = at + strlen (pattern);
  char *end = start;
  if (*end == '"')
    {
      for (end++; *end != '"'; end++)
        if (*end == '\\')
          end++;
      end++;
    }
  else
    while (*end != ',' && *end != '}')
      end++;
  size_t size = b.len + strlen (value) + 1;
  char *out = malloc (size);
  snprintf (out, size, "%.*s%s%s", (int) (start - b.data), b.data, value, end);
  scan__buf_free (&b);
  return out;
}

static void
refused (const char *what, const char *text)
{
  scan_removal r;
  memset (&r, 0, sizeof r);
  int rc = scan__manifest_read (text, strlen (text), '/', &r);
  if (rc != SCAN_EMANIFEST)
    fprintf (stderr, "not refused: %s\n", what);
  CHECK_INT (rc, SCAN_EMANIFEST);
  scan_removal_clear (&r);
}

static void
refuse_member (const char *key, const char *value)
{
  char *text = with_member (key, value);
  char what[128];
  snprintf (what, sizeof what, "%s = %s", key, value);
  refused (what, text);
  free (text);
}

static void
hostile (void)
{
  /* Undo must never be sent outside the disk or the quarantine folder. */
  refuse_member ("path", "\"../../etc/passwd\"");
  refuse_member ("path", "\"WINDOWS/../../etc/passwd\"");
  refuse_member ("path", "\"/etc/passwd\"");
  refuse_member ("path", "\"C:\\\\Windows\\\\x\"");
  refuse_member ("path", "\"WINDOWS//system32\"");
  refuse_member ("path", "\"\"");
  refuse_member ("path", "null");
  refuse_member ("quarantined", "\"../msblast.exe\"");
  refuse_member ("quarantined", "\"sub/0001-x\"");
  refuse_member ("quarantined", "\"..\"");
  refuse_member ("edited", "\"..\\\\SYSTEM\"");
  /* Damaged or foreign. */
  refuse_member ("format", "\"blaster-check-quarantine/99\"");
  refuse_member ("state", "\"exploded\"");
  refuse_member ("what", "\"registry\"");
  refuse_member ("sha256", "\"not-a-hash\"");
  refuse_member ("size", "1.5");
  refuse_member ("size", "1e9");
  refuse_member ("size", "123456789012345678901234567890");
  refuse_member ("path", "\"a\\u0000b\"");  /* a NUL would cut the name short */
  refuse_member ("path", "\"a\\ud800b\"");  /* a lone surrogate that is not ours */
  refuse_member ("path", "\"a\\x41\"");     /* not a JSON escape */
  refused ("empty", "");
  refused ("not an object", "[]");
  refused ("truncated", "{\"format\": \"blaster-check-quarantine/1\", \"actions\": [");
  refused ("trailing bytes", "{} {}");
  refused ("a raw control character", "{\"format\": \"a\tb\"}");

  /* Deep nesting is refused at a fixed depth, not followed until the stack runs out. */
  size_t deep = 1000000;
  char *text = malloc (deep + 1);
  memset (text, '[', deep);
  text[deep] = '\0';
  refused ("a million [", text);
  free (text);
}

/* The manifest of SAMPLE changed by CHANGE, written and read back: the reader's result. */
static int
read_changed (void (*change) (scan_action *hive))
{
  scan_removal r, back;
  scan__buf b = { 0 };
  sample (&r);
  change (&r.actions[1]);
  CHECK_INT (scan__manifest_write (&r, '/', &b), 0);
  memset (&back, 0, sizeof back);
  int rc = scan__manifest_read (b.data, b.len, '/', &back);
  scan_removal_clear (&back);
  scan_removal_clear (&r);
  scan__buf_free (&b);
  return rc;
}

static void
hive_started (scan_action *h)
{
  h->state = SCAN_STEP_STARTED;
  memset (&h->before, 0, sizeof h->before);
  memset (h->after_sha256, 0, sizeof h->after_sha256);
}

static void
hive_edited_no_hashes (scan_action *h)
{
  hive_started (h);
  h->state = SCAN_STEP_EDITED;
}

static void
hive_edited_no_copy_hash (scan_action *h)
{
  memset (h->after_sha256, 0, sizeof h->after_sha256);
}

static void
hive_done_no_copy_hash (scan_action *h)
{
  hive_edited_no_copy_hash (h);
  h->state = SCAN_STEP_DONE;
}

static void
hive_failed_after_swap (scan_action *h)
{
  h->state = SCAN_STEP_FAILED;
}

/* If this breaks, a removal killed while it edits a hive copy leaves a manifest that undo
 * refuses to read (a hive is hashed as it is read for the edit, so "started" has no hash yet),
 * or a damaged manifest without the hash undo checks is taken for good. */
static void
hive_hashes (void)
{
  CHECK_INT (read_changed (hive_started), 0);
  CHECK_INT (read_changed (hive_failed_after_swap), 0);
  CHECK_INT (read_changed (hive_edited_no_hashes), SCAN_EMANIFEST);
  CHECK_INT (read_changed (hive_edited_no_copy_hash), SCAN_EMANIFEST);
  CHECK_INT (read_changed (hive_done_no_copy_hash), SCAN_EMANIFEST);
}

static void
json_bytes (void)
{
  /* Every byte value survives a write and a read. */
  char all[256];
  for (int i = 1; i < 256; i++)
    all[i - 1] = (char) i;
  all[255] = '\0';
  scan__buf b = { 0 };
  scan__json v;
  CHECK_INT (scan__json_put_string (&b, all), 0);
  CHECK_INT (scan__json_parse (b.data, b.len, &v), 0);
  CHECK (v.type == SCAN__JSON_STRING && v.string && memcmp (v.string, all, 256) == 0);
  scan__json_free (&v);
  scan__buf_free (&b);
}

int
main (void)
{
  round_trip ();
  hostile ();
  hive_hashes ();
  json_bytes ();
  return test_result ("test-manifest");
}
