/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Every page in every language, nothing left in English (issue #15): the real application in a
 * real window on a virtual display, walked once in English and then in each language of
 * po/LINGUAS (as the build knows them: bc_language_list). TAP output.
 *
 *   test-languages infected|clean|by-hand|switch|kiosk
 *
 * infected, clean, by-hand: every page of the wizard and its states on that path (the infected
 * or clean fixture disk; the checks by hand, a check that could not run, a cancelled one; the
 * warning for a disk with no Windows). In each language, no text a user reads on screen (labels,
 * and so rows, buttons and headings; tooltips; the header's menus) may be one the same walk
 * showed in English or one of the catalogue's msgids, unless it is made only of the names below
 * (Windows, IIS, MS03-026, file names, paths, numbers…). The Result page's verdict is that
 * language's catalogue translation of the verdict's words (gettext with the language set).
 * switch: one window under LANG=C.UTF-8 goes through every language and back to English with the
 * app.language action, as the menu does: each time the page on screen speaks that language
 * (Chinese and Korean drawn with their own Noto CJK glyphs, not the Japanese ones), and back in
 * English no other language's text is left, shown or hidden.
 * kiosk: the idle reset returns to the default language (the language setting), from every other.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libintl.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "bc-config.h"
#include "bc-language.h"
#include "bc-page.h"
#include "bc-session.h"
#include "gui-test.h"

static const char *mode;
static char *fixture;

/* ---- What counts as a name: the same in every language, by design. ---- */

/* Words that are names in every language (each with why): a text made only of these, of file
 * names, paths, registry keys, update numbers and numbers is not English left behind. */
static const struct
{
  const char *word;
  const char *why;
} name_words[] = {
  { "Blaster", "the worm's name, as Microsoft's advisories in every language call it" },
  { "Windows", "Microsoft's product name, never translated" },
  { "XP", "Windows XP: a product name" },
  { "Microsoft", "a company's name" },
  { "IIS", "Microsoft's web server, a product name" },
  { "RPC", "the protocol's name, kept by Microsoft's localized bulletins" },
  { "DCOM", "the protocol's name, kept by Microsoft's localized bulletins" },
  { "Welchia", "a worm's name" },
  { "Nachi", "a worm's name" },
  { "Lovsan", "a worm's name" },
  { "PC", "kept by Microsoft's localized pages (\"PC\" in de, fr, es, pt_BR)" },
  { "OK", "the button's word in every localized Windows XP" },
  { "PDF", "a file format's name" },
  { "QR", "a code's name (QR code)" },
  { "USB", "a standard's name" },
  { "TFTP", "the protocol's name" },
  { "English", "the English language's own name, on the language choice" },
  { "K", "Task Manager's memory column (\"4,612 K\"), as every Windows XP shows it" },
  { "CPU", "Task Manager's column: most Windows XP languages kept the word (the msgid tells "
           "translators to use their XP's own)" },
  { "SYSTEM", "the system account's name in Task Manager (its \"User Name\" column)" },
  { "NETWORK", "NETWORK SERVICE, an account's name in Task Manager, which Japanese, Chinese and "
               "Korean Windows XP kept in English (German XP says NETZWERKDIENST)" },
  { "SERVICE", "NETWORK SERVICE, as above" },
  { "System", "the kernel process's name in Task Manager, a program's name" },
  { "user", "an account's name in the Task Manager picture: a person's own name on a real PC" },
};

/* Words a language writes as English does (each with why): in that language only. */
static const struct
{
  const char *lang, *word, *why;
} same_words[] = {
  { "es", "No", "the Spanish word for \"no\" (an answer button)" },
  { "pt_BR", "Worm", "the loan word \"worm\" (po/glossary-pt_BR.toml: Microsoft's Brazilian "
                     "pages say worm)" },
  { "fr", "version", "the French word too (\"version 5.1\")" },
  { "fr", "build", "kept in French for a Windows build number (\"build 2600\")" },
  { "fr", "Applications", "Task Manager's tab, which fr.po keeps as the same word (the msgid "
                          "asks for Windows XP's own wording)" },
  { "de", "Name", "the Search results' column, which de.po keeps as the same word (the msgid "
                  "asks for Windows XP's own wording)" },
};

/* The language the texts being judged are in. */
static const char *judged_language;

/* Whether WORD (no white space, punctuation around it taken off) is a name, a number, a file
 * name, a path, a registry key or an update's number. */
static gboolean
name_word (const char *word)
{
  gboolean letters = FALSE;

  for (const char *p = word; *p; p = g_utf8_next_char (p))
    letters = letters || g_unichar_isalpha (g_utf8_get_char (p));
  if (!letters)
    return TRUE; /* numbers, sizes, dates, punctuation */
  if (strchr (word, '\\') || strchr (word, '/') || g_str_has_prefix (word, "HKEY_")
      || g_str_has_prefix (word, "HKLM") || strstr (word, "://"))
    return TRUE; /* paths, registry keys, addresses */
  if (g_regex_match_simple ("^[A-Za-z0-9_~$-]+\\.(exe|dll|sys|com|bat|ini|log|txt|pdf|doc|dat|"
                            "msc|cpl|htm|html)$", word, G_REGEX_CASELESS, 0)
      || g_regex_match_simple ("^(KB|Q)[0-9]{6}$", word, 0, 0)
      || g_regex_match_simple ("^MS[0-9]{2}-[0-9]{3}$", word, 0, 0)
      || g_regex_match_simple ("^(SP[0-9]|W32\\.[A-Za-z.]+|WORM_[A-Z.]+)$", word, 0, 0))
    return TRUE; /* file names, update and bulletin numbers, SP2, virus names */
  for (guint i = 0; i < G_N_ELEMENTS (same_words); i++)
    if (g_strcmp0 (judged_language, same_words[i].lang) == 0
        && g_str_equal (word, same_words[i].word))
      return TRUE;
  if (fixture && strstr (fixture, word))
    return TRUE; /* the fixture disk's folder (blaster-gui-…): a name made here */
  for (guint i = 0; i < G_N_ELEMENTS (name_words); i++)
    if (g_str_equal (word, name_words[i].word))
      return TRUE;
  /* The languages' own names, as the language menu and Welcome show them in every language. */
  for (const char *const *code = bc_language_list (); *code; code++)
    if (g_str_equal (word, bc_language_native_name (*code)))
      return TRUE;
  return FALSE;
}

/* Phrases that are names as a whole (each with why), though their words alone are not. */
static const struct
{
  const char *phrase;
  const char *why;
} name_phrases[] = {
  { "Blaster Check", "the product's name" },
  { "Windows Update", "Microsoft's service: the same name in every localized Windows XP" },
  { "Service Pack", "Microsoft's own name in every localized Windows" },
  { "Windows XP Hotfix", "an update's name as the disk's registry gives it (quoted as the PC "
                        "names it, not translated)" },
  { "shutdown -a", "a command typed as it is, in every language" },
};

/* Whether TEXT is made only of names: then it reads the same in every language. */
static gboolean
only_names (const char *text)
{
  g_autofree char *rest = g_strdup (text);

  /* Bulletin titles are translated (Microsoft published them in each language): an English one
   * left on Prevention is English left behind. */
  /* A language's own name may be several words ("Português (Brasil)"). */
  for (const char *const *code = bc_language_list (); *code; code++)
    if (g_str_equal (text, bc_language_native_name (*code)))
      return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (name_phrases); i++)
    {
      g_auto (GStrv) parts = g_strsplit (rest, name_phrases[i].phrase, -1);
      g_free (rest);
      rest = g_strjoinv (" ", parts);
    }
  g_auto (GStrv) words = g_regex_split_simple ("\\s+", rest, 0, 0);
  for (char **w = words; *w; w++)
    {
      /* Punctuation around a word is not part of it: “(MS03-026)”, “msblast.exe,”. */
      static const char *const marks = ",;:()[]“”\"‘’'«»…!?.–—「」『』（）、。：";
      const char *start = *w;
      const char *end = *w + strlen (*w);
      while (start < end)
        {
          const char *next = g_utf8_next_char (start);
          g_autofree char *c = g_strndup (start, next - start);
          if (!strstr (marks, c))
            break;
          start = next;
        }
      while (end > start)
        {
          const char *prev = g_utf8_prev_char (end);
          g_autofree char *c = g_strndup (prev, end - prev);
          if (!strstr (marks, c))
            break;
          end = prev;
        }
      g_autofree char *word = g_strndup (start, end - start);
      if (*word && !name_word (word))
        return FALSE;
    }
  return TRUE;
}

/* ---- The catalogues, read from the .mo files the build made. ---- */

/* The strings of LANG's catalogue: its msgids (TRANSLATIONS FALSE), or its translations that
 * differ from their msgid. Plural forms and contexts included; NULL when there is no catalogue. */
static GHashTable *
catalogue (const char *lang, gboolean translations)
{
  const char *localedir = g_getenv ("BLASTER_CHECK_LOCALEDIR");
  g_autofree char *path = g_build_filename (localedir ? localedir : LOCALEDIR, lang,
                                            "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  g_autofree char *data = NULL;
  gsize size = 0;

  if (!g_file_get_contents (path, &data, &size, NULL) || size < 28)
    return NULL;
  guint32 magic;
  memcpy (&magic, data, 4);
  gboolean swap = magic != 0x950412de;
#define WORD(off) (swap ? GUINT32_SWAP_LE_BE (*(guint32 *) (data + (off))) : *(guint32 *) (data + (off)))
  guint32 n = WORD (8), originals = WORD (12), translated = WORD (16);
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint32 i = 0; i < n; i++)
    {
      guint32 id_len = WORD (originals + 8 * i), id_off = WORD (originals + 8 * i + 4);
      guint32 tr_len = WORD (translated + 8 * i), tr_off = WORD (translated + 8 * i + 4);
      if ((gsize) id_off + id_len > size || (gsize) tr_off + tr_len > size || id_len == 0)
        continue;
      const char *id = data + id_off, *tr = data + tr_off;
      const char *ctx_end = memchr (id, '\004', id_len);
      if (ctx_end)
        id = ctx_end + 1;
      const char *plural = id + strlen (id) + 1 <= data + id_off + id_len ? id + strlen (id) + 1 : "";
      const char *from = translations ? tr : id;
      const char *end = translations ? tr + tr_len : data + id_off + id_len;
      for (const char *s = from; s < end; s += strlen (s) + 1)
        {
          /* A translation that is its msgid is not that language's own words. */
          if (!*s || (translations && (g_str_equal (s, id) || g_str_equal (s, plural))))
            continue;
          g_auto (GStrv) parts = g_strsplit (s, "_", -1);
          g_hash_table_add (set, g_strdup (s));
          g_hash_table_add (set, g_strjoinv ("", parts)); /* as a label shows it: no mnemonic */
        }
    }
#undef WORD
  return set;
}

/* ---- What a user reads on screen. ---- */

static void
add_text (GHashTable *out, const char *text)
{
  if (!text)
    return;
  g_autofree char *t = g_strstrip (g_strdup (text));
  if (*t)
    g_hash_table_add (out, g_steal_pointer (&t));
}

/* The labels of a menu and its sections and submenus, without their mnemonic underscores. */
static void
menu_text (GMenuModel *model, GHashTable *out)
{
  for (int i = 0; model && i < g_menu_model_get_n_items (model); i++)
    {
      g_autofree char *label = NULL;
      if (g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_LABEL, "s", &label))
        {
          g_auto (GStrv) parts = g_strsplit (label, "_", -1);
          g_autofree char *plain = g_strjoinv ("", parts);
          add_text (out, plain);
        }
      g_autoptr (GMenuLinkIter) links = g_menu_model_iterate_item_links (model, i);
      GMenuModel *linked;
      while (g_menu_link_iter_get_next (links, NULL, &linked))
        {
          menu_text (linked, out);
          g_object_unref (linked);
        }
    }
}

