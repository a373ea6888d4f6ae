/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "ressenti-atspi-util.h"

#include <string.h>

#define RAT_MAX_DEPTH   64
#define RAT_MAX_OBJECTS 20000

const char * const rat_default_app_names[] = {
  "ressenti",
  "io.github.ressenti.Ressenti",
  NULL,
};

/* libatspi asks every application for its cache; GTK 4.8 has none and
 * libatspi warns about it. Drop that one message, keep the others. */
static void
log_handler (const char     *domain,
             GLogLevelFlags  level,
             const char     *message,
             gpointer        user_data)
{
  if (message != NULL && strstr (message, "/org/a11y/atspi/cache") != NULL)
    return;
  g_log_default_handler (domain, level, message, user_data);
}

void
rat_init (void)
{
  int status;

  g_log_set_handler ("dbind", G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE, log_handler, NULL);
  status = atspi_init ();

  /* 1 means "already initialised". */
  if (status != 0 && status != 1)
    g_error ("atspi_init failed (%d): is the AT-SPI bus running?", status);
}

static gboolean
on_pump_timeout (gpointer data)
{
  gboolean *done = data;

  *done = TRUE;
  return G_SOURCE_REMOVE;
}

void
rat_pump (guint ms)
{
  gboolean done = FALSE;
  g_timeout_add (ms, on_pump_timeout, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

char *
rat_get_name (AtspiAccessible *obj)
{
  g_autoptr(GError) error = NULL;
  char *name = atspi_accessible_get_name (obj, &error);

  return name ? name : g_strdup ("");
}

char *
rat_get_description (AtspiAccessible *obj)
{
  g_autoptr(GError) error = NULL;
  char *desc = atspi_accessible_get_description (obj, &error);

  return desc ? desc : g_strdup ("");
}

char *
rat_labelled_by_text (AtspiAccessible *obj)
{
  return rat_relation_text (obj, ATSPI_RELATION_LABELLED_BY);
}

char *
rat_relation_text (AtspiAccessible   *obj,
                   AtspiRelationType  type)
{
  GArray *relations = atspi_accessible_get_relation_set (obj, NULL);
  GString *joined = NULL;

  for (guint i = 0; relations != NULL && i < relations->len; i++)
    {
      AtspiRelation *relation = g_array_index (relations, AtspiRelation *, i);

      if (atspi_relation_get_relation_type (relation) == type)
        for (int j = 0; j < atspi_relation_get_n_targets (relation); j++)
          {
            g_autoptr(RatAccessible) target = atspi_relation_get_target (relation, j);
            g_autofree char *name = target ? rat_get_name (target) : NULL;

            if (name == NULL || *g_strstrip (name) == '\0')
              continue;
            if (joined == NULL)
              joined = g_string_new (name);
            else
              g_string_append_printf (joined, " %s", name);
          }
      g_object_unref (relation);
    }
  if (relations != NULL)
    g_array_unref (relations);
  return joined ? g_string_free (joined, FALSE) : NULL;
}

char *
rat_get_spoken_name (AtspiAccessible *obj)
{
  char *by = rat_labelled_by_text (obj);

  return by != NULL ? by : rat_get_name (obj);
}

static GHashTable *
word_set (const char *text)
{
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GString *word = g_string_new (NULL);

  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c))
        g_string_append_unichar (word, c);
      else if (word->len > 0)
        {
          g_hash_table_add (set, g_strdup (word->str));
          g_string_truncate (word, 0);
        }
    }
  if (word->len > 0)
    g_hash_table_add (set, g_strdup (word->str));
  g_string_free (word, TRUE);
  return set;
}

char *
rat_words_missing (const char *a,
                   const char *b)
{
  g_autoptr(GHashTable) words_b = word_set (b);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GString *missing = g_string_new (NULL);
  GString *word = g_string_new (NULL);

  for (const char *p = a; p != NULL; p = *p ? g_utf8_next_char (p) : NULL)
    {
      gunichar c = *p ? g_utf8_get_char (p) : 0;

      if (c != 0 && g_unichar_isalnum (c))
        {
          g_string_append_unichar (word, c);
          continue;
        }
      if (word->len > 0 && !g_hash_table_contains (words_b, word->str))
        {
          if (missing->len > 0)
            g_string_append_c (missing, ' ');
          g_string_append (missing, word->str);
        }
      g_string_truncate (word, 0);
      if (c == 0)
        break;
    }
  g_string_free (word, TRUE);
  if (missing->len == 0)
    {
      g_string_free (missing, TRUE);
      return NULL;
    }
  return g_string_free (missing, FALSE);
}

