"""An operator checks that the app and its database answer."""

from __future__ import annotations

from playwright.sync_api import BrowserContext

from tests.journeys.server import AppServer


def test_health_answers_ok_with_the_database(app_server: AppServer, advisor_context: BrowserContext) -> None:
    response = advisor_context.request.get("/health")
    assert response.status == 200
    assert response.json()["status"] == "ok" and response.json()["database"] == "ok"


METRIC_NAMES = (
    "videotermin_people_waiting",
    "videotermin_calls_running",
    "videotermin_echo_peers",
    "videotermin_deliveries_total",
    "videotermin_delivery_seconds_bucket",
    "videotermin_sign_in_failures_total",
)


def _get_from(source: str, url: str) -> tuple[int, str]:
    """GET `url` from the local address `source` (all of 127.0.0.0/8 is this machine)."""
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10, source_address=(source, 0))
    try:
        connection.request("GET", parts.path)
        answer = connection.getresponse()
        return answer.status, answer.read().decode()
    finally:
        connection.close()


def test_metrics_answer_the_allowed_client_only(app_server: AppServer) -> None:
    # the session's app allows 127.0.0.1 only (VT_METRICS_ALLOW in conftest.py)
    status, body = _get_from("127.0.0.1", f"{app_server.base_url}/metrics")
    assert status == 200
    assert all(name in body for name in METRIC_NAMES), body
    status, body = _get_from("127.0.0.2", f"{app_server.base_url}/metrics")
    assert status == 404 and "videotermin_" not in body
