# shellcheck shell=bash
# Part of ./gantry (sourced, never run): Prometheus — the `prometheus` command, the binaries the
# operations tests need (unpacked from Debian's package into .gantry/tools), and the Prometheus
# of `up --with-prometheus`.

# --- Prometheus (for the operations tests) --------------------------------------
# The tests check the alert rules with promtool and let a real Prometheus scrape the apps. Debian's
# prometheus package provides both binaries; we unpack it under .gantry/tools instead of installing
# it, so no system service starts and nothing outside the repository changes.

PROMETHEUS_TOOLS="$STATE_DIR/tools/prometheus"

# Directory holding both prometheus and promtool, or nothing (status 1).
prometheus_bin_dir() {
  local found
  if found=$(command -v promtool 2>/dev/null) && command -v prometheus >/dev/null 2>&1; then
    dirname "$found"
    return 0
  fi
  if [[ -x $PROMETHEUS_TOOLS/usr/bin/promtool && -x $PROMETHEUS_TOOLS/usr/bin/prometheus ]]; then
    printf '%s' "$PROMETHEUS_TOOLS/usr/bin"
    return 0
  fi
  return 1
}

# Sets PROMETHEUS_BIN_DIR, unpacking Debian's package first if need be.
ensure_prometheus() {
  if PROMETHEUS_BIN_DIR=$(prometheus_bin_dir); then return 0; fi
  if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg-deb >/dev/null 2>&1; then
    die "the tests need prometheus and promtool: install them (e.g. apt-get install prometheus) and run again"
  fi
  say "unpacking prometheus and promtool from Debian's prometheus package into .gantry/tools/prometheus"
  mkdir -p "$LOG_DIR"
  local download
  download=$(mktemp -d)
  if ! (cd "$download" && apt-get download prometheus >>"$SERVICE_LOG" 2>&1 </dev/null); then
    if [[ $(id -u) -eq 0 ]]; then apt-get update -q >>"$SERVICE_LOG" 2>&1 </dev/null || true; fi
    (cd "$download" && apt-get download prometheus >>"$SERVICE_LOG" 2>&1 </dev/null) || {
      rm -rf "$download"
      die "could not download Debian's prometheus package; see $SERVICE_LOG"
    }
  fi
  mkdir -p "$PROMETHEUS_TOOLS"
  dpkg-deb -x "$download"/prometheus_*.deb "$PROMETHEUS_TOOLS" || {
    rm -rf "$download"
    die "could not unpack Debian's prometheus package"
  }
  rm -rf "$download"
  PROMETHEUS_BIN_DIR=$(prometheus_bin_dir) || die "the prometheus package held no prometheus/promtool binaries"
}

cmd_prometheus() {
  ensure_prometheus
  say "prometheus and promtool: $PROMETHEUS_BIN_DIR"
  "$PROMETHEUS_BIN_DIR/promtool" check rules deploy/prometheus/alerts.yml
  "$PROMETHEUS_BIN_DIR/promtool" check config deploy/prometheus/prometheus.yml
}

# A Prometheus scraping the farm of `up` and evaluating the project's alert rules, on loopback only.
# Its configuration is written under .gantry/prometheus (the ports differ from compose's DNS names);
# a running one is told to reload it, so `up --workers N --with-prometheus` again follows the farm.
start_prometheus() { # CONTROL_PLANE_PORT WORKER_COUNT
  local port=$1 workers=$2 dir="$STATE_DIR/prometheus" listen=${GANTRY_PROMETHEUS_PORT:-9090}
  local i pid targets=""
  ensure_prometheus
  "$PROMETHEUS_BIN_DIR/promtool" check rules "$ROOT/deploy/prometheus/alerts.yml" >/dev/null ||
    die "promtool refused deploy/prometheus/alerts.yml"
  for ((i = 0; i < workers; i++)); do targets+="\"127.0.0.1:$((port + 1 + i))\", "; done
  mkdir -p "$dir/data" "$LOG_DIR"
  cat >"$dir/prometheus.yml" <<YAML
# Written by ./gantry up --with-prometheus; the same jobs and rules as deploy/prometheus/prometheus.yml.
global:
  scrape_interval: 5s
  evaluation_interval: 5s
rule_files:
  - $ROOT/deploy/prometheus/alerts.yml
scrape_configs:
  - job_name: gantry-control-plane
    metrics_path: /actuator/prometheus
    static_configs:
      - targets: ["127.0.0.1:$(management_port "$port")"]
  - job_name: gantry-worker
    metrics_path: /actuator/prometheus
    static_configs:
      - targets: [${targets%, }]
YAML
  "$PROMETHEUS_BIN_DIR/promtool" check config "$dir/prometheus.yml" >/dev/null ||
    die "promtool refused the generated .gantry/prometheus/prometheus.yml"
  if pid=$(running_pid prometheus); then
    kill -HUP "$pid"
    say "prometheus already running (pid $pid); told it to reload its targets"
  else
    require_free_port prometheus "$listen"
    nohup "$PROMETHEUS_BIN_DIR/prometheus" --config.file="$dir/prometheus.yml" \
      --storage.tsdb.path="$dir/data" --storage.tsdb.retention.time=2d \
      --web.listen-address="127.0.0.1:$listen" >"$LOG_DIR/prometheus.log" 2>&1 </dev/null &
    printf '%s\n' "$!" >"$(pid_file prometheus)"
    printf 'http://127.0.0.1:%s\n' "$listen" >"$(url_file prometheus)"
    say "started prometheus (pid $!, log .gantry/logs/prometheus.log)"
  fi
  local deadline=$((SECONDS + 30))
  until curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$listen/-/ready" 2>/dev/null; do
    if ((SECONDS >= deadline)) || ! running_pid prometheus >/dev/null; then
      tail -n 20 "$LOG_DIR/prometheus.log" >&2 || true
      die "prometheus did not become ready on port $listen"
    fi
    sleep 0.5
  done
  say "  Prometheus:  http://127.0.0.1:$listen  (targets: /targets, alerts: /alerts)"
}
