"""HTML laid out as a tagged PDF/UA-1 file, the one way the service produces PDFs.

Tagged, titled and in British English, so screen readers meet headings, paragraphs and tables
in reading order. Nothing is fetched while laying out: every style is inline in the template,
and a URL in the HTML (an image, a stylesheet) is refused rather than loaded from the network.
"""

LANGUAGE = "en-GB"
PDF_TYPE = "application/pdf"
NOTHING_TO_FETCH = "PDFs load nothing from outside: {url} refused"


def _refuse_fetch(url: str, *args, **kwargs):
    raise ValueError(NOTHING_TO_FETCH.format(url=url))


def html_to_tagged_pdf(html: str) -> bytes:
    """The page (with `<html lang>` and `<title>`) as a PDF/UA-1 file (WeasyPrint)."""
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=_refuse_fetch).write_pdf(pdf_variant="pdf/ua-1")
