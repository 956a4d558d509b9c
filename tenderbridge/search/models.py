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
FTS_INSTANCES = "search_searchdocument_fts_instance"  # SQLite only: one row per term occurrence (fts5vocab)
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


class IndexEntry(models.Model):
    """A notice's place in the in-memory search index (snapshot.py): the change version it was last written
    at, and its sentence embedding.

    A table of its own rather than columns of SearchDocument: altering that table on SQLite would rebuild it
    and drop its FTS5 triggers. `version` comes from IndexState.bump() inside the writing transaction, so the
    web processes can load exactly the notices that changed since the version they hold.
    """

    notice = models.OneToOneField(
        "opportunities.Notice", on_delete=models.CASCADE, primary_key=True, related_name="index_entry"
    )
    version = models.BigIntegerField(_("version"), default=0, db_index=True)
    vector = models.BinaryField(
        _("embedding"),
        null=True,
        blank=True,
        help_text=_("float16, L2-normalised (tenderbridge.lib.embeddings)."),
    )
    vector_backend = models.CharField(_("embedding backend"), max_length=16, blank=True)
    text_hash = models.CharField(
        _("text hash"),
        max_length=16,
        blank=True,
        help_text=_("Of the notice's text to embed, as last indexed."),
    )
    vector_text_hash = models.CharField(
        _("embedded text hash"),
        max_length=16,
        blank=True,
        help_text=_("Of the text the vector was made from."),
    )
    stale = models.BooleanField(
        _("needs a new embedding"),
        default=True,
        db_index=True,
        help_text=_("Its text changed since embedding."),
    )

    class Meta:
        verbose_name = _("index entry")
        verbose_name_plural = _("index entries")

    def __str__(self):
        return f"index entry of notice {self.notice_id} (version {self.version})"


class IndexState(models.Model):
    """One row: the version of the notice data the search index follows.

    Every write that changes what search shows (a notice stored, re-categorised or embedded) calls
    `bump()` in its transaction and stamps the rows it wrote with the new version. The row lock it takes is
    held until commit, so versions become visible in order. `deletions` counts notice deletions, which the
    in-memory index cannot learn from rows that are gone: when it changes, the index is reloaded whole.
    """

    version = models.BigIntegerField(default=0)
    deletions = models.BigIntegerField(default=0)
    epoch = models.CharField(max_length=32, help_text=_("Random, set when the row is created."))

    class Meta:
        verbose_name = _("index state")
        verbose_name_plural = _("index state")

    def __str__(self):
        return f"index version {self.version}"
