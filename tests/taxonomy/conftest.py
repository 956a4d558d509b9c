"""The real taxonomy, imported once for the whole tests/taxonomy package (the import takes a few seconds)."""

import pytest
from django.db import connection

from tenderbridge.taxonomy import services
from tenderbridge.taxonomy.models import CpvCode, UnspscCode
from tests.conftest import data_dir


@pytest.fixture(scope="package")
def _taxonomy_import(django_db_setup, django_db_blocker):
    path = data_dir()
    if not path.is_dir():
        pytest.skip(f"the real data folder {path} is not here")
    with django_db_blocker.unblock():
        report = services.do_import_taxonomy(path)
    yield report
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        # One statement per table: the ORM's cascade would walk the self-referencing tree row by row.
        for model in (CpvCode, UnspscCode):
            cursor.execute(f"DELETE FROM {model._meta.db_table}")


@pytest.fixture
def taxonomy(_taxonomy_import, db) -> services.ImportReport:
    """The imported tables (committed before each test's transaction opens) and the import's report."""
    return _taxonomy_import
