"""discover.MatchCache: a word query's matches are read once per index state, and never outlive it."""

import dataclasses

import numpy as np
import pytest

from tenderbridge.search import discover, postings, snapshot
from tests.opportunities.packages import ingest, release

pytestmark = pytest.mark.django_db


def _matches(words):
    snap = snapshot.current()
    return snap.columns.ids[discover.matches.get(snap, words, require_all=True)].tolist()


def test_matches_are_kept_until_the_index_changes(tmp_path, django_assert_num_queries):
    ingest(tmp_path, release("ocds-k-1", "Nitrile gloves"), name="one.json")
    first = _matches(["gloves"])
    assert len(first) == 1
    with django_assert_num_queries(1):  # only the index version is read: the match is kept
        assert _matches(["gloves"]) == first
    ingest(tmp_path, release("ocds-k-2", "Latex gloves"), name="two.json")
    assert len(_matches(["gloves"])) == 2  # a new notice: the index moved, the kept matches went


def test_the_cache_keeps_at_most_its_limit_dropping_the_least_recently_used(tmp_path):
    ingest(tmp_path, release("ocds-k-1", "Nitrile gloves"), release("ocds-k-2", "Paper masks"))
    cache = discover.MatchCache(limit_bytes=16)  # four positions of 4 bytes: "gloves" has two (items say it)
    snap = snapshot.current()
    cache.get(snap, ["gloves"], True)
    cache.get(snap, ["masks"], True)
    cache.get(snap, ["gloves"], True)  # used again: "masks" is now the oldest
    cache.get(snap, ["nitrile"], True)
    assert set(cache._found) == {"gloves", "nitrile"}


def test_a_querys_matches_are_its_words_matches_combined_as_the_engine_combines_them(
    tmp_path, django_assert_num_queries
):
    from tenderbridge.search.backends import get_backend

    titles = ["Nitrile gloves", "Latex gloves", "Nitrile masks", "Paper masks", "Nitrile latex gloves"]
    ingest(tmp_path, *[release(f"ocds-c-{i}", title) for i, title in enumerate(titles)])
    snap = snapshot.current()
    columns = snap.columns
    cache = discover.MatchCache()
    for words in (
        ["nitrile", "gloves"],
        ["latex", "gloves", "nitrile"],
        ["masks", "latex"],
        ["paper", "absent"],
    ):
        for require_all in (True, False):
            engine = sorted(get_backend().match_all(words, require_all=require_all).tolist())
            assert sorted(columns.ids[cache.get(snap, words, require_all)].tolist()) == engine, words
    cache.clear()
    with django_assert_num_queries(1):  # the words not kept are listed together (PostgreSQL: the query whole)
        cache.get(snap, ["nitrile", "gloves", "paper"], True)
    with django_assert_num_queries(0 if get_backend().lists_words_cheaply else 1):
        cache.get(snap, ["gloves", "paper"], False)
    with django_assert_num_queries(0):  # kept: by its words, or whole
        cache.get(snap, ["gloves", "paper"], False)


def _ids(*ocids):
    from tenderbridge.opportunities.models import Notice

    found = dict(Notice.objects.filter(ocid__in=ocids).values_list("ocid", "pk"))
    return [found[ocid] for ocid in ocids]


def test_documents_are_read_once_per_index_state_and_never_outlive_it(tmp_path, django_assert_num_queries):
    ingest(
        tmp_path, release("ocds-d-1", "Nitrile gloves"), release("ocds-d-2", "Paper masks"), name="one.json"
    )
    columns = snapshot.current().columns
    first, second = _ids("ocds-d-1", "ocds-d-2")
    cache = discover.DocumentCache()
    texts = cache.get(columns, [second, first, 10**9])  # in the order asked; a notice without a document
    assert texts[0][0] == "paper masks" and texts[1][0] == "nitrile gloves" and texts[2] == ("", "", 0)
    with django_assert_num_queries(0):
        assert cache.get(columns, [first, second]) == [texts[1], texts[0]]
    changed = release("ocds-d-1", "Latex gloves") | {"id": "ocds-d-1-r2", "date": "2024-04-01T00:00:00Z"}
    ingest(tmp_path, changed, name="two.json")
    columns = snapshot.current().columns
    assert cache.get(columns, [first])[0][0] == "latex gloves"  # a new index state: read again


def test_the_document_cache_keeps_at_most_its_limit(tmp_path):
    ingest(tmp_path, release("ocds-d-1", "Nitrile gloves"), release("ocds-d-2", "Paper masks"))
    columns = snapshot.current().columns
    first, second = _ids("ocds-d-1", "ocds-d-2")
    sizes = [discover._size(text) for text in discover.DocumentCache().get(columns, [first, second])]
    cache = discover.DocumentCache(limit_bytes=sum(sizes) - 1)  # room for one of the two
    cache.get(columns, [first])
    cache.get(columns, [second])
    assert list(cache._kept) == [second]


