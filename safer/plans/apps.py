from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "safer.plans"
    label = "plans"
    verbose_name = "Partnership action plans and performance"
    default_auto_field = "django.db.models.BigAutoField"
