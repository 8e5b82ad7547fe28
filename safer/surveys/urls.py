from django.urls import path

from safer.surveys import views

app_name = "surveys"

urlpatterns = [
    path("survey/<str:token>", views.answer, name="answer"),
    path("surveys/", views.results, name="results"),
]