/* Every text shown in WIDGET: labels (rows, buttons, headings are made of them), tooltips,
 * placeholders and the menus its menu buttons open. */
static void
shown_text (GtkWidget *widget, GHashTable *out)
{
  if (!gtk_widget_get_visible (widget) || !gtk_widget_get_child_visible (widget))
    return;
  if (GTK_IS_LABEL (widget))
    add_text (out, gtk_label_get_text (GTK_LABEL (widget)));
  add_text (out, gtk_widget_get_tooltip_text (widget));
  if (GTK_IS_MENU_BUTTON (widget))
    menu_text (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (widget)), out);
  if (GTK_IS_TEXT (widget))
    add_text (out, gtk_text_get_placeholder_text (GTK_TEXT (widget)));
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    shown_text (c, out);
}

/* Every text in WIDGET, shown or not (hidden pages, collapsed rows, other states). */
static void
all_text (GtkWidget *widget, GHashTable *out)
{
  if (GTK_IS_LABEL (widget))
    add_text (out, gtk_label_get_text (GTK_LABEL (widget)));
  add_text (out, gtk_widget_get_tooltip_text (widget));
  if (GTK_IS_MENU_BUTTON (widget))
    menu_text (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (widget)), out);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    all_text (c, out);
}

/* Opens every expander of the page, as a reader would, so that their text is on screen. */
static void
expand_all (GtkWidget *widget)
{
  if (GTK_IS_EXPANDER (widget))
    gtk_expander_set_expanded (GTK_EXPANDER (widget), TRUE);
  if (ADW_IS_EXPANDER_ROW (widget))
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (widget), TRUE);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    expand_all (c);
}

