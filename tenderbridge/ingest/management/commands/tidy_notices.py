from django.core.management.base import BaseCommand

from tenderbridge.ingest.tidy import tidy_notices
from tenderbridge.opportunities.models import Notice


class Command(BaseCommand):
    help = (
        "Apply the data-quality rules to stored notices (docs/ingest.md 'Data quality'): texts normalised again, "
        "buyers named, test and placeholder records flagged, other publications of one procurement grouped "
        "under one canonical notice, the search index brought in line. Nothing is deleted."
    )

    def add_arguments(self, parser):
        parser.add_argument("--list", action="store_true", help="print every group and every flagged notice")

    def handle(self, *args, **options):
        report = tidy_notices()
        self.stdout.write(
            f"{report.notices} notices judged; {report.texts_repaired} texts repaired; "
            f"{report.parties_renamed} parties renamed"
        )
        flagged = ", ".join(f"{n} {reason}" for reason, n in sorted(report.placeholders.items())) or "none"
        self.stdout.write(f"test or placeholder records: {sum(report.placeholders.values())} ({flagged})")
        self.stdout.write(
            f"one notice per procurement: {len(report.groups)} groups, {report.copies} other publications hidden"
        )
        self.stdout.write(f"search index: {report.withdrawn} hidden notices withdrawn, {report.indexed} indexed")
        if options["list"]:
            self._list(report)

    def _list(self, report):
        notices = Notice.objects.in_bulk([m for g in report.groups for m in g.members])
        for group in sorted(report.groups, key=lambda g: notices[g.canonical].title.casefold()):
            self.stdout.write(f"group of {len(group.members)}: {notices[group.canonical].title[:90]}")
            for member in group.members:
                n = notices[member]
                mark = "*" if member == group.canonical else " "
                self.stdout.write(
                    f"  {mark} {n.pk:>7} {n.ocid[:62]:62} {n.notice_type:15} {n.deadline or n.published} "
                    f"[{group.reasons[member]}]"
                )
        for n in Notice.objects.exclude(placeholder="").order_by("pk"):
            self.stdout.write(f"flagged {n.placeholder:16} {n.pk:>7} {n.ocid[:50]:50} {n.title[:60]!r}")
