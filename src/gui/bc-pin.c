/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "bc-pin.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#ifdef G_OS_UNIX
#include <termios.h>
#include <unistd.h>
#endif

#include "bc-config.h"

#define SCHEME "pbkdf2-sha256"
#define SALT_LEN 16
#define HASH_LEN 32
/* About a tenth of a second here: nothing at the counter, but each guess at a stolen setting
 * costs as much. Lines with other counts are read too (MAX_ROUNDS keeps a forged one short). */
#define DEFAULT_ROUNDS 200000
#define MAX_ROUNDS 10000000
#define MAX_WAIT_S 30

/* Zeroes a secret where the compiler may not leave the stores out (explicit_bzero is not
 * everywhere GTK runs). */
static void
wipe (void *p, gsize n)
{
  volatile guint8 *v = p;
  while (n--)
    *v++ = 0;
}

/* PBKDF2-HMAC-SHA256 of one block (RFC 8018, 5.2): HASH_LEN bytes into OUT. */
static void
pbkdf2_sha256 (const char *pin, const guint8 *salt, gsize salt_len, guint rounds,
               guint8 out[HASH_LEN])
{
  g_autoptr (GHmac) keyed = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *) pin, strlen (pin));
  static const guint8 block_index[4] = { 0, 0, 0, 1 };
  guint8 u[HASH_LEN];
  gsize len = sizeof u;
  GHmac *h = g_hmac_copy (keyed);

  g_hmac_update (h, salt, salt_len);
  g_hmac_update (h, block_index, sizeof block_index);
  g_hmac_get_digest (h, u, &len);
  g_hmac_unref (h);
  memcpy (out, u, HASH_LEN);
  for (guint i = 1; i < rounds; i++)
    {
      h = g_hmac_copy (keyed); /* the key's pads are computed once, not per round */
      g_hmac_update (h, u, sizeof u);
      len = sizeof u;
      g_hmac_get_digest (h, u, &len);
      g_hmac_unref (h);
      for (guint j = 0; j < HASH_LEN; j++)
        out[j] ^= u[j];
    }
  wipe (u, sizeof u);
}

static char *
to_hex (const guint8 *bytes, gsize len)
{
  GString *s = g_string_sized_new (len * 2);
  for (gsize i = 0; i < len; i++)
    g_string_append_printf (s, "%02x", bytes[i]);
  return g_string_free (s, FALSE);
}

/* HEX into exactly LEN bytes at OUT; FALSE unless it is 2 * LEN hex digits. */
static gboolean
from_hex (const char *hex, guint8 *out, gsize len)
{
  if (strlen (hex) != len * 2)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      int hi = g_ascii_xdigit_value (hex[2 * i]), lo = g_ascii_xdigit_value (hex[2 * i + 1]);
      if (hi < 0 || lo < 0)
        return FALSE;
      out[i] = (guint8) (hi << 4 | lo);
    }
  return TRUE;
}

/* STORED's parts; FALSE when it is not "pbkdf2-sha256$ROUNDS$SALT$HASH". */
static gboolean
parse (const char *stored, guint *rounds, guint8 salt[SALT_LEN], guint8 hash[HASH_LEN])
{
  g_auto (GStrv) parts = stored ? g_strsplit (stored, "$", -1) : NULL;
  guint64 n;

  if (!parts || g_strv_length (parts) != 4 || !g_str_equal (parts[0], SCHEME))
    return FALSE;
  if (!g_ascii_string_to_unsigned (parts[1], 10, 1, MAX_ROUNDS, &n, NULL))
    return FALSE;
  *rounds = (guint) n;
  return from_hex (parts[2], salt, SALT_LEN) && from_hex (parts[3], hash, HASH_LEN);
}

char *
bc_pin_hash_full (const char *pin, guint rounds, const guint8 *salt, gsize salt_len)
{
  guint8 hash[HASH_LEN];
  g_autofree char *salt_hex = NULL, *hash_hex = NULL;

  g_return_val_if_fail (pin != NULL, NULL);
  g_return_val_if_fail (salt_len == SALT_LEN, NULL);
  g_return_val_if_fail (rounds >= 1 && rounds <= MAX_ROUNDS, NULL);

  pbkdf2_sha256 (pin, salt, salt_len, rounds, hash);
  salt_hex = to_hex (salt, salt_len);
  hash_hex = to_hex (hash, sizeof hash);
  return g_strdup_printf (SCHEME "$%u$%s$%s", rounds, salt_hex, hash_hex);
}

char *
bc_pin_hash (const char *pin)
{
  guint8 salt[SALT_LEN];

  /* A salt needs to differ between stores, not to be secret: GLib's generator, seeded from the
   * system's randomness, is enough. */
  for (gsize i = 0; i < sizeof salt; i++)
    salt[i] = (guint8) g_random_int_range (0, 256);
  return bc_pin_hash_full (pin, DEFAULT_ROUNDS, salt, sizeof salt);
}

gboolean
bc_pin_stored_valid (const char *stored)
{
  guint rounds;
  guint8 salt[SALT_LEN], hash[HASH_LEN];
  return parse (stored, &rounds, salt, hash);
}

