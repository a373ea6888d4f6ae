/* ressenti-spoken.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Screen readers read "00:02:13" digit by digit or as a clock time; a
 * listener wants "2 minutes 13". These helpers build the natural forms, in
 * the user's language, with correct plurals.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ressenti-spoken.h"

char *
ressenti_spoken_duration (gint64 milliseconds)
{
  gint64 total = MAX (milliseconds, 0) / 1000;
  guint hours = (guint) (total / 3600);
  guint minutes = (guint) ((total % 3600) / 60);
  guint seconds = (guint) (total % 60);

  if (hours > 0 && minutes > 0)
    {
      g_autofree char *h = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u hour", "%u hours", hours), hours);
      g_autofree char *m = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u minute", "%u minutes", minutes), minutes);
      /* Translators: a duration such as "1 hour 5 minutes": %1$s is the
       * hours part, %2$s the minutes part. */
      return g_strdup_printf (_("%1$s %2$s"), h, m);
    }
  if (hours > 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u hour", "%u hours", hours), hours);
  if (minutes > 0 && seconds > 0)
    {
      g_autofree char *m = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u minute", "%u minutes", minutes), minutes);
      /* Translators: a duration such as "2 minutes 13" (seconds without
       * their unit, as people say it); %1$s is the minutes part, %2$u the
       * seconds. */
      return g_strdup_printf (_("%1$s %2$u"), m, seconds);
    }
  if (minutes > 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u minute", "%u minutes", minutes), minutes);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u second", "%u seconds", seconds), seconds);
}

char *
ressenti_spoken_date (GDateTime *date)
{
  g_autoptr(GDateTime) local = NULL;

  g_return_val_if_fail (date != NULL, NULL);

  local = g_date_time_to_local (date);
  /* Translators: how a call's date is spoken and shown, as a
   * g_date_time_format() string: "12 March 2026". Keep the day without a
   * leading zero (%-d). */
  return g_date_time_format (local, _("%-d %B %Y"));
}

char *
ressenti_spoken_call_count (guint n_calls)
{
  if (n_calls == 0)
    return g_strdup (_("No calls"));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u call", "%u calls", n_calls), n_calls);
}
