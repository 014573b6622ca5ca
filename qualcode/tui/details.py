"""What the details pane says about the place under the cursor besides its codings: what
the code of the coding there means (also shown by the code picker), who speaks
there (an informant's role, organisation, sector, group and other attributes) and what the
source says about itself (a header block's fields; for a PDF, the page the cursor is on).

The lines are Rich markup, every value escaped: a value such as `[catatan]` shows as written.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping

from rich.markup import escape

from qualcode.model import Code, Informant, Turn
from qualcode.tui.i18n import language, marked, tr

PAGES = "pages"  # a PDF's [[page, offset], ...] in a source's metadata

# The project's own fixed words that the workbench shows as they are stored: methods,
# stances, origins of codings and kinds of codebook (`word` translates them).
WORDS = (marked("interview"), marked("fgd"), marked("observation"), marked("document"),
         marked("supports"), marked("contradicts"),
         marked("human"), marked("suggestion"), marked("import"),
         marked("nominal"), marked("ordinal"), marked("thematic"))


def word(value: str) -> str:
    """One of the project's fixed words (WORDS) in the interface language; any other value
    as it is."""
    return tr(value) if value in WORDS else value


def speaker_lines(turn: Turn | None, informants: Mapping[str, Informant]) -> list[str]:
    """The speaker of the turn under the cursor and what the project knows of them."""
    if turn is None:
        return []
    label = escape(turn.speaker)
    if turn.is_researcher:
        return [tr("[b]{speaker}[/b] (researcher)", speaker=label)]
    informant = informants.get(turn.speaker)
    described = informant.described() if informant is not None else {}
    if not described:
        return [tr("[b]{speaker}[/b] (informant; no attributes yet)", speaker=label)]
    return [tr("[b]{speaker}[/b] (informant)", speaker=label),
            *(f"{escape(name)}: {escape(value)}" for name, value in described.items())]


def source_lines(metadata: Mapping[str, object], offset: int) -> list[str]:
    """The source's own fields (a header block's `Hari/Tanggal`, `Lokasi`, ...) and, for a
    document with page starts, the page at `offset`."""
    lines = []
    for key, value in metadata.items():
        if key == PAGES:
            page = page_at(value, offset)
            if page is not None:
                lines.append(tr("page {page} of {pages}", page=page, pages=len(value))
                             if len(value) > 1 else tr("page {page}", page=page))
            continue
        if isinstance(value, list | tuple):
            value = ", ".join(map(str, value))
        lines.append(f"{escape(str(key))}: {escape(str(value))}")
    return lines


def page_at(pages: object, offset: int) -> object | None:
    """The page whose text holds `offset`, from [[page, start offset], ...] in text order;
    None when the list is not that."""
    try:
        starts = [int(start) for _, start in pages]  # type: ignore[union-attr]
        names = [page for page, _ in pages]  # type: ignore[union-attr]
    except (TypeError, ValueError):
        return None
    if not starts:
        return None
    return names[max(0, bisect_right(starts, offset) - 1)]


def in_language(texts: Mapping[str, object], language: str) -> object:
    """The text in `language`, else in the other language ('' when there is none)."""
    if texts.get(language):
        return texts[language]
    return next((value for value in texts.values() if value), "")


def label_of(code: Code) -> str:
    """The code's label in the interface language, else in the other ('' without one)."""
    return str(in_language(code.label, language()))


def code_lines(code: Code, language: str = "id", examples: int = 1) -> list[str]:
    """What a coder needs to know of a code while coding with it: its definition, when to
    code it and when not, and `examples` example(s); in the source's `language` where the
    codebook has it, else in the other. Empty when the codebook says nothing of the code."""
    lines = []
    for head, texts in (("", code.definition), (marked("include: "), code.include),
                        (marked("exclude: "), code.exclude)):
        said = " ".join(str(in_language(texts, language)).split())
        if said:
            lines.append(f"[b]{tr(head)}[/b]{escape(said)}" if head else escape(said))
    found = in_language(code.examples, language)
    for example in (found if isinstance(found, list) else [])[:examples]:
        lines.append(tr("[i]e.g.[/i] “{example}”",
                        example=escape(" ".join(str(example).split()))))
    return lines
