"""Prefix indexes on people's names for searches (UPPER(name) LIKE 'term%'), PostgreSQL only.

`istartswith` compiles to UPPER(col) LIKE UPPER('term%'); a btree with text_pattern_ops serves
it. Other databases do without (SQLite has no expression opclasses), so this step does nothing.
"""

from django.db import migrations

from safer.core.migration_ops import postgres_indexes

POSTGRES_INDEXES = {
    "person_last_name_prefix_idx": "people_person (UPPER(last_name) text_pattern_ops)",
    "person_first_name_prefix_idx": "people_person (UPPER(first_name) text_pattern_ops)",
}


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [postgres_indexes(POSTGRES_INDEXES)]
