"""Files the app writes for download (draft .docx / .md), each set in its own folder under one
parent; every new export first deletes the folders older than `keep_s`. Gradio copies a returned
file into its own cache (which `delete_cache` cleans) as soon as the handler returns, so a folder
only has to outlive that copy; nothing piles up in /tmp however many drafts are made."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

PREFIX = "draft-"


class ExportFolders:
    def __init__(self, root: Path, keep_s: float = 120.0, clock: Callable[[], float] = time.time) -> None:
        self.root = root
        self.keep_s = keep_s
        self._clock = clock

    def new(self) -> Path:
        """A fresh, empty folder for one export, after sweeping the old ones."""
        self.sweep()
        self.root.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=PREFIX, dir=self.root))

    def sweep(self) -> int:
        """Delete export folders older than `keep_s`; how many were deleted."""
        if not self.root.is_dir():
            return 0
        now = self._clock()
        removed = 0
        for folder in self.root.glob(f"{PREFIX}*"):
            with contextlib.suppress(FileNotFoundError):  # another process may sweep the same folder
                if now - folder.stat().st_mtime >= self.keep_s:
                    shutil.rmtree(folder, ignore_errors=True)
                    removed += 1
        return removed


def default_exports() -> ExportFolders:
    """Under the system temp folder, which Gradio allows files to be served from."""
    return ExportFolders(Path(tempfile.gettempdir()) / "assistant-exports")
