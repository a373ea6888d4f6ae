/* ressenti-marker-watcher.h — markers heard when playback reaches them,
 * and which markers count (the filter)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A RessentiMarkerWatcher follows a RessentiPlayer and the review's
 * markers (a GListModel of RessentiMarkerItem in ressenti_marker_compare()
 * order, as RessentiReviewSession gives them). When playback *reaches* a
 * marker's start it emits ::reached and, given an announcer, makes the
 * marker heard: its earcon, its category ("Frustration / annoyance,
 * strong, customer") or everything (its span and text).
 *
 * What "reached" means — the rules, for a listener who hears rather than
 * sees:
 *
 * - Only playing through a marker reaches it. A jump (any
 *   ressenti_player_seek(), a step by unit, replay, a change of speed)
 *   reaches nothing it skipped, forward or backward: every jump in the app
 *   already says where it landed, a marker skipped is behind the listener
 *   and saying it would both cut off that landing message and suggest the
 *   listener is there; moving by marker (RESSENTI_NAV_UNIT_MARKER) is the
 *   way to find markers. A marker exactly where a jump lands is not said
 *   either: the step that landed there said it.
 * - Never a backlog. When several markers are crossed at once (fast
 *   playback, a stalled main loop) only the last one is said; markers
 *   within 100 ms (of real time) of the one reached are the same moment
 *   to a listener, and the last of them is said at once in its place; a
 *   marker reached while an earlier marker is probably still being spoken
 *   interrupts it (RESSENTI_ANNOUNCE_INTERRUPT), even when the "interrupt"
 *   setting is off. A marker whose moment is more than
 *   a second behind when it is noticed is dropped, never said late.
 * - A marker reached within a second after a jump waits for the jump's
 *   own message (queued) instead of cutting it off.
 * - Backward over an A–B loop's end counts as a new pass: the markers in
 *   the loop are said again on each pass.
 *
 * Precision: position ticks come every 50 ms, so the watcher schedules a
 * one-shot timer for the next marker from the last position, its time and
 * the speed (recomputed on each tick, jump, speed or state change and
 * change of the markers), and also catches crossings on the ticks, in case
 * the timer was late. The work per tick is a binary search in the model
 * (markers in time order): about 14 look-ups for 10,000 markers, and a
 * bounded scan for one that passes the filter.
 *
 * The filter applies both to what is heard during playback and to moving
 * by marker (ressenti-navigator.h): the UI passes the same filter to both.
 * A marker the filter leaves out is neither said nor ::reached.
 *
 * GTK-free; signals and notifications come on the thread-default main
 * context of the thread that made the watcher (the player's).
 */
#pragma once

#include <gio/gio.h>

#include "ressenti-announcer.h"
#include "ressenti-earcons.h"
#include "ressenti-marker-item.h"
#include "ressenti-marker.h"
#include "ressenti-player.h"
#include "ressenti-vocabulary.h"

G_BEGIN_DECLS

/* ------------------------------------------------------------------ */
/* The filter                                                          */
/* ------------------------------------------------------------------ */

/* Which side's markers. A marker on both sides concerns each side, so it
 * passes "customer" and "agent" alike. */
typedef enum
{
  RESSENTI_MARKER_FILTER_SIDE_ALL = 0,
  RESSENTI_MARKER_FILTER_SIDE_CUSTOMER,
  RESSENTI_MARKER_FILTER_SIDE_AGENT,
} RessentiMarkerFilterSide;

/* Which kind of entry: the customer's emotions or the agent's delivery. An
 * entry the vocabulary does not know (imported) has the kind of its side
 * (ressenti_side_vocabulary_kind()). */
typedef enum
{
  RESSENTI_MARKER_FILTER_KIND_ALL = 0,
  RESSENTI_MARKER_FILTER_KIND_CUSTOMER_EMOTION,
  RESSENTI_MARKER_FILTER_KIND_AGENT_DELIVERY,
} RessentiMarkerFilterKind;

