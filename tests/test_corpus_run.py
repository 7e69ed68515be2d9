"""Corpus runs: identity by content, isolation of bad documents, resume after kill -9, exports."""

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from gktables import Settings
from gktables.corpus import open_store
from gktables.corpus.export import CELL_COLUMNS, export
from gktables.corpus.runner import RunOptions, collect_files, run_corpus
from gktables.corpus.store import file_sha256
from gktables.corpus.tasks import FAULTS_ENV, Limits
from gktables.corpus.worker import run_isolated

from .conftest import GOLDEN_REAL, ROOT

TEXTS = sorted(GOLDEN_REAL.glob("*.txt")) + sorted(GOLDEN_REAL.glob("*.md"))
PINGTAN = GOLDEN_REAL / "pingtan_2023_page.txt"
HANGZHOU = GOLDEN_REAL / "hangzhou_style_2025.html"


def corpus(folder: Path, files: list[Path]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for f in files:
        shutil.copy(f, folder / f.name)
    return folder


def test_duplicates_and_renames_are_read_once(tmp_path):
    docs = corpus(tmp_path / "in", [PINGTAN, HANGZHOU])
    (docs / "sub").mkdir()
    shutil.copy(PINGTAN, docs / "sub" / "copy_of_pingtan.txt")
    (docs / "notes.json").write_text("{}")  # not a supported suffix: folders skip it
    store = tmp_path / "c.sqlite"
    first = run_corpus([docs], store, options=RunOptions(workers=2))
    assert (first.n_files, first.n_unique, first.done, first.ok) == (3, 2, 2, 2)
    shutil.copy(HANGZHOU, docs / "renamed.html")
    again = run_corpus([docs], store)
    assert (again.n_files, again.n_skipped, again.done) == (4, 2, 0)
    with open_store(str(store)) as s:
        docs_frame = s.documents().set_index("sha256")
        cells = s.cells()
    assert len(docs_frame) == 2
    assert json.loads(docs_frame.loc[file_sha256(PINGTAN), "paths"]) == [
        str(docs / "pingtan_2023_page.txt"), str(docs / "sub" / "copy_of_pingtan.txt")]
    assert len(json.loads(docs_frame.loc[file_sha256(HANGZHOU), "paths"])) == 2
    assert docs_frame.loc[file_sha256(HANGZHOU), "agency"] == "测试市"
    mine = cells[cells["sha256"] == file_sha256(PINGTAN)].set_index("key")
    assert mine.loc["t3.new.total", "value"] == 81 and not mine.index.duplicated().any()


def faulty_corpus(folder: Path) -> Path:
    corpus(folder, [PINGTAN, HANGZHOU])
    (folder / "hang.txt").write_bytes(b"GKTABLES-TEST-HANG")
    (folder / "crash.txt").write_bytes(b"GKTABLES-TEST-CRASH")
    (folder / "memory.txt").write_bytes(b"GKTABLES-TEST-MEMORY")
    (folder / "corrupt.pdf").write_bytes(b"%PDF-1.7\n1 0 obj <<>> garbage")
    return folder


def statuses(store: Path) -> dict[str, tuple[str, str | None]]:
    with open_store(str(store)) as s:
        frame = s.documents()
    return {Path(p).name: (st, e) for p, st, e in zip(frame["path"], frame["status"], frame["error"])}


def test_hanging_crashing_and_memory_eating_documents_do_not_stop_a_run(tmp_path, monkeypatch):
    monkeypatch.setenv(FAULTS_ENV, "1")
    docs = faulty_corpus(tmp_path / "in")
    store = tmp_path / "c.sqlite"
    summary = run_corpus([docs], store, Settings(time_limit_s=3.0), RunOptions(workers=2, memory_mb=1024))
    got = statuses(store)
    assert got["hang.txt"] == ("timed_out", "killed at the time limit of 3 s")
    assert got["crash.txt"] == ("failed", "the worker process crashed: killed by SIGSEGV")
    assert got["memory.txt"] == ("failed", "exceeded the memory limit of 1024 MB")
    assert got["corrupt.pdf"][0] == "failed" and got["corrupt.pdf"][1]
    assert got["pingtan_2023_page.txt"] == ("ok", None) and got["hangzhou_style_2025.html"] == ("ok", None)
    assert (summary.done, summary.ok, summary.failed, summary.timed_out) == (6, 2, 3, 1)
    # failed documents are skipped by a re-run and read again with --retry-failed
    assert run_corpus([docs], store, Settings(time_limit_s=3.0)).done == 0
    monkeypatch.delenv(FAULTS_ENV)
    retried = run_corpus([docs], store, Settings(time_limit_s=3.0), RunOptions(retry_failed=True))
    assert retried.done == 4 and statuses(store)["crash.txt"][0] == "no_tables"


def test_reextract_reads_only_documents_of_other_settings(tmp_path):
    docs = corpus(tmp_path / "in", [PINGTAN, HANGZHOU])
    store = tmp_path / "c.sqlite"
    run_corpus([docs / "pingtan_2023_page.txt"], store, Settings(max_candidates=40_000))
    run_corpus([docs], store)
    plain = run_corpus([docs], store, Settings(time_limit_s=30.0))  # time limits are not part of the hash
    assert (plain.done, plain.n_other_version) == (0, 1)
    again = run_corpus([docs], store, options=RunOptions(reextract=True))
    assert again.done == 1
    with open_store(str(store)) as s:
        assert s.documents()["settings_hash"].nunique() == 1


def gktables_run(*args: str, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "gktables", "run", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)


def count_documents(store: Path) -> int:
    """Documents stored so far, read without creating the file or waiting on the writer: the
    runner must make its own store, and a reader held back by a lock would watch the run end."""
    if not store.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{store}?mode=ro", uri=True, timeout=0.5)
        try:
            return conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.OperationalError:
        return 0


def descendants(pid: int) -> set[int]:
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_bytes().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {p for p, pp in parents.items() if pp in frontier} - found
        found |= frontier
    return found


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_bytes().rsplit(b")", 1)[1].split()[0] != b"Z"
    except OSError:
        return False


def exports(store: Path, out: Path) -> dict[str, bytes]:
    out.mkdir(exist_ok=True)
    files = {t: export(store, out / f"{t}.csv", "csv", t) for t in ("cells", "documents", "checks", "warnings")}
    files["parquet"] = export(store, out / "cells.parquet", "parquet")
    return {name: path.read_bytes() for name, path in files.items()}


def test_a_run_under_a_deep_tmpdir_starts_its_workers(tmp_path):
    """The forkserver's socket lives in a folder under TMPDIR: past AF_UNIX's 107 bytes every
    worker failed to start ('AF_UNIX path too long') and the run read nothing."""
    deep = tmp_path / ("t" * 90)
    deep.mkdir()
    store = tmp_path / "deep.sqlite"
    done = gktables_run(str(PINGTAN), "--store", str(store), env={**os.environ, "PYTHONPATH": str(ROOT / "src"),
                                                                   "TMPDIR": str(deep)})
    _, err = done.communicate(timeout=120)
    assert done.returncode == 0, err
    assert count_documents(store) == 1


@pytest.mark.slow
def test_resume_after_sigkill_equals_an_uninterrupted_run(tmp_path):
    docs = corpus(tmp_path / "in", TEXTS + [HANGZHOU])
    (docs / "hang.txt").write_bytes(b"GKTABLES-TEST-HANG")  # keeps the run busy long enough to be killed
    scratch = tmp_path / "tmp"  # where the workers make their temporary folders
    scratch.mkdir()
    env = {**os.environ, FAULTS_ENV: "1", "PYTHONPATH": str(ROOT / "src"), "TMPDIR": str(scratch)}
    args = [str(docs), "--time-limit", "2"]
    killed = tmp_path / "killed.sqlite"
    runner = gktables_run(*args, "--store", str(killed), env=env)
    deadline = time.monotonic() + 60
    while count_documents(killed) < 3 and runner.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    if runner.poll() is not None:
        _, err = runner.communicate()
        pytest.fail(f"the run ended (exit {runner.returncode}) before it could be killed, "
                    f"{count_documents(killed)} documents stored:\n{err}")
    workers = descendants(runner.pid)
    assert workers  # the forkserver and the worker(s)
    runner.send_signal(signal.SIGKILL)
    runner.wait()
    deadline = time.monotonic() + 10
    while any(alive(p) for p in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(alive(p) for p in workers), "workers outlived the killed runner"
    n_before = count_documents(killed)
    assert 3 <= n_before < len(TEXTS) + 2
    with sqlite3.connect(killed) as conn:  # nothing half-written: every stored document has all its cells
        rows = conn.execute("SELECT d.n_cells, (SELECT COUNT(*) FROM cells c WHERE c.sha256 = d.sha256) "
                            "FROM documents d WHERE status = 'ok'").fetchall()
    assert rows and all(n == m for n, m in rows)
    resumed = gktables_run(*args, "--store", str(killed), env=env)
    _, err = resumed.communicate(timeout=120)
    assert resumed.returncode == 0, err
    assert f"{n_before} already in the store" in err
    assert not list(scratch.glob("gktables-worker-*")), "the killed run's temporary folders were not removed"
    whole = tmp_path / "whole.sqlite"
    once = gktables_run(*args, "--store", str(whole), env=env)
    _, err = once.communicate(timeout=120)
    assert once.returncode == 0, err
    assert exports(killed, tmp_path / "a") == exports(whole, tmp_path / "b")
    assert count_documents(killed) == len(TEXTS) + 2


def test_export_columns_and_formats(tmp_path):
    docs = corpus(tmp_path / "in", [PINGTAN, HANGZHOU])
    store = tmp_path / "c.sqlite"
    run_corpus([docs], store)
    sheets = pd.read_excel(export(store, tmp_path / "w.xlsx", "xlsx", "cells", wide=True), sheet_name=None)
    first, exported = (tmp_path / "w.xlsx").read_bytes(), time.monotonic()
    cells = pd.read_csv(export(store, tmp_path / "cells.csv", "csv", "cells"))
    assert list(cells.columns) == CELL_COLUMNS
    assert {"path", "sha256", "key", "value", "flagged"} <= set(cells.columns)
    row = cells[(cells["key"] == "t3.new.total") & cells["path"].str.endswith("pingtan_2023_page.txt")]
    assert row["value"].tolist() == [81] and row["final_value"].tolist() == [81]
    documents = pd.read_parquet(export(store, tmp_path / "d.parquet", "parquet", "documents"))
    assert {"sha256", "path", "status", "error"} <= set(documents.columns) and len(documents) == 2
    parquet = pd.read_parquet(export(store, tmp_path / "c.parquet", "parquet", "cells"))
    assert parquet["value"].dtype == "float64" and len(parquet) == len(cells)
    checks = pd.read_csv(export(store, tmp_path / "k.csv", "csv", "checks"))
    assert {"path", "sha256", "check_id", "passed", "lhs", "rhs"} <= set(checks.columns)
    wide = pd.read_csv(export(store, tmp_path / "w.csv", "csv", "cells", wide=True))
    pingtan = wide[(wide["table"] == "t3") & wide["path"].str.endswith("pingtan_2023_page.txt")]
    assert pingtan["t3.new.total"].tolist() == [81] and len(wide) == 6  # 2 reports × 3 tables
    assert list(sheets) == ["t2", "t3", "t4"] and len(sheets["t3"]) == 2
    # zip entries carry 2-second timestamps: identical bytes 2.1 s apart prove they are fixed (the
    # checks above run in that time)
    time.sleep(max(0.0, 2.1 - (time.monotonic() - exported)))
    assert export(store, tmp_path / "w.xlsx", "xlsx", "cells", wide=True).read_bytes() == first
    metadata = json.loads((tmp_path / "c.metadata.json").read_text("utf-8"))
    tables = metadata["databases"]["c"]["tables"]
    assert {"documents", "cells", "cells_final", "t2_wide", "flagged_cells"} <= set(tables)
    with open_store(str(store)) as s:
        views = {r[0] for r in s.conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
    assert set(tables) <= views
    assert {"agency", "year", "status"} <= set(tables["documents"]["facets"])
    assert {"flagged", "decided_by"} <= set(tables["cells"]["facets"])


def test_cli_run_and_export(tmp_path):
    docs = corpus(tmp_path / "in", [PINGTAN])
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    run = gktables_run(str(docs), "--store", str(tmp_path / "c.sqlite"), "--workers", "2", env=env)
    _, err = run.communicate(timeout=120)
    assert run.returncode == 0 and "1 ok" in err, err
    done = subprocess.run([sys.executable, "-m", "gktables", "export", str(tmp_path / "c.sqlite"), "--table",
                           "documents", "-o", str(tmp_path / "d.csv")], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert pd.read_csv(tmp_path / "d.csv")["agency"].tolist() == ["平潭综合实验区"]


def test_run_isolated_reads_in_a_worker_and_survives_a_crash(monkeypatch):
    outcome = run_isolated(PINGTAN, Settings(), Limits(time_s=60, memory_mb=2048))
    assert (outcome.status, outcome.kind, outcome.error) == ("ok", "text", None)
    assert outcome.to_report().cells["t3.new.total"] == 81
    monkeypatch.setenv(FAULTS_ENV, "1")
    crashed = run_isolated("crash.txt", Settings(), Limits(time_s=60, memory_mb=2048), data=b"GKTABLES-TEST-CRASH")
    assert (crashed.status, crashed.error) == ("failed", "the worker process crashed: killed by SIGSEGV")
    assert run_isolated(HANGZHOU, Settings(), Limits(time_s=60, memory_mb=2048)).status == "ok"


def test_include_and_exclude_globs(tmp_path):
    docs = corpus(tmp_path / "in", [PINGTAN, HANGZHOU, GOLDEN_REAL / "hongze_2023.pdf"])
    (docs / "draft").mkdir()
    shutil.copy(PINGTAN, docs / "draft" / "old.txt")
    (docs / ".hidden.txt").write_text("x")
    everything = collect_files([docs])
    assert [Path(p).name for p in everything] == ["old.txt", "hangzhou_style_2025.html", "hongze_2023.pdf",
                                                  "pingtan_2023_page.txt"]
    assert [Path(p).name for p in collect_files([docs], include=["*.pdf", "*.html"])] == [
        "hangzhou_style_2025.html", "hongze_2023.pdf"]
    assert [Path(p).name for p in collect_files([docs], exclude=["*/draft/*"])] == [
        "hangzhou_style_2025.html", "hongze_2023.pdf", "pingtan_2023_page.txt"]
    named = docs / "notes.json"
    named.write_text("{}")
    assert collect_files([named]) == [str(named)]  # a file named on the command line is always taken
