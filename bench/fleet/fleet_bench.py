#!/usr/bin/env python3
"""
Several replicas as one gateway (issue 21): for 1, 2 and 4 replicas of the built gateway (Release) on one
redis-server, with one critical HTTP service on a counting backend and one webhook receiver:
  1. checks per second at the backend, steady state, for --seconds (target: the one-replica rate +- 10 %);
  2. Redis commands per check in that window (INFO total_commands_processed, heartbeats included);
  3. --flips down/up flips: the disagreement window (from the first replica's readiness answer changing to the
     last one's, each replica sampled in a tight loop) and webhooks per transition (target: exactly 1);
  4. with 2 or more replicas: kill -9 of the service's owner, time to the next check at the backend (failover;
     target <= MemberTimeout + one check).
PollInterval 1 s, so MemberTimeout is its default 3 s. Standard library only.
The machine's 1-minute load average is printed with each row: on a shared machine, compare rows of one run only.
Usage: python3 bench/fleet/fleet_bench.py [--replicas 1,2,4] [--seconds 10] [--flips 5] [--baseline]
"""

import argparse
import http.server
import json
import os
import pathlib
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.request

REPO = pathlib.Path(__file__).resolve().parents[2]
POLL = 1.0
MEMBER_TIMEOUT = 3 * POLL


