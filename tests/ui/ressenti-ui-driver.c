/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ressenti-ui-driver: drives the running application with the keyboard and
 * checks, over AT-SPI, what a screen reader would find: which object has
 * focus, which objects are on screen, their states, what is announced.
 * One sub-command per invocation, for shell flow scripts.
 *
 * Usage: ressenti-ui-driver [OPTION...] COMMAND [ARG...]
 *
 * ROLE is an AT-SPI role name with dashes or spaces ("push-button",
 * "list item"), several joined by "|", or "*". NAME-REGEX is a Perl
 * regular expression (UTF-8) matched against the name as Orca 43 speaks
 * it: the text of the labelled-by objects when there are some, else the
 * accessible name (GTK 4.8 joins both into the accessible name).
 * Objects are looked for among the on-screen objects of the application's
 * visible windows: VISIBLE, and not inside a 0x0 subtree (GTK 4.8 keeps the
 * hidden pages of a stack VISIBLE but gives them no size).
 *
 * Keys are sent by keysym: "Return", "ctrl+f", "alt+Left", "shift+Tab",
 * "ctrl+shift+o", "eacute". Nothing assumes a US layout; a keysym missing
 * from the keymap (é under the US map of Xvfb) is typed all the same.
 */

#include "ressenti-atspi-util.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <xkbcommon/xkbcommon.h>

static char   **opt_app_names;
static double   opt_timeout = 20;
static char    *opt_politeness = NULL;
static int      opt_count = 1;
static char    *opt_backend;
static int      opt_key_delay_ms = 60;
static gboolean opt_all;

static AtspiAccessible *app;

G_GNUC_PRINTF (1, 2) G_GNUC_NORETURN static void
fail (const char *format,
      ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("ressenti-ui-driver: FAIL: %s\n", message);
  exit (1);
}

static gint64
deadline_after (double seconds)
{
  return g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);
}

static void
need_app (void)
{
  if (app != NULL)
    return;
  app = rat_find_app ((const char * const *) opt_app_names, opt_timeout);
  if (app == NULL)
    fail ("no application named %s on the AT-SPI bus after %.0f s",
          opt_app_names ? opt_app_names[0] : rat_default_app_names[0], opt_timeout);
}

static GRegex *
compile_regex (const char *pattern)
{
  g_autoptr(GError) error = NULL;
  GRegex *re = g_regex_new (pattern, G_REGEX_OPTIMIZE, 0, &error);

  if (re == NULL)
    {
      g_printerr ("ressenti-ui-driver: bad regular expression \"%s\": %s\n", pattern, error->message);
      exit (2);
    }
  return re;
}

/* ------------------------------------------------------------------ */
/* Finding objects                                                     */

typedef struct
{
  const char      *role;
  GRegex          *name;
  AtspiStateType   state;
  gboolean         want_state;
  AtspiAccessible *found;
} FindState;

static RatVisit
find_visit (AtspiAccessible *obj,
            const char      *path,
            guint            depth,
            gpointer         user_data)
{
  FindState *find = user_data;
  g_autofree char *name = NULL;

  if (find->want_state && !rat_has_state (obj, find->state))
    return RAT_VISIT_CONTINUE;
  if (!rat_role_matches (obj, find->role))
    return RAT_VISIT_CONTINUE;
  name = rat_get_spoken_name (obj);
  if (find->name != NULL && !g_regex_match (find->name, name, 0, NULL))
    return RAT_VISIT_CONTINUE;
  find->found = g_object_ref (obj);
  return RAT_VISIT_STOP;
}

/* The windows, the active one first. */
static GPtrArray *
windows_active_first (void)
{
  g_autoptr(GPtrArray) windows = rat_get_windows (app);
  GPtrArray *sorted = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < windows->len; i++)
      {
        AtspiAccessible *win = g_ptr_array_index (windows, i);
        gboolean active = rat_has_state (win, ATSPI_STATE_ACTIVE);

        if ((pass == 0) == active)
          g_ptr_array_add (sorted, g_object_ref (win));
      }
  return sorted;
}

static AtspiAccessible *
find_object (const char   *role,
             GRegex       *name,
             RatWalkFlags  flags)
{
  g_autoptr(GPtrArray) windows = windows_active_first ();
  FindState find = { role, name, 0, FALSE, NULL };

  for (guint i = 0; i < windows->len && find.found == NULL; i++)
    rat_walk (g_ptr_array_index (windows, i), flags, find_visit, &find);
  return find.found;
}

/* The focused object: the one with FOCUSED in the active window, else in
 * any window. */
static AtspiAccessible *
find_focus (void)
{
  g_autoptr(GPtrArray) windows = windows_active_first ();
  FindState find = { NULL, NULL, ATSPI_STATE_FOCUSED, TRUE, NULL };

  for (guint i = 0; i < windows->len && find.found == NULL; i++)
    rat_walk (g_ptr_array_index (windows, i), RAT_WALK_VISIBLE, find_visit, &find);
  return find.found;
}

