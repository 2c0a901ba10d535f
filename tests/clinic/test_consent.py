"""Consent: invite codes, requests by email, several physiotherapists, revoking and re-linking."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from journal.clinic import services as clinic
from journal.models import CareInvite, CareLink, CareRequest
from tests.clinic.conftest import link, login, make_physio

INVALID = "This code is not valid: it may be mistyped, used already or expired."


def accept_code(physio, code):
    return login(physio).post(reverse("clinic:invite"), {"code": code})


def patient_page(physio, patient):
    return login(physio).get(reverse("clinic:patient", args=[patient.pk]))


# Invite codes


def test_runner_creates_a_code_on_the_sharing_page(patient):
    client = login(patient)
    response = client.post(reverse("sharing_invite"))
    html = response.content.decode()
    code = re.search(r'data-testid="invite-code">([A-Z0-9]{10})<', html).group(1)
    assert "valid until 27 Nov 2026" in html
    assert reverse("clinic:invite_code", args=[code]) in html
    # Shown once: the sharing page lists the open code without it, and only its hash is stored.
    later = client.get(reverse("sharing")).content.decode()
    assert code not in later and "An unused code made 20 Nov 2026, valid until 27 Nov 2026" in later
    invite = CareInvite.objects.get(runner=patient)
    assert invite.code_hash == clinic.invite_code_hash(code) and code not in invite.code_hash


def test_an_invite_code_links_once_and_only_once(patient, unlinked_physio):
    invite = clinic.invite_create(runner=patient)
    response = accept_code(unlinked_physio, invite.code)
    assert response.status_code == 302 and response["Location"] == reverse("clinic:triage")
    assert CareLink.objects.filter(runner=patient, physio=unlinked_physio, revoked_at=None).count() == 1
    assert patient_page(unlinked_physio, patient).status_code == 200

    second = make_physio("second@example.com", "Sam Second")
    response = accept_code(second, invite.code)
    assert response.status_code == 200
    assert INVALID in response.content.decode()
    assert response.context["form"].errors["code"] == [INVALID]
    assert not CareLink.objects.filter(physio=second).exists()
    assert patient_page(second, patient).status_code == 404


def test_a_code_is_forgiving_about_case_spaces_and_dashes(patient, unlinked_physio):
    invite = clinic.invite_create(runner=patient)
    typed = f" {invite.code[:5].lower()}-{invite.code[5:].lower()} "
    assert accept_code(unlinked_physio, typed).status_code == 302
    assert CareLink.objects.filter(runner=patient, physio=unlinked_physio).exists()


def test_an_invite_link_prefills_the_code(patient, unlinked_physio):
    invite = clinic.invite_create(runner=patient)
    response = login(unlinked_physio).get(reverse("clinic:invite_code", args=[invite.code]))
    assert response.status_code == 200
    assert f'value="{invite.code}"' in response.content.decode()
    # Opening the link alone links nobody.
    assert not CareLink.objects.filter(physio=unlinked_physio).exists()


def test_an_invite_code_expires_after_seven_days(frozen_time, patient, unlinked_physio):
    invite = clinic.invite_create(runner=patient)
    frozen_time.shift(timedelta(days=7, seconds=1))
    response = accept_code(unlinked_physio, invite.code)
    assert response.status_code == 200
    assert INVALID in response.content.decode()
    assert not CareLink.objects.filter(physio=unlinked_physio).exists()
    # Expired codes are no longer offered on the sharing page.
    assert invite.code not in login(patient).get(reverse("sharing")).content.decode()


def test_an_invite_code_still_works_just_before_seven_days(frozen_time, patient, unlinked_physio):
    invite = clinic.invite_create(runner=patient)
    frozen_time.shift(timedelta(days=7) - timedelta(minutes=1))
    assert accept_code(unlinked_physio, invite.code).status_code == 302


def test_only_a_physio_can_accept_a_code(patient, other_runner, editor):
    invite = clinic.invite_create(runner=patient)
    for user in (other_runner, editor):
        assert accept_code(user, invite.code).status_code == 404
    with pytest.raises(ValidationError, match="Only a physiotherapist"):
        clinic.invite_accept(physio=other_runner, code=invite.code)
    # The refused attempts did not use the code up.
    invite.refresh_from_db()
    assert invite.used_at is None and invite.is_usable
    assert not CareLink.objects.exists()


def test_a_runner_cannot_link_to_their_own_journal(db):
    # A physiotherapist who also keeps a running journal.
    both = make_physio("both@example.com", "Bo Both")
    invite = clinic.invite_create(runner=both)
    response = accept_code(both, invite.code)
    assert response.status_code == 200
    assert "You cannot link to your own journal." in response.content.decode()
    assert not CareLink.objects.exists()
    invite.refresh_from_db()
    assert invite.used_at is None


def test_a_wrong_code_is_refused(unlinked_physio):
    response = accept_code(unlinked_physio, "NOTACODE99")
    assert response.status_code == 200 and INVALID in response.content.decode()


# Requests by email


def request_access(physio, email):
    return login(physio).post(reverse("clinic:request"), {"runner_email": email})


def test_request_by_email_sends_a_mail_without_health_data(patient, unlinked_physio):
    response = request_access(unlinked_physio, "PAT@example.com")
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["pat@example.com"]
    assert "Una Unlinked" in message.body
    assert "/sharing/" in message.body
    text = message.subject + message.body
    # Nothing of the patient's journal: no name, no pain scores, no flags, no distances.
    assert "Pat Patient" not in text
    assert not re.search(r"\d+/10|\bkm\b|\bmi\b|walk four steps", text)
    assert not re.search(r"\d", re.sub(r"https?://\S+", "", text))
    # And nothing is shared yet.
    assert patient_page(unlinked_physio, patient).status_code == 404


def test_a_request_for_an_unknown_address_reads_the_same(unlinked_physio, patient):
    request_access(unlinked_physio, "nobody@example.com")
    request_access(unlinked_physio, "pat@example.com")
    unknown, known = mail.outbox
    assert unknown.subject == known.subject
    assert unknown.body == known.body


def test_request_accepted_by_the_runner_links_them(patient, unlinked_physio):
    request_access(unlinked_physio, "pat@example.com")
    client = login(patient)
    html = client.get(reverse("sharing")).content.decode()
    assert "Una Unlinked" in html and "asks to see your journal" in html
    pending = CareRequest.objects.get()
    response = client.post(reverse("sharing_answer", args=[pending.pk]), {"answer": "accept"})
    assert response.status_code == 302
    assert CareLink.objects.filter(
        runner=patient, physio=unlinked_physio, via="request", revoked_at=None
    ).exists()
    assert patient_page(unlinked_physio, patient).status_code == 200
    # Answered requests are no longer offered.
    assert "asks to see your journal" not in client.get(reverse("sharing")).content.decode()


def test_request_declined_by_the_runner_links_nobody(patient, unlinked_physio):
    request_access(unlinked_physio, "pat@example.com")
    pending = CareRequest.objects.get()
    response = login(patient).post(reverse("sharing_answer", args=[pending.pk]), {"answer": "decline"})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.accepted is False and pending.answered_at is not None
    assert not CareLink.objects.filter(physio=unlinked_physio).exists()
    assert patient_page(unlinked_physio, patient).status_code == 404


def test_someone_else_cannot_answer_a_request(patient, other_runner, unlinked_physio):
    request_access(unlinked_physio, "pat@example.com")
    pending = CareRequest.objects.get()
    assert "asks to see" not in login(other_runner).get(reverse("sharing")).content.decode()
    response = login(other_runner).post(reverse("sharing_answer", args=[pending.pk]), {"answer": "accept"})
    assert response.status_code == 404
    # Nor the physiotherapist who asked.
    response = login(unlinked_physio).post(reverse("sharing_answer", args=[pending.pk]), {"answer": "accept"})
    assert response.status_code == 404
    pending.refresh_from_db()
    assert pending.answered_at is None
    assert not CareLink.objects.exists()


def test_a_request_is_answered_once(patient, unlinked_physio):
    request_access(unlinked_physio, "pat@example.com")
    pending = CareRequest.objects.get()
    client = login(patient)
    client.post(reverse("sharing_answer", args=[pending.pk]), {"answer": "decline"})
    response = client.post(reverse("sharing_answer", args=[pending.pk]), {"answer": "accept"})
    assert response.status_code == 404
    assert not CareLink.objects.exists()


def test_only_a_physio_can_ask_for_access(other_runner, patient):
    response = login(other_runner).post(reverse("clinic:request"), {"runner_email": "pat@example.com"})
    assert response.status_code == 404
    assert mail.outbox == []
    assert not CareRequest.objects.exists()


# Several physiotherapists, who has access, revoking


def test_several_physios_can_be_linked_at_once(patient, physio, unlinked_physio):
    link(patient, unlinked_physio)
    assert patient_page(physio, patient).status_code == 200
    assert patient_page(unlinked_physio, patient).status_code == 200
    html = login(patient).get(reverse("sharing")).content.decode()
    assert "Phil Physio" in html and "Una Unlinked" in html


def test_sharing_shows_who_has_access_and_since_when(frozen_time, patient):
    frozen_time.move_to("2026-11-03 09:00:00+00:00")
    early = make_physio("early@example.com", "Erin Early")
    early.profile.practice = "Riverside Physio"
    early.profile.save()
    link(patient, early)
    frozen_time.move_to("2026-11-20 12:00:00+00:00")
    html = login(patient).get(reverse("sharing")).content.decode()
    assert "<strong>Erin Early</strong>, Riverside Physio · since 3 Nov 2026" in html


def test_sharing_says_nobody_when_nobody_has_access(patient, revoked_physio):
    html = login(patient).get(reverse("sharing")).content.decode()
    assert "Nobody. Your journal is yours alone." in html
    assert "Rex Revoked" not in html


def test_revoke_takes_one_post_and_works_on_the_next_request(patient, physio):
    physio_client = login(physio)
    page = reverse("clinic:patient", args=[patient.pk])
    assert physio_client.get(page).status_code == 200
    care_link = CareLink.objects.get(runner=patient, physio=physio)
    response = login(patient).post(reverse("sharing_revoke", args=[care_link.pk]), follow=True)
    assert "Access removed" in response.content.decode()
    care_link.refresh_from_db()
    assert care_link.revoked_at is not None
    assert physio_client.get(page).status_code == 404
    assert "Pat Patient" not in physio_client.get(reverse("clinic:triage")).content.decode()
    # Revoking twice is a 404, not a 500.
    assert login(patient).post(reverse("sharing_revoke", args=[care_link.pk])).status_code == 404


def test_revoke_needs_a_post(patient, physio):
    care_link = CareLink.objects.get(runner=patient, physio=physio)
    assert login(patient).get(reverse("sharing_revoke", args=[care_link.pk])).status_code == 405
    care_link.refresh_from_db()
    assert care_link.revoked_at is None


@pytest.mark.parametrize("persona", ["other_runner", "physio"])
def test_nobody_else_can_revoke_a_link(request, patient, physio, persona):
    care_link = CareLink.objects.get(runner=patient, physio=physio)
    client = login(request.getfixturevalue(persona))
    assert client.post(reverse("sharing_revoke", args=[care_link.pk])).status_code == 404
    care_link.refresh_from_db()
    assert care_link.revoked_at is None


def test_relinking_after_revoke_makes_a_new_link(frozen_time, patient, physio):
    old = CareLink.objects.get(runner=patient, physio=physio)
    clinic.link_revoke(runner=patient, link_id=old.pk)
    frozen_time.shift(timedelta(hours=1))
    new = link(patient, physio)
    assert new.pk != old.pk
    old.refresh_from_db()
    assert old.revoked_at is not None and new.revoked_at is None
    assert CareLink.objects.filter(runner=patient, physio=physio).count() == 2
    assert patient_page(physio, patient).status_code == 200
