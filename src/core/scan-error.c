/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "scan-error.h"

const char *
scan_strerror (int code)
{
  switch (code)
    {
#define SCAN__ERR_CASE(name, msg) case SCAN_E##name: return msg;
      SCAN_ERRNO_MAP (SCAN__ERR_CASE)
#undef SCAN__ERR_CASE
    default:
      return N_ ("unknown error");
    }
}

const char *
scan_err_name (int code)
{
  switch (code)
    {
#define SCAN__ERR_NAME(name, msg) case SCAN_E##name: return "E" #name;
      SCAN_ERRNO_MAP (SCAN__ERR_NAME)
#undef SCAN__ERR_NAME
    default:
      return "EUNKNOWN";
    }
}
