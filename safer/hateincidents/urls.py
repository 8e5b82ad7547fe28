from django.urls import path

from safer.hateincidents import views

app_name = "hateincidents"

urlpatterns = [
    path("report-hate-incident", views.start, name="start"),
    path("report-hate-incident/check-your-answers", views.check, name="check"),
    path("report-hate-incident/confirmation", views.done, name="done"),
    path("report-hate-incident/<slug:step>", views.step, name="step"),
    path("hate-incidents/", views.incident_list, name="list"),
    path("hate-incidents/overdue", views.overdue, name="overdue"),
    path("hate-incidents/<int:pk>", views.incident_detail, name="detail"),
    path("hate-incidents/<int:pk>/first-contact", views.first_contact, name="first_contact"),
    path("hate-incidents/new", views.phone_start, name="phone_start"),
    path("hate-incidents/new/check-your-answers", views.phone_check, name="phone_check"),
    path("hate-incidents/new/recorded", views.phone_done, name="phone_done"),
    path("hate-incidents/new/<slug:step>", views.phone_step, name="phone_step"),
    path("hate-incidents/routing", views.rule_list, name="rules"),
    path("hate-incidents/routing/add", views.rule_edit, name="rule_add"),
    path("hate-incidents/routing/<int:pk>", views.rule_edit, name="rule_edit"),
    path("hate-incidents/routing/<int:pk>/on-off", views.rule_deactivate, name="rule_deactivate"),
]
