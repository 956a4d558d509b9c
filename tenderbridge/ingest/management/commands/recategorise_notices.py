from django.core.management.base import BaseCommand

from tenderbridge.ingest.recategorise import recategorise_notices


class Command(BaseCommand):
    help = (
        "Recompute stored notices' UNSPSC categories mapped from their CPV codes, after a change of the crosswalk "
        "(tenderbridge/lib/taxonomy/data/cpv_unspsc_crosswalk.csv); their search documents are rebuilt."
    )

    def handle(self, *args, **options):
        r = recategorise_notices()
        self.stdout.write(
            f"{r.notices_with_cpv} notices with CPV codes; {r.notices_changed} changed "
            f"({r.added} categories added, {r.removed} removed)"
        )
