from django.urls import path

from safer.schemes.views import manage, members, premises

app_name = "schemes"

urlpatterns = [
    path("schemes/", members.home, name="home"),
    path("schemes/<int:pk>/", members.detail, name="detail"),
    path("schemes/<int:pk>/agreement", members.agreement, name="agreement"),
    path("schemes/<int:pk>/incidents/", members.incidents, name="incidents"),
    path("schemes/<int:pk>/incidents/new", members.incident_new, name="incident_new"),
    path("schemes/<int:pk>/excluded/", members.excluded, name="excluded"),
    path("schemes/<int:pk>/profiles/<int:profile_id>", members.profile, name="profile"),
    path("schemes/<int:pk>/photos/<int:photo_id>", members.photo, name="photo"),
    path("schemes/<int:pk>/alerts/", members.alerts, name="alerts"),
    path("schemes/<int:pk>/alerts/new", manage.alert_new, name="alert_new"),
    path("schemes/<int:pk>/alerts/<int:alert_id>", members.alert, name="alert"),
    path("schemes/<int:pk>/members/", manage.members, name="members"),
    path(
        "schemes/<int:pk>/members/<int:business_id>/decide",
        manage.business_decide,
        name="business_decide",
    ),
    path("schemes/<int:pk>/users/<int:place_id>/decide", manage.user_decide, name="user_decide"),
    path("schemes/<int:pk>/exclusions/", manage.exclusions, name="exclusions"),
    path("schemes/<int:pk>/exclusions/new", manage.exclusion_new, name="exclusion_new"),
    path("schemes/<int:pk>/exclusions/<int:exclusion_id>", manage.exclusion, name="exclusion"),
    path(
        "schemes/<int:pk>/exclusions/<int:exclusion_id>/letter.pdf",
        manage.exclusion_letter,
        name="exclusion_letter",
    ),
    path("schemes/<int:pk>/premises/<int:business_id>", premises.premises, name="premises"),
    path(
        "schemes/<int:pk>/premises/<int:business_id>/reviews/<int:review_id>",
        premises.review,
        name="review",
    ),
]
