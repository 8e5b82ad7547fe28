"""The owner's own API tokens: list them, make one (shown once) and revoke one."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from safer.accounts import forms, selectors, services


@require_GET
def api_tokens(request):
    return render(
        request,
        "accounts/api_tokens.html",
        {"tokens": selectors.api_tokens_of(request.user)},
    )


@require_http_methods(["GET", "POST"])
def api_token_create(request):
    """Make a token for the signed-in user; its secret is on the answer page and nowhere else."""
    form = forms.ApiTokenForm(
        request.POST if request.method == "POST" else None,
        initial={"days": settings.API_TOKEN_DAYS},
    )
    if request.method == "POST" and form.is_valid():
        token, secret = services.api_token_create(
            user=request.user, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
        )
        response = render(
            request, "accounts/api_token_created.html", {"token": token, "secret": secret}
        )
        response["Cache-Control"] = "no-store"
        return response
    return render(request, "accounts/api_token_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def api_token_revoke(request, key_id: str):
    """Confirm, then revoke one of the user's own tokens (another's is not found)."""
    token = selectors.api_token_of(request.user, key_id)
    if token is None:
        raise Http404("No such API token")
    if request.method == "POST":
        services.api_token_revoke(token=token, revoked_by=request.user)
        messages.success(request, f"Token {token.name!r} revoked: it can no longer be used")
        return redirect("accounts:api_tokens")
    return render(request, "accounts/api_token_revoke.html", {"token": token})
