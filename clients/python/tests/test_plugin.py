"""Real pytest runs (pytester, in a subprocess so the installed entry point loads) against a real gateway."""

import textwrap
import threading
import time

from conftest import make_token

SUITE = textwrap.dedent("""
    import pytest

    @pytest.mark.requires_services("kv")
    def test_storage():
        pass

    @pytest.mark.requires_services("backend_api")
    def test_api():
        pass
""")


def run(pytester, *args):
    return pytester.runpytest_subprocess("-p", "no:cacheprovider", "-rsfE", *args, timeout=120)


def test_a_test_whose_service_is_down_is_skipped_naming_it_and_why(pytester, environment):
    pytester.makepyfile(SUITE)

    result = run(pytester, f"--healthgateway-url={environment['url']}")

    result.assert_outcomes(passed=1, skipped=1)
    result.stdout.fnmatch_lines([f"SKIPPED*backend_api unavailable: connection refused ({environment['backend'].url})*"])


def test_a_skip_is_reported_at_the_test_not_at_the_plugin(pytester, environment):
    pytester.makepyfile(test_suite=SUITE)

    result = run(pytester, f"--healthgateway-url={environment['url']}")

    # As pytest's own skipif reports it: the test's file and line (not pytest_healthgateway/plugin.py).
    result.stdout.fnmatch_lines(["SKIPPED [[]1[]] test_suite.py:*: backend_api unavailable*"])
    result.stdout.no_fnmatch_line("*plugin.py*")


def test_a_first_check_still_running_says_so_with_its_timeout_and_the_wait_option(pytester, slow_gateway):
    pytester.makepyfile(test_suite="""
        import pytest

        @pytest.mark.requires_services("slow")
        def test_slow():
            pass
    """)

    result = run(pytester, f"--healthgateway-url={slow_gateway}")

    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines([
        "SKIPPED*test_suite.py:*: slow unavailable: first check still running (timeout 30 s); "
        "--healthgateway-wait=SECONDS waits for first checks"])


def test_strict_turns_the_skip_into_a_failure(pytester, environment):
    pytester.makepyfile(SUITE)

    result = run(pytester, f"--healthgateway-url={environment['url']}", "--healthgateway-strict")

    # Raised before the test body runs, so pytest counts it as an error: red either way.
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*ERROR at setup of test_api*", "backend_api unavailable: connection refused*"])


def test_the_url_defaults_to_the_environment_variable(pytester, environment, monkeypatch):
    pytester.makepyfile(SUITE)
    monkeypatch.setenv("HEALTHGATEWAY_URL", environment["url"])

    result = run(pytester)

    result.assert_outcomes(passed=1, skipped=1)


def test_an_unknown_service_fails_the_test_naming_it(pytester, environment):
    pytester.makepyfile("""
        import pytest

        @pytest.mark.requires_services("kvv")
        def test_typo():
            pass
    """)

    result = run(pytester, f"--healthgateway-url={environment['url']}")

    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*requires_services(kvv): unknown service 'kvv'*"])


def test_wait_lets_the_first_ask_wait_for_the_backend_to_come_up(pytester, environment, backend):
    pytester.makepyfile(SUITE)
    threading.Timer(1.5, backend.up).start()

    result = run(pytester, f"--healthgateway-url={environment['url']}", "--healthgateway-wait", "30")

    result.assert_outcomes(passed=2)


def test_require_critical_stops_the_run_before_any_test_with_status_2(pytester, environment):
    pytester.makepyfile(SUITE)

    result = run(pytester, f"--healthgateway-url={environment['url']}", "--healthgateway-require=critical")

    assert result.ret == 2
    result.stdout.fnmatch_lines(["*test environment not ready (critical services)*", "*backend_api: connection refused*"])
    result.assert_outcomes()


def test_require_a_list_or_a_group_that_is_up_lets_the_run_go_on(pytester, environment):
    pytester.makepyfile(SUITE)

    listed = run(pytester, f"--healthgateway-url={environment['url']}", "--healthgateway-require=db,kv")
    grouped = run(pytester, f"--healthgateway-url={environment['url']}", "--healthgateway-require=storage")
    down_group = run(pytester, f"--healthgateway-url={environment['url']}", "--healthgateway-require=api")

    listed.assert_outcomes(passed=1, skipped=1)
    grouped.assert_outcomes(passed=1, skipped=1)
    assert down_group.ret == 2
    down_group.stdout.fnmatch_lines(["*test environment not ready (group api)*", "*backend_api: connection refused*"])


