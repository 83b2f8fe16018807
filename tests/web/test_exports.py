"""Draft downloads do not pile up (issue 14 row 14: 10 drafts left 10 /tmp/draft-* folders)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from assistant.web.exports import ExportFolders


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_ten_drafts_in_the_app_leave_one_folder_once_the_others_are_old(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import app
    from assistant.contract import DraftResult, DraftSection

    clock = Clock()
    exports = ExportFolders(tmp_path / "exports", keep_s=120, clock=clock)
    monkeypatch.setattr(app, "EXPORTS", exports)
    result = DraftResult(
        text="一、基本情况\n正文", sections=[DraftSection(element="基本情况", text="正文")], defects=[]
    )
    clock.now = time.time()
    paths = [app.export_draft(result) for _ in range(10)]
    assert all(Path(docx).is_file() and Path(md).is_file() for docx, md in paths)
    assert len(list(exports.root.iterdir())) == 10  # recent ones stay: Gradio may still be copying them
    clock.now = max(folder.stat().st_mtime for folder in exports.root.iterdir()) + 121
    docx, _ = app.export_draft(result)
    assert list(exports.root.iterdir()) == [Path(docx).parent]


def test_sweep_keeps_young_folders(tmp_path: Path) -> None:
    clock = Clock()
    exports = ExportFolders(tmp_path, keep_s=60, clock=clock)
    folder = exports.new()
    clock.now = folder.stat().st_mtime + 59
    assert exports.sweep() == 0 and folder.exists()
    clock.now += 1
    assert exports.sweep() == 1 and not folder.exists()
