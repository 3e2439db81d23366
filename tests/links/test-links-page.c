/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The link doctor on the Help and links page (issue #7): the real application under Xvfb, started
 * with `--links FILE` whose addresses are served by a real HTTP server on 127.0.0.1
 * (tests/links/server.py, started here), its "Check the links" button activated as a user
 * activates it, and what the page then shows: the check's line, each link's state line, the
 * address each link opens (its label, its button's target and tooltip), the QR code window.
 * TAP output.
 *
 *   test-links-page check [OUTDIR]    before: "Not checked yet", no state lines; after pressing
 *                                     the button: live, moved (opens the new address), gone with
 *                                     HTTP 404 (opens the Wayback stand-in's copy), gone with a
 *                                     working current address, gone without any copy found
 *   test-links-page kept              a check in one start of the app (a child process), then a
 *                                     new start: the same states and time, without pressing
 *                                     anything, and no connection to the links' server
 *   test-links-page offline [OUTDIR]  every address on a closed port: the page says offline, and
 *                                     every link offers its archived copy as a QR code
 *   test-links-page offline-kept OUTDIR BLASTER-CHECK
 *                                     an offline check kept from before (the app's own
 *                                     `--check-links`, every address on a closed port): the line
 *                                     says so, but no offline warning and Open buttons (this
 *                                     computer may be online now); Check the links, still
 *                                     offline: then the warning and Show QR code
 *   test-links-page ja [OUTDIR]       in Japanese: the words are po/ja.po's msgstr
 *   test-links-page deep-kept         a kept link-check.json nested 80,000 deep (it crashed
 *                                     json-glib's parser): the pages that load the links show,
 *                                     the links say nothing yet, a check works and replaces it
 *   test-links-page languages [OUTDIR]
 *                                     the built-in links (data/links/links.ini) in German, then
 *                                     every other language of po/LINGUAS: each row has the
 *                                     language's title, description, note and catalog note, no
 *                                     English title; in Traditional Chinese the MS04-012
 *                                     bulletin opens its zh-tw page, in German its en-us page
 *   test-links-page stop              links that take 3 s: the window keeps running, the line
 *                                     shows the progress and Stop, Stop ends it within a second
 *                                     and those links say Not checked; a whole check after it;
 *                                     then Stop at once leaves the whole check's results
 *
 * OUTDIR: pictures of the page after the check (the window, and the whole page unscrolled).
 * A fake web browser (this process's own XDG folders and BROWSER) writes down any address it is
 * asked to open: offline, none may be.
 *
 * Two servers run: one for the links, one for the Wayback Machine's availability API (the
 * stand-in answers a capture only for addresses named on its command line, and the links'
 * addresses hold the first server's port).
 */
#include "config.h"

#include <adwaita.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <sys/wait.h>
#include <stdio.h>
#include <string.h>

#include "bc-links.h"
#include "bc-qr-dialog.h"
#include "gui-test.h"

#define WIDTH 1024
#define HEIGHT 768
/* The Wayback stand-in's capture time (tests/links/server.py CAPTURE_TIMESTAMP). */
#define CAPTURE_TIMESTAMP "20030815034523"
/* Everything is on 127.0.0.1: a check of a few addresses must not take longer than this. */
#define CHECK_BOUND_MS 10000

static const char *mode;
static const char *render_dir;
static char *home;     /* temporary: the links files, XDG_CACHE_HOME, the servers' logs */
static int web_port;   /* the links' server */
static int wayback_port;
static gboolean child; /* the first start of "kept", run by the parent */
static const char *program; /* "offline-kept": the application's own binary, blaster-check */

/* ---- Servers ------------------------------------------------------------------------------- */

typedef struct
{
  GSubprocess *process;
  int port;
} Server;

static Server web, wayback;

/* tests/links/server.py with EXTRA arguments, until stop_server (); FALSE when it did not start. */
static gboolean
start_server (Server *server, const char *name, const char *const *extra)
{
  const char *source = g_getenv ("BLASTER_CHECK_SOURCE_ROOT");
  g_autofree char *script = g_build_filename (source ? source : ".", "tests/links/server.py",
                                              NULL);
  g_autofree char *log_name = g_strdup_printf ("%s.log", name);
  g_autofree char *log = g_build_filename (home, log_name, NULL);
  g_autoptr (GSubprocessLauncher) launcher
    = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GDataInputStream) out = NULL;
  g_autofree char *line = NULL;

  g_ptr_array_add (argv, (char *) "python3");
  g_ptr_array_add (argv, script);
  g_ptr_array_add (argv, (char *) "--stdin");
  for (const char *const *a = extra; a && *a; a++)
    g_ptr_array_add (argv, (char *) *a);
  g_ptr_array_add (argv, NULL);
  g_subprocess_launcher_set_stderr_file_path (launcher, log);
  server->process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata,
                                                  &error);
  if (!server->process)
    {
      note ("%s: %s", script, error->message);
      return FALSE;
    }
  /* Its first line: "http PORT". */
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  if (!line || sscanf (line, "http %d", &server->port) != 1 || server->port <= 0)
    {
      note ("%s did not say its port (%s); see %s", script, line ? line : "nothing", log);
      return FALSE;
    }
  return TRUE;
}

static void
stop_server (Server *server)
{
  if (!server->process)
    return;
  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait (server->process, NULL, NULL);
  g_clear_object (&server->process);
}

/* A port on 127.0.0.1 where nothing listens (the system's pick, closed again). */
static int
closed_port (void)
{
  g_autoptr (GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                             G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) bound = NULL;

  if (!socket || !g_socket_bind (socket, any, FALSE, NULL)
      || !(bound = g_socket_get_local_address (socket, NULL)))
    return 9; /* discard: nothing listens there on a test machine */
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* Connections to a port taken over after its server stopped ("kept": none may come). */
static guint connections;

static void
accepted (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GSocketConnection) connection
    = g_socket_listener_accept_finish (G_SOCKET_LISTENER (source), result, NULL, NULL);

  if (!connection)
    return;
  connections++;
  g_socket_listener_accept_async (G_SOCKET_LISTENER (source), NULL, accepted, NULL);
}

static GSocketListener *
listen_on (int port)
{
  GSocketListener *listener = g_socket_listener_new ();
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, port);
  g_autoptr (GError) error = NULL;

  if (!g_socket_listener_add_address (listener, address, G_SOCKET_TYPE_STREAM,
                                      G_SOCKET_PROTOCOL_TCP, NULL, NULL, &error))
    {
      note ("cannot listen on port %d: %s", port, error->message);
      g_object_unref (listener);
      return NULL;
    }
  g_socket_listener_accept_async (listener, NULL, accepted, NULL);
  return listener;
}

/* ---- A web browser that only writes down what it was asked to open ------------------------ */

static char *browser_marker; /* what fake_browser_install () writes to */

/* What the fake browser was asked to open (NULL: it never ran). */
static char *
browser_ran (void)
{
  return fake_browser_opened (browser_marker);
}

/* ---- The links files ----------------------------------------------------------------------- */

static char *
url (int port, const char *path)
{
  return g_strdup_printf ("http://127.0.0.1:%d%s", port, path);
}

/* The Wayback stand-in's copy of ORIGINAL (when asked to answer "capture"), as a link opens it:
 * the API names http://web.archive.org/…, and the same copy is opened over https. */
static char *
capture_for (const char *original)
{
  return g_strdup_printf ("https://web.archive.org/web/%s/%s", CAPTURE_TIMESTAMP, original);
}

/* The links file's own archived copy of ORIGINAL (as data/links/links.ini writes them). */
static char *
file_archive (const char *original)
{
  return g_strdup_printf ("https://web.archive.org/web/2003/%s", original);
}

/* One link of a test's links file. */
typedef struct
{
  const char *id;
  const char *section;
  const char *title;
  const char *title_ja;
  const char *path;         /* its 2003 address on the server */
  const char *current_path; /* NULL: none */
} Spec;

/* The "check", "kept" and "ja" links: one of each thing a check finds. */
static const Spec check_links[] = {
  { "live", "recovery", "A page that is still there", "今もあるページ", "/ok", NULL },
  { "moved", "prevention", "A page that moved", "移転したページ", "/chain/1", NULL },
  { "gone", "other", "A page that is gone", "消えたページ", "/404/gone", NULL },
  { "gone-current", "prevention", "A gone page with a new address", "新しいアドレスのあるページ",
    "/500/gone", "/ok?page=current" },
  { "gone-no-copy", "removal", "A gone page nobody archived", "誰も保存しなかったページ",
    "/404/no-copy", NULL },
};
#define LIVE (&check_links[0])
#define MOVED (&check_links[1])
#define GONE (&check_links[2])
#define GONE_CURRENT (&check_links[3])
#define GONE_NO_COPY (&check_links[4])

/* "stop": two slow pages and a quick one. */
static const Spec stop_links[] = {
  { "slow-1", "recovery", "A slow page", "遅いページ", "/slow/3000", NULL },
  { "quick", "prevention", "A quick page", "速いページ", "/ok", NULL },
  { "slow-2", "other", "Another slow page", "もう一つの遅いページ", "/slow/3000?n=2", NULL },
};

/* "offline": every address on a port where nothing listens. */
static const Spec offline_links[] = {
  { "first", "recovery", "The first page", "最初のページ", "/first", NULL },
  { "second", "prevention", "The second page", "二番目のページ", "/second", "/second-now" },
  { "third", "removal", "The third page", "三番目のページ", "/third", NULL },
};

static const Spec *
specs_for (const char *which, guint *n)
{
  if (g_str_equal (which, "stop"))
    {
      *n = G_N_ELEMENTS (stop_links);
      return stop_links;
    }
  if (g_str_equal (which, "offline") || g_str_equal (which, "offline-kept"))
    {
      *n = G_N_ELEMENTS (offline_links);
      return offline_links;
    }
  *n = G_N_ELEMENTS (check_links);
  return check_links;
}

/* Writes the links file for SPECS on PORT; returns its path. */
static char *
write_links (const Spec *specs, guint n, int port)
{
  g_autoptr (GString) ini = g_string_new ("# test-links-page: addresses on 127.0.0.1\n");
  char *path = g_build_filename (home, "links.ini", NULL);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *original = url (port, specs[i].path);
      g_autofree char *archive = file_archive (original);

      g_string_append_printf (ini, "\n[%s]\nsection=%s\ntitle=%s\ntitle[ja]=%s\n"
                              "original=%s\narchive=%s\nsource=test\n",
                              specs[i].id, specs[i].section, specs[i].title, specs[i].title_ja,
                              original, archive);
      if (specs[i].current_path)
        {
          g_autofree char *current = url (port, specs[i].current_path);
          g_string_append_printf (ini, "current=%s\n", current);
        }
    }
  if (!g_file_set_contents (path, ini->str, -1, NULL))
    note ("could not write %s", path);
  return path;
}

/* ---- What the page shows ------------------------------------------------------------------- */

static char *
widget_text (GtkWidget *widget)
{
  GString *out = g_string_new (NULL);
  collect_text (widget, out);
  return g_string_free (out, FALSE);
}

static void
go (BcWindow *window, const char *page)
{
  gtk_widget_activate_action (GTK_WIDGET (window), "win.go", "s", page);
  pump (300);
}

/* The check's button: "Check the links", "Stop" or "Check again". */
static GtkWidget *
check_button (BcWindow *window)
{
  return find_action_button (visible_page (window), "links.check", NULL);
}

/* Its words as a user reads them (no mnemonic underscore), or "". */
static char *
check_button_words (BcWindow *window)
{
  GtkWidget *button = check_button (window);
  const char *label = button ? gtk_button_get_label (GTK_BUTTON (button)) : NULL;
  g_auto (GStrv) parts = g_strsplit (label ? label : "", "_", -1);
  return g_strjoinv ("", parts);
}

/* The row of the link titled TITLE on the page on screen, or NULL. */
static GtkWidget *
find_row (GtkWidget *root, const char *title)
{
  if (ADW_IS_PREFERENCES_ROW (root) && !ADW_IS_ACTION_ROW (root)
      && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_row (c, title);
      if (found)
        return found;
    }
  return NULL;
}

static const char *
spec_title (const Spec *spec, gboolean ja)
{
  return ja ? spec->title_ja : spec->title;
}

/* The text of the link's row, one line per label; "" when the page has no such row. */
static char *
row_text (BcWindow *window, const Spec *spec, gboolean ja)
{
  GtkWidget *row = find_row (visible_page (window), spec_title (spec, ja));
  return row ? widget_text (row) : g_strdup ("");
}

/* Whether TEXT has a line that is LINE exactly. */
static gboolean
has_line (const char *text, const char *line)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  return g_strv_contains ((const char *const *) lines, line);
}

