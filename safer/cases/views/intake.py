"""Intake: recording a report with its people, matching them to people already held."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from safer.cases import forms, services
from safer.core.forms import add_service_errors
from safer.core.ratelimit import RateLimited
from safer.partners.access import require_capability
from safer.partners.roles import Capability
from safer.people.matching import PersonData, same_people_within
from safer.people.models import Person
from safer.people.selectors import match_details, person_match_candidates
from safer.people.services import match_checks_counted, match_limited_message, people_listed

MAX_PEOPLE = 20  # further people on one report, besides the reporter


def _people_count(data) -> int:
    """How many further-person blocks the page has (the add-another pattern; no JavaScript)."""
    try:
        count = int((data or {}).get("people_count", 1))
    except (TypeError, ValueError):
        count = 1
    return min(max(count, 1), MAX_PEOPLE)


def _person_blocks(data=None, count: int = 1) -> list:
    """The reporter's block, then `count` further people; person numbers follow page order."""
    reporter = forms.ReporterForm(data, prefix="reporter", number=1)
    return [
        reporter,
        *(forms.PersonBlockForm(data, prefix=f"people-{i}", number=i + 2) for i in range(count)),
    ]


def _unbound(form):
    """The same form showing what was typed but no errors: after "Add another person"."""
    initial = {name: form[name].data for name in form.fields}
    kwargs = {"number": form.number} if hasattr(form, "number") else {}
    return type(form)(initial=initial, prefix=form.prefix, **kwargs)


def _without_block(data, removed: int, count: int):
    """The posted data with further person `removed` taken out and those after moved up."""
    kept = data.copy()
    for key in list(kept):
        if key.startswith("people-"):
            del kept[key]
    for i in range(count):
        if i == removed:
            continue
        target = i if i < removed else i - 1
        for key in data:
            if key.startswith(f"people-{i}-"):
                kept.setlist(f"people-{target}-{key[len(f'people-{i}-') :]}", data.getlist(key))
    kept["people_count"] = str(max(count - 1, 1))
    return kept


@require_http_methods(["GET", "POST"])
def report_create(request):
    """Record a report with its people; if two people look alike, or one looks like someone
    already held, ask before saving."""
    require_capability(request.user, Capability.EDIT_RECORDS)
    data = request.POST if request.method == "POST" else None
    count = _people_count(data)
    if data is not None and "remove_person" in data:
        try:
            removed = int(data["remove_person"])
        except ValueError:
            removed = -1
        if 0 <= removed < count:
            data, count = _without_block(data, removed, count), max(count - 1, 1)
    editing = data is not None and any(
        button in data for button in ("add_person", "remove_person", "find_address")
    )
    if data is not None and "add_person" in data:
        count = min(count + 1, MAX_PEOPLE)
    form = forms.ReportForm(data)
    blocks = _person_blocks(data, count)
    proposals, distinct_form = {}, None
    if editing:  # re-show what was typed, one block more or less, without judging it yet
        form, blocks = _unbound(form), [_unbound(block) for block in blocks]
    elif data is not None:
        valid = form.is_valid() & all([block.is_valid() for block in blocks])
        if valid:
            distinct_form = _same_people_check(data, blocks)
            try:
                proposals = _match_proposals(request, blocks)
            except RateLimited as refused:  # nothing saved; the form keeps what was typed
                form.add_error(None, f"{match_limited_message(refused)} {MATCH_PAUSED_UNSAVED}")
            unresolved = [
                p for p in proposals.values() if p["form"] is None or not p["form"].is_valid()
            ]
            distinct = distinct_form is None or distinct_form.is_valid()
            if distinct and not unresolved and not form.errors:
                people, owners = _people_inputs(blocks, proposals)
                try:
                    report = services.report_create(
                        recorded_by=request.user, **form.cleaned_data, people=people
                    )
                except ValidationError as error:
                    _add_report_errors(form, owners, error)
                else:
                    messages.success(request, f"Report {report.reference} recorded")
                    return redirect("cases:report_detail", reference=report.reference)
    return render(
        request,
        "cases/report_form.html",
        {
            "form": form,
            "reporter": blocks[0],
            "reporter_proposal": proposals.get(blocks[0].prefix),
            "blocks": [(block, proposals.get(block.prefix)) for block in blocks[1:]],
            "people_count": len(blocks) - 1,
            "can_add_person": len(blocks) - 1 < MAX_PEOPLE,
            "distinct_form": distinct_form,
            "has_proposals": any(p["matches"] for p in proposals.values()),
        },
    )


MATCH_PAUSED_UNSAVED = "The report has not been saved yet: save it again then."


def _entered(blocks) -> list:
    """The blocks that hold someone."""
    return [block for block in blocks if not block.is_blank]


