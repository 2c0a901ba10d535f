"""History's first page, and a page ten years back, cost the same queries for a month's journal as for
ten years', and show the same number of days."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from journal.models import Run

SEEDED_TO = date(2026, 11, 20)


def _journal(client, years: float):
    call_command("seed_demo", today=SEEDED_TO, years=years, verbosity=0)
    user = get_user_model().objects.get(email="demo@footnote.example")
    client.force_login(user)
    return user


def _history(client, query: str = "") -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("journal:history") + query)
    assert response.status_code == 200
    return len(captured), response.content.decode()


@pytest.mark.django_db
@time_machine.travel("2026-11-20 12:00:00+00:00", tick=False)
def test_history_costs_the_same_queries_for_a_month_and_for_ten_years(client):
    call_command("load_library", verbosity=0)
    _journal(client, 31 / 365)
    client.get(reverse("journal:history"))  # evaluates the new journal's flags, outside the count
    month, month_html = _history(client)
    user = _journal(client, 10)
    oldest = Run.objects.filter(owner=user).order_by("date").values_list("date", flat=True).first()
    assert oldest.year <= 2017  # ten years of journal
    client.get(reverse("journal:history"))
    years, years_html = _history(client)
    back, back_html = _history(client, f"?before={oldest.replace(year=oldest.year + 1).isoformat()}")

    # The session, the user, the page's days (one UNION), then its check-ins, runs and exercises.
    assert month == years == back == 6
    days = [html.count("<h2") for html in (month_html, years_html, back_html)]
    assert days[0] > 0 and days == [days[0]] * 3  # a full page of days each time
