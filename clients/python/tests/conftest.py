"""
Starts the real gateway binary (built by `dotnet build -c Release`) on a free loopback port, configured with
environment variables, against real targets this fixture starts: a Python HTTP server for "db", a TCP
listener (the same server) for "kv", and a "backend_api" port that is refused until a test brings it up.
"""

import base64
import contextlib
import hashlib
import hmac
import http.server
import json
import os
import pathlib
import shutil
import socket
import subprocess
import threading
import time
import urllib.request

import pytest

pytest_plugins = ["pytester"]

REPO = pathlib.Path(__file__).resolve().parents[3]
API_KEY = "plugin-test-key"
# The gateway also accepts HS256 tokens signed with this key (a test key: 32 random-looking bytes).
TOKEN_KEY = bytes(range(7, 39))
TOKEN_AUDIENCE = "healthgateway"


def make_token(user, expires_in=300, key=TOKEN_KEY):
    """An HS256 JWT for `user`, made with the standard library only (as an issuer would sign it)."""
    def b64(data):
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()
    header = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    now = int(time.time())
    claims = b64(json.dumps({"sub": user, "aud": TOKEN_AUDIENCE, "iat": now - 60, "nbf": now - 60, "exp": now + expires_in}).encode())
    signature = b64(hmac.new(key, f"{header}.{claims}".encode(), hashlib.sha256).digest())
    return f"{header}.{claims}.{signature}"
START_LIMIT = 60  # seconds for the gateway to answer /health/live


def free_port():
    # Below the ephemeral range, so no server binding port 0 elsewhere can take it in between.
    for _ in range(100):
        port = 20000 + int.from_bytes(os.urandom(2), "big") % 12000
        with contextlib.closing(socket.socket()) as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError("no free loopback port")


class Health(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - the stdlib's name
        body = b"ok"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class Backend:
    """An HTTP /health server on a fixed port that can be brought up and down."""

    def __init__(self, port):
        self.port = port
        self.url = f"http://127.0.0.1:{port}/health"
        self._server = None

    def up(self):
        server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Health)
        server.allow_reuse_address = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self._server = server

    def down(self):
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


def gateway_command():
    binary = os.environ.get("HEALTHGATEWAY_BINARY")
    built = REPO / "src/HealthGateway.Api/bin/Release/net10.0"
    if binary:
        return [binary]
    if (built / "HealthGateway.Api").exists():
        return [str(built / "HealthGateway.Api")]
    if (built / "HealthGateway.Api.dll").exists() and shutil.which("dotnet"):
        return ["dotnet", str(built / "HealthGateway.Api.dll")]
    pytest.fail(f"the gateway is not built at {built}: run dotnet build -c Release first", pytrace=False)


@pytest.fixture(scope="session")
def environment(tmp_path_factory):
    storage = Backend(free_port())
    storage.up()
    backend = Backend(free_port())
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.lower().startswith("healthgateway")}
    env.update({
        "HealthGateway__PollInterval": "00:00:00.200",
        "HealthGateway__DefaultTimeout": "00:00:02",
        "HealthGateway__ApiKey": API_KEY,
        "HealthGateway__Auth__Jwt__SigningKeys__0": "base64:" + base64.b64encode(TOKEN_KEY).decode(),
        "HealthGateway__Auth__Jwt__Audience": TOKEN_AUDIENCE,
        "HealthGateway__Services__backend_api__Url": backend.url,
        "HealthGateway__Services__backend_api__Critical": "true",
        # The shipped database and redis are PostgreSQL and Redis checks; these tests use simpler real targets
        # under names of their own (a kind's settings are its own: an http service has no ConnectionString).
        "HealthGateway__Services__database__Enabled": "false",
        "HealthGateway__Services__redis__Enabled": "false",
        "HealthGateway__Services__db__Kind": "http",
        "HealthGateway__Services__db__Url": storage.url,
        "HealthGateway__Services__kv__Kind": "tcp",
        "HealthGateway__Services__kv__Url": f"127.0.0.1:{storage.port}",
        "HealthGateway__Services__auth_service__Enabled": "false",
        "HealthGateway__Services__websocket_endpoint__Enabled": "false",
        "HealthGateway__Groups__storage__0": "db",
        "HealthGateway__Groups__storage__1": "kv",
        "HealthGateway__Groups__api__0": "backend_api",
        "Serilog__MinimumLevel__Default": "Warning",
    })
    log = open(tmp_path_factory.mktemp("gateway") / "gateway.log", "wb")
    process = subprocess.Popen(gateway_command() + [f"--Urls=http://127.0.0.1:{port}"], env=env,
                               stdout=log, stderr=subprocess.STDOUT, cwd=tmp_path_factory.getbasetemp())
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_LIMIT
        while True:
            if process.poll() is not None:
                pytest.fail(f"the gateway exited with {process.returncode} (log: {log.name})", pytrace=False)
            try:
                with urllib.request.urlopen(url + "/health/ready/storage", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"the gateway did not become ready for storage within {START_LIMIT} s (log: {log.name})", pytrace=False)
            time.sleep(0.1)
        yield {"url": url, "backend": backend, "storage": storage, "api_key": API_KEY}
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
        log.close()
        backend.down()
        storage.down()


@pytest.fixture
def backend(environment):
    """The backend, brought down again after the test whatever it did."""
    yield environment["backend"]
    environment["backend"].down()


@pytest.fixture
def slow_gateway(tmp_path):
    """A gateway whose critical "slow" service answers nothing: its first check runs for its whole 30 s timeout."""
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(16)  # never accepted, never answered: the check waits for its timeout
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.lower().startswith("healthgateway")}
    env.update({f"HealthGateway__Services__{name}__Enabled": "false"
                for name in ("backend_api", "auth_service", "websocket_endpoint", "database", "redis")})
    env.update({
        "HealthGateway__Services__slow__Kind": "http",
        "HealthGateway__Services__slow__Url": f"http://127.0.0.1:{silent.getsockname()[1]}/health",
        "HealthGateway__Services__slow__Critical": "true",
        "HealthGateway__Services__slow__Timeout": "00:00:30",
        "HealthGateway__Notifications__HealthCheckEnabled": "false",
        "Serilog__MinimumLevel__Default": "Warning",
    })
    log = open(tmp_path / "slow-gateway.log", "wb")
    process = subprocess.Popen(gateway_command() + [f"--Urls=http://127.0.0.1:{port}"], env=env,
                               stdout=log, stderr=subprocess.STDOUT, cwd=tmp_path)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_LIMIT
        while True:
            if process.poll() is not None:
                pytest.fail(f"the gateway exited with {process.returncode} (log: {log.name})", pytrace=False)
            try:
                with urllib.request.urlopen(url + "/health/live", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"the gateway did not answer within {START_LIMIT} s (log: {log.name})", pytrace=False)
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
        log.close()
        silent.close()
