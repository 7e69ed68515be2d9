"""Corpus runs: a SQLite store of many documents, an isolated parallel runner, exports and Ray."""

from .store import DocumentRecord, DocumentRow, Review, Store, StoreError, file_sha256, settings_hash


def open_store(path: str, *, create: bool = False) -> Store:
    """Open an existing corpus store (``Store.open``); its frames are ``documents()``, ``cells()``, ..."""
    return Store.open(path, create=create)


__all__ = ["Store", "StoreError", "DocumentRecord", "DocumentRow", "Review", "file_sha256", "settings_hash",
           "open_store"]
