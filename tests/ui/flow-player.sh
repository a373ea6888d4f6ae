#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# flow-player.sh: the player of the call page driven by keyboard only,
# checked the way a screen reader sees it (focus, names, states,
# descriptions and announcements over AT-SPI):
#
#   "Add demo calls" -> Ctrl+F, Enter: focus on the first call -> Enter
#   opens it: focus on the slider "Call position", the analysis announced
#   ("Call analysed: N speaker turns, M pauses.") -> Tab away and back: the
#   slider's description gives the position and the length ("0 seconds of
#   1 minute 20") -> Space plays (the Play button becomes Pause) -> Right,
#   then Right twice at once (two different turns), Left land on speaker
#   turns ("Customer, 5 seconds") -> Down: "Move
#   by: pause" -> Right: a pause or "No further" -> Up: "Move by: speaker
#   turn" -> Home: "Start of the call" -> W: "… of 1 minute …, playing…" ->
#   W twice: "N percent, … left" -> plus, minus: "Speed 1.1", "Speed 1.0" ->
#   Shift+F1: key describer on; W and Space say what they do, Space does not
#   pause; Shift+F1 off -> Ctrl+G: "Go to a time", focus in its entry; 2:75
#   Enter: an error announced, the dialog stays; 0:30 Enter: it closes,
#   focus back on the slider at 30 seconds -> Ctrl+H: "Messages spoken
#   recently", newest first, focus on the newest -> Escape -> Escape: back
#   to the library, on the call's row.
#
# Keys are keysyms (colon, plus, minus…): nothing assumes a US layout.
#
# Run it inside the private session (the meson test ui-flow-player does):
#   tests/ui/ui-session tests/ui/flow-player.sh
#
# Sourced by orca-transcript.sh, which runs player_open, player_wait_analysed,
# player_position_description and player_keys_flow with Orca running after
# the library flow. FLOW_ANNOUNCEMENTS=0 leaves out the checks of the
# announcements (the control run of the Orca test, announcer off).

ROLE_SLIDER=slider
SLIDER='^Call position$'
# An AdwWindow is a frame for AT-SPI; a dialog role is accepted too.
ROLE_WINDOW='frame|dialog|window'
ROLE_ENTRY='entry|text'
ROLE_LIST='list|list-box'
MAIN_WINDOW='^Ressenti$'
# Where the player lands by speaker turn: who, then when.
LANDING='^(Customer|Agent), [0-9]+ (second|minute)'
# A position of the demo calls, which all last 1 minute and some seconds.
POSITION='[0-9]+ (seconds?|minutes?)( [0-9]+)? of 1 minute( [0-9]+)?'

# player_open [fresh]: Enter on the focused row of a call opens it; the
# focus goes to the slider. "fresh": the call was never opened, so it is
# analysed and the result announced (the announcement ends the step).
player_open () {
  ui_note "Enter opens the call: focus on the slider Call position"
  if [ "${1:-}" = fresh ] && [ "${FLOW_ANNOUNCEMENTS:-1}" = 1 ]; then
    check --timeout 60 --politeness polite expect-announcement \
      '^Call analysed: [0-9]+ speaker turns?, [0-9]+ pauses?\.\s*$' Return
  else
    check key Return
  fi
  check wait-focus "$ROLE_SLIDER" "$SLIDER"
  check assert-state "$ROLE_SLIDER" "$SLIDER" focused focusable
  check wait-object push-button '^Play$'
  check wait-object push-button '^Back to the library$'
  settle
}

# Waits for the analysis of a call that may have been analysed before (its
# result then comes from the library, silently): "where am I" tells who
# speaks or which turn comes next once the speaker turns are known.
player_wait_analysed () {
  local attempt
  ui_note "waiting for the analysis: W says who speaks or what comes next once it is done"
  if [ "${FLOW_ANNOUNCEMENTS:-1}" != 1 ]; then
    # Nothing is announced: give the analysis its time, then check that
    # its progress bar is gone.
    sleep 3
    check --timeout 60 wait-gone progress-bar '^Analysis of the call$'
    return
  fi
  for attempt in $(seq 20); do
    if drv --timeout 3 expect-announcement '(speaking|next: )' w 2>/dev/null; then
      settle
      return 0
    fi
    ui_note "not analysed yet (attempt $attempt)"
    sleep 1
  done
  ui_fail "the call was not analysed after 20 attempts"
}

