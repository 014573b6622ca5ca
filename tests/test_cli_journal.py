"""The journal and backups on the command line: `log`, `undo` and `redo` (the workbench's u and
ctrl+r, for the current coder only), `backup` while others write, and a read-only project.

Journaled actions are made through the store (CSV imports are not journaled), as a workbench
open beside the command line would make them."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from conftest import snapshot_db, write

from qualcode.model import NewCoding, Ruling
from qualcode.store import open_store
from qualcode.store.project import Project

SOURCE = "madiun-cadre-kota"
CODE = "heideneim/formal-contract"
CHANGED_BY_BUDI = re.compile(
    r"qualcode: the \w+ was changed by budi at \d\d:\d\d; nothing undone\n")


def coding(start: int, coder: str, end: int | None = None) -> NewCoding:
    return NewCoding(SOURCE, start, end or start + 30, CODE, "supports", coder)


@pytest.fixture(autouse=True)
def no_coder_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QUALCODE_CODER", raising=False)


@pytest.fixture
def in_jakarta() -> Iterator[None]:
    """Local time is UTC+7 (a POSIX TZ rule: no time-zone database needed)."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "WIB-7"
    time.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


# ----------------------------------------------------------------- log


def test_log_says_who_did_what_and_what_is_undone(cli, sample: Project, in_jakarta: None
                                                  ) -> None:
    store = sample.store
    x = store.add_coding(coding(10, "ana"))
    store.update_coding(x.id, "ana", x.version, stance="contradicts")
    store.add_coding(coding(100, "budi"))
    store.undo("ana")  # the stance change

    result = cli("log", sample.path, "--json")
    assert result.code == 0 and result.err == ""
    log = json.loads(result.out)
    assert [(e["coder"], e["action"], e["state"], e["refers_to"]) for e in log] == [
        ("ana", "add", "done", None), ("ana", "change", "undone", None),
        ("budi", "add", "done", None), ("ana", "undo", "done", log[1]["id"])]
    assert list(log[0]) == ["id", "at", "coder", "action", "summary", "state", "refers_to",
                            "source", "start"]
    assert log[0]["at"] == store.journal()[0].at  # as stored: ISO 8601 UTC
    assert (log[0]["source"], log[0]["start"]) == (SOURCE, 10)

    text = cli("log", sample.path)
    assert text.code == 0
    header, rule, *rows = text.out.splitlines()
    assert header.split() == ["#", "time", "coder", "action", "summary"]
    wib = datetime.fromisoformat(log[0]["at"]) + timedelta(hours=7)  # the reader's time
    assert wib.strftime("%Y-%m-%d %H:%M:%S") in rows[0] and log[0]["summary"] in rows[0]
    assert "change, undone" in rows[1]
    assert f"undo of #{log[1]['id']}" in rows[3] and log[1]["summary"] in rows[3]


def test_log_for_one_coder(cli, sample: Project) -> None:
    sample.store.add_coding(coding(10, "ana"))
    sample.store.add_coding(coding(100, "budi"))
    result = cli("log", sample.path, "--coder", "budi", "--json")
    assert [e["coder"] for e in json.loads(result.out)] == ["budi"]
    # the global --coder says who is coding; it does not filter the log
    result = cli("--coder", "budi", "log", sample.path, "--json")
    assert [e["coder"] for e in json.loads(result.out)] == ["ana", "budi"]
    unknown = cli("log", sample.path, "--coder", "zed")
    assert unknown.code == 1 and unknown.out == ""
    assert unknown.err == (f"qualcode: no journaled actions by 'zed' in {sample.path} "
                           "(coders in the journal: ana, budi)\n")


def test_an_empty_log(cli, sample: Project) -> None:
    assert cli("log", sample.path, "--json").out == "[]\n"
    result = cli("log", sample.path)
    assert (result.code, result.out) == (0, "")
    assert result.err.startswith("no coding actions journaled yet")


# ----------------------------------------------------------------- undo and redo


