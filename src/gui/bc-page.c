/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "bc-page.h"

#include <glib/gi18n.h>

#include "bc-config.h"
#include "bc-links.h"
#include "bc-qr-dialog.h"

typedef struct
{
  BcSession *session;
  char *title;
  char *next_label;
  gboolean complete;
  gboolean can_go_back;
} BcPagePrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (BcPage, bc_page, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_SESSION,
  PROP_TITLE,
  PROP_COMPLETE,
  PROP_CAN_GO_BACK,
  PROP_NEXT_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
bc_page_real_applies (BcPageClass *klass, BcSession *session)
{
  return TRUE;
}

/* In constructed, not init: during init GObject shows each ancestor its own class, so the
 * subclass's style sheet is not visible yet. */
static void
bc_page_constructed (GObject *object)
{
  BcPage *self = BC_PAGE (object);
  static GHashTable *loaded; /* resource paths whose style sheet is on the display already */
  const char *css = BC_PAGE_GET_CLASS (self)->css_resource;
  GdkDisplay *display = gdk_display_get_default ();

  G_OBJECT_CLASS (bc_page_parent_class)->constructed (object);
  if (!css || !display)
    return;
  if (!loaded)
    loaded = g_hash_table_new (g_str_hash, g_str_equal);
  if (g_hash_table_contains (loaded, css))
    return;
  g_autoptr (GtkCssProvider) provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, css);
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_hash_table_add (loaded, (gpointer) css);
}

static void
bc_page_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))))
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (bc_page_parent_class)->dispose (object);
}

static void
bc_page_finalize (GObject *object)
{
  BcPagePrivate *priv = bc_page_get_instance_private (BC_PAGE (object));

  g_clear_object (&priv->session);
  g_free (priv->title);
  g_free (priv->next_label);
  G_OBJECT_CLASS (bc_page_parent_class)->finalize (object);
}

