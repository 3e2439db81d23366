/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The Finish page: the verdict once more in a few words, the report saved as a PDF or printed,
 * the customer's receipt printed (both documents drawn by BcReport), and starting over for the
 * next person. It is the last page: no Next. In kiosk mode no file chooser may open: Save is
 * gone, and printing the receipt is the main action; at home there is no receipt to speak of.
 */
#include "config.h"

#include "bc-finish-page.h"

#include <glib/gi18n.h>

#include "bc-config.h"
#include "bc-receipt.h"
#include "bc-report.h"
#include "bc-script.h"

/* What is being printed. */
typedef enum
{
  PRINT_REPORT,
  PRINT_RECEIPT,
} PrintKind;

struct _BcFinishPage
{
  BcPage parent_instance;

  GtkFileChooserNative *chooser; /* while the user picks where to save */
  GCancellable *printing;        /* while a print runs: cancelled by a reset */
  PrintKind print_kind;

  GtkWidget *save_button;
  GtkWidget *receipt_button;
  GtkWidget *receipt_label;
  GtkLabel *report_label;
  GtkLabel *start_over_label;

  GtkImage *verdict_icon;
  GtkLabel *infection_label;
  GtkLabel *vulnerability_label;
  GtkWidget *status_box;
  GtkImage *status_icon;
  GtkLabel *status_label;
};

G_DEFINE_FINAL_TYPE (BcFinishPage, bc_finish_page, BC_TYPE_PAGE)

/* The style class that goes with each verdict's icon. */
static const char *const verdict_classes[] = { "success", "warning", "error", "dim-label" };

static const char *
verdict_class (scan_infection verdict)
{
  switch (verdict)
    {
    case SCAN_INFECTION_CLEAN:
      return "success";
    case SCAN_INFECTION_SUSPICIOUS:
      return "warning";
    case SCAN_INFECTION_INFECTED:
      return "error";
    case SCAN_INFECTION_INCOMPLETE:
    default:
      return "dim-label";
    }
}

/* The one place where the page's buttons are enabled: one dialog at a time, and in kiosk mode
 * no Save (its file chooser would open the whole computer); the receipt is then the main action. */
static void
update_actions (BcFinishPage *self)
{
  gboolean idle = self->chooser == NULL && self->printing == NULL;
  gboolean kiosk = bc_config_kiosk ();

  if (!self->save_button)
    return; /* disposed: a print ended after the page was gone */

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "finish.save-pdf", idle && !kiosk);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "finish.print", idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "finish.print-receipt", idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "finish.start-over", idle);
  gtk_widget_set_visible (self->save_button, !kiosk);
  /* The receipt is the paper a counter hands over: at home there is none to speak of. */
  gtk_widget_set_visible (self->receipt_button, kiosk);
  gtk_widget_set_visible (self->receipt_label, kiosk);
  gtk_label_set_label (self->report_label,
                       kiosk ? _("The report lists what was checked, what was found, the symptoms "
                                 "you have seen, the recovery steps you have done, and the links. "
                                 "Print it to keep it, or to give it to whoever helps you with "
                                 "this PC.")
                             : _("The report lists what was checked, what was found, the symptoms "
                                 "you have seen, the recovery steps you have done, and the links. "
                                 "Save it or print it to keep it, or to give it to whoever helps "
                                 "you with this PC."));
  gtk_label_set_label (self->start_over_label,
                       kiosk ? _("Starting over forgets everything of this visit: the answers, "
                                 "the results and the steps done. Print the receipt or the report "
                                 "first if you want to keep them.")
                             : _("Starting over forgets everything entered here: the answers, the "
                                 "results and the steps done. Save or print the report first if "
                                 "you want to keep it."));
  if (kiosk)
    {
      gtk_widget_remove_css_class (self->save_button, "suggested-action");
      gtk_widget_add_css_class (self->receipt_button, "suggested-action");
    }
  else
    {
      gtk_widget_add_css_class (self->save_button, "suggested-action");
      gtk_widget_remove_css_class (self->receipt_button, "suggested-action");
    }
}

