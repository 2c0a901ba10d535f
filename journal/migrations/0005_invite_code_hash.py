from django.db import migrations, models
from django.utils.crypto import salted_hmac


def hash_existing_codes(apps, schema_editor):
    # The same keyed hash as journal.clinic.invite_code_hash, written out here so that this migration
    # keeps working whatever happens to that module later.
    CareInvite = apps.get_model("journal", "CareInvite")
    for invite in CareInvite.objects.all():
        normalised = invite.code.strip().upper().replace("-", "").replace(" ", "")
        invite.code = salted_hmac("footnote.invite-code", normalised, algorithm="sha256").hexdigest()
        invite.save(update_fields=["code"])


class Migration(migrations.Migration):
    dependencies = [
        ("journal", "0004_data_in_and_out"),
    ]

    operations = [
        migrations.AlterField(
            model_name="careinvite",
            name="code",
            field=models.CharField(max_length=64, unique=True),
        ),
        # A hash cannot be turned back into its code: going back leaves the hashes, and those invites
        # simply stop working.
        migrations.RunPython(hash_existing_codes, migrations.RunPython.noop),
        migrations.RenameField(model_name="careinvite", old_name="code", new_name="code_hash"),
    ]
