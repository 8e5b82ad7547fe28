"""The "Report anti-social behaviour" journey's pages in order, and the one rule that skips a
page; the pages and "Check your answers" both read it. Answers live in the session until the
final submit: nothing reaches the database before then."""

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from safer.public import forms as questions

SESSION_KEY = "public_report_asb"
DONE_KEY = "public_report_asb_done"


@dataclass(frozen=True)
class Step:
    slug: str
    form: type[forms.Form]
    title: object  # a lazy translation: the page's heading and its row on Check your answers


STEPS = [
    Step("happening-now", questions.HappeningNowForm, _("Is it happening now?")),
    Step("where", questions.WhereForm, _("Where did it happen?")),
    Step("what-happened", questions.WhatForm, _("What happened?")),
    Step("photos", questions.PhotosForm, _("Do you have any photos? (optional)")),
    Step("when", questions.WhenForm, _("When did it happen?")),
    Step("who-is-affected", questions.AffectedForm, _("Who is affected?")),
    Step("contact-details", questions.ContactForm, _("Your contact details")),
    Step("consent", questions.ConsentForm, _("Can we contact you about this report?")),
]
BY_SLUG = {step.slug: step for step in STEPS}


def applies(step: Step, answers: dict) -> bool:
    """Whether a page is asked: consent only when there is a way to contact them."""
    if step.slug == "consent":
        contact = answers.get("contact-details", {})
        return bool(contact.get("email") or contact.get("phone"))
    return True


def next_slug(slug: str, answers: dict) -> str | None:
    """The page after `slug`, skipping pages that do not apply; None at the end."""
    index = [step.slug for step in STEPS].index(slug)
    for step in STEPS[index + 1 :]:
        if applies(step, answers):
            return step.slug
    return None


def previous_slug(slug: str, answers: dict) -> str | None:
    index = [step.slug for step in STEPS].index(slug)
    for step in reversed(STEPS[:index]):
        if applies(step, answers):
            return step.slug
    return None


def first_missing(answers: dict) -> str | None:
    """The first page that applies and has no answer yet."""
    for step in STEPS:
        if applies(step, answers) and step.slug not in answers:
            return step.slug
    return None
