/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The language choice (issue #15): every language named in its own language, from iso-codes;
 * the Welcome page's list offers every one and switches the wizard as a person does with it; the
 * desktop's language is the one the wizard starts in. TAP output.
 *
 *   test-language-choice names     every language of po/LINGUAS by its own name
 *   test-language-choice welcome   Welcome's list at 800×600: each language chosen in it, in turn
 *   test-language-choice desktop   LANG=de_DE.UTF-8 (and zh_TW.UTF-8) starts the wizard in it
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "bc-language.h"
#include "gui-test.h"

/* Checks made outside run_app (), which prints the plan of its own. */
static int checks;
#define check(...) (checks++, ok (__VA_ARGS__))

/* What a reader of each language expects to find their language called in a list of languages
 * (as Wikipedia's and GNOME's language lists write them). A language of po/LINGUAS not here is
 * held to the general checks only. */
static const struct
{
  const char *code, *name;
} expected[] = {
  { "en", "English" },
  { "ja", "日本語" },
  { "de", "Deutsch" },
  { "es", "Español" },
  { "fr", "Français" },
  { "pt_BR", "Português (Brasil)" },
  { "ru", "Русский" },
  { "zh_CN", "中文 (中国)" },
  { "zh_TW", "中文 (臺灣)" },
  { "ko", "한국어" },
  { "ar", "العربية" },
};

/* The languages po/LINGUAS lists, English (the msgids) first: read from the source, not from
 * what the build made of it. */
static GPtrArray *
linguas (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("BLASTER_CHECK_SOURCE_ROOT"), "po",
                                            "LINGUAS", NULL);
  g_autofree char *text = NULL;
  GPtrArray *codes = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (codes, g_strdup ("en"));
  if (!g_file_get_contents (path, &text, NULL, NULL))
    {
      note ("%s cannot be read", path);
      return codes;
    }
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  for (char **l = lines; *l; l++)
    {
      g_strstrip (*l);
      if (**l && **l != '#')
        g_ptr_array_add (codes, g_strdup (*l));
    }
  return codes;
}

/* CODE's language's English name in iso-codes (ISO 639-2, its first name: "Spanish"). */
static char *
english_name (const char *code)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autofree char *language = g_strndup (code, strcspn (code, "_"));
  JsonArray *entries;

  if (!json_parser_load_from_file (parser, "/usr/share/iso-codes/json/iso_639-2.json", NULL))
    return NULL;
  entries = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                          "639-2");
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *e = json_array_get_object_element (entries, i);
      if (g_strcmp0 (json_object_get_string_member_with_default (e, "alpha_2", ""), language) == 0
          || g_strcmp0 (json_object_get_string_member_with_default (e, "alpha_3", ""), language)
               == 0)
        {
          const char *name = json_object_get_string_member (e, "name");
          return g_strndup (name, strcspn (name, ";"));
        }
    }
  return NULL;
}

static gboolean
in_list (const char *code)
{
  for (const char *const *l = bc_language_list (); *l; l++)
    if (g_str_equal (*l, code))
      return TRUE;
  return FALSE;
}

static int
test_names (void)
{
  const char *localedir = g_getenv ("BLASTER_CHECK_LOCALEDIR");
  gint64 start = g_get_monotonic_time ();
  g_autoptr (GPtrArray) codes = linguas ();

  g_setenv ("LANGUAGE", "en", TRUE);
  bc_language_init (localedir && *localedir ? localedir : LOCALEDIR);
  /* Informational: the names are made before the first frame. */
  note ("bc_language_init, every language named: %.1f ms",
        (double) (g_get_monotonic_time () - start) / 1000);

  for (guint i = 0; i < codes->len; i++)
    {
      const char *code = codes->pdata[i];
      const char *name = bc_language_native_name (code);
      g_autofree char *english = english_name (code);
      gunichar first = g_utf8_get_char (name);

      check (in_list (code), "%s: the wizard offers it", code);
      check (g_utf8_validate (name, -1, NULL) && *name && g_strcmp0 (name, code) != 0,
             "%s: named \"%s\", not by its code", code, name);
      check (!g_unichar_islower (first), "%s: \"%s\" starts as a menu item does (no lower case)",
             code, name);
      if (!g_str_equal (code, "en"))
        check (english && !strstr (name, english),
               "%s: \"%s\" is its own name, not its English one (%s)", code, name,
               english ? english : "not in iso-codes");
      for (guint j = 0; j < G_N_ELEMENTS (expected); j++)
        if (g_str_equal (expected[j].code, code))
          check (g_str_equal (name, expected[j].name), "%s: named \"%s\" (expected \"%s\")", code,
                 name, expected[j].name);
      for (guint j = 0; j < i; j++)
        check (g_strcmp0 (name, bc_language_native_name (codes->pdata[j])) != 0,
               "%s and %s have different names", code, (char *) codes->pdata[j]);
    }

  /* Naming every language looks in each one's catalogues: the wizard is left in its own. */
  check (g_strcmp0 (bc_language_get (), "en") == 0 && g_strcmp0 (g_getenv ("LANGUAGE"), "en") == 0
           && g_str_equal (_("Welcome"), "Welcome"),
         "after naming them all the wizard still speaks English (LANGUAGE=%s)",
         g_getenv ("LANGUAGE"));
  /* Made once: the same name, in its own language, whatever the language in use. */
  const char *japanese = bc_language_native_name ("ja");
  check (bc_language_set ("de") && g_str_equal (bc_language_native_name ("de"), "Deutsch")
           && bc_language_native_name ("ja") == japanese && g_str_equal (japanese, "日本語"),
         "a language's name is made once, and stays its own after a switch to another language");
  bc_language_set ("en");

  return 0;
}

