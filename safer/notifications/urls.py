from django.urls import path

from safer.notifications import views

app_name = "notifications"

urlpatterns = [
    path("account/reminders", views.reminder_preferences, name="reminders"),
]
