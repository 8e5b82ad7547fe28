from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "safer.privacy"
    label = "privacy"
    verbose_name = "Data protection"
