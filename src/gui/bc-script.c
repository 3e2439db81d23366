/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Fonts and direction of the language in use (bc-script.h).
 *
 * Han characters are the same code points in Chinese, Japanese and Korean but not the same
 * shapes: fontconfig picks the right Noto CJK face only when it is told the language, and GTK
 * 4.8 tells it the process locale's, fixed at start-up. The style sheet below names the face for
 * every widget instead, at a priority above the pages' own sheets (the recreated dialogs name
 * Tahoma, the guided page's pictures name Noto Sans CJK JP for Japanese). The language's face
 * comes first, as fontconfig itself orders them for a desktop in that language, so Latin letters
 * inside Chinese text take the same face as the Han around them; the desktop's font follows for
 * what the face lacks (Latin, in Arabic).
 */
#include "config.h"

#include "bc-script.h"

#include <gtk/gtk.h>

#include "bc-language.h"

/* The Noto CJK face of each language written in Han characters or Hangul (fonts-noto-cjk). A
 * language is looked up with its territory first (zh_TW), then alone (zh). */
static const struct
{
  const char *code;
  const char *sans;
  const char *mono;
} cjk_faces[] = {
  { "ja", "Noto Sans CJK JP", "Noto Sans Mono CJK JP" },
  { "ko", "Noto Sans CJK KR", "Noto Sans Mono CJK KR" },
  { "zh_CN", "Noto Sans CJK SC", "Noto Sans Mono CJK SC" },
  { "zh_SG", "Noto Sans CJK SC", "Noto Sans Mono CJK SC" },
  { "zh_TW", "Noto Sans CJK TC", "Noto Sans Mono CJK TC" },
  { "zh_HK", "Noto Sans CJK HK", "Noto Sans Mono CJK HK" },
  { "zh_MO", "Noto Sans CJK HK", "Noto Sans Mono CJK HK" },
  { "zh", "Noto Sans CJK SC", "Noto Sans Mono CJK SC" },
};

/* The face of a language in Arabic script (fonts-noto-ui-core, build-aux/deps.sh): DejaVu Sans,
 * first for sans-serif, has Arabic letters too, but drawn to Latin proportions. */
#define ARABIC_FACE "Noto Sans Arabic UI"

/* Above the pages' style sheets (GTK_STYLE_PROVIDER_PRIORITY_APPLICATION), which name fonts of
 * their own; below the user's. */
#define SCRIPT_CSS_PRIORITY (GTK_STYLE_PROVIDER_PRIORITY_APPLICATION + 10)

static GtkCssProvider *provider;

static PangoLanguage *
language_of (const char *code)
{
  return pango_language_from_string (code ? code : "en");
}

static gboolean
language_has_script (const char *code, PangoScript wanted)
{
  int n = 0;
  const PangoScript *scripts = pango_language_get_scripts (language_of (code), &n);

  for (int i = 0; i < n; i++)
    if (scripts[i] == wanted)
      return TRUE;
  return FALSE;
}

/* Whether CODE is written right to left: the scripts Unicode gives right-to-left letters. */
static gboolean
language_is_rtl (const char *code)
{
  static const PangoScript rtl_scripts[] = {
    PANGO_SCRIPT_ARABIC, PANGO_SCRIPT_HEBREW, PANGO_SCRIPT_SYRIAC, PANGO_SCRIPT_THAANA,
    PANGO_SCRIPT_NKO,
  };

  for (gsize i = 0; i < G_N_ELEMENTS (rtl_scripts); i++)
    if (language_has_script (code, rtl_scripts[i]))
      return TRUE;
  return FALSE;
}