/* The texts of the window as it is now, its expanders opened. */
static GHashTable *
window_strings (BcWindow *window)
{
  GHashTable *out = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  expand_all (GTK_WIDGET (window));
  pump (100);
  shown_text (GTK_WIDGET (window), out);
  return out;
}

/* The texts of the page on screen, its expanders opened. */
static GHashTable *
page_strings (BcWindow *window)
{
  GHashTable *out = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  expand_all (visible_page (window));
  pump (100);
  shown_text (visible_page (window), out);
  return out;
}

static char *
joined (GHashTable *set)
{
  g_autofree const char **keys = (const char **) g_hash_table_get_keys_as_array (set, NULL);
  return g_strjoinv ("\n", (char **) keys);
}

/* ---- The views: each page, in each of its states, as the walk reaches it. ---- */

typedef struct
{
  const char *name; /* for the TAP lines */
  const char *page; /* the page it shows */
  void (*show) (BcWindow *window, const char *page);
  gboolean verdict; /* the Result page: its verdict is checked against the catalogue */
  const char *english; /* words it shows in English: the view is in the state it names */
} View;

static void
go (BcWindow *window, const char *page)
{
  gtk_widget_activate_action (GTK_WIDGET (window), "win.go", "s", page);
  pump (150);
}

static void
show_disk (BcWindow *window, const char *page)
{
  BcSession *session = bc_window_get_session (window);

  if (bc_session_get_target_kind (session) != BC_TARGET_DISK
      || g_strcmp0 (bc_session_get_target_path (session), fixture) != 0)
    bc_session_set_target (session, BC_TARGET_DISK, fixture);
  /* The pages after Checking speak of its result: the check runs first, as Next would run it. */
  if (!bc_session_get_report (session) && !g_str_equal (page, "welcome")
      && !g_str_equal (page, "symptoms") && !g_str_equal (page, "target"))
    {
      go (window, "checking");
      pump_until (scan_done, window, 60000);
    }
  go (window, page);
  if (g_str_equal (page, "checking"))
    pump_until (scan_done, window, 60000);
  pump (50);
}

