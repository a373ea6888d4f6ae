#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# flow-vocabulary.sh: the vocabulary editor of Preferences, by keyboard
# only, checked the way a screen reader sees it (focus, names,
# announcements over AT-SPI; announcements also in the announcer's log):
#
#   Ctrl+comma: Preferences -> Tab to the list "Customer emotions", focus
#   on its first row "Calm / neutral. Key 1 — …" -> Down to "Anger. Key 7"
#   -> Alt+Up: "Anger moved to position 6, key 6", the focus stays on the
#   row, which is now the 6th, before Frustration (key 7) -> Tab to its
#   button "Retire “Anger”" -> Space: "Anger retired…", the row says
#   "Retired", Frustration takes key 6, Other key 9 -> Space again on the
#   same button, now "Restore “Anger”": "Anger restored, key 6." ->
#   Shift+Tab back to the row and to "Add a customer emotion…" -> Enter: the dialog, focus in
#   "Name" -> "anger" Enter: refused (already in the vocabulary), the
#   error announced, the dialog and the text stay -> Escape -> again with
#   "Doubt" and a definition: the dialog closes, the new row "Doubt. No
#   digit key — …" is the 11th and has focus, "Doubt added at position 11,
#   no digit key." said -> Enter on it: "Rename or redefine “Doubt”",
#   " / uncertainty" typed after the name, Enter: the focus back on the
#   renamed row, "Doubt renamed Doubt / uncertainty." said -> Escape closes
#   Preferences; Ctrl+comma again: the library kept the order and the names
#   (Anger 6th, Doubt / uncertainty 11th).
#
# Run it inside the private session (the meson test ui-flow-vocabulary
# does):
#   tests/ui/ui-session tests/ui/flow-vocabulary.sh

ROLE_WINDOW='frame|dialog|window'
ROLE_ENTRY='entry|text'
ROLE_LIST='list|list-box'
CUSTOMER_LIST='^Customer emotions$'

# tab_to [--back] ROLE NAME-REGEX [MAX]: presses Tab (Shift+Tab) until the
# focus is there, as a screen reader user walks a page, at most MAX times.
tab_to () {
  local key=Tab role re max i
  if [ "$1" = --back ]; then
    key=shift+Tab
    shift
  fi
  role=$1 re=$2 max=${3:-80}
  echo "+ tab_to ($key) $role /$re/"
  for i in $(seq "$max"); do
    if drv wait-focus "$role" "$re" 0.2 >/dev/null 2>&1; then
      echo "  there after $((i - 1)) key(s)"
      return 0
    fi
    drv key "$key" >/dev/null || ui_fail "could not send $key"
  done
  check wait-focus "$role" "$re"
}

# logged REGEX: the announcer's log (RESSENTI_ANNOUNCER_LOG) has a line
# whose text matches (for messages said right after a dialog closes, when
# the window manager of a real desktop gives the focus back).
logged () {
  local re=$1 i
  for i in $(seq 50); do
    if cut -f3- "$ANNOUNCE_LOG" 2>/dev/null | grep -Eq -- "$re"; then
      echo "+ logged /$re/: $(cut -f3- "$ANNOUNCE_LOG" | grep -E -- "$re" | tail -n 1)"
      return 0
    fi
    sleep 0.1
  done
  ui_problem "the announcer never said /$re/ (log: $ANNOUNCE_LOG)"
  return 1
}

