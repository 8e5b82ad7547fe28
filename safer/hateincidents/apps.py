from django.apps import AppConfig


class HateIncidentsConfig(AppConfig):
    """Third-party hate incident reporting (the MANTRA system): reports from the public or by
    phone, routed by co-ordinators' rules to the support organisation best placed to help."""

    name = "safer.hateincidents"
    label = "hateincidents"