static void
show_recovery_asked (BcWindow *window, const char *page)
{
  bc_session_set_recovery_wanted (bc_window_get_session (window), TRUE);
  show_disk (window, page);
}

/* The disk as it was listed, its Windows folder gone since: What to check warns. */
static void
show_no_windows (BcWindow *window, const char *page)
{
  g_autofree char *windows = g_build_filename (fixture, "WINDOWS", NULL);
  g_autofree char *moved = g_build_filename (fixture, "OLD", NULL);

  show_disk (window, "target");
  g_rename (windows, moved);
  next (window);
  pump (150);
}

static void
restore_windows (void)
{
  g_autofree char *windows = g_build_filename (fixture, "WINDOWS", NULL);
  g_autofree char *moved = g_build_filename (fixture, "OLD", NULL);

  if (g_file_test (moved, G_FILE_TEST_IS_DIR))
    g_rename (moved, windows);
}

static void
by_hand (BcWindow *window, const char *page, BcAnswer found)
{
  BcSession *session = bc_window_get_session (window);
  BcAnswer answer = found == BC_ANSWER_UNKNOWN ? BC_ANSWER_UNKNOWN : BC_ANSWER_NO;

  /* Only what differs: each answer makes every page built so far refresh itself. */
  if (bc_session_get_target_kind (session) != BC_TARGET_BY_HAND)
    bc_session_set_target (session, BC_TARGET_BY_HAND, NULL);
  for (const char *const *n = bc_session_guided_names (); *n; n++)
    {
      BcAnswer want = found == BC_ANSWER_YES && g_str_equal (*n, "teekids.exe") ? BC_ANSWER_YES
                                                                               : answer;
      if (bc_session_get_guided (session, *n) != want)
        bc_session_set_guided (session, *n, want);
    }
  if (bc_session_get_guided_in_wins (session) != answer)
    bc_session_set_guided_in_wins (session, answer);
  pump (50);
  go (window, page);
}

static void
show_by_hand_none (BcWindow *window, const char *page)
{
  by_hand (window, page, BC_ANSWER_UNKNOWN);
}

static void
show_by_hand_clear (BcWindow *window, const char *page)
{
  by_hand (window, page, BC_ANSWER_NO);
}

static void
show_by_hand_found (BcWindow *window, const char *page)
{
  by_hand (window, page, BC_ANSWER_YES);
}

/* An empty folder (a mount point with nothing mounted): the check cannot run. */
static void
show_scan_error (BcWindow *window, const char *page)
{
  BcSession *session = bc_window_get_session (window);
  g_autofree char *empty = g_build_filename (fixture, "empty", NULL);

  g_mkdir_with_parents (empty, 0755);
  if (g_strcmp0 (bc_session_get_target_path (session), empty) != 0
      || !bc_session_get_scan_error (session))
    {
      bc_session_set_target (session, BC_TARGET_FOLDER, empty);
      go (window, "checking");
      pump_until (scan_done, window, 60000);
    }
  go (window, page);
  pump (150);
}

/* A check cancelled at once: Checking and Result say it is not complete. */
static void
show_cancelled (BcWindow *window, const char *page)
{
  BcSession *session = bc_window_get_session (window);

  const scan_report *report = bc_session_get_report (session);

  /* Held in its whole-disk walk, so that Cancel comes while it runs. */
  if (!report || !report->cancelled)
    {
      bc_session_set_target (session, BC_TARGET_FOLDER, fixture);
      bc_session_hold_scan (session, SCAN_PHASE_VOLUME);
      go (window, "checking");
      pump_until (scanning, window, 5000);
      bc_session_cancel_scan (session);
      bc_session_release_scan (session);
      pump_until (scan_done, window, 5000);
    }
  go (window, page);
  pump (150);
}

static const View infected_views[] = {
  { "Welcome", "welcome", show_disk, FALSE, NULL },
  { "Symptoms (the recreated XP dialogs)", "symptoms", show_disk, FALSE, NULL },
  { "What to check (the disk)", "target", show_disk, FALSE, NULL },
  { "Checking (finished)", "checking", show_disk, FALSE, "The check is finished" },
  { "Result (infected)", "result", show_disk, TRUE, "Infected: the worm is on this PC" },
  { "Recovery (infected)", "recovery", show_disk, FALSE, NULL },
  { "Prevention", "prevention", show_disk, FALSE, NULL },
  { "Help and links", "links", show_disk, FALSE, NULL },
  { "Finish", "finish", show_disk, FALSE, NULL },
};

static const View clean_views[] = {
  { "Result (clean)", "result", show_disk, TRUE, "Clean: no sign of the worm" },
  { "Prevention (clean)", "prevention", show_disk, FALSE, NULL },
  { "Finish (clean)", "finish", show_disk, FALSE, NULL },
  { "Recovery (asked for on a clean disk)", "recovery", show_recovery_asked, FALSE, NULL },
  { "What to check (no Windows folder on the disk)", "target", show_no_windows, FALSE,
    "There is no Windows folder on this disk" },
};

