"""Migration steps shared by several apps."""

from django.db import migrations


def postgres_indexes(
    definitions: dict[str, str], *, extensions: tuple[str, ...] | list[str] = ()
) -> migrations.RunPython:
    """Create (and on reversal drop) indexes only PostgreSQL has: expression opclasses, GIN,
    tsvector. `definitions` maps an index name to what follows ON in CREATE INDEX; on other
    databases the step does nothing, and their lookups fall back to plain scans."""

    def create(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for extension in extensions:
            schema_editor.execute(f"CREATE EXTENSION IF NOT EXISTS {extension}")
        for name, definition in definitions.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for name in definitions:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    return migrations.RunPython(create, drop)
