"""Embedding throughput as ingest gets it: `search.embedding.embed_all` on N stored notices (read the texts,
encode, write the vectors), with one and with two processes, and the encoder alone on the same texts.

    DATABASE_URL=sqlite:///var/bench/s100k.sqlite3 .venv/bin/python benchmarks/embedding_throughput.py [--n 20000]

The notices are the first N of the database; their entries are marked stale first and are embedded again (the
vectors come out the same). With --distinct, the first N whose texts differ from each other: embed_all encodes
each distinct text once, so real data (award rows repeat their texts) runs faster than this worst case. Reports
notices per second, the share of distinct texts and the load average (the machine may be shared).
"""

import argparse
import os
import time

import harness

harness.setup_django()

from tenderbridge.lib import embeddings  # noqa: E402
from tenderbridge.opportunities.models import Notice  # noqa: E402
from tenderbridge.search import embedding  # noqa: E402
from tenderbridge.search.models import IndexEntry  # noqa: E402


def mark_stale(ids: list[int]) -> None:
    for start in range(0, len(ids), 5000):
        IndexEntry.objects.filter(notice_id__in=ids[start : start + 5000]).update(stale=True)


def choose(n: int, distinct: bool, min_chars: int) -> tuple[list[int], list[str]]:
    """The first n notices (by id) and their texts to embed; with `distinct`, skipping repeated texts; with
    `min_chars`, shorter ones (tenders rather than award rows)."""
    ids, texts, seen = [], [], set()
    rows = Notice.objects.order_by("pk").values_list("pk", "title", "description")
    for pk, title, description in rows.iterator(chunk_size=5000):
        text = embeddings.document_text(title, description)
        if distinct and text in seen or len(text) < min_chars:
            continue
        seen.add(text)
        ids.append(pk)
        texts.append(text)
        if len(ids) == n:
            break
    return ids, texts


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--distinct", action="store_true", help="only notices whose texts differ from each other")
    parser.add_argument("--min-chars", type=int, default=0, help="only notices whose text is at least this long")
    args = parser.parse_args()
    ids, texts = choose(args.n, args.distinct, args.min_chars)
    encoder = embedding.encoder()
    encoder.documents(texts[:50])  # load the model
    started = time.perf_counter()
    encoder.documents(texts)
    alone = len(texts) / (time.perf_counter() - started)
    print(
        f"{len(texts)} notices, {len(set(texts))} distinct texts, mean text {sum(map(len, texts)) / len(texts):.0f}"
        " characters"
    )
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
