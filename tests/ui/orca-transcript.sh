#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# orca-transcript.sh: runs Orca headless (Orca 43 on Debian 12, Orca 48
# on Debian 13), drives the library flow, the player, then markers placed
# and reached during playback, by keyboard, and checks what Orca SAID (the
# "SPEECH OUTPUT" lines of its debug log): the expected lines in order,
# and no widget type name. This is the only evidence that a blind user
# hears the announcements.
#
# The application runs as a screen reader user has it: the accessibility
# bus says a screen reader runs (org.a11y.Status.ScreenReaderEnabled, set
# here: Orca does not set it), and the application is started without
# RESSENTI_ANNOUNCER, so its default ("auto") must find that out and speak
# through the screen reader only (its log must say so).
#
# Usage (inside the private session; the meson tests orca-transcript and
# orca-transcript-control do this):
#   tests/ui/ui-session tests/ui/orca-transcript.sh [--control]
#       [--expected FILE]... [--name NAME] [REGEX...]
#
#   --expected FILE  expected regexes, one a line; repeatable, checked in
#                    the order given (default orca-expected-library.txt,
#                    orca-expected-player.txt, orca-expected-markers.txt
#                    beside this script); REGEX
#                    arguments are checked after the files'
#   --name NAME      names of the kept files (default orca-transcript, or
#                    orca-transcript-control)
#   --control        start the application with RESSENTI_ANNOUNCER=off: the
#                    check must FAIL (missing announcements), and this script
#                    then exits 0; it exits 1 if the check passes, or if the
#                    run itself went wrong (Orca silent, app missing).
#
# Kept in RESSENTI_UI_LOGDIR: NAME.log (what Orca said, one line each) and
# NAME-debug.log (Orca's whole debug log).
#
# How Orca is run: orca --enable=speech --user-prefs=DIR --debug-file=FILE,
# with speech-dispatcher on espeak-ng and PulseAudio's null sink (set up by
# ui-session). Never --replace: Orca 43 implements it by SIGKILLing every
# process named "orca" of the user, the developer's own screen reader
# included. When another Orca of the user runs (outside this session),
# Orca 43 refuses to start; this script then runs it with that one check
# removed, so the tests can run beside the developer's screen reader.

control=
expected_files=()
name=
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --control) control=1; shift ;;
    --expected) expected_files+=("$2"); shift 2 ;;
    --name) name=$2; shift 2 ;;
    --) shift; extra+=("$@"); break ;;
    *) extra+=("$1"); shift ;;
  esac
done
name=${name:-orca-transcript${control:+-control}}
UI_TEST_NAME=$name
# shellcheck source=ui-lib.sh
. "$(dirname "$0")/ui-lib.sh"
# shellcheck source=flow-library.sh
. "$UI_SRCDIR/flow-library.sh"
# shellcheck source=flow-player.sh
. "$UI_SRCDIR/flow-player.sh"
# shellcheck source=flow-markers.sh
. "$UI_SRCDIR/flow-markers.sh"
[ "${#expected_files[@]}" -gt 0 ] \
  || expected_files=("$UI_SRCDIR/orca-expected-library.txt" "$UI_SRCDIR/orca-expected-player.txt"
                     "$UI_SRCDIR/orca-expected-markers.txt")

ui_require orca speech-dispatcher espeak-ng pgrep xdotool pactl gdbus
[ -x /usr/lib/speech-dispatcher-modules/sd_espeak-ng ] \
  || ui_fail "the espeak-ng module of speech-dispatcher is missing (Debian: speech-dispatcher-espeak-ng)"
for f in "${expected_files[@]}"; do
  [ -r "$f" ] || ui_fail "cannot read $f"
done
pactl info >/dev/null 2>&1 || ui_fail "no PulseAudio in the session: speech-dispatcher would block and Orca be killed"

ORCA_LOG="$UI_SESSION_DIR/orca-debug.log"
TRANSCRIPT="$UI_LOGDIR/$name.log"
ORCA_PID=

# speech-dispatcher: espeak-ng, through PulseAudio (its default sink is the
# null sink of the session). It is autospawned by Orca and stopped with the
# session (ui-session finds it by the session's token).
mkdir -p "$XDG_CONFIG_HOME/speech-dispatcher"
cat >"$XDG_CONFIG_HOME/speech-dispatcher/speechd.conf" <<'EOF'
LogLevel 3
LogDir "default"
DefaultVolume 100
AudioOutputMethod "pulse"
AddModule "espeak-ng" "sd_espeak-ng" "espeak-ng.conf"
DefaultModule espeak-ng
DefaultLanguage "en"
EOF

