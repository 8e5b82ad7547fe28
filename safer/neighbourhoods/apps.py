from django.apps import AppConfig


class NeighbourhoodsConfig(AppConfig):
    """The partnership's neighbourhoods: boundaries, teams, events and the Neighbourhood Action
    Group's priorities, kept by co-ordinators and published as police.uk publishes them."""

    name = "safer.neighbourhoods"
    label = "neighbourhoods"
