"""The same corpus run on a Ray cluster: each document is a Ray task that reads it with the
same isolated worker (``run_isolated``) on whichever node runs it; the driver writes results to
the store. The file's bytes travel with the task, so nodes need not share a file system."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ..errors import GktablesError, MissingDependencyError
from ..settings import Settings
from .tasks import Limits, Outcome, faults_enabled

log = logging.getLogger(__name__)


def _read(path: str, settings: Settings, limits: Limits, data: bytes, faults: bool) -> Outcome:
    """Runs inside a Ray worker process: the document itself is read in a child process of it."""
    import os

    from .tasks import FAULTS_ENV
    from .worker import run_isolated

    if faults:
        os.environ[FAULTS_ENV] = "1"
    return run_isolated(path, settings, limits, data=data)


def connect(ray: Any, address: str) -> None:
    """'auto': the running cluster if there is one, else a local Ray on this machine; otherwise
    the cluster at ``address`` (e.g. ray://head:10001)."""
    options: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False, "configure_logging": False}
    try:
        if address == "auto":
            try:
                ray.init(address="auto", **options)
            except ConnectionError:
                log.info("no running Ray cluster found; starting a local one")
                ray.init(**options)
        else:
            ray.init(address=address, **options)
    except Exception as exc:  # Ray raises many kinds; the user needs the address and the reason
        raise GktablesError(f"cannot start or reach Ray at {address!r}: {type(exc).__name__}: {exc}") from None


def ray_outcomes(paths: Sequence[str], settings: Settings, limits: Limits, address: str,
                 max_in_flight: int | None = None) -> Iterator[Outcome]:
    """Yield an Outcome per path, in completion order; a task that fails becomes a failed Outcome."""
    try:
        import ray
    except ImportError:
        raise MissingDependencyError("ray", extra="ray") from None
    if not ray.is_initialized():
        connect(ray, address)
    remote = ray.remote(max_retries=0)(_read)
    in_flight = max_in_flight or max(2, 2 * int(ray.cluster_resources().get("CPU", 1)))
    faults = faults_enabled()
    pending: dict[Any, str] = {}
    queue = list(paths)
    while queue or pending:
        while queue and len(pending) < in_flight:
            path = queue.pop(0)
            try:
                data = Path(path).read_bytes()
            except OSError as exc:
                yield Outcome(path, "failed", f"cannot read the file: {exc.strerror or exc}", 0.0)
                continue
            pending[remote.remote(path, settings, limits, data, faults)] = path
        if not pending:
            continue
        ready, _ = ray.wait(list(pending), num_returns=1)
        for ref in ready:
            path = pending.pop(ref)
            try:
                yield ray.get(ref)
            except Exception as exc:  # a lost node or a dead Ray worker: this document fails, the job goes on
                yield Outcome(path, "failed", " ".join(f"ray task failed: {type(exc).__name__}: {exc}".split())[:500],
                              0.0)