static const View by_hand_views[] = {
  { "What to check (by hand)", "target", show_by_hand_none, FALSE, NULL },
  { "Checks by hand (none answered)", "guided", show_by_hand_none, FALSE, "Task Manager" },
  { "Result (by hand, none answered)", "result", show_by_hand_none, TRUE,
    "These names were not checked" },
  { "Result (by hand, nothing found)", "result", show_by_hand_clear, TRUE, NULL },
  { "Result (by hand, a worm file found)", "result", show_by_hand_found, TRUE, "teekids.exe" },
  { "Recovery (by hand)", "recovery", show_by_hand_found, FALSE, NULL },
  { "Checking (the check could not run)", "checking", show_scan_error, FALSE,
    "The check could not run." },
  { "Result (the check could not run)", "result", show_scan_error, TRUE, NULL },
  { "Checking (cancelled)", "checking", show_cancelled, FALSE, "cancelled" },
  { "Result (cancelled)", "result", show_cancelled, TRUE, "Not complete" },
};

/* The verdict's words in the language in use, from its catalogue (as the wizard says them:
 * "%1$s: %2$s", the verdict's name and what it means). */
static char *
verdict_in_catalogue (scan_infection verdict)
{
  /* libintl's dgettext, the catalogue as it is: GLib's g_dgettext answered with the msgids
   * here (it decides once per process whether to translate at all). */
  return g_strdup_printf (dgettext (GETTEXT_PACKAGE, "%1$s: %2$s"),
                          dgettext (GETTEXT_PACKAGE, scan_infection_label (verdict)),
                          dgettext (GETTEXT_PACKAGE, scan_infection_summary (verdict)));
}

/* The strings of SHOWN that a user would read as English: the same as one the walk showed in
 * English (ENGLISH) or one of the catalogue's msgids (MSGIDS), and not only names. */
static GPtrArray *
english_left (GHashTable *shown, GHashTable *english, GHashTable *msgids)
{
  GPtrArray *left = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter it;
  const char *s;

  g_hash_table_iter_init (&it, shown);
  while (g_hash_table_iter_next (&it, (gpointer *) &s, NULL))
    if ((g_hash_table_contains (english, s) || (msgids && g_hash_table_contains (msgids, s)))
        && !only_names (s))
      g_ptr_array_add (left, g_strdup (s));
  return left;
}

static void
walk_views (BcWindow *window, const View *views, guint n_views)
{
  const char *const *langs = bc_language_list ();
  g_autoptr (GHashTable) english = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* English first: what each view shows, the English every other language must not show. */
  set_language ("en");
  for (guint v = 0; v < n_views; v++)
    {
      views[v].show (window, views[v].page);
      g_autoptr (GHashTable) shown = window_strings (window);
      g_autofree char *text = joined (shown);
      ok (g_str_equal (page_id (window), views[v].page)
            && (!views[v].english || strstr (text, views[v].english)),
          "en: %s is on screen (got %s%s%s)", views[v].name, page_id (window),
          views[v].english ? ", saying " : "", views[v].english ? views[v].english : "");
      GHashTableIter it;
      const char *s;
      g_hash_table_iter_init (&it, shown);
      while (g_hash_table_iter_next (&it, (gpointer *) &s, NULL))
        g_hash_table_add (english, g_strdup (s));
      restore_windows ();
    }
  note ("%u English texts on these views", g_hash_table_size (english));

  for (const char *const *lang = langs; *lang; lang++)
    {
      if (g_str_equal (*lang, "en"))
        continue;
      g_autoptr (GHashTable) msgids = catalogue (*lang, FALSE);
      judged_language = *lang;
      ok (msgids != NULL, "%s: its catalogue is built", *lang);
      set_language (*lang);
      ok (g_strcmp0 (bc_language_get (), *lang) == 0, "%s: the wizard switches to it", *lang);
      for (guint v = 0; v < n_views; v++)
        {
          views[v].show (window, views[v].page);
          g_autoptr (GHashTable) shown = window_strings (window);
          g_autoptr (GPtrArray) left = english_left (shown, english, msgids);
          gboolean on_page = g_str_equal (page_id (window), views[v].page);
          if (!ok (on_page && left->len == 0, "%s: %s shows nothing in English", *lang,
                   views[v].name))
            {
              if (!on_page)
                note ("the page on screen is %s", page_id (window));
              for (guint i = 0; i < left->len; i++)
                note ("in English: «%s»", (char *) left->pdata[i]);
            }
          if (views[v].verdict)
            {
              scan_infection verdict = bc_session_get_infection (bc_window_get_session (window),
                                                                 NULL);
              const char *label = scan_infection_label (verdict);
              g_autofree char *expected = verdict_in_catalogue (verdict);
              const char *word = dgettext (GETTEXT_PACKAGE, label);
              ok (!g_str_equal (word, label) && g_hash_table_contains (shown, expected),
                  "%s: %s gives the verdict in the catalogue's words «%s»", *lang, views[v].name,
                  expected);
              if (!g_hash_table_contains (shown, expected) && g_getenv ("TEST_LANGUAGES_DUMP"))
                {
                  g_autofree char *all = joined (shown);
                  note ("%s", all);
                }
            }
          restore_windows ();
        }
    }
  set_language ("en");
}

/* ---- A run-time switch through every language on one window. ---- */

