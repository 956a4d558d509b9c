"""search() on whichever database the run uses (SQLite by default, PostgreSQL with DATABASE_URL)."""

import pytest
from django.core.management import call_command
from django.db import connection

from tenderbridge.opportunities.models import Notice
from tenderbridge.search import services
from tenderbridge.search.engine import MAX_QUERY_CHARS, MAX_TERMS, Hit, query_terms, search
from tenderbridge.search.models import SearchDocument
from tenderbridge.search.tasks import index_notices_task
from tenderbridge.taxonomy.models import UnspscCode

from .conftest import SMALL, ingest, release

pytestmark = pytest.mark.django_db


def ocids(hits: list[Hit]) -> list[str]:
    by_id = dict(Notice.objects.filter(pk__in=[h.notice_id for h in hits]).values_list("pk", "ocid"))
    return [by_id[h.notice_id] for h in hits]


def test_a_chinese_query_finds_the_chinese_notice(small):
    assert ocids(search("手套")) == ["ocds-zh-gloves"]
    assert ocids(search("医用手套")) == ["ocds-zh-gloves"]
    hit = search("丁腈手套采购")[0]  # the item's word and the title's words
    assert hit.notice_id == small["ocds-zh-gloves"]
    assert set(hit.matched_terms) == {"丁腈", "手套", "采购"}


def test_a_chinese_query_finds_the_buyer_name(small):
    assert ocids(search("卫生健康委员会")) == ["ocds-zh-gloves"]


def test_english_matching_ignores_case_but_does_not_stem(small):
    assert ocids(search("GLOVES")) == ["ocds-en-gloves"]
    assert ocids(search("nitrile")) == ocids(search("Nitrile")) == ["ocds-en-gloves"]
    assert search("glove") == []  # no stemming: "glove" is not "gloves"


def test_accents_and_full_width_letters_match_their_plain_forms(small):
    assert ocids(search("innkjop")) == ocids(search("INNKJØP")) == ["ocds-no-furniture"]
    assert ocids(search("karcher")) == ["ocds-no-furniture"]
    assert ocids(search("it services 2024")) == ["ocds-fullwidth"]
    assert ocids(search("ＩＴ")) == ["ocds-fullwidth"]


def test_markup_in_the_text_is_not_indexed(small):
    assert search("amp") == [] and search("br") == []
    assert ocids(search("helpdesk network")) == ["ocds-fullwidth"]


def test_notices_with_every_term_come_before_notices_with_some(small):
    # "Office supplies" says "office" six times, but only "Office chairs" has both words.
    found = ocids(search("office chairs"))
    assert found[0] == "ocds-en-chairs"
    assert "ocds-en-office" in found
    assert search("office chairs")[0].matched_terms == ("office", "chairs")


def test_a_title_match_outranks_a_body_match(small):
    assert ocids(search("furniture"))[:2] == ["ocds-en-school-furniture", "ocds-en-school-equipment"]


def test_matched_terms_say_which_query_terms_the_notice_has(small):
    found = search("school desks gloves")
    hits = dict(zip(ocids(found), found, strict=True))
    assert hits["ocds-en-school-furniture"].matched_terms == ("school", "desks")
    assert hits["ocds-en-gloves"].matched_terms == ("gloves",)


def test_stop_words_are_dropped_unless_they_are_the_whole_query(small):
    assert query_terms("furniture for the school") == ["furniture", "school"]
    assert query_terms("the") == ["the"]
    assert ocids(search("furniture for the school"))[0] == "ocds-en-school-furniture"


@pytest.mark.parametrize("query", ["", "   ", "\n\t", "!!! ... ---", "“”《》，。", None])
def test_an_empty_query_returns_nothing(small, query):
    assert search(query) == []


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"gloves',
        "gloves*",
        "NEAR(gloves nitrile, 2)",
        "-gloves",
        "(gloves",
        "title_tokens:gloves",
        "^gloves",
        "gloves AND OR NOT",
        "' OR 1=1; DROP TABLE opportunities_notice; --",
        '"; DELETE FROM search_searchdocument; --',
        "gloves' || plainto_tsquery('x') || '",
        "%_\\ gloves \x00",
        "{title_tokens}: gloves",
    ],
)
def test_search_syntax_and_sql_in_a_query_are_plain_words(small, query):
    hits = search(query)
    assert all(isinstance(hit, Hit) for hit in hits)
    if "gloves" in query:
        assert "ocds-en-gloves" in ocids(hits)
    assert Notice.objects.count() == len(SMALL) == SearchDocument.objects.count()


