"""Schemathesis fuzzes every operation of /api/v1/openapi.json in-process (the WSGI app, no network), with
valid and invalid input: no answer may be a 5xx, and every answer must match its documented status, content
type, headers and schema; valid input must be accepted and invalid input refused.

Bounded (EXAMPLES per operation, no deadline: the whole file runs in a few seconds) and on real-shaped data:
notices through the ingest pipeline and taxonomy rows, so the detail and taxonomy operations also answer 200.

Known gaps, not in this part's code: three operations document free-text parameters that they then refuse
with a 422 (their OpenAPI lacks the pattern or the allowed values), so schemathesis's "valid data is accepted"
check fails on them — and the two taxonomy ones let `{code}` be the name of a sibling route (`divisions`,
`segments`), which answers another operation's shape. The main test skips only that check and those two
names there (every other check still runs); `test_documented_parameters_match_what_is_accepted` and
`test_a_code_never_reaches_a_sibling_route` keep them as strict xfails, so the day the documentation is fixed
they fail and the marks go.
"""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, assume, settings
from schemathesis.checks import positive_data_acceptance

from tenderbridge.wsgi import application

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "40"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
# (method, path) -> what schemathesis found, as seen.
UNDOCUMENTED_RULES = {
    (
        "GET",
        "/api/v1/taxonomy/unspsc/{code}",
    ): "`code` is documented as any string; GET /api/v1/taxonomy/unspsc/0 "
    'answers 422 "A UNSPSC code has 8 digits" (the schema should say pattern ^[0-9]{8}$)',
    ("GET", "/api/v1/taxonomy/cpv/{code}"): "`code` is documented as any string; GET /api/v1/taxonomy/cpv/0 "
    "answers 422 (the schema should give the CPV code pattern)",
    (
        "GET",
        "/api/v1/opportunities",
    ): "the filters are documented as any string; GET /api/v1/opportunities?buyer=en "
    "answers 422 (the schema should give the enums of source/notice_type/buyer_family/status and the "
    "patterns of buyer, country and segment)",
}

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def fuzz_data(db, tmp_path):
    from tenderbridge.taxonomy.models import UnspscCode
    from tests.opportunities.packages import BUYER, ingest, item, release

    UnspscCode.objects.create(code="42000000", level="segment", segment="42000000", title_en="Medical")
    UnspscCode.objects.create(
        code="42130000", level="family", segment="42000000", family="42130000", parent_id="42000000",
        title_en="Medical fabrics", title_zh="医用织物",
    )  # fmt: skip
    gloves = release("ocds-fuzz-1", "Gloves", submissionMethod=["written"])
    gloves["parties"] = [{**BUYER, "contactPoint": {"email": "supply@unicef.org", "telephone": "+45 1"}}]
    ingest(
        tmp_path,
        gloves,
        release("ocds-fuzz-2", "Laptops", items=[item("43211503", "United Kingdom")]),
        release("ocds-fuzz/3/slash", "No deadline", tenderPeriod=None),
    )
    # The app runs in the test's own transaction: it must not close the connection after each request as a
    # server would (Django's test client disconnects the same handlers).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


# A `{code}` the schema allows but the app routes elsewhere: /taxonomy/cpv/divisions is another operation.
SIBLING_ROUTES = {"divisions", "segments"}


@schema.parametrize()
@FUZZ
def test_every_operation_answers_as_documented(case, fuzz_data):
    known_gap = (case.method.upper(), case.path) in UNDOCUMENTED_RULES
    if known_gap:
        assume((case.path_parameters or {}).get("code") not in SIBLING_ROUTES)
    case.call_and_validate(excluded_checks=[positive_data_acceptance] if known_gap else None)


@schema.include(
    func=lambda ctx: (ctx.operation.method.upper(), ctx.operation.path) in UNDOCUMENTED_RULES
).parametrize()
@FUZZ
@pytest.mark.xfail(strict=True, reason="; ".join(UNDOCUMENTED_RULES.values()))
def test_documented_parameters_match_what_is_accepted(case, fuzz_data):
    case.call_and_validate()


@pytest.mark.parametrize("ocid", ["ocds-fuzz-1", "ocds-fuzz-2", "ocds-fuzz/3/slash"])
def test_each_stored_notice_answers_its_documented_shape(fuzz_data, ocid):
    """Random OCIDs mostly find nothing (404); these are the 200 answers, checked against the same schema."""
    case = schema["/api/v1/opportunities/{ocid}"]["GET"].Case(path_parameters={"ocid": ocid})
    response = case.call_and_validate()
    assert response.status_code == 200 and response.json()["notice"]["ocid"] == ocid


@pytest.mark.parametrize(
    ("path", "code"),
    [("/api/v1/taxonomy/cpv/{code}", "divisions"), ("/api/v1/taxonomy/unspsc/{code}", "segments")],
)
@pytest.mark.xfail(
    strict=True, reason="the documented `code` allows the name of a sibling route (see UNDOCUMENTED_RULES)"
)
def test_a_code_never_reaches_a_sibling_route(fuzz_data, path, code):
    schema[path]["GET"].Case(path_parameters={"code": code}).call_and_validate()
