"""Rank every supplier's feed again against every open notice (run it daily: deadlines pass, and the merges of
new notices between two full rankings keep the scores of the index they were made in)."""

import time

from django.core.management.base import BaseCommand

from tenderbridge.matching import services, tasks


class Command(BaseCommand):
    help = "Rank every supplier's feed again against every open notice, then take in the notices waiting."

    def add_arguments(self, parser):
        parser.add_argument("--profile", type=int, action="append", help="only this profile id (repeatable)")

    def handle(self, *args, **options):
        started = time.perf_counter()
        ranked = services.recompute_feeds(options["profile"])
        taken = tasks.update_feeds_task.call()
        self.stdout.write(f"{ranked} feeds ranked, {taken} waiting notices taken in, "
                          f"{time.perf_counter() - started:.1f} s")
