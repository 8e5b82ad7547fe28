from django.apps import AppConfig


class CaseReviewsConfig(AppConfig):
    """Community Trigger (ASB case review): applications checked against the local threshold,
    decisions within the deadline, reviews with findings and recommendations tracked to
    completion."""

    name = "safer.casereviews"
    label = "casereviews"
