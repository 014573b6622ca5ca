"""Build small hand-made evidence sets: sources whose turns carry exactly the codings wanted."""

from __future__ import annotations

from itertools import count

from qualcode.model import Informant, NewCoding, ParsedSource, Turn
from qualcode.store.project import Project

_names = count()


def add_source(project: Project, site: str, method: str,
               statements: list[tuple[str | None, str, str]], coder: str = "ana",
               name: str | None = None) -> str:
    """One source at `site`; each statement (speaker, code, stance) becomes a turn (or, with
    speaker None, a line of text outside any turn) coded with that code and stance."""
    name = name or f"src-{next(_names)}"
    lines, turns, codings = [], [], []
    pos = 0
    for i, (speaker, code, stance) in enumerate(statements):
        body = f"pernyataan nomor {i} tentang {code.split('/')[-1]}."
        line = f"{speaker}: {body}" if speaker else body
        if speaker:
            turns.append(Turn(pos, pos + len(line), speaker,
                              speaker.lower() in ("pewawancara", "moderator")))
        start = pos + len(line) - len(body)
        codings.append(NewCoding(name, start, start + len(body), code, stance, coder))
        lines.append(line)
        pos += len(line) + 1
    speakers = sorted({s for s, _, _ in statements if s and s.lower() not in
                       ("pewawancara", "moderator")})
    project.store.add_sources([ParsedSource(
        name=name, site=site, method=method, text="\n".join(lines) + "\n",
        informants=[Informant(s, organisation=f"org-{s}") for s in speakers], turns=turns)])
    project.store.add_codings(codings)
    return name


def support(project: Project, site: str, codes: list[str], informants=("A", "B"),
            method: str = "interview") -> None:
    """Each informant, in their own interview, supports every code."""
    for informant in informants:
        add_source(project, site, method, [(informant, c, "supports") for c in codes])
