from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "safer.core"
    label = "core"
