"""Reports keep their search words too (services/search.py), filled in here, for the reports
list; on PostgreSQL a GIN index over them answers prefix searches, as for cases (0006)."""

from django.db import migrations

import safer.cases.models
from safer.core.migration_ops import postgres_indexes

VECTOR = safer.cases.models.CASE_TERMS_VECTOR.format(column="search_terms")


def fill_in_words(apps, schema_editor):
    from safer.cases.services.search import report_search_refresh

    models = [apps.get_model("cases", name) for name in ("Case", "Report", "ReportPerson")]
    ids = models[1].objects.order_by("pk").values_list("pk", flat=True)
    report_search_refresh(list(ids), models=models)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0008_report_list_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="search_terms",
            field=safer.cases.models.SearchTerms(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill_in_words, migrations.RunPython.noop),
        postgres_indexes({"report_search_terms_idx": f"cases_report USING gin ({VECTOR})"}),
    ]
