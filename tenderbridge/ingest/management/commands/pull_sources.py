import time

from django.core.management.base import BaseCommand

from tenderbridge.ingest.fetch import pull_due_sources


class Command(BaseCommand):
    help = "Pull every registered source that is due (run it from cron, or with --loop as a long-running process)."

    def add_arguments(self, parser):
        parser.add_argument("--loop", type=int, metavar="SECONDS", help="check again every SECONDS, forever")

    def handle(self, *args, **options):
        while True:
            for result in pull_due_sources():
                line = f"{result.source}: {result.status}"
                line += f" (job #{result.job_id})" if result.job_id else ""
                line += f" {result.error}" if result.error else ""
                self.stdout.write(line)
            if not options["loop"]:
                return
            time.sleep(options["loop"])
