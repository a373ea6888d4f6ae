#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# flow-markers.sh: a review of a call with emotion markers, by keyboard
# only, checked the way a screen reader sees it (focus, names, states and
# announcements over AT-SPI):
#
#   "Add demo calls" -> open the first call (focus on the slider) -> Tab to
#   "Start my review", Enter: "Review started…" -> back to the slider -> 3:
#   "Worry, moderate, customer, 0 seconds" -> I: strong -> Space, 3 s, E:
#   "…, to 3 seconds", Space -> S: agent side -> 2: "Rushed…" -> comma:
#   "Marker at 0:0…" -> S, S: customer side again -> setxkbmap fr: the
#   AZERTY digit row's keysyms ampersand and eacute place entries 1 and 2
#   ("Calm / neutral", "Satisfaction / relief"; under the US map the same
#   keysym ampersand is Shift+7, entry 7) -> setxkbmap us -> Ctrl+M: "My
#   markers", its rows in order, the focused row is the one F2 edits -> F2:
#   "Marker", a text typed, Save: confirmed, the row says the text ->
#   Delete: announced, the row is gone -> Ctrl+Z: back -> Escape -> the
#   status row counts the markers -> Summary, Enter: "Summary saved" ->
#   "Submit my review": "Review submitted…", "Submitted on …" -> M: the
#   picker "Choose a marker", typing "ang" says how many match, Enter
#   places Anger -> the application restarted, the same call: the status
#   and the list still hold the markers.
#
# Keys are keysyms (comma, ampersand, eacute…); xdotool does the presses
# with modifiers. setxkbmap (x11-xkb-utils) switches the layout of the
# session's X server.
#
# Run it inside the private session (the meson test ui-flow-markers does):
#   tests/ui/ui-session tests/ui/flow-markers.sh
#
# Sourced by orca-transcript.sh, which runs markers_reached_flow under Orca:
# markers placed at known times, then played through, so that the
# markers reached are spoken.

ROLE_SLIDER=slider
SLIDER='^Call position$'
ROLE_WINDOW='frame|dialog|window'
ROLE_ENTRY='entry|text'
ROLE_LIST='list|list-box'
MAIN_WINDOW='^Ressenti$'
MARKERS_WINDOW='^My markers$'


# markers_tab_to ROLE NAME-REGEX [KEY] [MAX]: presses KEY (Tab) until the focus is
# on that object, at most MAX (12) times; fails the test if it never is.
markers_tab_to () {
  local role=$1 name=$2 key=${3:-Tab} max=${4:-12} i
  echo "+ markers_tab_to $role /$name/ ($key, at most $max)"
  for ((i = 0; i <= max; i++)); do
    drv --timeout 1 wait-focus "$role" "$name" >/dev/null 2>&1 && return 0
    [ "$i" -lt "$max" ] && drv key "$key"
  done
  check wait-focus "$role" "$name"
}

