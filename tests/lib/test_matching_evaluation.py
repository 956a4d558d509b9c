import numpy as np

from tenderbridge.lib.matching import evaluation
from tenderbridge.lib.matching.ranker import order


def test_ranks_break_ties_by_row_like_the_ranker_and_an_excluded_row_is_never_found():
    scores = np.array([0.5, 0.9, 0.5, -np.inf, 0.1])
    assert order(scores).tolist() == [1, 0, 2, 4]
    assert evaluation.ranks(scores, np.array([0, 2, 3, 4])).tolist() == [2, 3, np.inf, 4]


def test_recall_is_the_share_of_true_items_found_and_mrr_the_first_hit():
    tally = evaluation._Tally((1, 5))
    tally.add(np.array([1.0, 7.0]))
    tally.add(np.array([np.inf]))
    assert tally.result() == {"recall@1": 0.25, "recall@5": 0.25, "mrr": 0.5}


def test_top_k_keeps_ties_at_the_border_in_row_order():
    scores = np.array([0.2, 0.7, 0.7, 0.7, 0.1])
    assert order(scores, 2).tolist() == [1, 2]


def test_history_dates_may_be_years_dates_or_missing(tmp_path):
    path = tmp_path / "P.jsonl"
    path.write_text('{"id": "a", "history": [{"date": "2015"}, {"date": 2016}, {"date": "2017-03-04T00:00:00Z"}, {"date": "soon"}]}\n')
    (supplier,), report = evaluation.read_profiles(path)
    assert [c.date.isoformat() if c.date else None for c in supplier.history] == ["2015-01-01", "2016-01-01", "2017-03-04", None]
    assert report.missing["history.date"] == 1
