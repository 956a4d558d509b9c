"""A partial notice index (an ingest's new notices, with the word statistics of the index of every open notice)
scores a supplier exactly as the full index does: what lets a feed take in new notices without ranking all."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import numpy as np

from tenderbridge.lib.matching.features import NoticeFeatures, PastContract, SupplierFeatures
from tenderbridge.lib.matching.index import NoticeIndex, prepare_suppliers
from tenderbridge.lib.matching.ranker import rank_notices, score_notices
from tenderbridge.lib.matching.signals import bm25_best
from tenderbridge.lib.matching.text import TermMatrix, terms

NOW = datetime(2024, 3, 1, tzinfo=UTC)

TITLES = [
    ("n1", "Supply of nitrile examination gloves", "Powder-free nitrile gloves, sizes S to XL", ("42132203",)),
    ("n2", "Surgical gowns and drapes", "Single-use surgical gowns to EN 13795", ("42131702",)),
    ("n3", "Office furniture for the country office", "Desks, chairs and cabinets", ()),
    ("n4", "Solar water heaters for health centres", "Supply and installation of solar water heaters", ()),
    ("n5", "医用防护口罩采购", "采购一次性医用口罩和防护服", ("42131713",)),
    ("n6", "Laboratory reagents", "Reagents and consumables for the central laboratory", ()),
    ("n7", "Isolation gowns, 400,000 pieces", "Isolation gowns to EN 14126 for county hospitals", ("42131702",)),
    ("n8", "Examination gloves and masks", "Gloves, masks and gowns for clinics", ()),
]


def notices():
    return [
        NoticeFeatures(id=i, title=t, description=d, unspsc=codes, buyer="UNICEF" if n % 2 else "UNDP",
                       date=NOW - timedelta(days=n), deadline=NOW + timedelta(days=10 + n),
                       value=Decimal(10_000 * (n + 1)), currency="USD")
        for n, (i, t, d, codes) in enumerate(TITLES)
    ]


SUPPLIER = SupplierFeatures(
    id="s1", name="Suzhou Medtex", country="CN", description="医用手术衣、隔离衣和检查手套 surgical gowns and gloves",
    unspsc=("42131702", "42132203"),
    history=(PastContract(title="Isolation gowns", buyer="UNICEF", date=datetime(2023, 1, 1).date(),
                          amount=Decimal(50_000), currency="USD"),),
)


def test_a_partial_index_gives_the_full_index_scores():
    full = NoticeIndex.build(notices())
    new = [n for n in notices() if n.id in {"n2", "n5", "n7"}]
    new_vectors = full.vectors[[full.row_of[n.id] for n in new]]
    partial = NoticeIndex.build(new, vectors=new_vectors, reference=full)
    supplier = prepare_suppliers([SUPPLIER])[0]
    supplier.bm25_best = bm25_best(supplier, full)

    expected = score_notices(supplier, full, NOW)
    got = score_notices(supplier, partial, NOW)
    for row, notice in enumerate(new):
        assert np.isclose(got[row], expected[full.row_of[notice.id]], rtol=1e-5), notice.id
    ranked = [m.id for m in rank_notices(supplier, partial, NOW, k=3)]
    assert ranked == [m.id for m in rank_notices(supplier, full, NOW, k=8) if m.id in {"n2", "n5", "n7"}]


def test_without_the_best_score_a_partial_index_would_inflate_its_best_notice():
    """Why the feed keeps bm25_best: BM25 is divided by the best score of the index searched."""
    full = NoticeIndex.build(notices())
    partial = NoticeIndex.build(notices()[2:4], vectors=full.vectors[2:4], reference=full)
    supplier = prepare_suppliers([SUPPLIER])[0]
    unanchored = score_notices(supplier, partial, NOW)
    supplier.bm25_best = bm25_best(supplier, full)
    anchored = score_notices(supplier, partial, NOW)
    assert (anchored <= unanchored + 1e-9).all()
    assert np.allclose(anchored, score_notices(supplier, full, NOW)[2:4], rtol=1e-5)


def test_a_matrix_borrows_its_reference_statistics():
    docs = [terms("gloves nitrile"), terms("gloves latex"), terms("office chairs"), terms("solar heaters")]
    full = TermMatrix.build(docs)
    part = TermMatrix.build(docs[:2], reference=full)
    assert part.stats_docs == 4 and part.average_length == full.average_length
    assert part.idf[part.vocabulary["gloves"]] == full.idf[full.vocabulary["gloves"]]
    assert np.allclose(part.bm25(terms("nitrile gloves")), full.bm25(terms("nitrile gloves"))[:2])
    # A term only the query has counts in the norm the same way in both.
    assert np.allclose(part.scores(terms("gloves office")), full.scores(terms("gloves office"))[:2])