static char *
describe_focus (void)
{
  g_autoptr(RatAccessible) focus = find_focus ();
  g_autoptr(GPtrArray) windows = windows_active_first ();
  g_autofree char *window = NULL;

  if (windows->len > 0)
    {
      g_autofree char *title = rat_get_name (g_ptr_array_index (windows, 0));
      gboolean active = rat_has_state (g_ptr_array_index (windows, 0), ATSPI_STATE_ACTIVE);

      window = g_strdup_printf ("window \"%s\"%s", title, active ? " (active)" : " (none active)");
    }
  else
    window = g_strdup ("no window");
  if (focus == NULL)
    return g_strdup_printf ("nothing has focus; %s", window);
  {
    g_autofree char *line = rat_describe (focus);

    return g_strdup_printf ("%s; %s", line, window);
  }
}

/* ------------------------------------------------------------------ */
/* Keys                                                                */

typedef struct
{
  const char *name;
  guint       mask;    /* X modifier mask, for LOCKMODIFIERS; 0: xdotool only */
  const char *xdotool; /* xdotool's name */
} Modifier;

static const Modifier modifiers[] = {
  { "ctrl",    1 << 2, "ctrl" },
  { "control", 1 << 2, "ctrl" },
  { "shift",   1 << 0, "shift" },
  { "alt",     1 << 3, "alt" },
  { "super",   1 << 6, "super" },
  /* The Orca modifier of the desktop layout: insert+KP_Enter is Orca's
   * "read the title bar". Not a real X modifier: xdotool backend only. */
  { "insert",  0,      "Insert" },
};

static const char *
key_backend (void)
{
  const char *backend = opt_backend ? opt_backend : g_getenv ("RESSENTI_UI_KEY_BACKEND");

  return backend != NULL && *backend != '\0' ? backend : "auto";
}

static void
check_keysym (const char *name)
{
  if (xkb_keysym_from_name (name, XKB_KEYSYM_NO_FLAGS) == XKB_KEY_NoSymbol)
    {
      g_printerr ("ressenti-ui-driver: \"%s\" is not a keysym name (see xkbcommon-keysyms.h: Return, Tab, eacute, question...)\n", name);
      exit (2);
    }
}

/* Splits "ctrl+shift+o" into modifiers and the keysym, checking both. */
static const char *
parse_key (const char *spec,
           guint      *mask,
           GString    *xdotool_spec)
{
  g_auto(GStrv) parts = g_strsplit (spec, "+", -1);
  guint n = g_strv_length (parts);
  const char *keysym;

  *mask = 0;
  /* "plus" is a keysym; a lone "+" is not allowed. */
  if (n == 0 || *parts[n - 1] == '\0')
    {
      g_printerr ("ressenti-ui-driver: bad key \"%s\"\n", spec);
      exit (2);
    }
  for (guint i = 0; i + 1 < n; i++)
    {
      gboolean known = FALSE;

      for (guint j = 0; j < G_N_ELEMENTS (modifiers); j++)
        if (g_ascii_strcasecmp (parts[i], modifiers[j].name) == 0)
          {
            *mask |= modifiers[j].mask;
            g_string_append_printf (xdotool_spec, "%s+", modifiers[j].xdotool);
            known = TRUE;
          }
      if (!known)
        {
          g_printerr ("ressenti-ui-driver: unknown modifier \"%s\" in \"%s\" (ctrl, shift, alt, super, insert)\n",
                      parts[i], spec);
          exit (2);
        }
      if (g_ascii_strcasecmp (parts[i], "insert") == 0 && g_str_equal (key_backend (), "atspi"))
        {
          g_printerr ("ressenti-ui-driver: the insert (Orca) modifier needs the xdotool backend\n");
          exit (2);
        }
    }
  keysym = spec + strlen (spec) - strlen (parts[n - 1]);
  check_keysym (keysym);
  g_string_append (xdotool_spec, keysym);
  return keysym;
}

static void
send_key_xdotool (const char *key)
{
  g_autoptr(GString) spec = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  g_autofree char *delay = g_strdup_printf ("%d", opt_key_delay_ms);
  guint mask;
  int status = 0;
  const char *argv[] = { "xdotool", "key", "--clearmodifiers", "--delay", delay, NULL, NULL };

  parse_key (key, &mask, spec);
  argv[5] = spec->str;
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, &err, &status, &error))
    fail ("cannot run xdotool: %s (Debian package xdotool)", error->message);
  if (!g_spawn_check_wait_status (status, &error))
    fail ("xdotool key %s failed: %s: %s", spec->str, error->message, err ? err : "");
}

