from django.apps import AppConfig


class CasesConfig(AppConfig):
    """Reports, cases, risk assessments and interventions."""

    name = "safer.cases"
    label = "cases"
