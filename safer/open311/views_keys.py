"""Administrators' pages for Open311 keys: list, issue (the key is shown once) and revoke."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from safer.core.forms import add_service_errors
from safer.open311 import services
from safer.open311.access import require_manage_keys
from safer.open311.forms import KeyCreateForm
from safer.open311.models import Open311Key


@require_GET
def key_list(request):
    require_manage_keys(request.user)
    keys = Open311Key.objects.select_related("created_by", "revoked_by")
    return render(request, "open311/key_list.html", {"keys": keys, "form": KeyCreateForm()})


@never_cache
@require_POST
def key_create(request):
    """Issue a key and show it on this answer only (never cached): it is not stored, so it
    cannot be shown again (nor kept in a session or message)."""
    require_manage_keys(request.user)
    form = KeyCreateForm(request.POST)
    if form.is_valid():
        try:
            record, key = services.key_create(
                app_name=form.cleaned_data["app_name"], created_by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return render(request, "open311/key_created.html", {"record": record, "key": key})
    keys = Open311Key.objects.select_related("created_by", "revoked_by")
    return render(request, "open311/key_list.html", {"keys": keys, "form": form}, status=400)


@require_POST
def key_revoke(request, pk: int):
    require_manage_keys(request.user)
    key = get_object_or_404(Open311Key, pk=pk)
    try:
        services.key_revoke(key=key, revoked_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"The key for {key.app_name} ({key.prefix}...) is revoked")
    return redirect("open311:key_list")
