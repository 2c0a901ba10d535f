"""Malformed requests answer 4xx with JSON, never a 500, and store nothing."""

import json
import uuid

import pytest

from tests.api.resources import ENTRY_RESOURCES, EXERCISE_SLUG
from tests.factories import make_exercise

NASTY_BODIES = {
    "broken json": '{"name": ',
    "a list": "[]",
    "a string": '"hello"',
    "null": "null",
    "all nulls": None,  # filled per resource
    "huge numbers": None,
    "nested objects": None,
}


@pytest.fixture(autouse=True)
def exercise(db):
    return make_exercise(EXERCISE_SLUG)


def nasty(res, kind):
    if NASTY_BODIES[kind] is not None:
        return NASTY_BODIES[kind]
    body = res.body(1)
    if kind == "all nulls":
        return json.dumps(dict.fromkeys(body))
    if kind == "huge numbers":
        huge = {k: 10**40 for k, v in body.items() if isinstance(v, int)} or {"onset_date": 10**40}
        return json.dumps(body | huge)
    return json.dumps({k: {"$gt": ""} for k in body})


@pytest.mark.parametrize("res", ENTRY_RESOURCES, ids=str)
@pytest.mark.parametrize("kind", list(NASTY_BODIES))
@pytest.mark.parametrize("method", ["post", "put", "patch"])
def test_nasty_bodies_are_400(api, runner, res, kind, method):
    url = res.url() if method == "post" else res.url(uuid.uuid4())
    response = getattr(api, method)(url, data=nasty(res, kind), content_type="application/json")
    # PATCH of a missing entry may answer 404 before looking at the body.
    expected = {400, 404} if method == "patch" else {400}
    assert response.status_code in expected
    assert response.json()
    assert not res.model.objects.exists()


@pytest.mark.parametrize("res", ENTRY_RESOURCES, ids=str)
@pytest.mark.parametrize("if_match", ["", ",", "garbage", 'W/"abc"', '"' * 3])
def test_a_garbage_if_match_is_412_not_500(api, runner, res, if_match):
    created = api.post(res.url(), res.body(1))
    entry_id = created.json()["id"]
    response = api.put(res.url(entry_id), {**res.body(1), **res.change}, HTTP_IF_MATCH=if_match)
    assert response.status_code == 412
    assert res.model.objects.get(pk=entry_id)
