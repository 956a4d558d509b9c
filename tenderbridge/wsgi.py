import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tenderbridge.settings")
application = get_wsgi_application()


def _preload_search_index() -> None:
    """With SEARCH_PRELOAD, load the search index now (in gunicorn's master under --preload, so the workers it
    forks share it), then drop the database connection: a forked worker must not reuse its parent's."""
    from django.conf import settings

    if not settings.SEARCH_PRELOAD:
        return
    from django.db import connections

    from tenderbridge.search import snapshot

    snapshot.current()
    connections.close_all()


_preload_search_index()