/* The first line of TEXT that starts with PREFIX (a copy), or NULL. */
static char *
line_starting (const char *text, const char *prefix)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  for (char **l = lines; *l; l++)
    if (g_str_has_prefix (*l, prefix))
      return g_strdup (*l);
  return NULL;
}

/* The English state words a row may show, alone or before ": why". */
static const char *const state_words[] = { "Live", "Moved", "Gone", "Offline", "Not checked",
                                           NULL };

/* The row's state line ("Live", "Gone: …"), or NULL when it has none. */
static char *
state_line (const char *text, const char *const *words)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  for (char **l = lines; *l; l++)
    for (const char *const *w = words; *w; w++)
      if (g_str_equal (*l, *w)
          || (g_str_has_prefix (*l, *w) && g_str_has_prefix (*l + strlen (*w), ":")))
        return g_strdup (*l);
  return NULL;
}

/* The row's button that opens its page ("Open" or "Show QR code"), or NULL. */
static GtkWidget *
open_button (BcWindow *window, const Spec *spec, gboolean ja)
{
  GtkWidget *row = find_row (visible_page (window), spec_title (spec, ja));
  return row ? find_action_button (row, "links.open", NULL) : NULL;
}

static const char *
button_target (GtkWidget *button)
{
  GVariant *target = button ? gtk_actionable_get_action_target_value (GTK_ACTIONABLE (button))
                            : NULL;
  return target && g_variant_is_of_type (target, G_VARIANT_TYPE_STRING)
           ? g_variant_get_string (target, NULL)
           : "";
}

static char *
button_words (GtkWidget *button)
{
  g_autofree char *text = button ? widget_text (button) : g_strdup ("");
  g_auto (GStrv) parts = g_strsplit (g_strstrip (text), "_", -1);
  return g_strjoinv ("", parts);
}

/* The check's line under "Are these pages still there?" (its row's subtitle), or "". */
static char *
check_line (BcWindow *window)
{
  GtkWidget *button = check_button (window);
  GtkWidget *row = button ? gtk_widget_get_ancestor (button, ADW_TYPE_ACTION_ROW) : NULL;
  const char *subtitle = row ? adw_action_row_get_subtitle (ADW_ACTION_ROW (row)) : NULL;
  return g_strdup (subtitle ? subtitle : "");
}

/* Checks that the row of SPEC opens ADDRESS: its address label, its button's target, its
 * tooltip, and that the button says BUTTON ("Open", "Show QR code"). */
static void
check_opens (BcWindow *window, const Spec *spec, gboolean ja, const char *address,
             const char *button, const char *what)
{
  g_autofree char *text = row_text (window, spec, ja);
  GtkWidget *open = open_button (window, spec, ja);
  g_autofree char *words = button_words (open);
  const char *tooltip = open ? gtk_widget_get_tooltip_text (open) : NULL;

  if (!ok (has_line (text, address) && g_str_equal (button_target (open), address)
             && g_strcmp0 (tooltip, address) == 0,
           "%s: its address and its %s button are %s", what, button ? button : "open", address))
    note ("button target %s, tooltip %s; the row:\n%s", button_target (open),
          tooltip ? tooltip : "(none)", text);
  if (button && !ok (open && strstr (words, button) != NULL, "%s: the button says %s", what,
                     button))
    note ("it says: %s", words);
}