static void
bc_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  BcPage *self = BC_PAGE (object);
  BcPagePrivate *priv = bc_page_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, priv->session);
      break;
    case PROP_TITLE:
      g_value_set_string (value, priv->title);
      break;
    case PROP_COMPLETE:
      g_value_set_boolean (value, priv->complete);
      break;
    case PROP_CAN_GO_BACK:
      g_value_set_boolean (value, priv->can_go_back);
      break;
    case PROP_NEXT_LABEL:
      g_value_set_string (value, priv->next_label);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bc_page_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  BcPage *self = BC_PAGE (object);
  BcPagePrivate *priv = bc_page_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_SESSION:
      priv->session = g_value_dup_object (value);
      break;
    case PROP_TITLE:
      bc_page_set_title (self, g_value_get_string (value));
      break;
    case PROP_COMPLETE:
      bc_page_set_complete (self, g_value_get_boolean (value));
      break;
    case PROP_CAN_GO_BACK:
      bc_page_set_can_go_back (self, g_value_get_boolean (value));
      break;
    case PROP_NEXT_LABEL:
      bc_page_set_next_label (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bc_page_class_init (BcPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = bc_page_constructed;
  object_class->dispose = bc_page_dispose;
  object_class->finalize = bc_page_finalize;
  object_class->get_property = bc_page_get_property;
  object_class->set_property = bc_page_set_property;
  klass->applies = bc_page_real_applies;

  properties[PROP_SESSION]
    = g_param_spec_object ("session", NULL, NULL, BC_TYPE_SESSION,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE]
    = g_param_spec_string ("title", NULL, NULL, NULL,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COMPLETE]
    = g_param_spec_boolean ("complete", NULL, NULL, TRUE,
                            G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY
                              | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_GO_BACK]
    = g_param_spec_boolean ("can-go-back", NULL, NULL, TRUE,
                            G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY
                              | G_PARAM_STATIC_STRINGS);
  properties[PROP_NEXT_LABEL]
    = g_param_spec_string ("next-label", NULL, NULL, NULL,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
bc_page_init (BcPage *self)
{
}


void
bc_page_class_set_css (BcPageClass *klass, const char *resource_path)
{
  g_return_if_fail (BC_IS_PAGE_CLASS (klass));
  klass->css_resource = resource_path;
}

BcSession *
bc_page_get_session (BcPage *self)
{
  g_return_val_if_fail (BC_IS_PAGE (self), NULL);
  BcPagePrivate *priv = bc_page_get_instance_private (self);
  return priv->session;
}

const char *
bc_page_get_title (BcPage *self)
{
  g_return_val_if_fail (BC_IS_PAGE (self), NULL);
  BcPagePrivate *priv = bc_page_get_instance_private (self);
  return priv->title;
}

void
bc_page_set_title (BcPage *self, const char *title)
{
  g_return_if_fail (BC_IS_PAGE (self));
  BcPagePrivate *priv = bc_page_get_instance_private (self);
  if (g_strcmp0 (priv->title, title) == 0)
    return;
  g_free (priv->title);
  priv->title = g_strdup (title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

gboolean
bc_page_get_complete (BcPage *self)
{
  g_return_val_if_fail (BC_IS_PAGE (self), FALSE);
  BcPagePrivate *priv = bc_page_get_instance_private (self);
  return priv->complete;
}

void
bc_page_set_complete (BcPage *self, gboolean complete)
{
  g_return_if_fail (BC_IS_PAGE (self));
  BcPagePrivate *priv = bc_page_get_instance_private (self);
  if (priv->complete == !!complete)
    return;
  priv->complete = !!complete;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETE]);
}

gboolean
bc_page_get_can_go_back (BcPage *self)
{
  g_return_val_if_fail (BC_IS_PAGE (self), FALSE);
  BcPagePrivate *priv = bc_page_get_instance_private (self);
  return priv->can_go_back;
}

void
bc_page_set_can_go_back (BcPage *self, gboolean can_go_back)
{
  g_return_if_fail (BC_IS_PAGE (self));
  BcPagePrivate *priv = bc_page_get_instance_private (self);
  if (priv->can_go_back == !!can_go_back)
    return;
  priv->can_go_back = !!can_go_back;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_GO_BACK]);
}

const char *
bc_page_get_next_label (BcPage *self)
{
  g_return_val_if_fail (BC_IS_PAGE (self), NULL);
  BcPagePrivate *priv = bc_page_get_instance_private (self);
  return priv->next_label;
}

void
bc_page_set_next_label (BcPage *self, const char *label)
{
  g_return_if_fail (BC_IS_PAGE (self));
  BcPagePrivate *priv = bc_page_get_instance_private (self);
  if (g_strcmp0 (priv->next_label, label) == 0)
    return;
  g_free (priv->next_label);
  priv->next_label = g_strdup (label);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_LABEL]);
}

/* The title for ADDRESS's QR code: the advisory link it belongs to, in the wizard's language
 * (with the note that says what the address is, when it is a link's second one), else its
 * host. Pages pass only the address, so the title is found here, once for every page. */
static char *
link_title (const char *address, char **note)
{
  g_autoptr (GPtrArray) links = bc_links_load (NULL);

  *note = NULL;
  for (guint i = 0; links && i < links->len; i++)
    {
      const BcLink *link = g_ptr_array_index (links, i);
      if (g_strcmp0 (bc_link_best_address (link), address) == 0)
        return g_strdup (link->title);
    }
  for (guint i = 0; links && i < links->len; i++)
    {
      const BcLink *link = g_ptr_array_index (links, i);
      if (g_strcmp0 (link->catalog, address) == 0)
        {
          *note = g_strdup (link->catalog_note);
          return g_strdup (link->title);
        }
    }
  g_autoptr (GUri) uri = g_uri_parse (address, G_URI_FLAGS_NONE, NULL);
  return g_strdup (uri && g_uri_get_host (uri) ? g_uri_get_host (uri) : address);
}

