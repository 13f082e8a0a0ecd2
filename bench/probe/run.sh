#!/usr/bin/env bash
# healthgateway-probe against curl and wget (and the gateway's own `probe` verb), in one run, against a running
# native gateway's /health/live on 127.0.0.1: wall time with hyperfine, max RSS with /usr/bin/time -v. Publishes
# the native probe and gateway to bench/results/probe/ first unless PROBE= and GATEWAY= name existing ones.
#
#   bench/probe/run.sh [reps]          (default 3 repetitions of: hyperfine 30 runs each, then 10 RSS runs each)
#   PROBE=/tmp/p/healthgateway-probe GATEWAY=/tmp/g/HealthGateway.Api bench/probe/run.sh 5
#
# Needs hyperfine, curl, GNU time (/usr/bin/time); wget is Debian's, and busybox's too when busybox is installed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
reps="${1:-3}"
out=bench/results/probe
mkdir -p "$out"
for tool in hyperfine curl wget /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench/probe needs $tool" >&2; exit 1; }
done

publish() { dotnet publish "$1" -c Release -r linux-x64 -p:PublishAot=true -o "$2" -nologo -v q -clp:ErrorsOnly; }
if [ -z "${PROBE:-}" ]; then publish src/HealthGateway.Probe "$out/probe"; PROBE="$out/probe/healthgateway-probe"; fi
if [ -z "${GATEWAY:-}" ]; then publish src/HealthGateway.Api "$out/gateway"; GATEWAY="$out/gateway/HealthGateway.Api"; fi

# A gateway dll (the JIT build) runs under dotnet; the native executable on its own.
if [[ "$GATEWAY" == *.dll ]]; then gateway_cmd=(dotnet "$GATEWAY"); gateway_kind=JIT; else gateway_cmd=("$GATEWAY"); gateway_kind=native; fi

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
url="http://127.0.0.1:$port/health/live"
# Only /health/live matters here: the shipped services are taken out, so the gateway polls nothing.
env Urls="http://127.0.0.1:$port" HealthGateway__LogFormat=text Serilog__MinimumLevel__Default=Warning \
  HealthGateway__Services__backend_api__Enabled=false HealthGateway__Services__auth_service__Enabled=false \
  HealthGateway__Services__websocket_endpoint__Enabled=false HealthGateway__Services__database__Enabled=false \
  HealthGateway__Services__redis__Enabled=false "${gateway_cmd[@]}" >"$out/gateway.log" 2>&1 &
gateway_pid=$!
trap 'kill "$gateway_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do curl -sf -o /dev/null "$url" && break; sleep 0.1; done
curl -sf -o /dev/null "$url" || { echo "the gateway did not answer $url" >&2; cat "$out/gateway.log" >&2; exit 1; }

commands=("$PROBE $url" "curl -sf -o /dev/null $url" "wget -q -O /dev/null $url")
names=("healthgateway-probe" "curl -sf" "wget -q (Debian $(wget --version | awk 'NR == 1 {print $3}'))")
if command -v busybox >/dev/null && busybox wget --help >/dev/null 2>&1; then
  commands+=("busybox wget -q -O /dev/null $url"); names+=("busybox wget -q ($(busybox 2>&1 | awk 'NR == 1 {print $2}'))")
fi
# The gateway's own probe verb, the HEALTHCHECK before healthgateway-probe: only for the native gateway (the JIT one
# takes seconds per run on a loaded machine and would dominate the run).
if [ "$gateway_kind" = native ]; then
  commands+=("${gateway_cmd[*]} probe --url $url --timeout 30"); names+=("HealthGateway.Api probe (native)")
fi

echo "machine: $(nproc) cores, $(uname -sr); load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "healthgateway-probe: $(stat -c %s "$PROBE") bytes; gateway ($gateway_kind): $GATEWAY; curl $(curl --version | awk 'NR == 1 {print $2}')"
for rep in $(seq 1 "$reps"); do
  echo
  echo "### repetition $rep (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  hyperfine -N --warmup 3 --runs "${RUNS:-30}" --style none --export-json "$out/hyperfine-$rep.json" "${commands[@]}" >"$out/hyperfine-$rep.log" 2>&1 || { echo "hyperfine failed:" >&2; tail -n 20 "$out/hyperfine-$rep.log" >&2; exit 1; }
  echo "| command | mean ms | median ms | min ms | max RSS KiB (median of 10) | mean / curl |"
  echo "|---|---:|---:|---:|---:|---:|"
  for i in "${!commands[@]}"; do
    read -r -a argv <<<"${commands[$i]}"
    rss=()
    for _ in $(seq 1 10); do
      /usr/bin/time -v -o "$out/time.txt" "${argv[@]}" >/dev/null 2>&1 || true
      rss+=("$(awk '/Maximum resident/ {print $6}' "$out/time.txt")")
    done
    median_rss="$(printf '%s\n' "${rss[@]}" | sort -n | sed -n 5p)"
    python3 - "$out/hyperfine-$rep.json" "$i" "${names[$i]}" "$median_rss" <<'PY'
import json, statistics, sys
results = json.load(open(sys.argv[1]))["results"]
r, curl = results[int(sys.argv[2])], results[1]
print(f"| {sys.argv[3]} | {r['mean']*1000:.1f} | {r['median']*1000:.1f} | {r['min']*1000:.1f} | {sys.argv[4]} | {r['mean']/curl['mean']:.2f} |")
PY
  done
done
echo
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
