from django.apps import AppConfig


class CohortsConfig(AppConfig):
    """Offender cohorts (Deter Young Offenders, integrated offender management) and their
    before-and-after measures."""

    name = "safer.cohorts"
    label = "cohorts"
