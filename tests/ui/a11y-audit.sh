#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# a11y-audit.sh: audits the accessible names of every window the
# application shows, opening each by keyboard:
#   1. the main window on an empty library;
#   2. the main window after "Add demo calls";
#   3. the main window showing a call with its player (Enter on the first
#      row; the focus goes to the slider "Call position");
#   4. the call page with a review started (3 on the slider places a
#      marker), "My markers" (Ctrl+M) with its row, the "Marker" dialog
#      (F2 on the row) and the picker "Choose a marker" (M);
#   5. the player's "Go to a time" dialog (Ctrl+G on the slider);
#   6. "Messages spoken recently" (Ctrl+H);
#   7. "Preferences" (Ctrl+comma);
#   8. the confirmation of Delete on a row (Escape cancels it);
#   9. the "Keyboard shortcuts" window (Ctrl+?);
#   10. the "Import from a typed path" dialog (Ctrl+Shift+O).
# Fails if any audit finds a problem (an unlabelled or type-named control)
# or a window checked nothing.
#
# a11y-audit.sh --planted: the application is started with
# RESSENTI_TEST_PLANT_UNLABELLED=1, which adds one icon-only button
# without a label. Passes only if the audit fails AND names that button:
# proof that the audit can fail.
#
# Run it inside the private session (the meson tests a11y-audit and
# a11y-audit-planted do):
#   tests/ui/ui-session tests/ui/a11y-audit.sh [--planted]

planted=
[ "${1:-}" = "--planted" ] && planted=1
UI_TEST_NAME=${UI_TEST_NAME:-a11y-audit${planted:+-planted}}
# shellcheck source=ui-lib.sh
. "$(dirname "$0")/ui-lib.sh"
ui_require xdotool
[ -n "${RESSENTI_A11Y_AUDIT:-}" ] && [ -x "$RESSENTI_A11Y_AUDIT" ] \
  || ui_fail "RESSENTI_A11Y_AUDIT is not set to the built ressenti-a11y-audit"
EXCEPTIONS="$UI_SRCDIR/a11y-exceptions.txt"
[ -r "$EXCEPTIONS" ] || ui_fail "missing $EXCEPTIONS"

failures=0

# audit LABEL AUDIT-OPTION...: runs the audit, keeps its output.
audit () {
  local label=$1 out status
  shift
  out="$UI_LOGDIR/$UI_TEST_NAME-$label.txt"
  echo "+ audit ($label): ressenti-a11y-audit $*"
  "$RESSENTI_A11Y_AUDIT" --exceptions "$EXCEPTIONS" "$@" >"$out" 2>&1
  status=$?
  cat "$out"
  if [ "$status" != 0 ]; then
    echo "AUDIT FAILED ($label), exit $status; for the whole tree: ressenti-a11y-audit --dump"
    failures=$((failures + 1))
  fi
  return "$status"
}

# The unlabelled buttons an audit output names: a button (GTK 4.8 has no
# toggle role: a toggle button is a push button too) named "" or after a
# widget type ("GtkButton", or "GtkImage", the name of its icon).
unlabelled_buttons () {
  grep -E '^PROBLEM .*role=(push-button|toggle-button) .*name="((Gtk|Adw|Gdk)[A-Za-z]*)?"' "$1" \
    | sed -E 's/ path=[0-9.]+//' | sort
}

if [ -n "$planted" ]; then
  # The same audit without, then with the planted button: the second must
  # fail and name one unlabelled button more than the first.
  start_app RESSENTI_ANNOUNCER=screen-reader
  check wait-object push-button '^Add demo calls$'
  clean="$UI_LOGDIR/$UI_TEST_NAME-clean.txt"
  "$RESSENTI_A11Y_AUDIT" --exceptions "$EXCEPTIONS" --expect-window Ressenti \
    --only-window '^Ressenti$' --min-objects 20 >"$clean" 2>&1
  echo "+ audit without the plant: exit $? ($clean)"
  stop_app

  start_app RESSENTI_ANNOUNCER=screen-reader RESSENTI_TEST_PLANT_UNLABELLED=1
  check wait-object push-button '^Add demo calls$'
  out="$UI_LOGDIR/$UI_TEST_NAME.txt"
  "$RESSENTI_A11Y_AUDIT" --exceptions "$EXCEPTIONS" --expect-window Ressenti \
    --only-window '^Ressenti$' --min-objects 20 >"$out" 2>&1
  status=$?
  cat "$out"
  stop_app
  [ "$status" != 0 ] || ui_fail "the audit passed although an unlabelled icon button was planted: it checks nothing"
  new=$(comm -13 <(unlabelled_buttons "$clean") <(unlabelled_buttons "$out"))
  [ -n "$new" ] \
    || ui_fail "the audit failed (exit $status) but names no unlabelled button that the run without the plant did not have"
  echo "the planted button, as the audit names it:"
  echo "$new"
  echo "PASS: the audit fails on the planted unlabelled button and names it"
  exit 0
fi

# The announcer as a screen reader user has it, whether or not one runs
# here (the default, "auto", would add the app's own voice).
start_app RESSENTI_ANNOUNCER=screen-reader
check wait-focus push-button '^Add demo calls$'
audit empty-library --expect-window Ressenti --only-window '^Ressenti$' --min-objects 20

check --timeout 30 key Return
check --timeout 30 wait-count 'list|list-box' '^Calls$' list-item 3
audit library --expect-window Ressenti --only-window '^Ressenti$' --min-objects 20

