# shellcheck shell=bash
# Part of ./gantry (sourced, never run): the farm on this machine — starting the control plane
# and workers (`up`), stopping them (`down`), `status`, the records under .gantry/pids that tie
# them together, and `cli` against the farm.

# --- Process records -----------------------------------------------------------
# .gantry/pids/NAME.pid holds a pid, and NAME.url (optional) the base URL of that process.

pid_file() { printf '%s' "$PID_DIR/$1.pid"; }
url_file() { printf '%s' "$PID_DIR/$1.url"; }

read_pid() { # FILE -> pid or nothing
  local pid=""
  if [[ -f $1 ]]; then read -r pid <"$1" || true; fi
  [[ $pid =~ ^[0-9]+$ ]] && printf '%s' "$pid"
  return 0
}

# True if PID is alive and is a java process; pids get reused, so a bare
# `kill -0` could point at some unrelated program (a zombie has an empty cmdline).
is_managed_pid() { # PID
  local pid=$1
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 1
  # a recorded pid reused by an unrelated program must never be signalled
  grep -qa -e java -e prometheus "/proc/$pid/cmdline" 2>/dev/null
}

# Pid of the recorded process NAME if it is running, else nothing (and status 1).
running_pid() { # NAME
  local pid
  pid=$(read_pid "$(pid_file "$1")")
  is_managed_pid "$pid" || return 1
  printf '%s' "$pid"
}

# Port from NAME.url, or nothing.
recorded_port() { # NAME
  local url=""
  if [[ -f $(url_file "$1") ]]; then read -r url <"$(url_file "$1")" || true; fi
  [[ $url =~ :([0-9]+)$ ]] && printf '%s' "${BASH_REMATCH[1]}"
  return 0
}

# --- Starting the farm ---------------------------------------------------------

# Reads the admin key from GANTRY_ADMIN_KEY, or .gantry/admin-key, creating the file once.
ensure_admin_key() {
  if [[ -n $ADMIN_KEY_FROM_ENV ]]; then
    ADMIN_KEY_SOURCE="the GANTRY_ADMIN_KEY environment variable"
    return 0
  fi
  mkdir -p "$STATE_DIR"
  if [[ ! -s $ADMIN_KEY_FILE ]]; then
    local key
    key="gk_$(od -An -tx1 -N20 /dev/urandom | tr -d ' \n')"
    (
      umask 077
      printf '%s\n' "$key" >"$ADMIN_KEY_FILE"
    )
  fi
  chmod 600 "$ADMIN_KEY_FILE"
  read -r GANTRY_ADMIN_KEY <"$ADMIN_KEY_FILE"
  ADMIN_KEY_SOURCE=".gantry/admin-key"
}

# The admin key as a file for a client program (demo, bench) in CLIENT_KEY_FILE: .gantry/admin-key,
# or, when the key comes from GANTRY_ADMIN_KEY (and no such file exists), a private copy in
# .gantry that PRIVATE_KEY_FILE names so the caller removes it.
# shellcheck disable=SC2034  # CLIENT_KEY_FILE is read in demo.sh and bench.sh
client_key_file() {
  PRIVATE_KEY_FILE=""
  if [[ -z $ADMIN_KEY_FROM_ENV ]]; then
    CLIENT_KEY_FILE=$ADMIN_KEY_FILE
    return 0
  fi
  mkdir -p "$STATE_DIR"
  PRIVATE_KEY_FILE=$(umask 077 && mktemp "$STATE_DIR/client-key.XXXXXX")
  printf '%s\n' "$GANTRY_ADMIN_KEY" >"$PRIVATE_KEY_FILE"
  CLIENT_KEY_FILE=$PRIVATE_KEY_FILE
}