/* ---- Waiting ------------------------------------------------------------------------------- */

/* A check runs: the check's row shows its turning spinner. */
static gboolean
check_running (BcWindow *window)
{
  GtkWidget *button = check_button (window);
  GtkWidget *row = button ? gtk_widget_get_ancestor (button, ADW_TYPE_ACTION_ROW) : NULL;
  GtkWidget *spinner = row ? find_widget_of_type (row, GTK_TYPE_SPINNER) : NULL;
  gboolean spinning = FALSE;

  if (spinner)
    g_object_get (spinner, "spinning", &spinning, NULL);
  return spinner && gtk_widget_get_visible (spinner) && spinning;
}

/* Presses the check's button as a user does; FALSE when there is none. (A button's activate
 * shows it pressed for a moment and clicks after: pump.) */
static gboolean
press_check (BcWindow *window)
{
  GtkWidget *button = check_button (window);
  if (!button)
    return FALSE;
  gtk_widget_activate (button);
  return TRUE;
}

/* Presses the button, waits for the check to start and end; the time it took in ms, or -1
 * (with a note). The check is over when its spinner has turned and stopped, or has stopped and
 * the line has changed (a check that ends in the minute of the last one may leave the same
 * line: "Checked 2026-11-26 16:40: this computer was offline."). */
static gint64
run_check (BcWindow *window)
{
  gint64 start = g_get_monotonic_time ();
  gint64 end = start + (gint64) CHECK_BOUND_MS * 1000;
  g_autofree char *before = check_line (window);
  gboolean seen_running = FALSE, over = FALSE;

  if (!ok (press_check (window), "the page has a button for the links.check action"))
    return -1;
  while (!over && g_get_monotonic_time () < end)
    {
      g_autofree char *line = NULL;

      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (2000);
      seen_running |= check_running (window);
      line = check_line (window);
      over = !check_running (window) && (seen_running || !g_str_equal (line, before));
    }
  ok (seen_running, "pressing it starts the check (the spinner turns)");
  if (!over)
    {
      g_autofree char *line = check_line (window);
      note ("after %d ms the line still says: %s", CHECK_BOUND_MS, line);
      return -1;
    }
  pump (200); /* the rows are rebuilt */
  return (g_get_monotonic_time () - start) / 1000;
}

/* ---- Pictures ------------------------------------------------------------------------------ */

/* Draws WIDGET, all of it even where scrolled out of sight, into a PNG file at PATH. (save_png ()
 * wants a window.) */
static gboolean
save_widget_png (GtkWidget *widget, const char *path)
{
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;

  /* The page's own background: the widget alone is drawn on nothing. */
  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0.98, 0.98, 0.98, 1 },
                             &GRAPHENE_RECT_INIT (0, 0, width, height));
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  if (!node || width <= 0 || height <= 0)
    return FALSE;
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  return gdk_texture_save_to_png (texture, path);
}

/* The window as it is, and the whole page as if nothing were scrolled away: NAME.png and
 * NAME-full.png in OUTDIR. */
static void
pictures (BcWindow *window, const char *name)
{
  GtkWidget *clamp = find_widget_of_type (visible_page (window), ADW_TYPE_CLAMP);
  g_autofree char *window_name = g_strdup_printf ("%s.png", name);
  g_autofree char *full_name = g_strdup_printf ("%s-full.png", name);
  g_autofree char *window_path = NULL, *full_path = NULL;

  if (!render_dir)
    return;
  g_mkdir_with_parents (render_dir, 0755);
  window_path = g_build_filename (render_dir, window_name, NULL);
  full_path = g_build_filename (render_dir, full_name, NULL);
  pump (200);
  ok (save_png (GTK_WIDGET (window), window_path), "picture: %s", window_path);
  ok (clamp && save_widget_png (clamp, full_path), "picture of the whole page: %s", full_path);
}

/* ---- po/ja.po ------------------------------------------------------------------------------ */

/* The msgstr of CONTEXT (NULL: none) and MSGID in po/ja.po, as the catalogue has it: NULL when
 * the entry is missing, untranslated or fuzzy (msgfmt leaves fuzzy ones out). */
static char *
ja_msgstr (const char *context, const char *msgid)
{
  const char *source = g_getenv ("BLASTER_CHECK_SOURCE_ROOT");
  g_autofree char *path = g_build_filename (source ? source : ".", "po/ja.po", NULL);
  g_autofree char *po = NULL;

  if (!g_file_get_contents (path, &po, NULL, NULL))
    return NULL;
  g_auto (GStrv) entries = g_regex_split_simple ("\\n\\s*\\n", po, 0, 0);
  for (char **e = entries; *e; e++)
    {
      g_auto (GStrv) lines = g_strsplit (*e, "\n", -1);
      g_autoptr (GString) ctx = NULL, id = NULL, str = NULL;
      GString *field = NULL;
      gboolean fuzzy = FALSE;

      for (char **l = lines; *l; l++)
        {
          const char *line = *l;
          const char *quote = strchr (line, '"');
          if (g_str_has_prefix (line, "#,"))
            fuzzy |= strstr (line, "fuzzy") != NULL;
          if (line[0] == '#' || !quote)
            continue;
          if (g_str_has_prefix (line, "msgctxt "))
            field = ctx = g_string_new (NULL);
          else if (g_str_has_prefix (line, "msgid "))
            field = id = g_string_new (NULL);
          else if (g_str_has_prefix (line, "msgstr"))
            field = str = str ? str : g_string_new (NULL);
          else if (line[0] != '"' || !field)
            continue;
          const char *end = strrchr (line, '"');
          if (end > quote)
            {
              g_autofree char *raw = g_strndup (quote + 1, end - quote - 1);
              g_autofree char *text = g_strcompress (raw);
              g_string_append (field, text);
            }
        }
      if (!id || !str || g_strcmp0 (id->str, msgid) != 0)
        continue;
      if ((context == NULL) != (ctx == NULL) || (context && !g_str_equal (ctx->str, context)))
        continue;
      return !fuzzy && str->len ? g_strdup (str->str) : NULL;
    }
  return NULL;
}

/* FORMAT with its one %d or %s replaced by VALUE (a msgstr is data: never a printf format). */
static char *
fill_in (const char *format, const char *value)
{
  g_autoptr (GString) out = g_string_new (format);
  const char *at = strstr (format, "%d") ? strstr (format, "%d") : strstr (format, "%s");
  if (at)
    g_string_replace (out, at[1] == 'd' ? "%d" : "%s", value, 1);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ---- The cases ----------------------------------------------------------------------------- */

/* Today's date as the line writes it ("%Y-%m-%d"). */
static char *
today (void)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  return g_date_time_format (now, "%Y-%m-%d");
}

/* (1) Before any check: nothing said about any link, the line says so. */
static void
check_before (BcWindow *window, const Spec *specs, guint n)
{
  g_autofree char *line = check_line (window);
  g_autofree char *words = check_button_words (window);
  gboolean none = TRUE;

  ok (g_str_has_prefix (line, "Not checked yet"), "before a check the line says: Not checked yet");
  if (!ok (g_str_equal (words, "Check the links"), "…and the button says Check the links"))
    note ("it says: %s", words);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = row_text (window, &specs[i], FALSE);
      g_autofree char *state = state_line (text, state_words);
      if (!*text)
        {
          note ("no row for %s", specs[i].title);
          none = FALSE;
        }
      else if (state)
        {
          note ("%s says: %s", specs[i].title, state);
          none = FALSE;
        }
    }
  ok (none, "before a check, none of the %u links has a state line", n);
  /* Before the check a link opens what the links file says: its archived copy here. */
  g_autofree char *original = url (web_port, specs[0].path);
  g_autofree char *archive = file_archive (original);
  check_opens (window, &specs[0], FALSE, archive, "Open", "before a check, the first link");
}