typedef struct
{
  RessentiMarkerFilterKind  kind;
  RessentiMarkerFilterSide  side;
  char                     *entry_key;   /* one entry, or NULL for every entry */
} RessentiMarkerFilter;

#define RESSENTI_TYPE_MARKER_FILTER (ressenti_marker_filter_get_type ())
#define RESSENTI_TYPE_MARKER_FILTER_SIDE (ressenti_marker_filter_side_get_type ())
#define RESSENTI_TYPE_MARKER_FILTER_KIND (ressenti_marker_filter_kind_get_type ())
GType                 ressenti_marker_filter_get_type      (void);
GType                 ressenti_marker_filter_side_get_type (void);
GType                 ressenti_marker_filter_kind_get_type (void);

/* Every marker passes. */
RessentiMarkerFilter *ressenti_marker_filter_new      (void);
RessentiMarkerFilter *ressenti_marker_filter_copy     (const RessentiMarkerFilter *filter);
void                  ressenti_marker_filter_free     (RessentiMarkerFilter       *filter);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RessentiMarkerFilter, ressenti_marker_filter_free)
/* NULL counts as the filter that lets every marker pass. */
gboolean              ressenti_marker_filter_is_all   (const RessentiMarkerFilter *filter);
gboolean              ressenti_marker_filter_equal    (const RessentiMarkerFilter *a,
                                                       const RessentiMarkerFilter *b);
/* Whether @marker passes @filter (NULL: every marker). @vocabulary (may be
 * NULL) tells an entry's kind. */
gboolean              ressenti_marker_filter_matches  (const RessentiMarkerFilter *filter,
                                                       const RessentiMarker       *marker,
                                                       RessentiVocabulary         *vocabulary);
/* The filter as it is spoken, translated: "Markers: all", "Markers:
 * customer only, frustration / annoyance". @vocabulary names the entry
 * (NULL: its key). */
char                 *ressenti_marker_filter_describe (const RessentiMarkerFilter *filter,
                                                       RessentiVocabulary         *vocabulary);

/* ------------------------------------------------------------------ */
/* Markers in a model                                                  */
/* ------------------------------------------------------------------ */

/* The index in @markers (RessentiMarkerItem, in time order) of the first
 * marker passing @filter that starts strictly after @after_ms, or -1. */
int ressenti_marker_model_find_next     (GListModel                 *markers,
                                         const RessentiMarkerFilter *filter,
                                         RessentiVocabulary         *vocabulary,
                                         gint64                      after_ms);
/* The index of the last marker passing @filter that starts strictly before
 * @before_ms, or -1. */
int ressenti_marker_model_find_previous (GListModel                 *markers,
                                         const RessentiMarkerFilter *filter,
                                         RessentiVocabulary         *vocabulary,
                                         gint64                      before_ms);
/* Whether any marker of @markers passes @filter. */
gboolean ressenti_marker_model_any      (GListModel                 *markers,
                                         const RessentiMarkerFilter *filter,
                                         RessentiVocabulary         *vocabulary);

/* ------------------------------------------------------------------ */
/* The watcher                                                         */
/* ------------------------------------------------------------------ */

/* What is heard when a marker is reached. The nicks are the values of the
 * "marker-announce" setting. */
typedef enum
{
  RESSENTI_MARKER_ANNOUNCE_EARCON = 0,  /* "earcon": its earcon only */
  RESSENTI_MARKER_ANNOUNCE_CATEGORY,    /* "category": "Frustration, strong, customer" */
  RESSENTI_MARKER_ANNOUNCE_FULL,        /* "full": … its span and text too */
} RessentiMarkerAnnounce;

#define RESSENTI_TYPE_MARKER_ANNOUNCE (ressenti_marker_announce_get_type ())
GType ressenti_marker_announce_get_type (void);

