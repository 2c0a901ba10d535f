from __future__ import annotations

from django.conf import settings
from django.contrib.auth.signals import user_logged_out
from django.db.models.signals import pre_delete
from django.dispatch import receiver

from journal.notify.models import NotificationKind, SentNotification
from journal.notify.services import push_unsubscribe_session


@receiver(user_logged_out)
def forget_this_device(sender, request, user, **kwargs) -> None:
    # Signing out of a device stops its notifications: the next person to use it sees none.
    if user is not None and request is not None:
        push_unsubscribe_session(user=user, session_key=request.session.session_key)


@receiver(pre_delete, sender=settings.AUTH_USER_MODEL)
def forget_alerts_about(sender, instance, **kwargs) -> None:
    # A deleted account leaves nothing behind, not even its id in a physiotherapist's alert record.
    SentNotification.objects.filter(kind=NotificationKind.PATIENT_ALERT, subject=str(instance.pk)).delete()
