from django.urls import path

from safer.intel import mapping_views, views

app_name = "intel"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("map", views.crime_map, name="map"),
    path("hotspots", views.hotspot_map, name="hotspots"),
    path("predictions", views.prediction_map, name="predictions"),
    path("imports", views.imports, name="imports"),
    path("imports/upload", views.import_upload, name="upload"),
    path("imports/mapped", mapping_views.mapped_upload, name="mapped_upload"),
    path("mappings", mapping_views.mappings, name="mappings"),
    path("mappings/new", mapping_views.mapping_create, name="mapping_create"),
    path("mappings/<int:pk>", mapping_views.mapping_detail, name="mapping"),
    path("areas", views.areas, name="areas"),
    path("areas/new", views.area_create, name="area_create"),
    path("download/<slug:table>.csv", views.download, name="download"),
    path("asb", views.asb, name="asb"),
    path("asb/<slug:table>.csv", views.asb_download, name="asb_download"),
    path("near-repeats", views.near_repeats, name="near_repeats"),
    path("near-repeats.csv", views.near_repeats_download, name="near_repeats_download"),
]