static void
send_key_atspi (const char *key)
{
  g_autoptr(GString) spec = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  const char *name;
  guint mask;
  xkb_keysym_t keysym;

  name = parse_key (key, &mask, spec);
  keysym = xkb_keysym_from_name (name, XKB_KEYSYM_NO_FLAGS);
  if (mask != 0)
    atspi_generate_keyboard_event (mask, NULL, ATSPI_KEY_LOCKMODIFIERS, &error);
  if (error == NULL)
    atspi_generate_keyboard_event (keysym, NULL, ATSPI_KEY_SYM, &error);
  if (mask != 0)
    atspi_generate_keyboard_event (mask, NULL, ATSPI_KEY_UNLOCKMODIFIERS, error ? NULL : &error);
  if (error != NULL)
    fail ("atspi_generate_keyboard_event (%s): %s", key, error->message);
}

/* Keys are sent by keysym, never by a US keycode:
 *  - atspi: atspi_generate_keyboard_event (keysym, ATSPI_KEY_SYM); the
 *    registry binds a keysym missing from the keymap (é under the US map of
 *    Xvfb) to a spare keycode and keeps it bound a while. Modifiers are
 *    locked around the key (ATSPI_KEY_LOCKMODIFIERS).
 *  - xdotool: xdotool key --clearmodifiers: real presses of the modifiers,
 *    as a user makes them (Orca hears "left control"); but a keysym missing
 *    from the keymap is bound and unbound around the key, and GTK, which
 *    reloads its keymap lazily, then loses it under load (measured: "é"
 *    lost in 6 of 12 loaded runs; 0 of 12 with atspi).
 *  - auto (default): a key with modifiers by xdotool, a plain keysym by
 *    atspi. */
static void
send_keys (char **keys)
{
  const char *backend = key_backend ();

  for (guint i = 0; keys[i] != NULL; i++)
    {
      gboolean xdotool;

      if (g_str_equal (backend, "xdotool"))
        xdotool = TRUE;
      else if (g_str_equal (backend, "atspi"))
        xdotool = FALSE;
      else
        xdotool = strchr (keys[i], '+') != NULL && !g_str_equal (keys[i], "plus");
      if (xdotool)
        send_key_xdotool (keys[i]);
      else
        send_key_atspi (keys[i]);
      rat_pump (opt_key_delay_ms);
    }
  /* Let the application handle them before the next check. */
  rat_pump (100);
}

/* ------------------------------------------------------------------ */
/* Commands                                                            */

static int
cmd_wait_app (int    argc,
              char **argv)
{
  g_autofree char *name = NULL;
  gint64 deadline = deadline_after (opt_timeout);

  need_app ();
  name = rat_get_name (app);
  /* The application is there; wait for a window with some content. */
  for (;;)
    {
      g_autoptr(GPtrArray) windows = rat_get_windows (app);

      if (windows->len > 0 && atspi_accessible_get_child_count (g_ptr_array_index (windows, 0), NULL) > 0)
        {
          g_autofree char *title = rat_get_name (g_ptr_array_index (windows, 0));

          g_print ("application \"%s\", window \"%s\"\n", name, title);
          return 0;
        }
      if (g_get_monotonic_time () > deadline)
        fail ("application \"%s\" has no window after %.0f s", name, opt_timeout);
      rat_pump (200);
    }
}

static int
cmd_key (int    argc,
         char **argv)
{
  if (argc < 1)
    {
      g_printerr ("usage: key KEY...\n");
      return 2;
    }
  send_keys (argv);
  return 0;
}

static int
cmd_type_keysyms (int    argc,
                  char **argv)
{
  if (argc < 1)
    {
      g_printerr ("usage: type-keysyms KEYSYM...\n");
      return 2;
    }
  for (int i = 0; i < argc; i++)
    if (strchr (argv[i], '+') != NULL && !g_str_equal (argv[i], "plus"))
      {
        g_printerr ("type-keysyms takes keysyms without modifiers (\"%s\"); use key\n", argv[i]);
        return 2;
      }
  send_keys (argv);
  return 0;
}

static double
timeout_arg (int    argc,
             char **argv,
             int    index)
{
  if (argc > index)
    {
      char *end = NULL;
      double t = g_ascii_strtod (argv[index], &end);

      if (end == argv[index] || *end != '\0' || t <= 0)
        {
          g_printerr ("ressenti-ui-driver: bad timeout \"%s\"\n", argv[index]);
          exit (2);
        }
      return t;
    }
  return opt_timeout;
}

