import time

from django.core.management.base import BaseCommand

from tenderbridge.search import services


class Command(BaseCommand):
    help = "Rebuild the lexical search index of every notice (safe to run at any time; the site keeps searching)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch",
            type=int,
            default=services.CHUNK,
            help=f"notices per transaction (default {services.CHUNK})",
        )

    def handle(self, *args, **options):
        started = time.perf_counter()
        done = services.reindex_all(batch=max(1, options["batch"]))
        seconds = time.perf_counter() - started
        self.stdout.write(f"indexed {done} notices in {seconds:.1f} s ({done / max(seconds, 1e-9):,.0f}/s)")
