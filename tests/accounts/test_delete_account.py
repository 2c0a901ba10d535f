from __future__ import annotations

import time
from datetime import date, timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import models
from django.urls import reverse
from knox.models import AuthToken

from journal.clinic import selectors
from journal.clinic import services as clinic
from journal.entries import services
from journal.exports import flow as export_flow
from journal.flags import services as flagging
from journal.imports import flow as import_flow
from journal.models import CareLink, CareRequest, ClinicianNote, DataExport, Flag, Run
from journal.notify.models import NotificationKind, NotificationSettings, PushSubscription, SentNotification
from tests.factories import (
    PASSWORD,
    make_checkin,
    make_completion,
    make_exercise,
    make_run,
    make_shoe,
    make_user,
)

TODAY = date(2026, 11, 25)


@pytest.fixture(autouse=True)
def pinned(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with time_machine.travel("2026-11-25 12:00:00+00:00", tick=False):
        yield


def _full_journal(runner, physio):
    shoe = make_shoe(runner, name="Trainer", start_distance_m=790_000)
    make_run(runner, day=TODAY - timedelta(days=1), shoe=shoe, pain_during=6)
    make_checkin(runner, day=TODAY - timedelta(days=1), pain_now=7, can_walk_four_steps=False)
    services.episode_record(
        owner=runner, label="Sore heel", side="right", onset_date=TODAY - timedelta(days=5)
    )
    prescription = clinic.prescription_create(
        physio=physio, patient=runner, exercise=make_exercise(), sets=3, reps=10, starts_on=TODAY
    )
    make_completion(runner, day=TODAY, prescription=prescription, exercise=make_exercise())
    services.return_plan_start(owner=runner, started_on=TODAY, pre_injury_weekly_m=30000)
    CareLink.objects.create(runner=runner, physio=physio, via="invite")
    clinic.invite_create(runner=runner)
    CareRequest.objects.create(physio=physio, runner_email=runner.email)
    ClinicianNote.objects.create(patient=runner, author=physio, text="About the runner")
    clinic.access_record(physio=physio, patient=runner, action="viewed the journal")
    flag = Flag.objects.filter(owner=runner, cleared_at__isnull=True).first()
    flagging.flag_acknowledge(flag=flag, by=physio)
    AuthToken.objects.create(user=runner)
    EmailAddress.objects.get_or_create(
        user=runner, email=runner.email, defaults={"verified": True, "primary": True}
    )
    export_flow.export_request(owner=runner)
    from django.core.files.uploadedfile import SimpleUploadedFile

    import_flow.batch_create(owner=runner, files=[SimpleUploadedFile("a.txt", b"not a run")])
    TOTP.activate(runner, generate_totp_secret())
    NotificationSettings.objects.update_or_create(user=runner, defaults={"reminders_on": True})
    PushSubscription.objects.create(
        user=runner, endpoint="https://push.example/abc", p256dh="key", auth="secret"
    )
    SentNotification.objects.create(recipient=runner, kind=NotificationKind.values[0], day=TODAY)


def _rows_pointing_at(user_id: int) -> dict[str, int]:
    """Every model with a foreign key (or one-to-one) to the user model: rows that still point at the id."""
    user_model = get_user_model()
    found = {}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if (
                isinstance(field, models.ForeignKey | models.OneToOneField)
                and field.related_model is user_model
            ):
                count = model._default_manager.filter(**{field.attname: user_id}).count()
                if count:
                    found[f"{model._meta.label}.{field.name}"] = count
    return found


@pytest.fixture
def physio(db):
    return make_user("physio@example.com", name="Pat Physio", role="physio")


def test_delete_leaves_no_row_that_references_the_runner(
    client, runner, physio, django_capture_on_commit_callbacks
):
    _full_journal(runner, physio)
    runner_id = runner.pk
    before = _rows_pointing_at(runner_id)
    # The walk sees the journal, so zero afterwards means something.
    assert {
        "journal.Run.owner",
        "journal.Checkin.owner",
        "journal.CareLink.runner",
        "knox.AuthToken.user",
    } <= set(before)
    client.force_login(runner)
    secret_code = _current_code(runner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_delete"),
            {"password": PASSWORD, "code": secret_code, "confirmation": "delete my account"},
        )
    assert response.status_code == 200
    assert "Your account is deleted" in response.content.decode()
    assert _rows_pointing_at(runner_id) == {}
    assert not get_user_model().objects.filter(pk=runner_id).exists()
    assert not CareRequest.objects.filter(runner_email=runner.email).exists()
    assert not DataExport.objects.exists()
    assert list((django_settings.MEDIA_ROOT).rglob("*.zip")) == []
    # The physiotherapist keeps their account and nothing about the runner.
    assert get_user_model().objects.filter(pk=physio.pk).exists()
    assert selectors.patient_for(physio=physio, patient_id=runner_id) is None
    # One email confirms it.
    assert [m.to for m in mail.outbox] == [[runner.email]]
    assert "deleted" in mail.outbox[0].subject
    # The session is gone: the journal now asks to sign in.
    assert client.get(reverse("journal:today")).status_code == 302


def _current_code(user) -> str:
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    from allauth.mfa.utils import decrypt

    secret = decrypt(authenticator.data["secret"])
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.mark.parametrize(
    ("password", "confirmation", "field", "message"),
    [
        ("wrong-password", "delete my account", "password", "That is not your password."),
        (PASSWORD, "delete", "confirmation", "to confirm"),
        (PASSWORD, "", "confirmation", "This field is required."),
    ],
)
def test_a_wrong_answer_deletes_nothing(runner_client, runner, password, confirmation, field, message):
    make_run(runner, day=TODAY)
    response = runner_client.post(
        reverse("account_delete"), {"password": password, "confirmation": confirmation}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert get_user_model().objects.filter(pk=runner.pk).exists()
    assert Run.objects.filter(owner=runner).count() == 1
    assert mail.outbox == []


def test_with_a_second_factor_the_code_is_required(runner_client, runner):
    TOTP.activate(runner, generate_totp_secret())
    page = runner_client.get(reverse("account_delete")).content.decode()
    assert "authenticator app" in page
    for code in ("", "000000"):
        response = runner_client.post(
            reverse("account_delete"),
            {"password": PASSWORD, "code": code, "confirmation": "delete my account"},
        )
        assert response.status_code == 400
        assert "Enter the current code" in response.content.decode()
    assert get_user_model().objects.filter(pk=runner.pk).exists()
    response = runner_client.post(
        reverse("account_delete"),
        {"password": PASSWORD, "code": _current_code(runner), "confirmation": "Delete my account"},
    )
    assert response.status_code == 200
    assert not get_user_model().objects.filter(pk=runner.pk).exists()


def test_without_a_second_factor_no_code_is_asked(runner_client):
    assert "authenticator app" not in runner_client.get(reverse("account_delete")).content.decode()


def test_settings_links_to_delete(runner_client):
    assert reverse("account_delete") in runner_client.get(reverse("journal:settings")).content.decode()


def test_physio_loses_access_at_once(runner, physio, django_capture_on_commit_callbacks):
    from journal.accounts.deletion import account_delete

    CareLink.objects.create(runner=runner, physio=physio, via="invite")
    runner_id = runner.pk
    assert selectors.patient_for(physio=physio, patient_id=runner_id) is not None
    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=runner)
    assert selectors.patient_for(physio=physio, patient_id=runner_id) is None
    assert CareLink.objects.count() == 0
