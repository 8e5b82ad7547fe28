from django.urls import path

from safer.casereviews import views

app_name = "casereviews"

urlpatterns = [
    path("case-reviews/", views.application_list, name="list"),
    path("case-reviews/new", views.application_create, name="new"),
    path("case-reviews/statistics", views.statistics, name="statistics"),
    path("case-reviews/statistics.csv", views.statistics_download, name="statistics_download"),
    path("case-reviews/may-be-eligible", views.eligible, name="eligible"),
    path("case-reviews/<str:reference>/", views.application_detail, name="detail"),
    path("case-reviews/<str:reference>/complaints", views.complaint_add, name="complaint_add"),
    path("case-reviews/<str:reference>/gather", views.complaints_refresh, name="refresh"),
    path("case-reviews/<str:reference>/decision", views.application_decide, name="decide"),
    path("case-reviews/<str:reference>/letter.pdf", views.letter_pdf, name="letter_pdf"),
    path("case-reviews/<str:reference>/appeal", views.appeal_create, name="appeal"),
    path(
        "case-reviews/<str:reference>/appeal/outcome",
        views.appeal_outcome,
        name="appeal_outcome",
    ),
    path("case-reviews/<str:reference>/review", views.review_detail, name="review"),
    path("case-reviews/<str:reference>/review/held", views.review_held, name="review_held"),
    path(
        "case-reviews/<str:reference>/review/attendees",
        views.attendee_add,
        name="attendee_add",
    ),
    path(
        "case-reviews/<str:reference>/review/recommendations",
        views.recommendation_add,
        name="recommendation_add",
    ),
    path(
        "case-reviews/<str:reference>/review/recommendations/<int:pk>/complete",
        views.recommendation_complete,
        name="recommendation_complete",
    ),
]
