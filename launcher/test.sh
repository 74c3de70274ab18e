# shellcheck shell=bash
# Part of ./gantry (sourced, never run): the `test` command — the launcher's own checks (shellcheck
# over the launcher's scripts, the launcher's tests), then the Maven tests and coverage against the
# local services, with what the tests need (chromium, Node.js with npm; prometheus comes from prometheus.sh).

# --- Tests ---------------------------------------------------------------------

cmd_test() {
  local -a long=()
  if [[ ${1:-} == --long ]]; then
    shift
    # the integration tests tagged "long" alone, without coverage, against the benchmark's nginx
    long=(-Dit.excludedGroups=none -Dgroups=long -Dtest=NoUnit -Dsurefire.failIfNoSpecifiedTests=false
      -Djacoco.skip=true -pl integration-tests -am)
    ensure_nginx
    local target_port
    target_port=$(free_port_from 18080)
    start_bench_target "$target_port"
    trap stop_bench_target EXIT
    export GANTRY_LONG_TARGET="http://127.0.0.1:$target_port"
  fi
  select_jdk
  # The long suite is the integration tests tagged "long" alone; the launcher is checked by the others.
  ((${#long[@]})) || check_launcher
  ensure_services
  ensure_app_database
  ensure_database "$TEST_DB"
  ensure_prometheus
  export GANTRY_PROMETHEUS_BIN="$PROMETHEUS_BIN_DIR"
  ensure_chromium
  ensure_node
  export GANTRY_TEST_DB_URL="jdbc:postgresql://$DB_HOST:$DB_PORT/$TEST_DB"
  export GANTRY_DB_USER="$DB_USER"
  export GANTRY_REDIS_HOST="$REDIS_HOST" GANTRY_REDIS_PORT="$REDIS_PORT"
  export GANTRY_RABBIT_HOST="$RABBIT_HOST" GANTRY_RABBIT_PORT="$RABBIT_PORT"
  say "Running ./mvnw -B verify${long[*]:+ ${long[*]}}${*:+ $*} with $JAVA_HOME"
  local rc=0
  maven -B verify "${long[@]}" "$@" || rc=$?
  local report found=""
  for report in */target/site/jacoco/index.html */target/site/jacoco-aggregate/index.html; do
    [[ -f $report ]] || continue
    if [[ -z $found ]]; then
      say ""
      say "Coverage reports (JaCoCo):"
    fi
    found=1
    say "  $ROOT/$report"
  done
  [[ -n $found ]] || say "No JaCoCo reports were written."
  print_coverage integration-tests/target/site/jacoco-aggregate/jacoco.csv
  if ((rc != 0)); then warn "mvn verify failed with exit code $rc"; fi
  exit "$rc"
}

# Line and branch coverage over all modules, from the aggregate report's CSV
# (columns: ...,LINE_MISSED,LINE_COVERED at 8/9, BRANCH_MISSED,BRANCH_COVERED at 6/7).
print_coverage() {
  local csv=$1
  [[ -f $csv ]] || return 0
  awk -F, 'NR > 1 { bm += $6; bc += $7; lm += $8; lc += $9 }
    END { if (lm + lc > 0) printf "Coverage, all modules: %.1f%% of lines, %.1f%% of branches\n",
            100 * lc / (lm + lc), (bm + bc > 0 ? 100 * bc / (bm + bc) : 0) }' "$csv"
}

# The HTML report's test opens it in headless Chromium: Debian's package, installed once when missing.
ensure_chromium() {
  if [[ -n ${GANTRY_CHROMIUM:-} ]] || command -v chromium >/dev/null 2>&1 ||
    command -v chromium-browser >/dev/null 2>&1; then return 0; fi
  if can_apt_install; then
    say "installing chromium (the HTML report test opens the report in it) from Debian's packages"
    apt_install chromium || warn "could not install chromium (see $SERVICE_LOG): the HTML report test will fail"
  else
    warn "chromium is missing: install it (apt-get install chromium) or set GANTRY_CHROMIUM, or the HTML report test fails"
  fi
}

# Node.js with npm: the build runs npm and Vite for the web console (console/), and the Newman parity and
# browser tests run on Node.js. Debian's packages when missing; Vite 7 needs Node.js ^20.19 or >=22.12, which
# Debian 12's package (18) is not, so an older Node.js stops here with what to do.
ensure_node() {
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    if can_apt_install; then
      say "installing nodejs and npm (the web console is built with npm and Vite) from Debian's packages"
      apt_install nodejs npm || die "could not install nodejs and npm (see ${SERVICE_LOG#"$ROOT"/})"
    else
      die "node or npm is missing: install them (apt-get install nodejs npm; Node.js 20.19 or 22.12 or later)"
    fi
  fi
  local version
  version=$(node --version 2>/dev/null)
  node_version_ok "$version" || die "the web console's build (Vite 7) needs Node.js ^20.19 or >=22.12, and node is ${version:-unknown}.
  Debian 12's nodejs package is 18; Debian 13's (20.19) will do. Otherwise install Node.js 22 LTS
  (nodejs.org, NodeSource's Debian packages, or nvm) so that 'node' on the PATH is the newer one, and run
  this again. To build without the console: ./gantry build -Dconsole.skip=true"
}

# Whether a `node --version` (v20.19.0) is one Vite 7 runs on: ^20.19.0 || >=22.12.0.
node_version_ok() { # VERSION
  local major minor
  [[ $1 =~ ^v([0-9]+)\.([0-9]+)\. ]] || return 1
  major=${BASH_REMATCH[1]} minor=${BASH_REMATCH[2]}
  ((major == 20 && minor >= 19)) || ((major == 22 && minor >= 12)) || ((major >= 23))
}

# --- The launcher's own checks ---------------------------------------------------

# The launcher's scripts: the dispatcher, its parts, its tests and the CI entry point.
launcher_scripts() {
  printf '%s\n' gantry launcher/*.sh launcher/tests/*.sh .ci/run
}

# The linter of the launcher, shellcheck: Debian's package, installed when missing (as root).
ensure_shellcheck() {
  if command -v shellcheck >/dev/null 2>&1; then return 0; fi
  if can_apt_install; then
    say "installing shellcheck (./gantry test lints the launcher with it) from Debian's packages"
    apt_install shellcheck || die "could not install shellcheck; see ${SERVICE_LOG#"$ROOT"/}"
  else
    die "./gantry test lints the launcher with shellcheck, which is missing: run
  sudo apt-get update && sudo apt-get install -y shellcheck"
  fi
}

# Lints every launcher script with shellcheck, then runs the launcher's tests; any finding or failure stops
# the test command before Maven starts.
check_launcher() {
  local -a scripts
  mapfile -t scripts < <(launcher_scripts)
  ensure_shellcheck
  if ! shellcheck -x "${scripts[@]}"; then
    die "shellcheck found problems in the launcher (above)"
  fi
  say "shellcheck: no findings in ${#scripts[@]} launcher scripts"
  # A test's own lines show only when it fails; its closing count shows always.
  local test output
  for test in launcher/tests/*_test.sh; do
    if ! output=$(bash "$test" 2>&1); then
      printf '%s\n' "$output" >&2
      die "the launcher's test $test failed"
    fi
    printf '%s\n' "$output" | tail -n 1
  done
}
