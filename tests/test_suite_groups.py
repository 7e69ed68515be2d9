"""The suite's own organisation (tests/conftest.py): under `--dist loadgroup` a test runs in its
group, so that a module's fixtures and the documents its tests share are read once per suite."""

import pytest

from .conftest import xdist_group


def test_a_test_runs_in_its_group_on_an_xdist_worker(request: pytest.FixtureRequest) -> None:
    if not getattr(request.config.option, "loadgroup", False):
        pytest.skip("runs only in a worker of `-n 2 --dist loadgroup` (the default, pyproject addopts)")
    assert xdist_group(request.node) == "test_suite_groups"
    assert request.node.nodeid.endswith("@test_suite_groups")  # what the scheduler groups by
