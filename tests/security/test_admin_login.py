"""The admin signs in through allauth's login, so a password alone never opens /admin/."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from injuries.apps import EDITORS_GROUP
from injuries.models import Condition
from journal.admin import ADMIN_LISTED
from journal.models import AccessLog
from tests.factories import PASSWORD, make_run, make_superuser, make_user, totp_code


@pytest.fixture
def superuser_with_totp(db):
    return make_superuser("boss@example.com")


def test_the_admin_login_form_is_allauths(client, db):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "next=%2Fadmin%2F" in response["Location"]


def test_a_password_posted_to_the_admin_login_does_not_open_the_admin(client, superuser_with_totp):
    client.post("/admin/login/?next=/admin/", {"username": "boss@example.com", "password": PASSWORD})
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_password_alone_stops_at_the_second_factor(client, superuser_with_totp):
    response = client.post(
        "/accounts/login/?next=/admin/", {"login": "boss@example.com", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_a_signed_in_superuser_still_reaches_the_admin(client, superuser_with_totp):
    client.force_login(superuser_with_totp)
    assert client.get("/admin/").status_code == 200


def test_a_signed_in_runner_is_refused_the_admin_login(client, runner):
    client.force_login(runner)
    assert client.get("/admin/login/").status_code == 403


def test_repeated_wrong_passwords_on_the_admin_account_are_refused(client, superuser_with_totp):
    for _ in range(5):
        client.post("/accounts/login/", {"login": "boss@example.com", "password": "wrong"})
    blocked = client.post("/accounts/login/", {"login": "boss@example.com", "password": PASSWORD})
    assert "Too many failed login attempts" in blocked.content.decode()
    assert client.get("/admin/").status_code == 302


# Every staff account sets up an authenticator app before any admin page opens.


def signed_in_with_password(client, email: str) -> None:
    response = client.post("/accounts/login/", {"login": email, "password": PASSWORD})
    assert response.status_code == 302 and "_auth_user_id" in client.session


def test_a_superuser_without_an_authenticator_is_sent_to_set_one_up_first(client, runner):
    make_run(runner, day=runner.profile.today())
    make_superuser("new@example.com", totp=False)
    signed_in_with_password(client, "new@example.com")

    response = client.get(reverse("admin:journal_run_changelist"), follow=True)

    url, _ = response.redirect_chain[0]
    assert url == reverse("mfa_activate_totp") + "?next=%2Fadmin%2Fjournal%2Frun%2F"
    assert "Set up an authenticator app before you open the admin." in response.content.decode()
    assert "journal_run" not in response.content.decode()  # no list of anyone's runs
    assert not AccessLog.objects.filter(action=ADMIN_LISTED).exists()


def test_a_content_editor_without_an_authenticator_cannot_change_the_library(client, db):
    call_command("load_library", verbosity=0)
    editor = make_user("ed@example.com", name="Ed Editor")
    editor.is_staff = True
    editor.save(update_fields=["is_staff"])
    editor.groups.add(Group.objects.get(name=EDITORS_GROUP))
    condition = Condition.objects.get(slug="plantar-fasciitis")
    client.force_login(editor)

    change = reverse("admin:injuries_condition_change", args=[condition.pk])
    assert client.get(change)["Location"].startswith(reverse("mfa_activate_totp"))
    client.post(change, {"name": "Changed", "self_care": "Nothing."})

    condition.refresh_from_db()
    assert condition.name != "Changed"


def test_once_set_up_the_superuser_goes_on_to_the_admin_page_that_asked(client, db):
    make_superuser("new@example.com", totp=False)
    signed_in_with_password(client, "new@example.com")
    asked = reverse("admin:journal_run_changelist")
    # allauth asks for the password again before an authenticator is set up.
    reauthenticate = client.get(client.get(asked)["Location"], follow=True).redirect_chain[-1][0]
    assert reauthenticate.startswith(reverse("account_reauthenticate"))
    activate = client.post(reauthenticate, {"password": PASSWORD}, follow=True)
    assert 'name="next" value="/admin/journal/run/"' in activate.content.decode()

    secret = activate.context["form"].secret
    done = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret), "next": asked})

    assert done.status_code == 302 and done["Location"] == asked
    assert client.get(asked).status_code == 200


def test_a_staff_account_without_an_authenticator_can_still_sign_out_of_the_admin(client, db):
    make_superuser("new@example.com", totp=False)
    signed_in_with_password(client, "new@example.com")
    client.post(reverse("admin:logout"))
    assert "_auth_user_id" not in client.session
