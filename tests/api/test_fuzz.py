"""Schemathesis fuzzes every operation of /api/v1/openapi.json in-process (the WSGI app, no network), with
valid and invalid input: no answer may be a 5xx, and every answer must match its documented status, content
type, headers and schema; valid input must be accepted and invalid input refused.

Bounded (EXAMPLES per operation, no deadline: the whole file runs in a few seconds) and on real-shaped data:
notices through the ingest pipeline and taxonomy rows, so the detail and taxonomy operations also answer 200.

Every parameter's documented schema says exactly what is accepted (enums, patterns), so schemathesis's "valid
data is accepted" check holds everywhere; the one exception is the opaque list cursor (see below).
"""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

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


@schema.parametrize()
@FUZZ
def test_every_operation_answers_as_documented(case, fuzz_data):
    # A cursor is an opaque token signed by the server: no schema can say which strings are real ones, so a
    # made-up one (refused with the documented 400 bad_cursor, tests/opportunities/test_api.py) is not sent.
    if case.query:
        case.query.pop("cursor", None)
    # Host is no API parameter: Django refuses a host outside ALLOWED_HOSTS with its own 400 before any view
    # runs (a protection against host-header poisoning), so a made-up Host says nothing about the API.
    if case.headers:
        for name in [name for name in case.headers if name.lower() == "host"]:
            del case.headers[name]
    case.call_and_validate()


@pytest.mark.parametrize("ocid", ["ocds-fuzz-1", "ocds-fuzz-2", "ocds-fuzz/3/slash"])
def test_each_stored_notice_answers_its_documented_shape(fuzz_data, ocid):
    """Random OCIDs mostly find nothing (404); these are the 200 answers, checked against the same schema."""
    case = schema["/api/v1/opportunities/{ocid}"]["GET"].Case(path_parameters={"ocid": ocid})
    response = case.call_and_validate()
    assert response.status_code == 200 and response.json()["notice"]["ocid"] == ocid
