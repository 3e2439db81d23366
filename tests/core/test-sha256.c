/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * SHA-256 (core/scan-sha256.c): the known digests of FIPS 180-4's examples, and the same digest
 * from the portable code and from the CPU's SHA instructions (where it has them) for every
 * length up to a few blocks and for a megabyte fed in uneven pieces. A removal trusts these
 * hashes to put a file back byte for byte.
 */
#include "test-util.h"

#include "scan-sha256.h"

static void
digest (const void *data, size_t len, size_t piece, char hex[65])
{
  scan_sha256 ctx;
  const unsigned char *p = data;
  scan_sha256_init (&ctx);
  while (len)
    {
      size_t n = piece && piece < len ? piece : len;
      scan_sha256_update (&ctx, p, n);
      p += n, len -= n;
    }
  scan_sha256_final (&ctx, hex);
}

static void
known (void)
{
  char hex[65];
  digest ("", 0, 0, hex);
  CHECK_STR (hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  digest ("abc", 3, 0, hex);
  CHECK_STR (hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  digest (two, strlen (two), 0, hex);
  CHECK_STR (hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  size_t million = 1000000;
  char *a = malloc (million);
  memset (a, 'a', million);
  digest (a, million, 0, hex);
  CHECK_STR (hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  digest (a, million, 4093, hex); /* in pieces that never meet a block's edge */
  CHECK_STR (hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  free (a);
}

/* The portable code and the CPU's give the same digest for every length 0..300 and for a
 * megabyte in pieces of 1, 63, 65 and 4096 bytes. */
static void
both_ways (void)
{
  size_t size = 1u << 20;
  unsigned char *data = malloc (size);
  uint32_t x = 2463534242u;
  for (size_t i = 0; i < size; i++)
    {
      x ^= x << 13, x ^= x >> 17, x ^= x << 5;
      data[i] = (unsigned char) x;
    }
  static const size_t pieces[] = { 0, 1, 63, 65, 4096 };
  for (size_t len = 0; len <= 300; len++)
    {
      char fast[65], portable[65];
      unsetenv ("BLASTER_SCAN_PORTABLE_SHA256");
      digest (data, len, 0, fast);
      setenv ("BLASTER_SCAN_PORTABLE_SHA256", "1", 1);
      digest (data, len, 0, portable);
      CHECK_STR (fast, portable);
    }
  for (size_t i = 0; i < sizeof pieces / sizeof *pieces; i++)
    {
      char fast[65], portable[65];
      unsetenv ("BLASTER_SCAN_PORTABLE_SHA256");
      digest (data, size, pieces[i], fast);
      setenv ("BLASTER_SCAN_PORTABLE_SHA256", "1", 1);
      digest (data, size, pieces[i], portable);
      CHECK_STR (fast, portable);
    }
  unsetenv ("BLASTER_SCAN_PORTABLE_SHA256");
  free (data);
}

int
main (void)
{
  known ();
  both_ways ();
  setenv ("BLASTER_SCAN_PORTABLE_SHA256", "1", 1);
  known ();
  return test_result ("test-sha256");
}
