from django.urls import path

from safer.opendata import views

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
