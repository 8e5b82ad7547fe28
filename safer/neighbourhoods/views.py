"""Staff pages: co-ordinators maintain the partnership's neighbourhoods, their teams, events and
Neighbourhood Action Group priorities; anyone who may see records or analytics reads them."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safer.core.forms import add_service_errors
from safer.neighbourhoods import geometry, selectors, services
from safer.neighbourhoods.access import (
    access_neighbourhood,
    can_edit,
    require_editor,
    require_reader,
)
from safer.neighbourhoods.forms import (
    EventForm,
    LinkForm,
    NeighbourhoodForm,
    PlaceForm,
    PriorityCloseForm,
    PriorityForm,
    TeamMemberForm,
)
from safer.neighbourhoods.models import Neighbourhood

GET_POST = ["GET", "POST"]


def _detail(neighbourhood: Neighbourhood, anchor: str = "") -> str:
    url = reverse("neighbourhoods:detail", args=[neighbourhood.slug])
    return f"{url}#{anchor}" if anchor else url


@require_GET
def neighbourhood_list(request):
    require_reader(request.user)
    return render(
        request,
        "neighbourhoods/list.html",
        {"neighbourhoods": selectors.neighbourhoods_all(), "can_edit": can_edit(request.user)},
    )


@require_http_methods(GET_POST)
def neighbourhood_create(request):
    require_editor(request.user)
    form = NeighbourhoodForm(
        request.POST or None, request.FILES or None, initial={"is_published": True}
    )
    if request.method == "POST" and form.is_valid():
        try:
            neighbourhood = services.neighbourhood_create(
                created_by=request.user, **form.service_fields()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{neighbourhood.name} added")
            return redirect(_detail(neighbourhood))
    return render(request, "neighbourhoods/edit.html", {"form": form, "neighbourhood": None})


@require_GET
def neighbourhood_detail(request, slug: str):
    neighbourhood = access_neighbourhood(request.user, slug)
    now = timezone.now()
    return render(
        request,
        "neighbourhoods/detail.html",
        {
            "neighbourhood": neighbourhood,
            "can_edit": can_edit(request.user),
            "team": selectors.team_of(neighbourhood),
            "events_upcoming": selectors.events_upcoming(neighbourhood, now=now),
            "events_past": selectors.events_past(neighbourhood, now=now)[:20],
            "priorities_current": selectors.priorities_current(neighbourhood),
            "priorities_closed": selectors.priorities_closed(neighbourhood)[:20],
            "points": geometry.point_count(neighbourhood.boundary),
            "polygons": len(neighbourhood.boundary),
            "map_data": {
                "name": neighbourhood.name,
                "tile_url": settings.INTEL_TILE_URL,
                "tile_attribution": settings.INTEL_TILE_ATTRIBUTION,
                "boundary": geometry.as_geojson(neighbourhood.boundary),
                "centre": [neighbourhood.centre_latitude, neighbourhood.centre_longitude]
                if neighbourhood.centre_latitude is not None
                else None,
            },
        },
    )


@require_http_methods(GET_POST)
def neighbourhood_edit(request, slug: str):
    neighbourhood = access_neighbourhood(request.user, slug, write=True)
    computed = geometry.centre(neighbourhood.boundary)
    pinned = computed != (neighbourhood.centre_latitude, neighbourhood.centre_longitude)
    initial = {
        "name": neighbourhood.name,
        "slug": neighbourhood.slug,
        "description": neighbourhood.description,
        "population": neighbourhood.population,
        "centre_latitude": neighbourhood.centre_latitude if pinned else None,
        "centre_longitude": neighbourhood.centre_longitude if pinned else None,
        "contact_email": neighbourhood.contact_email,
        "contact_telephone": neighbourhood.contact_telephone,
        "contact_website": neighbourhood.contact_website,
        "is_published": neighbourhood.is_published,
    }
    form = NeighbourhoodForm(
        request.POST or None, request.FILES or None, initial=initial, editing=True
    )
    if request.method == "POST" and form.is_valid():
        try:
            neighbourhood = services.neighbourhood_update(
                neighbourhood=neighbourhood, changed_by=request.user, **form.service_fields()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{neighbourhood.name} saved")
            return redirect(_detail(neighbourhood))
    return render(
        request, "neighbourhoods/edit.html", {"form": form, "neighbourhood": neighbourhood}
    )


# --- Team --------------------------------------------------------------------------------


@require_http_methods(GET_POST)
def team_member_add(request, slug: str):
    neighbourhood = access_neighbourhood(request.user, slug, write=True)
    form = TeamMemberForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.team_member_add(
                neighbourhood=neighbourhood,
                added_by=request.user,
                photo=form.cleaned_data["photo"],
                **form.service_fields(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{form.cleaned_data['name']} added to the team")
            return redirect(_detail(neighbourhood, "team"))
    return render(
        request,
        "neighbourhoods/team_member.html",
        {"form": form, "neighbourhood": neighbourhood, "member": None},
    )


@require_http_methods(GET_POST)
def team_member_edit(request, slug: str, pk: int):
    neighbourhood = access_neighbourhood(request.user, slug, write=True)
    member = get_object_or_404(neighbourhood.team, pk=pk)
    initial = {
        f: getattr(member, f)
        for f in ("name", "rank", "bio", "contact_email", "contact_telephone", "order")
    }
    form = TeamMemberForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.team_member_update(
                member=member,
                changed_by=request.user,
                photo=form.cleaned_data["photo"],
                remove_photo=form.cleaned_data["remove_photo"],
                **form.service_fields(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{member.name} saved")
            return redirect(_detail(neighbourhood, "team"))
    return render(
        request,
        "neighbourhoods/team_member.html",
        {"form": form, "neighbourhood": neighbourhood, "member": member},
    )


@require_POST
def team_member_remove(request, slug: str, pk: int):
    neighbourhood = access_neighbourhood(request.user, slug, write=True)
    member = get_object_or_404(neighbourhood.team, pk=pk)
    name = member.name
    services.team_member_remove(member=member, removed_by=request.user)
    messages.success(request, f"{name} removed from the team")
    return redirect(_detail(neighbourhood, "team"))


@login_not_required
@require_GET
def team_member_photo(request, slug: str, pk: int):
    """A team member's photo: public for a published neighbourhood (police.uk shows its teams'
    faces), for staff who may read neighbourhoods otherwise. Photos were stripped of their
    metadata when uploaded."""
    neighbourhood = Neighbourhood.objects.filter(slug=slug).first()
    if neighbourhood is None:
        raise Http404("No such neighbourhood")
    if not neighbourhood.is_published:
        if not request.user.is_authenticated:
            raise Http404("No such neighbourhood")
        require_reader(request.user)
    member = get_object_or_404(neighbourhood.team, pk=pk)
    if not member.photo:
        raise Http404("No photo")
    response = FileResponse(member.photo.open("rb"))
    response["Cache-Control"] = "public, max-age=3600" if neighbourhood.is_published else "private"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _saved(request, form, save, done: str) -> bool:
    """A valid POST of `form` given to `save` (a service call): True when it was stored, with
    `done` as the success message; a refusal lands on the form, as the service worded it."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        save(form.service_fields())
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    messages.success(request, done)
    return True


