"""Small presentation helpers for case pages (colours and labels, no rules)."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

RISK_COLOURS = {
    "high": "govuk-tag--red",
    "medium": "govuk-tag--orange",
    "standard": "govuk-tag--blue",
}
STATUS_COLOURS = {
    "open": "govuk-tag--light-blue",
    "investigating": "govuk-tag--purple",
    "action": "govuk-tag--yellow",
    "monitoring": "govuk-tag--green",
    "closed": "govuk-tag--grey",
}


@register.simple_tag
def risk_tag(band: str):
    if not band:
        return mark_safe('<strong class="govuk-tag govuk-tag--grey">Not assessed</strong>')
    return format_html(
        '<strong class="govuk-tag {}">{} risk</strong>',
        RISK_COLOURS.get(band, ""),
        band.capitalize(),
    )


@register.simple_tag
def status_tag(status: str, label: str = ""):
    return format_html(
        '<strong class="govuk-tag {}">{}</strong>',
        STATUS_COLOURS.get(status, ""),
        label or status.capitalize(),
    )


@register.simple_tag
def due_tag(due, today):
    """A date, marked overdue when it has passed."""
    if not due:
        return "Not set"
    if due < today:
        return format_html(
            '{} <strong class="govuk-tag govuk-tag--red">Overdue</strong>',
            due.strftime("%-d %b %Y"),
        )
    return due.strftime("%-d %b %Y")


@register.filter
def flag_labels(flags) -> str:
    """A report's flags in words ("Repeat caller, Vulnerable victim")."""
    from safer.cases.repeats import FLAG_LABELS

    return ", ".join(FLAG_LABELS.get(flag, flag) for flag in flags or [])
