import pytest
from django.core.exceptions import ValidationError

from tenderbridge.readiness import services
from tenderbridge.readiness.models import Answer, Evidence, ReadinessCheck, Requirement, RequirementSet
from tenderbridge.suppliers import services as suppliers

from .conftest import docx_bytes, pdf_bytes

pytestmark = pytest.mark.django_db
A = services.AnswerInput


def test_the_requirement_set_loads_every_level_in_both_languages_each_item_citing_its_source(requirement_set):
    items = list(requirement_set.requirements.all())
    assert requirement_set.version == "2026-12" and requirement_set.published
    assert {r.level for r in items} == {"basic", "level_1", "level_2"} and len(items) == 14
    for item in items:
        assert item.text_en and item.text_zh and item.action_en and item.action_zh, item.key
        assert item.source_title and item.lesson.count("/") == 1, item.key
    assert {r.key for r in items if r.evidence_required} == {
        "incorporation_certificate", "audited_accounts", "reference_letters"}  # fmt: skip


def test_loading_again_changes_nothing_and_an_answered_set_is_never_rewritten(requirement_set, profile):
    services.do_start_check(profile.organisation)
    Requirement.objects.filter(requirement_set=requirement_set, key="countries").update(text_en="edited")
    [result] = services.load_all_requirement_sets()
    assert result.status == "unchanged"
    assert Requirement.objects.get(requirement_set=requirement_set, key="countries").text_en == "edited"


def test_a_new_check_is_answered_from_the_company_profile(requirement_set, profile):
    check = services.do_start_check(profile.organisation)
    met = {a.requirement.key for a in check.answers.select_related("requirement") if a.status == Answer.Status.MET}
    # English name + city, a UNSPSC code, a country, a past contract, founded in 2006; not registered on UNGM,
    # so neither the account nor the Code of Conduct is assumed
    assert met == {"legal_name_en", "unspsc_codes", "countries", "client_references", "trading_years"}
    assert all(a.from_profile for a in check.answers.filter(status=Answer.Status.MET))
    assert check.snapshots.count() == 1


def test_a_registered_firm_has_its_ungm_account_and_code_of_conduct_prefilled(requirement_set, profile):
    suppliers.do_update_registration(profile, {"ungm_level": "basic", "ungm_number": "123456"})
    check = services.do_start_check(profile.organisation)
    assert check.answers.get(requirement__key="code_of_conduct").status == Answer.Status.MET


def _answer_basic(check, user):
    keys = ["ungm_account", "code_of_conduct", "not_sanctioned", "not_debarred", "no_conflict"]
    return services.do_save_answers(check, [A(key, "met") for key in keys], user)


def test_basic_is_ready_when_every_basic_item_is_met_and_level_1_needs_its_document(
    requirement_set, profile, supplier_owner
):
    check = services.do_start_check(profile.organisation)
    result = _answer_basic(check, supplier_owner)
    assert result.ready_level == "basic" and result.levels[0].score == 100
    result = services.do_save_answers(check, [A("incorporation_certificate", "met"), A("ownership", "met")], None)
    assert result.ready_level == "basic", "a 'yes' without the business licence does not count"
    gap = next(i for i in result.gaps if i.requirement.key == "incorporation_certificate")
    assert gap.needs_document and result.next_actions[0] == gap
    services.do_add_evidence(check, "incorporation_certificate", supplier_owner, "licence.pdf", pdf_bytes())
    assert services.result_for(check).ready_level == "level_1"


def test_the_gap_report_lists_basic_gaps_first_heaviest_first_with_three_next_actions(requirement_set, profile):
    result = services.result_for(services.do_start_check(profile.organisation))
    assert result.ready_level == "" and len(result.next_actions) == 3
    assert [i.requirement.key for i in result.next_actions] == ["code_of_conduct", "not_sanctioned", "not_debarred"]
    assert [i.requirement.level for i in result.gaps][:5] == ["basic"] * 5
    assert 0 < result.score < 100


def test_answers_with_an_unknown_key_or_status_are_refused_whole(requirement_set, profile):
    check = services.do_start_check(profile.organisation)
    with pytest.raises(ValidationError) as error:
        services.do_save_answers(check, [A("code_of_conduct", "met"), A("no_such_item", "met"), A("countries", "maybe")], None)
    assert "no_such_item" in str(error.value) and "countries" in str(error.value)
    assert check.answers.get(requirement__key="code_of_conduct").status == Answer.Status.UNANSWERED


def test_a_new_version_carries_answers_over_by_key_and_keeps_the_old_check_as_answered(
    requirement_set, profile, supplier_owner
):
    old = services.do_start_check(profile.organisation)
    _answer_basic(old, supplier_owner)
    services.do_add_evidence(old, "incorporation_certificate", supplier_owner, "licence.pdf", pdf_bytes())
    new_set = services.do_copy_as_new_version(requirement_set, "2027-01")
    new_set.requirements.filter(key="countries").update(text_en="Where the company can deliver (new wording)")
    new_set.requirements.filter(key="ownership").delete()
    RequirementSet.objects.filter(pk=new_set.pk).update(published=True, published_at="2030-01-01T00:00:00Z")
    new = services.do_start_check(profile.organisation)
    assert new.requirement_set.version == "2027-01" and new.pk != old.pk
    assert new.answers.get(requirement__key="code_of_conduct").status == Answer.Status.MET
    assert new.answers.get(requirement__key="incorporation_certificate").evidence.count() == 1
    assert old.answers.count() == 14 and new.answers.count() == 13
    old_item = old.answers.get(requirement__key="countries").requirement
    assert old_item.requirement_set.version == "2026-12" and "new wording" not in old_item.text_en
    assert ReadinessCheck.objects.filter(organisation=profile.organisation).count() == 2


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("licence.exe", b"MZ\x90\x00", "not_allowed"),
        ("licence.pdf", b"MZ\x90\x00 a program renamed", "mismatch"),
        ("licence.docx", docx_bytes(main_part="xl/workbook.xml"), "mismatch"),
        ("licence.txt", b"\x00\x01binary", "mismatch"),
        ("licence.pdf", b"", "empty"),
        ("licence.pdf", b"%PDF-" + b"x" * (1024 * 1024 + 1), "too_large"),
    ],
)
def test_a_bad_upload_is_refused_with_its_reason_and_nothing_is_stored(
    requirement_set, profile, supplier_owner, settings, name, content, code
):
    settings.UPLOAD_MAX_MB = 1
    check = services.do_start_check(profile.organisation)
    with pytest.raises(ValidationError) as error:
        services.do_add_evidence(check, "incorporation_certificate", supplier_owner, name, content)
    assert error.value.code == code and error.value.messages[0]
    assert not Evidence.objects.exists()
    root = settings.PRIVATE_MEDIA_ROOT
    assert not root.exists() or not any(path.is_file() for path in root.rglob("*"))


def test_an_upload_is_stored_under_the_private_root_with_a_random_name(requirement_set, profile, supplier_owner, settings):
    check = services.do_start_check(profile.organisation)
    evidence = services.do_add_evidence(check, "audited_accounts", supplier_owner, "../../审计报告 2023.docx", docx_bytes())
    assert evidence.name == "审计报告 2023.docx" and evidence.extension == "docx"
    stored = settings.PRIVATE_MEDIA_ROOT / evidence.path
    assert stored.is_file() and stored.read_bytes() == docx_bytes() and "审计" not in evidence.path
    services.do_delete_evidence(check, evidence.pk)
    assert not Evidence.objects.exists()