/* ADDRESS as a QR code over the page, titled with its link. WHY, when not NULL, says first why
 * the code is shown rather than the page. */
static void
show_qr (BcPage *self, const char *address, const char *why)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWindow *parent = GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
  g_autofree char *note = NULL;
  g_autofree char *title = link_title (address, &note);
  g_autofree char *shown = why && note ? g_strdup_printf ("%s\n%s", why, note)
                                       : g_strdup (why ? why : note);
  GtkWidget *dialog = bc_qr_dialog_new (parent, title, shown, address);

  /* A page that leaves the screen takes its code with it: an idle reset or "I'm done" returns
   * to Welcome, and the next customer must not find the last one's link. */
  g_signal_connect_object (self, "unmap", G_CALLBACK (gtk_window_destroy), dialog,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

typedef struct
{
  GWeakRef page;
  char *address;
} ShowUri;

/* Where no browser can open the page (none installed: "Operation not supported"), the person
 * gets the address and its code for a phone, not an error that leads nowhere. */
static void
show_uri_done (GObject *source, GAsyncResult *result, gpointer data)
{
  ShowUri *request = data;
  g_autoptr (BcPage) page = g_weak_ref_get (&request->page);
  g_autoptr (GError) error = NULL;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (source), result, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && page
      && gtk_widget_get_mapped (GTK_WIDGET (page)))
    {
      g_debug ("no browser opened %s: %s", request->address, error->message);
      show_qr (page, request->address,
               _("No web browser could open the page on this computer. Here is its address "
                 "instead."));
    }
  g_weak_ref_clear (&request->page);
  g_free (request->address);
  g_free (request);
}

void
bc_page_show_uri (BcPage *self, const char *address)
{
  g_return_if_fail (BC_IS_PAGE (self));
  g_return_if_fail (address != NULL);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWindow *parent = GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;

  if (!bc_config_links_as_qr ())
    {
      ShowUri *request = g_new0 (ShowUri, 1);

      g_weak_ref_init (&request->page, self);
      request->address = g_strdup (address);
      /* gtk_show_uri_full (): GtkUriLauncher is newer than GTK 4.8. */
      gtk_show_uri_full (parent, address, GDK_CURRENT_TIME, NULL, show_uri_done, request);
      return;
    }
  show_qr (self, address, NULL);
}

void
bc_page_set_link_button_mode (GtkWidget *button, const char *qr_label)
{
  g_return_if_fail (GTK_IS_BUTTON (button));
  GtkWidget *content = gtk_button_get_child (GTK_BUTTON (button));

  if (!bc_config_links_as_qr () || !ADW_IS_BUTTON_CONTENT (content))
    return;
  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), "phone-symbolic");
  adw_button_content_set_label (ADW_BUTTON_CONTENT (content), qr_label);
}

gboolean
bc_page_type_applies (GType type, BcSession *session)
{
  g_return_val_if_fail (g_type_is_a (type, BC_TYPE_PAGE), FALSE);
  g_autoptr (GTypeClass) klass = g_type_class_ref (type);
  return BC_PAGE_CLASS (klass)->applies (BC_PAGE_CLASS (klass), session);
}

void
bc_page_shown (BcPage *self)
{
  g_return_if_fail (BC_IS_PAGE (self));
  if (BC_PAGE_GET_CLASS (self)->shown)
    BC_PAGE_GET_CLASS (self)->shown (self);
}

void
bc_page_leave_back (BcPage *self)
{
  g_return_if_fail (BC_IS_PAGE (self));
  if (BC_PAGE_GET_CLASS (self)->leave_back)
    BC_PAGE_GET_CLASS (self)->leave_back (self);
}

gboolean
bc_page_leave_forward (BcPage *self)
{
  g_return_val_if_fail (BC_IS_PAGE (self), FALSE);
  if (BC_PAGE_GET_CLASS (self)->leave_forward)
    return BC_PAGE_GET_CLASS (self)->leave_forward (self);
  return TRUE;
}
