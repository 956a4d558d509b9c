"""search/ranking.py: BM25 of the held words' matches computed in memory is FTS5's bm25() (on SQLite), follows
every change of the documents, and spares the engine its ranking query."""

import math

import numpy as np
import pytest
from django.db import connection

from tenderbridge.opportunities.filters import NoticeFilters, Search
from tenderbridge.search import backends, discover, postings, ranking, services, snapshot
from tenderbridge.search.models import SearchDocument
from tests.opportunities.packages import ingest, item, release

pytestmark = pytest.mark.django_db

TITLES = [
    ("Nitrile gloves", "Gloves gloves for clinics, nitrile, boxes of 100"),
    ("Latex gloves and masks", "Latex examination gloves"),
    ("Surgical masks", "Masks for clinics and hospitals, masks in boxes"),
    ("Gloves", "Heavy duty work gloves for the water and sanitation programme " * 4),
    ("Office chairs", "Chairs for the country office, with gloves storage"),
    ("Nitrile gloves and nitrile masks", "Nitrile"),
]


@pytest.fixture
def low_threshold(monkeypatch):
    """Any word in two notices or more is held (a million notices are not needed to test it)."""
    monkeypatch.setattr(postings, "FREQUENT_MATCHES", 2)


def _notice(ocid, title, description, rid="r1", date="2024-03-01T08:00:00Z"):
    found = release(ocid, title, published=date, items=[item("42132203", description=description)])
    found["id"], found["date"] = f"{ocid}-{rid}", date
    return found


def _load(tmp_path, titles=TITLES):
    ingest(tmp_path, *[_notice(f"ocds-r-{i}", t, d) for i, (t, d) in enumerate(titles)])
    return snapshot.current()


def _reference(terms):
    """BM25 written out from the stored tokens, FTS5's formula: {notice id: score} of the notices with all
    the terms."""
    documents = {
        d.notice_id: (d.title_tokens.split(), d.body_tokens.split()) for d in SearchDocument.objects.all()
    }
    average = sum(len(t) + len(b) for t, b in documents.values()) / len(documents)
    found = {}
    for pk, (title, body) in documents.items():
        if not all(term in title or term in body for term in terms):
            continue
        score = 0.0
        for term in terms:
            having = sum(term in t or term in b for t, b in documents.values())
            idf = math.log((len(documents) - having + 0.5) / (having + 0.5))
            idf = idf if idf > 0 else 1e-6
            frequency = backends.TITLE_WEIGHT * title.count(term) + body.count(term)
            norm = 1.2 * (1 - 0.75 + 0.75 * (len(title) + len(body)) / average)
            score += idf * (frequency * 2.2) / (frequency + norm)
        found[pk] = score
    return found


def _in_memory(snap, terms):
    counts = ranking.term_counts(snap, terms)
    assert all(found is not None for found in counts), terms
    having = discover._combine([listing for listing, _counts in counts], snap.columns.size, True)
    scores = ranking.scores(snap.postings, counts, having)
    return dict(zip(snap.columns.ids[having].tolist(), scores.tolist(), strict=True))


QUERIES = [
    ["gloves"],
    ["nitrile"],
    ["masks"],
    ["gloves", "nitrile"],
    ["nitrile", "gloves"],
    ["clinics", "masks"],
]
# With words the snapshot does not hold (in one notice): counted in FTS5's index on SQLite.
UNHELD = [["storage"], ["gloves", "storage"], ["hospitals", "masks"], ["duty", "water", "gloves"]]


def test_the_scores_are_bm25_of_the_documents(tmp_path, low_threshold):
    snap = _load(tmp_path)
    for terms in QUERIES:
        assert all(term in snap.postings.counts for term in terms), terms
        expected = _reference(terms)
        found = _in_memory(snap, terms)
        assert found.keys() == expected.keys(), terms
        for pk, score in found.items():
            assert score == pytest.approx(expected[pk], rel=1e-12), (terms, pk)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5's bm25() is SQLite's")
def test_on_sqlite_they_are_the_engines_scores_and_order(tmp_path, low_threshold):
    snap = _load(tmp_path)
    engine = backends.get_backend()
    assert not any(term in snap.postings.counts for term in ("storage", "hospitals", "duty"))
    for terms in QUERIES + UNHELD:
        ranked = engine.rank(terms, require_all=True, limit=100)
        found = _in_memory(snap, terms)
        assert [pk for pk, _s in ranked] == [
            pk for pk, _s in sorted(found.items(), key=lambda pair: (-pair[1], pair[0]))
        ], terms
        for pk, score in ranked:
            assert found[pk] == pytest.approx(score, rel=1e-12), (terms, pk)


