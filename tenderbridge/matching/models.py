"""Matching keeps no tables yet: the ranker (tenderbridge/lib/matching) works on indexes built in memory. The
stored feeds of the product come with the supplier-facing pages."""
