"""Staff pages: co-ordinators write and publish partnership news and approve the safety
messages that partners' staff propose for the community screens. English only."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safer.core.forms import add_service_errors
from safer.opendata import access, services
from safer.opendata.forms import NewsItemForm, SafetyMessageForm
from safer.opendata.models import NewsItem, SafetyMessage

GET_POST = ["GET", "POST"]


@require_GET
def news_list(request):
    access.require_news_writer(request.user)
    return render(request, "opendata/staff/news_list.html", {"items": NewsItem.objects.all()})


@require_http_methods(GET_POST)
def news_create(request):
    access.require_news_writer(request.user)
    form = NewsItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.news_create(created_by=request.user, **form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Draft '{item.title}' saved: publish it when it is ready")
            return redirect("opendata:news_staff")
    return render(request, "opendata/staff/news_form.html", {"form": form, "item": None})


@require_http_methods(GET_POST)
def news_edit(request, pk: int):
    item = access.access_news_item(request.user, pk)
    initial = {"title": item.title, "summary": item.summary, "body": item.body}
    form = NewsItemForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.news_update(item=item, changed_by=request.user, **form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"'{item.title}' saved")
            return redirect("opendata:news_staff")
    return render(request, "opendata/staff/news_form.html", {"form": form, "item": item})


@require_POST
def news_publish(request, pk: int):
    item = access.access_news_item(request.user, pk)
    try:
        services.news_publish(item=item, published_by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"'{item.title}' published at /news/{item.slug}")
    return redirect("opendata:news_staff")


@require_POST
def news_unpublish(request, pk: int):
    item = access.access_news_item(request.user, pk)
    try:
        services.news_unpublish(item=item, unpublished_by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"'{item.title}' taken off the public pages")
    return redirect("opendata:news_staff")


@require_http_methods(GET_POST)
def safety_messages(request):
    """Propose a message (partners' staff) and, for co-ordinators, approve or withdraw them."""
    access.require_message_proposer(request.user)
    form = SafetyMessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.safety_message_create(created_by=request.user, **form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Message sent to the co-ordinators for approval")
            return redirect("opendata:safety_messages")
    return render(
        request,
        "opendata/staff/safety_messages.html",
        {
            "form": form,
            "messages_list": SafetyMessage.objects.select_related(
                "organisation", "neighbourhood"
            ).order_by("-starts_on", "-pk")[:200],
            "can_approve": access.can_approve_message(request.user),
        },
    )


@require_POST
def safety_message_approve(request, pk: int):
    message = access.access_safety_message(request.user, pk)
    try:
        services.safety_message_approve(message=message, approved_by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, "Message approved: the screens show it between its dates")
    return redirect("opendata:safety_messages")


@require_POST
def safety_message_withdraw(request, pk: int):
    message = access.access_safety_message(request.user, pk)
    services.safety_message_withdraw(message=message, withdrawn_by=request.user)
    messages.success(request, "Message withdrawn from the screens")
    return redirect("opendata:safety_messages")
