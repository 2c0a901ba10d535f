"""Sign-in backend: allauth's, with the runner's profile read in the same query as the user."""

from __future__ import annotations

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth import get_user_model


class ProfileAuthenticationBackend(AuthenticationBackend):
    """Every page reads `request.user.profile` (time zone, unit, role): one JOIN instead of a second query."""

    def get_user(self, user_id):
        user = get_user_model()._default_manager.select_related("profile").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
