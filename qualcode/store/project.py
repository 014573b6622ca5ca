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
from qualcode.model import THRESHOLD_LIMITS, threshold_problem
from qualcode.store import Store, create_store, open_store
from qualcode.yamlfile import LineDict, parse_yaml

SETTINGS = "qualcode.yaml"
DATABASE = "project.db"

# Written in place of a coder: a name here would outrank $QUALCODE_CODER for every coder.
_CODER_HINT = """\
# coder: NAME
#   Who is coding: --coder NAME on the command line, else $QUALCODE_CODER, else this
#   setting, else your user name. Leave it unset in a project several coders share.
"""
_AUTHOR_HINT = """\
# author: YOUR NAME
# institution: YOUR UNIVERSITY
#   Who wrote the study, named on the Word appendix's title page and in its properties;
#   unset: no one is named.
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
    # The verdicts' thresholds (qualcode.analysis.rules): threshold names for every framework,
    # or a framework id mapping to its own threshold names.
    thresholds: dict = field(default_factory=dict)
    # Extra terms an anonymised export masks (qualcode.reports.masking), each with what it
    # becomes: `anonymise: {terms: {Sukamaju: "[desa]"}}` or a plain list (each → "[…]").
    anonymise_terms: dict[str, str] = field(default_factory=dict)
    institution: str = ""  # on the appendix's title page

    def to_yaml(self) -> str:
        """The settings file; with no `coder` set, a comment says how to set one."""
        coder = {"coder": self.coder} if self.coder else {}
        language = {"language": self.language} if self.language else {}
        thresholds = {"thresholds": _plain(self.thresholds)} if self.thresholds else {}
        anonymise = ({"anonymise": {"terms": dict(self.anonymise_terms)}}
                     if self.anonymise_terms else {})
        people = {k: v for k, v in (("author", self.author),
                                     ("institution", self.institution)) if v}
        data = {"name": self.name, **people, **coder, **language,
                "min_independent": self.min_independent, **thresholds, **anonymise,
                **self.extra}
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        return (text + ("" if self.author else _AUTHOR_HINT)
                + ("" if self.coder else _CODER_HINT)
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
            settings = Settings(name=name or path.name)
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
    data = parse_yaml(path.read_text(encoding="utf-8"), path) or {}
    if not isinstance(data, dict):
        raise QualcodeError(f"{path}:1: settings must be 'key: value' lines")
    known = {"name", "author", "institution", "coder", "min_independent", "language",
             "thresholds", "anonymise", "anonymize"}
    problems: list[str] = []
    min_independent = data.get("min_independent", 2)
    problem = threshold_problem("min_independent", min_independent)
    if problem:
        problems.append(f"{path}:{data.line_of('min_independent')}: {problem}")
    thresholds = _thresholds(data, path, problems)
    terms = _anonymise(data, path, problems)
    language = str(data.get("language") or "").strip()
    if language and language not in LANGUAGES:
        problems.append(f"{path}:{data.line_of('language')}: language must be "
                        f"{' or '.join(LANGUAGES)}, not {language!r}")
    if problems:
        raise QualcodeError(*problems)
    return Settings(str(data.get("name") or ""), str(data.get("author") or ""),
                    str(data.get("coder") or "").strip(), min_independent,
                    {k: v for k, v in data.items() if k not in known}, language, thresholds,
                    terms, str(data.get("institution") or ""))


def _thresholds(data: LineDict, path: Path, problems: list[str]) -> dict:
    """The `thresholds:` mapping: threshold names (for every framework) or framework ids, each
    mapping to threshold names; one problem per bad value. A framework id is not checked
    against the codebooks (they are in the store)."""
    raw = data.get("thresholds")
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        problems.append(f"{path}:{data.line_of('thresholds')}: 'thresholds' must be a mapping "
                        f"of threshold names ({', '.join(THRESHOLD_LIMITS)}) or framework ids")
        return {}
    out: dict = {}
    for key, value in raw.items():
        where = f"{path}:{raw.line_of(key)}"
        if key in THRESHOLD_LIMITS:
            problem = threshold_problem(key, value)
            if problem:
                problems.append(f"{where}: {problem}")
            else:
                out[key] = value
        elif not isinstance(value, dict):
            problems.append(f"{where}: unknown threshold '{key}' (use: "
                            f"{', '.join(THRESHOLD_LIMITS)}; or a framework id with a "
                            f"mapping of its own thresholds)")
        else:
            for name, number in value.items():
                problem = threshold_problem(str(name), number)
                if problem:
                    problems.append(f"{path}:{value.line_of(name)}: {key}: {problem}")
            out[str(key)] = dict(value)
    return out


TERM = "[…]"  # what a term of a plain list becomes
_TERMS_EXAMPLE = 'e.g. anonymise: {terms: {Sukamaju: "[desa]"}} or anonymise: {terms: [Sukamaju]}'


def _anonymise(data: LineDict, path: Path, problems: list[str]) -> dict[str, str]:
    """The `anonymise:` setting's terms, each with what it becomes; one problem per bad
    entry, naming its line."""
    keys = [k for k in ("anonymise", "anonymize") if k in data]
    if not keys:
        return {}
    if len(keys) > 1:
        problems.append(f"{path}:{data.line_of(keys[1])}: 'anonymise' and 'anonymize' are one "
                        "setting; keep one")
        return {}
    raw = data[keys[0]]
    where = f"{path}:{data.line_of(keys[0])}"
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        problems.append(f"{where}: '{keys[0]}' must be a mapping with 'terms', {_TERMS_EXAMPLE}")
        return {}
    for key in raw:
        if key != "terms":
            problems.append(f"{path}:{raw.line_of(key)}: unknown {keys[0]} setting '{key}' "
                            f"(only 'terms', {_TERMS_EXAMPLE})")
    terms = raw.get("terms")
    where = f"{path}:{raw.line_of('terms')}"
    if terms is None:
        return {}
    if isinstance(terms, list):
        pairs = [(term, TERM, where) for term in terms]
    elif isinstance(terms, dict):
        pairs = [(term, TERM if shown is None else shown, f"{path}:{terms.line_of(term)}")
                 for term, shown in terms.items()]
    else:
        problems.append(f"{where}: 'terms' must be a list of terms or a mapping of each term "
                        f"to what it becomes, {_TERMS_EXAMPLE}")
        return {}
    out: dict[str, str] = {}
    seen: dict[str, str] = {}
    for term, shown, at in pairs:
        if not isinstance(term, str) or not term.strip() or "\n" in term:
            problems.append(f"{at}: a term to mask must be a text on one line, not {term!r}")
            continue
        if not isinstance(shown, str) or not shown.strip():
            problems.append(f"{at}: '{term}' must become a text, e.g. \"[desa]\" (or leave it "
                            f"empty for {TERM}), not {shown!r}")
            continue
        term = " ".join(term.split())
        if term.casefold() in seen:
            problems.append(f"{at}: '{term}' is listed twice ('{seen[term.casefold()]}'; terms "
                            "match in any case)")
            continue
        seen[term.casefold()] = term
        out[term] = shown.strip()
    return out


def _plain(value: object) -> object:
    """Plain dicts for yaml.safe_dump (parse_yaml gives LineDicts)."""
    return {k: _plain(v) for k, v in value.items()} if isinstance(value, dict) else value


def _env_coder() -> str:
    return os.environ.get("QUALCODE_CODER", "").strip()


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "coder"
