"""The researcher's readings on the SQLite store: an indicator at a site set established or
not by judgement, with a written rationale (qualcode.analysis.rules), journaled and undoable.

One reading per site and indicator stands; recording another replaces it (the journal keeps
the one before, and undo brings it back). A reading is the team's judgement, not a coder's
private coding: anyone may replace or clear it, and the journal says who did.
"""

from __future__ import annotations

from collections.abc import Iterable

from qualcode.errors import QualcodeError
from qualcode.model import Reading
from qualcode.store import journal

_COLUMNS = ", ".join(journal.COLUMNS["readings"])


def _rationale(text: str, site: str, established: bool) -> str:
    said = " ".join(text.split())
    if not said:
        raise QualcodeError("a reading needs its rationale: say why the indicator is "
                            f"{'' if established else 'not '}established at {site}")
    return said


class ReadingActions:
    """Mixed into SQLiteStore (which has conn, transaction() and stamp())."""

    def readings(self) -> list[Reading]:
        return [Reading(site, code, bool(established), rationale, coder, at)
                for site, code, established, rationale, coder, at in self.conn.execute(
                    "SELECT s.name, r.code_id, r.established, r.rationale, r.coder,"
                    " r.created_at FROM readings r JOIN sites s ON s.id = r.site_id"
                    " ORDER BY s.name, r.code_id")]

    def set_reading(self, site: str, code: str, established: bool, rationale: str,
                    coder: str) -> Reading:
        rationale = _rationale(rationale, site, established)
        at = self.stamp()
        with self.transaction() as db:
            site_id, before = self._reading_row(db, site, code)
            version = journal.next_version(db)
            if before is None:
                cur = db.execute(
                    "INSERT INTO readings (site_id, code_id, established, rationale, coder,"
                    " created_at, version) VALUES (?,?,?,?,?,?,?)",
                    (site_id, code, int(established), rationale, coder, at, version))
                row_id = cur.lastrowid
            else:
                row_id = before["id"]
                db.execute("UPDATE readings SET established = ?, rationale = ?, coder = ?,"
                           " created_at = ?, version = ? WHERE id = ?",
                           (int(established), rationale, coder, at, version, row_id))
            word = "established" if established else "not established"
            journal.record(db, at, coder, "reading", f"read {code} at {site} as {word}",
                           [journal.change("readings", before,
                                           journal.read_row(db, "readings", row_id))])
        return Reading(site, code, established, rationale, coder, at)

    def add_readings(self, readings: Iterable[Reading]) -> None:
        with self.transaction() as db:
            self._insert_readings(db, readings)

    def _insert_readings(self, db, readings: Iterable[Reading]) -> None:
        """Store readings as an import does (checked; not journaled), in `db`'s transaction."""
        for r in readings:
            site_id, _ = self._reading_row(db, r.site, r.code)
            rationale = _rationale(r.rationale, r.site, r.established)
            db.execute("INSERT OR REPLACE INTO readings (site_id, code_id, established,"
                       " rationale, coder, created_at) VALUES (?,?,?,?,?,?)",
                       (site_id, r.code, int(r.established), rationale, r.coder,
                        r.created_at or self.stamp()))

    def clear_reading(self, site: str, code: str, coder: str) -> Reading:
        at = self.stamp()
        with self.transaction() as db:
            _, before = self._reading_row(db, site, code)
            if before is None:
                raise QualcodeError(f"no reading of {code} at {site} to clear")
            db.execute("DELETE FROM readings WHERE id = ?", (before["id"],))
            journal.record(db, at, coder, "reading", f"cleared the reading of {code} at {site}",
                           [journal.change("readings", before, None)])
        return Reading(site, code, bool(before["established"]), before["rationale"],
                       before["coder"], before["created_at"])

    @staticmethod
    def _reading_row(db, site: str, code: str) -> tuple[int, journal.Row | None]:
        """The site's id and the reading of `code` there (None), after checking that the
        site exists and the code is a framework's indicator."""
        found = db.execute("SELECT id FROM sites WHERE name = ?", (site,)).fetchone()
        if found is None:
            names = [n for (n,) in db.execute("SELECT name FROM sites ORDER BY name")]
            raise QualcodeError(f"no site '{site}' (sites: {', '.join(names) or 'none yet'})")
        kind = db.execute("SELECT b.kind FROM codes c JOIN codebooks b ON b.id = c.codebook_id"
                          " WHERE c.id = ?", (code,)).fetchone()
        if kind is None or kind[0] == "thematic":
            raise QualcodeError(f"'{code}' is not a framework's indicator (a reading sets an "
                                "indicator's status, e.g. vcoss/formal-agreement)")
        row = db.execute(f"SELECT {_COLUMNS} FROM readings WHERE site_id = ? AND code_id = ?",
                         (found[0], code)).fetchone()
        return found[0], (dict(zip(journal.COLUMNS["readings"], row, strict=True))
                          if row else None)
