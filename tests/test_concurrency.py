"""Several qualcode processes writing to one project at once: each is told "saved" or the busy
line, and the database holds exactly what each was told. The writers are those of
benchmarks/bench_concurrency.py, in a short run."""

from __future__ import annotations

import sqlite3
import sys
import threading
import time
from pathlib import Path

from conftest import ROOT, qualcode_subprocess

from qualcode.store.project import Project

sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_concurrency import BUSY, problems, run_writers  # noqa: E402


def test_concurrent_writers_get_what_they_were_told(sample: Project, tmp_path: Path) -> None:
    """Six `qualcode` processes at a time, each running eight memo and codings-import
    commands, while a workbench (the `sample` connection) has the project open."""
    told = run_writers(sample.path, tmp_path, writers=6, commands=8)
    assert len(told) == 48
    assert problems(sample.path, told) == []


class LockHolder:
    """Another process's long writes: holds the project's write lock `held` seconds at a time,
    with `free` seconds between, until stopped."""

    def __init__(self, db: Path, held: float, free: float) -> None:
        self.db, self.held, self.free = db, held, free
        self.stop = threading.Event()
        self.locked = threading.Event()
        self.released: list[float] = []  # when each hold ended (time.monotonic)
        self.thread = threading.Thread(target=self._run)

    def _run(self) -> None:
        conn = sqlite3.connect(self.db, isolation_level=None, timeout=30)
        try:
            while not self.stop.is_set():
                conn.execute("BEGIN IMMEDIATE")
                self.locked.set()
                time.sleep(self.held)
                conn.execute("ROLLBACK")
                self.released.append(time.monotonic())
                self.stop.wait(self.free)
        finally:
            conn.close()

    def __enter__(self) -> LockHolder:
        self.thread.start()
        self.locked.wait(10)
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()


def test_writers_that_give_up_say_so_and_leave_nothing(sample: Project, tmp_path: Path) -> None:
    """The lock is held half the time and the writers wait only 10 ms for it (set in their own
    processes: qualcode waits 30 s, and how long is not what is tested), so some give up. Each
    of those printed exactly the busy line and saved nothing; every other command saved once."""
    with LockHolder(sample.path / "project.db", held=0.05, free=0.05):
        told = run_writers(sample.path, tmp_path, writers=6, commands=8, wait=0.01)
    assert problems(sample.path, told) == []
    refused = [t for t in told if not t.saved]
    assert refused and len(refused) < len(told)
    assert {t.err for t in refused} == {BUSY + "\n"}


def test_a_write_waits_for_another_process_to_finish(sample: Project) -> None:
    """With qualcode's own wait, a command that meets another process's long write is saved
    once that write ends, rather than refused."""
    with LockHolder(sample.path / "project.db", held=1.5, free=60) as holder:
        started = time.monotonic()
        result = qualcode_subprocess("--coder", "ana", "memo", sample.path, "ditunggu")
        finished = time.monotonic()
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("saved memo")
    assert started < holder.released[0] < finished
    assert [m.text for m in sample.store.memos()] == ["ditunggu"]
