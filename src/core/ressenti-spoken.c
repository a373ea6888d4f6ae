/* ressenti-spoken.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Screen readers read "00:02:13" digit by digit or as a clock time; a
 * listener wants "2 minutes 13". These helpers build the natural forms, in
 * the user's language, with correct plurals.
 */
#include "config.h"

#include <string.h>
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
ressenti_spoken_position (gint64 position_ms,
                          gint64 duration_ms)
{
  g_autofree char *position = ressenti_spoken_duration (position_ms);
  g_autofree char *duration = NULL;

  if (duration_ms < 0)
    return g_steal_pointer (&position);
  duration = ressenti_spoken_duration (duration_ms);
  /* Translators: a position in a call: %1$s is the position, %2$s the
   * call's length, e.g. "2 minutes 13 of 6 minutes 20". */
  return g_strdup_printf (_("%1$s of %2$s"), position, duration);
}

char *
ressenti_clock_time (gint64 milliseconds)
{
  gint64 total = MAX (milliseconds, 0) / 1000;

  if (total >= 3600)
    return g_strdup_printf ("%u:%02u:%02u", (guint) (total / 3600),
                            (guint) ((total % 3600) / 60), (guint) (total % 60));
  return g_strdup_printf ("%u:%02u", (guint) (total / 60), (guint) (total % 60));
}

char *
ressenti_clock_time_precise (gint64 milliseconds)
{
  g_autofree char *clock = ressenti_clock_time (milliseconds);

  return g_strdup_printf ("%s.%03u", clock, (guint) (MAX (milliseconds, 0) % 1000));
}

/* The unit a number was written with: 'h', 'm', 's' or 0 (none). */
static char
unit_after (const char **p)
{
  char unit = 0;

  while (**p == ' ')
    (*p)++;
  if (**p == 'h' || **p == 'm' || **p == 's')
    unit = **p;
  /* "min", "minutes", "sec", "secondes", "heures": skip the word. */
  while (g_ascii_isalpha (**p))
    (*p)++;
  return unit;
}

gboolean
ressenti_parse_time (const char *text,
                     gint64     *milliseconds)
{
  g_autofree char *lower = NULL;
  const char *p;
  guint64 numbers[3];
  char units[3];
  guint n = 0;
  guint64 seconds = 0;

  g_return_val_if_fail (milliseconds != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  lower = g_ascii_strdown (text, -1);
  p = g_strstrip (lower);
  while (*p != '\0')
    {
      char *end = NULL;

      if (n == G_N_ELEMENTS (numbers) || !g_ascii_isdigit (*p))
        return FALSE;
      numbers[n] = g_ascii_strtoull (p, &end, 10);
      if (end == p || numbers[n] > 100000)
        return FALSE;
      p = end;
      units[n++] = unit_after (&p);
      /* A colon must be followed by the next number. */
      if (*p == ':' && !g_ascii_isdigit (*++p))
        return FALSE;
      while (*p == ' ')
        p++;
    }
  if (n == 0)
    return FALSE;

  if (units[0] == 0 && (n == 1 || units[n - 1] == 0 || units[n - 1] == 's'))
    {
      /* Clock form: the last number is seconds, then minutes, then hours. */
      for (guint i = 0; i < n; i++)
        {
          if (units[i] != 0 && !(i == n - 1 && units[i] == 's'))
            return FALSE;
          if (i > 0 && numbers[i] >= 60)
            return FALSE;
          seconds = seconds * 60 + numbers[i];
        }
    }
  else
    {
      /* With units: "2m13", "1h5" (the unit-less last number is the next
       * smaller unit). */
      for (guint i = 0; i < n; i++)
        {
          char unit = units[i];

          if (unit == 0)
            unit = i > 0 && units[i - 1] == 'h' ? 'm' : 's';
          seconds += numbers[i] * (unit == 'h' ? 3600 : unit == 'm' ? 60 : 1);
        }
    }
  *milliseconds = (gint64) seconds * 1000;
  return TRUE;
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

gboolean
ressenti_parse_time_precise (const char *text,
                             gint64     *milliseconds)
{
  g_autofree char *copy = NULL;
  char *mark;
  gint64 whole = 0;
  gint64 fraction = 0;
  gsize digits;

  g_return_val_if_fail (milliseconds != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  copy = g_strstrip (g_strdup (text));
  mark = strpbrk (copy, ".,");
  if (mark == NULL)
    return ressenti_parse_time (copy, milliseconds);
  digits = strlen (mark + 1);
  if (digits == 0 || digits > 3 || strspn (mark + 1, "0123456789") != digits)
    return FALSE;
  for (gsize i = 0; i < 3; i++)
    fraction = fraction * 10 + (i < digits ? mark[1 + i] - '0' : 0);
  *mark = '\0';
  if (!ressenti_parse_time (copy, &whole))
    return FALSE;
  *milliseconds = whole + fraction;
  return TRUE;
}

char *
ressenti_text_fold (const char *text)
{
  g_autofree char *decomposed = NULL;
  g_autoptr(GString) bare = g_string_new (NULL);

  if (text == NULL || (decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_NFD)) == NULL)
    return g_strdup ("");
  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_type (c) != G_UNICODE_NON_SPACING_MARK)
        g_string_append_unichar (bare, c);
    }
  g_strstrip (bare->str);
  return g_utf8_casefold (bare->str, -1);
}

char *
ressenti_text_lower_first (const char *label)
{
  gunichar first = g_utf8_get_char (label);
  const char *rest = g_utf8_next_char (label);
  char buffer[8] = { 0 };

  if (*label == '\0' || g_unichar_isupper (g_utf8_get_char (rest)))
    return g_strdup (label);
  g_unichar_to_utf8 (g_unichar_tolower (first), buffer);
  return g_strconcat (buffer, rest, NULL);
}