# go_to_time M:SS: Ctrl+G on the slider, the time typed (keysyms), Enter;
# the focus back on the slider (wm_focus: no window manager runs).
go_to_time () {
  local keys=() i c
  for ((i = 0; i < ${#1}; i++)); do
    c=${1:i:1}
    [ "$c" = : ] && keys+=(colon) || keys+=("$c")
  done
  check key ctrl+g
  check wait-focus "$ROLE_ENTRY" '^Time to go to$'
  check type-keysyms "${keys[@]}"
  check wait-text "$ROLE_ENTRY" '^Time to go to$' "^$1\$"
  check key Return
  check wait-gone "$ROLE_WINDOW" '^Go to a time$'
  wm_focus "$MAIN_WINDOW"
  check wait-focus "$ROLE_SLIDER" "$SLIDER"
  settle
}

# The application's settings for this flow: no preview after a move made
# while paused (preview-seconds 0), so that a marker placed after Ctrl+G
# lands on the time typed. GSettings' keyfile backend reads them from the
# session's XDG_CONFIG_HOME.
markers_settings () {
  mkdir -p "$XDG_CONFIG_HOME/glib-2.0/settings" || ui_fail "cannot create $XDG_CONFIG_HOME/glib-2.0/settings"
  cat >"$XDG_CONFIG_HOME/glib-2.0/settings/keyfile" <<'EOF2'
[io/github/ressenti/Ressenti]
preview-seconds=0
EOF2
}
MARKERS_APP_ENV=(RESSENTI_ANNOUNCER=screen-reader GSETTINGS_BACKEND=keyfile)

# place REGEX KEY...: the keys place (or change) a marker; its
# confirmation must be announced.
place () {
  said --politeness assertive "$@"
  settle
}

markers_open_first_call () {
  ui_note "the demo calls, by keyboard; the first call opened"
  check wait-focus push-button '^Add demo calls$'
  check --timeout 30 key Return
  check --timeout 30 wait-count "$ROLE_LIST" '^Calls$' list-item 3
  check key ctrl+f Return
  check wait-focus list-item '^Call of '
  # The call's row, kept to find it again after the restart.
  CALL_ROW=$(drv focus | sed -n 's/^list-item "\(Call of [^,]*, agent [^,]*\),.*/\1/p')
  [ -n "$CALL_ROW" ] || ui_fail "cannot read the focused call's row"
  check --timeout 60 key Return
  check wait-focus "$ROLE_SLIDER" "$SLIDER"
  check wait-object list-item '^Status$'
  check wait-object label '^Not started$'
}

markers_start_review () {
  ui_note "Tab to \"Start my review\", Enter: the review starts, and says so"
  markers_tab_to push-button '^Start my review$'
  said_try --timeout 10 '^Review started\. Digits 1 to 9 place markers in the player\.\s*$' Return \
    || ui_problem "Enter on \"Start my review\": \"Review started…\" was not announced on a focused object (src/ui/ressenti-review-view.c hides the focused button: the announcement goes nowhere)"
  check wait-object label '^Review in progress, 0 markers$'
  check wait-gone push-button '^Start my review$'
  if ! drv --timeout 3 wait-focus push-button '^(Markers…|Submit my review)$' >/dev/null; then
    ui_problem "after Enter on \"Start my review\" the focus is lost ($(drv focus)): the button is hidden while it has the focus (ressenti_review_view_refresh); move the focus to \"Markers…\" (or the summary) first"
  fi
  ui_note "back to the slider by Shift+Tab (or Tab from wherever the focus fell)"
  if drv --timeout 1 wait-focus push-button '^(Markers…|Submit my review)$' >/dev/null 2>&1; then
    markers_tab_to "$ROLE_SLIDER" "$SLIDER" shift+Tab
  else
    markers_tab_to "$ROLE_SLIDER" "$SLIDER" Tab 20
  fi
  settle
}

markers_place_flow () {
  ui_note "3 (QWERTY keysym): the third customer entry, Worry, at 0 seconds"
  place '^Worry, moderate, customer, 0 seconds\s*$' 3
  ui_note "I: stronger"
  place '^Worry, strong, customer, 0 seconds\s*$' i

  ui_note "Space plays; three seconds later E ends the marker there; Space pauses"
  check key space
  check wait-object push-button '^Pause$'
  sleep 3
  place "^Worry, strong, customer, 0 seconds, to ([1-9]|1[0-9]) seconds\\s*\$" e
  check key space
  check wait-object push-button '^Play$'
  check assert-state "$ROLE_SLIDER" "$SLIDER" focused

  ui_note "S: the agent side; 2 places its second entry, Rushed, at 0:08"
  go_to_time 0:08
  said --politeness assertive '^New markers: agent side, delivery qualities\s*$' s
  place '^Rushed, moderate, agent, 8 seconds\s*$' 2
  ui_note "comma: the marker a little earlier"
  place '^Marker at 0:07\.[0-9]{3}\s*$' comma
  ui_note "S, S: both sides, then the customer side again"
  said --politeness assertive '^New markers: both sides\s*$' s
  said --politeness assertive '^New markers: customer side, emotions\s*$' s
  settle
}

# The AZERTY digit row: setxkbmap fr, then the unshifted keysyms.
markers_azerty_flow () {
  local layout
  ui_note "setxkbmap fr: the French layout in the session's X server"
  setxkbmap fr || ui_fail "setxkbmap fr failed (Debian: x11-xkb-utils)"
  layout=$(setxkbmap -query | sed -n 's/^layout: *//p')
  [ "$layout" = fr ] || ui_fail "setxkbmap -query says layout \"$layout\", not fr"
  # Let GTK and the AT-SPI registry see the new keymap.
  sleep 1
  go_to_time 0:15
  ui_note "ampersand (AZERTY's unshifted 1): entry 1, Calm / neutral, at 0:15"
  place '^Calm / neutral, moderate, customer, 15 seconds\s*$' ampersand
  go_to_time 0:20
  ui_note "eacute (AZERTY's unshifted 2): entry 2, Satisfaction / relief, at 0:20"
  place '^Satisfaction / relief, moderate, customer, 20 seconds\s*$' eacute
  ui_note "setxkbmap us: the layout back"
  setxkbmap us || ui_fail "setxkbmap us failed"
  sleep 1
}

# The rows of "My markers", in order of time, as Orca says them.
MARKER_ROWS=(
  '^0 seconds to ([1-9]|1[0-9]) seconds, customer, worry, strong$'
  '^7 seconds, agent, rushed, moderate$'
  '^15 seconds, customer, calm / neutral, moderate$'
  '^20 seconds, customer, satisfaction / relief, moderate$'
)

markers_check_rows () {
  local i
  check wait-count "$ROLE_LIST" "$MARKERS_WINDOW" list-item "${#MARKER_ROWS[@]}"
  for i in "${!MARKER_ROWS[@]}"; do
    check wait-item "$ROLE_LIST" "$MARKERS_WINDOW" list-item $((i + 1)) "${MARKER_ROWS[$i]}"
  done
}

markers_window_flow () {
  local focused
  ui_note "Ctrl+M: \"My markers\", the rows in order, the focus on a row"
  check key ctrl+m
  check wait-object "$ROLE_WINDOW" "$MARKERS_WINDOW"
  check wait-focus list-item '.'
  markers_check_rows
  check wait-object label '^4 markers$'
  # F2 and Delete act on the selected row: the row Orca says (the focused
  # one) must be it.
  focused=$(drv focus)
  case "$focused" in
    list-item*selected*) ;;
    *) ui_problem "\"My markers\" opens with the focus on a row that is not the selected one ($focused): F2 and Delete act on the selected row (the current marker), not on the row Orca just said (src/ui/ressenti-markers-window.c, focus_list_cb)" ;;
  esac
  ui_note "Home: the first row, focused and selected"
  check key Home
  check wait-focus list-item "${MARKER_ROWS[0]}"
  check assert-state list-item "${MARKER_ROWS[0]}" focused selected
  ui_note "Down: the second row, Rushed"
  check key Down
  check wait-focus list-item "${MARKER_ROWS[1]}"
  check assert-state list-item "${MARKER_ROWS[1]}" focused selected
  settle

  ui_note "F2: the \"Marker\" dialog for that row, focus on Side"
  check key F2
  check wait-object "$ROLE_WINDOW" '^Marker$'
  check wait-focus combo-box '^Side$'
  check wait-text "$ROLE_ENTRY" '^Start' '^0:07\.[0-9]{3}$'
  ui_note "Tab to Text, type a text, Enter saves: confirmed"
  markers_tab_to "$ROLE_ENTRY" '^Text'
  check type-keysyms t o o space f a s t
  check wait-text "$ROLE_ENTRY" '^Text' '^too fast$'
  markers_tab_to push-button '^Save$'
  # The confirmation goes to the focus of the active window: no window is
  # active once the dialog closes (no window manager here), so the app
  # falls back to the main window's slider, which Orca does not speak.
  # What the listener hears is the focused row's new name when the list
  # gets the focus back: any of these will do.
  MARKER_ROWS[1]='^7 seconds, agent, rushed, moderate — “too fast”$'
  said_try --timeout 10 "^Rushed, moderate, agent, 7 seconds.*too fast|${MARKER_ROWS[1]}" Return || true
  check wait-gone "$ROLE_WINDOW" '^Marker$'
  wm_focus "$MARKERS_WINDOW"
  # The changed marker keeps its row, and the focus stays on it (GTK 4.8
  # and GTK >= 4.12 alike: the model keeps the item).
  ui_note "The focus is still on the changed row, which has its new name"
  check wait-focus list-item "${MARKER_ROWS[1]}"
  check assert-state list-item "${MARKER_ROWS[1]}" focused selected
  markers_check_rows
  settle

  ui_note "Delete: the row goes, and that is said"
  said --politeness assertive '^Deleted: Rushed, moderate, agent, 7 seconds.*Ctrl\+Z undoes\.\s*$' Delete
  check wait-count "$ROLE_LIST" "$MARKERS_WINDOW" list-item 3
  check wait-object label '^3 markers$'
  check wait-gone list-item "${MARKER_ROWS[1]}"
  ui_note "The focus is on the row that took its place (15 seconds), selected"
  check wait-focus list-item "${MARKER_ROWS[2]}"
  check assert-state list-item "${MARKER_ROWS[2]}" focused selected
  settle
  ui_note "Ctrl+Z: the marker back"
  said --politeness assertive '^Undone: deleting Rushed, moderate, agent, 7 seconds' ctrl+z
  markers_check_rows
  check wait-object label '^4 markers$'
  settle

  ui_note "Escape: back on the slider"
  check key Escape
  check wait-gone "$ROLE_WINDOW" "$MARKERS_WINDOW"
  wm_focus "$MAIN_WINDOW"
  check wait-focus "$ROLE_SLIDER" "$SLIDER"
  settle
}

markers_review_flow () {
  ui_note "Tab to the status row: it counts the markers"
  markers_tab_to list-item '^Status$'
  check wait-object label '^Review in progress, 4 markers$'
  ui_note "Tab: the entry Summary (a GtkEntry: an AdwEntryRow of libadwaita 1.2 has no focused object for Orca 43); type, Enter: \"Summary saved\""
  markers_tab_to "$ROLE_ENTRY" '^Summary$'
  check type-keysyms c a l m space e n d
  check wait-text "$ROLE_ENTRY" '^Summary$' '^calm end$'
  said_try --timeout 10 '^Summary saved\s*$' Return \
    || ui_problem "Enter in Summary: \"Summary saved\" was not announced on a focused object (the announcer puts it on the focus widget, the AdwEntryRow's inner GtkText, which has no accessible object: src/ui/ressenti-screen-reader.c find_focus only goes up one level to a GtkEditable)"
  ui_note "Tab to \"Submit my review\", Enter: submitted"
  markers_tab_to push-button '^Submit my review$'
  said_try --timeout 10 '^Review submitted\. You can still change it until it is delivered\.\s*$' Return \
    || ui_problem "Enter on \"Submit my review\": \"Review submitted…\" was not announced on a focused object"
  check wait-object label '^Submitted on [0-9]+ [A-Z][a-z]+ [0-9]{4}, 4 markers$'
  if ! drv --timeout 3 wait-focus '*' '.' >/dev/null || drv --timeout 1 wait-focus scroll-pane '' >/dev/null 2>&1; then
    ui_problem "after Enter on \"Submit my review\" the focus is lost ($(drv focus))"
  fi
  markers_tab_to "$ROLE_SLIDER" "$SLIDER" shift+Tab 20
  settle
}

markers_picker_flow () {
  ui_note "M: the picker \"Choose a marker\", focus in its search"
  go_to_time 0:30
  check key m
  check wait-object "$ROLE_WINDOW" '^Choose a marker$'
  check wait-focus "$ROLE_ENTRY" '^Find a marker$'
  check wait-object "$ROLE_LIST" '^Markers of the vocabulary$'
  check wait-object list-item '^Anger$'
  ui_note "typing a n g: how many match is said"
  said --politeness polite '^1 marker matches\s*$' a n g
  # (Not counted over AT-SPI: GTK 4.8 keeps the rows the filter hides
  # VISIBLE, with their old extents, so they look on screen.)
  check wait-text "$ROLE_ENTRY" '^Find a marker$' '^ang$'
  ui_note "Enter: Anger placed at 0:30"
  check key Return
  check wait-gone "$ROLE_WINDOW" '^Choose a marker$'
  # The confirmation goes to the slider (the main window's focus) while no
  # window is active, and the slider's own description comes back a
  # moment later: whether it is heard depends on how soon a window
  # manager gives the focus back, which this session has not. The marker
  # itself is checked: the status row counts it, the list shows it.
  wm_focus "$MAIN_WINDOW"
  check wait-focus "$ROLE_SLIDER" "$SLIDER"
  check wait-object label '^Submitted on .*, 5 markers$'
  MARKER_ROWS+=('^30 seconds, customer, anger, moderate$')
}

markers_restart_flow () {
  ui_note "the application stopped and started again: the same call keeps the review"
  stop_app
  start_app "${MARKERS_APP_ENV[@]}"
  check --timeout 30 wait-count "$ROLE_LIST" '^Calls$' list-item 3
  ui_note "Ctrl+F, f a s t: a word of a marker's text (in no call's details) finds the reviewed call"
  check key ctrl+f
  check wait-focus "$ROLE_ENTRY" '^Search calls$'
  check type-keysyms f a s t
  check wait-count "$ROLE_LIST" '^Calls$' list-item 1
  check wait-item "$ROLE_LIST" '^Calls$' list-item 1 "^$CALL_ROW,"
  check wait-object label '^1 call\.?$'
  check key Return
  check wait-focus list-item '^Call of '
  markers_tab_to list-item "^$CALL_ROW," Down 3
  check key Return
  check wait-focus "$ROLE_SLIDER" "$SLIDER"
  check wait-object label '^Submitted on .*, 5 markers$'
  check wait-text "$ROLE_ENTRY" '^Summary$' '^calm end$'
  check key ctrl+m
  check wait-object "$ROLE_WINDOW" "$MARKERS_WINDOW"
  check wait-focus list-item '.'
  markers_check_rows
  check key Escape
  check wait-gone "$ROLE_WINDOW" "$MARKERS_WINDOW"
}

# Under Orca (orca-transcript.sh), the call's player open and playing:
# two markers placed while it plays (3: Worry, 3 s or more in; 7: Anger,
# 2 s or more later), then the call played again from the start, past both:
# the watcher says each marker reached ("Worry, moderate, customer"), in
# order. Times are loose: under headless Orca keys reach the application a
# second or more late. FLOW_ANNOUNCEMENTS=0 (the control run) only sends
# the keys.
markers_reached_flow () {
  ui_note "markers placed while playing: Home, then 3 about 3 s in, 7 about 3 s later"
  check wait-focus "$ROLE_SLIDER" "$SLIDER"
  if ! drv --timeout 2 wait-object push-button '^Pause$' >/dev/null 2>&1; then
    check key space
    check wait-object push-button '^Pause$'
  fi
  said --politeness assertive '^Start of the call' Home
  settle
  # Past the preview that Home makes when paused (2 s), so that the
  # play-through below reaches this marker.
  sleep 3
  place '^Worry, moderate, customer, [0-9]+ seconds?\s*$' 3
  sleep 2
  place '^Anger, moderate, customer, [0-9]+ seconds?\s*$' 7
  ui_note "Space pauses; Home: the start (paused: a short preview plays)"
  check key space
  check wait-object push-button '^Play$'
  settle
  said --politeness assertive '^Start of the call' Home
  settle
  # Let the preview end before playing again (it would pause the call).
  sleep 3
  ui_note "Space plays through both markers: each is said when reached"
  if drv --timeout 1 wait-object push-button '^Play$' >/dev/null 2>&1; then
    check key space
  fi
  check wait-object push-button '^Pause$'
  if [ "${FLOW_ANNOUNCEMENTS:-1}" = 1 ]; then
    said --timeout 20 --politeness assertive '^Anger, moderate, customer\s*$'
  else
    sleep 12
  fi
  settle
  check key space
  check wait-object push-button '^Play$'
  settle
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  UI_TEST_NAME=${UI_TEST_NAME:-ui-flow-markers}
  # shellcheck source=ui-lib.sh
  . "$(dirname "$0")/ui-lib.sh"
  ui_require xdotool setxkbmap
  # Whatever happens, the session's layout goes back to us.
  trap 'stop_app; setxkbmap us 2>/dev/null' EXIT
  markers_settings
  start_app "${MARKERS_APP_ENV[@]}"
  markers_open_first_call
  markers_start_review
  markers_place_flow
  markers_azerty_flow
  markers_window_flow
  markers_review_flow
  markers_picker_flow
  markers_restart_flow
  stop_app
  ui_finish "PASS: a review with markers works by keyboard, with focus, names and announcements as Orca gets them"
fi
