/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ressenti-a11y-audit: walks every window of the running application over
 * AT-SPI, as a screen reader sees it, and reports every interactive object
 * that Orca could not name: an empty accessible name, or a name that is a
 * widget type name ("GtkButton", "AdwSplitButton", "RessentiTimeline"),
 * which is what GTK 4.8 exposes for an unlabelled widget.
 *
 * GTK 4.8 marks only the toplevel SHOWING, so the walk keeps objects whose
 * state set has VISIBLE; the number of objects seen per window is printed,
 * so that an audit that checked nothing shows (and --min-objects fails).
 *
 * It also reports a name Orca 43 never speaks in full: GTK 4.8 joins the
 * label property and the labelled-by text, Orca speaks only the latter
 * ("Ctrl+O: Import files… (Everywhere) Import files…" is said "Import
 * files…"); and type names on containers Orca speaks as context
 * ("GtkStackPage panel").
 *
 * Output:
 *   WINDOW "title": N visible objects
 *   PROBLEM window="title" role=push-button path=0.1.3 name="GtkButton" ... why="..."
 *   EXCEPTION window="title": why (keyboard route: ...)
 *   RESULT: N problems in M windows
 *
 * Exit status: 0 when there is no problem, 1 otherwise (problems, an
 * expected window absent, a window with too few objects, the application
 * not found), 2 on a usage error.
 */

#include "ressenti-atspi-util.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

/* Roles a user acts on: each must have a real name. Scroll bars are left
 * out on purpose: GTK 4 never gives them focus and they belong to the
 * scrolled window, not to the app. */
static const AtspiRole interactive_roles[] = {
  ATSPI_ROLE_PUSH_BUTTON,
  ATSPI_ROLE_PUSH_BUTTON_MENU,
  ATSPI_ROLE_TOGGLE_BUTTON,
  ATSPI_ROLE_CHECK_BOX,
  ATSPI_ROLE_RADIO_BUTTON,
  ATSPI_ROLE_MENU,
  ATSPI_ROLE_MENU_ITEM,
  ATSPI_ROLE_CHECK_MENU_ITEM,
  ATSPI_ROLE_RADIO_MENU_ITEM,
  ATSPI_ROLE_COMBO_BOX,
  ATSPI_ROLE_ENTRY,
  ATSPI_ROLE_TEXT,
  ATSPI_ROLE_PASSWORD_TEXT,
  ATSPI_ROLE_SPIN_BUTTON,
  ATSPI_ROLE_SLIDER,
  ATSPI_ROLE_DIAL,
  ATSPI_ROLE_LIST_ITEM,
  ATSPI_ROLE_TABLE_CELL,
  ATSPI_ROLE_TABLE_ROW,
  ATSPI_ROLE_TREE_ITEM,
  ATSPI_ROLE_LINK,
  ATSPI_ROLE_PAGE_TAB,
  ATSPI_ROLE_EDITBAR,
};

/* Containers whose name Orca speaks when focus enters them. */
static const AtspiRole named_container_roles[] = {
  ATSPI_ROLE_LIST,
  ATSPI_ROLE_LIST_BOX,
  ATSPI_ROLE_TREE,
  ATSPI_ROLE_TREE_TABLE,
  ATSPI_ROLE_TABLE,
  ATSPI_ROLE_DIALOG,
  ATSPI_ROLE_ALERT,
};

/* Containers Orca speaks as context when focus moves into them, if they
 * have a name ("GtkStackPage panel." is what Orca 43 says when a GtkStack
 * page has no title). They may have no name; a type name is a problem. */
static const AtspiRole context_roles[] = {
  ATSPI_ROLE_PANEL,
  ATSPI_ROLE_GROUPING,
  ATSPI_ROLE_SECTION,
  ATSPI_ROLE_FORM,
  ATSPI_ROLE_TOOL_BAR,
  ATSPI_ROLE_PAGE_TAB_LIST,
  ATSPI_ROLE_STATUS_BAR,
  ATSPI_ROLE_INFO_BAR,
  ATSPI_ROLE_HEADING,
  ATSPI_ROLE_LANDMARK,
  ATSPI_ROLE_SPLIT_PANE,
};

/* Class names seen exposed as names on GTK 4.8 / libadwaita 1.2 (the
 * unlabelled widget, or its icon, gives its type name): always problems,
 * whatever --type-names says. */
static const char * const known_type_names[] = {
  "GtkButton", "GtkImage", "GtkMenuButton", "GtkToggleButton",
  "GtkListView", "GtkListItemWidget", "GtkListBox", "GtkStackPage",
  "GtkDrawingArea", "GtkLabel", "GtkBuiltinIcon", "AdwGizmo",
  NULL,
};

typedef struct
{
  GRegex *title;
  char   *why;
  char   *route;
} Exception;

static void
exception_free (gpointer data)
{
  Exception *e = data;

  g_regex_unref (e->title);
  g_free (e->why);
  g_free (e->route);
  g_free (e);
}

typedef struct
{
  const char *window_title;
  GHashTable *on_screen;
  GRegex     *type_name;
  guint       problems;
  gboolean    verbose;
} AuditState;

static gboolean
role_in (AtspiRole        role,
         const AtspiRole *roles,
         gsize            n)
{
  for (gsize i = 0; i < n; i++)
    if (roles[i] == role)
      return TRUE;
  return FALSE;
}

static gboolean
is_type_name (AuditState *state,
              const char *name)
{
  if (g_regex_match (state->type_name, name, 0, NULL))
    return TRUE;
  for (guint i = 0; known_type_names[i] != NULL; i++)
    if (g_str_equal (name, known_type_names[i]))
      return TRUE;
  return FALSE;
}

static void
report (AuditState      *state,
        AtspiAccessible *obj,
        AtspiRole        role,
        const char      *path,
        const char      *name,
        const char      *why)
{
  g_autofree char *role_name = rat_role_to_string (role);
  g_autofree char *desc = rat_get_description (obj);
  g_autofree char *states = rat_states_string (obj);

  /* GTK 4.8 keeps the hidden pages of a stack VISIBLE: say so, a problem
   * there is real but not on screen right now. */
  g_print ("PROBLEM window=\"%s\" role=%s path=%s name=\"%s\" description=\"%s\" states=%s on-screen=%s why=\"%s\"\n",
           state->window_title, role_name, path, name, desc, states,
           g_hash_table_contains (state->on_screen, path) ? "yes" : "no", why);
  state->problems++;
}

static RatVisit
audit_visit (AtspiAccessible *obj,
             const char      *path,
             guint            depth,
             gpointer         user_data)
{
  AuditState *state = user_data;
  g_autoptr(GError) error = NULL;
  AtspiRole role = atspi_accessible_get_role (obj, &error);
  g_autofree char *name = NULL;
  g_autofree char *stripped = NULL;
  /* Orca presents a combo box by its name and value; what is inside is
   * its machinery (AdwComboRow 1.2 shows its value with an unnamed
   * GtkListView) and never gets focus: checked by Tab on the real app. */
  RatVisit next = role == ATSPI_ROLE_COMBO_BOX ? RAT_VISIT_SKIP_CHILDREN : RAT_VISIT_CONTINUE;
  gboolean must_be_named;

  if (error != NULL)
    return RAT_VISIT_CONTINUE;
  must_be_named = role_in (role, interactive_roles, G_N_ELEMENTS (interactive_roles))
               || role_in (role, named_container_roles, G_N_ELEMENTS (named_container_roles));
  /* A focusable object of any other role (a custom widget, a drawing area)
   * is interactive too. Labels, the window itself and the scrolled windows
   * (GTK 4.8 marks them focusable, but they pass focus to their child and
   * Orca never lands on them) are left alone. */
  if (!must_be_named && depth > 0
      && role != ATSPI_ROLE_LABEL
      && role != ATSPI_ROLE_SCROLL_PANE
      && role != ATSPI_ROLE_VIEWPORT
      && rat_has_state (obj, ATSPI_STATE_FOCUSABLE))
    must_be_named = TRUE;
  name = rat_get_name (obj);
  stripped = g_strstrip (g_strdup (name));

  if (*stripped == '\0')
    {
      /* Unnamed containers are layout for Orca. */
      if (must_be_named)
        report (state, obj, role, path, name, "no name");
      return next;
    }

  if (is_type_name (state, stripped))
    {
      /* Named containers are spoken as context when focus enters them. */
      if (must_be_named || role_in (role, context_roles, G_N_ELEMENTS (context_roles)))
        report (state, obj, role, path, name, "a widget type name, what GTK exposes for an unlabelled widget");
      else if (state->verbose)
        {
          g_autofree char *role_name = rat_role_to_string (role);

          g_print ("NOTE window=\"%s\" role=%s path=%s name=\"%s\" (not interactive)\n",
                   state->window_title, role_name, path, name);
        }
      return next;
    }

  /* GTK 4.8 joins the label property and the names of the labelled-by
   * objects into the name, and Orca 43 then says only the labelled-by text
   * (and the description, after it). A label set on a widget libadwaita
   * already labels by relation (AdwActionRow, AdwButtonContent) is lost:
   * "Ctrl+O: Import files… (Everywhere) Import files…" is said "Import
   * files… Everywhere", never "Ctrl+O". Words said anyway are harmless
   * ("Back to the library Back to the library"). */
  if (must_be_named)
    {
      g_autofree char *by = rat_labelled_by_text (obj);
      g_autofree char *by_stripped = by != NULL ? g_strstrip (g_strdup (by)) : NULL;

      /* GTK 4.8 labels a button by its child: an icon-only button is
       * "labelled by" its GtkImage, and Orca 43 says "GtkImage" before
       * the accessible label. */
      if (by_stripped != NULL && is_type_name (state, by_stripped))
        {
          g_autofree char *why = g_strdup_printf ("Orca 43 says the labelled-by text \"%s\", a widget type name "
                                                  "(an icon-only button is labelled by its image: reset the "
                                                  "relation)", by_stripped);

          report (state, obj, role, path, name, why);
          return next;
        }
      if (by != NULL)
        {
          g_autofree char *desc = rat_get_description (obj);
          g_autofree char *described_by = rat_relation_text (obj, ATSPI_RELATION_DESCRIBED_BY);
          g_autofree char *said = g_strdup_printf ("%s %s %s", by, desc, described_by ? described_by : "");
          g_autofree char *missing = rat_words_missing (name, said);

          if (missing != NULL)
            {
              /* Orca 43 formats buttons and spin buttons as "labelAndName":
               * the labelled-by text, then the whole name when it has other
               * words, so the label is said twice or three times over
               * ("Previous Previous, by the chosen unit Previous push
               * button"); other roles as "labelOrName": the name is lost. */
              gboolean both = role == ATSPI_ROLE_PUSH_BUTTON || role == ATSPI_ROLE_SPIN_BUTTON;
              g_autofree char *why = both
                ? g_strdup_printf ("Orca 43 says the labelled-by text \"%s\", then this whole name again (\"%s %s\"): "
                                   "the label is not said on its own, its words \"%s\" only in a repeat", by, by, name, missing)
                : g_strdup_printf ("Orca 43 says the labelled-by text \"%s\" (and the description or described-by text), "
                                   "never these words of the name: %s", by, missing);

              report (state, obj, role, path, name, why);
            }
        }
    }
  return next;
}

static GPtrArray *
load_exceptions (const char  *file,
                 GError     **error)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (exception_free);

  if (!g_file_get_contents (file, &contents, NULL, error))
    return NULL;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      Exception *e;
      GRegex *re;

      g_strchomp (lines[i]);
      if (lines[i][0] == '\0' || lines[i][0] == '#')
        continue;
      fields = g_strsplit (lines[i], "\t", 3);
      if (g_strv_length (fields) != 3 || *g_strstrip (fields[1]) == '\0'
          || *g_strstrip (fields[2]) == '\0')
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                       "%s:%u: expected title-regex<TAB>why<TAB>keyboard route, all non-empty",
                       file, i + 1);
          return NULL;
        }
      re = g_regex_new (fields[0], 0, 0, error);
      if (re == NULL)
        {
          g_prefix_error (error, "%s:%u: ", file, i + 1);
          return NULL;
        }
      e = g_new0 (Exception, 1);
      e->title = re;
      e->why = g_strdup (fields[1]);
      e->route = g_strdup (fields[2]);
      g_ptr_array_add (list, e);
    }
  return g_steal_pointer (&list);
}

