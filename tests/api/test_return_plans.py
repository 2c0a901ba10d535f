"""Return-to-run plans in the API: list, start (today or up to 28 days back), end; runs link to a plan."""

from datetime import timedelta

from journal.models import ReturnPlan
from tests.api.resources import day

TODAY = day(0)


def start(api, **body):
    return api.post("/api/v1/return-plans/", {"pre_injury_weekly_m": 30000, **body}, format="json")


def test_a_plan_started_with_a_past_date_counts_only_runs_since_then(api, runner):
    started_on = TODAY - timedelta(days=10)
    response = start(api, started_on=started_on.isoformat())
    assert response.status_code == 201, response.json()
    plan = response.json()
    assert plan["started_on"] == started_on.isoformat() and plan["status"] == "active"
    session = api.post(
        "/api/v1/runs/",
        {
            "date": (TODAY - timedelta(days=3)).isoformat(),
            "distance_m": 3000,
            "duration_s": 1200,
            "return_plan": plan["id"],
        },
        format="json",
    )
    assert session.status_code == 201, session.json()
    before = api.post(
        "/api/v1/runs/",
        {
            "date": (started_on - timedelta(days=1)).isoformat(),
            "distance_m": 3000,
            "duration_s": 1200,
            "return_plan": plan["id"],
        },
        format="json",
    )
    assert before.status_code == 400 and "return_plan" in before.json()
    listed = api.get("/api/v1/return-plans/").json()["results"]
    assert [p["id"] for p in listed] == [plan["id"]]
    assert listed[0]["runs"] == [session.json()["id"]]


def test_a_start_date_28_days_back_is_allowed_and_29_is_a_field_error(api, runner):
    too_far = start(api, started_on=(TODAY - timedelta(days=29)).isoformat())
    assert too_far.status_code == 400 and "started_on" in too_far.json()
    assert not ReturnPlan.objects.exists()
    assert start(api, started_on=(TODAY - timedelta(days=28)).isoformat()).status_code == 201


def test_a_future_start_is_a_field_error(api, runner):
    response = start(api, started_on=(TODAY + timedelta(days=1)).isoformat())
    assert response.status_code == 400 and "started_on" in response.json()


def test_a_plan_without_a_date_starts_today_and_a_second_is_refused(api, runner):
    assert start(api).json()["started_on"] == TODAY.isoformat()
    second = start(api)
    assert second.status_code == 400 and "already" in str(second.json())


def test_the_same_id_sent_twice_starts_one_plan(api, runner):
    body = {"id": "8a0f7c2e-3d1b-4c55-9a52-2f0d6f1b9b11"}
    assert start(api, **body).status_code == 201
    assert start(api, **body).status_code == 200
    assert ReturnPlan.objects.count() == 1


def test_ending_a_plan(api, runner):
    plan = start(api, started_on=(TODAY - timedelta(days=5)).isoformat()).json()
    ended = api.post(f"/api/v1/return-plans/{plan['id']}/end/", {"status": "completed"}, format="json")
    assert ended.status_code == 200 and ended.json()["status"] == "completed"
    assert ended.json()["ended_on"] == TODAY.isoformat()
    again = api.post(f"/api/v1/return-plans/{plan['id']}/end/", {"status": "stopped"}, format="json")
    assert again.status_code == 400 and "status" in again.json()
    bad = start(api)
    assert bad.status_code == 201
    wrong = api.post(f"/api/v1/return-plans/{bad.json()['id']}/end/", {"status": "paused"}, format="json")
    assert wrong.status_code == 400 and "status" in wrong.json()


def test_another_runners_plan_is_404(api, other_api, runner):
    plan = start(other_api).json()
    assert api.get(f"/api/v1/return-plans/{plan['id']}/").status_code == 404
    assert (
        api.post(f"/api/v1/return-plans/{plan['id']}/end/", {"status": "stopped"}, format="json").status_code
        == 404
    )
    assert api.get("/api/v1/return-plans/").json()["results"] == []


def test_an_injury_shows_the_physiotherapists_clearance_which_the_runner_cannot_set(api, runner):
    from journal.clinic import services as clinic
    from tests.clinic.conftest import link, make_physio

    body = {"id": "6f1d0c55-43a4-4d4c-9a59-1f1b7e0c1d20", "label": "Sore heel", "side": "left"}
    body["onset_date"] = str(day(10))
    created = api.post("/api/v1/injuries/", body, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["cleared_to_return_on"] is None
    # A runner's own write of the field changes nothing.
    sent = api.put(
        f"/api/v1/injuries/{body['id']}/", {**body, "cleared_to_return_on": str(TODAY)}, format="json"
    )
    assert sent.status_code == 200, sent.content
    assert api.get(f"/api/v1/injuries/{body['id']}/").json()["cleared_to_return_on"] is None
    physio = make_physio("clears@footnote.example", "Cleo Physio")
    link(runner, physio)
    clinic.return_clearance_set(physio=physio, patient=runner, episode_id=body["id"], cleared=True)
    assert api.get(f"/api/v1/injuries/{body['id']}/").json()["cleared_to_return_on"] == str(TODAY)
