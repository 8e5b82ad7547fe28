"""Prefix indexes on people's names for searches (UPPER(name) LIKE 'term%'), PostgreSQL only.

`istartswith` compiles to UPPER(col) LIKE UPPER('term%'); a btree with text_pattern_ops serves
it. Other databases do without (SQLite has no expression opclasses), so this step does nothing.
"""

from django.db import migrations

POSTGRES_INDEXES = {
    "person_last_name_prefix_idx": "people_person (UPPER(last_name) text_pattern_ops)",
    "person_first_name_prefix_idx": "people_person (UPPER(first_name) text_pattern_ops)",
}


def create_postgres_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, definition in POSTGRES_INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")


def drop_postgres_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in POSTGRES_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [migrations.RunPython(create_postgres_indexes, drop_postgres_indexes)]