/* ---- Welcome's list. ---- */

static GtkDropDown *
language_choice (BcWindow *window)
{
  return GTK_DROP_DOWN (find_widget_of_type (visible_page (window), GTK_TYPE_DROP_DOWN));
}

/* The code of the language the list shows as chosen. */
static const char *
chosen (GtkDropDown *choice)
{
  GObject *item = gtk_drop_down_get_selected_item (choice);
  return GTK_IS_STRING_OBJECT (item) ? gtk_string_object_get_string (GTK_STRING_OBJECT (item))
                                     : NULL;
}

/* The list's popup, open or not. */
static GtkWidget *
popup_list (GtkDropDown *choice)
{
  GtkWidget *popover = find_widget_of_type (GTK_WIDGET (choice), GTK_TYPE_POPOVER);
  return popover ? find_widget_of_type (popover, GTK_TYPE_LIST_VIEW) : NULL;
}

static const char *wanted;

static gboolean
welcome_speaks_wanted (BcWindow *window)
{
  GtkDropDown *choice = language_choice (window);
  return g_strcmp0 (bc_language_get (), wanted) == 0
         && g_strcmp0 (page_id (window), "welcome") == 0 && choice
         && g_strcmp0 (chosen (choice), wanted) == 0;
}

/* The list's search entry, when the list is long enough to have one; else NULL. */
static GtkEditable *
search_entry (GtkDropDown *choice)
{
  GtkWidget *popover = find_widget_of_type (GTK_WIDGET (choice), GTK_TYPE_POPOVER);
  GtkWidget *entry = popover ? find_widget_of_type (popover, GTK_TYPE_SEARCH_ENTRY) : NULL;

  return entry && gtk_drop_down_get_enable_search (choice) ? GTK_EDITABLE (entry) : NULL;
}

static gboolean
list_open (BcWindow *window)
{
  GtkDropDown *choice = language_choice (window);
  GtkWidget *list = choice ? popup_list (choice) : NULL;
  return list && gtk_widget_get_mapped (list);
}

/* Opens Welcome's list as a click or Enter on it does (GtkDropDown's activate); TRUE once it is
 * on screen. */
static gboolean
open_list (BcWindow *window)
{
  GtkDropDown *choice = language_choice (window);

  if (!choice)
    return FALSE;
  if (!list_open (window))
    gtk_widget_activate (GTK_WIDGET (choice));
  return pump_until (list_open, window, 3000);
}

/* Opens the list as a click or Enter on it does, and picks CODE's row as a click or Enter on
 * the row does. FALSE when the list or the row is not there. */
static gboolean
choose (BcWindow *window, const char *code)
{
  GtkDropDown *choice = language_choice (window);
  GListModel *model = choice ? gtk_drop_down_get_model (choice) : NULL;
  GtkWidget *list;

  if (!model)
    return FALSE;
  if (!open_list (window))
    return FALSE;
  list = popup_list (choice);
  /* In a long list, the person types their language's name first: the rows left are searched. */
  if (search_entry (choice))
    {
      gtk_editable_set_text (search_entry (choice), bc_language_native_name (code));
      pump (400);
    }
  model = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)));
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (GtkStringObject) item = g_list_model_get_item (model, i);
      if (g_str_equal (gtk_string_object_get_string (item), code))
        {
          /* The pointer over a row (or the arrow keys) selects it; the click (Enter) takes it. */
          gtk_selection_model_select_item (GTK_SELECTION_MODEL (model), i, TRUE);
          g_signal_emit_by_name (list, "activate", i);
          return TRUE;
        }
    }
  return FALSE;
}

