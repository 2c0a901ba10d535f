"""Web Push with VAPID (pywebpush, py-vapid): the site's keys and one send."""

from __future__ import annotations

import base64
import json
import logging

import requests
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.db import transaction
from py_vapid import Vapid
from pywebpush import WebPushException, webpush

from journal.notify.models import PushKeys, PushSubscription

logger = logging.getLogger(__name__)
PUSH_TTL_S = 12 * 3600
GONE = {404, 410}


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def push_keys_ensure(*, using: str = "default") -> None:
    """Make the site's key pair once, after migrate (and flush), unless VAPID_PRIVATE_KEY is set.

    Kept out of the request path so that no page view writes; the first one made wins if two raced.
    """
    if settings.VAPID_PRIVATE_KEY or PushKeys.objects.using(using).exists():
        return
    with transaction.atomic(using=using):
        fresh = Vapid()
        fresh.generate_keys()
        PushKeys.objects.using(using).create(
            private_pem=fresh.private_pem().decode(), public_key=public_key_of(fresh)
        )


def vapid() -> Vapid | None:
    """The key pair: VAPID_PRIVATE_KEY from the environment, else the one made after migrate."""
    if settings.VAPID_PRIVATE_KEY:
        return Vapid.from_string(settings.VAPID_PRIVATE_KEY)
    keys = PushKeys.objects.order_by("id").first()
    return Vapid.from_pem(keys.private_pem.encode()) if keys else None


def public_key_of(key: Vapid) -> str:
    # What the browser's pushManager.subscribe() takes as applicationServerKey.
    raw = key.public_key.public_bytes(
        encoding=serialization.Encoding.X962, format=serialization.PublicFormat.UncompressedPoint
    )
    return _b64url(raw)


def application_server_key() -> str:
    """The public key for pushManager.subscribe(); empty when the site has none (push then stays off)."""
    key = vapid()
    return public_key_of(key) if key else ""


def push_send(*, subscription: PushSubscription, payload: dict) -> bool:
    """Send one push and say whether the push service took it.

    A subscription the push service calls gone (404, 410) is removed. Any other failure is
    logged and counts as not delivered, so the caller falls back to email rather than retrying
    a send that may already have reached the device.
    """
    key = vapid()
    if key is None:
        return False
    try:
        webpush(
            subscription_info={
                "endpoint": subscription.endpoint,
                "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
            },
            data=json.dumps(payload),
            vapid_private_key=key,
            vapid_claims={"sub": settings.VAPID_SUBJECT},
            ttl=PUSH_TTL_S,
            timeout=10,
        )
    except WebPushException as error:
        if error.response is not None and error.response.status_code in GONE:
            subscription.delete()
        else:
            logger.warning("Web Push to subscription %s failed: %s", subscription.pk, error)
        return False
    except requests.RequestException as error:
        logger.warning("Web Push to subscription %s failed: %s", subscription.pk, error)
        return False
    return True
