/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * "Remove it for me" (issue #12) in the real wizard, on a fixture disk with real hives: stand-in
 * files with the worm's names (never its bytes), a SOFTWARE hive with Blaster's Run value and a
 * SYSTEM hive with Welchia's RpcPatch service, made by tests/hive/make-hive.py. TAP output.
 *
 *   test-removal remove      Recovery lists what will change (each file "moved into the
 *                            quarantine", each registry entry "deleted from the registry"), a
 *                            suspicious file with an unticked box; Remove, confirmed: the verdict
 *                            before beside the verdict after ("Clean"), each action done, the
 *                            quarantine; msblast.exe gone from system32 and in the quarantine
 *                            byte for byte, the Run value and the service gone from the hives;
 *                            Result, Finish, the PDF report and the receipt say so; Undo,
 *                            confirmed: every file and hive back byte for byte; a reset forgets
 *                            the removal but leaves the quarantine on the disk
 *   test-removal readonly    the disk is a tmpfs remounted read-only (in a mount namespace of
 *                            its own, unshare -m): the page says so, gives the remount command
 *                            with the real mount point, and has no Remove button
 *   test-removal kiosk       --kiosk with a staff PIN: Remove asks for the PIN first; a wrong PIN
 *                            changes nothing; the right one leads to the question, then the
 *                            removal; the unticked suspicious file stays; Undo asks for the PIN
 *                            too
 *   test-removal suspicious  only a suspicious file (teekids.exe outside the worm's folder):
 *                            Remove works once its box is ticked, and takes it out
 *   test-removal cut-short   an earlier removal of the disk was cut short (its manifest says
 *                            "removing", msblast.exe not yet moved) after the wizard's check:
 *                            Remove finishes it first, checks again and plans from that, so
 *                            every action is done (none tries msblast.exe again), the ticked
 *                            suspicious file is still taken out, and the disk ends clean
 *   test-removal no-windows  a folder with msblast.exe and no Windows: the steps by hand only,
 *                            no Remove (nothing there is a Windows this program can clean)
 *   test-removal render DIR  pictures of the page before and after, English and Arabic
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bc-config.h"
#include "bc-pin-dialog.h"
#include "bc-receipt.h"
#include "bc-report.h"
#include "bc-session.h"
#include "gui-test.h"
#include "scan-error.h"

/* The PIN 2468 as the setting stores it, made by Python (hashlib.pbkdf2_hmac), not by the code
 * under test (as tests/kiosk/test-kiosk.c): rounds 1000, salt 00 01 … 0f. */
#define PIN "2468"
#define PIN_HASH                                                                                   \
  "pbkdf2-sha256$1000$000102030405060708090a0b0c0d0e0f$"                                           \
  "da0af9c4241f45ec5701b0f2e490f9c794db8f2aacca766c6081a721d04be295"

/* What stands in for the worm's file: its name only, some bytes that are not the worm. */
static const char stand_in[] = "MZ stand-in for msblast.exe, not the worm\r\n\x01\x02\xff";

static const char *mode;
static char *fixture;
static const char *render_dir;

static const char *const kept[] = {
  "WINDOWS/system32/msblast.exe",
  "WINDOWS/system32/config/SOFTWARE",
  "WINDOWS/system32/config/SYSTEM",
  "Documents and Settings/user/teekids.exe",
};
static char *kept_sha[G_N_ELEMENTS (kept)];

static char *
file_sha256 (const char *rel)
{
  g_autofree char *path = g_build_filename (fixture, rel, NULL);
  g_autofree char *data = NULL;
  gsize len;

  if (!g_file_get_contents (path, &data, &len, NULL))
    return NULL;
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
}

static gboolean
exists (const char *rel)
{
  g_autofree char *path = g_build_filename (fixture, rel, NULL);
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

/* Whether the hive REL has the value NAME under KEY ('\\'-separated), or the key itself when
 * NAME is NULL: read by hivex from Python, not by the code under test. -1: could not tell. */
static int
hive_has (const char *rel, const char *key, const char *name)
{
  g_autofree char *path = g_build_filename (fixture, rel, NULL);
  const char *source = g_getenv ("BLASTER_CHECK_SOURCE_ROOT");
  g_autofree char *hive_dir = g_build_filename (source ? source : ".", "tests/hive", NULL);
  /* make_hive finds python3-hivex where Debian puts it, whichever python3 runs. */
  const char *script
    = "import sys\n"
      "sys.path.insert(0, sys.argv[4])\n"
      "import make_hive\n"
      "hivex = make_hive._load_hivex()\n"
      "h = hivex.Hivex(sys.argv[1])\n"
      "n = h.root()\n"
      "for part in sys.argv[2].split('\\\\'):\n"
      "    n = h.node_get_child(n, part)\n"
      "    if n is None:\n"
      "        sys.exit(1)\n"
      "if sys.argv[3]:\n"
      "    names = [h.value_key(v).lower() for v in h.node_values(n)]\n"
      "    sys.exit(0 if sys.argv[3].lower() in names else 1)\n";
  const char *argv[] = { "python3", "-c", script, path, key, name ? name : "", hive_dir, NULL };
  int status = -1;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                     &status, NULL))
    return -1;
  if (g_spawn_check_wait_status (status, NULL))
    return 1;
  return WIFEXITED (status) && WEXITSTATUS (status) == 1 ? 0 : -1;
}

/* The files in the quarantine's removal folders whose name holds NAME, as full paths. */
static GPtrArray *
quarantined (const char *name)
{
  GPtrArray *found = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *top = g_build_filename (fixture, "BlasterCheck-Quarantine", NULL);
  g_autoptr (GDir) dir = g_dir_open (top, 0, NULL);
  const char *one;

  while (dir && (one = g_dir_read_name (dir)))
    {
      g_autofree char *sub = g_build_filename (top, one, NULL);
      g_autoptr (GDir) inner = g_dir_open (sub, 0, NULL);
      const char *file;

      while (inner && (file = g_dir_read_name (inner)))
        if (strstr (file, name))
          g_ptr_array_add (found, g_build_filename (sub, file, NULL));
    }
  return found;
}

static GtkWidget *
removal_view (BcWindow *window)
{
  return find_widget_of_type (visible_page (window), g_type_from_name ("BcRemovalView"));
}

static gboolean
removal_idle (BcWindow *window)
{
  return !bc_session_is_removing (bc_window_get_session (window));
}

/* The window over WINDOW of TYPE (AdwMessageDialog, BcPinDialog), or NULL. */
static GtkWindow *
dialog_of_type (BcWindow *window, GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) w = g_list_model_get_item (toplevels, i);
      if (w != GTK_WINDOW (window) && G_TYPE_CHECK_INSTANCE_TYPE (w, type)
          && gtk_widget_get_visible (GTK_WIDGET (w)))
        return w;
    }
  return NULL;
}

