#!/usr/bin/env python3
"""
The dependency load a waiting caller adds, and how soon ?wait answers after the dependency comes up.

Starts a counting HTTP backend (503 until flipped to 200) and the built gateway (Release) with that backend as its
one critical service (PollInterval 2 s, WaitPollInterval 250 ms, Retries 0 so one check = one request). Then:
  1. idle: no caller waits, for --seconds: backend requests per second (the poll alone);
  2. waiting: --waiters concurrent GET /health/ready?wait=60, for --seconds: backend requests per second;
  3. recovery: the backend flips to 200; time from the flip to each waiter's 200 (p50, p95, max).
Standard library only. Usage: python3 bench/wait-load/wait_load.py [--waiters 1000] [--seconds 10] [--reps 3]
"""

import argparse
import asyncio
import http.server
import os
import pathlib
import socket
import statistics
import subprocess
import threading
import time
import urllib.request

REPO = pathlib.Path(__file__).resolve().parents[2]


class Backend(http.server.BaseHTTPRequestHandler):
    status = 503
    hits = 0
    lock = threading.Lock()

    def do_GET(self):  # noqa: N802
        with Backend.lock:
            Backend.hits += 1
        self.send_response(Backend.status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def wait_request(port, flipped, answers):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"GET /health/ready?wait=60 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    await writer.drain()
    line = await reader.readline()
    at = time.monotonic()
    await reader.read()
    writer.close()
    answers.append((line.split()[1].decode(), at - flipped[0] if flipped[0] else None))


async def run_once(args, gateway_port):
    await asyncio.sleep(1)
    Backend.status = 503
    start = Backend.hits
    await asyncio.sleep(args.seconds)
    idle_rate = (Backend.hits - start) / args.seconds

    flipped = [None]
    answers = []
    tasks = [asyncio.create_task(wait_request(gateway_port, flipped, answers)) for _ in range(args.waiters)]
    await asyncio.sleep(1)  # let every waiter connect and register
    start = Backend.hits
    await asyncio.sleep(args.seconds)
    waiting_rate = (Backend.hits - start) / args.seconds
    pending = sum(1 for t in tasks if not t.done())

    flipped[0] = time.monotonic()
    Backend.status = 200
    await asyncio.gather(*tasks)
    latencies = sorted(a[1] for a in answers if a[0] == "200")
    Backend.status = 503
    await asyncio.sleep(2.5)  # the gateway sees the backend down again before the next repetition
    return idle_rate, waiting_rate, pending, latencies


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--waiters", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()

    backend_port = free_port()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", backend_port), Backend)
    threading.Thread(target=server.serve_forever, daemon=True).start()

    gateway_port = free_port()
    binary = REPO / "src/HealthGateway.Api/bin/Release/net10.0/HealthGateway.Api"
    env = {k: v for k, v in os.environ.items() if not k.lower().startswith("healthgateway")}
    for name in ["auth_service", "websocket_endpoint", "database", "redis"]:
        env[f"HealthGateway__Services__{name}__Enabled"] = "false"
    env.update({
        "HealthGateway__PollInterval": "00:00:02",
        "HealthGateway__WaitPollInterval": "00:00:00.250",
        "HealthGateway__Notifications__HealthCheckEnabled": "false",
        "HealthGateway__Services__backend_api__Url": f"http://127.0.0.1:{backend_port}/health",
        "HealthGateway__Services__backend_api__Retries": "0",
        "Serilog__MinimumLevel__Default": "Warning",
    })
    gateway = subprocess.Popen([str(binary), f"--Urls=http://127.0.0.1:{gateway_port}"], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{gateway_port}/health/live", timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit("the gateway did not start")
                time.sleep(0.2)
        print(f"waiters={args.waiters} seconds={args.seconds} PollInterval=2s WaitPollInterval=250ms")
        print("rep  idle req/s  waiting req/s  unanswered before flip  answered 200  p50 ms  p95 ms  max ms")
        for rep in range(1, args.reps + 1):
            idle, waiting, pending, lat = asyncio.run(run_once(args, gateway_port))
            p = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] * 1000 if lat else float("nan")  # noqa: E731
            print(f"{rep:>3}  {idle:>10.2f}  {waiting:>13.2f}  {pending:>22}  {len(lat):>12}  "
                  f"{statistics.median(lat) * 1000 if lat else float('nan'):>6.0f}  {p(0.95):>6.0f}  {p(1.0):>6.0f}")
    finally:
        gateway.terminate()
        gateway.wait(10)
        server.shutdown()


if __name__ == "__main__":
    main()
