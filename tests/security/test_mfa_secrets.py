"""Second-factor secrets are stored encrypted, and still work."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from cryptography.fernet import Fernet, InvalidToken
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from journal.accounts.mfa import PREFIX, decrypt_text, encrypt_text
from tests.factories import make_user


def current_code(secret: str) -> str:
    import time

    from allauth.mfa import app_settings

    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD))


def test_a_totp_secret_is_stored_encrypted_and_still_checks_codes(runner):
    secret = generate_totp_secret()
    TOTP.activate(runner, secret)
    stored = Authenticator.objects.get(user=runner, type=Authenticator.Type.TOTP).data["secret"]
    assert stored.startswith(PREFIX)
    assert secret not in stored
    assert decrypt_text(stored) == secret
    totp = TOTP(Authenticator.objects.get(user=runner, type=Authenticator.Type.TOTP))
    assert totp.validate_code(current_code(secret))
    assert not totp.validate_code("000000" if current_code(secret) != "000000" else "111111")


def test_recovery_codes_are_made_from_an_encrypted_seed(runner):
    codes = RecoveryCodes.activate(runner).generate_codes()
    stored = Authenticator.objects.get(user=runner, type=Authenticator.Type.RECOVERY_CODES).data["seed"]
    assert stored.startswith(PREFIX)
    assert decrypt_text(stored) not in stored
    assert RecoveryCodes(Authenticator.objects.get(user=runner, type="recovery_codes")).validate_code(
        codes[0]
    )


def test_a_configured_key_is_used_and_others_cannot_read_it(settings):
    key = Fernet.generate_key().decode()
    settings.MFA_ENCRYPTION_KEYS = [key]
    stored = encrypt_text("JBSWY3DPEHPK3PXP")
    assert Fernet(key.encode()).decrypt(stored[len(PREFIX) :].encode()) == b"JBSWY3DPEHPK3PXP"
    settings.MFA_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(InvalidToken):
        decrypt_text(stored)


def test_a_rotated_key_still_reads_secrets_made_with_the_old_one(settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.MFA_ENCRYPTION_KEYS = [old]
    stored = encrypt_text("JBSWY3DPEHPK3PXP")
    settings.MFA_ENCRYPTION_KEYS = [new, old]
    assert decrypt_text(stored) == "JBSWY3DPEHPK3PXP"


@pytest.mark.django_db(transaction=True)
def test_secrets_stored_before_encryption_are_encrypted_by_the_migration():
    user = make_user("old.physio@example.com", role="physio")
    # As allauth stored it before this project encrypted anything.
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    executor = MigrationExecutor(connection)
    executor.migrate([("journal", "0006_merge_invite_hash_notifications")])
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    stored = Authenticator.objects.get(user=user).data["secret"]
    assert stored.startswith(PREFIX) and "JBSWY3DPEHPK3PXP" not in stored
    assert decrypt_text(stored) == "JBSWY3DPEHPK3PXP"