static int
cmd_wait_focus (int    argc,
                char **argv)
{
  g_autoptr(GRegex) re = NULL;
  gint64 deadline;
  double timeout;

  if (argc < 2)
    {
      g_printerr ("usage: wait-focus ROLE NAME-REGEX [TIMEOUT]\n");
      return 2;
    }
  re = compile_regex (argv[1]);
  timeout = timeout_arg (argc, argv, 2);
  deadline = deadline_after (timeout);
  need_app ();
  for (;;)
    {
      g_autoptr(RatAccessible) focus = find_focus ();

      if (focus != NULL && rat_role_matches (focus, argv[0]))
        {
          g_autofree char *name = rat_get_spoken_name (focus);

          if (g_regex_match (re, name, 0, NULL))
            {
              g_autofree char *line = rat_describe (focus);

              g_print ("focus: %s\n", line);
              return 0;
            }
        }
      if (g_get_monotonic_time () > deadline)
        {
          g_autofree char *now = describe_focus ();

          fail ("after %.0f s, focus is not on %s /%s/; focus: %s", timeout, argv[0], argv[1], now);
        }
      rat_pump (100);
    }
}

static int
cmd_wait_object (int      argc,
                 char   **argv,
                 gboolean gone)
{
  g_autoptr(GRegex) re = NULL;
  gint64 deadline;
  double timeout;

  if (argc < 2)
    {
      g_printerr ("usage: %s ROLE NAME-REGEX [TIMEOUT]\n", gone ? "wait-gone" : "wait-object");
      return 2;
    }
  re = compile_regex (argv[1]);
  timeout = timeout_arg (argc, argv, 2);
  deadline = deadline_after (timeout);
  need_app ();
  for (;;)
    {
      g_autoptr(RatAccessible) obj = find_object (argv[0], re, RAT_WALK_ON_SCREEN);

      if (!gone && obj != NULL)
        {
          g_autofree char *line = rat_describe (obj);

          g_print ("found: %s\n", line);
          return 0;
        }
      if (gone && obj == NULL)
        {
          g_print ("gone: %s /%s/\n", argv[0], argv[1]);
          return 0;
        }
      if (g_get_monotonic_time () > deadline)
        {
          if (gone)
            {
              g_autofree char *line = rat_describe (obj);

              fail ("after %.0f s, still on screen: %s", timeout, line);
            }
          fail ("after %.0f s, no on-screen %s named /%s/ (try the dump command)", timeout, argv[0], argv[1]);
        }
      rat_pump (150);
    }
}

typedef struct
{
  const char *role;
  guint       count;
} CountState;

static RatVisit
count_visit (AtspiAccessible *obj,
             const char      *path,
             guint            depth,
             gpointer         user_data)
{
  CountState *count = user_data;

  if (depth > 0 && rat_role_matches (obj, count->role))
    count->count++;
  return RAT_VISIT_CONTINUE;
}

static int
cmd_wait_count (int    argc,
                char **argv)
{
  g_autoptr(GRegex) re = NULL;
  gint64 deadline;
  double timeout;
  guint want;
  guint last = 0;

  if (argc < 4)
    {
      g_printerr ("usage: wait-count ROLE NAME-REGEX CHILD-ROLE N [TIMEOUT]\n");
      return 2;
    }
  re = compile_regex (argv[1]);
  want = (guint) g_ascii_strtoull (argv[3], NULL, 10);
  timeout = timeout_arg (argc, argv, 4);
  deadline = deadline_after (timeout);
  need_app ();
  for (;;)
    {
      g_autoptr(RatAccessible) obj = find_object (argv[0], re, RAT_WALK_ON_SCREEN);

      if (obj != NULL)
        {
          CountState count = { argv[2], 0 };

          rat_walk (obj, RAT_WALK_ON_SCREEN, count_visit, &count);
          last = count.count;
          if (count.count == want)
            {
              g_print ("%s /%s/ holds %u %s\n", argv[0], argv[1], want, argv[2]);
              return 0;
            }
        }
      if (g_get_monotonic_time () > deadline)
        {
          if (obj == NULL)
            fail ("after %.0f s, no on-screen %s named /%s/", timeout, argv[0], argv[1]);
          fail ("after %.0f s, %s /%s/ holds %u %s, not %u", timeout, argv[0], argv[1], last, argv[2], want);
        }
      rat_pump (150);
    }
}

/* wait-item: the Nth on-screen CHILD-ROLE object inside the object, in
 * the order a walk (and Orca's Down arrow) meets them. */
typedef struct
{
  const char      *role;
  guint            want;
  guint            seen;
  AtspiAccessible *found;
} ItemState;

static RatVisit
item_visit (AtspiAccessible *obj,
            const char      *path,
            guint            depth,
            gpointer         user_data)
{
  ItemState *item = user_data;

  if (depth == 0 || !rat_role_matches (obj, item->role))
    return RAT_VISIT_CONTINUE;
  if (++item->seen < item->want)
    return RAT_VISIT_SKIP_CHILDREN;
  item->found = g_object_ref (obj);
  return RAT_VISIT_STOP;
}

