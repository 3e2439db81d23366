/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The staff PIN that ends kiosk mode: stored only as a salted, slow hash (the setting
 * staff-pin-hash), checked in constant time, with a delay that grows after each wrong PIN; and
 * `blaster-check --set-staff-pin`, which makes the line to store.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/** The shortest PIN accepted: fewer digits are guessed within the delays below. */
#define BC_PIN_MIN_LENGTH 4

/**
 * PIN as the setting stores it: "pbkdf2-sha256$ROUNDS$SALT_HEX$HASH_HEX" — PBKDF2-HMAC-SHA256
 * (RFC 8018) over a new random 16-byte salt, 32-byte hash. Python checks it with
 * hashlib.pbkdf2_hmac ("sha256", pin, salt, rounds).
 */
char *bc_pin_hash (const char *pin);

/** The same with ROUNDS and SALT (16 bytes) given: for tests. */
char *bc_pin_hash_full (const char *pin, guint rounds, const guint8 *salt, gsize salt_len);

/** Whether STORED is a line bc_pin_hash () could have made. */
gboolean bc_pin_stored_valid (const char *stored);

/**
 * Whether PIN is the one STORED was made from. FALSE for a malformed STORED. The hashes are
 * compared in constant time.
 */
gboolean bc_pin_check (const char *pin, const char *stored);

/** Wrong PINs so far and the time before which no other may be tried. */
typedef struct
{
  guint failures;
  gint64 not_before; /* g_get_monotonic_time () */
} BcPinThrottle;

/** Seconds (rounded up) before the next PIN may be tried; 0: now. */
guint bc_pin_throttle_wait (const BcPinThrottle *throttle);

/** A wrong PIN: the wait doubles, from 1 s up to 30 s. Returns the wait in seconds. */
guint bc_pin_throttle_fail (BcPinThrottle *throttle);

/** The right PIN: no more wait. */
void bc_pin_throttle_pass (BcPinThrottle *throttle);

/**
 * The one throttle of the staff PIN for the whole program: every prompt for it (the staff exit,
 * "Remove it for me" and its Undo at a kiosk) counts the same wrong PINs, so that trying one
 * prompt after another does not shorten the wait.
 */
BcPinThrottle *bc_pin_staff_throttle (void);

/**
 * `blaster-check --set-staff-pin`: reads the PIN from standard input (twice and without echo on
 * a terminal), prints the line to store on standard output, and stores it in the setting when
 * the settings can be written. Returns the exit status: 0 stored (or printed where nothing can
 * store it: the reason is said), 1 printed but storing failed, 2 no PIN.
 */
int bc_pin_set_from_stdin (void);

G_END_DECLS
