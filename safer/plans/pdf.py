"""PDF versions of the performance report and the annual report (fpdf2, core Helvetica).

Helvetica covers Latin-1 only, so typographic characters are replaced by plain ones and
anything else outside Latin-1 by a question mark; the HTML pages remain the full version.
"""

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from safer.plans.charts import RAG_FILL

REPLACEMENTS = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2013": "-",
    "\u2014": "-",
    "\u2026": "...",
    "\u2022": "-",
    "\u00a0": " ",
    "\u2212": "-",
}
RAG_WORDS = {
    "green": "Green: target met",
    "amber": "Amber: missed by up to 5%",
    "red": "Red: missed by more than 5%",
    "grey": "Grey: no target or no data",
}
NEXT_LINE = {"new_x": XPos.LMARGIN, "new_y": YPos.NEXT}


def latin1(text) -> str:
    """Text Helvetica can draw: typographic characters made plain, the rest of non-Latin-1 '?'."""
    text = str(text if text is not None else "")
    for old, new in REPLACEMENTS.items():
        text = text.replace(old, new)
    return text.encode("latin-1", "replace").decode("latin-1")


def _figure(value: float | None, unit: str) -> str:
    if value is None:
        return "No data"
    number = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    return f"{number}%" if unit == "%" else number


def target_words(indicator) -> str:
    """The target as a reader would say it: the plan's words, else the number and its kind."""
    if indicator.target_value is None:
        return indicator.target_text or "No target"
    value = float(indicator.target_value)
    number = f"{value:g}"
    if indicator.target_kind == "percentage_change":
        return f"{number}% on the baseline"
    return f"{number}{'%' if indicator.unit == '%' else ''}"


class _Document(FPDF):
    def __init__(self, title: str, *, compress: bool):
        super().__init__(format="A4")
        self.compress = compress
        self.doc_title = latin1(title)
        self.set_title(self.doc_title)
        self.set_author("Safer Communities")
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(18, 18, 18)

    def footer(self):
        self.set_y(-12)
        self.set_font("Helvetica", size=8)
        self.cell(0, 6, f"{self.doc_title} - page {self.page_no()}", align="C")

    def heading(self, text: str, size: int = 16) -> None:
        self.set_font("Helvetica", "B", size)
        self.multi_cell(0, size * 0.5, latin1(text), **NEXT_LINE)
        self.ln(2)

    def paragraph(self, text: str, size: int = 10, style: str = "") -> None:
        self.set_font("Helvetica", style, size)
        self.multi_cell(0, 5, latin1(text), **NEXT_LINE)
        self.ln(1)

    def bars(self, readings, *, width: float = 120, height: float = 22) -> None:
        """A small bar chart of a trend, coloured by RAG (the table beside it has the figures)."""
        values = [r.value for r in readings if r.value is not None]
        if not values:
            return
        top = max(max(values), 0) or 1
        x0, y0 = self.l_margin, self.get_y()
        slot = width / len(readings)
        for index, reading in enumerate(readings):
            h = height * (reading.value or 0) / top
            colour = RAG_FILL.get(reading.rag, RAG_FILL["grey"]).lstrip("#")
            self.set_fill_color(*(int(colour[i : i + 2], 16) for i in (0, 2, 4)))
            self.rect(x0 + index * slot + 1, y0 + height - h, slot - 2, h, style="F")
        self.set_y(y0 + height + 2)


def _performance_table(document: _Document, rows) -> None:
    for row in rows:
        indicator, reading = row.indicator, row.reading
        document.paragraph(indicator.name or "(unnamed indicator)", size=11, style="B")
        if row.definition:
            document.paragraph(f"Definition: {row.definition}", size=8)
        document.paragraph(
            f"{reading.period}: {_figure(reading.value, indicator.unit)}"
            f" | Target: {target_words(indicator)}"
            f" | {RAG_WORDS[reading.rag]}",
            size=10,
        )
        if reading.commentary:
            document.paragraph(f"Commentary: {reading.commentary}", size=9)
        document.bars(row.trend)
        trend = "; ".join(f"{r.period} {_figure(r.value, indicator.unit)}" for r in row.trend)
        document.paragraph(f"Trend: {trend}", size=8)
        document.ln(2)


def performance_pdf(*, title: str, period: str, rows, compress: bool = True) -> bytes:
    """The quarterly performance report: each indicator's figure, target, RAG and trend."""
    document = _Document(title, compress=compress)
    document.add_page()
    document.heading(title)
    document.paragraph(f"Quarter: {period}")
    if not rows:
        document.paragraph("This plan has no indicators with a target, a live measure or figures.")
    _performance_table(document, rows)
    return bytes(document.output())


def annual_report_pdf(*, report, compress: bool = True) -> bytes:
    """The report and rolling plan: every section with its narrative and live figures."""
    document = _Document(f"{report.partnership}: {report.title}", compress=compress)
    document.add_page()
    document.heading(report.partnership, size=18)
    document.heading(report.title, size=14)
    for section in report.sections:
        document.heading(section.title, size=13)
        document.paragraph(section.narrative or "No narrative has been written for this section.")
        for figure in section.figures:
            document.paragraph(f"{figure.label}: {figure.value}", style="B")
            if figure.definition:
                document.paragraph(figure.definition, size=8)
        for item in section.items:
            document.paragraph(f"- {item}")
        _performance_table(document, section.rows)
    return bytes(document.output())
