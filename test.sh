#!/usr/bin/env bash
# The README's test command. Installs what the tests need when it is missing, then runs every test.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -d ../shared/reference/webex ]; then
  echo "test.sh: ../shared/reference/webex is missing; the contract tests read Cisco's OpenAPI files from there." >&2
  exit 2
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build ProfileEngine.sln -c Release
dotnet test ProfileEngine.sln -c Release --no-build --logger "console;verbosity=normal"