def _named(blocks) -> list:
    return [block for block in _entered(blocks) if block.cleaned_data.get("last_name")]


def _candidate(block) -> PersonData:
    data = block.cleaned_data
    return PersonData(
        date_of_birth=data.get("date_of_birth"),
        **{
            f: data.get(f) or ""
            for f in ("first_name", "last_name", "postcode", "address", "phone")
        },
    )


def _same_people_check(data, blocks):
    """Two people of this report who look like one person typed twice, asked about before
    saving (the typist sees their own entries, so dates of birth count here); None if none."""
    named = _named(blocks)
    pairs = [
        (
            f"{named[i].number}-{named[j].number}",
            named[i].label,
            named[j].label,
            ", ".join(match.reasons),
        )
        for i, j, match in same_people_within([_candidate(block) for block in named])
    ]
    if not pairs:
        return None
    return forms.DistinctPeopleForm(data, prefix="same", pairs=pairs)


def _match_proposals(request, blocks) -> dict:
    """For each named person entered, the people already held who may be the same person, keyed
    by the block's prefix. Raises RateLimited, checking nobody, past the user's match limit.
    Someone who cannot be named is never matched."""
    named = _named(blocks)
    match_checks_counted(user=request.user, people=len(named), via="page")
    found = {
        block.prefix: person_match_candidates(request.user, _candidate(block)) for block in named
    }
    shown = [person for matches in found.values() for person, _ in matches]
    details = match_details(request.user, shown)
    proposals = {}
    for block in named:
        if not found[block.prefix]:
            continue
        matches = [
            MatchOption(person, _match_label(person, details[person.pk]))
            for person, _ in found[block.prefix]
        ]
        answered = f"{block.prefix}-choice" in request.POST
        match_form = forms.MatchChoiceForm(
            request.POST if answered else None,
            prefix=block.prefix,
            matches=matches,
            person_label=block.label,
        )
        proposals[block.prefix] = {
            "matches": matches,
            "form": match_form if answered else None,
            "blank_form": match_form,
        }
    if shown:
        people_listed(
            listed_by=request.user,
            query="(match check)",
            page=1,
            shown=[person.pk for person in shown],
            via="page",
        )
    return proposals


def _match_label(person, details) -> str:
    """Enough to tell two candidates apart: address, date of birth (only for those who may
    see it) and their latest report the user may open."""
    parts = [person.full_name]
    place = ", ".join(p for p in (details.address, details.postcode) if p)
    parts.append(place or "no address recorded")
    if details.date_of_birth:
        parts.append(f"born {details.date_of_birth:%-d %B %Y}")
    if details.last_report_reference:
        when = timezone.localtime(details.last_report_at)
        parts.append(f"last report {details.last_report_reference} on {when:%-d %B %Y}")
    else:
        parts.append("no report you can open")
    return f"{'; '.join(parts)} (person {person.pk})"


@dataclass
class MatchOption:
    person: Person
    label: str


def _people_inputs(blocks, proposals) -> tuple[list[services.PersonInput], list]:
    """The service's people, and for each the block it came from (to place its errors)."""
    people, owners = [], []
    for block in _entered(blocks):
        proposal = proposals.get(block.prefix)
        choice = proposal["form"].cleaned_data["choice"] if proposal else "new"
        data = block.cleaned_data
        role = "reporter" if isinstance(block, forms.ReporterForm) else data["role"]
        if choice != "new":
            people.append(services.PersonInput(role=role, person_id=int(choice)))
        else:
            details = {k: v for k, v in data.items() if k in block.DETAILS and v}
            if role != "reporter" and data.get("description"):
                details["description"] = data["description"]
            people.append(services.PersonInput(role=role, **details))
        owners.append(block)
        for also in data.get("also") or []:  # the reporter again, typed once
            people.append(services.PersonInput(role=also, same_as="reporter"))
            owners.append(block)
    return people, owners


def _add_report_errors(form, owners, error: ValidationError) -> None:
    """A service's errors on the page: "people.N.field" at person N's own field."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for key, messages_ in error.message_dict.items():
        parts = key.split(".")
        if parts[0] == "people" and len(parts) == 3 and parts[1].isdigit():
            block = owners[int(parts[1])]
            field = parts[2] if parts[2] in block.fields else None
            # The service numbers people as listed; the page's own number is the one to show.
            block.add_error(field, [_renumbered(m, block.label) for m in messages_])
        else:
            add_service_errors(form, ValidationError({key: messages_}))


def _renumbered(message: str, label: str) -> str:
    head, sep, rest = message.partition(": ")
    return f"{label}: {rest}" if sep and head.startswith("Person ") else f"{label}: {message}"