/* (2) and (3): what the rows say after the check of check_links (English). */
static void
check_rows (BcWindow *window, const char *when)
{
  g_autofree char *line = check_line (window);
  g_autofree char *date = today ();
  g_autofree char *expected_line = g_strdup_printf (": 1 live, 1 moved, 3 gone.");
  g_autofree char *words = check_button_words (window);

  if (!ok (g_str_has_prefix (line, "Checked ") && g_str_has_suffix (line, expected_line)
             && strstr (line, date) != NULL,
           "%s: the line says Checked %s …: 1 live, 1 moved, 3 gone.", when, date))
    note ("it says: %s", line);
  if (!ok (g_str_equal (words, "Check again"), "%s: the button says Check again", when))
    note ("it says: %s", words);
  g_autofree char *page = page_text (window);
  ok (strstr (page, "This computer is offline") == NULL, "%s: no word of being offline", when);

  /* Live: the 2003 address itself. */
  {
    g_autofree char *text = row_text (window, LIVE, FALSE);
    g_autofree char *state = state_line (text, state_words);
    g_autofree char *original = url (web_port, LIVE->path);
    if (!ok (g_strcmp0 (state, "Live") == 0, "%s: the live link's row says Live", when))
      note ("its state line: %s", state ? state : "(none)");
    check_opens (window, LIVE, FALSE, original, "Open", "the live link");
  }
  /* Moved: where the chain of redirects ends. */
  {
    g_autofree char *text = row_text (window, MOVED, FALSE);
    g_autofree char *state = state_line (text, state_words);
    g_autofree char *original = url (web_port, MOVED->path);
    g_autofree char *moved = url (web_port, "/ok-moved");
    g_autofree char *expected = g_strdup_printf ("Moved: It now leads to %s.", moved);
    if (!ok (g_strcmp0 (state, expected) == 0, "%s: the moved link's row says %s", when,
             expected))
      note ("its state line: %s", state ? state : "(none)");
    check_opens (window, MOVED, FALSE, moved, "Open", "the moved link (the NEW address)");
    ok (!has_line (text, original), "%s: the moved link no longer shows its 2003 address", when);
  }
  /* Gone, 404: the Wayback stand-in's copy, and its date. */
  {
    g_autofree char *text = row_text (window, GONE, FALSE);
    g_autofree char *state = state_line (text, state_words);
    g_autofree char *original = url (web_port, GONE->path);
    g_autofree char *capture = capture_for (original);
    g_autofree char *date_line = line_starting (text, "The Internet Archive’s copy is from ");
    if (!ok (g_strcmp0 (state, "Gone: The server has no such page (HTTP 404).") == 0,
             "%s: the dead link's row says Gone: The server has no such page (HTTP 404).", when))
      note ("its state line: %s", state ? state : "(none)");
    check_opens (window, GONE, FALSE, capture, "Open", "the dead link (the Wayback copy)");
    /* 15 August 2003, however the locale writes it. */
    if (!ok (date_line && strstr (date_line, "15") && strstr (date_line, "03"),
             "%s: the dead link's row says the Internet Archive's copy is from 2003-08-15", when))
      note ("the row:\n%s", text);
    else
      note ("it says: %s", date_line);
  }
  /* Gone, 500, with a current address that works: the current address. */
  {
    g_autofree char *text = row_text (window, GONE_CURRENT, FALSE);
    g_autofree char *state = state_line (text, state_words);
    g_autofree char *current = url (web_port, GONE_CURRENT->current_path);
    if (!ok (g_strcmp0 (state, "Gone: The server reported an error (HTTP 500); it may be "
                               "temporary.") == 0,
             "%s: the link whose server fails says Gone: … (HTTP 500) …", when))
      note ("its state line: %s", state ? state : "(none)");
    check_opens (window, GONE_CURRENT, FALSE, current, "Open",
                 "the dead link with a current address (the current one)");
    ok (has_line (text, "The 2003 page is gone; this opens its current address."),
        "%s: …and says that it opens the current address", when);
  }
  /* Gone, no copy found: the links file's archive address, and no date. */
  {
    g_autofree char *text = row_text (window, GONE_NO_COPY, FALSE);
    g_autofree char *state = state_line (text, state_words);
    g_autofree char *original = url (web_port, GONE_NO_COPY->path);
    g_autofree char *archive = file_archive (original);
    g_autofree char *date_line = line_starting (text, "The Internet Archive’s copy is from ");
    if (!ok (g_strcmp0 (state, "Gone: The server has no such page (HTTP 404).") == 0,
             "%s: the dead link without a copy says Gone: … (HTTP 404).", when))
      note ("its state line: %s", state ? state : "(none)");
    check_opens (window, GONE_NO_COPY, FALSE, archive, "Open",
                 "the dead link the Wayback Machine has no copy of (the file's archive)");
    if (!ok (date_line == NULL, "%s: …and names no capture date", when))
      note ("it says: %s", date_line);
  }
}

static void
walk_check (BcWindow *window)
{
  go (window, "links");
  ok (g_str_equal (page_id (window), "links"), "on the Help and links page (got %s)",
      page_id (window));
  check_before (window, check_links, G_N_ELEMENTS (check_links));

  gint64 took = run_check (window);
  if (!ok (took >= 0, "pressing Check the links: the check ends within %d ms", CHECK_BOUND_MS))
    return;
  note ("the check took %" G_GINT64_FORMAT " ms", took);
  check_rows (window, "after the check");
  pictures (window, "en-checked");
}

static void
walk_kept (BcWindow *window)
{
  GSocketListener *listener = listen_on (web_port);

  ok (listener != NULL, "the links' port is taken over, to count connections to it");
  go (window, "links");
  pump (500);
  check_rows (window, "on the next start, nothing pressed");
  pump (2000);
  g_autofree char *line = check_line (window);
  ok (g_str_has_prefix (line, "Checked ") && !check_running (window),
      "on the next start, no check starts by itself (%s)", line);
  ok (connections == 0, "on the next start, nothing connected to the links' server (%u times)",
      connections);

  /* The rest of the wizard (Recovery, Prevention, the report, the receipt) opens the links
   * through bc_links_load (): the kept check's best address, not the links file's. */
  g_autoptr (GPtrArray) links = bc_links_load (NULL);
  const BcLink *moved = links ? bc_links_find (links, MOVED->id) : NULL;
  const BcLink *gone = links ? bc_links_find (links, GONE->id) : NULL;
  g_autofree char *moved_to = url (web_port, "/ok-moved");
  g_autofree char *gone_original = url (web_port, GONE->path);
  g_autofree char *gone_copy = capture_for (gone_original);
  if (!ok (moved && g_strcmp0 (bc_link_best_address (moved), moved_to) == 0,
           "on the next start, the wizard opens the moved link at %s", moved_to))
    note ("it opens %s", moved ? bc_link_best_address (moved) : "(no such link)");
  if (!ok (gone && g_strcmp0 (bc_link_best_address (gone), gone_copy) == 0,
           "…and the gone one at the Wayback Machine's copy %s", gone_copy))
    note ("it opens %s", gone ? bc_link_best_address (gone) : "(no such link)");
  if (listener)
    {
      g_socket_listener_close (listener);
      g_object_unref (listener);
    }
}

