from django.apps import AppConfig


class SurveysConfig(AppConfig):
    """Real-time satisfaction surveys: asked when a case closes, answered through a single-use
    link, reported to managers only in aggregate."""

    name = "safer.surveys"
    label = "surveys"
