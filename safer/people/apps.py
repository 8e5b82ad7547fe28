from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "safer.people"
    label = "people"
