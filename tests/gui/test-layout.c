/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Layouts hold (issue #15): every page of the wizard, in the pseudo-locale and in every language
 * of po/LINGUAS, with large text off and on, on a screen of one size; fails on text a user cannot
 * read whole. TAP output.
 *
 *   test-layout WIDTH HEIGHT PSEUDO.MO     (under a virtual display of that size)
 *
 * Text is cut off when a label without an ellipsis needs more room than it was given (its words
 * run out of its box, over whatever lies next to it), when it lies outside what can be seen:
 * beyond the screen, beyond the window, sideways out of a scrolled area or out of a box that
 * clips its children, or when a heading ends in "…" (a preferences group's title: libadwaita 1.2
 * does not wrap it). Other labels may end in "…" on purpose (a file path, a column of the Task
 * Manager picture): they are listed in a note, to be looked at. A window larger than the screen
 * is a failure of its own: part of it cannot be seen, and nobody can scroll there. Each failure
 * names the page, the language, the screen size, the text size and the label's text.
 *
 * The pseudo-locale is every message accented and about 40 % longer (tests/gui/
 * make-pseudo-locale.py, built into PSEUDO.MO): the German and Russian of a
 * translation not yet written. It stands in for English, the msgids: the test binds the
 * catalogue domain to a folder whose en/LC_MESSAGES holds it, so the wizard needs no test hook.
 *
 * BLASTER_CHECK_LAYOUT_PNG=DIR saves a picture of each page as it is checked (look at them);
 * BLASTER_CHECK_LAYOUT_LANGUAGES="pseudo de" checks only those languages.
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <adwaita.h>

#include "bc-language.h"
#include "bc-page.h"
#include "bc-pages.h"
#include "bc-session.h"
#include "gui-test.h"

/* The pseudo-locale's name in this test's output and in BLASTER_CHECK_LAYOUT_LANGUAGES. */
#define PSEUDO "pseudo"

/* A pixel of rounding between a label's text and its box is not a cut. */
#define SLACK 1.0

static int screen_width, screen_height;
static char *fixture;
static char *pseudo_dir;     /* holds en/LC_MESSAGES/blaster-check.mo, the pseudo catalogue */
static const char *real_dir; /* the build's catalogues */
static const char *png_dir;

/* What one check of one page found: each cut-off label, and how many labels were looked at. */
typedef struct
{
  GtkWidget *window;
  GPtrArray *problems;
  guint labels;
  GString *ellipsized; /* allowed, but words a user does not see: listed for a look */
} Check;

/* The page's place in the page-order table, from 1: pictures sort in the wizard's order. */
static guint
page_number (const char *id)
{
  for (guint i = 0; i < bc_n_pages; i++)
    if (g_str_equal (bc_pages[i].id, id))
      return i + 1;
  return 0;
}

/* The label's text on one line, short enough for a TAP line. */
static char *
quoted (GtkLabel *label)
{
  g_autofree char *flat = g_strdup (gtk_label_get_text (label));
  g_strdelimit (flat, "\n\t", ' ');
  if (g_utf8_strlen (flat, -1) > 70)
    {
      g_autofree char *head = g_utf8_substring (flat, 0, 67);
      return g_strdup_printf ("“%s…”", head);
    }
  return g_strdup_printf ("“%s”", flat);
}

/* Whether LABEL is a heading: a group's title or a page's, styled as one. A heading's words say
 * what the text below it is about, all of them are needed; a file path may lose its middle. */
static gboolean
is_heading (GtkLabel *label)
{
  static const char *const classes[] = { "heading", "title-1", "title-2", "title-3", "title-4" };

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    if (gtk_widget_has_css_class (GTK_WIDGET (label), classes[i]))
      return TRUE;
  return FALSE;
}

/* Narrows [*LO, *HI) to the extent of ANCESTOR along one axis (window coordinates). */
static void
clip_to (GtkWidget *ancestor, GtkWidget *window, gboolean horizontal, double *lo, double *hi)
{
  graphene_rect_t b;
  if (!gtk_widget_compute_bounds (ancestor, window, &b))
    return;
  double a = horizontal ? b.origin.x : b.origin.y;
  double z = a + (horizontal ? b.size.width : b.size.height);
  *lo = MAX (*lo, a);
  *hi = MIN (*hi, z);
}

static void
check_label (Check *check, GtkLabel *label)
{
  GtkWidget *widget = GTK_WIDGET (label);
  PangoLayout *layout = gtk_label_get_layout (label);
  PangoRectangle logical;
  graphene_rect_t b;

  if (!*gtk_label_get_text (label) || !gtk_widget_compute_bounds (widget, check->window, &b))
    return;
  check->labels++;
  if (pango_layout_is_ellipsized (layout))
    {
      g_autofree char *text = quoted (label);
      if (is_heading (label))
        {
          g_ptr_array_add (check->problems,
                           g_strdup_printf ("the heading %s ends in “…”: it needs to wrap", text));
          return;
        }
      g_string_append_printf (check->ellipsized, " %s", text);
    }

  /* Its words against its box: a label without an ellipsis that got less than it needs draws
   * past its edges, cut by its parent or over its neighbours. */
  pango_layout_get_pixel_extents (layout, NULL, &logical);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  g_autofree char *text = quoted (label);
  if (logical.width > width + SLACK || logical.height > height + SLACK)
    {
      g_ptr_array_add (check->problems,
                       g_strdup_printf ("%s needs %d×%d px, has %d×%d (%s)",
                                        text, logical.width, logical.height, width,
                                        height,
                                        gtk_label_get_wrap (label) ? "wraps: a word too long"
                                                                   : "does not wrap"));
      return;
    }

  /* Its box against what can be seen. Scrolling down a page is normal, sideways is not. */
  double x0 = 0, x1 = MIN (gtk_widget_get_width (check->window), screen_width);
  double y0 = 0, y1 = MIN (gtk_widget_get_height (check->window), screen_height);
  gboolean scrolls = FALSE;
  for (GtkWidget *a = gtk_widget_get_parent (widget); a && a != check->window;
       a = gtk_widget_get_parent (a))
    {
      if (GTK_IS_SCROLLED_WINDOW (a))
        {
          GtkPolicyType vpolicy;
          gtk_scrolled_window_get_policy (GTK_SCROLLED_WINDOW (a), NULL, &vpolicy);
          clip_to (a, check->window, TRUE, &x0, &x1);
          if (vpolicy == GTK_POLICY_AUTOMATIC || vpolicy == GTK_POLICY_ALWAYS)
            scrolls = TRUE;
          else if (!scrolls)
            clip_to (a, check->window, FALSE, &y0, &y1);
        }
      else if (gtk_widget_get_overflow (a) == GTK_OVERFLOW_HIDDEN && !GTK_IS_VIEWPORT (a))
        {
          clip_to (a, check->window, TRUE, &x0, &x1);
          if (!scrolls)
            clip_to (a, check->window, FALSE, &y0, &y1);
        }
    }
  gboolean out_x = b.origin.x < x0 - SLACK || b.origin.x + b.size.width > x1 + SLACK;
  gboolean out_y = !scrolls && (b.origin.y < y0 - SLACK || b.origin.y + b.size.height > y1 + SLACK);
  if (out_x || out_y)
    g_ptr_array_add (check->problems,
                     g_strdup_printf ("%s lies at x %.0f…%.0f, y %.0f…%.0f, outside what can be "
                                      "seen (x %.0f…%.0f, y %.0f…%.0f)",
                                      text, b.origin.x, b.origin.x + b.size.width,
                                      b.origin.y, b.origin.y + b.size.height, x0, x1, y0, y1));
}

/* Every label a user can see in WIDGET's tree: not hidden, not a stack's other page, not in a
 * popover that is not open (a window of its own). */
static void
check_tree (Check *check, GtkWidget *widget)
{
  if (!gtk_widget_get_visible (widget) || !gtk_widget_get_child_visible (widget)
      || !gtk_widget_get_mapped (widget)
      || (GTK_IS_NATIVE (widget) && widget != check->window))
    return;
  if (GTK_IS_LABEL (widget))
    check_label (check, GTK_LABEL (widget));
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    check_tree (check, c);
}

/* The page WIDGET belongs to, for a failure's words: "BcCheckingPage", or the window's. */
static const char *
owner (GtkWidget *widget)
{
  for (GtkWidget *w = widget; w; w = gtk_widget_get_parent (w))
    if (BC_IS_PAGE (w) || GTK_IS_WINDOW (w))
      return G_OBJECT_TYPE_NAME (w);
  return "?";
}

/* The innermost widgets that ask for more than LIMIT pixels of width: what makes the window too
 * wide (a label that does not wrap, a row of buttons), named in the failure. */
static void
find_wide (GtkWidget *widget, int limit, GString *out)
{
  int min = 0;
  gboolean inner = FALSE;

  if (!gtk_widget_get_visible (widget))
    return;
  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
  if (min <= limit)
    return;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      int child_min = 0;
      if (gtk_widget_get_visible (c))
        gtk_widget_measure (c, GTK_ORIENTATION_HORIZONTAL, -1, &child_min, NULL, NULL, NULL);
      if (child_min > limit)
        {
          inner = TRUE;
          find_wide (c, limit, out);
        }
    }
  if (inner)
    return;
  if (GTK_IS_LABEL (widget))
    {
      g_autofree char *text = quoted (GTK_LABEL (widget));
      g_string_append_printf (out, "; %s needs %d px", text, min);
    }
  else
    g_string_append_printf (out, "; a %s of %s needs %d px%s", G_OBJECT_TYPE_NAME (widget),
                            owner (widget), min,
                            GTK_IS_STACK (widget) ? " (a page it does not show counts too)" : "");
}

