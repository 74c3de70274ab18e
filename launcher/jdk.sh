# shellcheck shell=bash
# Part of ./gantry (sourced, never run): choosing the JDK that builds and runs Gantry (the newest
# JDK 21+ under /usr/lib/jvm, or GANTRY_JAVA_HOME), the JVM options of the processes it starts,
# and the hidden `java-home` command.

# --- JDK selection -------------------------------------------------------------
# The machine's default java may be older than the build needs, so we never rely
# on PATH: we pick a JDK by the JAVA_VERSION line of its `release` file.

# Major version of a Java version string: "25.0.3" -> 25, "1.8.0_392" -> 8.
java_major() {
  local version=$1
  [[ $version == 1.* ]] && version=${version#1.}
  local major=${version%%[!0-9]*}
  printf '%s' "${major:-0}"
}

# JAVA_VERSION from DIR/release, or nothing.
release_version() { # DIR
  local line
  [[ -r $1/release ]] || return 0
  while IFS= read -r line || [[ -n $line ]]; do
    if [[ $line =~ ^JAVA_VERSION=\"([^\"]*)\" ]]; then
      printf '%s' "${BASH_REMATCH[1]}"
      return 0
    fi
  done <"$1/release"
}

# True if version A is newer than version B (same major or not).
version_newer() { # A B
  local a_major b_major
  a_major=$(java_major "$1")
  b_major=$(java_major "$2")
  if ((a_major != b_major)); then
    ((a_major > b_major))
    return
  fi
  [[ $1 != "$2" && "$(printf '%s\n%s\n' "$1" "$2" | sort -V | tail -n 1)" == "$1" ]]
}

# Newest JDK (with javac, since Maven compiles) of major >= MIN_JAVA_MAJOR under JVM_DIR.
find_jdk() {
  local release dir version best="" best_version=""
  for release in "$JVM_DIR"/*/release; do
    [[ -f $release ]] || continue
    # Resolve symlinked aliases (java-1.17.0-openjdk-amd64 -> java-17-...) to one path.
    dir=$(cd "$(dirname "$release")" && pwd -P)
    [[ -x $dir/bin/java && -x $dir/bin/javac ]] || continue
    version=$(release_version "$dir")
    [[ -n $version ]] || continue
    (($(java_major "$version") >= MIN_JAVA_MAJOR)) || continue
    if [[ -z $best ]] || version_newer "$version" "$best_version"; then
      best=$dir
      best_version=$version
    fi
  done
  printf '%s' "$best"
}

no_jdk_message() {
  cat >&2 <<EOF
gantry: error: $1
Gantry needs a JDK $MIN_JAVA_MAJOR or newer. Install one, for example:
  sudo apt-get install openjdk-21-jdk        (Debian/Ubuntu)
  or Eclipse Temurin 21+ from https://adoptium.net
or point GANTRY_JAVA_HOME at an existing JDK $MIN_JAVA_MAJOR+.
EOF
  exit 1
}

# Sets and exports JAVA_HOME and PATH (for Maven and for `java -jar`), once.
select_jdk() {
  [[ -n ${GANTRY_SELECTED_JDK:-} ]] && return 0
  local home version
  if [[ -n ${GANTRY_JAVA_HOME:-} ]]; then
    home=$GANTRY_JAVA_HOME
    [[ -x $home/bin/java ]] || no_jdk_message "GANTRY_JAVA_HOME=$home has no bin/java"
    version=$(release_version "$home")
    if [[ -z $version ]]; then
      # No release file: ask the java binary itself.
      version=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)
    fi
    (($(java_major "${version:-0}") >= MIN_JAVA_MAJOR)) ||
      no_jdk_message "GANTRY_JAVA_HOME=$home is Java ${version:-of unknown version}, older than $MIN_JAVA_MAJOR"
  else
    home=$(find_jdk)
    [[ -n $home ]] || no_jdk_message "no JDK $MIN_JAVA_MAJOR+ found under $JVM_DIR"
  fi
  export JAVA_HOME=$home
  export PATH="$JAVA_HOME/bin:$PATH"
  # Maven 3.8's bundled Guava uses sun.misc.Unsafe, which JDK 24+ warns about on every run.
  if (($(java_major "${version:-$(release_version "$home")}") >= 24)) &&
    [[ ${MAVEN_OPTS:-} != *sun-misc-unsafe-memory-access* ]]; then
    export MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }--sun-misc-unsafe-memory-access=allow"
  fi
  GANTRY_SELECTED_JDK=$home
}

# The control plane orchestrates and waits: C1 compiles its code at once and cheaply, where C2
# kept recompiling its slow periodic paths for many minutes (JFR: half its CPU while workers work).
CONTROL_PLANE_JAVA_DEFAULTS="-XX:TieredStopAtLevel=1"
WORKER_JAVA_DEFAULTS=""

# The JVM options from GANTRY_JAVA_OPTS, split on whitespace (no glob expansion), into
# JAVA_OPTS_ARRAY for the parts that start java (farm, demo, bench).
# shellcheck disable=SC2034  # JAVA_OPTS_ARRAY is read in those parts
java_opts() {
  JAVA_OPTS_ARRAY=()
  read -r -a JAVA_OPTS_ARRAY <<<"${GANTRY_JAVA_OPTS:-}" || true
}

# The JVM options of one of the farm's processes: GANTRY_JAVA_OPTS, then the role's own
# (GANTRY_CONTROL_PLANE_JAVA_OPTS or GANTRY_WORKER_JAVA_OPTS, which default to what ./gantry bench
# measured best for the role; see docs/benchmarks.md), into JAVA_OPTS_ARRAY.
# shellcheck disable=SC2034  # JAVA_OPTS_ARRAY is read in farm.sh
role_java_opts() { # ROLE: control-plane | worker
  local -a role=()
  java_opts
  case $1 in
    control-plane) read -r -a role <<<"${GANTRY_CONTROL_PLANE_JAVA_OPTS-$CONTROL_PLANE_JAVA_DEFAULTS}" || true ;;
    worker) read -r -a role <<<"${GANTRY_WORKER_JAVA_OPTS-$WORKER_JAVA_DEFAULTS}" || true ;;
  esac
  JAVA_OPTS_ARRAY+=("${role[@]}")
}

# Prints the JDK the launcher uses (for scripts that need the same one).
cmd_java_home() {
  select_jdk
  printf '%s\n' "$JAVA_HOME"
}
