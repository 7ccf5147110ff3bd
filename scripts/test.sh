#!/usr/bin/env bash
# Runs every Brokerage test on a fresh Debian machine with the .NET 10 SDK.
# Installs what the tests need when it is missing (Debian chromium for the browser tests,
# poppler-utils is not needed: PDFs are read back in .NET), then runs each test project
# in turn and ends with one line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

install_packages() {
  local missing=()
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  fc-list 2>/dev/null | grep -qi "liberation" || missing+=(fonts-liberation2)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing ${missing[*]} from Debian..."
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

install_packages

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
results_dir="$(mktemp -d)"
status=0

if ! dotnet build Brokerage.sln -c Release -v quiet -nologo; then
  echo "Build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

passed=0
failed=0
for project in tests/Brokerage.Core.Tests tests/Brokerage.Web.Tests tests/Brokerage.EndToEndTests; do
  name="$(basename "$project")"
  echo "== $name"
  dotnet test "$project" -c Release --no-build --logger "trx;LogFileName=$name.trx" --results-directory "$results_dir" || status=1
  trx="$results_dir/$name.trx"
  if [ -f "$trx" ]; then
    counters="$(grep -o '<Counters [^>]*>' "$trx" | head -1)"
    p="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
    f="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
    passed=$((passed + ${p:-0}))
    failed=$((failed + ${f:-0}))
  else
    # A project that could not run at all counts as a failure rather than vanishing.
    failed=$((failed + 1))
    status=1
  fi
done

rm -rf "$results_dir"
[ "$failed" -gt 0 ] && status=1
echo "$passed passed, $failed failed"
exit $status
