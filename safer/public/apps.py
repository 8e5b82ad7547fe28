from django.apps import AppConfig


class PublicConfig(AppConfig):
    """The public front door: pages for residents, with no account, in the languages the
    partnership serves."""

    name = "safer.public"
    label = "public"
