#!/usr/bin/env python3
"""RSS of gateway builds holding N idle WebSocket connections on /ws, side by side in one run.

    python3 bench/probe/idle_websockets.py --count 10000 base=/tmp/a/HealthGateway.Api jit=src/HealthGateway.Api/bin/Release/net10.0/HealthGateway.Api.dll

Per build, one at a time (the order rotates per repetition): start it as gateway_cuts.py does (the shipped five services
against a refused loopback port), read VmRSS after --idle seconds, open --count WebSockets to /ws?user=uN (one user
each; no key or token is configured, so loopback clients are admitted as the protected mode allows), answer the
server's pings, wait --settle seconds, check that /health/live still answers 200 and every socket is still open, then
read VmRSS again. Standard library only; 127.0.0.1 only; the count and every wait are bounded. Raises its own
open-files limit (the gateway inherits it).
"""
import argparse
import asyncio
import base64
import os
import resource
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gateway_cuts import live, parse_builds, refused_port, start, status_kib  # noqa: E402


class Client:
    """One raw WebSocket client: the handshake, then a reader that answers pings and notices a close."""

    def __init__(self):
        self.open = False
        self.writer = None
        self.task = None

    async def connect(self, port, user):
        reader, self.writer = await asyncio.open_connection("127.0.0.1", port)
        key = base64.b64encode(os.urandom(16)).decode()
        self.writer.write((f"GET /ws?user={user} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
                           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 30)
        if not head.startswith(b"HTTP/1.1 101"):
            raise RuntimeError(head.split(b"\r\n")[0].decode(errors="replace"))
        self.open = True
        self.task = asyncio.create_task(self.read(reader))

    async def read(self, reader):
        try:
            while True:
                b0, b1 = await reader.readexactly(2)
                length = b1 & 0x7F
                if length == 126:
                    length = int.from_bytes(await reader.readexactly(2), "big")
                elif length == 127:
                    length = int.from_bytes(await reader.readexactly(8), "big")
                payload = await reader.readexactly(length)
                opcode = b0 & 0x0F
                if opcode == 0x9 and len(payload) < 126:  # ping: answer with a masked pong (clients mask)
                    mask = os.urandom(4)
                    self.writer.write(bytes([0x8A, 0x80 | len(payload)]) + mask + bytes(c ^ mask[i % 4] for i, c in enumerate(payload)))
                elif opcode == 0x8:
                    break
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        self.open = False

    def close(self):
        if self.task:
            self.task.cancel()
        if self.writer:
            self.writer.close()


async def hold(port, count, settle, pid):
    clients = [Client() for _ in range(count)]
    began = time.perf_counter()
    for first in range(0, count, 250):  # 250 handshakes in flight at a time
        batch = clients[first:first + 250]
        results = await asyncio.gather(*(c.connect(port, f"u{first + i}") for i, c in enumerate(batch)), return_exceptions=True)
        failed = [r for r in results if isinstance(r, BaseException)]
        if failed:
            raise RuntimeError(f"{len(failed)} of a batch failed to connect, first: {failed[0]!r}")
    opened_s = time.perf_counter() - began
    await asyncio.sleep(settle)
    rss = status_kib(pid, "VmRSS") / 1024
    still_open = sum(c.open for c in clients)
    healthy = await asyncio.get_running_loop().run_in_executor(None, live, port)
    for c in clients:
        c.close()
    await asyncio.sleep(0.5)
    return rss, still_open, healthy, opened_s


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--reps", type=int, default=1)
    parser.add_argument("--idle", type=float, default=10)
    parser.add_argument("--settle", type=float, default=15)
    parser.add_argument("--env", action="append", default=[], help="NAME:KEY=VALUE, for the build called NAME")
    parser.add_argument("builds", nargs="+", help="name=path/to/HealthGateway.Api (or …/HealthGateway.Api.dll, run under dotnet)")
    args = parser.parse_args()
    if not 0 < args.count <= 20_000:
        parser.error("--count: 1 to 20000")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = args.count * 2 + 1024
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, want), max(hard, want)))
    except (ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    builds, extra = parse_builds(args.builds, args.env)
    refused = refused_port()
    results = {name: {"before": [], "with": [], "open": [], "live": [], "secs": []} for name, _ in builds}
    print(f"load average at the start: {open('/proc/loadavg').read().split()[:3]}; open files limit {resource.getrlimit(resource.RLIMIT_NOFILE)[0]}")
    for rep in range(args.reps):
        for name, path in builds[rep % len(builds):] + builds[:rep % len(builds)]:
            process, port, _ = start(path, refused, extra[name])
            try:
                time.sleep(args.idle)
                results[name]["before"].append(status_kib(process.pid, "VmRSS") / 1024)
                rss, still_open, healthy, secs = asyncio.run(hold(port, args.count, args.settle, process.pid))
                for key, value in (("with", rss), ("open", still_open), ("live", healthy), ("secs", secs)):
                    results[name][key].append(value)
            finally:
                process.terminate()
                process.wait(timeout=60)
            print(f"{name}: before {results[name]['before'][-1]:.1f} MiB, with {args.count} {rss:.1f} MiB, {still_open} open, "
                  f"/health/live {'200' if healthy else 'FAILED'}, opened in {secs:.1f} s; load {open('/proc/loadavg').read().split()[:3]}", flush=True)
    print()
    print(f"| build | RSS before MiB | RSS with {args.count:,} MiB (median) | MB | per connection KiB | all open, /health/live 200 |")
    print("|---|---:|---:|---:|---:|---|")
    for name, _ in builds:
        r = results[name]
        before, with_ = statistics.median(r["before"]), statistics.median(r["with"])
        ok = all(o == args.count for o in r["open"]) and all(r["live"])
        print(f"| {name} | {before:.1f} | {with_:.1f} | {with_ * 1.048576:.1f} | {(with_ - before) * 1024 / args.count:.1f} | {'yes' if ok else 'NO'} |")
    print(f"\nload average at the end: {open('/proc/loadavg').read().split()[:3]}")


if __name__ == "__main__":
    main()
