"""Supplier ↔ notice matching without Django: the inputs (features.py) and, built on them, the ranker that the
product's feeds and the `evaluate_matching` command share."""
