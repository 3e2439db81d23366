/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Every script looks right (issue #15): the faces that draw each language and the way it reads,
 * after a switch at run time from an English start under LANG=C.UTF-8. TAP output.
 *
 *   test-script cjk   Chinese (Simplified, Traditional) and Korean labels are drawn with Noto
 *                     Sans CJK SC / TC / KR, never the Japanese face, on Welcome and on Symptoms
 *                     (whose recreated dialogs name fonts of their own); English again after
 *   test-script rtl   in Arabic the wizard mirrors (Next left of Back, the XP dialog's sign on
 *                     the right, the Windows 2000 title bar's gradient) and paths keep their
 *                     order inside Arabic sentences
 *   test-script pdf   the PDF report and the receipt embed the Chinese and Korean faces, and in
 *                     Arabic the Arabic one, set against the right margin, details indented and
 *                     QR codes placed from the right
 *
 * Arabic is tested in Arabic when po/LINGUAS lists it; until then with the direction alone (as
 * bc-script.c sets it for Arabic), which still checks the mirroring and the report's layout.
 * BLASTER_CHECK_SCRIPT_PNG=DIR keeps a picture of each page checked, to look at.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bc-language.h"
#include "bc-receipt.h"
#include "bc-report.h"
#include "gui-test.h"
#include "pages/symptoms/bc-shutdown-dialog.h"

static const char *mode;
static char *fixture;

/* Whether C is a Han character or Hangul, the letters whose shapes differ between faces. */
static gboolean
is_cjk (gunichar c)
{
  GUnicodeScript script = g_unichar_get_script (c);
  return script == G_UNICODE_SCRIPT_HAN || script == G_UNICODE_SCRIPT_HANGUL;
}

static gboolean
has_cjk (const char *text, int length)
{
  for (const char *p = text; p < text + length; p = g_utf8_next_char (p))
    if (is_cjk (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

/* Adds to FAMILIES the family of every run of CJK letters (CJK: TRUE) or of Latin letters (CJK:
 * FALSE) in the labels on screen below WIDGET, as Pango laid them out. */
static void
run_families (GtkWidget *widget, gboolean cjk, GHashTable *families)
{
  if (!gtk_widget_get_visible (widget) || !gtk_widget_get_child_visible (widget))
    return;
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget))
    {
      PangoLayout *layout = gtk_label_get_layout (GTK_LABEL (widget));
      const char *text = pango_layout_get_text (layout);
      PangoLayoutIter *iter = pango_layout_get_iter (layout);

      do
        {
          PangoLayoutRun *run = pango_layout_iter_get_run_readonly (iter);
          PangoFontDescription *font;
          const char *start;
          gboolean wanted;

          if (!run)
            continue;
          start = text + run->item->offset;
          wanted = cjk ? has_cjk (start, run->item->length)
                       : g_ascii_isalpha (start[0]) && !has_cjk (start, run->item->length);
          if (!wanted)
            continue;
          font = pango_font_describe (run->item->analysis.font);
          g_hash_table_add (families, g_strdup (pango_font_description_get_family (font)));
          pango_font_description_free (font);
        }
      while (pango_layout_iter_next_run (iter));
      pango_layout_iter_free (iter);
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    run_families (c, cjk, families);
}

static char *
families_text (GHashTable *families)
{
  g_autofree const char **names = (const char **) g_hash_table_get_keys_as_array (families, NULL);
  return g_strjoinv (", ", (char **) names);
}

/* A picture of the window as NAME.png in $BLASTER_CHECK_SCRIPT_PNG, when it is set. */
static void
picture (BcWindow *window, const char *name)
{
  const char *dir = g_getenv ("BLASTER_CHECK_SCRIPT_PNG");
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *path = dir ? g_build_filename (dir, file, NULL) : NULL;

  if (path && !save_png (GTK_WIDGET (window), path))
    note ("no picture: %s", path);
}

static gboolean
has_family_containing (GHashTable *families, const char *part)
{
  GHashTableIter iter;
  gpointer family;

  g_hash_table_iter_init (&iter, families);
  while (g_hash_table_iter_next (&iter, &family, NULL))
    if (strstr (family, part))
      return TRUE;
  return FALSE;
}

/* The CJK letters on screen in WINDOW are drawn with FACE alone. */
static void
check_faces (BcWindow *window, const char *code, const char *face, const char *where)
{
  g_autoptr (GHashTable) families = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *names = NULL;

  run_families (GTK_WIDGET (window), TRUE, families);
  names = families_text (families);
  g_autofree char *name = g_strdup_printf ("%s-%s", code, page_id (window));
  picture (window, name);
  ok (g_hash_table_contains (families, face) && g_hash_table_size (families) == 1,
      "%s, %s: the CJK letters are drawn with %s alone (got: %s)", code, where, face, names);
  ok (!has_family_containing (families, "CJK JP"),
      "%s, %s: no Japanese glyph variants", code, where);
}

static void
test_cjk (BcWindow *window)
{
  static const struct
  {
    const char *code, *face;
  } languages[] = {
    { "zh_CN", "Noto Sans CJK SC" },
    { "zh_TW", "Noto Sans CJK TC" },
    { "ko", "Noto Sans CJK KR" },
  };
  g_autoptr (GHashTable) latin = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *names = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      set_language (languages[i].code);
      pump (200);
      ok (g_str_equal (page_id (window), "welcome"), "%s: on Welcome", languages[i].code);
      check_faces (window, languages[i].code, languages[i].face, "Welcome");
      next (window);
      pump (200);
      ok (g_str_equal (page_id (window), "symptoms"), "%s: on Symptoms", languages[i].code);
      ok (find_widget_of_type (visible_page (window), BC_TYPE_SHUTDOWN_DIALOG) != NULL,
          "%s: the recreated System Shutdown box is on screen", languages[i].code);
      check_faces (window, languages[i].code, languages[i].face,
                   "Symptoms and its recreated dialogs");
      back (window);
      pump (100);
    }

  set_language ("en");
  pump (200);
  run_families (GTK_WIDGET (window), FALSE, latin);
  names = families_text (latin);
  ok (g_hash_table_size (latin) > 0 && !has_family_containing (latin, "CJK"),
      "back in English, Latin words are in the desktop's face again (got: %s)", names);
}

/* A visible label below ROOT whose text holds PART, or NULL. */
static GtkLabel *
find_label (GtkWidget *root, const char *part)
{
  if (!gtk_widget_get_visible (root) || !gtk_widget_get_child_visible (root))
    return NULL;
  if (GTK_IS_LABEL (root) && strstr (gtk_label_get_text (GTK_LABEL (root)), part))
    return GTK_LABEL (root);
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkLabel *found = find_label (c, part);
      if (found)
        return found;
    }
  return NULL;
}

/* Whether PART is drawn in LABEL in its own order, left to right: each character's box lies
 * right of the one before it. */
static gboolean
drawn_in_order (GtkLabel *label, const char *part)
{
  PangoLayout *layout = gtk_label_get_layout (label);
  const char *text = pango_layout_get_text (layout);
  const char *start = strstr (text, part);
  int last_x = G_MININT;

  if (!start)
    return FALSE;
  for (const char *p = start; p < start + strlen (part); p = g_utf8_next_char (p))
    {
      PangoRectangle pos;
      pango_layout_index_to_pos (layout, (int) (p - text), &pos);
      int x = MIN (pos.x, pos.x + pos.width); /* an RTL character's box has a negative width */
      if (x <= last_x)
        return FALSE;
      last_x = x;
    }
  return TRUE;
}

/* The first widget below ROOT with the style class NAME, or NULL. */
static GtkWidget *
find_by_class (GtkWidget *root, const char *name)
{
  if (gtk_widget_has_css_class (root, name))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_by_class (c, name);
      if (found)
        return found;
    }
  return NULL;
}

/* How bright WIDGET is as drawn, at X (0…1 of its width) halfway down: the sum of its red, green
 * and blue, 0…765; -1 when it cannot be drawn. */
static int
brightness_at (GtkWidget *widget, double x)
{
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  g_autofree guchar *pixels = NULL;
  int px = CLAMP ((int) (x * width), 0, width - 1);
  const guchar *p;

  if (width <= 0 || height <= 0)
    return -1;
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  if (!node)
    return -1;
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  pixels = g_malloc ((gsize) width * height * 4);
  gdk_texture_download (texture, pixels, (gsize) width * 4);
  p = pixels + ((gsize) (height / 2) * width + px) * 4; /* B, G, R, A */
  return p[0] + p[1] + p[2];
}

static gboolean
arabic_available (void)
{
  return g_strv_contains (bc_language_list (), "ar");
}

/* Arabic, or the direction alone where the wizard does not speak it yet. */
static void
to_right_to_left (void)
{
  if (arabic_available ())
    set_language ("ar");
  else
    {
      note ("po/LINGUAS has no Arabic yet: right to left is tested with the direction alone");
      gtk_widget_set_default_direction (GTK_TEXT_DIR_RTL);
    }
  pump (200);
}

static void
bounds (GtkWidget *widget, GtkWidget *window, graphene_rect_t *rect)
{
  if (!gtk_widget_compute_bounds (widget, window, rect))
    graphene_rect_init (rect, 0, 0, 0, 0);
}

static void
test_rtl (BcWindow *window)
{
  GtkWidget *back_button, *next_button, *dialog, *sign, *words;
  graphene_rect_t back_rect, next_rect, sign_rect, words_rect;
  g_autofree char *root = g_filename_display_name (fixture);
  GtkLabel *label;

  to_right_to_left ();
  ok (gtk_widget_get_direction (GTK_WIDGET (window)) == GTK_TEXT_DIR_RTL,
      "the window reads right to left");
  picture (window, "rtl-welcome");
  next (window);
  pump (200);
  ok (g_str_equal (page_id (window), "symptoms"), "on Symptoms (got %s)", page_id (window));
  back_button = find_action_button (GTK_WIDGET (window), "win.back", NULL);
  next_button = find_action_button (GTK_WIDGET (window), "win.next", NULL);
  ok (back_button && next_button, "Back and Next are on screen");
  if (back_button && next_button)
    {
      bounds (back_button, GTK_WIDGET (window), &back_rect);
      bounds (next_button, GTK_WIDGET (window), &next_rect);
      ok (next_rect.origin.x + next_rect.size.width <= back_rect.origin.x,
          "Next lies left of Back (Next at x=%.0f, Back at x=%.0f)", next_rect.origin.x,
          back_rect.origin.x);
    }

  picture (window, "rtl-symptoms");
  /* The System Shutdown box as an Arabic Windows XP drew it: its sign on the right. */
  dialog = find_widget_of_type (visible_page (window), BC_TYPE_SHUTDOWN_DIALOG);
  sign = dialog ? find_widget_of_type (dialog, GTK_TYPE_IMAGE) : NULL;
  words = sign ? gtk_widget_get_next_sibling (sign) : NULL;
  ok (sign && words, "the recreated System Shutdown box has its sign and its words");
  if (sign && words)
    {
      bounds (sign, GTK_WIDGET (window), &sign_rect);
      bounds (words, GTK_WIDGET (window), &words_rect);
      ok (sign_rect.origin.x >= words_rect.origin.x + words_rect.size.width,
          "the System Shutdown box is mirrored: its warning sign right of its words");
    }

  /* The Windows 2000 svchost.exe box: its title bar dark where the title starts, on the right. */
  GtkWidget *title = find_by_class (visible_page (window), "symptoms-w2k-title");
  int start = title ? brightness_at (title, 0.995) : -1; /* in its padding, clear of the words */
  int end = title ? brightness_at (title, 0.005) : -1;
  ok (start >= 0 && end > start + 150,
      "the svchost.exe box's title bar is dark on the right, light on the left (%d, %d)", start,
      end);

  ok (go_to (window, "result"), "the check of the infected disk reaches Result");
  pump (300);
  picture (window, "rtl-result");
  label = find_label (visible_page (window), "C:\\WINDOWS\\system32");
  ok (label && drawn_in_order (label, "C:\\WINDOWS\\system32\\msblast.exe"),
      "the worm's file keeps its order: C:\\WINDOWS\\system32\\msblast.exe, left to right");
  /* "… were checked in /tmp/…": a path that starts with a slash inside a sentence. */
  label = find_label (visible_page (window), root);
  ok (label != NULL, "Result says where it checked (%s)", root);
  if (label)
    {
      note ("%s", gtk_label_get_text (label));
      ok (drawn_in_order (label, root),
          "inside the sentence the checked folder keeps its order, left to right, its first "
          "slash first");
    }
  next (window);
  pump (300);
  picture (window, "rtl-recovery");
}

/* The fonts pdffonts lists for the PDF at PATH. */
static char *
pdf_fonts (const char *path)
{
  const char *argv[] = { "pdffonts", path, NULL };
  g_autoptr (GError) error = NULL;
  char *out = NULL;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &out, NULL, NULL, &error))
    note ("pdffonts did not run: %s", error->message);
  return out;
}

