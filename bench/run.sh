#!/usr/bin/env bash
# Runs every benchmark: throughput/latency (wrk), dependency load, time to detect, notifier latency and fan-out,
# idle memory and memory with 10,000 idle WebSocket connections. Bounded: each wrk run 10 s, the whole suite
# about 8 minutes, and a hard stop at 20. Traffic goes to 127.0.0.1 only. Prints the Markdown report and saves
# it under bench/results/ (not committed; docs/BENCHMARKS.md quotes it).
#
#   bench/run.sh                        everything
#   bench/run.sh throughput --reps 5    one phase (throughput | detect | notifier | memory | soak | ab | native | scale), options as in Program.cs
#   bench/run.sh scale                  100, 1,000 and 10,000 http services on one gateway, and blackbox_exporter beside it (--sizes, --window)
#   bench/run.sh native                 JIT and native (AOT) side by side: startup, memory, probe, throughput, 10,000 WebSockets
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

for tool in wrk redis-server dotnet; do
  command -v "$tool" >/dev/null || { echo "bench needs $tool on PATH" >&2; exit 1; }
done

# 10,000 client sockets in the driver and as many in the gateway: raise the soft limit as far as allowed.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
if [ "$(ulimit -n)" -lt 12000 ]; then
  echo "warning: open-files limit $(ulimit -n) is below what 10,000 WebSocket connections need" >&2
fi

build() { dotnet build "$1" -c Release -nologo -v q -clp:ErrorsOnly; }
build src/HealthGateway.Api
build bench/BaselineHost
build bench/HealthGateway.Bench

phase="${1:-all}"
# The native phase compares the JIT build with the Native AOT publish (needs clang and zlib1g-dev), made here
# unless --native names one already published.
if [ "$phase" = native ] && [[ " $* " != *" --native "* ]]; then
  dotnet publish src/HealthGateway.Api -c Release -r linux-x64 -p:PublishAot=true -o bench/results/native -nologo -v q -clp:ErrorsOnly
fi
[ $# -gt 0 ] && shift
exec timeout --kill-after=30 1200 dotnet bench/HealthGateway.Bench/bin/Release/net10.0/HealthGateway.Bench.dll "$phase" "$@"
