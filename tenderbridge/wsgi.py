import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tenderbridge.settings")
application = get_wsgi_application()


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


_preload_search_index()
