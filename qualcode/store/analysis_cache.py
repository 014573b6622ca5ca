"""What suggestions compute from texts and codings, kept between processes, so that they start
without loading spaCy or scikit-learn once the texts were analysed and the model fitted
(building a pipeline and importing scikit-learn take seconds; reading back takes
microseconds): a text's units, and the coefficients of a fitted logistic regression.

A SQLite file in the user's cache folder, keyed by a digest of what the value was computed
from (the language, the text and the spans analysed; the training data and parameters), under
a version that changes with spaCy, its lookup tables, scikit-learn and qualcode's own word
rules (nlp.RULES). It is only a cache: when it cannot be read or written the value is
computed again, and deleting the file loses nothing."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
from collections.abc import Callable, Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

Spans = Sequence[tuple[int, int]]
Units = list[tuple[int, int, tuple[str, ...], tuple[str, ...]]]


def cache_path() -> Path:
    """$QUALCODE_CACHE (a file), else analysis.sqlite in the user's cache folder."""
    from platformdirs import user_cache_dir

    if os.environ.get("QUALCODE_CACHE"):
        return Path(os.environ["QUALCODE_CACHE"])
    return Path(user_cache_dir("qualcode", appauthor=False)) / "analysis.sqlite"


def rules_version(rules: object) -> str:
    """A digest of what decides a text's units: spaCy's and its lookup tables' versions and
    qualcode's rules (`rules`, a value whose repr is stable)."""
    parts = []
    for package in ("spacy", "spacy-lookups-data", "scikit-learn"):
        try:
            parts.append(version(package))
        except PackageNotFoundError:
            parts.append("")
    return hashlib.blake2b(repr((parts, rules)).encode("utf-8"), digest_size=8).hexdigest()


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class AnalysisCache:
    """Values by (version, key); shared by threads and processes (SQLite's own locking),
    disabled for the process after any error."""

    def __init__(self, rules: object, path: Path | None = None) -> None:
        self.path = path  # None: cache_path(), found when first needed
        self.version = rules_version(rules)
        self._db: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self._broken = False

    def units(self, lang: str, text: str, spans: Spans, analyse: Callable[[], Units]) -> Units:
        """The stored units of `spans` of `text`, else `analyse()`'s, stored for next time."""
        key = "units:" + digest(json.dumps([lang, text, list(spans)]).encode("utf-8"))
        stored = self._read(key)
        if stored is not None:
            return [(s, e, tuple(terms), tuple(cues))
                    for s, e, terms, cues in json.loads(stored)]
        units = analyse()
        self._write(key, json.dumps(units, ensure_ascii=False).encode("utf-8"))
        return units

    def value(self, key: str, make: Callable[[], bytes]) -> bytes:
        """The bytes stored under `key` (a digest of what they are made from), else `make()`'s,
        stored for next time."""
        stored = self._read(key)
        if stored is None:
            stored = make()
            self._write(key, stored)
        return stored

    def _read(self, key: str) -> bytes | None:
        with self._lock:
            db = self._open()
            if db is None:
                return None
            try:
                row = db.execute("SELECT value FROM cache WHERE version = ? AND key = ?",
                                 (self.version, key)).fetchone()
            except sqlite3.Error:
                self._broken = True
                return None
        return None if row is None else bytes(row[0])

    def _write(self, key: str, value: bytes) -> None:
        with self._lock:
            db = self._open()
            if db is None:
                return
            try:
                with db:
                    db.execute("INSERT OR REPLACE INTO cache VALUES (?, ?, ?)",
                               (self.version, key, value))
            except sqlite3.Error:
                self._broken = True

    def _open(self) -> sqlite3.Connection | None:
        if self._db is not None or self._broken:
            return self._db
        try:
            self.path = self.path or cache_path()
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=5, check_same_thread=False)
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = OFF")  # a cache: losing the last write is harmless
            with db:
                db.execute("CREATE TABLE IF NOT EXISTS cache (version TEXT, key TEXT, "
                           "value BLOB, PRIMARY KEY (version, key))")
                db.execute("DELETE FROM cache WHERE version <> ?", (self.version,))
        except (sqlite3.Error, OSError):
            self._broken = True
            return None
        self._db = db
        return db
