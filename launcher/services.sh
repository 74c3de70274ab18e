# shellcheck shell=bash
# Part of ./gantry (sourced, never run): the local services — PostgreSQL, Redis and RabbitMQ.
# Checks that they answer, installs the missing ones from Debian's packages (as root), starts the
# local ones that are down, creates the roles and databases, and the `services` command.

# --- Local services ------------------------------------------------------------
# Tests and the farm need PostgreSQL, Redis and RabbitMQ. They usually run already;
# after a reboot they may not, so we start the local ones that are down.

is_local_host() { [[ $1 == 127.0.0.1 || $1 == localhost || $1 == ::1 ]]; }

postgres_up() { pg_isready -q -t 3 -h "$DB_HOST" -p "$DB_PORT"; }
redis_up() {
  local reply
  reply=$(timeout 5 redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null) || return 1
  # NOAUTH still proves the server is there; only credentials are missing.
  [[ $reply == PONG || $reply == NOAUTH* ]]
}
rabbit_up() { tcp_open "$RABBIT_HOST" "$RABBIT_PORT"; }

# The newest PostgreSQL cluster version: the directory names under /etc/postgresql.
postgres_version() {
  # shellcheck disable=SC2012  # entries are plain version numbers such as 15
  ls "$PG_CONF_DIR" 2>/dev/null | sort -V | tail -n 1
}

start_postgres() {
  pg_ctlcluster --skip-systemctl-redirect "$(postgres_version)" main start
}
start_redis() {
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$REDIS_PORT" --save "" \
    --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log
}
start_rabbit() { rabbitmq-server -detached; }

# Makes sure one service answers; starts it (if local) when it doesn't.
ensure_service() { # NAME HOST PORT CHECK START
  local name=$1 host=$2 port=$3 check=$4 start=$5
  if "$check"; then
    say "$name at $host:$port: up"
    return 0
  fi
  is_local_host "$host" ||
    die "$name at $host:$port does not answer, and it is not local, so gantry can't start it"
  say "$name at $host:$port: down, starting it"
  mkdir -p "$LOG_DIR"
  # Output goes to a log, and stdin/stdout are detached, so a daemon can't hold our pipes open.
  if ! "$start" >>"$SERVICE_LOG" 2>&1 </dev/null; then
    warn "the start command for $name failed; see ${SERVICE_LOG#"$ROOT"/}"
  fi
  if ! wait_until "$SERVICE_WAIT_SECONDS" "$check"; then
    tail -n 20 "$SERVICE_LOG" >&2 || true
    die "$name did not answer on $host:$port within ${SERVICE_WAIT_SECONDS}s (starting services needs root or the service's own user)"
  fi
  say "$name at $host:$port: started"
}

ensure_services() {
  install_missing_services
  ensure_service PostgreSQL "$DB_HOST" "$DB_PORT" postgres_up start_postgres
  ensure_service Redis "$REDIS_HOST" "$REDIS_PORT" redis_up start_redis
  ensure_service RabbitMQ "$RABBIT_HOST" "$RABBIT_PORT" rabbit_up start_rabbit
}

# --- Installing the services -----------------------------------------------------
# On a fresh Debian machine the services may not be installed at all. A local service that does
# not answer and whose Debian package is missing is installed (as root) before it is started;
# a service that answers is never looked at.

# True if Debian's PACKAGE is installed; without dpkg there is no telling, so it counts as there.
package_installed() { # PACKAGE
  command -v dpkg-query >/dev/null 2>&1 || return 0
  [[ $(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null) == installed ]]
}