def test_a_very_long_query_is_cut_and_still_works(small):
    long_query = "gloves " + "x" * 10_000
    assert len(long_query) > 20 * MAX_QUERY_CHARS
    assert ocids(search(long_query)) == ["ocds-en-gloves"]
    many_words = " ".join(f"word{n}" for n in range(2000)) + " gloves"
    assert len(query_terms(many_words)) == MAX_TERMS
    assert search(many_words) == []  # "gloves" was past the cut


def test_the_limit_is_respected(small):
    assert len(search("office school furniture chairs", limit=2)) == 2
    assert search("office", limit=0) == []


def test_candidates_restrict_the_search(small):
    only_chairs = Notice.objects.filter(ocid="ocds-en-chairs")
    assert ocids(search("office", candidate_ids=only_chairs)) == ["ocds-en-chairs"]
    ids = Notice.objects.filter(ocid__startswith="ocds-en-school").values_list("pk", flat=True)
    assert set(ocids(search("furniture school", candidate_ids=ids))) == {
        "ocds-en-school-furniture",
        "ocds-en-school-equipment",
    }
    assert search("office", candidate_ids=Notice.objects.none()) == []


def test_reindexing_is_idempotent(small):
    before = list(SearchDocument.objects.order_by("pk").values_list("pk", "title_tokens", "body_tokens"))
    results = [search(q) for q in ("office", "手套", "furniture school")]
    assert services.index_notices(small.values()) == len(SMALL)
    assert services.reindex_all() == len(SMALL)
    assert list(SearchDocument.objects.order_by("pk").values_list("pk", "title_tokens", "body_tokens")) == before
    assert [search(q) for q in ("office", "手套", "furniture school")] == results


def test_a_changed_notice_is_found_by_its_new_words_only(small, tmp_path):
    # A later release of the same process (the publisher's amendment) replaces its words.
    amendment = release("ocds-en-chairs", "Office desks", "Standing desks.") | {
        "id": "ocds-en-chairs-r2", "date": "2024-03-05T08:00:00Z", "tag": ["tenderAmendment"]}
    ingest(tmp_path, amendment, name="update.json")
    assert "ocds-en-chairs" not in ocids(search("chairs"))
    assert "ocds-en-chairs" in ocids(search("standing desks"))


def test_removed_and_deleted_notices_disappear(small):
    services.remove_notices([small["ocds-en-gloves"]])
    assert search("gloves") == []
    assert Notice.objects.filter(ocid="ocds-en-gloves").exists()
    Notice.objects.filter(ocid="ocds-en-chairs").delete()
    assert "ocds-en-chairs" not in ocids(search("office"))
    assert services.index_notices([small["ocds-en-gloves"], small["ocds-en-chairs"]]) == 1  # the deleted one is skipped
    assert ocids(search("gloves")) == ["ocds-en-gloves"]


def test_category_titles_let_a_chinese_query_find_an_english_notice(db, tmp_path):
    UnspscCode.objects.create(
        code="42132203", level="commodity", segment="42000000", family="42130000",
        title_en="Medical examination gloves", title_zh="医用检查手套",
    )
    ingest(tmp_path, release("ocds-coded", "Consumables for clinics", items=["Box of 100"], code="42132203"))
    assert ocids(search("检查手套")) == ["ocds-coded"]
    assert search("检查手套")[0].matched_terms == ("检查", "手套")


def test_the_task_and_the_command_index(small, capsys):
    SearchDocument.objects.all().delete()
    assert search("office") == []
    assert index_notices_task.call([small["ocds-en-chairs"]]) == 1
    assert ocids(search("office")) == ["ocds-en-chairs"]
    call_command("reindex_search")
    assert f"indexed {len(SMALL)} notices" in capsys.readouterr().out
    assert len(search("office")) == 2


def test_a_search_takes_three_queries_at_most(small, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):  # all terms, some terms, the matched terms
        search("office chairs furniture")


def engine_count(term: str) -> int:
    """Documents the database's own full-text index finds for one term, bypassing search()."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT count(*) FROM search_searchdocument_fts WHERE search_searchdocument_fts MATCH %s", [term]
            )
        else:
            cursor.execute(
                "SELECT count(*) FROM search_searchdocument WHERE search_vector @@ plainto_tsquery('simple', %s)",
                [term],
            )
        return cursor.fetchone()[0]


def test_the_engine_index_follows_every_write_to_the_table(small):
    assert engine_count("office") == 2
    SearchDocument.objects.filter(notice_id=small["ocds-en-chairs"]).update(title_tokens="desks", body_tokens="")
    assert engine_count("office") == 1 and engine_count("desks") == 3
    SearchDocument.objects.all().delete()
    assert engine_count("office") == engine_count("desks") == 0