static gboolean is_cjk (gunichar c);

/* The font family PangoLayout drew TEXT's first Han, Hangul or kana character with in LABEL, or
 * NULL. */
static char *
cjk_family (GtkLabel *label)
{
  PangoLayout *layout = gtk_label_get_layout (label);
  g_autoptr (PangoLayoutIter) iter = pango_layout_get_iter (layout);
  const char *text = pango_layout_get_text (layout);

  do
    {
      PangoLayoutRun *run = pango_layout_iter_get_run_readonly (iter);
      if (!run)
        continue;
      if (is_cjk (g_utf8_get_char (text + run->item->offset)) && run->item->analysis.font)
        {
          g_autoptr (PangoFontDescription) desc = pango_font_describe (run->item->analysis.font);
          return g_strdup (pango_font_description_get_family (desc));
        }
    }
  while (pango_layout_iter_next_run (iter));
  return NULL;
}

static gboolean
is_cjk (gunichar c)
{
  return (c >= 0x3040 && c <= 0x30ff) || (c >= 0x4e00 && c <= 0x9fff)
         || (c >= 0xac00 && c <= 0xd7af);
}

/* Whether S holds kana, Han characters or Hangul. */
static gboolean
has_cjk (const char *s)
{
  for (const char *p = s; *p; p = g_utf8_next_char (p))
    if (is_cjk (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

/* The first shown label below WIDGET whose text has CJK characters. */
static GtkLabel *
cjk_label (GtkWidget *widget)
{
  if (!gtk_widget_get_visible (widget) || !gtk_widget_get_child_visible (widget))
    return NULL;
  if (GTK_IS_LABEL (widget) && has_cjk (gtk_label_get_text (GTK_LABEL (widget)))
      && gtk_widget_get_mapped (widget))
    return GTK_LABEL (widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkLabel *found = cjk_label (c);
      if (found)
        return found;
    }
  return NULL;
}

/* The Noto CJK variant each language's glyphs come from (SC, TC, KR, JP), or NULL. */
static const char *
cjk_variant (const char *lang)
{
  static const char *const variants[][2] = {
    { "zh_CN", "SC" }, { "zh_TW", "TC" }, { "ko", "KR" }, { "ja", "JP" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    if (g_str_equal (lang, variants[i][0]))
      return variants[i][1];
  return NULL;
}

/* Whether TEXT holds letters of a script English does not use (Cyrillic, Arabic, Hangul, CJK). */
static gboolean
foreign_script (const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      GUnicodeScript script = g_unichar_get_script (g_utf8_get_char (p));
      if (script != G_UNICODE_SCRIPT_LATIN && script != G_UNICODE_SCRIPT_COMMON
          && script != G_UNICODE_SCRIPT_INHERITED)
        return TRUE;
    }
  return FALSE;
}

static void
walk_switch (BcWindow *window)
{
  const char *const *langs = bc_language_list ();
  static const char *const pages[] = { "welcome", "symptoms", "target", "checking", "result",
                                       "recovery", "prevention", "links", "finish" };
  g_autoptr (GHashTable) english_pages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                                (GDestroyNotify) g_hash_table_unref);
  g_autoptr (GHashTable) english = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *messages = setlocale (LC_MESSAGES, NULL);
  guint n = 0;

  ok (g_strcmp0 (g_getenv ("LANG"), "C.UTF-8") == 0 && g_strcmp0 (messages, "C.UTF-8") == 0,
      "the run is under LANG=C.UTF-8 (messages locale %s): no locale of any language is set up",
      messages);

  /* What every page says in English, before any switch (the disk checked: the number of
   * steps in the header depends on the verdict). */
  show_disk (window, "checking");
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      show_disk (window, pages[i]);
      GHashTable *shown = window_strings (window);
      GHashTableIter it;
      const char *s;
      g_hash_table_iter_init (&it, shown);
      while (g_hash_table_iter_next (&it, (gpointer *) &s, NULL))
        g_hash_table_add (english, g_strdup (s));
      g_hash_table_insert (english_pages, g_strdup (pages[i]), shown);
    }

  /* Each language switched to on another page, in the menu's order, while the page shows. */
  for (const char *const *lang = langs; *lang; lang++)
    {
      if (g_str_equal (*lang, "en"))
        continue;
      const char *page = pages[n++ % G_N_ELEMENTS (pages)];
      show_disk (window, page);
      set_language (*lang);
      judged_language = *lang;
      pump (200);
      ok (g_str_equal (page_id (window), page)
            && g_strcmp0 (bc_language_get (), *lang) == 0,
          "%s: switched to on %s, the page stays on screen", *lang, page);
      g_autoptr (GHashTable) msgids = catalogue (*lang, FALSE);
      g_autoptr (GHashTable) translations = catalogue (*lang, TRUE);
      g_autoptr (GHashTable) shown = window_strings (window);
      g_autoptr (GPtrArray) left = english_left (shown, english, msgids);
      if (!ok (left->len == 0, "%s: %s shows nothing in English after the switch", *lang, page))
        for (guint i = 0; i < left->len; i++)
          note ("in English: «%s»", (char *) left->pdata[i]);
      /* Its own words, not another language's: some text is one of its catalogue's. */
      guint own = 0;
      GHashTableIter it;
      const char *s;
      g_hash_table_iter_init (&it, shown);
      while (g_hash_table_iter_next (&it, (gpointer *) &s, NULL))
        own += translations && g_hash_table_contains (translations, s);
      ok (own >= 3, "%s: %s speaks it (%u texts from its catalogue)", *lang, page, own);

      const char *variant = cjk_variant (*lang);
      if (variant)
        {
          GtkLabel *label = cjk_label (visible_page (window));
          g_autofree char *family = label ? cjk_family (label) : NULL;
          ok (family && strstr (family, variant) != NULL,
              "%s: its characters are drawn with its own glyphs (Noto CJK %s; got %s for «%s»)",
              *lang, variant, family ? family : "none",
              label ? gtk_label_get_text (label) : "no label");
        }

      /* The verdict on Result, in this language's catalogue's words. */
      show_disk (window, "result");
      g_autoptr (GHashTable) result = window_strings (window);
      g_autofree char *expected
        = verdict_in_catalogue (bc_session_get_infection (bc_window_get_session (window), NULL));
      ok (g_hash_table_contains (result, expected), "%s: Result says «%s»", *lang, expected);
    }

  /* Back to English: every page as it was, and no other language's text anywhere. */
  set_language ("en");
  judged_language = "en";
  pump (200);
  ok (g_strcmp0 (bc_language_get (), "en") == 0, "back to English");
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      show_disk (window, pages[i]);
      g_autoptr (GHashTable) shown = window_strings (window);
      GHashTable *before = g_hash_table_lookup (english_pages, pages[i]);
      g_autoptr (GPtrArray) other = g_ptr_array_new ();
      GHashTableIter it;
      const char *s;
      g_hash_table_iter_init (&it, shown);
      while (g_hash_table_iter_next (&it, (gpointer *) &s, NULL))
        if (!g_hash_table_contains (before, s) && !only_names (s))
          g_ptr_array_add (other, (gpointer) s);
      if (!ok (other->len == 0, "back in English, %s shows what it showed before the switches",
               pages[i]))
        for (guint k = 0; k < other->len; k++)
          note ("not shown before: «%s»", (char *) other->pdata[k]);
    }

  /* Shown or hidden: no text of any other language's catalogue, no other script. */
  g_autoptr (GHashTable) everything = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GListModel *toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWidget) w = g_list_model_get_item (toplevels, i);
      all_text (w, everything);
    }
  g_autoptr (GPtrArray) foreign = g_ptr_array_new ();
  for (const char *const *lang = langs; *lang; lang++)
    {
      if (g_str_equal (*lang, "en"))
        continue;
      g_autoptr (GHashTable) translations = catalogue (*lang, TRUE);
      GHashTableIter it;
      const char *s;
      g_hash_table_iter_init (&it, everything);
      while (g_hash_table_iter_next (&it, (gpointer *) &s, NULL))
        if (((translations && g_hash_table_contains (translations, s)) || foreign_script (s))
            && !only_names (s) && !g_ptr_array_find_with_equal_func (foreign, s, g_str_equal, NULL))
          g_ptr_array_add (foreign, (gpointer) s);
    }
  /* The language menu's tooltip names the language in Japanese too, by design. */
  for (guint i = 0; i < foreign->len; i++)
    if (g_str_equal (foreign->pdata[i], "Language / 言語"))
      g_ptr_array_remove_index (foreign, i--);
  if (!ok (foreign->len == 0, "back in English, no other language's text is left, shown or hidden "
                              "(%u texts)", g_hash_table_size (everything)))
    for (guint k = 0; k < foreign->len; k++)
      note ("left: «%s»", (char *) foreign->pdata[k]);
}

