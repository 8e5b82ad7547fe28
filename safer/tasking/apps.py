from django.apps import AppConfig


class TaskingConfig(AppConfig):
    """Tasking meetings (JATAC, operations group): proposed agendas, decisions and actions, items
    withheld from members who may not see the case, minutes."""

    name = "safer.tasking"
    label = "tasking"