/* Frames painted since the count was last reset: a check reads a laid-out window. */
static guint painted;

static void
after_paint (GdkFrameClock *clock, gpointer data)
{
  painted++;
}

static gboolean
painted_once (BcWindow *window)
{
  return painted >= 1;
}

/* Lets the window lay itself out and paint (and the idle work a page does after it: rows). */
static void
settle (BcWindow *window)
{
  pump (60);
  painted = 0;
  gtk_widget_queue_resize (GTK_WIDGET (window));
  pump_until (painted_once, window, 20000);
  pump (40);
}

static void
set_large_text (BcWindow *window, gboolean on)
{
  g_action_group_change_action_state (G_ACTION_GROUP (g_application_get_default ()), "large-text",
                                      g_variant_new_boolean (on));
  settle (window);
}

/* Checks the page on screen, in LANGUAGE, with large text ON or not. */
static void
check_page (BcWindow *window, const char *language, const char *page, gboolean large)
{
  GtkWidget *w = GTK_WIDGET (window);
  const char *text_size = large ? "large text" : "normal text";
  Check check = { w, g_ptr_array_new_with_free_func (g_free), 0, g_string_new (NULL) };
  int min_width = 0, min_height = 0;

  check_tree (&check, w);

  /* The window itself: larger than the screen when its contents will not fit. */
  gtk_widget_measure (w, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  gtk_widget_measure (w, GTK_ORIENTATION_VERTICAL, screen_width, &min_height, NULL, NULL, NULL);
  if (gtk_widget_get_width (w) > screen_width || gtk_widget_get_height (w) > screen_height
      || min_width > screen_width || min_height > screen_height)
    {
      g_autoptr (GString) wide = g_string_new (NULL);
      /* Less the pages' margins: a label as wide as the screen is already too wide. */
      find_wide (w, screen_width - 2 * 18, wide);
      g_ptr_array_insert (check.problems, 0,
                          g_strdup_printf ("the window is %d×%d (at least %d×%d), larger than the "
                                           "screen%s",
                                           gtk_widget_get_width (w), gtk_widget_get_height (w),
                                           min_width, min_height, wide->str));
    }

  if (check.problems->len == 0)
    ok (check.labels > 0, "%s / %s / %d×%d / %s: %u labels whole", page, language,
        screen_width, screen_height, text_size, check.labels);
  if (check.ellipsized->len)
    note ("ellipsized:%s", check.ellipsized->str);
  g_string_free (check.ellipsized, TRUE);
  for (guint i = 0; i < check.problems->len; i++)
    ok (FALSE, "%s / %s / %d×%d / %s: %s", page, language, screen_width, screen_height,
        text_size, (char *) check.problems->pdata[i]);
  g_ptr_array_unref (check.problems);

  if (png_dir)
    {
      g_autofree char *name = g_strdup_printf ("%s-%dx%d-%02u-%s%s.png", language, screen_width,
                                               screen_height, page_number (page), page,
                                               large ? "-large" : "");
      g_autofree char *path = g_build_filename (png_dir, name, NULL);
      if (!save_png (w, path))
        note ("could not save %s", path);
      /* And the whole page, what scrolling shows too: every part of it is to be looked at. */
      GtkWidget *scrolled = find_widget_of_type (visible_page (window), GTK_TYPE_SCROLLED_WINDOW);
      GtkWidget *content = scrolled ? gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled))
                                    : NULL;
      if (GTK_IS_VIEWPORT (content))
        content = gtk_viewport_get_child (GTK_VIEWPORT (content));
      g_autofree char *whole = g_strdup_printf ("%.*s-whole.png", (int) strlen (path) - 4, path);
      if (content && !save_png (content, whole))
        note ("could not save %s", whole);
    }
}

