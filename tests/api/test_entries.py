"""The journal entry resources: ownership, idempotent creates, ETags and preconditions, auth."""

import uuid
from datetime import timedelta

import pytest
from rest_framework.test import APIClient

from tests.api.resources import ENTRY_RESOURCES, EXERCISE_SLUG, RUNS, snapshot
from tests.factories import PASSWORD, make_exercise

every_resource = pytest.mark.parametrize("res", ENTRY_RESOURCES, ids=str)


@pytest.fixture(autouse=True)
def exercise(db):
    return make_exercise(EXERCISE_SLUG)


def own_rows(res, owner):
    return res.model.objects.filter(owner=owner)


def create(api, res, n=0, **extra):
    """POST the n-th body with a fresh client UUID; returns (id, response)."""
    entry_id = str(uuid.uuid4())
    response = api.post(res.url(), {"id": entry_id, **res.body(n), **extra})
    assert response.status_code == 201, response.json()
    return entry_id, response


# Listing and reading


@every_resource
def test_list_shows_only_your_own_entries(api, res, runner, other_runner):
    mine = {str(res.stored(runner, n).pk) for n in (1, 2)}
    theirs = {str(res.stored(other_runner, n).pk) for n in (1, 2)}
    response = api.get(res.url())
    assert response.status_code == 200
    listed = {row["id"] for row in response.json()["results"]}
    assert listed == mine
    assert not listed & theirs
    assert response.json()["count"] == 2


@every_resource
def test_create_answers_201_with_an_etag_and_the_id_and_version(api, res, runner):
    entry_id = str(uuid.uuid4())
    response = api.post(res.url(), {"id": entry_id, **res.body(1)})
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["id"] == entry_id
    assert body["version"]
    assert response["ETag"].startswith('"') and response["ETag"].endswith('"')
    row = res.model.objects.get(pk=entry_id)
    assert row.owner == runner
    assert api.get(res.url(entry_id))["ETag"] == response["ETag"]


@every_resource
def test_create_without_an_id_assigns_one(api, res, runner):
    response = api.post(res.url(), res.body(1))
    assert response.status_code == 201, response.json()
    assert own_rows(res, runner).get().pk == uuid.UUID(response.json()["id"])


@every_resource
def test_retrieve_answers_the_entry_with_its_etag(api, res, runner):
    entry = res.stored(runner, 1)
    response = api.get(res.url(entry.pk))
    assert response.status_code == 200
    assert response.json()["id"] == str(entry.pk)
    assert response["ETag"]


@every_resource
def test_patch_changes_only_the_given_fields_and_the_etag(api, res, runner, frozen_time):
    entry_id, created = create(api, res, 1)
    frozen_time.shift(timedelta(minutes=1))
    response = api.patch(res.url(entry_id), res.change)
    assert response.status_code == 200, response.json()
    row = res.model.objects.get(pk=entry_id)
    for name, value in res.change.items():
        assert getattr(row, name) == value
        assert response.json()[name] == value
    assert response["ETag"] != created["ETag"]
    assert response.json()["version"] != created.json()["version"]


@every_resource
def test_patch_of_a_missing_entry_is_404(api, res, runner):
    response = api.patch(res.url(uuid.uuid4()), res.change)
    assert response.status_code == 404
    assert not own_rows(res, runner).exists()


@every_resource
def test_put_at_your_own_uuid_creates_201(api, res, runner):
    entry_id = uuid.uuid4()
    response = api.put(res.url(entry_id), res.body(1))
    assert response.status_code == 201, response.json()
    assert response["ETag"]
    assert own_rows(res, runner).get().pk == entry_id


@every_resource
def test_put_replayed_with_the_same_body_is_200_without_if_match(api, res, runner):
    entry_id = uuid.uuid4()
    assert api.put(res.url(entry_id), res.body(1)).status_code == 201
    response = api.put(res.url(entry_id), res.body(1))
    assert response.status_code == 200, response.json()
    assert own_rows(res, runner).count() == 1


@every_resource
def test_put_replaces_with_a_matching_if_match(api, res, runner, frozen_time):
    entry_id, created = create(api, res, 1)
    frozen_time.shift(timedelta(minutes=1))
    response = api.put(res.url(entry_id), {**res.body(1), **res.change}, HTTP_IF_MATCH=created["ETag"])
    assert response.status_code == 200, response.json()
    row = res.model.objects.get(pk=entry_id)
    for name, value in res.change.items():
        assert getattr(row, name) == value
    assert response["ETag"] != created["ETag"]