static void
check_welcome (BcWindow *window)
{
  GtkDropDown *choice = language_choice (window);
  GListModel *model = choice ? gtk_drop_down_get_model (choice) : NULL;
  const char *const *langs = bc_language_list ();
  guint n = g_strv_length ((char **) langs);
  GtkWidget *list;
  g_autoptr (GString) names = g_string_new (NULL);
  graphene_rect_t bounds;

  if (!ok (model != NULL, "Welcome has a list of languages"))
    return;
  ok (g_list_model_get_n_items (model) == n, "it offers every language (%u of %u)",
      g_list_model_get_n_items (model), n);
  ok (g_strcmp0 (chosen (choice), "en") == 0, "English, the language in use, is the one chosen");

  /* Reached with the keyboard, and whole on an 800×600 screen. */
  gtk_widget_grab_focus (GTK_WIDGET (window));
  ok (gtk_widget_child_focus (GTK_WIDGET (choice), GTK_DIR_TAB_FORWARD),
      "the list takes the keyboard focus");
  ok (gtk_widget_compute_bounds (GTK_WIDGET (choice), GTK_WIDGET (window), &bounds)
        && bounds.origin.x >= 0 && bounds.origin.y >= 0
        && bounds.origin.x + bounds.size.width <= gtk_widget_get_width (GTK_WIDGET (window))
        && bounds.origin.y + bounds.size.height <= gtk_widget_get_height (GTK_WIDGET (window)),
      "the list is on screen in an %dx%d window", gtk_widget_get_width (GTK_WIDGET (window)),
      gtk_widget_get_height (GTK_WIDGET (window)));

  /* Opened, it shows every language by its own name: all at once, or, in a list long enough
   * to search, each one found by typing its name. */
  if (ok (open_list (window), "a click opens the list"))
    {
      list = popup_list (choice);
      note ("%u languages: %s", n, search_entry (choice) ? "searched" : "all shown at once");
      if (!search_entry (choice))
        collect_text (list, names);
      for (const char *const *l = langs; *l; l++)
        {
          if (search_entry (choice))
            {
              g_string_truncate (names, 0);
              /* A search entry waits 150 ms after the last key before it searches. */
              gtk_editable_set_text (search_entry (choice), bc_language_native_name (*l));
              pump (400);
              collect_text (list, names);
            }
          ok (strstr (names->str, bc_language_native_name (*l)) != NULL,
              "the list shows \"%s\"", bc_language_native_name (*l));
        }
      if (search_entry (choice))
        gtk_editable_set_text (search_entry (choice), "");
      gtk_popover_popdown (GTK_POPOVER (gtk_widget_get_ancestor (list, GTK_TYPE_POPOVER)));
      pump (100);
    }

  /* Each language chosen in turn, then English again: the page speaks each one's catalogue. */
  for (guint k = 1; k <= n; k++)
    {
      const char *code = langs[k % n];
      const char *msgid = "Does this PC have the Blaster worm?";
      g_autofree char *text = NULL;

      wanted = code;
      ok (choose (window, code), "%s: chosen in the list", code);
      ok (pump_until (welcome_speaks_wanted, window, 3000),
          "%s: the wizard switches to it, Welcome shown again with it chosen", code);
      ok (g_strcmp0 (bc_language_get (), code) == 0, "%s: the wizard speaks it", code);
      text = page_text (window);
      /* The catalogue's words for the title, gettext reading it as the wizard now does. */
      ok ((g_str_equal (code, "en") || !g_str_equal (_(msgid), msgid)) && strstr (text, _(msgid)),
          "%s: the page says \"%s\"", code, _(msgid));
      choice = language_choice (window);
      g_autoptr (GString) shown = g_string_new (NULL);
      collect_text (GTK_WIDGET (choice), shown);
      ok (strstr (shown->str, bc_language_native_name (code)) != NULL,
          "%s: the list shows \"%s\" as chosen", code, bc_language_native_name (code));
    }
}

/* The menu button below ROOT whose menu switches the language, or NULL. */
static GtkWidget *
find_action_menu (GtkWidget *root)
{
  if (GTK_IS_MENU_BUTTON (root))
    {
      GMenuModel *menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (root));
      g_autofree char *action = NULL;
      if (menu && g_menu_model_get_n_items (menu) > 0
          && g_menu_model_get_item_attribute (menu, 0, "action", "s", &action)
          && g_str_equal (action, "app.language"))
        return root;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_action_menu (c);
      if (found)
        return found;
    }
  return NULL;
}