gboolean
rat_words_subset (const char *a,
                  const char *b)
{
  g_autoptr(GHashTable) words_a = word_set (a);
  g_autoptr(GHashTable) words_b = word_set (b);
  GHashTableIter iter;
  gpointer word;

  g_hash_table_iter_init (&iter, words_a);
  while (g_hash_table_iter_next (&iter, &word, NULL))
    if (!g_hash_table_contains (words_b, word))
      return FALSE;
  return TRUE;
}

char *
rat_role_to_string (AtspiRole role)
{
  char *name;

  /* libatspi 2.56 (Debian 13) names it "button", 2.46 "push button": the
   * scripts use one name on both platforms. */
  if (role == ATSPI_ROLE_PUSH_BUTTON)
    return g_strdup ("push-button");
  name = atspi_role_get_name (role);
  if (name == NULL)
    return g_strdup_printf ("role-%d", (int) role);
  g_strdelimit (name, " ", '-');
  return name;
}

char *
rat_role_name (AtspiAccessible *obj)
{
  g_autoptr(GError) error = NULL;
  AtspiRole role = atspi_accessible_get_role (obj, &error);

  if (error != NULL)
    return g_strdup ("gone");
  return rat_role_to_string (role);
}

gboolean
rat_role_matches (AtspiAccessible *obj,
                  const char      *pattern)
{
  g_autofree char *role = NULL;
  g_auto(GStrv) alternatives = NULL;

  if (pattern == NULL || g_str_equal (pattern, "*") || g_str_equal (pattern, ""))
    return TRUE;
  role = rat_role_name (obj);
  alternatives = g_strsplit (pattern, "|", -1);
  for (guint i = 0; alternatives[i] != NULL; i++)
    {
      g_autofree char *want = g_strdup (g_strstrip (alternatives[i]));

      g_strdelimit (want, " _", '-');
      if (g_ascii_strcasecmp (want, role) == 0)
        return TRUE;
    }
  return FALSE;
}

gboolean
rat_has_state (AtspiAccessible *obj,
               AtspiStateType   state)
{
  g_autoptr(RatStateSet) set = atspi_accessible_get_state_set (obj);

  return set != NULL && atspi_state_set_contains (set, state);
}

static const char *
state_nick (AtspiStateType state)
{
  GEnumClass *klass = g_type_class_ref (ATSPI_TYPE_STATE_TYPE);
  GEnumValue *value = g_enum_get_value (klass, state);
  const char *nick = value ? value->value_nick : NULL;

  g_type_class_unref (klass);
  return nick;
}

gboolean
rat_state_from_name (const char     *name,
                     AtspiStateType *state)
{
  GEnumClass *klass = g_type_class_ref (ATSPI_TYPE_STATE_TYPE);
  g_autofree char *nick = g_ascii_strdown (name, -1);
  GEnumValue *value;

  g_strdelimit (nick, " _", '-');
  value = g_enum_get_value_by_nick (klass, nick);
  if (value != NULL)
    *state = value->value;
  g_type_class_unref (klass);
  return value != NULL;
}

char *
rat_states_string (AtspiAccessible *obj)
{
  g_autoptr(RatStateSet) set = atspi_accessible_get_state_set (obj);
  g_autoptr(GArray) states = NULL;
  GString *out = g_string_new (NULL);

  if (set == NULL)
    return g_string_free (out, FALSE);
  states = atspi_state_set_get_states (set);
  for (guint i = 0; i < states->len; i++)
    {
      const char *nick = state_nick (g_array_index (states, AtspiStateType, i));

      if (nick == NULL)
        continue;
      if (out->len > 0)
        g_string_append_c (out, ',');
      g_string_append (out, nick);
    }
  return g_string_free (out, FALSE);
}

static AtspiAccessible *
find_app_once (const char * const *names)
{
  AtspiAccessible *desktop = atspi_get_desktop (0);
  AtspiAccessible *found = NULL;
  int n;

  if (desktop == NULL)
    return NULL;
  n = atspi_accessible_get_child_count (desktop, NULL);
  for (int i = 0; i < n && found == NULL; i++)
    {
      g_autoptr(RatAccessible) app = atspi_accessible_get_child_at_index (desktop, i, NULL);
      g_autofree char *name = NULL;

      if (app == NULL)
        continue;
      name = rat_get_name (app);
      for (guint j = 0; names[j] != NULL; j++)
        if (g_str_equal (name, names[j]))
          {
            found = g_object_ref (app);
            break;
          }
    }
  g_object_unref (desktop);
  return found;
}