/* (4) Offline: every address on a closed port. */
static void
walk_offline (BcWindow *window)
{
  go (window, "links");
  check_before (window, offline_links, G_N_ELEMENTS (offline_links));
  gint64 took = run_check (window);
  if (!ok (took >= 0, "offline: the check ends within %d ms", CHECK_BOUND_MS))
    return;
  note ("the check took %" G_GINT64_FORMAT " ms", took);

  g_autofree char *line = check_line (window);
  g_autofree char *page = page_text (window);
  if (!ok (g_str_has_prefix (line, "Checked ")
             && g_str_has_suffix (line, ": this computer was offline."),
           "offline: the line says Checked …: this computer was offline."))
    note ("it says: %s", line);
  ok (strstr (page, "This computer is offline: the links could not be checked.") != NULL,
      "offline: the page says This computer is offline (a visible label)");
  /* No link of this file is in the "other" section: no heading over nothing. */
  ok (strstr (page, "Other information from Microsoft") == NULL,
      "offline: a section without links has no heading on the page");

  for (guint i = 0; i < G_N_ELEMENTS (offline_links); i++)
    {
      const Spec *spec = &offline_links[i];
      g_autofree char *text = row_text (window, spec, FALSE);
      g_autofree char *state = state_line (text, state_words);
      g_autofree char *original = url (web_port, spec->path);
      g_autofree char *archive = file_archive (original);
      g_autofree char *what = g_strdup_printf ("offline, “%s”", spec->title);
      GtkWidget *row = find_row (visible_page (window), spec->title);

      if (!ok (g_strcmp0 (state, "Offline") == 0, "%s: its row says Offline", what))
        note ("its state line: %s", state ? state : "(none)");
      check_opens (window, spec, FALSE, archive, "Show QR code", what);
      ok (row && !find_button (row, "Open"), "%s: no button says Open", what);
      /* Offline nothing is known of the page, and the links file does not say it is dead. */
      if (!ok (!strstr (text, "gone"), "%s: it does not say the page is gone", what))
        note ("the row:\n%s", text);
    }

  /* Its QR code: the archived address. */
  GtkWidget *button = open_button (window, &offline_links[1], FALSE);
  g_autofree char *original = url (web_port, offline_links[1].path);
  g_autofree char *archive = file_archive (original);
  if (button)
    gtk_widget_activate (button);
  BcQrDialog *dialog = NULL;
  gint64 end = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
  while (!dialog && g_get_monotonic_time () < end)
    {
      GListModel *toplevels = gtk_window_get_toplevels ();
      pump (50);
      for (guint i = 0; !dialog && i < g_list_model_get_n_items (toplevels); i++)
        {
          g_autoptr (GObject) w = g_list_model_get_item (toplevels, i);
          if (BC_IS_QR_DIALOG (w) && gtk_widget_get_mapped (GTK_WIDGET (w)))
            dialog = BC_QR_DIALOG (w);
        }
    }
  if (ok (dialog != NULL, "offline: pressing Show QR code opens the QR code window"))
    {
      g_autofree char *text = widget_text (GTK_WIDGET (dialog));
      ok (g_strcmp0 (bc_qr_dialog_get_uri (dialog), archive) == 0 && strstr (text, archive),
          "offline: its code and its text are the archived address %s", archive);
      /* Not the archive's host: the address is not the one the links file would open. */
      if (!ok (strstr (text, offline_links[1].title) != NULL,
               "offline: it is titled with its link, “%s”", offline_links[1].title))
        note ("its text:\n%s", text);
      gtk_window_destroy (GTK_WINDOW (dialog));
      pump (200);
    }
  pump (1000); /* a browser, had one been started, has written its marker */
  g_autofree char *ran = browser_ran ();
  if (!ok (ran == NULL, "offline: no web browser was started"))
    note ("it was asked to open: %s", ran);
  pictures (window, "en-offline");
}

/* (4b) Offline results kept from an earlier check (the app's own --check-links, before the
 * window): they say this computer WAS offline; it may be online now, so the page neither warns
 * nor turns the links into QR codes until a check of this visit finds it offline again. */
static void
offline_kept_rows (BcWindow *window, const char *when, const char *button, const char *other)
{
  for (guint i = 0; i < G_N_ELEMENTS (offline_links); i++)
    {
      const Spec *spec = &offline_links[i];
      g_autofree char *text = row_text (window, spec, FALSE);
      g_autofree char *state = state_line (text, state_words);
      g_autofree char *original = url (web_port, spec->path);
      g_autofree char *archive = file_archive (original);
      g_autofree char *what = g_strdup_printf ("%s, “%s”", when, spec->title);
      GtkWidget *row = find_row (visible_page (window), spec->title);

      if (!ok (g_strcmp0 (state, "Offline") == 0, "%s: its row says Offline", what))
        note ("its state line: %s", state ? state : "(none)");
      check_opens (window, spec, FALSE, archive, button, what);
      ok (row && !find_button (row, other), "%s: no button says %s", what, other);
    }
}

static void
walk_offline_kept (BcWindow *window)
{
  static const char *const warning = "This computer is offline: the links could not be checked.";

  go (window, "links");
  pump (500);
  g_autofree char *line = check_line (window);
  g_autofree char *page = page_text (window);
  if (!ok (g_str_has_prefix (line, "Checked ")
             && g_str_has_suffix (line, ": this computer was offline."),
           "kept offline results: the line says Checked …: this computer was offline."))
    note ("it says: %s", line);
  ok (strstr (page, warning) == NULL,
      "kept offline results: the offline warning is not shown (this computer may be online now)");
  offline_kept_rows (window, "kept offline results", "Open", "Show QR code");
  pictures (window, "en-offline-kept-before");

  /* Still offline: this visit's check finds it so. */
  gint64 took = run_check (window);
  if (!ok (took >= 0, "kept offline results, Check the links while offline: the check ends "
           "within %d ms", CHECK_BOUND_MS))
    return;
  note ("the check took %" G_GINT64_FORMAT " ms", took);
  g_autofree char *after_line = check_line (window);
  g_autofree char *after_page = page_text (window);
  if (!ok (g_str_has_prefix (after_line, "Checked ")
             && g_str_has_suffix (after_line, ": this computer was offline."),
           "offline again: the line says Checked …: this computer was offline."))
    note ("it says: %s", after_line);
  ok (strstr (after_page, warning) != NULL, "offline again: the offline warning is shown");
  offline_kept_rows (window, "offline again", "Show QR code", "Open");
  pictures (window, "en-offline-kept-after");
  g_autofree char *ran = browser_ran ();
  if (!ok (ran == NULL, "offline-kept: no web browser was started"))
    note ("it was asked to open: %s", ran);
}

/* After the check in Japanese: JA holds the msgstr of the five state words (NULL: none),
 * NOT_FOUND that of "The server has no such page (HTTP %d)." */
static void
check_rows_japanese (BcWindow *window, const char *const *ja, const char *not_found)
{
  g_autofree char *line = check_line (window);
  if (!ok (has_japanese (line) && strstr (line, "Checked") == NULL && strstr (line, "live") == NULL,
           "in Japanese, the line after the check is Japanese"))
    note ("it says: %s", line);
  else
    note ("it says: %s", line);
  g_autofree char *words = check_button_words (window);
  if (!ok (has_japanese (words), "in Japanese, the button after the check is Japanese"))
    note ("it says: %s", words);

  /* The state lines: the msgstr, never the English word. */
  const struct
  {
    const Spec *spec;
    guint word;
  } rows[] = { { LIVE, 0 }, { MOVED, 1 }, { GONE, 2 }, { GONE_CURRENT, 2 }, { GONE_NO_COPY, 2 } };
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *text = row_text (window, rows[i].spec, TRUE);
      g_autofree char *english = state_line (text, state_words);
      const char *const word[] = { ja[rows[i].word] ? ja[rows[i].word] : "(untranslated)",
                                   NULL };
      g_autofree char *state = state_line (text, word);
      /* A Japanese colon (：) after the word is the translator's choice too. */
      g_autofree char *wide = g_strconcat (word[0], "：", NULL);
      if (!state)
        state = line_starting (text, wide);
      if (!ok (state && !english, "in Japanese, “%s” says %s (got %s)", rows[i].spec->title_ja,
               word[0], state ? state : english ? english : "nothing"))
        note ("the row:\n%s", text);
    }
  {
    g_autofree char *text = row_text (window, GONE, TRUE);
    g_autofree char *reason = not_found ? fill_in (not_found, "404") : NULL;
    if (!ok (reason && strstr (text, reason) && ja[2] && strstr (text, ja[2]),
             "in Japanese, the dead link says %s and %s", ja[2] ? ja[2] : "(untranslated)",
             reason ? reason : "(untranslated)"))
      note ("the row:\n%s", text);
    g_autofree char *original = url (web_port, GONE->path);
    g_autofree char *capture = capture_for (original);
    check_opens (window, GONE, TRUE, capture, NULL, "in Japanese, the dead link");
  }
  {
    g_autofree char *moved = url (web_port, "/ok-moved");
    check_opens (window, MOVED, TRUE, moved, NULL, "in Japanese, the moved link");
  }
  g_autofree char *page = page_text (window);
  ok (strstr (page, "The Internet Archive") == NULL && strstr (page, "It now leads") == NULL
        && strstr (page, "The server has no such page") == NULL
        && strstr (page, "The 2003 page is gone") == NULL,
      "in Japanese, no English sentence of the check is left on the page");
  pictures (window, "ja-checked");
}