# --- Events ------------------------------------------------------------------------------


def _event_initial(event) -> dict:
    fields = ("title", "type", "description", "address", "contact_email", "contact_telephone")
    initial = {f: getattr(event, f) for f in fields}
    initial["starts_at"] = timezone.localtime(event.starts_at)
    initial["ends_at"] = timezone.localtime(event.ends_at) if event.ends_at else None
    return initial


@require_http_methods(GET_POST)
def event_add(request, slug: str):
    neighbourhood = access_neighbourhood(request.user, slug, write=True)
    form = EventForm(request.POST or None, initial={"type": "meeting"})
    if _saved(
        request,
        form,
        lambda fields: services.event_add(
            neighbourhood=neighbourhood, added_by=request.user, **fields
        ),
        "Event added",
    ):
        return redirect(_detail(neighbourhood, "events"))
    return render(
        request,
        "neighbourhoods/event.html",
        {"form": form, "neighbourhood": neighbourhood, "event": None},
    )


@require_http_methods(GET_POST)
def event_edit(request, slug: str, pk: int):
    neighbourhood = access_neighbourhood(request.user, slug, write=True)
    event = get_object_or_404(neighbourhood.events, pk=pk)
    form = EventForm(request.POST or None, initial=_event_initial(event))
    if _saved(
        request,
        form,
        lambda fields: services.event_update(event=event, changed_by=request.user, **fields),
        "Event saved",
    ):
        return redirect(_detail(neighbourhood, "events"))
    return render(
        request,
        "neighbourhoods/event.html",
        {"form": form, "neighbourhood": neighbourhood, "event": event},
    )


