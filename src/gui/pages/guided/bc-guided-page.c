/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The Checking by hand page: the advisory's check 2 (実行ファイルの有無) for someone at the PC
 * itself. Step A looks at Task Manager's processes, step B searches for the files; then one
 * Found / Not found answer per name of the advisory's list, kept in the session. The variants'
 * other names come from the catalogue, so a newer catalogue adds them here too.
 *
 * Each name has a stateful action "guided.answer-N" whose state is "yes", "no" or "" (not
 * answered yet); its radio buttons show that state, and the session is the one place the
 * answer lives: the actions follow the session's "changed" signal.
 */
#include "config.h"

#include "bc-guided-page.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "bc-a11y.h"
#include "bc-search-picture.h"
#include "bc-taskmgr-picture.h"

/* A real Windows program too: only the copy in System32\wins is Welchia (blaster-facts.md §1b). */
#define WELCHIA_NAME "dllhost.exe"

struct _BcGuidedPage
{
  BcPage parent_instance;

  AdwPreferencesGroup *answers_group;
  GtkWidget *wins_row;

  GSimpleActionGroup *actions;
  GPtrArray *names;   /* the names asked about, lower case: the advisory's first */
  gboolean wins_unsure; /* "Not sure": the session keeps it as not answered, the page as answered */
};

G_DEFINE_FINAL_TYPE (BcGuidedPage, bc_guided_page, BC_TYPE_PAGE)

static const char *
answer_state (BcAnswer answer)
{
  switch (answer)
    {
    case BC_ANSWER_YES:
      return "yes";
    case BC_ANSWER_NO:
      return "no";
    case BC_ANSWER_UNKNOWN:
    default:
      return "";
    }
}

static BcAnswer
state_answer (const char *state)
{
  if (g_str_equal (state, "yes"))
    return BC_ANSWER_YES;
  if (g_str_equal (state, "no"))
    return BC_ANSWER_NO;
  return BC_ANSWER_UNKNOWN;
}

static void
set_action_state (BcGuidedPage *self, const char *action_name, const char *state)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), action_name);
  g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_string (state));
}

/* The one place where the follow-up question is decided. Next is always possible: a name not
 * answered is a name not checked, which the Result says (and then never says "clean"). */
static void
update (BcGuidedPage *self)
{
  BcSession *session = bc_page_get_session (BC_PAGE (self));
  gboolean dllhost_found = bc_session_get_guided (session, WELCHIA_NAME) == BC_ANSWER_YES;

  gtk_widget_set_visible (self->wins_row, dllhost_found);
  bc_page_set_complete (BC_PAGE (self), TRUE);
}

/* The radio buttons show the session's answers, whoever set them. */
static void
session_changed (BcGuidedPage *self)
{
  BcSession *session = bc_page_get_session (BC_PAGE (self));
  BcAnswer in_wins = bc_session_get_guided_in_wins (session);

  if (!self->actions)
    return; /* disposed */
  for (guint i = 0; i < self->names->len; i++)
    {
      g_autofree char *action_name = g_strdup_printf ("answer-%u", i);
      set_action_state (self, action_name,
                        answer_state (bc_session_get_guided (session, self->names->pdata[i])));
    }
  if (in_wins != BC_ANSWER_UNKNOWN)
    self->wins_unsure = FALSE;
  set_action_state (self, "in-wins", self->wins_unsure ? "unsure" : answer_state (in_wins));
  update (self);
}

static void
session_reset (BcGuidedPage *self)
{
  self->wins_unsure = FALSE;
}

static void
answer_change_state (GSimpleAction *action, GVariant *value, gpointer data)
{
  BcGuidedPage *self = data;
  const char *name = g_object_get_data (G_OBJECT (action), "bc-name");
  BcAnswer answer = state_answer (g_variant_get_string (value, NULL));

  if (answer != BC_ANSWER_UNKNOWN)
    bc_session_set_guided (bc_page_get_session (BC_PAGE (self)), name, answer);
}

static void
in_wins_change_state (GSimpleAction *action, GVariant *value, gpointer data)
{
  BcGuidedPage *self = data;
  const char *state = g_variant_get_string (value, NULL);

  self->wins_unsure = g_str_equal (state, "unsure");
  /* "Not sure" leaves the session's answer unknown: the verdict then says the check is not
   * complete, which is the truth; this page only needs to know the question was seen. */
  bc_session_set_guided_in_wins (bc_page_get_session (BC_PAGE (self)), state_answer (state));
}

