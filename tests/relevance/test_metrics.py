"""The benchmark's figures on examples worked out by hand, and its files' checks (tenderbridge/lib/relevance.py)."""

import math

import pytest

from tenderbridge.lib import relevance as R

J = R.Judgement


def test_ndcg_with_graded_gains():
    judged = {"a": J(2, "bids"), "b": J(1), "c": J(0), "d": J(1)}
    # ranking c, a, b: DCG = 0/log2(2) + 3/log2(3) + 1/log2(4) = 1.8928 + 0.5
    # ideal a, b, d:   DCG = 3/1 + 1/log2(3) + 1/2 = 3 + 0.6309 + 0.5
    got = R.ndcg(["c", "a", "b"], judged)
    assert got == pytest.approx((3 / math.log2(3) + 0.5) / (3 + 1 / math.log2(3) + 0.5))
    assert R.ndcg(["a", "b", "d"], judged) == pytest.approx(1.0)
    assert R.ndcg(["a", "d", "b"], judged) == pytest.approx(1.0)  # equal grades: either order is ideal
    assert R.ndcg([], judged) == 0.0
    assert R.ndcg(["x"], {"c": J(0)}) is None  # no relevant notice: nDCG undefined, left out of the mean


def test_unjudged_notices_count_as_zero_and_only_the_first_ten_count():
    judged = {"a": J(2, "bids")}
    assert R.ndcg(["u1", "a"], judged) == pytest.approx(1 / math.log2(3) * 3 / 3)
    assert R.ndcg([f"u{i}" for i in range(10)] + ["a"], judged) == 0.0


def test_precision_at_five_counts_missing_places_as_zero():
    judged = {"a": J(2, "x"), "b": J(1), "c": J(0)}
    assert R.precision(["a", "b", "c", "u", "a2"], judged) == pytest.approx(2 / 5)
    assert R.precision(["a"], judged) == pytest.approx(1 / 5)


def test_figures_over_queries():
    judgements = {
        "q1": {"a": J(2, "x"), "b": J(1), "c": J(0)},
        "q2": {"d": J(1)},
        "q3": {"e": J(0)},  # nothing relevant open
        "q4": {f"n{i}": J(1) for i in range(5)},
    }
    rankings = {
        "q1": ["a", "c"],  # nDCG (3) / (3 + 1/log2 3)
        "q2": ["x", "y"],  # relevant notice exists, none shown: missed; "x", "y" unjudged
        "q3": [],  # zero results, and no relevant notice: not noise
        "q4": ["n0", "n1", "n2", "zz", "n3"],  # P@5 = 4/5
    }
    f = R.figures(rankings, judgements)
    assert f.queries == 4 and f.with_relevant == 3
    q1 = 3 / (3 + 1 / math.log2(3))
    ideal4 = sum(1 / math.log2(r + 2) for r in range(5))
    q4 = (sum(1 / math.log2(r + 2) for r in (0, 1, 2)) + 1 / math.log2(6)) / ideal4
    assert f.ndcg == pytest.approx((q1 + 0 + q4) / 3)
    assert f.p5_queries == 1 and f.p5 == pytest.approx(0.8)
    assert f.zero_results == pytest.approx(1 / 4)
    assert f.missed == pytest.approx(1 / 3)
    assert f.noise == 0.0
    assert f.judged_share == pytest.approx((2 + 0 + 4) / (2 + 2 + 5))
    assert f.per_query["q1"]["relevant_in_top"] == 1
    # the judged share counts only the notices that could be judged (the open ones)
    g = R.figures(rankings, judgements, universe={"a", "c", "n0", "n1", "n2", "n3"})
    assert g.judged_share == pytest.approx(1.0)


def test_restrict_drops_notices_no_longer_open():
    judgements = {"q": {"a": J(2, "x"), "gone": J(2, "y")}}
    assert R.restrict(judgements, {"a"}) == {"q": {"a": J(2, "x")}}


def test_goals():
    product = R.Figures(ndcg=0.5)
    assert R.lead_goal("search", product, {"bm25": R.Figures(ndcg=0.4), "vectors": R.Figures(ndcg=0.2)}).passed is True
    goal = R.lead_goal("search", product, {"bm25": R.Figures(ndcg=0.41)})
    assert goal.passed is False and "needed 0.512" in goal.detail
    assert R.precision_goal("feeds", R.Figures(p5=0.8, p5_queries=3)).passed is True
    assert R.precision_goal("feeds", R.Figures()).passed is None
    feeds = R.Figures(per_query={"p1": {"relevant": 5, "relevant_in_top": 3}, "p2": {"relevant": 3, "relevant_in_top": 2},
                                 "p3": {"relevant": 2, "relevant_in_top": 0}})
    goal = R.description_goal(feeds, ["p1", "p2", "p3"])
    assert goal.passed is False and "1 of 2 profiles" in goal.detail and "p2 2" in goal.detail


