"""People carry a matching key (Soundex of the last name and first initial), filled in here;
the matching prefilter's other keys, birth date and email, get indexes too."""

from django.db import migrations, models
from django.db.models.functions import Upper

BATCH = 5000


def fill_in_name_keys(apps, schema_editor):
    from safer.people.matching import name_key

    Person = apps.get_model("people", "Person")
    batch = []
    for person in Person.objects.only("pk", "first_name", "last_name").iterator(BATCH):
        person.name_key = name_key(person.first_name, person.last_name)
        batch.append(person)
        if len(batch) == BATCH:
            Person.objects.bulk_update(batch, ["name_key"])
            batch = []
    Person.objects.bulk_update(batch, ["name_key"])


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