AtspiAccessible *
rat_find_app (const char * const *names,
              double              timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (timeout_s * G_USEC_PER_SEC);

  if (names == NULL || names[0] == NULL)
    names = rat_default_app_names;
  for (;;)
    {
      AtspiAccessible *app = find_app_once (names);

      if (app != NULL)
        {
          /* Always ask the application, never a stale cache: the tests
           * poll states and names that change under them. */
          atspi_accessible_set_cache_mask (app, ATSPI_CACHE_NONE);
          return app;
        }
      if (g_get_monotonic_time () >= deadline)
        return NULL;
      rat_pump (200);
    }
}

GPtrArray *
rat_get_windows (AtspiAccessible *app)
{
  GPtrArray *windows = g_ptr_array_new_with_free_func (g_object_unref);
  int n = atspi_accessible_get_child_count (app, NULL);

  for (int i = 0; i < n; i++)
    {
      AtspiAccessible *win = atspi_accessible_get_child_at_index (app, i, NULL);

      if (win == NULL)
        continue;
      if (!rat_has_state (win, ATSPI_STATE_VISIBLE))
        {
          g_object_unref (win);
          continue;
        }
      g_ptr_array_add (windows, win);
    }
  return windows;
}

gboolean
rat_has_size (AtspiAccessible *obj)
{
  AtspiComponent *component = atspi_accessible_get_component_iface (obj);
  AtspiRect *r;
  gboolean sized = TRUE;

  if (component == NULL)
    return TRUE;
  r = atspi_component_get_extents (component, ATSPI_COORD_TYPE_WINDOW, NULL);
  if (r != NULL && (r->width <= 0 || r->height <= 0))
    sized = FALSE;
  g_free (r);
  g_object_unref (component);
  return sized;
}

static RatVisit
realize_visit (AtspiAccessible *obj,
               const char      *path,
               guint            depth,
               gpointer         user_data)
{
  return RAT_VISIT_CONTINUE;
}

static guint rat_walk_plain (AtspiAccessible *root, RatVisitFunc func, gpointer user_data);

/* Whether @obj, the child of a stack page, is mapped. GTK 4.8 answers
 * GetAccessibleAtPoint with gtk_widget_pick(), which finds nothing in a
 * widget that is not mapped; but it also answers nothing when the widget
 * picked has no AT-SPI object yet (GTK creates them as they are asked for,
 * and never for the GtkText inside an entry). So: ask for every object of
 * the subtree first, then try the centre and the four corners. */
gboolean
rat_is_pickable (AtspiAccessible *obj)
{
  AtspiComponent *component = atspi_accessible_get_component_iface (obj);
  AtspiRect *r;
  gboolean pickable = FALSE;

  if (component == NULL)
    return TRUE;
  r = atspi_component_get_extents (component, ATSPI_COORD_TYPE_WINDOW, NULL);
  if (r != NULL && r->width > 0 && r->height > 0)
    {
      int inset_x = MIN (2, r->width / 2);
      int inset_y = MIN (2, r->height / 2);
      int points[5][2] = {
        { r->x + r->width / 2, r->y + r->height / 2 },
        { r->x + inset_x, r->y + inset_y },
        { r->x + r->width - 1 - inset_x, r->y + inset_y },
        { r->x + inset_x, r->y + r->height - 1 - inset_y },
        { r->x + r->width - 1 - inset_x, r->y + r->height - 1 - inset_y },
      };

      rat_walk_plain (obj, realize_visit, NULL);
      for (guint i = 0; i < G_N_ELEMENTS (points) && !pickable; i++)
        {
          AtspiAccessible *hit = atspi_component_get_accessible_at_point (component,
                                                                          points[i][0], points[i][1],
                                                                          ATSPI_COORD_TYPE_WINDOW, NULL);
          pickable = hit != NULL;
          g_clear_object (&hit);
        }
    }
  g_free (r);
  g_object_unref (component);
  return pickable;
}

typedef struct
{
  RatWalkFlags flags;
  RatVisitFunc func;
  gpointer     user_data;
  guint        count;
  gboolean     stopped;
} WalkState;

/* Objects without a Component interface are GTK's stack pages (4.8 inserts
 * one between a GtkStack and each child). */
static gboolean
is_stack_page (AtspiAccessible *obj)
{
  AtspiComponent *component = atspi_accessible_get_component_iface (obj);

  if (component == NULL)
    return TRUE;
  g_object_unref (component);
  return FALSE;
}

