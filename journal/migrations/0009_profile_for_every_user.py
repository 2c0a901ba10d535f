from django.conf import settings
from django.db import migrations


def profiles_for_users_without_one(apps, schema_editor):
    # Sign-up and a signal give every user a profile, but a user loaded from a fixture, or whose
    # profile was deleted in the admin, has none; pages now only read the profile, so make them here.
    # The signal's defaults (the user name as display name), written out so this keeps working
    # whatever the signal becomes.
    User = apps.get_model(settings.AUTH_USER_MODEL)
    Profile = apps.get_model("journal", "Profile")
    missing = User.objects.filter(profile__isnull=True)
    Profile.objects.bulk_create(
        [Profile(user=user, display_name=user.username) for user in missing],
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("journal", "0008_checkins_several_a_day"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(profiles_for_users_without_one, migrations.RunPython.noop)]
