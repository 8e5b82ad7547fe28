from django.urls import path

from safer.intel import views

app_name = "intel"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("map", views.crime_map, name="map"),
    path("hotspots", views.hotspot_map, name="hotspots"),
    path("predictions", views.prediction_map, name="predictions"),
    path("imports", views.imports, name="imports"),
    path("imports/upload", views.import_upload, name="upload"),
    path("areas", views.areas, name="areas"),
    path("areas/new", views.area_create, name="area_create"),
    path("download/<slug:table>.csv", views.download, name="download"),
]
