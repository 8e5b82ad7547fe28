"""Lay a merged letter out as a Word document and as a tagged PDF.

Both hold the same content in the same order (sender, recipient and address, date, reference,
heading, paragraphs). The PDF is PDF/UA-1: tagged, in British English, titled, so screen
readers read it in order with its heading and paragraphs; the Word file uses real heading and
paragraph styles and a document language for the same reason.
"""

import io
from dataclasses import dataclass

from django.template.loader import render_to_string

from safer.core.tagged_pdf import LANGUAGE, PDF_TYPE, html_to_tagged_pdf

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
__all__ = ["DOCX_TYPE", "LANGUAGE", "PDF_TYPE", "LaidOutLetter", "render_docx", "render_pdf"]


@dataclass(frozen=True)
class LaidOutLetter:
    """A merged letter, ready to lay out: plain text only, escaped by each renderer."""

    sender: str
    recipient_lines: list[str]
    date: str
    reference: str
    heading: str
    paragraphs: list[list[str]]
    author: str = ""
    subject: str = ""

    @property
    def document_title(self) -> str:
        return f"{self.heading} ({self.reference})"


def render_docx(letter: LaidOutLetter) -> bytes:
    """The letter as a .docx file (python-docx)."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    for style in (normal, document.styles["Heading 1"]):
        run_properties = style.element.get_or_add_rPr()
        language = OxmlElement("w:lang")
        language.set(qn("w:val"), LANGUAGE)
        run_properties.append(language)
    properties = document.core_properties
    properties.title = letter.document_title
    properties.author = letter.author
    properties.subject = letter.subject
    properties.language = LANGUAGE

    def lines(paragraph, parts: list[str]) -> None:
        for number, line in enumerate(parts):
            run = paragraph.add_run(line)
            if number < len(parts) - 1:
                run.add_break()

    sender = document.add_paragraph(letter.sender)
    sender.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    lines(document.add_paragraph(), letter.recipient_lines)
    document.add_paragraph(letter.date)
    document.add_paragraph(f"Our reference: {letter.reference}")
    document.add_heading(letter.heading, level=1)
    for paragraph in letter.paragraphs:
        lines(document.add_paragraph(), paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def render_pdf(letter: LaidOutLetter) -> bytes:
    """The letter as a tagged PDF/UA-1 file (WeasyPrint), loading nothing from outside."""
    html = render_to_string("letters/letter_pdf.html", {"letter": letter, "lang": LANGUAGE})
    return html_to_tagged_pdf(html)