static Exception *
find_exception (GPtrArray  *exceptions,
                const char *title)
{
  for (guint i = 0; exceptions != NULL && i < exceptions->len; i++)
    {
      Exception *e = g_ptr_array_index (exceptions, i);

      if (g_regex_match (e->title, title, 0, NULL))
        return e;
    }
  return NULL;
}

static RatVisit
count_visit (AtspiAccessible *obj,
             const char      *path,
             guint            depth,
             gpointer         user_data)
{
  return RAT_VISIT_CONTINUE;
}

static RatVisit
collect_path_visit (AtspiAccessible *obj,
                    const char      *path,
                    guint            depth,
                    gpointer         user_data)
{
  g_hash_table_add (user_data, g_strdup (path));
  return RAT_VISIT_CONTINUE;
}

/* Waits until the expected windows are there and the number of visible
 * objects stops changing between two walks. */
static void
wait_settled (AtspiAccessible  *app,
              char            **expect_windows,
              gint64            deadline)
{
  guint last = G_MAXUINT;

  for (;;)
    {
      g_autoptr(GPtrArray) windows = rat_get_windows (app);
      guint total = 0;
      gboolean all_there = TRUE;

      for (guint i = 0; expect_windows != NULL && expect_windows[i] != NULL; i++)
        {
          gboolean there = FALSE;

          for (guint j = 0; j < windows->len && !there; j++)
            {
              g_autofree char *title = rat_get_name (g_ptr_array_index (windows, j));

              there = g_str_equal (title, expect_windows[i]);
            }
          all_there = all_there && there;
        }
      for (guint j = 0; j < windows->len; j++)
        total += rat_walk (g_ptr_array_index (windows, j), RAT_WALK_VISIBLE, count_visit, NULL);
      if (all_there && total == last && total > 0)
        return;
      last = total;
      if (g_get_monotonic_time () >= deadline)
        return;
      rat_pump (300);
    }
}

