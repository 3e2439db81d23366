/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The customer's receipt, as a service counter hands it over: the real application with its real
 * command line walks a fixture disk to Finish, and the receipt is printed through the real
 * GtkPrintOperation, to a PDF (the same function the "Print the receipt" button uses with the
 * print dialog). The PDF is read back as a person would: its words (pdftotext), its pages
 * (pdftoppm), its QR codes as a phone reads them (zbarimg), each beside its address. TAP output.
 *
 *   test-receipt infected|clean|kiosk
 *   test-receipt render OUTDIR [kiosk]   (the longest receipts, of a disk with seven worm
 *                                         files, in English and Japanese as PDF and PNG pages;
 *                                         the full report; the Finish page and the print
 *                                         dialog as PNG)
 *
 * infected: English then Japanese receipt of an infected disk, and the print dialog of the
 * button; clean: a clean disk's receipt; kiosk: --kiosk, where Save is gone, the receipt is the
 * main action, and the print dialog offers no file and no preview. TEST_RECEIPT_DUMP=1 prints
 * the English receipt's text and the print dialog's widgets on standard error.
 */
#include "config.h"

#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bc-config.h"
#include "bc-links.h"
#include "bc-page.h"
#include "bc-receipt.h"
#include "bc-report.h"
#include "bc-session.h"
#include "gui-test.h"

static const char *mode;
static char *fixture;
static char *workdir; /* the PDFs and page images of this run */
static const char *render_dir;

/* Walking. */

static gboolean
on_finish (BcWindow *window)
{
  return g_str_equal (page_id (window), "finish");
}

/* From Welcome to Finish on the disk given as PATH, as a user clicks Next. After a start over
 * the disk is chosen again, as the next customer would. */
static gboolean
walk_to_finish (BcWindow *window)
{
  BcSession *session = bc_window_get_session (window);

  for (int i = 0; i < 16 && !on_finish (window); i++)
    {
      if (g_str_equal (page_id (window), "target")
          && bc_session_get_target_kind (session) == BC_TARGET_NONE)
        {
          bc_session_set_target (session, BC_TARGET_DISK, fixture);
          pump (50);
        }
      if (g_str_equal (page_id (window), "checking"))
        pump_until (scan_done, window, 60000);
      next (window);
    }
  pump (200);
  return ok (on_finish (window), "the walk from Welcome reaches Finish (on %s)", page_id (window));
}

/* Printing the receipt to a PDF through GtkPrintOperation. */

typedef struct
{
  gboolean done;
  GtkPrintOperationResult result;
  GError *error;
} Printed;

static void
printed (GObject *source, GAsyncResult *result, gpointer data)
{
  Printed *p = data;

  p->result = bc_report_print_finish (BC_REPORT (source), result, &p->error);
  p->done = TRUE;
}

/* The session's receipt exported to WORKDIR/NAME as GtkPrintOperation writes it; NULL on failure,
 * with a note. */
static char *
export_receipt (BcWindow *window, const char *name)
{
  g_autofree char *path = g_build_filename (workdir, name, NULL);
  g_autoptr (BcReport) receipt = bc_receipt_new (bc_window_get_session (window));
  Printed p = { FALSE, GTK_PRINT_OPERATION_RESULT_ERROR, NULL };
  gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  g_unlink (path);
  bc_report_print_async (receipt, GTK_PRINT_OPERATION_ACTION_EXPORT, path, GTK_WINDOW (window),
                         NULL, printed, &p);
  while (!p.done && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  if (!p.done || p.result != GTK_PRINT_OPERATION_RESULT_APPLY)
    {
      note ("the receipt was not printed to %s: %s", path,
            p.error ? p.error->message : p.done ? "cancelled" : "no answer in 30 s");
      g_clear_error (&p.error);
      return NULL;
    }
  return g_steal_pointer (&path);
}

/* Reading the PDF back. */

static char *
run_tool (const char *const *argv, int *status)
{
  g_autoptr (GError) error = NULL;
  char *out = NULL;
  int wait_status = -1;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &out, NULL, &wait_status, &error))
    {
      note ("%s did not run: %s", argv[0], error->message);
      if (status)
        *status = -1;
      return NULL;
    }
  if (status)
    *status = g_spawn_check_wait_status (wait_status, NULL) ? 0 : 1;
  return out;
}