static void
walk (AtspiAccessible *obj,
      const char      *path,
      guint            depth,
      gboolean         parent_is_page,
      WalkState       *state)
{
  gboolean page = FALSE;
  int n;

  if (state->stopped || depth > RAT_MAX_DEPTH || state->count >= RAT_MAX_OBJECTS)
    return;
  if (!rat_has_state (obj, ATSPI_STATE_VISIBLE))
    return;
  if ((state->flags & RAT_WALK_ON_SCREEN) && !rat_has_size (obj))
    return;
  if ((state->flags & RAT_WALK_ON_SCREEN) && parent_is_page && !rat_is_pickable (obj))
    return;
  state->count++;
  switch (state->func (obj, path, depth, state->user_data))
    {
    case RAT_VISIT_STOP:
      state->stopped = TRUE;
      return;
    case RAT_VISIT_SKIP_CHILDREN:
      return;
    case RAT_VISIT_CONTINUE:
    default:
      break;
    }
  if ((state->flags & RAT_WALK_ON_SCREEN) && depth > 0)
    page = is_stack_page (obj);
  n = atspi_accessible_get_child_count (obj, NULL);
  for (int i = 0; i < n && !state->stopped; i++)
    {
      g_autoptr(RatAccessible) child = atspi_accessible_get_child_at_index (obj, i, NULL);
      g_autofree char *child_path = NULL;

      if (child == NULL)
        continue;
      child_path = *path ? g_strdup_printf ("%s.%d", path, i) : g_strdup_printf ("%d", i);
      walk (child, child_path, depth + 1, page, state);
    }
}

static guint
rat_walk_plain (AtspiAccessible *root,
                RatVisitFunc     func,
                gpointer         user_data)
{
  return rat_walk (root, RAT_WALK_VISIBLE, func, user_data);
}

guint
rat_walk (AtspiAccessible *root,
          RatWalkFlags     flags,
          RatVisitFunc     func,
          gpointer         user_data)
{
  WalkState state = { flags, func, user_data, 0, FALSE };

  walk (root, "", 0, FALSE, &state);
  return state.count;
}

char *
rat_describe (AtspiAccessible *obj)
{
  g_autofree char *role = rat_role_name (obj);
  g_autofree char *spoken = rat_get_spoken_name (obj);
  g_autofree char *atspi_name = rat_get_name (obj);
  g_autofree char *name = g_str_equal (spoken, atspi_name)
                          ? g_strdup_printf ("\"%s\"", spoken)
                          : g_strdup_printf ("\"%s\" (AT-SPI name \"%s\")", spoken, atspi_name);
  g_autofree char *desc = rat_get_description (obj);
  g_autofree char *states = rat_states_string (obj);
  g_autofree char *extents = NULL;
  AtspiComponent *component = atspi_accessible_get_component_iface (obj);

  /* The text of what the user types in. */
  if (rat_has_state (obj, ATSPI_STATE_EDITABLE))
    {
      AtspiText *text = atspi_accessible_get_text_iface (obj);

      if (text != NULL)
        {
          g_autofree char *contents = atspi_text_get_text (text, 0, atspi_text_get_character_count (text, NULL), NULL);
          char *tmp = name;

          name = g_strdup_printf ("%s text=\"%s\"", tmp, contents ? contents : "");
          g_free (tmp);
          g_object_unref (text);
        }
    }

  if (component != NULL)
    {
      AtspiRect *r = atspi_component_get_extents (component, ATSPI_COORD_TYPE_WINDOW, NULL);

      if (r != NULL)
        extents = g_strdup_printf (" @%d,%d %dx%d", r->x, r->y, r->width, r->height);
      g_free (r);
      g_object_unref (component);
    }
  if (*desc)
    return g_strdup_printf ("%s %s [%s] {%s}%s", role, name, desc, states, extents ? extents : "");
  return g_strdup_printf ("%s %s {%s}%s", role, name, states, extents ? extents : "");
}

static RatVisit
dump_visit (AtspiAccessible *obj,
            const char      *path,
            guint            depth,
            gpointer         user_data)
{
  g_autofree char *line = rat_describe (obj);

  g_print ("%*s%s  (%s)\n", (int) depth * 2, "", line, *path ? path : "window");
  return RAT_VISIT_CONTINUE;
}

void
rat_dump (AtspiAccessible *root,
          RatWalkFlags     flags,
          const char      *title)
{
  guint n;

  g_print ("--- dump of window \"%s\"%s\n", title,
           (flags & RAT_WALK_ON_SCREEN) ? " (on-screen objects)" : " (visible objects)");
  n = rat_walk (root, flags, dump_visit, NULL);
  g_print ("--- %u visible objects\n", n);
}
