# shellcheck shell=bash
# Part of ./gantry (sourced, never run): building — Maven through the wrapper (./mvnw, which
# brings the Maven of .mvn/wrapper on first use), the `build` command, and knowing when the
# executable jars are older than the sources.

# Maven, always the project's own: ./mvnw downloads the version of .mvn/wrapper/maven-wrapper.properties
# into ~/.m2/wrapper once, so every machine builds with the same Maven.
maven() {
  local url dist
  url=$(sed -n 's/^distributionUrl=//p' "$ROOT/.mvn/wrapper/maven-wrapper.properties")
  dist="${MAVEN_USER_HOME:-$HOME/.m2}/wrapper/dists/$(basename "${url%-bin.zip}")"
  [[ -d $dist ]] || say "first use of ./mvnw: downloading $(basename "$url") into ${dist%/*}" >&2
  "$ROOT/mvnw" "$@"
}

# --- Build ---------------------------------------------------------------------

# Newest <module>/target/<module>-*-exec.jar, or nothing (old versions may linger).
find_jar() { # MODULE
  local module=$1 jar newest=""
  for jar in "$module"/target/"$module"-*-exec.jar; do
    [[ -f $jar ]] || continue
    if [[ -z $newest || $jar -nt $newest ]]; then newest=$jar; fi
  done
  printf '%s' "$newest"
}

# Prints why a build is needed and returns 0, or returns 1 when the jars are current.
needs_build() {
  local module jar oldest=""
  for module in "${EXEC_MODULES[@]}"; do
    jar=$(find_jar "$module")
    if [[ -z $jar ]]; then
      say "no executable jar for $module yet"
      return 0
    fi
    if [[ -z $oldest || $oldest -nt $jar ]]; then oldest=$jar; fi
  done
  # Maven leaves a jar untouched when its content did not change (a test edit, say),
  # so a successful `./gantry build` also counts as "built after the sources".
  local reference=$oldest
  if [[ -f $BUILD_STAMP && $BUILD_STAMP -nt $reference ]]; then reference=$BUILD_STAMP; fi
  local changed
  changed=$(find . \( -name target -o -name .git -o -name .gantry -o -name node_modules \) -prune \
    -o -type f \( -path '*/src/*' -o -name pom.xml \) -newer "$reference" -print -quit)
  if [[ -n $changed ]]; then
    say "${changed#./} is newer than the jars"
    return 0
  fi
  return 1
}

# shellcheck disable=SC2120  # main passes `./gantry build ARGS...` on to Maven; ensure_built passes none
cmd_build() {
  select_jdk
  ensure_node
  mkdir -p "$STATE_DIR"
  # Stamp the start time: a source edited while Maven runs still triggers the next rebuild.
  touch "$BUILD_STAMP.new"
  say "Building with $JAVA_HOME (./mvnw -B -q -DskipTests -Dspotless.check.skip=true -Djacoco.skip=true install)"
  if ! maven -B -q -DskipTests -Dspotless.check.skip=true -Djacoco.skip=true install "$@"; then
    rm -f "$BUILD_STAMP.new"
    die "build failed (see the Maven output above)"
  fi
  mv -f "$BUILD_STAMP.new" "$BUILD_STAMP"
  say "Build done."
}

ensure_built() {
  if needs_build; then
    cmd_build
    local module
    for module in "${EXEC_MODULES[@]}"; do
      [[ -n $(find_jar "$module") ]] ||
        die "the build produced no $module/target/$module-*-exec.jar"
    done
  fi
}
