from django.urls import path

from safer.privacy import views

app_name = "privacy"

urlpatterns = [
    path("", views.processing, name="processing"),
    path("people/", views.person_lookup, name="lookup"),
    path("people/<int:person_id>/", views.person, name="person"),
    path("people/<int:person_id>/requests", views.request_record, name="request"),
    path("people/<int:person_id>/subject-access", views.subject_access, name="subject_access"),
]