/* Presses the button that runs ACTION ("removal.remove"), as a click does. */
static gboolean
press (BcWindow *window, const char *action)
{
  GtkWidget *button = find_action_button (visible_page (window), action, NULL);

  if (!button || !gtk_widget_is_sensitive (button))
    return FALSE;
  g_signal_emit_by_name (button, "clicked");
  pump (200);
  return TRUE;
}

/* Answers the one question by clicking its button with the words BUTTON ("Remove", "Put Back",
 * "Cancel"); FALSE when no question was asked. */
static gboolean
answer (BcWindow *window, const char *button)
{
  GtkWindow *dialog = dialog_of_type (window, ADW_TYPE_MESSAGE_DIALOG);
  GtkWidget *found = dialog ? find_button (GTK_WIDGET (dialog), button) : NULL;

  if (!found)
    return FALSE;
  g_signal_emit_by_name (found, "clicked");
  pump (200);
  return TRUE;
}

static void
save_page (BcWindow *window, const char *name)
{
  g_autofree char *path = NULL;
  GtkWidget *view;

  if (!render_dir)
    return;
  path = g_strdup_printf ("%s/%s.png", render_dir, name);
  pump (300);
  /* Step 3's card, whole: the page itself would be drawn as far as its scrolled window shows. */
  view = removal_view (window);
  if (!view || !save_png (gtk_widget_get_parent (view), path))
    note ("could not save %s", path);
}

static char *
receipt_text (BcSession *session)
{
  g_autoptr (BcReport) receipt = bc_receipt_new (session);
  g_autofree char *pdf = g_build_filename (g_get_tmp_dir (), "blaster-removal-receipt.pdf", NULL);
  g_autoptr (GError) error = NULL;
  char *text = NULL;

  if (bc_report_write_pdf (receipt, pdf, &error))
    text = pdf_text (pdf);
  else
    note ("the receipt could not be written: %s", error->message);
  g_unlink (pdf);
  return text;
}

