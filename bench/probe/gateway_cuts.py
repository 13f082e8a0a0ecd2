#!/usr/bin/env python3
"""Idle RSS and start-up (exec -> first /health/live 200) of several native gateway builds, side by side in one run.

    python3 bench/probe/gateway_cuts.py --reps 3 --idle 30 base=/tmp/a/HealthGateway.Api http3off=/tmp/b/HealthGateway.Api \
        jit=src/HealthGateway.Api/bin/Release/net10.0/HealthGateway.Api.dll wks=/tmp/a/HealthGateway.Api --env wks:DOTNET_gcServer=0

A path ending in .dll is the JIT build, run under dotnet. --env NAME:KEY=VALUE adds a variable to one build's
environment (runtime GC settings are measured that way, on the same binary).

Each repetition starts every build in turn (the order rotates per repetition, so load that comes and goes weighs on all
alike), timing exec to the first 200 from /health/live, then leaves them all running --idle seconds and reads VmRSS
and VmHWM from /proc, and RssAnon (the rest of VmRSS is file pages, mostly the binary's own: clean and shared). Every
build runs the shipped five services (http, http, websocket, postgres, redis) against a loopback port that refuses
connections, so each check kind's client is loaded and polls, as in a real deployment where some dependency is down.
Standard library only; 127.0.0.1 only.
"""
import argparse
import os
import socket
import statistics
import subprocess
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def refused_port():
    for port in range(20_000, 32_000, 7):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError("no refused port")


def live(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            s.sendall(b"GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            return s.recv(64).startswith(b"HTTP/1.1 200")
    except OSError:
        return False


def start(path, refused, extra_env=None):
    port = free_port()
    env = dict(os.environ)
    env.update(extra_env or {})
    env.update({
        "Urls": f"http://127.0.0.1:{port}",
        "HealthGateway__LogFormat": "text",
        "Serilog__MinimumLevel__Default": "Warning",
        "HealthGateway__Services__backend_api__Url": f"http://127.0.0.1:{refused}/health",
        "HealthGateway__Services__auth_service__Url": f"http://127.0.0.1:{refused}/health",
        "HealthGateway__Services__websocket_endpoint__Url": f"ws://127.0.0.1:{refused}/ws/test",
        "HealthGateway__Services__database__ConnectionString": f"Host=127.0.0.1;Port={refused};Username=postgres",
        "HealthGateway__Services__redis__ConnectionString": f"127.0.0.1:{refused}",
    })
    began = time.perf_counter()
    path = os.path.abspath(path)  # the process runs in /tmp, so a relative path must not stay relative
    argv = ["dotnet", path] if path.endswith(".dll") else [path]
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd="/tmp")
    while not live(port):
        if process.poll() is not None or time.perf_counter() - began > 60:
            raise RuntimeError(f"{path} did not answer /health/live")
        time.sleep(0.002)
    return process, port, (time.perf_counter() - began) * 1000


def status_kib(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def parse_builds(specs, env_items):
    """["name=path", …] and ["NAME:KEY=VALUE", …] as [(name, path), …] and {name: {KEY: VALUE}}."""
    builds = [spec.split("=", 1) for spec in specs]
    extra = {name: {} for name, _ in builds}
    for item in env_items:
        name, pair = item.split(":", 1)
        key, value = pair.split("=", 1)
        extra[name][key] = value
    return builds, extra


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--idle", type=float, default=30)
    parser.add_argument("--env", action="append", default=[], help="NAME:KEY=VALUE, for the build called NAME")
    parser.add_argument("builds", nargs="+", help="name=path/to/HealthGateway.Api")
    args = parser.parse_args()
    builds, extra = parse_builds(args.builds, args.env)
    refused = refused_port()
    results = {name: {"start": [], "rss": [], "hwm": [], "anon": []} for name, _ in builds}
    print(f"load average at the start: {open('/proc/loadavg').read().split()[:3]}")
    for rep in range(args.reps):
        order = builds[rep % len(builds):] + builds[:rep % len(builds)]
        running = []
        try:
            for name, path in order:
                process, _, ms = start(path, refused, extra[name])
                running.append((name, process))
                results[name]["start"].append(ms)
            time.sleep(args.idle)
            for name, process in running:
                results[name]["rss"].append(status_kib(process.pid, "VmRSS") / 1024)
                results[name]["hwm"].append(status_kib(process.pid, "VmHWM") / 1024)
                results[name]["anon"].append(status_kib(process.pid, "RssAnon") / 1024)
        finally:
            for _, process in running:
                process.terminate()
                process.wait(timeout=30)
        print(f"rep {rep + 1} done, load average {open('/proc/loadavg').read().split()[:3]}", flush=True)

    base = builds[0][0]
    print()
    print(f"| build | file MiB | idle RSS MiB (median of {args.reps}) | each | of it anonymous MiB | peak RSS MiB | start-up ms (median) | each | start-up / {base} | RSS / {base} |")
    print("|---|---:|---:|---|---:|---:|---:|---|---:|---:|")
    for name, path in builds:
        r = results[name]
        rss = statistics.median(r["rss"])
        print(f"| {name} | {'JIT' if path.endswith('.dll') else f'{os.path.getsize(path) / 1048576:.1f}'} | {rss:.1f} | {', '.join(f'{v:.1f}' for v in r['rss'])} | "
              f"{statistics.median(r['anon']):.1f} | {statistics.median(r['hwm']):.1f} | {statistics.median(r['start']):.0f} | "
              f"{', '.join(f'{v:.0f}' for v in r['start'])} | {statistics.median(r['start']) / statistics.median(results[base]['start']):.2f} | "
              f"{rss / statistics.median(results[base]['rss']):.2f} |")
    print(f"\nload average at the end: {open('/proc/loadavg').read().split()[:3]}")


if __name__ == "__main__":
    main()
