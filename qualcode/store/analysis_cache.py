"""The analysis of texts kept between processes, so that suggestions start without loading
spaCy once every text has been analysed (building a pipeline takes seconds; reading a text's
units back takes microseconds).

A SQLite file in the user's cache folder, keyed by a digest of the language, the text and the
spans analysed, under a version that changes with spaCy, its lookup tables and qualcode's own
word rules (nlp.RULES). It is only a cache: when it cannot be read or written the text is
analysed again, and deleting the file loses nothing."""

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
    for package in ("spacy", "spacy-lookups-data"):
        try:
            parts.append(version(package))
        except PackageNotFoundError:
            parts.append("")
    return hashlib.blake2b(repr((parts, rules)).encode("utf-8"), digest_size=8).hexdigest()


class AnalysisCache:
    """Units by (version, digest of language, text and spans); shared by threads and
    processes (SQLite's own locking), disabled for the process after any error."""

    def __init__(self, rules: object, path: Path | None = None) -> None:
        self.path = path  # None: cache_path(), found when first needed
        self.version = rules_version(rules)
        self._db: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self._broken = False

    def units(self, lang: str, text: str, spans: Spans, analyse: Callable[[], Units]) -> Units:
        """The stored units of `spans` of `text`, else `analyse()`'s, stored for next time."""
        digest = hashlib.blake2b(json.dumps([lang, text, list(spans)]).encode("utf-8"),
                                 digest_size=16).hexdigest()
        found = self._read(digest)
        if found is not None:
            return found
        units = analyse()
        self._write(digest, units)
        return units

    def _read(self, digest: str) -> Units | None:
        with self._lock:
            db = self._open()
            if db is None:
                return None
            try:
                row = db.execute("SELECT units FROM analysis WHERE version = ? AND key = ?",
                                 (self.version, digest)).fetchone()
            except sqlite3.Error:
                self._broken = True
                return None
        if row is None:
            return None
        return [(s, e, tuple(terms), tuple(cues)) for s, e, terms, cues in json.loads(row[0])]

    def _write(self, digest: str, units: Units) -> None:
        with self._lock:
            db = self._open()
            if db is None:
                return
            try:
                with db:
                    db.execute("INSERT OR REPLACE INTO analysis VALUES (?, ?, ?)",
                               (self.version, digest, json.dumps(units, ensure_ascii=False)))
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
                db.execute("CREATE TABLE IF NOT EXISTS analysis (version TEXT, key TEXT, "
                           "units TEXT, PRIMARY KEY (version, key))")
                db.execute("DELETE FROM analysis WHERE version <> ?", (self.version,))
        except (sqlite3.Error, OSError):
            self._broken = True
            return None
        self._db = db
        return db