static int
cmd_wait_item (int    argc,
               char **argv)
{
  g_autoptr(GRegex) re = NULL;
  g_autoptr(GRegex) item_re = NULL;
  g_autofree char *last = NULL;
  gint64 deadline;
  double timeout;
  guint64 want;
  char *end = NULL;

  if (argc < 5)
    {
      g_printerr ("usage: wait-item ROLE NAME-REGEX CHILD-ROLE N CHILD-NAME-REGEX [TIMEOUT]\n");
      return 2;
    }
  re = compile_regex (argv[1]);
  want = g_ascii_strtoull (argv[3], &end, 10);
  if (end == argv[3] || *end != '\0' || want == 0)
    {
      g_printerr ("ressenti-ui-driver: wait-item: N counts from 1, not \"%s\"\n", argv[3]);
      return 2;
    }
  item_re = compile_regex (argv[4]);
  timeout = timeout_arg (argc, argv, 5);
  deadline = deadline_after (timeout);
  need_app ();
  for (;;)
    {
      g_autoptr(RatAccessible) obj = find_object (argv[0], re, RAT_WALK_ON_SCREEN);

      if (obj != NULL)
        {
          ItemState item = { argv[2], (guint) want, 0, NULL };

          rat_walk (obj, RAT_WALK_ON_SCREEN, item_visit, &item);
          g_clear_pointer (&last, g_free);
          if (item.found != NULL)
            {
              g_autofree char *name = rat_get_spoken_name (item.found);

              last = rat_describe (item.found);
              g_object_unref (item.found);
              if (g_regex_match (item_re, name, 0, NULL))
                {
                  g_print ("%s %" G_GUINT64_FORMAT " of %s /%s/: %s\n", argv[2], want, argv[0], argv[1], last);
                  return 0;
                }
            }
        }
      if (g_get_monotonic_time () > deadline)
        {
          if (obj == NULL)
            fail ("after %.0f s, no on-screen %s named /%s/", timeout, argv[0], argv[1]);
          if (last == NULL)
            fail ("after %.0f s, %s /%s/ holds fewer than %" G_GUINT64_FORMAT " %s", timeout, argv[0], argv[1],
                  want, argv[2]);
          fail ("after %.0f s, %s %" G_GUINT64_FORMAT " of %s /%s/ is not /%s/: %s", timeout, argv[2], want,
                argv[0], argv[1], argv[4], last);
        }
      rat_pump (150);
    }
}

/* wait-description: what Orca reads after the name when the object gets
 * focus (and again on "where am I"). */
static int
cmd_wait_description (int    argc,
                      char **argv)
{
  g_autoptr(GRegex) re = NULL;
  g_autoptr(GRegex) desc_re = NULL;
  g_autofree char *last = NULL;
  gint64 deadline;
  double timeout;

  if (argc < 3)
    {
      g_printerr ("usage: wait-description ROLE NAME-REGEX DESCRIPTION-REGEX [TIMEOUT]\n");
      return 2;
    }
  re = compile_regex (argv[1]);
  desc_re = compile_regex (argv[2]);
  timeout = timeout_arg (argc, argv, 3);
  deadline = deadline_after (timeout);
  need_app ();
  for (;;)
    {
      g_autoptr(RatAccessible) obj = find_object (argv[0], re, RAT_WALK_ON_SCREEN);

      if (obj != NULL)
        {
          g_autofree char *desc = rat_get_description (obj);

          if (g_regex_match (desc_re, desc, 0, NULL))
            {
              g_autofree char *line = rat_describe (obj);

              g_print ("description of %s /%s/: %s\n", argv[0], argv[1], line);
              return 0;
            }
          g_free (last);
          last = g_steal_pointer (&desc);
        }
      if (g_get_monotonic_time () > deadline)
        {
          if (obj == NULL)
            fail ("after %.0f s, no on-screen %s named /%s/", timeout, argv[0], argv[1]);
          fail ("after %.0f s, the description of %s /%s/ is \"%s\", not /%s/", timeout, argv[0], argv[1],
                last, argv[2]);
        }
      rat_pump (150);
    }
}

static char *
get_text (AtspiAccessible *obj)
{
  AtspiText *text = atspi_accessible_get_text_iface (obj);
  char *contents = NULL;

  if (text == NULL)
    return NULL;
  contents = atspi_text_get_text (text, 0, atspi_text_get_character_count (text, NULL), NULL);
  g_object_unref (text);
  return contents;
}