/* Switches to LANGUAGE ("pseudo" or a code of po/LINGUAS) as the menu does. */
static gboolean
switch_language (BcWindow *window, const char *language)
{
  gboolean pseudo = g_str_equal (language, PSEUDO);

  /* Rebinding drops nothing by itself: the switch that follows makes gettext read again. */
  bindtextdomain (GETTEXT_PACKAGE, pseudo ? pseudo_dir : real_dir);
  set_language (pseudo ? "en" : language);
  settle (window);
  if (pseudo)
    {
      g_autofree char *text = window_text (window);
      return ok (strstr (text, "~~") != NULL && strstr (text, "Blaster Check") == NULL,
                 "%s: the pseudo-locale is on screen", PSEUDO);
    }
  return ok (g_strcmp0 (bc_language_get (), language) == 0, "%s: the wizard speaks it", language);
}

/* Opens every expander row below WIDGET: what it holds is text a user can show. */
static gboolean
expand_all (GtkWidget *widget)
{
  gboolean opened = FALSE;

  if (ADW_IS_EXPANDER_ROW (widget) && !adw_expander_row_get_expanded (ADW_EXPANDER_ROW (widget)))
    {
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (widget), TRUE);
      opened = TRUE;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    opened |= expand_all (c);
  return opened;
}

