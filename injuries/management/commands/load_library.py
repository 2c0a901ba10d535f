from django.core.management.base import BaseCommand

from injuries.library_io import LIBRARY_PATH, library_load_file


class Command(BaseCommand):
    help = "Load (create or update) the condition and exercise library from JSON."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(LIBRARY_PATH))

    def handle(self, *args, path, **options):
        conditions, exercises = library_load_file(path)
        self.stdout.write(f"Library loaded: {conditions} conditions, {exercises} exercises.")