static int
count_pages (const char *text)
{
  int pages = 0;

  for (const char *p = text ? text : ""; *p; p++)
    pages += *p == '\f';
  return pages;
}

/* The QR codes zbarimg reads in page PAGE (from 1) of PDF, rendered at 200 dpi; with WIDTH > 0,
 * only in the rectangle X, Y, WIDTH, HEIGHT (points from the top left). */
static GPtrArray *
read_codes (const char *pdf, int page, double x, double y, double width, double height)
{
  const double dpi = 200;
  g_autofree char *prefix = g_build_filename (workdir, "codes", NULL);
  g_autofree char *png = g_strconcat (prefix, ".png", NULL);
  g_autofree char *first = g_strdup_printf ("%d", page);
  g_autofree char *xs = g_strdup_printf ("%d", (int) (x * dpi / 72));
  g_autofree char *ys = g_strdup_printf ("%d", (int) (y * dpi / 72));
  g_autofree char *ws = g_strdup_printf ("%d", (int) (width * dpi / 72));
  g_autofree char *hs = g_strdup_printf ("%d", (int) (height * dpi / 72));
  const char *whole[] = { "pdftoppm", "-png", "-r", "200", "-f", first, "-l", first,
                          "-singlefile", pdf, prefix, NULL };
  const char *part[] = { "pdftoppm", "-png", "-r", "200", "-f", first, "-l", first, "-x", xs,
                         "-y", ys, "-W", ws, "-H", hs, "-singlefile", pdf, prefix, NULL };
  const char *zbar[] = { "zbarimg", "--raw", "-q", png, NULL };
  GPtrArray *codes = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *ignored = NULL;
  g_autofree char *out = NULL;
  g_auto (GStrv) lines = NULL;

  g_unlink (png);
  ignored = run_tool (width > 0 ? part : whole, NULL);
  if (!g_file_test (png, G_FILE_TEST_EXISTS))
    {
      note ("pdftoppm made no picture of page %d", page);
      return codes;
    }
  out = run_tool (zbar, NULL);
  lines = g_strsplit (out ? out : "", "\n", -1);
  for (char **l = lines; *l; l++)
    if (**l)
      g_ptr_array_add (codes, g_strdup (*l));
  g_unlink (png);
  return codes;
}

/* Where a word is on a page, in points from the top left (pdftotext -bbox). */
typedef struct
{
  int page;
  double x_min, y_min, x_max, y_max;
  char *text;
} Word;

static void
clear_word (Word *word)
{
  g_free (word->text);
}

static GArray *
read_words (const char *pdf)
{
  const char *argv[] = { "pdftotext", "-bbox", "-enc", "UTF-8", pdf, "-", NULL };
  g_autofree char *html = run_tool (argv, NULL);
  g_autoptr (GRegex) re = g_regex_new ("<page |<word xMin=\"([0-9.]+)\" yMin=\"([0-9.]+)\" "
                                       "xMax=\"([0-9.]+)\" yMax=\"([0-9.]+)\">([^<]*)</word>",
                                       0, 0, NULL);
  g_autoptr (GMatchInfo) match = NULL;
  GArray *words = g_array_new (FALSE, TRUE, sizeof (Word));
  int page = 0;

  g_array_set_clear_func (words, (GDestroyNotify) clear_word);
  g_regex_match (re, html ? html : "", 0, &match);
  for (; g_match_info_matches (match); g_match_info_next (match, NULL))
    {
      g_autofree char *all = g_match_info_fetch (match, 0);
      if (g_str_has_prefix (all, "<page"))
        {
          page++;
          continue;
        }
      g_autofree char *x0 = g_match_info_fetch (match, 1), *y0 = g_match_info_fetch (match, 2);
      g_autofree char *x1 = g_match_info_fetch (match, 3), *y1 = g_match_info_fetch (match, 4);
      g_autofree char *text = g_match_info_fetch (match, 5);
      g_auto (GStrv) parts = g_strsplit (text, "&amp;", -1);
      Word word = { page, g_ascii_strtod (x0, NULL), g_ascii_strtod (y0, NULL),
                    g_ascii_strtod (x1, NULL), g_ascii_strtod (y1, NULL),
                    g_strjoinv ("&", parts) };
      g_array_append_val (words, word);
    }
  return words;
}

