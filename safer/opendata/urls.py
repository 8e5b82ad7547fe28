from django.urls import path

from safer.opendata import views, views_public, views_staff

app_name = "opendata"

# data.police.uk's paths exactly, at the site root, so a client changes only its base URL.
urlpatterns = [
    path("api/crime-categories", views.crime_categories, name="crime_categories"),
    path("api/crimes-street-dates", views.crimes_street_dates, name="crimes_street_dates"),
    path("api/crime-last-updated", views.crime_last_updated, name="crime_last_updated"),
    path("api/crimes-street/<str:category>", views.crimes_street, name="crimes_street"),
    path("api/crimes-at-location", views.crimes_at_location, name="crimes_at_location"),
    path("api/crimes-no-location", views.crimes_no_location, name="crimes_no_location"),
    path(
        "api/outcomes-for-crime/<str:persistent_id>",
        views.outcomes_for_crime,
        name="outcomes_for_crime",
    ),
    path("api/forces", views.forces, name="forces"),
    path("api/forces/<str:force_id>", views.force_detail, name="force_detail"),
]

urlpatterns += [
    # Public pages (no sign-in, in the visitor's language).
    path("crime-map", views_public.crime_map, name="crime_map"),
    path("crime-statistics", views_public.crime_statistics, name="crime_statistics"),
    path("news", views_public.news_list, name="news"),
    path("news/<slug:slug>", views_public.news_detail, name="news_detail"),
    path("screen", views_public.screen, name="screen"),
    path("screen-worker.js", views_public.screen_worker, name="screen_worker"),
    path("screen/content.json", views_public.screen_json, name="screen_json"),
    path("screen/<slug:slug>", views_public.screen, name="screen_neighbourhood"),
    path(
        "screen/<slug:slug>/content.json",
        views_public.screen_json,
        name="screen_neighbourhood_json",
    ),
    # Staff pages.
    path("partnership-news/", views_staff.news_list, name="news_staff"),
    path("partnership-news/new", views_staff.news_create, name="news_create"),
    path("partnership-news/<int:pk>", views_staff.news_edit, name="news_edit"),
    path("partnership-news/<int:pk>/publish", views_staff.news_publish, name="news_publish"),
    path("partnership-news/<int:pk>/unpublish", views_staff.news_unpublish, name="news_unpublish"),
    path("community-screen-messages/", views_staff.safety_messages, name="safety_messages"),
    path(
        "community-screen-messages/<int:pk>/approve",
        views_staff.safety_message_approve,
        name="safety_message_approve",
    ),
    path(
        "community-screen-messages/<int:pk>/withdraw",
        views_staff.safety_message_withdraw,
        name="safety_message_withdraw",
    ),
]
