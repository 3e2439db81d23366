/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The Finish page: the verdict once more in a few words, the report saved as a PDF or printed
 * (both drawn by BcReport), and starting over for the next person. It is the last page: no Next.
 */
#include "config.h"

#include "bc-finish-page.h"

#include <glib/gi18n.h>

#include "bc-report.h"

/* About the PDF's margins (56 pt). */
#define PRINT_MARGIN_MM 20.0

struct _BcFinishPage
{
  BcPage parent_instance;

  GtkFileChooserNative *chooser; /* while the user picks where to save */
  GtkPrintOperation *printing;   /* while a print runs */

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

/* The one place where the page's buttons are enabled: one dialog at a time. */
static void
update_actions (BcFinishPage *self)
{
  gboolean idle = self->chooser == NULL && self->printing == NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "finish.save-pdf", idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "finish.print", idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "finish.start-over", idle);
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
  g_autofree char *shown = g_filename_display_name (path);
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

/* Printing: the same pages as the PDF, on the paper the print dialog chooses. */

static void
begin_print (GtkPrintOperation *operation, GtkPrintContext *context, BcReport *report)
{
  int n_pages = bc_report_paginate (report, gtk_print_context_get_cairo_context (context),
                                    gtk_print_context_get_width (context),
                                    gtk_print_context_get_height (context));
  gtk_print_operation_set_n_pages (operation, n_pages);
}

static void
draw_page (GtkPrintOperation *operation, GtkPrintContext *context, int page, BcReport *report)
{
  bc_report_draw_page (report, gtk_print_context_get_cairo_context (context), page,
                       gtk_print_context_get_width (context),
                       gtk_print_context_get_height (context));
}

static void
print_done (BcFinishPage *self, GtkPrintOperationResult result, GtkPrintOperation *operation)
{
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autoptr (GError) error = NULL;
      gtk_print_operation_get_error (operation, &error);
      /* Translators: %s says why */
      g_autofree char *text = g_strdup_printf (_("The report could not be printed: %s"),
                                               error ? error->message : _("unknown error"));
      show_status (self, FALSE, text);
    }
  else if (result == GTK_PRINT_OPERATION_RESULT_APPLY)
    show_status (self, TRUE, _("The report was sent to the printer."));
  if (self->printing == operation)
    g_clear_object (&self->printing);
  update_actions (self);
}

static void
print_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  BcFinishPage *self = BC_FINISH_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr (GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr (GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  g_autoptr (GError) error = NULL;
  GtkPrintOperationResult result;
  BcReport *report;

  if (self->chooser || self->printing)
    return;

  /* The report is taken now: what the print shows is what the page shows. */
  report = bc_report_new (bc_page_get_session (BC_PAGE (self)));
  self->printing = gtk_print_operation_new ();
  g_object_set_data_full (G_OBJECT (self->printing), "bc-report", report, g_object_unref);
  gtk_page_setup_set_paper_size (setup, a4);
  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_PORTRAIT);
  /* The PDF's margins, so that both look alike; wider than any printer's own. */
  gtk_page_setup_set_top_margin (setup, PRINT_MARGIN_MM, GTK_UNIT_MM);
  gtk_page_setup_set_bottom_margin (setup, PRINT_MARGIN_MM, GTK_UNIT_MM);
  gtk_page_setup_set_left_margin (setup, PRINT_MARGIN_MM, GTK_UNIT_MM);
  gtk_page_setup_set_right_margin (setup, PRINT_MARGIN_MM, GTK_UNIT_MM);
  gtk_print_operation_set_default_page_setup (self->printing, setup);
  gtk_print_operation_set_unit (self->printing, GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (self->printing, TRUE);
  gtk_print_operation_set_job_name (self->printing, _("Blaster Check report"));
  gtk_print_operation_set_allow_async (self->printing, TRUE);
  g_signal_connect_object (self->printing, "begin-print", G_CALLBACK (begin_print), report, 0);
  g_signal_connect_object (self->printing, "draw-page", G_CALLBACK (draw_page), report, 0);
  g_signal_connect_object (self->printing, "done", G_CALLBACK (print_done), self,
                           G_CONNECT_SWAPPED);
  update_actions (self);

  result = gtk_print_operation_run (self->printing, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                                    GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, &error);
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autofree char *text = g_strdup_printf (_("The report could not be printed: %s"),
                                               error->message);
      show_status (self, FALSE, text);
      g_clear_object (&self->printing);
      update_actions (self);
    }
}

static void
start_over_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  /* The window owns starting over: the session is wiped and the first page shown. */
  gtk_widget_activate_action (widget, "win.start-over", NULL);
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
  g_clear_object (&self->printing);
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
  gtk_widget_class_bind_template_child (widget_class, BcFinishPage, verdict_icon);
  gtk_widget_class_bind_template_child (widget_class, BcFinishPage, infection_label);
  gtk_widget_class_bind_template_child (widget_class, BcFinishPage, vulnerability_label);
  gtk_widget_class_bind_template_child (widget_class, BcFinishPage, status_box);
  gtk_widget_class_bind_template_child (widget_class, BcFinishPage, status_icon);
  gtk_widget_class_bind_template_child (widget_class, BcFinishPage, status_label);

  gtk_widget_class_install_action (widget_class, "finish.save-pdf", NULL, save_activated);
  gtk_widget_class_install_action (widget_class, "finish.print", NULL, print_activated);
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
