"""Writes for column mappings (other CSVs read into the incidents dataset), and the demo log.

Kept apart from services.py, which holds the importer itself; the import of a mapped file is
still `services.crime_paths_import(..., mapping=...)`.
"""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from safer import audit
from safer.intel.models import ColumnMapping
from safer.intel.services import ImportSummary, crime_paths_import

# What a mapping says about a file; everything a JSON definition or the form may set.
MAPPING_FIELDS = (
    "name",
    "description",
    "reported_by",
    "header",
    "id_column",
    "date_column",
    "date_formats",
    "time_column",
    "time_formats",
    "type_column",
    "type_map",
    "reject_unmapped_types",
    "coordinates",
    "x_column",
    "y_column",
    "location_column",
    "lsoa_column",
    "outcome_column",
)
# Changing these would give re-imported rows new identities, so they are fixed once used.
IDENTITY_FIELDS = ("header", "id_column")
UNKNOWN_KEYS = "Unknown keys in the mapping: {keys}"
NOT_AN_OBJECT = "A column mapping must be a JSON object"
IDENTITY_FIXED = (
    "Column mapping {name} has imports: its header and reference column cannot change; "
    "create a new mapping instead"
)
DEMO_FOLDER = Path(__file__).resolve().parent / "data" / "incident-log"
DEMO_LOG = DEMO_FOLDER / "anytown-incident-log-2019q1.csv"
DEMO_MAPPING = DEMO_FOLDER / "anytown-mapping.json"


def mapping_fields_from_json(data) -> dict:
    """The fields of a mapping given as JSON (a dict); ValidationError for unknown keys."""
    if not isinstance(data, dict):
        raise ValidationError(NOT_AN_OBJECT)
    unknown = sorted(set(data) - set(MAPPING_FIELDS))
    if unknown:
        raise ValidationError(UNKNOWN_KEYS.format(keys=", ".join(unknown)))
    return dict(data)


def mapping_as_json(mapping: ColumnMapping) -> dict:
    """A mapping's definition, as `column_mapping create` reads it back."""
    return {field: getattr(mapping, field) for field in MAPPING_FIELDS}


@transaction.atomic
def column_mapping_create(*, created_by, organisation=None, **fields) -> ColumnMapping:
    """Save a column mapping after checking it against its header; audited."""
    mapping = ColumnMapping(created_by=_user_or_none(created_by), organisation=organisation)
    for field, value in mapping_fields_from_json(fields).items():
        setattr(mapping, field, _blank(value))
    mapping.full_clean()
    mapping.save()
    audit.record(
        actor=created_by,
        action="intel.column_mapping_created",
        target=mapping,
        changes={"name": mapping.name, "header": mapping.header},
    )
    return mapping


@transaction.atomic
def column_mapping_update(*, mapping: ColumnMapping, changed_by, **fields) -> ColumnMapping:
    """Change a saved mapping; its header and reference column are fixed once it has imports."""
    mapping = ColumnMapping.objects.select_for_update().get(pk=mapping.pk)
    changes = {}
    for field, value in mapping_fields_from_json(fields).items():
        value = _blank(value)
        old = getattr(mapping, field)
        if old != value:
            changes[field] = [old, value]
            setattr(mapping, field, value)
    if not changes:
        return mapping
    if set(changes) & set(IDENTITY_FIELDS) and mapping.imports.exists():
        raise ValidationError(IDENTITY_FIXED.format(name=mapping.name))
    mapping.full_clean()
    mapping.save()
    audit.record(
        actor=changed_by, action="intel.column_mapping_changed", target=mapping, changes=changes
    )
    return mapping


def seed_incident_log() -> ImportSummary:
    """The demo: save the fictional Anytown mapping (once) and import its 40-row log through it.

    Idempotent: a second call finds the mapping and every row already stored.
    """
    fields = mapping_fields_from_json(json.loads(DEMO_MAPPING.read_text(encoding="utf-8")))
    mapping = ColumnMapping.objects.filter(name=fields["name"]).first()
    if mapping is None:
        mapping = column_mapping_create(created_by=None, **fields)
    return crime_paths_import(paths=[DEMO_LOG], mapping=mapping)


def _blank(value):
    """JSON null for an optional column means no column."""
    return "" if value is None else value


def _user_or_none(user):
    return user if getattr(user, "is_authenticated", False) else None
