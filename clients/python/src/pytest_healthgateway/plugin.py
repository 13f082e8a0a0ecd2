"""The pytest11 entry point: options, the requires_services marker, the require gate and the fixtures."""

import os

import pytest

from .client import GatewayClient, GatewayUnreachable

DEFAULT_URL = "http://localhost:8080"
_STATE = pytest.StashKey()


def pytest_addoption(parser):
    group = parser.getgroup("healthgateway", "HealthGateway readiness")
    group.addoption("--healthgateway-url", default=None,
                    help=f"the gateway's base address (default: $HEALTHGATEWAY_URL, else {DEFAULT_URL})")
    group.addoption("--healthgateway-wait", type=float, default=0, metavar="SECONDS",
                    help="on the first ask about a set of services, let the gateway wait up to this long (?wait=)")
    group.addoption("--healthgateway-strict", action="store_true", default=False,
                    help="fail, instead of skip, a test whose required services are unavailable")
    group.addoption("--healthgateway-require", default=None, metavar="critical|a,b|group",
                    help="before any test runs, require the critical services, these services, or this group; "
                         "exit with status 2 when they are not ready")
    group.addoption("--healthgateway-api-key", default=None,
                    help="API key for /ws and /events (default: $HEALTHGATEWAY_API_KEY)")
    group.addoption("--healthgateway-token", default=None,
                    help="bearer token (JWT) agent_events connects to /ws with; it connects as the token's user "
                         "(default: $HEALTHGATEWAY_TOKEN)")


def pytest_configure(config):
    config.addinivalue_line("markers", "requires_services(*names): skip (or with --healthgateway-strict, fail) "
                                       "the test unless HealthGateway reports each named service ready")
    url = config.getoption("--healthgateway-url") or os.environ.get("HEALTHGATEWAY_URL") or DEFAULT_URL
    api_key = config.getoption("--healthgateway-api-key") or os.environ.get("HEALTHGATEWAY_API_KEY")
    token = config.getoption("--healthgateway-token") or os.environ.get("HEALTHGATEWAY_TOKEN")
    config.stash[_STATE] = _SessionState(GatewayClient(url, api_key=api_key), config.getoption("--healthgateway-wait"), token)


class _SessionState:
    def __init__(self, client, wait, token=None):
        self.client = client
        self.wait = wait
        self.token = token
        self.answers = {}

    def ask(self, services):
        """One request per distinct set of services per session; the first ask may wait."""
        key = frozenset(name.lower() for name in services)
        if key not in self.answers:
            try:
                self.answers[key] = self.client.readiness(services=sorted(services), wait=self.wait)
            except GatewayUnreachable as error:
                self.answers[key] = error
        return self.answers[key]


def _state(config):
    return config.stash[_STATE]


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(session, config, items):
    require = config.getoption("--healthgateway-require")
    if not require:
        return
    client = _state(config).client
    wait = config.getoption("--healthgateway-wait")
    try:
        if require.strip().lower() == "critical":
            answer, what = client.readiness(wait=wait), "critical services"
        elif "," in require:
            names = [n.strip() for n in require.split(",") if n.strip()]
            answer, what = client.readiness(services=names, wait=wait), ", ".join(names)
        else:
            # One word: a group when the gateway has one by that name, else a single service.
            answer, what = client.readiness(group=require.strip(), wait=wait), f"group {require.strip()}"
            if answer.status == 404:
                answer, what = client.readiness(services=[require.strip()], wait=wait), require.strip()
    except GatewayUnreachable as error:
        pytest.exit(str(error), returncode=2)
    if answer.problem:
        pytest.exit(f"--healthgateway-require={require}: {answer.problem}", returncode=2)
    if not answer.ready:
        lines = [f"  {name}: {description}" for name, description in answer.unavailable()]
        pytest.exit(f"test environment not ready ({what}):\n" + "\n".join(lines or ["  (no detail)"]), returncode=2)


def pytest_runtest_setup(item):
    names = []
    for marker in item.iter_markers(name="requires_services"):
        for argument in marker.args:
            names.extend(n.strip() for n in str(argument).split(",") if n.strip())
    if not names:
        return
    answer = _state(item.config).ask(names)
    strict = item.config.getoption("--healthgateway-strict")
    if isinstance(answer, GatewayUnreachable):
        reason = str(answer)
    elif answer.problem:
        # An unknown service name is a mistake in the suite, not an environment problem: never a skip.
        pytest.fail(f"requires_services({', '.join(names)}): {answer.problem}", pytrace=False)
    elif answer.ready:
        return
    else:
        reason = answer.reason()
    if not isinstance(answer, GatewayUnreachable) and answer.pending():
        wait = _state(item.config).wait
        reason += (f" (still running after --healthgateway-wait={wait:g})" if wait
                   else "; --healthgateway-wait=SECONDS waits for first checks")
    if strict:
        pytest.fail(reason, pytrace=False)
    _skip_at_test(reason)


def _skip_at_test(reason):
    """Skips as pytest's own skipif does: reported at the test's location, not at this line of the plugin."""
    try:
        raise pytest.skip.Exception(reason, _use_item_location=True)
    except TypeError:  # a pytest without item locations for skips (before 7.0)
        pytest.skip(reason)


@pytest.fixture
def healthgateway(request):
    """The gateway's current /health/ready report (a dict), 200 or 503 alike."""
    try:
        answer = _state(request.config).client.readiness()
    except GatewayUnreachable as error:
        pytest.fail(str(error), pytrace=False)
    return answer.report


@pytest.fixture
def agent_events(request):
    """Connects to the gateway's /ws as a user and checks agent events in order (needs the [events] extra)."""
    try:
        from .events import AgentEvents
    except ImportError:
        pytest.fail("agent_events needs the websockets package: pip install 'pytest-healthgateway[events]'", pytrace=False)
    client = _state(request.config).client
    events = AgentEvents(client.base_url, client.api_key, token=_state(request.config).token)
    yield events
    events.close()
