from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "safer.partners"
    label = "partners"
