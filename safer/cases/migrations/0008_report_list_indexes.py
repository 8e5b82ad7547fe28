"""Reports by when they happened (the intelligence hub's periods and month range) and by when
they were reported, newest first (the reports list, read from its start until a page is full:
1.25 s to a few ms at a million reports)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0007_caseload_count_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="report",
            index=models.Index(fields=["occurred_at"], name="report_occurred_idx"),
        ),
        migrations.AddIndex(
            model_name="report",
            index=models.Index(fields=["reported_at", "id"], name="report_recent_idx"),
        ),
    ]
