"""Idempotent creates under concurrency: twenty clients, one client UUID, one stored entry, one 201."""

import threading
import uuid

import pytest
from django.db import connection
from rest_framework.test import APIClient

from journal.api.views.entries import RunViewSet
from journal.entries import services
from journal.models import Run
from tests.api.resources import day

THREADS = 20


def send_all(runner, bodies):
    """POST each body from its own thread and client, all released at once; returns the statuses."""
    barrier = threading.Barrier(len(bodies))
    results: list[tuple[dict, int]] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def send(body):
        try:
            client = APIClient()
            client.force_authenticate(user=runner)
            barrier.wait(timeout=30)
            response = client.post("/api/v1/runs/", body)
            with lock:
                results.append((body, response.status_code))
        except BaseException as error:  # reported below rather than lost in the thread
            with lock:
                errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(body,)) for body in bodies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    assert len(results) == len(bodies)
    return results


def run_body(run_id, distance_m=8000):
    return {"id": run_id, "date": day(1).isoformat(), "distance_m": distance_m, "duration_s": 2700}


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_identical_creates_store_one_run(runner):
    run_id = str(uuid.uuid4())
    statuses = sorted(code for _body, code in send_all(runner, [run_body(run_id)] * THREADS))
    assert set(statuses) <= {200, 201}, statuses
    assert statuses.count(201) == 1, statuses
    assert Run.objects.filter(pk=run_id).count() == 1
    assert Run.objects.count() == 1


@pytest.fixture
def all_past_the_existence_check(monkeypatch):
    """The worst interleaving, every time: no thread stores until all have looked for the id."""
    gate = threading.Barrier(THREADS)

    def gated_run_record(**kwargs):
        gate.wait(timeout=30)
        return services.run_record(**kwargs)

    monkeypatch.setattr(RunViewSet, "create_service", staticmethod(gated_run_record))


@pytest.mark.django_db(transaction=True)
def test_identical_creates_that_all_miss_the_lookup_still_answer_one_201(
    runner, all_past_the_existence_check
):
    run_id = str(uuid.uuid4())
    statuses = sorted(code for _body, code in send_all(runner, [run_body(run_id)] * THREADS))
    assert statuses == [200] * (THREADS - 1) + [201]
    assert Run.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_racing_creates_with_different_content_answer_409_to_the_losers(runner, all_past_the_existence_check):
    run_id = str(uuid.uuid4())
    bodies = [run_body(run_id, distance_m=8000 if i % 2 else 9000) for i in range(THREADS)]
    results = send_all(runner, bodies)
    stored = Run.objects.get()
    assert [code for _body, code in results].count(201) == 1
    for body, code in results:
        if code == 201 or body["distance_m"] == stored.distance_m:
            assert code in {200, 201}
        else:
            assert code == 409, (body["distance_m"], stored.distance_m)


def send_together(runner, requests):
    """Send each (method, url, body, headers) from its own thread, all released at once."""
    barrier = threading.Barrier(len(requests))
    results: list[tuple[int, object]] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def send(index, method, url, body, headers):
        try:
            client = APIClient()
            client.force_authenticate(user=runner)
            barrier.wait(timeout=30)
            response = getattr(client, method)(url, body, format="json", **headers)
            with lock:
                results.append((index, response.status_code))
        except BaseException as error:
            with lock:
                errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(i, *request)) for i, request in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    assert len(results) == len(requests)
    return dict(results)


@pytest.fixture
def stored_run(runner):
    client = APIClient()
    client.force_authenticate(user=runner)
    run_id = str(uuid.uuid4())
    response = client.put(f"/api/v1/runs/{run_id}/", run_body(run_id, distance_m=5000))
    assert response.status_code == 201, response.content
    return response.data["id"], response["ETag"]


def _edits(method, run_id, etag):
    url = f"/api/v1/runs/{run_id}/"
    bodies = [
        (run_body(run_id, distance_m=6000 + i) if method == "put" else {"distance_m": 6000 + i})
        for i in range(THREADS)
    ]
    return [(method, url, body, {"HTTP_IF_MATCH": etag}) for body in bodies]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("method", ["put", "patch"])
def test_of_twenty_concurrent_edits_with_one_etag_exactly_one_wins(runner, stored_run, method):
    run_id, etag = stored_run
    requests = _edits(method, run_id, etag)
    statuses = send_together(runner, requests)
    assert sorted(statuses.values()) == [200] + [412] * (THREADS - 1), statuses
    [winner] = [index for index, code in statuses.items() if code == 200]
    stored = Run.objects.get(pk=run_id)
    assert stored.distance_m == requests[winner][2]["distance_m"]


@pytest.mark.django_db(transaction=True)
def test_of_twenty_concurrent_deletes_with_one_etag_one_deletes_and_none_fails(runner, stored_run):
    run_id, etag = stored_run
    url = f"/api/v1/runs/{run_id}/"
    statuses = send_together(runner, [("delete", url, None, {"HTTP_IF_MATCH": etag})] * THREADS)
    codes = sorted(statuses.values())
    # The loser finds the entry gone (404) or changed (412); never a second delete, never a 500.
    assert codes.count(204) == 1, codes
    assert set(codes) <= {204, 404, 412}, codes
    assert not Run.objects.filter(pk=run_id).exists()


@pytest.mark.django_db(transaction=True)
def test_a_concurrent_edit_and_delete_with_one_etag_let_only_one_through(runner, stored_run):
    run_id, etag = stored_run
    url = f"/api/v1/runs/{run_id}/"
    requests = [("patch", url, {"distance_m": 7000}, {"HTTP_IF_MATCH": etag})] * (THREADS // 2) + [
        ("delete", url, None, {"HTTP_IF_MATCH": etag})
    ] * (THREADS // 2)
    statuses = send_together(runner, requests)
    winners = [index for index, code in statuses.items() if code in {200, 204}]
    assert len(winners) == 1, statuses
    assert set(statuses.values()) <= {200, 204, 404, 412}, statuses
    if requests[winners[0]][0] == "delete":
        assert not Run.objects.filter(pk=run_id).exists()
    else:
        assert Run.objects.get(pk=run_id).distance_m == 7000
