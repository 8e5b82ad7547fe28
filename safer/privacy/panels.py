"""What the data protection app adds to other apps' pages (settings.PERSON_PANELS)."""

from safer.partners.access import has_capability
from safer.partners.roles import Capability
from safer.privacy.models import Restriction


def restriction_panel(request, person) -> dict | None:
    """A warning above a person's details while their processing is restricted (UK GDPR
    Art. 18): the record may be kept but not otherwise used without the officer's agreement."""
    restriction = (
        Restriction.objects.filter(person_id=person.merged_into_id or person.pk)
        .select_related("request")
        .first()
    )
    if restriction is None:
        return None
    return {
        "template": "privacy/restriction_panel.html",
        "top": True,
        "restriction": restriction,
        "officer": has_capability(request.user, Capability.DATA_PROTECTION),
    }