/* The addresses the receipt should print as codes, in the current language. */
static GPtrArray *
expected_addresses (void)
{
  g_autoptr (GPtrArray) links = bc_links_load (NULL);
  GPtrArray *addresses = g_ptr_array_new_with_free_func (g_free);

  for (const char *const *id = bc_receipt_link_ids; links && *id; id++)
    {
      const BcLink *link = bc_links_find (links, *id);
      if (link)
        g_ptr_array_add (addresses, g_strdup (bc_link_best_address (link)));
    }
  return addresses;
}

static gboolean
contains (GPtrArray *strings, const char *s)
{
  for (guint i = 0; i < strings->len; i++)
    if (g_str_equal (g_ptr_array_index (strings, i), s))
      return TRUE;
  return FALSE;
}

/* Every code on every page decodes to one of the addresses, each address once; and each
 * address's code is beside it: left of where its first line is printed, at the same height. */
static void
check_codes (const char *pdf, const char *text, const char *lang)
{
  g_autoptr (GPtrArray) expected = expected_addresses ();
  g_autoptr (GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GArray) words = read_words (pdf);
  int pages = count_pages (text);

  for (int page = 1; page <= pages; page++)
    {
      g_autoptr (GPtrArray) codes = read_codes (pdf, page, 0, 0, 0, 0);
      for (guint i = 0; i < codes->len; i++)
        g_ptr_array_add (found, g_strdup (g_ptr_array_index (codes, i)));
    }
  gboolean all = found->len == expected->len && expected->len == 3;
  for (guint i = 0; all && i < expected->len; i++)
    all = contains (found, g_ptr_array_index (expected, i));
  if (!ok (all, "%s: the receipt's QR codes read as the %u links' addresses (%u read)", lang,
           expected->len, found->len))
    for (guint i = 0; i < found->len; i++)
      note ("read: %s", (char *) g_ptr_array_index (found, i));

  for (guint i = 0; i < expected->len; i++)
    {
      const char *address = g_ptr_array_index (expected, i);
      const Word *start = NULL;
      g_autoptr (GPtrArray) beside = NULL;

      /* The address's first line: a word of it from its start (it may wrap). */
      for (guint w = 0; w < words->len && !start; w++)
        {
          const Word *word = &g_array_index (words, Word, w);
          if (strlen (word->text) >= 16 && g_str_has_prefix (address, word->text))
            start = word;
        }
      if (!ok (start && has_words (text, address), "%s: the address %s is printed in full", lang,
               address))
        continue;
      /* The code is left of the words, 80 pt high, centred on them: this band holds it whole
       * and no other code whole. */
      beside = read_codes (pdf, start->page, 0, start->y_min - 50, start->x_min - 4, 112);
      ok (beside->len == 1 && g_str_equal (g_ptr_array_index (beside, 0), address),
          "%s: the QR code beside %s reads as that address (read %u: %s)", lang, address,
          beside->len, beside->len ? (char *) g_ptr_array_index (beside, 0) : "none");
    }
}

/* The receipt in English and Japanese. */

