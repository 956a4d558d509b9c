import logging
import os
import time

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tenderbridge.settings")
application = get_wsgi_application()
logger = logging.getLogger(__name__)


def _preload_search_index() -> None:
    """With SEARCH_PRELOAD, load the search index now (in gunicorn's master under --preload, so the workers it
    forks share it), then drop the database connection: a forked worker must not reuse its parent's.
    The query encoder (its tokenizer alone takes seconds to build) and the query-translation dictionary are
    loaded too: otherwise each worker builds its own copy on its first search, which then takes seconds."""
    from django.conf import settings

    if not settings.SEARCH_PRELOAD:
        return
    from django.db import connections

    from tenderbridge.search import embedding, facets, snapshot
    from tenderbridge.taxonomy import translation

    facets.prepare(snapshot.current().columns)
    embedding.encoder().query("preload")  # the model's parts are built on first use
    translation.get()
    connections.close_all()


def warm_worker() -> None:
    """With SEARCH_PRELOAD, run the searches that touch the whole index once in this (forked) worker before it
    serves: every notice's facets, and the default list. A worker's first search over hundreds of thousands of
    notices cost it up to twice a later one (its heap grown and its pages first written, per process): at a
    million notices, four forked workers running the 200 benchmark searches without HTTP, p99 went 68.5 → 42.0
    ms with it (docs/search.md). gunicorn.conf.py calls this in each worker
    (post_worker_init); 0.24–0.29 s a worker."""
    from django.conf import settings

    if not settings.SEARCH_PRELOAD:
        return
    from tenderbridge.opportunities.filters import NoticeFilters, Search
    from tenderbridge.search import discover

    started = time.perf_counter()
    discover.discover(Search(filters=NoticeFilters(kind="all")))
    discover.discover(Search())
    logger.info("worker warmed", extra={"seconds": round(time.perf_counter() - started, 2)})


_preload_search_index()