/* (5) Japanese. */
static void
walk_japanese (BcWindow *window)
{
  static const char *const ids[] = { "Live", "Moved", "Gone", "Offline", "Not checked" };
  char *ja[G_N_ELEMENTS (ids) + 1] = { NULL };
  gboolean complete = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      ja[i] = ja_msgstr ("link state", ids[i]);
      if (!ja[i])
        {
          note ("po/ja.po has no (or a fuzzy) msgstr for msgctxt \"link state\" msgid \"%s\"",
                ids[i]);
          complete = FALSE;
        }
    }
  ok (complete, "po/ja.po translates the five state words");
  g_autofree char *not_found = ja_msgstr (NULL, "The server has no such page (HTTP %d).");
  ok (not_found != NULL, "po/ja.po translates The server has no such page (HTTP %%d).");

  set_language ("ja");
  go (window, "links");
  g_autofree char *before = page_text (window);
  ok (has_japanese (before) && strstr (before, "Not checked yet") == NULL
        && strstr (before, "Are these pages still there?") == NULL,
      "in Japanese, the check's row has no English before the check");
  g_autofree char *before_words = check_button_words (window);
  if (!ok (has_japanese (before_words), "in Japanese, the check's button is in Japanese"))
    note ("it says: %s", before_words);

  gint64 took = run_check (window);
  if (ok (took >= 0, "in Japanese: the check ends within %d ms", CHECK_BOUND_MS))
    check_rows_japanese (window, (const char *const *) ja, not_found);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    g_free (ja[i]);
}

/* (6) The window keeps running while a slow link is checked, and Stop stops it. */
static gint64 last_tick, worst_gap;

static gboolean
tick (gpointer data)
{
  gint64 now = g_get_monotonic_time ();
  if (last_tick)
    worst_gap = MAX (worst_gap, now - last_tick);
  last_tick = now;
  return G_SOURCE_CONTINUE;
}

static gboolean
stopped (BcWindow *window)
{
  g_autofree char *words = check_button_words (window);
  return !check_running (window) && !g_str_equal (words, "Stop");
}

/* Every "stop" row says Live (notes the others). */
static gboolean
all_stop_rows_live (BcWindow *window)
{
  gboolean all_live = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (stop_links); i++)
    {
      g_autofree char *text = row_text (window, &stop_links[i], FALSE);
      g_autofree char *state = state_line (text, state_words);
      if (g_strcmp0 (state, "Live") != 0)
        {
          note ("“%s” says %s", stop_links[i].title, state ? state : "nothing");
          all_live = FALSE;
        }
    }
  return all_live;
}

static void
walk_stop (BcWindow *window)
{
  go (window, "links");
  if (!ok (press_check (window), "the page has a button for the links.check action"))
    return;
  gint64 pressed = g_get_monotonic_time ();

  /* The quick page answers at once: "1 of 3 addresses checked…" while the slow ones wait. */
  guint ticker = g_timeout_add (10, tick, NULL);
  last_tick = worst_gap = 0;
  gboolean progress = FALSE;
  g_autofree char *seen = NULL;
  while (g_get_monotonic_time () - pressed < 1200 * 1000)
    {
      gint64 before = g_get_monotonic_time ();
      pump (50);
      gint64 took = g_get_monotonic_time () - before;
      worst_gap = MAX (worst_gap, took - 50 * 1000);
      if (took > 150 * 1000)
        note ("a stall: pump (50) at %" G_GINT64_FORMAT " ms after pressing took %" G_GINT64_FORMAT
              " ms", (before - pressed) / 1000, took / 1000);
      g_autofree char *line = check_line (window);
      if (g_str_equal (line, "1 of 3 addresses checked…"))
        progress = TRUE;
      g_free (seen);
      seen = g_steal_pointer (&line);
    }
  g_source_remove (ticker);
  if (!ok (progress, "while the slow pages are asked, the line says 1 of 3 addresses checked…"))
    note ("it says: %s", seen);
  g_autofree char *words = check_button_words (window);
  if (!ok (g_str_equal (words, "Stop"), "…and the button says Stop"))
    note ("it says: %s", words);
  ok (worst_gap < 150 * 1000,
      "the main loop keeps running during the check (longest stall %" G_GINT64_FORMAT " ms)",
      worst_gap / 1000);
  {
    g_autofree char *text = row_text (window, &stop_links[1], FALSE);
    g_autofree char *state = state_line (text, state_words);
    note ("during the check the quick page's row says: %s", state ? state : "(nothing)");
  }

  /* Stop, at about 1.2 s of the 3 s. */
  gint64 stop_at = g_get_monotonic_time ();
  if (!ok (press_check (window), "the Stop button is there to press"))
    return;
  gboolean ended = pump_until (stopped, window, 1000);
  gint64 stop_ms = (g_get_monotonic_time () - stop_at) / 1000;
  ok (ended, "Stop ends the check within a second (%" G_GINT64_FORMAT " ms)", stop_ms);
  ok ((g_get_monotonic_time () - pressed) / 1000 < 2900,
      "…before the slow pages could have answered (%" G_GINT64_FORMAT " ms after pressing)",
      (g_get_monotonic_time () - pressed) / 1000);
  pump (200);
  g_autofree char *line = check_line (window);
  note ("after Stop the line says: %s", line);
  g_autofree char *after_words = check_button_words (window);
  if (!ok (g_str_equal (after_words, "Check again") || g_str_equal (after_words, "Check the links"),
           "after Stop the button offers a check again (%s)", after_words))
    note ("it says: %s", after_words);

  for (int round = 0; round < 2; round++)
    {
      const char *when = round == 0 ? "after Stop" : "3 s after Stop";
      for (guint i = 0; i < G_N_ELEMENTS (stop_links); i += 2)
        {
          g_autofree char *text = row_text (window, &stop_links[i], FALSE);
          g_autofree char *state = state_line (text, state_words);
          if (!ok (state && g_str_has_prefix (state, "Not checked"), "%s, “%s” says Not checked",
                   when, stop_links[i].title))
            note ("its state line: %s", state ? state : "(none)");
          else
            note ("it says: %s", state);
        }
      g_autofree char *text = row_text (window, &stop_links[1], FALSE);
      g_autofree char *state = state_line (text, state_words);
      if (!ok (g_strcmp0 (state, "Live") == 0, "%s, the quick page (answered before) says Live",
               when))
        note ("its state line: %s", state ? state : "(none)");
      if (round == 0)
        pump (3500); /* nothing of the stopped transfers comes back later */
    }

  /* Check again, to the end this time: every page answers. */
  gint64 took = run_check (window);
  if (ok (took >= 0, "Check again after Stop: the check ends within %d ms", CHECK_BOUND_MS))
    note ("it took %" G_GINT64_FORMAT " ms", took);
  ok (all_stop_rows_live (window), "after a whole check, the three pages say Live");

  /* Check again and Stop at once: what the last whole check found stays. */
  if (!press_check (window))
    return;
  pump (600);
  press_check (window);
  ok (pump_until (stopped, window, 1000), "Check again, then Stop at once: the check ends");
  pump (200);
  ok (all_stop_rows_live (window),
      "…and the slow pages still say Live, from the check before (no Not checked)");
}

