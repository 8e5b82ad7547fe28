from django.urls import path

from safer.letters import views

app_name = "letters"

urlpatterns = [
    path("letters/templates/", views.template_list, name="template_list"),
    path("letters/templates/<str:kind>/", views.template_edit, name="template_edit"),
    path("cases/<str:reference>/letters/new", views.letter_new, name="new"),
    path("cases/<str:reference>/letters/produce", views.letter_produce, name="produce"),
]
