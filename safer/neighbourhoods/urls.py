from django.urls import path

from safer.neighbourhoods import views

app_name = "neighbourhoods"

urlpatterns = [
    # Staff pages.
    path("neighbourhoods/", views.neighbourhood_list, name="list"),
    path("neighbourhoods/new", views.neighbourhood_create, name="create"),
    path("neighbourhoods/<slug:slug>", views.neighbourhood_detail, name="detail"),
    path("neighbourhoods/<slug:slug>/edit", views.neighbourhood_edit, name="edit"),
    path("neighbourhoods/<slug:slug>/team/new", views.team_member_add, name="team_add"),
    path("neighbourhoods/<slug:slug>/team/<int:pk>", views.team_member_edit, name="team_edit"),
    path(
        "neighbourhoods/<slug:slug>/team/<int:pk>/remove",
        views.team_member_remove,
        name="team_remove",
    ),
    path(
        "neighbourhoods/<slug:slug>/team/<int:pk>/photo",
        views.team_member_photo,
        name="team_photo",
    ),
    path("neighbourhoods/<slug:slug>/events/new", views.event_add, name="event_add"),
    path("neighbourhoods/<slug:slug>/events/<int:pk>", views.event_edit, name="event_edit"),
    path(
        "neighbourhoods/<slug:slug>/events/<int:pk>/remove",
        views.event_remove,
        name="event_remove",
    ),
    path("neighbourhoods/<slug:slug>/priorities/new", views.priority_add, name="priority_add"),
    path(
        "neighbourhoods/<slug:slug>/priorities/<int:pk>",
        views.priority_edit,
        name="priority_edit",
    ),
    path(
        "neighbourhoods/<slug:slug>/priorities/<int:pk>/close",
        views.priority_close,
        name="priority_close",
    ),
    path("neighbourhoods/<slug:slug>/places/new", views.place_add, name="place_add"),
    path(
        "neighbourhoods/<slug:slug>/places/<int:index>/remove",
        views.place_remove,
        name="place_remove",
    ),
    path("neighbourhoods/<slug:slug>/links/new", views.link_add, name="link_add"),
    path(
        "neighbourhoods/<slug:slug>/links/<int:index>/remove",
        views.link_remove,
        name="link_remove",
    ),
]
