/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The wizard's window: a stack of pages in the order of bc-pages.c, and Back and Next. Which
 * page comes next is decided here alone, from the table and each page class's "applies". A page
 * is built when it is first shown, so starting the app (or switching its language) costs one
 * page, not ten.
 *
 * In kiosk mode (BcKiosk) the window cannot be closed by the customer: a close request (a window
 * manager's close button or Alt+F4, the window.close action) is refused, the title buttons are
 * gone, and "I'm done" wipes the session for the next customer once confirmed (bc_kiosk_done,
 * bc_window_wipe).
 */
#include "config.h"

#include "bc-window.h"

#include <glib/gi18n.h>

#include "bc-a11y.h"
#include "bc-config.h"
#include "bc-kiosk.h"
#include "bc-language.h"
#include "bc-page.h"
#include "bc-pages.h"

struct _BcWindow
{
  AdwApplicationWindow parent_instance;

  BcSession *session;
  BcPage *pages[16]; /* in table order; NULL until first shown */
  guint current;
  BcKiosk *kiosk; /* NULL outside kiosk mode */
  gboolean restore_pending; /* a wipe waits for a scan's thread to end (bc_session_get_busy) */

  AdwHeaderBar *header;
  AdwWindowTitle *window_title;
  GtkButton *done_button;
  GtkMenuButton *menu_button;
  GtkButton *back_button;
  AdwButtonContent *back_content;
  GtkMenuButton *language_button;
  GtkButton *next_button;
  GtkStack *stack;
  GtkOverlay *overlay;
};

G_DEFINE_FINAL_TYPE (BcWindow, bc_window, ADW_TYPE_APPLICATION_WINDOW)

enum
{
  PROP_0,
  PROP_SESSION,
  PROP_PAGE_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
applies (BcWindow *self, guint index)
{
  return bc_page_type_applies (bc_pages[index].get_type (), self->session);
}

/* The next page from INDEX in direction STEP (+1 or -1) that applies; -1 when there is none. */
static int
find_page (BcWindow *self, int index, int step)
{
  for (int i = index + step; i >= 0 && i < (int) bc_n_pages; i += step)
    if (applies (self, (guint) i))
      return i;
  return -1;
}

/* The one place where Back, Next and the step counter are decided. */
static void
update_actions (BcWindow *self)
{
  BcPage *page = self->pages[self->current];
  const char *label = bc_page_get_next_label (page);
  guint step = 0, steps = 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.back",
                                 find_page (self, self->current, -1) >= 0
                                   && bc_page_get_can_go_back (page));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.next",
                                 find_page (self, self->current, +1) >= 0
                                   && bc_page_get_complete (page));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.done", self->kiosk != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.staff-exit", self->kiosk != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->next_button),
                          find_page (self, self->current, +1) >= 0);
  /* Switching the language sets LANGUAGE in the environment, which is not safe while the scan's
   * thread may read it (libhivex does): the switch waits for the scan. */
  GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  GAction *language = app ? g_action_map_lookup_action (G_ACTION_MAP (app), "language") : NULL;
  if (G_IS_SIMPLE_ACTION (language))
    g_simple_action_set_enabled (G_SIMPLE_ACTION (language),
                                 !bc_session_is_scanning (self->session));
  /* Translators: the button that goes on to the next step */
  gtk_button_set_label (self->next_button, label ? label : _("_Next"));

  for (guint i = 0; i < bc_n_pages; i++)
    if (i == self->current || applies (self, i))
      {
        steps++;
        if (i <= self->current)
          step++;
      }
  g_autofree char *subtitle = g_strdup_printf (_("Step %u of %u"), step, steps);
  adw_window_title_set_title (self->window_title, bc_page_get_title (page));
  adw_window_title_set_subtitle (self->window_title, subtitle);
}

