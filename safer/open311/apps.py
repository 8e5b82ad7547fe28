from django.apps import AppConfig


class Open311Config(AppConfig):
    """Open311 GeoReport v2: civic reporting apps submit and follow ASB and nuisance reports."""

    name = "safer.open311"
    label = "open311"
