"""Benchmark databases only: give every notice without a vector a copy of another notice's vector.

At a million notices `manage.py embed_notices` takes 15–60 minutes on this shared 2-core machine. The time of a
hybrid search does not depend on the vectors' values (a Hamming pass over every notice's binary code, then the
exact cosine of the ~2,000 nearest), so when the run's time does not allow embedding every notice, the latency
benchmark can run over a full index of real vectors, each notice without one borrowing that of a random notice
that has one. The results by meaning are then not the product's for those notices: docs/search.md says how many
vectors were real. The embedding throughput is measured apart (benchmarks/embedding_throughput.py).

    DATABASE_URL=sqlite:///var/bench/s1m.sqlite3 .venv/bin/python benchmarks/fill_vectors.py
"""

import random
import time

import harness

harness.setup_django()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from tenderbridge.search.models import IndexEntry  # noqa: E402
from tenderbridge.search.services import bump  # noqa: E402

CHUNK = 20_000


def main():
    started = time.perf_counter()
    backend = settings.EMBEDDING_BACKEND
    table = IndexEntry._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT vector FROM {table} WHERE vector IS NOT NULL AND vector_backend = %s", [backend])
        real = [bytes(row[0]) for row in cursor.fetchall()]
        cursor.execute(
            f"SELECT notice_id, text_hash FROM {table} WHERE vector IS NULL OR vector_backend <> %s", [backend]
        )
        missing = cursor.fetchall()
    rng = random.Random(5)
    for start in range(0, len(missing), CHUNK):
        with transaction.atomic():
            version = bump()
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"UPDATE {table} SET vector = %s, vector_backend = %s, vector_text_hash = %s, stale = false, "
                    f"version = {version} WHERE notice_id = %s",
                    [(rng.choice(real), backend, th, pk) for pk, th in missing[start : start + CHUNK]],
                )
    print(f"{len(real)} real vectors; {len(missing)} notices given a copy; {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
