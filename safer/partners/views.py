"""Administrators manage the partnership's user accounts, and co-ordinators approve the roles
that see records: thin views over partners.services.

A set-password link goes only to the user's own e-mail address: it is never shown on a page,
in a message or in the audit log, so an administrator cannot sign in as someone they create.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safer.accounts import services as account_services
from safer.core.forms import add_service_errors
from safer.core.middleware import client_ip
from safer.core.ratelimit import RateLimited
from safer.partners import services
from safer.partners.access import organisation_of, require_capability
from safer.partners.forms import EditMemberForm, NewMemberForm, UserSearchForm
from safer.partners.models import Membership
from safer.partners.navigation import partnership_sections
from safer.partners.roles import Capability


def _email_password_link(request, user) -> None:
    """Send a one-time set-password link to the user's own e-mail address, and nowhere else."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    link = request.build_absolute_uri(reverse("accounts:set_password", args=[uid, token]))
    send_mail(
        "Your Safer Communities account",
        f"Choose your password here: {link}\n"
        "The link works once and expires in 3 days. If you did not expect this email, tell your "
        "partnership administrator.",
        None,
        [user.email],
    )


def _waiting_note(membership: Membership) -> str:
    if membership.approval != Membership.Approval.PENDING:
        return ""
    return (
        f". They will see records once a co-ordinator of {membership.organisation} approves "
        "the role"
    )


@require_GET
def member_list(request):
    require_capability(request.user, Capability.MANAGE_USERS)
    form = UserSearchForm(request.GET or None)
    members = Membership.objects.select_related("user", "organisation").order_by(
        "organisation__name", "user__last_name"
    )
    q = form.cleaned_data["q"] if form.is_valid() else ""
    for term in q.split():
        members = members.filter(
            Q(user__username__icontains=term)
            | Q(user__first_name__icontains=term)
            | Q(user__last_name__icontains=term)
        )
    page = Paginator(members, 50).get_page(request.GET.get("page"))
    return render(request, "partners/member_list.html", {"form": form, "page": page})


@require_http_methods(["GET", "POST"])
def member_create(request):
    require_capability(request.user, Capability.MANAGE_USERS)
    form = NewMemberForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.member_create(created_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _email_password_link(request, membership.user)
            messages.success(
                request,
                f"Account {membership.user.username} created. We have emailed a link to choose "
                f"a password to {membership.user.email}{_waiting_note(membership)}",
            )
            return redirect("partners:member_list")
    return render(request, "partners/member_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def member_edit(request, user_id: int):
    require_capability(request.user, Capability.MANAGE_USERS)
    membership = get_object_or_404(
        Membership.objects.select_related("user", "organisation"), user_id=user_id
    )
    initial = {
        "organisation": membership.organisation,
        "role": membership.role,
        "job_title": membership.job_title,
        "is_active": membership.user.is_active,
    }
    form = EditMemberForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_update(
                membership=membership, changed_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"Account {membership.user.username} saved{_waiting_note(membership)}"
            )
            return redirect("partners:member_list")
    return render(request, "partners/member_edit.html", {"form": form, "membership": membership})


@require_POST
def member_reset_two_factor(request, user_id: int):
    require_capability(request.user, Capability.MANAGE_USERS)
    membership = get_object_or_404(Membership, user_id=user_id)
    services.member_reset_two_factor(user=membership.user, reset_by=request.user)
    messages.success(
        request, "Two-factor authentication reset: they will set up a new app at their next sign-in"
    )
    return redirect("partners:member_edit", user_id=user_id)


@require_POST
def member_unlock(request, user_id: int):
    require_capability(request.user, Capability.MANAGE_USERS)
    membership = get_object_or_404(Membership, user_id=user_id)
    services.member_unlock(user=membership.user, unlocked_by=request.user)
    messages.success(request, "Account unlocked")
    return redirect("partners:member_edit", user_id=user_id)


@require_POST
def member_password_link(request, user_id: int):
    """E-mail a fresh one-time link to someone who forgot their password."""
    require_capability(request.user, Capability.MANAGE_USERS)
    membership = get_object_or_404(Membership.objects.select_related("user"), user_id=user_id)
    user = membership.user
    if not user.email:
        messages.error(
            request,
            f"{user.display_name} has no email address, so no link was sent. Ask your service "
            "desk to add their work email address first",
        )
        return redirect("partners:member_edit", user_id=user_id)
    try:
        account_services.password_attempt_counted(
            what="password_link",
            keys={"address": user.email.lower(), "ip": client_ip(request)},
            limit=settings.PASSWORD_LINK_LIMIT,
            actor=request.user,
        )
    except RateLimited as refused:
        messages.error(
            request, account_services.password_links_limited_message(refused, user.email)
        )
        return redirect("partners:member_edit", user_id=user_id)
    services.member_password_link_issued(user=user, issued_by=request.user)
    _email_password_link(request, user)
    messages.success(request, f"We have emailed a link to choose a password to {user.email}")
    return redirect("partners:member_edit", user_id=user_id)


def _waiting_in_my_organisation(request):
    """Roles waiting for approval in the co-ordinator's own organisation (others answer 404)."""
    require_capability(request.user, Capability.SUPERVISE)
    return Membership.objects.select_related("user", "organisation", "requested_by").filter(
        organisation=organisation_of(request.user), approval=Membership.Approval.PENDING
    )


@require_GET
def access_requests(request):
    """Roles that would see records, waiting for a co-ordinator of this organisation."""
    waiting = _waiting_in_my_organisation(request).order_by("requested_at")
    return render(request, "partners/access_requests.html", {"waiting": waiting})


def _decide(request, user_id: int, decide, done: str):
    membership = get_object_or_404(_waiting_in_my_organisation(request), user_id=user_id)
    try:
        decide(membership=membership, decided_by=request.user)
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", None) or [str(error)]))
    else:
        role, place = membership.get_role_display(), membership.organisation
        messages.success(request, f"{done}: {membership.user.display_name} as {role} in {place}")
    return redirect("partners:access_requests")


@require_POST
def access_approve(request, user_id: int):
    return _decide(request, user_id, services.member_access_approve, "Approved")


@require_POST
def access_refuse(request, user_id: int):
    return _decide(request, user_id, services.member_access_refuse, "Refused")


@require_GET
def partnership_hub(request):
    """The partnership's shared work on one page (the menu's "Partnership"): the sections this
    user's role may open, each with a line saying what it is for."""
    sections = partnership_sections(request.user)
    if not sections:
        raise PermissionDenied("Your role has no partnership sections")
    return render(request, "partners/partnership.html", {"sections": sections})