/* The face that draws CODE (MONOSPACE: its fixed-width one), or NULL: the desktop's will do. */
static const char *
language_face (const char *code, gboolean monospace)
{
  g_autofree char *base = g_strndup (code ? code : "", strcspn (code ? code : "", "_.@"));

  for (int pass = 0; pass < 2; pass++)
    for (gsize i = 0; i < G_N_ELEMENTS (cjk_faces); i++)
      if (g_strcmp0 (cjk_faces[i].code, pass == 0 ? code : base) == 0)
        return monospace ? cjk_faces[i].mono : cjk_faces[i].sans;
  /* Paths and commands are Latin: in Arabic they keep the fixed-width Latin face. */
  if (!monospace && language_has_script (code, PANGO_SCRIPT_ARABIC))
    return ARABIC_FACE;
  return NULL;
}

/* The desktop's own font family (GtkSettings:gtk-font-name), without quotes. */
static char *
desktop_family (void)
{
  GtkSettings *settings = gtk_settings_get_default ();
  g_autofree char *name = NULL;
  PangoFontDescription *font;
  const char *family;
  char *copy;

  if (settings)
    g_object_get (settings, "gtk-font-name", &name, NULL);
  font = pango_font_description_from_string (name ? name : "Sans");
  family = pango_font_description_get_family (font);
  copy = g_strdup (family && *family ? family : "Sans");
  pango_font_description_free (font);
  g_strdelimit (copy, "\"\\", ' ');
  return copy;
}

/* The style sheet for CODE: empty where the desktop's fonts draw it right. */
static char *
script_css (const char *code)
{
  const char *sans = language_face (code, FALSE);
  const char *mono = language_face (code, TRUE);
  g_autofree char *desktop = NULL;
  GString *css = g_string_new (NULL);

  if (!sans && !mono)
    return g_string_free (css, FALSE);
  desktop = desktop_family ();
  if (sans)
    g_string_append_printf (css, "* { font-family: \"%s\", \"%s\"; }\n", sans, desktop);
  g_string_append_printf (css, ".monospace, .monospace * { font-family: %s%s%smonospace; }\n",
                          mono ? "\"" : "", mono ? mono : "", mono ? "\", " : "");
  return g_string_free (css, FALSE);
}

static void
desktop_font_changed (void)
{
  bc_script_apply ();
}

void
bc_script_apply (void)
{
  GdkDisplay *display = gdk_display_get_default ();
  const char *code = bc_language_get ();
  g_autofree char *css = NULL;

  if (!display)
    return;
  css = script_css (code);
  if (!provider && *css)
    {
      provider = gtk_css_provider_new ();
      gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                                  SCRIPT_CSS_PRIORITY);
      g_signal_connect (gtk_settings_get_for_display (display), "notify::gtk-font-name",
                        G_CALLBACK (desktop_font_changed), NULL);
    }
  if (provider)
    gtk_css_provider_load_from_data (provider, css, -1);
  /* Every widget whose direction was not set mirrors: header, Back and Next, rows, dialogs. */
  gtk_widget_set_default_direction (language_is_rtl (code) ? GTK_TEXT_DIR_RTL : GTK_TEXT_DIR_LTR);
}

gboolean
bc_script_is_rtl (void)
{
  return gtk_widget_get_default_direction () == GTK_TEXT_DIR_RTL;
}

const char *
bc_script_font_family (gboolean monospace)
{
  const char *face = language_face (bc_language_get (), monospace);
  const char *fallback = monospace ? "Monospace" : "Sans";
  g_autofree char *family = NULL;

  if (!face)
    return fallback;
  family = g_strdup_printf ("%s, %s", face, fallback);
  return g_intern_string (family); /* a few per language, for the program's life */
}

char *
bc_script_isolate (const char *text)
{
  if (!bc_script_is_rtl ())
    return g_strdup (text ? text : "");
  /* The RIGHT-TO-LEFT MARK first: Pango finds a paragraph's direction from its first strong
   * letter, isolates not skipped, and a sentence that starts with a path would read left to
   * right. */
  return g_strconcat ("\u200f\u2066", text ? text : "", "\u2069", NULL);
}

char *
bc_script_display_filename (const char *path)
{
  g_autofree char *shown = g_filename_display_name (path ? path : "");
  return bc_script_isolate (shown);
}
