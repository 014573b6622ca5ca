"""Output files that never surprise: devices, FIFOs and `-` (stdout) are written in place,
symlinks are followed and stay links, nothing is written inside the project folder, a CSV
folder is swapped in whole, and JSON is complete UTF-8 whatever the console's encoding."""

from __future__ import annotations

import io
import json
import os
import stat
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pytest
from conftest import Run, snapshot_db, write

import qualcode.textfile
from qualcode.cli import main
from qualcode.cli.main import _encode_output

# Every command that writes one file: its arguments, given the project and the output path.
FILE_OUTPUTS = {
    "docx": lambda p, out: ["export", p, "--docx", out],
    "xlsx": lambda p, out: ["export", p, "--xlsx", out],
    "codings": lambda p, out: ["codings", "export", p, "-o", out],
    "qdpx": lambda p, out: ["refi", "export", p, out],
    "qdc": lambda p, out: ["refi", "codebook", p, out],
}


def looks_right(kind: str, data: bytes) -> bool:
    """Whether `data` is a whole file of its kind: a zip archive or the text's start and end."""
    if kind in ("docx", "xlsx", "qdpx"):
        return zipfile.ZipFile(io.BytesIO(data)).testzip() is None
    if kind == "codings":
        return data.startswith(b"source,code,stance,quote,") and data.endswith(b"\n")
    return data.startswith(b"<?xml") and data.rstrip().endswith(b"</CodeBook>")


@pytest.fixture
def cli_bytes(capsysbinary: pytest.CaptureFixture):
    """Like `cli`, with stdout as bytes (a .docx on stdout is not text)."""

    def run(*args: object) -> tuple[int, bytes, str]:
        code = main([str(a) for a in args])
        captured = capsysbinary.readouterr()
        return code, captured.out, captured.err.decode("utf-8")

    return run


@pytest.fixture
def device(tmp_path: Path) -> Path:
    """A character device like /dev/null: made in tmp_path as root (so the test cannot damage
    the real one), else /dev/null itself, which a non-root user cannot replace anyway."""
    if os.geteuid() != 0:
        return Path("/dev/null")
    path = tmp_path / "null"
    os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    return path


