"""Invite codes cannot be guessed: five wrong codes pause a physiotherapist, and codes are stored hashed."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from journal.clinic import services as clinic
from journal.models import CareLink, CareRequest
from tests.clinic.conftest import login, make_physio

TOO_MANY = "Too many wrong codes. Wait 15 minutes, then try again."


def try_code(client, code):
    return client.post(reverse("clinic:invite"), {"code": code})


def test_four_wrong_codes_still_let_the_right_one_through(patient, unlinked_physio):
    invite = clinic.invite_create(runner=patient)
    client = login(unlinked_physio)
    for n in range(4):
        assert try_code(client, f"WRONGCODE{n}").status_code == 200
    assert try_code(client, invite.code).status_code == 302
    assert CareLink.objects.filter(runner=patient, physio=unlinked_physio).exists()


def test_after_five_wrong_codes_even_the_right_one_answers_429(patient, unlinked_physio):
    invite = clinic.invite_create(runner=patient)
    client = login(unlinked_physio)
    for n in range(5):
        assert try_code(client, f"WRONGCODE{n}").status_code == 200
    response = try_code(client, invite.code)
    assert response.status_code == 429
    assert TOO_MANY in response.content.decode()
    assert not CareLink.objects.exists()
    invite.refresh_from_db()
    assert invite.used_at is None


def test_one_physiotherapists_wrong_codes_do_not_block_another(patient, unlinked_physio):
    invite = clinic.invite_create(runner=patient)
    for n in range(6):
        try_code(login(unlinked_physio), f"WRONGCODE{n}")
    other = make_physio("other.physio@example.com", "Olly Other")
    assert try_code(login(other), invite.code).status_code == 302


def test_the_pause_ends_after_15_minutes(frozen_time, patient, unlinked_physio):
    invite = clinic.invite_create(runner=patient)
    client = login(unlinked_physio)
    for n in range(5):
        try_code(client, f"WRONGCODE{n}")
    frozen_time.shift(14 * 60)
    assert try_code(client, invite.code).status_code == 429
    frozen_time.shift(61)
    assert try_code(client, invite.code).status_code == 302


def test_access_requests_answer_429_after_twenty_an_hour(unlinked_physio):
    client = login(unlinked_physio)
    statuses = [
        client.post(reverse("clinic:request"), {"runner_email": f"r{n}@example.com"}).status_code
        for n in range(21)
    ]
    assert statuses[:20] == [302] * 20
    assert statuses[20] == 429
    assert CareRequest.objects.count() == 20


@pytest.mark.django_db(transaction=True)
def test_codes_made_before_hashing_keep_working_after_the_migration():
    executor = MigrationExecutor(connection)
    executor.migrate([("journal", "0004_data_in_and_out")])
    old_apps = executor.loader.project_state([("journal", "0004_data_in_and_out")]).apps
    User = old_apps.get_model("auth", "User")
    runner = User.objects.create(username="old@example.com", email="old@example.com")
    old_apps.get_model("journal", "CareInvite").objects.create(
        runner=runner, code="ABCDE23456", expires_at="2999-01-01T00:00:00Z"
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from journal.models import CareInvite

    invite = CareInvite.objects.get()
    assert invite.code_hash == clinic.invite_code_hash("ABCDE23456")
    assert "ABCDE23456" not in invite.code_hash