# Orca reads the slider's description after its name when it gets focus:
# it must give the position and the call's length. (Right after the call
# opens the description holds the messages said then: move away and back.)
player_position_description () {
  ui_note "Tab and Shift+Tab: back on the slider, its description says the position and the length"
  check key Tab
  check wait-focus push-button '^Previous'
  settle
  check key shift+Tab
  check wait-focus "$ROLE_SLIDER" "$SLIDER"
  check wait-description "$ROLE_SLIDER" "$SLIDER" "^$POSITION\\s*\$"
  settle
}

# trim TEXT: without the trailing spaces (the screen-reader backend adds one
# to a message said twice in a row, so that Orca says it again).
trim () {
  local text=$1
  echo "${text%"${text##*[! ]}"}"
}

# The player keys, with the focus on the slider.
player_keys_flow () {
  ui_note "Space plays: the Play button becomes Pause, the focus stays on the slider"
  check key space
  check wait-object push-button '^Pause$'
  check wait-gone push-button '^Play$'
  check assert-state "$ROLE_SLIDER" "$SLIDER" focused
  settle

  ui_note "Right: the next speaker turn, said as who and when"
  said --politeness assertive "$LANDING" Right
  settle
  # Two presses 60 ms apart: each must go one turn further. (Each landing
  # is the turn's start minus the lead-in, before the turn: a search from
  # there must not find the same turn again.)
  ui_note "Right twice at once: two turns further, two different landings"
  said --count 2 --politeness assertive "$LANDING" Right Right
  if [ "${FLOW_ANNOUNCEMENTS:-1}" = 1 ] \
     && [ "$(trim "${SAID_ALL[0]}")" = "$(trim "${SAID_ALL[1]}")" ]; then
    ui_problem "Right pressed twice landed twice on the same speaker turn (\"$(trim "${SAID_ALL[0]}")\"): from a landing (the turn's start minus lead-in-ms) the next turn must be searched after that turn's start"
  fi
  settle
  ui_note "Left: back by a speaker turn (or, from the first one, that there is none before)"
  said --politeness assertive "$LANDING|^No further: this is the first one\\." Left
  settle

  ui_note "Down: the next unit, pause"
  said --politeness assertive '^Move by: pause\s*$' Down
  settle
  ui_note "Right: the next pause and its length, or that there is none"
  said --politeness assertive '^(Pause of [0-9]+ (second|minute)|No further: this is the last one\.)' Right
  settle
  ui_note "Up: back to speaker turns"
  said --politeness assertive '^Move by: speaker turn\s*$' Up
  settle

  ui_note "Home: the start of the call, still playing (the rest of the flow has the whole call to run)"
  said --politeness assertive '^Start of the call' Home
  check wait-object push-button '^Pause$'
  settle

  # A second W within 0.8 s is "W twice": keep the presses apart.
  sleep 1
  ui_note "W: where am I: position of the length, playing or paused"
  said --politeness assertive "^$POSITION, (playing|paused)" w
  settle
  # PLAYER_W_TWICE=0 leaves this out: under headless Orca (debug log on)
  # the keys reach the application only after Orca has handled them, more
  # than a second apart, so two presses are never "twice quickly" there.
  if [ "${PLAYER_W_TWICE:-1}" = 1 ]; then
    sleep 1
    ui_note "W twice quickly: the percentage and the time left"
    said --politeness assertive '^[0-9]+ percent, .* left' w w
    settle
  fi

  ui_note "plus and minus (keysyms; on AZERTY plus needs Shift): the speed"
  said --politeness assertive '^Speed 1\.1\s*$' plus
  settle
  said --politeness assertive '^Speed 1\.0\s*$' minus
  settle

  ui_note "Shift+F1: the key describer on"
  said --politeness assertive '^Key describer on' shift+F1
  settle
  ui_note "W says what it does instead of doing it"
  said --politeness assertive '^W: Where am I' w
  settle
  ui_note "Space says what it does and does not pause (the button still says Pause)"
  said --politeness assertive '^Space: Play or pause' space
  sleep 1
  check wait-object push-button '^Pause$'
  check wait-gone push-button '^Play$' 1
  settle
  ui_note "Shift+F1: the key describer off"
  said --politeness assertive '^Key describer off' shift+F1
  check assert-state "$ROLE_SLIDER" "$SLIDER" focused
  settle
}

# The dialogs reached from the player: Ctrl+G and Ctrl+H.
player_dialogs_flow () {
  ui_note "Ctrl+G: the Go to a time dialog, focus in its entry"
  check key ctrl+g
  check wait-object "$ROLE_WINDOW" '^Go to a time$'
  check wait-focus "$ROLE_ENTRY" '^Time to go to$'
  check assert-state "$ROLE_ENTRY" '^Time to go to$' focused editable

  ui_note "2:75 (keysyms) and Enter: not a time; the error is announced and the dialog stays"
  check type-keysyms 2 colon 7 5
  check wait-text "$ROLE_ENTRY" '^Time to go to$' '^2:75$'
  said_try --timeout 8 --politeness assertive '^This is not a time' Return \
    || ui_problem "the error of the Go to a time dialog (2:75) was not announced on its focused entry"
  check wait-object label '^This is not a time'
  check wait-object "$ROLE_WINDOW" '^Go to a time$'
  check wait-focus "$ROLE_ENTRY" '^Time to go to$'

  ui_note "0:30 and Enter: the dialog closes, the call is at 30 seconds"
  check key ctrl+a BackSpace
  check wait-text "$ROLE_ENTRY" '^Time to go to$' '^$'
  check type-keysyms 0 colon 3 0
  check wait-text "$ROLE_ENTRY" '^Time to go to$' '^0:30$'
  check key Return
  check wait-gone "$ROLE_WINDOW" '^Go to a time$'
  wm_focus "$MAIN_WINDOW"
  check wait-focus "$ROLE_SLIDER" "$SLIDER"
  # What Orca reads with the focus back on the slider (the call plays on:
  # a second or two more).
  check wait-description "$ROLE_SLIDER" "$SLIDER" '^3[0-3] seconds'

  ui_note "Ctrl+H: the messages spoken recently, newest first, focus on the newest"
  check key ctrl+h
  check wait-object "$ROLE_WINDOW" '^Messages spoken recently$'
  check wait-item "$ROLE_LIST" '^Messages spoken recently$' list-item 1 '^30 seconds'
  check wait-item "$ROLE_LIST" '^Messages spoken recently$' list-item 2 '^This is not a time'
  check wait-focus list-item '^30 seconds'
  check key Escape
  check wait-gone "$ROLE_WINDOW" '^Messages spoken recently$'
  wm_focus "$MAIN_WINDOW"
  check wait-focus "$ROLE_SLIDER" "$SLIDER"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  UI_TEST_NAME=${UI_TEST_NAME:-ui-flow-player}
  # shellcheck source=ui-lib.sh
  . "$(dirname "$0")/ui-lib.sh"
  ui_require xdotool
  # The announcements are checked as the screen-reader backend makes them
  # (the default, "auto", would depend on whether a screen reader runs).
  start_app RESSENTI_ANNOUNCER=screen-reader

  ui_note "the demo calls, by keyboard"
  check wait-focus push-button '^Add demo calls$'
  check --timeout 30 key Return
  check --timeout 30 wait-count "$ROLE_LIST" '^Calls$' list-item 3
  check key ctrl+f Return
  check wait-focus list-item '^Call of '

  player_open fresh
  player_position_description
  player_keys_flow
  player_dialogs_flow

  ui_note "Escape: back to the library, on the call's row"
  check key Escape
  check wait-focus list-item '^Call of '
  check wait-gone "$ROLE_SLIDER" "$SLIDER"
  settle

  ui_note "Enter again: the call reopens where the listener stopped (a little after 30 seconds), and says so"
  said --timeout 15 '^Resuming at 3[0-9] seconds\.' Return
  check wait-focus "$ROLE_SLIDER" "$SLIDER"
  check key Escape
  check wait-focus list-item '^Call of '
  stop_app
  ui_finish "PASS: the player works by keyboard, with focus, names and announcements as Orca gets them"
fi
