from django.core.management.base import BaseCommand

from tenderbridge.accounts import personas


class Command(BaseCommand):
    help = "Load the demo accounts and the real reference data (idempotent: run it as often as you like)."

    def handle(self, *args, **options):
        for persona in personas.ALL:
            personas.ensure(persona)
        self.stdout.write(f"demo accounts: {', '.join(p.email for p in personas.ALL)}")