@require_POST
def event_remove(request, slug: str, pk: int):
    neighbourhood = access_neighbourhood(request.user, slug, write=True)
    event = get_object_or_404(neighbourhood.events, pk=pk)
    services.event_remove(event=event, removed_by=request.user)
    messages.success(request, "Event removed")
    return redirect(_detail(neighbourhood, "events"))


# --- Priorities --------------------------------------------------------------------------


@require_http_methods(GET_POST)
def priority_add(request, slug: str):
    neighbourhood = access_neighbourhood(request.user, slug, write=True)
    form = PriorityForm(request.POST or None, initial={"issue_date": timezone.localdate()})
    if _saved(
        request,
        form,
        lambda fields: services.priority_add(
            neighbourhood=neighbourhood, added_by=request.user, **fields
        ),
        "Priority added",
    ):
        return redirect(_detail(neighbourhood, "priorities"))
    return render(
        request,
        "neighbourhoods/priority.html",
        {"form": form, "neighbourhood": neighbourhood, "priority": None},
    )


@require_http_methods(GET_POST)
def priority_edit(request, slug: str, pk: int):
    neighbourhood = access_neighbourhood(request.user, slug, write=True)
    priority = get_object_or_404(neighbourhood.priorities, pk=pk)
    initial = {f: getattr(priority, f) for f in ("issue", "issue_date", "action", "action_date")}
    form = PriorityForm(request.POST or None, initial=initial)
    close_form = (
        PriorityCloseForm(initial={"closed_on": timezone.localdate(), "action": priority.action})
        if priority.closed_on is None
        else None
    )
    if _saved(
        request,
        form,
        lambda fields: services.priority_update(
            priority=priority, changed_by=request.user, **fields
        ),
        "Priority saved",
    ):
        return redirect(_detail(neighbourhood, "priorities"))
    return render(
        request,
        "neighbourhoods/priority.html",
        {
            "form": form,
            "close_form": close_form,
            "neighbourhood": neighbourhood,
            "priority": priority,
        },
    )


@require_POST
def priority_close(request, slug: str, pk: int):
    neighbourhood = access_neighbourhood(request.user, slug, write=True)
    priority = get_object_or_404(neighbourhood.priorities, pk=pk)
    close_form = PriorityCloseForm(request.POST)
    if close_form.is_valid():
        try:
            services.priority_close(
                priority=priority, closed_by=request.user, **close_form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(close_form, error)
        else:
            messages.success(request, "Priority closed")
            return redirect(_detail(neighbourhood, "priorities"))
    initial = {f: getattr(priority, f) for f in ("issue", "issue_date", "action", "action_date")}
    return render(
        request,
        "neighbourhoods/priority.html",
        {
            "form": PriorityForm(initial=initial),
            "close_form": close_form,
            "neighbourhood": neighbourhood,
            "priority": priority,
        },
        status=400,
    )


# --- Places to meet the team, useful links --------------------------------------------------

LIST_PAGES = {
    "locations": (PlaceForm, "place", "Place added", "Place removed", "places"),
    "links": (LinkForm, "link", "Link added", "Link removed", "links"),
}


def _list_add(request, slug: str, field: str):
    neighbourhood = access_neighbourhood(request.user, slug, write=True)
    form_class, template, added, _removed, anchor = LIST_PAGES[field]
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        entry = form.place() if field == "locations" else form.link()
        services.neighbourhood_list_add(
            neighbourhood=neighbourhood, changed_by=request.user, field=field, entry=entry
        )
        messages.success(request, added)
        return redirect(_detail(neighbourhood, anchor))
    return render(
        request, f"neighbourhoods/{template}.html", {"form": form, "neighbourhood": neighbourhood}
    )


def _list_remove(request, slug: str, field: str, index: int):
    neighbourhood = access_neighbourhood(request.user, slug, write=True)
    _form, _template, _added, removed, anchor = LIST_PAGES[field]
    try:
        services.neighbourhood_list_remove(
            neighbourhood=neighbourhood, changed_by=request.user, field=field, index=index
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, removed)
    return redirect(_detail(neighbourhood, anchor))


@require_http_methods(GET_POST)
def place_add(request, slug: str):
    return _list_add(request, slug, "locations")


@require_POST
def place_remove(request, slug: str, index: int):
    return _list_remove(request, slug, "locations", index)


@require_http_methods(GET_POST)
def link_add(request, slug: str):
    return _list_add(request, slug, "links")


@require_POST
def link_remove(request, slug: str, index: int):
    return _list_remove(request, slug, "links", index)
