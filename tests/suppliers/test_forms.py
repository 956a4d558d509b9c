"""Bad input to the profile's forms: clear messages naming the field, never a crash or a silent cut."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.translation import override

from tenderbridge.suppliers.forms import (
    AddCodesForm,
    CertificateForm,
    CompanyForm,
    ContractForm,
    RegistrationForm,
    WomenOwnedForm,
)

from .conftest import COMPANY

pytestmark = pytest.mark.django_db


def errors(form) -> dict[str, list[str]]:
    assert not form.is_valid()
    return {name: list(messages) for name, messages in form.errors.items()}


def test_a_description_of_100_kb_is_refused_naming_the_field_and_the_limit():
    pasted = "我们生产医用纺织品。" * 10_240  # 102,400 characters, about 300 KB of UTF-8
    found = errors(CompanyForm(data={**COMPANY, "description": pasted}))
    assert list(found) == ["description"]
    assert "What the company makes or does" in found["description"][0]
    assert "20000" in found["description"][0] and "102400" in found["description"][0]


def test_the_limit_message_is_in_chinese_on_chinese_pages():
    with override("zh-hans"):
        message = errors(CompanyForm(data={**COMPANY, "description": "x" * 20_001}))["description"][0]
    assert "企业简介" in message and "20000" in message


def test_a_profile_with_nothing_but_a_name_is_valid():
    form = CompanyForm(data={"name_en": "Ningbo Light Co."})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["description"] == "" and form.cleaned_data["founded_year"] is None


def test_chinese_only_text_is_accepted_everywhere():
    form = CompanyForm(data={"name_zh": "宁波光能有限公司", "province": "浙江省", "description": "太阳能灯具。"})
    assert form.is_valid(), form.errors


def test_a_company_needs_a_name_in_one_language_at_least():
    assert "name_zh" in errors(CompanyForm(data={"city": "苏州"}))


def test_emoji_only_names_are_refused_but_emoji_in_a_description_are_kept():
    found = errors(CompanyForm(data={"name_en": "🏭🧵✨", "description": "🧤🧤🧤"}))
    assert list(found) == ["name_en"] and "emoji" in found["name_en"][0]
    form = CompanyForm(data={"name_en": "Medtex", "description": "🧤🧤🧤"})
    assert form.is_valid() and form.cleaned_data["description"] == "🧤🧤🧤"


def test_text_that_cannot_be_stored_is_refused():
    assert "name_en" in errors(CompanyForm(data={"name_en": "Med\x00tex"}))
    assert "description" in errors(CompanyForm(data={"name_en": "Medtex", "description": "broken \ud800 paste"}))


def test_numbers_typed_the_chinese_way_are_read():
    form = CompanyForm(
        data={**COMPANY, "employees": "１２０", "annual_turnover": "85,000,000", "founded_year": "２００６"}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["employees"] == 120
    assert form.cleaned_data["annual_turnover"] == Decimal("85000000")
    assert form.cleaned_data["founded_year"] == 2006


def test_a_year_in_the_future_or_before_1800_is_refused():
    next_year = timezone.localdate().year + 1
    assert "founded_year" in errors(CompanyForm(data={**COMPANY, "founded_year": next_year}))
    message = errors(CompanyForm(data={**COMPANY, "founded_year": 1700}))["founded_year"][0]
    assert "Year founded" in message and "1800" in message


def test_a_turnover_needs_a_real_currency():
    assert "turnover_currency" in errors(CompanyForm(data={**COMPANY, "turnover_currency": ""}))
    message = errors(CompanyForm(data={**COMPANY, "turnover_currency": "RMB"}))["turnover_currency"][0]
    assert "RMB" in message and "CNY" in message
    assert CompanyForm(data={**COMPANY, "turnover_currency": "cny"}).is_valid()


def test_codes_typed_in_one_box_are_split_and_each_bad_one_is_named(codes):
    form = AddCodesForm(data={"codes": "42132203，46181504；42132203"})
    assert form.is_valid() and form.cleaned_data["codes"] == ["42132203", "46181504"]
    message = " ".join(errors(AddCodesForm(data={"codes": "4213220, 手套, 12345678"}))["codes"])
    assert "“4213220”" in message and "“手套”" in message and "12345678" in message


def test_a_ungm_number_has_digits_and_means_the_company_is_registered():
    found = errors(RegistrationForm(data={"ungm_level": "none", "ungm_number": "12 34 56"}))
    assert list(found) == ["ungm_level"]
    assert "ungm_number" in errors(RegistrationForm(data={"ungm_level": "basic", "ungm_number": "UN-1234"}))
    form = RegistrationForm(data={"ungm_level": "basic", "ungm_number": "１２３４５６", "languages": ["zh", "en"]})
    assert form.is_valid() and form.cleaned_data["ungm_number"] == "123456"


def test_unknown_languages_and_countries_are_refused():
    found = errors(RegistrationForm(data={"languages": ["klingon"], "export_countries": ["XX"]}))
    assert set(found) == {"languages", "export_countries"}


def test_a_contract_with_a_value_needs_its_currency_and_a_real_title():
    assert "currency" in errors(ContractForm(data={"title": "隔离衣", "amount": "1,000"}))
    assert "title" in errors(ContractForm(data={"title": "!!!"}))
    assert ContractForm(data={"title": "隔离衣", "amount": "1,000", "currency": "usd", "year": "2020"}).is_valid()


def test_a_certificate_cannot_expire_before_it_was_issued_and_others_need_a_name():
    found = errors(CertificateForm(data={"kind": "iso_9001", "issued": "2024-05-01", "expires": "2023-05-01"}))
    assert list(found) == ["expires"]
    assert "name" in errors(CertificateForm(data={"kind": "other"}))
    form = CertificateForm(data={"kind": "iso_14001", "name": "ignored", "expires": "2027-01-31"})
    assert form.is_valid() and form.cleaned_data["name"] == "" and form.cleaned_data["expires"] == date(2027, 1, 31)


def test_a_claimed_iwa34_criterion_needs_its_evidence():
    data = {"ownership_percent": "60%", "women_managed": "true", "women_controlled": "true"}
    assert set(errors(WomenOwnedForm(data=data))) == {
        "ownership_evidence", "management_evidence", "control_evidence"
    }
    form = WomenOwnedForm(data={"ownership_percent": "30", "women_managed": "false", "women_controlled": "false"})
    assert form.is_valid(), form.errors  # an honest "no" needs no evidence
    assert form.cleaned_data["ownership_percent"] == Decimal("30") and form.cleaned_data["women_managed"] is False


def test_an_ownership_share_over_100_percent_is_refused():
    message = errors(WomenOwnedForm(data={"ownership_percent": "150", "women_managed": "false",
                                          "women_controlled": "false"}))["ownership_percent"][0]
    assert "100" in message
