"""Exporting a draft as Markdown or Word (.docx): the summary first, then one heading per element.

The Word file uses the document's own heading styles (so `docinput` reads it back with the same
sections) and sets an East Asian font so Chinese renders in any Word or WPS.
"""

from __future__ import annotations

from pathlib import Path

from assistant.contract import DraftResult
from assistant.review.draft import numbered

EAST_ASIAN_FONT = "宋体"


def to_markdown(result: DraftResult) -> str:
    parts = [f"## {title}\n\n{text}" for title, text in numbered(result.sections)]
    return "\n\n".join(parts) + "\n"


def to_docx(result: DraftResult, path: Path) -> Path:
    """Write the draft to `path` as .docx and return the path."""
    from docx import Document
    from docx.oxml.ns import qn

    document = Document()
    for style_name in ("Normal", "Heading 2"):
        style = document.styles[style_name]
        style.font.name = EAST_ASIAN_FONT
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), EAST_ASIAN_FONT)
    for title, text in numbered(result.sections):
        document.add_heading(title, level=2)
        for paragraph in text.splitlines():
            if paragraph.strip():
                document.add_paragraph(paragraph.strip())
    document.save(str(path))
    return path
