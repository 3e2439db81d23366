/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cli-text.c: the command line's text layer (cli-text.h): the language, the arguments and the
 * output. Plain C11, no GLib. The .mo reader and the Plural-Forms evaluator it uses for the
 * built-in catalogues are cli-catalog.c, which says why they are built the way they are.
 *
 * Why it is built this way:
 *
 * - Which translation machinery. On Linux the messages come from GNU gettext (libintl, part of
 *   glibc), as before: it honours LANGUAGE lists, LC_ALL/LC_MESSAGES and the installed .mo,
 *   which a distribution or a translator can update without rebuilding; the wizard uses the
 *   same catalogue the same way, and tests/cli points it at the build's po/ with
 *   BLASTER_CHECK_LOCALEDIR. Duplicating all that with the built-in reader would gain nothing
 *   on Linux. On Windows there is no libintl in Debian's mingw-w64, and blaster-scan.exe must
 *   stay one file a technician copies to a USB stick: the catalogues of po/LINGUAS are compiled
 *   with msgfmt at build time and their bytes built into the program (src/cli/meson.build), and
 *   this file reads them with cli-catalog.c. The reader is built in the native build too:
 *   tests/cli-text checks it, message by message, against GNU gettext, and a POSIX system
 *   without libintl uses it.
 * - Whole catalogues are built in, not only the command line's messages: the messages the core
 *   gives the front ends come from several files, and 77 KB in the .exe is nothing next to a
 *   message left in English because a filter missed it.
 * - The language on Windows: the first of LANGUAGE, LC_ALL, LC_MESSAGES, LANG that is set
 *   decides, as with gettext (but LANGUAGE counts under the C locale too, as in the wizard and
 *   the Linux build), so that a script, a test under Wine and a technician can force one;
 *   otherwise the user's display language (GetUserDefaultUILanguage, Windows 2000 and later),
 *   not the regional format: it is the language the user reads Windows in. Its ISO 639 code (and country, for pt_BR-like
 *   catalogues) is matched against the built-in catalogues; nothing matches: English.
 * - Console text on Windows goes out as UTF-16 with WriteConsoleW: it shows every character the
 *   console font has, whatever the console code page (chcp) is. Text to a file or a pipe goes
 *   out in the ANSI code page of the language it is in (ansi_code_pages: 1252 for German, 932
 *   for Japanese), which Notepad, `type` and `more` read on that language's Windows, also when
 *   the report was made on a PC set to another language; English (and a language the table
 *   lacks) in the PC's own (GetACP). A character the code page lacks, such as a Japanese
 *   folder name in a German report, becomes '?' (WC_NO_BEST_FIT_CHARS, so no look-alike letter
 *   changes a path's meaning), the rest of the line intact; the code page 65001 gets UTF-8 as
 *   is, and so does a language whose code page this Windows has not installed.
 * - Standard output and error are in binary mode on Windows, and the text writer writes CR LF
 *   for LF itself: the JSON report (scan_report_write_json writes to the FILE *) is then the
 *   same bytes as on Linux, UTF-8 with LF, whatever standard output is, and no text-mode layer
 *   turns an existing "\r\n" into "\r\r\n" or reads a 0x1A byte as the end of the text.
 * - printf-style calls format into a buffer (1 KiB on the stack, the heap beyond) before they
 *   are converted, since a conversion needs whole characters. Nothing is ever written to a
 *   temporary file: the scanner must not write to the volume it scans.
 * - The arguments on Windows come from GetCommandLineW, converted to UTF-8: the C runtime's argv
 *   is in the ANSI code page, where D:\日本語 on an English Windows has already become D:\???.
 * - The progress line is erased with ESC [K on a POSIX terminal; the Windows XP console does
 *   not know escape sequences, so there the rest of the line is blanked with
 *   FillConsoleOutputCharacterW.
 * - `_WIN32` stays under src/platform (DESIGN.md): the build defines CLI_TEXT_WINDOWS for the
 *   Windows build and CLI_TEXT_BUILTIN where the built-in catalogues are read (config.h; the
 *   test defines CLI_TEXT_FORCE_BUILTIN), a variant chosen inside this one module.
 */
#include "config.h"

#include "cli-text.h"

#include <limits.h>
#include <locale.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#if defined(CLI_TEXT_BUILTIN) || defined(CLI_TEXT_FORCE_BUILTIN) || !defined(HAVE_GETTEXT)
#define USE_BUILTIN 1
#include "cli-catalog.h"
#else
#define USE_BUILTIN 0
#include <libintl.h>
#include <sys/stat.h>
#endif

#ifdef CLI_TEXT_WINDOWS
#include <windows.h>
#include <fcntl.h>
#include <io.h>
#include <shellapi.h>
#else
#include <poll.h>
#include <unistd.h>
#endif

/* --- the built-in catalogues and the language ------------------------------------------------- */

#if USE_BUILTIN
/* CLI_CATALOGS (config.h) names each language of po/LINGUAS: X (identifier, "name"). */
#define X(ident, name)                                                                             \
  extern const char cli__catalog_##ident[];                                                        \
  extern const size_t cli__catalog_##ident##_len;
CLI_CATALOGS
#undef X

typedef struct
{
  const char *name; /* as in po/LINGUAS: "ja", "pt_BR" */
  const char *data;
  const size_t *len;
} builtin_catalog;

static const builtin_catalog builtins[] = {
#define X(ident, name) { name, cli__catalog_##ident, &cli__catalog_##ident##_len },
  CLI_CATALOGS
#undef X
  { NULL, NULL, NULL },
};

/* The catalogue of the chosen language; no data: English. */
static cli_catalog chosen;
/* Its name as in po/LINGUAS ("pt_BR"), or NULL for English. */
static const char *chosen_name;

static bool
ascii_equal (const char *a, const char *b)
{
  for (; *a && *b; a++, b++)
    {
      char x = *a >= 'A' && *a <= 'Z' ? (char) (*a + 32) : *a;
      char y = *b >= 'A' && *b <= 'Z' ? (char) (*b + 32) : *b;
      if ((x == '-' ? '_' : x) != (y == '-' ? '_' : y))
        return false;
    }
  return *a == *b;
}

static const builtin_catalog *
builtin_named (const char *name)
{
  for (const builtin_catalog *b = builtins; b->name; b++)
    if (ascii_equal (b->name, name))
      return b;
  return NULL;
}

/* Copies the LEN bytes at S into BUF (size SIZE) as a string; false when they do not fit. */
static bool
copy_part (char *buf, size_t size, const char *s, size_t len)
{
  if (len >= size)
    return false;
  memcpy (buf, s, len);
  buf[len] = '\0';
  return true;
}

/* The built-in catalogue for one locale name of LEN bytes at NAME ("ja_JP.UTF-8", "ja-JP",
 * "sr_RS@latin"), tried as gettext does: language_TERRITORY@modifier, language@modifier,
 * language_TERRITORY, language. */
static const builtin_catalog *
builtin_for_locale (const char *name, size_t len)
{
  char lang[16] = "", terr[16] = "", mod[32] = "", candidate[72];
  size_t l = strcspn (name, "_-.@:");
  if (l > len)
    l = len;
  if (l == 0 || !copy_part (lang, sizeof lang, name, l))
    return NULL;
  size_t at = l;
  if (at < len && (name[at] == '_' || name[at] == '-'))
    {
      size_t t = strcspn (name + at + 1, ".@:");
      if (at + 1 + t > len)
        t = len - at - 1;
      if (!copy_part (terr, sizeof terr, name + at + 1, t))
        return NULL;
      at += 1 + t;
    }
  if (at < len && name[at] == '.')
    at += 1 + strcspn (name + at + 1, "@:");
  if (at < len && name[at] == '@' && !copy_part (mod, sizeof mod, name + at + 1, len - at - 1))
    return NULL;

  const builtin_catalog *b = NULL;
  if (*terr && *mod)
    {
      snprintf (candidate, sizeof candidate, "%s_%s@%s", lang, terr, mod);
      b = builtin_named (candidate);
    }
  if (!b && *mod)
    {
      snprintf (candidate, sizeof candidate, "%s@%s", lang, mod);
      b = builtin_named (candidate);
    }
  if (!b && *terr)
    {
      snprintf (candidate, sizeof candidate, "%s_%s", lang, terr);
      b = builtin_named (candidate);
    }
  return b ? b : builtin_named (lang);
}

/* The first built-in catalogue of a LANGUAGE-style list ("de:ja_JP"), or NULL. */
static const builtin_catalog *
builtin_for_list (const char *list)
{
  while (*list)
    {
      size_t len = strcspn (list, ":");
      const builtin_catalog *b = len ? builtin_for_locale (list, len) : NULL;
      if (b)
        return b;
      list += len + (list[len] == ':');
    }
  return NULL;
}

/* Whether the environment chooses the language, as gettext reads it: true with *OUT set (NULL
 * for English) when one of the variables is set. */
static bool
language_from_environment (const builtin_catalog **out)
{
  const char *locale = NULL;
  static const char *const locale_vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
  for (size_t i = 0; i < sizeof locale_vars / sizeof *locale_vars && !locale; i++)
    {
      const char *v = getenv (locale_vars[i]);
      if (v && *v)
        locale = v;
    }
  /* LANGUAGE first, also under the C locale (LANG=C, or nothing set): GNU gettext would ignore
   * it there, but the wizard (bc-language.c) and the Linux build (fall_back_to_c_utf8) take
   * C.UTF-8 then, where it counts; one rule for every build. */
  const char *language = getenv ("LANGUAGE");
  if (language && *language)
    {
      *out = builtin_for_list (language);
      return true;
    }
  if (locale)
    {
      *out = builtin_for_locale (locale, strlen (locale));
      return true;
    }
  return false;
}

#ifdef CLI_TEXT_WINDOWS
/* The catalogue of the user's display language, or NULL. */
static const builtin_catalog *
language_of_windows (void)
{
  LANGID id = GetUserDefaultUILanguage ();
  LCID lcid = MAKELCID (id, SORT_DEFAULT);
  wchar_t wlang[9], wcountry[9];
  char name[20];
  if (GetLocaleInfoW (lcid, LOCALE_SISO639LANGNAME, wlang, 9) > 0)
    {
      if (GetLocaleInfoW (lcid, LOCALE_SISO3166CTRYNAME, wcountry, 9) <= 0)
        wcountry[0] = 0;
      size_t k = 0;
      for (const wchar_t *w = wlang; *w && *w < 128 && k < 8; w++)
        name[k++] = (char) *w;
      if (wcountry[0])
        {
          name[k++] = '_';
          for (const wchar_t *w = wcountry; *w && *w < 128 && k < 18; w++)
            name[k++] = (char) *w;
        }
      name[k] = '\0';
      const builtin_catalog *b = builtin_for_locale (name, k);
      if (b)
        return b;
    }
  return PRIMARYLANGID (id) == LANG_JAPANESE ? builtin_named ("ja") : NULL;
}
#endif

static void
choose_language (void)
{
  const builtin_catalog *b = NULL;
  if (!language_from_environment (&b))
    {
#ifdef CLI_TEXT_WINDOWS
      b = language_of_windows ();
#endif
    }
  if (!b || cli_catalog_open (&chosen, b->data, *b->len) < 0)
    memset (&chosen, 0, sizeof chosen);
  else
    chosen_name = b->name;
}

const char *
cli_gettext (const char *msgid)
{
  return cli_catalog_gettext (&chosen, msgid);
}

const char *
cli_ngettext (const char *one, const char *many, unsigned long long n)
{
  return cli_catalog_ngettext (&chosen, one, many, n);
}

#else /* GNU gettext */

/*
 * The compiled catalogues of the build folder, when this program runs from one: README shows
 * build/src/cli/blaster-scan, and the catalogues `meson compile` made are in build/po/, not in
 * the install prefix (which may hold none yet, or an older version's). A build folder is known
 * by meson-private/ two levels above the program (src/cli/); an installed program has none
 * there. Linux only (/proc/self/exe); NULL elsewhere or when not in a build folder.
 */
static char *
build_tree_localedir (void)
{
#ifdef __linux__
  char exe[PATH_MAX], probe[PATH_MAX + 32];
  struct stat st;
  ssize_t n = readlink ("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0)
    return NULL;
  exe[n] = '\0';
  char *slash = strrchr (exe, '/');
  if (!slash)
    return NULL;
  *slash = '\0';
  snprintf (probe, sizeof probe, "%s/../../meson-private", exe);
  if (stat (probe, &st) < 0 || !S_ISDIR (st.st_mode))
    return NULL;
  snprintf (probe, sizeof probe, "%s/../../po", exe);
  if (stat (probe, &st) < 0 || !S_ISDIR (st.st_mode))
    return NULL;
  return realpath (probe, NULL);
#else
  return NULL;
#endif
}

/*
 * LANG=ja_JP.UTF-8 where that locale is not installed (a container, a minimal system):
 * setlocale fails, and gettext in the C locale speaks English whatever LANG says. As the wizard
 * does (bc-language.c), take C.UTF-8 then, in which gettext honours LANGUAGE, and name there the
 * language the environment asked for: the first of LC_ALL, LC_MESSAGES, LANG that is set, unless
 * LANGUAGE already names one.
 */
static void
fall_back_to_c_utf8 (void)
{
  static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
  const char *lc = setlocale (LC_MESSAGES, NULL), *want = NULL, *language = getenv ("LANGUAGE");

  if (lc && strcmp (lc, "C") != 0 && strcmp (lc, "POSIX") != 0)
    return;
  for (size_t i = 0; i < sizeof vars / sizeof vars[0] && !want; i++)
    if (getenv (vars[i]) && *getenv (vars[i]))
      want = getenv (vars[i]);
  if (!setlocale (LC_ALL, "C.UTF-8"))
    return;
  if (want && strcmp (want, "C") != 0 && strcmp (want, "POSIX") != 0 && strncmp (want, "C.", 2) != 0
      && !(language && *language))
    setenv ("LANGUAGE", want, 1);
}

static void
choose_language (void)
{
  const char *localedir = getenv ("BLASTER_CHECK_LOCALEDIR");
  char *build_dir = NULL;
  fall_back_to_c_utf8 ();
  if (!(localedir && *localedir))
    localedir = (build_dir = build_tree_localedir ()) ? build_dir : LOCALEDIR;
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  free (build_dir);
}

const char *
cli_gettext (const char *msgid)
{
  return gettext (msgid);
}

const char *
cli_ngettext (const char *one, const char *many, unsigned long long n)
{
  /* ngettext takes an unsigned long; past its range only the plural form can be meant. */
  return ngettext (one, many, n > ULONG_MAX ? ULONG_MAX : (unsigned long) n);
}
#endif

/* --- writing text ----------------------------------------------------------------------------- */

enum
{
  STREAM_OUT,
  STREAM_ERR,
};

/* Whether a write to standard output (STREAM_OUT) or error (STREAM_ERR) was lost. */
static bool write_failed[2];

static FILE *
stream_of (int which)
{
  return which == STREAM_ERR ? stderr : stdout;
}

#ifdef CLI_TEXT_WINDOWS
/* The console behind standard output and error, or NULL when it is a file or a pipe. */
static HANDLE consoles[2];
/* The last byte written to a file or pipe, so that an LF after a CR gets no second CR. */
static char last_byte[2];
/* The code page of text to a file or a pipe (choose_output_code_page). */
static UINT output_code_page;

/*
 * The Windows ANSI code page of each language: the one its own Windows uses, in which Notepad,
 * `type` and `more` read a file there. A name with a territory or modifier ("zh_TW",
 * "sr@latin") is matched before its language alone ("zh", "sr"). The languages of po/LINGUAS
 * and the ones likeliest next; a language missing here is written in the PC's own ANSI code
 * page (GetACP), as English is.
 */
static const struct
{
  const char *language; /* as gettext names it: "de", "zh_TW" */
  UINT code_page;
} ansi_code_pages[] = {
  /* Western European */
  { "af", 1252 }, { "ca", 1252 }, { "da", 1252 }, { "de", 1252 }, { "en", 1252 },
  { "es", 1252 }, { "eu", 1252 }, { "fi", 1252 }, { "fr", 1252 }, { "ga", 1252 },
  { "gl", 1252 }, { "id", 1252 }, { "is", 1252 }, { "it", 1252 }, { "ms", 1252 },
  { "nb", 1252 }, { "nl", 1252 }, { "nn", 1252 }, { "pt", 1252 }, { "sv", 1252 },
  /* Central European */
  { "cs", 1250 }, { "hr", 1250 }, { "hu", 1250 }, { "pl", 1250 }, { "ro", 1250 },
  { "sk", 1250 }, { "sl", 1250 }, { "sq", 1250 }, { "sr@latin", 1250 },
  /* Cyrillic */
  { "be", 1251 }, { "bg", 1251 }, { "kk", 1251 }, { "mk", 1251 }, { "ru", 1251 },
  { "sr", 1251 }, { "uk", 1251 },
  /* Greek, Turkish, Hebrew, Arabic script, Baltic, Vietnamese, Thai */
  { "el", 1253 }, { "tr", 1254 }, { "he", 1255 }, { "ar", 1256 }, { "fa", 1256 },
  { "ur", 1256 }, { "et", 1257 }, { "lt", 1257 }, { "lv", 1257 }, { "vi", 1258 },
  { "th", 874 },
  /* East Asian (double-byte) */
  { "ja", 932 }, { "ko", 949 }, { "zh_CN", 936 }, { "zh_SG", 936 }, { "zh_TW", 950 },
  { "zh_HK", 950 }, { "zh_MO", 950 }, { "zh", 936 },
};

/* The ANSI code page of LANGUAGE (a po/LINGUAS name), or 0 when the table does not know it. */
static UINT
ansi_code_page_of (const char *language)
{
  size_t base = strcspn (language, "_@.");
  for (size_t i = 0; i < sizeof ansi_code_pages / sizeof *ansi_code_pages; i++)
    if (strcmp (ansi_code_pages[i].language, language) == 0)
      return ansi_code_pages[i].code_page;
  for (size_t i = 0; i < sizeof ansi_code_pages / sizeof *ansi_code_pages; i++)
    if (strlen (ansi_code_pages[i].language) == base
        && strncmp (ansi_code_pages[i].language, language, base) == 0)
      return ansi_code_pages[i].code_page;
  return 0;
}

/*
 * Text to a file or a pipe is in the chosen language's code page, whatever the PC's own (a
 * German report on a Japanese PC is still CP1252, which that language's Windows reads). English
 * and a language the table lacks: the PC's ANSI code page. A code page this Windows does not
 * have installed (an XP without East Asian support): UTF-8, which keeps every word rather than
 * turning them all into '?'.
 */
static void
choose_output_code_page (void)
{
  UINT cp = chosen_name ? ansi_code_page_of (chosen_name) : 0;
  if (!cp)
    cp = GetACP ();
  /* An installed code page converts a letter (WideCharToMultiByte, which XP has, rather than
   * IsValidCodePage, one more import to vouch for on XP). */
  output_code_page = WideCharToMultiByte (cp, 0, L"A", 1, NULL, 0, NULL, NULL) > 0 ? cp : CP_UTF8;
}

static HANDLE
console_of_std (DWORD std)
{
  HANDLE h = GetStdHandle (std);
  DWORD mode;
  return h && h != INVALID_HANDLE_VALUE && GetConsoleMode (h, &mode) ? h : NULL;
}

/* These two repeat win32-util.c's scan__win32_utf16/utf8, whose header is private to win32/. */

/* S (LEN bytes of UTF-8) as UTF-16 in a new buffer, *WLEN code units; NULL on failure. */
static wchar_t *
utf8_to_utf16 (const char *s, size_t len, int *wlen)
{
  if (len > INT_MAX / 2)
    return NULL;
  int n = len ? MultiByteToWideChar (CP_UTF8, 0, s, (int) len, NULL, 0) : 0;
  wchar_t *w = malloc (((size_t) n + 1) * sizeof *w);
  if (!w || (len && (n <= 0 || MultiByteToWideChar (CP_UTF8, 0, s, (int) len, w, n) != n)))
    {
      free (w);
      return NULL;
    }
  *wlen = n;
  return w;
}

static char *
utf16_to_utf8 (const wchar_t *w)
{
  int n = WideCharToMultiByte (CP_UTF8, 0, w, -1, NULL, 0, NULL, NULL);
  char *s = n > 0 ? malloc ((size_t) n) : NULL;
  if (s && WideCharToMultiByte (CP_UTF8, 0, w, -1, s, n, NULL, NULL) != n)
    {
      free (s);
      return NULL;
    }
  return s;
}

static int
write_console (HANDLE h, const wchar_t *w, int n)
{
  /* Old consoles fail on one very long write: at most 8192 code units at a time, never
   * splitting a surrogate pair. */
  while (n > 0)
    {
      int chunk = n > 8192 ? 8192 : n;
      if (chunk < n && w[chunk - 1] >= 0xd800 && w[chunk - 1] <= 0xdbff)
        chunk--;
      DWORD done;
      if (!WriteConsoleW (h, w, (DWORD) chunk, &done, NULL) || done == 0)
        return -1;
      w += done;
      n -= (int) done;
    }
  return 0;
}

/* The UTF-16 text W (N units) in the output code page, '?' for each character it lacks;
 * NULL on failure. */
static char *
utf16_to_ansi (const wchar_t *w, int n, int *len)
{
  UINT cp = output_code_page;
  DWORD flags = WC_NO_BEST_FIT_CHARS;
  const char *unknown = "?";
  if (cp == CP_UTF8)
    {
      flags = 0; /* UTF-8 has every character, and takes no default character */
      unknown = NULL;
    }
  int m = n ? WideCharToMultiByte (cp, flags, w, n, NULL, 0, unknown, NULL) : 0;
  if (n && m <= 0 && flags)
    {
      flags = 0; /* a code page that refuses the flag */
      m = WideCharToMultiByte (cp, flags, w, n, NULL, 0, unknown, NULL);
    }
  if (n && m <= 0)
    return NULL;
  char *s = malloc ((size_t) m + 1);
  if (!s || (n && WideCharToMultiByte (cp, flags, w, n, s, m, unknown, NULL) != m))
    {
      free (s);
      return NULL;
    }
  *len = m;
  return s;
}

/* Writes S to a file or pipe with CR LF line ends (stdout and stderr are in binary mode). */
static int
write_crlf (int which, const char *s, size_t len)
{
  FILE *f = stream_of (which);
  size_t start = 0;
  for (size_t i = 0; i < len; i++)
    if (s[i] == '\n' && (i > 0 ? s[i - 1] : last_byte[which]) != '\r')
      {
        if (fwrite (s + start, 1, i - start, f) != i - start || fputc ('\r', f) == EOF)
          return -1;
        start = i;
      }
  if (fwrite (s + start, 1, len - start, f) != len - start)
    return -1;
  if (len)
    last_byte[which] = s[len - 1];
  return 0;
}

static int
write_text (int which, const char *s, size_t len)
{
  int n, rc = -1;
  wchar_t *w = utf8_to_utf16 (s, len, &n);
  if (!w)
    return -1;
  if (consoles[which])
    {
      fflush (stream_of (which)); /* whatever went through the FILE first comes first */
      rc = write_console (consoles[which], w, n);
    }
  else
    {
      int m;
      char *a = utf16_to_ansi (w, n, &m);
      rc = a ? write_crlf (which, a, (size_t) m) : -1;
      free (a);
    }
  free (w);
  return rc;
}

/* Blanks the console line from the cursor to its end, the cursor staying where it is. */
static void
erase_to_end_of_line (int which)
{
  CONSOLE_SCREEN_BUFFER_INFO info;
  DWORD done;
  if (consoles[which] && GetConsoleScreenBufferInfo (consoles[which], &info)
      && info.dwSize.X > info.dwCursorPosition.X)
    FillConsoleOutputCharacterW (consoles[which], L' ',
                                 (DWORD) (info.dwSize.X - info.dwCursorPosition.X),
                                 info.dwCursorPosition, &done);
}

/* The arguments as the user typed them, in UTF-8; kept until the program ends. */
static char **utf8_argv;

static void
use_utf8_arguments (int *argc, char ***argv)
{
  int n;
  wchar_t **w = CommandLineToArgvW (GetCommandLineW (), &n);
  if (!w || n < 1)
    goto out;
  char **v = calloc ((size_t) n + 1, sizeof *v);
  for (int i = 0; v && i < n; i++)
    if (!(v[i] = utf16_to_utf8 (w[i])))
      {
        for (int j = 0; j < i; j++)
          free (v[j]);
        free (v);
        v = NULL;
      }
  if (v)
    {
      utf8_argv = v;
      *argc = n;
      *argv = v;
    }
out:
  if (w)
    LocalFree (w);
}

static void
platform_init (int *argc, char ***argv)
{
  use_utf8_arguments (argc, argv);
  consoles[STREAM_OUT] = console_of_std (STD_OUTPUT_HANDLE);
  consoles[STREAM_ERR] = console_of_std (STD_ERROR_HANDLE);
  _setmode (_fileno (stdout), _O_BINARY);
  _setmode (_fileno (stderr), _O_BINARY);
}

bool
cli_stderr_is_terminal (void)
{
  return consoles[STREAM_ERR] != NULL;
}

void
cli_progress (const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  char line[512];
  int n = vsnprintf (line, sizeof line, fmt, ap);
  va_end (ap);
  if (n < 0)
    return;
  write_text (STREAM_ERR, "\r", 1);
  write_text (STREAM_ERR, line, strlen (line));
  erase_to_end_of_line (STREAM_ERR);
  fflush (stderr);
}

void
cli_progress_end (void)
{
  write_text (STREAM_ERR, "\r", 1);
  erase_to_end_of_line (STREAM_ERR);
  fflush (stderr);
}

#else /* POSIX: UTF-8 bytes as they are */

static void
choose_output_code_page (void)
{
}

static int
write_text (int which, const char *s, size_t len)
{
  return fwrite (s, 1, len, stream_of (which)) == len ? 0 : -1;
}

static void
platform_init (int *argc, char ***argv)
{
}

bool
cli_stderr_is_terminal (void)
{
  return isatty (STDERR_FILENO);
}

void
cli_progress (const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  fputs ("\r\033[K", stderr);
  vfprintf (stderr, fmt, ap);
  va_end (ap);
  fflush (stderr);
}

void
cli_progress_end (void)
{
  fputs ("\r\033[K", stderr);
  fflush (stderr);
}
#endif

/* Formats and writes to standard output (STREAM_OUT) or error (STREAM_ERR). */
static int
write_formatted (int which, const char *fmt, va_list ap)
{
  char stack[1024], *buf = stack;
  va_list again;
  va_copy (again, ap);
  int n = vsnprintf (stack, sizeof stack, fmt, ap);
  if (n >= (int) sizeof stack)
    {
      buf = malloc ((size_t) n + 1);
      if (buf && vsnprintf (buf, (size_t) n + 1, fmt, again) != n)
        n = -1;
    }
  va_end (again);
  int rc = n >= 0 && buf ? write_text (which, buf, (size_t) n) : -1;
  if (buf != stack)
    free (buf);
  if (rc < 0)
    write_failed[which] = true;
  return rc;
}

int
cli_printf (const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  int rc = write_formatted (STREAM_OUT, fmt, ap);
  va_end (ap);
  return rc;
}

int
cli_eprintf (const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  int rc = write_formatted (STREAM_ERR, fmt, ap);
  va_end (ap);
  return rc;
}

FILE *
cli_json_stream (void)
{
  return stdout;
}

int
cli_flush (void)
{
  int rc = fflush (stdout);
  return rc == 0 && !ferror (stdout) && !write_failed[STREAM_OUT] ? 0 : -1;
}

bool
cli_output_closed (void)
{
#ifdef CLI_TEXT_WINDOWS
  return false;
#else
  /* The write end of a pipe whose reader has gone away polls as an error (pipe(7)): the errno of
   * the write that failed may be long overwritten by then. */
  struct pollfd p = { .fd = fileno (stdout), .events = POLLOUT };
  return poll (&p, 1, 0) == 1 && (p.revents & POLLERR) != 0;
#endif
}

void
cli_text_init (int *argc, char ***argv)
{
  setlocale (LC_ALL, "");
  platform_init (argc, argv);
  choose_language ();
  choose_output_code_page ();
}