vocabulary_flow () {
  ui_note "Ctrl+comma opens Preferences"
  check key ctrl+comma
  check wait-object "$ROLE_WINDOW" '^Preferences$'
  check wait-focus '*' '.'

  ui_note "Tab to the list of customer emotions: its first row says name, key and definition"
  tab_to list-item '^Calm / neutral\. Key 1 — '
  check wait-count "$ROLE_LIST" "$CUSTOMER_LIST" list-item 10
  check wait-item "$ROLE_LIST" "$CUSTOMER_LIST" list-item 7 '^Anger\. Key 7 — '

  ui_note "Down six times: Anger, the 7th"
  check key Down Down Down Down Down Down
  check wait-focus list-item '^Anger\. Key 7 — '

  ui_note "Alt+Up moves it up: announced, the focus stays on its row"
  said '^Anger moved to position 6, key 6\.\s*$' alt+Up
  check wait-focus list-item '^Anger\. Key 6 — '
  check wait-item "$ROLE_LIST" "$CUSTOMER_LIST" list-item 6 '^Anger\. Key 6 — '
  check wait-item "$ROLE_LIST" "$CUSTOMER_LIST" list-item 7 '^Frustration / annoyance\. Key 7 — '

  ui_note "Tab to its Retire button; Space retires it, said in words"
  tab_to push-button '^Retire “Anger”$' 6
  said '^Anger retired: no longer offered for new markers; markers that use it keep it\.\s*$' space
  check wait-item "$ROLE_LIST" "$CUSTOMER_LIST" list-item 6 '^Anger\. Retired — '
  check wait-item "$ROLE_LIST" "$CUSTOMER_LIST" list-item 7 '^Frustration / annoyance\. Key 6 — '
  check wait-item "$ROLE_LIST" "$CUSTOMER_LIST" list-item 10 '^Other\. Key 9 — '
  ui_note "the focus stays on the same button, which now restores"
  check wait-focus push-button '^Restore “Anger”$'
  said '^Anger restored, key 6\.\s*$' space
  check wait-item "$ROLE_LIST" "$CUSTOMER_LIST" list-item 6 '^Anger\. Key 6 — '
  check wait-focus push-button '^Retire “Anger”$'

  ui_note "Shift+Tab to Add a customer emotion…; Enter opens the dialog, focus in Name"
  tab_to --back list-item '^Anger\. Key 6' 6
  # Tab stops: the rows, and the buttons of the focused row only.
  tab_to --back push-button '^Add a customer emotion…$' 8
  check key Return
  check wait-object "$ROLE_WINDOW" '^Add a customer emotion$'
  check wait-focus "$ROLE_ENTRY" '^Name$'

  ui_note "a name already in the vocabulary: refused, said, the dialog and the text stay"
  check type-keysyms a n g e r
  check wait-text "$ROLE_ENTRY" '^Name$' '^anger$'
  said '^The vocabulary was not changed: .*already in the vocabulary' Return
  check wait-object "$ROLE_WINDOW" '^Add a customer emotion$'
  check wait-text "$ROLE_ENTRY" '^Name$' '^anger$'
  check wait-object label 'already in the vocabulary'
  check key Escape
  check wait-gone "$ROLE_WINDOW" '^Add a customer emotion$'
  wm_focus '^Preferences$'
  check wait-focus push-button '^Add a customer emotion…$'

  ui_note "a new entry: the dialog closes, the new row is last and has focus"
  check key Return
  check wait-focus "$ROLE_ENTRY" '^Name$'
  check type-keysyms D o u b t
  check key Tab
  check wait-focus "$ROLE_ENTRY" '^Definition'
  check type-keysyms U n s u r e space o f space t h e space a n s w e r period
  check key Return
  check wait-gone "$ROLE_WINDOW" '^Add a customer emotion$'
  wm_focus '^Preferences$'
  check wait-focus list-item '^Doubt\. No digit key — Unsure of the answer\.$'
  check wait-count "$ROLE_LIST" "$CUSTOMER_LIST" list-item 11
  check wait-item "$ROLE_LIST" "$CUSTOMER_LIST" list-item 11 '^Doubt\. '
  logged '^Doubt added at position 11, no digit key\.'

  ui_note "Enter on the row: rename it; the focus comes back to the row"
  check key Return
  check wait-object "$ROLE_WINDOW" '^Rename or redefine “Doubt”$'
  check wait-focus "$ROLE_ENTRY" '^Name$'
  check wait-text "$ROLE_ENTRY" '^Name$' '^Doubt$'
  check key End
  check type-keysyms space slash space u n c e r t a i n t y
  check key Return
  check wait-gone "$ROLE_WINDOW" '^Rename or redefine'
  wm_focus '^Preferences$'
  check wait-focus list-item '^Doubt / uncertainty\. No digit key — Unsure of the answer\.$'
  logged '^Doubt renamed Doubt / uncertainty\.'

  ui_note "Escape closes Preferences; opened again, the library kept the changes"
  check key Escape
  check wait-gone "$ROLE_WINDOW" '^Preferences$'
  wm_focus '^Ressenti$'
  check key ctrl+comma
  check wait-object "$ROLE_WINDOW" '^Preferences$'
  check wait-item "$ROLE_LIST" "$CUSTOMER_LIST" list-item 6 '^Anger\. Key 6 — '
  check wait-item "$ROLE_LIST" "$CUSTOMER_LIST" list-item 11 '^Doubt / uncertainty\. No digit key'
  check key Escape
  check wait-gone "$ROLE_WINDOW" '^Preferences$'
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  UI_TEST_NAME=${UI_TEST_NAME:-ui-flow-vocabulary}
  # shellcheck source=ui-lib.sh
  . "$(dirname "$0")/ui-lib.sh"
  ui_require xdotool
  ANNOUNCE_LOG="$UI_LOGDIR/$UI_TEST_NAME-announcements.log"
  rm -f "$ANNOUNCE_LOG"
  start_app RESSENTI_ANNOUNCER=screen-reader RESSENTI_ANNOUNCER_LOG="$ANNOUNCE_LOG"
  # The library is open once the empty library page offers the demo calls.
  check --timeout 30 wait-focus push-button '^Add demo calls$'
  vocabulary_flow
  stop_app
  ui_finish "PASS: the vocabulary is edited by keyboard: moves, retire, restore and add said, kept in the library"
fi
