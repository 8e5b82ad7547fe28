from django.apps import AppConfig


class PlacesConfig(AppConfig):
    """The partnership's gazetteer of property addresses and the address finder built on it."""

    name = "safer.places"
    label = "places"
