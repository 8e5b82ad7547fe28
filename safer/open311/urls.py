from django.urls import path

from safer.open311 import views, views_keys

app_name = "open311"

# GeoReport v2's paths: <endpoint>/services.xml, <endpoint>/requests/<id>.json, ...
urlpatterns = [
    path("open311/v2/discovery.<str:fmt>", views.discovery, name="discovery"),
    path("open311/v2/services.<str:fmt>", views.services, name="services"),
    path(
        "open311/v2/services/<str:code>.<str:fmt>",
        views.service_definition,
        name="service_definition",
    ),
    path("open311/v2/requests.<str:fmt>", views.requests, name="requests"),
    path(
        "open311/v2/requests/<str:service_request_id>.<str:fmt>",
        views.request_detail,
        name="request_detail",
    ),
    path("open311/v2/tokens/<str:token>.<str:fmt>", views.token, name="token"),
    path("open311/keys/", views_keys.key_list, name="key_list"),
    path("open311/keys/new", views_keys.key_create, name="key_create"),
    path("open311/keys/<int:pk>/revoke", views_keys.key_revoke, name="key_revoke"),
]
