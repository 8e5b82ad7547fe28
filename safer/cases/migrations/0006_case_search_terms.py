"""Each case keeps its search words (services/search.py), filled in here for existing cases.

On PostgreSQL a GIN index over the words as a tsvector answers prefix searches, with a second,
partial one for open cases (the caseload's default); elsewhere the lookup falls back to LIKE.
"""

from django.db import migrations

import safer.cases.models
from safer.core.migration_ops import postgres_indexes

VECTOR = safer.cases.models.CASE_TERMS_VECTOR.format(column="search_terms")
POSTGRES_INDEXES = {
    "case_search_terms_idx": f"cases_case USING gin ({VECTOR})",
    "case_open_search_terms_idx": f"cases_case USING gin ({VECTOR}) WHERE NOT status = 'closed'",
}


def fill_in_terms(apps, schema_editor):
    from safer.cases.services.search import case_search_rebuild

    models = [apps.get_model("cases", name) for name in ("Case", "Report", "ReportPerson")]
    case_search_rebuild(models=models)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0005_involvement_recent"),
        ("people", "0002_name_prefix_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="search_terms",
            field=safer.cases.models.SearchTerms(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill_in_terms, migrations.RunPython.noop),
        postgres_indexes(POSTGRES_INDEXES),
    ]