class Backend(http.server.BaseHTTPRequestHandler):
    status = 200
    hits = []
    lock = threading.Lock()

    def do_GET(self):  # noqa: N802
        with Backend.lock:
            Backend.hits.append(time.monotonic())
        self.send_response(Backend.status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


class Hooks(http.server.BaseHTTPRequestHandler):
    received = []
    lock = threading.Lock()

    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with Hooks.lock:
            Hooks.received.append(json.loads(body))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(handler):
    port = free_port()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, port


def redis_cli(port, *args):
    return subprocess.run(["redis-cli", "-p", str(port), *args], capture_output=True, text=True, check=True).stdout


def redis_commands(port):
    for line in redis_cli(port, "INFO", "stats").splitlines():
        if line.startswith("total_commands_processed:"):
            return int(line.split(":")[1])
    raise SystemExit("no total_commands_processed in INFO stats")


def get_json(url, timeout=5):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def start_gateway(redis_port, backend_port, hook_port, fleet=True):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.lower().startswith("healthgateway")}
    for name in ["auth_service", "websocket_endpoint", "database", "redis"]:
        env[f"HealthGateway__Services__{name}__Enabled"] = "false"
    env.update({
        "HealthGateway__PollInterval": "00:00:01",
        "HealthGateway__Notifications__HealthCheckEnabled": "false",
        "HealthGateway__Services__backend_api__Url": f"http://127.0.0.1:{backend_port}/health",
        "HealthGateway__Services__backend_api__Retries": "0",
        "HealthGateway__Backplane__Redis": f"127.0.0.1:{redis_port}",
        "HealthGateway__Webhooks__0__Url": f"http://127.0.0.1:{hook_port}/hook",
        "HealthGateway__WebhookRetries": "0",
        "Serilog__MinimumLevel__Default": "Warning",
        "HealthGateway__Fleet__Enabled": "true" if fleet else "false",
    })
    binary = REPO / "src/HealthGateway.Api/bin/Release/net10.0/HealthGateway.Api"
    process = subprocess.Popen([str(binary), f"--Urls=http://127.0.0.1:{port}"], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return process, port


def cluster(port):
    try:
        _, body = get_json(f"http://127.0.0.1:{port}/health/services/backend_api", timeout=2)
        return body.get("cluster"), body.get("status")
    except OSError:
        return None, None


def wait_for_fleet(ports, members, fleet=True, deadline=120):
    end = time.monotonic() + deadline
    seen = []
    while time.monotonic() < end:
        if not fleet:
            if all(cluster(p)[1] == "Healthy" for p in ports):
                return None, {}
            time.sleep(0.2)
            continue
        seen = [cluster(p)[0] for p in ports]
        if all(c and c["mode"] == "fleet" and len(c["members"]) == members for c in seen) and len({c["owner"] for c in seen}) == 1:
            return seen[0]["owner"], {p: c["replica"] for p, c in zip(ports, seen)}
        time.sleep(0.2)
    raise SystemExit(f"{len(ports)} replicas did not form one fleet in {deadline} s; last seen: {seen}")


def flip_window(ports, status):
    """Flips the backend; returns (first, last) seconds until each replica's readiness answers with status."""
    seen = {}
    flipped = time.monotonic()

    def watch(port):
        while time.monotonic() - flipped < 30:
            try:
                code, _ = get_json(f"http://127.0.0.1:{port}/health/ready", timeout=2)
            except OSError:
                continue
            if code == status:
                seen[port] = time.monotonic() - flipped
                return

    threads = [threading.Thread(target=watch, args=(p,)) for p in ports]
    Backend.status = 200 if status == 200 else 503
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return min(seen.values()), max(seen.values())


def run(n, args, redis_port, backend_port, hook_port, fleet=True):
    redis_cli(redis_port, "FLUSHALL")
    Backend.status = 200
    gateways = [start_gateway(redis_port, backend_port, hook_port, fleet) for _ in range(n)]
    ports = [port for _, port in gateways]
    try:
        owner, ids = wait_for_fleet(ports, n, fleet)
        time.sleep(2 * POLL)
        with Backend.lock:
            start_hits = len(Backend.hits)
        start_commands = redis_commands(redis_port)
        time.sleep(args.seconds)
        with Backend.lock:
            checks = len(Backend.hits) - start_hits
        commands = redis_commands(redis_port) - start_commands - 1
        rate = checks / args.seconds

        with Hooks.lock:
            Hooks.received.clear()
        windows = []
        for _ in range(args.flips):
            for status in (503, 200):
                first, last = flip_window(ports, status)
                windows.append(last - first)
                time.sleep(POLL)
        time.sleep(2 * POLL)
        with Hooks.lock:
            hooks = len(Hooks.received)
        transitions = 2 * args.flips

        failover = None
        if n > 1 and fleet:
            victim = next(process for (process, port) in gateways if ids[port] == owner)
            killed = time.monotonic()
            victim.kill()
            end = killed + 30
            while time.monotonic() < end and failover is None:
                with Backend.lock:
                    after = [t for t in Backend.hits if t > killed + 0.05]
                if after:
                    failover = after[0] - killed
                time.sleep(0.01)
        windows.sort()
        p99 = windows[min(len(windows) - 1, int(0.99 * len(windows)))]
        return rate, commands / max(checks, 1), hooks / transitions, p99, max(windows), failover
    finally:
        for process, _ in gateways:
            process.kill()
            process.wait(10)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--replicas", default="1,2,4")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--flips", type=int, default=5)
    parser.add_argument("--baseline", action="store_true", help="also run each count with HealthGateway:Fleet:Enabled=false")
    args = parser.parse_args()

    _, backend_port = serve(Backend)
    _, hook_port = serve(Hooks)
    redis_port = free_port()
    scratch = tempfile.mkdtemp(prefix="fleet-bench-")
    redis = subprocess.Popen(["redis-server", "--port", str(redis_port), "--save", "", "--appendonly", "no", "--dir", scratch],
                             stdout=subprocess.DEVNULL)
    time.sleep(0.5)
    try:
        print(f"PollInterval {POLL:.0f} s, MemberTimeout {MEMBER_TIMEOUT:.0f} s, {args.seconds:.0f} s window, {args.flips} down/up flips")
        print("fleet  replicas  checks/s  Redis cmds/check  webhooks/transition  disagreement p99 ms  max ms  failover after kill -9 ms  load avg (1 min)")
        for fleet in ([True, False] if args.baseline else [True]):
            for n in [int(x) for x in args.replicas.split(",")]:
                rate, ops, hooks, p99, worst, failover = run(n, args, redis_port, backend_port, hook_port, fleet)
                fail = f"{failover * 1000:.0f}" if failover is not None else "-"
                load = os.getloadavg()[0]
                print(f"{'on' if fleet else 'off':>5}  {n:>8}  {rate:>8.2f}  {ops:>16.1f}  {hooks:>19.2f}  {p99 * 1000:>19.0f}  {worst * 1000:>6.0f}  {fail:>25}  {load:>16.1f}",
                      flush=True)
    finally:
        redis.kill()
        redis.wait(10)
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