static void
go (BcWindow *window, const char *page)
{
  gtk_widget_activate_action (GTK_WIDGET (window), "win.go", "s", page);
  if (g_str_equal (page, "checking"))
    pump_until (scan_done, window, 60000);
  settle (window);
  if (expand_all (visible_page (window)))
    settle (window);
}

static void
check_language (BcWindow *window, const char *language)
{
  /* The pages a disk's check shows, then the one checking by hand shows. */
  static const char *const disk_pages[] = { "welcome", "symptoms", "target", "checking", "result",
                                            "recovery", "prevention", "links", "finish" };
  BcSession *session = bc_window_get_session (window);

  if (!switch_language (window, language))
    return;
  /* Every page with normal text, then every page with large text: the switch restyles every
   * page built so far, a page change only the page shown. */
  for (int large = 0; large <= 1; large++)
    {
      set_large_text (window, large);
      bc_session_set_target (session, BC_TARGET_DISK, fixture);
      for (guint i = 0; i <= G_N_ELEMENTS (disk_pages); i++)
        {
          const char *page = i < G_N_ELEMENTS (disk_pages) ? disk_pages[i] : "guided";
          if (g_str_equal (page, "guided"))
            bc_session_set_target (session, BC_TARGET_BY_HAND, NULL);
          go (window, page);
          if (ok (g_str_equal (page_id (window), page), "%s / %s: on screen (got %s)", page,
                  language, page_id (window)))
            check_page (window, language, page, large);
        }
    }
}