# --- files -----------------------------------------------------------------------------------------------


def test_judgements_round_trip(tmp_path):
    path = tmp_path / "j.csv"
    judgements = {"s1": {"o-1": J(2, "buys gloves, the firm's product"), "o-2": J(0)}, "p1": {"o-1": J(1)}}
    R.write_judgements(path, judgements, ["s1", "p1"])
    assert R.read_judgements(path, ["s1", "p1"]) == judgements
    assert path.read_text().splitlines()[0] == "id,ocid,grade,note"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("s1,o-3,3,", "line 3: grade '3'; use 0 (unrelated), 1 (related) or 2 (the firm could bid)"),
        ("s1,o-3,2,", "line 3: a grade 2 needs a short note"),
        ("s9,o-3,1,", "line 3: 's9' is neither a query nor a profile"),
        ("s1,,1,", "line 3: an id and an ocid are needed"),
        ("s1,o-1,0,", "line 3: s1 / o-1 is judged twice"),
        ("s1,o-3,1,x,y", "line 3: 5 columns"),
    ],
)
def test_a_bad_judgement_line_refuses_the_file_with_its_number(tmp_path, line, message):
    path = tmp_path / "j.csv"
    path.write_text(f"id,ocid,grade,note\ns1,o-1,1,\n{line}\ns1,o-4,0,\n", encoding="utf-8")
    with pytest.raises(R.BenchmarkFileError) as raised:
        R.read_judgements(path, ["s1"])
    assert str(path) in str(raised.value) and message in str(raised.value)


def test_judgements_need_the_header(tmp_path):
    path = tmp_path / "j.csv"
    path.write_text("s1,o-1,1,\n", encoding="utf-8")
    with pytest.raises(R.BenchmarkFileError, match="line 1 must be the header id,ocid,grade,note"):
        R.read_judgements(path)
    with pytest.raises(R.BenchmarkFileError, match="no such file"):
        R.read_judgements(tmp_path / "missing.csv")


def test_queries_and_profiles_files(tmp_path):
    queries = tmp_path / "q.jsonl"
    queries.write_text('{"id": "s1", "q": "医用手套", "kind": "zh"}\n\n{"id": "s2", "q": "gloves"}\n', encoding="utf-8")
    assert R.read_queries(queries) == [R.Query("s1", "医用手套", "zh"), R.Query("s2", "gloves", "")]
    queries.write_text('{"id": "s1", "q": "a"}\nnot json\n{"id": "s1", "q": "b"}\n{"id": "s3", "q": ""}\n', encoding="utf-8")
    with pytest.raises(R.BenchmarkFileError) as raised:
        R.read_queries(queries)
    text = str(raised.value)
    assert "3 bad line(s)" in text and "line 2: not JSON" in text and "line 3: id 's1' appears twice" in text
    assert "line 4: no query text" in text
    profiles = tmp_path / "p.jsonl"
    profiles.write_text(
        '{"id": "p1", "kind": "codes", "codes": ["42132203"]}\n'
        '{"id": "p2", "kind": "contracts", "contracts": [{"title": "Gloves", "buyer": "UNICEF", "year": 2023}]}\n',
        encoding="utf-8")
    read = R.read_profiles(profiles)
    assert read[0].codes == ("42132203",) and read[1].contracts[0] == R.Contract("Gloves", "UNICEF", 2023)
    profiles.write_text(
        '{"id": "p1", "kind": "codes", "codes": ["4213"]}\n{"id": "p2", "kind": "other"}\n'
        '{"id": "p3", "kind": "mixed"}\n{"id": "p4", "kind": "contracts", "contracts": [{"title": "x", "year": "2023"}]}\n',
        encoding="utf-8")
    with pytest.raises(R.BenchmarkFileError) as raised:
        R.read_profiles(profiles)
    text = str(raised.value)
    assert "line 1: not 8-digit UNSPSC codes" in text and "line 2: kind 'other'" in text
    assert "line 3: the profile says nothing" in text and "line 4: contract 1 has year '2023'" in text


def test_the_committed_benchmark_files_read():
    """The repository's own files pass their checks and hold what the issue asks for."""
    from pathlib import Path

    here = Path(__file__).resolve().parents[2] / "benchmarks" / "relevance"
    queries = R.read_queries(here / "queries.jsonl")
    profiles = R.read_profiles(here / "profiles.jsonl")
    judgements = R.read_judgements(here / "judgements.csv", [q.id for q in queries] + [p.id for p in profiles])
    assert len(queries) >= 150 and sum(q.kind.startswith("zh") for q in queries) * 2 >= len(queries)
    assert len(profiles) >= 30 and {p.kind for p in profiles} == set(R.PROFILE_KINDS)
    assert all(p.description and not p.codes and not p.contracts for p in profiles if p.kind == "description")
    assert set(judgements) == {q.id for q in queries} | {p.id for p in profiles}
