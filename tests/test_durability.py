"""Nothing lost: a killed import leaves the project unchanged; a committed coding survives
SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from conftest import snapshot_db, write

from qualcode.ingest.sources import import_files
from qualcode.store.project import Project

ROOT = Path(__file__).resolve().parent.parent


def child(code: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def make_source(project: Project, tmp_path: Path) -> None:
    body = "\n".join(f"P{i % 7}: Kalimat nomor {i} tentang iuran dan kader." for i in range(3000))
    import_files(project, [write(tmp_path / "src" / "besar.txt",
                                 "---\nsite: Madiun\n---\n" + body + "\n")])


def test_codings_import_killed_midway_leaves_project_unchanged(project, tmp_path: Path) -> None:
    make_source(project, tmp_path)
    rows = ["source,code,quote,occurrence"]
    rows += [f"besar,heideneim/new-resources,Kalimat nomor {i} tentang,1" for i in range(3000)]
    csv_path = write(tmp_path / "codings.csv", "\n".join(rows) + "\n")
    before = snapshot_db(project)
    project.close()
    # The child imports for real; a trace hook stops it after 500 INSERTs into codings have
    # run inside the open transaction, tells us, and waits to be killed.
    proc = child(f"""
        import sys, time
        from pathlib import Path
        from qualcode.ingest.codings import import_csv
        from qualcode.store.project import Project
        project = Project.open(Path({str(project.path)!r}))
        seen = 0
        def trace(statement):
            global seen
            if statement.startswith("INSERT INTO codings"):
                seen += 1
                if seen == 500:
                    print("mid-transaction", flush=True)
                    time.sleep(60)
        project.store.conn.set_trace_callback(trace)
        import_csv(project, Path({str(csv_path)!r}))
        print("finished", flush=True)
    """)
    assert proc.stdout.readline().strip() == "mid-transaction"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    reopened = Project.open(project.path)
    try:
        assert snapshot_db(reopened) == before
        assert reopened.store.codings() == []
    finally:
        reopened.close()


def test_committed_coding_survives_sigkill(project, tmp_path: Path) -> None:
    make_source(project, tmp_path)
    project.close()
    proc = child(f"""
        import time
        from pathlib import Path
        from qualcode.model import NewCoding
        from qualcode.store.project import Project
        project = Project.open(Path({str(project.path)!r}))
        coding = project.store.add_coding(NewCoding("besar", 4, 30, "heideneim/formal-contract",
                                                    "supports", "ana", "disimpan"))
        print("saved", coding.id, flush=True)
        time.sleep(60)
    """)
    line = proc.stdout.readline().split()
    assert line[0] == "saved"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    reopened = Project.open(project.path)
    try:
        (coding,) = reopened.store.codings()
        assert (coding.id, coding.start, coding.end, coding.memo) == (int(line[1]), 4, 30,
                                                                      "disimpan")
    finally:
        reopened.close()