static void
check_english (BcWindow *window, gboolean infected)
{
  g_autofree char *pdf = export_receipt (window, "receipt-en.pdf");
  g_autofree char *text = pdf ? pdf_text (pdf) : NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  int pages = count_pages (text);

  if (!ok (text != NULL, "the receipt is printed to a PDF through GtkPrintOperation"))
    return;
  if (g_getenv ("TEST_RECEIPT_DUMP"))
    fprintf (stderr, "%s\n", text);
  ok (pages >= 1 && pages <= 2, "the receipt is short: %d A4 page(s)", pages);
  g_autofree char *squeezed = squeeze (text);
  g_autofree char *made = g_strdup_printf ("Made on %s", today);
  ok (g_str_has_prefix (squeezed, "BlasterCheckreceipt"), "its title says what it is");
  ok (has_words (text, made), "under it, today's date: %s", made);
  ok (has_words (text, "An attached Windows disk"), "it says what was checked");
  if (infected)
    {
      ok (has_words (text, "Infected: the worm is on this PC"),
          "it gives the infection in the words of the Result page and blaster-scan");
      ok (has_words (text, "[infection] file: C:\\WINDOWS\\system32\\msblast.exe"),
          "it names what was found as the PC names it: C:\\WINDOWS\\system32\\msblast.exe");
      {
        /* What was checked names the disk as this computer mounted it; what was found must not. */
        const char *found = strstr (text, "What was found");
        const char *next_steps = found ? strstr (found, "Next steps") : NULL;
        g_autofree char *list
          = found ? g_strndup (found, next_steps ? (gsize) (next_steps - found) : strlen (found))
                  : NULL;

        ok (list && !strstr (list, fixture),
            "what was found gives no path of this computer (%s): the customer deletes the file "
            "on the PC", fixture);
      }
      ok (has_words (text, "Step 1: Unplug the network cable")
            && has_words (text, "Step 2: Turn System Restore off for now")
            && has_words (text, "Step 3: Remove the worm")
            && has_words (text, "Step 4: Turn System Restore back on"),
          "its next steps are the four recovery steps, in the Recovery page's words");
    }
  else
    {
      ok (has_words (text, "Clean: no sign of the worm"),
          "it says clean, in the words of the Result page and blaster-scan");
      ok (!strstr (text, "msblast") && !strstr (text, "Infected"),
          "it names no worm file and no infection");
      ok (!has_words (text, "Step 1: Unplug the network cable"),
          "a clean PC gets no recovery steps");
    }
  ok (has_words (text, "Patched: the hole the worm uses is closed") && !strstr (text, "Protected"),
      "it gives the vulnerability in the words of the Result page and blaster-scan (XP SP2 "
      "includes MS03-026)");
  ok (has_words (text, "Windows XP Service Pack 2 includes the fix."),
      "it gives the reason: the service pack includes the fix");
  ok (has_words (text, "Windows Update no longer offers updates for Windows XP")
        && has_words (text, "Antivirus software"),
      "its next steps include the Prevention page's updates (Windows Update as the 2003 advice) "
      "and antivirus");
  check_codes (pdf, text, "en");
}

static void
check_japanese (BcWindow *window, gboolean infected)
{
  scan_infection verdict = infected ? SCAN_INFECTION_INFECTED : SCAN_INFECTION_CLEAN;
  set_language ("ja");
  g_autofree char *pdf = export_receipt (window, "receipt-ja.pdf");
  g_autofree char *text = pdf ? pdf_text (pdf) : NULL;
  /* The app's own catalogue, now in Japanese: what the receipt must say. */
  const char *words = bc_report_infection_text (verdict);
  const char *step = gettext ("Step 1: Unplug the network cable");
  const char *update = gettext ("Antivirus software");
  const char *argv[] = { "pdffonts", pdf, NULL };
  g_autofree char *fonts = pdf ? run_tool (argv, NULL) : NULL;
  int pages = count_pages (text);

  if (ok (text != NULL, "ja: the receipt is printed after switching to Japanese"))
    {
      ok (has_japanese (words) && has_words (text, words),
          "ja: it gives the verdict in Japanese: %s", words);
      ok (!strstr (text, "Infected") && !strstr (text, "Clean:") && !strstr (text, "Patched:"),
          "ja: no English verdict is left");
      ok (has_japanese (update) && has_words (text, update),
          "ja: its next steps are in Japanese: %s", update);
      if (infected)
        ok (has_japanese (step) && has_words (text, step), "ja: the recovery steps too: %s", step);
      ok (pages >= 1 && pages <= 2, "ja: the receipt is short: %d page(s)", pages);
      ok (fonts && strstr (fonts, "CJK"), "ja: the PDF carries a Japanese font (Noto CJK)");
      check_codes (pdf, text, "ja");
    }
  set_language ("en");
}

