"""Reading PDF drafts: the text layer in reading order, paragraphs the layout broke joined again,
page numbers dropped; a scan, a locked, broken or overlong PDF refused with a message saying why."""

from __future__ import annotations

import io
import random
import shutil
import subprocess
from pathlib import Path

import pytest
from fpdf import FPDF
from PIL import Image

from assistant.errors import InputFileError
from assistant.knowledge import reader
from assistant.knowledge.reader import read_draft_bytes
from tests.app_fixtures import install_browser

PARAGRAPH = (
    "我台于2022年建成全省广电5G融合平台，服务用户120万户，日均点播36万次，"
    "平台汇聚全省广播电视节目和短视频内容，为用户提供直播、点播、回看和互动服务，"
    "并与政务、教育、医疗等部门合作开设专区。"
)


def cjk_font() -> str:
    """A system font with Chinese glyphs: WenQuanYi, which scripts/install_browser.sh installs."""
    for attempt in range(2):
        found = (
            subprocess.run(
                ["fc-match", "-f", "%{file}", ":lang=zh-cn"], capture_output=True, text=True, check=False
            ).stdout
            if shutil.which("fc-match")
            else ""
        )
        if "wqy" in found.lower():
            return found
        if attempt == 0:
            install_browser()
    pytest.fail("no Chinese font to write a test PDF with, even after scripts/install_browser.sh")


def pdf(pages: list[list[str]], password: str | None = None) -> bytes:
    """A PDF with a text layer: each page's lines, each wrapped to the page width as Word would."""
    doc = FPDF()
    doc.add_font("cjk", fname=cjk_font(), collection_font_number=0)
    if password:
        doc.set_encryption(owner_password=password, user_password=password)
    for number, lines in enumerate(pages, start=1):
        doc.set_auto_page_break(True)
        doc.add_page()
        doc.set_font("cjk", size=12)
        for line in lines:
            doc.multi_cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
        doc.set_auto_page_break(False)  # the page number sits in the bottom margin
        doc.set_y(-20)
        doc.cell(0, 8, f"- {number} -", align="C")
    return bytes(doc.output())


def scan() -> bytes:
    """A page that is only a picture, as a scanner makes it."""
    rng = random.Random(7)
    image = Image.new("L", (400, 560), 255)
    image.putdata([255 if rng.random() > 0.05 else 0 for _ in range(400 * 560)])
    picture = io.BytesIO()
    image.save(picture, format="PNG")
    doc = FPDF()
    doc.add_page()
    doc.image(picture, x=10, y=10, w=190)
    return bytes(doc.output())


def test_a_pdf_reads_as_lines_with_wrapped_paragraphs_joined() -> None:
    data = pdf([["一、基本情况", PARAGRAPH], ["二、下一步发展计划", "2025年计划覆盖全省11个地市。"]])
    lines = read_draft_bytes("申报材料.pdf", data).splitlines()
    assert lines == ["一、基本情况", PARAGRAPH, "二、下一步发展计划", "2025年计划覆盖全省11个地市。"]


def test_a_number_alone_inside_a_page_is_kept_only_page_numbers_go() -> None:
    data = pdf([["用户数", "120", PARAGRAPH]])
    assert read_draft_bytes("x.pdf", data).splitlines() == ["用户数", "120", PARAGRAPH]


def test_layout_spaces_around_chinese_are_dropped() -> None:
    data = pdf(
        [["一、基本情况 ", "我台于 2022 年建成全省广电 5G 融合平台，服务用户 120 万户，日均点播 36 万次。"]]
    )
    assert (
        read_draft_bytes("x.pdf", data).splitlines()[1]
        == "我台于2022年建成全省广电5G融合平台，服务用户120万户，日均点播36万次。"
    )


def test_a_scanned_pdf_is_refused_with_a_clear_message() -> None:
    with pytest.raises(InputFileError, match="扫描件"):
        read_draft_bytes("扫描件.pdf", scan())


def test_a_locked_pdf_asks_for_the_password_to_be_removed() -> None:
    with pytest.raises(InputFileError, match="密码"):
        read_draft_bytes("locked.pdf", pdf([["一、基本情况", PARAGRAPH]], password="secret"))


@pytest.mark.parametrize(
    ("data", "says"),
    [(b"%PDF-1.7\n1 0 obj garbage", "无法读取"), ("一、基本情况".encode(), "不是有效的 PDF")],
)
def test_a_broken_pdf_is_refused(data: bytes, says: str) -> None:
    with pytest.raises(InputFileError, match=says):
        read_draft_bytes("draft.pdf", data)


def test_a_pdf_beyond_the_page_bound_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "MAX_PDF_PAGES", 2)
    with pytest.raises(InputFileError, match="超过 2 页"):
        read_draft_bytes("book.pdf", pdf([[PARAGRAPH], [PARAGRAPH], [PARAGRAPH]]))


def test_a_pdf_file_is_read_through_the_same_entry_as_other_drafts(tmp_path: Path) -> None:
    path = tmp_path / "draft.pdf"
    path.write_bytes(pdf([["一、基本情况", PARAGRAPH]]))
    assert reader.read_draft_file(path) == f"一、基本情况\n{PARAGRAPH}"
