from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from tenderbridge.accounts import personas
from tenderbridge.alerts.demo import ensure_demo_alert
from tenderbridge.ingest.models import IngestFile
from tenderbridge.market.models import MarketBuild
from tenderbridge.suppliers.demo import ensure_demo_profile

# The real data a newcomer sees at once: UN (UNGM notices, UN ASR awards), NATO, EU (TED eForms),
# UK and national OCDS publishers. Paths are relative to settings.DATA_DIR.
DEMO_DATA = [
    "ungm-tender-notices-2024-03/ungm_notices_2024-03_scraped_with_header.csv",
    "ted-eforms-notices-norway-2022-2024/xml",
    "ocds-uk-contracts-finder-2025q1-cfserver",
    "ocds-uk-contracts-finder-bluetail-2020/ocds",
    "ocds-real-examples-17-publishers-2014-2018",
    "nato-nspa-awards-2008-2019/NATO.csv",
    "un-asr-supplier-awards-2010-2016/un_asr_supplier_awards_2010_2016.csv",
]


class Command(BaseCommand):
    help = (
        "Load the demo accounts, the UNSPSC/CPV taxonomy and every real notice and award source from "
        "TENDERBRIDGE_DATA_DIR. Data already loaded is skipped (use --refresh to read it again)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--refresh", action="store_true", help="ingest the data files again (a no-op if unchanged)"
        )
        parser.add_argument("--accounts-only", action="store_true", help="only the demo accounts")

    def handle(self, *args, **options):
        for persona in personas.ALL:
            personas.ensure(persona)
        self.stdout.write(f"demo accounts: {', '.join(p.email for p in personas.ALL)}")
        call_command("load_curriculum", stdout=self.stdout)  # courses, lessons, quizzes; readiness requirements
        if options["accounts_only"]:
            ensure_demo_profile()
            return
        data_dir = Path(settings.DATA_DIR)
        if not data_dir.is_dir():
            self.stderr.write(f"No data folder at {data_dir}: set TENDERBRIDGE_DATA_DIR to load real data.")
            ensure_demo_profile()
            return
        call_command("import_taxonomy", data_dir=str(data_dir), stdout=self.stdout)
        # After the taxonomy, so the demo company's UNSPSC codes are checked against it.
        profile = ensure_demo_profile()
        self.stdout.write(f"demo supplier profile: {profile.display_name if profile else 'none'}")
        ensure_demo_alert()  # one saved search with a daily alert (docs/alerts.md)
        loaded = 0
        for relative in DEMO_DATA:
            path = data_dir / relative
            if not options["refresh"] and IngestFile.objects.filter(name__startswith=str(path)).exists():
                self.stdout.write(f"already loaded: {relative}")
                continue
            self.stdout.write(f"loading {relative} …")
            call_command("ingest", str(path), "--summary", stdout=self.stdout)
            loaded += 1
        call_command("predict_categories", stdout=self.stdout)
        # After the categories: the market sums read them. Rebuilt only when data came in (about two minutes on
        # the demo data), so a later start stays quick; `manage.py build_market` rebuilds at will.
        if loaded or not MarketBuild.objects.exists():
            call_command("build_market", stdout=self.stdout)
        # The task worker would embed the new notices too; doing it here (one process per core) means the
        # first start shows cross-lingual search at once.
        call_command("embed_notices", stdout=self.stdout)
        # Every supplier's feed ranked now, so the demo supplier's "My feed" is there at first sign-in.
        call_command("refresh_feeds", stdout=self.stdout)
