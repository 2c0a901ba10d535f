import json

from django.core.management.base import BaseCommand

from injuries.library_io import library_export


class Command(BaseCommand):
    help = "Print the condition and exercise library as JSON (load it elsewhere with load_library)."

    def handle(self, *args, **options):
        self.stdout.write(json.dumps(library_export(), indent=2, ensure_ascii=False))
