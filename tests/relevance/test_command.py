"""manage.py evaluate_relevance on a tiny judged fixture: real notices taken in through the ingest pipeline and
indexed, the product's search and feeds, the baselines, and the checks of its files (both databases)."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tenderbridge.accounts.models import Organisation
from tenderbridge.matching import notices as open_notices
from tenderbridge.matching import profiles as visible_profiles
from tenderbridge.opportunities.filters import Search
from tenderbridge.opportunities.models import Notice
from tenderbridge.search.discover import discover
from tenderbridge.suppliers.models import SupplierProfile
from tests.search.conftest import ingest, release

NOW = timezone.now().replace(microsecond=0)


def tender(ocid, title, description="", code="", days=30, tag="tender"):
    body = release(ocid, title, description, [title], code=code)
    body["tag"] = [tag]
    body["tender"]["tenderPeriod"] = {"endDate": (NOW + timedelta(days=days)).isoformat()}
    if tag == "award":
        body["awards"] = [{"id": "A1", "title": title, "status": "active"}]
    return body


NOTICES = [
    tender("ocds-gloves", "Supply of nitrile examination gloves", "Powder-free nitrile examination gloves for clinics",
           code="42132203"),
    tender("ocds-solar", "Design and installation of roof mounted solar PV systems", "Solar panels on council houses"),
    tender("ocds-chairs", "Office chairs and desks", "Ergonomic office furniture for the country office"),
    tender("ocds-cleaning", "Cleaning services for schools", "Daily cleaning of twelve primary schools"),
    tender("ocds-closed-gloves", "Examination gloves", "Nitrile gloves", code="42132203", days=-3),
]
QUERIES = [
    {"id": "s1", "q": "gloves", "kind": "en"},
    {"id": "s2", "q": "医用手套", "kind": "zh"},
    {"id": "s3", "q": "solar panels", "kind": "en"},
    {"id": "s4", "q": "tents", "kind": "en"},
]
PROFILES = [
    {"id": "p1", "kind": "description", "name_zh": "无锡康护医疗用品有限公司", "country": "CN",
     "description": "我们生产一次性医用丁腈检查手套。"},
    {"id": "p2", "kind": "codes", "name_en": "Ningbo Office Furniture Co., Ltd.", "country": "CN",
     "codes": ["56101700"]},
]
JUDGEMENTS = """id,ocid,grade,note
s1,ocds-gloves,2,buys nitrile gloves
s1,ocds-closed-gloves,2,closed since
s1,ocds-chairs,0,
s2,ocds-gloves,2,buys nitrile gloves
s3,ocds-solar,2,buys solar PV systems
s3,ocds-cleaning,0,
s4,ocds-gloves,0,
p1,ocds-gloves,2,buys the firm's gloves
p2,ocds-chairs,2,buys office furniture
"""


@pytest.fixture
def benchmark(db, tmp_path):
    open_notices.reset()
    visible_profiles.reset()
    ingest(tmp_path, *NOTICES)
    files = {"searches": tmp_path / "q.jsonl", "profiles": tmp_path / "p.jsonl", "judgements": tmp_path / "j.csv"}
    files["searches"].write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in QUERIES), encoding="utf-8")
    files["profiles"].write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in PROFILES), encoding="utf-8")
    files["judgements"].write_text(JUDGEMENTS, encoding="utf-8")
    yield {name: str(path) for name, path in files.items()}
    open_notices.reset()
    visible_profiles.reset()


def run(files, *extra) -> str:
    out = StringIO()
    args = [f"--{name}={path}" for name, path in files.items()]
    call_command("evaluate_relevance", *args, f"--now={NOW.isoformat()}", *extra, stdout=out)
    return out.getvalue()


def test_figures_of_the_product_and_the_baselines(benchmark):
    organisations = Organisation.objects.count()
    result = json.loads(run(benchmark, "--json", "--per-query"))
    assert result["open_notices"] == 4  # the closed tender is not judged against
    assert result["judgements"] == 9 and result["judged_open"] == 8
    search, feeds = result["search"], result["feeds"]
    assert set(search) == {"product", "product-open", "bm25", "vectors"} and set(feeds) == {"product", "bm25", "vectors"}
    # BM25 alone finds the English words, not the Chinese query's
    bm25 = search["bm25"]["per_query"]
    assert bm25["s1"]["top"][0] == "ocds-gloves" and bm25["s1"]["ndcg"] == pytest.approx(1.0)
    assert bm25["s2"]["top"] == [] and bm25["s2"]["ndcg"] == 0.0
    assert bm25["s3"]["top"][0] == "ocds-solar"
    assert search["bm25"]["zero_results"] == pytest.approx(2 / 4)  # 医用手套 and tents
    # vectors rank every open notice
    assert len(search["vectors"]["per_query"]["s4"]["top"]) == 4 and search["vectors"]["noise"] == 1.0
    # the product's ranking is discover()'s, as a reader types the query
    shown = discover(Search.from_querydict({"q": "gloves"}), page_size=10, now=NOW).hits
    ocid_of = dict(Notice.objects.values_list("pk", "ocid"))
    assert search["product"]["per_query"]["s1"]["top"] == [ocid_of[h.notice_id] for h in shown[:10]]
    # s4 has no relevant notice: out of nDCG, P@5 needs five relevant notices (none here)
    assert search["bm25"]["with_relevant"] == 3 and search["bm25"]["p5"] is None
    # feeds: the codes-only profile's BM25 query holds its code's titles ("Office furniture")
    assert feeds["bm25"]["per_query"]["p2"]["top"][0] == "ocds-chairs"
    assert all(o in {"ocds-gloves", "ocds-solar", "ocds-chairs", "ocds-cleaning"}
               for o in feeds["product"]["per_query"]["p1"]["top"])
    assert [g["passed"] for g in result["goals"]].count(None) >= 2  # no P@5 query; nobody with 3 relevant
    assert result["ndcg_by_kind"]["search"]["zh"]["queries"] == 1
    # the benchmark's profiles were written, ranked and rolled back
    assert Organisation.objects.count() == organisations and not SupplierProfile.objects.exists()


def test_the_text_report(benchmark, tmp_path):
    text = run(benchmark, f"--queries-csv={tmp_path / 'per-query.csv'}")
    rows = (tmp_path / "per-query.csv").read_text().splitlines()
    assert rows[0] == "side,ranker,id,ndcg,p5,relevant,relevant_in_top,results"
    assert "search,bm25,s1,1.0000,,1,1,1" in rows and "search,bm25,s4,,,0,0,0" in rows
    assert len(rows) == 1 + 4 * 4 + 3 * 2
    assert "search: 4 queries, 3 with a relevant open notice" in text
    assert "feeds: 2 queries, 2 with a relevant open notice" in text
    assert "goals (issue 13):" in text and "nDCG@10 ≥ 1.25 × the better baseline" in text


def test_a_bad_judgement_file_is_refused_with_its_line(benchmark, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(JUDGEMENTS + "s1,ocds-solar,7,\ns5,ocds-solar,1,\n", encoding="utf-8")
    with pytest.raises(CommandError) as raised:
        run({**benchmark, "judgements": str(bad)})
    message = str(raised.value)
    assert f"{bad}: 2 bad line(s), nothing read" in message
    assert "line 11: grade '7'" in message and "line 12: 's5' is neither a query nor a profile" in message


def test_a_bad_moment_is_refused(benchmark):
    with pytest.raises(CommandError, match="is not an ISO 8601 moment with a zone"):
        call_command("evaluate_relevance", *[f"--{k}={v}" for k, v in benchmark.items()], "--now=yesterday",
                     stdout=StringIO())
