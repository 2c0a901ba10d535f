from __future__ import annotations

from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver

from journal.notify.services import push_unsubscribe_session


@receiver(user_logged_out)
def forget_this_device(sender, request, user, **kwargs) -> None:
    # Signing out of a device stops its notifications: the next person to use it sees none.
    if user is not None and request is not None:
        push_unsubscribe_session(user=user, session_key=request.session.session_key)