static void
check_plan (BcWindow *window)
{
  g_autofree char *text = page_text (window);
  GtkWidget *view = removal_view (window);
  GtkWidget *check = view ? find_widget_of_type (view, GTK_TYPE_CHECK_BUTTON) : NULL;

  ok (find_action_button (visible_page (window), "removal.remove", NULL) != NULL,
      "Recovery: an attached disk with the worm has a 'Remove it for me' button");
  ok (strstr (text, "C:\\WINDOWS\\system32\\msblast.exe: moved into the quarantine") != NULL,
      "the list says msblast.exe, by its Windows path, is moved into the quarantine");
  ok (strstr (text, "“windows auto update”") != NULL
        && strstr (text, "Run: deleted from the registry (a copy of the registry file is "
                         "kept)") != NULL,
      "…the Run value, by its Registry Editor name, is deleted from the registry");
  ok (strstr (text, "RpcPatch") != NULL,
      "…and the RpcPatch service's key is listed too");
  ok (check && strstr (text, "teekids.exe") && !gtk_check_button_get_active (GTK_CHECK_BUTTON (check)),
      "the suspicious teekids.exe has a box of its own, not ticked");
  ok (strstr (text, "3.4 Delete the worm") != NULL && strstr (text, "Files to delete") != NULL,
      "the steps by hand are still there");
}

static guint progress_ticks;

static void
count_progress (void)
{
  progress_ticks++;
}

static gboolean
run_removal (BcWindow *window)
{
  BcSession *session = bc_window_get_session (window);
  GtkWindow *dialog;
  GtkWidget *button;
  const scan_removal *removal;

  if (!ok (press (window, "removal.remove"), "Remove it for me can be pressed"))
    return FALSE;
  dialog = dialog_of_type (window, ADW_TYPE_MESSAGE_DIALOG);
  button = dialog ? find_button (GTK_WIDGET (dialog), "Remove") : NULL;
  if (!ok (button != NULL, "it asks once (Remove / Cancel)"))
    return FALSE;
  progress_ticks = 0;
  g_signal_connect (session, "remove-progress", G_CALLBACK (count_progress), NULL);
  g_signal_emit_by_name (button, "clicked");
  /* The click returns at once: the removal runs in its own thread, the page shows it. */
  {
    g_autofree char *text = page_text (window);
    ok (bc_session_is_removing (session) && strstr (text, "Removing the worm…") != NULL
          && find_action_button (visible_page (window), "removal.remove", NULL) == NULL,
        "Remove answered: the page shows the removal under way, the window is not blocked");
  }
  if (!ok (pump_until (removal_idle, window, 60000)
             && (removal = bc_session_get_removal (session)) != NULL,
           "the removal runs and ends"))
    return FALSE;
  pump (100);
  g_signal_handlers_disconnect_by_func (session, count_progress, NULL);
  return ok (progress_ticks >= removal->n_actions,
             "its progress was told for each action (%u for %zu)", progress_ticks,
             removal->n_actions);
}

static void
check_removed (BcWindow *window)
{
  BcSession *session = bc_window_get_session (window);
  const scan_removal *removal = bc_session_get_removal (session);
  g_autofree char *text = page_text (window);
  g_autoptr (GPtrArray) moved = quarantined ("msblast.exe");
  g_autofree char *moved_sha = NULL;
  gboolean all_done = removal && removal->n_actions > 0;

  for (size_t i = 0; removal && i < removal->n_actions; i++)
    all_done = all_done && removal->actions[i].state == SCAN_STEP_DONE;
  ok (all_done, "every action was done");
  ok (strstr (text, "Infected: the worm is on this PC") != NULL
        && strstr (text, "Clean: no sign of the worm") != NULL
        && strstr (text, "Infected: the worm is on this PC")
             < strstr (text, "Clean: no sign of the worm"),
      "the page shows the verdict before (Infected) beside the verdict after (Clean)");
  ok (strstr (text, "moved into the quarantine: done") != NULL
        && strstr (text, "registry file changed: done")
             != NULL,
      "…and each action's outcome: done");
  ok (removal && strstr (text, removal->quarantine) != NULL,
      "…and where the quarantine is (%s)", removal ? removal->quarantine : "none");
  ok (!exists ("WINDOWS/system32/msblast.exe"), "msblast.exe is gone from system32");
  if (moved->len == 1)
    {
      g_autofree char *data = NULL;
      gsize len = 0;
      if (g_file_get_contents (moved->pdata[0], &data, &len, NULL))
        moved_sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
    }
  ok (moved->len == 1 && g_strcmp0 (moved_sha, kept_sha[0]) == 0,
      "…and in BlasterCheck-Quarantine/*/, byte for byte");
  ok (!exists ("Documents and Settings/user/teekids.exe"),
      "the ticked suspicious file was taken out too");
  ok (hive_has ("WINDOWS/system32/config/SOFTWARE", "Microsoft\\Windows\\CurrentVersion\\Run",
                "windows auto update") == 0
        && hive_has ("WINDOWS/system32/config/SOFTWARE", "Microsoft\\Windows\\CurrentVersion\\Run",
                     "ctfmon.exe") == 1,
      "the Run value is gone from the SOFTWARE hive (hivex), Windows's own value stays");
  ok (hive_has ("WINDOWS/system32/config/SYSTEM", "ControlSet001\\Services\\RpcPatch", NULL) == 0
        && hive_has ("WINDOWS/system32/config/SYSTEM", "ControlSet001\\Services\\RpcSs", NULL)
             == 1,
      "the RpcPatch service is gone from the SYSTEM hive, RpcSs stays");
  ok (bc_session_get_infection (session, NULL) == SCAN_INFECTION_CLEAN,
      "the session's verdict is now the verdict after: clean");
  ok (find_action_button (visible_page (window), "removal.undo", NULL) != NULL
        && find_action_button (visible_page (window), "removal.remove", NULL) == NULL,
      "Undo is offered, Remove is not");
}

