"""Reading drafts: .docx (headings, numbering, bold, tables), .txt/.md in UTF-8 or GBK, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from assistant.errors import InputFileError
from assistant.knowledge.reader import read_draft_bytes, read_draft_file


def _docx(path: Path) -> Path:
    doc = Document()
    doc.add_heading("智慧养老服务案例", level=1)
    doc.add_paragraph("案例简介：依托有线网络为老人提供服务。")
    doc.add_heading("一、基本情况", level=2)
    doc.add_paragraph("项目于2021年启动，覆盖3.2万户。")
    doc.add_paragraph("第一项举措", style="List Number")
    doc.add_paragraph("第二项举措", style="List Number")
    bold = doc.add_paragraph()
    bold.add_run("二、创新做法与实践").bold = True
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "指标", "数值"
    table.cell(1, 0).text, table.cell(1, 1).text = "用户数", "3.2万户"
    doc.save(str(path))
    return path


def test_docx_headings_numbering_bold_and_tables_are_read_in_order(tmp_path: Path) -> None:
    lines = read_draft_file(_docx(tmp_path / "draft.docx")).splitlines()
    assert lines[0] == "# 智慧养老服务案例"
    assert "## 一、基本情况" in lines
    assert "1.第一项举措" in lines and "2.第二项举措" in lines
    assert "**二、创新做法与实践**" in lines
    assert lines[-2:] == ["指标 | 数值", "用户数 | 3.2万户"]
    assert lines.index("## 一、基本情况") < lines.index("1.第一项举措") < lines.index("指标 | 数值")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "utf-16"])
def test_plain_text_in_common_encodings(encoding: str) -> None:
    text = "一、基本情况\r\n项目覆盖全市6个区。"
    assert read_draft_bytes("draft.txt", text.encode(encoding)) == "一、基本情况\n项目覆盖全市6个区。"


def test_markdown_is_kept_as_written() -> None:
    assert read_draft_bytes("draft.md", "## 一、基本情况\n正文".encode()) == "## 一、基本情况\n正文"


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("draft.txt", b"", "空"),
        ("draft.txt", b"   \n ", "空"),
        ("draft.pdf", b"%PDF-1.4 ...", "不支持"),
        ("draft", "正文".encode(), "不支持"),
        ("draft.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 20, ".docx"),
        ("draft.docx", "其实是文本".encode(), "不是有效的 .docx"),
        ("draft.docx", b"PK\x03\x04broken zip", "无法"),
        ("draft.txt", bytes(range(256)) * 4, "二进制"),
        ("draft.txt", b"PK\x03\x04\x14\x00\x00\x00", ".docx"),
    ],
)
def test_bad_input_gives_a_clear_error(name: str, data: bytes, says: str) -> None:
    with pytest.raises(InputFileError) as info:
        read_draft_bytes(name, data)
    assert says in info.value.message and info.value.code == "bad_file"


def test_a_docx_without_text_and_a_missing_file_are_errors(tmp_path: Path) -> None:
    empty = tmp_path / "empty.docx"
    Document().save(str(empty))
    with pytest.raises(InputFileError, match="没有文字"):
        read_draft_file(empty)
    with pytest.raises(InputFileError, match="找不到"):
        read_draft_file(tmp_path / "nope.docx")
