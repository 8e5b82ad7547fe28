"""The report-a-hate-incident journey, shared by the public pages and staff taking a phone call:
answers kept in the session until the final submit (nothing is stored before it), the order of
the steps, and the summary the check-your-answers page shows."""

from datetime import date

from django.utils.translation import gettext_lazy as _

from safer.hateincidents.forms import STEP_FORMS, STEPS, ConsentForm
from safer.hateincidents.models import HateIncident, Motivation

PUBLIC = "hate_incident_journey"
PHONE = "hate_incident_phone"
# Not kept: the honeypot, and the date's boxes (kept as one date, happened_on).
SKIPPED = {"website", "happened_day", "happened_month", "happened_year"}

TITLES = {
    "who": _("Who are you reporting for?"),
    "what-happened": _("What happened?"),
    "where": _("Where did it happen?"),
    "when": _("When did it happen?"),
    "why": _("Why do you think it happened?"),
    "contact-details": _("Your contact details"),
    "consent": _("What we can do with your report"),
}


def answers(session, key: str) -> dict:
    return dict(session.get(key, {}))


def save_step(session, key: str, step: str, data: dict) -> None:
    stored = answers(session, key)
    for name, value in data.items():
        if name in SKIPPED:
            continue
        stored[name] = value.isoformat() if isinstance(value, date) else value
    stored.setdefault("_done", [])
    if step not in stored["_done"]:
        stored["_done"] = [*stored["_done"], step]
    session[key] = stored


def first_unanswered(stored: dict) -> str | None:
    """The first step not yet answered, or None when the journey can be checked."""
    done = set(stored.get("_done", []))
    for slug, _form in STEPS:
        if slug not in done:
            return slug
    return None


def form_for(step: str, stored: dict, data=None):
    """The step's form, bound to posted data or filled with the answers already given."""
    form_class = STEP_FORMS[step]
    kwargs = {}
    if form_class is ConsentForm:
        kwargs["anonymous"] = stored.get("give_contact") != "yes"
    initial = {k: v for k, v in stored.items() if not k.startswith("_")}
    return form_class(data, initial=initial, **kwargs)


def step_after(step: str, checking: bool) -> str | None:
    """The next step's slug, or None to go to check-your-answers (also after a change)."""
    if checking:
        return None
    slugs = [slug for slug, _form in STEPS]
    index = slugs.index(step)
    return slugs[index + 1] if index + 1 < len(slugs) else None


def service_arguments(stored: dict) -> dict:
    """The answers as hate_incident_report's keyword arguments."""
    anonymous = stored.get("give_contact") != "yes"
    return {
        "reporter_role": stored["reporter_role"],
        "what_happened": stored["what_happened"],
        "postcode": stored.get("postcode", ""),
        "place": stored.get("place", ""),
        "happened_on": date.fromisoformat(stored["happened_on"]),
        "happened_time": stored.get("happened_time", ""),
        "motivations": list(stored.get("motivations", [])),
        "other_motivation": stored.get("other_motivation", ""),
        "anonymous": anonymous,
        "contact_name": "" if anonymous else stored.get("contact_name", ""),
        "contact_email": "" if anonymous else stored.get("contact_email", ""),
        "contact_phone": "" if anonymous else stored.get("contact_phone", ""),
        "consent_contact": not anonymous and stored.get("consent_contact") == "yes",
        "consent_referral": stored.get("consent_referral") == "yes",
        "consent_police": stored.get("consent_police") == "yes",
    }


def summary(stored: dict) -> list[dict]:
    """The check-your-answers rows: question, answer as given, and the step that changes it."""
    args = service_arguments(stored)
    roles = dict(HateIncident.ReporterRole.choices)
    labels = dict(Motivation.choices)
    yes, no = _("Yes"), _("No")
    motivations = [str(labels[m]) for m in args["motivations"] if m in labels]
    if args["other_motivation"]:
        motivations.append(args["other_motivation"])
    where = [p for p in (args["postcode"], args["place"]) if p]
    contact = (
        [_("Anonymous")]
        if args["anonymous"]
        else [p for p in (args["contact_name"], args["contact_email"], args["contact_phone"]) if p]
    )
    rows = [
        ("who", _("Reporting for"), [roles.get(args["reporter_role"], "")]),
        ("what-happened", _("What happened"), [args["what_happened"]]),
        ("where", _("Where"), where),
        ("when", _("When"), [args["happened_on"], args["happened_time"]]),
        ("why", _("Why you think it happened"), motivations),
        ("contact-details", _("Contact details"), contact),
    ]
    if not args["anonymous"]:
        rows.append(("consent", _("Can be contacted"), [yes if args["consent_contact"] else no]))
    rows += [
        (
            "consent",
            _("Passed to a support organisation"),
            [yes if args["consent_referral"] else no],
        ),
        ("consent", _("Passed to the police"), [yes if args["consent_police"] else no]),
    ]
    return [{"step": s, "key": k, "values": [v for v in vals if v]} for s, k, vals in rows]
