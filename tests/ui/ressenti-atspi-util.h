/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ressenti-atspi-util: what the accessibility audit and the keyboard driver
 * share: finding the application on the AT-SPI bus, walking its visible
 * objects, naming roles and states.
 *
 * GTK 4.8 marks only the toplevel window SHOWING, so the walk follows the
 * VISIBLE state, not SHOWING.
 */
#pragma once

/* The libatspi 2.46 headers declare functions as "f ()": keep the
 * project's -Werror=strict-prototypes for our own code only. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstrict-prototypes"
#include <atspi/atspi.h>
#pragma GCC diagnostic pop

G_BEGIN_DECLS

/* libatspi 2.46 defines no autoptr cleanups; these aliases get ours
 * without clashing with a later libatspi that does. */
typedef AtspiAccessible RatAccessible;
typedef AtspiStateSet RatStateSet;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RatAccessible, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RatStateSet, g_object_unref)

/* The application names tried when none is given: the program name
 * (g_set_prgname) and the application id. */
extern const char * const rat_default_app_names[];

void              rat_init               (void);

/* Runs the default main context for about @ms milliseconds, so that AT-SPI
 * events and cache updates are processed. */
void              rat_pump               (guint ms);

/* Looks for a running application whose AT-SPI name is one of @names,
 * waiting up to @timeout_s seconds. Returns a new reference or NULL. */
AtspiAccessible  *rat_find_app           (const char * const *names,
                                          double              timeout_s);

/* A string that is never NULL. */
char             *rat_get_name           (AtspiAccessible *obj);
char             *rat_get_description    (AtspiAccessible *obj);

/* The text of the objects @obj is labelled by (LABELLED_BY relation),
 * joined by spaces, or NULL if there is none. */
char             *rat_labelled_by_text   (AtspiAccessible *obj);
/* The same for any relation (DESCRIBED_BY: what Orca adds as description). */
char             *rat_relation_text      (AtspiAccessible   *obj,
                                          AtspiRelationType  type);

/* What Orca 43 says for the object's name: the labelled-by text when there
 * is one, the accessible name otherwise (its "labelOrName", the formatting
 * of almost every role; orca/formatting.py). GTK 4.8 joins both into the
 * accessible name, so the two differ when a widget has both. */
char             *rat_get_spoken_name    (AtspiAccessible *obj);

/* Whether every word of @a (letters and digits) is in @b, as Orca 43
 * decides that a name is redundant to a label. */
gboolean          rat_words_subset       (const char      *a,
                                          const char      *b);

/* The words of @a (letters and digits) that are not in @b, space-separated,
 * in order; NULL if there are none. */
char             *rat_words_missing      (const char      *a,
                                          const char      *b);

/* The role name with spaces replaced by dashes: "push-button". */
char             *rat_role_name          (AtspiAccessible *obj);
char             *rat_role_to_string     (AtspiRole        role);

/* @pattern: a role name, with spaces or dashes ("push button",
 * "push-button"), or "*" for any role; several roles may be separated by
 * "|" ("push-button|toggle-button"). */
gboolean          rat_role_matches       (AtspiAccessible *obj,
                                          const char      *pattern);

gboolean          rat_has_state          (AtspiAccessible *obj,
                                          AtspiStateType   state);
char             *rat_states_string      (AtspiAccessible *obj);
/* Returns FALSE if @name is no state name ("focused", "visible", ...). */
gboolean          rat_state_from_name    (const char      *name,
                                          AtspiStateType  *state);

/* The visible top-level windows of @app (each a new reference). */
GPtrArray        *rat_get_windows        (AtspiAccessible *app);

typedef enum
{
  RAT_VISIT_CONTINUE,
  RAT_VISIT_SKIP_CHILDREN,
  RAT_VISIT_STOP,
} RatVisit;

typedef RatVisit (*RatVisitFunc) (AtspiAccessible *obj,
                                  const char      *path,
                                  guint            depth,
                                  gpointer         user_data);

typedef enum
{
  RAT_WALK_VISIBLE   = 0,
  /* Also leave out what is not on screen: GTK 4.8 keeps the hidden pages
   * of a GtkStack VISIBLE (it sets VISIBLE on every object it presents).
   * A page never shown has a 0x0 size; a page shown before keeps its old
   * extents, but GTK's hit test (GetAccessibleAtPoint) finds nothing in
   * it, since it is not mapped. */
  RAT_WALK_ON_SCREEN = 1 << 0,
} RatWalkFlags;

/* Visits @root and every descendant whose state set has VISIBLE, depth
 * first. @path is the index path from @root ("0.3.1"). The visitor may
 * skip the children of an object or stop the walk. Returns the number of
 * objects visited. */
guint             rat_walk               (AtspiAccessible *root,
                                          RatWalkFlags     flags,
                                          RatVisitFunc     func,
                                          gpointer         user_data);

gboolean          rat_is_pickable        (AtspiAccessible *obj);

/* FALSE when @obj has a component with no area (0 wide or 0 high: a
 * page never shown, a closed GtkRevealer). */
gboolean          rat_has_size           (AtspiAccessible *obj);

/* One line describing @obj: role "spoken name" (AT-SPI name "…", when it
 * differs) [description] {states} @x,y wxh. */
char             *rat_describe           (AtspiAccessible *obj);

/* Prints the tree of @root (visible objects) to stdout, indented. */
void              rat_dump               (AtspiAccessible *root,
                                          RatWalkFlags     flags,
                                          const char      *title);

G_END_DECLS
