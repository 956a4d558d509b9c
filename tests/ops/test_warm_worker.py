"""tenderbridge/wsgi.py's warm_worker, which gunicorn.conf.py runs in each worker before it serves: the searches
that touch the whole index with SEARCH_PRELOAD, nothing without it."""

import pytest

from tenderbridge import wsgi
from tenderbridge.search import discover
from tests.opportunities.packages import ingest, release

pytestmark = pytest.mark.django_db


def test_a_worker_warms_itself_only_where_the_index_is_preloaded(settings, tmp_path, monkeypatch):
    ingest(tmp_path, release("ocds-w-1", "Nitrile gloves"), release("ocds-w-2", "Paper masks"))
    searched = []
    real = discover.discover
    monkeypatch.setattr(
        discover, "discover", lambda search, *a, **k: searched.append(search) or real(search, *a, **k)
    )
    settings.SEARCH_PRELOAD = False
    wsgi.warm_worker()
    assert searched == []
    settings.SEARCH_PRELOAD = True
    wsgi.warm_worker()
    assert [(s.q, s.filters.effective_kind) for s in searched] == [("", "all"), ("", "opportunities")]


def test_gunicorn_reads_the_warm_up_from_its_settings_file():
    from pathlib import Path

    config = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"
    namespace = {}
    exec(compile(config.read_text(), str(config), "exec"), namespace)
    assert callable(namespace["post_worker_init"])
