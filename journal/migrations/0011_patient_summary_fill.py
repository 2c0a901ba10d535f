"""Fill each runner's triage summary from their journal and open flags, as flag evaluation would."""

from datetime import date
from zoneinfo import ZoneInfo

from django.db import migrations
from django.utils import timezone

from journal.flags.summary import summaries_fill


def fill(apps, schema_editor):
    names = ("Profile", "Checkin", "Run", "Flag", "PatientSummary", "ExercisePrescription", "ExerciseCompletion")
    now = timezone.now()

    def today_of(profile) -> date:
        return now.astimezone(ZoneInfo(profile.time_zone)).date()

    summaries_fill(models={name: apps.get_model("journal", name) for name in names}, today_of=today_of)


class Migration(migrations.Migration):
    dependencies = [("journal", "0010_patient_summary")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
