"""Writes to neighbourhoods, their teams, events and priorities; each audited in the same
transaction, each refusing (and storing nothing) when the record is not valid."""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from safer import audit
from safer.neighbourhoods import geometry
from safer.neighbourhoods.models import Event, Neighbourhood, Priority, TeamMember

# police.uk's /api/<force>/neighbourhoods is a fixed path: a neighbourhood may not take its name.
RESERVED_SLUGS = frozenset({"neighbourhoods", "boundary", "people", "events", "priorities"})
SLUG_RESERVED = "Choose another id: “{slug}” is a word police.uk's addresses use"
SLUG_TAKEN = "Another neighbourhood already has the id “{slug}”: choose another"
BOUNDARY_NEEDED = "Give the neighbourhood a boundary: upload a GeoJSON file or list its LSOAs"
PRIORITY_ALREADY_CLOSED = "This priority is already closed"
ACTION_BEFORE_ISSUE = "The action must be dated on or after the date the issue was raised"
ACTION_MISSING = "Enter the action taken, or remove its date"
CLOSED_BEFORE_ISSUE = "The date it was closed must be on or after the date it was raised"


def _audited_changes(instance, fields: dict) -> dict:
    """{field: new value} for the fields that change; outlines as their size, not their points."""
    changes = {}
    for name, value in fields.items():
        old = getattr(instance, name)
        if old == value:
            continue
        if name == "boundary":
            changes[name] = f"{geometry.point_count(value)} points"
        elif name == "photo":
            changes[name] = "new photo" if value else "removed"
        elif isinstance(value, date):
            changes[name] = value.isoformat()
        else:
            changes[name] = value
    return changes


def _apply(instance, fields: dict) -> None:
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()


def _write(instance, fields: dict, *, actor, action: str, label, changes: dict | None = None):
    """Validate, save and audit `fields` on `instance`, the audit row naming only what changed
    (`label(instance)` names the record, read after saving)."""
    changes = _audited_changes(instance, fields) if changes is None else changes
    _apply(instance, fields)
    audit.record(
        actor=actor,
        action=action,
        target=instance,
        target_label=label(instance)[:200],
        changes=changes,
    )
    return instance


def _with_centre(fields: dict, current: Neighbourhood | None = None) -> dict:
    """A centre given is kept (a deliberate pin); without one, the centre is the boundary's,
    worked out again whenever the boundary changes."""
    given = fields.get("centre_latitude") is not None and fields.get("centre_longitude") is not None
    if given or (
        current is not None and "centre_latitude" not in fields and "boundary" not in fields
    ):
        return fields
    boundary = fields.get("boundary") or (current.boundary if current else [])
    found = geometry.centre(boundary) if boundary else None
    if found:
        fields = {**fields, "centre_latitude": found[0], "centre_longitude": found[1]}
    return fields


def _check_slug(slug: str, *, exclude: int | None = None) -> None:
    if slug in RESERVED_SLUGS:
        raise ValidationError({"slug": SLUG_RESERVED.format(slug=slug)})
    if Neighbourhood.objects.filter(slug=slug).exclude(pk=exclude).exists():
        raise ValidationError({"slug": SLUG_TAKEN.format(slug=slug)})


@transaction.atomic
def neighbourhood_create(*, created_by, **fields) -> Neighbourhood:
    """A new neighbourhood. `fields` are the model's (boundary required); the centre is the
    boundary's when not given."""
    _check_slug(fields.get("slug", ""))
    if not fields.get("boundary"):
        raise ValidationError({"boundary": BOUNDARY_NEEDED})
    fields = _with_centre(fields)
    neighbourhood = Neighbourhood(created_by=created_by)
    return _write(
        neighbourhood,
        fields,
        actor=created_by,
        action="neighbourhood.created",
        label=lambda neighbourhood: f"Neighbourhood {neighbourhood.name}",
    )