static void
check_documents (BcWindow *window)
{
  BcSession *session = bc_window_get_session (window);
  const scan_removal *removal = bc_session_get_removal (session);
  g_autofree char *pdf = report_pdf_text (session, g_get_tmp_dir ());
  g_autofree char *receipt = receipt_text (session);

  ok (pdf && has_words (pdf, "Removed by this program")
        && has_words (pdf, "Before the removal: Infected: the worm is on this PC")
        && has_words (pdf, "After the removal, checked again: Clean: no sign of the worm")
        && has_words (pdf, "C:\\WINDOWS\\system32\\msblast.exe")
        && has_words (pdf, "moved into the quarantine: done")
        && removal && has_words (pdf, removal->quarantine),
      "the PDF report lists what was done, with the verdict after and the quarantine");
  ok (receipt && has_words (receipt, "Removed by this program")
        && has_words (receipt, "After the removal, checked again: Clean: no sign of the worm")
        && has_words (receipt, "moved into the quarantine: done")
        && removal && has_words (receipt, removal->quarantine),
      "the receipt lists it too");
}

static void
check_undone (BcWindow *window)
{
  BcSession *session = bc_window_get_session (window);
  const scan_removal *removal = bc_session_get_removal (session);
  g_autofree char *text = page_text (window);
  gboolean all_undone = removal && removal->n_actions > 0;
  gboolean same = TRUE;

  for (size_t i = 0; removal && i < removal->n_actions; i++)
    {
      const scan_action *a = &removal->actions[i];
      if (a->state != SCAN_STEP_UNDONE)
        note ("%s: %s (%s)", a->path, scan_step_state_name (a->state),
              a->error ? scan_strerror (a->error) : "no error");
      all_undone = all_undone && a->state == SCAN_STEP_UNDONE;
    }
  ok (all_undone, "every action was put back");
  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    {
      g_autofree char *now = file_sha256 (kept[i]);
      if (g_strcmp0 (now, kept_sha[i]) != 0)
        {
          note ("%s is not as it was", kept[i]);
          same = FALSE;
        }
    }
  ok (same, "msblast.exe, teekids.exe, SOFTWARE and SYSTEM are back byte for byte");
  ok (strstr (text, "What was put back:") != NULL
        && strstr (text, "moved into the quarantine: put back") != NULL,
      "the page shows each action put back");
  ok (strstr (text, "Clean: no sign of the worm") == NULL
        && bc_session_get_infection (session, NULL) == SCAN_INFECTION_INFECTED,
      "the verdict after the undo is infected again");
}

