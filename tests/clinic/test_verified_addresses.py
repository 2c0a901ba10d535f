"""A physiotherapist's request goes to an address: only that address's confirmed owner may see or answer it.

And sign-up neither lets anyone in before they confirm their address nor reveals who has an account.
"""

import re

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from journal.models import CareLink, CareRequest
from tests.clinic.conftest import login
from tests.factories import PASSWORD, make_user


def request_access(physio, email):
    return login(physio).post(reverse("clinic:request"), {"runner_email": email})


def answer(user, pending, choice="accept"):
    return login(user).post(reverse("sharing_answer", args=[pending.pk]), {"answer": choice})


def test_an_account_with_the_address_unconfirmed_cannot_see_or_accept_the_request(unlinked_physio):
    squatter = make_user("victim@example.com", name="Sam Squatter", verified=False)
    request_access(unlinked_physio, "victim@example.com")
    pending = CareRequest.objects.get()

    assert "asks to see your journal" not in login(squatter).get(reverse("sharing")).content.decode()
    assert answer(squatter, pending).status_code == 404
    pending.refresh_from_db()
    assert pending.answered_at is None
    assert not CareLink.objects.exists()


def test_an_unconfirmed_second_address_does_not_match(unlinked_physio, other_runner):
    EmailAddress.objects.create(user=other_runner, email="victim@example.com", verified=False)
    request_access(unlinked_physio, "victim@example.com")
    pending = CareRequest.objects.get()

    assert "asks to see your journal" not in login(other_runner).get(reverse("sharing")).content.decode()
    assert answer(other_runner, pending).status_code == 404
    assert not CareLink.objects.exists()


def test_a_confirmed_second_address_matches(unlinked_physio, other_runner):
    EmailAddress.objects.create(user=other_runner, email="work@example.com", verified=True)
    request_access(unlinked_physio, "Work@Example.com")
    pending = CareRequest.objects.get()

    assert "asks to see your journal" in login(other_runner).get(reverse("sharing")).content.decode()
    assert answer(other_runner, pending).status_code == 302
    assert CareLink.objects.filter(runner=other_runner, physio=unlinked_physio, via="request").exists()


SIGNUP = {
    "password1": PASSWORD,
    "password2": PASSWORD,
    "display_name": "Nia New",
    "role": "runner",
    "unit": "km",
    "time_zone": "UTC",
}


def test_sign_up_waits_for_the_address_to_be_confirmed(client, db):
    response = client.post(reverse("account_signup"), {**SIGNUP, "email": "new@example.com"})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("journal:today")).status_code == 302

    (message,) = mail.outbox
    confirm_url = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", message.body).group(1)
    client.post(confirm_url)
    assert EmailAddress.objects.get(email="new@example.com").verified
    response = client.post(reverse("account_login"), {"login": "new@example.com", "password": PASSWORD})
    assert response["Location"] == reverse("journal:today")


def test_sign_up_does_not_reveal_that_an_address_is_registered(client, runner):
    new = client.post(reverse("account_signup"), {**SIGNUP, "email": "new@example.com"})
    taken = client.post(reverse("account_signup"), {**SIGNUP, "email": "runner@example.com"})
    assert (taken.status_code, taken["Location"]) == (new.status_code, new["Location"])
    assert get_user_model().objects.filter(email="runner@example.com").count() == 1
    # The owner of the registered address hears about it; nobody else learns anything.
    to_owner = [m for m in mail.outbox if m.to == ["runner@example.com"]]
    assert len(to_owner) == 1