static int
cmd_wait_text (int    argc,
               char **argv)
{
  g_autoptr(GRegex) re = NULL;
  g_autoptr(GRegex) text_re = NULL;
  g_autofree char *last = NULL;
  gint64 deadline;
  double timeout;

  if (argc < 3)
    {
      g_printerr ("usage: wait-text ROLE NAME-REGEX TEXT-REGEX [TIMEOUT]\n");
      return 2;
    }
  re = compile_regex (argv[1]);
  text_re = compile_regex (argv[2]);
  timeout = timeout_arg (argc, argv, 3);
  deadline = deadline_after (timeout);
  need_app ();
  for (;;)
    {
      g_autoptr(RatAccessible) obj = find_object (argv[0], re, RAT_WALK_ON_SCREEN);

      if (obj != NULL)
        {
          g_free (last);
          last = get_text (obj);
          if (last != NULL && g_regex_match (text_re, last, 0, NULL))
            {
              g_print ("text of %s /%s/: \"%s\"\n", argv[0], argv[1], last);
              return 0;
            }
        }
      if (g_get_monotonic_time () > deadline)
        {
          if (obj == NULL)
            fail ("after %.0f s, no on-screen %s named /%s/", timeout, argv[0], argv[1]);
          fail ("after %.0f s, the text of %s /%s/ is \"%s\", not /%s/", timeout, argv[0], argv[1],
                last ? last : "(no text interface)", argv[2]);
        }
      rat_pump (150);
    }
}

static int
cmd_assert_state (int    argc,
                  char **argv)
{
  g_autoptr(GRegex) re = NULL;
  g_autoptr(RatAccessible) obj = NULL;
  g_autofree char *line = NULL;
  gboolean ok = TRUE;

  if (argc < 3)
    {
      g_printerr ("usage: assert-state ROLE NAME-REGEX [!]STATE...\n");
      return 2;
    }
  re = compile_regex (argv[1]);
  need_app ();
  obj = find_object (argv[0], re, RAT_WALK_ON_SCREEN);
  if (obj == NULL)
    fail ("no on-screen %s named /%s/", argv[0], argv[1]);
  line = rat_describe (obj);
  for (int i = 2; i < argc; i++)
    {
      gboolean negate = argv[i][0] == '!';
      const char *name = negate ? argv[i] + 1 : argv[i];
      AtspiStateType state;

      if (!rat_state_from_name (name, &state))
        {
          g_printerr ("ressenti-ui-driver: unknown state \"%s\" (focused, selected, checked, sensitive, expanded...)\n", name);
          return 2;
        }
      if (rat_has_state (obj, state) == negate)
        {
          g_printerr ("ressenti-ui-driver: FAIL: %s /%s/ %s state %s: %s\n", argv[0], argv[1],
                      negate ? "has" : "lacks", name, line);
          ok = FALSE;
        }
    }
  if (!ok)
    return 1;
  g_print ("ok: %s\n", line);
  return 0;
}

/* expect-announcement: listens to name and description changes of the
 * application's objects while the keys are sent; GTK 4.8 has no
 * announcement API, an announcement is a change of the focused widget's
 * description (or name), the only such change Orca 43 speaks. */
typedef struct
{
  GRegex    *re;
  GPtrArray *seen;
  GPtrArray *texts;     /* what matched, in order */
} AnnounceState;

static void
on_property_change (AtspiEvent *event,
                    void       *user_data)
{
  AnnounceState *state = user_data;
  g_autoptr(RatAccessible) source_app = NULL;
  g_autofree char *app_name = NULL;
  g_autofree char *role = NULL;
  gboolean focused;
  const char *text;

  if (event->source == NULL || !G_VALUE_HOLDS_STRING (&event->any_data))
    return;
  source_app = atspi_accessible_get_application (event->source, NULL);
  if (source_app != NULL && app != NULL)
    {
      g_autofree char *ours = rat_get_name (app);

      app_name = rat_get_name (source_app);
      if (!g_str_equal (app_name, ours))
        return;
    }
  text = g_value_get_string (&event->any_data);
  if (text == NULL || *text == '\0')
    return;
  role = rat_role_name (event->source);
  /* Orca 43 speaks a name or description change only on the object that
   * has focus (a label's text change, the count beside a list, is not
   * spoken): count only those. */
  focused = rat_has_state (event->source, ATSPI_STATE_FOCUSED);
  g_ptr_array_add (state->seen, g_strdup_printf ("%s on %s%s", event->type, role,
                                                 focused ? " (focused)" : " (not focused: Orca 43 does not speak it)"));
  g_ptr_array_add (state->seen, g_strdup_printf ("    \"%s\"", text));
  if (!focused || !g_regex_match (state->re, text, 0, NULL))
    return;
  /* GTK >= 4.14 announces with a politeness (detail1: 1 polite, 2
   * assertive) that says whether Orca interrupts itself; GTK 4.8's
   * description changes have none. */
  if (opt_politeness != NULL && g_str_equal (event->type, "object:announcement"))
    {
      int expected = g_str_equal (opt_politeness, "assertive") ? 2 : 1;

      if (event->detail1 != expected)
        {
          g_ptr_array_add (state->seen, g_strdup_printf ("    politeness %d where %s (%d) was expected",
                                                         event->detail1, opt_politeness, expected));
          return;
        }
    }
  g_ptr_array_add (state->texts, g_strdup (text));
}

