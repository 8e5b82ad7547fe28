"""The minutes of a tasking meeting as a tagged PDF/UA-1 file, laid out for one reader: items
on cases they may not open are withheld, as on the page."""

from django.template.loader import render_to_string

from safer.core.tagged_pdf import LANGUAGE, html_to_tagged_pdf


def minutes_pdf(context: dict) -> bytes:
    """The minutes from the same context as the minutes page (views._minutes_context)."""
    meeting = context["meeting"]
    title = f"Minutes: {meeting.series.name}, {meeting.held_on:%-d %B %Y}"
    return html_to_tagged_pdf(
        render_to_string(
            "tasking/minutes_pdf.html",
            {**context, "document_title": title, "lang": LANGUAGE},
        )
    )
