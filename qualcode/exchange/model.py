"""What qualcode's objects are in REFI-QDA (QDA-XML 1.0): their GUIDs, the variables and the
markers that the export writes and the import reads back (docs/refi.md)."""

from __future__ import annotations

import hashlib
import re
import unicodedata
import uuid
from datetime import UTC, datetime
from functools import lru_cache

from qualcode.store import Store

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"

# Codebooks, codes and framework categories mean the same in every qualcode project (the bundled
# frameworks are shared), so their GUIDs come from one fixed namespace; sources, codings, cases,
# users and notes from the project's own namespace, kept in the store.
SHARED_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://qualcode.invalid/refi-qda")
SHARED_KINDS = frozenset({"codebook", "code", "category"})

SOURCE_VARIABLES = {
    "site": "the case site",
    "method": "how the source was collected: interview, fgd, observation or document",
    "language": "language of the source: id or en",
    "date": "date of the interview, discussion, observation or document",
    "title": "title of the source",
    "researchers": "speaker labels that are the researcher (besides Pewawancara, Moderator, ...)",
}
INFORMANT_VARIABLES = {
    "site": "the case site",
    "informant": "the informant's speaker label in the transcripts",
    "role": "the informant's role",
    "organisation": "the informant's organisation",
    "sector": "the informant's sector (health, non-health, community, ...)",
    "group": "informant group: key, main, supporting or triangulation",
}
VERDICT_PREFIX = "verdict: "  # variables and notes qualcode computes; never imported back
READING_PREFIX = "reading: "  # a note (linked to a site's case) holding a researcher's reading
READ_AS = {"established": True, "not established": False}  # its text's first line
CONTRADICTS = "[contradicts]"  # opens the Description of a selection coded against its code
IMPORT_PREFIX = "refi-"  # thematic codebooks that hold the codes an import brought
_CANONICAL = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\Z")


class Guids:
    """The GUID of each exported object: the one an import recorded, else one derived from the
    object's identity, so that every export of a project names an object the same."""

    def __init__(self, stored: dict[tuple[str, str], str]) -> None:
        self.known = dict(stored)  # recorded GUIDs, and derived ones once asked for
        self.shared = hashlib.sha1(SHARED_NAMESPACE.bytes)
        self.own = hashlib.sha1(uuid.UUID(stored["project", ""]).bytes)

    def __call__(self, kind: str, key: str) -> str:
        guid = self.known.get((kind, key))
        if guid is None:
            guid = self.known[kind, key] = _uuid5(
                self.shared if kind in SHARED_KINDS else self.own, f"{kind}:{key}")
        return guid


def _uuid5(namespace: hashlib._Hash, name: str) -> str:
    """uuid.uuid5(namespace, name) as a string, from the namespace's hash state (fast: an
    export derives a few GUIDs per coding)."""
    digest = namespace.copy()
    digest.update(name.encode("utf-8"))
    raw = bytearray(digest.digest()[:16])
    raw[6] = (raw[6] & 0x0F) | 0x50
    raw[8] = (raw[8] & 0x3F) | 0x80
    h = raw.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def project_guids(store: Store) -> tuple[Guids, list[tuple[str, str, str]]]:
    """The project's GUIDs, and the row that records its namespace if it has none yet."""
    stored = store.refi_guids()
    new = []
    if ("project", "") not in stored:
        new = [("project", "", str(uuid.uuid4()))]
        stored["project", ""] = new[0][2]
    return Guids(stored), new


def canonical(guid: str | None) -> str | None:
    """A GUID as qualcode compares and stores it (lower case, no braces); None if it is not
    one."""
    if not guid:
        return None
    plain = guid.strip().strip("{}").lower()
    if _CANONICAL.match(plain):
        return plain
    try:
        return str(uuid.UUID(guid.strip()))
    except ValueError:
        return None


def slug(name: str) -> str:
    """A local code id (lower-case words joined by hyphens) from a code's name."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60].strip("-") or "code"


def label(texts: dict[str, str], lang: str) -> str:
    return texts.get(lang) or texts.get("en") or next(iter(texts.values()), "")


@lru_cache(maxsize=4096)
def stamp(value: str | None) -> str | None:
    """An xsd:dateTime in UTC, to the second, from an ISO date-time (None if it is not one)."""
    try:
        moment = datetime.fromisoformat((value or "").strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds")
