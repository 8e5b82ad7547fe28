from django.apps import AppConfig


class OpendataConfig(AppConfig):
    """Open data: a public API compatible with data.police.uk's, over the intel crime store."""

    name = "safer.opendata"
    label = "opendata"
