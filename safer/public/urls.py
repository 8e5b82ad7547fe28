from django.urls import path

from safer.public import views

app_name = "public"

urlpatterns = [
    path("public/", views.home, name="home"),
    path("public/language", views.language, name="language"),
]