@transaction.atomic
def neighbourhood_update(*, neighbourhood: Neighbourhood, changed_by, **fields) -> Neighbourhood:
    """Change a neighbourhood's details, boundary or publication; only what changes is audited."""
    neighbourhood = Neighbourhood.objects.select_for_update().get(pk=neighbourhood.pk)
    if "slug" in fields:
        _check_slug(fields["slug"], exclude=neighbourhood.pk)
    if "boundary" in fields and not fields["boundary"]:
        raise ValidationError({"boundary": BOUNDARY_NEEDED})
    fields = _with_centre(fields, neighbourhood)
    changes = _audited_changes(neighbourhood, fields)
    if not changes:
        return neighbourhood
    return _write(
        neighbourhood,
        fields,
        actor=changed_by,
        action="neighbourhood.changed",
        label=lambda neighbourhood: f"Neighbourhood {neighbourhood.name}",
        changes=changes,
    )


# --- Places to meet the team and useful links (police.uk's `locations` and `links`) ------

LIST_FIELDS = {"locations", "links"}
NO_SUCH_ENTRY = "That entry is no longer there: the page may be out of date"


def neighbourhood_list_add(*, neighbourhood: Neighbourhood, changed_by, field: str, entry: dict):
    """Add a place (`locations`) or a link (`links`) to a neighbourhood; audited as a change."""
    if field not in LIST_FIELDS:
        raise ValueError(field)
    current = list(getattr(neighbourhood, field) or [])
    return neighbourhood_update(
        neighbourhood=neighbourhood, changed_by=changed_by, **{field: [*current, entry]}
    )


def neighbourhood_list_remove(*, neighbourhood: Neighbourhood, changed_by, field: str, index: int):
    if field not in LIST_FIELDS:
        raise ValueError(field)
    current = list(getattr(neighbourhood, field) or [])
    if not 0 <= index < len(current):
        raise ValidationError(NO_SUCH_ENTRY)
    del current[index]
    return neighbourhood_update(
        neighbourhood=neighbourhood, changed_by=changed_by, **{field: current}
    )


# --- The team ----------------------------------------------------------------------------


def _photo_file(photo: tuple[bytes, str] | None, name: str) -> ContentFile | None:
    """A cleaned photo (bytes without metadata, content type) as a file named by type only, so
    the uploader's file name (which may say who or where) is not kept."""
    if photo is None:
        return None
    data, content_type = photo
    extension = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}.get(
        content_type, "img"
    )
    return ContentFile(data, name=f"{name}.{extension}")


@transaction.atomic
def team_member_add(
    *, neighbourhood: Neighbourhood, added_by, photo: tuple[bytes, str] | None = None, **fields
) -> TeamMember:
    member = TeamMember(neighbourhood=neighbourhood)
    changes = _audited_changes(member, fields)
    _apply(member, fields)
    if photo is not None:
        upload = _photo_file(photo, f"member-{member.pk}")
        member.photo.save(upload.name, upload, save=True)
        changes["photo"] = "new photo"
    audit.record(
        actor=added_by,
        action="neighbourhood.team_member_added",
        target=member,
        target_label=f"{member} in {neighbourhood.name}"[:200],
        changes=changes,
    )
    return member


@transaction.atomic
def team_member_update(
    *,
    member: TeamMember,
    changed_by,
    photo: tuple[bytes, str] | None = None,
    remove_photo: bool = False,
    **fields,
) -> TeamMember:
    changes = _audited_changes(member, fields)
    _apply(member, fields)
    old_photo = member.photo.name if member.photo else ""
    if photo is not None:
        upload = _photo_file(photo, f"member-{member.pk}")
        member.photo.save(upload.name, upload, save=True)
        changes["photo"] = "new photo"
    elif remove_photo and old_photo:
        member.photo = ""
        member.save(update_fields=["photo", "updated_at"])
        changes["photo"] = "removed"
    if old_photo and changes.get("photo"):
        transaction.on_commit(lambda: member.photo.storage.delete(old_photo))
    if changes:
        audit.record(
            actor=changed_by,
            action="neighbourhood.team_member_changed",
            target=member,
            target_label=f"{member} in {member.neighbourhood.name}"[:200],
            changes=changes,
        )
    return member