/* The full report (RECEIPT: the customer's receipt, on the same page engine) as a PDF file in
 * the fixture's folder; its path. */
static char *
save_document (BcWindow *window, gboolean receipt)
{
  g_autoptr (GError) error = NULL;
  BcSession *session = bc_window_get_session (window);
  g_autoptr (BcReport) document = receipt ? bc_receipt_new (session) : bc_report_new (session);
  char *pdf = g_build_filename (fixture, receipt ? "receipt.pdf" : "report.pdf", NULL);

  if (!bc_report_write_pdf (document, pdf, &error))
    note ("the PDF could not be saved: %s", error->message);
  if (g_getenv ("BLASTER_CHECK_SCRIPT_PNG"))
    {
      g_autofree char *name = g_strdup_printf ("%s-%s.pdf", receipt ? "receipt" : "report",
                                               gtk_widget_get_default_direction () == GTK_TEXT_DIR_RTL ? "rtl"
                                                                : bc_language_get ());
      g_autofree char *copy = g_build_filename (g_getenv ("BLASTER_CHECK_SCRIPT_PNG"), name, NULL);
      g_autofree char *bytes = NULL;
      gsize length = 0;
      if (g_file_get_contents (pdf, &bytes, &length, NULL))
        g_file_set_contents (copy, bytes, (gssize) length, NULL);
    }
  return pdf;
}

