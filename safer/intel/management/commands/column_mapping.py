"""manage.py column_mapping list | show NAME | create FILE.json | update NAME FILE.json

Column mappings say which columns of another CSV (a council's incident log) hold the date, type,
place and so on; `import_crime --mapping NAME` then reads files through one. The JSON file holds
the fields of `safer.intel.mappings.MAPPING_FIELDS` (see docs/intel.md and
safer/intel/data/incident-log/anytown-mapping.json); `show` prints one in the same shape.
"""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from safer.intel.mappings import (
    NOT_AN_OBJECT,
    column_mapping_create,
    column_mapping_update,
    mapping_as_json,
)
from safer.intel.models import ColumnMapping
from safer.partners.access import organisation_of


class Command(BaseCommand):
    help = "List, show, create or update the column mappings other CSV files are imported through."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("list", help="every saved mapping")
        show = actions.add_parser("show", help="one mapping as JSON")
        show.add_argument("name")
        create = actions.add_parser("create", help="save a mapping from a JSON file")
        create.add_argument("file", type=Path)
        update = actions.add_parser("update", help="change a mapping from a JSON file")
        update.add_argument("name")
        update.add_argument("file", type=Path)
        for sub in (create, update):
            sub.add_argument("--user", help="username recorded in the audit log (and as owner)")

    def handle(self, *args, action, **options):
        if action == "list":
            for mapping in ColumnMapping.objects.all():
                self.stdout.write(
                    f"{mapping.name}: {len(mapping.header)} columns, reported by "
                    f"{mapping.reported_by}, {mapping.imports.count()} imports"
                )
            return
        if action == "show":
            mapping = self._mapping(options["name"])
            self.stdout.write(json.dumps(mapping_as_json(mapping), indent=2, ensure_ascii=False))
            return
        actor = self._user(options.get("user"))
        try:
            fields = json.loads(options["file"].read_text(encoding="utf-8-sig"))
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read {options['file']}: {error}") from None
        if not isinstance(fields, dict):
            raise CommandError(NOT_AN_OBJECT)
        try:
            if action == "create":
                organisation = organisation_of(actor) if actor else None
                mapping = column_mapping_create(
                    created_by=actor, organisation=organisation, **fields
                )
            else:
                mapping = column_mapping_update(
                    mapping=self._mapping(options["name"]), changed_by=actor, **fields
                )
        except ValidationError as error:
            raise CommandError(_messages(error)) from None
        self.stdout.write(f"Saved column mapping {mapping.name}")

    def _mapping(self, name: str) -> ColumnMapping:
        mapping = ColumnMapping.objects.filter(name=name).first()
        if mapping is None:
            raise CommandError(f"No column mapping called {name}")
        return mapping

    def _user(self, username: str | None):
        if not username:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user called {username}")
        return user


def _messages(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(f"{field}: {' '.join(m)}" for field, m in error.message_dict.items())
    return "; ".join(error.messages)
