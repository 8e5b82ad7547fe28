from django.urls import path

from safer.casereviews import public_views, views

app_name = "casereviews"

urlpatterns = [
    # The public journey (no account needed; in the visitor's language).
    path("ask-for-a-case-review", public_views.start, name="public_start"),
    path("ask-for-a-case-review/who", public_views.who, name="public_who"),
    path("ask-for-a-case-review/contact", public_views.contact, name="public_contact"),
    path("ask-for-a-case-review/incidents", public_views.incidents, name="public_incidents"),
    path(
        "ask-for-a-case-review/incidents/add",
        public_views.incident,
        name="public_incident_add",
    ),
    path(
        "ask-for-a-case-review/incidents/<int:number>",
        public_views.incident,
        name="public_incident_change",
    ),
    path(
        "ask-for-a-case-review/incidents/<int:number>/remove",
        public_views.incident_remove,
        name="public_incident_remove",
    ),
    path("ask-for-a-case-review/check", public_views.check, name="public_check"),
    path("ask-for-a-case-review/sent", public_views.done, name="public_done"),
    # Staff pages.
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