/* The print dialog the button opens. */

static GtkWindow *
print_dialog (void)
{
  GType type = g_type_from_name ("GtkPrintUnixDialog");
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; type && i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) window = g_list_model_get_item (toplevels, i);
      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

static gboolean
dialog_open (BcWindow *window)
{
  return print_dialog () != NULL;
}

static gboolean
dialog_closed (BcWindow *window)
{
  return print_dialog () == NULL;
}

/* Whether the dialog lists a printer named NAME (GTK 4.8's printer list is a GtkColumnView). */
static gboolean
lists_printer (GtkWidget *widget, const char *name)
{
  if (GTK_IS_COLUMN_VIEW (widget))
    {
      g_autoptr (GString) text = g_string_new (NULL);
      collect_text (widget, text);
      g_auto (GStrv) lines = g_strsplit (text->str, "\n", -1);
      if (g_strv_contains ((const char *const *) lines, name))
        return TRUE;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    if (lists_printer (c, name))
      return TRUE;
  return FALSE;
}

static void
dump_tree (GtkWidget *widget, int depth)
{
  fprintf (stderr, "%*s%s %s\n", depth * 2, "", G_OBJECT_TYPE_NAME (widget),
           GTK_IS_LABEL (widget) ? gtk_label_get_text (GTK_LABEL (widget)) : "");
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    dump_tree (c, depth + 1);
}

/* Presses "Print the receipt" (at home, where there is no receipt, "Print the full report"),
 * looks at the dialog, then starts over: the dialog must go. */
static void
check_dialog (BcWindow *window, gboolean kiosk)
{
  const char *label = kiosk ? "Print the receipt" : "Print the full report";
  GtkWidget *button = find_button (visible_page (window), label);
  GtkWindow *dialog;

  if (!ok (button != NULL, "Finish has a “%s” button", label))
    return;
  gtk_widget_activate (button);
  if (!ok (pump_until (dialog_open, window, 5000), "pressing it opens the print dialog"))
    return;
  pump (1500); /* the printer list fills in */
  dialog = print_dialog ();
  if (g_getenv ("TEST_RECEIPT_DUMP"))
    dump_tree (GTK_WIDGET (dialog), 0);
  const char *file_printer = g_dgettext ("gtk40", "Print to File");
  gboolean to_file = lists_printer (GTK_WIDGET (dialog), file_printer);
  gboolean preview = find_button (GTK_WIDGET (dialog), g_dgettext ("gtk40", "Pre_view")) != NULL
                     || find_button (GTK_WIDGET (dialog), "Preview") != NULL;
  if (kiosk)
    {
      ok (!to_file, "kiosk: the print dialog offers no “%s” (it opens a file chooser)",
          file_printer);
      ok (!preview, "kiosk: the print dialog has no Preview (it starts another program)");
    }
  else
    {
      ok (to_file, "outside a kiosk, the print dialog offers “%s”", file_printer);
      ok (preview, "outside a kiosk, the print dialog has Preview");
    }
  ok (!gtk_widget_is_sensitive (button), "the button waits while its dialog is open");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.start-over", NULL);
  ok (pump_until (dialog_closed, window, 3000),
      "starting over closes the open print dialog: the next person cannot print this receipt");
  pump (200);
  ok (g_str_equal (page_id (window), "welcome"), "…and returns to Welcome");
}

/* A kiosk's print dialog asked for a preview anyway (its button is gone, but a dialog response
 * can still ask): no other program may start, and nothing is said to be printed. The previewer
 * is a command that leaves a file behind, so that its start would show. */
static void
check_kiosk_preview (BcWindow *window)
{
  g_autofree char *marker = g_build_filename (workdir, "previewer-ran", NULL);
  g_autofree char *command = g_strdup_printf ("touch %s", marker);
  GtkWidget *button = find_button (visible_page (window), "Print the receipt");
  g_autofree char *text = NULL;

  g_object_set (gtk_settings_get_default (), "gtk-print-preview-command", command, NULL);
  if (!button)
    return;
  gtk_widget_activate (button);
  if (!ok (pump_until (dialog_open, window, 5000), "kiosk: the print dialog opens again"))
    return;
  pump (500);
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_dialog_response (GTK_DIALOG (print_dialog ()), GTK_RESPONSE_APPLY);
  G_GNUC_END_IGNORE_DEPRECATIONS
  gboolean closed = pump_until (dialog_closed, window, 3000);
  pump (1500);
  ok (closed && !g_file_test (marker, G_FILE_TEST_EXISTS),
      "kiosk: a preview request closes the dialog and starts no previewer program");
  text = page_text (window);
  ok (gtk_widget_is_sensitive (button) && !strstr (text, "sent to the printer"),
      "kiosk: …and nothing is said to be printed; the button works again");
}

/* Kiosk mode: no Save, the receipt first. */

static gboolean
new_toplevel (guint before)
{
  return g_list_model_get_n_items (gtk_window_get_toplevels ()) > before;
}

static void
check_kiosk_buttons (BcWindow *window)
{
  GtkWidget *page = visible_page (window);
  GtkWidget *save = find_button (page, "Save the report as PDF");
  GtkWidget *receipt = find_button (page, "Print the receipt");
  guint toplevels = g_list_model_get_n_items (gtk_window_get_toplevels ());

  ok (bc_config_kiosk (), "--kiosk: kiosk mode is on");
  ok (save == NULL, "kiosk: the Save PDF button is not visible");
  gtk_widget_activate_action (page, "finish.save-pdf", NULL);
  pump (500);
  ok (!new_toplevel (toplevels), "kiosk: its action opens no file chooser either");
  ok (receipt != NULL && gtk_widget_get_mapped (receipt) && gtk_widget_is_sensitive (receipt),
      "kiosk: the Print the receipt button is visible and usable");
  ok (receipt && gtk_widget_has_css_class (receipt, "suggested-action"),
      "kiosk: it is the main action (suggested)");
  ok (receipt && gtk_widget_get_focusable (receipt) && gtk_widget_grab_focus (receipt)
        && gtk_widget_has_focus (receipt),
      "kiosk: it takes the keyboard focus");
}

static void
check_normal_buttons (BcWindow *window)
{
  GtkWidget *page = visible_page (window);
  GtkWidget *save = find_button (page, "Save the report as PDF");
  GtkWidget *receipt = find_button (page, "Print the receipt");

  ok (!bc_config_kiosk (), "without --kiosk, kiosk mode is off");
  ok (save != NULL && gtk_widget_get_mapped (save), "the Save PDF button is visible");
  ok (receipt == NULL, "no Print the receipt button: at home there is no counter's receipt");
}

/* What to look at: the receipts in English and Japanese (PDF, a PNG per page), the Finish page
 * and the print dialog its button opens. */
static void
render_receipts (BcWindow *window)
{
  static const char *const langs[] = { "en", "ja" };
  const char *kind = bc_config_kiosk () ? "kiosk" : "normal";

  g_mkdir_with_parents (render_dir, 0755);
  walk_to_finish (window);
  for (guint l = 0; l < G_N_ELEMENTS (langs); l++)
    {
      set_language (langs[l]);
      pump (300);
      g_autofree char *name = g_strdup_printf ("receipt-%s.pdf", langs[l]);
      g_autofree char *pdf = export_receipt (window, name);
      g_autofree char *dest = g_build_filename (render_dir, name, NULL);
      g_autofree char *prefix = g_strdup_printf ("%s/receipt-%s", render_dir, langs[l]);
      g_autofree char *page = g_strdup_printf ("%s/finish-%s-%s.png", render_dir, kind, langs[l]);
      g_autofree char *dialog = g_strdup_printf ("%s/dialog-%s-%s.png", render_dir, kind,
                                                 langs[l]);
      const char *argv[] = { "pdftoppm", "-png", "-r", "100", dest, prefix, NULL };
      g_autofree char *contents = NULL;
      gsize length = 0;

      ok (save_png (GTK_WIDGET (window), page), "rendered %s", page);
      gtk_widget_activate_action (visible_page (window), "finish.print-receipt", NULL);
      if (pump_until (dialog_open, window, 5000))
        {
          pump (1500);
          ok (save_png (GTK_WIDGET (print_dialog ()), dialog), "rendered %s", dialog);
          gtk_window_close (print_dialog ());
          pump_until (dialog_closed, window, 3000);
          pump (300);
        }
      if (!ok (pdf && g_file_get_contents (pdf, &contents, &length, NULL)
                 && g_file_set_contents (dest, contents, (gssize) length, NULL),
               "rendered %s", dest))
        continue;
      g_free (run_tool (argv, NULL));

      /* The full report, from the same engine, to compare. */
      g_autofree char *report = g_strdup_printf ("%s/report-%s.pdf", render_dir, langs[l]);
      g_autofree char *report_prefix = g_strdup_printf ("%s/report-%s", render_dir, langs[l]);
      const char *report_argv[] = { "pdftoppm", "-png", "-r", "60", report, report_prefix, NULL };
      ok (bc_report_save_pdf (bc_window_get_session (window), report, NULL), "rendered %s", report);
      g_free (run_tool (report_argv, NULL));
    }
  set_language ("en");
}

static void
run_mode (BcWindow *window)
{
  if (g_str_equal (mode, "render"))
    {
      render_receipts (window);
      return;
    }
  if (!walk_to_finish (window))
    return;
  if (g_str_equal (mode, "kiosk"))
    {
      check_kiosk_buttons (window);
      check_dialog (window, TRUE);
      if (walk_to_finish (window))
        check_kiosk_preview (window);
      return;
    }
  check_normal_buttons (window);
  check_english (window, g_str_equal (mode, "infected"));
  check_japanese (window, g_str_equal (mode, "infected"));
  if (g_str_equal (mode, "infected"))
    check_dialog (window, FALSE);
}

int
main (int argc, char **argv)
{
  const char *args[3] = { NULL, NULL, NULL };
  int status;

  if ((argc == 3 || (argc == 4 && g_str_equal (argv[3], "kiosk")))
      && g_str_equal (argv[1], "render"))
    render_dir = argv[2];
  else if (argc != 2
           || !(g_str_equal (argv[1], "infected") || g_str_equal (argv[1], "clean")
                || g_str_equal (argv[1], "kiosk")))
    {
      fprintf (stderr, "usage: %s infected|clean|kiosk\n"
                       "       %s render OUTDIR [kiosk]\n", argv[0], argv[0]);
      return 2;
    }
  mode = argv[1];
  workdir = g_dir_make_tmp ("blaster-receipt-XXXXXX", NULL);
  /* make-hive.py reports on standard output, which is this test's TAP stream: not there. */
  fflush (stdout);
  int tap = dup (STDOUT_FILENO), null = open ("/dev/null", O_WRONLY);
  dup2 (null, STDOUT_FILENO);
  fixture = build_fixture (!g_str_equal (mode, "clean"));
  dup2 (tap, STDOUT_FILENO);
  close (tap);
  close (null);
  if (render_dir)
    {
      /* The longest receipt: more worm files than it lists. */
      touch (fixture, "WINDOWS/system32/penis32.exe");
      touch (fixture, "WINDOWS/system32/teekids.exe");
      touch (fixture, "WINDOWS/system32/mspatch.exe");
      touch (fixture, "WINDOWS/system32/wins/dllhost.exe");
      touch (fixture, "WINDOWS/system32/drivers/svchost.exe");
      touch (fixture, "WINDOWS/system32/enbiei.exe");
    }
  if (g_str_equal (mode, "kiosk") || argc == 4)
    {
      args[0] = "--kiosk";
      args[1] = fixture;
    }
  else
    args[0] = fixture;

  status = run_app (argv[0], args, run_mode, 0, 0);
  remove_tree (fixture);
  remove_tree (workdir);
  return status;
}
