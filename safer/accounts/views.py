"""Signing in and out, and the second factor for roles that require one."""

import base64
import io

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp import devices_for_user
from django_otp import login as otp_login

from safer import audit
from safer.accounts import forms, services
from safer.core.middleware import client_ip
from safer.core.ratelimit import RateLimited


def _too_many(request, template: str, refused: RateLimited):
    """429, with a page saying what was paused and Retry-After saying for how long."""
    response = render(request, template, status=429)
    response["Retry-After"] = str(refused.retry_after)
    return response


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    form_class = forms.SignInForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        """Besides django-axes' lock-out per account and address, one address may fail only
        SIGN_IN_IP_FAILURE_LIMIT times per window across all accounts (password spraying)."""
        try:
            services.sign_in_address_check(client_ip(request))
        except RateLimited as refused:
            return _too_many(request, "accounts/sign_in_limited.html", refused)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        if form.data.get("username") and form.data.get("password"):
            services.sign_in_address_failed(client_ip(self.request))
        return super().form_invalid(form)

    def form_valid(self, form):
        response = super().form_valid(form)
        audit.record(actor=form.get_user(), action="user.signed_in", target=form.get_user())
        return response


class SignOutView(auth_views.LogoutView):
    """POST-only sign-out (Django refuses GET), recorded in the audit log."""

    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            audit.record(actor=request.user, action="user.signed_out", target=request.user)
        return super().post(request, *args, **kwargs)


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """Choose a password from the one-time link an administrator issued (public by design)."""

    template_name = "accounts/set_password.html"
    success_url = "/account/sign-in"
    post_reset_login = False

    @method_decorator(login_not_required)
    def dispatch(self, request, *args, **kwargs):
        """Each client address may open or submit set-password links only so often, so that
        link tokens cannot be guessed at speed (settings.PASSWORD_SET_ATTEMPT_LIMIT)."""
        try:
            services.password_attempt_counted(
                what="password_set",
                keys={"ip": client_ip(request)},
                limit=settings.PASSWORD_SET_ATTEMPT_LIMIT,
            )
        except RateLimited as refused:
            return _too_many(request, "accounts/password_limited.html", refused)
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        audit.record(actor=form.user, action="user.password_set", target=form.user)
        messages.success(self.request, "Password set: you can now sign in")
        return response


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/"


@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def two_factor_verify(request):
    """Second step of signing in: a code from the user's confirmed authenticator."""
    devices = list(devices_for_user(request.user, confirmed=True))
    if not devices:
        return redirect("accounts:two_factor_setup")
    form = forms.OneTimeCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        device = next((d for d in devices if d.verify_token(form.cleaned_data["code"])), None)
        if device is not None:
            otp_login(request, device)
            audit.record(actor=request.user, action="user.two_factor_passed", target=request.user)
            return redirect(_next_url(request))
        form.add_error("code", forms.CODE_WRONG)
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next": _next_url(request)}
    )


@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    """Set up an authenticator app: scan the QR code, then prove it works with one code."""
    if any(devices_for_user(request.user, confirmed=True)) and not request.user.is_verified():
        return redirect("accounts:two_factor_verify")
    device = services.two_factor_device_start(user=request.user)
    form = forms.OneTimeCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if services.two_factor_device_confirm(device=device, code=form.cleaned_data["code"]):
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error("code", forms.CODE_WRONG)
    secret = base64.b32encode(device.bin_key).decode()
    qr = io.BytesIO()
    segno.make(device.config_url, error="m").save(
        qr,
        kind="svg",
        scale=5,
        xmldecl=False,
        svgns=True,
        title="QR code for your authenticator app",
    )
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "qr_svg": qr.getvalue().decode(),
            "next": _next_url(request),
        },
    )


@login_not_required
def locked_out(request, credentials=None, *args, **kwargs):
    """Shown by django-axes when too many sign-in attempts failed."""
    return render(request, "accounts/locked_out.html", status=429)
