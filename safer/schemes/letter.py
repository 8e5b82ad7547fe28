"""The exclusion notice: a letter to the person excluded, laid out as a tagged PDF."""

from datetime import timedelta

from django.template.loader import render_to_string
from django.utils import timezone

from safer.core.tagged_pdf import html_to_tagged_pdf
from safer.schemes.models import Exclusion


def exclusion_letter_pdf(exclusion: Exclusion) -> bytes:
    """The notice of exclusion: who, from where, from when until when, why, and how to appeal."""
    person = exclusion.profile.person
    html = render_to_string(
        "schemes/exclusion_letter.html",
        {
            "exclusion": exclusion,
            "scheme": exclusion.scheme,
            "person": person,
            "premises": list(exclusion.premises.order_by("name")),
            "today": timezone.localdate(),
            "until": exclusion.ends_on - timedelta(days=1),
        },
    )
    return html_to_tagged_pdf(html)
