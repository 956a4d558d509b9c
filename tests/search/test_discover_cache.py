"""discover.MatchCache: a word query's matches are read once per index state, and never outlive it."""

import pytest

from tenderbridge.search import discover, snapshot
from tests.opportunities.packages import ingest, release

pytestmark = pytest.mark.django_db


def _matches(words):
    columns = snapshot.current().columns
    return columns.ids[discover.matches.get(columns, words, require_all=True)].tolist()


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
    columns = snapshot.current().columns
    cache.get(columns, ["gloves"], True)
    cache.get(columns, ["masks"], True)
    cache.get(columns, ["gloves"], True)  # used again: "masks" is now the oldest
    cache.get(columns, ["nitrile"], True)
    assert set(cache._found) == {"gloves", "nitrile"}


def test_a_querys_matches_are_its_words_matches_combined_as_the_engine_combines_them(
    tmp_path, django_assert_num_queries
):
    from tenderbridge.search.backends import get_backend

    titles = ["Nitrile gloves", "Latex gloves", "Nitrile masks", "Paper masks", "Nitrile latex gloves"]
    ingest(tmp_path, *[release(f"ocds-c-{i}", title) for i, title in enumerate(titles)])
    columns = snapshot.current().columns
    cache = discover.MatchCache()
    for words in (["nitrile", "gloves"], ["latex", "gloves", "nitrile"], ["masks", "latex"], ["paper", "absent"]):
        for require_all in (True, False):
            engine = sorted(get_backend().match_all(words, require_all=require_all).tolist())
            assert sorted(columns.ids[cache.get(columns, words, require_all)].tolist()) == engine, words
    cache.clear()
    with django_assert_num_queries(1):  # the words not kept are listed together (PostgreSQL: the query whole)
        cache.get(columns, ["nitrile", "gloves", "paper"], True)
    with django_assert_num_queries(0 if get_backend().lists_words_cheaply else 1):
        cache.get(columns, ["gloves", "paper"], False)
    with django_assert_num_queries(0):  # kept: by its words, or whole
        cache.get(columns, ["gloves", "paper"], False)
