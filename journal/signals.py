from __future__ import annotations

from allauth.account.signals import password_changed, password_reset, password_set
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from injuries.models import Condition
from journal.accounts.services import profile_ensure
from journal.flags.projection import projections_clear


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def profile_for_new_user(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    # Users made outside sign-up (createsuperuser, the admin) still get a profile.
    if created and not raw:
        profile_ensure(user=instance)


@receiver(user_logged_in)
def profile_at_sign_in(sender, request, user, **kwargs) -> None:
    # A user without one (loaded from a fixture, or their profile deleted in the admin) gets it back
    # when they sign in, so the pages they then open only read it.
    profile_ensure(user=user)


@receiver(password_changed)
@receiver(password_set)
@receiver(password_reset)
def tokens_revoked_with_the_old_password(sender, request, user, **kwargs) -> None:
    # A new password ends every API token: one taken with the old password must not outlive it.
    from knox.models import AuthToken

    AuthToken.objects.filter(user=user).delete()


@receiver(post_save, sender=Condition)
@receiver(post_delete, sender=Condition)
def projections_void_with_the_library(sender, raw: bool = False, **kwargs) -> None:
    # A condition's name, pain model or time before running again may be in tomorrow's projected flags:
    # after an edit, every runner's next new day is evaluated in full.
    if not raw:
        projections_clear()
