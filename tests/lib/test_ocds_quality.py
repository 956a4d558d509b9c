"""Readable texts and test records: the rules of lib/ocds/quality.py on texts from the real data."""

import pytest

from tenderbridge.lib.ocds.normalise import normalise
from tenderbridge.lib.ocds.quality import Placeholder, decode_entities, placeholder_reason, prose


@pytest.mark.parametrize(
    "raw, shown",
    [
        ("Supply &amp;amp; Delivery", "Supply & Delivery"),  # escaped twice (Contracts Finder)
        ("Fusion21 Heating &amp; Renewables Framework", "Fusion21 Heating & Renewables Framework"),
        ("Home to School Transport for St Bede&apos;s", "Home to School Transport for St Bede's"),
        ("Children&#039;s Short Break Activities", "Children's Short Break Activities"),
        ("GEN II Engineering &amp;amp; Technology Training Ltd", "GEN II Engineering & Technology Training Ltd"),
        ("R&D, AT&T and &notice stay", "R&D, AT&T and &notice stay"),  # a real "&" is not an entity
        ("FLEISCHHACHER GMBH & CO.;KG", "FLEISCHHACHER GMBH & CO.;KG"),
    ],
)
def test_entities_are_decoded_exactly_once(raw, shown):
    assert prose(raw) == shown
    assert prose(shown) == shown  # decoding again changes nothing


@pytest.mark.parametrize(
    "raw, shown",
    [
        ("Nuevo Aeropuerto Internacional de la Ciudad de M?xico", "Nuevo Aeropuerto Internacional de la Ciudad de México"),
        ("ASCENSEURS SCHINDLER SA, Gen?ve", "ASCENSEURS SCHINDLER SA, Genève"),
        ("CIUDAD DE M?XICO", "CIUDAD DE MÉXICO"),
        ("Versement d?un montant de 40%", "Versement d?un montant de 40%"),  # no known word fits: left as written
        ("Is it open? Yes", "Is it open? Yes"),
    ],
)
def test_letters_lost_to_a_question_mark_are_restored_only_when_one_known_word_fits(raw, shown):
    assert prose(raw) == shown


def test_decoding_stops_after_three_rounds():
    assert decode_entities("&amp;amp;amp;amp;lt;") == "&amp;lt;"


@pytest.mark.parametrize(
    "title, description, reason",
    [
        ("Dzmitry PROD Test", "Test", Placeholder.TEST_RECORD),  # TED eForms sample
        ("Test Natasha", "natasha test", Placeholder.TEST_RECORD),  # Sell2Wales
        ("Procurement Title ---", "Description ---", Placeholder.PLACEHOLDER_TEXT),  # TED can_24_maximal
        ("", "", Placeholder.EMPTY),
        ("NA", "NA", Placeholder.EMPTY),  # UN ASR rows with no description
        ("Office cleaning", "Lorem ipsum dolor sit amet", Placeholder.LOREM_IPSUM),
        # Real notices that mention a test:
        ("Analytical Testing Support RFI", "Request For Information (RFI) This RFI is an information gathering", ""),
        ("RHUL-25024 Asbestos Surveys and Testing", "Awarded to The Hazard Management Services", ""),
        ("2324-0241 Testing, Repairs, Servicing Works for Door Entry", "Islington Council seeks a contractor", ""),
        ("Pressure test equipment", "", ""),
        ("Test kits", "", ""),
        ("Test and inspection services", "", ""),
        ("Servicio de Testigo Social", "Servicio de Testigo Social para que atestigue las etapas", ""),
    ],
)
def test_test_and_placeholder_records(title, description, reason):
    assert placeholder_reason(title, description) == reason


def test_item_text_keeps_a_notice_without_title_real():
    assert placeholder_reason("", "", ["COMPUTADORA PORTATIL TIPO 1"]) == ""


def test_a_buyer_named_only_in_english_and_french_fields_is_named():
    # Canada's buyandsell pilot: no `name`, the identifier "01", name_en / legalName_en (demo notice 740)
    release = {
        "ocid": "ocds-34a6hz-01044-060931/001/USW",
        "buyer": {"id": "MISC-BUYANDSELLGCCA-01", "name": ""},
        "parties": [
            {
                "id": "MISC-BUYANDSELLGCCA-01",
                "identifier": {"id": "01", "legalName_en": "Agriculture and Agri-Food Canada", "scheme": "MISC-BUYANDSELLGCCA"},
                "name_en": "Agriculture and Agri-Food Canada",
                "name_fr": "Agriculture et Agroalimentaire Canada",
                "roles": ["buyer"],
            }
        ],
        "contracts": [{"id": "c1", "title_en": "Other Cryptologic Equipment and Components"}],
    }
    data = normalise(release)
    assert data.buyer.name == "Agriculture and Agri-Food Canada"
    assert data.title == "Other Cryptologic Equipment and Components"