ORCA_PREFS="$XDG_DATA_HOME/orca"
mkdir -p "$ORCA_PREFS"
# Other Orca processes of this user, zombies left out.
other_orcas () {
  local p
  for p in $(pgrep -u "$(id -u)" -x orca 2>/dev/null); do
    [ "$(awk '{ print $3 }' "/proc/$p/stat" 2>/dev/null)" = Z ] && continue
    echo "$p"
  done
}

orca_cmd=(orca)
# Orca's own check ("pgrep -u UID -x orca") counts zombies too.
if pgrep -u "$(id -u)" -x orca >/dev/null 2>&1; then
  # Orca 43 quits when another Orca of the user runs, even on another
  # desktop. Run it without that check: its own code, with that one line
  # changed, under its own interpreter.
  ui_note "another Orca process of this user exists outside the session ($(other_orcas | tr '\n' ' ')): starting ours without Orca's single-instance check"
  orca_path=$(command -v orca)
  orca_python=$(head -n 1 "$orca_path" | sed -n 's/^#! *\([^ ]*\).*$/\1/p')
  [ -x "$orca_python" ] || orca_python=/usr/bin/python3
  wrapper="$UI_SESSION_DIR/orca-no-single-instance.py"
  cat >"$wrapper" <<'EOF'
import sys
path = sys.argv.pop(1)
source = open(path).read()
patched = source.replace("    if otherOrcas():\n", "    if False:\n", 1)
if patched == source:
    print("orca-transcript: no single-instance check found in %s; running it unchanged" % path, file=sys.stderr)
sys.argv[0] = path
exec(compile(patched, path, "exec"), {"__name__": "__main__", "__file__": path})
EOF
  orca_cmd=("$orca_python" "$wrapper" "$orca_path")
fi

stop_orca () {
  [ -n "$ORCA_PID" ] || return 0
  kill -TERM "$ORCA_PID" 2>/dev/null
  for _ in $(seq 25); do
    kill -0 "$ORCA_PID" 2>/dev/null || break
    sleep 0.2
  done
  kill -KILL "$ORCA_PID" 2>/dev/null
  wait "$ORCA_PID" 2>/dev/null
  ORCA_PID=
}
# On any exit, the application and Orca are stopped and what Orca said is
# kept; a run that fails before the check (a flow step) shows it too.
on_exit () {
  local status=$?
  stop_app
  stop_orca
  if [ -z "${CHECKED:-}" ] && [ -s "$ORCA_LOG" ]; then
    save_transcript
    echo "--- what Orca said until the failure ($TRANSCRIPT):" >&2
    cat -n "$TRANSCRIPT" >&2
  fi
  exit "$status"
}
trap on_exit EXIT

speech_lines () {
  sed -n "s/^[0-9:.]* - SPEECH OUTPUT: '\(.*\)' *{.*}[[:space:]]*$/\1/p" "$ORCA_LOG" 2>/dev/null
}

# For each line of speech_lines: when Orca said it (seconds since
# midnight) and 1 if it was the echo of a key (Orca 43 and 48 log
# "Presenting keyboard event" just before), else 0.
speech_times () {
  awk '
    / - DEFAULT: Presenting keyboard event/ { kbd = NR }
    /^[0-9:.]* - SPEECH OUTPUT: \x27.*\x27 *\{.*\}[[:space:]]*$/ {
      split($1, t, ":")
      printf "%.3f %d\n", t[1] * 3600 + t[2] * 60 + t[3], (kbd && NR - kbd <= 4) ? 1 : 0
    }' "$ORCA_LOG" 2>/dev/null
}

speech_count () {
  local n
  n=$(grep -c ' - SPEECH OUTPUT: ' "$ORCA_LOG" 2>/dev/null)
  echo "${n:-0}"
}

# Waits until Orca has said nothing new for 0.6 s (at most S seconds).
orca_settle () {
  local max=${1:-5} last now quiet=0 i
  last=$(speech_count)
  for ((i = 0; i < max * 5; i++)); do
    sleep 0.2
    now=$(speech_count)
    if [ "$now" = "$last" ]; then
      quiet=$((quiet + 1))
      [ "$quiet" -ge 3 ] && return 0
    else
      quiet=0
      last=$now
    fi
  done
  return 0
}

# The flow calls this after each step that makes Orca speak.
flow_settle () {
  orca_settle 5
}

save_transcript () {
  speech_lines >"$TRANSCRIPT"
  cp "$ORCA_LOG" "$UI_LOGDIR/$name-debug.log" 2>/dev/null
}

orca_failed () {
  echo "FAIL: $*" >&2
  echo "--- end of Orca's debug log (kept whole as $UI_LOGDIR/$name-debug.log):" >&2
  tail -n 40 "$ORCA_LOG" >&2
  exit 1
}

