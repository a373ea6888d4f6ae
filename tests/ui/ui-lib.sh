# SPDX-License-Identifier: GPL-3.0-or-later
#
# ui-lib.sh: sourced by the UI test scripts (flow-library.sh,
# flow-player.sh, a11y-audit.sh, orca-transcript.sh). They run inside
# tests/ui/ui-session.
#
# Environment (the meson tests set all of it):
#   RESSENTI_EXE          the application to test
#   RESSENTI_UI_DRIVER    ressenti-ui-driver
#   RESSENTI_A11Y_AUDIT   ressenti-a11y-audit
#   RESSENTI_UI_LOGDIR    where logs and transcripts are kept (default: the
#                         current directory)
#   RESSENTI_DEMO_DIR     the demo calls, read by the application
#   RESSENTI_UI_APP_ARGS  extra arguments for the application (optional)

set -u

# The expectations are in English, the source language: whatever the
# developer's locale, the application and Orca run in English here.
export LC_ALL=C.UTF-8 LANG=C.UTF-8
unset LANGUAGE

UI_SRCDIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
UI_TEST_NAME=${UI_TEST_NAME:-$(basename "$0" .sh)}
UI_LOGDIR=${RESSENTI_UI_LOGDIR:-$PWD}
APP_PID=
APP_LOG=

ui_fail () {
  echo "FAIL: $*" >&2
  exit 1
}

ui_note () {
  echo "# $*"
}

# Refuses to run (exit 1, never a skip) when something is missing.
ui_require () {
  local missing= tool var
  for tool in "$@"; do
    command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
  done
  [ -z "$missing" ] || ui_fail "required tools missing:$missing"
  [ -n "${UI_SESSION_DIR:-}" ] && [ -n "${DISPLAY:-}" ] \
    || ui_fail "run this inside the private session: tests/ui/ui-session $0"
  for var in RESSENTI_EXE RESSENTI_UI_DRIVER; do
    [ -n "${!var:-}" ] || ui_fail "$var is not set (the meson test sets it)"
    [ -x "${!var}" ] || ui_fail "$var=${!var} is not an executable (is it built?)"
  done
  mkdir -p "$UI_LOGDIR" || ui_fail "cannot create $UI_LOGDIR"
}

drv () {
  "$RESSENTI_UI_DRIVER" "$@"
}

# Prints what is on screen and the end of the application's log.
ui_diagnose () {
  echo "--- what the application shows (on-screen objects):" >&2
  "$RESSENTI_UI_DRIVER" --timeout 5 dump >&2 || true
  if [ -n "$APP_PID" ] && ! kill -0 "$APP_PID" 2>/dev/null; then
    echo "--- the application is no longer running" >&2
  fi
  if [ -n "$APP_LOG" ] && [ -s "$APP_LOG" ]; then
    echo "--- end of the application's log ($APP_LOG):" >&2
    tail -n 30 "$APP_LOG" >&2
  fi
}

# check DRIVER-COMMAND...: runs one driver command; on failure explains and
# exits 1.
check () {
  echo "+ $*"
  if ! "$RESSENTI_UI_DRIVER" "$@"; then
    echo "FAIL at: $*" >&2
    ui_diagnose
    exit 1
  fi
}

# settle: lets a caller wait after each step of a flow (orca-transcript.sh
# defines flow_settle to wait until Orca has finished speaking, so that
# fast keys do not make it drop what it presents).
settle () {
  if declare -F flow_settle >/dev/null; then
    flow_settle
  fi
}

