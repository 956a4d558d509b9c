from django.core.management.base import BaseCommand

from tenderbridge.search import embedding
from tenderbridge.search.models import IndexEntry


class Command(BaseCommand):
    help = (
        "Compute the sentence embedding of every notice that needs one (new or changed text, or another "
        "EMBEDDING_BACKEND), one process per core. Ingest does this in the background; run it after changing "
        "the backend or to catch up without a task worker."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--processes", type=int, default=None, help="worker processes (default: 2, or 1 core)"
        )
        parser.add_argument("--all", action="store_true", help="embed every notice again")

    def handle(self, *args, **options):
        if options["all"]:
            IndexEntry.objects.update(stale=True)
        done = embedding.embed_all(options["processes"])
        self.stdout.write(f"notices embedded: {done}")