static void
update_summary (BcFinishPage *self)
{
  BcSession *session = bc_page_get_session (BC_PAGE (self));
  scan_infection infection = bc_session_get_infection (session, NULL);
  scan_vulnerability vulnerability = bc_session_get_vulnerability (session, NULL);

  gtk_image_set_from_icon_name (self->verdict_icon, bc_report_infection_icon (infection));
  for (gsize i = 0; i < G_N_ELEMENTS (verdict_classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->verdict_icon), verdict_classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self->verdict_icon), verdict_class (infection));
  gtk_label_set_label (self->infection_label, bc_report_infection_text (infection));
  gtk_label_set_label (self->vulnerability_label, bc_report_vulnerability_text (vulnerability));
}

/* Says what became of a save or a print; an error is shown in words, never dropped. */
static void
show_status (BcFinishPage *self, gboolean ok, const char *text)
{
  gtk_image_set_from_icon_name (self->status_icon,
                                ok ? "emblem-ok-symbolic" : "dialog-error-symbolic");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), ok ? "error" : "success");
  gtk_widget_add_css_class (GTK_WIDGET (self->status_icon), ok ? "success" : "error");
  gtk_label_set_label (self->status_label, text);
  gtk_widget_set_visible (self->status_box, TRUE);
}

static void
hide_status (BcFinishPage *self)
{
  gtk_widget_set_visible (self->status_box, FALSE);
  gtk_label_set_label (self->status_label, "");
}

static void
session_reset (BcFinishPage *self)
{
  /* An open print dialog would print the last person's papers for the next one. */
  if (self->printing)
    g_cancellable_cancel (self->printing);
  /* The next person must not see where the last one saved their report. */
  hide_status (self);
  update_summary (self);
}

/* Saving. */

static void
save_response (BcFinishPage *self, int response, GtkNativeDialog *dialog)
{
  g_autoptr (GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  gtk_native_dialog_destroy (dialog);
  g_clear_object (&self->chooser);
  update_actions (self);
  if (!file)
    return;

  path = g_file_get_path (file);
  if (!path)
    {
      g_autofree char *uri = g_file_get_uri (file);
      /* Translators: %s is an address such as smb://server/share/report.pdf */
      g_autofree char *text = g_strdup_printf (_("The report could not be saved: %s is not "
                                                 "a folder on this computer. Choose another "
                                                 "place."),
                                               uri);
      show_status (self, FALSE, text);
      return;
    }
  if (!bc_report_save_pdf (bc_page_get_session (BC_PAGE (self)), path, &error))
    {
      /* Translators: %s says why, e.g. "Error opening file …: Permission denied" */
      g_autofree char *text = g_strdup_printf (_("The report could not be saved: %s"),
                                               error->message);
      show_status (self, FALSE, text);
      return;
    }
  g_autofree char *shown = bc_script_display_filename (path);
  /* Translators: %s is the full path of the PDF file */
  g_autofree char *text = g_strdup_printf (_("The report was saved as %s"), shown);
  show_status (self, TRUE, text);
}

static void
save_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  BcFinishPage *self = BC_FINISH_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *name = g_date_time_format (now, "blaster-check-report-%Y-%m-%d.pdf");
  const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);

  if (self->chooser || self->printing)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Save the Report"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_pattern (filter, "*.pdf");
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  if (documents && g_file_test (documents, G_FILE_TEST_IS_DIR))
    {
      g_autoptr (GFile) folder = g_file_new_for_path (documents);
      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), folder, NULL);
    }
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (save_response), self,
                           G_CONNECT_SWAPPED);
  update_actions (self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* Printing: the report's or the receipt's pages, through the print dialog. */

static void
print_done (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (BcFinishPage) self = data;
  g_autoptr (GError) error = NULL;
  GtkPrintOperationResult outcome = bc_report_print_finish (BC_REPORT (source), result, &error);
  gboolean reset = g_cancellable_is_cancelled (self->printing);

  g_clear_object (&self->printing);
  update_actions (self);
  /* After a reset, whatever became of the last person's print is not the next one's business. */
  if (reset)
    return;
  if (outcome == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autofree char *text
        = self->print_kind == PRINT_RECEIPT
            /* Translators: %s says why */
            ? g_strdup_printf (_("The receipt could not be printed: %s"), error->message)
            /* Translators: %s says why */
            : g_strdup_printf (_("The report could not be printed: %s"), error->message);
      show_status (self, FALSE, text);
    }
  else if (outcome == GTK_PRINT_OPERATION_RESULT_APPLY)
    show_status (self, TRUE,
                 self->print_kind == PRINT_RECEIPT ? _("The receipt was sent to the printer.")
                                                   : _("The report was sent to the printer."));
}

/* The document is taken now: what the print shows is what the page shows. */
static void
print (BcFinishPage *self, PrintKind kind)
{
  BcSession *session = bc_page_get_session (BC_PAGE (self));
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr (BcReport) document = NULL;

  if (self->chooser || self->printing)
    return;
  document = kind == PRINT_RECEIPT ? bc_receipt_new (session) : bc_report_new (session);
  self->print_kind = kind;
  self->printing = g_cancellable_new ();
  hide_status (self);
  update_actions (self);
  bc_report_print_async (document, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, NULL,
                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->printing,
                         print_done, g_object_ref (self));
}

static void
print_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  print (BC_FINISH_PAGE (widget), PRINT_REPORT);
}

