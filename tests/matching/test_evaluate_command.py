"""manage.py evaluate_matching on small files written here: both directions, JSON, every kind of bad input, and
the product's figures equal to what the ranker itself gives."""

import json
from io import StringIO

import numpy as np
import pytest
from django.core.management import CommandError, call_command

from tenderbridge.lib.matching import evaluation
from tenderbridge.lib.matching.ranker import rank_notices, rank_suppliers

PROFILES = [
    {"id": "gloves", "name": "Suzhou Glove Co", "country": "CN", "description": "Nitrile and latex examination gloves",
     "unspsc": ["42132203"], "history": [{"title": "Examination gloves", "buyer": "UNICEF", "date": "2022-05-01",
                                          "amount": 50000, "currency": "USD"}]},
    {"id": "chairs", "name": "Office Furniture Ltd", "country": "Kenya", "unspsc": ["56101504"],
     "history": [{"title": "Office chairs", "buyer": "UNDP", "date": "2022", "amount": "12000", "currency": "usd"}]},
    {"id": "pumps", "name": "水泵有限公司", "description": "太阳能水泵", "unspsc": ["40151500", "bad"]},
    {"id": "name-only", "name": "Generic Trading"},
]


def release(ocid, title, buyer, code=None, scheme="UNSPSC"):
    items = [{"id": "1", "description": title, "classification": {"scheme": scheme, "id": code}}] if code else []
    return {"ocid": ocid, "date": "2023-02-01T00:00:00Z", "buyer": {"name": buyer},
            "tender": {"title": title, "description": title, "items": items}}


NOTICES = [
    release("ocds-1", "Nitrile gloves", "UNICEF", "42132203"),
    release("ocds-2", "Chairs for the country office", "UNDP", "39112000", scheme="CPV"),  # CPV → UNSPSC crosswalk
    release("ocds-3", "Solar water pumps", "WHO", "40151500"),
    release("ocds-4", "Latex gloves", "WHO"),
]
TRUTH = "profile_id,ocid\ngloves,ocds-1\nchairs,ocds-2\npumps,ocds-3\ngloves,ocds-4\n"


@pytest.fixture(autouse=True)
def _no_classifier(monkeypatch):
    # The taxonomy classifier is tested with the taxonomy; here every code is given, so it would add nothing.
    monkeypatch.setattr("tenderbridge.matching.management.commands.evaluate_matching.family_predictor", lambda: None)


def write(tmp_path, profiles=None, notices=None, truth=TRUTH, raw_profiles="", raw_notices=""):
    p, n, t = tmp_path / "P.jsonl", tmp_path / "N.jsonl", tmp_path / "T.csv"
    p.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in (profiles or PROFILES)) + raw_profiles)
    n.write_bytes(("".join(json.dumps(x) + "\n" for x in (notices or NOTICES)) + raw_notices).encode()
                  + (b"\xff\xfe\n" if raw_notices else b""))
    t.write_text(truth)
    return p, n, t


