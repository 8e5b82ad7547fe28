from django.apps import AppConfig


class LettersConfig(AppConfig):
    """Letter templates and the letters produced from them onto cases."""

    name = "safer.letters"
    label = "letters"
