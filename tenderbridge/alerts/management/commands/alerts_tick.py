"""Run the alerts machinery: record and match new notice versions, plan due digests and reminders, send them.

    manage.py alerts_tick             one turn, sending in this process
    manage.py alerts_tick --queue     one turn, the sendings queued for the task workers (db_worker)
    manage.py alerts_tick --loop 60   a turn every 60 seconds (a scheduler's job otherwise)
"""

import time

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from tenderbridge.alerts import delivery, tasks


class Command(BaseCommand):
    help = "Match new notices against the saved searches, plan and send due digests and reminders."

    def add_arguments(self, parser):
        parser.add_argument("--queue", action="store_true", help="Queue the sendings for db_worker.")
        parser.add_argument("--loop", type=int, default=0, help="Seconds between turns (0: one turn).")

    def handle(self, *args, queue=False, loop=0, **options):
        while True:
            report = delivery.tick()
            if queue:
                with transaction.atomic():
                    queued = tasks.queue_pending()
            else:
                queued = sum(delivery.send_sending(pk) is not None for pk in delivery.pending_sendings(timezone.now()))
            self.stdout.write(f"versions {report.versions}, items {report.items}, sendings {report.sendings}, "
                              f"reminders {report.reminders}, {'queued' if queue else 'sent'} {queued}")
            if not loop:
                return
            time.sleep(loop)
