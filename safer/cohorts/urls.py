from django.urls import path

from safer.cohorts import views

app_name = "cohorts"

urlpatterns = [
    path("cohorts/", views.cohort_list, name="list"),
    path("cohorts/new", views.cohort_create, name="create"),
    path("cohorts/<int:pk>", views.cohort_detail, name="detail"),
    path("cohorts/<int:pk>/members", views.member_add, name="member_add"),
    path("cohorts/<int:pk>/members/<int:member_id>/leave", views.member_leave, name="member_leave"),
]