# The key that seals environment secrets (both apps need it): GANTRY_ENCRYPTION_KEY, or one
# generated once into .gantry/encryption-key. Losing it makes stored secrets unreadable.
ensure_encryption_key() {
  if [[ -n ${GANTRY_ENCRYPTION_KEY:-} ]]; then return 0; fi
  mkdir -p "$STATE_DIR"
  local file="$STATE_DIR/encryption-key"
  if [[ ! -s $file ]]; then
    (
      umask 077
      head -c 32 /dev/urandom | base64 >"$file"
    )
  fi
  chmod 600 "$file"
  read -r GANTRY_ENCRYPTION_KEY <"$file"
}

# Keeps one older log, so a crash log survives the next start.
rotate_log() { # FILE
  if [[ -f $1 ]]; then mv -f "$1" "$1.1"; fi
}

# Starts `java -jar JAR` in the background as NAME with the farm's environment
# plus EXTRA VAR=VALUE pairs; records its pid and URL.
start_java() { # NAME JAR PORT [VAR=VALUE...]
  local name=$1 jar=$2 port=$3
  shift 3
  local log="$LOG_DIR/$name.log"
  role_java_opts "${name%%-[0-9]*}"
  rotate_log "$log"
  local -a environment=(
    "GANTRY_PORT=$CP_PORT"
    "GANTRY_MANAGEMENT_PORT=$(management_port "$CP_PORT")"
    "GANTRY_ADMIN_KEY=$GANTRY_ADMIN_KEY"
    "GANTRY_ENCRYPTION_KEY=$GANTRY_ENCRYPTION_KEY"
    "GANTRY_DB_URL=jdbc:postgresql://$DB_HOST:$DB_PORT/$APP_DB"
    "GANTRY_DB_USER=$APP_DB_USER"
    "GANTRY_REDIS_HOST=$REDIS_HOST"
    "GANTRY_REDIS_PORT=$REDIS_PORT"
    "GANTRY_RABBIT_HOST=$RABBIT_HOST"
    "GANTRY_RABBIT_PORT=$RABBIT_PORT"
    "GANTRY_TARGETS_SERVICE_PORTS=${GANTRY_TARGETS_SERVICE_PORTS:-$(service_ports)}"
    "$@"
  )
  # env and nohup each exec the next program, so $! ends up being the java process's pid.
  env "${environment[@]}" nohup "$JAVA_HOME/bin/java" "${JAVA_OPTS_ARRAY[@]}" -jar "$jar" \
    >"$log" 2>&1 </dev/null &
  printf '%s\n' "$!" >"$(pid_file "$name")"
  printf 'http://127.0.0.1:%s\n' "$port" >"$(url_file "$name")"
  say "started $name (pid $!, log .gantry/logs/$name.log)"
}

# The farm's own ports, which no test target may use: the services, the control plane's
# actuator and every worker's (FARM_WORKERS of them on the ports after CP_PORT).
service_ports() {
  local ports i
  ports="5432,5672,6379,8081,9080,15672,$DB_PORT,$REDIS_PORT,$RABBIT_PORT,$(management_port "$CP_PORT")"
  for ((i = 0; i < ${FARM_WORKERS:-$DEFAULT_WORKERS}; i++)); do ports+=",$((CP_PORT + 1 + i))"; done
  printf '%s\n' "$ports"
}

# The port of the control plane's actuator, for a control plane on PORT.
management_port() { # PORT
  printf '%s' "${GANTRY_MANAGEMENT_PORT:-$(($1 + MANAGEMENT_PORT_OFFSET))}"
}

# Waits until NAME answers on /actuator/health; on failure shows its log and exits.
wait_healthy() { # NAME PORT
  local name=$1 port=$2 pid
  local log="$LOG_DIR/$name.log" deadline=$((SECONDS + HEALTH_WAIT_SECONDS))
  pid=$(read_pid "$(pid_file "$name")")
  until curl -fsS -o /dev/null --max-time 3 "http://127.0.0.1:$port/actuator/health" 2>/dev/null; do
    if ! is_managed_pid "$pid"; then
      say "--- last 40 lines of .gantry/logs/$name.log ---" >&2
      tail -n 40 "$log" >&2 || true
      die "$name exited before it became healthy"
    fi
    if ((SECONDS >= deadline)); then
      say "--- last 40 lines of .gantry/logs/$name.log ---" >&2
      tail -n 40 "$log" >&2 || true
      die "$name did not become healthy on port $port within ${HEALTH_WAIT_SECONDS}s (it is still running; ./gantry down stops it)"
    fi
    sleep 1
  done
  say "$name is healthy on port $port"
}

