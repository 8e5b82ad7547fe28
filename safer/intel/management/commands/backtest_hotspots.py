"""manage.py backtest_hotspots: rolling-origin accuracy of every hotspot prediction method."""

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from safer.intel import predict, selectors
from safer.intel.areas import area_resolve


class Command(BaseCommand):
    help = (
        "For each method, hit rate and Predictive Accuracy Index at 1%, 5% and 10% of the area, "
        "averaged over the months predicted (each from the months before it only)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--area", default="", help="LA code, LSOA code or custom area id")
        parser.add_argument("--crime-type", default="burglary")
        parser.add_argument("--from", dest="month_from", required=True, help="first month YYYY-MM")
        parser.add_argument("--to", dest="month_to", required=True, help="last month YYYY-MM")
        parser.add_argument("--cell-size", type=float, default=None, help="metres")
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, area, crime_type, month_from, month_to, cell_size, **options):
        try:
            selectors.month_check(month_from)
            selectors.month_check(month_to)
            selectors.crime_type_types(crime_type)
            resolved = area_resolve(area)
            history = predict.area_history(area=resolved, crime_type=crime_type, cell=cell_size)
        except (ValidationError, Http404, ValueError) as error:
            raise CommandError(str(getattr(error, "messages", [error])[0])) from None
        months = selectors.month_span(month_from, month_to)
        rows = predict.backtest(history, months)
        result = {
            "area": resolved.code,
            "crime_type": crime_type,
            "from": month_from,
            "to": month_to,
            "cell_size_m": history.grid.cell,
            "cells": history.grid.n_cells,
            "methods": [
                {
                    "method": r.method,
                    "months": r.months,
                    "hit_rate": {f"{f:.0%}": round(r.hit_rate[f], 4) for f in predict.FRACTIONS},
                    "pai": {f"{f:.0%}": round(r.pai[f], 3) for f in predict.FRACTIONS},
                    "seconds_per_month": round(r.seconds_per_month, 4),
                }
                for r in rows
            ],
            "best": predict.best_method(rows),
        }
        if options["json"]:
            self.stdout.write(json.dumps(result, indent=2))
            return
        self.stdout.write(
            f"{resolved.name or 'All areas'} {crime_type} {month_from} to {month_to}: "
            f"{rows[0].months if rows else 0} months predicted, {history.grid.n_cells} cells of "
            f"{history.grid.cell:.0f} m"
        )
        self.stdout.write(
            f"{'method':<20}{'hit 1%':>8}{'hit 5%':>8}{'hit 10%':>9}"
            f"{'PAI 1%':>8}{'PAI 5%':>8}{'PAI 10%':>9}{'s/month':>9}"
        )
        for r in rows:
            h, p = r.hit_rate, r.pai
            self.stdout.write(
                f"{r.method:<20}{h[0.01]:>8.1%}{h[0.05]:>8.1%}{h[0.1]:>9.1%}"
                f"{p[0.01]:>8.1f}{p[0.05]:>8.1f}{p[0.1]:>9.1f}{r.seconds_per_month:>9.3f}"
            )
        self.stdout.write(f"best by hit rate at 5%: {result['best']}")
