from django.core.management import call_command
from django.core.management.base import BaseCommand

from tenderbridge.learning.curriculum import load_curriculum


class Command(BaseCommand):
    help = (
        "Load the starter curriculum (tenderbridge/learning/curriculum/) and the readiness requirement sets. "
        "Courses an operator edited in the admin are kept; --force rewrites them from the files."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="rewrite courses operators have edited too")

    def handle(self, *args, **options):
        for loaded in load_curriculum(force=options["force"]):
            kept = " (quiz kept: learners have attempted it)" if loaded.quiz_kept else ""
            self.stdout.write(f"course {loaded.slug}: {loaded.status}, {loaded.lessons} lessons{kept}")
        # The readiness check's next actions link to these lessons: its requirement sets load with them.
        call_command("load_requirements", stdout=self.stdout)