/* A QR code and the gap to its words, in points (bc-report.c): an address under a link's title
 * starts (left to right) or ends (right to left) this far in from the margin. */
#define QR_BESIDE (72.0 + 14.0)
/* The indent of a detail under an item (bc-report.c's BC_BLOCK_DETAIL), points. */
#define DETAIL_INDENT 20.0

/* What the text lines of a PDF's first LAST_PAGE pages show of its layout, as pdftotext boxes
 * them: how many touch the left and the right margin (those of the widest lines), how many are
 * indented as details from the left or from the right, and how many web addresses (the words
 * beside a QR code) start or end one QR code in from the left or the right margin. */
typedef struct
{
  int lines, left, right;
  int indent_left, indent_right;
  int addresses, address_left, address_right;
} Alignment;

static Alignment
pdf_alignment (const char *pdf, int last_page)
{
  g_autofree char *last = g_strdup_printf ("%d", last_page);
  const char *argv[] = { "pdftotext", "-bbox-layout", "-l", last, pdf, "-", NULL };
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  g_autoptr (GArray) boxes = g_array_new (FALSE, FALSE, sizeof (double) * 3);
  Alignment a = { 0 };
  double left = 1e9, right = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &out, NULL, NULL, &error))
    {
      note ("pdftotext did not run: %s", error->message);
      return a;
    }
  for (const char *p = strstr (out, "<line "); p; p = strstr (p + 1, "<line "))
    {
      const char *end = strstr (p, "</line>");
      const char *address = strstr (p, ">https://");
      double box[3];

      if (sscanf (p, "<line xMin=\"%lf\" yMin=\"%*f\" xMax=\"%lf\"", &box[0], &box[1]) != 2)
        continue;
      box[2] = address && end && address < end;
      g_array_append_vals (boxes, box, 1);
      left = MIN (left, box[0]);
      right = MAX (right, box[1]);
    }
  for (guint i = 0; i < boxes->len; i++)
    {
      const double *box = (const double *) (boxes->data + i * sizeof (double) * 3);
      a.lines++;
      a.left += box[0] < left + 2;
      a.right += box[1] > right - 2;
      a.indent_left += ABS (box[0] - (left + DETAIL_INDENT)) < 2;
      a.indent_right += ABS (box[1] - (right - DETAIL_INDENT)) < 2;
      if (!box[2])
        continue;
      a.addresses++;
      a.address_left += ABS (box[0] - (left + QR_BESIDE)) < 2;
      a.address_right += ABS (box[1] - (right - QR_BESIDE)) < 2;
    }
  return a;
}

