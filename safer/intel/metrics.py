"""The hub's figures for /metrics (registered in METRICS_COLLECTORS): import runs by outcome."""

from django.db.models import Count
from prometheus_client.core import GaugeMetricFamily

from safer.intel.models import CrimeImport


def import_runs():
    family = GaugeMetricFamily(
        "safer_intel_imports",
        "Crime data files offered to the importer, by outcome",
        labels=["status"],
    )
    counts = dict(CrimeImport.objects.values_list("status").annotate(count=Count("id")))
    for status in CrimeImport.Status.values:
        family.add_metric([status], counts.get(status, 0))
    yield family
