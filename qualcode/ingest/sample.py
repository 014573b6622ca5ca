"""The bundled sample project (Madiun, Banyuasin, Kotawaringin Timur) and the user's data
directory, where `qualcode` with no arguments keeps it."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path

from qualcode.errors import QualcodeError
from qualcode.ingest.codebooks import load_directory
from qualcode.ingest.codings import import_csv
from qualcode.ingest.sources import import_files, transcript_files
from qualcode.model import Reading
from qualcode.store.project import DATABASE, SETTINGS, Project
from qualcode.textfile import write_atomic
from qualcode.yamlfile import parse_yaml

# The repository's codebooks/ and transcripts/ folders, mapped into the package by
# pyproject.toml (package-dir), so they are found the same way in a clone and an installed wheel.
CODEBOOKS_DIR = Path(str(files("qualcode.codebooks")))
TRANSCRIPTS_DIR = Path(str(files("qualcode.transcripts")))


# What makes a folder a project (or the remains of one): init leaves such a folder alone.
PROJECT_FILES = (SETTINGS, DATABASE, f"{DATABASE}-wal", f"{DATABASE}-shm")


def init_project(path: Path) -> Project:
    """An empty project with the bundled codebooks, in a new folder or in an existing one that
    holds no project (the folder of the researcher's transcripts, say)."""
    books = load_directory(CODEBOOKS_DIR)
    return create_project(path, lambda p: p.store.save_codebooks(books))


def create_project(path: Path, fill: Callable[[Project], None], name: str = "") -> Project:
    """Project.create, all or nothing, also into an existing folder whatever else it holds, as
    long as it holds no project: the project is built whole in a hidden folder inside it, then
    its database and, last, its settings (what makes the folder a project) are moved in."""
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise QualcodeError(f"{path}: is a file; give a folder for the project")
    if not path.exists():
        return Project.create(path, fill, name)
    found = [f for f in PROJECT_FILES if (path / f).exists()]
    if found:
        raise QualcodeError(f"{path}: a qualcode project already exists there ({found[0]}); "
                            f"open it with 'qualcode tui {path}'")
    staging = Path(tempfile.mkdtemp(prefix=".qualcode-new-", dir=path))
    try:
        built = staging / "project"
        Project.create(built, fill, name or path.resolve().name).close()
        os.replace(built / DATABASE, path / DATABASE)
        try:
            os.replace(built / SETTINGS, path / SETTINGS)
        except BaseException:
            (path / DATABASE).unlink(missing_ok=True)
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Project.open(path)


def build_sample(path: Path, transcripts: Path = TRANSCRIPTS_DIR) -> Project:
    """The sample project: bundled codebooks, every transcript and every codings.csv."""
    books = load_directory(CODEBOOKS_DIR)

    def fill(project: Project) -> None:
        project.store.save_codebooks(books)
        import_files(project, transcript_files(transcripts))
        for csv_path in sorted(transcripts.rglob("codings*.csv")):
            import_csv(project, csv_path)
        for readings_path in sorted(transcripts.rglob("readings*.yaml")):
            project.store.add_readings(_readings(readings_path))

    return create_project(path, fill, name="qualcode sample project")


def _readings(path: Path) -> list[Reading]:
    """The sample's recorded readings (by coder `sample`): a list of {site, indicator,
    established, because, recorded}."""
    entries = parse_yaml(path.read_text(encoding="utf-8"), path) or []
    found = []
    for entry in entries:
        try:
            found.append(Reading(entry["site"], entry["indicator"], bool(entry["established"]),
                                 entry["because"], "sample", str(entry["recorded"])))
        except (KeyError, TypeError):
            raise QualcodeError(f"{path}: each reading needs site, indicator, established, "
                                "because and recorded") from None
    return found


def data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("qualcode", appauthor=False))


def default_project() -> Path:
    """The user's most recent project, or the sample project (built on first use)."""
    state = data_dir() / "state.json"
    if state.is_file():
        try:
            last = Path(json.loads(state.read_text(encoding="utf-8"))["last_project"])
        except (ValueError, KeyError, TypeError):
            last = None
        if last is not None and (last / "qualcode.yaml").is_file():
            return last
    sample = data_dir() / "sample"
    if not (sample / "qualcode.yaml").is_file():
        build_sample(sample).close()
    return sample


def remember_project(path: Path) -> None:
    state = data_dir() / "state.json"
    state.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(state, json.dumps({"last_project": str(Path(path).resolve())}))