int
main (int    argc,
      char **argv)
{
  g_auto(GStrv) app_names = NULL;
  g_auto(GStrv) expect_windows = NULL;
  g_autofree char *exceptions_file = NULL;
  g_autofree char *only_window = NULL;
  g_autofree char *type_pattern = NULL;
  int min_objects = 1;
  double timeout = 30;
  gboolean dump = FALSE;
  gboolean verbose = FALSE;
  GOptionEntry entries[] = {
    { "app", 'a', 0, G_OPTION_ARG_STRING_ARRAY, &app_names,
      "AT-SPI name of the application (repeatable; default: ressenti, io.github.ressenti.Ressenti)", "NAME" },
    { "timeout", 't', 0, G_OPTION_ARG_DOUBLE, &timeout,
      "Seconds to wait for the application and the expected windows (default 30)", "S" },
    { "min-objects", 'm', 0, G_OPTION_ARG_INT, &min_objects,
      "Fail if an audited window has fewer visible objects (default 1)", "N" },
    { "expect-window", 'w', 0, G_OPTION_ARG_STRING_ARRAY, &expect_windows,
      "A window with this exact title must be there (repeatable)", "TITLE" },
    { "only-window", 'o', 0, G_OPTION_ARG_STRING, &only_window,
      "Audit only the windows whose title matches this regex", "REGEX" },
    { "exceptions", 'x', 0, G_OPTION_ARG_FILENAME, &exceptions_file,
      "Reviewed list of windows to skip: title-regex<TAB>why<TAB>keyboard route", "FILE" },
    { "type-names", 0, 0, G_OPTION_ARG_STRING, &type_pattern,
      "Regex of names that are widget type names (default ^(Gtk|Adw|Gdk|Ressenti)[A-Z])", "REGEX" },
    { "dump", 'd', 0, G_OPTION_ARG_NONE, &dump,
      "Print every visible object (role, name, description, states)", NULL },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose,
      "Also note type names on objects that are not interactive", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) exceptions = NULL;
  g_autoptr(GPtrArray) windows = NULL;
  g_autoptr(RatAccessible) app = NULL;
  g_autoptr(GRegex) only_re = NULL;
  g_autoptr(GRegex) type_re = NULL;
  g_autofree char *app_name = NULL;
  guint problems = 0;
  guint failures = 0;
  guint audited = 0;
  gint64 deadline;

  setlocale (LC_ALL, "");
  context = g_option_context_new ("- audit the accessible names of the running application");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("ressenti-a11y-audit: %s\n", error->message);
      return 2;
    }
  if (exceptions_file != NULL)
    {
      exceptions = load_exceptions (exceptions_file, &error);
      if (exceptions == NULL)
        {
          g_printerr ("ressenti-a11y-audit: %s\n", error->message);
          return 2;
        }
    }
  if (only_window != NULL)
    {
      only_re = g_regex_new (only_window, 0, 0, &error);
      if (only_re == NULL)
        {
          g_printerr ("ressenti-a11y-audit: --only-window: %s\n", error->message);
          return 2;
        }
    }
  type_re = g_regex_new (type_pattern ? type_pattern : "^(Gtk|Adw|Gdk|Ressenti)[A-Z]", 0, 0, &error);
  if (type_re == NULL)
    {
      g_printerr ("ressenti-a11y-audit: --type-names: %s\n", error->message);
      return 2;
    }

  rat_init ();
  deadline = g_get_monotonic_time () + (gint64) (timeout * G_USEC_PER_SEC);
  app = rat_find_app ((const char * const *) app_names, timeout);
  if (app == NULL)
    {
      g_print ("FAIL: no application named %s on the AT-SPI bus after %.0f s\n",
               app_names ? app_names[0] : "ressenti", timeout);
      return 1;
    }
  app_name = rat_get_name (app);
  g_print ("APPLICATION \"%s\"\n", app_name);
  wait_settled (app, expect_windows, deadline);

  for (guint i = 0; expect_windows != NULL && expect_windows[i] != NULL; i++)
    {
      gboolean there = FALSE;

      windows = rat_get_windows (app);
      for (guint j = 0; j < windows->len && !there; j++)
        {
          g_autofree char *title = rat_get_name (g_ptr_array_index (windows, j));

          there = g_str_equal (title, expect_windows[i]);
        }
      g_clear_pointer (&windows, g_ptr_array_unref);
      if (!there)
        {
          g_print ("FAIL: expected window \"%s\" is not there\n", expect_windows[i]);
          failures++;
        }
    }

  windows = rat_get_windows (app);
  for (guint i = 0; i < windows->len; i++)
    {
      AtspiAccessible *win = g_ptr_array_index (windows, i);
      g_autofree char *title = rat_get_name (win);
      g_autoptr(GHashTable) on_screen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      AuditState state = { title, on_screen, type_re, 0, verbose };
      Exception *e;
      guint n;

      if (only_re != NULL && !g_regex_match (only_re, title, 0, NULL))
        continue;
      e = find_exception (exceptions, title);
      if (e != NULL)
        {
          g_print ("EXCEPTION window=\"%s\": %s (keyboard route: %s)\n", title, e->why, e->route);
          if (dump)
            rat_dump (win, RAT_WALK_VISIBLE, title);
          continue;
        }
      if (dump)
        rat_dump (win, RAT_WALK_VISIBLE, title);
      rat_walk (win, RAT_WALK_ON_SCREEN, collect_path_visit, on_screen);
      n = rat_walk (win, RAT_WALK_VISIBLE, audit_visit, &state);
      g_print ("WINDOW \"%s\": %u visible objects\n", title, n);
      if ((int) n < min_objects)
        {
          g_print ("FAIL: window \"%s\" has %u visible objects, fewer than %d: the walk checked nothing\n",
                   title, n, min_objects);
          failures++;
        }
      problems += state.problems;
      audited++;
    }
  if (audited == 0)
    {
      g_print ("FAIL: no window audited\n");
      failures++;
    }
  g_print ("RESULT: %u problems in %u windows%s\n", problems, audited,
           failures ? ", and failures above" : "");
  return (problems == 0 && failures == 0) ? 0 : 1;
}
