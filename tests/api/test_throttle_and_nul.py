import pytest
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle


@pytest.fixture
def tight_rates(monkeypatch):
    # DRF copies the rates onto the class at import; patch them there.
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"user": "3/min", "anon": "2/min"})


def test_a_signed_in_runner_is_throttled_with_429(runner, tight_rates):
    api = APIClient()
    api.force_authenticate(runner)
    statuses = [api.get("/api/v1/runs/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    blocked = api.get("/api/v1/runs/")
    assert blocked.status_code == 429 and int(blocked["Retry-After"]) > 0
    assert "throttled" in blocked.json()["detail"].lower()


def test_anonymous_visitors_are_throttled_by_address(db, tight_rates):
    anon = APIClient()
    statuses = [anon.get("/api/v1/conditions/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/runs/?date_after=%00",
        "/api/v1/flags/?code=a%00b",
        "/exercises/?condition=%00",
        "/conditions/?q=%00",
    ],
)
def test_a_nul_character_is_refused_with_400_not_a_server_error(runner_client, url):
    response = runner_client.get(url)
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


def test_a_nul_in_a_posted_form_is_refused(runner_client):
    response = runner_client.post("/entries/run/new/", {"distance": "5", "notes": "ok\x00"})
    assert response.status_code == 400


def test_an_unknown_api_address_answers_json_404(runner_client):
    response = runner_client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