/* ---- Kiosk: the idle reset returns to the default language. ---- */

static GtkWidget *
find_warning (GtkWidget *root)
{
  if (!gtk_widget_get_visible (root) || !gtk_widget_get_child_visible (root))
    return NULL;
  if (g_str_equal (G_OBJECT_TYPE_NAME (root), "BcIdleWarning"))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_warning (c);
      if (found)
        return found;
    }
  return NULL;
}

static gboolean
warning_shown (BcWindow *window)
{
  return find_warning (GTK_WIDGET (window)) != NULL;
}

static const char *default_language;

static gboolean
reset_done (BcWindow *window)
{
  return g_str_equal (page_id (window), "welcome") && !warning_shown (window)
         && g_strcmp0 (bc_language_get (), default_language) == 0;
}

static void
walk_kiosk (BcWindow *window)
{
  const char *const *langs = bc_language_list ();
  GSettings *settings = bc_config_settings ();
  g_autoptr (GHashTable) english_warning = NULL;

  ok (g_strcmp0 (bc_language_get (), default_language) == 0,
      "the kiosk starts in the language setting's language, %s (got %s)", default_language,
      bc_language_get ());
  /* The page itself: the header's "Step 1 of 8" counts the disk given on the command line,
   * which the reset forgets (7 steps then). */
  g_autoptr (GHashTable) welcome = page_strings (window);
  g_autoptr (GHashTable) default_words = catalogue (default_language, TRUE);

  /* English first, so that the warning's English words are known; then every other language. */
  for (int pass = 0; pass < 2; pass++)
    for (const char *const *lang = langs; *lang; lang++)
      {
        if (g_str_equal (*lang, default_language) || (pass == 0) != g_str_equal (*lang, "en"))
          continue;
        set_language (*lang);
        next (window);
        ok (g_str_equal (page_id (window), "symptoms") && g_strcmp0 (bc_language_get (), *lang) == 0,
            "%s: a customer switches to it and goes on to Symptoms", *lang);
        g_settings_set_uint (settings, "idle-timeout", 2);
        gboolean warned = pump_until (warning_shown, window, 6000);
        g_autoptr (GHashTable) warning = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                                NULL);
        if (warned)
          shown_text (find_warning (GTK_WIDGET (window)), warning);
        if (!english_warning)
          english_warning = g_hash_table_ref (warning);
        else
          {
            g_autoptr (GHashTable) msgids = catalogue (*lang, FALSE);
            judged_language = *lang;
            g_autoptr (GPtrArray) left = english_left (warning, english_warning, msgids);
            if (!ok (warned && left->len == 0,
                     "%s: left alone, the idle warning comes in it, nothing in English", *lang))
              for (guint i = 0; i < left->len; i++)
                note ("in English: «%s»", (char *) left->pdata[i]);
          }
        ok (pump_until (reset_done, window, 8000),
            "%s: then the wizard starts over on Welcome, in %s (got %s)", *lang,
            default_language, bc_language_get ());
        g_settings_set_uint (settings, "idle-timeout", 600);
        pump (200);
        g_autoptr (GHashTable) after = page_strings (window);
        g_autoptr (GPtrArray) changed = g_ptr_array_new ();
        GHashTableIter it;
        const char *s;
        g_hash_table_iter_init (&it, after);
        while (g_hash_table_iter_next (&it, (gpointer *) &s, NULL))
          if (!g_hash_table_contains (welcome, s))
            g_ptr_array_add (changed, (gpointer) s);
        GVariant *state = g_action_group_get_action_state (
          G_ACTION_GROUP (g_application_get_default ()), "language");
        gboolean menu_follows = state && g_str_equal (g_variant_get_string (state, NULL),
                                                      default_language);
        g_clear_pointer (&state, g_variant_unref);
        if (!ok (changed->len == 0 && menu_follows,
                 "%s: …Welcome reads as it did for the first customer, the language menu on %s",
                 *lang, default_language))
          for (guint i = 0; i < changed->len; i++)
            note ("not shown at first: «%s»", (char *) changed->pdata[i]);
      }
  /* The default's own words were on screen all along, not English. */
  guint own = 0;
  GHashTableIter it;
  const char *s;
  g_hash_table_iter_init (&it, welcome);
  while (g_hash_table_iter_next (&it, (gpointer *) &s, NULL))
    own += default_words && g_hash_table_contains (default_words, s);
  ok (own >= 3, "Welcome speaks %s (%u texts from its catalogue)", default_language, own);
}

