"""A small HealthGateway readiness client on the standard library (urllib)."""

import json
import re
import urllib.error
import urllib.parse
import urllib.request


class GatewayUnreachable(Exception):
    """The gateway did not answer (refused, timed out, unknown host) or answered something that is not it."""


class Readiness:
    """One readiness answer: the HTTP status, the parsed report, and the problem detail of a 4xx."""

    def __init__(self, status, report, problem=None, timeouts=None):
        self.status = status
        self.report = report or {}
        self.problem = problem
        # name -> seconds, for the required services whose first check is still running
        self.timeouts = timeouts or {}

    @property
    def ready(self):
        return self.status == 200

    def unavailable(self):
        """(name, description) for each required service that holds the answer back, in report order."""
        entries = self.report.get("entries", {})
        required = self.report.get("criticalServices", [])
        down = [n for n in self.report.get("unavailableServices", []) if n in required]
        found = [(n, _describe(entries.get(n))) for n in down]
        found += [(n, _first_check(self.timeouts.get(n))) for n in self.pending()]
        if not found and self.report.get("phase") == "stopping":
            found.append(("gateway", "stopping"))
        return found

    def pending(self):
        """The required services whose first check has not finished yet."""
        required = self.report.get("criticalServices", [])
        return [n for n in self.report.get("pendingServices", []) if n in required]

    def reason(self):
        """'backend_api unavailable: connection refused (http://…)', one clause per service."""
        if self.problem:
            return self.problem
        missing = self.unavailable()
        if not missing:
            return f"not ready (HTTP {self.status})"
        return "; ".join(f"{name} unavailable: {description}" for name, description in missing)


def _first_check(timeout):
    if timeout is None:
        return "first check still running"
    return f"first check still running (timeout {timeout:g} s)"


def _seconds(span):
    """'00:00:10' or '1.00:00:02.5000000' (a .NET TimeSpan) as seconds; None when it is not one."""
    match = re.fullmatch(r"(?:(\d+)\.)?(\d+):(\d+):(\d+(?:\.\d+)?)", span or "")
    if not match:
        return None
    days, hours, minutes, seconds = match.groups()
    return int(days or 0) * 86400 + int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def _describe(entry):
    if not entry:
        return "unavailable"
    description = entry.get("description") or entry.get("status", "unavailable")
    root = entry.get("rootCause")
    return f"{description} (down because {root} is down)" if root else description


class GatewayClient:
    """Asks one gateway about readiness. Every failure to reach it is a GatewayUnreachable with one clear line."""

    def __init__(self, base_url, api_key=None, timeout=10.0):
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.timeout = timeout

    def readiness(self, services=None, group=None, wait=0):
        """GET /health/ready[/<group>]?services=…&wait=…; a 200 or 503 report, or a 4xx problem."""
        path = "/health/ready" + (f"/{urllib.parse.quote(group, safe='')}" if group else "")
        query = []
        if services:
            query.append(("services", ",".join(services)))
        if wait and wait > 0:
            query.append(("wait", str(int(min(wait, 300)))))
        url = self.base_url + path + ("?" + urllib.parse.urlencode(query) if query else "")
        answer = self._get(url, timeout=self.timeout + (wait or 0))
        for name in answer.pending():
            # Not in the report's entries yet: its own page says how long its first check may take.
            try:
                details = self._get(f"{self.base_url}/health/services/{urllib.parse.quote(name, safe='')}", timeout=self.timeout)
            except GatewayUnreachable:
                continue
            seconds = _seconds(details.report.get("timeout")) if details.status == 200 else None
            if seconds is not None:
                answer.timeouts[name] = seconds
        return answer

    def _get(self, url, timeout):
        request = urllib.request.Request(url, headers={"Accept": "application/json"})
        if self.api_key:
            request.add_header("X-Api-Key", self.api_key)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return Readiness(response.status, _json(response.read(), url))
        except urllib.error.HTTPError as error:
            body = _json(error.read(), url, strict=False)
            if error.code == 503 and body:
                return Readiness(503, body)
            if 400 <= error.code < 500:
                detail = body.get("detail") if body else None
                return Readiness(error.code, body, problem=detail or f"HTTP {error.code} from {url}")
            raise GatewayUnreachable(f"health gateway at {self.base_url} answered HTTP {error.code}") from None
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise GatewayUnreachable(f"health gateway unreachable at {self.base_url}: {reason}") from None


def _json(raw, url, strict=True):
    try:
        value = json.loads(raw.decode("utf-8")) if raw else {}
    except (ValueError, UnicodeDecodeError):
        if strict:
            raise GatewayUnreachable(f"{url} did not answer with a HealthGateway report (not JSON)") from None
        return {}
    return value if isinstance(value, dict) else {}