static void
test_remove (BcWindow *window)
{
  BcSession *session = bc_window_get_session (window);
  GtkWidget *check;

  if (!ok (go_to (window, "recovery"), "the wizard reaches Recovery (on %s)", page_id (window)))
    return;
  check_plan (window);
  save_page (window, "removal-before-en");
  /* The suspicious file: taken out only because it is ticked. */
  check = find_widget_of_type (removal_view (window), GTK_TYPE_CHECK_BUTTON);
  if (check)
    gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);

  /* Cancel changes nothing. */
  press (window, "removal.remove");
  answer (window, "Cancel");
  ok (exists ("WINDOWS/system32/msblast.exe") && !exists ("BlasterCheck-Quarantine")
        && !bc_session_get_removal (session),
      "Cancel changes nothing");

  if (!run_removal (window))
    return;
  check_removed (window);
  save_page (window, "removal-after-en");
  check_documents (window);

  back (window);
  {
    g_autofree char *text = page_text (window);
    ok (g_str_equal (page_id (window), "result")
          && strstr (text, "Clean: no sign of the worm") != NULL,
        "Result says the verdict after: clean (on %s)", page_id (window));
  }
  if (!ok (go_to (window, "finish"), "on to Finish (on %s)", page_id (window)))
    return;
  {
    g_autofree char *text = page_text (window);
    ok (strstr (text, "Clean: no sign of the worm") != NULL, "Finish says clean too");
  }
  for (int i = 0; i < 5 && !g_str_equal (page_id (window), "recovery"); i++)
    back (window);
  if (!ok (g_str_equal (page_id (window), "recovery"), "back on Recovery for the undo"))
    return;

  if (!ok (press (window, "removal.undo"), "Undo can be pressed"))
    return;
  if (!ok (answer (window, "Put Back"), "it asks once (Put Back / Cancel), and Put Back is answered"))
    return;
  ok (pump_until (removal_idle, window, 60000), "the undo runs and ends");
  pump (200);
  check_undone (window);

  /* A reset forgets the removal; the quarantine on the disk stays. */
  {
    g_autofree char *top = g_build_filename (fixture, "BlasterCheck-Quarantine", NULL);
    bc_session_reset (session);
    pump (200);
    ok (!bc_session_get_removal (session) && !bc_session_get_report_after (session)
          && g_file_test (top, G_FILE_TEST_IS_DIR),
        "a reset forgets the removal, and leaves the quarantine on the disk");
  }
}

static void
test_readonly (BcWindow *window)
{
  g_autofree char *text = NULL;
  g_autofree char *command = g_strdup_printf ("sudo mount -o remount,rw %s", fixture);

  if (!ok (go_to (window, "recovery"), "the wizard reaches Recovery (on %s)", page_id (window)))
    return;
  text = page_text (window);
  ok (strstr (text, "This disk is mounted read-only") != NULL,
      "Recovery says the disk is mounted read-only");
  ok (strstr (text, command) != NULL, "…and how to mount it writable: %s", command);
  gtk_widget_activate_action (removal_view (window), "removal.remove", NULL);
  pump (200);
  ok (find_action_button (visible_page (window), "removal.remove", NULL) == NULL
        && !dialog_of_type (window, ADW_TYPE_MESSAGE_DIALOG),
      "…and has no Remove button, nor an action that works");
  ok (strstr (text, "3.4 Delete the worm") != NULL, "the steps by hand are there");
  save_page (window, "removal-readonly-en");
}

static void
enter_pin (BcWindow *window, const char *pin)
{
  GtkWindow *dialog = dialog_of_type (window, BC_TYPE_PIN_DIALOG);
  GtkWidget *entry = dialog ? find_widget_of_type (GTK_WIDGET (dialog), GTK_TYPE_PASSWORD_ENTRY)
                            : NULL;

  if (!entry)
    return;
  gtk_editable_set_text (GTK_EDITABLE (entry), pin);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "pin.unlock", NULL);
  pump (300);
}

static gboolean
pin_ready (BcWindow *window)
{
  return bc_pin_throttle_wait (bc_pin_staff_throttle ()) == 0;
}

