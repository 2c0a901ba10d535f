"""A GET writes nothing to the journal's database, so on SQLite it never waits for the write lock.

Rate-limit counts live in the cache, outside the database. The tests run without a wrapping
transaction (transactional_db), so on SQLite any write, or any transaction a GET might open, shows up
as BEGIN IMMEDIATE among the captured queries.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.throttling import SimpleRateThrottle

from tests.factories import make_checkin, make_run

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "BEGIN", "SAVEPOINT", "CREATE", "DROP")


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel("2026-11-20 12:00:00+00:00", tick=False):
        yield


@pytest.fixture
def journal_client(transactional_db, client, runner):
    for days_ago in range(1, 15):
        make_checkin(runner, day=date(2026, 11, 20) - timedelta(days=days_ago), pain_now=days_ago % 4)
    make_run(runner, day=date(2026, 11, 18), distance_m=8000)
    client.force_login(runner)
    return client


@pytest.fixture
def tight_rates(monkeypatch):
    # DRF copies the rates onto the class at import; patch them there.
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"user": "3/min", "anon": "2/min"})


def writes_during(send) -> tuple[object, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = send()
    return response, [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]


def test_a_throttled_api_get_writes_nothing_and_the_limit_still_holds(journal_client, tight_rates):
    statuses = []
    for _ in range(4):
        response, written = writes_during(lambda: journal_client.get("/api/v1/runs/"))
        statuses.append(response.status_code)
        assert written == []
    assert statuses == [200, 200, 200, 429]


def test_an_anonymous_api_get_is_counted_without_writing(transactional_db, client, tight_rates):
    statuses = []
    for _ in range(3):
        response, written = writes_during(lambda: client.get("/api/v1/conditions/"))
        statuses.append(response.status_code)
        assert written == []
    assert statuses == [200, 200, 429]


@pytest.mark.parametrize("page", ["journal:today", "journal:dashboard"])
def test_reading_today_writes_nothing_once_the_flags_are_current(journal_client, page):
    journal_client.get(reverse(page))  # the first read of the day evaluates the flags, and writes
    response, written = writes_during(lambda: journal_client.get(reverse(page)))
    assert response.status_code == 200
    assert written == []