# Refuses a port some other program already holds: its health endpoint would fool us.
require_free_port() { # NAME PORT
  if tcp_open 127.0.0.1 "$2"; then
    die "port $2 for $1 is already in use by a process gantry did not start; pick another with --port"
  fi
}

print_endpoints() { # CONTROL_PLANE_PORT WORKER_COUNT
  local port=$1 workers=$2 i
  say ""
  say "Gantry is running."
  say "  API:         http://127.0.0.1:$port/api/v1"
  say "  Swagger UI:  http://127.0.0.1:$port/swagger-ui.html"
  say "  Metrics:     http://127.0.0.1:$(management_port "$port")/actuator/prometheus  (control plane)"
  for ((i = 0; i < workers; i++)); do
    say "               http://127.0.0.1:$((port + 1 + i))/actuator/prometheus  (worker-$i)"
  done
  say "  Admin key:   ${ADMIN_KEY_SOURCE}"
  say "  Logs:        .gantry/logs/"
  say "  Stop with:   ./gantry down"
}

cmd_up() {
  local workers=$DEFAULT_WORKERS port=$DEFAULT_PORT port_given="" with_prometheus=""
  while (($#)); do
    case $1 in
      --workers) [[ $# -ge 2 ]] || die "--workers needs a value"; workers=$2; shift 2 ;;
      --workers=*) workers=${1#*=}; shift ;;
      --port) [[ $# -ge 2 ]] || die "--port needs a value"; port=$2; port_given=1; shift 2 ;;
      --port=*) port=${1#*=}; port_given=1; shift ;;
      --with-prometheus) with_prometheus=1; shift ;;
      *) usage >&2; exit 2 ;;
    esac
  done
  require_number --workers "$workers"
  require_number --port "$port"
  require_number GANTRY_HEALTH_WAIT_SECONDS "$HEALTH_WAIT_SECONDS"

  select_jdk
  ensure_services
  ensure_app_database
  ensure_built
  mkdir -p "$LOG_DIR" "$PID_DIR"
  ensure_admin_key
  ensure_encryption_key

  local pid
  FARM_WORKERS=$workers
  if pid=$(running_pid control-plane); then
    local running_port
    running_port=$(recorded_port control-plane)
    running_port=${running_port:-$port}
    say "control plane already running (pid $pid) on port $running_port; reusing it"
    if [[ -n $port_given && $port != "$running_port" ]]; then
      warn "--port $port ignored: the running control plane uses $running_port"
    fi
    port=$running_port
    CP_PORT=$port
  else
    CP_PORT=$port
    require_free_port control-plane "$port"
    require_free_port control-plane "$(management_port "$port")"
    start_java control-plane "$(find_jar control-plane)" "$port"
  fi
  wait_healthy control-plane "$(management_port "$port")"

  # Start every missing worker first, then wait: their JVMs boot in parallel.
  local i worker_port
  local -a started=()
  for ((i = 0; i < workers; i++)); do
    worker_port=$((port + 1 + i))
    if pid=$(running_pid "worker-$i"); then
      say "worker-$i already running (pid $pid); reusing it"
      continue
    fi
    require_free_port "worker-$i" "$worker_port"
    start_java "worker-$i" "$(find_jar worker)" "$worker_port" \
      "GANTRY_WORKER_PORT=$worker_port" "GANTRY_CONTROL_PLANE_URL=http://127.0.0.1:$port"
    started+=("$i")
  done
  for i in "${started[@]}"; do
    wait_healthy "worker-$i" "$((port + 1 + i))"
  done
  print_endpoints "$port" "$workers"
  if [[ -n $with_prometheus ]]; then start_prometheus "$port" "$workers"; fi
}

# --- Stopping and status -------------------------------------------------------

# SIGTERMs the recorded processes in FILES, waits, SIGKILLs stragglers, drops the records.
stop_group() { # PID_FILE...
  local file name pid
  local -a pids=()
  for file in "$@"; do
    name=$(basename "$file" .pid)
    pid=$(read_pid "$file")
    if is_managed_pid "$pid"; then
      say "stopping $name (pid $pid)"
      kill -TERM "$pid" 2>/dev/null || true
      pids+=("$pid")
    else
      say "$name: not running (stale record removed)"
    fi
  done
  local deadline=$((SECONDS + STOP_WAIT_SECONDS)) alive
  while ((${#pids[@]})); do
    alive=()
    for pid in "${pids[@]}"; do
      if is_managed_pid "$pid"; then alive+=("$pid"); fi
    done
    pids=("${alive[@]+"${alive[@]}"}")
    ((${#pids[@]})) || break
    if ((SECONDS >= deadline)); then
      for pid in "${pids[@]}"; do
        warn "pid $pid did not stop within ${STOP_WAIT_SECONDS}s; killing it"
        kill -KILL "$pid" 2>/dev/null || true
      done
      break
    fi
    sleep 1
  done
  for file in "$@"; do
    rm -f "$file" "${file%.pid}.url"
  done
}

cmd_down() {
  local file
  local -a others=() control=()
  for file in "$PID_DIR"/*.pid; do
    [[ -f $file ]] || continue
    if [[ $(basename "$file") == control-plane.pid ]]; then control+=("$file"); else others+=("$file"); fi
  done
  if ((${#others[@]} + ${#control[@]} == 0)); then
    say "Nothing is running (no records in .gantry/pids)."
    return 0
  fi
  # Workers and the sample API go first, so they can say goodbye to a live control plane.
  if ((${#others[@]})); then stop_group "${others[@]}"; fi
  if ((${#control[@]})); then stop_group "${control[@]}"; fi
  say "Stopped."
}

cmd_status() {
  local file name pid url any="" all_alive=1 cp_port=""
  for file in "$PID_DIR"/*.pid; do
    [[ -f $file ]] || continue
    any=1
    name=$(basename "$file" .pid)
    pid=$(read_pid "$file")
    url=""
    if [[ -f $(url_file "$name") ]]; then read -r url <"$(url_file "$name")" || true; fi
    if is_managed_pid "$pid"; then
      printf '%-16s running  pid %-8s %s\n' "$name" "$pid" "$url"
      if [[ $name == control-plane ]]; then cp_port=$(recorded_port control-plane); fi
    else
      printf '%-16s stopped  (stale pid file %s)\n' "$name" ".gantry/pids/$name.pid"
      all_alive=""
    fi
  done
  if [[ -z $any ]]; then
    say "Nothing is running. Start with ./gantry up"
    return 3
  fi
  if [[ -n $cp_port ]]; then
    say ""
    say "API:        http://127.0.0.1:$cp_port/api/v1"
    say "Swagger UI: http://127.0.0.1:$cp_port/swagger-ui.html"
  fi
  [[ -n $all_alive ]] || return 3
}

# --- The CLI -------------------------------------------------------------------

# gantry-cli, pointed at the local farm unless GANTRY_URL / --url say otherwise.
cmd_cli() {
  select_jdk
  ensure_built >&2
  local key=${GANTRY_API_KEY:-}
  if [[ -z $key && -f $STATE_DIR/admin-key ]]; then key=$(<"$STATE_DIR/admin-key"); fi
  GANTRY_API_KEY=$key GANTRY_URL=${GANTRY_URL:-http://127.0.0.1:${GANTRY_PORT:-8080}} \
    exec "$JAVA_HOME/bin/java" -jar "$(find_jar cli)" "$@"
}
