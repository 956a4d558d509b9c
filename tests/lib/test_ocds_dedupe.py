"""One notice per procurement: lib/ocds/dedupe.py on cases from the demo data (docs/decisions/0001)."""

from datetime import UTC, datetime
from decimal import Decimal

from tenderbridge.lib.ocds.dedupe import Candidate, block_key, group, same_procurement


def at(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(tzinfo=UTC)


def notice(pk, ocid, **given) -> Candidate:
    fields = {
        "source": "ocds", "is_award": False, "buyer": "Crown Commercial Service", "title": "RM6059 Office Supplies Lot 2",
        "description": "Crown Commercial Service as the Authority intends to put in place a pan government "
        "collaborative agreement for the provision of office supplies.",
        "published": at("2020-01-29"), "deadline": at("2020-02-12"), "value": None,
    }
    return Candidate(pk, ocid, **{**fields, **given})


UUID = "7c4fff5d-f67a-4b9e-8f00-926a366f0b24"


def test_one_process_under_three_ocids_is_one_group_with_one_canonical():
    notices = [
        notice(430, f"ocds-b5fd17bodsmatch-{UUID}"),
        notice(514, f"ocds-b5fd17raw-{UUID}", published=at("2020-01-20")),
        notice(595, f"ocds-b5fd17suppliermatch-{UUID[:-1]}", published=at("2020-01-01")),  # the feed cuts it
    ]
    [found] = group(notices)
    assert found.canonical == 430 and found.members == [430, 514, 595]  # latest published among equals
    assert set(found.reasons.values()) == {"process_id"}


def test_the_same_tender_twice_under_two_notice_numbers_is_grouped_by_content():
    text = "Cardiff and Vale University Health Board (CVUHB) have three swimming pools located across three sites"
    a = notice(347, "ocds-kuma6s-148297", title="Swimming Pool Maintenance", description=text, deadline=at("2025-03-26"))
    b = notice(363, "ocds-kuma6s-148390", title="Swimming Pool Maintenance", description=text, deadline=at("2025-03-26"))
    assert same_procurement(a, b) == "content"


def test_lots_of_one_framework_are_not_merged():
    lots_1_2 = "This will be an award notice for the Renewal of Consultancy and Advisory 2017 Framework Agreement. " \
        "Lot 1 - Business Consultancy Solutions and Advisory Services to include process redesign; Lot 2 - " \
        "Resource Management Consultancy Solutions, Total Workforce Planning, Coaching, Succession Planning."
    lot_5 = "This will be an award notice for the Renewal of Consultancy and Advisory 2017 Framework Agreement. " \
        "Lot 5 - Audit, Counter Fraud and Spend Analysis, Internal Audit & Counter Fraud; External Audit; " \
        "Account Payable reviews; VAT reconciliation; Contract compliance reviews."
    a = notice(405, "ocds-b5fd17bodsmatch-17bab65f-a331-4419-8dcc-2470b694add7", description=lots_1_2)
    b = notice(426, "ocds-b5fd17bodsmatch-6ff08beb-a4d5-44db-b968-e5dae78bc3b5", description=lot_5)
    assert same_procurement(a, b) == ""


def test_three_lease_contracts_with_one_title_are_three_procurements():
    # Mexico City's finance ministry: "ARRENDAMIENTO DE BIENES INFORMÁTICOS" ×3, three suppliers and values
    common = {"is_award": True, "buyer": "SECRETARÍA DE FINANZAS", "title": "ARRENDAMIENTO DE BIENES INFORMÁTICOS"}
    leases = [
        notice(806, "OCDS-87SD3T-AD-SF-DRM-063-2015", description="471 COMPUTADORA PORTÁTIL", value=Decimal("1311264"),
               deadline=at("2015-12-22"), suppliers=frozenset({"comunic rte consulting sa de c"}), **common),
        notice(808, "OCDS-87SD3T-AD-SF-DRM-066-2015", description="200 COMPUTADORAS PORTÁTILES Y 872 PC ESCRITORIO",
               value=Decimal("767465.28"), deadline=at("2015-12-23"), suppliers=frozenset({"focus on services"}), **common),
        notice(809, "OCDS-87SD3T-AD-SF-DRM-069-2015", description="2065 COMPUTADORAS DE ESCRITORIO",
               value=Decimal("5726826.5"), deadline=at("2015-12-23"), suppliers=frozenset({"alef soluciones"}), **common),
    ]
    assert group(leases) == []


def test_plan_lines_without_descriptions_are_not_merged_by_title_alone():
    # Armenia's Ministry of Health: 22 plan lines titled "- Առողջապահական և լաբորատոր նյութեր", one second apart
    common = {"buyer": "Republic of Armenia Ministry of health", "title": "- Առողջապահական և լաբորատոր նյութեր",
              "description": "", "deadline": None}
    lines = [notice(pk, f"AM-PPS-{pk:032x}", published=at("2018-01-11T13:29:09"), **common) for pk in range(630, 640)]
    assert group(lines) == []


def test_awards_without_named_suppliers_are_not_merged():
    text = "Servicios de Asesoría Técnica Especializada de Informática Forense para la institución"
    common = {"is_award": True, "title": "Servicios de Asesoría Técnica Especializada de Informática Forense",
              "description": text, "value": Decimal("350000"), "deadline": at("2017-09-13")}
    assert group([notice(1108, "PC-0015", **common), notice(1109, "PC-0016", **common)]) == []


def test_a_tender_and_its_award_notice_stay_apart():
    a = notice(60, "ted-2023-371675", title="Rammeavtale grafisk design", deadline=None)
    b = notice(34, "ted-2023-684186", title="Rammeavtale grafisk design", deadline=None, is_award=True)
    assert same_procurement(a, b) == ""


def test_award_rows_of_un_statistics_take_no_part():
    assert block_key("asr", "UNDP", "Office Supplies") == ""
    assert block_key("ocds", "UNDP", "Office Supplies") == block_key("ted", "undp", "OFFICE   supplies!")
    assert block_key("ocds", "UNDP", "") == ""
