from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tenderbridge.lib.taxonomy.cpv import cpv_ancestors
from tenderbridge.lib.taxonomy.crosswalk import CPV_TO_UNSPSC
from tenderbridge.lib.taxonomy.unspsc import structural_ancestors
from tenderbridge.taxonomy.models import CpvCode, UnspscCode
from tenderbridge.taxonomy.services import SyncCounts, do_import_taxonomy

# The UNGM file has 13,317 rows: 10 UNGM "groups" (A–J, not UNSPSC codes) and 19 repeated codes are skipped.
UNSPSC_CODES = 13_288
CPV_CODES = 9_454


def test_the_import_loads_every_unspsc_and_cpv_code(taxonomy):
    assert UnspscCode.objects.count() == UNSPSC_CODES == taxonomy.unspsc_total
    assert CpvCode.objects.count() == CPV_CODES == taxonomy.cpv_total
    assert taxonomy.unspsc_by_level == {"segment": 58, "family": 452, "class": 2136, "commodity": 10642}
    assert taxonomy.cpv_by_level == {
        "division": 45,
        "group": 272,
        "class": 1002,
        "category": 2379,
        "subcategory": 5756,
    }


def test_the_report_counts_the_chinese_titles_that_were_stored(taxonomy):
    stored = UnspscCode.objects.exclude(title_zh="").count()
    assert taxonomy.unspsc_with_zh == stored
    assert stored == sum(c.with_zh for c in taxonomy.join.by_level.values())
    assert "with a Chinese title" in taxonomy.as_text()


def test_every_segment_and_family_has_a_chinese_title(taxonomy):
    assert not UnspscCode.objects.filter(level__in=["segment", "family"], title_zh="").exists()


def test_each_unspsc_parent_is_the_nearest_ancestor_that_exists(taxonomy):
    codes = dict(UnspscCode.objects.values_list("code", "parent_id"))
    for code, parent in codes.items():
        assert parent == next((a for a in structural_ancestors(code) if a in codes), None), code


def test_segment_and_family_columns_come_from_the_code(taxonomy):
    gloves = UnspscCode.objects.get(code="42132205")
    assert (gloves.segment, gloves.family, gloves.parent_id) == ("42000000", "42130000", "42132200")
    segment = UnspscCode.objects.get(code="42000000")
    assert (segment.segment, segment.family, segment.parent_id) == ("42000000", "", None)


def test_each_cpv_parent_is_the_nearest_ancestor_that_exists(taxonomy):
    codes = dict(CpvCode.objects.values_list("code8", "parent_id"))
    for code8, parent in codes.items():
        assert parent == next((a for a in cpv_ancestors(code8) if a in codes), None), code8


def test_every_crosswalk_target_is_a_loaded_unspsc_code(taxonomy):
    targets = {code for codes in CPV_TO_UNSPSC.values() for code in codes}
    assert UnspscCode.objects.filter(code__in=targets).count() == len(targets)


def test_a_rerun_repairs_edited_rows_and_removes_codes_the_files_no_longer_list(taxonomy, real_data):
    UnspscCode.objects.filter(code="42132205").update(title_en="edited by hand")
    UnspscCode.objects.create(code="99000000", level="segment", segment="99000000", title_en="Gone")
    UnspscCode.objects.create(
        code="99100000",
        level="family",
        segment="99000000",
        family="99100000",
        parent_id="99000000",
        title_en="Gone too",
    )
    report = do_import_taxonomy(real_data)
    assert report.unspsc == SyncCounts(updated=1, unchanged=UNSPSC_CODES - 1, deleted=2)
    assert UnspscCode.objects.get(code="42132205").title_en == "Surgical gloves"
    assert not UnspscCode.objects.filter(code__startswith="99").exists()


def test_a_second_import_by_the_command_changes_nothing(taxonomy, real_data):
    out = StringIO()
    call_command("import_taxonomy", "--data-dir", str(real_data), stdout=out)
    assert f"UNSPSC: {UNSPSC_CODES} codes" in out.getvalue()
    assert f"CPV: {CPV_CODES} codes" in out.getvalue()
    assert f"UNSPSC rows: 0 created, 0 updated, {UNSPSC_CODES} unchanged, 0 deleted" in out.getvalue()
    assert f"CPV rows: 0 created, 0 updated, {CPV_CODES} unchanged, 0 deleted" in out.getvalue()


@pytest.mark.django_db
def test_the_command_names_a_missing_folder(tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("import_taxonomy", "--data-dir", str(tmp_path / "nowhere"))


@pytest.mark.django_db
def test_the_command_names_the_missing_files(tmp_path):
    (tmp_path / "cpv-2008").mkdir()
    (tmp_path / "cpv-2008" / "cpv_2008_en_ro.csv").write_text("code,code8,title_en,title_ro\n")
    with pytest.raises(CommandError, match="unspsc_ungm.csv") as error:
        call_command("import_taxonomy", "--data-dir", str(tmp_path))
    assert "cpv_2008_en_ro.csv" not in str(error.value)
