"""The full-text index for the overview's search: FTS5 on SQLite, GIN on PostgreSQL."""

from typing import Any

from django.db import migrations


def create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS web_innhold_sok_gin ON web_innhold "
            "USING GIN (to_tsvector('simple', sokeetekst))"
        )
        return
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS web_sok USING fts5("
        "tekst, tokenize = 'unicode61 remove_diacritics 0')"
    )
    rows = apps.get_model("web", "Innhold").objects.values_list("behovsmelding_id", "sokeetekst")
    with schema_editor.connection.cursor() as c:
        c.executemany("INSERT INTO web_sok(rowid, tekst) VALUES (%s, %s)", list(rows))


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS web_innhold_sok_gin")
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS web_sok")


class Migration(migrations.Migration):
    dependencies = [("web", "0001_initial")]  # noqa: RUF012
    operations = [migrations.RunPython(create, drop)]  # noqa: RUF012
