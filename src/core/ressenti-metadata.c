/* ressenti-metadata.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ressenti-metadata.h"

void
ressenti_call_metadata_free (RessentiCallMetadata *metadata)
{
  if (metadata == NULL)
    return;
  g_clear_pointer (&metadata->date, g_date_time_unref);
  g_free (metadata->agent);
  g_free (metadata->service);
  g_free (metadata->customer);
  g_free (metadata);
}

static GDateTime *
date_from_match (GMatchInfo *match,
                 int         year_group,
                 int         month_group,
                 int         day_group,
                 int         hour_group)
{
  g_autofree char *year = g_match_info_fetch (match, year_group);
  g_autofree char *month = g_match_info_fetch (match, month_group);
  g_autofree char *day = g_match_info_fetch (match, day_group);
  g_autofree char *hour = g_match_info_fetch (match, hour_group);
  g_autofree char *minute = g_match_info_fetch (match, hour_group + 1);
  g_autofree char *second = g_match_info_fetch (match, hour_group + 2);
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();

  return g_date_time_new (tz,
                          atoi (year), atoi (month), atoi (day),
                          hour && *hour ? atoi (hour) : 0,
                          minute && *minute ? atoi (minute) : 0,
                          second && *second ? atoi (second) : 0);
}

GDateTime *
ressenti_metadata_parse_date (const char *text)
{
  g_autoptr(GRegex) iso = NULL;
  g_autoptr(GRegex) french = NULL;
  g_autoptr(GMatchInfo) match = NULL;

  if (text == NULL)
    return NULL;

  iso = g_regex_new ("^\\s*(\\d{4})-(\\d{2})-(\\d{2})(?:[T ](\\d{2}):(\\d{2})(?::(\\d{2}))?)?\\s*$", 0, 0, NULL);
  if (g_regex_match (iso, text, 0, &match))
    return date_from_match (match, 1, 2, 3, 4);
  g_clear_pointer (&match, g_match_info_unref);

  /* French exports write the day first: 12/03/2026 14:05. */
  french = g_regex_new ("^\\s*(\\d{2})/(\\d{2})/(\\d{4})(?: (\\d{2}):(\\d{2})(?::(\\d{2}))?)?\\s*$", 0, 0, NULL);
  if (g_regex_match (french, text, 0, &match))
    return date_from_match (match, 3, 2, 1, 4);

  return NULL;
}

GDateTime *
ressenti_metadata_date_from_name (const char *basename)
{
  g_autoptr(GRegex) regex = NULL;
  g_autoptr(GMatchInfo) match = NULL;

  regex = g_regex_new ("(?<!\\d)(20\\d{2})-?(\\d{2})-?(\\d{2})(?:[_T -]?(\\d{2})[h:-]?(\\d{2})(?:[:-]?(\\d{2}))?)?(?!\\d)",
                       0, 0, NULL);
  if (!g_regex_match (regex, basename, 0, &match))
    return NULL;
  return date_from_match (match, 1, 2, 3, 4);
}

/* One CSV record: an array of fields. Moves *pos past the record. Returns
 * NULL at the end of the text; sets *unterminated on a quote left open. */
static GPtrArray *
next_record (const char *text,
             gsize       length,
             gsize      *pos,
             guint      *line,
             gboolean   *unterminated)
{
  GPtrArray *fields;
  GString *field = g_string_new (NULL);
  gboolean quoted = FALSE;
  gsize i = *pos;

  if (i >= length)
    {
      g_string_free (field, TRUE);
      return NULL;
    }

  fields = g_ptr_array_new_with_free_func (g_free);
  for (; i < length; i++)
    {
      char c = text[i];

      if (quoted)
        {
          if (c == '"' && i + 1 < length && text[i + 1] == '"')
            g_string_append_c (field, text[i++]);
          else if (c == '"')
            quoted = FALSE;
          else
            {
              if (c == '\n')
                (*line)++;
              g_string_append_c (field, c);
            }
        }
      else if (c == '"' && field->len == 0)
        quoted = TRUE;
      else if (c == ',' || c == ';')
        {
          g_ptr_array_add (fields, g_string_free (field, FALSE));
          field = g_string_new (NULL);
        }
      else if (c == '\n' || c == '\r')
        {
          if (c == '\r' && i + 1 < length && text[i + 1] == '\n')
            i++;
          i++;
          break;
        }
      else
        g_string_append_c (field, c);
    }

  *unterminated = quoted;
  g_ptr_array_add (fields, g_string_free (field, FALSE));
  *pos = i;
  (*line)++;
  return fields;
}

static gboolean
record_is_blank (GPtrArray *fields)
{
  return fields->len == 1 && *(char *) g_ptr_array_index (fields, 0) == '\0';
}

static int
column_index (GPtrArray  *header,
              const char *name)
{
  for (guint i = 0; i < header->len; i++)
    {
      g_autofree char *cell = g_utf8_strdown (g_strstrip ((char *) g_ptr_array_index (header, i)), -1);

      if (g_str_equal (cell, name))
        return (int) i;
    }
  return -1;
}

