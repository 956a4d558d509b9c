from django.core.management.base import BaseCommand

from tenderbridge.readiness import services


class Command(BaseCommand):
    help = (
        "Load the readiness requirement sets from tenderbridge/readiness/data/requirements-*.yaml. A version firms "
        "have answered is never rewritten: change it as a new version (a new file, or 'copy as a new version' in "
        "the admin)."
    )

    def handle(self, *args, **options):
        for result in services.load_all_requirement_sets():
            self.stdout.write(f"requirement set {result.version}: {result.status} ({result.requirements} items)")