def run(p, n, t, *extra):
    out, err = StringIO(), StringIO()
    call_command("evaluate_matching", "--profiles", str(p), "--notices", str(n), "--truth", str(t),
                 "--no-embedding-cache", *extra, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_prints_recall_mrr_and_queries_for_the_product_and_each_baseline_in_both_directions(tmp_path):
    out, _ = run(*write(tmp_path))
    assert "notice-to-supplier: 4 queries, each ranking 4" in out
    assert "supplier-to-notice: 3 queries, each ranking 4" in out
    for name in ("product", "random", "unspsc", "bm25"):
        assert out.count(f"\n{name} ") == 2


def test_json_output_has_every_metric_and_one_direction_when_asked(tmp_path):
    out, _ = run(*write(tmp_path), "--json", "--direction", "supplier-to-notice", "--k", "2,1")
    result = json.loads(out)
    assert list(result["directions"]) == ["supplier-to-notice"]
    block = result["directions"]["supplier-to-notice"]
    assert block["queries"] == 3
    assert set(block["rankers"]) == {"product", "random", "unspsc", "bm25"}
    assert set(block["rankers"]["product"]) == {"recall@1", "recall@2", "mrr"}
    assert result["files"][0]["missing"]["unspsc (malformed codes)"] == 1


def test_the_product_figures_are_those_of_the_ranker_itself(tmp_path):
    p, n, t = write(tmp_path)
    result = json.loads(run(p, n, t, "--json", "--k", "1,2")[0])
    profiles, _ = evaluation.read_profiles(p)
    notices, _ = evaluation.read_notices(n)
    truth, _ = evaluation.read_truth(t, {x.id for x in profiles}, {x.id for x in notices})
    suppliers, index = evaluation.build_indexes(profiles, notices, seed=0)
    by_notice, by_supplier = {}, {}
    for profile_id, ocid in truth:
        by_notice.setdefault(ocid, set()).add(profile_id)
        by_supplier.setdefault(profile_id, set()).add(ocid)
    for direction, queries, rank in (
        ("notice-to-supplier", by_notice, lambda q: rank_suppliers(index.notices[index.row_of[q]], suppliers, k=99)),
        ("supplier-to-notice", by_supplier, lambda q: rank_notices(suppliers.entry(suppliers.row_of[q]), index, k=99)),
    ):
        recall1, reciprocal = [], []
        for query, true in queries.items():
            ranked = [m.id for m in rank(query)]
            recall1.append(len(true & set(ranked[:1])) / len(true))
            reciprocal.append(1 / (1 + min(ranked.index(x) for x in true)))
        product = result["directions"][direction]["rankers"]["product"]
        assert product["recall@1"] == pytest.approx(np.mean(recall1), abs=1e-4)
        assert product["mrr"] == pytest.approx(np.mean(reciprocal), abs=1e-4)


def test_the_run_is_deterministic(tmp_path):
    files = write(tmp_path)
    assert run(*files, "--json")[0] == run(*files, "--json")[0]


def test_malformed_lines_are_reported_with_file_and_line_and_skipped(tmp_path):
    files = write(tmp_path, raw_profiles='{"name": "no id"}\nnot json\n[1, 2]\n\n',
                  raw_notices='{"tender": {}}\n{"ocid": "ocds-1"}\n')
    out, err = run(*files, "--json")
    assert "P.jsonl line 5: no \"id\"" in err and "P.jsonl line 6: not JSON" in err
    assert "P.jsonl line 7: not a JSON object" in err
    assert "N.jsonl line 5: no \"ocid\"" in err and "N.jsonl line 6: the ocid 'ocds-1' was already used above" in err
    files_report = json.loads(out)["files"]
    assert "N.jsonl line 7: not UTF-8 text" in err
    assert [f["skipped"] for f in files_report[:2]] == [3, 3]


def test_unknown_ids_in_the_truth_are_reported_counted_and_skipped(tmp_path):
    truth = TRUTH + "nobody,ocds-1\ngloves,ocds-404\n,ocds-2\n"
    out, err = run(*write(tmp_path, truth=truth), "--json")
    assert "T.csv line 6: unknown profile_id 'nobody'" in err and "T.csv line 7: unknown ocid 'ocds-404'" in err
    assert "T.csv line 8: a profile_id or ocid is missing" in err
    report = json.loads(out)["files"][2]
    assert report["unknown"] == {"ocid": 1, "profile_id": 1} and report["used"] == 4


def test_profiles_and_notices_with_missing_fields_still_rank(tmp_path):
    profiles = [{"id": 7}, {"id": "emoji", "name": "😀😀", "history": [{"title": 5}, "x"]}, {"id": "big", "description": "gloves " * 15000}]
    notices = [{"ocid": "n1"}, {"ocid": "n2", "tender": {"title": "Gloves"}, "buyer": "not an object"}]
    out, _ = run(*write(tmp_path, profiles=profiles, notices=notices, truth="profile_id,ocid\n7,n1\nbig,n2\n"), "--json")
    result = json.loads(out)
    assert result["directions"]["notice-to-supplier"]["queries"] == 2
    assert result["files"][1]["missing"]["buyer"] == 2


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("no-file", "Cannot read"),
        ("bad-header", "must start with the header profile_id,ocid"),
        ("no-pairs", "has no true pair"),
        ("empty-profiles", "has no usable supplier profile"),
        ("bad-k", "--k must be whole numbers"),
    ],
)
def test_unusable_input_is_a_clear_error(tmp_path, case, message):
    p, n, t = write(tmp_path)
    extra = []
    if case == "no-file":
        p = tmp_path / "missing.jsonl"
    elif case == "bad-header":
        t.write_text("supplier,notice\ngloves,ocds-1\n")
    elif case == "no-pairs":
        t.write_text("profile_id,ocid\nnobody,nothing\n")
    elif case == "empty-profiles":
        p.write_text("\n\nnot json\n")
    else:
        extra = ["--k", "five"]
    with pytest.raises(CommandError, match=message):
        run(p, n, t, *extra)
