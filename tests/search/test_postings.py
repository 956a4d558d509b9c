"""search/postings.py: the most common words' matches held in memory are the engine's, and follow every change."""

import dataclasses
import itertools

import pytest

from tenderbridge.search import discover, postings, services, snapshot
from tenderbridge.search.backends import get_backend
from tests.opportunities.packages import ingest, item, release

pytestmark = pytest.mark.django_db


@pytest.fixture
def low_threshold(monkeypatch):
    """Any word in two notices or more counts as frequent (a million notices are not needed to test it)."""
    monkeypatch.setattr(postings, "FREQUENT_MATCHES", 2)


def _notice(ocid, title, description="Goods", rid="r1", date="2024-03-01T08:00:00Z"):
    found = release(ocid, title, published=date, items=[item("42132203", description=description)])
    found["id"], found["date"] = f"{ocid}-{rid}", date
    return found


def _held(word):
    snap = snapshot.current()
    return sorted(snap.columns.ids[snap.postings.words[word]].tolist())


def _engine(word):
    return sorted(get_backend().match_all([word], require_all=True).tolist())


def test_the_held_words_are_the_frequent_ones_and_their_matches_are_the_engines(tmp_path, low_threshold):
    titles = ["Nitrile gloves", "Latex gloves", "Paper masks", "Nitrile masks", "Office chairs"]
    ingest(tmp_path, *[_notice(f"ocds-p-{i}", title) for i, title in enumerate(titles)])
    held = snapshot.current().postings.words
    assert {"gloves", "nitrile", "masks", "goods"} <= set(held)
    assert "chairs" not in held and "paper" not in held  # in one notice only
    for word in held:
        assert _held(word) == _engine(word), word
        assert not held[word].flags.writeable  # shared by searches


def test_a_query_of_held_words_asks_the_engine_nothing_and_finds_what_it_would(
    tmp_path, low_threshold, django_assert_num_queries
):
    titles = ["Nitrile gloves", "Latex gloves", "Nitrile masks", "Paper masks", "Nitrile latex gloves"]
    ingest(tmp_path, *[_notice(f"ocds-q-{i}", title) for i, title in enumerate(titles)])
    snap = snapshot.current()
    for words in (["nitrile", "gloves"], ["latex", "masks"], ["paper", "gloves", "nitrile"]):
        for require_all in (True, False):
            engine = sorted(get_backend().match_all(words, require_all=require_all).tolist())
            with django_assert_num_queries(0 if "paper" not in words else 1):  # "paper": one notice, listed
                found = discover.MatchCache().get(snap, words, require_all)
            assert sorted(snap.columns.ids[found].tolist()) == engine, (words, require_all)


def test_the_held_matches_follow_new_changed_and_removed_notices(tmp_path, low_threshold):
    ingest(tmp_path, _notice("ocds-u-1", "Nitrile gloves"), _notice("ocds-u-2", "Latex gloves"), name="a.json")
    assert len(_held("gloves")) == 2
    ingest(tmp_path, _notice("ocds-u-3", "Gloves for clinics"), name="b.json")  # a new notice
    assert _held("gloves") == _engine("gloves") and len(_held("gloves")) == 3
    # A notice changed: its new title has no gloves any more.
    changed = _notice("ocds-u-1", "Surgical masks", rid="r2", date="2024-04-01T08:00:00Z")
    ingest(tmp_path, changed, name="c.json")
    assert _held("gloves") == _engine("gloves") and len(_held("gloves")) == 2
    # A notice taken out of the index.
    gone = _engine("gloves")[0]
    services.remove_notices([gone])
    assert _held("gloves") == _engine("gloves") and gone not in _held("gloves")


def test_nothing_is_held_or_read_when_no_word_can_be_that_common(tmp_path, django_assert_num_queries):
    ingest(tmp_path, _notice("ocds-s-1", "Nitrile gloves"), _notice("ocds-s-2", "Latex gloves"))
    snap = snapshot.current()
    assert snap.postings is postings.EMPTY
    with django_assert_num_queries(0):
        assert postings.load(snap.columns) is postings.EMPTY


def test_the_newest_matches_of_held_and_unheld_words_are_the_engines(tmp_path, low_threshold, monkeypatch):
    """A Chinese query's translated words are ranked among their newest matches: found in the held lists'
    ends, with the engine asked only for the words not held, they are the notices the engine alone gives."""
    import numpy as np

    titles = ["Nitrile gloves", "Latex gloves", "Paper masks", "Nitrile masks", "Office chairs", "Gloves boxes"]
    ingest(tmp_path, *[_notice(f"ocds-n-{i}", title) for i, title in enumerate(titles)])
    snap = snapshot.current()
    words = ["gloves", "masks", "chairs"]  # two held, one not
    assert "chairs" not in snap.postings.words
    # Positions that do not follow ids (a notice committed out of order) leave it to the engine.
    unordered = dataclasses.replace(snap, columns=dataclasses.replace(snap.columns, ids_ascending=False))
    for count, state in itertools.product((1, 3, 6, 10), (snap, unordered)):
        found, complete, listings = discover._newest_matches(state, words, count)
        engine = get_backend().newest(words, require_all=False, limit=count)
        assert sorted(snap.columns.ids[found].tolist()) == sorted(engine.tolist()), count
        assert complete == (len(engine) < count)
        if listings is not None:  # each word's matches, for BM25 to count it only where it is
            for listing, ids in zip(listings, get_backend().match_each(words), strict=True):
                assert listing is None or sorted(snap.columns.ids[listing].tolist()) == sorted(ids.tolist())
    monkeypatch.setattr(discover, "PARTIAL_POOL", 3)
    allowed = np.ones(snap.columns.size, bool)
    ranked = discover._translated_ranking(snap, words, allowed)[0]
    assert ranked and ranked == discover._coverage_ranking(snap, words, allowed)[1]
