from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data for a fresh install; depends on every domain app, nothing depends on it."""

    name = "safer.demo"
    label = "demo"
