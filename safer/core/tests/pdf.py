"""Read a PDF's tagged structure back, as a screen reader would meet it."""

import io

from pypdf import PdfReader


def structure(pdf: bytes) -> tuple[dict, list[tuple[str, str]]]:
    """The catalogue, and every structure element as (tag, text of its marked content)."""
    reader = PdfReader(io.BytesIO(pdf))
    catalogue = reader.trailer["/Root"]
    texts: dict[tuple[int, int], str] = {}
    for number, page in enumerate(reader.pages):
        current: list[int | None] = [None]

        def before(operator, args, cm, tm, current=current):
            if operator == b"BDC":
                properties = args[1] if len(args) > 1 else None
                current[0] = properties.get("/MCID") if isinstance(properties, dict) else None
            elif operator == b"EMC":
                current[0] = None

        def text(value, cm, tm, font, size, current=current, number=number):
            if current[0] is not None and value:
                key = (number, current[0])
                texts[key] = texts.get(key, "") + value

        page.extract_text(visitor_operand_before=before, visitor_text=text)
    page_numbers = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages)}
    elements: list[tuple[str, str]] = []

    def walk(node, page_number=None):
        node = node.get_object()
        if not isinstance(node, dict):
            return ""
        if "/Pg" in node:
            page_number = page_numbers.get(node.raw_get("/Pg").idnum, page_number)
        if "/MCID" in node:  # a marked-content reference
            return texts.get((page_number, node["/MCID"]), "")
        kids = node.get("/K")
        kids = [] if kids is None else kids if isinstance(kids, list) else [kids]
        collected = ""
        for kid in kids:
            if isinstance(kid, int):
                collected += texts.get((page_number, kid), "")
            else:
                collected += walk(kid, page_number)
        if "/S" in node:
            elements.append((str(node["/S"]), " ".join(collected.split())))
        return collected

    walk(catalogue["/StructTreeRoot"])
    return catalogue, elements
