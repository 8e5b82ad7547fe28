"""Pages every scheme user reaches, members and staff alike: their schemes, the agreement,
incidents, excluded people and alerts. Each asks access.access_scheme first."""

from datetime import timedelta
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from safer.core.forms import add_service_errors
from safer.partners.access import NOT_FOUND
from safer.schemes import selectors, services
from safer.schemes.access import SIGN_FIRST, access_scheme, member_roles, schemes_visible_to
from safer.schemes.forms import AgreementPublishForm, AgreementSignForm, IncidentForm
from safer.schemes.models import AgreementSignature, Alert, MemberBusiness, OffenderPhoto
from safer.schemes.selectors import excluded_people

SUMMARY_DAYS = 90


def _signed_or_agreement(request, access):
    """Members who have not signed the agreement in force are sent to sign it."""
    if not access.sees_information:
        messages.info(request, SIGN_FIRST)
        return redirect("schemes:agreement", pk=access.scheme.pk)
    return None


@require_GET
def home(request):
    schemes = list(schemes_visible_to(request.user).select_related("organisation"))
    if not schemes and not member_roles(request.user).exists():
        # Neither staff of a scheme nor a member: a page that says so, not a leak of any name.
        return render(request, "schemes/home.html", {"rows": []})
    signed = set(
        AgreementSignature.objects.filter(user=request.user).values_list("version", flat=True)
    )
    rows = []
    for scheme in schemes:
        access = access_scheme(request.user, scheme.pk)
        rows.append(
            {
                "scheme": scheme,
                "is_staff": access.is_staff,
                "needs_signing": access.is_member
                and (access.agreement is None or access.agreement.pk not in signed),
            }
        )
    return render(request, "schemes/home.html", {"rows": rows})


@require_GET
def detail(request, pk: int):
    access = access_scheme(request.user, pk)
    if (sent := _signed_or_agreement(request, access)) is not None:
        return sent
    if access.is_staff:
        from safer.schemes.views.manage import staff_dashboard

        return staff_dashboard(request, access)
    since = timezone.localdate() - timedelta(days=SUMMARY_DAYS)
    return render(
        request,
        "schemes/member_dashboard.html",
        {
            "access": access,
            "scheme": access.scheme,
            "summary": selectors.incident_summary(access, since=since),
            "summary_days": SUMMARY_DAYS,
            "incidents": selectors.incidents_for_table(
                access, selectors.incidents_visible(access)[:10]
            ),
            "alerts": selectors.alerts_for(access)[:5],
        },
    )