#define RESSENTI_TYPE_MARKER_WATCHER (ressenti_marker_watcher_get_type ())
G_DECLARE_FINAL_TYPE (RessentiMarkerWatcher, ressenti_marker_watcher, RESSENTI, MARKER_WATCHER, GObject)

/* Watches @player. Until markers are set, nothing is reached. */
RessentiMarkerWatcher *ressenti_marker_watcher_new             (RessentiPlayer             *player);
RessentiPlayer        *ressenti_marker_watcher_get_player      (RessentiMarkerWatcher      *self);

/* The markers (RessentiMarkerItem, in ressenti_marker_compare() order);
 * NULL for none. Followed through ::items-changed. */
void                   ressenti_marker_watcher_set_markers     (RessentiMarkerWatcher      *self,
                                                                GListModel                 *markers);
GListModel            *ressenti_marker_watcher_get_markers     (RessentiMarkerWatcher      *self);
/* Names the markers and tells their kind; NULL: the built-in vocabulary. */
void                   ressenti_marker_watcher_set_vocabulary  (RessentiMarkerWatcher      *self,
                                                                RessentiVocabulary         *vocabulary);
RessentiVocabulary    *ressenti_marker_watcher_get_vocabulary  (RessentiMarkerWatcher      *self);
/* Copied; NULL: every marker. */
void                   ressenti_marker_watcher_set_filter      (RessentiMarkerWatcher      *self,
                                                                const RessentiMarkerFilter *filter);
const RessentiMarkerFilter *ressenti_marker_watcher_get_filter (RessentiMarkerWatcher      *self);

/* Where the words go; NULL: only ::reached (and the earcon). */
void                   ressenti_marker_watcher_set_announcer   (RessentiMarkerWatcher      *self,
                                                                RessentiAnnouncer          *announcer);
/* The earcons the entry's earcon is played with; NULL: none. In CATEGORY
 * and FULL the earcon starts with the words (it is over within 150 ms,
 * and it tells the kind of moment before the first word is understood);
 * the UI mutes the earcons (ressenti_earcons_set_muted()) when the user
 * turns earcons off. In EARCON mode with no earcons, or muted, or
 * unavailable, the category is said instead: a marker never passes in
 * silence by accident. */
void                   ressenti_marker_watcher_set_earcons     (RessentiMarkerWatcher      *self,
                                                                RessentiEarcons            *earcons);

/* "mode": the "marker-announce" setting. */
void                   ressenti_marker_watcher_set_mode        (RessentiMarkerWatcher      *self,
                                                                RessentiMarkerAnnounce      mode);
RessentiMarkerAnnounce ressenti_marker_watcher_get_mode        (RessentiMarkerWatcher      *self);
/* "interrupt": the "marker-interrupt" setting; TRUE by default. Off, a
 * marker waits behind what the app is saying — but never behind an
 * earlier marker (see the rules above). */
void                   ressenti_marker_watcher_set_interrupt   (RessentiMarkerWatcher      *self,
                                                                gboolean                    interrupt);
gboolean               ressenti_marker_watcher_get_interrupt   (RessentiMarkerWatcher      *self);
/* "pause-at-marker": the "marker-pause" setting. Playback pauses as the
 * marker is reached, then it is announced; playing again goes on from
 * there without saying it again. */
void                   ressenti_marker_watcher_set_pause_at_marker (RessentiMarkerWatcher  *self,
                                                                    gboolean                pause);
gboolean               ressenti_marker_watcher_get_pause_at_marker (RessentiMarkerWatcher  *self);

/* The text that is said for @marker in the current mode (NULL in EARCON
 * mode when the earcon can be heard), and the earcon played (or -1). For
 * the UI's history and for tests. */
char                  *ressenti_marker_watcher_describe        (RessentiMarkerWatcher      *self,
                                                                const RessentiMarker       *marker,
                                                                int                        *earcon);

G_END_DECLS