# Installs the packages of the local services that are down and not installed, or, when this is
# not root, prints the command that does and stops.
install_missing_services() {
  local -a names=() packages=()
  add_if_missing PostgreSQL "$DB_HOST" postgresql postgres_up
  add_if_missing Redis "$REDIS_HOST" redis-server redis_up
  add_if_missing RabbitMQ "$RABBIT_HOST" rabbitmq-server rabbit_up
  ((${#packages[@]})) || return 0
  local missing
  missing=$(join_names "${names[@]}")
  if ! can_apt_install; then
    printf 'gantry: error: %s not installed, and gantry installs packages only when run as root. Run\n' "$missing" >&2
    printf '  sudo apt-get update && sudo apt-get install -y %s\n' "${packages[*]}" >&2
    if [[ " ${packages[*]} " == *" postgresql "* ]]; then
      printf '%s\n' "then, as gantry connects to PostgreSQL without a password, put 'host all all 127.0.0.1/32 trust'" \
        "first in its pg_hba.conf and reload it (as gantry does itself when it installs PostgreSQL as root)." >&2
    fi
    exit 1
  fi
  say "$missing not installed: installing ${packages[*]} from Debian's packages"
  apt_install "${packages[@]}" || die "could not install ${packages[*]}; see ${SERVICE_LOG#"$ROOT"/}"
  say "installed ${packages[*]}"
  if [[ " ${packages[*]} " == *" postgresql "* ]]; then trust_local_postgres; fi
}

# Adds NAME and PACKAGE to the caller's names and packages if the service is down, local and its
# package is not installed.
add_if_missing() { # NAME HOST PACKAGE CHECK
  "$4" </dev/null && return 0
  is_local_host "$2" || return 0
  package_installed "$3" && return 0
  names+=("$1")
  packages+=("$3")
}

# "A", "A and B", "A, B and C" followed by "is" or "are".
join_names() { # NAME...
  case $# in
    1) printf '%s is' "$1" ;;
    2) printf '%s and %s are' "$1" "$2" ;;
    *) printf '%s, %s and %s are' "$1" "$2" "$3" ;;
  esac
}

# A freshly installed cluster asks for passwords over TCP; the launcher, the apps and the tests
# connect as postgres and gantry without one, as a development machine's PostgreSQL lets them.
# So the cluster gantry just installed trusts local connections (first lines of its pg_hba.conf).
trust_local_postgres() {
  local version hba
  version=$(postgres_version)
  hba="$PG_CONF_DIR/$version/main/pg_hba.conf"
  [[ -n $version && -f $hba ]] || die "the postgresql package left no cluster configuration under $PG_CONF_DIR"
  {
    printf '%s\n' "# Added by ./gantry when it installed PostgreSQL: local connections need no password."
    printf '%s\n' "local all all trust" "host all all 127.0.0.1/32 trust" "host all all ::1/128 trust" ""
    cat "$hba"
  } >"$hba.gantry"
  # Keep the file's owner and mode (postgres reads it), then swap it in.
  chown --reference="$hba" "$hba.gantry" 2>/dev/null || true
  chmod --reference="$hba" "$hba.gantry"
  mv -f "$hba.gantry" "$hba"
  # The package may have started the cluster already; a running one rereads pg_hba.conf on reload.
  if pg_ctlcluster --skip-systemctl-redirect "$version" main status >/dev/null 2>&1; then
    pg_ctlcluster --skip-systemctl-redirect "$version" main reload >>"$SERVICE_LOG" 2>&1 </dev/null ||
      warn "could not reload PostgreSQL $version/main; it trusts local connections once restarted"
  fi
  say "PostgreSQL $version/main: local connections need no password (${hba})"
}

# --- Roles and databases ---------------------------------------------------------

# Creates PostgreSQL role NAME (login, no password) unless it exists.
ensure_role() { # NAME
  local name=$1 exists
  [[ $name =~ ^[a-z_][a-z0-9_]*$ ]] || die "invalid role name '$name'"
  exists=$(psql -X -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d postgres -tAc \
    "select 1 from pg_roles where rolname='$name'" </dev/null) ||
    die "cannot query PostgreSQL at $DB_HOST:$DB_PORT as user $DB_USER"
  if [[ $exists == 1 ]]; then
    say "role $name: exists"
  else
    psql -X -q -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d postgres -c "create role $name login" </dev/null ||
      die "could not create role $name"
    say "role $name: created"
  fi
}

# Creates PostgreSQL database NAME (owned by OWNER, if given) unless it exists.
ensure_database() { # NAME [OWNER]
  local name=$1 owner=${2:-} exists
  [[ $name =~ ^[a-z_][a-z0-9_]*$ ]] || die "invalid database name '$name'"
  exists=$(psql -X -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d postgres -tAc \
    "select 1 from pg_database where datname='$name'" </dev/null) ||
    die "cannot query PostgreSQL at $DB_HOST:$DB_PORT as user $DB_USER"
  if [[ $exists == 1 ]]; then
    say "database $name: exists"
  else
    createdb -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" ${owner:+-O "$owner"} "$name" </dev/null ||
      die "could not create database $name"
    say "database $name: created"
  fi
}

# The app's role and a database it owns (so Flyway may create tables in its public schema).
ensure_app_database() {
  ensure_role "$APP_DB_USER"
  ensure_database "$APP_DB" "$APP_DB_USER"
}

cmd_services() {
  ensure_services
  ensure_app_database
  ensure_database "$TEST_DB"
}
