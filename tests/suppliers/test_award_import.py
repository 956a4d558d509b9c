"""Importing past contracts from real award data, ingested through the product's own pipeline."""

import json

import pytest

from tenderbridge.accounts import services as accounts
from tenderbridge.accounts.models import Organisation, User
from tenderbridge.ingest import services as ingest
from tenderbridge.opportunities.models import Award
from tenderbridge.suppliers import awards, services
from tenderbridge.suppliers.models import PastContract

from .conftest import bearer

pytestmark = pytest.mark.django_db

ASR = "un-asr-supplier-awards-2010-2016/un_asr_supplier_awards_2010_2016.csv"
NAMES_IN_SLICE = ("peak international trade", "peak construction", "haier medical")


@pytest.fixture
def asr_awards(real_data, tmp_path):
    """A real slice of the UN ASR file: every row of three suppliers, and the first 300 rows of others."""
    source = real_data / ASR
    sample = tmp_path / "asr_slice.csv"
    with source.open(encoding="utf-8") as full, sample.open("w", encoding="utf-8") as out:
        for number, line in enumerate(full):
            if number <= 300 or any(name in line.lower() for name in NAMES_IN_SLICE):
                out.write(line)
    for name in ("normalize_un.json", "normalize_countries.json", "country_codes.json"):
        (tmp_path / name).write_bytes((source.parent / name).read_bytes())
    job = ingest.ingest([sample])
    assert sum(f.rejected for f in job.files.all()) == 0
    return sample


def supplier(name: str, country: str = "CN"):
    return services.profile_for(Organisation.objects.create(name=name, kind="supplier", country=country))


def test_every_spelling_of_the_company_in_the_award_data_is_a_candidate(asr_awards):
    profile = supplier("Peak International Trade (Tianjin) Co., Ltd. 天津皮克国际贸易有限公司")
    found = awards.find_candidates(profile)
    assert "peak international trade tianjin" in found.cores
    names = {party.name for party in found.parties}
    assert len(names) >= 2 and all("tianjin" in name.lower() for name in names)
    assert all(party.country == "CN" for party in found.parties)
    award = found.awards[0]
    assert award.buyer in {"UNPD", "UNFPA", "UNICEF", "UNDP"} and award.currency == "USD"
    assert award.year and 2010 <= award.year <= 2016 and award.amount > 0 and award.title


def test_the_country_must_match_when_both_are_known(asr_awards):
    assert not awards.find_candidates(supplier("Peak Construction Co.", "CN")).parties  # the one in the data is Afghan
    afghan = awards.find_candidates(supplier("Peak Construction", "AF"))
    assert [party.country for party in afghan.parties] == ["AF"]


def test_a_name_with_only_part_of_the_core_is_not_a_candidate(asr_awards):
    assert not awards.find_candidates(supplier("Peak International Co., Ltd.")).parties
    assert not awards.find_candidates(supplier("Co., Ltd.")).cores  # too short to search on


def test_searching_under_another_name_finds_the_awards_won_under_it(asr_awards):
    profile = supplier("Tianjin Peak Medical 天津皮克医疗")
    assert not awards.find_candidates(profile).parties
    assert awards.find_candidates(profile, ("PEAK INTERNATIONAL TRADE (TIANJIN) CO. LTD",)).parties


def test_the_chosen_awards_become_linked_past_contracts_and_a_second_import_adds_nothing(asr_awards):
    profile = supplier("Peak International Trade (Tianjin) Co., Ltd.")
    chosen = [award.pk for award in awards.find_candidates(profile).awards[:5]]
    assert services.do_import_awards(profile, chosen) == services.ImportResult(created=5, already=0)
    contracts = list(profile.contracts.all())
    assert len(contracts) == 5 and all(c.imported and c.award_id in chosen and c.party_id for c in contracts)
    first = Award.objects.select_related("notice__buyer").get(pk=contracts[0].award_id)
    assert contracts[0].source_ocid == first.notice.ocid and contracts[0].amount == first.value_amount
    assert contracts[0].buyer == first.notice.buyer.name and contracts[0].year == first.date.year
    assert services.do_import_awards(profile, chosen) == services.ImportResult(created=0, already=5)
    assert PastContract.objects.count() == 5
    assert all(a.already_imported for a in awards.find_candidates(profile).awards if a.pk in chosen)


def test_imports_stay_single_when_the_award_data_is_ingested_again(asr_awards):
    profile = supplier("Haier Medical And Laboratory Products Co., Ltd")
    chosen = [award.pk for award in awards.find_candidates(profile).awards]
    assert chosen
    services.do_import_awards(profile, chosen)
    ingest.ingest([asr_awards])  # the same file again: unchanged notices keep their awards
    again = [award.pk for award in awards.find_candidates(profile).awards]
    assert services.do_import_awards(profile, again).created == 0
    assert profile.contracts.count() == len(chosen)


def test_awards_of_another_company_cannot_be_imported(asr_awards):
    peak = supplier("Peak International Trade (Tianjin) Co., Ltd.")
    haier = supplier("Haier Medical And Laboratory Products Co., Ltd")
    not_theirs = [award.pk for award in awards.find_candidates(peak).awards[:3]]
    assert services.do_import_awards(haier, not_theirs).created == 0
    assert not haier.contracts.exists()


def test_the_import_page_lists_candidates_and_imports_the_ticked_ones(client, asr_awards):
    profile = supplier("Peak International Trade (Tianjin) Co., Ltd.")
    user = User.objects.create_user(email="owner@peak.example", password="x-very-long-password")
    accounts.do_add_member(profile.organisation, user, "owner")
    client.force_login(user)
    page = client.get("/zh-hans/company/contracts/import/").content.decode()
    assert "PEAK INTERNATIONAL TRADE (TIANJIN)" in page.upper() and "UNPD" in page
    chosen = [award.pk for award in awards.find_candidates(profile).awards[:2]]
    response = client.post("/zh-hans/company/contracts/import/", {"award": chosen})
    assert response.status_code == 302 and response["Location"] == "/zh-hans/company/contracts/"
    assert profile.contracts.count() == 2


def test_the_award_import_twin_lists_and_imports(client, asr_awards):
    profile = supplier("Peak International Trade (Tianjin) Co., Ltd.")
    _, token = accounts.do_create_api_token(profile.organisation, "test")
    body = client.get("/api/v1/suppliers/me/award-candidates", headers=bearer(token)).json()
    ids = [award["id"] for party in body["parties"] for award in party["awards"]][:3]
    assert ids and body["searched"] == ["peak international trade tianjin"]
    response = client.post(
        "/api/v1/suppliers/me/award-imports", json.dumps({"awards": ids}), content_type="application/json",
        headers=bearer(token),
    )
    assert response.status_code == 200 and response.json()["created"] == 3
    assert all(c["imported"] and c["source"]["ocid"].startswith("unasr-") for c in response.json()["profile"]["past_contracts"])


def test_uk_award_suppliers_are_found_by_name_when_the_data_gives_no_country(real_data):
    ingest.ingest([real_data / "ocds-uk-contracts-finder-bluetail-2020/ocds/json_1_1_supplier_ids_match"])
    profile = supplier("Lyreco UK Ltd", "GB")
    found = awards.find_candidates(profile)
    assert [party.name for party in found.parties] == ["LYRECO UK LIMITED"]
    assert found.awards[0].currency == "GBP" and found.awards[0].year == 2020