static void
run_checks (BcWindow *window)
{
  const char *only = g_getenv ("BLASTER_CHECK_LAYOUT_LANGUAGES");
  g_auto (GStrv) chosen = only && *only ? g_strsplit_set (only, " ,", -1) : NULL;
  g_autoptr (GPtrArray) languages = g_ptr_array_new ();

  /* The pseudo-locale first: it is the longest, and stands in for English. */
  g_ptr_array_add (languages, (gpointer) PSEUDO);
  for (const char *const *l = bc_language_list (); *l; l++)
    if (!g_str_equal (*l, "en"))
      g_ptr_array_add (languages, (gpointer) *l);

  ok (gtk_widget_get_width (GTK_WIDGET (window)) <= screen_width,
      "the window opens within the %d×%d screen (%d×%d)", screen_width, screen_height,
      gtk_widget_get_width (GTK_WIDGET (window)), gtk_widget_get_height (GTK_WIDGET (window)));
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                    G_CALLBACK (after_paint), NULL);
  for (guint i = 0; i < languages->len; i++)
    if (!chosen || g_strv_contains ((const char *const *) chosen, languages->pdata[i]))
      check_language (window, languages->pdata[i]);
  set_large_text (window, FALSE);
}

/* The pseudo catalogue where gettext looks for English: DIR/en/LC_MESSAGES/blaster-check.mo. */
static char *
make_pseudo_dir (const char *mo)
{
  char *dir = g_dir_make_tmp ("blaster-pseudo-XXXXXX", NULL);
  g_autofree char *messages = g_build_filename (dir, "en", "LC_MESSAGES", NULL);
  g_autofree char *link = g_build_filename (messages, GETTEXT_PACKAGE ".mo", NULL);
  g_autofree char *target = g_canonicalize_filename (mo, NULL);

  g_mkdir_with_parents (messages, 0755);
  if (symlink (target, link) != 0)
    g_printerr ("test-layout: cannot link %s: %s\n", link, g_strerror (errno));
  return dir;
}

int
main (int argc, char **argv)
{
  const char *args[2] = { NULL, NULL };

  if (argc != 4 || (screen_width = atoi (argv[1])) <= 0 || (screen_height = atoi (argv[2])) <= 0)
    {
      fprintf (stderr, "usage: %s WIDTH HEIGHT PSEUDO.MO\n", argv[0]);
      return 2;
    }
  const char *mo = argv[3];
  if (!g_file_test (mo, G_FILE_TEST_IS_REGULAR))
    {
      /* Without it the longest language would go unchecked: that is a failure, not a skip. */
      printf ("not ok 1 - the pseudo-locale's catalogue %s exists\n1..1\n", mo);
      return 1;
    }
  real_dir = g_getenv ("BLASTER_CHECK_LOCALEDIR");
  if (!real_dir || !*real_dir)
    real_dir = LOCALEDIR;
  png_dir = g_getenv ("BLASTER_CHECK_LAYOUT_PNG");
  if (png_dir && *png_dir)
    g_mkdir_with_parents (png_dir, 0755);
  else
    png_dir = NULL;
  /* Large text is a setting: switching it here must not write the tester's own. */
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);

  pseudo_dir = make_pseudo_dir (mo);
  args[0] = fixture = build_fixture (TRUE);
  int status = run_app (argv[0], args, run_checks, screen_width, screen_height);
  remove_tree (fixture);
  remove_tree (pseudo_dir);
  return status;
}