/* The kept results: 80,000 [ then as many ], 160 KB of valid but absurdly deep JSON. */
#define DEEP 80000

static char *
kept_path (void)
{
  return g_build_filename (g_getenv ("XDG_CACHE_HOME"), "blaster-check", "link-check.json", NULL);
}

static void
write_deep_kept (void)
{
  g_autofree char *path = kept_path ();
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *text = g_malloc (2 * DEEP);

  memset (text, '[', DEEP);
  memset (text + DEEP, ']', DEEP);
  g_mkdir_with_parents (folder, 0700);
  g_file_set_contents (path, text, 2 * DEEP, NULL);
}

static void
walk_deep_kept (BcWindow *window)
{
  g_autofree char *path = kept_path ();
  g_autofree char *text = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonNode *root;

  go (window, "links");
  if (!ok (g_str_equal (page_id (window), "links"), "a kept file %d deep: the Help and links "
           "page is shown (got %s)", DEEP, page_id (window)))
    return;
  g_autofree char *shown = page_text (window);
  ok (strstr (shown, "The results of the last link check could not be read, so they are not "
                     "shown") != NULL,
      "…and it says that the kept results could not be read");
  check_before (window, check_links, G_N_ELEMENTS (check_links));
  go (window, "prevention");
  ok (g_str_equal (page_id (window), "prevention"), "…and Prevention, which loads the links too");
  go (window, "links");
  ok (g_str_equal (page_id (window), "links"), "…and Help and links again");

  gint64 took = run_check (window);
  if (!ok (took >= 0, "pressing Check the links: the check ends within %d ms", CHECK_BOUND_MS))
    return;
  check_rows (window, "after the check, over the deep file");
  ok (g_file_get_contents (path, &text, NULL, NULL) && strlen (text) < DEEP
        && json_parser_load_from_data (parser, text, -1, NULL)
        && (root = json_parser_get_root (parser)) && JSON_NODE_HOLDS_OBJECT (root),
      "the deep file is replaced by the check's results");
}

/* (8) The built-in links in other languages. */
static GKeyFile *
source_links (void)
{
  const char *source = g_getenv ("BLASTER_CHECK_SOURCE_ROOT");
  g_autofree char *path = g_build_filename (source ? source : ".", "data", "links", "links.ini",
                                            NULL);
  g_autoptr (GKeyFile) file = g_key_file_new ();
  g_autoptr (GError) error = NULL;

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_KEEP_TRANSLATIONS, &error))
    {
      note ("%s: %s", path, error->message);
      return NULL;
    }
  return g_steal_pointer (&file);
}

/* KEY in LANGUAGE's own words (KEY[LANGUAGE]), not the English fallback; NULL: none. */
static char *
own_text (GKeyFile *file, const char *group, const char *key, const char *language)
{
  g_autofree char *localized = g_strdup_printf ("%s[%s]", key, language);
  return g_key_file_get_string (file, group, localized, NULL);
}

/* The row of TITLE on the page: its text, or NULL when there is none. */
static char *
titled_row_text (BcWindow *window, const char *title)
{
  GtkWidget *row = find_row (visible_page (window), title);
  return row ? widget_text (row) : NULL;
}

/* The address the row of TITLE opens ("" when it has no open button). */
static const char *
titled_row_opens (BcWindow *window, const char *title)
{
  GtkWidget *row = find_row (visible_page (window), title);
  return button_target (row ? find_action_button (row, "links.open", NULL) : NULL);
}

/* The languages of po/LINGUAS (the source tree's), or NULL. */
static GStrv
source_languages (void)
{
  const char *source = g_getenv ("BLASTER_CHECK_SOURCE_ROOT");
  g_autofree char *path = g_build_filename (source ? source : ".", "po", "LINGUAS", NULL);
  g_autofree char *text = NULL;
  g_autoptr (GStrvBuilder) languages = g_strv_builder_new ();
  g_auto (GStrv) lines = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return NULL;
  lines = g_strsplit (text, "\n", -1);
  for (char **line = lines; *line; line++)
    {
      g_auto (GStrv) words = NULL;
      char *comment = strchr (*line, '#');

      if (comment)
        *comment = '\0';
      words = g_strsplit_set (g_strstrip (*line), " \t", -1);
      for (char **word = words; *word; word++)
        if (**word)
          g_strv_builder_add (languages, *word);
    }
  return g_strv_builder_end (languages);
}

/* The Help and links page in LANGUAGE: each row has the link's own title in LANGUAGE, and its
 * own description and notes where it has them; no row has the English title. Notes what is
 * missing; FALSE then. */
static gboolean
page_speaks (BcWindow *window, GKeyFile *file, const char *language)
{
  static const char *const shown[] = { "description", "status-note", "catalog-note" };
  g_auto (GStrv) groups = g_key_file_get_groups (file, NULL);
  guint missing = 0;

  set_language (language);
  go (window, "links");
  for (char **group = groups; *group; group++)
    {
      g_autofree char *english = g_key_file_get_string (file, *group, "title", NULL);
      g_autofree char *own_title = own_text (file, *group, "title", language);
      g_autofree char *text = own_title ? titled_row_text (window, own_title) : NULL;
      g_autofree char *english_row = titled_row_text (window, english);

      if (!own_title || !text || english_row)
        {
          note ("%s [%s]: title[%s] %s; %s", language, *group, language,
                own_title ? own_title : "missing",
                english_row ? "a row has the English title" : "no row has that title");
          missing++;
          continue;
        }
      for (guint k = 0; k < G_N_ELEMENTS (shown); k++)
        {
          g_autofree char *plain = g_key_file_get_string (file, *group, shown[k], NULL);
          g_autofree char *own = own_text (file, *group, shown[k], language);

          if (plain && (!own || !strstr (text, own)))
            {
              note ("%s [%s]: the row does not show %s[%s] (%s); it shows:\n%s", language,
                    *group, shown[k], language, own ? own : "missing", text);
              missing++;
            }
        }
    }
  return missing == 0;
}

static void
walk_languages (BcWindow *window)
{
  g_autoptr (GKeyFile) file = source_links ();
  g_auto (GStrv) languages = source_languages ();
  g_auto (GStrv) groups = NULL;

  if (!ok (file != NULL && languages != NULL && g_strv_contains ((const char *const *) languages,
                                                                   "de"),
           "data/links/links.ini and po/LINGUAS are read, and German is one of the languages"))
    return;
  groups = g_key_file_get_groups (file, NULL);

  ok (page_speaks (window, file, "de"),
      "in German, the Help and links page shows each of the %u links with its German title, "
      "and its German description and notes where it has them", g_strv_length (groups));
  pictures (window, "de");

  g_autofree char *title_de = own_text (file, "ms04-012", "title", "de");
  g_autofree char *en_us = g_key_file_get_string (file, "ms04-012", "current", NULL);
  const char *opens_de = titled_row_opens (window, title_de ? title_de : "");
  if (!ok (en_us && g_str_equal (opens_de, en_us),
           "in German, MS04-012 opens its en-us page: there is no German one"))
    note ("it opens %s", opens_de);

  for (char **language = languages; *language; language++)
    {
      g_autofree char *name = g_strdup_printf ("links-%s", *language);

      if (g_str_equal (*language, "de"))
        continue;
      ok (page_speaks (window, file, *language),
          "in %s, the page shows each link's title, description and notes in %s", *language,
          *language);
      pictures (window, name);
      if (g_str_equal (*language, "zh_TW"))
        {
          g_autofree char *title_tw = own_text (file, "ms04-012", "title", "zh_TW");
          g_autofree char *zh_tw = own_text (file, "ms04-012", "current", "zh_TW");
          const char *opens_tw = titled_row_opens (window, title_tw ? title_tw : "");

          if (!ok (zh_tw && strstr (zh_tw, "/zh-tw/") && g_str_equal (opens_tw, zh_tw),
                   "in Traditional Chinese, MS04-012 opens its own zh-tw page (current[zh_TW])"))
            note ("current[zh_TW] %s; it opens %s", zh_tw ? zh_tw : "missing", opens_tw);
        }
    }
}

