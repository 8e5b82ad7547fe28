from django.urls import path

from safer.places import views

app_name = "places"

urlpatterns = [
    path("lookup", views.lookup, name="lookup"),
]