static void
test_kiosk (BcWindow *window)
{
  BcSession *session = bc_window_get_session (window);

  if (!ok (go_to (window, "recovery"), "the wizard reaches Recovery (on %s)", page_id (window)))
    return;
  if (!ok (press (window, "removal.remove"), "Remove it for me can be pressed at a kiosk"))
    return;
  ok (dialog_of_type (window, BC_TYPE_PIN_DIALOG) != NULL
        && dialog_of_type (window, ADW_TYPE_MESSAGE_DIALOG) == NULL,
      "it asks for the staff PIN first, not yet whether to remove");
  enter_pin (window, "0000");
  ok (dialog_of_type (window, BC_TYPE_PIN_DIALOG) != NULL
        && dialog_of_type (window, ADW_TYPE_MESSAGE_DIALOG) == NULL
        && exists ("WINDOWS/system32/msblast.exe") && !exists ("BlasterCheck-Quarantine")
        && !bc_session_is_removing (session) && !bc_session_get_removal (session),
      "a wrong PIN changes nothing");
  /* The wait after a wrong PIN, and the prompt's own look at it (four times a second). */
  pump_until (pin_ready, window, 5000);
  pump (400);
  enter_pin (window, PIN);
  ok (dialog_of_type (window, BC_TYPE_PIN_DIALOG) == NULL
        && dialog_of_type (window, ADW_TYPE_MESSAGE_DIALOG) != NULL,
      "the right PIN leads to the question");
  if (!ok (answer (window, "Remove"), "Remove is answered"))
    return;
  ok (pump_until (removal_idle, window, 60000) && !exists ("WINDOWS/system32/msblast.exe"),
      "the removal runs: msblast.exe is gone");
  ok (exists ("Documents and Settings/user/teekids.exe"),
      "the suspicious teekids.exe, not ticked, stays");
  {
    g_autofree char *text = page_text (window);
    ok (strstr (text, "Suspicious: signs of the worm that need a closer look") != NULL,
        "…and the verdict after says suspicious, for it");
  }
  if (!ok (press (window, "removal.undo"), "Undo can be pressed"))
    return;
  ok (dialog_of_type (window, BC_TYPE_PIN_DIALOG) != NULL
        && dialog_of_type (window, ADW_TYPE_MESSAGE_DIALOG) == NULL,
      "Undo asks for the staff PIN first too");
  gtk_widget_activate_action (GTK_WIDGET (dialog_of_type (window, BC_TYPE_PIN_DIALOG)),
                              "pin.cancel", NULL);
  pump (200);
  ok (!exists ("WINDOWS/system32/msblast.exe")
        && bc_session_get_removal (session)->state == SCAN_REMOVAL_REMOVED,
      "Cancel at the PIN puts nothing back");
}

static void
test_suspicious (BcWindow *window)
{
  GtkWidget *check;
  GtkWidget *button;

  if (!ok (go_to (window, "recovery"), "the wizard reaches Recovery (on %s)", page_id (window)))
    return;
  check = find_widget_of_type (removal_view (window), GTK_TYPE_CHECK_BUTTON);
  button = find_action_button (visible_page (window), "removal.remove", NULL);
  ok (check && button && !gtk_widget_is_sensitive (button),
      "a suspicious file only: its box, and Remove, which does nothing until it is ticked");
  if (!check || !button)
    return;
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  pump (100);
  ok (gtk_widget_is_sensitive (button), "ticked, Remove works");
  if (!run_removal (window))
    return;
  {
    g_autofree char *text = page_text (window);
    ok (!exists ("Documents and Settings/user/teekids.exe")
          && strstr (text, "Suspicious: signs of the worm that need a closer look")
          && strstr (text, "Clean: no sign of the worm"),
        "teekids.exe is taken out: suspicious before, clean after");
  }
}

/* The earlier removal's folder in the quarantine (cut-short). */
#define EARLIER "BlasterCheck-Quarantine/20261201-120000"

/* A removal cut short right after its plan was written, as a kill leaves it: msblast.exe is
 * still at its place, the manifest says "removing" and the file's action "planned". */
static void
cut_short_removal (void)
{
  g_autofree char *folder = g_build_filename (fixture, EARLIER, NULL);
  g_autofree char *manifest = g_build_filename (folder, "manifest.json", NULL);
  g_autofree char *text = g_strdup_printf (
    "{\"format\": \"blaster-check-quarantine/1\", \"created\": \"2026-12-01T12:00:00Z\", "
    "\"state\": \"removing\", \"live\": false, \"separator\": \"/\", \"root\": \"%s\", "
    "\"actions\": [{\"what\": \"file\", \"state\": \"planned\", \"error\": null, "
    "\"path\": \"WINDOWS/system32/msblast.exe\", "
    "\"windows_location\": \"C:\\\\WINDOWS\\\\system32\\\\msblast.exe\", "
    "\"quarantined\": \"0001-msblast.exe.quarantined\", \"findings\": [0]}]}\n",
    fixture);

  g_mkdir_with_parents (folder, 0700);
  g_file_set_contents (manifest, text, -1, NULL);
}

