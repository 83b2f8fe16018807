"""Errors that reach the user: each carries a stable code for the JSON interface."""

from __future__ import annotations


class AssistantError(Exception):
    """Bad input: the CLI prints `{"error": {"code", "message"}}` and exits 2."""

    code = "bad_input"

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code

    @property
    def message(self) -> str:
        return str(self.args[0])


class UnknownDocumentError(AssistantError):
    code = "unknown_id"


class InputFileError(AssistantError):
    code = "bad_file"
