from django.tasks import task

from .categories import do_predict_categories


@task()
def predict_categories() -> int:
    """Run after an ingest: categories for the notices that arrived without codes."""
    return do_predict_categories()
