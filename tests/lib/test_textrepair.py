"""Repair of double-encoded UTF-8 (mojibake), on real damaged text, without touching good text."""

import csv

import pytest

from tenderbridge.lib.ocds.readers import read_releases
from tenderbridge.lib.textrepair import repair_mojibake, repair_release
from tests.lib.ocds_testdata import REAL_OCDS_FOLDERS, require_data

CF_2025 = REAL_OCDS_FOLDERS[2]
ENGLAND = f"{CF_2025}/contracts_finder_england_2025-01_2025-03_release_package.json"


@pytest.mark.parametrize(("damaged", "repaired"), [
    ("Â£42,110,000", "£42,110,000"),
    ("â€¢ 10 x upgrade", "• 10 x upgrade"),
    ("itâ€™s", "it’s"),
    ("itâ\x80\x99s", "it’s"),  # the same, decoded as Latin-1 instead of Windows-1252
    ("Ã©tÃ©", "été"),
    ("Å‚Ã³dÅº", "łódź"),
    ("ä¸\xadæ–‡é‡‡è´\xad", "中文采购"),
    ("ÃƒÂ©", "é"),  # encoded wrongly twice
])
def test_it_repairs_double_encoded_utf8(damaged, repaired):
    assert repair_mojibake(damaged) == repaired


@pytest.mark.parametrize("good", [
    "中文 采购 政府采购项目", "café naïve Straße", "«CAFÉ»", "SÃO PAULO", "ÉL¿", "Nº 5", "plain ASCII", "",
    "MIÃ?O",  # damaged beyond repair (the byte was lost): left as it is
])
def test_it_leaves_good_or_unrepairable_text_untouched(good):
    assert repair_mojibake(good) is good


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _by_ocid(ocid: str) -> dict:
    return next(r for r in read_releases(require_data(CF_2025) / ENGLAND) if r["ocid"].endswith(ocid))


@pytest.mark.parametrize(("ocid", "damaged", "repaired"), [
    ("8d84c691-fc64-4f64-b240-443a0af1ba82", "KÃ¤rcher House", "Kärcher House"),
    ("2c0cffc3-8ce5-4dcf-b9ee-478aa5a4572c", "around Â£42,110,000", "around £42,110,000"),
    ("ceba2fae-6cd6-4c9a-9631-4481e3175a6b", "AcusorbÂ® AbsorberLine", "Acusorb® AbsorberLine"),
    ("f9e99246-0947-4045-b358-a5015152425d", "0.2Âµs", "0.2µs"),
    ("e3b5f385-5989-4cf1-8849-01c247fc9c30", "framework.â€¯ The", "framework.\u202f The"),
])
def test_it_repairs_real_damaged_contracts_finder_text(ocid, damaged, repaired):
    release = _by_ocid(ocid)
    assert any(damaged in text for text in _strings(release))
    fixed = repair_release(release)
    assert any(repaired in text for text in _strings(fixed))
    assert not any(damaged in text for text in _strings(fixed))


def test_repair_release_does_not_modify_its_argument_and_shares_unchanged_parts():
    release = {"tender": {"title": "KÃ¤rcher"}, "buyer": {"name": "Ok"}, "tag": ["tender"], "n": 3}
    fixed = repair_release(release)
    assert release["tender"]["title"] == "KÃ¤rcher"
    assert fixed == {"tender": {"title": "Kärcher"}, "buyer": {"name": "Ok"}, "tag": ["tender"], "n": 3}
    assert fixed["buyer"] is release["buyer"] and fixed["tag"] is release["tag"]
    clean = {"tender": {"title": "Fine"}}
    assert repair_release(clean) is clean


def test_it_changes_only_damaged_strings_in_the_2025_files():
    changed = []
    for path in sorted((require_data(CF_2025) / CF_2025).glob("*.json")):
        for release in read_releases(path):
            changed += [(a, b) for a, b in zip(_strings(release), _strings(repair_release(release)), strict=True) if a != b]
    assert len(changed) == 19
    assert all(("Â" in a or "â€" in a or "Ã" in a) and "Â" not in b and "â€" not in b for a, b in changed)


def test_it_changes_none_of_225_thousand_multilingual_unspsc_titles():
    path = require_data("unspsc-v7-multilingual-en-zh-openacs") / "unspsc-v7-multilingual-en-zh-openacs"
    with (path / "unspsc_v7_0901_multilingual.csv").open(encoding="utf-8") as f:
        titles = [value for row in csv.DictReader(f) for value in row.values() if value]
    assert len(titles) > 200_000
    assert [t for t in titles if repair_mojibake(t) != t] == []


def test_the_screen_over_utf8_bytes_finds_whatever_the_text_screen_finds():
    from tenderbridge.lib import textrepair

    continuations = [chr(c) for c in range(0x80, 0xC0)] + list(textrepair._CP1252_HIGH)
    for lead in map(chr, range(0xC2, 0xF5)):
        for cont in continuations:
            text = f'{{"title": "x{lead}{cont}y"}}'
            assert textrepair._POSSIBLE.search(text)
            assert textrepair._POSSIBLE_UTF8.search(text.encode()), (lead, cont)
