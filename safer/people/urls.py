from django.urls import path

from safer.people import views

app_name = "people"

urlpatterns = [
    path("", views.person_list, name="list"),
    path("new", views.person_create, name="create"),
    path("<int:person_id>/", views.person_detail, name="detail"),
    path("<int:person_id>/edit", views.person_edit, name="edit"),
    path("<int:person_id>/share", views.person_share, name="share"),
    path("<int:person_id>/merge", views.person_merge, name="merge"),
]