echo "+ ${orca_cmd[*]} --enable=speech --user-prefs=$ORCA_PREFS --debug-file=$ORCA_LOG"
# Orca is not ours to check for GLib criticals (the test environment sets
# G_DEBUG=fatal-criticals for the application).
env -u G_DEBUG -u MALLOC_CHECK_ "${orca_cmd[@]}" --enable=speech --user-prefs="$ORCA_PREFS" --debug-file="$ORCA_LOG" \
  >"$UI_SESSION_DIR/orca.out" 2>&1 &
ORCA_PID=$!
started=
for _ in $(seq 150); do
  if grep -q " - SPEECH OUTPUT: 'Screen reader on" "$ORCA_LOG" 2>/dev/null; then
    started=1
    break
  fi
  kill -0 "$ORCA_PID" 2>/dev/null || break
  sleep 0.2
done
if [ -z "$started" ]; then
  cat "$UI_SESSION_DIR/orca.out" >&2
  orca_failed "Orca did not start speaking within 30 s (no \"Screen reader on\" in its log)"
fi
grep -m1 'ORCA: Launching version' "$ORCA_LOG"

# A screen reader runs: say so on the accessibility bus, as the desktop
# does when the user turns Orca on (Orca itself does not), and check it.
echo "+ gdbus: org.a11y.Status.ScreenReaderEnabled = true"
gdbus call --session --dest org.a11y.Bus --object-path /org/a11y/bus \
  --method org.freedesktop.DBus.Properties.Set org.a11y.Status ScreenReaderEnabled "<true>" >/dev/null \
  || ui_fail "cannot set org.a11y.Status.ScreenReaderEnabled on the session's accessibility bus"
sr_enabled=$(gdbus call --session --dest org.a11y.Bus --object-path /org/a11y/bus \
  --method org.freedesktop.DBus.Properties.Get org.a11y.Status ScreenReaderEnabled 2>&1)
[ "$sr_enabled" = "(<true>,)" ] \
  || ui_fail "org.a11y.Status.ScreenReaderEnabled reads back as $sr_enabled, not (<true>,)"

if [ -n "$control" ]; then
  start_app RESSENTI_ANNOUNCER=off
else
  # The default announcer ("auto"), whatever the caller's environment
  # says; its debug line tells what it found.
  unset RESSENTI_ANNOUNCER
  start_app G_MESSAGES_DEBUG=all
fi
check wait-focus push-button '^Add demo calls$'

# Focus events sent before Orca mapped the application were dropped as
# [DEAD]: move focus once so that Orca has a locus of focus.
heard=
for attempt in 1 2 3; do
  # Orca 48 merges a Tab and Shift+Tab sent back to back: let it settle.
  check key Tab
  orca_settle 3
  check key shift+Tab
  check wait-focus push-button '^Add demo calls$'
  orca_settle 5
  if speech_lines | grep -q 'Add demo calls'; then
    heard=1
    break
  fi
  ui_note "Orca has not presented the focus yet (attempt $attempt)"
done
[ -n "$heard" ] || orca_failed "Orca never presented the focused \"Add demo calls\" button"

# Orca's "read the title bar" (Orca modifier + KP_Enter, desktop layout).
check key insert+KP_Enter
orca_settle 5

FLOW_ANNOUNCEMENTS=1
[ -n "$control" ] && FLOW_ANNOUNCEMENTS=0
library_flow
# The library flow ends on the row of the call it opened: open it again,
# now for its player (its analysis may come from the library, silently).
player_open
player_wait_analysed
# Under Orca (headless, debug log on) keys reach the application only once
# Orca has handled them, a second or more apart: no double press of W.
PLAYER_W_TWICE=0
player_position_description
player_keys_flow
# Markers placed while the call plays, then heard when playback reaches
# them (flow-markers.sh).
markers_reached_flow
orca_settle 5
stop_app
stop_orca
save_transcript
CHECKED=1

if [ -z "$control" ]; then
  # The "auto" announcer must have found the screen reader (and so left
  # the app's own voice out: two voices at once).
  detected=$(grep -m1 'Screen reader running:' "$UI_LOGDIR/$name-app-1.log")
  case "$detected" in
    *"Screen reader running: yes"*) echo "the application: $detected" ;;
    "") UI_PROBLEMS+=("the application did not log what its \"auto\" announcer found (G_MESSAGES_DEBUG=all: \"Screen reader running: yes\"; log: $UI_LOGDIR/$name-app-1.log)") ;;
    *) UI_PROBLEMS+=("the \"auto\" announcer did not find the screen reader: $detected") ;;
  esac
fi