/* Radio buttons for ACTION_NAME, one per (label, target) pair: the dot shows the answer, not a
 * shade. ABOUT tells a screen reader what they answer, since each alone only says "Found". */
static GtkWidget *
answer_buttons (const char *action_name, const char *about, const char *const *labels,
                const char *const *targets, guint n)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  g_autofree char *detailed = g_strconcat ("guided.", action_name, NULL);

  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  for (guint i = 0; i < n; i++)
    {
      /* A check button with a string target is drawn and announced as a radio button. */
      GtkWidget *button = gtk_check_button_new_with_label (labels[i]);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), detailed);
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", targets[i]);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, about, -1);
      gtk_box_append (GTK_BOX (box), button);
    }
  return box;
}

/* What the catalogue says of NAME: "family, variant X"; NULL when it does not know the name. */
static char *
describe_name (const scan_rules *rules, const char *name)
{
  const scan_indicator *const *found = scan_rules_match_name (rules, name, strlen (name));

  for (; found && *found; found++)
    if ((*found)->kind == SCAN_IND_FILE && (*found)->variant)
      /* Translators: a worm and its variant, e.g. "Blaster / MSBlast / Lovsan, variant A" */
      return g_strdup_printf (_("%s, variant %s"), (*found)->variant->family_name,
                              (*found)->variant->id);
  return NULL;
}

static GtkWidget *
name_row (BcGuidedPage *self, const char *name, const char *subtitle)
{
  static const char *const targets[] = { "yes", "no" };
  const char *const labels[] = {
    /* Translators: the answer when a name was seen in Task Manager or Search */
    _("Found"),
    /* Translators: the answer when a name was seen neither in Task Manager nor in Search */
    _("Not found"),
  };
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *action_name = g_strdup_printf ("answer-%u", self->names->len);
  g_autoptr (GSimpleAction) action
    = g_simple_action_new_stateful (action_name, G_VARIANT_TYPE_STRING, g_variant_new_string (""));

  g_object_set_data_full (G_OBJECT (action), "bc-name", g_ascii_strdown (name, -1), g_free);
  g_signal_connect (action, "change-state", G_CALLBACK (answer_change_state), self);
  g_action_map_add_action (G_ACTION_MAP (self->actions), G_ACTION (action));
  g_ptr_array_add (self->names, g_ascii_strdown (name, -1));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  if (subtitle)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             answer_buttons (action_name, name, labels, targets, 2));
  return row;
}

static GtkWidget *
wins_question_row (void)
{
  static const char *const targets[] = { "yes", "no", "unsure" };
  const char *const labels[] = {
    /* Translators: answers to "Is this dllhost.exe in the folder …\wins?" */
    _("Yes"),
    _("No"),
    _("Not sure"),
  };
  const char *question = _("Is this dllhost.exe in the folder C:\\WINDOWS\\system32\\wins?");
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), question);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               _("To see the folder, use Search (step B): the In Folder column "
                                 "shows where each dllhost.exe is. One in C:\\WINDOWS\\system32 "
                                 "is the real one."));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             answer_buttons ("in-wins", question, labels, targets, 3));
  gtk_widget_add_css_class (row, "guided-followup");
  return row;
}

