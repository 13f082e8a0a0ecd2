#!/usr/bin/env python3
"""Send-memory flood: N WebSocket users that connect and never read, one user that reads, and POST /events
sending ~60 KB events to all of them. Prints the gateway's RSS (from /proc) before, at peak and after, what the
reader received, and how the non-readers ended. Standard library only; loopback only. The non-readers start
reading only after the flood, so a dropped one whose close frame could not get out within CloseTimeout shows up
as None (aborted) rather than 1008.

  python3 bench/send-flood/flood.py --port 8080 --pid $(pgrep -f HealthGateway.Api.dll) --users 60 --rounds 40
"""
import argparse, http.client, json, os, socket, struct, threading, time

def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0

def ws_connect(port, user, rcvbuf=None):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if rcvbuf:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    s.connect(("127.0.0.1", port))
    s.sendall((f"GET /ws?user={user} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
    head = b""
    while b"\r\n\r\n" not in head:
        head += s.recv(1)
    assert b" 101 " in head.split(b"\r\n")[0], head
    return s

def read_exact(s, n):
    buf = bytearray()
    while len(buf) < n:
        chunk = s.recv(n - len(buf))
        if not chunk:
            raise EOFError
        buf += chunk
    return bytes(buf)

def read_frame(s):
    b0, b1 = read_exact(s, 2)
    length = b1 & 0x7F
    if length == 126:
        length = struct.unpack(">H", read_exact(s, 2))[0]
    elif length == 127:
        length = struct.unpack(">Q", read_exact(s, 8))[0]
    return b0 & 0x0F, read_exact(s, length)

def drain_until_close(s, timeout):
    s.settimeout(timeout)
    try:
        while True:
            op, payload = read_frame(s)
            if op == 8:
                return struct.unpack(">H", payload[:2])[0] if len(payload) >= 2 else None
    except (EOFError, OSError):
        return None

def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--pid", type=int, required=True)
    p.add_argument("--users", type=int, default=60)
    p.add_argument("--rounds", type=int, default=40)
    p.add_argument("--size", type=int, default=60_000)
    a = p.parse_args()

    before = rss_mib(a.pid)
    stuck = [ws_connect(a.port, f"flood-{i}", rcvbuf=4096) for i in range(a.users)]
    reader = ws_connect(a.port, "flood-reader")
    got = []
    def read_loop():
        reader.settimeout(60)
        try:
            while True:
                op, payload = read_frame(reader)
                if op == 1:
                    got.append(json.loads(payload)["sequence"])
                elif op == 8:
                    return
        except (EOFError, OSError):
            return
    t = threading.Thread(target=read_loop, daemon=True); t.start()
    peak = [before]; stop = threading.Event()
    def sample():
        while not stop.is_set():
            peak[0] = max(peak[0], rss_mib(a.pid)); time.sleep(0.05)
    threading.Thread(target=sample, daemon=True).start()

    pad = "x" * a.size
    conn = http.client.HTTPConnection("127.0.0.1", a.port, timeout=30)
    def post(user):
        body = json.dumps({"user": user, "type": "agent_thinking", "runId": "flood", "data": {"pad": pad}})
        conn.request("POST", "/events", body, {"Content-Type": "application/json"})
        r = conn.getresponse(); r.read()
        return r.status
    sent_reader = 0; statuses = {}
    started = time.time()
    for _ in range(a.rounds):
        for i in range(a.users):
            st = post(f"flood-{i}"); statuses[st] = statuses.get(st, 0) + 1
        st = post("flood-reader"); statuses[st] = statuses.get(st, 0) + 1; sent_reader += 1
    flood_s = time.time() - started
    deadline = time.time() + 30
    while len(got) < sent_reader and time.time() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    stop.set()
    at_end = rss_mib(a.pid)
    codes = {}
    for s in stuck:
        c = drain_until_close(s, 10); codes[c] = codes.get(c, 0) + 1; s.close()
    reader.close()
    print(f"rss_before_mib={before:.1f} rss_peak_mib={peak[0]:.1f} rss_after_flood_mib={at_end:.1f} flood_s={flood_s:.1f}")
    print(f"posts={statuses} reader_sent={sent_reader} reader_got={len(got)} in_order={got == sorted(got) and len(set(got)) == len(got)}")
    print(f"non_reader_close_codes={codes}")

if __name__ == "__main__":
    main()
