"""The bundled sample project (Madiun, Banyuasin, Kotawaringin Timur) and the user's data
directory, where `qualcode` with no arguments keeps it."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

from qualcode.ingest.codebooks import load_directory
from qualcode.ingest.codings import import_csv
from qualcode.ingest.sources import import_files, transcript_files
from qualcode.store.project import Project
from qualcode.textfile import write_atomic

# The repository's codebooks/ and transcripts/ folders, mapped into the package by
# pyproject.toml (package-dir), so they are found the same way in a clone and an installed wheel.
CODEBOOKS_DIR = Path(str(files("qualcode.codebooks")))
TRANSCRIPTS_DIR = Path(str(files("qualcode.transcripts")))


def init_project(path: Path) -> Project:
    """An empty project with the bundled codebooks."""
    books = load_directory(CODEBOOKS_DIR)
    return Project.create(path, lambda p: p.store.save_codebooks(books))


def build_sample(path: Path, transcripts: Path = TRANSCRIPTS_DIR) -> Project:
    """The sample project: bundled codebooks, every transcript and every codings.csv."""
    books = load_directory(CODEBOOKS_DIR)

    def fill(project: Project) -> None:
        project.store.save_codebooks(books)
        import_files(project, transcript_files(transcripts))
        for csv_path in sorted(transcripts.rglob("codings*.csv")):
            import_csv(project, csv_path)

    return Project.create(path, fill, name="qualcode sample project")


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