/* The window's own words, set in code so that a language switch reaches them too. */
static void
translate_chrome (BcWindow *self)
{
  gtk_window_set_title (GTK_WINDOW (self), _("Blaster Check"));
  /* Translators: the button that goes back to the previous step */
  adw_button_content_set_label (self->back_content, _("_Back"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->back_button), _("Go back one step"));
  /* Translators: keep the Japanese: whoever cannot read this language must find the menu */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->language_button), _("Language / 言語"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->language_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Language"), -1);

  /* Translators: kiosk mode: the customer is finished, and the wizard forgets everything */
  gtk_button_set_label (self->done_button, _("I’m _Done"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->done_button),
                               _("Forget everything entered here and start again for the next "
                                 "person"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->menu_button), _("Main menu"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->menu_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Main menu"), -1);
  g_autoptr (GMenu) menu = g_menu_new ();
  /* Translators: a menu item that turns large text on and off */
  g_menu_append (menu, _("_Large Text"), "app.large-text");
  gtk_menu_button_set_menu_model (self->menu_button, G_MENU_MODEL (menu));
}

static BcPage *ensure_page (BcWindow *self, guint index);

static void
show_page (BcWindow *self, guint index)
{
  self->current = index;
  gtk_stack_set_visible_child (self->stack, GTK_WIDGET (ensure_page (self, index)));
  update_actions (self);
  bc_page_shown (self->pages[index]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE_ID]);
}

static void
page_notify (BcWindow *self)
{
  update_actions (self);
}

static void
session_changed (BcWindow *self)
{
  update_actions (self);
}

static void
session_reset (BcWindow *self)
{
  show_page (self, 0);
}

static void
back_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  BcWindow *self = BC_WINDOW (widget);
  int prev = find_page (self, self->current, -1);

  if (prev < 0 || !bc_page_get_can_go_back (self->pages[self->current]))
    return;
  bc_page_leave_back (self->pages[self->current]);
  show_page (self, (guint) prev);
}

static void
next_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  BcWindow *self = BC_WINDOW (widget);
  int next = find_page (self, self->current, +1);

  if (next < 0 || !bc_page_get_complete (self->pages[self->current]))
    return;
  /* The page may have a question first (What to check: "no Windows on this disk"). */
  if (!bc_page_leave_forward (self->pages[self->current]))
    return;
  show_page (self, (guint) next);
}

static void
show_recovery_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  BcWindow *self = BC_WINDOW (widget);

  /* Asked for: the Recovery page now applies, whatever the verdict. */
  bc_session_set_recovery_wanted (self->session, TRUE);
  for (guint i = 0; i < bc_n_pages; i++)
    if (g_str_equal (bc_pages[i].id, "recovery") && applies (self, i))
      show_page (self, i);
}

static void
start_over_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  BcWindow *self = BC_WINDOW (widget);

  bc_session_reset (self->session); /* "reset" brings the window back to the first page */
}

static void
done_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  BcWindow *self = BC_WINDOW (widget);

  if (self->kiosk)
    bc_kiosk_done (self->kiosk); /* asks first, then wipes */
}

static void
staff_exit_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  BcWindow *self = BC_WINDOW (widget);

  if (self->kiosk)
    bc_kiosk_staff_exit (self->kiosk);
}

static gboolean
bc_window_close_request (GtkWindow *window)
{
  BcWindow *self = BC_WINDOW (window);

  if (self->kiosk)
    return TRUE; /* refused: only the staff exit ends a kiosk */
  return GTK_WINDOW_CLASS (bc_window_parent_class)->close_request (window);
}

static void
go_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  BcWindow *self = BC_WINDOW (widget);
  const char *id = g_variant_get_string (param, NULL);

  for (guint i = 0; i < bc_n_pages; i++)
    if (g_str_equal (bc_pages[i].id, id) && applies (self, i))
      show_page (self, i);
}

static void
clear_pages (BcWindow *self)
{
  for (guint i = 0; i < bc_n_pages; i++)
    if (self->pages[i])
      {
        g_signal_handlers_disconnect_by_data (self->pages[i], self);
        gtk_stack_remove (self->stack, GTK_WIDGET (self->pages[i]));
        self->pages[i] = NULL;
      }
}

