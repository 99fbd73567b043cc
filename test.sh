#!/usr/bin/env bash
# The README's test command. Installs what the tests need when it is missing, then runs every test.
set -euo pipefail
cd "$(dirname "$0")"
# The browser tests drive Debian's Chromium; Playwright never downloads a browser here.
if [ ! -x /usr/bin/chromium ]; then
  echo "test.sh: /usr/bin/chromium is missing; installing Debian's chromium package for the browser tests." >&2
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build ProfileEngine.sln -c Release

log=$(mktemp)
# A throwaway PostgreSQL server on a free loopback port (tests/postgresql-server.sh installs Debian's postgresql
# package when missing); each test makes a database of its own on it. Stopped and deleted at the end.
pg_dir=$(mktemp -d -u "${TMPDIR:-/tmp}/profileengine-pg.XXXXXX")
trap 'rm -f "$log"; bash tests/postgresql-server.sh stop "$pg_dir"' EXIT
PROFILEENGINE_TEST_POSTGRESQL=$(bash tests/postgresql-server.sh start "$pg_dir")
export PROFILEENGINE_TEST_POSTGRESQL
status=0
# One test project at a time (-m:1): Chromium and the browser tests do not compete for the CPU with the main test
# project, whose JavaScript sandbox tests race a memory limit against a wall-clock limit.
dotnet test ProfileEngine.sln -c Release --no-build -m:1 --logger "console;verbosity=normal" 2>&1 | tee "$log" || status=$?

# The engine's integration suite again on PostgreSQL: download, activity, evaluation, reclaim safety, jobs, rules.
pg_suites="Subscriptions UserActivity Reclamation Scheduling Exclusions Profiles"
pg_filter=$(printf 'FullyQualifiedName~ProfileEngine.Tests.%s.|' $pg_suites)
PROFILEENGINE_TEST_DATABASE=PostgreSql dotnet test tests/ProfileEngine.Tests -c Release --no-build \
  --filter "${pg_filter%|}" --logger "console;verbosity=normal" 2>&1 | tee -a "$log" || status=$?

# One plain closing line over every test project: "N passed, N failed".
passed=$(awk '$1 == "Passed:" && $2 ~ /^[0-9]+$/ {s += $2} END {print s + 0}' "$log")
failed=$(awk '$1 == "Failed:" && $2 ~ /^[0-9]+$/ {s += $2} END {print s + 0}' "$log")
echo "${passed} passed, ${failed} failed"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