static void
print_receipt_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  print (BC_FINISH_PAGE (widget), PRINT_RECEIPT);
}

static void
start_over_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  /* The window owns starting over: the session is wiped and the first page shown. At a counter
   * it is "I'm Done": it asks first, and forgets the language, the clipboard and the rest too. */
  gtk_widget_activate_action (widget, bc_config_kiosk () ? "win.done" : "win.start-over", NULL);
}

/* GObject. */

static void
bc_finish_page_shown (BcPage *page)
{
  update_summary (BC_FINISH_PAGE (page));
}

static void
bc_finish_page_constructed (GObject *object)
{
  BcFinishPage *self = BC_FINISH_PAGE (object);
  BcSession *session;

  G_OBJECT_CLASS (bc_finish_page_parent_class)->constructed (object);
  session = bc_page_get_session (BC_PAGE (self));
  g_signal_connect_object (session, "changed", G_CALLBACK (update_summary), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "reset", G_CALLBACK (session_reset), self,
                           G_CONNECT_SWAPPED);
  if (bc_config_settings ())
    g_signal_connect_object (bc_config_settings (), "changed::kiosk-mode",
                             G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);
  update_summary (self);
}

static void
bc_finish_page_dispose (GObject *object)
{
  BcFinishPage *self = BC_FINISH_PAGE (object);

  if (self->chooser)
    {
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  if (self->printing)
    g_cancellable_cancel (self->printing);
  gtk_widget_dispose_template (GTK_WIDGET (self), BC_TYPE_FINISH_PAGE);
  G_OBJECT_CLASS (bc_finish_page_parent_class)->dispose (object);
}

static void
bc_finish_page_class_init (BcFinishPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  BcPageClass *page_class = BC_PAGE_CLASS (klass);

  object_class->constructed = bc_finish_page_constructed;
  object_class->dispose = bc_finish_page_dispose;
  page_class->shown = bc_finish_page_shown;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/blastercheck/BlasterCheck/bc-finish-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BcFinishPage, save_button);
  gtk_widget_class_bind_template_child (widget_class, BcFinishPage, receipt_button);
  gtk_widget_class_bind_template_child (widget_class, BcFinishPage, receipt_label);
  gtk_widget_class_bind_template_child (widget_class, BcFinishPage, report_label);
  gtk_widget_class_bind_template_child (widget_class, BcFinishPage, start_over_label);
  gtk_widget_class_bind_template_child (widget_class, BcFinishPage, verdict_icon);
  gtk_widget_class_bind_template_child (widget_class, BcFinishPage, infection_label);
  gtk_widget_class_bind_template_child (widget_class, BcFinishPage, vulnerability_label);
  gtk_widget_class_bind_template_child (widget_class, BcFinishPage, status_box);
  gtk_widget_class_bind_template_child (widget_class, BcFinishPage, status_icon);
  gtk_widget_class_bind_template_child (widget_class, BcFinishPage, status_label);

  gtk_widget_class_install_action (widget_class, "finish.save-pdf", NULL, save_activated);
  gtk_widget_class_install_action (widget_class, "finish.print", NULL, print_activated);
  gtk_widget_class_install_action (widget_class, "finish.print-receipt", NULL,
                                   print_receipt_activated);
  gtk_widget_class_install_action (widget_class, "finish.start-over", NULL,
                                   start_over_activated);
}

static void
bc_finish_page_init (BcFinishPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  bc_page_set_title (BC_PAGE (self), _("Finish"));
  update_actions (self);
}
