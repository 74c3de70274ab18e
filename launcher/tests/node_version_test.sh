#!/usr/bin/env bash
# Which Node.js versions the launcher accepts for the web console's build: Vite 7 runs on ^20.19 || >=22.12.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=gantry
source "$ROOT/gantry"
set +e

PASSED=0
FAILED=0
expect() { # WANTED VERSION
  local got=no
  if node_version_ok "$2"; then got=yes; fi
  if [[ $got == "$1" ]]; then
    PASSED=$((PASSED + 1))
  else
    FAILED=$((FAILED + 1))
    echo "node_version_ok $2: expected $1, got $got"
  fi
}

expect no v18.19.0   # Debian 12's nodejs
expect no v20.18.1
expect yes v20.19.0  # Debian 13's nodejs
expect yes v20.20.2
expect no v21.7.3
expect no v22.11.0
expect yes v22.12.0
expect yes v24.1.0
expect no ""
expect no "not a version"

echo "node version: $PASSED passed, $FAILED failed"
((FAILED == 0))
