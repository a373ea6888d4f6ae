/* ressenti-review-view.h — the listener's own review of the call shown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ressenti-recording.h"
#include "ressenti-review-session.h"
#include "ressenti-store.h"

G_BEGIN_DECLS

#define RESSENTI_TYPE_REVIEW_VIEW (ressenti_review_view_get_type ())
G_DECLARE_FINAL_TYPE (RessentiReviewView, ressenti_review_view, RESSENTI, REVIEW_VIEW, GtkWidget)

/* Loads the current user's review of @recording, if they have one; the
 * "session" property changes when it is there. */
void                   ressenti_review_view_show        (RessentiReviewView *self,
                                                         RessentiStore      *store,
                                                         RessentiRecording  *recording);
void                   ressenti_review_view_clear       (RessentiReviewView *self);
/* Starts the user's review (or opens the one they have) and says so. */
void                   ressenti_review_view_start       (RessentiReviewView *self);
/* The open review, or NULL when the user has none (yet). */
RessentiReviewSession *ressenti_review_view_get_session (RessentiReviewView *self);
/* Shows the review's status and counts again (after markers changed). */
void                   ressenti_review_view_refresh     (RessentiReviewView *self);

G_END_DECLS