static BcPage *
ensure_page (BcWindow *self, guint index)
{
  BcPage *page = self->pages[index];

  if (page)
    return page;
  page = g_object_new (bc_pages[index].get_type (), "session", self->session, NULL);
  self->pages[index] = page;
  gtk_stack_add_named (self->stack, GTK_WIDGET (page), bc_pages[index].id);
  g_signal_connect_swapped (page, "notify::complete", G_CALLBACK (page_notify), self);
  g_signal_connect_swapped (page, "notify::can-go-back", G_CALLBACK (page_notify), self);
  g_signal_connect_swapped (page, "notify::next-label", G_CALLBACK (page_notify), self);
  g_signal_connect_swapped (page, "notify::title", G_CALLBACK (page_notify), self);
  return page;
}

static void
bc_window_constructed (GObject *object)
{
  BcWindow *self = BC_WINDOW (object);

  G_OBJECT_CLASS (bc_window_parent_class)->constructed (object);
  g_signal_connect_object (self->session, "changed", G_CALLBACK (session_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "reset", G_CALLBACK (session_reset), self,
                           G_CONNECT_SWAPPED);
  if (bc_config_kiosk ())
    {
      self->kiosk = bc_kiosk_new (self);
      adw_header_bar_set_show_start_title_buttons (self->header, FALSE);
      adw_header_bar_set_show_end_title_buttons (self->header, FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->done_button), TRUE);
    }
  show_page (self, 0);
}

static void
bc_window_dispose (GObject *object)
{
  BcWindow *self = BC_WINDOW (object);

  if (self->session)
    bc_session_cancel_scan (self->session);
  g_clear_object (&self->kiosk);
  clear_pages (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), BC_TYPE_WINDOW);
  G_OBJECT_CLASS (bc_window_parent_class)->dispose (object);
}

static void
bc_window_finalize (GObject *object)
{
  BcWindow *self = BC_WINDOW (object);

  g_clear_object (&self->session);
  G_OBJECT_CLASS (bc_window_parent_class)->finalize (object);
}

