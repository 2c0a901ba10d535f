"""Every HTML page carries a Content-Security-Policy without inline script, and a Permissions-Policy."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from injuries.models import Condition
from tests.factories import make_run, make_superuser

PLAIN = re.compile(r"^[\w\-./]*$")


def plain_routes(patterns=None, prefix: str = "") -> list[str]:
    """Every address in the URL configuration that takes no parameters."""
    routes = []
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        part = prefix + str(entry.pattern)
        if not PLAIN.match(part):
            continue
        if isinstance(entry, URLResolver):
            routes += plain_routes(entry.url_patterns, part)
        elif isinstance(entry, URLPattern):
            routes.append("/" + part)
    return sorted(set(routes))


def assert_protected(response, address: str) -> None:
    policy = response.get("Content-Security-Policy", "")
    directives = {
        name: rest for name, _, rest in (d.strip().partition(" ") for d in policy.split(";") if d.strip())
    }
    assert directives.get("script-src") == "'self'", address
    assert "unsafe-inline" not in directives.get("default-src", ""), address
    assert directives.get("object-src") == "'none'", address
    assert directives.get("frame-ancestors") == "'none'", address
    permissions = response.get("Permissions-Policy", "")
    for feature in ("camera=()", "geolocation=()", "microphone=()", "payment=()"):
        assert feature in permissions, address


def html_responses(client: Client, addresses: list[str]):
    for address in addresses:
        response = client.get(address, follow=True)
        if response.get("Content-Type", "").startswith("text/html"):
            yield address, response


@pytest.fixture
def superuser_client(db):
    client = Client()
    client.force_login(make_superuser())
    return client


def test_the_route_walk_finds_the_pages():
    routes = plain_routes()
    for expected in ("/today/", "/clinic/", "/admin/", "/accounts/login/", "/api/docs/", "/conditions/"):
        assert expected in routes


def test_every_public_page_carries_both_policies(client, db):
    seen = 0
    for address, response in html_responses(client, [*plain_routes(), "/no-such-page/"]):
        assert_protected(response, address)
        seen += 1
    assert seen >= 10


def test_every_signed_in_page_carries_both_policies(runner_client, runner):
    run = make_run(runner, day=runner.profile.today())
    addresses = [*plain_routes(), f"/entries/run/{run.pk}/edit/", "/no-such-page/"]
    seen = 0
    for address, response in html_responses(runner_client, addresses):
        assert_protected(response, address)
        seen += 1
    assert seen >= 15


def test_admin_and_library_pages_carry_both_policies(superuser_client):
    condition = Condition.objects.create(slug="test-condition", name="Test condition")
    addresses = [
        *[a for a in plain_routes() if a.startswith("/admin/")],
        "/admin/journal/run/",
        "/admin/injuries/condition/",
        f"/admin/injuries/condition/{condition.pk}/change/",
        f"/conditions/{condition.slug}/",
    ]
    for address, response in html_responses(superuser_client, addresses):
        assert_protected(response, address)


def test_no_page_template_has_an_inline_script():
    from pathlib import Path

    from django.conf import settings

    for template in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        text = template.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text):
            assert "src=" in tag or 'type="application/json"' in tag, f"{template}: {tag}"
        assert not re.search(r"\son[a-z]+=", text), f"{template} has an inline event handler"
