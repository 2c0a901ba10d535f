"""Deleting an account: everything about the person goes, and physiotherapists lose access at once.

The database cascades from the user to every row that belongs to them (journal entries, flags,
care links, invites, notes about them and by them, access-log rows, API tokens, email addresses,
authenticators, imports and exports). What a cascade cannot reach is removed here: files in storage
and access requests addressed to their email. Rows that belong to other people and only point at
this person (a flag a physiotherapist acknowledged, a prescription they wrote) keep their own data
with the pointer set to empty.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.sessions.models import Session
from django.core.files.storage import default_storage
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from journal.models import CareRequest, DataExport, ImportBatch

CONFIRM_PHRASE = "delete my account"


def _second_factor_ok(user: AbstractBaseUser, code: str) -> bool:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP

    code = (code or "").strip().replace(" ", "")
    for authenticator in Authenticator.objects.filter(user=user):
        if authenticator.type == Authenticator.Type.TOTP and TOTP(authenticator).validate_code(code):
            return True
        if authenticator.type == Authenticator.Type.RECOVERY_CODES and RecoveryCodes(
            authenticator
        ).validate_code(code):
            return True
    return False


def needs_second_factor(user: AbstractBaseUser) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def deletion_errors(*, user: AbstractBaseUser, password: str, code: str, confirmation: str) -> dict[str, str]:
    errors = {}
    if not user.check_password(password or ""):
        errors["password"] = "That is not your password."  # noqa: S105 (a message, not a secret)
    if needs_second_factor(user) and not _second_factor_ok(user, code):
        errors["code"] = "Enter the current code from your authenticator app, or a recovery code."
    if (confirmation or "").strip().lower() != CONFIRM_PHRASE:
        errors["confirmation"] = f"Type “{CONFIRM_PHRASE}” to confirm."
    return errors


def _user_sessions(user: AbstractBaseUser) -> list[str]:
    # Sessions are not linked to users in the database; look inside the live ones.
    keys = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            keys.append(session.session_key)
    return keys


@transaction.atomic
def account_delete(*, user: AbstractBaseUser) -> None:
    email = user.email
    name = getattr(getattr(user, "profile", None), "display_name", "") or "there"
    files = [
        *(e.file for e in DataExport.objects.filter(owner=user) if e.file),
        *(u["path"] for b in ImportBatch.objects.filter(owner=user) for u in b.uploads if u["path"]),
    ]
    CareRequest.objects.filter(runner_email__iexact=email).delete()
    Session.objects.filter(session_key__in=_user_sessions(user)).delete()
    user.delete()

    def after() -> None:
        for path in files:
            default_storage.delete(path)
        if email:
            send_mail(
                "Your Footnote account is deleted",
                f"Hello {name},\n\nYour Footnote account and everything in your journal have been "
                "deleted: runs, check-ins, shoes, injuries, exercises, flags, sharing with "
                "physiotherapists, their notes about you, API tokens and exports. Physiotherapists "
                "you shared with can no longer see anything.\n\nThis email is the last we send. "
                "We keep no copy of your health data.\n\nFootnote",
                None,
                [email],
            )

    transaction.on_commit(after)