@every_resource
def test_put_with_different_content_and_no_if_match_is_409(api, res, runner):
    entry_id, _ = create(api, res, 1)
    before = snapshot(res.model.objects.get(pk=entry_id))
    response = api.put(res.url(entry_id), {**res.body(1), **res.change})
    assert response.status_code == 409
    assert snapshot(res.model.objects.get(pk=entry_id)) == before


@every_resource
def test_put_with_a_stale_if_match_is_412(api, res, runner, frozen_time):
    entry_id, created = create(api, res, 1)
    frozen_time.shift(timedelta(minutes=1))
    assert api.patch(res.url(entry_id), res.change).status_code == 200
    after_patch = snapshot(res.model.objects.get(pk=entry_id))
    frozen_time.shift(timedelta(minutes=1))
    response = api.put(res.url(entry_id), res.body(1), HTTP_IF_MATCH=created["ETag"])
    assert response.status_code == 412
    assert snapshot(res.model.objects.get(pk=entry_id)) == after_patch


@every_resource
def test_patch_with_a_stale_if_match_is_412(api, res, runner, frozen_time):
    entry_id, created = create(api, res, 1)
    frozen_time.shift(timedelta(minutes=1))
    assert api.patch(res.url(entry_id), res.change).status_code == 200
    after_patch = snapshot(res.model.objects.get(pk=entry_id))
    response = api.patch(res.url(entry_id), res.body(1), HTTP_IF_MATCH=created["ETag"])
    assert response.status_code == 412
    assert snapshot(res.model.objects.get(pk=entry_id)) == after_patch


@every_resource
def test_put_with_an_id_in_the_body_other_than_the_address_is_400(api, res, runner):
    response = api.put(res.url(uuid.uuid4()), {"id": str(uuid.uuid4()), **res.body(1)})
    assert response.status_code == 400
    assert "id" in response.json()
    assert not own_rows(res, runner).exists()


@every_resource
def test_delete_answers_204_and_removes_the_entry(api, res, runner):
    entry_id, _ = create(api, res, 1)
    response = api.delete(res.url(entry_id))
    assert response.status_code == 204
    assert not res.model.objects.filter(pk=entry_id).exists()
    assert api.get(res.url(entry_id)).status_code == 404


@every_resource
def test_delete_with_the_current_if_match_is_204(api, res, runner):
    entry_id, created = create(api, res, 1)
    response = api.delete(res.url(entry_id), HTTP_IF_MATCH=created["ETag"])
    assert response.status_code == 204
    assert not res.model.objects.filter(pk=entry_id).exists()


@every_resource
def test_delete_with_a_stale_if_match_is_412_and_keeps_the_entry(api, res, runner, frozen_time):
    entry_id, created = create(api, res, 1)
    frozen_time.shift(timedelta(minutes=1))
    assert api.patch(res.url(entry_id), res.change).status_code == 200
    response = api.delete(res.url(entry_id), HTTP_IF_MATCH=created["ETag"])
    assert response.status_code == 412
    assert res.model.objects.filter(pk=entry_id).exists()


# Idempotent creates


@every_resource
def test_post_replayed_with_the_same_id_is_200_and_stores_one_entry(api, res, runner):
    entry_id, created = create(api, res, 1)
    response = api.post(res.url(), {"id": entry_id, **res.body(1)})
    assert response.status_code == 200, response.json()
    assert response.json()["id"] == entry_id
    assert response["ETag"] == created["ETag"]
    assert own_rows(res, runner).count() == 1


@every_resource
def test_post_with_the_same_id_and_different_content_is_409_and_keeps_the_entry(api, res, runner):
    entry_id, _ = create(api, res, 1)
    before = snapshot(res.model.objects.get(pk=entry_id))
    response = api.post(res.url(), {"id": entry_id, **res.body(1), **res.change})
    assert response.status_code == 409
    assert snapshot(res.model.objects.get(pk=entry_id)) == before
    assert own_rows(res, runner).count() == 1


# Another runner's entries


