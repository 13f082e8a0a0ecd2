#!/usr/bin/env python3
"""
/health/live latency second by second while one gateway with N http services runs its first sweep and the sweeps
after it (issue 19). The target is a second gateway with no services (its /health/live, one query string per
service, so every service has its own URL). Loopback only, bounded: it stops after --seconds of answers.
Usage: python3 bench/scale/live_trace.py [--services 10000] [--interval 10] [--seconds 25] [--dll PATH]
Prints, per second since the first 200: requests, max and median latency in ms.
"""
import argparse
import http.client
import json
import os
import pathlib
import socket
import subprocess
import tempfile
import time
from collections import defaultdict

REPO = pathlib.Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def live(port):
    start = time.monotonic()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", "/health/live")
        response = connection.getresponse()
        response.read()
        connection.close()
        return response.status == 200, (time.monotonic() - start) * 1000
    except OSError:
        return False, 0.0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--services", type=int, default=10000)
    parser.add_argument("--interval", type=int, default=10)
    parser.add_argument("--seconds", type=int, default=25)
    parser.add_argument("--dll", default=str(REPO / "src/HealthGateway.Api/bin/Release/net10.0/HealthGateway.Api.dll"))
    args = parser.parse_args()
    target_port, gateway_port = free_port(), free_port()
    with tempfile.TemporaryDirectory() as scratch:
        empty, config = pathlib.Path(scratch, "empty.json"), pathlib.Path(scratch, "gateway.json")
        empty.write_text(json.dumps({"HealthGateway": {"Services": {}}}))
        services = {f"svc{i}": {"Kind": "http", "Url": f"http://127.0.0.1:{target_port}/health/live?s={i}", "Timeout": "00:00:05"}
                    for i in range(args.services)}
        config.write_text(json.dumps({"HealthGateway": {"PollInterval": f"00:00:{args.interval:02d}", "Services": services}}))
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        target = subprocess.Popen(["dotnet", args.dll, "--config", str(empty), "--urls", f"http://127.0.0.1:{target_port}"], **quiet)
        gateway = None
        try:
            deadline = time.monotonic() + 60
            while not live(target_port)[0]:
                if time.monotonic() > deadline:
                    raise SystemExit("the target gateway did not answer in 60 s")
                time.sleep(0.1)
            began = time.monotonic()
            gateway = subprocess.Popen(["dotnet", args.dll, "--config", str(config), "--urls", f"http://127.0.0.1:{gateway_port}"], **quiet)
            first, samples = None, []
            while time.monotonic() - began < 120:
                ok, ms = live(gateway_port)
                if ok:
                    now = time.monotonic()
                    if first is None:
                        first = now
                        print(f"start-up to the first /health/live 200: {now - began:.1f} s")
                    samples.append((now - first, ms))
                    if now - first > args.seconds:
                        break
                time.sleep(0.02)
        finally:
            for process in (gateway, target):
                if process is not None:
                    process.kill()
                    process.wait()
    by_second = defaultdict(list)
    for at, ms in samples:
        by_second[int(at)].append(ms)
    print("second  requests  max ms  median ms")
    for second in sorted(by_second):
        values = sorted(by_second[second])
        print(f"{second:6d}  {len(values):8d}  {values[-1]:6.0f}  {values[len(values) // 2]:9.1f}")


if __name__ == "__main__":
    main()
