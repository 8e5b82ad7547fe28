from django.urls import path

from safer.partners import views

app_name = "partners"

urlpatterns = [
    path("users/", views.member_list, name="member_list"),
    path("users/new", views.member_create, name="member_create"),
    path("users/<int:user_id>/", views.member_edit, name="member_edit"),
    path(
        "users/<int:user_id>/reset-two-factor",
        views.member_reset_two_factor,
        name="member_reset_two_factor",
    ),
    path("users/<int:user_id>/unlock", views.member_unlock, name="member_unlock"),
    path(
        "users/<int:user_id>/password-link", views.member_password_link, name="member_password_link"
    ),
    path("access-requests/", views.access_requests, name="access_requests"),
    path("access-requests/<int:user_id>/approve", views.access_approve, name="access_approve"),
    path("access-requests/<int:user_id>/refuse", views.access_refuse, name="access_refuse"),
]
