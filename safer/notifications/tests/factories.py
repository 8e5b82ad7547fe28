"""Build notifications state through the real services."""

from safer.cases import services as case_services
from safer.cases.services import PersonInput
from safer.cases.tests.factories import report


def closed_case(user, *, email: str = "", phone: str = ""):
    """A case closed by `user`, reported by someone with these contact details (so a
    satisfaction survey is offered to them)."""
    person = PersonInput(role="reporter", first_name="R", last_name="E", email=email, phone=phone)
    case = case_services.case_open(
        opened_by=user, reports=[report(user, people=[person])], title="Noise"
    )
    case_services.case_close(
        case=case, closed_by=user, outcome="resolved_intervention", reason="Stopped"
    )
    return case
