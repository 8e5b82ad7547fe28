from django.apps import AppConfig


class SchemesConfig(AppConfig):
    """Business crime schemes (Pubwatch, Shopwatch, Nightsafe, business crime reduction
    partnerships): members, their incident reports, exclusions and alerts."""

    name = "safer.schemes"
    label = "schemes"

    def ready(self):
        from safer.schemes.measures import plan_measures_register

        plan_measures_register()