static void
test_cut_short (BcWindow *window)
{
  BcSession *session = bc_window_get_session (window);
  const scan_removal *removal;
  g_autofree char *text = NULL;
  g_autofree char *earlier = NULL;
  g_autofree char *moved = g_build_filename (fixture, EARLIER, "0001-msblast.exe.quarantined",
                                             NULL);
  g_autofree char *manifest = g_build_filename (fixture, EARLIER, "manifest.json", NULL);
  g_autofree char *data = NULL;
  g_autofree char *moved_sha = NULL;
  gsize len = 0;
  gboolean all_done, names_worm = FALSE;
  GtkWidget *check;

  if (!ok (go_to (window, "recovery"), "the wizard reaches Recovery (on %s)", page_id (window)))
    return;
  text = page_text (window);
  ok (strstr (text, "C:\\WINDOWS\\system32\\msblast.exe: moved into the quarantine") != NULL,
      "the check saw msblast.exe still at its place, and the plan lists it");
  check = find_widget_of_type (removal_view (window), GTK_TYPE_CHECK_BUTTON);
  if (!ok (check != NULL, "the suspicious teekids.exe has its box"))
    return;
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  pump (100);
  if (!run_removal (window))
    return;
  removal = bc_session_get_removal (session);
  all_done = removal && removal->n_actions > 0;
  for (size_t i = 0; removal && i < removal->n_actions; i++)
    {
      all_done = all_done && removal->actions[i].state == SCAN_STEP_DONE;
      names_worm = names_worm || strstr (removal->actions[i].path, "msblast.exe") != NULL;
    }
  ok (all_done, "every action of this removal was done: none failed on a file already gone");
  ok (removal && !names_worm,
      "this removal did not try msblast.exe again: the earlier one, finished first, took it");
  if (g_file_get_contents (moved, &data, &len, NULL))
    moved_sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
  g_file_get_contents (manifest, &earlier, NULL, NULL);
  ok (!exists ("WINDOWS/system32/msblast.exe") && g_strcmp0 (moved_sha, kept_sha[0]) == 0
        && earlier && strstr (earlier, "\"state\": \"removed\""),
      "msblast.exe is in the earlier removal's quarantine byte for byte, and it is marked removed");
  ok (!exists ("Documents and Settings/user/teekids.exe"),
      "the ticked suspicious file was still taken out (found again in the new check)");
  ok (hive_has ("WINDOWS/system32/config/SOFTWARE", "Microsoft\\Windows\\CurrentVersion\\Run",
                "windows auto update") == 0,
      "the Run value is gone from the SOFTWARE hive");
  g_free (text);
  text = page_text (window);
  ok (strstr (text, "Clean: no sign of the worm") != NULL && strstr (text, "could not") == NULL,
      "the page says Clean after, and nothing 'could not' be done");
}

static void
test_no_windows (BcWindow *window)
{
  g_autofree char *text = NULL;

  if (!ok (go_to (window, "recovery"), "the wizard reaches Recovery (on %s)", page_id (window)))
    return;
  text = page_text (window);
  ok (find_action_button (visible_page (window), "removal.remove", NULL) == NULL
        && strstr (text, "Let this program remove it") == NULL,
      "no Remove for a folder without Windows");
  ok (strstr (text, "3.4 Delete the worm") != NULL, "the steps by hand are there");
}

static void
test_render (BcWindow *window)
{
  if (!go_to (window, "recovery"))
    return;
  save_page (window, "removal-before-en");
  set_language ("ar");
  save_page (window, "removal-before-ar");
  set_language ("en");
  if (!run_removal (window))
    return;
  save_page (window, "removal-after-en");
  set_language ("ar");
  save_page (window, "removal-after-ar");
  set_language ("en");
}

static void
build_disk (gboolean infected)
{
  /* make-hive.py reports on standard output: not TAP, it goes to the log instead. */
  int saved = dup (STDOUT_FILENO);
  g_autofree char *worm = NULL;
  g_autofree char *software = NULL;
  g_autofree char *system = NULL;

  fflush (stdout);
  dup2 (STDERR_FILENO, STDOUT_FILENO);
  fixture = build_fixture (FALSE);
  if (infected)
    {
      software = g_build_filename (fixture, "WINDOWS/system32/config/SOFTWARE", NULL);
      system = g_build_filename (fixture, "WINDOWS/system32/config/SYSTEM", NULL);
      g_unlink (software);
      g_unlink (system);
      make_hive (fixture, "WINDOWS/system32/config/SOFTWARE", "software-xp-sp1-blaster.json");
      make_hive (fixture, "WINDOWS/system32/config/SYSTEM", "system-rpcpatch.json");
      worm = g_build_filename (fixture, "WINDOWS/system32/msblast.exe", NULL);
      g_file_set_contents (worm, stand_in, sizeof stand_in - 1, NULL);
    }
  fflush (stdout);
  dup2 (saved, STDOUT_FILENO);
  close (saved);
  touch (fixture, "Documents and Settings/user/teekids.exe");
  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    kept_sha[i] = file_sha256 (kept[i]);
}