static void
test_pdf (BcWindow *window)
{
  static const struct
  {
    const char *code, *font, *japanese;
  } languages[] = {
    { "zh_CN", "NotoSansCJKsc", "NotoSansCJKjp" },
    { "zh_TW", "NotoSansCJKtc", "NotoSansCJKjp" },
    { "ko", "NotoSansCJKkr", "NotoSansCJKjp" },
  };
  ok (go_to (window, "result"), "the check of the infected disk reaches Result");
  for (gsize i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      set_language (languages[i].code);
      for (int receipt = 0; receipt < 2; receipt++)
        {
          g_autofree char *pdf = save_document (window, receipt);
          g_autofree char *fonts = pdf_fonts (pdf);
          ok (fonts && strstr (fonts, languages[i].font)
                && !strstr (fonts, languages[i].japanese),
              "%s: the %s embeds %s, not the Japanese face", languages[i].code,
              receipt ? "receipt" : "PDF report", languages[i].font);
          if (fonts && !strstr (fonts, languages[i].font))
            note ("%s", fonts);
          g_unlink (pdf);
        }
    }

  set_language ("en");
  {
    g_autofree char *pdf = save_document (window, FALSE);
    Alignment a = pdf_alignment (pdf, 1);
    ok (a.lines > 10 && a.left >= a.lines / 3 && a.left > 3 * a.right,
        "in English the report's lines start at the left margin (%d of %d; %d at the right)",
        a.left, a.lines, a.right);
    ok (a.indent_left > 0 && a.indent_right == 0,
        "in English details are indented from the left (%d lines; %d from the right)",
        a.indent_left, a.indent_right);
    g_unlink (pdf);
  }

  to_right_to_left ();
  {
    g_autofree char *pdf = save_document (window, FALSE);
    g_autofree char *text = pdf_text (pdf);
    Alignment a = pdf_alignment (pdf, 1);
    ok (a.lines > 10 && a.right >= a.lines / 3 && a.right > 3 * a.left,
        "right to left, the report's lines end at the right margin (%d of %d; %d at the left)",
        a.right, a.lines, a.left);
    ok (a.indent_right > 0 && a.indent_left == 0,
        "right to left, details are indented from the right (%d lines; %d from the left)",
        a.indent_right, a.indent_left);
    ok (text && strstr (text, "C:\\WINDOWS\\system32\\msblast.exe"),
        "right to left, the report names C:\\WINDOWS\\system32\\msblast.exe in its order");
    ok (text && !strstr (text, "\u2066") && !strstr (text, "\u2069") && !strstr (text, "\u200f"),
        "no direction marks in the report's text");
    if (arabic_available ())
      {
        g_autofree char *fonts = pdf_fonts (pdf);
        ok (fonts && strstr (fonts, "NotoSansArabicUI"),
            "in Arabic the PDF report embeds Noto Sans Arabic UI");
      }
    g_unlink (pdf);
  }
  {
    g_autofree char *pdf = save_document (window, TRUE);
    Alignment a = pdf_alignment (pdf, 9);
    ok (a.lines > 10 && a.right >= 5 && a.right > 3 * a.left,
        "right to left, the receipt's lines end at the right margin (%d of %d; %d at the left)",
        a.right, a.lines, a.left);
    ok (a.addresses > 0 && a.address_right == a.addresses,
        "right to left, every QR code of the receipt is right of its address (%d of %d)",
        a.address_right, a.addresses);
    if (arabic_available ())
      {
        g_autofree char *fonts = pdf_fonts (pdf);
        ok (fonts && strstr (fonts, "NotoSansArabicUI"),
            "in Arabic the receipt embeds Noto Sans Arabic UI");
      }
    g_unlink (pdf);
  }
}

int
main (int argc, char **argv)
{
  int status;

  if (argc < 2)
    {
      g_printerr ("usage: %s cjk|rtl|pdf\n", argv[0]);
      return 2;
    }
  mode = argv[1];
  if (g_str_equal (mode, "cjk"))
    return run_app (argv[0], NULL, test_cjk, 0, 0);
  if (!g_str_equal (mode, "rtl") && !g_str_equal (mode, "pdf"))
    {
      g_printerr ("unknown test: %s\n", mode);
      return 2;
    }
  fixture = build_fixture (TRUE);
  const char *args[] = { fixture, NULL };
  status = run_app (argv[0], args, g_str_equal (mode, "rtl") ? test_rtl : test_pdf, 0, 0);
  remove_tree (fixture);
  g_free (fixture);
  return status;
}
