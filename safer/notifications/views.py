"""A user's reminder choices and the messages sent to them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from safer.core.forms import add_service_errors
from safer.notifications import reminders, selectors, services
from safer.notifications.forms import ReminderPreferencesForm


@require_http_methods(["GET", "POST"])
def reminder_preferences(request):
    kinds = reminders.reminder_kinds()
    today = timezone.localdate()
    chosen = [kind for kind, on in reminders.reminder_preferences(request.user).items() if on]
    form = ReminderPreferencesForm(
        request.POST if request.method == "POST" else None,
        kinds=kinds,
        initial={"email_kinds": chosen},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.reminder_preferences_set(
                user=request.user, email_kinds=form.cleaned_data["email_kinds"], available=kinds
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your reminder choices have been saved")
            return redirect("notifications:reminders")
    return render(
        request,
        "notifications/reminders.html",
        {
            "form": form,
            "due": [(item, item.overdue(today)) for item in reminders.reminders_due(request.user)],
            "kinds": kinds,
            "sent": selectors.messages_to(request.user),
            "has_email": bool(request.user.email),
        },
        status=400 if form.errors else 200,
    )
