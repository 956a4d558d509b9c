"""The held-out matching folds' split (benchmarks/matching_heldout.py): one notice per procurement, the latest of
each supplier that won two, never in any history; the rest as profiles."""

import csv
import importlib.util
import json
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("matching_heldout", REPO / "benchmarks" / "matching_heldout.py")
heldout = importlib.util.module_from_spec(spec)
spec.loader.exec_module(heldout)


def award(ocid, date, title, *winners, amount=123456.0):
    return heldout.Award(ocid, date, "Council", title, f"{title}, in full", amount, "GBP", ("45000000",),
                         tuple((w.lower(), w) for w in winners))


def test_leave_latest_out(tmp_path):
    awards = [
        award("o1", "2020-01-01", "Roof repairs", "Acme"),
        award("o2", "2021-01-01", "Roof replacement", "Acme", "Brick Ltd"),  # Acme's latest: held out
        award("o3", "2020-06-01", "Window cleaning", "Brick Ltd"),
        award("o4", "2019-01-01", "Grass cutting", "Green"),  # one procurement: a profile, never a query
    ]
    row = heldout.write_fold(tmp_path, "uk-cf", awards, lambda text: ("72100000",))
    assert row == {"fold": "uk-cf", "procurements": 4, "profiles": 3, "notices": 1, "true_pairs": 2,
                   "texts_naming_the_winner": 0}
    folder = tmp_path / "uk-cf"
    profiles = [json.loads(line) for line in (folder / "P.jsonl").read_text().splitlines()]
    notices = [json.loads(line) for line in (folder / "N.jsonl").read_text().splitlines()]
    truth = list(csv.DictReader((folder / "T.csv").open()))
    assert [n["tender"]["title"] for n in notices] == ["Roof replacement"]
    assert notices[0]["tender"]["value"] == {"amount": 120000.0, "currency": "GBP"}  # two significant digits
    assert "Acme" not in json.dumps(notices)
    histories = {p["name"]: [h["title"] for h in p["history"]] for p in profiles}
    assert histories == {"Acme": ["Roof repairs"], "Brick Ltd": ["Window cleaning"], "Green": ["Grass cutting"]}
    ids = {p["id"]: p["name"] for p in profiles}
    assert sorted(ids[t["profile_id"]] for t in truth) == ["Acme", "Brick Ltd"]
    assert all(p["unspsc"] == ["72100000"] and p["country"] == "GB" for p in profiles)
