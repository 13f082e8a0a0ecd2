#!/usr/bin/env bash
# Memory per service: one gateway with N services of one kind against one local listener (target.py), measured after
# its first sweep and a settle time. Prints one line: label, kind, N, start-up to the first /health/live 200, GC heap
# after a full GC (dotnet-gcdump), RSS, and both per service; the load average at the end.
#   bench/per-service/measure.sh LABEL path/to/HealthGateway.Api.dll KIND N [SETTLE_SECONDS]
set -euo pipefail
label=$1 dll=$2 kind=$3 count=$4 settle=${5:-40}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
target_port=$(free_port) port=$(free_port)
python3 "$here/target.py" "$target_port" & target=$!
python3 "$here/gen.py" "$count" "$kind" "$target_port" "$work/gw.json"
started=$(date +%s.%N)
ASPNETCORE_ENVIRONMENT=Production dotnet "$dll" --config "$work/gw.json" --urls "http://127.0.0.1:$port" >"$work/gw.log" 2>&1 & gw=$!
trap 'kill $gw $target 2>/dev/null || true; rm -rf "$work"' EXIT
until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health/live" || true)" = 200 ]; do
  kill -0 $gw 2>/dev/null || { echo "gateway exited:"; tail -5 "$work/gw.log"; exit 1; }
  sleep 0.2
done
live=$(echo "$(date +%s.%N) - $started" | bc)
sleep "$settle"
~/.dotnet/tools/dotnet-gcdump collect -p $gw -o "$work/heap.gcdump" >/dev/null
heap=$(~/.dotnet/tools/dotnet-gcdump report "$work/heap.gcdump" 2>/dev/null | awk '/GC Heap bytes/ {gsub(",","",$1); print $1}')
# The gcdump's walk may drop events on a large heap (lossy buffering before .NET 11), so the heap is also read as the
# runtime counts it right after the dump's full collection: GC.GetTotalMemory, which /metrics exports.
total=$(curl -s "http://127.0.0.1:$port/metrics" | awk '/^dotnet_total_memory/ {print $2}' | head -1)
rss=$(awk '/VmRSS/ {print $2 * 1024}' /proc/$gw/status)
checked=$(curl -s "http://127.0.0.1:$port/health/ready" | grep -o '"status":"Healthy"' | wc -l || true)
if [ -n "${KEEP_DUMP:-}" ]; then cp "$work/heap.gcdump" "$KEEP_DUMP"; fi
printf '%s\t%s\t%d\tstart-up %.1f s\tgcdump heap %.1f MB (%.1f KB/service)\ttotal memory %.1f MB (%.1f KB/service)\tRSS %.1f MB (%.1f KB/service)\thealthy %s\tload %s\n' \
  "$label" "$kind" "$count" "$live" "$(echo "$heap/1000000" | bc -l)" "$(echo "$heap/1000/$count" | bc -l)" \
  "$(echo "$total/1000000" | bc -l)" "$(echo "$total/1000/$count" | bc -l)" \
  "$(echo "$rss/1000000" | bc -l)" "$(echo "$rss/1000/$count" | bc -l)" "$checked" "$(cut -d' ' -f1-3 /proc/loadavg)"
