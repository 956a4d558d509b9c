# The table is the same on every database; the engine index on it is not (see tenderbridge/search/models.py and
# docs/search.md), so it is created by a RunPython that looks at the database it runs on.

import django.db.models.deletion
from django.db import migrations, models

SQLITE_CREATE = [
    # External content: the FTS index reads the text from search_searchdocument (stored once) by rowid = notice id.
    # The tokens are pre-segmented and space-separated; unicode61 only splits them on the spaces (and folds
    # any accent the segmenter left).
    """CREATE VIRTUAL TABLE search_searchdocument_fts USING fts5(
        title_tokens, body_tokens,
        content='search_searchdocument', content_rowid='notice_id',
        tokenize='unicode61 remove_diacritics 2'
    )""",
    # Triggers keep the index in step with every write, including Django's cascade deletes and `flush`.
    """CREATE TRIGGER search_searchdocument_fts_insert AFTER INSERT ON search_searchdocument BEGIN
        INSERT INTO search_searchdocument_fts (rowid, title_tokens, body_tokens)
        VALUES (new.notice_id, new.title_tokens, new.body_tokens);
    END""",
    """CREATE TRIGGER search_searchdocument_fts_delete AFTER DELETE ON search_searchdocument BEGIN
        INSERT INTO search_searchdocument_fts (search_searchdocument_fts, rowid, title_tokens, body_tokens)
        VALUES ('delete', old.notice_id, old.title_tokens, old.body_tokens);
    END""",
    """CREATE TRIGGER search_searchdocument_fts_update AFTER UPDATE ON search_searchdocument BEGIN
        INSERT INTO search_searchdocument_fts (search_searchdocument_fts, rowid, title_tokens, body_tokens)
        VALUES ('delete', old.notice_id, old.title_tokens, old.body_tokens);
        INSERT INTO search_searchdocument_fts (rowid, title_tokens, body_tokens)
        VALUES (new.notice_id, new.title_tokens, new.body_tokens);
    END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_searchdocument_fts_update",
    "DROP TRIGGER IF EXISTS search_searchdocument_fts_delete",
    "DROP TRIGGER IF EXISTS search_searchdocument_fts_insert",
    "DROP TABLE IF EXISTS search_searchdocument_fts",
]
POSTGRESQL_CREATE = [
    # A generated column: PostgreSQL recomputes it on every write. 'simple' lower-cases and keeps every token
    # (no stemming, no stop words, CJK kept). Title weight A, body weight D: the query ranks A three times D.
    """ALTER TABLE search_searchdocument ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, title_tokens), 'A')
        || setweight(to_tsvector('simple'::regconfig, body_tokens), 'D')
    ) STORED""",
    "CREATE INDEX search_searchdocument_vector_gin ON search_searchdocument USING gin (search_vector)",
]
POSTGRESQL_DROP = [
    "DROP INDEX IF EXISTS search_searchdocument_vector_gin",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS search_vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('opportunities', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchDocument',
            fields=[
                ('notice', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='search_document', serialize=False, to='opportunities.notice')),
                ('title_tokens', models.TextField(blank=True, help_text='The segmented title (tenderbridge.lib.segment).', verbose_name='title tokens')),
                ('body_tokens', models.TextField(blank=True, help_text='The segmented description, buyer, item descriptions and category titles (en and zh).', verbose_name='body tokens')),
            ],
            options={
                'verbose_name': 'search document',
                'verbose_name_plural': 'search documents',
            },
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRESQL_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP}),
        ),
    ]
