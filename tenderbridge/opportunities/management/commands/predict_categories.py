import time

from django.core.management.base import BaseCommand

from tenderbridge.opportunities.categories import do_predict_categories


class Command(BaseCommand):
    help = (
        "Give every notice without a UNSPSC code a predicted UNSPSC family, from its title and description."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        count = do_predict_categories()
        self.stdout.write(
            f"predicted categories for {count} notices in {time.perf_counter() - started:.1f} s"
        )