static int
cmd_expect_announcement (int    argc,
                         char **argv)
{
  g_autoptr(GRegex) re = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  AnnounceState state = { NULL, seen, texts };
  AtspiEventListener *listener;
  g_autoptr(GError) error = NULL;
  gint64 deadline;

  if (argc < 1)
    {
      g_printerr ("usage: expect-announcement REGEX [KEY...]\n");
      return 2;
    }
  re = compile_regex (argv[0]);
  state.re = re;
  need_app ();
  listener = atspi_event_listener_new (on_property_change, &state, NULL);
  /* GTK 4.8 speaks through name and description changes; GTK ≥ 4.14
   * sends announcements (the text in any_data). */
  if (!atspi_event_listener_register (listener, "object:property-change:accessible-description", &error)
      || !atspi_event_listener_register (listener, "object:property-change:accessible-name", &error)
      || !atspi_event_listener_register (listener, "object:announcement", &error))
    fail ("cannot listen to AT-SPI events: %s", error->message);
  rat_pump (300);
  if (argc > 1)
    send_keys (argv + 1);
  deadline = deadline_after (opt_timeout);
  while (texts->len < (guint) MAX (opt_count, 1) && g_get_monotonic_time () < deadline)
    rat_pump (100);
  atspi_event_listener_deregister (listener, "object:property-change:accessible-description", NULL);
  atspi_event_listener_deregister (listener, "object:property-change:accessible-name", NULL);
  atspi_event_listener_deregister (listener, "object:announcement", NULL);
  g_object_unref (listener);
  if (texts->len < (guint) MAX (opt_count, 1))
    {
      g_printerr ("ressenti-ui-driver: FAIL: %u announcement(s) matching /%s/ within %.0f s, not %d; name and description changes seen:\n",
                  texts->len, argv[0], opt_timeout, MAX (opt_count, 1));
      for (guint i = 0; i < seen->len; i++)
        g_printerr ("  %s\n", (char *) g_ptr_array_index (seen, i));
      if (seen->len == 0)
        g_printerr ("  (none)\n");
      return 1;
    }
  /* Each text on one line, for scripts: "announced: "TEXT" (/REGEX/)". */
  for (guint i = 0; i < texts->len; i++)
    g_print ("announced: \"%s\" (/%s/)\n", (char *) g_ptr_array_index (texts, i), argv[0]);
  return 0;
}

static int
cmd_focus (int    argc,
           char **argv)
{
  g_autofree char *line = NULL;

  need_app ();
  line = describe_focus ();
  g_print ("%s\n", line);
  return 0;
}

static int
cmd_dump (int    argc,
          char **argv)
{
  g_autoptr(GRegex) re = argc > 0 ? compile_regex (argv[0]) : NULL;
  g_autoptr(GPtrArray) windows = NULL;
  g_autofree char *focus = NULL;

  need_app ();
  windows = windows_active_first ();
  for (guint i = 0; i < windows->len; i++)
    {
      g_autofree char *title = rat_get_name (g_ptr_array_index (windows, i));

      if (re != NULL && !g_regex_match (re, title, 0, NULL))
        continue;
      rat_dump (g_ptr_array_index (windows, i), opt_all ? RAT_WALK_VISIBLE : RAT_WALK_ON_SCREEN, title);
    }
  focus = describe_focus ();
  g_print ("focus: %s\n", focus);
  return 0;
}

static const char usage[] =
  "Commands:\n"
  "  wait-app                               wait for the application and its window\n"
  "  key KEY...                             send keys: Return ctrl+f alt+Left shift+Tab ctrl+question\n"
  "                                         (insert+KP_Enter: Orca reads the title bar)\n"
  "  type-keysyms KEYSYM...                 type keysyms one by one: r eacute c l a\n"
  "  wait-focus ROLE NAME-REGEX [TIMEOUT]   wait until the focused object matches\n"
  "  wait-object ROLE NAME-REGEX [TIMEOUT]  wait until an on-screen object matches\n"
  "  wait-gone ROLE NAME-REGEX [TIMEOUT]    wait until no on-screen object matches\n"
  "  wait-count ROLE NAME-REGEX CHILD-ROLE N [TIMEOUT]\n"
  "                                         wait until the object holds N on-screen CHILD-ROLE objects\n"
  "  wait-text ROLE NAME-REGEX TEXT-REGEX [TIMEOUT]\n"
  "                                         wait until the object's text (Text interface) matches\n"
  "  wait-description ROLE NAME-REGEX DESCRIPTION-REGEX [TIMEOUT]\n"
  "                                         wait until the object's description (read after its name) matches\n"
  "  wait-item ROLE NAME-REGEX CHILD-ROLE N CHILD-NAME-REGEX [TIMEOUT]\n"
  "                                         wait until the Nth on-screen CHILD-ROLE inside the object matches\n"
  "  assert-state ROLE NAME-REGEX [!]STATE...\n"
  "                                         check states of an on-screen object (!STATE: must lack it)\n"
  "  expect-announcement REGEX [KEY...]     send the keys, wait for a name or description change\n"
  "                                         of the focused object matching REGEX (--count N: N of them)\n"
  "  focus                                  print the focused object\n"
  "  dump [WINDOW-REGEX]                    print the on-screen objects and the focus\n"
  "\n"
  "ROLE: an AT-SPI role (push-button, list-item, entry, toggle-button...), alternatives joined by |, or *.\n"
  "NAME-REGEX: matched against the name Orca 43 speaks (the labelled-by text if any, else the name).\n"
  "Exit status: 0 on success, 1 on a failed check, 2 on a usage error.";