@pytest.mark.parametrize(
    "tokens, word, count",
    [
        ("w", "w", 1),
        ("w w", "w", 2),
        ("w w x", "w", 2),
        ("x w w", "w", 2),
        ("x w w y", "w", 2),
        ("w w w w", "w", 4),
        ("x ww w wx", "w", 1),
        ("", "w", 0),
        ("a b", "a b", 0),  # a token never holds a space
    ],
)
def test_a_words_occurrences_are_its_tokens_count(tokens, word, count):
    assert (
        discover._occurrences(tokens, word) == count == (tokens.split().count(word) if " " not in word else 0)
    )


@pytest.mark.parametrize(
    "words",
    [
        ["gloves", "nitrile", "masks", "absent"],  # few: each looked for on its own
        ["gloves", "nitrile", "masks", "absent", "latex", "paper", "office", "chairs"],  # many: tokens split
    ],
)
def test_bm25_counting_a_word_only_where_it_is_listed_gives_the_scores_of_counting_it_everywhere(
    tmp_path, words
):
    titles = ["Nitrile gloves", "Latex gloves gloves", "Nitrile masks", "Paper masks", "Office chairs"]
    ingest(tmp_path, *[release(f"ocds-b-{i}", title) for i, title in enumerate(titles)])
    snap = snapshot.current()
    positions = np.arange(snap.columns.size)
    for word in words:  # listed alone: kept, on either engine
        discover.matches.get(snap, [word], require_all=False)
    listings = discover.matches.each(snap, words)
    assert all(listing is not None for listing in listings)
    listed = discover._bm25(snap, positions, words, listings)
    assert listed.max() > 0
    np.testing.assert_allclose(listed, discover._bm25(snap, positions, words))


def test_bm25_of_many_words_reads_each_document_once(tmp_path, monkeypatch):
    titles = ["Nitrile gloves", "Latex gloves gloves", "Nitrile masks", "Paper masks", "Office chairs"]
    ingest(tmp_path, *[release(f"ocds-m-{i}", title) for i, title in enumerate(titles)])
    snap = snapshot.current()
    words = ["gloves", "nitrile", "masks", "absent", "latex", "paper", "office", "chairs"]
    assert len(words) > discover.FEW_WORDS
    looked_for = []
    monkeypatch.setattr(discover, "_occurrences", lambda *args: looked_for.append(args) or 0)
    scores = discover._bm25(snap, np.arange(snap.columns.size), words)
    assert scores.min() > 0 and looked_for == []  # one split per document, no pass per word


@pytest.mark.parametrize(
    "words",
    [
        ["gloves", "nitrile"],  # all held
        ["gloves", "nitrile", "chairs", "absent"],  # some held, some not
        ["gloves", "nitrile", "masks", "absent", "latex", "paper", "office", "chairs"],  # many
    ],
)
def test_bm25_from_the_held_counts_gives_the_scores_of_the_texts(tmp_path, monkeypatch, words):
    monkeypatch.setattr(postings, "FREQUENT_MATCHES", 2)  # words in two notices or more are held
    titles = ["Nitrile gloves", "Latex gloves gloves", "Nitrile masks", "Paper masks", "Office chairs"]
    ingest(tmp_path, *[release(f"ocds-h-{i}", title) for i, title in enumerate(titles)])
    snap = snapshot.current()
    assert "gloves" in snap.postings.counts and "chairs" not in snap.postings.counts
    positions = np.arange(snap.columns.size)
    from_texts = discover._bm25(dataclasses.replace(snap, postings=postings.EMPTY), positions, words)
    assert from_texts.max() > 0
    for word in words:
        discover.matches.get(snap, [word], require_all=False)
    for listings in (None, discover.matches.each(snap, words)):
        np.testing.assert_allclose(discover._bm25(snap, positions, words, listings), from_texts)


def test_bm25_of_held_words_reads_no_text(tmp_path, monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(postings, "FREQUENT_MATCHES", 2)
    titles = ["Nitrile gloves", "Latex gloves gloves", "Nitrile masks", "Paper masks", "Office chairs"]
    ingest(tmp_path, *[release(f"ocds-t-{i}", title) for i, title in enumerate(titles)])
    snap = snapshot.current()
    discover.documents.clear()
    with django_assert_num_queries(0):
        scores = discover._bm25(snap, np.arange(snap.columns.size), ["gloves", "masks"])
    assert (scores > 0).all()  # every one has "gloves" (the item's description), two "masks" too
