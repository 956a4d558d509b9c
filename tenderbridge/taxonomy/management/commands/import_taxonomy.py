from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tenderbridge.taxonomy import services, title_vectors, translation


class Command(BaseCommand):
    help = (
        "Load the UNSPSC codes (English and Chinese titles) and the CPV 2008 codes from the data folder, and "
        "learn the Chinese → English/Spanish/French word dictionary of search from the UNSPSC titles (with the "
        "product vocabulary), and embed the class and commodity titles for the category suggestions. "
        "Idempotent: a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=None,
            help="the shared data folder (default: settings.DATA_DIR)",
        )

    def handle(self, *args, **options):
        data_dir = options["data_dir"] or settings.DATA_DIR
        try:
            report = services.do_import_taxonomy(data_dir)
        except services.TaxonomyDataMissing as error:
            raise CommandError(str(error)) from error
        self.stdout.write(report.as_text())
        dictionary = translation.build(data_dir)
        sizes = ", ".join(f"{lang} {len(table)}" for lang, table in dictionary.tables.items())
        self.stdout.write(f"query translation: Chinese words with translations: {sizes}")
        vectors = title_vectors.get()  # computed once (~10 s), then read from VAR_DIR while the titles stay
        self.stdout.write(f"category suggestions: {len(vectors.codes)} titles embedded")