int
main (int    argc,
      char **argv)
{
  GOptionEntry entries[] = {
    { "app", 'a', 0, G_OPTION_ARG_STRING_ARRAY, &opt_app_names,
      "AT-SPI name of the application (repeatable; default: ressenti, io.github.ressenti.Ressenti)", "NAME" },
    { "timeout", 't', 0, G_OPTION_ARG_DOUBLE, &opt_timeout,
      "Default timeout in seconds (default 20)", "S" },
    { "count", 0, 0, G_OPTION_ARG_INT, &opt_count,
      "expect-announcement: wait for N matching announcements (default 1)", "N" },
    { "politeness", 0, 0, G_OPTION_ARG_STRING, &opt_politeness,
      "expect-announcement: an object:announcement (GTK >= 4.14) must be polite or assertive", "LEVEL" },
    { "backend", 'b', 0, G_OPTION_ARG_STRING, &opt_backend,
      "How keys are sent: auto (default: modified keys by xdotool, plain keysyms by AT-SPI), atspi or xdotool; also RESSENTI_UI_KEY_BACKEND", "NAME" },
    { "key-delay", 0, 0, G_OPTION_ARG_INT, &opt_key_delay_ms,
      "Milliseconds between keys (default 60)", "MS" },
    { "all", 0, 0, G_OPTION_ARG_NONE, &opt_all,
      "dump: every VISIBLE object, also those of hidden stack pages", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  const char *command;
  int status;

  setlocale (LC_ALL, "");
  context = g_option_context_new ("COMMAND [ARG...] - drive the running application by keyboard and AT-SPI");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context, usage);
  /* Arguments after the command are the command's, even "-1". */
  g_option_context_set_strict_posix (context, TRUE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("ressenti-ui-driver: %s\n", error->message);
      return 2;
    }
  if (!g_str_equal (key_backend (), "auto") && !g_str_equal (key_backend (), "xdotool")
      && !g_str_equal (key_backend (), "atspi"))
    {
      g_printerr ("ressenti-ui-driver: the key backend (--backend, RESSENTI_UI_KEY_BACKEND) is auto, atspi or xdotool\n");
      return 2;
    }
  if (argc < 2)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      g_printerr ("%s", help);
      return 2;
    }
  rat_init ();
  command = argv[1];
  argc -= 2;
  argv += 2;
  if (g_str_equal (command, "wait-app"))
    status = cmd_wait_app (argc, argv);
  else if (g_str_equal (command, "key"))
    status = cmd_key (argc, argv);
  else if (g_str_equal (command, "type-keysyms"))
    status = cmd_type_keysyms (argc, argv);
  else if (g_str_equal (command, "wait-focus"))
    status = cmd_wait_focus (argc, argv);
  else if (g_str_equal (command, "wait-object"))
    status = cmd_wait_object (argc, argv, FALSE);
  else if (g_str_equal (command, "wait-gone"))
    status = cmd_wait_object (argc, argv, TRUE);
  else if (g_str_equal (command, "wait-count"))
    status = cmd_wait_count (argc, argv);
  else if (g_str_equal (command, "wait-text"))
    status = cmd_wait_text (argc, argv);
  else if (g_str_equal (command, "wait-description"))
    status = cmd_wait_description (argc, argv);
  else if (g_str_equal (command, "wait-item"))
    status = cmd_wait_item (argc, argv);
  else if (g_str_equal (command, "assert-state"))
    status = cmd_assert_state (argc, argv);
  else if (g_str_equal (command, "expect-announcement"))
    status = cmd_expect_announcement (argc, argv);
  else if (g_str_equal (command, "focus"))
    status = cmd_focus (argc, argv);
  else if (g_str_equal (command, "dump"))
    status = cmd_dump (argc, argv);
  else
    {
      g_printerr ("ressenti-ui-driver: unknown command \"%s\"\n%s\n", command, usage);
      status = 2;
    }
  g_clear_object (&app);
  return status;
}
