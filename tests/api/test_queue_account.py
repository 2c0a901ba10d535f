"""An offline client names the account that queued an entry; the server never stores it under another."""

import uuid

from journal.models import Checkin, Run
from tests.api.resources import day

ME = "/api/v1/me/"


def checkin_body():
    return {
        "id": str(uuid.uuid4()),
        "date": day(0).isoformat(),
        "side": "left",
        "pain_now": 3,
        "pain_waking": 2,
    }


def test_me_names_your_account(api, runner):
    assert api.get(ME).json()["account"] == runner.pk


def test_an_entry_queued_by_another_account_is_refused_and_not_stored(api, other_runner):
    response = api.post(
        "/api/v1/checkins/", checkin_body(), format="json", HTTP_X_QUEUE_ACCOUNT=str(other_runner.pk)
    )
    assert response.status_code == 403
    assert "another account" in response.json()["detail"]
    assert Checkin.objects.count() == 0


def test_an_entry_queued_by_your_own_account_is_stored(api, runner):
    response = api.post(
        "/api/v1/checkins/", checkin_body(), format="json", HTTP_X_QUEUE_ACCOUNT=str(runner.pk)
    )
    assert response.status_code == 201, response.json()
    assert Checkin.objects.get().owner == runner


def test_a_put_naming_another_account_is_refused(api, other_runner):
    run_id = str(uuid.uuid4())
    body = {"date": day(1).isoformat(), "distance_m": 5000, "duration_s": 1800}
    response = api.put(
        f"/api/v1/runs/{run_id}/", body, format="json", HTTP_X_QUEUE_ACCOUNT=str(other_runner.pk)
    )
    assert response.status_code == 403
    assert not Run.objects.exists()
