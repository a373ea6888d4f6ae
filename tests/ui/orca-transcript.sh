#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# orca-transcript.sh: runs Orca 43 headless, drives the library flow by
# keyboard, and checks what Orca SAID (the "SPEECH OUTPUT" lines of its
# debug log): the expected lines in order, and no widget type name. This is
# the only evidence that a blind user hears the announcements.
#
# Usage (inside the private session; the meson tests orca-library and
# orca-library-control do this):
#   tests/ui/ui-session tests/ui/orca-transcript.sh [--control]
#       [--expected FILE] [--name NAME] [REGEX...]
#
#   --expected FILE  expected regexes, one a line (default
#                    orca-expected-library.txt beside this script); REGEX
#                    arguments are checked after the file's
#   --name NAME      names of the kept files (default orca-library, or
#                    orca-library-control)
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
expected_file=
name=
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --control) control=1; shift ;;
    --expected) expected_file=$2; shift 2 ;;
    --name) name=$2; shift 2 ;;
    --) shift; extra+=("$@"); break ;;
    *) extra+=("$1"); shift ;;
  esac
done
name=${name:-orca-library${control:+-control}}
UI_TEST_NAME=$name
# shellcheck source=ui-lib.sh
. "$(dirname "$0")/ui-lib.sh"
# shellcheck source=flow-library.sh
. "$UI_SRCDIR/flow-library.sh"
expected_file=${expected_file:-$UI_SRCDIR/orca-expected-library.txt}

ui_require orca speech-dispatcher espeak-ng pgrep xdotool pactl
[ -x /usr/lib/speech-dispatcher-modules/sd_espeak-ng ] \
  || ui_fail "the espeak-ng module of speech-dispatcher is missing (Debian: speech-dispatcher-espeak-ng)"
[ -r "$expected_file" ] || ui_fail "cannot read $expected_file"
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

if [ -n "$control" ]; then
  start_app RESSENTI_ANNOUNCER=off
else
  start_app
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
orca_settle 5
stop_app
stop_orca
save_transcript
CHECKED=1

# The check: expected lines in order, no widget type name.
mapfile -t spoken <"$TRANSCRIPT"
mapfile -t expected < <(grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$expected_file")
expected+=("${extra[@]}")
announcements=()
problems=()
pos=0
for re in "${expected[@]}"; do
  if [[ $re == "[announcement] "* ]]; then
    re=${re#\[announcement\] }
    announcements+=("$re")
  fi
  [ "${#problems[@]}" = 0 ] || continue
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
  [ -n "$found" ] || problems+=("not said (in order): /$re/")
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
  [ "${#announcements[@]}" -gt 0 ] || ui_fail "control: $expected_file marks no [announcement] line"
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

if [ "${#problems[@]}" != 0 ]; then
  report
  printf 'FAIL: %s\n' "${problems[@]}" >&2
  exit 1
fi
echo "PASS: Orca said every expected line in order, and no widget type name ($TRANSCRIPT)"
