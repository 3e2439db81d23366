/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The Symptoms page: the advisory's error messages, recreated so that a user recognises them,
 * each with a "have you seen this?" answer that the verdict uses. Each answer is a string
 * property ("yes", "no", "unknown") kept in the session and installed as a property action, so
 * the answer buttons are plain actionable toggle buttons in the template, and answers survive
 * the rebuild on a language change. Answers are optional: the page is always complete.
 */
#include "config.h"

#include "bc-symptoms-page.h"

#include <glib/gi18n.h>

#include "bc-shutdown-dialog.h"

struct _BcSymptomsPage
{
  BcPage parent_instance;
};

G_DEFINE_FINAL_TYPE (BcSymptomsPage, bc_symptoms_page, BC_TYPE_PAGE)

/* One property per symptom, in BcSymptom order: PROP_x - 1 is the symptom. */
enum
{
  PROP_0,
  PROP_SHUTDOWN_DIALOG,
  PROP_RPC_ERROR,
  PROP_SVCHOST_ERROR,
  PROP_RESTARTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_STATIC_ASSERT (PROP_RESTARTS - 1 == BC_SYMPTOM_RESTARTS && N_PROPS - 1 == BC_SYMPTOM__COUNT);

/* The answers as the action targets in the template spell them. */
static const char *const answer_names[] = {
  [BC_ANSWER_UNKNOWN] = "unknown",
  [BC_ANSWER_YES] = "yes",
  [BC_ANSWER_NO] = "no",
};

static BcAnswer
answer_from_name (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (answer_names); i++)
    if (g_strcmp0 (name, answer_names[i]) == 0)
      return (BcAnswer) i;
  return BC_ANSWER_UNKNOWN;
}

/* An answer changed, here or anywhere (a reset wipes them all): the actions' states follow. */
static void
session_changed (BcSymptomsPage *self)
{
  for (guint prop = PROP_0 + 1; prop < N_PROPS; prop++)
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
bc_symptoms_page_constructed (GObject *object)
{
  BcSymptomsPage *self = BC_SYMPTOMS_PAGE (object);
  BcSession *session;

  G_OBJECT_CLASS (bc_symptoms_page_parent_class)->constructed (object);
  /* The session is a construct property: it is only there now, after init. */
  session = bc_page_get_session (BC_PAGE (self));
  if (session)
    g_signal_connect_object (session, "changed", G_CALLBACK (session_changed), self,
                             G_CONNECT_SWAPPED);
}

static void
bc_symptoms_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  BcSession *session = bc_page_get_session (BC_PAGE (object));

  switch (prop_id)
    {
    case PROP_SHUTDOWN_DIALOG:
    case PROP_RPC_ERROR:
    case PROP_SVCHOST_ERROR:
    case PROP_RESTARTS:
      g_value_set_static_string (value,
                                 answer_names[session
                                                ? bc_session_get_symptom (session, prop_id - 1)
                                                : BC_ANSWER_UNKNOWN]);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bc_symptoms_page_set_property (GObject *object, guint prop_id, const GValue *value,
                               GParamSpec *pspec)
{
  BcSession *session = bc_page_get_session (BC_PAGE (object));

  switch (prop_id)
    {
    case PROP_SHUTDOWN_DIALOG:
    case PROP_RPC_ERROR:
    case PROP_SVCHOST_ERROR:
    case PROP_RESTARTS:
      /* The session's "changed" brings the notification back here. */
      if (session)
        bc_session_set_symptom (session, prop_id - 1, answer_from_name (g_value_get_string (value)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bc_symptoms_page_class_init (BcSymptomsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const char *const names[] = {
    [PROP_SHUTDOWN_DIALOG] = "shutdown-dialog",
    [PROP_RPC_ERROR] = "rpc-error",
    [PROP_SVCHOST_ERROR] = "svchost-error",
    [PROP_RESTARTS] = "restarts",
  };

  object_class->constructed = bc_symptoms_page_constructed;
  object_class->get_property = bc_symptoms_page_get_property;
  object_class->set_property = bc_symptoms_page_set_property;

  for (guint prop = PROP_0 + 1; prop < N_PROPS; prop++)
    properties[prop] = g_param_spec_string (names[prop], NULL, NULL, "unknown",
                                            G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY
                                              | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (BC_TYPE_SHUTDOWN_DIALOG);
  bc_page_class_set_css (BC_PAGE_CLASS (klass),
                         "/io/github/blastercheck/BlasterCheck/bc-symptoms-page.css");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/blastercheck/BlasterCheck/bc-symptoms-page.ui");

  /* The answer buttons: symptoms.shutdown-dialog('yes') and so on. */
  for (guint prop = PROP_0 + 1; prop < N_PROPS; prop++)
    {
      g_autofree char *action = g_strconcat ("symptoms.", names[prop], NULL);
      gtk_widget_class_install_property_action (widget_class, action, names[prop]);
    }
}

static void
bc_symptoms_page_init (BcSymptomsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  bc_page_set_title (BC_PAGE (self), _("Symptoms"));
}
