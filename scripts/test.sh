#!/usr/bin/env bash
# Runs every Brokerage test on a fresh Debian machine with the .NET 10 SDK.
# Installs what the tests need when it is missing (Debian chromium for the browser tests,
# Debian postgresql for the second pass of the web suite), starts PostgreSQL, then runs
# each test project in turn — the web (integration) suite twice, on SQLite and on
# PostgreSQL — and ends with one line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

install_packages() {
  local missing=()
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  fc-list 2>/dev/null | grep -qi "liberation" || missing+=(fonts-liberation2)
  ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || missing+=(postgresql)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing ${missing[*]} from Debian..."
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
as_postgres() { if [ "$(id -u)" -eq 0 ]; then su postgres -c "cd /tmp && $*"; else sudo -u postgres sh -c "cd /tmp && $*"; fi; }

# A local cluster for the PostgreSQL pass: started if it is not running, with a login role of
# its own that may create the per-test databases, and room for the test apps' connections.
start_postgres() {
  if ! pg_isready -q -h 127.0.0.1; then
    as_root service postgresql start >/dev/null || return 1
    for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 && break; sleep 1; done
  fi
  as_postgres "psql -qAtc \"SELECT 1 FROM pg_roles WHERE rolname = 'brokerage_test'\" | grep -q 1 || psql -qc \"CREATE ROLE brokerage_test LOGIN CREATEDB PASSWORD 'brokerage-test'\"" || return 1
  if [ "$(as_postgres "psql -qAtc 'SHOW max_connections'")" -lt 300 ]; then
    as_postgres "psql -qc 'ALTER SYSTEM SET max_connections = 300'" && as_root service postgresql restart >/dev/null
    for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 && break; sleep 1; done
  fi
  pg_isready -q -h 127.0.0.1
}

install_packages
postgres_server="${BROKERAGE_TEST_POSTGRES:-}"
if [ -n "$postgres_server" ]; then
  echo "Using the PostgreSQL server in BROKERAGE_TEST_POSTGRES."
elif start_postgres; then
  postgres_server="Host=127.0.0.1;Port=5432;Username=brokerage_test;Password=brokerage-test"
else
  echo "PostgreSQL could not be started: the PostgreSQL pass will count as failed."
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
results_dir="$(mktemp -d)"
# The results folder goes however the script ends, a failed build included.
trap 'rm -rf "$results_dir"' EXIT
status=0

if ! dotnet build Brokerage.sln -c Release -v quiet -nologo; then
  echo "Build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

passed=0
failed=0
# run_tests NAME PROJECT [dotnet test arguments...]: runs one pass and adds up its counters.
run_tests() {
  local name="$1" project="$2"
  shift 2
  echo "== $name"
  local code=0
  dotnet test "$project" -c Release --no-build --logger "trx;LogFileName=$name.trx" --results-directory "$results_dir" "$@" || code=$?
  local trx="$results_dir/$name.trx"
  if [ -f "$trx" ]; then
    local counters p f
    counters="$(grep -o '<Counters [^>]*>' "$trx" | head -1)"
    p="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
    f="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
    passed=$((passed + ${p:-0}))
    failed=$((failed + ${f:-0}))
    if [ "$code" -ne 0 ] && [ "${f:-0}" -eq 0 ]; then
      # The runner failed outside any test (a fixture's set-up or clean-up): say why and count it,
      # so that the last line agrees with the exit code.
      echo "$name: the test run failed outside the tests:"
      sed -n '/<RunInfos>/,/<\/RunInfos>/p' "$trx" | sed 's/<[^>]*>//g' | grep -v '^\s*$' | head -40
      failed=$((failed + 1))
    fi
    if [ "$code" -ne 0 ]; then status=1; fi
  else
    # A pass that could not run at all counts as a failure rather than vanishing.
    failed=$((failed + 1))
    status=1
  fi
}

run_tests Core tests/Brokerage.Core.Tests
# The web suite on SQLite; the tests that need two nodes on one server run in the next pass.
BROKERAGE_TEST_POSTGRES="" run_tests Web-SQLite tests/Brokerage.Web.Tests --filter "Category!=PostgreSql"
if [ -n "$postgres_server" ]; then
  BROKERAGE_TEST_POSTGRES="$postgres_server" run_tests Web-PostgreSQL tests/Brokerage.Web.Tests
else
  failed=$((failed + 1))
  status=1
fi
run_tests EndToEnd tests/Brokerage.EndToEndTests

[ "$failed" -gt 0 ] && status=1
echo "$passed passed, $failed failed"
exit $status