static char *
cell (GPtrArray *fields,
      int        index)
{
  const char *value;

  if (index < 0 || (guint) index >= fields->len)
    return NULL;
  value = g_ptr_array_index (fields, index);
  while (g_ascii_isspace (*value))
    value++;
  if (*value == '\0')
    return NULL;
  return g_strchomp (g_strdup (value));
}

static gboolean
parse_layout (const char            *text,
              RessentiChannelLayout *layout)
{
  const char * const names[] = { "unknown", "agent-left", "agent-right", "mono" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (text, names[i]) == 0)
      {
        *layout = (RessentiChannelLayout) i;
        return TRUE;
      }
  return FALSE;
}

static gboolean
fail (GError     **error,
      const char  *display_name,
      guint        line,
      const char  *problem)
{
  g_set_error (error, RESSENTI_IMPORT_ERROR, RESSENTI_IMPORT_ERROR_METADATA,
               /* Translators: %1$s is a CSV file's name, %2$u a line number,
                * %3$s what is wrong on that line. */
               _("The metadata file “%1$s” is malformed at line %2$u: %3$s"),
               display_name, line, problem);
  return FALSE;
}

static RessentiCallMetadata *
metadata_from_record (GPtrArray   *fields,
                      const int   *columns,
                      const char  *display_name,
                      guint        line,
                      GError     **error)
{
  g_autoptr(RessentiCallMetadata) metadata = g_new0 (RessentiCallMetadata, 1);
  g_autofree char *date = cell (fields, columns[1]);
  g_autofree char *layout = cell (fields, columns[5]);

  if (date != NULL)
    {
      metadata->date = ressenti_metadata_parse_date (date);
      if (metadata->date == NULL)
        {
          g_autofree char *problem = g_strdup_printf (_("“%s” is not a date (write 2026-03-12 or 2026-03-12 10:30)."), date);
          fail (error, display_name, line, problem);
          return NULL;
        }
    }
  if (layout != NULL)
    {
      if (!parse_layout (layout, &metadata->layout))
        {
          g_autofree char *problem = g_strdup_printf (_("“%s” is not a channel layout (write agent-left, agent-right, mono or unknown)."), layout);
          fail (error, display_name, line, problem);
          return NULL;
        }
      metadata->has_layout = TRUE;
    }
  metadata->agent = cell (fields, columns[2]);
  metadata->service = cell (fields, columns[3]);
  metadata->customer = cell (fields, columns[4]);

  return g_steal_pointer (&metadata);
}

GHashTable *
ressenti_metadata_parse_csv (const char  *text,
                             gsize        length,
                             const char  *display_name,
                             GError     **error)
{
  g_autoptr(GHashTable) table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify) ressenti_call_metadata_free);
  g_autoptr(GPtrArray) header = NULL;
  const char * const names[] = { "file", "date", "agent", "service", "customer", "layout" };
  int columns[G_N_ELEMENTS (names)];
  gboolean unterminated = FALSE;
  gsize pos = 0;
  guint line = 0;

  if (!g_utf8_validate (text, length, NULL))
    {
      fail (error, display_name, 1, _("the file is not UTF-8 text."));
      return NULL;
    }
  /* Spreadsheets put a byte-order mark in front. */
  if (length >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    pos = 3;

  header = next_record (text, length, &pos, &line, &unterminated);
  if (header == NULL)
    return g_steal_pointer (&table);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    columns[i] = column_index (header, names[i]);
  if (columns[0] < 0)
    return g_steal_pointer (&table);

  for (;;)
    {
      guint record_line = line + 1;
      g_autoptr(GPtrArray) fields = next_record (text, length, &pos, &line, &unterminated);
      g_autofree char *file = NULL;
      RessentiCallMetadata *metadata;

      if (fields == NULL)
        break;
      if (unterminated)
        {
          fail (error, display_name, record_line, _("a quoted field is never closed."));
          return NULL;
        }
      if (record_is_blank (fields))
        continue;
      if (fields->len != header->len)
        {
          g_autofree char *problem = g_strdup_printf (_("it has %u fields where the header has %u."), fields->len, header->len);
          fail (error, display_name, record_line, problem);
          return NULL;
        }
      file = cell (fields, columns[0]);
      if (file == NULL)
        {
          fail (error, display_name, record_line, _("the “file” column is empty."));
          return NULL;
        }
      if (g_hash_table_contains (table, file))
        {
          g_autofree char *problem = g_strdup_printf (_("“%s” is listed twice."), file);
          fail (error, display_name, record_line, problem);
          return NULL;
        }
      metadata = metadata_from_record (fields, columns, display_name, record_line, error);
      if (metadata == NULL)
        return NULL;
      g_hash_table_insert (table, g_steal_pointer (&file), metadata);
    }

  return g_steal_pointer (&table);
}

GHashTable *
ressenti_metadata_read_csv (const char  *path,
                            GError     **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *display_name = g_path_get_basename (path);
  g_autoptr(GError) local_error = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, RESSENTI_IMPORT_ERROR, RESSENTI_IMPORT_ERROR_METADATA,
                   _("The metadata file “%s” cannot be read: %s"), display_name, local_error->message);
      return NULL;
    }
  return ressenti_metadata_parse_csv (contents, length, display_name, error);
}