static void
run_mode (BcWindow *window)
{
  if (g_str_equal (mode, "infected"))
    walk_views (window, infected_views, G_N_ELEMENTS (infected_views));
  else if (g_str_equal (mode, "clean"))
    walk_views (window, clean_views, G_N_ELEMENTS (clean_views));
  else if (g_str_equal (mode, "by-hand"))
    walk_views (window, by_hand_views, G_N_ELEMENTS (by_hand_views));
  else if (g_str_equal (mode, "switch"))
    walk_switch (window);
  else if (g_str_equal (mode, "kiosk"))
    walk_kiosk (window);
}

int
main (int argc, char **argv)
{
  const char *args[3] = { NULL, NULL, NULL };

  if (argc != 2)
    {
      fprintf (stderr, "usage: %s infected|clean|by-hand|switch|kiosk\n", argv[0]);
      return 2;
    }
  mode = argv[1];

  /* make-hive.py reports on standard output: not TAP, it goes to the log instead. */
  int saved = dup (STDOUT_FILENO);
  fflush (stdout);
  dup2 (STDERR_FILENO, STDOUT_FILENO);
  /* By hand: the clean disk, so that a check cancelled half-way is "Not complete". */
  fixture = build_fixture (!g_str_equal (mode, "clean") && !g_str_equal (mode, "by-hand"));
  fflush (stdout);
  dup2 (saved, STDOUT_FILENO);
  close (saved);

  if (g_str_equal (mode, "kiosk"))
    {
      /* Settings for this run only; the default language is the setting's: the last of the
       * list, so that it is never English and never the one the desktop (LANGUAGE=en) names. */
      const char *const *langs = bc_language_list ();
      while (langs[1])
        langs++;
      default_language = *langs;
      g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
      GSettings *settings = bc_config_settings ();
      if (!settings)
        {
          printf ("1..1\nnot ok 1 - the settings schema is installed (GSETTINGS_SCHEMA_DIR)\n");
          return 1;
        }
      g_settings_set_uint (settings, "idle-timeout", 600);
      g_settings_set_string (settings, "language", default_language);
      args[0] = "--kiosk";
      args[1] = fixture;
    }
  else
    args[0] = fixture;

  int status = run_app (argv[0], args, run_mode, 0, 0);
  remove_tree (fixture);
  return status;
}
