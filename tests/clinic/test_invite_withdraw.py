"""A runner's unused invite codes: listed with their expiry, withdrawn with one button, a few at most."""

from django.urls import reverse

from journal.clinic import services as clinic
from journal.models import CareInvite, CareLink
from tests.clinic.conftest import login
from tests.factories import make_user

FULL = "You have 3 unused invite codes. Withdraw one before you create another."


def test_codes_are_listed_with_their_expiry_and_a_withdraw_button(patient):
    invite = clinic.invite_create(runner=patient)
    html = login(patient).get(reverse("sharing")).content.decode()
    assert "An unused code made 20 Nov 2026, valid until 27 Nov 2026" in html
    assert reverse("sharing_withdraw", args=[invite.pk]) in html and ">Withdraw</button>" in html


def test_a_withdrawn_code_can_no_longer_link(patient, unlinked_physio):
    invite = clinic.invite_create(runner=patient)
    client = login(patient)
    response = client.post(reverse("sharing_withdraw", args=[invite.pk]), follow=True)
    html = response.content.decode()
    assert "Invite code withdrawn. It can no longer be used." in html and "An unused code made" not in html
    login(unlinked_physio).post(reverse("clinic:invite"), {"code": invite.code})
    assert not CareLink.objects.exists()


def test_at_most_three_live_codes_and_a_fourth_is_refused_beside_the_button(patient):
    client = login(patient)
    for _ in range(3):
        assert client.post(reverse("sharing_invite")).status_code == 200
    response = client.post(reverse("sharing_invite"))
    html = response.content.decode()
    assert response.status_code == 400 and FULL in html and 'data-testid="invite-code"' not in html
    assert CareInvite.objects.filter(runner=patient).count() == 3
    # Withdrawing one makes room for another.
    client.post(reverse("sharing_withdraw", args=[CareInvite.objects.filter(runner=patient).first().pk]))
    assert 'data-testid="invite-code"' in client.post(reverse("sharing_invite")).content.decode()


def test_it_checks_ownership(patient):
    invite = clinic.invite_create(runner=patient)
    stranger = make_user("stranger@example.com", name="Stan Stranger")
    assert login(stranger).post(reverse("sharing_withdraw", args=[invite.pk])).status_code == 404
    invite.refresh_from_db()
    assert invite.is_usable
