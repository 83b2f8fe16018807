"""File limits: upload size and a .docx's declared inflated size, each at the limit and one past it;
a zip bomb is refused from its directory in well under a second (issue 14 row 4)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from docx import Document

from assistant.errors import InputFileError
from assistant.knowledge.reader import read_draft_bytes, read_draft_file
from assistant.settings import get_settings


def small_docx() -> bytes:
    buffer = io.BytesIO()
    document = Document()
    document.add_paragraph("一、基本情况")
    document.add_paragraph("项目覆盖全市6个区。")
    document.save(buffer)
    return buffer.getvalue()


def inflated_size(data: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return sum(entry.file_size for entry in archive.infolist())


def bomb(megabytes: int) -> bytes:
    """A valid .docx whose document.xml inflates to `megabytes` MB of paragraphs."""
    source = zipfile.ZipFile(io.BytesIO(small_docx()))
    out = io.BytesIO()
    paragraph = b"<w:p><w:r><w:t>" + b"a" * 1000 + b"</w:t></w:r></w:p>"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry in source.infolist():
            data = source.read(entry.filename)
            if entry.filename == "word/document.xml":
                head, tail = data.split(b"<w:body>", 1)
                data = head + b"<w:body>" + paragraph * (megabytes * 1024) + tail
            archive.writestr(entry, data)
    return out.getvalue()


def test_decompressed_size_at_the_limit_and_one_past(monkeypatch: pytest.MonkeyPatch) -> None:
    data = small_docx()
    monkeypatch.setattr(get_settings().limits, "decompressed_bytes", inflated_size(data))
    assert "项目覆盖全市6个区" in read_draft_bytes("a.docx", data)
    monkeypatch.setattr(get_settings().limits, "decompressed_bytes", inflated_size(data) - 1)
    with pytest.raises(InputFileError, match="解压后"):
        read_draft_bytes("a.docx", data)


def test_a_zip_bomb_is_refused_from_its_directory_before_anything_is_inflated(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = bomb(60)
    assert len(data) < 1024 * 1024 < get_settings().limits.decompressed_bytes < inflated_size(data)

    def inflate(*_: object, **__: object) -> None:
        raise AssertionError("an entry was inflated")

    monkeypatch.setattr(zipfile.ZipFile, "open", inflate)
    monkeypatch.setattr(zipfile.ZipFile, "read", inflate)
    with pytest.raises(InputFileError, match="解压后"):
        read_draft_bytes("bomb.docx", data)


def test_upload_size_at_the_limit_and_one_past(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    text = "一、基本情况\n" + "正" * 100
    size = len(text.encode())
    path = tmp_path / "draft.txt"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setattr(get_settings().limits, "upload_bytes", size)
    assert read_draft_file(path) == text and read_draft_bytes("draft.txt", text.encode()) == text
    monkeypatch.setattr(get_settings().limits, "upload_bytes", size - 1)
    for read in (lambda: read_draft_file(path), lambda: read_draft_bytes("draft.txt", text.encode())):
        with pytest.raises(InputFileError, match="超过"):
            read()


def test_a_zip_with_thousands_of_parts_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for i in range(2_001):
            archive.writestr(f"part{i}.xml", b"")
    with pytest.raises(InputFileError, match="部件"):
        read_draft_bytes("parts.docx", out.getvalue())