# The check: expected lines in order, no widget type name.
mapfile -t spoken <"$TRANSCRIPT"
spoken_at=() spoken_key=()
while read -r at key; do
  spoken_at+=("$at")
  spoken_key+=("$key")
done < <(speech_times)
[ "${#spoken_at[@]}" = "${#spoken[@]}" ] \
  || ui_fail "the times of Orca's speech (${#spoken_at[@]}) do not match its lines (${#spoken[@]}) in $ORCA_LOG"

# whole_problem INDEX: empty if line INDEX was not cut off, else why. Orca
# 43 speaks each description change at once, cutting what it was saying:
# a message is heard whole only if no other message follows before the
# time it takes to say it (40 ms a character, at most 2 s). The flow's own
# next key (its echo comes first) may cut it: that is the listener's doing.
whole_problem () {
  local i=$1 j need gap
  need=$(awk -v n="${#spoken[$i]}" 'BEGIN { t = n * 0.04; if (t > 2) t = 2; printf "%.3f", t }')
  for ((j = i + 1; j < ${#spoken[@]}; j++)); do
    [ "${spoken_key[$j]}" = 1 ] && return 0
    gap=$(awk -v a="${spoken_at[$i]}" -v b="${spoken_at[$j]}" 'BEGIN { g = b - a; if (g < 0) g += 86400; printf "%.3f", g }')
    if awk -v g="$gap" -v n="$need" 'BEGIN { exit !(g < n) }'; then
      echo "cut off after $gap s (saying it takes about $need s) by \"${spoken[$j]}\": \"${spoken[$i]}\""
    fi
    return 0
  done
}
expected=()
for f in "${expected_files[@]}"; do
  mapfile -t -O "${#expected[@]}" expected < <(grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$f")
done
expected+=("${extra[@]}")
announcements=()
problems=()
pos=0
for re in "${expected[@]}"; do
  whole="" announced=""
  while :; do
    case "$re" in
      "[announcement] "*) re=${re#\[announcement\] }; announced=1 ;;
      "[whole] "*) re=${re#\[whole\] }; whole=1 ;;
      *) break ;;
    esac
  done
  [ -z "$announced" ] || announcements+=("$re")
  # After a line not found, the order is lost: the rest is not looked for.
  [ -z "${lost:-}" ] || continue
  found=
  while [ "$pos" -lt "${#spoken[@]}" ]; do
    line=${spoken[$pos]}
    pos=$((pos + 1))
    if [[ $line =~ $re ]]; then
      found=1
      echo "heard /$re/: \"$line\""
      break
    fi
  done
  if [ -z "$found" ]; then
    problems+=("not said (in order): /$re/")
    lost=1
  elif [ -n "$whole" ]; then
    cut=$(whole_problem $((pos - 1)))
    [ -z "$cut" ] || problems+=("said, but $cut")
  fi
done
type_re='(Gtk|Adw|Gdk)[A-Z]'
for line in "${spoken[@]}"; do
  if [[ $line =~ $type_re ]]; then
    problems+=("a widget type name was said: \"$line\"")
  fi
done

report () {
  echo "--- what Orca said ($TRANSCRIPT; whole debug log: $UI_LOGDIR/$name-debug.log):"
  cat -n "$TRANSCRIPT"
  echo "---"
}

if [ -n "$control" ]; then
  # The control run must show that Orca was speaking the application, and
  # that an announcement the check expects is missing: the check can fail,
  # and fails for the reason it exists.
  grep -q 'Add demo calls' "$TRANSCRIPT" \
    || { report; ui_fail "control: Orca said nothing of the application; the control proves nothing"; }
  [ "${#announcements[@]}" -gt 0 ] || ui_fail "control: ${expected_files[*]} mark no [announcement] line"
  missing=()
  for re in "${announcements[@]}"; do
    heard=
    for line in "${spoken[@]}"; do
      if [[ $line =~ $re ]]; then
        heard=1
        break
      fi
    done
    [ -n "$heard" ] || missing+=("$re")
  done
  if [ "${#missing[@]}" = 0 ]; then
    report
    ui_fail "control: every announcement was heard with RESSENTI_ANNOUNCER=off: the check cannot tell whether the announcer speaks"
  fi
  printf 'control: not heard, as it must be: /%s/\n' "${missing[@]}"
  echo "PASS (control): with RESSENTI_ANNOUNCER=off the announcements the check expects are missing"
  exit 0
fi

# Checks of the flow that let it go on (ui_problem) fail the test too.
problems+=("${UI_PROBLEMS[@]}")
if [ "${#problems[@]}" != 0 ]; then
  report
  printf 'FAIL: %s\n' "${problems[@]}" >&2
  exit 1
fi
echo "PASS: Orca said every expected line in order, and no widget type name ($TRANSCRIPT)"