@require_http_methods(["GET", "POST"])
def agreement(request, pk: int):
    """Members read and sign the agreement in force; administrators publish a new version."""
    access = access_scheme(request.user, pk)
    if access.can_manage:
        form = AgreementPublishForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            version = services.agreement_publish(
                access=access, text=form.cleaned_data["text"], published_by=request.user
            )
            messages.success(request, f"Version {version.version} published: members sign it next")
            return redirect("schemes:agreement", pk=pk)
    else:
        form = AgreementSignForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.agreement_sign(access=access, signed_by=request.user)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Agreement signed")
                return redirect("schemes:detail", pk=pk)
    status = 400 if request.method == "POST" else 200
    signatures = None
    if access.is_staff and access.agreement is not None:
        signatures = access.agreement.signed.select_related("user").order_by("signed_at")
    return render(
        request,
        "schemes/agreement.html",
        {"access": access, "scheme": access.scheme, "form": form, "signatures": signatures},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def incident_new(request, pk: int):
    access = access_scheme(request.user, pk)
    if (sent := _signed_or_agreement(request, access)) is not None:
        return sent
    if access.is_staff:
        access.require_manage()
        premises = MemberBusiness.objects.filter(scheme=access.scheme, status="approved")
    else:
        access.require_member()
        premises = access.businesses
    offenders = [e.profile for e in excluded_people(access)]
    form = IncidentForm(request.POST or None, premises=premises, offenders=offenders)
    if request.method == "POST" and form.is_valid():
        try:
            incident = services.incident_report(
                access=access, reported_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Incident reported (number {incident.pk})")
            return redirect("schemes:incidents", pk=pk)
    if offenders:  # the known offender list names each excluded person: a view of each
        services.excluded_list_viewed(
            access=access, profiles=[p.pk for p in offenders], via="incident form"
        )
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "schemes/incident_form.html",
        {"access": access, "scheme": access.scheme, "form": form},
        status=status,
    )


@require_GET
def incidents(request, pk: int):
    access = access_scheme(request.user, pk)
    if (sent := _signed_or_agreement(request, access)) is not None:
        return sent
    rows = selectors.incidents_for_table(access, selectors.incidents_visible(access)[:200])
    return render(
        request,
        "schemes/incident_list.html",
        {"access": access, "scheme": access.scheme, "incidents": rows},
    )


@require_GET
def excluded(request, pk: int):
    """Who is excluded today; each person listed counts as a view of their profile."""
    access = access_scheme(request.user, pk)
    if (sent := _signed_or_agreement(request, access)) is not None:
        return sent
    people = selectors.excluded_people(access)
    services.excluded_list_viewed(
        access=access, profiles=[e.profile.pk for e in people], via="page"
    )
    return render(
        request,
        "schemes/excluded_list.html",
        {"access": access, "scheme": access.scheme, "people": people},
    )


@require_GET
def profile(request, pk: int, profile_id: int):
    access = access_scheme(request.user, pk, signed=True)
    shown = selectors.profile_for(access, profile_id)
    last = None
    if access.is_member:
        last = selectors.last_viewed(request.user, [shown.profile.pk]).get(shown.profile.pk)
    services.profile_viewed(access=access, profile=shown.profile, via="page")
    context = {"access": access, "scheme": access.scheme, "shown": shown, "last_viewed": last}
    if access.is_staff:
        context["exclusions"] = shown.profile.exclusions.prefetch_related("premises", "appeals")
    return render(request, "schemes/profile.html", context)


@require_GET
def photo(request, pk: int, photo_id: int):
    """A profile's photograph, to whoever may see the profile today."""
    access = access_scheme(request.user, pk, signed=True)
    photo = get_object_or_404(OffenderPhoto, pk=photo_id, profile__scheme=access.scheme)
    try:
        selectors.profile_for(access, photo.profile_id)
    except Http404:
        raise Http404(NOT_FOUND) from None
    return FileResponse(
        photo.file.open("rb"),
        filename=f"photo-{photo.pk}{Path(photo.file.name).suffix}",
        content_type=photo.content_type,
    )


@require_GET
def alerts(request, pk: int):
    access = access_scheme(request.user, pk)
    if (sent := _signed_or_agreement(request, access)) is not None:
        return sent
    return render(
        request,
        "schemes/alert_list.html",
        {"access": access, "scheme": access.scheme, "alerts": selectors.alerts_for(access)[:100]},
    )


@require_GET
def alert(request, pk: int, alert_id: int):
    """One alert; opening it marks it read for a member, and shows staff who has read it."""
    access = access_scheme(request.user, pk)
    if (sent := _signed_or_agreement(request, access)) is not None:
        return sent
    try:
        found = selectors.alerts_for(access).get(pk=alert_id)
    except (Alert.DoesNotExist, ValueError):
        raise Http404(NOT_FOUND) from None
    receipts = None
    if access.is_staff:
        receipts = selectors.alert_receipts(found)
    elif found is not None:
        services.alert_read(alert=found, user=request.user)
    return render(
        request,
        "schemes/alert_detail.html",
        {"access": access, "scheme": access.scheme, "alert": found, "receipts": receipts},
    )


def forbid_members(access) -> None:
    if not access.is_staff:
        raise PermissionDenied("Only the scheme's administrators can see this")