# said_try [DRIVER-OPTION...] REGEX KEY...: sends the keys and checks that
# the application announced REGEX on the focused object (as Orca 43 hears
# it), e.g. said_try --politeness assertive '^Move by: pause' Down. Sets
# SAID to the text announced (SAID_ALL: every one, with --count N); returns
# 1 (after telling what was seen) if nothing matched. With FLOW_ANNOUNCEMENTS=0 (the control run of the Orca
# test, announcer off) it only sends the keys.
# shellcheck disable=SC2034 # read by the flows
SAID=
SAID_ALL=()
said_try () {
  local options=() out status
  while [ $# -gt 0 ] && [ "${1#--}" != "$1" ]; do
    options+=("$1" "$2")
    shift 2
  done
  SAID=
  SAID_ALL=()
  if [ "${FLOW_ANNOUNCEMENTS:-1}" != 1 ]; then
    shift
    check key "$@"
    return 0
  fi
  echo "+ ${options[*]}${options[*]:+ }expect-announcement $*"
  out=$("$RESSENTI_UI_DRIVER" "${options[@]}" expect-announcement "$@")
  status=$?
  [ -n "$out" ] && echo "$out"
  [ "$status" = 0 ] || return 1
  # shellcheck disable=SC2034 # read by the flows
  mapfile -t SAID_ALL < <(sed -n 's/^announced: "\(.*\)" (\/.*\/)$/\1/p' <<<"$out")
  # shellcheck disable=SC2034 # read by the flows
  SAID=${SAID_ALL[${#SAID_ALL[@]} - 1]:-}
  return 0
}

# said: the same, but a missing announcement fails the test at once.
said () {
  if ! said_try "$@"; then
    echo "FAIL: the announcement above was not made" >&2
    ui_diagnose
    exit 1
  fi
}

# ui_problem MESSAGE: a failed check after which the flow can go on; the
# test fails at the end (ui_finish) with every such problem listed.
UI_PROBLEMS=()
ui_problem () {
  echo "PROBLEM: $*" >&2
  UI_PROBLEMS+=("$*")
}

# ui_finish PASS-MESSAGE: fails if ui_problem recorded anything, else
# prints the message.
ui_finish () {
  if [ "${#UI_PROBLEMS[@]}" != 0 ]; then
    printf 'FAIL: %s\n' "${UI_PROBLEMS[@]}" >&2
    exit 1
  fi
  echo "$1"
}

# wm_focus WINDOW-TITLE-REGEX: gives the X input focus to that window of
# the application. No window manager runs in the private session: when a
# dialog closes, X leaves the focus on no window and GTK marks no window
# active (nothing is FOCUSED, Orca has nothing to present), where a window
# manager would give the focus back to the dialog's parent. This does what
# the window manager would; keys typed meanwhile go to the window under the
# pointer all the same.
wm_focus () {
  local title=$1 id
  echo "+ wm_focus /$title/ (what a window manager does when a dialog closes)"
  id=$(xdotool search --onlyvisible --name "$title" 2>/dev/null | head -n 1)
  if [ -z "$id" ]; then
    echo "FAIL: no visible X window named /$title/ (xdotool search)" >&2
    ui_diagnose
    exit 1
  fi
  xdotool windowfocus --sync "$id" || ui_fail "xdotool windowfocus $id failed"
}

# start_app [VAR=VALUE...]: starts the application with these extra
# environment variables and waits for its window.
start_app () {
  APP_RUN=$((${APP_RUN:-0} + 1))
  APP_LOG="$UI_LOGDIR/$UI_TEST_NAME-app-$APP_RUN.log"
  echo "+ start ${*:+$* }$RESSENTI_EXE ${RESSENTI_UI_APP_ARGS:-} (log: $APP_LOG)"
  # shellcheck disable=SC2086
  env "$@" "$RESSENTI_EXE" ${RESSENTI_UI_APP_ARGS:-} >"$APP_LOG" 2>&1 &
  APP_PID=$!
  if ! "$RESSENTI_UI_DRIVER" --timeout 30 wait-app; then
    echo "FAIL: the application did not show a window" >&2
    ui_diagnose
    exit 1
  fi
}

stop_app () {
  [ -n "$APP_PID" ] || return 0
  kill -TERM "$APP_PID" 2>/dev/null
  for _ in $(seq 25); do
    kill -0 "$APP_PID" 2>/dev/null || break
    sleep 0.2
  done
  kill -KILL "$APP_PID" 2>/dev/null
  wait "$APP_PID" 2>/dev/null
  APP_PID=
}

trap 'stop_app' EXIT