@every_resource
@pytest.mark.parametrize("method", ["get", "put", "patch", "delete"])
def test_another_runners_entry_is_404_and_untouched(api, res, method, runner, other_runner):
    theirs = res.stored(other_runner, 1)
    before = snapshot(theirs)
    body = {"get": None, "put": {**res.body(1), **res.change}, "patch": res.change, "delete": None}[method]
    kwargs = {} if body is None else {"data": body}
    response = getattr(api, method)(res.url(theirs.pk), HTTP_IF_MATCH="*", **kwargs)
    assert response.status_code == 404
    assert snapshot(theirs) == before
    assert not own_rows(res, runner).exists()


@every_resource
@pytest.mark.parametrize("same_content", [True, False], ids=["same", "different"])
def test_post_with_another_runners_id_is_404_and_changes_nothing(
    api, res, same_content, runner, other_runner
):
    theirs = res.stored(other_runner, 1)
    before = snapshot(theirs)
    body = res.body(1) if same_content else {**res.body(1), **res.change}
    response = api.post(res.url(), {**body, "id": str(theirs.pk)})
    assert response.status_code == 404
    assert "id" not in response.json()
    assert snapshot(theirs) == before
    assert not own_rows(res, runner).exists()


# Addresses, methods and media types


@every_resource
@pytest.mark.parametrize("bad_id", ["not-a-uuid", "-" * 36, "0" * 33, "g" * 32])
@pytest.mark.parametrize("method", ["get", "put", "patch", "delete"])
def test_a_malformed_uuid_in_the_address_is_404(api, res, bad_id, method, runner):
    kwargs = {"data": res.body(1)} if method in {"put", "patch"} else {}
    response = getattr(api, method)(res.url(bad_id), **kwargs)
    assert response.status_code == 404
    assert not own_rows(res, runner).exists()


@every_resource
@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_unsupported_methods_on_the_list_are_405(api, res, method, runner):
    response = getattr(api, method)(res.url(), res.body(1))
    assert response.status_code == 405
    assert not own_rows(res, runner).exists()


@every_resource
def test_a_text_plain_body_is_415(api, res, runner):
    response = api.post(res.url(), data="name=Shoe", content_type="text/plain")
    assert response.status_code == 415
    assert not own_rows(res, runner).exists()


# Authentication


@every_resource
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_requests_are_401_with_www_authenticate(anon, res, method, runner):
    response = getattr(anon, method)(res.url(), res.body(1) if method == "post" else None)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")
    assert not res.model.objects.exists()


@every_resource
def test_anonymous_detail_is_401(anon, res, runner):
    entry = res.stored(runner, 1)
    response = anon.get(res.url(entry.pk))
    assert response.status_code == 401
    assert "WWW-Authenticate" in response


@every_resource
def test_a_knox_token_authenticates(token_api, res, runner, other_runner):
    res.stored(other_runner, 2)
    created = token_api.post(res.url(), res.body(1))
    assert created.status_code == 201, created.json()
    assert res.model.objects.get(pk=created.json()["id"]).owner == runner
    listed = token_api.get(res.url())
    assert listed.status_code == 200
    assert [row["id"] for row in listed.json()["results"]] == [created.json()["id"]]


def test_a_wrong_token_is_401(anon, runner):
    anon.credentials(HTTP_AUTHORIZATION="Token ftn_not-a-real-token")
    assert anon.get(RUNS.url()).status_code == 401


@every_resource
def test_session_authentication_needs_a_csrf_token(res, runner):
    client = APIClient(enforce_csrf_checks=True)
    assert client.login(username=runner.username, password=PASSWORD)
    assert client.get(res.url()).status_code == 200
    response = client.post(res.url(), res.body(1))
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not res.model.objects.exists()


# ETags


def test_the_etag_changes_whenever_the_content_changes(api, runner):
    # Two edits within one clock tick (coarse clocks, or clock skew between servers) must still give
    # different ETags, or a client holding the first one overwrites the second edit unseen.
    entry_id, created = create(api, RUNS, 1)
    patched = api.patch(RUNS.url(entry_id), {"distance_m": 7777})
    assert patched.status_code == 200
    assert patched["ETag"] != created["ETag"]
    stale = api.put(RUNS.url(entry_id), RUNS.body(1), HTTP_IF_MATCH=created["ETag"])
    assert stale.status_code == 412
    assert RUNS.model.objects.get(pk=entry_id).distance_m == 7777
