"""An application sent by a member of the public through /ask-for-a-case-review: recorded like a
staff entry (threshold, decision deadline), with no recorder, and acknowledged by e-mail in the
applicant's language with the reference and the decision date, and nothing else from the case
system."""

from datetime import date

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext

from safer.casereviews.models import Application
from safer.casereviews.services.applications import application_record
from safer.notifications.services import message_send

MESSAGE_KIND = "casereview_public_received"


def public_application_submit(*, answers: dict, language: str) -> Application:
    """Record the journey's answers as a web application and send the applicant the
    acknowledgement, in one transaction (the e-mail goes once it commits). `answers`:
    {"who", "behalf_name", "behalf_relationship", "first_name", "last_name", "email", "phone",
    "incidents": [{"occurred_on", "reported_on" (ISO), "organisation_id" | "reported_to_other",
    "description", "hate_motivated"}]}. Bad input raises ValidationError, storing nothing."""
    on_behalf_of = None
    if answers.get("who") == "behalf":
        on_behalf_of = {
            "name": answers.get("behalf_name", ""),
            "relationship": answers.get("behalf_relationship", ""),
        }
    complaints = [
        {
            **incident,
            "occurred_on": date.fromisoformat(incident["occurred_on"]),
            "reported_on": date.fromisoformat(incident["reported_on"]),
        }
        for incident in answers.get("incidents", [])
    ]
    with transaction.atomic():
        application = application_record(
            recorded_by=None,
            applicant={
                key: answers.get(key, "") for key in ("first_name", "last_name", "email", "phone")
            },
            on_behalf_of=on_behalf_of,
            received_on=timezone.localdate(),
            complaints=complaints,
            received_via=Application.ReceivedVia.WEB,
            language=language,
        )
        acknowledgement_send(application=application, incidents=len(complaints))
    return application


def acknowledgement_send(*, application: Application, incidents: int) -> None:
    """The e-mail (or text) to the applicant, in the active language: their reference, the day
    the decision is due, and what they told us in numbers. Nothing the partners hold."""
    context = {
        "name": application.applicant_first_name,
        "reference": application.reference,
        "decision_due": application.decision_due,
        "incidents": incidents,
        "behalf": application.on_behalf_of_name,
    }
    message_send(
        kind=MESSAGE_KIND,
        subject=gettext("Your request for a case review: %(reference)s")
        % {"reference": application.reference},
        body=render_to_string("casereviews/public/acknowledgement.txt", context),
        to_email=application.applicant_email,
        to_phone=application.applicant_phone,
    )