def test_an_unreachable_gateway_is_one_clear_line_not_a_traceback(pytester, environment):
    pytester.makepyfile(SUITE)
    nowhere = "http://127.0.0.1:1"

    gate = run(pytester, f"--healthgateway-url={nowhere}", "--healthgateway-require=critical")
    marker = run(pytester, f"--healthgateway-url={nowhere}")

    assert gate.ret == 2
    gate.stdout.fnmatch_lines([f"*health gateway unreachable at {nowhere}:*"])
    assert "Traceback" not in gate.stdout.str() + gate.stderr.str()
    marker.assert_outcomes(skipped=2)
    marker.stdout.fnmatch_lines([f"SKIPPED*health gateway unreachable at {nowhere}:*"])


def test_the_healthgateway_fixture_gives_the_report(pytester, environment):
    pytester.makepyfile("""
        def test_report(healthgateway):
            assert healthgateway["entries"]["kv"]["status"] == "Healthy"
            assert "backend_api" in healthgateway["unavailableServices"]
    """)

    result = run(pytester, f"--healthgateway-url={environment['url']}")

    result.assert_outcomes(passed=1)


EVENTS = textwrap.dedent("""
    import json
    import urllib.request

    FIVE = ["agent_started", "agent_thinking", "tool_executing", "tool_completed", "agent_completed"]

    def post(url, key, user, kind):
        body = json.dumps({{"user": user, "type": kind, "runId": "run-1"}}).encode()
        request = urllib.request.Request(url + "/events", data=body, method="POST",
                                         headers={{"Content-Type": "application/json", "X-Api-Key": key}})
        with urllib.request.urlopen(request, timeout=10) as answer:
            assert answer.status == 202

    def test_events(agent_events):
        agent_events.connect(user="u1")
        for kind in {sent}:
            post("{url}", "{key}", "u1", kind)
        events = agent_events.wait_for(FIVE, per_event_timeout={timeout})
        assert [e["type"] for e in events] == FIVE
""")


def test_agent_events_returns_the_five_events_in_order(pytester, environment):
    pytester.makepyfile(EVENTS.format(sent="FIVE", url=environment["url"], key=environment["api_key"], timeout=6))

    result = run(pytester, f"--healthgateway-url={environment['url']}", f"--healthgateway-api-key={environment['api_key']}")

    result.assert_outcomes(passed=1)


def test_agent_events_names_the_first_missing_event_and_how_long_it_waited(pytester, environment):
    pytester.makepyfile(EVENTS.format(sent="FIVE[:2]", url=environment["url"], key=environment["api_key"], timeout=1))

    result = run(pytester, f"--healthgateway-url={environment['url']}", f"--healthgateway-api-key={environment['api_key']}")

    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*tool_executing not received within 1 s (waited 1.* s; received before it: agent_started, agent_thinking)*"])


def test_agent_events_names_an_out_of_order_event(pytester, environment):
    sent = '["agent_started", "tool_executing", "agent_thinking"]'
    pytester.makepyfile(EVENTS.format(sent=sent, url=environment["url"], key=environment["api_key"], timeout=2))

    result = run(pytester, f"--healthgateway-url={environment['url']}", f"--healthgateway-api-key={environment['api_key']}")

    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*out of order: tool_executing arrived while waiting for agent_thinking*"])


def test_agent_events_without_the_api_key_fails_with_one_line(pytester, environment):
    pytester.makepyfile("""
        def test_events(agent_events):
            agent_events.connect(user="u1")
    """)

    result = run(pytester, f"--healthgateway-url={environment['url']}")

    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*agent_events: cannot connect to ws://*/ws as u1:*401*"])


def test_agent_events_with_a_token_receives_the_tokens_users_events(pytester, environment):
    pytester.makepyfile(EVENTS.format(sent="FIVE", url=environment["url"], key=environment["api_key"], timeout=6))

    result = run(pytester, f"--healthgateway-url={environment['url']}", f"--healthgateway-token={make_token('u1')}")

    result.assert_outcomes(passed=1)


def test_agent_events_takes_the_token_from_the_environment_and_a_token_for_someone_else_is_one_line(pytester, environment, monkeypatch):
    monkeypatch.setenv("HEALTHGATEWAY_TOKEN", make_token("alice"))
    pytester.makepyfile("""
        def test_events(agent_events):
            agent_events.connect(user="u1")
    """)

    result = run(pytester, f"--healthgateway-url={environment['url']}")

    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*agent_events: cannot connect to ws://*/ws as u1:*403*"])
