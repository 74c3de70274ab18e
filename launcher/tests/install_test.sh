#!/usr/bin/env bash
# The launcher's installs on a fresh Debian machine, run by `./gantry test`: a local service that is
# down and not installed is installed with apt-get as root, or, not as root, gantry prints the
# command and stops; an installed one is only started; shellcheck likewise. Nothing real is installed:
# each case runs the launcher's own functions in a subshell whose PATH holds fakes of dpkg-query,
# apt-get, id and the services' start commands, which record what they were asked, and the few
# ordinary tools the functions use (so a shellcheck or PostgreSQL of this machine stays out of sight).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=gantry
source "$ROOT/gantry"
set +e

PASSED=0
FAILED=0
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# A fake machine in DIR: Debian's packages named in "installed/", services running in "up/".
fake_machine() { # DIR UID INSTALLED_PACKAGE...
  local dir=$1 uid=$2
  shift 2
  mkdir -p "$dir/bin" "$dir/tools" "$dir/installed" "$dir/up" "$dir/state"
  local package tool
  for tool in sh cat chmod chown grep head ls mkdir mv rm sed sleep sort tail timeout touch; do
    ln -s "$(command -v "$tool")" "$dir/tools/$tool"
  done
  for package in "$@"; do touch "$dir/installed/$package"; done
  cat >"$dir/bin/id" <<FAKE
#!/bin/sh
if [ "\$1" = -u ]; then echo $uid; else exec /usr/bin/id "\$@"; fi
FAKE
  cat >"$dir/bin/dpkg-query" <<FAKE
#!/bin/sh
# dpkg-query -W -f=FORMAT PACKAGE
for last; do :; done
if [ -e "$dir/installed/\$last" ]; then printf installed; else echo "dpkg-query: no packages found matching \$last" >&2; exit 1; fi
FAKE
  cat >"$dir/bin/apt-get" <<FAKE
#!/bin/sh
echo "\$*" >>"$dir/apt-get.calls"
case \$1 in update) rm -f "$dir/no-lists" ;; install) ;; *) exit 0 ;; esac
# Without package lists (a fresh machine before its first update) nothing can be found.
if [ -e "$dir/no-lists" ]; then echo "E: Unable to locate package" >&2; exit 100; fi
for arg; do
  case \$arg in
    install | -*) ;;
    postgresql) touch "$dir/installed/postgresql"; mkdir -p "$dir/etc/postgresql/15/main"
      printf 'local all postgres peer\nhost all all 127.0.0.1/32 scram-sha-256\n' >"$dir/etc/postgresql/15/main/pg_hba.conf" ;;
    *) touch "$dir/installed/\$arg" ;;
  esac
done
FAKE
  # The start commands record their arguments and bring "their" service up.
  printf '#!/bin/sh\necho "$*" >>"%s/started"\ncase "$*" in *status*) [ -e "%s/up/postgres" ] ;; *reload*) ;; *) touch "%s/up/postgres" ;; esac\n' \
    "$dir" "$dir" "$dir" >"$dir/bin/pg_ctlcluster"
  printf '#!/bin/sh\necho "redis-server $*" >>"%s/started"\ntouch "%s/up/redis"\n' "$dir" "$dir" >"$dir/bin/redis-server"
  printf '#!/bin/sh\necho "rabbitmq-server $*" >>"%s/started"\ntouch "%s/up/rabbit"\n' "$dir" "$dir" >"$dir/bin/rabbitmq-server"
  chmod +x "$dir/bin/"*
}

# Runs FUNCTION of the launcher on the fake machine DIR; its output goes to DIR/out, its status to DIR/rc.
on_fake_machine() { # DIR FUNCTION
  local dir=$1
  (
    PATH="$dir/bin:$dir/tools"
    # Never the real thing: stop at once if a fake is not the one on the PATH.
    [[ $(command -v apt-get) == "$dir/bin/apt-get" && $(command -v id) == "$dir/bin/id" ]] || exit 99
    STATE_DIR="$dir/state" LOG_DIR="$dir/state/logs" SERVICE_LOG="$dir/state/logs/services.log"
    PG_CONF_DIR="$dir/etc/postgresql"
    mkdir -p "$PG_CONF_DIR"
    DB_HOST=127.0.0.1 DB_PORT=5432 REDIS_HOST=127.0.0.1 REDIS_PORT=6379 RABBIT_HOST=127.0.0.1 RABBIT_PORT=5672
    SERVICE_WAIT_SECONDS=2
    # shellcheck disable=SC2317  # called by name, by ensure_services
    postgres_up() { [[ -e $dir/up/postgres ]]; }
    # shellcheck disable=SC2317
    redis_up() { [[ -e $dir/up/redis ]]; }
    # shellcheck disable=SC2317
    rabbit_up() { [[ -e $dir/up/rabbit ]]; }
    "$2"
  ) >"$dir/out" 2>&1
  echo $? >"$dir/rc"
}

