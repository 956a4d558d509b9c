from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count, Sum

from tenderbridge.ingest import services
from tenderbridge.lib import sources


class Command(BaseCommand):
    help = (
        "Ingest notice and award files (OCDS packages/records/releases/JSON Lines, gz/zip; UNGM exports; TED eForms "
        "XML; UN ASR and NATO award CSVs). Folders are read recursively. Prints per-file counts and rejections."
    )
    # The system checks (URL configuration, admin, templates) are about serving pages, not about reading files:
    # they cost each ingest a second of CPU. `manage.py check` (and every other command) still runs them.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="files or folders")
        parser.add_argument(
            "--source", choices=sources.names(), help="the format; detected per file when omitted"
        )
        parser.add_argument("--summary", action="store_true", help="print totals only, not one line per file")
        parser.add_argument(
            "--show-rejections",
            type=int,
            default=10,
            metavar="N",
            help="print up to N rejection reasons per file (default 10)",
        )

    def handle(self, *args, **options):
        job = services.ingest(options["paths"], kind=options["source"])
        self.stdout.write(f"ingest job #{job.pk}")
        if not job.files.exists():
            raise CommandError("No file was found at the paths given.")
        if options["summary"]:
            self._totals(job)
            return
        header = (
            f"{'file':60} {'as':6} {'read':>8} {'created':>8} {'updated':>8} {'same':>8} {'rejected':>8} "
            f"{'test':>6} {'copies':>6} {'s':>7}"
        )
        self.stdout.write(header)
        for report in job.files.order_by("pk"):
            self.stdout.write(
                f"{_short(report.name):60} {report.source_kind:6} {report.releases_read:8} {report.notices_created:8} "
                f"{report.notices_updated:8} {report.notices_unchanged:8} {report.rejected:8} "
                f"{report.notices_placeholder:6} {report.notices_duplicate:6} {report.seconds:7.1f}"
            )
            for rejection in report.rejections.all()[: options["show_rejections"]]:
                self.stdout.write(f"    rejected {rejection.position}: [{rejection.code}] {rejection.reason}")
        self._totals(job)

    def _totals(self, job):
        totals = job.files.aggregate(
            files=Count("pk"),
            read=Sum("releases_read"),
            created=Sum("notices_created"),
            updated=Sum("notices_updated"),
            unchanged=Sum("notices_unchanged"),
            rejected=Sum("rejected"),
            placeholders=Sum("notices_placeholder"),
            duplicates=Sum("notices_duplicate"),
            seconds=Sum("seconds"),
        )
        self.stdout.write(
            "total: {files} files, {read} releases read, {created} notices created, {updated} updated, "
            "{unchanged} unchanged, {rejected} rejected, {seconds:.1f} s; hidden from users: {placeholders} test or "
            "placeholder records, {duplicates} other publications of a procurement".format(**totals)
        )


def _short(name: str) -> str:
    return name if len(name) <= 60 else "…" + name[-59:]
