"""Load a Footnote export (the zip, or its data.json) into an account whose journal is empty."""

from __future__ import annotations

import json
import zipfile

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from journal.exports.load import export_load


class Command(BaseCommand):
    help = "Load an export's data.json (or the whole zip) into the account with this email."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--email", required=True)

    def handle(self, *args, path: str, email: str, **options):
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No account with the email {email}.")
        try:
            if zipfile.is_zipfile(path):
                with zipfile.ZipFile(path) as zf:
                    data = json.loads(zf.read("data.json"))
            else:
                with open(path, encoding="utf-8") as handle:
                    data = json.load(handle)
            counts = export_load(owner=user, data=data)
        except (OSError, KeyError, ValueError, ValidationError) as error:
            raise CommandError(f"Could not load {path}: {error}") from error
        self.stdout.write(", ".join(f"{n} {table}" for table, n in counts.items()))
