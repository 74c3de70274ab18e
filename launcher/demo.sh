# shellcheck shell=bash
# Part of ./gantry (sourced, never run): the `demo` command — the end-to-end demo against a farm,
# the one already running or one it starts (and stops again unless --keep).

# --- Demo ----------------------------------------------------------------------

DEMO_STARTED_FARM=""
DEMO_KEEP=""

# Runs on any exit of `demo`: stops the farm only if the demo started it.
demo_cleanup() {
  local rc=$?
  trap - EXIT
  [[ -n ${PRIVATE_KEY_FILE:-} ]] && rm -f "$PRIVATE_KEY_FILE"
  if [[ -n $DEMO_STARTED_FARM && -z $DEMO_KEEP ]]; then
    say ""
    say "Stopping what the demo started (use --keep to leave it running)."
    cmd_down || true
  elif [[ -n $DEMO_STARTED_FARM ]]; then
    say ""
    say "The farm keeps running (--keep). Stop it with ./gantry down"
  fi
  exit "$rc"
}

cmd_demo() {
  local workers=$DEFAULT_WORKERS rows="" port=$DEFAULT_PORT workers_given=""
  while (($#)); do
    case $1 in
      --keep) DEMO_KEEP=1; shift ;;
      --workers) [[ $# -ge 2 ]] || die "--workers needs a value"; workers=$2; workers_given=1; shift 2 ;;
      --workers=*) workers=${1#*=}; workers_given=1; shift ;;
      --rows) [[ $# -ge 2 ]] || die "--rows needs a value"; rows=$2; shift 2 ;;
      --rows=*) rows=${1#*=}; shift ;;
      *) usage >&2; exit 2 ;;
    esac
  done
  require_number --workers "$workers"
  [[ -z $rows ]] || require_number --rows "$rows"

  select_jdk
  trap demo_cleanup EXIT
  # Ctrl-C or a TERM still goes through demo_cleanup.
  trap 'exit 130' INT
  trap 'exit 143' TERM

  if running_pid control-plane >/dev/null; then
    port=$(recorded_port control-plane)
    port=${port:-$DEFAULT_PORT}
    say "Using the farm that is already running on port $port."
    [[ -z $workers_given ]] || warn "--workers ignored: the farm is already running"
    ensure_built
  else
    DEMO_STARTED_FARM=1
    cmd_up --workers "$workers" --port "$port"
  fi

  # The demo reads the key from a file; with a key from the environment, hand it a private one.
  client_key_file
  local key_file=.gantry/${CLIENT_KEY_FILE##*/}
  [[ -s $key_file ]] || die "no admin key file at $key_file"

  local -a args=(--control-plane "http://127.0.0.1:$port" --api-key-file "$key_file")
  [[ -z $rows ]] || args+=(--rows "$rows")
  java_opts
  say ""
  say "Running the demo against http://127.0.0.1:$port"
  local rc=0
  # The demo may record the sample API it starts here, so ./gantry down stops it too.
  GANTRY_PID_DIR="$PID_DIR" "$JAVA_HOME/bin/java" "${JAVA_OPTS_ARRAY[@]}" \
    -jar "$(find_jar demo)" "${args[@]}" </dev/null || rc=$?
  if ((rc == 0)); then say "Demo finished successfully."; else warn "demo exited with code $rc"; fi
  print_console_sign_in "$port" "$key_file"
  exit "$rc"
}

# The web console's address and a one-time link with which the admin key's user sets a password there
# (an invitation for themselves, valid 72 hours).
print_console_sign_in() { # PORT KEY_FILE
  local base="http://127.0.0.1:$1" key me invitation path
  key=$(<"$2")
  if ! command -v curl >/dev/null 2>&1; then
    say "Web console: $base/console/ (curl is missing, so no sign-in link was made; see console/README.md)"
    return 0
  fi
  me=$(curl -fsS -H "X-Api-Key: $key" "$base/api/v1/users/me" 2>/dev/null | sed -n 's/.*"id":"\([0-9a-f-]*\)".*/\1/p')
  invitation=$(curl -fsS -H "X-Api-Key: $key" -H 'Content-Type: application/json' \
    -d "{\"userId\": \"$me\"}" "$base/api/v1/invitations" 2>/dev/null) || invitation=""
  path=$(printf '%s' "$invitation" | sed -n 's/.*"path":"\([^"]*\)".*/\1/p')
  say ""
  say "Web console: $base/console/"
  if [[ -n $path ]]; then
    say "  Set your password (one use, 72 h) at $base$path"
    say "  then sign in as $(printf '%s' "$invitation" | sed -n 's/.*"email":"\([^"]*\)".*/\1/p')."
  else
    say "  (no sign-in link could be made; an ADMIN makes one with POST /api/v1/invitations)"
  fi
  if [[ -n ${DEMO_STARTED_FARM:-} && -z ${DEMO_KEEP:-} ]]; then
    say "  The farm stops now: run ./gantry demo --keep to look around in the console."
  fi
  return 0
}