# The call page with its player, opened by keyboard from the first row:
# the focus goes to the player's slider.
check key ctrl+f Return
check wait-focus list-item '^Call of '
check key Return
check wait-focus slider '^Call position$'
check wait-object push-button '^Back to the library$'
check wait-object push-button '^Play$'
audit call-page --expect-window Ressenti --only-window '^Ressenti$' --min-objects 30

# A review with a marker: 3 on the slider starts the review and places
# Worry; the call page then shows the review's controls (Summary, Markers…,
# Submit my review).
if ! drv --timeout 10 expect-announcement '^Worry, ' 3; then
  echo "FAIL: 3 on the slider did not place a marker"
  ui_diagnose
  exit 1
fi
check wait-object push-button '^Submit my review$'
audit call-page-review --expect-window Ressenti --only-window '^Ressenti$' --min-objects 30

# "My markers" (Ctrl+M), with its row, focus on the row.
check key ctrl+m
check wait-object 'frame|window|dialog' '^My markers$'
check wait-focus list-item '^0 seconds, customer, worry'
audit markers-window --expect-window 'My markers' --only-window '^My markers$' --min-objects 5
# The "Marker" dialog (F2 on the row), focus on its first field.
check key F2
check wait-object 'frame|window|dialog' '^Marker$'
check wait-focus combo-box '^Side$'
audit marker-dialog --expect-window 'Marker' --only-window '^Marker$' --min-objects 10
check key Escape
check wait-gone 'frame|window|dialog' '^Marker$'
wm_focus '^My markers$'
check wait-focus list-item '^0 seconds'
check key Escape
check wait-gone 'frame|window|dialog' '^My markers$'
wm_focus '^Ressenti$'
check wait-focus slider '^Call position$'

# The picker "Choose a marker" (M on the slider), focus in its search.
check key m
check wait-object 'frame|window|dialog' '^Choose a marker$'
check wait-focus 'entry|text' '^Find a marker$'
check wait-object list-item '^Anger'
audit marker-picker --expect-window 'Choose a marker' --only-window '^Choose a marker$' --min-objects 10
check key Escape
check wait-gone 'frame|window|dialog' '^Choose a marker$'
wm_focus '^Ressenti$'
check wait-focus slider '^Call position$'

# The dialogs of the player, each opened by its key from the slider. No
# window manager runs in the session: after a dialog closes, wm_focus gives
# the focus back to the main window, as a window manager would.
check key ctrl+g
check wait-object 'frame|window|dialog' '^Go to a time$'
check wait-focus 'entry|text' '^Time to go to$'
audit time-dialog --expect-window 'Go to a time' --only-window '^Go to a time$' --min-objects 4
check key Escape
check wait-gone 'frame|window|dialog' '^Go to a time$'
wm_focus '^Ressenti$'
check wait-focus slider '^Call position$'

check key ctrl+h
check wait-object 'frame|window|dialog' '^Messages spoken recently$'
check wait-focus list-item '.'
audit history-window --expect-window 'Messages spoken recently' --only-window '^Messages spoken recently$' --min-objects 4
check key Escape
check wait-gone 'frame|window|dialog' '^Messages spoken recently$'
wm_focus '^Ressenti$'
check wait-focus slider '^Call position$'

check key ctrl+comma
check wait-object 'frame|window|dialog' '^Preferences$'
check wait-focus '*' '.'
audit preferences --expect-window 'Preferences' --only-window '^Preferences$' --min-objects 20
check key Escape
check wait-gone 'frame|window|dialog' '^Preferences$'
wm_focus '^Ressenti$'
check wait-focus slider '^Call position$'

check key Escape
check wait-focus list-item '^Call of '

# The confirmation of Delete on a row (an AdwMessageDialog): its buttons.
# Escape must cancel it; nothing is deleted.
check key ctrl+f Return
check wait-focus list-item '^Call of '
check key Delete
check wait-object push-button '^Delete$'
check wait-object push-button '^Cancel$'
audit delete-dialog --only-window '^(?!Ressenti$)' --min-objects 3
check key Escape
check wait-gone push-button '^Delete$'
check --timeout 10 wait-count 'list|list-box' '^Calls$' list-item 3

check key ctrl+question
check wait-object 'frame|window|dialog' '^Keyboard shortcuts$'
audit keys-window --expect-window 'Keyboard shortcuts' --only-window '^Keyboard shortcuts$' --min-objects 4
check key Escape
if ! drv --timeout 5 wait-gone 'frame|window|dialog' '^Keyboard shortcuts$'; then
  echo "NOTE: Escape does not close the Keyboard shortcuts window; restarting the application"
  stop_app
  start_app RESSENTI_ANNOUNCER=screen-reader
fi

check wait-object 'frame|window|dialog' '^Ressenti$'
check key ctrl+shift+o
check wait-object 'frame|window|dialog' '^Import from a typed path$'
check wait-focus 'entry|text' '^Path of a file or folder to import$'
audit path-dialog --expect-window 'Import from a typed path' --only-window '^Import from a typed path$' --min-objects 4
check key Escape
drv --timeout 5 wait-gone 'frame|window|dialog' '^Import from a typed path$' \
  || echo "NOTE: Escape does not close the Import from a typed path dialog"
stop_app

[ "$failures" = 0 ] || ui_fail "$failures audit(s) found problems"
echo "PASS: every window audited has a name for each control"
