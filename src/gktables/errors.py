"""A small exception hierarchy. Every message names the file and says what to do."""

from __future__ import annotations

from pathlib import Path


class GktablesError(Exception):
    """Base of every error gktables raises on purpose."""


class InputError(GktablesError):
    """A file gktables cannot read. ``path`` names it; ``reason`` says why and what to do."""

    def __init__(self, path: str | Path | None, reason: str):
        self.path = str(path) if path is not None else "<bytes>"
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class UnsupportedFormatError(InputError):
    """The file's kind (by extension and content) is not one gktables reads."""


class EncryptedFileError(InputError):
    """A password-protected PDF whose empty password did not open it."""


class CorruptFileError(InputError):
    """A truncated or damaged file."""


class NotAReportError(InputError):
    """The file was read but holds none of the report tables."""


class TooLargeError(InputError):
    """An image or document beyond the configured safety limits (decompression bombs, huge pages)."""


class TimeLimitError(InputError):
    """The per-document time limit ran out."""


class SettingsError(GktablesError, ValueError):
    """A settings field with a bad name or value; the message names the field and what is allowed."""


class MissingDependencyError(GktablesError, ImportError):
    """An optional engine is not installed; the message says how to install it."""

    def __init__(self, package: str, extra: str | None = None, system: str | None = None):
        how = f"pip install 'gktables[{extra}]'" if extra else f"pip install {package}"
        if system:
            how += f" and {system}"
        super().__init__(f"{package} is needed for this and is not installed: {how}")
