#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# flow-library.sh: the keyboard-only flow of the library, checked the way a
# screen reader sees it (focus, names, states over AT-SPI):
#
#   empty library, focus on "Add demo calls" -> Enter -> "Imported 3 calls"
#   announced, the list "Calls" holds 3 rows -> Ctrl+F -> focus in "Search
#   calls" -> type r é c l a (keysyms, no US layout assumed) -> "1 call"
#   announced -> Enter -> focus on the Réclamations row -> Enter -> the call
#   page (focus on the player's slider "Call position"; the heading and
#   "Back to the library" show) -> Escape -> focus back on the row -> Enter,
#   Alt+Left -> back again (both keys work with the focus on the slider).
#
# Run it inside the private session (the meson test ui-flow-library does):
#   tests/ui/ui-session tests/ui/flow-library.sh
# with RESSENTI_EXE, RESSENTI_UI_DRIVER and RESSENTI_DEMO_DIR set.
#
# Sourced by orca-transcript.sh, which calls library_flow with Orca
# running. FLOW_ANNOUNCEMENTS=0 leaves out the checks of the announcements
# (the control run of the Orca test starts the app with them off).

# Roles as GTK 4.8 exposes them: GtkEntry is "text", GtkSearchEntry "entry";
# a GtkLabel is "label" unless the app gave it the heading role.
ROLE_ENTRY='entry|text'
ROLE_LIST='list|list-box'
ROW_RECLAMATIONS='^Call of .*Réclamations'
# The player's timeline, where the focus goes when a call opens.
SLIDER='^Call position$'

library_flow () {
  local announce=${FLOW_ANNOUNCEMENTS:-1}

  ui_note "empty library: the initial focus is on Add demo calls"
  check wait-object push-button '^Add demo calls$'
  check wait-focus push-button '^Add demo calls$'

  ui_note "Enter adds the demo calls and announces it"
  if [ "$announce" = 1 ]; then
    check --timeout 30 --politeness assertive expect-announcement '^Imported 3 calls\.?\s*$' Return
  else
    check key Return
  fi
  check --timeout 30 wait-count "$ROLE_LIST" '^Calls$' list-item 3
  check wait-object label '^3 calls\.?$'
  check wait-gone push-button '^Add demo calls$'
  settle

  ui_note "Ctrl+F: focus in the search entry"
  check key ctrl+f
  check wait-focus "$ROLE_ENTRY" '^Search calls$'
  settle

  ui_note "typing r é c l a (keysyms) filters to one call and announces the count"
  if [ "$announce" = 1 ]; then
    check --politeness polite expect-announcement '^1 call\.?\s*$' r eacute c l a
  else
    check type-keysyms r eacute c l a
  fi
  check wait-text "$ROLE_ENTRY" '^Search calls$' '^récla$'
  check wait-count "$ROLE_LIST" '^Calls$' list-item 1
  check wait-object label '^1 call\.?$'
  settle

  ui_note "Enter in the search moves focus to the first row"
  check key Return
  check wait-focus list-item "$ROW_RECLAMATIONS"
  check assert-state list-item "$ROW_RECLAMATIONS" focused
  settle

  ui_note "Enter opens the call: focus on its player's slider, the heading shows"
  check key Return
  check wait-focus slider "$SLIDER"
  check assert-state slider "$SLIDER" focused
  check wait-object 'heading|label' "$ROW_RECLAMATIONS"
  check wait-object push-button '^Back to the library$'
  check wait-gone "$ROLE_ENTRY" '^Search calls$'
  settle

  ui_note "Escape (from the slider) goes back, focus on the row of the call again"
  check key Escape
  check wait-focus list-item "$ROW_RECLAMATIONS"
  check wait-gone push-button '^Back to the library$'
  settle

  ui_note "Enter, then Alt+Left (from the slider) goes back too"
  check key Return
  check wait-focus slider "$SLIDER"
  check wait-object push-button '^Back to the library$'
  settle
  check key alt+Left
  check wait-focus list-item "$ROW_RECLAMATIONS"
  check wait-gone push-button '^Back to the library$'
  settle
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  UI_TEST_NAME=${UI_TEST_NAME:-ui-flow-library}
  # shellcheck source=ui-lib.sh
  . "$(dirname "$0")/ui-lib.sh"
  ui_require xdotool
  # The announcements are checked as the screen-reader backend makes them
  # (the default, "auto", would depend on whether a screen reader runs).
  start_app RESSENTI_ANNOUNCER=screen-reader
  library_flow
  stop_app
  echo "PASS: the library flow works by keyboard, with focus and names as Orca gets them"
fi
