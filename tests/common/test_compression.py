"""Pages and API answers travel compressed to a browser that asks for it."""

from __future__ import annotations

import gzip
import json
from datetime import date

from django.urls import reverse

from tests.factories import make_run


def test_today_is_sent_gzipped_to_a_browser_that_accepts_it(runner_client):
    plain = runner_client.get(reverse("journal:today"))
    packed = runner_client.get(reverse("journal:today"), headers={"accept-encoding": "gzip"})
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    html = gzip.decompress(packed.content).decode()
    assert "<h1" in html and len(packed.content) < len(plain.content) / 2


def test_an_api_answer_is_gzipped_and_still_json(runner_client, runner):
    for day in range(1, 8):
        make_run(runner, day=date(2026, 11, day), distance_m=5000)
    response = runner_client.get("/api/v1/runs/", headers={"accept-encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    assert len(json.loads(gzip.decompress(response.content))["results"]) == 7


def test_without_accept_encoding_nothing_is_compressed(runner_client):
    assert "Content-Encoding" not in runner_client.get(reverse("journal:today"))


def test_a_weak_etag_from_a_gzipped_read_still_guards_an_edit(runner_client, runner):
    run = make_run(runner, day=date(2026, 11, 1), distance_m=5000)
    read = runner_client.get(f"/api/v1/runs/{run.pk}/", headers={"accept-encoding": "gzip"})
    tag = read["ETag"]
    assert tag.startswith('W/"')  # gzip makes the ETag weak
    edit = runner_client.patch(
        f"/api/v1/runs/{run.pk}/",
        {"distance_m": 6000},
        content_type="application/json",
        headers={"if-match": tag, "accept-encoding": "gzip"},
    )
    assert edit.status_code == 200, edit.content
    run.refresh_from_db()
    assert run.distance_m == 6000
    stale = runner_client.patch(
        f"/api/v1/runs/{run.pk}/",
        {"distance_m": 7000},
        content_type="application/json",
        headers={"if-match": tag},
    )
    assert stale.status_code == 412
    run.refresh_from_db()
    assert run.distance_m == 6000


def test_a_not_modified_answer_is_sent_without_a_body(rf):
    # WhiteNoise answers a conditional request for a static file with an empty streaming 304; gzip
    # would still send its header bytes as a body, which a 304 must not have.
    from django.http import StreamingHttpResponse

    from journal.common.middleware import GZipMiddleware

    middleware = GZipMiddleware(lambda request: StreamingHttpResponse(iter(()), status=304))
    response = middleware(rf.get("/static/js/app.js", headers={"accept-encoding": "gzip"}))
    assert response.status_code == 304
    assert b"".join(response.streaming_content) == b""
    assert "Content-Encoding" not in response
    # A 200 through the same middleware is still compressed.
    body = b"x" * 500
    packed = GZipMiddleware(lambda request: StreamingHttpResponse(iter((body,))))(
        rf.get("/static/js/app.js", headers={"accept-encoding": "gzip"})
    )
    assert gzip.decompress(b"".join(packed.streaming_content)) == body
