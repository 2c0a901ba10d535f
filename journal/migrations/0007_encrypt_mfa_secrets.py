from django.db import migrations


def _convert(apps, change):
    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.all():
        data = dict(authenticator.data)
        for field in ("secret", "seed"):
            if isinstance(data.get(field), str):
                data[field] = change(data[field])
        if isinstance(data.get("migrated_codes"), list):
            data["migrated_codes"] = [change(code) for code in data["migrated_codes"]]
        if data != authenticator.data:
            authenticator.data = data
            authenticator.save(update_fields=["data"])


def encrypt_secrets(apps, schema_editor):
    from journal.accounts.mfa import PREFIX, encrypt_text

    _convert(apps, lambda value: value if value.startswith(PREFIX) else encrypt_text(value))


def decrypt_secrets(apps, schema_editor):
    from journal.accounts.mfa import decrypt_text

    _convert(apps, decrypt_text)


class Migration(migrations.Migration):
    dependencies = [
        ("journal", "0006_merge_invite_hash_notifications"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(encrypt_secrets, decrypt_secrets)]
