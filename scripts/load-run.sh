#!/usr/bin/env bash
# The load run (docs/performance.md, "Load run"): builds Brokerage in Release, starts it on a free
# loopback port against a fresh database with the demo data, runs tools/Brokerage.LoadRun against
# it, prints the results as Markdown with a one-line verdict, and stops the app.
#
#   scripts/load-run.sh [--duration 60] [--rate 200] [--brokers 50] [--think-ms 500]
#                       [--postgres "Host=...;Database=...;Username=...;Password=..."]
#                       [--setting Section:Key=value]... [--report FILE] [--keep]
#                       [--mail-stall SECONDS] [-- tool options]
#
# --postgres    run against that (empty, throw-away) PostgreSQL database instead of a new SQLite file
# --setting     extra app configuration, passed to the app as --Section:Key=value (repeatable; wins
#               over the run's own settings, e.g. the raised rate limits)
# --report      also write the Markdown and the verdict to FILE
# --keep        keep the work folder (database, app log, pickup emails) and print where it is
# --mail-stall  send email over SMTP to a fake mail server that hangs for the first SECONDS of the
#               measured phase, with referral chases due within a minute (a copy of rules/ with
#               the chase hours cut and on the clock), and report the sweeps' lag meanwhile
# Exit code: 0 goal met, 1 goal missed, 2 could not run.
set -uo pipefail
cd "$(dirname "$0")/.."

duration=60
rate=200
brokers=50
think_ms=500
postgres=""
report=""
keep=0
mail_stall=0
settings=()
tool_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --rate) rate="$2"; shift 2 ;;
    --brokers) brokers="$2"; shift 2 ;;
    --think-ms) think_ms="$2"; shift 2 ;;
    --postgres) postgres="$2"; shift 2 ;;
    --setting) settings+=("$2"); shift 2 ;;
    --report) report="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    --mail-stall) mail_stall="$2"; shift 2 ;;
    --) shift; tool_args+=("$@"); break ;;
    -h | --help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "Unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
echo "Building Brokerage.Web and Brokerage.LoadRun (Release)..."
if ! dotnet build src/Brokerage.Web -c Release -v quiet -nologo || ! dotnet build tools/Brokerage.LoadRun -c Release -v quiet -nologo; then
  echo "Build failed"
  exit 2
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/brokerage-load.XXXXXX")"
app_pid=""
cleanup() {
  if [ -n "$app_pid" ] && kill -0 "$app_pid" 2>/dev/null; then
    kill "$app_pid" 2>/dev/null
    wait "$app_pid" 2>/dev/null
  fi
  if [ "$keep" -eq 1 ]; then
    echo "Kept $work (app.log, the database, mail/)"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT

# The demo data gives the market, the logins and the council's API key; no history, so that the
# database holds only the market and what the run makes. The default rate limits (10 sign-ins a
# minute from one address, 30 form posts a minute per provider user, 300 API calls a minute per
# key) exist to slow down abuse and would turn the run into 429s, so the run raises them.
app_args=(
  --urls "http://127.0.0.1:0"
  "--Brokerage:DemoData=true"
  # Development, so that the demo admin (who reads the provider addresses) is not asked to set
  # up an authenticator app, as production requires; logs in JSON as in production.
  "--Brokerage:Observability:LogFormat=Json"
  "--Brokerage:DemoHistoryYears=0"
  "--Brokerage:RateLimits:SignInPerMinute=100000"
  "--Brokerage:RateLimits:ProviderFormsPerMinute=1000000"
  "--Brokerage:RateLimits:ApiPerMinute=1000000"
  "--Email:PickupDirectory=$work/mail"
)
if [ -n "$postgres" ]; then
  # A connection string with a Host is PostgreSQL's: the app switches database and job storage.
  label="PostgreSQL"
  connection="$postgres"
else
  label="SQLite"
  connection="Data Source=$work/brokerage.db"
fi
if [ "$mail_stall" -gt 0 ]; then
  # A port nothing listens on yet, for the fake mail server the tool starts before set-up.
  smtp_port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  cp -r rules "$work/rules"
  # Chases 8 s and 40 s after sending, on the clock. Set-up sends the referrals within seconds and
  # the stall starts soon after, so whichever minute the sweep runs at during the stall, one of
  # the two bursts of chases has fallen due for it.
  sed -i -E 's/"clock": "Working"/"clock": "Clock"/; s/"firstChaseAfterHours": [0-9.]+/"firstChaseAfterHours": 0.0022/; s/"secondChaseAfterHours": [0-9.]+/"secondChaseAfterHours": 0.0111/' "$work/rules/sla.json"
  app_args+=(
    "--Brokerage:RulesDirectory=$work/rules"
    "--Email:Smtp:Host=127.0.0.1" "--Email:Smtp:Port=$smtp_port" "--Email:Smtp:UseStartTls=false"
  )
  tool_args=(--smtp-port "$smtp_port" --mail-stall "$mail_stall" ${tool_args[@]+"${tool_args[@]}"})
fi
for setting in ${settings[@]+"${settings[@]}"}; do
  app_args+=("--$setting")
done

# The connection string goes in the environment rather than on the command line, where any
# user could read a PostgreSQL password from the process list. The app starts in its project
# folder, as `dotnet run` does, so that it serves wwwroot; it finds appsettings.json and rules/
# in the repository root from there (AppRoot).
echo "Starting Brokerage on $label (work folder $work)..."
(
  cd src/Brokerage.Web &&
    ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}" ConnectionStrings__Brokerage="$connection" \
      exec dotnet bin/Release/net10.0/Brokerage.Web.dll "${app_args[@]}"
) >"$work/app.log" 2>&1 &
app_pid=$!

# Port 0 lets the operating system choose a free port; Kestrel logs the one it got.
url=""
for _ in $(seq 1 360); do
  # The log is compact JSON outside Development (one event per line).
  url="$(grep -o 'Now listening on: \\"http://127\.0\.0\.1:[0-9]*' "$work/app.log" | head -1 | grep -o 'http://.*')"
  [ -n "$url" ] && break
  if ! kill -0 "$app_pid" 2>/dev/null; then
    echo "Brokerage stopped while starting:"
    tail -40 "$work/app.log"
    exit 2
  fi
  sleep 0.5
done
if [ -z "$url" ]; then
  echo "Brokerage did not start listening within 3 minutes:"
  tail -40 "$work/app.log"
  exit 2
fi
echo "Brokerage is listening at $url"

tool=(dotnet tools/Brokerage.LoadRun/bin/Release/net10.0/Brokerage.LoadRun.dll
  --url "$url" --duration "$duration" --rate "$rate" --brokers "$brokers" --think-ms "$think_ms" --label "$label")
[ -n "$report" ] && tool+=(--report "$report")
"${tool[@]}" ${tool_args[@]+"${tool_args[@]}"}
status=$?

# Errors the app logged once it was listening (an unhandled exception behind a 500, a failed job)
# say why a run failed. Before that, EF Core logs its look for a migrations table that a new
# database does not have yet as an error; that one is not the run's.
errors="$(sed -n '/Now listening on/,$p' "$work/app.log" | grep -E '"@l":"(Error|Fatal)"')"
failures="$(grep -c . <<<"$errors")"
if [ -n "$errors" ]; then
  echo
  echo "The app logged $failures errors during the run; the first:"
  head -3 <<<"$errors"
  [ "$status" -eq 0 ] && status=1
fi
exit "$status"
