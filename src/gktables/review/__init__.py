"""A local web app to confirm or correct the cells gktables flagged, kept as review rows in the
corpus store (``gktables review corpus.sqlite``). Starlette, Jinja2 and uvicorn are optional:
``pip install 'gktables[review]'``."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import MissingDependencyError

if TYPE_CHECKING:  # pragma: no cover
    from starlette.applications import Starlette


def make_app(store: str | Path, reviewer: str | None = None, *, host: str = "127.0.0.1") -> Starlette:
    """The review app for ``store`` (an ASGI app, for uvicorn or tests)."""
    try:
        import jinja2  # noqa: F401
        import starlette  # noqa: F401
    except ImportError as exc:
        raise MissingDependencyError(exc.name or "starlette", extra="review") from exc
    from .app import create_app

    return create_app(store, reviewer or default_reviewer(), host=host)


def serve(store: str | Path, *, host: str = "127.0.0.1", port: int = 8765, reviewer: str | None = None) -> None:
    """Serve the review app until interrupted."""
    app = make_app(store, reviewer, host=host)
    try:
        import uvicorn
    except ImportError as exc:
        raise MissingDependencyError("uvicorn", extra="review") from exc
    uvicorn.run(app, host=host, port=port, log_level="warning")


def default_reviewer() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in a container: still a name
        return "reviewer"
