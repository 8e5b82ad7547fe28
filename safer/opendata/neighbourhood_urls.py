"""police.uk's neighbourhood calls (docs/neighbourhoods.md), at the site root. Included after
/api/v1/ in config/urls: `/api/<force>/<neighbourhood>` must not shadow the staff API."""

from django.urls import path, register_converter

from safer.opendata import neighbourhood_calls as calls

app_name = "neighbourhood_calls"

register_converter(calls.ForceConverter, "policeforce")

urlpatterns = [
    path("api/locate-neighbourhood", calls.locate, name="locate"),
    path(
        "api/<policeforce:force>/neighbourhoods",
        calls.neighbourhood_list,
        name="neighbourhoods",
    ),
    path(
        "api/<policeforce:force>/<str:neighbourhood>",
        calls.neighbourhood_detail,
        name="neighbourhood",
    ),
    path(
        "api/<policeforce:force>/<str:neighbourhood>/boundary",
        calls.boundary,
        name="boundary",
    ),
    path(
        "api/<policeforce:force>/<str:neighbourhood>/people",
        calls.people,
        name="people",
    ),
    path(
        "api/<policeforce:force>/<str:neighbourhood>/events",
        calls.events,
        name="events",
    ),
    path(
        "api/<policeforce:force>/<str:neighbourhood>/priorities",
        calls.priorities,
        name="priorities",
    ),
]