static void
run_mode (BcWindow *window)
{
  if (g_str_equal (mode, "check"))
    walk_check (window);
  else if (g_str_equal (mode, "kept"))
    walk_kept (window);
  else if (g_str_equal (mode, "offline"))
    walk_offline (window);
  else if (g_str_equal (mode, "offline-kept"))
    walk_offline_kept (window);
  else if (g_str_equal (mode, "ja"))
    walk_japanese (window);
  else if (g_str_equal (mode, "stop"))
    walk_stop (window);
  else if (g_str_equal (mode, "deep-kept"))
    walk_deep_kept (window);
  else if (g_str_equal (mode, "languages"))
    walk_languages (window);
}

/* ---- The first start of "kept": this program in "check" mode, in a child process ---------- */

static void
first_start (const char *argv0)
{
  const char *argv[] = { argv0, "check", NULL };
  g_autofree char *out = NULL;
  g_autoptr (GError) error = NULL;
  int status = -1;
  gboolean ran;

  g_setenv ("LINKS_PAGE_HOME", home, TRUE);
  g_autofree char *ports = g_strdup_printf ("%d %d", web_port, wayback_port);

  g_setenv ("LINKS_PAGE_PORTS", ports, TRUE);
  ran = g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status,
                      &error);
  g_unsetenv ("LINKS_PAGE_HOME");
  g_unsetenv ("LINKS_PAGE_PORTS");
  if (out)
    {
      g_auto (GStrv) lines = g_strsplit (g_strchomp (out), "\n", -1);
      for (char **l = lines; *l; l++)
        note ("first start: %s", g_str_has_prefix (*l, "# ") ? *l + 2 : *l);
    }
  if (!ran)
    note ("could not run %s: %s", argv0, error->message);
  ok (ran && g_spawn_check_wait_status (status, NULL),
      "first start: the app checked the links and quit (its own checks above all passed)");
}

/* ---- "offline-kept": an offline check before the window, by the app's own command line ---- */

static void
earlier_offline_check (const char *links_file)
{
  const char *argv[] = { program, "--check-links", "--json", "--links", links_file,
                         "--timeout", "5", NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *store = g_build_filename (g_get_user_cache_dir (), "blaster-check",
                                             "link-check.json", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonNode *root;
  gboolean offline = FALSE;
  int status = -1;
  gboolean ran;

  ran = g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                      &status, &error);
  if (!ran)
    note ("could not run %s: %s", program, error->message);
  if (ran && json_parser_load_from_data (parser, out, -1, NULL)
      && JSON_NODE_HOLDS_OBJECT (root = json_parser_get_root (parser)))
    offline = json_object_get_boolean_member_with_default (json_node_get_object (root),
                                                           "offline", FALSE);
  if (!ok (ran && WIFEXITED (status) && WEXITSTATUS (status) == 1 && offline
             && g_file_test (store, G_FILE_TEST_IS_REGULAR),
           "before the window: blaster-check --check-links, every address refused: exit 1, "
           "offline, kept in %s", store))
    note ("wait status %d; stdout: %.300s; stderr: %.300s", status, out ? out : "",
          err ? err : "");
}

int
main (int argc, char **argv)
{
  static const char *const modes[] = { "check", "kept", "offline", "offline-kept", "ja", "stop",
                                       "deep-kept", "languages", NULL };
  const Spec *specs;
  guint n;
  int status;

  if (argc < 2 || !g_strv_contains (modes, argv[1])
      || (g_str_equal (argv[1], "offline-kept") ? argc != 4 : argc > 3))
    {
      fprintf (stderr, "usage: %s check|kept|offline|ja|stop|deep-kept|languages [OUTDIR]\n"
                       "       %s offline-kept OUTDIR BLASTER-CHECK\n", argv[0], argv[0]);
      return 2;
    }
  mode = argv[1];
  render_dir = argc >= 3 ? argv[2] : NULL;
  program = argc == 4 ? argv[3] : NULL;
  /* Under Xvfb the GL renderer is Mesa's llvmpipe: the first frame with the check's spinner
   * compiles shaders in the main thread for 0.3-0.4 s, whatever the page does. "stop" measures
   * the page's main loop, so it draws with cairo. */
  if (g_str_equal (mode, "stop"))
    g_setenv ("GSK_RENDERER", "cairo", FALSE);
  specs = specs_for (mode, &n);

  /* Nothing of the machine's own: no proxy, settings in memory, results in a new folder. */
  g_setenv ("no_proxy", "127.0.0.1,localhost", TRUE);
  g_setenv ("NO_PROXY", "127.0.0.1,localhost", TRUE);
  g_unsetenv ("http_proxy");
  g_unsetenv ("https_proxy");
  g_unsetenv ("all_proxy");
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);

  child = g_getenv ("LINKS_PAGE_HOME") != NULL;
  if (child)
    {
      home = g_strdup (g_getenv ("LINKS_PAGE_HOME"));
      if (sscanf (g_getenv ("LINKS_PAGE_PORTS") ? g_getenv ("LINKS_PAGE_PORTS") : "", "%d %d",
                  &web_port, &wayback_port) != 2)
        return 2;
    }
  else
    {
      home = g_dir_make_tmp ("blaster-links-page-XXXXXX", NULL);
      g_autofree char *cache = g_build_filename (home, "cache", NULL);
      g_setenv ("XDG_CACHE_HOME", cache, TRUE);
      browser_marker = fake_browser_install (home);

      if (g_str_equal (mode, "offline") || g_str_equal (mode, "offline-kept"))
        web_port = wayback_port = closed_port ();
      else
        {
          if (!start_server (&web, "web", NULL))
            {
              printf ("not ok 1 - the links' HTTP server starts on 127.0.0.1\n1..1\n");
              return 1;
            }
          web_port = web.port;
          /* Only the 404 page has a copy at the Wayback Machine. */
          g_autofree char *gone = url (web_port, GONE->path);
          g_autofree char *capture_arg = g_strdup_printf ("%s=capture", gone);
          const char *const extra[] = { "--wayback", capture_arg, NULL };
          if (!start_server (&wayback, "wayback", extra))
            {
              stop_server (&web);
              printf ("not ok 1 - the Wayback stand-in starts on 127.0.0.1\n1..1\n");
              return 1;
            }
          wayback_port = wayback.port;
        }
      g_autofree char *api = url (wayback_port, "/wayback/available");
      g_setenv ("BLASTER_CHECK_WAYBACK_API", api, TRUE);
      g_free (write_links (specs, n, web_port));
    }

  g_autofree char *links_file = g_build_filename (home, "links.ini", NULL);
  /* "languages" shows the built-in links. */
  const char *const args[] = { g_str_equal (mode, "languages") ? NULL : "--links", links_file,
                               NULL };

  if (g_str_equal (mode, "kept"))
    {
      /* The first start checks, and quits; then the servers stop and the port is watched. */
      first_start (argv[0]);
      stop_server (&web);
      stop_server (&wayback);
    }
  if (g_str_equal (mode, "offline-kept"))
    earlier_offline_check (links_file);
  if (g_str_equal (mode, "deep-kept"))
    write_deep_kept ();
  status = run_app (argv[0], args, run_mode, WIDTH, HEIGHT);

  stop_server (&web);
  stop_server (&wayback);
  if (!child)
    {
      if (g_getenv ("LINKS_PAGE_KEEP"))
        fprintf (stderr, "kept %s\n", home);
      else
        remove_tree (home);
    }
  return status;
}
