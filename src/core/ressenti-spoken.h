/* ressenti-spoken.h — numbers, durations and dates as a listener hears them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* "6 minutes 20", "1 hour 5 minutes", "45 seconds", "2 minutes" —
 * translated, never "00:06:20". Rounded down to the second. */
char *ressenti_spoken_duration (gint64 milliseconds);
/* "2 minutes 13 of 6 minutes 20": a position in a call, as spoken. */
char *ressenti_spoken_position (gint64 position_ms,
                                gint64 duration_ms);
/* "2:13", "1:02:05": a time as shown on screen (not spoken: screen readers
 * read clock forms badly). */
char *ressenti_clock_time      (gint64 milliseconds);
/* "2:13.250": the clock form with milliseconds, for marker times that
 * move by less than a second. */
char *ressenti_clock_time_precise (gint64 milliseconds);
/* Reads a time typed by a listener: "2:13", "1:02:05", "133" (seconds),
 * "2m13", "2 min 13 s", "1h5". Returns FALSE for anything else. */
gboolean ressenti_parse_time   (const char *text,
                                gint64     *milliseconds);
/* The same, also with a fraction of a second after the clock form or a
 * number of seconds: "2:13.25", "2:13,250", "133.5". */
gboolean ressenti_parse_time_precise (const char *text,
                                      gint64     *milliseconds);
/* "12 March 2026" / "12 mars 2026" in the local time zone. */
char *ressenti_spoken_date     (GDateTime *date);
/* "1 call" / "12 calls" and friends are built with ngettext by callers;
 * this gives "No calls", "1 call", "12 calls" for result counts. */
char *ressenti_spoken_call_count (guint n_calls);

/* The form in which typed text is compared: lower case, accents and
 * surrounding spaces removed ("Colère " → "colere"). */
char *ressenti_text_fold        (const char *text);
/* A label inside a sentence: "Frustration / annoyance" → "frustration /
 * annoyance", but "TV" stays "TV". */
char *ressenti_text_lower_first (const char *label);

G_END_DECLS