/* The header's language menu: every language by its own name, each switching to it. */
static void
check_menu (BcWindow *window)
{
  GtkMenuButton *button = NULL;
  GMenuModel *menu = NULL;
  g_autoptr (GString) labels = g_string_new (NULL);

  button = GTK_MENU_BUTTON (find_action_menu (GTK_WIDGET (window)));
  menu = button ? gtk_menu_button_get_menu_model (button) : NULL;
  if (!ok (menu != NULL, "the header has the language menu"))
    return;
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *label = NULL;
      g_autofree char *action = NULL;
      if (g_menu_model_get_item_attribute (menu, i, "label", "s", &label)
          && g_menu_model_get_item_attribute (menu, i, "action", "s", &action)
          && g_str_equal (action, "app.language"))
        g_string_append_printf (labels, "%s\n", label);
    }
  for (const char *const *l = bc_language_list (); *l; l++)
    {
      g_autofree char *line = g_strdup_printf ("%s\n", bc_language_native_name (*l));
      ok (strstr (labels->str, line) != NULL, "the menu lists \"%s\"",
          bc_language_native_name (*l));
    }
}

static void
test_welcome (BcWindow *window)
{
  check_menu (window);
  check_welcome (window);
}

/* ---- The desktop's language. ---- */

static gboolean
desktop_checked (gpointer data)
{
  GtkApplication *app = data;
  BcWindow *window = BC_WINDOW (gtk_application_get_active_window (app));
  GtkDropDown *choice;
  g_autofree char *text = NULL;

  pump (300);
  text = page_text (window);
  choice = language_choice (window);
  check (g_strcmp0 (bc_language_get (), wanted) == 0, "LANG=%s: the wizard starts in %s",
         g_getenv ("LANG"), wanted);
  check (strstr (text, _("Does this PC have the Blaster worm?")) != NULL
           && !strstr (text, "Does this PC have the Blaster worm?"),
         "its first page speaks %s: \"%s\"", wanted, _("Does this PC have the Blaster worm?"));
  check (choice && g_strcmp0 (chosen (choice), wanted) == 0,
         "Welcome's list has %s (%s) chosen", bc_language_native_name (wanted), wanted);
  gtk_window_destroy (GTK_WINDOW (window));
  g_application_quit (G_APPLICATION (app));
  return G_SOURCE_REMOVE;
}

static void
desktop_window_added (GtkApplication *app, GtkWindow *window)
{
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  if (BC_IS_WINDOW (window))
    g_idle_add (desktop_checked, app);
}

/* The wizard as main () starts it, in a desktop session of LANG=LOCALE with nothing else set. */
static int
test_desktop (const char *argv0, const char *locale, const char *code)
{
  const char *localedir = g_getenv ("BLASTER_CHECK_LOCALEDIR");
  g_autoptr (BcApplication) app = NULL;
  char *argv[] = { (char *) argv0, NULL };

  g_unsetenv ("LANGUAGE");
  g_unsetenv ("LC_ALL");
  g_unsetenv ("LC_MESSAGES");
  g_setenv ("LANG", locale, TRUE);
  wanted = code;
  bc_language_init (localedir && *localedir ? localedir : LOCALEDIR);
  app = bc_application_new ();
  g_signal_connect (app, "window-added", G_CALLBACK (desktop_window_added), NULL);
  g_application_run (G_APPLICATION (app), 1, argv);
  return 0;
}

int
main (int argc, char **argv)
{
  const char *scenario = argc > 1 ? argv[1] : "";
  int status;

  if (g_str_equal (scenario, "names"))
    status = test_names ();
  else if (g_str_equal (scenario, "welcome"))
    return run_app (argv[0], NULL, test_welcome, 800, 600);
  else if (g_str_equal (scenario, "desktop-de"))
    status = test_desktop (argv[0], "de_DE.UTF-8", "de");
  else if (g_str_equal (scenario, "desktop-zh_TW"))
    status = test_desktop (argv[0], "zh_TW.UTF-8", "zh_TW");
  else
    {
      g_printerr ("usage: %s names|welcome|desktop-de|desktop-zh_TW\n", argv[0]);
      return 2;
    }
  printf ("1..%d\n", checks);
  return status || test_failures () ? 1 : 0;
}