/* The rows are built once the session is known: the catalogue names the variants. */
static void
build_rows (BcGuidedPage *self)
{
  BcSession *session = bc_page_get_session (BC_PAGE (self));
  const scan_rules *rules = bc_session_get_rules (session);
  g_autoptr (GHashTable) asked = g_hash_table_new (g_str_hash, g_str_equal);
  const scan_indicator *indicators;
  GtkWidget *expander = NULL;
  size_t n;

  for (gsize i = 0; bc_session_guided_names ()[i]; i++)
    {
      const char *name = bc_session_guided_names ()[i];
      g_autofree char *variant = describe_name (rules, name);
      g_autofree char *subtitle = NULL;

      if (g_str_equal (name, WELCHIA_NAME))
        /* Translators: %s is a worm and its variant, e.g. "Welchia / Nachi, variant A" */
        subtitle = g_strdup_printf (_("Every PC has a real dllhost.exe, a part of Windows in "
                                      "the folder system32. Only a dllhost.exe in the folder "
                                      "system32\\wins is the worm (%s)."),
                                    variant ? variant : "Welchia");
      adw_preferences_group_add (self->answers_group,
                                 name_row (self, name, subtitle ? subtitle : variant));
      g_hash_table_add (asked, (gpointer) name);
      if (g_str_equal (name, WELCHIA_NAME))
        adw_preferences_group_add (self->answers_group, self->wins_row);
    }

  /* The other names of the catalogue's worm files. A name that a real Windows program also has
   * (svchost.exe) is left out: every PC would answer Found, and only the folder tells. */
  indicators = scan_rules_indicators (rules, &n);
  for (size_t i = 0; i < n; i++)
    {
      const scan_indicator *ind = &indicators[i];
      const scan_indicator *const *same;
      gboolean legit = FALSE;
      g_autofree char *lower = NULL;

      if (ind->kind != SCAN_IND_FILE || !ind->name)
        continue;
      lower = g_ascii_strdown (ind->name, -1);
      if (g_hash_table_contains (asked, lower))
        continue;
      for (same = scan_rules_match_name (rules, ind->name, strlen (ind->name)); same && *same;
           same++)
        legit |= (*same)->kind == SCAN_IND_LEGIT;
      if (legit)
        continue;
      if (!expander)
        {
          expander = adw_expander_row_new ();
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander),
                                         _("Other names of the variants"));
          adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander),
                                         _("Variants may use other names. Answer for these "
                                           "too if you can."));
          adw_preferences_group_add (self->answers_group, expander);
          bc_a11y_name_expander_row (expander, _("Other names of the variants"));
        }
      g_autofree char *variant = describe_name (rules, ind->name);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), name_row (self, lower, variant));
      g_hash_table_add (asked, (gpointer) self->names->pdata[self->names->len - 1]);
    }
}

static gboolean
bc_guided_page_applies (BcPageClass *klass, BcSession *session)
{
  return bc_session_get_target_kind (session) == BC_TARGET_BY_HAND;
}

static void
bc_guided_page_constructed (GObject *object)
{
  BcGuidedPage *self = BC_GUIDED_PAGE (object);
  BcSession *session = bc_page_get_session (BC_PAGE (self));

  G_OBJECT_CLASS (bc_guided_page_parent_class)->constructed (object);
  build_rows (self);
  g_signal_connect_object (session, "changed", G_CALLBACK (session_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "reset", G_CALLBACK (session_reset), self,
                           G_CONNECT_SWAPPED);
  session_changed (self);
}

static void
bc_guided_page_dispose (GObject *object)
{
  BcGuidedPage *self = BC_GUIDED_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), BC_TYPE_GUIDED_PAGE);
  g_clear_object (&self->actions);
  G_OBJECT_CLASS (bc_guided_page_parent_class)->dispose (object);
}

static void
bc_guided_page_finalize (GObject *object)
{
  BcGuidedPage *self = BC_GUIDED_PAGE (object);

  g_ptr_array_unref (self->names);
  G_OBJECT_CLASS (bc_guided_page_parent_class)->finalize (object);
}

static void
bc_guided_page_class_init (BcGuidedPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  BcPageClass *page_class = BC_PAGE_CLASS (klass);

  bc_page_class_set_css (page_class, "/io/github/blastercheck/BlasterCheck/bc-guided-page.css");
  object_class->constructed = bc_guided_page_constructed;
  object_class->dispose = bc_guided_page_dispose;
  object_class->finalize = bc_guided_page_finalize;
  page_class->applies = bc_guided_page_applies;

  g_type_ensure (BC_TYPE_TASKMGR_PICTURE);
  g_type_ensure (BC_TYPE_SEARCH_PICTURE);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/blastercheck/BlasterCheck/bc-guided-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BcGuidedPage, answers_group);
}

static void
bc_guided_page_init (BcGuidedPage *self)
{
  g_autoptr (GSimpleAction) in_wins
    = g_simple_action_new_stateful ("in-wins", G_VARIANT_TYPE_STRING, g_variant_new_string (""));

  gtk_widget_init_template (GTK_WIDGET (self));
  bc_page_set_title (BC_PAGE (self), _("Checking by hand"));

  self->names = g_ptr_array_new_with_free_func (g_free);
  self->actions = g_simple_action_group_new ();
  g_signal_connect (in_wins, "change-state", G_CALLBACK (in_wins_change_state), self);
  g_action_map_add_action (G_ACTION_MAP (self->actions), G_ACTION (in_wins));
  gtk_widget_insert_action_group (GTK_WIDGET (self), "guided", G_ACTION_GROUP (self->actions));
  self->wins_row = wins_question_row ();
}