check() { # DESCRIPTION CONDITION...
  local description=$1
  shift
  if "$@"; then
    PASSED=$((PASSED + 1))
    printf 'ok - %s\n' "$description"
  else
    FAILED=$((FAILED + 1))
    printf 'not ok - %s\n' "$description"
  fi
}
file_has() { [[ -f $1 ]] && grep -qF -- "$2" "$1"; }
no_file() { [[ ! -e $1 ]]; }
status_is() { [[ $(<"$1/rc") == "$2" ]]; }
show_on_failure() { # DIR
  ((FAILED == ${2:-0})) || { printf '  --- output of the failed case:\n'; sed 's/^/  | /' "$1/out"; }
}

# Missing and root: one apt-get install of the three packages, said out loud, then each service started.
m="$WORK/missing-root"
fake_machine "$m" 0
on_fake_machine "$m" ensure_services
check "missing services, as root: ensure_services succeeds" status_is "$m" 0
check "missing services, as root: apt-get install -y -q postgresql redis-server rabbitmq-server" \
  file_has "$m/apt-get.calls" "install -y -q postgresql redis-server rabbitmq-server"
check "missing services, as root: says what it installs" \
  file_has "$m/out" "PostgreSQL, Redis and RabbitMQ are not installed: installing postgresql redis-server rabbitmq-server from Debian's packages"
check "missing services, as root: says it installed them" file_has "$m/out" "installed postgresql redis-server rabbitmq-server"
check "missing services, as root: PostgreSQL trusts local connections first" \
  test "$(head -n 3 "$m/etc/postgresql/15/main/pg_hba.conf" | tail -n 2)" = $'local all all trust\nhost all all 127.0.0.1/32 trust'
check "missing services, as root: PostgreSQL's own lines are kept" \
  file_has "$m/etc/postgresql/15/main/pg_hba.conf" "host all all 127.0.0.1/32 scram-sha-256"
check "missing services, as root: PostgreSQL started with this machine's command" \
  file_has "$m/started" "--skip-systemctl-redirect 15 main start"
check "missing services, as root: Redis started with this machine's command" \
  file_has "$m/started" "redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save  --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log"
check "missing services, as root: RabbitMQ started detached" file_has "$m/started" "rabbitmq-server -detached"
check "missing services, as root: all three up" file_has "$m/out" "RabbitMQ at 127.0.0.1:5672: started"
show_on_failure "$m"

# Missing and not root: nothing installed, the exact command printed, a failure.
f=$FAILED
m="$WORK/missing-user"
fake_machine "$m" 1000 postgresql
on_fake_machine "$m" ensure_services
check "missing services, not root: exits non-zero" status_is "$m" 1
check "missing services, not root: apt-get not run" no_file "$m/apt-get.calls"
check "missing services, not root: names what is missing" \
  file_has "$m/out" "gantry: error: Redis and RabbitMQ are not installed, and gantry installs packages only when run as root."
check "missing services, not root: prints the exact command" \
  file_has "$m/out" "  sudo apt-get update && sudo apt-get install -y redis-server rabbitmq-server"
check "missing services, not root: nothing started" no_file "$m/started"
show_on_failure "$m" "$f"

# Installed but down: started, nothing installed.
f=$FAILED
m="$WORK/installed"
fake_machine "$m" 0 postgresql redis-server rabbitmq-server
mkdir -p "$m/etc/postgresql/15/main"
on_fake_machine "$m" ensure_services
check "installed services: ensure_services succeeds" status_is "$m" 0
check "installed services: apt-get not run" no_file "$m/apt-get.calls"
check "installed services: started" file_has "$m/out" "Redis at 127.0.0.1:6379: started"
show_on_failure "$m" "$f"

# Up and not installed (say, run some other way): not looked at, nothing installed.
f=$FAILED
m="$WORK/up"
fake_machine "$m" 0
touch "$m/up/postgres" "$m/up/redis" "$m/up/rabbit"
on_fake_machine "$m" ensure_services
check "services up: ensure_services succeeds" status_is "$m" 0
check "services up: apt-get not run" no_file "$m/apt-get.calls"
check "services up: nothing started" no_file "$m/started"
show_on_failure "$m" "$f"