/* The read-only disk: a tmpfs at MOUNT_POINT in a mount namespace of this process's own
 * (unshare -m: it never reaches the system), the fixture copied in, then remounted read-only;
 * this program runs again inside it. */
static int
run_readonly (const char *argv0)
{
  g_autofree char *mount_point = g_dir_make_tmp ("blaster-ro-XXXXXX", NULL);
  const char *script = "{ mount -t tmpfs tmpfs \"$1\" && cp -a \"$2\"/. \"$1\"/ "
                       "&& mount -o remount,ro \"$1\"; } "
                       "|| { echo 'could not make the read-only disk' >&2; exit 99; }; "
                       "shift 2; exec \"$@\"";
  const char *argv[] = { "unshare", "-m", "--propagation", "private", "sh", "-c", script, "sh",
                         mount_point, fixture, argv0, "readonly-inside", mount_point, NULL };
  g_autoptr (GError) error = NULL;
  int status = -1;

  fflush (stdout);
  if (!g_spawn_sync (NULL, (char **) argv, NULL,
                     G_SPAWN_SEARCH_PATH | G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL, NULL, NULL,
                     &status, &error))
    {
      printf ("1..1\nnot ok 1 - unshare -m ran: %s\n", error->message);
      status = 1;
    }
  else if (WIFEXITED (status) && WEXITSTATUS (status) == 99)
    printf ("1..1\nnot ok 1 - a read-only tmpfs could be mounted (root, unshare -m)\n");
  g_rmdir (mount_point);
  return WIFEXITED (status) ? WEXITSTATUS (status) : 1;
}

int
main (int argc, char **argv)
{
  const char *args[3] = { NULL, NULL, NULL };
  int status;

  if (argc < 2)
    {
      fprintf (stderr,
               "usage: %s remove|readonly|kiosk|suspicious|cut-short|no-windows|render DIR\n",
               argv[0]);
      return 2;
    }
  mode = argv[1];
  if (g_str_equal (mode, "readonly-inside") && argc == 3)
    {
      /* Inside the namespace: the fixture is the read-only tmpfs. */
      fixture = g_strdup (argv[2]);
      args[0] = fixture;
      return run_app (argv[0], args, test_readonly, 0, 0);
    }
  if (g_str_equal (mode, "render") && argc == 3)
    render_dir = argv[2];
  else if (!g_str_equal (mode, "remove") && !g_str_equal (mode, "readonly")
           && !g_str_equal (mode, "kiosk") && !g_str_equal (mode, "suspicious")
           && !g_str_equal (mode, "no-windows") && !g_str_equal (mode, "cut-short"))
    {
      fprintf (stderr,
               "usage: %s remove|readonly|kiosk|suspicious|cut-short|no-windows|render DIR\n",
               argv[0]);
      return 2;
    }
  render_dir = render_dir ? render_dir : g_getenv ("BLASTER_CHECK_LAYOUT_PNG");

  /* Settings for this run only, never the user's. */
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  if (g_str_equal (mode, "no-windows"))
    {
      fixture = g_dir_make_tmp ("blaster-gui-XXXXXX", NULL);
      touch (fixture, "msblast.exe");
    }
  else
    build_disk (!g_str_equal (mode, "suspicious"));
  if (g_str_equal (mode, "cut-short"))
    cut_short_removal ();
  if (g_str_equal (mode, "readonly"))
    status = run_readonly (argv[0]);
  else
    {
      if (g_str_equal (mode, "kiosk"))
        {
          GSettings *settings = bc_config_settings ();
          if (!settings)
            {
              printf ("1..1\nnot ok 1 - the settings schema is installed (GSETTINGS_SCHEMA_DIR)\n");
              return 1;
            }
          g_settings_set_string (settings, "staff-pin-hash", PIN_HASH);
          g_settings_set_uint (settings, "idle-timeout", 600);
          args[0] = "--kiosk";
          args[1] = fixture;
        }
      else
        args[0] = fixture;
      status = run_app (argv[0], args,
                        g_str_equal (mode, "kiosk")        ? test_kiosk
                        : g_str_equal (mode, "render")     ? test_render
                        : g_str_equal (mode, "suspicious") ? test_suspicious
                        : g_str_equal (mode, "no-windows") ? test_no_windows
                        : g_str_equal (mode, "cut-short")  ? test_cut_short
                                                           : test_remove,
                        g_str_equal (mode, "render") ? 800 : 0,
                        g_str_equal (mode, "render") ? 600 : 0);
    }
  remove_tree (fixture);
  g_free (fixture);
  return status;
}
