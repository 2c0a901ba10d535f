from __future__ import annotations

import fcntl
import os

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls beside it are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from tests.factories import make_user


@pytest.fixture
def runner(db):
    return make_user("runner@example.com", name="Rita Runner", unit="km", time_zone="Europe/London")


@pytest.fixture
def mile_runner(db):
    return make_user("miles@example.com", name="Miles Runner", unit="mi", time_zone="America/New_York")


@pytest.fixture
def other_runner(db):
    return make_user("other@example.com", name="Otto Other", unit="km", time_zone="Europe/Berlin")


@pytest.fixture
def runner_client(client, runner):
    client.force_login(runner)
    return client


@pytest.fixture
def mile_client(client, mile_runner):
    client.force_login(mile_runner)
    return client


@pytest.fixture
def api(runner):
    """The runner through the REST API."""
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user=runner)
    return client


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Real hashing is deliberately slow; tests only need passwords to round-trip.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def alone_when_marked(request, tmp_path_factory):
    # A test marked `alone` measures timings (Lighthouse), so no other test of the run may share the
    # machine meanwhile. Under pytest-xdist every test holds a shared lock on one file of the run, and
    # such a test holds it exclusively: it waits for the tests running elsewhere to end, and they wait
    # for it. In one process, tests run one at a time anyway.
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        yield
        return
    exclusive = request.node.get_closest_marker("alone") is not None
    # Each worker's temporary folder sits in the run's own folder, which no other run shares.
    lock_file = tmp_path_factory.getbasetemp().parent / "alone.lock"
    with lock_file.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        yield


@pytest.fixture(scope="session", autouse=True)
def own_task_queue():
    # One queue per test process, so parallel runs sharing a Redis never take each other's tasks.
    from django_q.conf import Conf

    Conf.CLUSTER_NAME = Conf.PREFIX = f"footnote-test-{os.getpid()}"
    yield
    from django_q.brokers import get_broker

    if not Conf.ORM:
        get_broker().delete_queue()


@pytest.fixture(autouse=True)
def empty_file_cache_after_each_test():
    # The file cache (the default without REDIS_URL) is not rolled back with the test's transaction:
    # empty it after every test, so no rate-limit count reaches the next one.
    yield
    from django.conf import settings

    if "FileBasedCache" in settings.CACHES["default"]["BACKEND"]:
        from django.core.cache import cache

        cache.clear()


@pytest.fixture(autouse=True)
def own_redis_cache(request):
    # With REDIS_URL the cache (and so the rate limits) is in Redis, which no test transaction
    # rolls back: give each test process its own key prefix and empty it after every test.
    from django.conf import settings

    if "RedisCache" not in settings.CACHES["default"]["BACKEND"]:
        yield
        return
    from django.core.cache import cache

    settings_fixture = request.getfixturevalue("settings")
    settings_fixture.CACHES = {
        "default": {**settings.CACHES["default"], "KEY_PREFIX": f"footnote-test-{os.getpid()}"}
    }
    yield
    client = cache._cache.get_client(write=True)
    keys = list(client.scan_iter(match=f"footnote-test-{os.getpid()}:*", count=1000))
    if keys:
        client.delete(*keys)


@pytest.fixture
def run_jobs(db):
    """Call to run what the test queued, as a worker would; returns the finished tasks."""
    from django_q.brokers import get_broker
    from django_q.conf import Conf

    from tests.worker import run_queued_tasks

    if not Conf.ORM:
        # Redis keeps what earlier tests committed (no rollback there): start from an empty queue.
        get_broker().purge_queue()

    return run_queued_tasks
