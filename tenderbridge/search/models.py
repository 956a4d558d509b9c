"""The lexical search index: one row of segmented text per notice.

The row is plain columns that every database has; the engine's index on it is created by the migration for the
database in use (see docs/search.md) and kept in step by the database itself:
- SQLite: the FTS5 table `search_searchdocument_fts` (external content = this table, rowid = notice id),
  updated by triggers on this table;
- PostgreSQL: the generated column `search_vector` (tsvector, 'simple' configuration) with a GIN index.
Neither is known to the ORM, so the model stays the same on both and `makemigrations` has nothing to add.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

FTS_TABLE = "search_searchdocument_fts"  # SQLite only
VECTOR_COLUMN = "search_vector"  # PostgreSQL only


class SearchDocument(models.Model):
    """Title and body are separate columns so both engines can weight a title match above a body match."""

    notice = models.OneToOneField(
        "opportunities.Notice",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
    )
    title_tokens = models.TextField(
        _("title tokens"), blank=True, help_text=_("The segmented title (tenderbridge.lib.segment).")
    )
    body_tokens = models.TextField(
        _("body tokens"),
        blank=True,
        help_text=_("The segmented description, buyer, item descriptions and category titles (en and zh)."),
    )

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")

    def __str__(self):
        return f"search document of notice {self.notice_id}"
