from django.core.management.base import BaseCommand

from tenderbridge.market import services


class Command(BaseCommand):
    help = "Rebuild the market pre-aggregation (award lines in USD and their sums) from the stored awards."

    def handle(self, *args, **options):
        result = services.rebuild()
        self.stdout.write(f"market: {result.lines} award lines, {result.cells} cells in {result.seconds:.1f} s")
