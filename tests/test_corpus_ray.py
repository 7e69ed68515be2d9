"""The same corpus run on a local Ray instance gives byte-identical exports to a local run."""

import importlib.util
import os
import shutil

import pytest

from gktables import Settings
from gktables.corpus.export import export
from gktables.corpus.runner import RunOptions, run_corpus
from gktables.corpus.tasks import FAULTS_ENV

from .conftest import GOLDEN_REAL

# Imported by the test only: importing ray costs about a CPU-second, in every worker that collects.
pytestmark = pytest.mark.skipif(importlib.util.find_spec("ray") is None, reason="ray is not installed")


@pytest.fixture(scope="module")
def local_ray():
    import ray

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    yield
    ray.shutdown()


@pytest.mark.slow
def test_ray_and_local_runs_export_the_same_bytes(tmp_path, local_ray, monkeypatch):
    monkeypatch.setenv(FAULTS_ENV, "1")
    docs = tmp_path / "in"
    docs.mkdir()
    for name in ("pingtan_2023_page.txt", "pingtan_2019_page.txt", "hangzhou_style_2025.html", "hongze_2023.pdf"):
        shutil.copy(GOLDEN_REAL / name, docs / name)
    shutil.copy(GOLDEN_REAL / "pingtan_2021_page.txt", docs / "duplicate.txt")
    shutil.copy(GOLDEN_REAL / "pingtan_2021_page.txt", docs / "original.txt")
    (docs / "crash.txt").write_bytes(b"GKTABLES-TEST-CRASH")  # kills its worker on either side
    settings = Settings(time_limit_s=60.0)
    local = run_corpus([docs], tmp_path / "local.sqlite", settings, RunOptions(workers=2))
    on_ray = run_corpus([docs], tmp_path / "ray.sqlite", settings, RunOptions(ray="auto"))
    assert (on_ray.done, on_ray.ok, on_ray.failed) == (local.done, local.ok, local.failed) == (6, 5, 1)
    for table in ("cells", "documents", "checks", "warnings"):
        for fmt in ("csv", "parquet"):
            a = export(tmp_path / "local.sqlite", tmp_path / f"local_{table}.{fmt}", fmt, table).read_bytes()
            b = export(tmp_path / "ray.sqlite", tmp_path / f"ray_{table}.{fmt}", fmt, table).read_bytes()
            assert a == b, f"{table} {fmt} exports differ"
    wide_a = export(tmp_path / "local.sqlite", tmp_path / "a.xlsx", "xlsx", "cells", wide=True).read_bytes()
    wide_b = export(tmp_path / "ray.sqlite", tmp_path / "b.xlsx", "xlsx", "cells", wide=True).read_bytes()
    assert wide_a == wide_b
    assert os.path.getsize(tmp_path / "ray_cells.csv") > 10_000
