#!/usr/bin/env bash
# The soak: about 60 s of readiness load (wrk, 64 connections) while the gateway's dependencies flap, fail and
# come back; counts 200 / 503 / anything else, samples RSS and threads, and the thread pool through
# dotnet-counters (installed from NuGet into bench/.tools on first use; the soak runs without it if that fails).
# Bounded: hard stop after 5 minutes. Traffic to 127.0.0.1 only.
#
#   bench/soak.sh [--duration 60]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if [ ! -x bench/.tools/dotnet-counters ]; then
  # The version the NuGet mirror serves (see .library/env/packages/nuget.tsv).
  dotnet tool install dotnet-counters --version 10.0.750501 --tool-path bench/.tools >/dev/null \
    || echo "dotnet-counters could not be installed: the soak reports no thread-pool counters" >&2
fi

exec bench/run.sh soak "$@"
