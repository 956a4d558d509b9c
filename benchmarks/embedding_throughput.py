"""Embedding throughput as ingest gets it: `search.embedding.embed_all` on N stored notices (read the texts,
encode, write the vectors), with one and with two processes, and the encoder alone on the same texts.

    DATABASE_URL=sqlite:///var/bench/s100k.sqlite3 .venv/bin/python benchmarks/embedding_throughput.py [--n 20000]

The notices are the first N of the database; their entries are marked stale first and are embedded again (the
vectors come out the same). Reports notices per second and the load average (the machine is shared).
"""

import argparse
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tenderbridge.settings")

import django  # noqa: E402

django.setup()

from tenderbridge.lib import embeddings  # noqa: E402
from tenderbridge.opportunities.models import Notice  # noqa: E402
from tenderbridge.search import embedding  # noqa: E402
from tenderbridge.search.models import IndexEntry  # noqa: E402


def mark_stale(ids: list[int]) -> None:
    for start in range(0, len(ids), 5000):
        IndexEntry.objects.filter(notice_id__in=ids[start : start + 5000]).update(stale=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000)
    args = parser.parse_args()
    ids = list(Notice.objects.order_by("pk").values_list("pk", flat=True)[: args.n])
    rows = Notice.objects.filter(pk__in=ids).values_list("title", "description")
    texts = [embeddings.document_text(title, description) for title, description in rows]
    encoder = embedding.encoder()
    encoder.documents(texts[:50])  # load the model
    started = time.perf_counter()
    encoder.documents(texts)
    alone = len(texts) / (time.perf_counter() - started)
    print(f"{len(texts)} notices, mean text {sum(map(len, texts)) / len(texts):.0f} characters")
    print(f"encoder alone, one process: {alone:.0f} notices/s")
    for processes in (1, 2):
        mark_stale(ids)
        embedding._recent.clear()  # each run starts cold (forked children would inherit the texts seen)
        started = time.perf_counter()
        done = embedding.embed_all(processes=processes)
        seconds = time.perf_counter() - started
        print(f"embed_all, {processes} process(es): {done} notices in {seconds:.1f} s = {done / seconds:.0f} notices/s")
    print(f"load average: {os.getloadavg()}")


if __name__ == "__main__":
    main()
