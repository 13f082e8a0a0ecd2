"""agent_events: the suite's five-event check against the gateway's real WebSocket manager."""

import asyncio
import json
import threading
import time
import urllib.parse

import pytest
import websockets


class AgentEvents:
    """Connections to /ws on a private event loop (a daemon thread), so keep-alive pings are answered between calls."""

    def __init__(self, base_url, api_key=None, token=None):
        parsed = urllib.parse.urlsplit(base_url)
        scheme = "wss" if parsed.scheme == "https" else "ws"
        self._ws_base = urllib.parse.urlunsplit((scheme, parsed.netloc, parsed.path.rstrip("/") + "/ws", "", ""))
        self._api_key = api_key
        self._token = token
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="agent-events", daemon=True)
        self._thread.start()
        self._streams = []

    def _run(self, coroutine, timeout):
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout)

    def connect(self, user, timeout=10.0):
        """Opens /ws?user=<user> and returns once the gateway has registered the socket."""
        stream = self._run(EventStream.open(self._ws_base, user, self._api_key, self._token, timeout), timeout + 5)
        self._streams.append(stream)
        return stream

    def wait_for(self, types, per_event_timeout=6.0, stream=None):
        """The next events of the last connection, one per type in order; fails naming the first missing one."""
        stream = stream or (self._streams[-1] if self._streams else None)
        if stream is None:
            pytest.fail("agent_events.wait_for: connect(user=...) first", pytrace=False)
        outcome = self._run(stream.expect(list(types), per_event_timeout), per_event_timeout * len(types) + 10)
        if isinstance(outcome, str):
            pytest.fail(outcome, pytrace=False)
        return outcome

    def close(self):
        for stream in self._streams:
            try:
                self._run(stream.close(), 5)
            except Exception:  # noqa: BLE001 - closing a dead socket must not hide the test's own result
                pass
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)


class EventStream:
    """One user's connection: received events are parsed JSON objects."""

    def __init__(self, socket, user):
        self._socket = socket
        self.user = user
        self.received = []

    @classmethod
    async def open(cls, base, user, api_key, token, timeout):
        url = f"{base}?{urllib.parse.urlencode({'user': user})}"
        # A token says who the user is (the gateway refuses a user= naming someone else); a key with
        # events:read-any may connect as anyone. Sent in headers, never in the URL, so no log line can hold them.
        headers = {"Authorization": f"Bearer {token}"} if token else {"X-Api-Key": api_key} if api_key else {}
        try:
            try:
                socket = await asyncio.wait_for(websockets.connect(url, extra_headers=headers), timeout)
            except TypeError:  # websockets >= 14 names it additional_headers
                socket = await asyncio.wait_for(websockets.connect(url, additional_headers=headers), timeout)
        except (OSError, asyncio.TimeoutError, websockets.exceptions.WebSocketException) as error:
            pytest.fail(f"agent_events: cannot connect to {base} as {user}: {error or type(error).__name__}", pytrace=False)
        # The server answers pings only once its receive loop runs, which starts after it registered the socket.
        pong = await socket.ping()
        await asyncio.wait_for(pong, timeout)
        return cls(socket, user)

    async def expect(self, types, per_event_timeout):
        got = []
        for index, wanted in enumerate(types):
            started = time.monotonic()
            while True:
                remaining = per_event_timeout - (time.monotonic() - started)
                try:
                    if remaining <= 0:
                        raise asyncio.TimeoutError
                    raw = await asyncio.wait_for(self._socket.recv(), remaining)
                except asyncio.TimeoutError:
                    seen = ", ".join(e.get("type", "?") for e in got) or "nothing"
                    return (f"{wanted} not received within {per_event_timeout:g} s "
                            f"(waited {time.monotonic() - started:.1f} s; received before it: {seen})")
                except websockets.exceptions.ConnectionClosed as closed:
                    return f"{wanted} not received: the connection closed ({closed.code} {closed.reason})"
                try:
                    event = json.loads(raw)
                except (TypeError, ValueError):
                    continue
                self.received.append(event)
                kind = event.get("type")
                if kind == wanted:
                    got.append(event)
                    break
                if kind in types:
                    return (f"out of order: {kind} arrived while waiting for {wanted} "
                            f"(event {index + 1} of {len(types)}, after {time.monotonic() - started:.1f} s)")
                # A type the check does not know is ignored, as clients are told to.
        return got

    async def close(self):
        await self._socket.close()
