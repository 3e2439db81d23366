/* SPDX-License-Identifier: GPL-3.0-or-later */
/* No disk images in this build (scan-image.h): Windows, where blaster-scan.exe checks the
 * Windows it runs on. Every call says so. */
#include "scan-image.h"

#include "scan-error.h"

bool
scan_image_supported (void)
{
  return false;
}

int
scan_image_is_image (const char *path)
{
  (void) path;
  return 0;
}

int
scan_image_open (const char *path, scan_image **out)
{
  (void) path;
  *out = NULL;
  return SCAN_EUNSUPPORTED;
}

const scan_image_part *
scan_image_parts (const scan_image *image, size_t *n)
{
  (void) image;
  *n = 0;
  return NULL;
}

int
scan_image_use (scan_image *image, unsigned number)
{
  (void) image;
  (void) number;
  return SCAN_EUNSUPPORTED;
}

const scan_image_part *
scan_image_used (const scan_image *image)
{
  (void) image;
  return NULL;
}

const char *
scan_image_root (const scan_image *image)
{
  (void) image;
  return NULL;
}

const scan_fs_ops *
scan_image_fs (void)
{
  return NULL;
}

const scan_registry_ops *
scan_image_registry (void)
{
  return NULL;
}

void
scan_image_close (scan_image *image)
{
  (void) image;
}
