from django.urls import path

from safer.partners import views

app_name = "partnership"

urlpatterns = [path("partnership/", views.partnership_hub, name="hub")]
