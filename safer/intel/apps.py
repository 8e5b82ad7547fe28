from django.apps import AppConfig


class IntelConfig(AppConfig):
    name = "safer.intel"
    label = "intel"
    verbose_name = "Community intelligence hub"
