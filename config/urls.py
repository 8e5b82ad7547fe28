from django.urls import include, path

from config.api import api_urls

urlpatterns = [
    path("", include("safer.core.urls")),
    path("account/", include("safer.accounts.urls")),
    path("people/", include("safer.people.urls")),
    path("places/", include("safer.places.urls")),
    path("", include("safer.cases.urls")),
    path("audit/", include("safer.audit.urls")),
    path("manage/", include("safer.partners.urls")),
    path("", include("safer.partners.hub_urls")),
    path("intel/", include("safer.intel.urls")),
    path("plans/", include("safer.plans.urls")),
    path("privacy/", include("safer.privacy.urls")),
    path("", include("safer.surveys.urls")),
    path("", include("safer.letters.urls")),
    path("", include("safer.casereviews.urls")),
    path("", include("safer.tasking.urls")),
    path("", include("safer.referrals.urls")),
    path("", include("safer.cohorts.urls")),
    path("", include("safer.notifications.urls")),
    path("", include("safer.public.urls")),
    path("", include("safer.hateincidents.urls")),
    path("", include("safer.opendata.urls")),
    path("", include("safer.neighbourhoods.urls")),
    path("", include("safer.open311.urls")),
    path("", include("safer.schemes.urls")),
    path("api/v1/", api_urls()),
    # After /api/v1/: police.uk's /api/<force>/<neighbourhood> must not shadow it.
    path("", include("safer.opendata.neighbourhood_urls")),
]

handler400 = "safer.core.views.bad_request"
handler403 = "safer.core.views.permission_denied"
handler404 = "safer.core.views.page_not_found"
handler500 = "safer.core.views.server_error"