static void
bc_window_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  BcWindow *self = BC_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_PAGE_ID:
      g_value_set_string (value, bc_window_get_page_id (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bc_window_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  BcWindow *self = BC_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bc_window_class_init (BcWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = bc_window_constructed;
  object_class->dispose = bc_window_dispose;
  object_class->finalize = bc_window_finalize;
  object_class->get_property = bc_window_get_property;
  object_class->set_property = bc_window_set_property;
  window_class->close_request = bc_window_close_request;

  properties[PROP_SESSION]
    = g_param_spec_object ("session", NULL, NULL, BC_TYPE_SESSION,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAGE_ID]
    = g_param_spec_string ("page-id", NULL, NULL, NULL,
                           G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_assert (bc_n_pages <= G_N_ELEMENTS (((BcWindow *) NULL)->pages));
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/blastercheck/BlasterCheck/bc-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BcWindow, header);
  gtk_widget_class_bind_template_child (widget_class, BcWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, BcWindow, done_button);
  gtk_widget_class_bind_template_child (widget_class, BcWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, BcWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, BcWindow, back_content);
  gtk_widget_class_bind_template_child (widget_class, BcWindow, language_button);
  gtk_widget_class_bind_template_child (widget_class, BcWindow, next_button);
  gtk_widget_class_bind_template_child (widget_class, BcWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, BcWindow, overlay);

  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_activated);
  gtk_widget_class_install_action (widget_class, "win.next", NULL, next_activated);
  gtk_widget_class_install_action (widget_class, "win.start-over", NULL, start_over_activated);
  gtk_widget_class_install_action (widget_class, "win.go", "s", go_activated);
  gtk_widget_class_install_action (widget_class, "win.show-recovery", NULL,
                                   show_recovery_activated);
  gtk_widget_class_install_action (widget_class, "win.done", NULL, done_activated);
  gtk_widget_class_install_action (widget_class, "win.staff-exit", NULL, staff_exit_activated);
  /* The staff exit: three modifiers and Q, which nobody presses by chance (README). */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_q,
                                       GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK,
                                       "win.staff-exit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "win.next", NULL);
}

/* One item per language of po/LINGUAS, each named in its own language. */
static GMenuModel *
language_menu (void)
{
  GMenu *menu = g_menu_new ();

  for (const char *const *code = bc_language_list (); *code; code++)
    {
      g_autoptr (GMenuItem) item = g_menu_item_new (bc_language_native_name (*code), NULL);
      g_menu_item_set_action_and_target (item, "app.language", "s", *code);
      g_menu_append_item (menu, item);
    }
  return G_MENU_MODEL (menu);
}

static void
bc_window_init (BcWindow *self)
{
  g_autoptr (GMenuModel) languages = language_menu ();

  gtk_widget_init_template (GTK_WIDGET (self));
  bc_a11y_name_mnemonic_buttons (GTK_WIDGET (self->next_button));
  gtk_menu_button_set_menu_model (self->language_button, languages);
  translate_chrome (self);
}

BcWindow *
bc_window_new (BcApplication *app, BcSession *session)
{
  return g_object_new (BC_TYPE_WINDOW, "application", app, "session", session, NULL);
}

BcSession *
bc_window_get_session (BcWindow *self)
{
  g_return_val_if_fail (BC_IS_WINDOW (self), NULL);
  return self->session;
}

const char *
bc_window_get_page_id (BcWindow *self)
{
  g_return_val_if_fail (BC_IS_WINDOW (self), NULL);
  return bc_pages[self->current].id;
}

void
bc_window_rebuild (BcWindow *self)
{
  guint current;

  g_return_if_fail (BC_IS_WINDOW (self));
  current = self->current;
  translate_chrome (self);
  clear_pages (self);
  gtk_stack_set_transition_type (self->stack, GTK_STACK_TRANSITION_TYPE_NONE);
  show_page (self, applies (self, current) ? current : 0);
  gtk_stack_set_transition_type (self->stack, GTK_STACK_TRANSITION_TYPE_SLIDE_LEFT_RIGHT);
}

void
bc_window_add_overlay (BcWindow *self, GtkWidget *widget)
{
  g_return_if_fail (BC_IS_WINDOW (self));
  gtk_overlay_add_overlay (self->overlay, widget);
}

/* Back to the defaults once no scan thread can read the environment any more. */
static void
restore_defaults (BcWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (bc_session_get_busy (self->session))
    {
      if (!self->restore_pending)
        g_signal_connect_object (self->session, "notify::busy", G_CALLBACK (restore_defaults),
                                 self, G_CONNECT_SWAPPED);
      self->restore_pending = TRUE;
      return;
    }
  if (self->restore_pending)
    g_signal_handlers_disconnect_by_func (self->session, restore_defaults, self);
  self->restore_pending = FALSE;
  if (BC_IS_APPLICATION (app))
    bc_application_restore_defaults (BC_APPLICATION (app));
  bc_window_rebuild (self);
}

/* Closes every window over this one: a page's dialog, a message, the PIN prompt. */
static void
close_dialogs (BcWindow *self)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  g_autoptr (GPtrArray) over = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) w = g_list_model_get_item (toplevels, i);
      for (GtkWindow *up = gtk_window_get_transient_for (w); up;
           up = gtk_window_get_transient_for (up))
        if (up == GTK_WINDOW (self))
          {
            g_ptr_array_add (over, g_object_ref (w));
            break;
          }
    }
  for (guint i = 0; i < over->len; i++)
    {
      /* Closing first lets a dialog answer (a print dialog ends its print job); one that stays
       * open after that goes anyway. */
      gtk_window_close (over->pdata[i]);
      gtk_window_destroy (over->pdata[i]);
    }
}

void
bc_window_wipe (BcWindow *self)
{
  GdkDisplay *display;

  g_return_if_fail (BC_IS_WINDOW (self));

  close_dialogs (self);
  gtk_menu_button_popdown (self->language_button);
  gtk_menu_button_popdown (self->menu_button);
  /* Answers, target, scan, report, steps, files: gone; the window shows the first page. */
  bc_session_reset (self->session);
  /* The language and large text back to the defaults, and every page built anew: no label
   * keeps the last person's folder or verdict, even on a page not shown. */
  restore_defaults (self);
  display = gtk_widget_get_display (GTK_WIDGET (self));
  gdk_clipboard_set_content (gdk_display_get_clipboard (display), NULL);
  gdk_clipboard_set_content (gdk_display_get_primary_clipboard (display), NULL);
}
