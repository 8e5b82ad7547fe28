"""People carry a matching key (Soundex of the last name and first initial), filled in here;
the matching prefilter's other keys, birth date and email, get indexes too."""

from django.db import migrations, models
from django.db.models.functions import Upper


def fill_in_name_keys(apps, schema_editor):
    from safer.people.services import person_name_keys_rebuild

    person_name_keys_rebuild(person_model=apps.get_model("people", "Person"))


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0002_name_prefix_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="name_key",
            field=models.CharField(blank=True, editable=False, max_length=8),
        ),
        migrations.RunPython(fill_in_name_keys, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["name_key"], name="person_name_key_idx"),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["date_of_birth"], name="person_dob_idx"),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(Upper("email"), name="person_email_upper_idx"),
        ),
    ]
