"""A project directory: `qualcode.yaml` (settings) beside `project.db` (the store)."""

from __future__ import annotations

import getpass
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from qualcode.errors import QualcodeError
from qualcode.store import Store, create_store, open_store

SETTINGS = "qualcode.yaml"
DATABASE = "project.db"

# Written in place of a coder: a name here would outrank $QUALCODE_CODER for every coder.
_CODER_HINT = """\
# coder: NAME
#   Who is coding: --coder NAME on the command line, else $QUALCODE_CODER, else this
#   setting, else your user name. Leave it unset in a project several coders share.
"""
_LANGUAGE_HINT = """\
# language: id
#   The workbench's language: id (Bahasa Indonesia) or en; --lang on the command line
#   outranks it; unset: your system's language (LANG), else English.
"""
LANGUAGES = ("en", "id")


@dataclass
class Settings:
    """What a researcher may set per project (edit qualcode.yaml by hand)."""

    name: str = ""
    author: str = ""
    coder: str = ""
    min_independent: int = 2
    extra: dict = field(default_factory=dict)
    language: str = ""  # the workbench's: en | id, or unset

    def to_yaml(self) -> str:
        """The settings file; with no `coder` set, a comment says how to set one."""
        coder = {"coder": self.coder} if self.coder else {}
        language = {"language": self.language} if self.language else {}
        data = {"name": self.name, "author": self.author, **coder, **language,
                "min_independent": self.min_independent, **self.extra}
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        return (text + ("" if self.coder else _CODER_HINT)
                + ("" if self.language else _LANGUAGE_HINT))


class Project:
    def __init__(self, path: Path, settings: Settings, store: Store) -> None:
        self.path = path
        self.settings = settings
        self.store = store
        self._coder_override: str | None = None

    @classmethod
    def open(cls, path: Path) -> Project:
        path = Path(path)
        settings_path = path / SETTINGS
        if not settings_path.is_file():
            raise QualcodeError(
                f"{path}: not a qualcode project (no {SETTINGS}); create one with "
                f"'qualcode init {path}'")
        settings = _read_settings(settings_path)
        return cls(path, settings, open_store(path / DATABASE))

    @classmethod
    def create(cls, path: Path, fill: Callable[[Project], None], name: str = "") -> Project:
        """Create a project at `path`, all or nothing: it is built beside and renamed in place.

        `fill` loads codebooks, sources, codings; if it raises, nothing is left behind.
        """
        path = Path(path)
        if path.exists() and (not path.is_dir() or any(path.iterdir())):
            raise QualcodeError(f"{path}: already exists and is not an empty directory")
        path.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{path.name}-", dir=path.parent))
        try:
            settings = Settings(name=name or path.name, author=_env_coder() or _user())
            (staging / SETTINGS).write_text(settings.to_yaml(), encoding="utf-8")
            project = cls(staging, settings, create_store(staging / DATABASE))
            try:
                fill(project)
            finally:
                project.close()
            if path.exists():
                path.rmdir()
            os.replace(staging, path)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return cls.open(path)

    @property
    def coder(self) -> str:
        """Who is coding: --coder (or the workbench), $QUALCODE_CODER, the `coder` setting
        when the user set one, the user name. The environment outranks the setting, so one
        shared project serves several coders."""
        return self._coder_override or _env_coder() or self.settings.coder or _user()

    @coder.setter
    def coder(self, name: str) -> None:
        self._coder_override = name

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _read_settings(path: Path) -> Settings:
    from qualcode.yamlfile import parse_yaml

    data = parse_yaml(path.read_text(encoding="utf-8"), path) or {}
    if not isinstance(data, dict):
        raise QualcodeError(f"{path}:1: settings must be 'key: value' lines")
    known = {"name", "author", "coder", "min_independent", "language"}
    try:
        min_independent = int(data.get("min_independent", 2))
    except (TypeError, ValueError):
        raise QualcodeError(
            f"{path}:{data.line_of('min_independent')}: min_independent must be a whole number"
        ) from None
    language = str(data.get("language") or "").strip()
    if language and language not in LANGUAGES:
        raise QualcodeError(f"{path}:{data.line_of('language')}: language must be "
                            f"{' or '.join(LANGUAGES)}, not {language!r}")
    return Settings(str(data.get("name") or ""), str(data.get("author") or ""),
                    str(data.get("coder") or "").strip(), min_independent,
                    {k: v for k, v in data.items() if k not in known}, language)


def _env_coder() -> str:
    return os.environ.get("QUALCODE_CODER", "").strip()


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "coder"
