import pytest

from tenderbridge.taxonomy.models import UnspscCode


@pytest.fixture
def gloves_titles(db):
    """The taxonomy rows whose titles the pages show (the real import is not needed for these tests)."""
    rows = [
        (
            "42000000",
            "segment",
            "",
            None,
            "Medical Equipment and Accessories and Supplies",
            "医疗设备和附件和用品",
        ),
        ("42130000", "family", "42130000", "42000000", "Medical fabrics and tubing", "医用织物和管材"),
        ("42132200", "class", "42130000", "42130000", "Medical gloves and accessories", "医用手套和附件"),
        ("42132203", "commodity", "42130000", "42132200", "Medical examination gloves", "医用检查手套"),
    ]
    for code, level, family, parent, title_en, title_zh in rows:
        UnspscCode.objects.create(
            code=code,
            level=level,
            segment="42000000",
            family=family,
            parent_id=parent,
            title_en=title_en,
            title_zh=title_zh,
        )


@pytest.fixture
def demo_day(settings):
    """The day after UNGM's scrape, as the demo runs (DEMO_NOW): the packages' deadline (2 April 2024) is ahead, so
    their notices are open and the list shows them by default (the opportunities tab opens on open notices)."""
    from datetime import UTC, datetime

    settings.DEMO_NOW = datetime(2024, 3, 6, tzinfo=UTC)