def test_undo_and_redo_are_the_current_coders_own(cli, sample: Project,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    store = sample.store
    ana = store.add_coding(coding(10, "ana"))
    budi = store.add_coding(coding(100, "budi"))

    monkeypatch.setenv("QUALCODE_CODER", "budi")
    result = cli("undo", sample.path)
    assert (result.code, result.out) == (0, "")
    assert result.err == f"undone: {store.journal('budi')[0].summary}\n"
    assert [c.id for c in store.codings(code=CODE, source=SOURCE) if c.coder in ("ana", "budi")
            ] == [ana.id]  # ana's coding stays

    result = cli("--coder", "ana", "undo", sample.path)  # --coder outranks the environment
    assert result.code == 0 and result.err.startswith("undone: coded")
    assert store.codings(coder="ana") == []

    result = cli("redo", sample.path, "--json")  # budi again, from the environment
    assert result.code == 0 and result.err.startswith("redone: coded")
    redone = json.loads(result.out)
    assert (redone["id"], redone["coder"], redone["state"]) == (
        store.journal("budi")[0].id, "budi", "done")
    assert store.coding(budi.id) == budi  # the same row, id and version back
    assert store.codings(coder="ana") == []

    nothing = cli("redo", sample.path, "--json")
    assert (nothing.code, nothing.out) == (0, "null\n")
    assert nothing.err == "nothing of yours to redo (you are budi)\n"
    nothing = cli("--coder", "carla", "undo", sample.path)
    assert (nothing.code, nothing.out) == (0, "")
    assert nothing.err == "nothing of yours to undo (you are carla)\n"


def test_undo_reaches_back_across_commands(cli, sample: Project) -> None:
    """A memo written by one command is undone by the next: the journal is in the project."""
    assert cli("--coder", "ana", "memo", sample.path, "Kontrak setahun.").code == 0
    assert [m.text for m in sample.store.memos()] == ["Kontrak setahun."]
    result = cli("--coder", "ana", "undo", sample.path)
    assert result.err == "undone: memo on project\n"
    assert sample.store.memos() == []
    assert cli("--coder", "ana", "redo", sample.path).err == "redone: memo on project\n"
    assert [m.text for m in sample.store.memos()] == ["Kontrak setahun."]


def test_undo_refuses_when_another_coder_changed_the_row_since(cli, sample: Project) -> None:
    """Ana adjudicated a unit, then Budi adjudicated it again: undoing Ana's decision would
    bring back a consensus coding Budi has replaced, so it is refused and nothing changes."""
    store = sample.store
    ruling = Ruling(SOURCE, 10, 40, CODE, "consensus", ("ana",))
    (first,) = store.replace_codings([], [coding(10, "consensus", 40)], "ana", ruling)
    store.replace_codings([first], [coding(12, "consensus", 40)], "budi", ruling)
    before = snapshot_db(sample)

    refused = cli("--coder", "ana", "undo", sample.path)
    assert refused.code == 1 and refused.out == ""
    assert CHANGED_BY_BUDI.fullmatch(refused.err), refused.err
    assert snapshot_db(sample) == before

    assert cli("--coder", "budi", "undo", sample.path).code == 0  # budi's own is his to undo
    assert [c.id for c in store.codings(coder="consensus")] == [first]


# ----------------------------------------------------------------- backup


def test_backup_is_a_project_database_with_the_same_codings(cli, sample: Project,
                                                            tmp_path: Path) -> None:
    sample.store.add_coding(coding(10, "ana"))
    sample.store.add_memo("project", "", "catatan", "ana")
    listing = sorted(os.listdir(sample.path))
    target = tmp_path / "backups" / "sample.db"
    target.parent.mkdir()

    result = cli("backup", sample.path, target)
    assert result.code == 0 and result.out == ""
    count = len(sample.store.codings())
    assert result.err == f"wrote {target} ({count} codings)\n"
    with open_store(target) as copy:
        assert copy.codings() == sample.store.codings()
        assert copy.memos() == sample.store.memos()
        assert copy.journal() == sample.store.journal()
    assert sorted(os.listdir(target.parent)) == ["sample.db"]  # no partial file left
    assert sorted(os.listdir(sample.path)) == listing


_WRITER = """
import sys
from pathlib import Path
from qualcode.model import NewCoding
from qualcode.store import open_store
db, source, code, stop = Path(sys.argv[1]), sys.argv[2], sys.argv[3], Path(sys.argv[4])
with open_store(db) as store:
    start = 0
    while not stop.exists():
        store.add_coding(NewCoding(source, start, start + 5, code, "supports", "writer"))
        print(start, flush=True)
        start += 1
"""


def test_backup_while_another_process_writes(cli, sample: Project, tmp_path: Path) -> None:
    """A process adds codings one after another, before, during and after the backup; the copy
    holds a consistent moment: the writer's first k codings (with their journal entries) and
    everything else as it was."""
    others = [c for c in sample.store.codings() if c.coder != "writer"]
    stop, target = tmp_path / "stop", tmp_path / "copy.db"
    writer = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(sample.path / "project.db"), SOURCE, CODE,
         str(stop)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        acknowledged = [int(writer.stdout.readline())]  # it is writing
        result = cli("backup", sample.path, target)
        assert result.code == 0, result.err
        with open_store(target) as copy:
            codings, journal = copy.codings(), copy.journal("writer")
        written = sorted(c.start for c in codings if c.coder == "writer")
        while len(acknowledged) <= len(written):  # it goes on writing after the copy's moment
            acknowledged.append(int(writer.stdout.readline()))
    finally:
        stop.touch()
        rest, errors = writer.stdout.read(), writer.stderr.read()  # not communicate(): the
        writer.wait(timeout=60)  # lines readline() buffered would be lost
    acknowledged += [int(line) for line in rest.split()]
    assert writer.returncode == 0, errors

    assert written and written == acknowledged[:len(written)]
    assert [c for c in codings if c.coder != "writer"] == others
    assert sorted(e.start for e in journal) == written  # each coding with its journal entry
    assert result.err == f"wrote {target} ({len(codings)} codings)\n"
    assert [c.start for c in sample.store.codings(coder="writer")] == acknowledged


@pytest.mark.parametrize("where, message", [
    (lambda p, t: p / "project.db",
     "is the project's own database; write the backup outside the project folder"),
    (lambda p, t: p / "copy.db", "inside the project folder {p}; write the backup elsewhere"),
    (lambda p, t: p / "sub" / "copy.db",
     "inside the project folder {p}; write the backup elsewhere"),
    (lambda p, t: t / "missing" / "copy.db", "cannot write (no directory {t}/missing)"),
    (lambda p, t: t, "is a directory"),
], ids=["project.db", "in the folder", "below the folder", "no such directory", "directory"])
def test_backup_refusals_write_nothing(cli, sample: Project, tmp_path: Path, where,
                                       message: str) -> None:
    files, snapshot = sorted(tmp_path.rglob("*")), snapshot_db(sample)
    target = where(sample.path, tmp_path)
    result = cli("backup", sample.path, target)
    assert result.code == 1 and result.out == ""
    assert result.err == f"qualcode: {target}: {message.format(p=sample.path, t=tmp_path)}\n"
    assert sorted(tmp_path.rglob("*")) == files
    assert snapshot_db(sample) == snapshot


# ----------------------------------------------------------------- a read-only project


_REAL_ACCESS = os.access


def _access_by_permission_bits(path: object, mode: int, **kwargs: object) -> bool:
    """os.access as it answers every user but root: not writable without a write bit."""
    if mode & os.W_OK and not os.stat(path).st_mode & 0o222:
        return False
    return _REAL_ACCESS(path, mode, **kwargs)


def test_a_read_only_project_reads_and_refuses_writes(cli, sample_dir: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The folder and project.db lose their write permission, as on a read-only share.

    Root (as CI runs) may write anyway, and SQLiteStore.open asks os.access, which says yes to
    root; so as root, os.access is made to answer from the permission bits, as it does for every
    other user. The store then opens read-only exactly as it would for them."""
    path = tmp_path / "readonly"
    shutil.copytree(sample_dir, path)
    db = path / "project.db"
    content, listing = db.read_bytes(), sorted(os.listdir(path))
    csv = write(tmp_path / "one.csv", f"source,code,quote\n{SOURCE},{CODE},Kader\n")
    db.chmod(0o444)
    path.chmod(0o555)
    if os.name == "posix" and os.geteuid() == 0:
        monkeypatch.setattr(os, "access", _access_by_permission_bits)
    try:
        verdicts = cli("verdict", path, "--json")
        assert verdicts.code == 0 and json.loads(verdicts.out)
        appendix = cli("export", path, "--docx", tmp_path / "lampiran.docx")
        assert appendix.code == 0 and (tmp_path / "lampiran.docx").stat().st_size > 0
        assert cli("backup", path, tmp_path / "copy.db").code == 0
        for args in (("memo", path, "Catatan."), ("codings", "import", path, csv),
                     ("undo", path)):
            refused = cli(*args)
            assert refused.code == 1 and refused.out == ""
            assert refused.err == (f"qualcode: {db}: the project is read-only here; nothing "
                                   "was saved\n")
    finally:
        path.chmod(0o755)
        db.chmod(0o644)
    assert db.read_bytes() == content
    assert sorted(os.listdir(path)) == listing
