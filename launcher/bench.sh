# shellcheck shell=bash
# Part of ./gantry (sourced, never run): the `bench` command — a raw baseline, then farms of 1 and 2
# workers against nginx serving static JSON — and the nginx target that `test --long` uses too.

# --- Benchmark -----------------------------------------------------------------

BENCH_DIR="$STATE_DIR/bench"
BENCH_TARGET_DIR="$BENCH_DIR/nginx"
# Chains a worker has in flight: gantry.worker.partitions (2) x gantry.worker.concurrency (256).
BENCH_CHAINS_PER_WORKER=512

# The benchmark's target is nginx answering static JSON: far faster than the farm, so never the bottleneck.
ensure_nginx() {
  if command -v nginx >/dev/null 2>&1 || [[ -x /usr/sbin/nginx ]]; then return 0; fi
  if can_apt_install; then
    say "installing nginx-light (the benchmark's target) from Debian's packages"
    apt_install nginx-light || die "could not install nginx-light; see $SERVICE_LOG"
  else
    die "the benchmark needs nginx: install it (e.g. apt-get install nginx-light) and run again"
  fi
}

nginx_bin() { command -v nginx 2>/dev/null || printf '/usr/sbin/nginx'; }

free_port_from() { # FIRST
  local port=$1
  while tcp_open 127.0.0.1 "$port"; do port=$((port + 1)); done
  printf '%s' "$port"
}

start_bench_target() { # PORT
  local port=$1
  mkdir -p "$BENCH_TARGET_DIR"
  sed "s#PREFIX#$BENCH_TARGET_DIR#g; s#PORT#$port#g" bench/src/main/resources/dev/gantry/bench/nginx.conf \
    >"$BENCH_TARGET_DIR/nginx.conf"
  "$(nginx_bin)" -c "$BENCH_TARGET_DIR/nginx.conf" -p "$BENCH_TARGET_DIR" </dev/null ||
    die "nginx did not start; see $BENCH_TARGET_DIR/error.log"
  wait_until 10 curl -fsS -o /dev/null "http://127.0.0.1:$port/health" || die "nginx does not answer on port $port"
}

stop_bench_target() {
  local pid
  pid=$(read_pid "$BENCH_TARGET_DIR/nginx.pid")
  if [[ -n $pid ]]; then kill "$pid" 2>/dev/null || true; fi
}

bench_cleanup() {
  local rc=$?
  if [[ -n ${BENCH_FARM_UP:-} ]]; then cmd_down >/dev/null 2>&1 || true; fi
  [[ -n ${PRIVATE_KEY_FILE:-} ]] && rm -f "$PRIVATE_KEY_FILE"
  stop_bench_target
  exit "$rc"
}

cmd_bench() {
  # 333,334 rows are a million steps: the first farm's worker heap is read at 100,000 steps and at the end.
  # 100,000 rows run twice and the raw baseline is read before and after the farms: this machine's speed
  # drifts within minutes, and the targets are set on the better reading of each side
  local rows="1000,100000,100000" long_rows=333334 workers="1,2" seconds=10 step_details=""
  while (($#)); do
    case $1 in
      --rows) [[ $# -ge 2 ]] || die "--rows needs a value"; rows=$2; shift 2 ;;
      --long-rows) [[ $# -ge 2 ]] || die "--long-rows needs a value"; long_rows=$2; shift 2 ;;
      --step-details) [[ $# -ge 2 ]] || die "--step-details needs a value"; step_details=$2; shift 2 ;;
      --workers) [[ $# -ge 2 ]] || die "--workers needs a value"; workers=$2; shift 2 ;;
      --baseline-seconds) [[ $# -ge 2 ]] || die "--baseline-seconds needs a value"; seconds=$2; shift 2 ;;
      --quick) rows="1000,20000"; long_rows=0; workers="1"; seconds=5; shift ;;
      *) usage >&2; exit 2 ;;
    esac
  done
  [[ $rows =~ ^[0-9]+(,[0-9]+)*$ ]] || die "--rows takes numbers separated by commas, e.g. 1000,100000"
  [[ $workers =~ ^[0-9]+(,[0-9]+)*$ ]] || die "--workers takes numbers separated by commas, e.g. 1,2"
  require_number --baseline-seconds "$seconds"
  require_number --long-rows "$long_rows"

  select_jdk
  ensure_services
  ensure_app_database
  ensure_built
  ensure_nginx
  if running_pid control-plane >/dev/null; then
    die "a farm is running; stop it with ./gantry down: the benchmark measures farms it starts itself"
  fi
  trap bench_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM

  local target_port out jar n i pids urls
  target_port=$(free_port_from 18080)
  start_bench_target "$target_port"
  out="$BENCH_DIR/$(date -u +%Y%m%dT%H%M%SZ)"
  mkdir -p "$out"
  jar=$(find_jar bench)
  java_opts
  local -a java=("$JAVA_HOME/bin/java" "${JAVA_OPTS_ARRAY[@]}" -jar "$jar")
  say "Benchmark target: nginx on http://127.0.0.1:$target_port; results in ${out#"$ROOT"/}"

  say "Raw baseline: the same flow with the worker's HTTP client, ${seconds}s after a 10s warm-up"
  "${java[@]}" baseline --target "http://127.0.0.1:$target_port" --concurrency "$BENCH_CHAINS_PER_WORKER" \
    --seconds "$seconds" --out "$out/baseline.json" </dev/null

  # with the key from GANTRY_ADMIN_KEY there is no .gantry/admin-key: the client gets a private copy
  client_key_file
  IFS=, read -ra worker_counts <<<"$workers"
  local farm_rows first=1
  for n in "${worker_counts[@]}"; do
    # the million-step run measures memory, not throughput: the first farm alone makes it
    farm_rows=$rows
    if ((first && long_rows > 0)); then farm_rows+=",$long_rows"; fi
    first=0
    say "Farm with $n worker(s): starting"
    BENCH_FARM_UP=1
    cmd_up --workers "$n" >"$out/up-$n.log" 2>&1 || { cat "$out/up-$n.log"; die "the farm did not start"; }
    pids="" urls=""
    for ((i = 0; i < n; i++)); do
      pids+="${pids:+,}$(read_pid "$(pid_file "worker-$i")")"
      urls+="${urls:+,}$(cat "$(url_file "worker-$i")")"
    done
    say "Farm with $n worker(s): warm-up, then runs of $farm_rows rows"
    "${java[@]}" farm --control-plane "$(cat "$(url_file control-plane)")" --api-key-file "$CLIENT_KEY_FILE" \
      --control-plane-actuator "http://127.0.0.1:$(management_port "$DEFAULT_PORT")" \
      --control-plane-pid "$(read_pid "$(pid_file control-plane)")" \
      --target "http://127.0.0.1:$target_port" --rows "$farm_rows" --worker-pids "$pids" --worker-urls "$urls" \
      --redis "redis://$REDIS_HOST:$REDIS_PORT" ${step_details:+--step-details "$step_details"} \
      --out "$out/farm-$n.json" </dev/null
    cmd_down >/dev/null
    BENCH_FARM_UP=""
  done

  say "Raw baseline again, after the farms"
  "${java[@]}" baseline --target "http://127.0.0.1:$target_port" --concurrency "$BENCH_CHAINS_PER_WORKER" \
    --seconds "$seconds" --out "$out/baseline-after.json" </dev/null

  "${java[@]}" report --dir "$out" </dev/null
  cp "$out/bench.json" "$BENCH_DIR/latest.json"
}
