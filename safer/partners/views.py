"""Administrators manage the partnership's user accounts: thin views over partners.services."""

from django.contrib import messages
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safer.core.forms import add_service_errors
from safer.partners import services
from safer.partners.access import require_capability
from safer.partners.forms import EditMemberForm, NewMemberForm, UserSearchForm
from safer.partners.models import Membership
from safer.partners.roles import Capability


def _set_password_link(request, user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return request.build_absolute_uri(reverse("accounts:set_password", args=[uid, token]))


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
            link = _set_password_link(request, membership.user)
            send_mail(
                "Your Safer Communities account",
                f"An account has been created for you. Choose your password here: {link}\n"
                "The link works once and expires in 3 days.",
                None,
                [membership.user.email],
            )
            messages.success(request, f"Account {membership.user.username} created")
            return render(
                request, "partners/member_created.html", {"membership": membership, "link": link}
            )
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
            messages.success(request, f"Account {membership.user.username} saved")
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
    """A fresh one-time link for someone who forgot their password."""
    require_capability(request.user, Capability.MANAGE_USERS)
    membership = get_object_or_404(Membership.objects.select_related("user"), user_id=user_id)
    link = _set_password_link(request, membership.user)
    services.member_password_link_issued(user=membership.user, issued_by=request.user)
    return render(request, "partners/member_created.html", {"membership": membership, "link": link})