gboolean
bc_pin_check (const char *pin, const char *stored)
{
  guint rounds;
  guint8 salt[SALT_LEN], want[HASH_LEN], got[HASH_LEN];
  guint8 diff = 0;

  if (!pin || !parse (stored, &rounds, salt, want))
    return FALSE;
  pbkdf2_sha256 (pin, salt, sizeof salt, rounds, got);
  /* Every byte is compared, whatever the first difference: the time says nothing. */
  for (gsize i = 0; i < HASH_LEN; i++)
    diff |= got[i] ^ want[i];
  wipe (got, sizeof got);
  return diff == 0;
}

/* Throttle. */

guint
bc_pin_throttle_wait (const BcPinThrottle *throttle)
{
  gint64 left = throttle->not_before - g_get_monotonic_time ();
  return left > 0 ? (guint) ((left + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC) : 0;
}

guint
bc_pin_throttle_fail (BcPinThrottle *throttle)
{
  guint wait = MAX_WAIT_S;

  throttle->failures++;
  if (throttle->failures <= 5)
    wait = MIN (1u << (throttle->failures - 1), MAX_WAIT_S); /* 1, 2, 4, 8, 16, then 30 s */
  throttle->not_before = g_get_monotonic_time () + (gint64) wait * G_USEC_PER_SEC;
  return wait;
}

void
bc_pin_throttle_pass (BcPinThrottle *throttle)
{
  throttle->failures = 0;
  throttle->not_before = 0;
}

BcPinThrottle *
bc_pin_staff_throttle (void)
{
  static BcPinThrottle throttle;

  return &throttle;
}

/* --set-staff-pin. */

/* One line of standard input without its line end, echo off when it is a terminal; NULL at
 * the end of input. */
static char *
read_secret_line (const char *prompt)
{
  char buf[256];
  gboolean ok;
#ifdef G_OS_UNIX
  struct termios saved, quiet;
  gboolean tty = isatty (STDIN_FILENO) && tcgetattr (STDIN_FILENO, &saved) == 0;

  if (tty)
    {
      fputs (prompt, stderr);
      fflush (stderr);
      quiet = saved;
      quiet.c_lflag &= ~(tcflag_t) ECHO;
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
    }
  ok = fgets (buf, sizeof buf, stdin) != NULL;
  if (tty)
    {
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
      fputc ('\n', stderr);
    }
#else
  /* No terminal control here (Windows builds read the PIN as typed). */
  (void) prompt;
  ok = fgets (buf, sizeof buf, stdin) != NULL;
#endif
  if (!ok)
    return NULL;
  buf[strcspn (buf, "\r\n")] = '\0';
  char *line = g_strdup (buf);
  wipe (buf, sizeof buf);
  return line;
}

static gboolean
stdin_is_terminal (void)
{
#ifdef G_OS_UNIX
  return isatty (STDIN_FILENO);
#else
  return FALSE;
#endif
}

/* Whether a value written to SETTINGS is kept after this process: not with the memory backend
 * GLib falls back to where there is no dconf. */
static gboolean
settings_persist (GSettings *settings)
{
  g_autoptr (GSettingsBackend) backend = NULL;
  g_object_get (settings, "backend", &backend, NULL);
  return backend && !g_str_equal (G_OBJECT_TYPE_NAME (backend), "GMemorySettingsBackend")
         && !g_str_equal (G_OBJECT_TYPE_NAME (backend), "GNullSettingsBackend");
}

int
bc_pin_set_from_stdin (void)
{
  g_autofree char *pin = read_secret_line (_("Staff PIN: "));
  g_autofree char *line = NULL;
  GSettings *settings;

  if (!pin || g_utf8_strlen (pin, -1) < BC_PIN_MIN_LENGTH || !g_utf8_validate (pin, -1, NULL))
    {
      g_printerr (ngettext ("The PIN must have at least %d character.\n",
                            "The PIN must have at least %d characters.\n", BC_PIN_MIN_LENGTH),
                  BC_PIN_MIN_LENGTH);
      return 2;
    }
  if (stdin_is_terminal ())
    {
      g_autofree char *again = read_secret_line (_("The same PIN again: "));
      if (g_strcmp0 (again, pin) != 0)
        {
          g_printerr (_("The two PINs differ: nothing was set.\n"));
          return 2;
        }
    }
  line = bc_pin_hash (pin);
  wipe (pin, strlen (pin));
  printf ("%s\n", line);
  fflush (stdout);

  settings = bc_config_settings ();
  if (!settings)
    g_printerr (_("The settings schema is not installed: store the line above as "
                  "staff-pin-hash yourself (README.md).\n"));
  else if (!g_settings_is_writable (settings, "staff-pin-hash"))
    g_printerr (_("The setting staff-pin-hash is locked by the administrator: store the line "
                  "above in the dconf database (README.md).\n"));
  else if (!settings_persist (settings))
    g_printerr (_("No settings store (dconf) is available: store the line above as "
                  "staff-pin-hash yourself (README.md).\n"));
  else
    {
      g_autofree char *now = NULL;
      g_settings_set_string (settings, "staff-pin-hash", line);
      g_settings_sync ();
      /* A store that failed (dconf without its D-Bus service) drops the change: read it back. */
      now = g_settings_get_string (settings, "staff-pin-hash");
      if (g_strcmp0 (now, line) != 0)
        {
          g_printerr (_("The setting staff-pin-hash could not be stored: store the line above "
                        "yourself (README.md).\n"));
          return 1;
        }
      g_printerr (_("Stored as the setting staff-pin-hash for this user.\n"));
    }
  return 0;
}
