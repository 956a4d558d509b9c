"""Signals other parts connect to (kept apart from signals.py, whose receivers import services).

`notices_indexed(sender=IndexEntry, notice_ids=list[int])`: sent after the commit of every transaction that
stored or changed notices and stamped them for the search index (services.stamp_indexed: ingest and
index_notices). The matching part connects the update of the supplier feeds here.
"""

from django.dispatch import Signal

notices_indexed = Signal()
