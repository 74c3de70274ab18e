# shellcheck shell=bash
# Part of ./gantry (sourced, never run): what every other part uses — output (say, warn, die),
# argument checks, waiting, a TCP probe and installing Debian's packages.

# --- Output helpers ------------------------------------------------------------

say() { printf '%s\n' "$*"; }
warn() { printf 'gantry: warning: %s\n' "$*" >&2; }
die() {
  printf 'gantry: error: %s\n' "$*" >&2
  exit 1
}

# Reject anything but a non-negative integer before it reaches arithmetic.
require_number() { # NAME VALUE
  [[ $2 =~ ^[0-9]+$ ]] || die "$1 must be a number, got '$2'"
}

# --- Probing and waiting -------------------------------------------------------

# True if something accepts TCP connections on HOST:PORT (bash's /dev/tcp, no extra tools).
tcp_open() { # HOST PORT
  # shellcheck disable=SC2016  # $1/$2 are expanded by the inner bash
  timeout 3 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$1" "$2" 2>/dev/null
}

# Polls CHECK... every second for up to SECONDS; true once it succeeds.
wait_until() { # SECONDS CHECK...
  local deadline=$((SECONDS + $1))
  shift
  until "$@"; do
    ((SECONDS < deadline)) || return 1
    sleep 1
  done
}

# --- Debian's packages ---------------------------------------------------------
# What the launcher needs and does not find (the services, nginx, chromium, shellcheck) it
# installs from Debian's packages, but only as root; otherwise it prints the command to run.

# True if this process may install Debian's packages: it is root and apt-get is there.
can_apt_install() {
  [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1
}

# Installs PACKAGE... with apt-get (its output goes to the services log); a fresh machine may
# have no package lists yet, so a failed install refreshes them once and tries again.
apt_install() { # PACKAGE...
  mkdir -p "$LOG_DIR"
  if DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >>"$SERVICE_LOG" 2>&1 </dev/null; then
    return 0
  fi
  apt-get update -q >>"$SERVICE_LOG" 2>&1 </dev/null || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >>"$SERVICE_LOG" 2>&1 </dev/null
}