@transaction.atomic
def team_member_remove(*, member: TeamMember, removed_by) -> None:
    label = f"{member} in {member.neighbourhood.name}"[:200]
    old_photo = member.photo.name if member.photo else ""
    storage = member.photo.storage
    audit.record(
        actor=removed_by,
        action="neighbourhood.team_member_removed",
        target=member,
        target_label=label,
        changes={"name": member.name, "rank": member.rank},
    )
    member.delete()
    if old_photo:
        transaction.on_commit(lambda: storage.delete(old_photo))


# --- Events ------------------------------------------------------------------------------


@transaction.atomic
def event_add(*, neighbourhood: Neighbourhood, added_by, **fields) -> Event:
    event = Event(neighbourhood=neighbourhood)
    return _write(
        event,
        fields,
        actor=added_by,
        action="neighbourhood.event_added",
        label=lambda event: f"Event {event.title} in {neighbourhood.name}",
    )


@transaction.atomic
def event_update(*, event: Event, changed_by, **fields) -> Event:
    changes = _audited_changes(event, fields)
    if not changes:
        return event
    return _write(
        event,
        fields,
        actor=changed_by,
        action="neighbourhood.event_changed",
        label=lambda event: f"Event {event.title} in {event.neighbourhood.name}",
        changes=changes,
    )


@transaction.atomic
def event_remove(*, event: Event, removed_by) -> None:
    audit.record(
        actor=removed_by,
        action="neighbourhood.event_removed",
        target=event,
        target_label=f"Event {event.title} in {event.neighbourhood.name}"[:200],
        changes={"title": event.title, "starts_at": event.starts_at.isoformat()},
    )
    event.delete()


# --- Neighbourhood Action Group priorities -----------------------------------------------


def _check_priority_dates(fields: dict, priority: Priority) -> None:
    """Dates in order (raised, then acted on or closed), and no action date without an action."""
    issued = fields.get("issue_date", priority.issue_date)
    acted = fields.get("action_date", priority.action_date)
    closed = fields.get("closed_on", priority.closed_on)
    problems = {}
    if issued and acted and acted < issued:
        problems["action_date"] = ACTION_BEFORE_ISSUE
    if acted and not fields.get("action", priority.action).strip():
        problems["action"] = ACTION_MISSING
    if issued and closed and closed < issued:
        problems["closed_on"] = CLOSED_BEFORE_ISSUE
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def priority_add(*, neighbourhood: Neighbourhood, added_by, **fields) -> Priority:
    priority = Priority(neighbourhood=neighbourhood)
    _check_priority_dates(fields, priority)
    return _write(
        priority,
        fields,
        actor=added_by,
        action="neighbourhood.priority_added",
        label=lambda priority: f"Priority in {neighbourhood.name}: {priority}",
    )


@transaction.atomic
def priority_update(*, priority: Priority, changed_by, **fields) -> Priority:
    _check_priority_dates(fields, priority)
    changes = _audited_changes(priority, fields)
    if not changes:
        return priority
    return _write(
        priority,
        fields,
        actor=changed_by,
        action="neighbourhood.priority_changed",
        label=lambda priority: f"Priority in {priority.neighbourhood.name}: {priority}",
        changes=changes,
    )


@transaction.atomic
def priority_close(
    *, priority: Priority, closed_by, closed_on: date | None = None, action: str = ""
) -> Priority:
    """Close a priority (it leaves the current list); the action taken may be given at the
    same time, dated the day it closes if it has no date yet."""
    priority = Priority.objects.select_for_update().get(pk=priority.pk)
    if priority.closed_on is not None:
        raise ValidationError(PRIORITY_ALREADY_CLOSED)
    closed_on = closed_on or timezone.localdate()
    fields: dict = {"closed_on": closed_on}
    if action.strip():
        fields["action"] = action.strip()
        if priority.action_date is None:
            fields["action_date"] = closed_on
    _check_priority_dates(fields, priority)
    return _write(
        priority,
        fields,
        actor=closed_by,
        action="neighbourhood.priority_closed",
        label=lambda priority: f"Priority in {priority.neighbourhood.name}: {priority}",
    )
