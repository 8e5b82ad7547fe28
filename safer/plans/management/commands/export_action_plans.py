from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from safer import audit
from safer.plans import selectors, transfer
from safer.plans.models import ActionPlan


class Command(BaseCommand):
    help = "Export action plans (all, or one with --plan) as CSV or XLSX in the import columns."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        parser.add_argument("--output", type=Path, required=True)
        parser.add_argument("--plan", type=int, help="The id of one plan (default: every plan)")

    def handle(self, *args, format: str, output: Path, plan: int | None, **options):
        chosen = None
        if plan is not None:
            chosen = ActionPlan.objects.filter(pk=plan).first()
            if chosen is None:
                raise CommandError(f"No plan with id {plan}")
        rows = transfer.plan_rows(selectors.plans_for_export(chosen))
        if format == "csv":
            output.write_text(transfer.csv_write(rows), encoding="utf-8")
        else:
            output.write_bytes(transfer.xlsx_write(rows))
        audit.record(
            action="plan.exported", target=chosen, changes={"format": format, "rows": len(rows)}
        )
        self.stdout.write(f"Wrote {len(rows)} rows to {output}")
