"""Copy the notice vectors of one benchmark database into another that holds the same notices (by OCID).

Building the 1,000,000-notice PostgreSQL database for benchmarks/search_latency.py needs every notice's vector;
they are the same as in the SQLite database built from the same corpus (the same texts, the same model), so
they are copied rather than computed a second time. The embedding figure comes from the SQLite build
(`manage.py embed_notices`, docs/search.md).

    DATABASE_URL=postgres://…/tb_search_1m .venv/bin/python benchmarks/copy_vectors.py --from var/bench/s1m.sqlite3
"""

import argparse
import sqlite3
import time
from pathlib import Path

import harness

harness.setup_django()

from django.db import connection, transaction  # noqa: E402

from tenderbridge.search.models import IndexEntry  # noqa: E402
from tenderbridge.search.services import bump  # noqa: E402

CHUNK = 20_000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="source", type=Path, required=True, help="the SQLite database to copy from")
    args = parser.parse_args()
    started = time.perf_counter()
    source = sqlite3.connect(f"file:{args.source}?mode=ro", uri=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT ocid, id FROM opportunities_notice")
        ids = dict(cursor.fetchall())
    rows = source.execute(
        "SELECT n.ocid, e.vector, e.vector_backend, e.text_hash, e.vector_text_hash FROM search_indexentry e "
        "JOIN opportunities_notice n ON n.id = e.notice_id WHERE e.vector IS NOT NULL"
    )
    copied = 0
    table = IndexEntry._meta.db_table
    while chunk := rows.fetchmany(CHUNK):
        params = [(v, b, th, vth, ids[o], th) for o, v, b, th, vth in chunk if o in ids]
        with transaction.atomic():
            version = bump()
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"UPDATE {table} SET vector = %s, vector_backend = %s, text_hash = %s, vector_text_hash = %s, "
                    f"stale = false, version = {version} WHERE notice_id = %s AND text_hash = %s",
                    params,
                )
        copied += len(params)
    print(f"copied {copied} vectors in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
