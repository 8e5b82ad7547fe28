"""Display helpers for plans: RAG tags and figures with their units."""

from django import template
from django.utils.html import format_html

from safer.plans import access
from safer.plans.pdf import target_words

register = template.Library()

TAGS = {
    "green": ("govuk-tag--green", "Green"),
    "amber": ("govuk-tag--orange", "Amber"),
    "red": ("govuk-tag--red", "Red"),
    "grey": ("govuk-tag--grey", "Grey"),
}


@register.simple_tag
def rag_tag(rag: str, reason: str = ""):
    """A GOV.UK tag for a RAG status; the words say it as well as the colour."""
    if rag not in TAGS:
        return format_html('<strong class="govuk-tag govuk-tag--grey">{}</strong>', "No update")
    css, label = TAGS[rag]
    text = f"{label}: {reason}" if reason else label
    return format_html('<strong class="govuk-tag {}">{}</strong>', css, text)


@register.filter
def figure(value, unit: str = ""):
    """A figure as people read it: thousands separated, at most one decimal, % where it is."""
    if value is None or value == "":
        return "No data"
    value = float(value)
    text = f"{value:,.0f}" if value.is_integer() else f"{value:,.1f}"
    return f"{text}%" if unit == "%" else text


@register.filter
def target(indicator) -> str:
    return target_words(indicator)


@register.filter
def change(reading) -> str:
    """The percentage change a reading shows against its baseline, if it has one."""
    if reading.value is None or not reading.baseline:
        return ""
    pct = (reading.value - reading.baseline) / abs(reading.baseline) * 100
    return f"{pct:+.1f}% on {reading.baseline:,.0f}"


@register.filter
def may_read_dashboard(user) -> bool:
    """Whether to link the partnership dashboard: the rule is plans.access's, asked here."""
    return access.can_read_dashboard(user)
