import json
import logging

import pytest

from tenderbridge.ops.logging import JsonFormatter


def test_healthz_answers_without_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_checks_the_database_and_migrations(client):
    body = client.get("/readyz").json()
    assert body == {"status": "ok", "checks": {"database": "ok", "migrations": "ok"}}


def test_log_lines_are_json_with_extra_fields():
    record = logging.LogRecord("tenderbridge.request", logging.INFO, __file__, 1, "request", None, None)
    record.path, record.status = "/en/", 200
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "request" and line["path"] == "/en/" and line["status"] == 200
