"""PDF versions of the performance report and the annual report: tagged PDF/UA-1 files.

Each is laid out from a print template holding the HTML report's content (headings, the summary
and trend tables with header cells, each chart with its text alternative), so a screen reader
meets the same report as a reader of the page; the text keeps every character the HTML does.
"""

from django.template.loader import render_to_string

from safer.core.tagged_pdf import LANGUAGE, html_to_tagged_pdf


def target_words(indicator) -> str:
    """The target as a reader would say it: the plan's words, else the number and its kind."""
    if indicator.target_value is None:
        return indicator.target_text or "No target"
    value = float(indicator.target_value)
    number = f"{value:g}"
    if indicator.target_kind == "percentage_change":
        return f"{number}% on the baseline"
    return f"{number}{'%' if indicator.unit == '%' else ''}"


def _pdf(template: str, document_title: str, context: dict) -> bytes:
    context = {**context, "document_title": document_title, "lang": LANGUAGE}
    return html_to_tagged_pdf(render_to_string(template, context))


def performance_pdf(*, title: str, period: str, period_label: str, rows) -> bytes:
    """The quarterly performance report: each indicator's figure, target, RAG and trend."""
    context = {"title": title, "period": period, "period_label": period_label, "rows": rows}
    return _pdf("plans/performance_pdf.html", title, context)


def annual_report_pdf(*, report) -> bytes:
    """The report and rolling plan: every section with its narrative and live figures."""
    title = f"{report.partnership}: {report.title}"
    return _pdf("plans/annual_report_pdf.html", title, {"report": report})
