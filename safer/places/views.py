"""The address finder's lookup: a fragment for the report form's script, a page without it."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from safer.partners.access import require_capability
from safer.partners.roles import Capability
from safer.places.forms import AddressFinderForm


@require_GET
def lookup(request):
    """The addresses at a postcode: as the choice list the report form swaps in (htmx), or as a
    page of its own. `lookup_postcode` is the report form's name for `postcode`."""
    require_capability(request.user, Capability.VIEW_RECORDS)
    typed = request.GET.get("postcode") or request.GET.get("lookup_postcode") or ""
    form = AddressFinderForm(initial={"lookup_postcode": typed})
    if request.headers.get("HX-Request") == "true":
        return render(request, "places/_address_results.html", {"form": form})
    return render(request, "places/lookup.html", {"form": form, "typed": typed})