@pytest.mark.parametrize("kind", FILE_OUTPUTS)
def test_a_character_device_stays_a_device(cli, sample, device: Path, kind: str) -> None:
    result = cli(*FILE_OUTPUTS[kind](sample.path, device))
    assert result.code == 0, result.err
    assert stat.S_ISCHR(os.stat(device).st_mode)
    assert [p.name for p in device.parent.iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize("kind", FILE_OUTPUTS)
def test_a_fifo_gets_the_whole_file(cli, sample, tmp_path: Path, kind: str) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = cli(*FILE_OUTPUTS[kind](sample.path, fifo))
    reader.join(timeout=60)
    assert result.code == 0, result.err
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert looks_right(kind, received[0])


@pytest.mark.parametrize("kind", FILE_OUTPUTS)
def test_dash_is_stdout(cli_bytes, sample, tmp_path: Path, kind: str,
                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # where a file named "-" would appear
    code, out, err = cli_bytes(*FILE_OUTPUTS[kind](sample.path, "-"))
    assert code == 0, err
    assert looks_right(kind, out)
    if kind in ("docx", "xlsx", "qdpx"):
        assert out.startswith(b"PK")
    assert "wrote -" not in err
    assert not (tmp_path / "-").exists()


@pytest.mark.skipif(not Path("/dev/stdout").exists(), reason="no /dev/stdout")
@pytest.mark.parametrize("to", ["pipe", "file"])
def test_dev_stdout_is_written_in_place(sample, tmp_path: Path, to: str) -> None:
    """/dev/stdout leads to a pipe or to the file the shell opened: written there, in place."""
    command = [sys.executable, "-m", "qualcode", "codings", "export", sample.path,
               "-o", "/dev/stdout"]
    if to == "pipe":
        result = subprocess.run(command, capture_output=True)
        out = result.stdout
    else:
        with (tmp_path / "codings.csv").open("wb") as handle:
            result = subprocess.run(command, stdout=handle, stderr=subprocess.PIPE)
        out = (tmp_path / "codings.csv").read_bytes()
        assert sorted(p.name for p in tmp_path.iterdir()) == ["codings.csv", "sample"]
    assert result.returncode == 0, result.stderr
    assert looks_right("codings", out)


def test_dot_slash_dash_is_a_file(cli, sample, tmp_path: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("codings", "export", sample.path, "-o", "./-")
    assert result.code == 0 and result.out == ""
    assert looks_right("codings", (tmp_path / "-").read_bytes())


def test_csv_folder_cannot_be_stdout(cli, sample, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("export", sample.path, "--csv", "-")
    assert result.code == 1
    assert result.err == "qualcode: -: a folder of files cannot go to stdout; give a folder\n"
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize("kind", FILE_OUTPUTS)
def test_a_symlink_is_followed_and_stays_a_link(cli, sample, tmp_path: Path,
                                                 kind: str) -> None:
    (tmp_path / "shared").mkdir()
    (tmp_path / "links").mkdir()
    target = tmp_path / "shared" / f"report.{kind}"
    target.write_bytes(b"the previous version")
    link = tmp_path / "links" / f"latest.{kind}"
    link.symlink_to(target)
    result = cli(*FILE_OUTPUTS[kind](sample.path, link))
    assert result.code == 0, result.err
    assert link.is_symlink() and link.resolve() == target.resolve()
    assert looks_right(kind, target.read_bytes())
    assert [p.name for p in (tmp_path / "shared").iterdir()] == [target.name]
    assert [p.name for p in (tmp_path / "links").iterdir()] == [link.name]


def test_a_symlinked_csv_folder_is_followed(cli, sample, tmp_path: Path) -> None:
    target = tmp_path / "tables"
    target.mkdir()
    (target / "stale.csv").write_text("old\n", encoding="utf-8")
    link = tmp_path / "latest"
    link.symlink_to(target)
    result = cli("export", sample.path, "--csv", link)
    assert result.code == 0, result.err
    assert link.is_symlink()
    assert sorted(p.name for p in target.iterdir()) == [
        "codebook.csv", "codings.csv", "comparison.csv", "indicators.csv", "informants.csv",
        "matrices.csv", "sources.csv", "verdicts.csv"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["latest", "sample", "tables"]


# What is refused inside the project folder P: the output, given P.
INSIDE = {
    "docx": lambda p: ["export", p, "--docx", p / "appendix.docx"],
    "xlsx": lambda p: ["export", p, "--xlsx", p / "tables.xlsx"],
    "csv": lambda p: ["export", p, "--csv", p / "tables"],
    "csv-the-folder-itself": lambda p: ["export", p, "--csv", p],
    "docx-over-the-database": lambda p: ["export", p, "--docx", p / "project.db"],
    "codings-over-the-database": lambda p: ["codings", "export", p, "-o", p / "project.db"],
    "codings-over-the-settings": lambda p: ["codings", "export", p, "-o", p / "qualcode.yaml"],
    "qdpx": lambda p: ["refi", "export", p, p / "project.qdpx"],
    "qdc": lambda p: ["refi", "codebook", p, p / "codebook.qdc"],
    "by-a-roundabout-path": lambda p: ["export", p, "--docx",
                                       p.parent / "x" / ".." / p.name / "a.docx"],
}


@pytest.mark.parametrize("case", INSIDE)
def test_nothing_is_written_inside_the_project_folder(cli, sample, tmp_path: Path,
                                                      case: str) -> None:
    (tmp_path / "x").mkdir()
    before, files = snapshot_db(sample), sorted(sample.path.iterdir())
    database = (sample.path / "project.db").read_bytes()
    args = INSIDE[case](sample.path)
    result = cli(*args)
    assert result.code == 1
    assert result.err == (f"qualcode: {args[-1]}: inside the project folder {sample.path}; "
                          "write exports elsewhere\n")
    assert snapshot_db(sample) == before
    assert sorted(sample.path.iterdir()) == files
    assert (sample.path / "project.db").read_bytes() == database


def test_a_link_outside_into_the_project_is_refused(cli, sample, tmp_path: Path) -> None:
    link = tmp_path / "appendix.docx"
    link.symlink_to(sample.path / "project.db")
    before = snapshot_db(sample)
    result = cli("export", sample.path, "--docx", link)
    assert result.code == 1
    assert result.err == (f"qualcode: {link}: inside the project folder {sample.path}; "
                          "write exports elsewhere\n")
    assert snapshot_db(sample) == before and link.is_symlink()


def test_a_csv_folder_holding_other_files_is_refused(cli, sample, tmp_path: Path) -> None:
    folder = tmp_path / "analysis"
    folder.mkdir()
    write(folder / "notes.txt", "my own notes")
    (folder / "old.csv").write_text("old\n", encoding="utf-8")
    result = cli("export", sample.path, "--csv", folder)
    assert result.code == 1
    assert result.err == (f"qualcode: {folder}: holds notes.txt, not a CSV table; the export "
                          "replaces the whole folder, so choose a new or empty one\n")
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt", "old.csv"]
    result = cli("export", sample.path, "--csv", tmp_path)  # the folder holding the project
    assert result.code == 1 and "holds analysis, not a CSV table" in result.err


def test_a_csv_folder_is_replaced_whole(cli, sample, tmp_path: Path) -> None:
    folder = tmp_path / "tables"
    folder.mkdir()
    (folder / "from-an-older-version.csv").write_text("old\n", encoding="utf-8")
    (folder / "codings.csv").write_text("old\n", encoding="utf-8")
    result = cli("export", sample.path, "--csv", folder)
    assert result.code == 0, result.err
    assert sorted(p.name for p in folder.iterdir()) == [
        "codebook.csv", "codings.csv", "comparison.csv", "indicators.csv", "informants.csv",
        "matrices.csv", "sources.csv", "verdicts.csv"]
    codings = (folder / "codings.csv").read_text(encoding="utf-8-sig").splitlines()
    assert codings[0].startswith("site,source,method,informant,role,code,") and len(codings) > 400
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o777 & ~umask  # shared, not mkdtemp's 0700
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sample", "tables"]


def test_an_interrupted_csv_folder_export_leaves_the_old_folder(
        cli, sample, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "tables"
    folder.mkdir()
    old = {"codings.csv": "old codings\n", "stale.csv": "old table\n"}
    for name, text in old.items():
        (folder / name).write_text(text, encoding="utf-8")
    write_file = qualcode.textfile._write_file
    written: list[Path] = []

    def interrupt_after_the_first(path: Path, content: str | bytes) -> None:
        if written:
            raise KeyboardInterrupt
        write_file(path, content)
        written.append(path)

    monkeypatch.setattr(qualcode.textfile, "_write_file", interrupt_after_the_first)
    result = cli("export", sample.path, "--csv", folder)
    assert result.code == 130 and len(written) == 1
    assert {p.name: p.read_text(encoding="utf-8") for p in folder.iterdir()} == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sample", "tables"]


SITE = "Surakarta (ꦱꦸꦫꦏꦂꦠ)"  # Javanese script: not in cp1252


@pytest.fixture
def beyond_cp1252(cli, sample, tmp_path: Path) -> Path:
    """The sample project with a site, an informant and a coding that cp1252 cannot encode."""
    source = write(tmp_path / "in" / "surakarta-kader.txt", (
        "---\n"
        f"site: {SITE}\n"
        "method: interview\n"
        "informants:\n"
        "  - id: K1\n"
        "    role: Kader JKN → koordinator\n"
        "---\n"
        "Pewawancara: Bagaimana kerja sama dengan BPJS?\n"
        "K1: Kami punya kontrak tertulis ≥ satu tahun dengan BPJS Kesehatan.\n"))
    codings = write(tmp_path / "in" / "codings.csv", (
        "source,code,quote,memo\n"
        "surakarta-kader,heideneim/formal-contract,kontrak tertulis ≥ satu tahun,kontrak ✓\n"))
    assert cli("import", sample.path, source).code == 0
    assert cli("codings", "import", sample.path, codings).code == 0
    return sample.path


@pytest.mark.parametrize("args", [
    ["verdict", "--json"],
    ["compare", "--json"],
    ["matrix", "--site", SITE, "--framework", "heideneim", "--json"],
    ["matrix", "--site", SITE, "--framework", "heideneim", "--by", "method", "--json"],
    ["matrix", "--site", SITE, "--by", "theory", "--json"],
])
def test_json_on_a_cp1252_stdout_is_complete_utf8(cli, beyond_cp1252: Path, tmp_path: Path,
                                                  args: list[str]) -> None:
    """Redirected stdout is UTF-8 (what JSON readers expect), whatever the locale says."""
    expected: Run = cli(args[0], beyond_cp1252, *args[1:])
    assert expected.code == 0 and SITE in expected.out
    out = tmp_path / "out.json"
    with out.open("wb") as handle:
        result = subprocess.run([sys.executable, "-m", "qualcode", args[0], beyond_cp1252,
                                 *args[1:]], stdout=handle, stderr=subprocess.PIPE,
                                env={**os.environ, "PYTHONIOENCODING": "cp1252"})
    assert result.returncode == 0, result.stderr
    text = out.read_bytes().decode("utf-8")
    assert json.loads(text) == json.loads(expected.out)
    assert text == expected.out


def test_a_terminal_keeps_its_encoding_and_never_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    """On a console that cannot show a character, it becomes '?' instead of a crash."""

    class Console(io.TextIOWrapper):
        def isatty(self) -> bool:
            return True

    console = Console(io.BytesIO(), encoding="cp1252")
    redirected = io.TextIOWrapper(io.BytesIO(), encoding="cp1252")
    monkeypatch.setattr(sys, "stdout", console)
    monkeypatch.setattr(sys, "stderr", redirected)
    _encode_output()
    print("Surakarta ≠ Madiun — ꦱ")
    print("≠", file=sys.stderr)
    console.flush()
    redirected.flush()
    assert console.buffer.getvalue() == "Surakarta ? Madiun — ?\n".encode("cp1252")
    assert redirected.buffer.getvalue() == "≠\n".encode()
