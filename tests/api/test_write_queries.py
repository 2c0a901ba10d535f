"""A write costs the same queries for a month's journal as for five years', and never asks twice."""

from __future__ import annotations

import json
import uuid
from collections import Counter
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from journal.models import Checkin, Profile, Run

SEEDED_TO = date(2026, 11, 20)

# Check-in or run through the API, and the Today form's htmx save, at 1 month and at 5 years: the
# session and user, the transaction, one INSERT (a taken id does nothing, and is then looked up), and
# marking the flags out of date (one UPDATE): a write from a request leaves the evaluation to the next
# read (journal.flags.services.flags_deferred). The API reads the entry back for its answer.
API_LIMIT = 7
FORM_LIMIT = 6


def _writes(client, user) -> dict[str, list[str]]:
    today = Profile.objects.get(user=user).today().isoformat()
    sent = {
        "api checkin": lambda: client.post(
            "/api/v1/checkins/",
            json.dumps({"id": str(uuid.uuid4()), "date": today, "side": "left", "pain_now": 2}),
            content_type="application/json",
        ),
        "api run": lambda: client.post(
            "/api/v1/runs/",
            json.dumps({"id": str(uuid.uuid4()), "date": today, "distance_m": 5000, "duration_s": 1800}),
            content_type="application/json",
        ),
        "form checkin": lambda: client.post(
            reverse("journal:entry_create", args=["checkin"]),
            {"date": today, "side": "right", "pain_now": "3", "swelling": "none"},
            HTTP_HX_REQUEST="true",
        ),
    }
    found = {}
    for name, send in sent.items():
        with CaptureQueriesContext(connection) as captured:
            response = send()
        assert response.status_code in (200, 201), (name, response.status_code, response.content[:300])
        found[name] = [q["sql"] for q in captured.captured_queries]
    return found


def _journal(client, years: float):
    call_command("seed_demo", today=SEEDED_TO, years=years, verbosity=0)
    user = get_user_model().objects.get(email="demo@footnote.example")
    client.force_login(user)
    return user


@pytest.mark.django_db
def test_writes_cost_the_same_queries_for_a_month_and_five_years_and_none_is_asked_twice(client):
    call_command("load_library", verbosity=0)
    small = _writes(client, _journal(client, 31 / 365))
    user = _journal(client, 5)
    runs_before, checkins_before = (
        Run.objects.filter(owner=user).count(),
        Checkin.objects.filter(owner=user).count(),
    )
    large = _writes(client, user)
    assert Run.objects.filter(owner=user).count() == runs_before + 1
    assert Checkin.objects.filter(owner=user).count() == checkins_before + 2

    for name in small:
        reads_small = [sql for sql in small[name] if sql.lstrip().upper().startswith("SELECT")]
        reads_large = [sql for sql in large[name] if sql.lstrip().upper().startswith("SELECT")]
        # What is read does not depend on the journal's length...
        assert len(reads_small) == len(reads_large), name
        # ...and no read is made twice in one request.
        repeated = [sql for sql, n in Counter(reads_large).items() if n > 1]
        assert repeated == [], (name, repeated)
        limit = FORM_LIMIT if name.startswith("form") else API_LIMIT
        assert len(large[name]) <= limit, (name, len(large[name]), large[name])
