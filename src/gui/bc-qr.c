/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "bc-qr.h"

#include <glib/gi18n.h>
#include <qrencode.h>

#define QUIET_ZONE 4 /* modules of white around the code, as the QR standard asks */

gboolean
bc_qr_draw (cairo_t *cr, const char *text, double x, double y, double size)
{
  QRcode *qr = QRcode_encodeString8bit (text, 0, QR_ECLEVEL_M);
  if (!qr)
    return FALSE;
  int modules = qr->width + 2 * QUIET_ZONE;
  double module = size / modules;

  cairo_save (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, x, y, size, size);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  /* No antialiasing: a scanner reads sharp edges; neighbouring modules merge without seams. */
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
  for (int row = 0; row < qr->width; row++)
    for (int col = 0; col < qr->width; col++)
      if (qr->data[row * qr->width + col] & 1)
        cairo_rectangle (cr, x + (col + QUIET_ZONE) * module, y + (row + QUIET_ZONE) * module,
                         module, module);
  cairo_fill (cr);
  cairo_restore (cr);
  QRcode_free (qr);
  return TRUE;
}

int
bc_qr_modules (const char *text)
{
  QRcode *qr = QRcode_encodeString8bit (text, 0, QR_ECLEVEL_M);
  int modules;

  if (!qr)
    return 0;
  modules = qr->width + 2 * QUIET_ZONE;
  QRcode_free (qr);
  return modules;
}

struct _BcQrView
{
  GtkWidget parent_instance;

  char *uri;
  int size;
  int modules; /* the code's side in modules, quiet zone included */
  GtkWidget *code; /* a GtkDrawingArea */
  GtkWidget *label;
};

G_DEFINE_FINAL_TYPE (BcQrView, bc_qr_view, GTK_TYPE_WIDGET)

static void
draw_code (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  BcQrView *self = BC_QR_VIEW (data);
  int side = MIN (width, height);

  /* Modules of whole pixels, all the same size: uneven ones (7, 8, 7… pixels) are what a
   * phone's camera misreads first. The square shrinks by less than one module to get them. */
  if (self->modules > 0 && side >= self->modules)
    side -= side % self->modules;
  bc_qr_draw (cr, self->uri, (width - side) / 2, (height - side) / 2, side);
}

static void
bc_qr_view_dispose (GObject *object)
{
  BcQrView *self = BC_QR_VIEW (object);
  g_clear_pointer (&self->code, gtk_widget_unparent);
  g_clear_pointer (&self->label, gtk_widget_unparent);
  G_OBJECT_CLASS (bc_qr_view_parent_class)->dispose (object);
}

static void
bc_qr_view_finalize (GObject *object)
{
  g_free (BC_QR_VIEW (object)->uri);
  G_OBJECT_CLASS (bc_qr_view_parent_class)->finalize (object);
}

static void
bc_qr_view_class_init (BcQrViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bc_qr_view_dispose;
  object_class->finalize = bc_qr_view_finalize;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "qrview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
bc_qr_view_init (BcQrView *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 6);
}

GtkWidget *
bc_qr_view_new (const char *uri, int size)
{
  BcQrView *self = g_object_new (BC_TYPE_QR_VIEW, NULL);
  g_autofree char *label = g_strdup_printf (_("QR code of %s"), uri);

  self->uri = g_strdup (uri);
  self->size = size;
  self->modules = bc_qr_modules (uri);
  self->code = gtk_drawing_area_new ();
  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (self->code), size);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self->code), size);
  gtk_widget_set_halign (self->code, GTK_ALIGN_CENTER);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->code), draw_code, self, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->code), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label, -1);
  gtk_widget_set_parent (self->code, GTK_WIDGET (self));

  /* The address under the code: a phone may not be at hand, and staff may type it. Broken
   * anywhere, but without the hyphen Pango would add there: it would read as part of it. */
  g_autoptr (PangoAttrList) attrs = pango_attr_list_new ();
  pango_attr_list_insert (attrs, pango_attr_insert_hyphens_new (FALSE));
  self->label = gtk_label_new (uri);
  gtk_label_set_attributes (GTK_LABEL (self->label), attrs);
  gtk_label_set_selectable (GTK_LABEL (self->label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (self->label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (self->label), PANGO_WRAP_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (self->label), 40);
  gtk_widget_set_parent (self->label, GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  return GTK_WIDGET (self);
}

const char *
bc_qr_view_get_uri (BcQrView *self)
{
  g_return_val_if_fail (BC_IS_QR_VIEW (self), NULL);
  return self->uri;
}
