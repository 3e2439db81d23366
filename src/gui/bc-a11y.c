/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "bc-a11y.h"

/* GtkButton puts the raw label ("_Start") in the accessible label property and adds its label
 * child ("Start") by relation; without the property the name is the child's words alone. The
 * button sets the property again on each label change, before it notifies. */
static void
forget_raw_label (GtkWidget *button)
{
  if (gtk_button_get_use_underline (GTK_BUTTON (button)))
    gtk_accessible_reset_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL);
}

void
bc_a11y_name_mnemonic_buttons (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  if (GTK_IS_BUTTON (root) && !g_object_get_data (G_OBJECT (root), "bc-a11y-mnemonic"))
    {
      g_object_set_data (G_OBJECT (root), "bc-a11y-mnemonic", GINT_TO_POINTER (TRUE));
      g_signal_connect (root, "notify::label", G_CALLBACK (forget_raw_label), NULL);
      g_signal_connect (root, "notify::use-underline", G_CALLBACK (forget_raw_label), NULL);
      forget_raw_label (root);
    }
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    bc_a11y_name_mnemonic_buttons (c);
}

void
bc_a11y_name_expander_row (GtkWidget *row, const char *label)
{
  g_return_if_fail (GTK_IS_WIDGET (row));

  for (GtkWidget *c = gtk_widget_get_first_child (row); c; c = gtk_widget_get_next_sibling (c))
    {
      if (GTK_IS_LIST_BOX (c))
        gtk_accessible_update_property (GTK_ACCESSIBLE (c), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                        -1);
      if (GTK_IS_IMAGE (c) && gtk_widget_has_css_class (c, "expander-row-arrow"))
        gtk_accessible_update_state (GTK_ACCESSIBLE (c), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
      /* The rows of the "nested" list are the page's own. */
      if (!(GTK_IS_LIST_BOX (c) && gtk_widget_has_css_class (c, "nested")))
        bc_a11y_name_expander_row (c, label);
    }
}