# A missing shellcheck: installed as root, the command printed otherwise.
f=$FAILED
m="$WORK/shellcheck-root"
fake_machine "$m" 0
on_fake_machine "$m" ensure_shellcheck
check "shellcheck missing, as root: apt-get install -y -q shellcheck" file_has "$m/apt-get.calls" "install -y -q shellcheck"
check "shellcheck missing, as root: says so" \
  file_has "$m/out" "installing shellcheck (./gantry test lints the launcher with it) from Debian's packages"
m2="$WORK/shellcheck-no-lists"
fake_machine "$m2" 0
touch "$m2/no-lists"
on_fake_machine "$m2" ensure_shellcheck
check "shellcheck missing, no package lists yet: install, update, install again" \
  test "$(cat "$m2/apt-get.calls")" = $'install -y -q shellcheck\nupdate -q\ninstall -y -q shellcheck'
check "shellcheck missing, no package lists yet: installed" test -e "$m2/installed/shellcheck"
m2="$WORK/shellcheck-user"
fake_machine "$m2" 1000
on_fake_machine "$m2" ensure_shellcheck
check "shellcheck missing, not root: exits non-zero" status_is "$m2" 1
check "shellcheck missing, not root: apt-get not run" no_file "$m2/apt-get.calls"
check "shellcheck missing, not root: prints the exact command" \
  file_has "$m2/out" "  sudo apt-get update && sudo apt-get install -y shellcheck"
show_on_failure "$m2" "$f"

# Node.js and npm for the web console's build and the Newman parity test: installed as root when
# either is missing, the exact command otherwise; a node too old for Vite 7 stops the launcher.
f=$FAILED
m="$WORK/node-root"
fake_machine "$m" 0
on_fake_machine "$m" ensure_node
check "node missing, as root: apt-get install -y -q nodejs npm" file_has "$m/apt-get.calls" "install -y -q nodejs npm"
check "node missing, as root: says so" \
  file_has "$m/out" "installing nodejs and npm (the web console is built with npm and Vite) from Debian's packages"
m2="$WORK/node-user"
fake_machine "$m2" 1000
on_fake_machine "$m2" ensure_node
check "node missing, not root: apt-get not run" no_file "$m2/apt-get.calls"
check "node missing, not root: says what to install" \
  file_has "$m2/out" "install them (apt-get install nodejs npm; Node.js 20.19 or 22.12 or later)"
m3="$WORK/node-present"
fake_machine "$m3" 0
printf '#!/bin/sh\necho v20.19.1\n' >"$m3/bin/node"
printf '#!/bin/sh\necho 10.0.0\n' >"$m3/bin/npm"
chmod +x "$m3/bin/node" "$m3/bin/npm"
on_fake_machine "$m3" ensure_node
check "node and npm present: apt-get not run" no_file "$m3/apt-get.calls"
check "node and npm present: nothing said" test ! -s "$m3/out"
m4="$WORK/node-old"
fake_machine "$m4" 0
printf '#!/bin/sh\necho v18.19.0\n' >"$m4/bin/node"
printf '#!/bin/sh\necho 9.2.0\n' >"$m4/bin/npm"
chmod +x "$m4/bin/node" "$m4/bin/npm"
on_fake_machine "$m4" ensure_node
check "node too old: apt-get not run" no_file "$m4/apt-get.calls"
check "node too old: names the version it needs and the one it found" \
  file_has "$m4/out" "needs Node.js ^20.19 or >=22.12, and node is v18.19.0"
show_on_failure "$m" "$f"

# The admin key for the demo and the bench: the key file, or a private copy of GANTRY_ADMIN_KEY.
k="$WORK/keys"
mkdir -p "$k"
(
  STATE_DIR="$k/state" ADMIN_KEY_FILE="$k/state/admin-key" ADMIN_KEY_FROM_ENV="" client_key_file
  printf '%s|%s\n' "$CLIENT_KEY_FILE" "$PRIVATE_KEY_FILE" >"$k/from-file"
)
check "client key without GANTRY_ADMIN_KEY: .gantry/admin-key, nothing to remove" \
  test "$(cat "$k/from-file")" = "$k/state/admin-key|"
(
  STATE_DIR="$k/state" ADMIN_KEY_FILE="$k/state/admin-key" ADMIN_KEY_FROM_ENV=1 GANTRY_ADMIN_KEY=gk_from_env \
    client_key_file
  printf '%s\n' "$CLIENT_KEY_FILE" >"$k/from-env"
)
check "client key with GANTRY_ADMIN_KEY: a private copy holding the key" \
  file_has "$(cat "$k/from-env")" "gk_from_env"
check "client key with GANTRY_ADMIN_KEY: readable by its owner only" \
  test "$(stat -c %a "$(cat "$k/from-env")")" = 600

printf 'launcher install tests: %d passed, %d failed\n' "$PASSED" "$FAILED"
((FAILED == 0))
