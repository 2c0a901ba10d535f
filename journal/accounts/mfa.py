"""Second-factor secrets encrypted at rest, through allauth's MFA adapter hooks.

allauth stores each TOTP secret and recovery-code seed in `Authenticator.data` and passes it through
the adapter's `encrypt` / `decrypt`. Here they are Fernet tokens (AES-128-CBC with an HMAC, from
`cryptography`), so a copy of the database, or the admin's view of an authenticator, does not give
anyone a working second factor.

The key: `MFA_ENCRYPTION_KEY` (one Fernet key, or several separated by commas: the first encrypts,
all decrypt, for rotation); unset, a key derived from SECRET_KEY.
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache

from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings

PREFIX = "fernet:"


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...], secret_key: str) -> MultiFernet:
    if not keys:
        derived = hashlib.sha256(b"footnote.mfa-encryption:" + secret_key.encode()).digest()
        keys = (base64.urlsafe_b64encode(derived).decode(),)
    return MultiFernet([Fernet(key.encode()) for key in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.MFA_ENCRYPTION_KEYS), settings.SECRET_KEY)


def encrypt_text(text: str) -> str:
    return PREFIX + fernet().encrypt(text.encode()).decode()


def decrypt_text(stored: str) -> str:
    # A value without the prefix predates encryption (the data migration encrypts those).
    if not stored.startswith(PREFIX):
        return stored
    return fernet().decrypt(stored[len(PREFIX) :].encode()).decode()


class FootnoteMFAAdapter(DefaultMFAAdapter):
    def encrypt(self, text: str) -> str:
        return encrypt_text(text)

    def decrypt(self, encrypted_text: str) -> str:
        return decrypt_text(encrypted_text)