def test_the_counts_follow_new_changed_and_removed_documents(tmp_path, low_threshold):
    _load(tmp_path)
    ingest(tmp_path, _notice("ocds-r-new", "Gloves gloves gloves", "Nitrile"), name="b.json")
    changed = _notice("ocds-r-0", "Paper masks", "Masks", rid="r2", date="2024-04-01T08:00:00Z")
    ingest(tmp_path, changed, name="c.json")
    services.remove_notices([SearchDocument.objects.get(title_tokens="office chairs").notice_id])
    snap = snapshot.current()
    documents, tokens = snap.postings.documents
    assert documents == SearchDocument.objects.count()
    assert tokens == sum(
        len(d.title_tokens.split()) + len(d.body_tokens.split()) for d in SearchDocument.objects.all()
    )
    for terms in QUERIES:
        expected, found = _reference(terms), _in_memory(snap, terms)
        assert found.keys() == expected.keys(), terms
        for pk, score in found.items():
            assert score == pytest.approx(expected[pk], rel=1e-12), (terms, pk)


def test_a_search_of_held_words_is_ranked_without_the_engine(tmp_path, low_threshold, monkeypatch):
    snap = _load(tmp_path)
    expected = sorted(_reference(["nitrile", "gloves"]).items(), key=lambda pair: (-pair[1], pair[0]))

    def refuse(*args, **kwargs):
        raise AssertionError("the engine was asked to rank")

    monkeypatch.setattr(backends.SqliteBackend, "rank", refuse)
    monkeypatch.setattr(backends.PostgresBackend, "rank", refuse)
    results = discover.discover(Search(q="nitrile gloves", filters=NoticeFilters(status="any"), match="words"))
    # The notices with both words, in BM25's order (those with one of them follow: so few have both).
    both = [hit for hit in results.hits if set(hit.matched_terms) == {"nitrile", "gloves"}]
    assert [hit.notice_id for hit in both] == [pk for pk, _s in expected]
    assert results.hits[: len(both)] == both
    # A word not held ("storage": one notice): counted in FTS5's index on SQLite, ranked by PostgreSQL.
    if connection.vendor == "sqlite":
        results = discover.discover(Search(q="gloves storage", filters=NoticeFilters(status="any"), match="words"))
        assert results.hits[0].matched_terms == ("gloves", "storage")
    else:
        assert ranking.term_counts(snap, ["gloves", "storage"])[1] is None
        with pytest.raises(AssertionError, match="engine was asked"):
            discover.discover(Search(q="gloves storage", filters=NoticeFilters(status="any"), match="words"))


def test_small_indexes_hold_nothing_and_the_engine_ranks(tmp_path):
    snap = _load(tmp_path)
    assert snap.postings is postings.EMPTY
    assert ranking.term_counts(snap, ["gloves"]) == [None]
    results = discover.discover(Search(q="gloves", filters=NoticeFilters(status="any"), match="words"))
    assert len(results.hits) == len(_reference(["gloves"]))


def test_ties_go_to_the_lower_id_as_in_the_engine(tmp_path, low_threshold):
    snap = _load(tmp_path, [("Pumps", "Water"), ("Pumps", "Water"), ("Pumps", "Water")])
    counts = ranking.term_counts(snap, ["pumps"])
    held = counts[0][0]
    best = ranking.best(snap.postings, counts, held, snap.columns.ids[held], 3)
    assert snap.columns.ids[best].tolist() == sorted(snap.columns.ids[held].tolist())
    assert np.all(np.diff(ranking.scores(snap.postings, counts, held)) == 0)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5's index of term occurrences is SQLite's")
def test_the_engines_term_counts_are_the_documents(tmp_path):
    _load(tmp_path)
    words = ["gloves", "nitrile", "chairs", "absent"]
    documents = list(SearchDocument.objects.order_by("notice_id"))
    for word, (ids, counts) in zip(words, backends.get_backend().term_counts(words), strict=True):
        expected = {
            d.notice_id: backends.TITLE_WEIGHT * d.title_tokens.split().count(word)
            + d.body_tokens.split().count(word)
            for d in documents
        }
        assert dict(zip(ids.tolist(), counts.tolist(), strict=True)) == {
            k: v for k, v in expected.items() if v
        }


def test_a_search_reads_the_engines_counts_once(tmp_path, low_threshold, monkeypatch):
    """ "gloves storage": all-word matches ranked, then (so few) the notices with some of the words — both from
    the same counts, read from the engine once (SQLite) or never (PostgreSQL, which lists and reads texts)."""
    _load(tmp_path)
    calls = []
    real = backends.SqliteBackend.term_counts
    monkeypatch.setattr(
        backends.SqliteBackend, "term_counts", lambda self, terms: calls.append(terms) or real(self, terms)
    )
    results = discover.discover(Search(q="gloves storage", filters=NoticeFilters(status="any"), match="words"))
    assert len(results.hits) > 1
    assert calls == ([["storage"]] if connection.vendor == "sqlite" else [])
