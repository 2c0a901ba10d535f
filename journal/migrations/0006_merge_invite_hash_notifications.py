from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("journal", "0005_invite_code_hash"),
        ("journal", "0005_notifications"),
    ]

    operations = []
