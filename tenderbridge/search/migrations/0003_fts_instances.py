# SQLite only: a read-only view of the FTS5 index, one row per occurrence of a term (fts5vocab, type
# "instance"), so BM25 can count a rare word in each document that has it without reading the documents'
# texts (search/backends.py: SqliteBackend.term_counts). It stores nothing: it reads the FTS5 index.

from django.db import migrations

CREATE = (
    "CREATE VIRTUAL TABLE search_searchdocument_fts_instance "
    "USING fts5vocab('search_searchdocument_fts', 'instance')"
)
DROP = "DROP TABLE IF EXISTS search_searchdocument_fts_instance"


def _on_sqlite(statement):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_index_entry_and_state")]

    operations = [migrations.RunPython(_on_sqlite(CREATE), _on_sqlite(DROP), elidable=False)]
